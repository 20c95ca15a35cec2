"""Validate the example pairs of spec/examples/ against the spec, Azure style.

Each file is one request (`request.line`, `request.headers`, optional `request.body.value`) and
its responses by status (`responses.<status>.value`). A pair is checked whole: the request line
must match its operation's method and path template, every path, query and header parameter must
be one the operation declares and must validate against its schema, the body against the request
body schema, and each response body against the schema of that status; every record's snowflake id
agrees with its own `createTime` (Q35, Q53). The spec must `$ref`
every response of every file (no orphans), and every operation must have at least one pair.

Pairs observed on a real service (`koodrive-tasks probe --record DIR`) live under
`spec/examples/observed/<operationId>/`: they get every check above but the orphan rule (no spec
`$ref` names them) and do not count as an operation's example; instead each must say where it was
observed (`source.section` starts "observed on") and pass the probe's redaction rule
(`koodrive_cli.probe.redaction_problems`: tokens, signatures, secrets, user and tenant ids and file
names masked). `observed_problems(DIR)` checks a directory of recorded pairs where the probe wrote
them (`make validate EXAMPLES=DIR`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import jsonschema
import yaml
from koodrive_emulator.validation import SpecValidators

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "koodrive-tasks.yaml"
METHODS = ("get", "put", "post", "delete", "patch")
# Headers that belong to the security schemes, not to operation parameters (Q27, Q29, Q30).
AUTH_HEADERS = {"authorization", "x-user-id", "x-date", "host"}
TOKEN_SHAPE = re.compile(r"^(Bearer[ +])?\S+$")
HMAC_SHAPE = re.compile(r"^HMAC-SHA256 AppId=[^,]+,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$")
SHARED_ERRORS = "errors"
#: spec/examples/observed/<operationId>/: pairs recorded on a real service by the probe
OBSERVED = "observed"
OBSERVED_SECTION = "observed on "
INVALID_PARAMETER = 13000102

JSON = Any


class SpecIndex:
    """The spec, and JSON Schema validation whose `#/components/...` references resolve in it."""

    def __init__(self, spec_path: Path) -> None:
        self.path = spec_path
        self.spec: dict[str, JSON] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        self._validators: SpecValidators | None = None

    @property
    def validators(self) -> SpecValidators:
        """The emulator's request validator over this spec (built on first use)."""
        if self._validators is None:
            self._validators = SpecValidators(self.spec)
        return self._validators

    def resolve(self, node: JSON) -> JSON:
        """Follow one local `$ref` (parameters and responses may be references)."""
        while isinstance(node, Mapping) and "$ref" in node and str(node["$ref"]).startswith("#/"):
            node = pointer_get(self.spec, str(node["$ref"])[1:])
        return node

    def errors(self, schema: JSON, instance: JSON) -> list[str]:
        # Carrying the spec's components in the root makes its local `$ref`s resolve as they do
        # in the spec (`components` is not a JSON Schema keyword, so nothing else changes).
        rooted = {**schema, "components": self.spec["components"]}
        validator = jsonschema.Draft202012Validator(
            rooted, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        return [
            f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
            for err in validator.iter_errors(instance)
        ]

    def operations(self) -> Iterator[tuple[str, str, dict[str, JSON]]]:
        for path, item in self.spec["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method, item[method]


def pointer_get(document: JSON, pointer: str) -> JSON:
    node = document
    for raw in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$")


def example_refs(spec: JSON) -> dict[tuple[str, str], str]:
    """(file relative to spec/, pointer) -> where in the spec it is referenced."""
    found: dict[tuple[str, str], str] = {}

    def walk(node: JSON, where: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("examples/"):
                file, _, pointer = ref.partition("#")
                found[(file, pointer)] = where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(spec, "")
    return found


def check_request(index: SpecIndex, name: str, example: JSON, op_id: str) -> list[str]:
    """The pair's request against its operation: the request line here, then every parameter and
    the body through the emulator's own request validator (`SpecValidators.problems`: strict on
    assumed constraints, undeclared parameters reported), so the examples and the emulator are held
    to one reading of the spec."""
    problems: list[str] = []
    request = example.get("request", {})
    method, _, target = str(request.get("line", "")).partition(" ")
    parts = urlsplit(target)
    operation = index.validators.operations.get(op_id)
    if operation is None:
        return [f"{name}: operationId {op_id!r} is not in the spec"]
    if method.upper() != operation.method:
        problems.append(f"{name}: request line method {method!r} but {op_id} is {operation.method}")
    match = template_regex(operation.path).match(parts.path)
    if match is None:
        return [*problems, f"{name}: request path {parts.path!r} does not match {operation.path}"]
    headers: dict[str, list[str]] = {}
    for header, value in request.get("headers", {}).items():
        shaped = TOKEN_SHAPE.match(value) or HMAC_SHAPE.match(value)
        if header.lower() == "authorization" and not shaped:
            problems.append(f"{name}: Authorization is neither a token nor an app-auth signature")
        headers.setdefault(header.lower(), []).append(str(value))
    if "authorization" not in headers:
        problems.append(f"{name}: request has no Authorization header; every operation requires auth")
    body = request.get("body")
    raw = None if body is None else json.dumps(body.get("value"), ensure_ascii=False).encode()
    found = index.validators.problems(
        operation,
        {key: unquote(value) for key, value in match.groupdict().items()},
        parse_qsl(parts.query, keep_blank_values=True),
        headers,
        raw,
        ignore_headers=frozenset(AUTH_HEADERS),
    )
    return [*problems, *(f"{name}: {problem}" for problem in found)]


def check_responses(index: SpecIndex, name: str, example: JSON, op_id: str) -> list[str]:
    problems: list[str] = []
    operation = next(op for _, _, op in index.operations() if op.get("operationId") == op_id)
    responses = example.get("responses", {})
    if not responses:
        problems.append(f"{name}: no responses")
    for status, response in responses.items():
        declared = index.resolve(operation["responses"].get(status))
        if declared is None:
            problems.append(f"{name}: {op_id} does not declare status {status}")
            continue
        schema = declared.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            problems.append(f"{name}: status {status} of {op_id} has no JSON body")
            continue
        problems += [f"{name}: response {status} {e}" for e in index.errors(schema, response.get("value"))]
    return problems


# KooDrive ids are snowflakes: `id >> 23` ms after 2019-01-01T00:00:00+08:00 (Q35). A record's
# `createTime`, read in its family's zone (Q34), is within a second of the instant its id encodes.
SNOWFLAKE_EPOCH = datetime(2018, 12, 31, 16, 0, 0, tzinfo=UTC)
FAMILY_ZONES = {
    "listJobs": timezone(timedelta(hours=8)),
    "getJob": timezone(timedelta(hours=8)),
    "getShareTask": UTC,
    "listTasks": UTC,
    "getTask": UTC,
}


def _record_times(node: JSON) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        task_id, created = node.get("taskId"), node.get("createTime")
        if isinstance(task_id, str) and task_id.isdigit() and isinstance(created, str):
            yield task_id, created
        for value in node.values():
            yield from _record_times(value)
    elif isinstance(node, list):
        for value in node:
            yield from _record_times(value)


def _parse_time(text: str, zone: timezone) -> datetime | None:
    if re.fullmatch(r"[0-9]{14}", text):
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=zone)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def snowflake_problems(name: str, example: JSON) -> list[str]:
    """Records whose id and `createTime` disagree (Q53: an example may not contradict its own id)."""
    zone = FAMILY_ZONES.get(str(example.get("operationId")))
    if zone is None:
        return []
    problems: list[str] = []
    for status, response in example.get("responses", {}).items():
        for task_id, created in _record_times(response.get("value")):
            minted = SNOWFLAKE_EPOCH + timedelta(milliseconds=int(task_id) >> 23)
            written = _parse_time(created, zone)
            if written is None or abs(written - minted) >= timedelta(seconds=1):
                problems.append(
                    f"{name}: response {status}: id {task_id} was minted at {minted:%Y-%m-%dT%H:%M:%S}Z "
                    f"but its createTime is {created}"
                )
    return problems


def expects_invalid_request(example: JSON) -> bool:
    bodies = [r.get("value", {}) for r in example.get("responses", {}).values()]
    return bool(bodies) and all(isinstance(b, dict) and b.get("code") == INVALID_PARAMETER for b in bodies)


def pair_problems(index: SpecIndex, name: str, example: JSON, folder: str) -> list[str]:
    """Every per-file check of one pair: its folder, source, request, responses and snowflake ids."""
    problems: list[str] = []
    op_id = example.get("operationId")
    if folder not in (op_id, SHARED_ERRORS):
        problems.append(f"{name}: lives in {folder}/ but its operationId is {op_id!r}")
    if not example.get("source", {}).get("section"):
        problems.append(f"{name}: source.section must say where the example comes from")
    request_problems = check_request(index, name, example, str(op_id))
    if expects_invalid_request(example):
        # An example of KooDrive refusing a bad parameter must show a request the spec refuses.
        if not any(
            ": query " in p or ": path " in p or ": header " in p or "request body" in p
            for p in request_problems
        ):
            problems.append(f"{name}: answers {INVALID_PARAMETER} but its request is valid")
    else:
        problems += request_problems
    if any(p.startswith(f"{name}: operationId") for p in problems):
        return problems
    problems += check_responses(index, name, example, str(op_id))
    problems += snowflake_problems(name, example)
    return problems


def _load(file: Path, name: str) -> tuple[JSON, list[str]]:
    try:
        return json.loads(file.read_text(encoding="utf-8")), []
    except json.JSONDecodeError as exc:
        return None, [f"{name}: not JSON ({exc})"]


def observed_pair_problems(index: SpecIndex, name: str, example: JSON, folder: str) -> list[str]:
    """A pair recorded on a real service: the per-file checks, where it was observed, redaction."""
    from koodrive_cli.probe import redaction_problems  # noqa: PLC0415 - the rule the probe applies

    problems = pair_problems(index, name, example, folder)
    if not str(example.get("source", {}).get("section", "")).startswith(OBSERVED_SECTION):
        problems.append(f"{name}: an observed pair's source.section must start {OBSERVED_SECTION!r}")
    path_params = _path_parameters(index, example)
    problems += [f"{name}: {p}" for p in redaction_problems(example, path_params)]
    return problems


def _path_parameters(index: SpecIndex, example: JSON) -> dict[str, str]:
    """The path parameters of the pair's request line, by name (empty if it matches no operation)."""
    path = urlsplit(str(example.get("request", {}).get("line", "")).partition(" ")[2]).path
    for template, _, operation in index.operations():
        if operation.get("operationId") == example.get("operationId"):
            match = template_regex(template).match(path)
            return dict(match.groupdict()) if match else {}
    return {}


def observed_problems(directory: Path, spec_path: Path = SPEC_PATH) -> list[str]:
    """A directory of recorded pairs laid out as the probe writes them (`<operationId>/*.json`)."""
    index = SpecIndex(spec_path)
    files = sorted(directory.glob("*/*.json"))
    if not files:
        return [f"{directory}: no recorded pairs (<operationId>/*.json)"]
    problems: list[str] = []
    for file in files:
        name = file.relative_to(directory).as_posix()
        example, unreadable = _load(file, name)
        problems += unreadable or observed_pair_problems(index, name, example, file.parent.name)
    return problems


def example_problems(spec_path: Path = SPEC_PATH) -> list[str]:
    index = SpecIndex(spec_path)
    examples_dir = spec_path.parent / "examples"
    refs = example_refs(index.spec)
    problems: list[str] = []
    covered: set[str] = set()
    for file in sorted((examples_dir / OBSERVED).glob("*/*.json")):
        # evidence from a real service: checked whole, exempt only from the must-be-referenced rule
        name = file.relative_to(spec_path.parent).as_posix()
        example, unreadable = _load(file, name)
        problems += unreadable or observed_pair_problems(index, name, example, file.parent.name)
    for file in sorted(examples_dir.glob("*/*.json")):
        name = file.relative_to(spec_path.parent).as_posix()
        example, unreadable = _load(file, name)
        if unreadable:
            problems += unreadable
            continue
        op_id = example.get("operationId")
        folder = file.parent.name
        file_problems = pair_problems(index, name, example, folder)
        problems += file_problems
        if any(p.startswith(f"{name}: operationId") for p in file_problems):
            continue
        for status in example.get("responses", {}):
            if (name, f"/responses/{status}") not in refs:
                problems.append(f"{name}: response {status} is not referenced by the spec (orphan)")
        if folder != SHARED_ERRORS:
            covered.add(str(op_id))
    for ref_file, pointer in refs:
        target = spec_path.parent / ref_file
        if not target.exists():
            problems.append(f"spec references missing example file {ref_file}")
            continue
        try:
            pointer_get(json.loads(target.read_text(encoding="utf-8")), pointer)
        except (KeyError, IndexError, ValueError):
            problems.append(f"spec references {ref_file}#{pointer}, which does not exist")
    for _, _, operation in index.operations():
        if operation["operationId"] not in covered:
            problems.append(f"operation {operation['operationId']} has no example pair in spec/examples/")
    return problems


def main() -> int:
    problems = example_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(list((SPEC_PATH.parent / "examples").glob("*/*.json")))
    if problems:
        print(f"{len(problems)} problem(s) in the example pairs", file=sys.stderr)
        return 1
    print(f"{count} example pairs valid against the spec")
    return 0


if __name__ == "__main__":
    sys.exit(main())
