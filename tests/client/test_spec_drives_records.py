"""The spec drives what users get (issue 10).

- Conformance: every record schema's wire properties are what the client maps, each to exactly one
  attribute named by `x-koodrive-client-name` (else the snake_case of the wire name), and no
  example body leaves anything in `extra`.
- Every live `x-koodrive-*` key, flipped in a copy of the spec and regenerated into a temporary
  folder, changes what the client does; a field added to the spec reaches `jobs.get` and
  `koodrive-tasks --json jobs get`; a renamed query parameter fails `mypy --strict` on the client.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import run_python
from koodrive_tasks import _parsing

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import SpecCopy

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
REF = "#/components/schemas/"
ENVELOPE = {"ResponseCode", "ResponseMessage"}
PARSERS = {
    "listJobs": _parsing.job_list,
    "getJob": _parsing.job_detail,
    "listTasks": _parsing.task_page,
    "getTask": _parsing.task_detail,
    "getShareTask": _parsing.share_task,
}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def ref(node: dict[str, Any]) -> str | None:
    value = node.get("$ref", "")
    return value[len(REF) :] if value.startswith(REF) else None


def record_schemas() -> list[str]:
    return [n for n, s in SCHEMAS.items() if s.get("x-koodrive-record") and "enum" not in s]


def wire_properties(schema_name: str) -> dict[str, dict[str, Any]]:
    """The record's wire properties, a flattened member's properties in its place (x-koodrive-flatten)."""
    out: dict[str, dict[str, Any]] = {}
    for wire, node in SCHEMAS[schema_name].get("properties", {}).items():
        if ref(node) in ENVELOPE:
            continue
        if node.get("x-koodrive-flatten"):
            out.update(SCHEMAS[ref(node) or ""]["properties"])
            continue
        out[wire] = node
    return out


def sample(node: dict[str, Any]) -> Any:
    """One valid wire value for a property schema, read from the spec (not from the generator)."""
    name = ref(node)
    schema = SCHEMAS[name] if name else node
    if schema.get("x-koodrive-record") and "enum" not in schema:
        return minimal(name or "")
    if schema.get("x-koodrive-snowflake"):
        return "1309243162258308352"
    time = schema.get("x-koodrive-time")
    if time:
        return {"iso8601": "2024-08-12T07:22:33.000Z", "yyyyMMddHHmmss": "20231227151904"}.get(
            time["format"], 1723460990000
        )
    # a union: one-or-many (an array branch), an open enum (a `$ref` branch) or integer-or-string
    branches: list[dict[str, Any]] = schema.get("anyOf", schema.get("oneOf", []))
    if schema.get("type") == "array" or any("items" in s for s in branches):
        items = schema["items"] if "items" in schema else next(s for s in branches if "items" in s)["items"]
        return [sample(items)]
    if any("$ref" in s for s in branches):
        enum = SCHEMAS[ref(next(s for s in branches if "$ref" in s)) or ""]
        return enum["enum"][-1]
    types = schema.get("type")
    types = set(types) if isinstance(types, list) else {types}
    types |= {s.get("type") for s in branches}
    if "integer" in types:
        return 7
    if "string" in types:
        return "text"
    return {"k": "v"}


def minimal(schema_name: str) -> dict[str, Any]:
    """A wire object with just what the record needs (its id / nested record)."""
    body: dict[str, Any] = {}
    for wire, node in wire_properties(schema_name).items():
        target = SCHEMAS.get(ref(node) or "", node)
        hard = target.get("x-koodrive-snowflake") or (
            target.get("x-koodrive-record") and "enum" not in target
        )
        required = set(SCHEMAS[schema_name].get("required", ()))
        for flat in SCHEMAS[schema_name].get("properties", {}).values():
            if flat.get("x-koodrive-flatten"):
                required |= set(SCHEMAS[ref(flat) or ""].get("required", ()))
        if wire in required and hard:
            body[wire] = sample(node)
    if any(n.get("x-koodrive-flatten") for n in SCHEMAS[schema_name].get("properties", {}).values()):
        first = next(w for w, n in SCHEMAS[schema_name]["properties"].items() if n.get("x-koodrive-flatten"))
        body = {first: body}
    return body


def parser_for(schema_name: str) -> Any:
    from koodrive_generated import records

    return getattr(records, f"parse_{snake(schema_name)}")


def put(schema_name: str, body: dict[str, Any], wire: str, value: Any) -> dict[str, Any]:
    flat = [w for w, n in SCHEMAS[schema_name].get("properties", {}).items() if n.get("x-koodrive-flatten")]
    if flat and wire in SCHEMAS[ref(SCHEMAS[schema_name]["properties"][flat[0]]) or ""]["properties"]:
        return {**body, flat[0]: {**body[flat[0]], wire: value}}
    return {**body, wire: value}


def test_there_are_records_and_every_one_is_covered() -> None:
    assert set(record_schemas()) >= {
        "Job",
        "FileResult",
        "UncompressedFile",
        "JobDetail",
        "BasicTask",
        "ShareFileResult",
        "GetShareTaskResponse",
    }


@pytest.mark.parametrize("schema_name", record_schemas())
def test_each_wire_property_maps_to_exactly_one_attribute(schema_name: str) -> None:
    parse = parser_for(schema_name)
    base = minimal(schema_name)
    empty = parse(base)
    cls = SCHEMAS[schema_name]["x-koodrive-record"]
    assert type(empty).__name__ == cls and not empty.extra
    attributes = {f.name for f in dataclasses.fields(empty)} - {"extra"}
    mapped: dict[str, str] = {}
    for wire, node in wire_properties(schema_name).items():
        expected = node.get("x-koodrive-client-name") or snake(wire)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a sample the converter refuses would warn
            record = parse(put(schema_name, base, wire, sample(node)))
        assert record.extra == {}, f"{schema_name}.{wire} left in extra"
        changed = [a for a in attributes if getattr(record, a) != getattr(empty, a)]
        if wire in json.dumps(base):  # the id the minimal body already carries
            changed = [expected] if getattr(record, expected) is not None else []
        assert changed == [expected], f"{schema_name}.{wire} -> {changed}, expected [{expected}]"
        mapped[wire] = expected
    # and every attribute of the class is some schema's wire property (nothing hand-added)
    feeding = [s for s in record_schemas() if SCHEMAS[s]["x-koodrive-record"] == cls]
    names = {
        n.get("x-koodrive-client-name") or snake(w) for s in feeding for w, n in wire_properties(s).items()
    }
    assert attributes == names
    assert len(set(mapped.values())) == len(mapped), f"two wire names on one attribute: {mapped}"


def walk_records(value: Any) -> Iterator[Any]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from walk_records(getattr(value, f.name))
    elif isinstance(value, list):
        for item in value:
            yield from walk_records(item)


EXAMPLES = [
    p
    for p in sorted((ROOT / "spec" / "examples").glob("*/*.json"))
    if p.parent.name in PARSERS and "200" in json.loads(p.read_text())["responses"]
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_example_body_leaves_anything_in_extra(path: Path) -> None:
    body = json.loads(path.read_text())["responses"]["200"]["value"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = PARSERS[path.parent.name](body)
    records = list(walk_records(parsed))
    assert records
    for record in records:
        assert getattr(record, "extra", {}) == {}, (path.name, type(record).__name__, record.extra)


# ---- flipping the spec --------------------------------------------------------------------------
SEED_JOB: dict[str, Any] = json.loads((ROOT / "spec/examples/getJob/seed-003.json").read_text())["responses"][
    "200"
]["value"]
JOB_ID = SEED_JOB["data"]["jobInfo"]["taskId"]

PROBE = textwrap.dedent(
    """
    import json, sys
    import httpx
    from typer.testing import CliRunner
    from koodrive_generated import facts
    from koodrive_tasks import KooDrive, TokenAuth, _parsing, ServerError
    from koodrive_tasks.resources import jobs as jobs_resource
    import koodrive_cli.main as cli

    body = json.loads(sys.argv[1])
    legacy = json.loads(sys.argv[2])
    calls = []

    def handler(request):
        calls.append(request.url.path)
        if request.url.path.endswith("/cancel"):
            return httpx.Response(503 if len(calls) == 1 else 200, json={"code": 0, "msg": "ok"})
        return httpx.Response(200, json=body)

    def client():
        http = httpx.Client(base_url="https://kd.invalid", transport=httpx.MockTransport(handler))
        return KooDrive("https://kd.invalid", TokenAuth("t"), http_client=http)

    out = {}
    with client() as c:
        job = c.jobs.get(body["data"]["jobInfo"]["taskId"]).job
        out["create_time"] = job.create_time.isoformat()
        out["created_at"] = job.created_at.isoformat()
        out["priority"] = getattr(job, "priority", "no attribute")
        out["title"] = getattr(job, "title", "no attribute")
        out["name"] = getattr(job, "name", "no attribute")
        out["extra"] = job.extra
        calls.clear()
        try:
            c.jobs.cancel("1")
            out["cancel"] = "returned"
        except ServerError:
            out["cancel"] = "raised"
        out["cancel_attempts"] = len(calls)
    try:
        out["legacy_share_task"] = _parsing.share_task(legacy).id
    except ValueError as exc:
        out["legacy_share_task"] = "unreadable"
    out["cancel_idempotent"] = jobs_resource.cancel_call("1", None).idempotent

    class MockedKooDrive(KooDrive):  # the CLI's client, on the same mock transport
        def __init__(self, *args, **kwargs):
            http = httpx.Client(base_url="https://kd.invalid", transport=httpx.MockTransport(handler))
            super().__init__(*args, **{**kwargs, "http_client": http})

    import koodrive_tasks
    koodrive_tasks.KooDrive = MockedKooDrive  # the CLI takes KooDrive from koodrive_tasks when it runs
    job_id = body["data"]["jobInfo"]["taskId"]
    result = CliRunner().invoke(cli.app, ["--json", "--token", "t", "jobs", "get", job_id])
    out["cli"] = json.loads(result.stdout)["job"] if result.exit_code == 0 else result.output
    print(json.dumps(out))
    """
)


def probe(generated: Path | None, job_body: dict[str, Any]) -> dict[str, Any]:
    legacy = json.loads((ROOT / "spec/examples/getShareTask/legacy-task-info.json").read_text())
    env = dict(os.environ)
    if generated is not None:  # the regenerated package first on the path
        env["PYTHONPATH"] = os.pathsep.join([str(generated), env.get("PYTHONPATH", "")])
    args = json.dumps(job_body), json.dumps(legacy["responses"]["200"]["value"])
    result: dict[str, Any] = run_python(PROBE, *args, env=env)
    return result


@pytest.fixture(scope="module")
def flipped(spec_copies: Callable[[str], SpecCopy]) -> Path:
    """A copy of spec/ with every live key flipped, a new `priority` field and a renamed query
    parameter, regenerated (`make generate`'s script, nothing else) into a temporary folder."""
    copy = spec_copies("flipped")
    # x-koodrive-time: batch-job times in UTC instead of China Standard Time
    copy.replace(
        "x-koodrive-time: {format: yyyyMMddHHmmss, zone: '+08:00'}",
        "x-koodrive-time: {format: yyyyMMddHHmmss, zone: UTC}",
    )
    # x-koodrive-snowflake: another shift
    copy.replace(
        "x-koodrive-snowflake: {epoch: '2019-01-01T00:00:00+08:00', shift: 23, bits: 63}",
        "x-koodrive-snowflake: {epoch: '2019-01-01T00:00:00+08:00', shift: 22, bits: 63}",
    )
    # x-koodrive-client-name: the job's taskName becomes `title`
    copy.replace(
        "taskName: {type: string, x-koodrive-client-name: name, x-koodrive-detail-only: true}\n",
        "taskName: {type: string, x-koodrive-client-name: title, x-koodrive-detail-only: true}\n",
    )
    # x-koodrive-idempotent: cancelJob declared safe to retry
    copy.replace(
        "      x-koodrive-quirks: [Q36]\n",
        "      x-koodrive-quirks: [Q36]\n      x-koodrive-idempotent: true\n",
    )
    # x-koodrive-flatten: the older `taskInfo` no longer read as the task
    copy.replace(
        "          x-koodrive-quirks: [Q20]\n          x-koodrive-flatten: true\n",
        "          x-koodrive-quirks: [Q20]\n",
    )
    # a new optional integer on the batch-job record, and a value for it in a getJob example
    copy.replace(
        "        createTime: {$ref: '#/components/schemas/CompactTimeChina'}\n    ListJobsResponse:",
        "        createTime: {$ref: '#/components/schemas/CompactTimeChina'}\n"
        "        priority: {type: integer, format: int32}\n    ListJobsResponse:",
    )
    example = copy.spec_dir / "examples/getJob/seed-003.json"
    doc = json.loads(example.read_text())
    doc["responses"]["200"]["value"]["data"]["jobInfo"]["priority"] = 5
    example.write_text(json.dumps(doc, indent=2))
    # a renamed query parameter of listJobs (offset: the page size, limit, is read by the facts
    # generator for its maximum, and a spec without it fails generation naming it)
    copy.replace(
        "        - name: offset\n          in: query\n          required: true\n",
        "        - name: start\n          in: query\n          required: true\n",
    )
    return copy.generate()


def test_flipping_each_live_key_changes_what_the_client_does(flipped: Path) -> None:
    modified = json.loads((flipped.parent / "spec/examples/getJob/seed-003.json").read_text())
    served = [SEED_JOB, modified["responses"]["200"]["value"]]
    for body in served:  # the seed has no taskName; the renamed attribute needs one to show
        body["data"]["jobInfo"]["taskName"] = "nightly copy"
    before, after = probe(None, served[0]), probe(flipped, served[1])
    # x-koodrive-time zone of CompactTimeChina: the seed's createTime (e.g. 20231212095227)
    t = SEED_JOB["data"]["jobInfo"]["createTime"]
    wall = f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:]}"
    assert before["create_time"] == f"{wall}+08:00"
    assert after["create_time"] == f"{wall}+00:00"
    # x-koodrive-snowflake shift: the id decodes to another instant
    assert before["created_at"] != after["created_at"]
    # x-koodrive-client-name: the attribute follows the spec's name
    assert before["name"] == "nightly copy" and before["title"] == "no attribute"
    assert after["title"] == "nightly copy" and after["name"] == "no attribute"
    # x-koodrive-idempotent: a 503 on cancel is retried only once the spec says cancel is idempotent
    assert (before["cancel_idempotent"], before["cancel"], before["cancel_attempts"]) == (False, "raised", 1)
    assert (after["cancel_idempotent"], after["cancel"], after["cancel_attempts"]) == (True, "returned", 2)
    # x-koodrive-flatten: without it on `taskInfo`, the older share-task body has no task
    assert before["legacy_share_task"] == "1521827471237047552" and after["legacy_share_task"] == "unreadable"


def test_a_field_added_to_the_spec_reaches_the_client_and_the_cli(flipped: Path) -> None:
    """Issue 10's "done when": `priority` added to Job and to a getJob example, `make generate`'s
    script run, and nothing else edited."""
    modified = json.loads((flipped.parent / "spec/examples/getJob/seed-003.json").read_text())
    before = probe(None, modified["responses"]["200"]["value"])
    after = probe(flipped, modified["responses"]["200"]["value"])
    assert before["priority"] == "no attribute" and before["extra"] == {"priority": 5}
    assert after["priority"] == 5 and after["extra"] == {}
    assert after["cli"]["priority"] == 5 and after["cli"]["extra"] == {}
    assert "priority" not in before["cli"] and before["cli"]["extra"] == {"priority": 5}


def test_a_renamed_query_parameter_fails_mypy_on_the_client(flipped: Path) -> None:
    env = {**os.environ, "MYPYPATH": os.pathsep.join([str(flipped), str(ROOT / "overrides")])}
    cmd = [
        str(Path(sys.executable).parent / "mypy"),
        "--strict",
        "--config-file",
        os.devnull,
        "--python-version",
        "3.11",
        "--no-incremental",
        "--cache-dir",
        os.devnull,
        "-p",
        "koodrive_tasks.resources",
    ]
    fresh = subprocess.run(
        cmd, env=env, capture_output=True, text=True, check=False, cwd=flipped, timeout=600
    )
    assert fresh.returncode != 0
    assert 'Unexpected keyword argument "offset" for "_get_kwargs"' in fresh.stdout, fresh.stdout
    assert "resources/jobs.py" in fresh.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cli_json_is_the_whole_record(path: Path) -> None:
    """`--json` prints every attribute of every record (nested ones too) plus `extra`, enum values
    by their names, as the tables show them."""
    from koodrive_cli import render

    body = json.loads(path.read_text())["responses"]["200"]["value"]
    body = {**body, "surprise": {"kept": True}} if path.parent.name != "listJobs" else body
    parsed = PARSERS[path.parent.name](body)
    for record in walk_records(parsed):
        if not hasattr(record, "extra"):
            continue  # TaskPage: the CLI prints its own {"items", "nextCursor"} shape
        out = render.record_dict(record)
        assert list(out) == [f.name for f in dataclasses.fields(record)]
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if hasattr(value, "name") and hasattr(value, "value"):  # an enum member
                assert out[f.name] == render.name(value)
        assert out["extra"] == record.extra
    json.dumps([render.record_dict(r) for r in walk_records(parsed) if hasattr(r, "extra")])
    top = parsed if not isinstance(parsed, list) else None
    if top is not None and hasattr(top, "extra") and path.parent.name not in ("listTasks",):
        assert render.record_dict(top)["extra"] == {"surprise": {"kept": True}}


EMULATOR_PROBE = textwrap.dedent(
    """
    import json, sys
    from typer.testing import CliRunner
    from koodrive_emulator import running
    from koodrive_tasks import KooDrive, TokenAuth
    from koodrive_cli.main import app

    job_id = sys.argv[2]
    with running(spec_path=sys.argv[1]) as emu:
        with KooDrive(emu.base_url, TokenAuth("emulator-token")) as client:
            job = client.jobs.get(job_id).job
        args = ["--json", "--base-url", emu.base_url, "--token", "emulator-token", "jobs", "get", job_id]
        result = CliRunner().invoke(app, args)
    cli = json.loads(result.stdout)["job"] if result.exit_code == 0 else result.output
    print(json.dumps({"priority": getattr(job, "priority", "no attribute"), "extra": job.extra, "cli": cli}))
    """
)


def test_a_field_added_to_the_spec_is_served_by_the_emulator_and_read_by_client_and_cli(
    flipped: Path,
) -> None:
    """The same "done when" end to end: the emulator, started on the modified spec, serves the
    example's `priority`; the regenerated client and `koodrive-tasks --json jobs get` show it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(flipped), os.environ.get("PYTHONPATH", "")])}
    spec = str(flipped.parent / "spec" / "koodrive-tasks.yaml")
    done = subprocess.run(
        [sys.executable, "-c", EMULATOR_PROBE, spec, JOB_ID],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["priority"] == 5 and out["extra"] == {}
    assert out["cli"]["priority"] == 5 and out["cli"]["extra"] == {}
