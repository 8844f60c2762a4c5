"""The inventory switches (/_sim/config keys tenants, repositories, proxies, license, health) and the
generic switches and fault rules on the inventory endpoints."""

import json

import pytest

from simtest import (CONTOSO, FABRIKAM, NORTHWIND, PROXY_1, PROXY_2, REPO_ARCHIVE, REPO_CONTOSO, REPO_FABRIKAM,
                     REPO_NORTHWIND, REPO_RETIRED)
from vb365sim.clock import TICKS_PER_SECOND, parse_iso

USED = 10517   # licensed users of the seed inventory


def results(reply):
    assert reply.status == 200, reply.body[:300]
    body = reply.json()
    return body["results"] if isinstance(body, dict) else body


def config(sim, **changes):
    return sim.admin("POST", "config", changes)


def days_until(sim, stamp):
    now = parse_iso(sim.admin("GET", "clock")["now"])
    return (parse_iso(stamp) - now) / TICKS_PER_SECOND / 86400


def user(sim, repository, email, version="v8"):
    users = results(sim.get("/%s/BackupRepositories/%s/UserData?limit=100" % (version, repository)))
    return next(item for item in users if item["email"] == email)


def test_config_is_validated_and_reset(sim):
    defaults = sim.admin("GET", "config")
    assert {key: defaults[key] for key in ("tenants", "repositories", "proxies", "license", "health")} == {
        "tenants": {}, "repositories": {}, "proxies": {}, "license": {}, "health": {}}
    for change in ({"tenants": {"00000000-0000-0000-0000-000000000001": {"stale_days": 3}}},
                   {"tenants": {CONTOSO: {"stale": 3}}}, {"tenants": {CONTOSO: {"stale_days": "3"}}},
                   {"tenants": [CONTOSO]}, {"repositories": {REPO_CONTOSO: {"full": "yes"}}},
                   {"repositories": {REPO_CONTOSO: {"capacity_bytes": 1.5}}},
                   {"proxies": {PROXY_1: {"maintenance": "On"}}}, {"license": {"dates": "year2"}},
                   {"license": {"exceeded": -1}}, {"health": {"unhealthy": ["postgres"]}},
                   {"health": {"status_code": 500}}):
        reply = sim.raw("POST", "/_sim/config", json.dumps(change), {"Content-Type": "application/json"})
        assert reply.status == 400, change
    # Ids in any case, "*" for all.
    done = config(sim, tenants={CONTOSO.upper(): {"stale_days": 2}, "*": {"sync_failed": "boom"}})
    assert done["tenants"] == {CONTOSO: {"stale_days": 2}, "*": {"sync_failed": "boom"}}
    sim.reset()
    assert sim.admin("GET", "config")["tenants"] == {}


def test_stale_tenant_and_all_tenants(sim):
    adele = "adele.vance@contoso.onmicrosoft.com"
    fresh = user(sim, REPO_CONTOSO, adele)["mailboxBackedUpTime"]
    config(sim, tenants={CONTOSO: {"stale_days": 10}})
    stale = user(sim, REPO_CONTOSO, adele)["mailboxBackedUpTime"]
    assert (parse_iso(fresh) - parse_iso(stale)) == 10 * 86400 * TICKS_PER_SECOND
    assert days_until(sim, sim.get("/v8/Organizations/%s?extendedView=true" % CONTOSO).json()["lastBackuptime"]) < -10
    fabrikam = results(sim.get("/v8/BackupRepositories/%s/UserData?limit=1" % REPO_FABRIKAM))[0]
    assert -1.2 < days_until(sim, fabrikam["mailboxBackedUpTime"]) < -1
    # "*": every tenant (the removed one too); a tenant's own entry wins.
    config(sim, tenants={"*": {"stale_days": 3}, FABRIKAM: {"stale_days": 0}})
    northwind = results(sim.get("/v8/BackupRepositories/%s/UserData?limit=1" % REPO_NORTHWIND))[0]
    assert -3.2 < days_until(sim, northwind["mailboxBackedUpTime"]) < -3
    fabrikam = results(sim.get("/v8/BackupRepositories/%s/UserData?limit=1" % REPO_FABRIKAM))[0]
    assert -1.2 < days_until(sim, fabrikam["mailboxBackedUpTime"]) < -1
    retired = results(sim.get("/v8/BackupRepositories/%s/UserData" % REPO_RETIRED))[-1]
    assert -23.2 < days_until(sim, retired["mailboxBackedUpTime"]) < -23
    # 40 days without a backup: Contoso's users lose their licence (31 days), the removed tenant's too at 12.
    config(sim, tenants={CONTOSO: {"stale_days": 40}, "e2cba96a-0a2b-5fe2-ac90-a85cce467c7d": {"stale_days": 12}})
    assert sim.get("/v8/License").json()["usedNumber"] == USED - 8 - 4
    assert results(sim.get("/v8/LicensedUsers?organizationId=%s" % CONTOSO)) == []


def test_sync_failed(sim):
    config(sim, tenants={FABRIKAM: {"sync_failed": True}, CONTOSO: {"sync_failed": "Token expired (AADSTS700082)"}})
    v7 = sim.get("/v7/Organizations/%s/SyncState" % FABRIKAM).json()
    assert v7["status"] == "Error" and "(401) Unauthorized" in v7["error"]
    states = sim.get("/v8/Organizations/SyncState").json()
    assert [state["lastSyncState"]["result"] for state in states] == ["Error", "Error", "Success"]
    assert states[0]["lastSyncState"]["error"] == "Token expired (AADSTS700082)"
    before = states[0]["lastSyncState"]["endTime"]
    # A resync that cannot synchronise leaves the cache (and the last sync) as they were.
    resynced = results(sim.get("/v8/Organizations/%s/Users?dataSource=PreferLocalResynced" % CONTOSO))
    assert len(resynced) == 9
    assert sim.get("/v8/Organizations/%s/SyncState" % CONTOSO).json()["lastSyncState"]["endTime"] == before


def test_license_switches(sim):
    config(sim, license={"expires_in_days": 12})
    v8 = sim.get("/v8/License").json()
    assert v8["status"] == "Valid" and 11.9 < days_until(sim, v8["licenseExpires"]) < 12.1
    config(sim, license={"expires_in_days": -5})
    v8 = sim.get("/v8/License").json()
    assert v8["status"] == "Expired" and 24.9 < days_until(sim, v8["gracePeriodExpires"]) < 25.1
    config(sim, license={"grace": True})
    v8, v6 = sim.get("/v8/License").json(), sim.get("/v6/License").json()
    assert v8["status"] == v6["status"] == "Expired" and days_until(sim, v8["gracePeriodExpires"]) > 26
    assert days_until(sim, v6["expirationDate"]) < -2.9
    config(sim, license={"exceeded": 25})
    v8 = sim.get("/v8/License").json()
    assert (v8["totalNumber"], v8["usedNumber"]) == (USED - 25, USED)
    tail = results(sim.get("/v8/LicensedUsers?offset=%d&limit=100" % (USED - 30)))
    assert [row["licenseState"] for row in tail] == ["Licensed"] * 5 + ["Exceeded"] * 25
    assert not any(row["isBackedUp"] for row in tail[5:])
    config(sim, license={"dates": "year1"})
    assert sim.get("/v8/License").json()["licenseExpires"] == "0001-01-01T00:00:00Z"
    v6 = sim.get("/v6/License").json()
    assert v6["expirationDate"] == v6["supportExpirationDate"] == "0001-01-01T00:00:00Z" and v6["status"] == "Expired"
    config(sim, license={"dates": "year9999"})
    v8 = sim.get("/v8/License").json()
    assert v8["gracePeriodExpires"] == "9999-12-31T23:59:59.9999999Z" and v8["status"] == "Valid"


def test_repository_switches(sim):
    config(sim, repositories={REPO_CONTOSO: {"full": True, "out_of_sync": True, "outdated": True,
                                             "out_of_order": "Repository database is corrupted"},
                              REPO_NORTHWIND: {"full": True},
                              REPO_ARCHIVE: {"missing_object_storage": True},
                              REPO_FABRIKAM: {"capacity_bytes": -1, "free_space_bytes": 10**30}})
    local = sim.get("/v8/BackupRepositories/%s" % REPO_CONTOSO).json()
    assert local["freeSpaceBytes"] == local["capacityBytes"] // 200
    assert (local["isOutOfSync"], local["isOutdated"], local["isOutOfOrder"]) == (True, True, True)
    assert local["outOfOrderReason"] == "Repository database is corrupted"
    assert sim.get("/v6/BackupRepositories/%s" % REPO_CONTOSO).json()["isOutOfSync"] is True
    storage = sim.get("/v8/BackupRepositories/%s" % REPO_NORTHWIND).json()["objectStorage"]
    assert storage["freeSpaceBytes"] == storage["sizeLimitGB"] * 2**30 // 200
    assert "objectStorage" not in sim.get("/v8/BackupRepositories/%s" % REPO_ARCHIVE).json()
    assert sim.get("/v7/BackupRepositories/%s" % REPO_ARCHIVE).json()["objectStorageId"] is None
    hostile = sim.get("/v7/BackupRepositories/%s" % REPO_FABRIKAM)
    assert b'"capacityBytes":-1,"freeSpaceBytes":1000000000000000000000000000000' in hostile.body
    config(sim, repositories={REPO_NORTHWIND: {"used_space_bytes": 5}})
    storage = sim.get("/v8/BackupRepositories/%s" % REPO_NORTHWIND).json()["objectStorage"]
    assert (storage["usedSpaceBytes"], storage["freeSpaceBytes"]) == (5, 20480 * 2**30 - 5)
    config(sim, repositories={"*": {"out_of_order": True}})
    reasons = {repo["outOfOrderReason"] for repo in results(sim.get("/v8/BackupRepositories"))}
    assert len(reasons) == 1 and "corrupted" in reasons.pop()


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_offline_proxy_error_on_backed_up_data(sim, version):
    config(sim, repositories={REPO_FABRIKAM: {"data_proxy_offline": True}})
    reply = sim.get("/%s/BackupRepositories/%s/GroupData" % (version, REPO_FABRIKAM))
    assert reply.status == 500
    body = reply.json()
    assert "vbo-proxy02.corp.local" in body["message"]
    assert body == {"v6": {"message": body["message"]}, "v7": {"message": body["message"], "errorCode": "ProxyOffline"},
                    "v8": {"message": body["message"], "errorCode": "ProxyOffline", "stackTrace": None}}[version]
    assert sim.get("/%s/BackupRepositories/%s/UserData" % (version, REPO_RETIRED)).status == 200   # same proxy
    assert sim.get("/%s/BackupRepositories/%s" % (version, REPO_FABRIKAM)).status == 200
    used = results(sim.get("/%s/Organizations/%s/usedRepositories" % (version, FABRIKAM)))[0]
    assert used["isAvailable"] is False and "offline" in used["details"]


def test_proxy_switches(sim):
    config(sim, proxies={PROXY_2: {"offline": True}, PROXY_1: {"maintenance": "Enabled", "cpu_percent": 97.5,
                                                               "memory_percent": 99}})
    proxies = results(sim.get("/v8/Proxies"))
    assert [proxy["status"] for proxy in proxies] == ["Online", "Offline", "Online"]
    assert proxies[1]["cpuUsagePercent"] is None and proxies[1]["memoryUsagePercent"] is None
    assert (proxies[0]["maintenanceModeState"], proxies[0]["cpuUsagePercent"], proxies[0]["memoryUsagePercent"]) == (
        "Enabled", 97.5, 99)
    # extendedView asks the proxy: nothing extra from an offline one.
    assert "threadsNumber" not in sim.get("/v7/Proxies/%s?extendedView=true" % PROXY_2).json()
    assert "threadsNumber" in sim.get("/v7/Proxies/%s?extendedView=true" % PROXY_1).json()
    assert "isBackedup" not in sim.get("/v6/Organizations/%s" % FABRIKAM).json()
    assert "isBackedup" in sim.get("/v6/Organizations/%s" % CONTOSO).json()
    # Backed-up data is read through the repository's proxy.
    assert sim.get("/v7/BackupRepositories/%s/UserData" % REPO_RETIRED).json()["errorCode"] == "ProxyOffline"
    assert sim.get("/v7/BackupRepositories/%s/UserData" % REPO_CONTOSO).status == 200


def test_health_switches(sim):
    config(sim, health={"unhealthy": True})
    report = sim.raw("GET", "/v8/Health").json()
    assert report["status"] == "Unhealthy"
    assert [entry["status"] for entry in report["entries"].values()] == ["Unhealthy", "Unhealthy"]
    config(sim, health={"unhealthy": ["nats"]})
    entries = sim.raw("GET", "/v8/Health").json()["entries"]
    assert entries["configurationDb"]["status"] == "Healthy" and "NATS" in entries["nats"]["description"]
    config(sim, health={"unhealthy": ["nats"], "status_code": 503})
    reply = sim.raw("GET", "/v8/Health")
    assert reply.status == 503 and reply.json()["errorCode"] is None and "nats" in reply.json()["message"]
    config(sim, health={"status_code": 503})
    assert sim.raw("GET", "/v8/Health").status == 200


def test_generic_switches_on_inventory(sim):
    config(sim, nulls=True)
    assert results(sim.get("/v8/BackupRepositories/%s/UserData?limit=1" % REPO_CONTOSO))[0]["displayName"] is None
    assert results(sim.get("/v8/Proxies"))[0]["status"] is None
    assert sim.get("/v6/License").json()["totalNumber"] is None
    config(sim, nulls=False, unknown_enums="Degraded")
    assert results(sim.get("/v8/Proxies"))[0]["status"] == "Degraded"
    assert results(sim.get("/v8/LicensedUsers?limit=1"))[0]["licenseState"] == "Degraded"
    assert sim.raw("GET", "/v8/Health").json()["status"] == "Degraded"
    assert results(sim.get("/v7/BackupRepositories/%s/TeamData" % REPO_CONTOSO))[0]["itemType"] == "Degraded"
    config(sim, unknown_enums=False, numeric_strings=True)
    repo = sim.get("/v8/BackupRepositories/%s" % REPO_NORTHWIND).json()
    assert isinstance(repo["objectStorage"]["usedSpaceBytes"], str) and repo["capacityBytes"] is None
    assert sim.get("/v8/License").json()["usedNumber"] == str(USED)


def test_paging_fault_rules_on_inventory_pages(sim):
    sim.admin("POST", "faults", [{"path": "UserData", "paging": "ignore_offset"},
                                 {"path": "/Users$", "paging": "repeat"},
                                 {"path": "LicensedUsers", "paging": "always_next"},
                                 {"path": "Proxies", "oversize": 1000},
                                 {"path": "TeamData", "override": {"displayName": "Hijacked"}}])
    page = sim.get("/v8/BackupRepositories/%s/UserData?offset=30&limit=10" % REPO_NORTHWIND).json()
    assert page["offset"] == 0 and page["_links"]["next"]["href"].endswith("?offset=10&limit=10")
    first = sim.get("/v8/Organizations/%s/Users?limit=5" % NORTHWIND).json()
    again = sim.get("/v8/Organizations/%s/Users?limit=5&offset=5&setId=%s" % (NORTHWIND, first["setId"])).json()
    assert again["offset"] == 5 and [item["id"] for item in again["results"]] == [
        item["id"] for item in first["results"]]
    assert "setId=%s" % first["setId"] in again["_links"]["next"]["href"]
    last = sim.get("/v8/LicensedUsers?offset=%d&limit=10" % USED).json()
    assert last["results"] == [] and "next" in last["_links"]
    assert len(sim.get("/v8/Proxies").body) == 1000
    assert {team["displayName"] for team in results(sim.get("/v8/BackupRepositories/%s/TeamData" % REPO_CONTOSO))} == {
        "Hijacked"}
    # override also reaches the items of a bare array (v6/v7 lists).
    sim.admin("POST", "faults", {"path": "BackupRepositories$", "override": {"freeSpaceBytes": -5}})
    assert {repo["freeSpaceBytes"] for repo in sim.get("/v7/BackupRepositories").json()} == {-5}
