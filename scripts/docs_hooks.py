"""MkDocs hooks of the documentation site (`make docs`, mkdocs.yml): the pages made at build time.

Nothing here is committed output; every page below is made afresh from its source on each build,
so the site cannot drift from the code, the spec or the catalogue:

    reference/python.md   one mkdocstrings directive per name of `koodrive_tasks.__all__`, grouped,
                          plus the resource classes behind `client.jobs`, `.tasks`, `.share_tasks`
    reference/cli.md      the `--help` of every command of the Typer app, as its users see it
    emulator.md           emulator/README.md
    quirks.md             spec/QUIRKS.md
    extensions.md         spec/EXTENSIONS.md
    api/*.html            the Redoc REST reference of scripts/build_docs.py, unchanged
    source/...            the repository files those pages link to (spec, overrides, tests), so a
                          link from the site never leads out of it

Links of the Markdown sources are rewritten to the site's pages; a link that cannot be resolved is
left as written, and `mkdocs build --strict` then fails on it. After the build, every HTML file is
checked for anything a browser would fetch from the network (the site must work offline).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import os
import pkgutil
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import griffe
import typer
from koodrive_tasks.resources._shared import expand_docstring
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_docs  # noqa: E402 - the Redoc build lives beside this file

PACKAGE = "koodrive_tasks"
ASYNC_RESOURCES = "koodrive_generated.aio_resources"  # the async resource classes (make generate)
CLI_APP = "koodrive_cli.main:app"
CLI_NAME = "koodrive-tasks"
# Repository Markdown rendered as site pages: source path -> page.
MARKDOWN_PAGES = {
    "emulator/README.md": "emulator.md",
    "spec/QUIRKS.md": "quirks.md",
    "spec/EXTENSIONS.md": "extensions.md",
}
SOURCE_ROOTS = ("overrides", "generated", "emulator", "cli")  # the packages' folders (mkdocs.yml paths)
SOURCE_DIR = "source"  # where linked repository files are copied in the site
HELP_WIDTH = "88"
LINK = re.compile(r"(\]\()(<[^>]+>|[^)\s]+)((?:\s+\"[^\"]*\")?\))")
FENCE = re.compile(r"^(```|~~~)")
SOURCE_LINK = re.compile(rf'href="\.\./{SOURCE_DIR}/([^"#?]+)')


# --- the Python API reference -------------------------------------------------------------------


def public_names() -> list[str]:
    module = importlib.import_module(PACKAGE)
    return list(module.__all__)


def resource_classes() -> list[type]:
    """The classes behind `client.jobs`, `client.tasks`, `client.share_tasks`: sync, and their async
    twins (generated into `koodrive_generated.aio_resources`)."""
    found: list[type] = []
    for package_name in (f"{PACKAGE}.resources", ASYNC_RESOURCES):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            found += [
                obj
                for name, obj in vars(module).items()
                if inspect.isclass(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
            ]
    return found


def _category(name: str, obj: Any) -> str:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "errors"
        if issubclass(obj, enum.Enum):
            return "enums"
        if obj.__module__.endswith("._credentials"):
            return "auth"
        if hasattr(obj, "jobs") or name.endswith("KooDrive"):
            return "clients"
        return "models"
    return "other"


SECTIONS = {
    "clients": (
        "Clients",
        "`KooDrive` and `AsyncKooDrive` take the same arguments; use them as context managers.",
    ),
    "resources": (
        "Resources",
        "What `client.jobs`, `client.tasks` and `client.share_tasks` are. The async classes have the "
        "same methods as coroutines; their `iter` is an async iterator.",
    ),
    "auth": ("Authentication", "Pass one as `auth=`; both are `httpx.Auth` flows."),
    "models": ("Models", "What the methods return: one clean shape whatever the wire sent."),
    "enums": (
        "Enums",
        "A status or type the server sends that this version does not know stays a plain `int`.",
    ),
    "errors": ("Errors", "Every error the client raises is a `KooDriveError`."),
    "other": ("Constants and other names", ""),
}


def error_tree(classes: list[type]) -> list[str]:
    """The exception hierarchy as a nested list, from the classes themselves."""
    names = {cls.__name__ for cls in classes}
    lines: list[str] = []

    def walk(cls: type, depth: int) -> None:
        lines.append(f"{'    ' * depth}- [`{cls.__name__}`](#{PACKAGE}.{cls.__name__})")
        subclasses: list[type] = cls.__subclasses__()
        for sub in sorted(subclasses, key=lambda c: c.__name__):
            if sub.__name__ in names:
                walk(sub, depth + 1)

    roots = [cls for cls in classes if not any(base.__name__ in names for base in cls.__mro__[1:])]
    for root in roots:
        walk(root, 0)
    return lines


def python_reference() -> str:
    module = importlib.import_module(PACKAGE)
    groups: dict[str, list[str]] = {key: [] for key in SECTIONS}
    for name in public_names():
        groups[_category(name, getattr(module, name))].append(f"{PACKAGE}.{name}")
    groups["resources"] = [f"{cls.__module__}.{cls.__qualname__}" for cls in resource_classes()]
    # each sync class, then its async twin (generated into koodrive_generated.aio_resources)
    groups["resources"].sort(
        key=lambda path: (path.rsplit(".", 1)[1].removeprefix("Async"), ".Async" in path)
    )
    groups["clients"].sort(key=lambda path: (path.replace(".Async", "."), ".Async" in path))  # sync first
    out = [
        "# Python API reference",
        "",
        f"Everything `{PACKAGE}` exports (its `__all__`), generated from the docstrings and signatures "
        "at build time. Import every name from the package itself:",
        "",
        "```python",
        f"from {PACKAGE} import KooDrive, AsyncKooDrive, TokenAuth, AppAuth, JobType, KooDriveError",
        "```",
        "",
    ]
    for key, (title, intro) in SECTIONS.items():
        paths = groups[key]
        if not paths:
            continue
        out += [f"## {title}", ""]
        if intro:
            out += [intro, ""]
        if key == "errors":
            out += [*error_tree([getattr(module, p.rsplit(".", 1)[1]) for p in paths]), ""]
        for path in paths:
            out += [f"::: {path}", ""]
            # what the records do comes from behaviour.py's mixins; `from_env` and `with_options`
            # from the clients' shared base; `as_completed` and `wait_many` of jobs and tasks from
            # resources/waits.py
            if key in ("models", "clients", "resources"):
                out[-1:] = ["    options:", "      inherited_members: true", ""]
    return "\n".join(out)


class SharedDocstrings(griffe.Extension):
    """Griffe extension (mkdocs.yml): the `{api_errors}` line of a resource method's docstring shows
    the `Raises:` lines every call shares (`koodrive_tasks.resources._shared.API_ERRORS`), as the
    `shared_docstrings` decorator makes them at import for `help()`; griffe reads the source, where
    they are written once."""

    def on_function(self, *, func: griffe.Function, **kwargs: Any) -> None:
        if func.docstring is not None:
            func.docstring.value = expand_docstring(func.docstring.value)


# --- the CLI reference --------------------------------------------------------------------------


def _commands(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command, depth first. Duck-typed: Typer 0.27 has its own copy of Click (typer._click)."""
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = command.context_class(command, info_name=path[-1] if path else CLI_NAME)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _commands(sub, (*path, name))


def cli_help(app: typer.Typer, path: tuple[str, ...]) -> str:
    # Plain text at a fixed width: what `koodrive-tasks ... --help` prints in an 88-column terminal.
    env = {"COLUMNS": HELP_WIDTH, "TERMINAL_WIDTH": HELP_WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, [*path, "--help"], prog_name=CLI_NAME, env=env, color=False)
    if result.exit_code != 0:
        raise PluginError(f"`{CLI_NAME} {' '.join(path)} --help` exited {result.exit_code}: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def cli_reference() -> str:
    module_name, _, attr = CLI_APP.partition(":")
    app: typer.Typer = getattr(importlib.import_module(module_name), attr)
    root = typer.main.get_command(app)
    commands = list(_commands(root, ()))
    out = [
        "# Command line reference",
        "",
        f"`{CLI_NAME}`, installed with the package. Each section is the command's own `--help`, "
        "captured when this site was built (88 columns).",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    for path, command in commands:
        full = " ".join((CLI_NAME, *path))
        summary = (command.get_short_help_str(limit=120) or "—").replace("|", "\\|")  # — : no help text
        out.append(f"| [`{full}`](#{_slug(full)}) | {summary} |")
    out.append("")
    for path, _command in commands:
        full = " ".join((CLI_NAME, *path))
        level = "#" * min(2 + len(path), 4) if path else "##"
        out += [f"{level} `{full}` {{ #{_slug(full)} }}", "", "```text", cli_help(app, path), "```", ""]
    return "\n".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- repository Markdown as site pages ----------------------------------------------------------


def relink(text: str, source: str, page: str, copies: set[str]) -> str:
    """Rewrite the relative links of `source` (a repository path) as seen from the site page `page`."""
    source_dir = Path(source).parent
    page_dir = Path(page).parent
    rendered = {src: dst for src, dst in MARKDOWN_PAGES.items()}

    def target(href: str) -> str:
        bare = href[1:-1] if href.startswith("<") else href
        if not bare or bare.startswith("#") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", bare):
            return href
        path, sep, fragment = bare.partition("#")
        repo_path = os.path.normpath(source_dir / path)
        if repo_path.startswith(".."):
            return href  # outside the repository: left for --strict to report
        if repo_path in rendered:
            site_path = rendered[repo_path]
        elif repo_path.startswith("docs/") and repo_path.endswith(".md"):
            site_path = repo_path.removeprefix("docs/")
        elif (ROOT / repo_path).is_file():
            copies.add(repo_path)
            site_path = f"{SOURCE_DIR}/{repo_path}"
        else:
            return href
        return os.path.relpath(site_path, page_dir or ".").replace(os.sep, "/") + sep + fragment

    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        out.append(line if fenced else LINK.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), line))
    return "".join(out)


# --- hooks --------------------------------------------------------------------------------------


def _generated(config: MkDocsConfig, files: Files, uri: str, content: str | bytes) -> None:
    existing = files.get_file_from_path(uri)
    if existing is not None:
        if existing.inclusion.is_included():  # type: ignore[no-untyped-call]
            raise PluginError(f"{uri} is made at build time; remove docs/{uri}")
        files.remove(existing)  # e.g. a docs/api/ left by an older `make docs`, excluded in mkdocs.yml
    # Included explicitly: MkDocs applies exclude_docs to added files that do not say.
    files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.INCLUDED))


QUIRKS_YAML = ROOT / "spec" / "quirks.yaml"
# Search from file://: the offline plugin's web-worker shim, the pinned npm copy (mkdocs.yml extra.polyfills).
IFRAME_WORKER = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
IFRAME_WORKER_PAGE = "assets/javascripts/iframe-worker-shim.js"
CONTRIBUTOR_INTRO = re.compile(r"\n(Follow any entry in .*?)(?=\n## Contents\n)", re.S)


def quirks_for_users(text: str) -> str:
    """The quirk catalogue page as a user reads it: first what each quirk means for the code that
    calls the client (each entry's `client_normalises`, from spec/quirks.yaml), then the catalogue
    itself, with its contributor material (seeds, spec pointers, tests, `make quirks`) below."""
    import yaml  # noqa: PLC0415 - mkdocs brings PyYAML

    entries = yaml.safe_load(QUIRKS_YAML.read_text(encoding="utf-8"))

    def cell(text: object) -> str:
        return re.sub(r"(?<!\\)\|", r"\\|", " ".join(str(text).split()))

    rows = [
        f"| [{e['id']}](#{e['id'].lower()}) | {cell(e['title'])} | {cell(e['client_normalises'])} |"
        for e in entries
        if not e.get("not_a_quirk")
    ]
    users = "\n".join(
        [
            "## What each quirk means for your code",
            "",
            "The client hands you one clean shape whatever the server sent; this is what you get for each"
            " inconsistency (nothing to handle yourself unless the entry names an error to catch).",
            "",
            "| id | quirk | what your code gets |",
            "|---|---|---|",
            *rows,
            "",
            "## For contributors: how an entry is recorded",
            "",
        ]
    )
    intro = CONTRIBUTOR_INTRO.search(text)
    if intro is None:
        raise PluginError("spec/QUIRKS.md changed shape: the user section of quirks.md cannot be placed")
    moved = text[: intro.start()] + text[intro.end() :]
    head, sep, rest = moved.partition("\n## Contents\n")
    return f"{head}\n{users}\n{intro.group(1).strip()}\n{sep}{rest}"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    copies: set[str] = set()
    for source, page in MARKDOWN_PAGES.items():
        text = (ROOT / source).read_text(encoding="utf-8")
        if source == "spec/QUIRKS.md":
            text = quirks_for_users(text)
        _generated(config, files, page, relink(text, source, page, copies))
    _generated(config, files, "reference/python.md", python_reference())
    _generated(config, files, IFRAME_WORKER_PAGE, IFRAME_WORKER.read_bytes())
    _generated(config, files, "reference/cli.md", cli_reference())
    with tempfile.TemporaryDirectory(prefix="koodrive-redoc-") as tmp:
        out = Path(tmp) / "api"
        spec = ROOT / "spec" / "koodrive-tasks.yaml"
        try:
            build_docs.main(["--spec", str(spec), "--out", str(out), "--source-base", f"../{SOURCE_DIR}"])
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise PluginError(f"the REST reference failed to build: {exc.code}") from exc
        for built in sorted(out.iterdir()):
            content = built.read_text(encoding="utf-8")
            copies.update(unquote(m) for m in SOURCE_LINK.findall(content))
            _generated(config, files, f"api/{built.name}", content)
    for repo_path in sorted(copies):
        _generated(config, files, f"{SOURCE_DIR}/{repo_path}", (ROOT / repo_path).read_bytes())
    return files


INCLUDE = re.compile(r"<!-- include: (?P<path>\S+) -->\n```(?P<lang>\w+)\n.*?\n```\n", re.S)
REFERENCE = re.compile(r"<!-- plugin-reference: (?P<object>[\w.]+) -->\n?")


def include_files(markdown: str) -> str:
    """`<!-- include: path -->` and the fenced block after it: the block becomes the file's text
    when the repository has that file (the pytest plugin's example test, run by the suite), and
    stays as written while it does not."""

    def replace(match: re.Match[str]) -> str:
        path = ROOT / match["path"]
        if not path.is_file():
            return match.group(0)
        text = path.read_text(encoding="utf-8").rstrip("\n")
        return f"<!-- include: {match['path']} -->\n```{match['lang']}\n{text}\n```\n"

    return INCLUDE.sub(replace, markdown)


def plugin_reference(markdown: str) -> str:
    """`<!-- plugin-reference: module.Object -->`: that object's API, when its module is installed."""

    def replace(match: re.Match[str]) -> str:
        module, _, _name = match["object"].rpartition(".")
        relative = Path(*module.split("."))
        # Where mkdocstrings looks (mkdocs.yml `paths`), not what happens to be importable.
        found = any(
            (ROOT / base / relative).with_suffix(".py").is_file()
            or (ROOT / base / relative / "__init__.py").is_file()
            for base in SOURCE_ROOTS
        )
        return f"## API\n\n::: {match['object']}\n" if found else ""

    return REFERENCE.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    return plugin_reference(include_files(markdown))


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = build_docs.REMOTE_RESOURCE.search(text)
        if found:
            raise PluginError(f"{page.relative_to(site)} would load a remote resource: {found.group(0)!r}")
