"""Per-version JSON shapes of the inventory (organizations, tenant objects, backed-up data, repositories,
proxies, licence, health, sync state).

Key order follows the OpenAPI documents' property order (v6-v8) and the Help Center examples (v5
UserData).  Non-nullable properties that have no value are omitted rather than sent as null, so the
answers validate; nullable ones are sent as null.  v5/v6 backed-up data omit null backup times, as
the Help Center examples of those versions show (README "Choices").
"""

from .clock import TICKS_PER_SECOND, format_iso
from .inventory import DAY, HEALTH_ENTRIES, LICENSE_WINDOW_DAYS, USER_TYPES, derived_id, switch_for
from .render import _links, _unknown_value, iso

YEAR_1 = "0001-01-01T00:00:00Z"
YEAR_9999 = "9999-12-31T23:59:59.9999999Z"
_SKU = {"skuId": "6fd2c87f-b296-42f0-b197-1e91e994b900", "skuPartNumber": "ENTERPRISEPACK", "detectedSkuType": "Other"}

_RETENTION = ("retentionType", "retentionPeriodType", "dailyRetentionPeriod", "monthlyRetentionPeriod",
              "yearlyRetentionPeriod", "retentionFrequencyType", "dailyTime", "dailyType", "monthlyTime",
              "monthlyDaynumber", "monthlyDayofweek")
_NOT_NULLABLE = ("dailyTime", "monthlyTime")

# Fields the `nulls` switch sets to null (the documents do not mark them nullable), per resource.
NULLED = {
    "organization": ("name", "officeName"),
    "User": ("displayName", "name", "locationType"),
    "Group": ("displayName", "locationType"),
    "Site": ("title", "isPersonal"),
    "PersonalSite": ("title", "isPersonal"),
    "Team": ("displayName", "mail"),
    "UserData": ("isMailboxBackedUp", "isOneDriveBackedUp", "isArchiveBackedUp", "isPersonalSiteBackedUp",
                 "displayName", "email", "accountType"),
    "GroupData": ("isMailboxBackedUp", "isSiteBackedUp", "displayName", "email"),
    "SiteData": ("title", "url"),
    "TeamData": ("displayName",),
    "repository": ("name", "isOutOfSync", "isOutdated", "isIndexed", "isOutOfOrder"),
    "proxy": ("hostName", "status", "maintenanceModeState"),
    "license": ("status", "type", "totalNumber", "usedNumber", "newNumber"),
    "licensedUser": ("name", "isBackedUp", "lastBackupDate", "licenseState"),
    "usage": ("isAvailable",),
    "syncState": ("status",),
    "health": ("status",),
}
# Enum fields the `unknown_enums` switch replaces by an unknown value, per resource.
ENUMS = {
    "organization": ("type", "region"),
    "User": ("type", "locationType"),
    "Group": ("type", "locationType"),
    "UserData": ("itemType", "accountType"),
    "GroupData": ("itemType",),
    "SiteData": ("itemType",),
    "TeamData": ("itemType",),
    "repository": ("retentionType",),
    "proxy": ("status", "maintenanceModeState"),
    "license": ("status", "type"),
    "licensedUser": ("licenseState",),
    "syncState": ("type", "status"),
    "health": ("status",),
}


class View:
    """What an inventory answer needs: version, switches, the clock and the inventory."""

    def __init__(self, sim, req):
        self.ctx = sim.context(req)
        self.version = req.version
        self.config = sim.config
        self.inventory = sim.inventory
        self.state = sim.inventory_state
        self.start = sim.clock.start
        self.now = sim.clock.now()

    # -- switches
    def tenant(self, tenant):
        return switch_for(self.config, "tenants", tenant.id)

    def shift(self, tenant):
        """Ticks the stale switch moves a tenant's backup times into the past."""
        days = self.tenant(tenant).get("stale_days")
        return round(days * DAY * TICKS_PER_SECOND) if days else 0

    def when(self, tenant, offset):
        """Absolute ticks of a backup time (an offset from the clock's start), or None."""
        return None if offset is None else self.start + offset - self.shift(tenant)

    def proxy(self, proxy_id):
        return switch_for(self.config, "proxies", proxy_id)

    def proxy_offline(self, proxy_id):
        return bool(self.proxy(proxy_id).get("offline"))

    def repository(self, repository):
        return switch_for(self.config, "repositories", repository.id)

    def data_unavailable(self, repository):
        """Backed-up data is read through the repository's proxy: offline proxy, or the switch."""
        return self.proxy_offline(repository.proxy_id) or bool(self.repository(repository).get("data_proxy_offline"))

    def relative(self, seconds):
        return self.start + round(seconds * TICKS_PER_SECOND)

    # -- tolerance switches
    def tolerate(self, kind, out):
        config = self.config
        if config["unknown_enums"]:
            for name in ENUMS.get(kind, ()):
                if out.get(name) is not None:
                    out[name] = _unknown_value(config)
        if config["nulls"]:
            for name in NULLED.get(kind, ()):
                if name in out:
                    out[name] = None
        if config["numeric_strings"] and kind in ("repository", "license", "usage"):
            _stringify(out)
        return out


def _stringify(out):
    """numeric_strings: byte counts and licence numbers as strings, as some tools coerce them."""
    for name, value in out.items():
        numeric = isinstance(value, int) and not isinstance(value, bool)
        if numeric and (name.endswith("Bytes") or name.endswith("Number")):
            out[name] = str(value)
        elif isinstance(value, dict) and name == "objectStorage":
            _stringify(value)


# ---------------------------------------------------------------- organizations

def _connection(tenant):
    return {"useApplicationOnlyAuth": True, "officeOrganizationName": tenant.name, "grantAdminAccess": False,
            "useMfa": False, "useCustomVeeamAADApplication": True, "applicationId": tenant.application_id,
            "applicationCertificateThumbprint": tenant.application_id.replace("-", "").upper()[:40]}


def organization(view, tenant, extended):
    """RestOrganizationComposed (an Office365 organization).  isBackedup, firstBackuptime and
    lastBackuptime only with extendedView=true and the organization's proxy online (SPEC7/8 text)."""
    version = view.version
    org_path = "Organizations/%s" % tenant.id
    out = {"isTeamsOnline": True, "isTeamsChatsOnline": False, "exchangeOnlineSettings": _connection(tenant),
           "sharePointOnlineSettings": dict(_connection(tenant), sharePointSaveAllWebParts=False),
           "isExchangeOnline": True, "isSharePointOnline": True, "type": "Office365", "region": tenant.region,
           "id": tenant.id, "name": tenant.name, "officeName": tenant.office_name}
    if version >= 7:
        out["description"] = tenant.description
    if extended and not (tenant.proxy_id and view.proxy_offline(tenant.proxy_id)):
        out["isBackedup"] = tenant.newest is not None
        out["firstBackuptime"] = iso(view.when(tenant, tenant.oldest))
        out["lastBackuptime"] = iso(view.when(tenant, tenant.newest))
    if version >= 8:
        out["msid"] = tenant.msid
        out["backedUpOrganizationId"] = tenant.backed_up_id()
    links = dict(self=org_path, jobs=org_path + "/Jobs", usedRepositories=org_path + "/usedRepositories",
                 users=org_path + "/Users", groups=org_path + "/Groups", sites=org_path + "/Sites",
                 teams=org_path + "/Teams")
    if version >= 7:
        links["syncState"] = org_path + "/SyncState"
    out["_links"] = _links(view.ctx, **links)
    return view.tolerate("organization", out)


def used_repository(view, tenant, repository, usage):
    """RESTOrganizationStorageSpaceUsage: one repository holding the organization's data."""
    used, count = usage
    unavailable = view.data_unavailable(repository)
    out = {}
    if view.version >= 8:
        out["repositoryId"] = repository.id
    if repository.object_storage:
        cache = used // 100
        out.update(usedSpaceBytes=used + cache, localCacheUsedSpaceBytes=cache, objectStorageUsedSpaceBytes=used)
    else:
        out.update(usedSpaceBytes=used, localCacheUsedSpaceBytes=None, objectStorageUsedSpaceBytes=None)
    out["isAvailable"] = not unavailable
    if unavailable:
        host = view.inventory.proxies[repository.proxy_id].host_name
        out["details"] = "The backup proxy server %s is offline." % host
    if view.version >= 8:
        out["protectedObjectsCount"] = count
    out["_links"] = _links(view.ctx, backupRepository="BackupRepositories/%s" % repository.id,
                           organization="Organizations/%s" % tenant.id)
    return view.tolerate("usage", out)


def sync_state(view, tenant):
    """RESTOrganizationSyncState: v7 {type, status, lastSyncTime, error}; v8 lastSyncState/currentSyncState."""
    failed = view.tenant(tenant).get("sync_failed")
    error = None
    if failed:
        error = failed if isinstance(failed, str) else (
            "Failed to synchronize organization objects: The remote server returned an error: (401) Unauthorized.")
    resynced = view.state.resynced.get(tenant.id)
    if resynced is not None:
        sync_type, end = "Incremental", resynced
        started = end - 5 * TICKS_PER_SECOND
    else:
        sync_type, end = tenant.sync["type"], view.relative(-tenant.sync["ago"])
        started = end - round(tenant.sync["seconds"] * TICKS_PER_SECOND)
    links = _links(view.ctx, organization="Organizations/%s" % tenant.id)
    if view.version == 7:
        out = {"type": sync_type, "status": "Error" if error else "Success", "lastSyncTime": iso(end),
               "error": error, "_links": links}
        return view.tolerate("syncState", out)
    out = {"organizationId": tenant.id,
           "lastSyncState": {"type": sync_type, "result": "Error" if error else "Success", "startTime": iso(started),
                             "endTime": iso(end), "error": error}}
    current = tenant.current_sync
    if current:
        out["currentSyncState"] = {"type": current["type"], "scheduledTime": None,
                                   "startTime": iso(view.relative(-current["startedAgo"])), "status": current["status"]}
    out["_links"] = links
    if view.config["unknown_enums"]:
        out["lastSyncState"]["result"] = _unknown_value(view.config)
    if view.config["nulls"]:
        out["lastSyncState"] = None
    return out


# ---------------------------------------------------------------- tenant listings

def tenant_object(view, tenant, obj):
    """RESTUser, RESTGroup, RESTSite (also a personal site) or RESTTeam of a tenant listing."""
    version = view.version
    base = "Organizations/%s" % tenant.id
    if obj.kind == "PersonalSite":
        return _personal_site(view, tenant, obj.user)
    out = {"id": obj.tenant_id()}
    if version >= 8:
        out["eTag"] = 1 + obj.index
    if obj.kind == "User":
        out.update(displayName=obj.display_name, name=obj.address, type=obj.user_type, locationType="Cloud")
        if version >= 8:
            out["assignedLicenses"] = [dict(_SKU)] if obj.user_type == "User" else []
        path = "Users"
    elif obj.kind == "Group":
        out.update(displayName=obj.display_name, name=obj.address)
        if obj.group_site:
            out["site"] = obj.group_site_url()
        elif version >= 8:
            out["site"] = None
        out.update(type=obj.group_type, locationType="Cloud")
        path = "Groups"
    elif obj.kind == "Site":
        out.update(url=obj.address, name=obj.display_name, isCloud=True, isPersonal=False, title=obj.display_name,
                   isAvailable=True)
        path = "Sites"
    else:
        out.update(displayName=obj.display_name, description=obj.description, mail=obj.address)
        path = "Teams"
    if version >= 8:
        out["msid"] = obj.msid
        out["dataLocation"] = None
    out["_links"] = _links(view.ctx, self="%s/%s/%s" % (base, path, out["id"]), organization=base)
    return view.tolerate(obj.kind, out)


def _personal_site(view, tenant, user):
    url = user.onedrive_url()
    out = {"id": "%s-my.sharepoint.com,%s,%s" % (tenant.prefix, user.msid, user.msid)}
    if view.version >= 8:
        out["eTag"] = 1 + user.index
    out.update(url=url, name=user.display_name, isCloud=True, isPersonal=True, title=user.display_name,
               isAvailable=True)
    if view.version >= 8:
        out["msid"] = user.msid
        out["dataLocation"] = None
    out["_links"] = _links(view.ctx, organization="Organizations/%s" % tenant.id)
    return view.tolerate("PersonalSite", out)


# ---------------------------------------------------------------- backed-up data

def _times(view, tenant, names, times, out):
    """Backup times: v7/v8 send null for never; v5/v6 omit the property (Help Center examples)."""
    for name, offset in zip(names, times):
        value = iso(view.when(tenant, offset))
        if value is not None or view.version >= 7:
            out[name] = value


def backup_entry(view, entry):
    """RESTBackupUserData / GroupData / SiteData / TeamData of one object in one repository."""
    obj, repository = entry.obj, entry.repository
    tenant = obj.tenant
    version = view.version
    kind = obj.kind
    head = {}
    if kind in ("Site", "Team"):
        head["id"] = None     # placeholder: sites and teams have id first (SPEC6-8 order), set below
    if version == 7:
        head["isDeleted"] = obj.deleted
    if version >= 7:
        head["itemType"] = kind
        head["repositoryId"] = repository.id
    if version == 7:
        head["proxyId"] = repository.proxy_id
    out = dict(head)
    if kind == "User":
        _times(view, tenant, ("mailboxBackedUpTime", "archiveBackedUpTime", "oneDriveBackedUpTime",
                              "personalSiteBackedUpTime"), entry.times, out)
        mailbox, archive, onedrive, personal = (value is not None for value in entry.times)
        out.update(isMailboxBackedUp=mailbox, isOneDriveBackedUp=onedrive, isArchiveBackedUp=archive,
                   isPersonalSiteBackedUp=personal, accountType=USER_TYPES[obj.user_type],
                   archiveName=obj.archive_name, id=obj.backup_id(), accountId=obj.account_id(),
                   displayName=obj.display_name, email=obj.address,
                   oneDriveUrl=[obj.onedrive_url() + "/Documents"] if obj.onedrive else [],
                   personalSiteUrl=[obj.onedrive_url()] if obj.onedrive else [])
        label, self_id = "UserData", obj.account_id()
    elif kind == "Group":
        out.update(isMailboxBackedUp=entry.times[0] is not None, isSiteBackedUp=entry.times[1] is not None)
        _times(view, tenant, ("mailboxBackedUpTime", "siteBackedUpTime"), entry.times, out)
        out.update(id=obj.backup_id(), accountId=obj.account_id(), displayName=obj.display_name, email=obj.address,
                   groupSiteUrl=[obj.group_site_url()] if obj.group_site else [])
        label, self_id = "GroupData", obj.account_id()
    elif kind == "Site":
        out["id"] = obj.backup_id()
        out.update(title=obj.display_name, url=obj.address)
        _times(view, tenant, ("backedUpTime",), entry.times, out)
        label, self_id = "SiteData", obj.msid
    else:
        out["id"] = obj.backup_id()
        out["displayName"] = obj.display_name
        _times(view, tenant, ("backedUpTime",), entry.times, out)
        label, self_id = "TeamData", obj.msid
    if version >= 7:
        out["organizationId"] = None if tenant.removed else tenant.id
        out["backedUpOrganizationId"] = tenant.backed_up_id()
    else:
        out["organizationId"] = tenant.backed_up_id()
    if version >= 8 and kind in ("Site", "Team"):
        out["msid"] = obj.msid
    repo_path = "BackupRepositories/%s" % repository.id
    links = {"self": "%s/%s/%s" % (repo_path, label, self_id), "backupRepository": repo_path}
    if not tenant.removed:
        links["organization"] = "Organizations/%s" % tenant.id
    out["_links"] = _links(view.ctx, **links)
    if version <= 6:
        # SPEC6 requires itemType and repositoryId without declaring them; v5 (Help Center) has neither.
        if version == 6:
            out["itemType"] = kind
            out["repositoryId"] = repository.id
    return view.tolerate(label, out)


# ---------------------------------------------------------------- repositories

def _object_storage(view, repository, settings):
    """RESTObjectStorageComposed (v8): used space, size limit, free space (only with a limit), immutability."""
    spec = repository.object_storage
    limit = spec.get("sizeLimitGB")
    used = settings.get("used_space_bytes", sum(usage[0] for usage in repository.usage.values()))
    if settings.get("full") and limit:
        used = limit * 2**30 - limit * 2**30 // 200
    out = {}
    if spec["type"] in ("AmazonS3", "AmazonS3Glacier"):
        out["s3Folder"] = spec.get("folder", "")
    out.update(id=spec["id"], accountId=spec.get("accountId"), sizeLimitEnabled=limit is not None,
               sizeLimitGB=limit, usedSpaceBytes=used)
    if limit is not None:
        out["freeSpaceBytes"] = limit * 2**30 - used
    out.update(enableImmutability=spec.get("enableImmutability", False), enableImmutabilityGovernanceMode=False,
               immutabilityPeriodDays=spec.get("immutabilityPeriodDays"), type=spec["type"])
    out["_links"] = _links(view.ctx, self="ObjectStorageRepositories/%s" % spec["id"])
    if spec["type"] in ("AmazonS3", "AmazonS3Glacier"):
        out["amazonBucketS3Aws"] = {"regionType": "Global", "regionName": spec.get("regionName", ""),
                                    "regionId": spec.get("regionId", ""), "name": spec["bucket"]}
    elif spec["type"] in ("AzureBlob", "AzureBlobArchive"):
        out["azureContainer"] = {"name": spec["container"], "regionType": "Global"}
        out["azureFolder"] = spec.get("folder", "")
    return out


def repository(view, repo):
    """RESTBackupRepository: v6/v7 capacity/free of the volume (the cache's for object storage);
    v8 capacity/free of JET repositories only, object storage in the objectStorage block."""
    version = view.version
    spec = repo.spec
    settings = view.repository(repo)
    capacity = settings.get("capacity_bytes", spec.get("capacityBytes"))
    free = settings.get("free_space_bytes", spec.get("freeSpaceBytes"))
    if settings.get("full") and capacity is not None and "free_space_bytes" not in settings:
        free = capacity // 200
    object_storage = repo.object_storage
    missing = bool(settings.get("missing_object_storage"))
    out = {}
    if version <= 7:
        out["objectStorageId"] = object_storage["id"] if object_storage and not missing else None
        if object_storage:
            out["objectStorageCachePath"] = spec["path"]
    out["objectStorageEncryptionEnabled"] = bool(object_storage.get("encryption")) if object_storage else None
    out["encryptionKeyId"] = spec.get("encryptionKeyId")
    if version <= 7:
        out["isOutOfSync"] = bool(settings.get("out_of_sync"))
    if version >= 8 and object_storage:
        out.update(capacityBytes=None, freeSpaceBytes=None)
    else:
        out.update(capacityBytes=capacity, freeSpaceBytes=free)
    out.update(id=repo.id, name=repo.name, description=spec.get("description", ""), path=spec["path"])
    retention = spec.get("retention", {})
    for name in _RETENTION:
        if name in retention:
            out[name] = retention[name]
        elif name not in _NOT_NULLABLE:
            out[name] = None
    out["proxyId"] = repo.proxy_id
    if version >= 8:
        out["proxyPoolId"] = None
        out["organizationId"] = repo.organization_id
    out["isLongTerm"] = repo.long_term
    if version >= 8:
        out_of_order = settings.get("out_of_order")
        if out_of_order is True:
            out_of_order = "The backup repository is unavailable: the repository database is corrupted."
        out.update(isOutdated=bool(settings.get("outdated")), isOutOfSync=bool(settings.get("out_of_sync")),
                   isIndexed=True, isMigrationLocked=False, isOutOfOrder=bool(out_of_order),
                   outOfOrderReason=out_of_order or None)
    links = {"self": "BackupRepositories/%s" % repo.id, "proxy": "Proxies/%s" % repo.proxy_id}
    if object_storage:
        links["objectStorage"] = "ObjectStorageRepositories/%s" % object_storage["id"]
    out["_links"] = _links(view.ctx, **links)
    if version >= 8 and object_storage and not missing:
        out["objectStorage"] = _object_storage(view, repo, settings)
    return view.tolerate("repository", out)


# ---------------------------------------------------------------- proxies

def proxy(view, item, extended=True):
    """RESTProxy.  v6/v7 without threadsNumber/throttlingValue/throttlingUnit unless extendedView=true
    and the proxy is online (SPEC7 text); v8 status, maintenance mode, CPU and memory use."""
    version = view.version
    spec = item.spec
    settings = view.proxy(item.id)
    offline = bool(settings.get("offline"))
    throttled = spec.get("enableNetworkThrottling", False)
    out = {"type": spec["type"], "useInternetProxy": False, "internetProxyType": None}
    if version >= 8:
        out["operatingSystem"] = spec.get("operatingSystem", "Windows")
    out["id"] = item.id
    if version >= 8:
        out["proxyPoolId"] = None
    out["hostName"] = item.host_name
    if version >= 7:
        out["fqdn"] = spec.get("fqdn", item.host_name)
    out.update(description=spec.get("description", ""), port=spec.get("port", 9193))
    details = version >= 8 or (extended and not offline)
    if details and version <= 7:
        out["threadsNumber"] = spec.get("threadsNumber", 64)
    out["enableNetworkThrottling"] = throttled
    if details:
        out["throttlingValue"] = spec.get("throttlingValue") if throttled else None
        out["throttlingUnit"] = spec.get("throttlingUnit") if throttled else None
    out["status"] = "Offline" if offline else "Online"
    if version >= 8:
        out["maintenanceModeState"] = settings.get("maintenance", "Disabled")
        out["cpuUsagePercent"] = None if offline else settings.get("cpu_percent", spec.get("cpuUsagePercent"))
        out["memoryUsagePercent"] = None if offline else settings.get("memory_percent", spec.get("memoryUsagePercent"))
        out["version"] = spec.get("version")
        out["serviceAccount"] = spec.get("serviceAccount")
        out["role"] = list(spec.get("role", ["Processor"]))
    out["_links"] = _links(view.ctx, self="Proxies/%s" % item.id)
    return view.tolerate("proxy", out)


# ---------------------------------------------------------------- licence

def licensed_users(view):
    """[[user, newest backup (ticks), licence state]] in listing order: users with a restore point in the last 31 days
    (reference: units are revoked after 31 days without one); the exceeded switch marks the last N."""
    window = LICENSE_WINDOW_DAYS * DAY * TICKS_PER_SECOND
    result = []
    for user in view.inventory.licensed:
        newest = view.when(user.tenant, user.newest)
        if view.now - newest <= window:
            result.append([user, newest, user.license_state])
    exceeded = view.config["license"].get("exceeded", 0)
    if exceeded:
        for row in result[-exceeded:]:
            row[2] = "Exceeded"
    return result


def license_info(view, rows):
    """RESTLicense: v6 expirationDate/supportExpirationDate; v7/v8 licenseExpires/gracePeriodExpires/package."""
    spec = view.inventory.license
    switch = view.config["license"]
    if switch.get("grace"):
        expires_days = -3
    else:
        expires_days = switch.get("expires_in_days", spec.get("expiresInDays", 365))
    expires = view.relative(expires_days * DAY)
    grace = expires + spec.get("gracePeriodDays", 30) * DAY * TICKS_PER_SECOND
    support = view.relative(spec.get("supportExpiresInDays", 365) * DAY)
    dates = switch.get("dates")
    if dates:
        text = YEAR_1 if dates == "year1" else YEAR_9999
        expires_text = grace_text = support_text = text
        status = "Expired" if dates == "year1" else "Valid"
    else:
        expires_text, grace_text, support_text = format_iso(expires), format_iso(grace), format_iso(support)
        status = "Valid" if view.now < expires else "Expired"
    used = len(rows)
    total = spec.get("totalNumber", used)
    if switch.get("exceeded"):
        total = used - switch["exceeded"]
    new = sum(1 for row in rows if row[2] == "New")
    out = {"licenseID": spec.get("licenseID"), "email": spec.get("email", ""), "status": status}
    if view.version == 6:
        out["expirationDate"] = expires_text
    else:
        out.update(licenseExpires=expires_text, gracePeriodExpires=grace_text)
    out["type"] = spec.get("type", "Subscription")
    if view.version >= 7:
        out["package"] = spec.get("package", "")
    out["licensedTo"] = spec.get("licensedTo", "")
    if view.version == 6:
        out["contactPerson"] = spec.get("contactPerson", "")
    out.update(totalNumber=total, usedNumber=used, newNumber=new, supportID=spec.get("supportID", ""))
    if view.version == 6:
        out["supportExpirationDate"] = support_text
    return view.tolerate("license", out)


def licensed_user(view, row):
    user, newest, state = row
    tenant = user.tenant
    out = {"id": derived_id("licensed", tenant.name, user.address), "name": user.address,
           "isBackedUp": state != "Exceeded", "lastBackupDate": iso(newest),
           "licenseState": state, "organizationId": None if tenant.removed else tenant.id,
           "backedUpOrganizationId": tenant.backed_up_id(), "organizationName": tenant.name}
    if not tenant.removed:
        out["_links"] = _links(view.ctx, organization="Organizations/%s" % tenant.id)
    return view.tolerate("licensedUser", out)


# ---------------------------------------------------------------- health

def health(view):
    """RESTHealthReport (v8): configurationDb (PostgreSQL) and nats entries."""
    unhealthy = view.config["health"].get("unhealthy", False)
    failing = HEALTH_ENTRIES if unhealthy is True else tuple(unhealthy or ())
    texts = {"configurationDb": "Failed to connect to the PostgreSQL configuration database: Connection refused.",
             "nats": "Failed to connect to the NATS server at nats://localhost:4222: Connection refused."}
    entries = {}
    for name in HEALTH_ENTRIES:
        bad = name in failing
        entries[name] = {"status": "Unhealthy" if bad else "Healthy", "description": texts[name] if bad else None}
    out = {"status": "Unhealthy" if failing else "Healthy", "entries": entries}
    if view.config["unknown_enums"]:
        for entry in entries.values():
            entry["status"] = _unknown_value(view.config)
    return view.tolerate("health", out)
