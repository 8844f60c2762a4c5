"""data/hostile-text.json: Jinja2 template text served verbatim on every version, markers, OpenAPI validity."""

import json
import os
import re

import pytest

from simtest import SIM_ROOT, Client
from test_sim_openapi import Recorder, Spec
from vb365sim import process

HOSTILE_DATA = os.path.join(SIM_ROOT, "data", "hostile-text.json")
EXPRESSION_JOB = "e575af0d-251a-528c-8d0a-962203191714"     # name with {{ lookup(...) }}, newest run Failed
HEADER_JOB = "8a48e61c-d4df-5c61-920f-df13f61c49f1"         # name in the #jinja2: header form, newest run Success
SEVEN_JOB = "9be43021-e33e-5bbd-83fd-dc18e6750e5c"          # named exactly {{ 7*7 }}
ORDINARY_JOB = "b485f494-4fef-5cc2-8509-e1168a5ed461"       # "Exchange Online - Daily"
COPY_JOB = "44f14477-7a52-5068-874d-30444d8476f2"
FAILED_SESSION = "9009e80d-b0b4-5140-9474-542492f033a2"
LABELS = {"Success": "Success", "Warning": "Warning", "Error": "Failed", "Stop": "Stopped", "Running": "Running"}


@pytest.fixture(scope="module", name="markers")
def fixture_markers(tmp_path_factory):
    return str(tmp_path_factory.mktemp("markers"))


@pytest.fixture(scope="module", name="hostile_process")
def fixture_hostile_process(tmp_path_factory, markers):
    with process.start(tmp_path_factory.mktemp("hostile"), data=HOSTILE_DATA, marker_dir=markers) as handle:
        yield handle


@pytest.fixture(name="hostile")
def fixture_hostile(hostile_process):
    client = Client(hostile_process)
    client.reset()
    return client


@pytest.fixture(scope="module", name="document")
def fixture_document(markers):
    """The data file as the server sees it: @MARKER_DIR@ replaced by the marker directory."""
    with open(HOSTILE_DATA, encoding="utf-8") as handle:
        return json.loads(handle.read().replace("@MARKER_DIR@", markers.replace("\\", "\\\\")))


def items(body):
    return body["results"] if isinstance(body, dict) else body


def test_markers_list_every_lookup_and_nothing_was_created(document, markers):
    text = json.dumps({key: document[key] for key in ("jobs", "sessions")}, ensure_ascii=False)
    touched = set(re.findall(r"touch %s/([a-z0-9-]+)" % re.escape(markers), text))
    assert touched == set(document["markers"]) and len(touched) >= 25
    assert "@MARKER_DIR@" not in text
    assert os.path.isdir(markers) and os.listdir(markers) == []


@pytest.mark.parametrize("version", ["v5", "v6", "v7", "v8"])
def test_jobs_are_served_verbatim(hostile, document, version):
    served = {job["id"]: job for job in items(hostile.get("/%s/Jobs" % version).json())}
    backup = [job for job in document["jobs"] if job["type"] == "Backup"]
    assert set(served) == {job["id"] for job in backup}
    for job in backup:
        assert (served[job["id"]]["name"], served[job["id"]]["description"]) == (job["name"], job["description"])
        assert hostile.get("/%s/Jobs/%s" % (version, job["id"])).json()["name"] == job["name"]
    assert served[SEVEN_JOB]["name"] == "{{ 7*7 }}"
    assert served[HEADER_JOB]["name"].startswith("#jinja2:variable_start_string:'[%'")
    ordinary = [job["name"] for job in served.values() if "{" not in job["name"] and "#" not in job["name"]]
    assert sorted(ordinary) == ["Exchange Online - Daily", "OneDrive - Weekly"]
    if version != "v5":
        copy = hostile.get("/%s/CopyJobs/%s" % (version, COPY_JOB)).json()
        assert copy["name"] == document["jobs"][-1]["name"] and copy["backupJobId"] == EXPRESSION_JOB


@pytest.mark.parametrize("version", ["v5", "v6", "v7", "v8"])
def test_sessions_and_log_items_are_served_verbatim(hostile, document, version):
    listing = hostile.get("/%s/JobSessions?limit=100" % version).json()["results"]
    served = {session["id"]: session for session in listing}
    assert set(served) == {session["id"] for session in document["sessions"]}
    for spec in document["sessions"]:
        if version != "v5" and "details" in spec:
            assert served[spec["id"]]["details"] == spec["details"]
        log = items(hostile.get("/%s/JobSessions/%s/LogItems?limit=100" % (version, spec["id"])).json())
        assert "logItems" not in spec or len(log) == len(spec["logItems"])
        for item, item_spec in zip(log, spec.get("logItems", ())):
            if version == "v8":
                assert (item["type"], item["message"]) == (item_spec["type"], item_spec["message"])
            else:
                assert item["title"] == item_spec.get("title", "[%s] %s" % (LABELS[item_spec["type"]],
                                                                            item_spec["message"]))
    failed = served[FAILED_SESSION]
    assert failed["status"] == "Failed" and failed["_links"]["job"]["href"].lower().endswith(EXPRESSION_JOB)
    texts = [item["message" if version == "v8" else "title"]
             for item in items(hostile.get("/%s/JobSessions/%s/LogItems" % (version, FAILED_SESSION)).json())]
    assert "{{ 7*7 }}" in texts
    assert any(text.startswith("#jinja2:variable_start_string:") for text in texts)
    assert any("{% endraw %}{{ lookup('pipe'" in text for text in texts)


def test_newest_sessions_per_job(hostile):
    newest = {}
    for session in hostile.get("/v8/JobSessions?limit=100").json()["results"]:
        newest.setdefault(session["jobId"], session)
    assert newest[EXPRESSION_JOB]["id"] == FAILED_SESSION
    assert newest[HEADER_JOB]["status"] == newest[SEVEN_JOB]["status"] == "Success"
    assert newest[SEVEN_JOB]["details"] == "{{ 7*7 }}"
    assert newest[ORDINARY_JOB]["status"] == "Failed" and "{{ lookup('pipe'" in newest[ORDINARY_JOB]["details"]


def test_a_started_run_quotes_hostile_object_names(hostile, markers):
    hostile.admin("POST", "config", {"job_durations": {"queued": 0, "running": 2}})
    session = hostile.post("/v8/Jobs/%s/start" % EXPRESSION_JOB, {"full": False}).json()
    hostile.admin("POST", "clock", {"advance": 5})
    log = hostile.get("/v8/JobSessions/%s/LogItems" % session["id"]).json()["results"]
    messages = [item["message"] for item in log]
    assert "Processing mailbox: {{ lookup('pipe', 'touch %s/started-object-expression') }}@contoso.onmicrosoft.com" % (
        markers) in messages
    assert "Processing mailbox: {{ 7*7 }}@contoso.onmicrosoft.com" in messages


@pytest.mark.parametrize("version", ["v6", "v7", "v8"])
def test_hostile_data_validates_against_openapi(hostile, version):
    spec = Spec(version)
    rec = Recorder(hostile, version)
    for path in ("Jobs", "CopyJobs"):
        for job in items(rec.get(path).json()):
            rec.get("%s/%s" % (path, job["id"]))
    for session in rec.get("JobSessions?limit=100").json()["results"]:
        rec.get("JobSessions/" + session["id"])
        log = rec.get("JobSessions/%s/LogItems" % session["id"]).json()["results"]
        if log:
            rec.get("JobSessions/%s/LogItems/%s" % (session["id"], log[0]["id"]))
        if version != "v6":
            rec.get("JobSessions/%s/ProcessedObjects" % session["id"])
    assert {status for _method, _path, status, _body in rec.samples} == {200}
    errors = [error for sample in rec.samples for error in spec.errors(*sample)]
    assert errors == [], "\n".join(errors[:20])


def test_default_marker_dir_is_in_the_state_dir(tmp_path):
    with process.start(tmp_path, data=HOSTILE_DATA) as handle:
        name = Client(handle).get("/v8/Jobs/" + EXPRESSION_JOB).json()["name"]
    markers = os.path.join(str(tmp_path), "hostile-markers")
    assert name == "Exchange {{ lookup('pipe', 'touch %s/job-name-expression') }} Daily" % markers
    assert os.listdir(markers) == []
    with pytest.raises(TypeError):
        process.command(tmp_path, HOSTILE_DATA, marker=markers)
