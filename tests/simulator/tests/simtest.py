"""Helpers shared by the simulator tests: constants and a minimal HTTPS client."""

import http.client
import json
import os
import ssl
from urllib.parse import urlencode

import pytest

SIM_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(os.path.dirname(SIM_ROOT))
# Copies of the shared reference (OpenAPI documents, seed page) kept with the simulator.
REFERENCE = os.path.join(SIM_ROOT, "reference")
SEED_DATA = os.path.join(SIM_ROOT, "data", "seed.json")
USERNAME = "CORP\\vbo-admin"
PASSWORD = "Veeam-Sim-Passw0rd!"
SEED_SESSION = "a8cf9a63-64c3-4748-9c95-b1fbac0cce1d"
SEED_JOB = "b20cedd4-66b2-49b1-86de-a575dc67e83b"

# The seed inventory (data/inventory.json, README "Inventory data").
CONTOSO = "a21a5622-7fb2-49ec-b2b2-393da59fbed2"
FABRIKAM = "35ccbd19-add3-5f4e-9455-21d30e7ffd6f"
NORTHWIND = "c679d406-9bbf-5c54-a028-17155068f851"
ADATUM = "e2cba96a-0a2b-5fe2-ac90-a85cce467c7d"          # removed organization: data only in REPO_RETIRED
REPO_RETIRED = "2d26c103-61a1-583f-939b-ec1e4fa08251"    # local, proxy 2
REPO_CONTOSO = "ce19de31-329d-4f0f-b85e-4424cc2e6821"    # local, proxy 1 (the jobs' repository)
REPO_ARCHIVE = "e298eff8-bfda-54e7-a80c-141c2646dd4e"    # Azure Blob Archive, long-term, proxy 1
REPO_FABRIKAM = "22d43e3f-f8f9-5da1-b279-710b773f3f7e"   # local, proxy 2
REPO_NORTHWIND = "ca9cd9a1-0147-57e7-90d2-5ca276d1b835"  # Amazon S3, immutable, proxy 3, 10,500 users
PROXY_1 = "a74db60b-d06e-588a-b6ce-280627847e07"
PROXY_2 = "3bc26a2c-ea5c-53c7-9d5b-e7c893527203"
PROXY_3 = "accd41bb-1016-576b-af58-909e0d7d98cd"
REPOSITORIES = (REPO_RETIRED, REPO_CONTOSO, REPO_ARCHIVE, REPO_FABRIKAM, REPO_NORTHWIND)


def shared_path(*parts):
    """A file of the reference copies in tests/simulator/reference/; missing means a broken checkout: fail."""
    path = os.path.join(REFERENCE, *parts)
    if not os.path.exists(path):
        pytest.fail("%s is missing: the simulator tests need tests/simulator/reference/ (reference and seed document)" % path)
    return path


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name.lower())


class Client:
    """Minimal HTTPS client (stdlib only) that verifies the simulator's certificate against its CA."""

    def __init__(self, handle):
        self.handle = handle
        self.context = ssl.create_default_context(cafile=handle.ca_path)
        self.tokens = {}

    def raw(self, method, path, body=None, headers=None, timeout=10):
        connection = http.client.HTTPSConnection(self.handle.host, self.handle.port, context=self.context,
                                                 timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def token_request(self, version, fields, as_json=False):
        if as_json:
            body, kind = json.dumps(fields), "application/json"
        else:
            body, kind = urlencode(fields), "application/x-www-form-urlencoded"
        return self.raw("POST", "/%s/token" % version, body, {"Content-Type": kind})

    def login(self, version="v8"):
        fields = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
        if version in ("v7", "v8"):
            fields["disable_antiforgery_token"] = "true"
        reply = self.token_request(version, fields)
        assert reply.status == 200, reply.body
        return reply.json()

    def token(self, version):
        if version not in self.tokens:
            self.tokens[version] = self.login(version)["access_token"]
        return self.tokens[version]

    def get(self, path, version=None, **kwargs):
        """GET with a bearer token for the path's version."""
        version = version or path.split("/")[1].lower()
        headers = {"Authorization": "Bearer " + self.token(version)}
        return self.raw("GET", path, headers=headers, **kwargs)

    def post(self, path, payload=None, version=None):
        version = version or path.split("/")[1].lower()
        headers = {"Authorization": "Bearer " + self.token(version), "Content-Type": "application/json"}
        return self.raw("POST", path, None if payload is None else json.dumps(payload), headers)

    def admin(self, method, name, payload=None):
        reply = self.raw(method, "/_sim/" + name, None if payload is None else json.dumps(payload),
                         {"Content-Type": "application/json"})
        assert reply.status in (200, 204), reply.body
        return reply.json() if reply.body else None

    def reset(self):
        self.admin("POST", "reset")
        self.tokens.clear()
