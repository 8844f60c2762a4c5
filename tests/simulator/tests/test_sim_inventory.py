"""The inventory: organizations, tenant listings, backed-up data, repositories, proxies, licence, health and
sync state per version, the special data cases of the seed inventory and the endpoints' paging."""

import re

import pytest

from simtest import (ADATUM, CONTOSO, FABRIKAM, NORTHWIND, PROXY_1, PROXY_2, PROXY_3, REPO_ARCHIVE, REPO_CONTOSO,
                     REPO_FABRIKAM, REPO_NORTHWIND, REPO_RETIRED, REPOSITORIES)
from vb365sim.clock import TICKS_PER_SECOND, parse_iso

ISO7 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$")
CONTOSO_CACHED_USERS = {"adele.vance", "alex.wilber", "megan.bowen", "isaiah.langer", "lynne.robbins",
                        "nestor.wilke", "josé.müller", "pradeep.gupta", "reception"}


def results(reply):
    assert reply.status == 200, reply.body[:300]
    body = reply.json()
    return body["results"] if isinstance(body, dict) else body


def by(items, key, value):
    return next(item for item in items if item[key] == value)


def local(address):
    return address.split("@")[0]


def advance(sim, seconds):
    """Move simulated time (tokens age too: log in again)."""
    sim.admin("POST", "clock", {"advance": seconds})
    sim.tokens.clear()


def age_days(sim, stamp):
    now = parse_iso(sim.admin("GET", "clock")["now"])
    return (now - parse_iso(stamp)) / TICKS_PER_SECOND / 86400


# ---------------------------------------------------------------- endpoints per version

ENDPOINTS = [
    # (path, versions answering 200; others 404)
    ("Organizations", "678"),
    ("Organizations/%s" % CONTOSO, "678"),
    ("Organizations/%s/usedRepositories" % CONTOSO, "678"),
    ("Organizations/%s/Users" % CONTOSO, "678"),
    ("Organizations/%s/Groups" % CONTOSO, "678"),
    ("Organizations/%s/Sites" % CONTOSO, "678"),
    ("Organizations/%s/Teams" % CONTOSO, "678"),
    ("Organizations/%s/SyncState" % CONTOSO, "78"),
    ("BackupRepositories", "678"),
    ("BackupRepositories/%s" % REPO_CONTOSO, "678"),
    ("BackupRepositories/%s/UserData" % REPO_CONTOSO, "5678"),
    ("BackupRepositories/%s/GroupData" % REPO_CONTOSO, "678"),
    ("BackupRepositories/%s/SiteData" % REPO_CONTOSO, "678"),
    ("BackupRepositories/%s/TeamData" % REPO_CONTOSO, "678"),
    ("Proxies", "678"),
    ("Proxies/%s" % PROXY_1, "678"),
    ("License", "678"),
    ("LicensedUsers", "678"),
]


@pytest.mark.parametrize("version", ["v5", "v6", "v7", "v8"])
def test_endpoints_per_version(sim, version):
    for path, versions in ENDPOINTS:
        reply = sim.get("/%s/%s" % (version, path))
        assert reply.status == (200 if version[1] in versions else 404), (version, path, reply.body[:200])
        if reply.status == 404 and version == "v8":
            assert reply.json()["errorCode"] == "ResourceNotFound"
    # /v8/Organizations/SyncState: on v6/v7 "SyncState" is bound as an organization id (400), v5 has no route.
    status = sim.get("/%s/Organizations/SyncState" % version).status
    assert status == {"v5": 404, "v6": 400, "v7": 400, "v8": 200}[version]
    # Health: v8 only, anonymous (no token needed); other versions 404 before any token check.
    assert sim.raw("GET", "/%s/Health" % version).status == (200 if version == "v8" else 404)


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_lists_are_arrays_before_v8_and_pages_on_v8(sim, version):
    for path in ("Organizations", "BackupRepositories", "Proxies"):
        body = sim.get("/%s/%s" % (version, path)).json()
        if version == "v8":
            assert set(body) >= {"offset", "limit", "setId", "results", "_links"} and "totalCount" not in body
        else:
            assert isinstance(body, list)
    for path in ("Organizations/%s/Users" % CONTOSO, "BackupRepositories/%s/UserData" % REPO_CONTOSO,
                 "LicensedUsers", "Organizations/%s/usedRepositories" % CONTOSO):
        body = sim.get("/%s/%s" % (version, path)).json()
        assert body["offset"] == 0 and body["limit"] == 30 and "setId" in body
        assert ("totalCount" in body) == (version != "v8")
        assert body["_links"]["self"]["href"].startswith("/%s/" % version)


def test_v5_user_data_page(sim):
    body = sim.get("/v5/BackupRepositories/%s/UserData?limit=2" % REPO_CONTOSO).json()
    assert list(body) == ["offset", "limit", "totalCount", "results", "_links"] and body["totalCount"] == 9
    assert body["_links"]["next"]["href"].startswith("https://127.0.0.1:%d/v5/" % sim.handle.port)
    user = body["results"][0]
    assert list(user)[:2] == ["mailboxBackedUpTime", "archiveBackedUpTime"]
    assert "itemType" not in user and "isDeleted" not in user and "backedUpOrganizationId" not in user
    assert user["organizationId"].startswith("contoso.onmicrosoft.com:")
    assert user["_links"]["self"]["href"].startswith("https://127.0.0.1:")


def test_bad_parameters_and_unknown_ids(sim):
    assert sim.get("/v8/Organizations/not-a-guid").status == 400
    assert sim.get("/v8/Organizations/%s" % ADATUM).json()["errorCode"] == "ResourceNotFound"
    assert sim.get("/v8/Organizations/%s/Users" % ADATUM).status == 404
    assert sim.get("/v8/BackupRepositories/%s/UserData" % ADATUM).status == 404
    assert sim.get("/v8/BackupRepositories/%s/UserData?limit=0" % REPO_CONTOSO).status == 400
    assert sim.get("/v8/Proxies/%s" % CONTOSO).status == 404
    assert sim.get("/v8/Organizations?extendedView=maybe").status == 400
    reply = sim.get("/v7/Organizations/%s/Users?dataSource=Cloud" % CONTOSO)
    assert reply.status == 400 and reply.json() == {"message": reply.json()["message"], "errorCode": None}
    # v6 has no dataSource parameter: ignored like any unknown one.
    assert sim.get("/v6/Organizations/%s/Users?dataSource=Cloud" % CONTOSO).status == 200


# ---------------------------------------------------------------- organizations

def test_organizations_and_extended_view_defaults(sim):
    names = ["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com", "northwindtraders.onmicrosoft.com"]
    for version in ("v6", "v7", "v8"):
        orgs = results(sim.get("/%s/Organizations" % version))
        assert [org["name"] for org in orgs] == names          # the removed tenant (adatum) is gone
        # extendedView defaults to true on v6, false on v7/v8 (SPEC6-8).
        assert ("lastBackuptime" in orgs[0]) == (version == "v6")
        extended = sim.get("/%s/Organizations/%s?extendedView=true" % (version, CONTOSO)).json()
        assert extended["isBackedup"] is True and ISO7.match(extended["lastBackuptime"])
        assert age_days(sim, extended["lastBackuptime"]) < 0.1 and age_days(sim, extended["firstBackuptime"]) > 40
        assert ("msid" in extended) == (version == "v8") and ("description" in extended) == (version != "v6")
        plain = sim.get("/%s/Organizations/%s?extendedView=false" % (version, CONTOSO)).json()
        assert "isBackedup" not in plain and plain["type"] == "Office365"
    contoso = sim.get("/v8/Organizations/%s" % CONTOSO).json()
    assert contoso["backedUpOrganizationId"] == "contoso.onmicrosoft.com:%s:%s" % (
        contoso["msid"], "00000000-0000-0000-0000-000000000000")
    found = results(sim.get("/v8/Organizations?msid=%s" % contoso["msid"]))
    assert [org["id"] for org in found] == [CONTOSO]
    found = results(sim.get("/v8/Organizations?backedUpOrganizationId=%s" % contoso["backedUpOrganizationId"]))
    assert [org["id"] for org in found] == [CONTOSO]
    page = sim.get("/v8/Organizations?limit=2").json()
    assert len(page["results"]) == 2 and page["_links"]["next"]["href"] == "/v8/Organizations?offset=2&limit=2"


def test_used_repositories(sim):
    used = results(sim.get("/v8/Organizations/%s/usedRepositories" % CONTOSO))
    assert [item["repositoryId"] for item in used] == [REPO_RETIRED, REPO_CONTOSO, REPO_ARCHIVE]
    assert [item["protectedObjectsCount"] for item in used] == [1, 20, 3]
    assert used[0]["localCacheUsedSpaceBytes"] is None and used[2]["objectStorageUsedSpaceBytes"] > 0
    assert all(item["isAvailable"] for item in used)
    v6 = results(sim.get("/v6/Organizations/%s/usedRepositories" % NORTHWIND))
    assert "repositoryId" not in v6[0] and v6[0]["_links"]["backupRepository"]["href"].endswith(REPO_NORTHWIND)


# ---------------------------------------------------------------- tenant listings, setId, dataSource

def test_tenant_listings_and_data_source(sim):
    users = results(sim.get("/v8/Organizations/%s/Users?limit=100" % CONTOSO))
    # PreferLocal (default): the organization cache: no new hire (Zoë), no user deleted in Microsoft 365 (Diego).
    assert {local(user["name"]) for user in users} == CONTOSO_CACHED_USERS
    assert by(users, "name", "reception@contoso.onmicrosoft.com")["type"] == "Shared"
    adele = by(users, "displayName", "Adele Vance")
    assert adele["id"] == adele["msid"] + "00000000-0000-0000-0000-000000000000"
    production = results(sim.get("/v8/Organizations/%s/Users?dataSource=production" % CONTOSO))
    assert {local(user["name"]) for user in production} == CONTOSO_CACHED_USERS | {"zoe.angstrom"}
    assert by(production, "name", "zoe.angstrom@contoso.onmicrosoft.com")["displayName"] == "Zoë Ångström"
    before = sim.get("/v8/Organizations/%s/SyncState" % CONTOSO).json()["lastSyncState"]["endTime"]
    # PreferLocalResynced synchronises the cache first: from then on PreferLocal lists the new hire too.
    resynced = results(sim.get("/v8/Organizations/%s/Users?dataSource=PreferLocalResynced" % CONTOSO))
    assert len(resynced) == 10 and len(results(sim.get("/v8/Organizations/%s/Users" % CONTOSO))) == 10
    after = sim.get("/v8/Organizations/%s/SyncState" % CONTOSO).json()["lastSyncState"]["endTime"]
    assert parse_iso(after) > parse_iso(before)
    assert "msid" not in results(sim.get("/v7/Organizations/%s/Users" % CONTOSO))[0]
    groups = results(sim.get("/v8/Organizations/%s/Groups" % CONTOSO))
    assert [group["type"] for group in groups] == ["Office365"] * 3 + ["Security"]
    sites = results(sim.get("/v8/Organizations/%s/Sites" % CONTOSO))
    assert len(sites) == 6 and not any(site["isPersonal"] for site in sites)
    with_personal = results(sim.get("/v8/Organizations/%s/Sites?includePersonalSites=true" % CONTOSO))
    assert sum(site["isPersonal"] for site in with_personal) == 6     # Diego's OneDrive left with him
    teams = results(sim.get("/v8/Organizations/%s/Teams" % CONTOSO))
    assert [team["displayName"] for team in teams][-1] == "Leadership Team"
    # A team is a Microsoft 365 group: same msid.
    assert by(teams, "mail", "retail@contoso.onmicrosoft.com")["msid"] == by(groups, "name",
                                                                             "retail@contoso.onmicrosoft.com")["msid"]


def test_set_id_paging_over_ten_thousand_users(sim):
    path = "/v8/Organizations/%s/Users" % NORTHWIND
    first = sim.get(path + "?limit=20000").json()       # limit above 10,000 is clamped
    assert first["limit"] == 10000 and len(first["results"]) == 10000
    set_id = first["setId"]
    assert first["_links"]["next"]["href"] == "%s?offset=10000&limit=10000&setId=%s" % (path, set_id)
    second = sim.get(first["_links"]["next"]["href"]).json()
    assert second["setId"] == set_id and len(second["results"]) == 500 and "next" not in second["_links"]
    names = {user["name"] for user in first["results"] + second["results"]}
    assert len(names) == 10500 and "user10500@northwindtraders.onmicrosoft.com" in names
    # A new query is a new result set.
    assert sim.get(path + "?limit=1").json()["setId"] != set_id
    # A given set is honoured (the cached listing, whatever dataSource now says) ...
    cached = sim.get("/v8/Organizations/%s/Users?setId=%s&dataSource=Production&limit=100" % (CONTOSO, (
        sim.get("/v8/Organizations/%s/Users" % CONTOSO).json()["setId"]))).json()
    assert len(cached["results"]) == 9
    # ... an unknown one, or one of another listing, is 404; a malformed one 400.
    assert sim.get(path + "?setId=%s" % CONTOSO).json()["errorCode"] == "ResourceNotFound"
    assert sim.get("/v8/Organizations/%s/Groups?setId=%s" % (NORTHWIND, set_id)).status == 404
    assert sim.get(path + "?setId=nope").status == 400
    # Sets expire after an hour (simulated time).
    advance(sim, 3601)
    assert sim.get(path + "?setId=%s&offset=10000" % set_id).status == 404
    v6 = sim.get("/v6/Organizations/%s/Teams?limit=10" % NORTHWIND).json()
    assert v6["totalCount"] == 25 and sim.get("/v6/Organizations/%s/Teams?setId=%s&offset=10" % (
        NORTHWIND, v6["setId"])).json()["offset"] == 10


# ---------------------------------------------------------------- backed-up data

def test_backed_up_data_counts_and_more_than_one_page(sim):
    counts = {}
    for repository in REPOSITORIES:
        counts[repository] = [sim.get("/v7/BackupRepositories/%s/%s?limit=1" % (repository, kind)).json()["totalCount"]
                              for kind in ("UserData", "GroupData", "SiteData", "TeamData")]
    assert counts == {REPO_RETIRED: [5, 0, 1, 0], REPO_CONTOSO: [9, 3, 5, 3], REPO_ARCHIVE: [3, 0, 0, 0],
                      REPO_FABRIKAM: [5, 1, 1, 1], REPO_NORTHWIND: [10500, 40, 60, 25]}
    path = "/v8/BackupRepositories/%s/UserData" % REPO_NORTHWIND
    first = sim.get(path + "?limit=10000").json()
    assert len(first["results"]) == 10000 and first["_links"]["next"]["href"] == path + "?offset=10000&limit=10000"
    rest = results(sim.get(first["_links"]["next"]["href"]))
    assert len(rest) == 500 and rest[-1]["email"] == "user10500@northwindtraders.onmicrosoft.com"
    assert len({item["id"] for item in first["results"] + rest}) == 10500


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_backed_up_data_shapes(sim, version):
    users = results(sim.get("/%s/BackupRepositories/%s/UserData" % (version, REPO_CONTOSO)))
    adele = by(users, "displayName", "Adele Vance")
    assert ISO7.match(adele["mailboxBackedUpTime"]) and adele["isMailboxBackedUp"] is True
    assert adele["id"].startswith("contoso.onmicrosoft.com:") and adele["id"].count(":") == 3
    assert adele["accountId"].endswith(":00000000-0000-0000-0000-000000000000")
    assert adele["oneDriveUrl"] == ["https://contoso-my.sharepoint.com/personal/adele_vance_contoso_onmicrosoft_com"
                                    "/Documents"]
    assert ("isDeleted" in adele) == (version == "v7") and ("proxyId" in adele) == (version == "v7")
    assert adele["itemType"] == "User" and adele["repositoryId"] == REPO_CONTOSO   # v6: required by SPEC6
    if version == "v6":
        assert adele["organizationId"].startswith("contoso.onmicrosoft.com:") and "backedUpOrganizationId" not in adele
    else:
        assert adele["organizationId"] == CONTOSO and adele["backedUpOrganizationId"].startswith("contoso.")
    # A workload listed with no backup time: Lynne's OneDrive (v7/v8 null, v5/v6 omitted, Help Center style).
    lynne = by(users, "displayName", "Lynne Robbins")
    assert lynne["isOneDriveBackedUp"] is False and lynne["oneDriveUrl"]
    assert ("oneDriveBackedUpTime" in lynne) == (version != "v6") and lynne.get("oneDriveBackedUpTime") is None
    megan = by(users, "displayName", "Megan Bowen")
    assert megan["isArchiveBackedUp"] is False and megan["archiveName"] == "Online Archive - Megan Bowen"
    assert by(users, "displayName", "Empfang / Reception")["accountType"] == "SharedMailbox"
    assert by(users, "displayName", "José Müller")["email"] == "josé.müller@contoso.onmicrosoft.com"
    sites = results(sim.get("/%s/BackupRepositories/%s/SiteData" % (version, REPO_CONTOSO)))
    assert list(sites[0])[0] == "id"
    projects = by(sites, "title", "Projects")
    assert projects.get("backedUpTime") is None and ("backedUpTime" in projects) == (version != "v6")
    assert ("msid" in projects) == (version == "v8")
    groups = results(sim.get("/%s/BackupRepositories/%s/GroupData" % (version, REPO_CONTOSO)))
    assert by(groups, "displayName", "Retail")["groupSiteUrl"] == ["https://contoso.sharepoint.com/sites/Retail"]
    teams = results(sim.get("/%s/BackupRepositories/%s/TeamData" % (version, REPO_CONTOSO)))
    assert ("msid" in teams[0]) == (version == "v8") and ISO7.match(teams[0]["backedUpTime"])


def test_special_data_cases(sim):
    def user_data(repository, version="v7"):
        return results(sim.get("/%s/BackupRepositories/%s/UserData" % (version, repository)))

    # A user in two repositories (three with the copy): the retired one, listed first, holds a 45-day-old
    # backup; the newest (in the jobs' repository) is the one to count.
    retired = by(user_data(REPO_RETIRED), "email", "adele.vance@contoso.onmicrosoft.com")
    current = by(user_data(REPO_CONTOSO), "email", "adele.vance@contoso.onmicrosoft.com")
    copy = by(user_data(REPO_ARCHIVE), "email", "adele.vance@contoso.onmicrosoft.com")
    assert 44 < age_days(sim, retired["mailboxBackedUpTime"]) < 46
    assert age_days(sim, current["mailboxBackedUpTime"]) < age_days(sim, copy["mailboxBackedUpTime"]) < 0.2
    assert retired["id"] == current["id"] == copy["id"]
    # Deleted in Microsoft 365 but still in backups: isDeleted (v7), not in the tenant listings.
    diego = by(user_data(REPO_CONTOSO), "displayName", "Diego Siciliani")
    assert diego["isDeleted"] is True and 11 < age_days(sim, diego["mailboxBackedUpTime"]) < 13
    listed = results(sim.get("/v8/Organizations/%s/Users?dataSource=Production" % CONTOSO))
    assert "diego.siciliani@contoso.onmicrosoft.com" not in {user["name"] for user in listed}
    # Covered by no job: in the tenant listing, in no repository.
    everywhere = {user["email"] for repository in REPOSITORIES for user in user_data(repository)}
    assert "pradeep.gupta@contoso.onmicrosoft.com" in {user["name"] for user in listed}
    assert "pradeep.gupta@contoso.onmicrosoft.com" not in everywhere
    assert "zoe.angstrom@contoso.onmicrosoft.com" not in everywhere
    # The removed tenant: its data in the retired repository, the organization gone.
    adatum = [user for user in user_data(REPO_RETIRED) if user["email"].endswith("@adatum.onmicrosoft.com")]
    assert len(adatum) == 4 and all(user["organizationId"] is None for user in adatum)
    assert adatum[0]["backedUpOrganizationId"].startswith("adatum.onmicrosoft.com:")
    v6 = by(user_data(REPO_RETIRED, "v6"), "email", adatum[0]["email"])
    assert v6["organizationId"] == adatum[0]["backedUpOrganizationId"]
    # Backed-up ids differ from tenant ids; the join is msid (v8 sites, teams) or e-mail/URL.
    tenant_sites = results(sim.get("/v8/Organizations/%s/Sites" % CONTOSO))
    backed_sites = results(sim.get("/v8/BackupRepositories/%s/SiteData" % REPO_CONTOSO))
    finance = by(backed_sites, "title", "Finance")
    assert by(tenant_sites, "url", finance["url"])["msid"] == finance["msid"]
    assert by(tenant_sites, "url", finance["url"])["id"] != finance["id"]
    assert "https://contoso.sharepoint.com/" not in {site["url"] for site in backed_sites}   # unprotected site
    tenant_teams = results(sim.get("/v8/Organizations/%s/Teams" % CONTOSO))
    backed_teams = results(sim.get("/v8/BackupRepositories/%s/TeamData" % REPO_CONTOSO))
    assert {team["msid"] for team in backed_teams} < {team["msid"] for team in tenant_teams}


def test_backup_times_follow_the_clock(sim):
    path = "/v8/BackupRepositories/%s/UserData?limit=1" % REPO_FABRIKAM
    before = results(sim.get(path))[0]["mailboxBackedUpTime"]
    assert 1.0 < age_days(sim, before) < 1.2
    advance(sim, 7 * 86400)
    assert results(sim.get(path))[0]["mailboxBackedUpTime"] == before
    assert 8.0 < age_days(sim, before) < 8.2
    sim.reset()
    assert 1.0 < age_days(sim, results(sim.get(path))[0]["mailboxBackedUpTime"]) < 1.2


# ---------------------------------------------------------------- repositories, proxies

def test_repositories(sim):
    v7 = sim.get("/v7/BackupRepositories").json()
    assert [repo["id"] for repo in v7] == list(REPOSITORIES)
    archive = by(v7, "id", REPO_ARCHIVE)
    assert archive["objectStorageId"] and archive["isLongTerm"] is True and archive["capacityBytes"] > 0
    assert by(v7, "id", REPO_CONTOSO)["objectStorageId"] is None and "objectStorageCachePath" not in by(
        v7, "id", REPO_CONTOSO)
    assert [repo["id"] for repo in sim.get("/v7/BackupRepositories?longTerm=true").json()] == [REPO_ARCHIVE]
    assert [repo["id"] for repo in sim.get("/v6/BackupRepositories?proxyId=%s" % PROXY_2).json()] == [
        REPO_RETIRED, REPO_FABRIKAM]
    v8 = results(sim.get("/v8/BackupRepositories"))
    local = by(v8, "id", REPO_CONTOSO)
    assert local["capacityBytes"] == 4 * 2**40 and local["freeSpaceBytes"] == 1331 * 2**30
    assert "objectStorage" not in local and local["isOutdated"] is False and local["outOfOrderReason"] is None
    s3 = by(v8, "id", REPO_NORTHWIND)
    assert s3["capacityBytes"] is None and s3["freeSpaceBytes"] is None
    storage = s3["objectStorage"]
    assert storage["type"] == "AmazonS3" and storage["enableImmutability"] is True
    assert storage["immutabilityPeriodDays"] == 30 and storage["sizeLimitGB"] == 20480
    assert storage["usedSpaceBytes"] + storage["freeSpaceBytes"] == 20480 * 2**30
    azure = by(v8, "id", REPO_ARCHIVE)["objectStorage"]
    assert azure["type"] == "AzureBlobArchive" and "freeSpaceBytes" not in azure   # no size limit
    assert [repo["id"] for repo in results(sim.get("/v8/BackupRepositories?organizationId=%s" % FABRIKAM))] == [
        REPO_FABRIKAM]
    assert results(sim.get("/v8/BackupRepositories?proxyPoolId=%s" % PROXY_1)) == []


def test_proxies(sim):
    v6 = sim.get("/v6/Proxies").json()
    assert [proxy["id"] for proxy in v6] == [PROXY_1, PROXY_2, PROXY_3]
    assert "threadsNumber" in v6[0] and "fqdn" not in v6[0]             # v6: extendedView defaults to true
    v7 = sim.get("/v7/Proxies").json()
    assert "threadsNumber" not in v7[0] and v7[0]["fqdn"] == "vbo365.corp.local"
    assert sim.get("/v7/Proxies/%s?extendedView=true" % PROXY_2).json()["throttlingUnit"] == "Mbps"
    v8 = results(sim.get("/v8/Proxies"))
    assert [proxy["status"] for proxy in v8] == ["Online"] * 3
    assert [proxy["operatingSystem"] for proxy in v8] == ["Windows", "Windows", "Linux"]
    assert v8[2]["maintenanceModeState"] == "Disabled" and v8[2]["cpuUsagePercent"] == 12.25
    assert v8[0]["version"] == "8.0.2.159" and "threadsNumber" not in v8[0]


# ---------------------------------------------------------------- licence, health, sync state

def test_license_and_licensed_users(sim):
    v6 = sim.get("/v6/License").json()
    assert v6["status"] == "Valid" and 239 < -age_days(sim, v6["expirationDate"]) < 241
    assert (v6["totalNumber"], v6["usedNumber"], v6["newNumber"]) == (12000, 10517, 1)
    assert "supportExpirationDate" in v6 and "licenseExpires" not in v6
    v8 = sim.get("/v8/License").json()
    assert v8["package"] == "Backup" and v8["type"] == "Rental" and "expirationDate" not in v8
    assert 29.9 < (parse_iso(v8["gracePeriodExpires"]) - parse_iso(v8["licenseExpires"])) / TICKS_PER_SECOND / 86400
    page = sim.get("/v7/LicensedUsers?limit=20").json()
    assert page["totalCount"] == 10517
    states = {user["name"]: user["licenseState"] for user in page["results"]}
    assert states["josé.müller@contoso.onmicrosoft.com"] == "New"
    assert states["bjorn.jarvinen@fabrikam.onmicrosoft.com"] == "TemporarilyAssigned"
    assert "reception@contoso.onmicrosoft.com" not in states           # shared mailboxes need no licence
    fabrikam = results(sim.get("/v8/LicensedUsers?organizationId=%s" % FABRIKAM))
    assert len(fabrikam) == 5 and all(user["isBackedUp"] for user in fabrikam)
    assert [user["name"] for user in results(sim.get("/v8/LicensedUsers?name=S*RE*"))] == [
        "søren.ødegård@fabrikam.onmicrosoft.com"]
    adatum = results(sim.get("/v8/LicensedUsers?name=*@adatum.onmicrosoft.com"))
    assert len(adatum) == 4 and adatum[0]["organizationId"] is None
    assert adatum[0]["organizationName"] == "adatum.onmicrosoft.com"
    backed_up_id = adatum[0]["backedUpOrganizationId"]
    assert len(results(sim.get("/v8/LicensedUsers?backedUpOrganizationId=%s" % backed_up_id))) == 4


def test_health_and_sync_state(sim):
    health = sim.raw("GET", "/v8/Health")
    assert health.status == 200 and health.json() == {
        "status": "Healthy", "entries": {"configurationDb": {"status": "Healthy", "description": None},
                                         "nats": {"status": "Healthy", "description": None}}}
    v7 = sim.get("/v7/Organizations/%s/SyncState" % FABRIKAM).json()
    assert v7["type"] == "Full" and v7["status"] == "Success" and v7["error"] is None
    assert 0.04 < age_days(sim, v7["lastSyncTime"]) < 0.05
    states = sim.get("/v8/Organizations/SyncState").json()
    assert [state["organizationId"] for state in states] == [CONTOSO, FABRIKAM, NORTHWIND]
    assert [state["lastSyncState"]["result"] for state in states] == ["Success"] * 3
    assert "currentSyncState" not in states[0] and states[2]["currentSyncState"]["status"] == "Running"
