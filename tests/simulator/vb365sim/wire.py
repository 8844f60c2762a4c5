"""Transport-neutral request and response objects shared by the API, admin API and server."""

import json
from urllib.parse import parse_qsl

JSON_TYPE = "application/json; charset=utf-8"


def dump_json(obj):
    """Compact UTF-8 JSON, as ASP.NET writes it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class ApiError(Exception):
    """An error answered in the version's RESTExceptionInfo shape; `code` is v8's errorCode."""

    def __init__(self, status, message, code=None, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = list(headers)


class Request:
    def __init__(self, method, path, query_string, headers, body, base_url):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.base_url = base_url
        self.version = None
        self.user = None
        # Query parameter names are matched case-insensitively, like ASP.NET model binding;
        # the last occurrence of a repeated name wins.
        self.raw_query = parse_qsl(query_string, keep_blank_values=True)
        self.query = {name.lower(): value for name, value in self.raw_query}
        self.log = {}

    def param(self, name):
        """A query parameter by case-insensitive name; empty values count as absent (bound to null)."""
        value = self.query.get(name.lower())
        return value if value not in (None, "") else None

    def content_type(self):
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def json_body(self):
        """The body parsed as JSON, None when empty; ApiError 400 when malformed."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ApiError(400, "The request body is not valid JSON: %s" % exc, "ParameterValidationFailure") from exc

    def body_keys(self):
        """Names of the form or JSON-object fields in the body, for the request log (never values)."""
        try:
            return sorted(self.fields()) if self.body.strip() else []
        except ApiError:
            return []

    def fields(self):
        """Token-request fields from a form-encoded or JSON body."""
        if self.content_type() == "application/json":
            body = self.json_body()
            if not isinstance(body, dict):
                raise ApiError(400, "The request body must be a JSON object.", "ParameterValidationFailure")
            return body
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


class Response:
    def __init__(self, status, body=b"", content_type=None, headers=(), writer=None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list(headers)
        # A hostile answer that writes itself to the connection: writer(handler, sim) (hostile.py).
        self.writer = writer

    @classmethod
    def json(cls, status, obj, headers=()):
        return cls(status, dump_json(obj), JSON_TYPE, headers)

    @classmethod
    def empty(cls, status, headers=()):
        return cls(status, b"", None, headers)
