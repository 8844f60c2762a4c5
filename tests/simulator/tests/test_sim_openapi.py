"""Every v6-v8 response body the simulator serves validates against the official OpenAPI documents.

The test drives each endpoint through the states that change a body's shape
(queued, running, finished, retried, stopped, errors, faults) and validates
each answer against the operation's response schema for its status code
(or `default`), with `nullable`, enums, required properties and the uuid /
date-time / int32 / int64 formats enforced.

`nullable` follows OAS 3.0.1, the documents' version: "allows sending a null
value for the defined schema", also when the schema has an `enum` (the
documents' nullable enums such as RESTExceptionInfo.errorCode list no null).
openapi-schema-validator applies the stricter 3.0.3 reading (null must be in
the enum), so the loaded documents get null added to their nullable enums.

Deliberate, documented exceptions (tests/simulator/README.md):
- 401 answers have an empty body (reference 2.6), not RESTExceptionInfo;
- the token response's .issued/.expires are RFC 1123 strings as OWIN writes
  them (reference 2.3), so `date-time` is not asserted on that one schema.
"""

import json
import re

import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from simtest import (ADATUM, CONTOSO, FABRIKAM, NORTHWIND, PASSWORD, PROXY_1, PROXY_2, REPO_ARCHIVE, REPO_CONTOSO,
                     REPO_FABRIKAM, REPO_NORTHWIND, REPOSITORIES, USERNAME, shared_path)


def _format_checker(without=()):
    checker = FormatChecker(())
    for name, check in oas30_format_checker.checkers.items():
        if name not in without:
            checker.checkers[name] = check
    return checker


FULL_FORMATS = _format_checker()
TOKEN_FORMATS = _format_checker(without=("date-time",))


def _allow_null_in_nullable_enums(node):
    if isinstance(node, dict):
        if node.get("nullable") is True and isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"].append(None)
        for value in node.values():
            _allow_null_in_nullable_enums(value)
    elif isinstance(node, list):
        for value in node:
            _allow_null_in_nullable_enums(value)


class Spec:
    """One OpenAPI document: finds the operation for a concrete request and validates its response."""

    def __init__(self, version):
        with open(shared_path("openapi", "vb365_rest_%s.json" % version), encoding="utf-8") as handle:
            self.document = json.load(handle)
        _allow_null_in_nullable_enums(self.document)
        self.uri = "urn:vb365:%s" % version
        self.registry = Registry().with_resource(self.uri, Resource.from_contents(self.document, DRAFT4))
        self.templates = []
        self.validators = {}
        for template in self.document["paths"]:
            pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
            # Literal segments win over parameters (JobSessions/Changes before JobSessions/{id}).
            self.templates.append((template.count("{"), template, re.compile(pattern + "$", re.IGNORECASE)))
        self.templates.sort()

    def validator(self, pointer, checker):
        key = (pointer, id(checker))
        if key not in self.validators:
            self.validators[key] = OAS30ReadValidator({"$ref": self.uri + "#" + pointer}, registry=self.registry,
                                                      format_checker=checker)
        return self.validators[key]

    def template(self, path):
        path = path.split("?")[0]
        for _params, template, pattern in self.templates:
            if pattern.match(path):
                return template
        raise AssertionError("no operation in the OpenAPI document for %s" % path)

    def schema_at(self, pointer):
        node = self.document
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def resolve(self, schema):
        while "$ref" in schema:
            schema = self.schema_at(schema["$ref"].split("#", 1)[1])
        if len(schema.get("allOf", ())) == 1 and "properties" not in schema:
            return self.resolve(schema["allOf"][0])
        return schema

    def undeclared(self, schema, instance, where=""):
        """Properties the schema does not declare (the documents never forbid them, so the validator
        alone would accept a misspelt field): the strict check of the inventory answers.  A required
        name counts as declared (SPEC6 requires itemType/repositoryId without declaring them)."""
        schema = self.resolve(schema)
        found = []
        if isinstance(instance, dict) and "properties" in schema:
            known = set(schema["properties"]) | set(schema.get("required", ()))
            for name, value in instance.items():
                if name not in known:
                    found.append("%s.%s" % (where, name))
                elif name in schema["properties"]:
                    found += self.undeclared(schema["properties"][name], value, "%s.%s" % (where, name))
        elif isinstance(instance, dict) and isinstance(schema.get("additionalProperties"), dict):
            for name, value in instance.items():
                found += self.undeclared(schema["additionalProperties"], value, "%s.%s" % (where, name))
        elif isinstance(instance, list) and "items" in schema:
            for index, value in enumerate(instance):
                found += self.undeclared(schema["items"], value, "%s[%d]" % (where, index))
        return found

    def errors(self, method, path, status, body, strict=False):
        template = self.template(path)
        responses = self.document["paths"][template][method.lower()]["responses"]
        key = str(status) if str(status) in responses else "default"
        content = responses[key].get("content")
        if not content:
            return [] if body == b"" else ["%s %s: unexpected body for %s" % (method, path, status)]
        media = "application/json" if "application/json" in content else "*/*"
        pointer = "/paths/%s/%s/responses/%s/content/%s/schema" % (
            template.replace("~", "~0").replace("/", "~1"), method.lower(), key, media.replace("/", "~1"))
        validator = self.validator(pointer, TOKEN_FORMATS if template.lower().endswith("/token") else FULL_FORMATS)
        instance = json.loads(body)
        found = ["%s %s -> %s: %s at %s" % (method, path, status, error.message, list(error.absolute_path))
                 for error in validator.iter_errors(instance)]
        if strict:
            found += ["%s %s -> %s: undeclared property %s" % (method, path, status, name)
                      for name in self.undeclared(self.schema_at(pointer), instance)]
        return found


class Recorder:
    """Performs requests and remembers every answer for validation."""

    def __init__(self, sim, version):
        self.sim = sim
        self.version = version
        self.samples = []

    def get(self, path):
        reply = self.sim.get("/%s/%s" % (self.version, path))
        self.samples.append(("GET", "/%s/%s" % (self.version, path), reply.status, reply.body))
        return reply

    def post(self, path, payload=None):
        reply = self.sim.post("/%s/%s" % (self.version, path), payload)
        self.samples.append(("POST", "/%s/%s" % (self.version, path), reply.status, reply.body))
        return reply

    def token(self, fields):
        reply = self.sim.token_request(self.version, fields)
        self.samples.append(("POST", "/%s/token" % self.version, reply.status, reply.body))
        return reply

    def statuses(self):
        return {status for _method, _path, status, _body in self.samples}


def exercise_auth(rec):
    fields = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    body = rec.token(fields).json()
    rec.token({"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    rec.token(dict(fields, password="wrong"))
    rec.token({"grant_type": "client_credentials"})
    if rec.version != "v6":
        extra = rec.token(fields).json()
        reply = rec.sim.raw("POST", "/%s/token/logout" % rec.version,
                            headers={"Authorization": "Bearer " + extra["access_token"]})
        rec.samples.append(("POST", "/%s/token/logout" % rec.version, reply.status, reply.body))
    rec.get("ServiceInstance")


def exercise_jobs(rec):
    jobs = rec.get("Jobs").json()
    jobs = jobs["results"] if rec.version == "v8" else jobs
    for job in jobs:
        rec.get("Jobs/" + job["id"])
        if rec.version == "v6":
            rec.get("Jobs/%s/JobSessions?limit=5" % job["id"])
    if rec.version == "v8":
        rec.get("Jobs?limit=2&offset=2")
    copies = rec.get("CopyJobs").json()
    copies = copies["results"] if rec.version == "v8" else copies
    for copy in copies:
        rec.get("CopyJobs/" + copy["id"])
    return jobs, copies


def exercise_sessions(rec):
    sessions = rec.get("JobSessions?limit=10000").json()["results"]
    for query in ("", "?offset=30", "?limit=5&offset=7", "?jobType=Copy", "?endTimeLowerBound=2020-01-01T00:00:00Z",
                  "?endTimeUpperBound=2020-01-01", "?jobId=%s" % sessions[0]["_links"]["job"]["href"][-36:],
                  "?status=Succeeded", "?status=Running"):
        rec.get("JobSessions" + query)
    for session in sessions:
        rec.get("JobSessions/" + session["id"])
        items = rec.get("JobSessions/%s/LogItems" % session["id"]).json()["results"]
        if items:
            rec.get("JobSessions/%s/LogItems/%s" % (session["id"], items[-1]["id"]))
        if rec.version != "v6":
            rec.get("JobSessions/%s/ProcessedObjects" % session["id"])
    if rec.version == "v8":
        rec.get("JobSessions/%s/LogItems?type=Success&orderAsc=false&limit=2" % sessions[-1]["id"])
    if rec.version != "v6":
        # The 12,345 objects of the OneDrive initial full run: a page across 10,000 and an empty one past the end.
        rec.get("JobSessions/ad5646ce-a53e-5200-8867-beaadcac45fe/ProcessedObjects?offset=9990&limit=20")
        rec.get("JobSessions/ad5646ce-a53e-5200-8867-beaadcac45fe/ProcessedObjects?offset=20000")
    return sessions


def exercise_actions(rec, jobs, copies):
    job = next(job for job in jobs if job["name"] == "OneDrive - Weekly")
    disabled = next(job for job in jobs if not job["isEnabled"])
    # Its run fails and is retried automatically: the failed session and the retry must validate too.
    rec.sim.admin("POST", "config", {"job_retries": {job["id"]: {"after": 1}}})
    rec.post("Jobs/%s/start" % job["id"], {"full": False})
    rec.post("Jobs/%s/start" % job["id"], {"full": False})      # conflict: already running
    rec.post("Jobs/%s/start" % disabled["id"], {"full": True})  # conflict: disabled
    rec.post("Jobs/%s/stop" % job["id"])
    rec.post("Jobs/%s/disable" % job["id"])
    rec.post("Jobs/%s/enable" % job["id"])
    rec.post("CopyJobs/%s/stop" % copies[0]["id"])
    rec.post("CopyJobs/%s/start" % copies[0]["id"], {"full": False})
    rec.post("CopyJobs/%s/disable" % copies[0]["id"])
    rec.post("CopyJobs/%s/enable" % copies[0]["id"])
    rec.post("CopyJobs/%s/start" % copies[1]["id"])


def exercise_errors(rec):
    rec.get("JobSessions/00000000-0000-0000-0000-000000000001")
    rec.get("JobSessions/not-a-guid")
    rec.get("JobSessions?limit=0")
    rec.get("Jobs/00000000-0000-0000-0000-000000000001")
    rec.get("JobSessions/00000000-0000-0000-0000-000000000001/LogItems")
    rec.sim.admin("POST", "config", {"deny_log_items": True})
    session = rec.get("JobSessions?limit=1").json()["results"][0]
    assert rec.get("JobSessions/%s/LogItems" % session["id"]).status == 403
    rec.sim.admin("POST", "config", {"deny_log_items": False})
    if rec.version != "v6":
        rec.get("JobSessions/00000000-0000-0000-0000-000000000001/ProcessedObjects")
        rec.sim.admin("POST", "config", {"deny_processed_objects": True})
        assert rec.get("JobSessions/%s/ProcessedObjects" % session["id"]).status == 403
        rec.sim.admin("POST", "config", {"deny_processed_objects": False})
    rec.sim.admin("POST", "faults", {"path": "jobsessions", "times": 1, "status": 503, "retry_after": "1"})
    rec.get("JobSessions")


def test_format_checks_are_active():
    """date-time and uuid checks depend on optional packages: make sure they really assert."""
    assert not FULL_FORMATS.conforms("2024-13-45", "date-time")
    assert not FULL_FORMATS.conforms("not-a-uuid", "uuid")
    assert FULL_FORMATS.conforms("2019-02-04T16:49:22.8529769Z", "date-time")


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_responses_validate_against_openapi(sim, version):
    spec = Spec(version)
    rec = Recorder(sim, version)
    exercise_auth(rec)
    jobs, copies = exercise_jobs(rec)
    # Three moments: live sessions queued/running at start, finished later; started jobs in between.
    exercise_sessions(rec)
    exercise_actions(rec, jobs, copies)
    sim.admin("POST", "clock", {"advance": 3})
    exercise_sessions(rec)
    sim.admin("POST", "clock", {"advance": 120})
    exercise_jobs(rec)
    exercise_sessions(rec)
    exercise_errors(rec)
    assert {200, 400, 403, 404, 503} <= rec.statuses()
    # The automatic retry of the OneDrive run (job_retries) was among the validated bodies.
    assert any(b'"retryCount":1' in body and b"cf87936e-4b65-50c2-8a43-0f09d39d19f2" in body
               for _method, path, _status, body in rec.samples if "/JobSessions/" in path)
    assert len(rec.samples) > 500
    errors = [error for sample in rec.samples for error in spec.errors(*sample)]
    assert errors == [], "\n".join(errors[:20])


# ---------------------------------------------------------------- the inventory (organizations ... health)

def _results(reply):
    body = reply.json()
    return body["results"] if isinstance(body, dict) else body


def exercise_organizations(rec):
    version = rec.version
    for query in ("", "?extendedView=true", "?extendedView=false"):
        rec.get("Organizations" + query)
    if version == "v8":
        rec.get("Organizations?limit=1&offset=1")
        msid = _results(rec.get("Organizations"))[0]["msid"]
        rec.get("Organizations?msid=%s" % msid)
    for tenant in (CONTOSO, FABRIKAM, NORTHWIND):
        rec.get("Organizations/%s?extendedView=true" % tenant)
        rec.get("Organizations/%s/usedRepositories" % tenant)
        for listing in ("Users", "Groups", "Sites", "Teams"):
            page = rec.get("Organizations/%s/%s?limit=40" % (tenant, listing)).json()
            rec.get("Organizations/%s/%s?limit=40&offset=40&setId=%s" % (tenant, listing, page["setId"]))
        rec.get("Organizations/%s/Sites?includePersonalSites=true&limit=200" % tenant)
        if version != "v6":
            rec.get("Organizations/%s/SyncState" % tenant)
            for source in ("Production", "PreferLocalResynced", "PreferLocal"):
                rec.get("Organizations/%s/Users?dataSource=%s&limit=20" % (tenant, source))
    if version == "v8":
        rec.get("Organizations/SyncState")


def exercise_repositories(rec):
    for query in ("", "?longTerm=true", "?proxyId=%s" % PROXY_1):
        rec.get("BackupRepositories" + query)
    if rec.version == "v8":
        rec.get("BackupRepositories?organizationId=%s&limit=2" % NORTHWIND)
    for repository in REPOSITORIES:
        rec.get("BackupRepositories/%s" % repository)
        for listing in ("UserData", "GroupData", "SiteData", "TeamData"):
            rec.get("BackupRepositories/%s/%s?limit=40" % (repository, listing))
    rec.get("BackupRepositories/%s/UserData?offset=10480&limit=40" % REPO_NORTHWIND)


def exercise_server(rec):
    for query in ("", "?extendedView=true", "?extendedView=false"):
        rec.get("Proxies" + query)
    rec.get("Proxies/%s" % PROXY_2)
    rec.get("License")
    rec.get("LicensedUsers?limit=60")
    rec.get("LicensedUsers?limit=60&offset=10480")
    rec.get("LicensedUsers?name=*%%40fabrikam*&organizationId=%s" % FABRIKAM)
    if rec.version == "v8":
        reply = rec.sim.raw("GET", "/v8/Health")    # anonymous
        rec.samples.append(("GET", "/v8/Health", reply.status, reply.body))


def exercise_inventory_errors(rec):
    rec.get("Organizations/%s" % ADATUM)
    rec.get("Organizations/not-a-guid/Users")
    rec.get("Organizations/%s/Users?setId=%s" % (CONTOSO, ADATUM))
    rec.get("BackupRepositories/%s/UserData?limit=0" % REPO_CONTOSO)
    rec.get("BackupRepositories/%s" % ADATUM)
    rec.get("Proxies/%s" % ADATUM)
    if rec.version != "v6":
        rec.get("Organizations/%s/Users?dataSource=Cloud" % CONTOSO)


SWITCHED = {
    "tenants": {"*": {"stale_days": 10}, CONTOSO: {"stale_days": 40, "sync_failed": True}},
    "repositories": {REPO_CONTOSO: {"full": True, "out_of_sync": True, "outdated": True, "out_of_order": True},
                     REPO_NORTHWIND: {"full": True, "missing_object_storage": False},
                     REPO_ARCHIVE: {"missing_object_storage": True, "capacity_bytes": -1, "free_space_bytes": 0},
                     REPO_FABRIKAM: {"data_proxy_offline": True}},
    "proxies": {PROXY_2: {"offline": True}, PROXY_1: {"maintenance": "Enabled", "cpu_percent": 99.5}},
    "license": {"grace": True, "exceeded": 25},
    "health": {"unhealthy": ["nats"], "status_code": 503},
}


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_inventory_responses_validate_against_openapi(sim, version):
    """Every inventory answer, with and without the switches, validates and declares no unknown property."""
    spec = Spec(version)
    rec = Recorder(sim, version)
    exercise_organizations(rec)
    exercise_repositories(rec)
    exercise_server(rec)
    exercise_inventory_errors(rec)
    sim.admin("POST", "config", SWITCHED)
    exercise_organizations(rec)
    exercise_repositories(rec)
    exercise_server(rec)
    sim.admin("POST", "config", {"license": {"dates": "year1"}, "health": {"unhealthy": True}})
    rec.get("License")
    exercise_server(rec)
    sim.admin("POST", "config", {"license": {"dates": "year9999", "expires_in_days": 12}})
    rec.get("License")
    statuses = rec.statuses()
    assert {200, 400, 404, 500} <= statuses and (version != "v8" or 503 in statuses), statuses
    assert len(rec.samples) > 150
    errors = [error for sample in rec.samples for error in spec.errors(*sample, strict=True)]
    assert errors == [], "\n".join(errors[:20])


def test_inventory_validation_catches_a_wrong_field(sim):
    """The check above would fail on a wrong type, a wrong enum value or a misspelt property."""
    spec = Spec("v8")
    reply = sim.get("/v8/BackupRepositories/%s/UserData?limit=1" % REPO_CONTOSO)
    path = "/v8/BackupRepositories/%s/UserData" % REPO_CONTOSO
    assert spec.errors("GET", path, 200, reply.body, strict=True) == []
    for change in ({"isMailboxBackedUp": "yes"}, {"itemType": "Mailboxes"}, {"mailboxBackedUpTime": "yesterday"},
                   {"mailboxBackupTime": None}):
        body = reply.json()
        body["results"][0].update(change)
        assert spec.errors("GET", path, 200, json.dumps(body).encode(), strict=True), change
