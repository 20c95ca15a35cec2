"""`koodrive-tasks probe`: which catalogued quirk variants a server sends, read from its raw bodies.

Read-only unless `--allow-writes`: it lists the first page of jobs and of tasks, reads the
details of up to `--max-ids` of the ids those pages return (and the share tasks the user names),
and looks at every raw response body. What it looks for is not listed here: each entry of
spec/quirks.yaml with a `probe` key names the operations whose bodies show it and, per variant, a
JSON pointer into the body (`*` matches every array item or object member) and a classifier
(`type`, `present` or `equals`). Fields the spec's response schemas do not declare are reported
too. `--allow-writes SRC:DST:FILE_ID` adds a create -> get -> cancel of one copy job.
`--record DIR` writes each exchange as a spec/examples/-style pair with tokens, signatures, user
and tenant ids and file names masked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import koodrive_tasks
import yaml
from koodrive_tasks import KooDrive, KooDriveError
from koodrive_tasks.models import JobType, TaskStatus, TaskType
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
_ID_KEY = re.compile(r"(user|tenant)(id|name)?$|^(src|dst)user", re.IGNORECASE)
_NAME_KEY = re.compile(r"^(file|task|user)?name$|^filepath$|^path$", re.IGNORECASE)
_SECRET_KEY = re.compile(r"(token|secret|password|pwd|signature)", re.IGNORECASE)
FINISHED = (TaskStatus.SUCCESS, TaskStatus.FAILED)
KEPT_HEADERS = ("authorization", "x-user-id", "x-date", "x-traceid", "language")


# ---- catalogue and spec ----------------------------------------------------------------------
def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def probed_quirks(catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The catalogue entries that say how the wire shows them (their `probe` key)."""
    return [entry for entry in catalogue if isinstance(entry.get("probe"), Mapping)]


def pointer_nodes(document: Any, pointer: str) -> Iterator[Any]:
    """Every node at `pointer` (RFC 6901, plus `*` for every item or member); none if absent."""
    nodes = [document]
    for raw in pointer.split("/")[1:] if pointer not in ("", "/") else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        found: list[Any] = []
        for node in nodes:
            if part == "*":
                found += (
                    list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
                )
            elif isinstance(node, dict) and part in node:
                found.append(node[part])
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                found.append(node[int(part)])
        nodes = found
    yield from nodes


def classify(variant: Mapping[str, Any], body: Any) -> bool:
    """Whether `body` shows this variant: some node at its pointer passes its classifier."""
    nodes = list(pointer_nodes(body, str(variant["pointer"])))
    if "present" in variant:
        return bool(nodes) is bool(variant["present"])
    if "type" in variant:
        return any(JSON_TYPES[str(variant["type"])](n) for n in nodes)
    return any(n == variant["equals"] for n in nodes)


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
class Call:
    operation: str
    argument: str
    error: str | None = None


def read_operations(
    client: KooDrive,
    max_ids: int,
    share_tasks: list[tuple[str, str]],
    page_size: int,
    copy_job: tuple[str, str, str] | None = None,
) -> list[Call]:
    """The read operations with safe arguments; an error is noted and the probe goes on.

    `copy_job` (`--allow-writes`): (source container, destination container, file id) the user
    named: one copy job is created, read and cancelled at once.
    """
    calls: list[Call] = []

    def attempt(operation: str, argument: str, action: Callable[[], Any]) -> Any:
        call = Call(operation, argument)
        calls.append(call)
        try:
            return action()
        except KooDriveError as exc:
            call.error = f"{type(exc).__name__}: {exc}"
            return None

    jobs = attempt("listJobs", f"offset=0 limit={page_size}", lambda: client.jobs.list(0, page_size)) or []
    for job in jobs[:max_ids]:
        attempt("getJob", job.id, partial(client.jobs.get, job.id))
    page = attempt("listTasks", f"pageSize={page_size}", lambda: client.tasks.list(page_size=page_size))
    finished_imports: list[str] = []
    for task in (page.items if page is not None else [])[:max_ids]:
        detail = attempt("getTask", task.id, partial(client.tasks.get, task.id))
        # only a finished user import has a result; asking for another's is an error, not a probe
        if detail is not None and detail.type == TaskType.USER_IMPORT and detail.status in FINISHED:
            finished_imports.append(detail.id)
    for task_id in finished_imports:
        attempt("getTaskResult", task_id, partial(client.tasks.result, task_id))
    for share_id, task_id in share_tasks:
        attempt("getShareTask", task_id, partial(client.share_tasks.get, task_id, share_id))
    if copy_job is not None:
        src, dst, file_id = copy_job
        create = partial(
            client.jobs.create, JobType.COPY, src_container_id=src, dst_container_id=dst, file_ids=[file_id]
        )
        job_id = attempt("createJob", f"copy {file_id}", create)
        if isinstance(job_id, str):
            attempt("getJob", job_id, partial(client.jobs.get, job_id))
            attempt("cancelJob", job_id, partial(client.jobs.cancel, job_id))
    return calls


def report(
    spec: Spec, catalogue: list[dict[str, Any]], exchanges: list[Exchange], calls: list[Call]
) -> dict[str, Any]:
    quirks = []
    for entry in probed_quirks(catalogue):
        probe = entry["probe"]
        bodies = [e.body for e in exchanges if e.operation in probe["operations"] and e.body is not None]
        seen = {name: sum(classify(v, b) for b in bodies) for name, v in probe["variants"].items()}
        quirks.append(
            {
                "id": entry["id"],
                "title": entry["title"],
                "operations": list(probe["operations"]),
                "responses": len(bodies),
                "variants": {name: count for name, count in seen.items() if count},
                "catalogued": list(probe["variants"]),
            }
        )
    unknown: dict[tuple[str, str], int] = {}
    for e in exchanges:
        if e.operation is None or e.body is None:
            continue
        schema = spec.response_schema(e.operation, e.status)
        for pointer in set(spec.unknown_fields(schema, e.body)) if schema is not None else ():
            unknown[(e.operation, pointer)] = unknown.get((e.operation, pointer), 0) + 1
    return {
        "calls": [{"operation": c.operation, "argument": c.argument, "error": c.error} for c in calls],
        "quirks": quirks,
        "unknown_fields": [
            {"operation": op, "pointer": p, "responses": n} for (op, p), n in sorted(unknown.items())
        ],
    }


def tables(result: Mapping[str, Any]) -> list[Table]:
    quirks = Table(title="Catalogued quirks the wire showed")
    for column in ("quirk", "variants sent (responses)", "catalogued variants", "looked at", "title"):
        quirks.add_column(column)
    for q in result["quirks"]:
        sent = ", ".join(f"{k} ({n})" for k, n in q["variants"].items()) or "not seen"
        quirks.add_row(q["id"], sent, " | ".join(q["catalogued"]), str(q["responses"]), q["title"])
    unknown = Table(title="Fields the spec does not declare")
    for column in ("operation", "pointer", "responses"):
        unknown.add_column(column)
    for u in result["unknown_fields"]:
        unknown.add_row(u["operation"], u["pointer"], str(u["responses"]))
    calls = Table(title="Calls")
    for column in ("operation", "argument", "result"):
        calls.add_column(column)
    for c in result["calls"]:
        calls.add_row(c["operation"], c["argument"], c["error"] or "ok")
    return [quirks, unknown, calls]


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
            if isinstance(value, str) and _SECRET_KEY.search(key):
                out[key] = MASK
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


def run_probe(
    make_client: Callable[[httpx.Client], KooDrive],
    base_url: str,
    timeout: float,
    *,
    max_ids: int = 3,
    page_size: int = 10,
    share_tasks: list[tuple[str, str]] | None = None,
    record_dir: Path | None = None,
    secrets: set[str] | None = None,
    copy_job: tuple[str, str, str] | None = None,
) -> dict[str, Any]:
    spec = Spec(load_yaml(SPEC_DIR / "koodrive-tasks.yaml"))
    catalogue = load_yaml(SPEC_DIR / "quirks.yaml")
    recorder = Recorder(spec)
    http = httpx.Client(base_url=base_url, timeout=timeout, event_hooks={"response": [recorder]})
    with http, make_client(http) as client:
        calls = read_operations(client, max_ids, share_tasks or [], page_size, copy_job)
    result = report(spec, catalogue, recorder.exchanges, calls)
    result["base_url"] = base_url
    if record_dir is not None:
        paths = record(record_dir, recorder.exchanges, secrets or set(), base_url)
        result["recorded"] = [str(p) for p in paths]
    return result
