"""The `koodrive-tasks` command line: jobs, tasks, share tasks, the emulator, and app-auth signing.

Tables for people, `--json` for scripts (one JSON document, ids as strings; every list is
`{"items": [...], "next_cursor": ...}`). Global options go before or after the subcommand. Exit
codes a script can act on: 0 done (a job or share task that only partly failed too: its failed
files are in the output), 1 the task failed (a basic task FAILED, or every file of a job or share
task) or was cancelled, 2 usage error, 3 authentication refused, 4 deadline passed, 5 any other API
or network error, 130 interrupted. Errors print one line, never a traceback.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import typer
from koodrive_tasks import __version__

# typer >= 0.27 vendors Click as typer._click: its exceptions and parameter classes are these.
from typer._click.core import Command, Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.utils import echo
from typer.core import TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:
    import httpx
    import stamina
    from koodrive_tasks import KooDrive, KooDriveError
    from rich.console import Console


# A flag takes no value (`--json=false` is refused), so its help shows none: typer 0.29 labels every
# option with its type, `--json <bool>` included, which promised a value the flag does not take.
_display_type_rich: Callable[[TyperOption, Context], str | None] | None = getattr(
    TyperOption, "display_type_rich", None
)
if _display_type_rich is not None:
    _shown = _display_type_rich

    def _flag_without_type(self: TyperOption, ctx: Context) -> str | None:
        return None if self.is_flag else _shown(self, ctx)

    setattr(TyperOption, "display_type_rich", _flag_without_type)  # noqa: B010 - absent before typer 0.29


# `koodrive-tasks --version` and every Tab completion import only typer, rich and this module: the
# client, httpx, the generated package and the CLI's own helpers are imported by the commands that
# use them (issue 20: start-up within 2x `import typer, rich`).
_LAZY_MODULES = {"render": ".render", "probe": ".probe", "progress": ".progress"}


def __getattr__(name: str) -> Any:
    import importlib  # noqa: PLC0415

    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name], __package__)
    if name == "Watcher":
        return importlib.import_module(".progress", __package__).Watcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _render() -> Any:
    from . import render  # noqa: PLC0415

    return render


INTL = "https://intl.myhuaweicloud-koodrive.com"
EMULATOR_URL = "http://127.0.0.1:8787"
# The emulator's documented default credentials (emulator/README.md), used by --emulator.
EMULATOR_TOKEN = "emulator-token"  # noqa: S105 - a public test credential of the local emulator
EMULATOR_USER_ID = "1505084218764547200"

EXIT_OK, EXIT_TASK, EXIT_USAGE, EXIT_AUTH, EXIT_DEADLINE, EXIT_OTHER = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
OUTPUTS = ("table", "json", "jsonl", "tsv", "id")
PIPED_WIDTH = 100_000  # a table printed to a pipe is as wide as its content, never cut to 80 columns
API_PATH = "/koodrive/ose"


def hoist_global_options(root: Command, args: Sequence[str]) -> list[str]:
    """Move the root's options to the front wherever they appear (`jobs list --json` works).

    `gh`, `aws` and `kubectl` users put global options anywhere. An option the subcommand defines
    itself (`jobs wait --timeout` is the wait deadline) stays the subcommand's, and so does the
    value of one of its options; everything after `--` is left alone.
    """
    glob = {n: o for o in root.params if isinstance(o, TyperOption) for n in (*o.opts, *o.secondary_opts)}
    front: list[str] = []
    rest: list[str] = []
    command: Command = root
    local: dict[str, TyperOption] = {}
    items = list(args)
    i = 0
    while i < len(items):
        token = items[i]
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if token == "--":  # noqa: S105 - the end-of-options marker, not a password
            rest += items[i:]
            break
        target: list[str] | None = None
        option = None
        if command is not root and name in local:
            target, option = rest, local[name]
        elif name in glob:
            target, option = front, glob[name]
        if target is not None and option is not None:
            target.append(token)
            if not option.is_flag and not option.count and "=" not in token and i + 1 < len(items):
                target.append(items[i + 1])
                i += 1
        else:
            rest.append(token)
            if isinstance(command, TyperGroup) and not token.startswith("-") and token in command.commands:
                command = command.commands[token]
                local = {
                    n: o
                    for o in command.params
                    if isinstance(o, TyperOption)
                    for n in (*o.opts, *o.secondary_opts)
                }
        i += 1
    return front + rest


def debugging(args: Sequence[str] | None) -> bool:
    given = sys.argv[1:] if args is None else args
    return "--debug" in given or os.environ.get("KOODRIVE_LOG", "").strip().lower() == "debug"


class RootGroup(TyperGroup):
    """The root command: global options anywhere, and every usage error as one line with exit 2."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, args))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else EXIT_OK
        except NoArgsIsHelpError as exc:
            echo(exc.ctx.get_help())
            code = EXIT_OK
        except UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            one_line = " ".join(exc.format_message().split())
            err.print(f"usage error: {one_line}{hint}", markup=False, highlight=False)
            code = EXIT_USAGE
        except ClickException as exc:
            err.print(f"error: {' '.join(exc.format_message().split())}", markup=False, highlight=False)
            code = exc.exit_code
        except typer.Abort:
            code = EXIT_INTERRUPTED
        except KeyboardInterrupt:
            err.print("interrupted", markup=False, highlight=False)
            code = EXIT_INTERRUPTED
        except Exception as exc:
            # A bug or an error the library let through: still one line, never a traceback, unless
            # the user asked for the details with --debug.
            if debugging(args):
                raise
            detail = scrub_text(str(exc))[:300]
            err.print(
                f"error: unexpected {type(exc).__name__}{': ' + detail if detail else ''}"
                " (--debug shows the traceback)",
                markup=False,
                highlight=False,
            )
            code = EXIT_OTHER
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=RootGroup, help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=True
)
jobs_app = typer.Typer(
    help="Batch jobs: copy, delete, move, restore, decompress, package download.", no_args_is_help=True
)
tasks_app = typer.Typer(help="Basic tasks: user handover, batch user import.", no_args_is_help=True)
share_app = typer.Typer(help="Share async tasks: package download or save to my drive.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
app.add_typer(tasks_app, name="tasks")
app.add_typer(share_app, name="share-tasks")


class _LazyConsole:
    """A Rich console made on first use: rich.console costs ~40 ms to import, more than `--version`
    and a Tab completion should pay."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console  # noqa: PLC0415

            self._console = Console(**self._options)
        return getattr(self._console, name)


out: Console = _LazyConsole(soft_wrap=True)  # type: ignore[assignment]
err: Console = _LazyConsole(stderr=True, soft_wrap=True)  # type: ignore[assignment]
T = TypeVar("T")


@dataclass
class Settings:
    base_url: str
    token: str | None
    user_id: str | None
    app_id: str | None
    app_secret: str | None
    timeout: float
    language: str | None
    output: str
    debug: bool = False

    @property
    def as_json(self) -> bool:
        return self.output == "json"

    def client(self, http_client: httpx.Client | None = None, rate_limit: float | None = None) -> KooDrive:
        from koodrive_tasks import AppAuth, KooDrive, TokenAuth  # noqa: PLC0415

        if self.app_id and self.app_secret:
            if not self.user_id:
                usage("app authentication needs --user-id (or KOODRIVE_USER_ID)")
            auth: TokenAuth | AppAuth = AppAuth(self.app_id, self.app_secret, self.user_id or "")
        elif self.token:
            auth = TokenAuth(self.token, user_id=self.user_id)
        else:
            usage("no credentials: give --token, or --app-id, --app-secret and --user-id (or KOODRIVE_*)")
        return KooDrive(
            self.base_url,
            auth,
            timeout=self.timeout,
            language=self.language,
            http_client=http_client,
            rate_limit=rate_limit,
        )


def check_base_url(value: str) -> str:
    """A usable http(s) URL with a host, or a one-line usage error (`http://[::1` is not one)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        usage(f"--base-url {value!r} is not a URL ({exc})")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        usage(f"--base-url {value!r} is not an http(s) URL with a host, e.g. {INTL}")
    return value


def usage(message: str) -> NoReturn:
    err.print(f"usage error: {message}", markup=False, highlight=False)
    raise typer.Exit(EXIT_USAGE)


def settings(ctx: typer.Context) -> Settings:
    """The global options of this run (the root command's)."""
    value = ctx.find_root().obj
    assert isinstance(value, Settings)
    return value


_DEBUG_HANDLER: Any = None


def debug_handler() -> Any:
    """A handler that writes to whatever sys.stderr is at the time (a test runner swaps it per
    invocation), made once."""
    global _DEBUG_HANDLER  # noqa: PLW0603 - one handler for the process, made on first use
    import logging  # noqa: PLC0415

    if _DEBUG_HANDLER is None:

        class CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
            def emit(self, record: logging.LogRecord) -> None:
                self.stream = sys.stderr
                super().emit(record)

        _DEBUG_HANDLER = CurrentStderr()
        _DEBUG_HANDLER.setFormatter(logging.Formatter("debug: [%(name)s] %(message)s"))
    return _DEBUG_HANDLER


def log_retry(details: stamina.instrumentation.RetryDetails) -> None:
    import logging  # noqa: PLC0415

    cause = details.caused_by
    reason = scrub_text(f"{type(cause).__name__}: {cause}")
    logging.getLogger("stamina").warning(
        "retry %d in %.2f s after %s", details.retry_num, details.wait_for, reason[:200]
    )


def scrub_text(text: str) -> str:
    from koodrive_tasks import http_log  # noqa: PLC0415

    return http_log.redact_text(" ".join(text.split()))


def configure_logging(debug: bool) -> None:
    """--debug: every request, raw response and retry on stderr; otherwise retries stay silent."""
    import logging  # noqa: PLC0415

    import stamina  # noqa: PLC0415
    from koodrive_tasks import http_log  # noqa: PLC0415

    loggers = (http_log.logger, logging.getLogger("stamina"))
    handler = debug_handler()
    for logger in loggers:
        logger.removeHandler(handler)
        logger.propagate = True
    if debug:
        for logger in loggers:
            logger.addHandler(handler)
            logger.propagate = False  # printed once, by this handler
            logger.setLevel(logging.DEBUG)
        stamina.instrumentation.set_on_retry_hooks([log_retry])  # one readable line per retry
    else:
        http_log.logger.setLevel(logging.NOTSET)
        stamina.instrumentation.set_on_retry_hooks([])  # retries still happen, silently


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"koodrive-tasks {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    ctx: typer.Context,
    base_url: Annotated[str, typer.Option(envvar="KOODRIVE_BASE_URL", help="API endpoint.")] = INTL,
    token: Annotated[
        str | None, typer.Option(envvar="KOODRIVE_TOKEN", help="Access token.", show_default=False)
    ] = None,
    user_id: Annotated[
        str | None, typer.Option(envvar="KOODRIVE_USER_ID", help="KooDrive user id (X-User-Id).")
    ] = None,
    app_id: Annotated[
        str | None, typer.Option(envvar="KOODRIVE_APP_ID", help="App id for app authentication.")
    ] = None,
    app_secret: Annotated[
        str | None,
        typer.Option(
            envvar="KOODRIVE_APP_SECRET", help="App secret for app authentication.", show_default=False
        ),
    ] = None,
    emulator: Annotated[
        bool,
        typer.Option(
            "--emulator", help=f"Talk to a local emulator at {EMULATOR_URL} with its default credentials."
        ),
    ] = False,
    timeout: Annotated[float, typer.Option(help="Per-request timeout in seconds (> 0).")] = 30.0,
    language: Annotated[
        str | None, typer.Option(help="Language of server messages, e.g. en-US or zh-CN.")
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FORMAT",
            autocompletion=lambda: list(OUTPUTS),
            help=(
                "table (for people; never cut when piped), json (one document), jsonl (one record per"
                " line), tsv (the table's rows, tab-separated, no header), id (ids only, one per line)."
            ),
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --output json.")] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Log each request and raw response (secrets redacted) and every retry to stderr."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=show_version, help="Print the version and exit."),
    ] = False,
) -> None:
    if emulator:
        if base_url in (INTL, ""):
            base_url = os.environ.get("KOODRIVE_EMULATOR_URL", EMULATOR_URL)
        if not (token or app_id):
            token, user_id = EMULATOR_TOKEN, user_id or EMULATOR_USER_ID
    base_url = check_base_url(base_url or INTL)
    if not timeout > 0:  # also refuses nan
        usage(f"--timeout must be a number of seconds > 0, not {timeout}")
    debug = debug or os.environ.get("KOODRIVE_LOG", "").strip().lower() == "debug"
    configure_logging(debug)
    if output is not None and output not in OUTPUTS:
        usage(f"--output {output!r}: use one of {', '.join(OUTPUTS)}")
    if as_json and output not in (None, "json"):
        usage(f"--json and --output {output} ask for two formats")
    chosen = "json" if as_json else output or "table"
    ctx.obj = Settings(base_url, token, user_id, app_id, app_secret, timeout, language, chosen, debug)


def capture(ctx: typer.Context, action: Callable[[KooDrive], T]) -> T | KooDriveError:
    """Run one client action; a KooDrive error is returned, for the caller to report after cleanup."""
    import httpx  # noqa: PLC0415
    from koodrive_tasks import APIConnectionError, KooDriveError, http_log  # noqa: PLC0415

    try:
        with settings(ctx).client() as client:
            return action(client)
    except KooDriveError as exc:
        return exc
    except httpx.HTTPError as exc:  # not wrapped by the library (e.g. a body that is not the gzip it claims)
        return APIConnectionError(f"request failed ({type(exc).__name__}: {http_log.redact_text(str(exc))})")


def run(ctx: typer.Context, action: Callable[[KooDrive], T]) -> T:
    """Run one client action, turning every KooDrive error into one line and its exit code."""
    from koodrive_tasks import KooDriveError  # noqa: PLC0415

    result = capture(ctx, action)
    if isinstance(result, KooDriveError):
        fail(ctx, result)
    return result


def watch(
    ctx: typer.Context,
    label: str,
    action: Callable[[KooDrive, Callable[[object], None]], T],
    how_to_cancel: str,
) -> T:
    """A wait with a progress display; errors and Ctrl-C are reported after the display is gone."""
    from koodrive_tasks import KooDriveError  # noqa: PLC0415

    from .progress import Watcher  # noqa: PLC0415

    try:
        with Watcher(label, enabled=settings(ctx).output == "table") as watcher:
            result = capture(ctx, lambda c: action(c, watcher.update))
    except KeyboardInterrupt:
        err.print(
            f"interrupted: {label} is still running on the server; {how_to_cancel}",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if isinstance(result, KooDriveError):
        fail(ctx, result)
    return result


@dataclass
class Waited:
    """One id of a `wait ID...`: its final (or last seen) state and the exit code of its outcome."""

    id: str
    state: object
    code: int
    error: KooDriveError | None = None


def watch_all(
    ctx: typer.Context,
    kind: str,
    ids: Sequence[str],
    wait_all: Callable[[KooDrive, Callable[[str, object], None], Callable[[Any], None]], None],
    how_to_cancel: Callable[[str], str],
) -> list[Waited]:
    """Wait for every id at once (`wait_many`/`as_completed`, one deadline), one display for all.

    `wait_all(client, on_progress, on_result)` runs the wait, calling `on_result` with each id's
    `WaitResult` as it finishes. Errors are reported (one line each) after the display is gone;
    Ctrl-C names the ids still running.
    """
    from koodrive_tasks import KooDriveError  # noqa: PLC0415

    from .progress import Watcher  # noqa: PLC0415

    done: dict[str, Waited] = {}
    try:
        with Watcher([f"{kind} {i}" for i in ids], enabled=settings(ctx).output == "table") as watcher:

            def on_result(result: Any) -> None:
                code = EXIT_OK if result.error is None else exit_code(result.error)
                done[result.id] = Waited(result.id, result.state, code, result.error)

            outcome = capture(
                ctx, lambda c: wait_all(c, lambda i, state: watcher.show(f"{kind} {i}", state), on_result)
            )
    except KeyboardInterrupt:
        waiting = [i for i in ids if i not in done]
        err.print(
            f"interrupted: {kind} {' '.join(waiting)} still running on the server; "
            f"{how_to_cancel(waiting[0] if waiting else ids[0])}",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if isinstance(outcome, KooDriveError):
        fail(ctx, outcome)
    results = [done[i] for i in dict.fromkeys(ids) if i in done]
    for r in results:
        if r.error is not None:
            report(ctx, r.error)
    return results


def exit_code(exc: KooDriveError) -> int:
    from koodrive_tasks import (  # noqa: PLC0415
        AuthenticationError,
        InvalidIdError,
        TaskCancelledError,
        TaskFailedError,
        WaitTimeoutError,
    )

    if isinstance(exc, InvalidIdError):
        return EXIT_USAGE
    if isinstance(exc, TaskFailedError | TaskCancelledError):
        return EXIT_TASK
    if isinstance(exc, AuthenticationError):
        return EXIT_AUTH
    if isinstance(exc, WaitTimeoutError):
        return EXIT_DEADLINE
    return EXIT_OTHER


def where(ctx: typer.Context, exc: KooDriveError) -> str:
    """What to add to an error line so the user can tell a wrong --base-url from a server problem."""
    from koodrive_tasks import APIConnectionError, APIError  # noqa: PLC0415

    base = settings(ctx).base_url
    host = urlsplit(base).netloc or base
    if isinstance(exc, APIConnectionError):
        return f" [{host}; is --base-url / KOODRIVE_BASE_URL right?]"
    path = urlsplit(base).path.rstrip("/")
    if isinstance(exc, APIError) and exc.status_code in {400, 404, 405} and path:
        hint = ", without the API path" if API_PATH in path else ""
        return f" [{host}; --base-url has the path {path!r}: give the host only{hint}, e.g. {INTL}]"
    if isinstance(exc, APIError):
        return f" [{host}]"
    return ""


def scrub(ctx: typer.Context, text: str) -> str:
    """A server may echo what it was sent into `msg`: this run's secrets never reach the screen."""
    from koodrive_tasks import http_log  # noqa: PLC0415

    s = settings(ctx)
    for secret in (s.token, s.app_secret):
        if secret and len(secret) >= 6:  # a shorter value would mask ordinary words, and is no secret
            text = text.replace(secret, http_log.REDACTED)
    return http_log.redact_text(text)


def report(ctx: typer.Context, exc: KooDriveError) -> None:
    from koodrive_tasks import InvalidIdError  # noqa: PLC0415

    prefix = "usage error" if isinstance(exc, InvalidIdError) else "error"
    suffix = "" if isinstance(exc, InvalidIdError) else where(ctx, exc)
    line = scrub(ctx, f"{prefix}: {_render().error_line(exc)}{suffix}")
    err.print(line, markup=False, highlight=False)


def fail(ctx: typer.Context, exc: KooDriveError) -> NoReturn:
    """One line for the error, and its exit code (a malformed id is a usage error: 2)."""
    report(ctx, exc)
    raise typer.Exit(exit_code(exc))


def records_of(payload: Any) -> list[Any]:
    """The records of an output document: a list's items, or the one record."""
    if isinstance(payload, dict) and set(payload) == {"items", "next_cursor"}:
        return list(payload["items"])
    return [payload]


def id_of(record: Any) -> str | None:
    if not isinstance(record, dict):
        return None
    if "id" in record:
        return None if record["id"] is None else str(record["id"])
    inner = record.get("job")  # a job detail
    return id_of(inner) if isinstance(inner, dict) else None


def tsv_rows(shown: Any, payload: Any) -> list[list[str]]:
    """The table's rows as cells (its columns, in order); for a view that is no table, the
    records' plain values."""
    from rich.table import Table  # noqa: PLC0415

    if isinstance(shown, Table) and shown.columns:
        cells = [[str(c) for c in column._cells] for column in shown.columns]
        return [list(row) for row in zip(*cells, strict=True)]
    rows = []
    for record in records_of(payload):
        if isinstance(record, dict):
            rows.append(
                ["" if v is None else str(v) for v in record.values() if not isinstance(v, dict | list)]
            )
        else:
            rows.append([str(record)])
    return rows


def tsv_cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def emit(
    ctx: typer.Context, payload: Any, table: Callable[[], Any], piped: Callable[[], str] | None = None
) -> None:
    """Print the result in the chosen --output format.

    `table` is what people read on a terminal; when stdout is no terminal a table is printed at
    its full width (never cut to 80 columns), and `piped`, when given, replaces it (a create prints
    the new id alone, as `gh` prints a URL alone when piped).
    """
    import json  # noqa: PLC0415

    output = settings(ctx).output
    if output == "json":
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    elif output == "jsonl":
        for record in records_of(payload):
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif output == "id":
        for record in records_of(payload):
            found = id_of(record)
            if found is not None:
                sys.stdout.write(found + "\n")
    elif output == "tsv":
        for row in tsv_rows(table(), payload):
            sys.stdout.write("\t".join(tsv_cell(c) for c in row) + "\n")
    elif out.is_terminal:
        out.print(table())
    elif piped is not None:
        sys.stdout.write(piped() + "\n")
    else:  # piped or redirected: every cell whole, one row per line (grep, awk, cut see it all)
        from rich.console import Console  # noqa: PLC0415

        Console(soft_wrap=True, width=PIPED_WIDTH).print(table())
    sys.stdout.flush()


def envelope(items: list[dict[str, Any]], next_cursor: int | None) -> dict[str, Any]:
    """Every list in --json: the records, and where the next page starts (`None` at the end)."""
    return {"items": items, "next_cursor": next_cursor}


def enum_names(module: str) -> list[str]:
    """The member names of a generated enum (`job_type`), as the CLI takes them (`package-download`),
    for Tab completion: read from the generated module file alone, without importing the generated
    package (whose import pulls in httpx and every model: too slow for a key press)."""
    import koodrive_tasks  # noqa: PLC0415

    root = Path(koodrive_tasks.__file__).resolve().parent.parent
    candidates = [root / "koodrive_generated", root.parent / "generated" / "koodrive_generated"]
    for package in candidates:
        path = package / "models" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"_koodrive_cli_enum_{module}", path)
        if path.is_file() and spec is not None and spec.loader is not None:
            loaded = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(loaded)
            enums = [v for v in vars(loaded).values() if isinstance(v, type) and hasattr(v, "__members__")]
            members = [m for e in enums if e.__module__ == loaded.__name__ for m in e.__members__]
            return [m.lower().replace("_", "-") for m in members]
    return []


def completer(module: str) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [n for n in enum_names(module) if n.startswith(incomplete.lower())]

    return complete


def enum_value(enum: type[Any], raw: str | None, what: str) -> Any:
    """Accept an enum by number or by name (case-insensitive, `-` for `_`)."""
    if raw is None:
        return None
    key = raw.strip().upper().replace("-", "_")
    if key.lstrip("-").isdigit():
        try:
            return enum(int(key))
        except ValueError:
            pass
    elif key in enum.__members__:
        return enum[key]
    names = ", ".join(f"{m.value}/{m.name.lower().replace('_', '-')}" for m in enum)
    usage(f"unknown {what} {raw!r}; use one of {names}")


def ids_only(param: typer.CallbackParam, value: Any) -> Any:
    """An id argument (or several) goes into a URL path: the library's own check
    (`resources._shared.path_id`) decides what it accepts, and its `InvalidIdError` is a usage
    error (exit 2), found before any request is sent."""
    from koodrive_tasks import InvalidIdError  # noqa: PLC0415
    from koodrive_tasks.resources._shared import path_id  # noqa: PLC0415

    for one in value if isinstance(value, list) else [value]:
        try:
            path_id(one, param.name or "id")
        except InvalidIdError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


ID = typer.Argument(callback=ids_only, show_default=False)


# ---- jobs ---------------------------------------------------------------------------------------
@jobs_app.command("list")
def jobs_list(
    ctx: typer.Context,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type", help="Job type (number or name, e.g. copy).", autocompletion=completer("job_type")
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Job status (number or name, e.g. completed).", autocompletion=completer("job_status")
        ),
    ] = None,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 100,
    all_: Annotated[bool, typer.Option("--all", help="Walk every page.")] = False,
) -> None:
    """List batch jobs, newest first: one page (--offset, --limit) or every page (--all)."""
    from koodrive_tasks import JobStatus, JobType  # noqa: PLC0415

    render = _render()
    job_type, job_status = enum_value(JobType, type_, "job type"), enum_value(JobStatus, status, "job status")
    jobs = run(
        ctx,
        lambda c: (
            list(c.jobs.iter(type=job_type, status=job_status))
            if all_
            else c.jobs.list(offset=offset, limit=limit, type=job_type, status=job_status)
        ),
    )
    # Offset paging: the next page starts at offset + limit, when this one was full.
    next_offset = None if all_ or len(jobs) < limit else offset + len(jobs)
    emit(ctx, envelope([render.job_dict(j) for j in jobs], next_offset), lambda: render.jobs_table(jobs))


@jobs_app.command("get")
def jobs_get(ctx: typer.Context, job_id: Annotated[str, ID]) -> None:
    """Show one batch job with its per-file results and archive listing."""
    render = _render()
    detail = run(ctx, lambda c: c.jobs.get(job_id))
    emit(ctx, render.job_detail_dict(detail), lambda: render.job_detail_view(detail))


ARCHIVE_PASSWORD_ENV = "KOODRIVE_ARCHIVE_PASSWORD"  # noqa: S105 - the variable's name, not a secret


def archive_password(ask: bool) -> str | None:
    """An archive's password: from $KOODRIVE_ARCHIVE_PASSWORD, or typed at a hidden prompt (on
    stderr, so the output stays clean); never an option (argv is visible to every user)."""
    if ask:
        typed: str = typer.prompt(
            "Archive password", hide_input=True, default="", show_default=False, err=True
        )
        return typed or None
    return os.environ.get(ARCHIVE_PASSWORD_ENV) or None


@jobs_app.command("create")
def jobs_create(
    ctx: typer.Context,
    type_: Annotated[
        str,
        typer.Option(
            "--type",
            help="Job type: copy, delete, move, restore, decompress, package-download, empty-recycle-bin.",
            autocompletion=completer("job_type"),
        ),
    ],
    src_container: Annotated[str, typer.Option(help="Source space id.")],
    dst_container: Annotated[str, typer.Option(help="Target space id.")],
    file_id: Annotated[list[str] | None, typer.Option("--file", help="File id (repeat for several).")] = None,
    file_path: Annotated[
        list[str] | None,
        typer.Option(
            "--file-path",
            metavar="FILE_ID=PATH",
            help="Full path of a file, by id (repeatable); a logical delete needs them.",
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            help="Action type (number or name, e.g. logical-delete).",
            autocompletion=completer("job_action_type"),
        ),
    ] = None,
    new_path: Annotated[str | None, typer.Option(help="Decompress: the folder to unpack into.")] = None,
    uncompress_path: Annotated[
        list[str] | None,
        typer.Option("--uncompress-path", help="Partial decompression: an entry to unpack (repeatable)."),
    ] = None,
    share_folder: Annotated[
        str | None, typer.Option(help="Do the job inside this shared folder (X-HW-Share-Folder-Id).")
    ] = None,
    ask_password: Annotated[
        bool,
        typer.Option(
            "--ask-password",
            help=f"Prompt for the archive's password (hidden); otherwise ${ARCHIVE_PASSWORD_ENV} is used.",
        ),
    ] = False,
) -> None:
    """Start a batch job and print its id (alone when piped: JID=$(koodrive-tasks jobs create ...))."""
    from koodrive_tasks import JobActionType, JobType  # noqa: PLC0415

    job_type = enum_value(JobType, type_, "job type")
    action_type = enum_value(JobActionType, action, "action type")
    paths: dict[str, str] = {}
    for pair in file_path or []:
        key, sep, value = pair.partition("=")
        if not (sep and key and value):
            usage(f"--file-path takes FILE_ID=PATH, not {pair!r}")
        paths[key] = value
    password = archive_password(ask_password)
    job_id = run(
        ctx,
        lambda c: c.jobs.create(
            type=job_type,
            src_container_id=src_container,
            dst_container_id=dst_container,
            file_ids=list(dict.fromkeys([*(file_id or []), *paths])),
            file_paths=paths or None,
            action_type=action_type,
            new_file_path=new_path,
            uncompress_file_paths=uncompress_path or None,
            password=password,
            share_folder_id=share_folder,
        ),
    )
    emit(ctx, {"id": job_id}, lambda: f"created job {job_id}", piped=lambda: job_id)


@jobs_app.command("cancel")
def jobs_cancel(ctx: typer.Context, job_id: Annotated[str, ID]) -> None:
    """Cancel a pending or processing batch job and show its status afterwards; exit 1 when the
    job had already finished (nothing was cancelled)."""
    from koodrive_tasks import JobStatus  # noqa: PLC0415

    render = _render()

    def cancel(c: KooDrive) -> Any:
        c.jobs.cancel(job_id)
        return c.jobs.get(job_id)

    detail = run(ctx, cancel)
    status = detail.job.status
    payload = render.job_dict(detail.job)
    if status == JobStatus.CANCELLED:
        emit(ctx, payload, lambda: f"cancelled job {job_id}", piped=lambda: f"{job_id}\tcancelled")
        return
    shown = render.name(status)
    if status == JobStatus.COMPLETED:
        emit(ctx, payload, lambda: render.jobs_table([detail.job]), piped=lambda: f"{job_id}\t{shown}")
        err.print(
            f"error: job {job_id} had already finished ({shown}): nothing was cancelled",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_TASK)
    # still pending or processing: the server takes the cancel in its own time
    emit(
        ctx,
        payload,
        lambda: f"cancelling job {job_id} (status now: {shown})",
        piped=lambda: f"{job_id}\t{shown}",
    )


def waited_payload(results: list[Waited], one: Callable[[Any], dict[str, Any]]) -> Any:
    """One id: its record (as before); several: a list envelope, one record per id (the last state
    seen, or `{"id": ...}` when none was)."""
    docs = [one(r.state) if r.state is not None else {"id": r.id} for r in results]
    return docs[0] if len(docs) == 1 else envelope(docs, None)


def worst(results: list[Waited]) -> int:
    """The exit code of the worst outcome: any other error (5) > auth (3) > deadline (4) > failed (1) > ok."""
    rank = {EXIT_OK: 0, EXIT_TASK: 1, EXIT_DEADLINE: 2, EXIT_AUTH: 3, EXIT_USAGE: 4, EXIT_OTHER: 5}
    return max((r.code for r in results), key=lambda code: rank.get(code, 5), default=EXIT_OK)


@jobs_app.command("wait")
def jobs_wait(
    ctx: typer.Context,
    job_ids: Annotated[
        list[str], typer.Argument(metavar="JOB_ID...", help="One or more job ids.", callback=ids_only)
    ],
    deadline: Annotated[
        float,
        typer.Option("--timeout", min=0, help="Give up after this many seconds in all (0: check once)."),
    ] = 600.0,
    interval: Annotated[float, typer.Option(min=0.001, help="First poll interval in seconds.")] = 1.0,
) -> None:
    """Wait for batch jobs to complete; the exit code is the worst outcome (1: one was cancelled or
    had every file fail, 4: one was not finished in time)."""
    from koodrive_tasks import JobDetail  # noqa: PLC0415

    render = _render()

    def wait_all(c: KooDrive, seen: Callable[[str, object], None], each: Callable[[Any], None]) -> None:
        for result in c.jobs.as_completed(
            job_ids, timeout=deadline, poll_interval=interval, on_progress=seen
        ):
            each(result)

    results = watch_all(
        ctx, "job", job_ids, wait_all, lambda i: f"cancel it with: koodrive-tasks jobs cancel {i}"
    )
    details = [r.state for r in results if isinstance(r.state, JobDetail)]
    emit(
        ctx,
        waited_payload(results, render.job_detail_dict),
        lambda: (
            render.job_detail_view(details[0])
            if len(job_ids) == 1 and details
            else render.jobs_table([d.job for d in details])
        ),
    )
    raise typer.Exit(worst(results))


@jobs_app.command("archive")
def jobs_archive(
    ctx: typer.Context,
    container: Annotated[str, typer.Option(help="Space id of the archive.")],
    file_id: Annotated[str, typer.Option("--file", help="File id of the archive.")],
    ask_password: Annotated[
        bool,
        typer.Option(
            "--ask-password",
            help=f"Prompt for an encrypted archive's password (hidden); otherwise ${ARCHIVE_PASSWORD_ENV}.",
        ),
    ] = False,
    deadline: Annotated[
        float, typer.Option("--timeout", min=0, help="Give up after this many seconds.")
    ] = 600.0,
    interval: Annotated[float, typer.Option(min=0.001, help="First poll interval in seconds.")] = 1.0,
) -> None:
    """List the entries of an archive (waits while the server reads a large one)."""
    render = _render()
    password = archive_password(ask_password)
    entries = watch(
        ctx,
        f"listing of {file_id}",
        lambda c, seen: c.jobs.list_archive(
            container, file_id, password=password, timeout=deadline, poll_interval=interval, on_progress=seen
        ),
        "nothing to cancel: ask again later with the same command",
    )
    emit(ctx, envelope([render.record_dict(e) for e in entries], None), lambda: render.archive_table(entries))


# ---- tasks --------------------------------------------------------------------------------------
@tasks_app.command("list")
def tasks_list(
    ctx: typer.Context,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Task type: handover or user-import (or 0-1).",
            autocompletion=completer("task_type"),
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Task status (repeat for several).", autocompletion=completer("task_status")),
    ] = None,
    page_size: Annotated[int | None, typer.Option(min=1, max=100)] = None,
    cursor: Annotated[int | None, typer.Option(help="nextCursor of the previous page.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Walk every page.")] = False,
) -> None:
    """List basic tasks: one page (--cursor, --page-size) or every page (--all)."""
    from koodrive_tasks import TaskStatus, TaskType  # noqa: PLC0415

    render = _render()
    task_type = enum_value(TaskType, type_, "task type")
    statuses = [enum_value(TaskStatus, s, "task status") for s in status or []] or None
    if all_:
        tasks = run(
            ctx, lambda c: list(c.tasks.iter(task_type=task_type, status=statuses, page_size=page_size))
        )
        next_cursor = None
    else:
        page = run(
            ctx,
            lambda c: c.tasks.list(task_type=task_type, status=statuses, page_size=page_size, cursor=cursor),
        )
        tasks, next_cursor = page.items, page.next_cursor
    emit(
        ctx,
        envelope([render.task_dict(t) for t in tasks], next_cursor),
        lambda: render.tasks_table(tasks, next_cursor),
    )


@tasks_app.command("get")
def tasks_get(ctx: typer.Context, task_id: Annotated[str, ID]) -> None:
    """Show one basic task."""
    render = _render()
    task = run(ctx, lambda c: c.tasks.get(task_id))
    emit(ctx, render.task_dict(task), lambda: render.tasks_table([task], None))


@tasks_app.command("create")
def tasks_create(
    ctx: typer.Context,
    type_: Annotated[
        str,
        typer.Option(
            "--type", help="handover or user-import (or 0-1).", autocompletion=completer("task_type")
        ),
    ] = "handover",
    src_user: Annotated[str | None, typer.Option(help="Handover: the leaving user.")] = None,
    dst_user: Annotated[str | None, typer.Option(help="Handover: the receiving user.")] = None,
    result_id: Annotated[str | None, typer.Option(help="User import: result id.")] = None,
    org_id: Annotated[str | None, typer.Option(help="User import: organisation id.")] = None,
    org_user_id: Annotated[str | None, typer.Option(help="User import: organisation user id.")] = None,
) -> None:
    """Start a basic task (a handover or a user import) and print its id (alone when piped)."""
    from koodrive_tasks import TaskType  # noqa: PLC0415

    task_type = enum_value(TaskType, type_, "task type")
    if task_type == TaskType.HANDOVER and not (src_user and dst_user):
        usage("a handover needs --src-user and --dst-user")
    task_id = run(
        ctx,
        lambda c: c.tasks.create(
            task_type=task_type,
            src_user_id=src_user,
            dst_user_id=dst_user,
            result_id=result_id,
            org_id=org_id,
            org_user_id=org_user_id,
        ),
    )
    emit(ctx, {"id": task_id}, lambda: f"created task {task_id}", piped=lambda: task_id)


@tasks_app.command("wait")
def tasks_wait(
    ctx: typer.Context,
    task_ids: Annotated[
        list[str], typer.Argument(metavar="TASK_ID...", help="One or more task ids.", callback=ids_only)
    ],
    deadline: Annotated[
        float,
        typer.Option("--timeout", min=0, help="Give up after this many seconds in all (0: check once)."),
    ] = 600.0,
    interval: Annotated[float, typer.Option(min=0.001, help="First poll interval in seconds.")] = 1.0,
) -> None:
    """Wait for basic tasks to finish; the exit code is the worst outcome (1: one failed, 4: one
    was not finished in time)."""
    from koodrive_tasks import Task  # noqa: PLC0415

    render = _render()

    def wait_all(c: KooDrive, seen: Callable[[str, object], None], each: Callable[[Any], None]) -> None:
        for result in c.tasks.as_completed(
            task_ids, timeout=deadline, poll_interval=interval, on_progress=seen
        ):
            each(result)

    results = watch_all(
        ctx,
        "task",
        task_ids,
        wait_all,
        lambda i: f"basic tasks cannot be cancelled; check on it with: koodrive-tasks tasks get {i}",
    )
    tasks = [r.state for r in results if isinstance(r.state, Task)]
    emit(ctx, waited_payload(results, render.task_dict), lambda: render.tasks_table(tasks, None))
    raise typer.Exit(worst(results))


@tasks_app.command("result")
def tasks_result(ctx: typer.Context, task_id: Annotated[str, ID]) -> None:
    """The result of a finished batch user import task: counts and the users not imported."""
    render = _render()
    result = run(ctx, lambda c: c.tasks.result(task_id))
    emit(ctx, render.record_dict(result), lambda: render.import_result_view(task_id, result))


@tasks_app.command("recipient")
def tasks_recipient(ctx: typer.Context, src_user_id: Annotated[str, ID]) -> None:
    """The user a handover task hands SRC_USER_ID's files to."""
    render = _render()
    recipient = run(ctx, lambda c: c.tasks.handover_recipient(src_user_id))
    emit(ctx, render.record_dict(recipient), lambda: render.recipient_line(src_user_id, recipient))


# ---- share tasks --------------------------------------------------------------------------------
@share_app.command("create")
def share_create(
    ctx: typer.Context,
    share_id: Annotated[str, typer.Option(help="Share id.")],
    container: Annotated[str, typer.Option(help="Space id of the shared files.")],
    file_id: Annotated[list[str], typer.Option("--file", help="File id (repeat for several).")],
    type_: Annotated[
        str, typer.Option("--type", help="package-download or save-to-drive (or 1-2).")
    ] = "package-download",
    zip_name: Annotated[str | None, typer.Option(help="Name of the zip (package download).")] = None,
    target_file: Annotated[str | None, typer.Option(help="Save to drive: target folder id.")] = None,
    target_container: Annotated[str | None, typer.Option(help="Save to drive: target space id.")] = None,
    kdstoken: Annotated[str | None, typer.Option(help="Temporary share token.", show_default=False)] = None,
) -> None:
    """Start a share async task (package download or save to my drive) and print its id (alone when piped)."""
    from koodrive_tasks import ShareTaskType  # noqa: PLC0415

    share_type = enum_value(ShareTaskType, type_, "share task type")
    task_id = run(
        ctx,
        lambda c: c.share_tasks.create(
            task_type=share_type,
            share_id=share_id,
            container_id=container,
            file_ids=file_id,
            zip_name=zip_name,
            target_file_id=target_file,
            target_container_id=target_container,
            kdstoken=kdstoken,
        ),
    )
    emit(ctx, {"id": task_id}, lambda: f"created share task {task_id}", piped=lambda: task_id)


@share_app.command("get")
def share_get(
    ctx: typer.Context,
    task_id: Annotated[str, ID],
    share_id: Annotated[str, typer.Option(help="Share id the task was created on.")],
    kdstoken: Annotated[str | None, typer.Option(show_default=False)] = None,
) -> None:
    """Show one share async task with its per-file results."""
    render = _render()
    task = run(ctx, lambda c: c.share_tasks.get(task_id, share_id, kdstoken=kdstoken))
    emit(ctx, render.share_task_dict(task), lambda: render.share_task_view(task))


@share_app.command("wait")
def share_wait(
    ctx: typer.Context,
    task_id: Annotated[str, ID],
    share_id: Annotated[str, typer.Option(help="Share id the task was created on.")],
    deadline: Annotated[
        float, typer.Option("--timeout", min=0, help="Give up after this many seconds.")
    ] = 600.0,
    interval: Annotated[float, typer.Option(min=0.001, help="First poll interval in seconds.")] = 1.0,
) -> None:
    """Wait for a share async task to complete; exit 1 if it was cancelled or every file failed."""
    render = _render()
    task = watch(
        ctx,
        f"share task {task_id}",
        lambda c, seen: c.share_tasks.wait(
            task_id, share_id, timeout=deadline, poll_interval=interval, on_progress=seen
        ),
        "share tasks cannot be cancelled; check on it with: "
        f"koodrive-tasks share-tasks get {task_id} --share-id {share_id}",
    )
    emit(ctx, render.share_task_dict(task), lambda: render.share_task_view(task))


# ---- any operation, by the registry ------------------------------------------------------------
def operation_ids(incomplete: str) -> list[str]:
    """Tab completion of `call`: the spec's operationIds (the registry imports nothing heavy)."""
    from koodrive_generated.operations import OPERATIONS  # noqa: PLC0415

    return [name for name in OPERATIONS if name.startswith(incomplete)]


class CallCommand(TyperCommand):
    """`call`: with an operationId before `--help`, the help also shows that operation (its HTTP
    method and path, the client method that serves it, its usage line and its path parameters:
    `dispatch.help_for`), and an operationId the CLI cannot serve is a usage error (exit 2)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if any(arg in ctx.help_option_names for arg in args):
            named = next((arg for arg in args if not arg.startswith("-")), None)
            if named is not None:
                ctx.meta["call_operation"] = named
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Context, formatter: Any) -> None:
        operation_id = ctx.meta.get("call_operation")
        if operation_id is None:
            super().format_help(ctx, formatter)
            return
        from . import dispatch  # noqa: PLC0415

        try:
            text = dispatch.help_for(operation_id)
        except dispatch.DispatchError as exc:
            raise UsageError(str(exc), ctx) from None
        super().format_help(ctx, formatter)
        formatter.write("\n" + text + "\n")


@app.command("call", cls=CallCommand, context_settings={"ignore_unknown_options": True})
def call_cmd(
    ctx: typer.Context,
    operation: Annotated[
        str,
        typer.Argument(
            help="An operationId of the spec (getJob, listTasks, ...).", autocompletion=operation_ids
        ),
    ],
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="The client method's arguments: a bare VALUE for each positional parameter in order "
            "(path parameters first), NAME=VALUE for the others.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Send any operation of the spec, named by its operationId, through the client.

    Examples: call getJob 2089376515467771968; call listJobs offset=0 limit=10. Prints what the
    client method returns (a record as --json shows it). `call OPERATION --help` shows that
    operation's parameters."""
    import json  # noqa: PLC0415

    from . import dispatch  # noqa: PLC0415

    render = _render()

    def action(client: KooDrive) -> Any:
        try:
            method = dispatch.method_of(client, operation)
            args, kwargs = dispatch.arguments(method, words or [])
        except (dispatch.DispatchError, ValueError) as exc:
            usage(str(exc))
        try:
            return method(*args, **kwargs)
        except TypeError as exc:  # a required parameter without a value
            usage(f"{exc}; usage: koodrive-tasks {dispatch.usage_line(operation, method)}")

    result = run(ctx, action)
    payload = render.jsonable(result)
    emit(ctx, payload, lambda: json.dumps(payload, ensure_ascii=False, indent=2, default=str))


# ---- tools --------------------------------------------------------------------------------------
@app.command("emulator")
def emulator_cmd(
    host: Annotated[str, typer.Option(help="Loopback address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8787,
    rate_limit: Annotated[
        float,
        typer.Option(
            min=0,
            help="Answer 429 with Retry-After past N requests per second per credential "
            "(0: off; else 0.001 to 1000000).",
        ),
    ] = 0.0,
    rate_burst: Annotated[
        int,
        typer.Option(
            min=0,
            help="Requests a credential may send at once before the rate applies (0: one second's worth).",
        ),
    ] = 0,
) -> None:
    """Start the KooDrive emulator, print its address and credentials (Ctrl-C stops it)."""
    with needs_extra("emulator", "koodrive-tasks emulator"):
        from koodrive_emulator.__main__ import run as serve  # noqa: PLC0415 - only this command needs it

    # The emulator's own parser checks the bounds (a rate is 0 or at least 0.001) in its own words.
    argv = [
        "--host",
        host,
        "--port",
        str(port),
        "--rate-limit",
        repr(rate_limit),
        "--rate-burst",
        str(rate_burst),
    ]
    try:
        serve(argv)
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


class needs_extra:  # a `with` statement, named like contextlib's helpers
    """Turn a missing optional dependency into one line naming the extra that brings it."""

    def __init__(self, extra: str, what: str) -> None:
        self.extra, self.what = extra, what

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ModuleNotFoundError) and not (exc.name or "").startswith("koodrive"):
            usage(
                f"{self.what} needs the {self.extra} extra (missing module {exc.name}): "
                f"pip install 'koodrive-tasks[{self.extra}]'"
            )


@app.command("sign")
def sign_cmd(
    ctx: typer.Context,
    method: Annotated[str, typer.Argument(help="HTTP method, e.g. GET.")],
    url: Annotated[
        str,
        typer.Argument(help="Full URL with query, e.g. https://host/koodrive/ose/v1/jobs?offset=0&limit=10."),
    ],
    body: Annotated[str, typer.Option(help="Exact request body bytes (UTF-8).")] = "",
    date: Annotated[
        str | None, typer.Option(help="X-Date to sign with (yyyyMMddTHHmmssZ); default now.")
    ] = None,
    show_canonical: Annotated[
        bool, typer.Option("--canonical", help="Also print the canonical request.")
    ] = False,
) -> None:
    """Print the app-auth headers of one request, to compare signatures with the docs."""
    import httpx  # noqa: PLC0415
    from koodrive_tasks.auth import sign  # noqa: PLC0415

    s = settings(ctx)
    if not (s.app_id and s.app_secret and s.user_id):
        usage("sign needs --app-id, --app-secret and --user-id (or KOODRIVE_APP_ID, _APP_SECRET, _USER_ID)")
    # The request as httpx sends it (encoded path, no default port in Host), signed by the same
    # function as AppAuth: what is printed is what the library would send.
    try:
        request = httpx.Request(method.upper(), url, content=body.encode())
    except httpx.InvalidURL as exc:
        usage(f"sign: not a URL: {exc}")
    if request.url.scheme not in ("http", "https") or not request.url.host:
        usage("sign needs a full http(s) URL, e.g. https://host/koodrive/ose/v1/jobs")
    signed = sign(request, app_id=s.app_id, app_secret=s.app_secret, user_id=s.user_id, date=date)
    payload = {"headers": signed.headers, "canonical_request": signed.canonical_request}

    def lines() -> str:
        text = "\n".join(f"{k}: {v}" for k, v in signed.headers.items())
        return text + ("\n\n" + signed.canonical_request if show_canonical else "")

    emit(ctx, payload, lines)


#: Bounds on what the user may name for the probe: it stays a handful of reads.
PROBE_MAX_SRC_USERS = 5
PROBE_MAX_ARCHIVES = 3


@app.command("probe")
def probe_cmd(
    ctx: typer.Context,
    max_ids: Annotated[int, typer.Option(min=0, max=20, help="Details to read per list page.")] = 3,
    share_task: Annotated[
        list[str] | None, typer.Option(help="SHARE_ID:TASK_ID of a share task to read (repeatable).")
    ] = None,
    src_user: Annotated[
        list[str] | None,
        typer.Option(
            "--src-user",
            metavar="USER_ID",
            help=f"A handed-over user whose recipient to read (repeatable, at most {PROBE_MAX_SRC_USERS}).",
        ),
    ] = None,
    archive: Annotated[
        list[str] | None,
        typer.Option(
            "--archive",
            metavar="CONTAINER_ID:FILE_ID",
            help=(
                f"An archive to list with listFile (repeatable, at most {PROBE_MAX_ARCHIVES}); the password"
                f" of an encrypted one comes from ${ARCHIVE_PASSWORD_ENV} or --ask-archive-password."
            ),
        ),
    ] = None,
    ask_archive_password: Annotated[
        bool, typer.Option("--ask-archive-password", help="Prompt for the archives' password (hidden).")
    ] = False,
    archive_timeout: Annotated[
        float, typer.Option(min=0, help="Seconds to wait for a listing that comes back as a task.")
    ] = 60.0,
    archive_poll: Annotated[
        float, typer.Option(min=0.01, help="Seconds before asking again about a listing task (grows 1.5x).")
    ] = 1.0,
    record_dir: Annotated[
        Path | None, typer.Option("--record", help="Write redacted request/response pairs here.")
    ] = None,
    allow_writes: Annotated[
        str | None,
        typer.Option(
            "--allow-writes",
            metavar="SRC:DST:FILE_ID",
            help="Also create, read and cancel one copy job of FILE_ID from container SRC to DST.",
        ),
    ] = None,
) -> None:
    """Read-only: which catalogued quirk variants this server sends, and fields the spec lacks."""
    from koodrive_tasks import InvalidIdError, KooDriveError  # noqa: PLC0415
    from koodrive_tasks.resources._shared import path_id  # noqa: PLC0415
    from rich.console import Group  # noqa: PLC0415

    from . import probe  # noqa: PLC0415

    pairs: list[tuple[str, str]] = []
    for value in share_task or []:
        share_id, _, task_id = value.partition(":")
        if not (share_id and task_id):
            usage("--share-task takes SHARE_ID:TASK_ID")
        pairs.append((share_id, task_id))
    users = list(dict.fromkeys(src_user or []))
    if len(users) > PROBE_MAX_SRC_USERS:
        usage(f"--src-user: at most {PROBE_MAX_SRC_USERS} users")
    for user in users:  # it goes into getHandoverDstUserInfo's path: the library's check decides
        try:
            path_id(user, "src_user_id")
        except InvalidIdError as exc:
            usage(f"--src-user takes a user id: {exc}")
    archives: list[tuple[str, str]] = []
    for value in dict.fromkeys(archive or []):
        container_id, _, file_id = value.partition(":")
        if not (container_id and file_id) or ":" in file_id:
            usage("--archive takes CONTAINER_ID:FILE_ID")
        archives.append((container_id, file_id))
    if len(archives) > PROBE_MAX_ARCHIVES:
        usage(f"--archive: at most {PROBE_MAX_ARCHIVES} archives")
    # never a command-line option: argv is visible to every user of the machine
    password = os.environ.get(ARCHIVE_PASSWORD_ENV) or None
    if ask_archive_password:
        # on stderr, so `--json` output stays one document
        password = (
            typer.prompt("Archive password", hide_input=True, default="", show_default=False, err=True)
            or None
        )
    parts = (allow_writes or "").split(":")
    if allow_writes is not None and (len(parts) != 3 or not all(parts)):
        usage("--allow-writes takes SRC_CONTAINER:DST_CONTAINER:FILE_ID")
    copy_job = (parts[0], parts[1], parts[2]) if allow_writes is not None else None
    s = settings(ctx)
    secrets = {v for v in (s.token, s.app_secret, s.app_id, s.user_id) if v}
    targets = probe.Targets(
        share_tasks=pairs,
        src_users=users,
        archives=archives,
        password=password,
        archive_timeout=archive_timeout,
        archive_poll=archive_poll,
        copy_job=copy_job,
    )
    try:
        result = probe.run_probe(
            s.client,
            s.base_url,
            s.timeout,
            max_ids=max_ids,
            targets=targets,
            record_dir=record_dir,
            secrets=secrets,
        )
    except KooDriveError as exc:
        fail(ctx, exc)
    emit(ctx, result, lambda: Group(*probe.tables(result)))


@app.command("demo")
def demo_cmd() -> None:
    """Run the demo of `make` against an embedded emulator (started and stopped here)."""
    with needs_extra("emulator", "koodrive-tasks demo"):
        from .demo import run as run_demo  # noqa: PLC0415 - only this command needs the emulator

    raise typer.Exit(run_demo(out))


from . import bulk as _bulk  # noqa: E402 - `jobs run` lives in its own module (koodrive_cli/bulk.py)

jobs_app.command("run")(_bulk.jobs_run)


def entrypoint() -> None:
    app()
