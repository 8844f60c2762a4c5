"""The inventory part of the API: organizations and their objects, backed-up data, repositories, proxies,
licence, health and sync state (README "The API served").  Its routes are appended to api.ROUTES.

Same order of checks as api.py: route (404), token (401), parameters (400), ids (404).
"""

import fnmatch

from . import render
from . import render_inventory as shapes
from .inventory import DATA_LISTINGS, LISTINGS
from .params import MAX_LIMIT, bool_param, enum_param, paging, uuid_param, uuid_value
from .wire import ApiError, Response

DATA_SOURCES = ("PreferLocal", "Production", "PreferLocalResynced")
_LISTING_NAMES = {"users": "Users", "groups": "Groups", "sites": "Sites", "teams": "Teams"}
_DATA_NAMES = {"userdata": "UserData", "groupdata": "GroupData", "sitedata": "SiteData", "teamdata": "TeamData"}


def _organization(view, raw_id):
    tenant = view.inventory.organization(uuid_value(raw_id, "organizationId"))
    if tenant is None:
        raise ApiError(404, "Organization with ID '%s' was not found." % raw_id, "ResourceNotFound")
    return tenant


def _repository(view, raw_id):
    repository = view.inventory.repositories.get(uuid_value(raw_id, "repositoryId"))
    if repository is None:
        raise ApiError(404, "Backup repository with ID '%s' was not found." % raw_id, "ResourceNotFound")
    return repository


def _proxy(view, raw_id):
    proxy = view.inventory.proxies.get(uuid_value(raw_id, "proxyId"))
    if proxy is None:
        raise ApiError(404, "Backup proxy with ID '%s' was not found." % raw_id, "ResourceNotFound")
    return proxy


def _list(view, req, path, items, renderer, params=(), paged=None):
    """v6/v7 bare arrays, v8 pages (offset/limit); `paged` forces a page on every version."""
    if paged is None:
        paged = view.version >= 8
    offset, limit = paging(req) if paged else (0, MAX_LIMIT)
    results = [renderer(item) for item in items[offset:offset + limit]] if paged else [renderer(i) for i in items]
    if not paged:
        return Response.json(200, results)
    return Response.json(200, render.page(view.ctx, path, results, offset, limit, len(items), params))


def _echo(req, *names):
    return [(name, req.param(name)) for name in names if req.param(name) is not None]


# ---------------------------------------------------------------- organizations

def _extended(req):
    # SPEC6: extendedView defaults to true (and is marked required); SPEC7/8: defaults to false.
    return bool_param(req, "extendedView", req.version == 6)


def list_organizations(sim, req):
    view = shapes.View(sim, req)
    extended = _extended(req)
    tenants = view.inventory.organizations()
    params = []
    if req.version >= 8:
        paging(req)   # validated before the filters, as the binder does
        msid = uuid_param(req, "msid")
        backed_up = req.param("backedUpOrganizationId")
        if msid is not None:
            tenants = [tenant for tenant in tenants if tenant.msid == msid]
        if backed_up is not None:
            tenants = [tenant for tenant in tenants if tenant.backed_up_id().lower() == backed_up.lower()]
        params = _echo(req, "extendedView", "msid", "backedUpOrganizationId")
    return _list(view, req, "Organizations", tenants, lambda tenant: shapes.organization(view, tenant, extended),
                 params)


def get_organization(sim, req, organization_id):
    view = shapes.View(sim, req)
    extended = _extended(req)
    return Response.json(200, shapes.organization(view, _organization(view, organization_id), extended))


def used_repositories(sim, req, organization_id):
    view = shapes.View(sim, req)
    offset, limit = paging(req)
    tenant = _organization(view, organization_id)
    usages = [(repository, repository.usage[tenant]) for repository in view.inventory.repositories.values()
              if tenant in repository.usage]
    results = [shapes.used_repository(view, tenant, repository, usage)
               for repository, usage in usages[offset:offset + limit]]
    return Response.json(200, render.page(view.ctx, "Organizations/%s/usedRepositories" % tenant.id, results,
                                          offset, limit, len(usages)))


def _tenant_items(view, tenant, kind, data_source, personal):
    """A tenant listing as the data source gives it: the organization cache (PreferLocal) or Microsoft 365."""
    if data_source == "PreferLocalResynced":
        if not view.tenant(tenant).get("sync_failed"):
            with view.state.lock:
                view.state.resynced[tenant.id] = view.now
    production = data_source == "Production" or tenant.id in view.state.resynced
    items = [obj for obj in tenant.objects[kind] if obj.in_listing(production)]
    if personal:
        items += [site for site in tenant.personal_sites() if site.user.in_listing(production)]
    return items


def tenant_listing(sim, req, organization_id, listing):
    """Users, Groups, Sites, Teams of an organization: paged, a cached result set per query (setId)."""
    view = shapes.View(sim, req)
    kind = LISTINGS[listing.lower()]
    offset, limit = paging(req)
    organization_uuid = uuid_value(organization_id, "organizationId")
    set_id = uuid_param(req, "setId")
    data_source = enum_param(req, "dataSource", DATA_SOURCES) if req.version >= 7 else None
    personal = bool_param(req, "includePersonalSites", False) if kind == "Site" else False
    tenant = _organization(view, organization_uuid)
    if set_id is not None:
        found = view.state.get_set(set_id, view.now)
        if found is None or found[0] != (tenant.id, kind):
            raise ApiError(404, "The result set with ID '%s' was not found or has expired." % set_id,
                           "ResourceNotFound")
        items = found[1]
    else:
        items = _tenant_items(view, tenant, kind, data_source or "PreferLocal", personal)
        set_id = view.state.new_set((tenant.id, kind), items, view.now)
    results = [shapes.tenant_object(view, tenant, obj) for obj in items[offset:offset + limit]]
    path = "Organizations/%s/%s" % (tenant.id, _LISTING_NAMES[listing.lower()])
    return Response.json(200, render.page(view.ctx, path, results, offset, limit, len(items), [("setId", set_id)],
                                          set_id=set_id))


def sync_state(sim, req, organization_id):
    view = shapes.View(sim, req)
    return Response.json(200, shapes.sync_state(view, _organization(view, organization_id)))


def all_sync_states(sim, req):
    view = shapes.View(sim, req)
    return Response.json(200, [shapes.sync_state(view, tenant) for tenant in view.inventory.organizations()])


# ---------------------------------------------------------------- repositories and backed-up data

def list_repositories(sim, req):
    view = shapes.View(sim, req)
    if req.version >= 8:
        paging(req)
    proxy_id = uuid_param(req, "proxyId")
    long_term = bool_param(req, "longTerm", None)
    repositories = list(view.inventory.repositories.values())
    if proxy_id is not None:
        repositories = [repo for repo in repositories if repo.proxy_id == proxy_id]
    if long_term:
        # true: only long-term object storage; false: all of them (SPEC7/8 text).
        repositories = [repo for repo in repositories if repo.long_term]
    params = _echo(req, "proxyId", "longTerm")
    if req.version >= 8:
        pool_id = uuid_param(req, "proxyPoolId")
        organization_id = uuid_param(req, "organizationId")
        if pool_id is not None:
            repositories = []     # no proxy pools in the simulated inventory
        if organization_id is not None:
            repositories = [repo for repo in repositories if repo.organization_id == organization_id]
        params = _echo(req, "proxyId", "proxyPoolId", "organizationId", "longTerm")
    return _list(view, req, "BackupRepositories", repositories, lambda repo: shapes.repository(view, repo), params)


def get_repository(sim, req, repository_id):
    view = shapes.View(sim, req)
    return Response.json(200, shapes.repository(view, _repository(view, repository_id)))


def backup_data(sim, req, repository_id, listing):
    """UserData, GroupData, SiteData, TeamData of a repository, read through its proxy."""
    view = shapes.View(sim, req)
    offset, limit = paging(req)
    repository = _repository(view, repository_id)
    if view.data_unavailable(repository):
        host = view.inventory.proxies[repository.proxy_id].host_name
        raise ApiError(500, "Failed to connect to the backup proxy server %s: the backup proxy is offline." % host,
                       "ProxyOffline")
    entries = repository.entries[DATA_LISTINGS[listing.lower()]]
    results = [shapes.backup_entry(view, entry) for entry in entries[offset:offset + limit]]
    path = "BackupRepositories/%s/%s" % (repository.id, _DATA_NAMES[listing.lower()])
    return Response.json(200, render.page(view.ctx, path, results, offset, limit, len(entries)))


# ---------------------------------------------------------------- proxies, licence, health

def list_proxies(sim, req):
    view = shapes.View(sim, req)
    # SPEC6: extendedView defaults to true; SPEC7: false; SPEC8 has no such parameter (pages instead).
    extended = bool_param(req, "extendedView", req.version == 6) if req.version <= 7 else True
    params = _echo(req, "extendedView") if req.version <= 7 else []
    return _list(view, req, "Proxies", list(view.inventory.proxies.values()),
                 lambda proxy: shapes.proxy(view, proxy, extended), params)


def get_proxy(sim, req, proxy_id):
    view = shapes.View(sim, req)
    extended = bool_param(req, "extendedView", req.version == 6) if req.version <= 7 else True
    return Response.json(200, shapes.proxy(view, _proxy(view, proxy_id), extended))


def license_info(sim, req):
    view = shapes.View(sim, req)
    return Response.json(200, shapes.license_info(view, shapes.licensed_users(view)))


def licensed_users(sim, req):
    view = shapes.View(sim, req)
    offset, limit = paging(req)
    rows = shapes.licensed_users(view)
    organization_id = req.param("organizationId")
    name = req.param("name")
    backed_up = req.param("backedUpOrganizationId") if req.version >= 8 else None
    if organization_id is not None:
        rows = [row for row in rows if not row[0].tenant.removed and row[0].tenant.id == organization_id.lower()]
    if backed_up is not None:
        rows = [row for row in rows if row[0].tenant.backed_up_id().lower() == backed_up.lower()]
    if name is not None:
        # The name filter takes * and ? wildcards (SPEC7/8 text); case-insensitive.
        pattern = name.lower()
        rows = [row for row in rows if fnmatch.fnmatchcase(row[0].address.lower(), pattern)]
    results = [shapes.licensed_user(view, row) for row in rows[offset:offset + limit]]
    params = _echo(req, "organizationId", "name", *(("backedUpOrganizationId",) if req.version >= 8 else ()))
    return Response.json(200, render.page(view.ctx, "LicensedUsers", results, offset, limit, len(rows), params))


def health(sim, req):
    """GET /v8/Health (anonymous): the report (200), or when unhealthy and the switch asks for it a 503
    whose body is what SPEC8 declares for every non-200 answer: RESTExceptionInfo."""
    view = shapes.View(sim, req)
    report = shapes.health(view)
    if report["status"] == "Unhealthy" and view.config["health"].get("status_code") == 503:
        failing = ["%s: %s" % (name, entry["description"]) for name, entry in report["entries"].items()
                   if entry["status"] == "Unhealthy"]
        raise ApiError(503, "The service is unhealthy. " + " ".join(failing))
    return Response.json(200, report)


# ---------------------------------------------------------------- routing (appended to api.ROUTES)

_ID = r"(?P<%s>[^/]+)"
_V6_UP = frozenset((6, 7, 8))
_V7_UP = frozenset((7, 8))
_V8 = frozenset((8,))
_ORG = r"/organizations/" + _ID % "organization_id"
_REPO = r"/backuprepositories/" + _ID % "repository_id"
ROUTES = [
    # (method, versions, path pattern after /vN, handler, anonymous); literal paths before {id} ones.
    ("GET", _V6_UP, r"/organizations", list_organizations, False),
    ("GET", _V8, r"/organizations/syncstate", all_sync_states, False),
    ("GET", _V6_UP, _ORG, get_organization, False),
    ("GET", _V6_UP, _ORG + r"/usedrepositories", used_repositories, False),
    ("GET", _V6_UP, _ORG + r"/(?P<listing>users|groups|sites|teams)", tenant_listing, False),
    ("GET", _V7_UP, _ORG + r"/syncstate", sync_state, False),
    ("GET", _V6_UP, r"/backuprepositories", list_repositories, False),
    ("GET", _V6_UP, _REPO, get_repository, False),
    ("GET", _V6_UP, _REPO + r"/(?P<listing>userdata|groupdata|sitedata|teamdata)", backup_data, False),
    # v5 had UserData only (reference, protection-and-monitoring 1).
    ("GET", frozenset((5,)), _REPO + r"/(?P<listing>userdata)", backup_data, False),
    ("GET", _V6_UP, r"/proxies", list_proxies, False),
    ("GET", _V6_UP, r"/proxies/" + _ID % "proxy_id", get_proxy, False),
    ("GET", _V6_UP, r"/license", license_info, False),
    ("GET", _V6_UP, r"/licensedusers", licensed_users, False),
    ("GET", _V8, r"/health", health, True),
]
