"""Which parts of the project serve each operation of the registry (`OPERATIONS`, generated from
the spec by `make generate`), and which do not.

An operation is served by
- **sync client**: `KooDrive().<resource>.<method_name>` exists;
- **async client**: `AsyncKooDrive().<resource>.<method_name>` exists and is a coroutine function;
- **emulator**: the app has a handler for it (an app that refuses to start, `MissingHandler`, names
  the operations without one), and a request to its path and HTTP method (path parameters `1`)
  is routed: answered neither as a path the emulator does not have, nor 405, nor 5xx
  (`emulator_routes`);
- **CLI**: `koodrive-tasks call <operationId> --help`, run through typer's CliRunner, exits 0 and
  its usage line takes each path parameter the registry names (`cli_serves`): the command line's
  own dispatch finds the method and shows its parameters, which no client check can stand in for;
- **schemathesis hooks**: `SETUP` of tests/emulator/st_hooks.py has an entry for it;
- **hostile suite**: `ARGUMENTS` of tests/hostile/test_field_types.py has an entry for it;
- **quirk checks**: tests/quirks/conftest.py's `generated_module` finds its generated request module
  (what the quirk tests parse raw bodies with).

The hand-written files are read as text (their dict literals' keys), not imported: importing the
schemathesis hooks twice would register them twice. Every function takes what it checks as
arguments, so tests/spec/test_add_operation.py runs the same logic on a regenerated copy.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ST_HOOKS = ROOT / "tests/emulator/st_hooks.py"
HOSTILE = ROOT / "tests/hostile/test_field_types.py"
QUIRKS_CONFTEST = ROOT / "tests/quirks/conftest.py"
PARTS = (
    "sync client",
    "async client",
    "emulator",
    "CLI",
    "schemathesis hooks",
    "hostile suite",
    "quirk checks",
)
UNKNOWN_PATH = "/koodrive/ose/v1/no/such/operation/here"


def dict_keys(path: Path, name: str) -> set[str]:
    """The string keys of the dict literal assigned to `name` at the top of a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and isinstance(value, ast.Dict):
            return {k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    raise LookupError(f"{path}: no dict literal {name} = {{...}}")


def load(path: Path, name: str) -> Any:
    """A hand-written module by its file (tests' folders are not all packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def method(client: Any, op: Any) -> Any:
    resource = getattr(client, op.resource, None)
    return getattr(resource, op.method_name, None) if resource is not None else None


def cli_serves(op: Any) -> bool:
    """Whether `koodrive-tasks call <operationId> --help` serves the operation: exit 0, and a
    usage line `call <operationId> ...` that takes each of the registry's path parameters."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from typer.testing import CliRunner
    from koodrive_cli.main import app

    result = CliRunner().invoke(app, ["call", op.operation_id, "--help"])
    if result.exit_code != 0:
        return False
    prefix = f"usage: koodrive-tasks call {op.operation_id}"
    usage = next((line.split() for line in result.output.splitlines() if line.startswith(prefix)), None)
    return usage is not None and all(name.upper() in usage for name in op.path_params)


def emulator_routes(make_app: Callable[..., Any], responses: type | None = None) -> Callable[[Any], bool]:
    """Whether the emulator serves an operation. `make_app(**kwargs)` builds the app
    (`koodrive_emulator.create_app`, or a partial of it; `responses`, if given, is passed on as the
    handlers' class). An operation is served when both hold:

    - **its handler**: the app's dispatcher has one for it. An app whose route table has an
      operation without one refuses to start (`MissingHandler`, naming each such operation); it is
      then built again with a stand-in for each named, so the other operations are still probed,
      and the named ones are missing.
    - **its route**: a request to its method and path (path parameters `1`) is answered otherwise
      than a path the emulator has no operation for, and with no 405 or 5xx.

    The probe sends no credentials, so a routed operation answers 401 (or 400 from validation)
    before any handler runs: the answer proves the route, never the handler, which is why the
    handler is checked in the dispatcher and not from the answer.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from koodrive_emulator.responses import MissingHandler, Responses, handles

    base: type = responses or Responses
    kwargs: dict[str, Any] = {} if responses is None else {"responses": responses}
    unhandled: frozenset[str] = frozenset()
    try:
        app = make_app(**kwargs)
    except MissingHandler as exc:
        unhandled = frozenset(exc.operation_ids)
        stand_ins = {
            f"_stand_in_{i}": handles(op_id)(lambda self, *args: None)
            for i, op_id in enumerate(sorted(unhandled))
        }
        app = make_app(responses=type("StandIns", (base,), stand_ins))
    handled = set(app.dispatcher.handlers) - unhandled
    client = TestClient(app, raise_server_exceptions=False)

    def answer(http_method: str, path: str) -> tuple[int, Any]:
        response = client.request(http_method, path)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return response.status_code, body.get("msg") if isinstance(body, dict) else body

    unknown = {answer(m, UNKNOWN_PATH) for m in ("GET", "POST")}

    def routes(op: Any) -> bool:
        if op.operation_id not in handled:
            return False
        path = op.path.format(**dict.fromkeys(op.path_params, "1"))
        got = answer(op.http_method, path)
        return got not in unknown and got[0] != 405 and got[0] < 500

    return routes


def missing(
    operations: Mapping[str, Any],
    *,
    sync_client: Any,
    async_client: Any,
    emulator: Callable[[Any], bool],
    cli: Callable[[Any], bool] = cli_serves,
    st_hooks: Path = ST_HOOKS,
    hostile: Path = HOSTILE,
    quirk_module: Callable[[str], Any] | None = None,
) -> dict[str, list[str]]:
    """operationId -> the parts (of PARTS) that do not serve it; operations served everywhere are left out."""
    if quirk_module is None:
        quirk_module = load(QUIRKS_CONFTEST, "_coverage_quirks_conftest").generated_module
    hooks = dict_keys(st_hooks, "SETUP")
    hostile_args = dict_keys(hostile, "ARGUMENTS")
    out: dict[str, list[str]] = {}
    for op_id, op in operations.items():
        absent = []
        if not callable(method(sync_client, op)):
            absent.append("sync client")
        if not inspect.iscoroutinefunction(method(async_client, op)):
            absent.append("async client")
        if not emulator(op):
            absent.append("emulator")
        if not cli(op):
            absent.append("CLI")
        if op_id not in hooks:
            absent.append("schemathesis hooks")
        if op_id not in hostile_args:
            absent.append("hostile suite")
        try:
            quirk_module(op_id)
        except LookupError:
            absent.append("quirk checks")
        if absent:
            out[op_id] = absent
    return out


def report(gaps: Mapping[str, list[str]]) -> str:
    return "\n".join(f"{op}: missing from {', '.join(parts)}" for op, parts in gaps.items())
