"""`koodrive-tasks probe`: which catalogued quirk variants a server sends, read from its raw bodies.

Read-only unless `--allow-writes`: it lists the first page of jobs and of tasks, reads the
details of up to `--max-ids` of the ids those pages return, the result of each finished user
import among them, one job id no job has (its answer shows an error body), and what the user
names: share tasks (`--share-task`), the handover recipients of source users (`--src-user`: a
task's detail carries no source user id, so the probe cannot learn one) and archive listings
(`--archive`: listFile is a POST that may start a listing task, so it is sent only for archives
the user names, and waited on with wait()'s deadline rules). It looks at every raw response body.

What it looks for is not listed here: each entry of spec/quirks.yaml with a `probe` key names the
operations whose answers show it and, per variant, JSON pointers into the body and a classifier
(the catalogue's header defines them); an entry no response can show says why in
`probe_unobservable`. Per entry the report gives the variants seen, and what no variant names
(`unclassified`: a form to catalogue). Fields the spec's response schemas do not declare are
reported too. `--allow-writes SRC:DST:FILE_ID` adds a create -> get -> cancel of one copy job.
`--record DIR` writes each exchange as a spec/examples/-style pair with tokens, signatures,
passwords, user and tenant ids and names masked; `redaction_problems` is that rule, which
`make validate` applies to observed pairs (spec/examples/README.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import koodrive_tasks
import yaml
from koodrive_generated import facts
from koodrive_generated.operations import OPERATIONS
from koodrive_tasks import KooDrive, KooDriveError
from koodrive_tasks.http_log import SECRET_KEY
from koodrive_tasks.models import JobType, TaskStatus, TaskType
from koodrive_tasks.normalize.ids import created_at
from rich.table import Table

SPEC_DIR = Path(koodrive_tasks.__file__).resolve().parent / "spec"
JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
MASK = "***"
# Keys whose values identify a person, a tenant or a file: masked in recorded pairs.
_ID_KEY = re.compile(r"(user|tenant)_?(id|name)?$|^(src|dst)_?user|^id$", re.IGNORECASE)
_NAME_KEY = re.compile(r"^(file|task|user)?name$|^filepath$|^path$", re.IGNORECASE)
FINISHED = (TaskStatus.SUCCESS, TaskStatus.FAILED)
KEPT_HEADERS = ("authorization", "x-user-id", "x-date", "x-traceid", "language")


# ---- catalogue and spec ----------------------------------------------------------------------
def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def probed_quirks(catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The catalogue entries that say how the wire shows them (their `probe` key)."""
    return [entry for entry in catalogue if isinstance(entry.get("probe"), Mapping)]


def _step(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _descendants(path: str, node: Any) -> Iterator[tuple[str, Any]]:
    """The node and everything under it (`**`: zero or more levels), with their pointers."""
    yield path, node
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _descendants(f"{path}/{_step(str(key))}", child)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _descendants(f"{path}/{index}", child)


def located_nodes(document: Any, pointer: str) -> list[tuple[str, Any]]:
    """Every node at `pointer` (RFC 6901, plus `*` for every item or member and `**` for any
    depth, zero levels included) with its own concrete pointer; none if absent."""
    nodes: list[tuple[str, Any]] = [("", document)]
    for raw in pointer.split("/")[1:] if pointer not in ("", "/") else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        found: list[tuple[str, Any]] = []
        for path, node in nodes:
            if part == "**":
                found += _descendants(path, node)
            elif part == "*" and isinstance(node, dict):
                found += [(f"{path}/{_step(str(k))}", v) for k, v in node.items()]
            elif part == "*" and isinstance(node, list):
                found += [(f"{path}/{i}", v) for i, v in enumerate(node)]
            elif isinstance(node, dict) and part in node:
                found.append((f"{path}/{raw}", node[part]))
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                found.append((f"{path}/{part}", node[int(part)]))
        # `**` can reach one node along two routes: keep each once
        nodes = list({path: (path, node) for path, node in found}.values())
    return nodes


def pointer_nodes(document: Any, pointer: str) -> Iterator[Any]:
    """The nodes of `located_nodes`, without their pointers."""
    for _, node in located_nodes(document, pointer):
        yield node


def _pointers(variant: Mapping[str, Any]) -> list[str]:
    pointer = variant["pointer"]
    return [str(pointer)] if isinstance(pointer, str) else [str(p) for p in pointer]


def _zone(name: str) -> timezone:
    if name == "UTC":
        return UTC
    sign = -1 if name.startswith("-") else 1
    hours, _, minutes = name.lstrip("+-").partition(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))


def _written_in(record: Mapping[str, Any], zones: list[str]) -> bool:
    """Whether the record's `createTime`, read in one of `zones`, is within 2 s of the instant its
    snowflake `taskId` encodes (Q34, Q35); ISO times with their own offset keep it."""
    text = str(record["createTime"])
    instant = created_at(str(record["taskId"]))
    for name in zones:
        try:
            if re.fullmatch(r"[0-9]{14}", text):
                written = datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=_zone(name))
            else:
                written = datetime.fromisoformat(text.replace("Z", "+00:00"))
                written = written if written.tzinfo else written.replace(tzinfo=_zone(name))
        except ValueError:
            continue
        if abs(written - instant) < timedelta(seconds=2):
            return True
    return False


def _applies(variant: Mapping[str, Any], node: Any) -> bool:
    """Whether the classifier can judge this node at all (`not` only inverts its judgements)."""
    if "pattern" in variant:
        return isinstance(node, str)
    if "length" in variant:
        return isinstance(node, list)
    if "zone" in variant:
        return (
            isinstance(node, dict)
            and str(node.get("taskId", "")).isdigit()
            and isinstance(node.get("createTime"), str)
        )
    return True


def _judge(variant: Mapping[str, Any], node: Any) -> bool:
    if "type" in variant:
        return JSON_TYPES[str(variant["type"])](node)
    if "pattern" in variant:
        return re.search(str(variant["pattern"]), node) is not None
    if "length" in variant:
        return len(node) == int(variant["length"])
    if "zone" in variant:
        zones = variant["zone"]
        return _written_in(node, [zones] if isinstance(zones, str) else list(zones))
    return bool(node == variant["equals"] and type(node) is type(variant["equals"]))


def classify(variant: Mapping[str, Any], body: Any) -> bool:
    """Whether `body` shows this variant: its `when` holds, and some node at its pointer(s) passes
    its classifier (fails it, with `not: true`); `present` asks only whether a node exists."""
    if "when" in variant and not classify(variant["when"], body):
        return False
    nodes = [n for p in _pointers(variant) for n in pointer_nodes(body, p)]
    if "present" in variant:
        return bool(nodes) is bool(variant["present"])
    invert = bool(variant.get("not", False))
    return any(_judge(variant, n) is not invert for n in nodes if _applies(variant, n))


class Spec:
    """The spec's operations (to name a raw exchange) and response schemas (to find unknown fields)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.routes: list[tuple[str, re.Pattern[str], str]] = []
        for path, item in document.get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, operation in item.items():
                if isinstance(operation, Mapping) and "operationId" in operation:
                    self.routes.append((method.upper(), pattern, str(operation["operationId"])))
        # literal paths before templated ones (`/task/list` is not `/task/{task_id}`)
        self.routes.sort(key=lambda r: "[^/]+" in r[1].pattern)

    def operation_of(self, method: str, path: str) -> str | None:
        return next((op for m, p, op in self.routes if m == method and p.match(path)), None)

    def resolve(self, node: Any) -> Any:
        while isinstance(node, Mapping) and "$ref" in node:
            target: Any = self.document
            for part in str(node["$ref"]).lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def response_schema(self, operation_id: str, status: int) -> Any:
        for item in self.document.get("paths", {}).values():
            for operation in item.values():
                if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                    responses = operation.get("responses", {})
                    response = self.resolve(responses.get(str(status), responses.get("default")))
                    if not isinstance(response, Mapping):
                        return None
                    return response.get("content", {}).get("application/json", {}).get("schema")
        return None

    def _alternatives(self, schema: Any) -> list[Mapping[str, Any]]:
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return []
        found = [schema]
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                found += self._alternatives(sub)
        return found

    def unknown_fields(self, schema: Any, body: Any, pointer: str = "") -> Iterator[str]:
        """Pointers (`*` for array items) of the members no schema alternative declares."""
        alternatives = self._alternatives(schema)
        if isinstance(body, dict):
            properties: dict[str, list[Any]] = {}
            open_ended = not alternatives
            for alt in alternatives:
                for name, sub in alt.get("properties", {}).items():
                    properties.setdefault(name, []).append(sub)
                if alt.get("patternProperties") or isinstance(alt.get("additionalProperties"), Mapping):
                    open_ended = True
            for name, value in body.items():
                here = f"{pointer}/{name.replace('~', '~0').replace('/', '~1')}"
                if name in properties:
                    yield from self.unknown_fields({"anyOf": properties[name]}, value, here)
                elif not open_ended:
                    yield here
        elif isinstance(body, list):
            items = [alt["items"] for alt in alternatives if "items" in alt]
            for value in body:
                yield from self.unknown_fields({"anyOf": items} if items else None, value, f"{pointer}/*")


# ---- capturing the wire ----------------------------------------------------------------------
@dataclass
class Exchange:
    operation: str | None
    request: httpx.Request
    status: int
    body: Any  # the parsed JSON body, or None when it was not JSON


@dataclass
class Recorder:
    """An httpx response hook: keeps every exchange the client made, its raw body parsed."""

    spec: Spec
    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, response: httpx.Response) -> None:
        response.read()  # the hook runs before the client reads the body; it reads the same bytes
        try:
            body: Any = json.loads(response.content)
        except ValueError:
            body = None
        request = response.request
        operation = self.spec.operation_of(request.method, request.url.path)
        self.exchanges.append(Exchange(operation, request, response.status_code, body))


# ---- the probe -------------------------------------------------------------------------------
@dataclass
class ProbeOutcome:
    """One request the probe made: the operation, what it was asked about, and how it ended."""

    operation: str
    argument: str
    error: str | None = None
    #: the error a call made to see an error body answered with (not a failure of the probe)
    expected_error: str | None = None


#: An id no job has (1-19 digits, so the client sends it): its answer shows an error body (Q33, Q38).
ABSENT_JOB_ID = "1"


@dataclass
class Targets:
    """What the user named for the probe to read (or, with `copy_job`, to write)."""

    share_tasks: list[tuple[str, str]] = field(default_factory=list)
    #: source users whose handover recipient to ask for (getHandoverDstUserInfo)
    src_users: list[str] = field(default_factory=list)
    #: (container id, file id) of archives to list (listFile); `password` opens encrypted ones
    archives: list[tuple[str, str]] = field(default_factory=list)
    password: str | None = field(default=None, repr=False)
    #: seconds to wait for an archive listing that comes back as a task (Q62), wait()'s rules
    archive_timeout: float = 60.0
    archive_poll: float = 1.0
    #: `--allow-writes`: (source container, destination container, file id)
    copy_job: tuple[str, str, str] | None = None


def read_operations(client: KooDrive, max_ids: int, page_size: int, targets: Targets) -> list[ProbeOutcome]:
    """The read operations with safe arguments; an error is noted and the probe goes on.

    `targets.copy_job` (`--allow-writes`): one copy job is created, read and cancelled at once.
    listFile is a POST that may start a listing task on the server: it is sent only for the
    archives the user named.
    """
    calls: list[ProbeOutcome] = []

    def attempt(operation: str, argument: str, action: Callable[[], Any]) -> Any:
        call = ProbeOutcome(operation, argument)
        calls.append(call)
        try:
            return action()
        except KooDriveError as exc:
            call.error = f"{type(exc).__name__}: {exc}"
            return None

    jobs = attempt("listJobs", f"offset=0 limit={page_size}", lambda: client.jobs.list(0, page_size)) or []
    for job in jobs[:max_ids]:
        attempt("getJob", job.id, partial(client.jobs.get, job.id))
    # a job id nobody has: the answer is an error body, read like any other (Q1, Q33, Q38)
    missing = ProbeOutcome("getJob", f"{ABSENT_JOB_ID} (no such job: shows an error body)")
    calls.append(missing)
    try:
        client.jobs.get(ABSENT_JOB_ID)
        missing.error = "answered as a job"
    except KooDriveError as exc:
        missing.expected_error = f"{type(exc).__name__}: {exc}"
    page = attempt("listTasks", f"pageSize={page_size}", lambda: client.tasks.list(page_size=page_size))
    finished_imports: list[str] = []
    for task in (page.items if page is not None else [])[:max_ids]:
        detail = attempt("getTask", task.id, partial(client.tasks.get, task.id))
        # only a finished user import has a result; asking for another's is an error, not a probe
        if detail is not None and detail.type == TaskType.USER_IMPORT and detail.status in FINISHED:
            finished_imports.append(detail.id)
    for task_id in finished_imports:
        attempt("getTaskResult", task_id, partial(client.tasks.result, task_id))
    for user in targets.src_users:
        attempt("getHandoverDstUserInfo", user, partial(client.tasks.handover_recipient, user))
    for share_id, task_id in targets.share_tasks:
        attempt("getShareTask", task_id, partial(client.share_tasks.get, task_id, share_id))
    for container_id, file_id in targets.archives:
        listing = partial(
            client.jobs.list_archive,
            container_id,
            file_id,
            password=targets.password,
            timeout=targets.archive_timeout,
            poll_interval=targets.archive_poll,
        )
        attempt("listFile", f"{container_id}:{file_id}", listing)
    if targets.copy_job is not None:
        src, dst, file_id = targets.copy_job
        create = partial(
            client.jobs.create, JobType.COPY, src_container_id=src, dst_container_id=dst, file_ids=[file_id]
        )
        job_id = attempt("createJob", f"copy {file_id}", create)
        if isinstance(job_id, str):
            attempt("getJob", job_id, partial(client.jobs.get, job_id))
            attempt("cancelJob", job_id, partial(client.jobs.cancel, job_id))
    return calls


#: `responses` of a probe key: which answers its variants look at (success by default).
RESPONSE_CLASSES: dict[str, Callable[[int], bool]] = {
    "success": lambda status: 200 <= status < 300,
    "error": lambda status: status >= 400,
    "any": lambda status: True,
}


def _sample(path: str, value: Any) -> str:
    """A value no variant matched, as the report shows it: masked when its key names a person,
    a tenant, a file or a secret (reports get pasted into issues)."""
    key = path.rsplit("/", 1)[-1]
    if SECRET_KEY.search(key):
        return f"{path}={MASK}"
    if _ID_KEY.search(key) or _NAME_KEY.search(key):
        return f"{path}={json.dumps(shape_mask(str(value)))}"
    return f"{path}={json.dumps(value, ensure_ascii=False)[:60]}"


def unclassified(entry: Mapping[str, Any], operation: str, body: Any) -> list[str]:
    """What in one answer belongs to the entry yet matches none of its variants: a node a judging
    classifier looked at and no variant accepted, or an answer where no `present` variant held
    (those whose `when` fails do not ask). Empty when the catalogue covers what was sent."""
    judged: dict[str, tuple[Any, bool]] = {}
    asked = matched = False
    for variant in entry["probe"]["variants"].values():
        if operation not in variant.get("operations", entry["probe"]["operations"]):
            continue
        if "when" in variant and not classify(variant["when"], body):
            continue
        matched = matched or classify(variant, body)
        if "present" in variant:
            asked = True
            continue
        invert = bool(variant.get("not", False))
        for pointer in _pointers(variant):
            for path, node in located_nodes(body, pointer):
                if _applies(variant, node):
                    ok = _judge(variant, node) is not invert
                    judged[path] = (node, judged.get(path, (node, False))[1] or ok)
    found = [_sample(path, node) for path, (node, ok) in judged.items() if not ok]
    if asked and not matched and not found:
        found.append("(none of the catalogued members)")
    return found


def quirk_report(entry: Mapping[str, Any], exchanges: list[Exchange]) -> dict[str, Any]:
    """Which of one entry's catalogued variants the recorded answers show, how often, and what
    they sent that no variant names."""
    probe = entry["probe"]
    wanted = RESPONSE_CLASSES[str(probe.get("responses", "success"))]
    looked = [
        e for e in exchanges if e.operation in probe["operations"] and e.body is not None and wanted(e.status)
    ]
    seen: dict[str, int] = {}
    for name, variant in probe["variants"].items():
        scope = variant.get("operations", probe["operations"])
        count = sum(classify(variant, e.body) for e in looked if e.operation in scope)
        if count:
            seen[name] = count
    others = [unclassified(entry, str(e.operation), e.body) for e in looked]
    samples = list(dict.fromkeys(sample for found in others for sample in found))
    return {
        "id": entry["id"],
        "title": entry["title"],
        "operations": list(probe["operations"]),
        "responses": len(looked),
        "variants": seen,
        "catalogued": list(probe["variants"]),
        # answers with something no catalogued variant describes: a variant to catalogue
        "unclassified": {"responses": sum(bool(found) for found in others), "samples": samples[:5]},
    }


def report(
    spec: Spec, catalogue: list[dict[str, Any]], exchanges: list[Exchange], calls: list[ProbeOutcome]
) -> dict[str, Any]:
    quirks = [quirk_report(entry, exchanges) for entry in probed_quirks(catalogue)]
    unobservable = [
        {"id": entry["id"], "title": entry["title"], "why": entry["probe_unobservable"]}
        for entry in catalogue
        if "probe_unobservable" in entry
    ]
    unknown: dict[tuple[str, str], int] = {}
    for e in exchanges:
        if e.operation is None or e.body is None:
            continue
        schema = spec.response_schema(e.operation, e.status)
        for pointer in set(spec.unknown_fields(schema, e.body)) if schema is not None else ():
            unknown[(e.operation, pointer)] = unknown.get((e.operation, pointer), 0) + 1
    return {
        "calls": [
            {
                "operation": c.operation,
                "argument": c.argument,
                "error": c.error,
                "expected_error": c.expected_error,
            }
            for c in calls
        ],
        "quirks": quirks,
        "unobservable": unobservable,
        "unknown_fields": [
            {"operation": op, "pointer": p, "responses": n} for (op, p), n in sorted(unknown.items())
        ],
    }


def tables(result: Mapping[str, Any]) -> list[Table]:
    quirks = Table(title="Catalogued quirks the wire showed")
    for column in (
        "quirk",
        "variants sent (responses)",
        "catalogued variants",
        "looked at",
        "uncatalogued",
        "title",
    ):
        quirks.add_column(column)
    for q in result["quirks"]:
        sent = ", ".join(f"{k} ({n})" for k, n in q["variants"].items()) or "not seen"
        other = q["unclassified"]
        shown = f"{other['responses']}: {'; '.join(other['samples'])}" if other["responses"] else ""
        quirks.add_row(q["id"], sent, " | ".join(q["catalogued"]), str(q["responses"]), shown, q["title"])
    unknown = Table(title="Fields the spec does not declare")
    for column in ("operation", "pointer", "responses"):
        unknown.add_column(column)
    for u in result["unknown_fields"]:
        unknown.add_row(u["operation"], u["pointer"], str(u["responses"]))
    calls = Table(title="Calls")
    for column in ("operation", "argument", "result"):
        calls.add_column(column)
    for c in result["calls"]:
        shown = c["error"] or (f"error, as expected: {c['expected_error']}" if c["expected_error"] else "ok")
        calls.add_row(c["operation"], c["argument"], shown)
    hidden = Table(title="Catalogued quirks no response shows this probe (why: --json, or spec/quirks.yaml)")
    hidden.add_column("quirks")
    hidden.add_row(", ".join(q["id"] for q in result["unobservable"]))
    tables_ = [quirks, unknown, calls, hidden]
    spellings = result.get("token_spellings")
    if spellings:
        auth = Table(title="Token spellings the service accepted (Q27)")
        for column in ("spelling", "HTTP status", "accepted"):
            auth.add_column(column)
        for name, status in spellings["statuses"].items():
            sent = " (the client's)" if name == spellings["sent"] else ""
            auth.add_row(name + sent, str(status), "yes" if name in spellings["accepted"] else "no")
        tables_.append(auth)
    return tables_


# ---- recording redacted pairs ----------------------------------------------------------------
def shape_mask(value: str) -> str:
    """Same length and character classes (digits stay digits, hex stays hex): schemas still pass."""
    out = []
    for ch in value:
        if ch.isdigit():
            out.append("1")
        elif ch in "abcdef":
            out.append("a")
        elif ch in "ABCDEF":
            out.append("A")
        elif ch.isalpha():
            out.append("x" if ch.islower() else "X")
        else:
            out.append(ch)
    return "".join(out)


def _mask_name(value: str) -> str:
    stem, dot, ext = value.rpartition(".")
    return f"{shape_mask(stem)}.{ext}" if dot and stem and "/" not in ext else shape_mask(value)


def _collect_ids(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str | int) and not isinstance(value, bool) and _ID_KEY.search(key):
                found.update(p for p in str(value).split("|") if len(p) >= 4)
            _collect_ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect_ids(value, found)


def _scrub(node: Any, secrets: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(value, str) and SECRET_KEY.search(key):
                out[key] = MASK
            elif isinstance(value, int) and not isinstance(value, bool) and _ID_KEY.search(key):
                out[key] = int(shape_mask(str(value)))
            elif isinstance(value, str) and _NAME_KEY.search(key):
                out[key] = _mask_name(value)
            else:
                out[key] = _scrub(value, secrets)
        return out
    if isinstance(node, list):
        return [_scrub(v, secrets) for v in node]
    if isinstance(node, str):
        for secret, masked in secrets.items():
            node = node.replace(secret, masked)
    return node


_HMAC_MASKED = re.compile(r"^HMAC-SHA256 AppId=\*\*\*,SignedHeaders=[a-z0-9;-]+,Signature=0{64}$")
_TOKEN_MASKED = re.compile(r"^(Bearer[ +]?)?\*\*\*$")


def _is_shape_masked(value: str) -> bool:
    return shape_mask(value) == value


def redaction_problems(
    pair: Mapping[str, Any], path_parameters: Mapping[str, str] | None = None
) -> list[str]:
    """What a recorded pair shows that `redacted_pair` masks: the rule `make validate` applies to
    observed pairs. A masked value keeps its length and shape (`shape_mask` leaves it unchanged)."""
    problems: list[str] = []
    request = pair.get("request", {})
    for name, value in request.get("headers", {}).items():
        lower, text = name.lower(), str(value)
        if lower == "authorization" and not (_TOKEN_MASKED.match(text) or _HMAC_MASKED.match(text)):
            problems.append(f"header {name} is not masked (token `***`, or AppId `***` and a zero signature)")
        elif lower == "x-user-id" and not _is_shape_masked(text):
            problems.append(f"header {name} carries an unmasked user id")
    for param, value in (path_parameters or {}).items():
        if _ID_KEY.search(param) and not _is_shape_masked(value):
            problems.append(f"path parameter {param} carries an unmasked id")
    documents = [("request body", request.get("body", {}).get("value"))]
    documents += [(f"response {s}", r.get("value")) for s, r in pair.get("responses", {}).items()]
    for where, document in documents:
        problems += [f"{where} {p}" for p in _unmasked(document, "")]
    return problems


def _unmasked(node: Any, pointer: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{key}"
            if isinstance(value, str) and SECRET_KEY.search(key):
                if value != MASK:
                    yield f"{here}: a secret, not {MASK}"
            elif isinstance(value, str | int) and not isinstance(value, bool) and _ID_KEY.search(key):
                if not _is_shape_masked(str(value)):
                    yield f"{here}: an unmasked user or tenant id"
            elif isinstance(value, str) and _NAME_KEY.search(key):
                if _mask_name(value) != value:
                    yield f"{here}: an unmasked name"
            else:
                yield from _unmasked(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _unmasked(value, f"{pointer}/{i}")


def redacted_pair(exchange: Exchange, secrets: set[str], base: str) -> dict[str, Any]:
    """One exchange as a spec/examples/ pair, every secret and identifying value masked."""
    found = set(secrets)
    _collect_ids(exchange.body, found)
    request = exchange.request
    try:
        sent: Any = json.loads(request.content) if request.content else None
    except ValueError:
        sent = None
    _collect_ids(sent, found)
    # longest first, so a value containing a shorter one is masked whole
    masks = {s: shape_mask(s) for s in sorted((s for s in found if s), key=len, reverse=True)}
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        lower = name.lower()
        if lower not in KEPT_HEADERS:
            continue
        shown = _scrub(value, masks)
        if lower == "authorization" and value.upper().startswith("HMAC"):
            shown = re.sub(r"Signature=[0-9a-fA-F]+", "Signature=" + "0" * 64, value)
            shown = re.sub(r"AppId=[^,]+", "AppId=" + MASK, shown)
        elif lower == "authorization":
            scheme = re.match(r"(Bearer[ +]?)", value)
            shown = (scheme.group(1) if scheme else "Bearer ") + MASK
        headers[_canonical_header(lower)] = shown
    target = request.url.raw_path.decode("ascii")
    pair: dict[str, Any] = {
        "operationId": exchange.operation,
        "title": f"{exchange.operation} as {base} answered it (recorded by koodrive-tasks probe)",
        "source": {
            "section": f"observed on {base} by `koodrive-tasks probe`",
            "verbatim": False,
            "edits": [
                "tokens, signatures, user and tenant ids and file names masked (same length and shape)"
            ],
        },
        "request": {"line": f"{request.method} {_scrub(target, masks)}", "headers": headers},
        "responses": {
            str(exchange.status): {"summary": "Recorded response.", "value": _scrub(exchange.body, masks)}
        },
    }
    if sent is not None:
        pair["request"]["body"] = {"value": _scrub(sent, masks)}
    return pair


def _canonical_header(lower: str) -> str:
    return {"x-user-id": "X-User-Id", "x-date": "X-Date", "x-traceid": "X-Traceid"}.get(
        lower, lower if lower == "language" else lower.title()
    )


def record(directory: Path, exchanges: list[Exchange], secrets: set[str], base_url: str) -> list[Path]:
    host = urlsplit(base_url).netloc or base_url
    written: list[Path] = []
    counts: dict[str, int] = {}
    for exchange in exchanges:
        if exchange.operation is None or exchange.body is None:
            continue
        counts[exchange.operation] = counts.get(exchange.operation, 0) + 1
        path = directory / exchange.operation / f"probe-{counts[exchange.operation]:03d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        pair = redacted_pair(exchange, secrets, host)
        path.write_text(json.dumps(pair, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


#: The readings of the tables' `Bearer+{access_token}` (Q27), as the header's prefix -> how the
#: report shows it: the spec's `x-koodrive-token-spellings` (baked into koodrive_generated.facts).
TOKEN_SPELLINGS = {prefix: f"{prefix}<token>" for prefix in facts.TOKEN_SPELLINGS.values()}
_SPELLING_PATH = f"{OPERATIONS['listJobs'].path}?offset=0&limit=1"


def _spelling_of(value: str) -> str | None:
    """Which token spelling an `Authorization` value uses; None for app auth."""
    if value.startswith("HMAC-"):
        return None
    prefixes = sorted((p for p in TOKEN_SPELLINGS if p), key=len, reverse=True)
    return next((p for p in prefixes if value.startswith(p)), "")


def token_spellings(http: httpx.Client, exchanges: list[Exchange]) -> dict[str, Any] | None:
    """Which spellings of the token the service accepts (Q27, Q52): the one the client sent (from
    its answers), and the other two tried once each on a one-job list read, with the client's own
    `X-User-Id` and a fresh `X-Date`. Accepted means any answer but 401. None under app auth."""
    sent = next(
        (e for e in exchanges if e.operation == "listJobs" and "authorization" in e.request.headers), None
    )
    if sent is None:
        return None
    value = sent.request.headers["authorization"]
    spelling = _spelling_of(value)
    if spelling is None:
        return None
    token = value[len(spelling) :]
    answers = {TOKEN_SPELLINGS[spelling]: sent.status}
    for prefix, name in TOKEN_SPELLINGS.items():
        if prefix == spelling:
            continue
        headers = {k: v for k, v in sent.request.headers.items() if k.lower() in ("x-user-id", "language")}
        headers["Authorization"] = prefix + token
        headers["X-Date"] = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            answers[name] = http.get(_SPELLING_PATH, headers=headers).status_code
        except httpx.HTTPError:
            answers[name] = -1  # no answer: neither accepted nor refused
    return {
        "sent": TOKEN_SPELLINGS[spelling],
        "x_user_id_sent": "x-user-id" in sent.request.headers,
        "accepted": [name for name, status in answers.items() if status not in (401, -1)],
        "refused": [name for name, status in answers.items() if status == 401],
        "statuses": answers,
    }


def run_probe(
    make_client: Callable[[httpx.Client], KooDrive],
    base_url: str,
    timeout: float,
    *,
    max_ids: int = 3,
    page_size: int = 10,
    targets: Targets | None = None,
    record_dir: Path | None = None,
    secrets: set[str] | None = None,
) -> dict[str, Any]:
    targets = targets or Targets()
    spec = Spec(load_yaml(SPEC_DIR / "koodrive-tasks.yaml"))
    catalogue = load_yaml(SPEC_DIR / "quirks.yaml")
    recorder = Recorder(spec)
    http = httpx.Client(base_url=base_url, timeout=timeout, event_hooks={"response": [recorder]})
    with http, make_client(http) as client:
        calls = read_operations(client, max_ids, page_size, targets)
        spellings = token_spellings(http, recorder.exchanges)
    result = report(spec, catalogue, recorder.exchanges, calls)
    result["token_spellings"] = spellings
    result["base_url"] = base_url
    if record_dir is not None:
        hidden = set(secrets or ()) | set(targets.src_users)
        hidden |= {targets.password} if targets.password else set()
        paths = record(record_dir, recorder.exchanges, hidden, base_url)
        result["recorded"] = [str(p) for p in paths]
    return result
