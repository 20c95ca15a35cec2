"""The breaking-change gate (scripts/breaking.py, `make breaking`): each kind of break in a copy of
the spec is reported as that kind, additive changes pass, the spec's own history passes, and the
command line handles missing bases, release tags and the allow-list."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "koodrive-tasks.yaml"
sys.path.insert(0, str(ROOT / "scripts"))

import breaking  # noqa: E402

Spec = dict[str, Any]
Mutation = Callable[[Spec], None]

JOBS = "/koodrive/ose/v1/jobs"
JOB = "/koodrive/ose/v1/{job_id}"
CANCEL = "/koodrive/ose/v1/cancel"
TASK_LIST = "/koodrive/ose/v1/task/list"
TASK_CREATE = "/koodrive/ose/v1/task/create"
SHARE_DETAIL = "/koodrive/ose/v1/share/taskDetail"


@pytest.fixture(scope="module")
def spec() -> Spec:
    loaded: Spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def schemas(s: Spec) -> dict[str, Any]:
    result: dict[str, Any] = s["components"]["schemas"]
    return result


def param(s: Spec, path: str, method: str, name: str) -> dict[str, Any]:
    for p in s["paths"][path][method]["parameters"]:
        if p.get("name") == name:
            result: dict[str, Any] = p
            return result
    raise KeyError(name)


def diff(spec: Spec, head_change: Mutation, base_change: Mutation | None = None) -> list[breaking.Break]:
    base = copy.deepcopy(spec)
    if base_change is not None:
        base_change(base)
    head = copy.deepcopy(base)
    head_change(head)
    return breaking.compare_specs(base, head)


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    target[key] = value


def _rename_media(content: dict[str, Any], new: str) -> None:
    content[new] = content.pop("application/json")


# Each kind of break: (kind, change to the head copy, change to both copies first, expected pointer).
BREAKS: list[tuple[str, Mutation, Mutation | None, str | None]] = [
    (
        "operation-removed",
        lambda s: s["paths"][CANCEL].pop("post"),
        None,
        "/paths/~1koodrive~1ose~1v1~1cancel/post",
    ),
    (
        "operation-id-changed",
        lambda s: _set(s["paths"][CANCEL]["post"], "operationId", "cancelBatchJob"),
        None,
        "/paths/~1koodrive~1ose~1v1~1cancel/post",
    ),
    (
        "parameter-removed",
        lambda s: s["paths"][JOBS]["get"]["parameters"].pop(1),
        None,
        "/paths/~1koodrive~1ose~1v1~1jobs/get/parameters/1",
    ),
    (
        "parameter-made-required",
        lambda s: _set(param(s, TASK_LIST, "get", "pageSize"), "required", True),
        None,
        None,
    ),
    (
        "parameter-required-added",
        lambda s: s["paths"][JOBS]["get"]["parameters"].append(
            {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        None,
        None,
    ),
    (
        "parameter-serialization-changed",
        lambda s: _set(param(s, TASK_LIST, "get", "status"), "explode", False),
        None,
        None,
    ),
    ("request-body-removed", lambda s: s["paths"][CANCEL]["post"].pop("requestBody"), None, None),
    (
        "request-body-made-required",
        lambda s: _set(s["paths"][CANCEL]["post"]["requestBody"], "required", True),
        lambda s: _set(s["paths"][CANCEL]["post"]["requestBody"], "required", False),
        None,
    ),
    (
        "request-media-type-removed",
        lambda s: _rename_media(s["paths"][CANCEL]["post"]["requestBody"]["content"], "application/xml"),
        None,
        None,
    ),
    (
        "request-property-removed",
        lambda s: schemas(s)["CreateJobRequest"]["properties"].pop("password"),
        None,
        "/components/schemas/CreateJobRequest/properties/password",
    ),
    (
        "request-property-required",
        lambda s: schemas(s)["CreateJobRequest"]["required"].append("actionType"),
        None,
        "/components/schemas/CreateJobRequest/properties/actionType",
    ),
    (
        "request-type-narrowed",
        lambda s: _set(schemas(s)["GetShareTaskRequest"]["properties"]["taskId"], "type", "integer"),
        None,
        "/components/schemas/GetShareTaskRequest/properties/taskId",
    ),
    (
        "request-format-changed",
        lambda s: _set(param(s, TASK_LIST, "get", "pageCursor")["schema"]["anyOf"][0], "format", "int32"),
        None,
        None,
    ),
    (
        "request-enum-added",
        lambda s: _set(schemas(s)["CreateTaskRequest"]["properties"]["resultId"], "enum", ["r1"]),
        None,
        "/components/schemas/CreateTaskRequest/properties/resultId",
    ),
    (
        "request-constraint-tightened",
        lambda s: _set(schemas(s)["CreateShareTaskRequest"]["properties"]["zipName"], "maxLength", 100),
        None,
        "/components/schemas/CreateShareTaskRequest/properties/zipName",
    ),
    (
        "request-pattern-tightened",
        lambda s: _set(
            schemas(s)["CreateShareTaskRequest"]["properties"]["shareId"], "pattern", "^[0-9A-Za-z]+$"
        ),
        None,
        "/components/schemas/CreateShareTaskRequest/properties/shareId",
    ),
    (
        "request-additional-properties-closed",
        lambda s: _set(schemas(s)["CancelJobRequest"], "additionalProperties", False),
        None,
        "/components/schemas/CancelJobRequest/additionalProperties",
    ),
    (
        "request-variant-removed",
        lambda s: schemas(s)["CreateTaskRequest"]["properties"]["resultId"]["oneOf"].pop(1),
        lambda s: _set(
            schemas(s)["CreateTaskRequest"]["properties"],
            "resultId",
            {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        ),
        "/components/schemas/CreateTaskRequest/properties/resultId/oneOf/1",
    ),
    (
        "request-default-changed",
        lambda s: _set(param(s, TASK_LIST, "get", "pageSize")["schema"], "default", 50),
        None,
        None,
    ),
    (
        "enum-value-removed",
        lambda s: schemas(s)["JobType"]["enum"].remove(7),
        None,
        "/components/schemas/JobType",
    ),
    (
        "response-enum-value-added",
        lambda s: schemas(s)["JobResult"]["enum"].append(4),
        # a closed enum on the response side: Job.taskResultCode names JobResult itself, not OpenJobResult
        lambda s: _set(
            schemas(s)["Job"]["properties"], "taskResultCode", {"$ref": "#/components/schemas/JobResult"}
        ),
        "/components/schemas/JobResult",
    ),
    (
        "response-property-removed",
        lambda s: schemas(s)["Job"]["properties"].pop("downloadUrl"),
        None,
        "/components/schemas/Job/properties/downloadUrl",
    ),
    (
        "response-property-optional",
        lambda s: schemas(s)["Job"]["required"].remove("status"),
        None,
        "/components/schemas/Job/properties/status",
    ),
    (
        "response-type-widened",
        lambda s: _set(schemas(s)["Progress"], "type", ["integer", "string"]),
        None,
        "/components/schemas/Progress",
    ),
    (
        "response-format-changed",
        lambda s: _set(schemas(s)["IsoTimeUtc"], "format", "date-time"),
        None,
        "/components/schemas/IsoTimeUtc",
    ),
    (
        "response-variant-added",
        lambda s: schemas(s)["GetShareTaskResponse"]["properties"]["taskInfos"]["anyOf"].append(
            {"type": "string"}
        ),
        None,
        "/components/schemas/GetShareTaskResponse/properties/taskInfos/anyOf/2",
    ),
    (
        "response-status-removed",
        lambda s: s["paths"][JOBS]["get"]["responses"].pop("400"),
        None,
        "/paths/~1koodrive~1ose~1v1~1jobs/get/responses/400",
    ),
    (
        "response-media-type-removed",
        lambda s: _rename_media(s["paths"][JOB]["get"]["responses"]["200"]["content"], "application/xml"),
        None,
        None,
    ),
    ("security-form-removed", lambda s: s["security"].pop(0), None, "/security"),
    (
        "security-required-added",
        lambda s: s["paths"][SHARE_DETAIL]["post"].pop("security"),
        lambda s: _set(s["paths"][SHARE_DETAIL]["post"], "security", []),
        None,
    ),
    (
        "security-scheme-changed",
        lambda s: _set(s["components"]["securitySchemes"]["koodriveUserId"], "name", "X-Userid"),
        None,
        "/components/securitySchemes/koodriveUserId",
    ),
    ("server-removed", lambda s: s["servers"].pop(1), None, "/servers/1"),
    (
        "component-schema-removed",
        lambda s: schemas(s).pop("ArchiveMode"),
        # a component no operation names: only its generated class goes, and that is reported
        lambda s: _set(schemas(s), "ArchiveMode", {"type": "integer", "enum": [1, 2]}),
        "/components/schemas/ArchiveMode",
    ),
]


def test_every_kind_has_a_test() -> None:
    assert sorted(kind for kind, *_ in BREAKS) == sorted(breaking.KINDS)


@pytest.mark.parametrize(
    ("kind", "head_change", "base_change", "pointer"), BREAKS, ids=[b[0] for b in BREAKS]
)
def test_each_kind_of_break_fails_the_gate(
    spec: Spec, kind: str, head_change: Mutation, base_change: Mutation | None, pointer: str | None
) -> None:
    found = diff(spec, head_change, base_change)
    assert kind in {b.kind for b in found}, [b.line() for b in found]
    if pointer is not None:
        assert (kind, pointer) in {(b.kind, b.pointer) for b in found}, [b.line() for b in found]
    for brk in found:
        line = brk.line()
        assert brk.kind in line and brk.pointer in line and breaking.KINDS[brk.kind] in line


def test_a_tightened_pattern_names_a_value_the_new_one_refuses(spec: Spec) -> None:
    found = diff(
        spec,
        lambda s: _set(
            schemas(s)["CreateShareTaskRequest"]["properties"]["shareId"], "pattern", "^[0-9A-Za-z]+$"
        ),
        # the spec no longer carries an invented shareId pattern (issue 11): the base gets one
        lambda s: _set(
            schemas(s)["CreateShareTaskRequest"]["properties"]["shareId"], "pattern", "^[0-9A-Za-z_-]+$"
        ),
    )
    [brk] = [b for b in found if b.kind == "request-pattern-tightened"]
    assert "matched" in brk.detail and ("_" in brk.detail or "-" in brk.detail)


def test_a_tightened_bound_on_a_shared_request_scalar_is_reported_once(spec: Spec) -> None:
    found = diff(spec, lambda s: _set(schemas(s)["ContainerId"], "maxLength", 64))
    assert [(b.kind, b.pointer) for b in found] == [
        ("request-constraint-tightened", "/components/schemas/ContainerId")
    ]


def _additive(s: Spec) -> None:
    sc = schemas(s)
    sc["Job"]["properties"]["priority"] = {
        "type": "integer",
        "format": "int32",
    }  # new optional response field
    sc["CreateJobRequest"]["properties"]["comment"] = {
        "type": "string",
        "maxLength": 256,
    }  # optional request field
    s["paths"][JOBS]["get"]["parameters"].append(  # new optional parameter
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}
    )
    s["paths"]["/koodrive/ose/v1/task/additive-example"] = {  # new operation (a path the spec lacks)
        "get": {
            "operationId": "getAdditiveExample",
            "parameters": [{"name": "taskId", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
            },
        }
    }
    sc["JobType"]["enum"].append(8)  # request enum gains a value; its response side is the open OpenJobType
    sc["JobType"]["x-enum-varnames"].append("ARCHIVE")
    del sc["CreateShareTaskRequest"]["properties"]["zipName"]["minLength"]  # loosened on a request
    param(s, JOBS, "get", "offset")["schema"]["format"] = "int64"  # request int32 -> int64 widens
    sc["CreateTaskRequest"]["required"] = []  # a request property made optional
    sc["Job"]["x-koodrive-quirks"] = ["Q1", "Q99"]  # extensions are not contract
    sc["Job"]["properties"]["taskName"]["maxLength"] = 64  # response bound: the client does not check it
    # a status the spec lacks (it has 400, 401, 429 and 500)
    s["paths"][JOBS]["get"]["responses"]["503"] = {"$ref": "#/components/responses/BadRequest"}
    s["servers"].append({"url": "https://eu.example.invalid"})
    s["security"].append({"koodriveOAuth": []})  # another way in, the old ones kept
    param(s, JOBS, "get", "limit")["style"] = "form"  # OpenAPI's default for a query, spelt out
    param(s, JOBS, "get", "limit")["explode"] = True
    sc["GetShareTaskRequest"]["properties"]["taskId"] = {"$ref": "#/components/schemas/SnowflakeIdText"}
    sc["SnowflakeIdText"] = {"type": "string", "minLength": 1}  # the same schema, moved


def test_a_bearer_scheme_read_as_a_free_authorization_header_passes_and_not_the_reverse(spec: Spec) -> None:
    # main's c4d16c6 made koodriveToken an apiKey in `Authorization` so that `Bearer+<t>` and a bare
    # token are admitted too: the same header, any value, the old form included
    bearer = {"type": "http", "scheme": "bearer"}
    api_key = {"type": "apiKey", "in": "header", "name": "Authorization"}

    def token_scheme(value: dict[str, Any]) -> Mutation:
        return lambda s: _set(s["components"]["securitySchemes"], "koodriveToken", dict(value))

    assert diff(spec, token_scheme(api_key), token_scheme(bearer)) == []
    [brk] = diff(spec, token_scheme(bearer), token_scheme(api_key))
    assert brk.kind == "security-scheme-changed" and "http bearer only" in brk.detail
    moved = {**api_key, "name": "X-Token"}
    [brk] = diff(spec, token_scheme(moved), token_scheme(api_key))
    assert brk.kind == "security-scheme-changed" and "x-token" in brk.detail


def test_additive_changes_pass(spec: Spec) -> None:
    found = diff(spec, _additive)
    assert found == [], [b.line() for b in found]


def test_the_spec_passes_against_itself(spec: Spec) -> None:
    assert breaking.compare_specs(spec, copy.deepcopy(spec)) == []


def test_a_value_added_to_an_open_response_enum_passes_and_to_a_closed_one_fails(spec: Spec) -> None:
    assert diff(spec, lambda s: schemas(s)["JobStatus"]["enum"].append(4)) == []
    # JobStatus is also the listJobs `status` filter: removing a value breaks both sides
    kinds = {b.kind for b in diff(spec, lambda s: schemas(s)["JobStatus"]["enum"].remove(3))}
    assert kinds == {"enum-value-removed"}


def _spec_commits() -> list[str]:
    out = subprocess.run(
        ["git", "log", "--format=%H", "--", "spec/koodrive-tasks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.split()[:6] if out.returncode == 0 else []


def test_the_gate_passes_on_the_specs_history() -> None:
    commits = _spec_commits()
    spec_dir = SPEC_PATH.parent
    compared = 0
    for commit in commits:
        base_reader = breaking.git_reader(f"{commit}~1", spec_dir, spec_dir)
        try:
            base_reader(SPEC_PATH.name)
        except FileNotFoundError:
            continue  # the commit that created the spec
        base = breaking.Document(SPEC_PATH.name, base_reader)
        head = breaking.Document(SPEC_PATH.name, breaking.git_reader(commit, spec_dir, spec_dir))
        # an intended break is judged with the allow-list of its own commit
        allow_text = subprocess.run(
            ["git", "show", f"{commit}:spec/breaking-allow.yaml"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,  # before the allow-list existed: no entries
        ).stdout
        allow = breaking.parse_allow_list(allow_text, f"{commit}:spec/breaking-allow.yaml")
        blocking, _ = breaking.split_allowed(breaking.compare(base, head), allow)
        assert blocking == [], (commit, [b.line() for b in blocking])
        compared += 1
    if compared == 0:
        pytest.skip("no history of spec/koodrive-tasks.yaml here (shallow checkout)")


# --- the command line, in a throw-away repository ---------------------------------------------------
def _git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def _commit(repo: Path, spec: Spec, message: str) -> None:
    (repo / "spec").mkdir(exist_ok=True)
    (repo / "spec" / "koodrive-tasks.yaml").write_text(
        yaml.safe_dump(spec, sort_keys=False), encoding="utf-8"
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", message)


def _gate(repo: Path, *args: str, allow: Path | None = None) -> subprocess.CompletedProcess[str]:
    allow = allow or repo / "allow.yaml"
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "breaking.py"),
            "--spec",
            str(repo / "spec" / "koodrive-tasks.yaml"),
            "--allow",
            str(allow),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "work")
    return tmp_path


def test_no_base_skips_with_a_message(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "only commit")
    result = _gate(repo)
    assert result.returncode == 0
    assert "SKIPPED: no base commit" in result.stdout


def test_falls_back_to_head_parent_and_fails_on_a_break(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "first")
    broken = copy.deepcopy(spec)
    schemas(broken)["Job"]["properties"].pop("downloadUrl")
    _commit(repo, broken, "second")
    result = _gate(repo)
    assert result.returncode == 1, result.stdout
    assert "comparing with HEAD~1" in result.stdout
    assert "response-property-removed  /components/schemas/Job/properties/downloadUrl" in result.stdout


def test_uncommitted_changes_are_compared(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "first")
    _commit(repo, spec, "second")
    broken = copy.deepcopy(spec)
    broken["paths"][CANCEL]["post"]["operationId"] = "cancelBatchJob"
    (repo / "spec" / "koodrive-tasks.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = _gate(repo, "--base", "HEAD")
    assert result.returncode == 1 and "operation-id-changed" in result.stdout


def test_the_merge_base_with_main_is_the_default(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "first")
    _git(repo, "branch", "main")
    broken = copy.deepcopy(spec)
    schemas(broken)["JobType"]["enum"].remove(7)
    _commit(repo, broken, "breaks")
    _commit(repo, broken, "unrelated")  # HEAD~1 already has the break; the merge base does not
    result = _gate(repo)
    assert result.returncode == 1 and "merge base of HEAD and main" in result.stdout
    assert "enum-value-removed" in result.stdout


def test_the_allow_list_lets_an_intended_break_through_with_its_reason(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "first")
    broken = copy.deepcopy(spec)
    schemas(broken)["Job"]["properties"].pop("downloadUrl")
    _commit(repo, broken, "second")
    allow = repo / "allow.yaml"
    entry = {
        "kind": "response-property-removed",
        "pointer": "/components/schemas/Job/properties/downloadUrl",
        "reason": "The service stopped sending it; read the share task's link instead.",
    }
    allow.write_text(yaml.safe_dump({"allow": [entry]}), encoding="utf-8")
    unversioned = _gate(repo, allow=allow)  # an allowed break still needs a new major version
    assert unversioned.returncode == 1 and "below 2.0.0: a major change" in unversioned.stdout
    broken["info"]["version"] = "2.0.0"
    _commit(repo, broken, "second, versioned")
    _git(repo, "reset", "--soft", "HEAD~2")
    _git(repo, "commit", "-q", "-m", "second")
    result = _gate(repo, allow=allow)
    assert result.returncode == 0, result.stdout
    assert "allowed  response-property-removed" in result.stdout and "stopped sending it" in result.stdout
    allow.write_text(yaml.safe_dump({"allow": [{**entry, "reason": ""}]}), encoding="utf-8")
    refused = _gate(repo, allow=allow)
    assert refused.returncode == 2 and "reason is required" in refused.stderr


def test_last_release_tag(repo: Path, spec: Spec) -> None:
    _commit(repo, spec, "first")
    skipped = _gate(repo, "--base", "last-release")
    assert skipped.returncode == 0 and "SKIPPED: no release tag" in skipped.stdout
    _git(repo, "tag", "v1.0.0")
    broken = copy.deepcopy(spec)
    broken["servers"].pop(0)
    _commit(repo, broken, "second")
    result = _gate(repo, "--base", "last-release")
    assert result.returncode == 1 and "server-removed" in result.stdout
    _commit(repo, broken, "third")  # HEAD~1 now has the break; the release tag does not
    both = _gate(repo)  # the default also compares with the last tag when one exists
    assert both.returncode == 1
    assert "against HEAD~1" in both.stdout and "against last release tag v1.0.0" in both.stdout
    assert both.stdout.count("server-removed") == 1


def test_base_spec_file_by_another_name(tmp_path: Path, spec: Spec) -> None:
    broken = copy.deepcopy(spec)
    schemas(broken)["Job"]["properties"].pop("downloadUrl")
    (tmp_path / "head.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "breaking.py"),
            "--spec",
            str(tmp_path / "head.yaml"),
            "--base-spec",
            str(SPEC_PATH),
            "--allow",
            str(tmp_path / "none.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        "response-property-removed  /components/schemas/Job/properties/downloadUrl  [listJobs"
        in result.stdout
    )


def test_the_projects_allow_list_is_valid() -> None:
    # load_allow_list raises on an entry without a known kind, a pointer or a written reason
    entries = breaking.load_allow_list(ROOT / "spec" / "breaking-allow.yaml")
    assert all(e.kind in breaking.KINDS and e.reason for e in entries)


def test_refs_into_other_files_are_followed(tmp_path: Path) -> None:
    def write(folder: str, thing: dict[str, Any]) -> breaking.Document:
        root = tmp_path / folder
        (root / "schemas").mkdir(parents=True)
        spec = {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/things": {
                    "get": {
                        "operationId": "listThings",
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {"schema": {"$ref": "schemas/thing.yaml#/Thing"}}
                                },
                            }
                        },
                    }
                }
            },
        }
        (root / "api.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
        (root / "schemas" / "thing.yaml").write_text(yaml.safe_dump({"Thing": thing}), encoding="utf-8")
        return breaking.Document("api.yaml", breaking.file_reader(root))

    thing = {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}}
    base = write("base", thing)
    head = write("head", {"type": "object", "properties": {"id": {"type": "string"}}})
    found = breaking.compare(base, head)
    assert [(b.kind, b.pointer) for b in found] == [
        ("response-property-removed", "schemas/thing.yaml#/Thing/properties/size")
    ]


# ---- the spec's own version (issue 21) -----------------------------------------------------------
_SPEC: Spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def _versioned(version: str) -> dict[str, Any]:
    spec = copy.deepcopy(_SPEC)
    spec["info"]["version"] = version
    return spec


def test_text_only_is_a_patch_structure_a_minor_a_break_a_major() -> None:
    base = _versioned("1.4.0")
    text = _versioned("1.4.0")
    text["components"]["schemas"]["Job"]["description"] = "reworded"
    text["components"]["schemas"]["ContainerId"]["x-koodrive-assumption"]["minLength"] = "recited"
    assert breaking.change_level(base, text, []) == "patch"
    added = _versioned("1.4.0")
    added["components"]["schemas"]["Job"]["properties"]["priority"] = {"type": "integer"}
    assert breaking.change_level(base, added, []) == "minor"
    assert breaking.change_level(base, _versioned("9.9.9"), []) == "none"  # the version alone
    removed = _versioned("1.4.0")
    del removed["components"]["schemas"]["Job"]["properties"]["contentNum"]
    found = breaking.compare_specs(base, removed)
    assert [b.kind for b in found] == ["response-property-removed"]
    assert breaking.change_level(base, removed, found) == "major"


@pytest.mark.parametrize(
    ("level", "enough", "too_low"),
    [("patch", "1.4.1", "1.4.0"), ("minor", "1.5.0", "1.4.9"), ("major", "2.0.0", "1.9.0")],
)
def test_the_version_must_rise_as_far_as_the_change_needs(level: str, enough: str, too_low: str) -> None:
    base = _versioned("1.4.0")
    head = _versioned(enough)
    if level == "patch":
        head["info"]["description"] = "reworded"
    elif level == "minor":
        head["components"]["schemas"]["Job"]["properties"]["priority"] = {"type": "integer"}
    breaks = [breaking.Break("response-property-removed", "/x", "", "here")] if level == "major" else []
    changelog = f"## {enough}\n\n## {too_low}\n"
    assert breaking.version_problems(base, head, breaks, changelog) == (level, [])
    head["info"]["version"] = too_low
    found_level, problems = breaking.version_problems(base, head, breaks, changelog)
    assert found_level == level and len(problems) == 1 and f"below {enough}" in problems[0]


def test_a_version_needs_its_changelog_entry() -> None:
    base, head = _versioned("1.4.0"), _versioned("1.5.0")
    head["components"]["schemas"]["Job"]["properties"]["priority"] = {"type": "integer"}
    assert breaking.version_problems(base, head, [], "## 1.4.0\n")[1] == [
        "spec/CHANGELOG.md has no `## 1.5.0` entry"
    ]
    assert breaking.version_problems(base, head, [], "## 1.5.0 (unreleased)\n")[1] == []
    head["info"]["version"] = "1.5"
    assert "not semver" in breaking.version_problems(base, head, [], None)[1][0]


def test_bump_writes_the_version_the_change_needs(tmp_path: Path) -> None:
    spec = tmp_path / "koodrive-tasks.yaml"
    spec.write_text(SPEC_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    breaking.write_version(spec, "7.8.9")
    assert yaml.safe_load(spec.read_text(encoding="utf-8"))["info"]["version"] == "7.8.9"
    assert spec.read_text(encoding="utf-8").count("7.8.9") == 1


def test_the_spec_version_has_a_changelog_entry() -> None:
    version = _SPEC["info"]["version"]
    assert breaking.parse_version(version) is not None
    changelog = (SPEC_PATH.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert breaking.version_problems(_SPEC, _SPEC, [], changelog) == ("none", [])


def test_a_display_hint_format_is_no_break(spec: Spec) -> None:
    """`format: password` (the kdstoken gained it) refuses and parses nothing: no request break."""
    head = copy.deepcopy(spec)
    schemas(head)["GetShareTaskRequest"]["properties"]["shareId"]["format"] = "password"
    assert breaking.compare_specs(spec, head) == []
    schemas(head)["GetShareTaskRequest"]["properties"]["shareId"]["format"] = "uuid"
    assert [b.kind for b in breaking.compare_specs(spec, head)] == ["request-format-changed"]
