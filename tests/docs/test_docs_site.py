"""The documentation site (`make docs`), built in strict mode and loaded in headless Chromium.

The names, parameters and commands looked for are taken from the code itself (`__all__`, the
resource modules, signatures, the Typer app), never from the pages, so a name added to the package
and missing from the site fails here. Page checks read the DOM Chromium produced; the link crawl
reads every built HTML file.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import importlib
import inspect
import pkgutil
import re
import struct
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import koodrive_tasks
import pytest
import typer
import yaml
from koodrive_emulator import running
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth

from .conftest import (
    ROOT,
    SITE_SCREENSHOT,
    SPEC,
    WINDOW,
    Element,
    RenderedPage,
    dump_dom,
    parse_dom,
    run_chromium,
)

PACKAGE = "koodrive_tasks"


# --- what the site must show, from the code ----------------------------------------------------


#: the resource classes: the sync ones, and their async twins `make generate` writes
RESOURCE_PACKAGES = (f"{PACKAGE}.resources", "koodrive_generated.aio_resources")


def resource_classes() -> list[type]:
    found: list[type] = []
    for package_name in RESOURCE_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            found += [
                obj
                for name, obj in vars(module).items()
                if inspect.isclass(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
            ]
    assert {cls.__name__ for cls in found} >= {"Jobs", "AsyncJobs", "ShareTasks", "AsyncShareTasks"}
    return found


def documented_objects() -> list[tuple[str, Any]]:
    """(anchor, object): every name of `__all__`, and the resource classes behind `client.jobs`..."""
    objects = [(f"{PACKAGE}.{name}", getattr(koodrive_tasks, name)) for name in koodrive_tasks.__all__]
    objects += [(f"{cls.__module__}.{cls.__qualname__}", cls) for cls in resource_classes()]
    return objects


def own_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public fields, methods and properties a class defines itself (not what it inherits), and
    for a client those of the clients' shared private base (`_Client`: `from_env`, `with_options`)."""
    if dataclasses.is_dataclass(cls):
        for f in dataclasses.fields(cls):
            yield f.name, None
    shared = [base for base in cls.__mro__[1:] if base is getattr(koodrive_tasks, "_Client", None)]
    own = vars(cls)
    for namespace in (own, *(vars(base) for base in shared)):
        for name, value in namespace.items():
            wanted = isinstance(value, (property, classmethod, staticmethod)) or inspect.isfunction(value)
            if name.startswith("_") or not wanted or (namespace is not own and name in own):
                continue
            yield name, value


def behaviour_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public properties and methods a record gets from the package's behaviour mixins
    (`behaviour.py`: `Task.created_at`, `JobDetail.failed_files`, ...), which its page must show."""
    if not dataclasses.is_dataclass(cls):
        return
    for base in cls.__mro__[1:]:
        if base.__module__.split(".")[0] != PACKAGE:
            continue
        for name, value in vars(base).items():
            if name.startswith("_") or name in vars(cls):
                continue
            if isinstance(value, property) or inspect.isfunction(value):
                yield name, value


def client_attributes() -> dict[type, list[str]]:
    """The resource attributes a client sets on itself (`jobs`, `tasks`, `share_tasks`)."""
    sync = KooDrive("http://127.0.0.1:9", TokenAuth("t"))
    asynchronous = AsyncKooDrive("http://127.0.0.1:9", TokenAuth("t"))
    try:
        return {
            KooDrive: [n for n in vars(sync) if not n.startswith("_")],
            AsyncKooDrive: [n for n in vars(asynchronous) if not n.startswith("_")],
        }
    finally:
        sync.close()
        asyncio.run(asynchronous.aclose())


OBJECTS = documented_objects()
CLASSES = [(a, obj) for a, obj in OBJECTS if inspect.isclass(obj) and not issubclass(obj, enum.Enum)]
CALLABLES = [
    (f"{anchor}.{name}", value.__func__ if isinstance(value, (classmethod, staticmethod)) else value)
    for anchor, cls in CLASSES
    for name, value in own_members(cls)
    if value is not None and not isinstance(value, property)
] + [(anchor, cls) for anchor, cls in CLASSES if "__init__" in vars(cls)]


def parameter_names(obj: Any) -> list[str]:
    signature = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    return [p for p in signature.parameters if p not in {"self", "cls"}]


# --- the rendered pages ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def python_page(chromium: str, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> RenderedPage:
    return dump_dom(chromium, tmp_path_factory.mktemp("profile"), site_url + "reference/python.html")


@pytest.fixture(scope="session")
def cli_page(chromium: str, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> RenderedPage:
    return dump_dom(chromium, tmp_path_factory.mktemp("profile"), site_url + "reference/cli.html")


def by_id(page: RenderedPage, anchor: str) -> Element:
    found = [e for e in page.dom.iter() if e.attrs.get("id") == anchor]
    assert len(found) == 1, f"#{anchor}: {len(found)} elements"
    return found[0]


def object_block(page: RenderedPage, anchor: str) -> Element:
    """The mkdocstrings block (heading, signature, contents) whose heading has this id."""
    for block in page.dom.find_all("div"):
        if "doc-object" in block.attrs.get("class", "").split():
            headings = [c for c in block.children if isinstance(c, Element) and c.attrs.get("id") == anchor]
            if headings:
                return block
    raise AssertionError(f"no rendered block for {anchor}")


def signature_text(block: Element) -> str:
    for child in block.children:
        if isinstance(child, Element) and "doc-signature" in child.attrs.get("class", "").split():
            return child.text()
    raise AssertionError("no rendered signature")


def test_pages_ran_without_console_errors(python_page: RenderedPage, cli_page: RenderedPage) -> None:
    """Material's scripts ran (the built page says `no-js`, its script turns it into `js`) and
    logged no error, offline."""
    for page in (python_page, cli_page):
        root = page.dom.find_all("html")[0].attrs.get("class", "").split()
        assert "js" in root and "no-js" not in root, root
        errors = [line for line in page.console if re.search(r"Uncaught|Error|Failed|not defined", line)]
        assert not errors, "\n".join(errors[:5])


def test_the_package_exports_names() -> None:
    assert len(koodrive_tasks.__all__) >= 30 and len(resource_classes()) >= 6
    assert CALLABLES, "found no method to look for"


@pytest.mark.parametrize(("anchor", "obj"), OBJECTS, ids=[a for a, _ in OBJECTS])
def test_public_name_is_rendered(python_page: RenderedPage, anchor: str, obj: Any) -> None:
    heading = by_id(python_page, anchor)
    assert heading.tag in {"h2", "h3", "h4", "h5"} and "doc-heading" in heading.attrs.get("class", "")
    assert anchor.rsplit(".", 1)[1] in heading.text()
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        text = object_block(python_page, anchor).text()
        missing = [member.name for member in obj if member.name not in text]
        assert not missing, f"enum members not rendered: {missing}"


@pytest.mark.parametrize(("anchor", "cls"), CLASSES, ids=[a for a, _ in CLASSES])
def test_every_public_member_is_rendered(python_page: RenderedPage, anchor: str, cls: type) -> None:
    members = [name for name, _ in own_members(cls)] + client_attributes().get(cls, [])
    missing = []
    for name in members:
        if not [e for e in python_page.dom.iter() if e.attrs.get("id") == f"{anchor}.{name}"]:
            missing.append(name)
    assert not missing, f"{anchor}: members not rendered: {missing}"


@pytest.mark.parametrize(("anchor", "obj"), CALLABLES, ids=[a for a, _ in CALLABLES])
def test_every_parameter_is_rendered(python_page: RenderedPage, anchor: str, obj: Any) -> None:
    block = object_block(python_page, anchor)
    text = signature_text(block)
    missing = [p for p in parameter_names(obj) if not re.search(rf"(?<![\w.])\*{{0,2}}{p}\s*[:=,)]", text)]
    assert not missing, f"{anchor}: parameters not in the rendered signature {text!r}: {missing}"
    if inspect.iscoroutinefunction(obj):
        small = block.find_all("small")
        labels = [e.text().strip() for e in small if "doc-label" in e.attrs.get("class", "")]
        assert "async" in labels, f"{anchor} is a coroutine and is not labelled async"


# The classes a user calls (clients, resources, auth): not the records, enums or errors, whose
# constructors the library calls. Every parameter of their methods is described in the docstring.
API_ANCHORS = {
    anchor
    for anchor, cls in CLASSES
    if not dataclasses.is_dataclass(cls) and not issubclass(cls, (BaseException, enum.Enum))
}
API_CALLABLES = [(a, obj) for a, obj in CALLABLES if a in API_ANCHORS or a.rsplit(".", 1)[0] in API_ANCHORS]


def doc_sections(block: Element) -> dict[str, Element]:
    """The rendered docstring sections of one object ("Parameters:", "Raises:", ...): each title
    paragraph and the table after it, among the block's own contents (not its members'). Material's
    script wraps each table in a scrolling `div`, so the table may be inside the next element."""
    contents = [
        child
        for child in block.children
        if isinstance(child, Element) and "doc-contents" in child.attrs.get("class", "").split()
    ]
    assert contents, "no rendered contents"
    found: dict[str, Element] = {}
    title: str | None = None
    for child in contents[0].children:
        if not isinstance(child, Element):
            continue
        if child.tag == "p" and child.find_all("span", **{"class": "doc-section-title"}):
            title = child.text().strip()
        elif title is not None:
            tables = child.find_all("table")
            assert tables, f"section {title!r} is followed by no table"
            found[title] = tables[0]
            title = None
    return found


def section_rows(table: Element) -> dict[str, str]:
    """First column (a name or a type) -> description, for each row of a section table."""
    rows = {}
    for row in table.find_all("tr"):
        if "doc-section-item" not in row.attrs.get("class", "").split():
            continue
        cells = row.find_all("td")
        descriptions = [
            d.text() for d in row.find_all("div") if "doc-md-description" in d.attrs.get("class", "")
        ]
        rows[cells[0].text().strip().lstrip("*")] = " ".join(descriptions).strip()
    return rows


def test_api_callables_to_look_for() -> None:
    names = {a.rsplit(".", 1)[1] for a, _ in API_CALLABLES}
    assert {"KooDrive", "AsyncKooDrive", "TokenAuth", "AppAuth", "wait", "create", "from_env"} <= names
    assert len(API_CALLABLES) >= 40


@pytest.mark.parametrize(("anchor", "obj"), API_CALLABLES, ids=[a for a, _ in API_CALLABLES])
def test_every_parameter_is_documented(python_page: RenderedPage, anchor: str, obj: Any) -> None:
    """Each parameter has a described row in the rendered Parameters table, not only a place in the
    signature; every method of a resource (an API call) also renders the errors it raises."""
    sections = doc_sections(object_block(python_page, anchor))
    wanted = parameter_names(obj)
    if wanted:
        assert "Parameters:" in sections, f"{anchor}: no Parameters section (Args: in the docstring)"
        rows = section_rows(sections["Parameters:"])
        missing = [p for p in wanted if not rows.get(p)]
        assert not missing, f"{anchor}: parameters without a description: {missing}"
    owner = anchor.rsplit(".", 1)[0]
    if owner.startswith(tuple(f"{p}." for p in RESOURCE_PACKAGES)) and not inspect.isclass(obj):
        assert "Raises:" in sections, f"{anchor}: no Raises section"
        raised = section_rows(sections["Raises:"])
        errors = [n for n in raised if isinstance(getattr(koodrive_tasks, n, None), type)]
        assert errors, f"{anchor}: raises no koodrive_tasks error: {sorted(raised)}"
        assert all(raised.values()), f"{anchor}: a Raises entry without a description"


BEHAVIOUR = [(f"{anchor}.{name}", value) for anchor, cls in CLASSES for name, value in behaviour_members(cls)]


def test_some_behaviour_to_look_for() -> None:
    names = {a.removeprefix(f"{PACKAGE}.") for a, _ in BEHAVIOUR}
    assert {"Task.created_at", "Task.is_terminal", "ShareTask.failed_files", "FileResult.failed"} <= names


@pytest.mark.parametrize(("anchor", "member"), BEHAVIOUR, ids=[a for a, _ in BEHAVIOUR])
def test_record_behaviour_is_rendered_with_its_docstring(
    python_page: RenderedPage, anchor: str, member: Any
) -> None:
    """What a record does beside what it holds is on its page, described (mkdocstrings shows the
    mixins' members through `inherited_members`, scripts/docs_hooks.py)."""
    doc = (member.fget if isinstance(member, property) else member).__doc__
    assert doc, f"{anchor} has no docstring"
    first_line = _plain(inspect.cleandoc(doc).splitlines()[0])[:60]
    assert first_line in _plain(object_block(python_page, anchor).text()), f"{anchor}: {first_line!r}"


def expected_docstring(anchor: str, obj: Any) -> str | None:
    """The docstring the page must show: the object's own, or for a member of an `AsyncX` class
    without one, its twin's in `X` (scripts/docs_hooks.py:AsyncDocstrings)."""
    # Own docstrings only: inspect.getdoc would hand out a base class's (httpx.Auth.auth_flow).
    own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    if own:
        return inspect.cleandoc(own)
    owner, _, name = anchor.rpartition(".")
    module, _, cls = owner.rpartition(".")
    if not cls.startswith("Async"):
        return None
    twin = getattr(importlib.import_module(module), cls.removeprefix("Async"), None)
    member = vars(twin).get(name) if twin is not None else None
    if isinstance(member, (classmethod, staticmethod)):
        member = member.__func__
    return inspect.cleandoc(member.__doc__) if member is not None and member.__doc__ else None


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").replace("*", "").split())


# Undocumented names are left out here (their presence and signature are checked above).
DOCUMENTED = [(a, doc) for a, obj in CALLABLES if (doc := expected_docstring(a, obj))]


def test_some_docstrings_to_look_for() -> None:
    assert len(DOCUMENTED) >= 20


@pytest.mark.parametrize(("anchor", "doc"), DOCUMENTED, ids=[a for a, _ in DOCUMENTED])
def test_docstring_is_rendered(python_page: RenderedPage, anchor: str, doc: str) -> None:
    contents = [
        child
        for child in object_block(python_page, anchor).children
        if isinstance(child, Element) and "doc-contents" in child.attrs.get("class", "").split()
    ]
    assert contents, f"{anchor}: no rendered contents"
    first_line = _plain(doc.strip().splitlines()[0])[:60]
    assert first_line in _plain(contents[0].text()), f"{anchor}: docstring {first_line!r} not rendered"


def test_every_error_is_in_the_hierarchy(python_page: RenderedPage) -> None:
    errors = [n for n in koodrive_tasks.__all__ if isinstance(getattr(koodrive_tasks, n), type)]
    errors = [n for n in errors if issubclass(getattr(koodrive_tasks, n), BaseException)]
    assert "KooDriveError" in errors
    hrefs = [a.attrs.get("href", "") for a in python_page.dom.find_all("a")]
    linked = {href for href in hrefs if href.startswith("#")}
    assert {f"#{PACKAGE}.{n}" for n in errors} <= linked
    # The tree nests: APIError's entry contains NotFoundError's (a subclass of BadRequestError).
    tree = [li for li in python_page.dom.find_all("li") if li.find_all("a", href=f"#{PACKAGE}.APIError")]
    assert tree and tree[-1].find_all("a", href=f"#{PACKAGE}.NotFoundError")


def cli_commands() -> list[tuple[str, ...]]:
    return list(cli_command_objects())


def cli_command_objects() -> dict[tuple[str, ...], Any]:
    """Every command of the Typer app (as Click sees it), by its path under `koodrive-tasks`."""
    from koodrive_cli.main import app

    found: dict[tuple[str, ...], Any] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found[path] = command
        if hasattr(command, "list_commands"):
            ctx = command.context_class(command, info_name="koodrive-tasks")
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def test_every_cli_command_has_its_help(cli_page: RenderedPage) -> None:
    commands = cli_commands()
    assert len(commands) >= 15
    for path in commands:
        full = " ".join(("koodrive-tasks", *path))
        heading = by_id(cli_page, re.sub(r"[^a-z0-9]+", "-", full.lower()).strip("-"))
        assert full in heading.text()
        # The section's code block is that command's usage line.
        text = cli_page.dom.text()
        assert re.search(rf"Usage: {re.escape(full)} \[OPTIONS\]", text), f"no --help for {full}"


def test_every_cli_command_has_a_help_text(cli_page: RenderedPage) -> None:
    """Each command says what it does (its docstring or `help=`), in its --help and in the table."""
    commands = cli_command_objects()
    assert len(commands) >= 15
    no_help = [" ".join(path) for path, command in commands.items() if not (command.help or "").strip()]
    assert not no_help, f"commands without a help text: {no_help}"
    text = " ".join(cli_page.dom.text().split())
    for path, command in commands.items():
        first = " ".join(command.help.strip().splitlines()[0].split())
        assert first in text, f"koodrive-tasks {' '.join(path)}: help {first!r} not on the page"
    summaries = [row.find_all("td") for row in cli_page.dom.find_all("tr") if row.find_all("td")]
    assert len(summaries) == len(commands)
    empty = [cells[0].text() for cells in summaries if cells[1].text().strip() in {"", "—"}]
    assert not empty, f"commands with no summary in the table: {empty}"


# --- links, offline, pages ---------------------------------------------------------------------

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src"}


def anchors_of(dom: Element) -> set[str]:
    ids = {e.attrs["id"] for e in dom.iter() if "id" in e.attrs}
    ids |= {e.attrs["name"] for e in dom.find_all("a") if "name" in e.attrs}
    # Redoc routes #operation/..., #tag/... to the section carrying that data-section-id.
    return ids | {e.attrs["data-section-id"] for e in dom.iter() if "data-section-id" in e.attrs}


def test_no_broken_internal_link(site_dir: Path, rendered: RenderedPage) -> None:
    """Crawl from the home page: every internal link, stylesheet, script and image exists, every
    #fragment is an anchor of its target, and every page of the site is reachable."""
    base = "http://site.invalid/"
    doms: dict[str, Element] = {"api/index.html": rendered.dom}  # Redoc's links exist once it ran

    def dom(path: str) -> Element:
        if path not in doms:
            doms[path] = parse_dom((site_dir / path).read_text(encoding="utf-8"))
        return doms[path]

    queue, seen, broken, checked = deque(["index.html"]), {"index.html"}, [], 0
    while queue:
        page = queue.popleft()
        for tag, attr in LINK_ATTRS.items():
            for element in dom(page).find_all(tag):
                href = element.attrs.get(attr)
                if not href or href.startswith(("mailto:", "javascript:", "data:")):
                    continue
                url = urlsplit(urljoin(base + page, href))
                if f"{url.scheme}://{url.netloc}/" != base:
                    continue  # external: not this test's business (nothing external is loaded, below)
                checked += 1
                target = unquote(url.path[1:]) or "index.html"
                if not (site_dir / target).is_file():
                    broken.append(f"{page}: {href} (no {target})")
                    continue
                if target.endswith(".html"):
                    if url.fragment and unquote(url.fragment) not in anchors_of(dom(target)):
                        broken.append(f"{page}: {href} (no #{url.fragment} in {target})")
                    if tag == "a" and target not in seen:
                        seen.add(target)
                        queue.append(target)
    assert not broken, "\n".join(broken[:20])
    assert checked > 500, f"only {checked} links checked"
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")} - {"404.html"}
    assert not pages - seen, f"pages no link leads to: {sorted(pages - seen)}"


def test_site_is_offline(site_dir: Path) -> None:
    """Nothing in a page or stylesheet makes the browser fetch from another host (scripts are
    inline or local; what a script's text mentions is not a fetch and is not searched)."""
    in_html = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=[\"']?(?:https?:)?//|<link\b[^>]*\bhref=[\"']?(?:https?:)?//",
        re.IGNORECASE,
    )
    in_css = re.compile(r"(?:@import\s+|url\()[\"']?(?:https?:)?//", re.IGNORECASE)
    found = {}
    pages, sheets = list(site_dir.rglob("*.html")), list(site_dir.rglob("*.css"))
    assert len(pages) > 10 and sheets
    for path, pattern in [*((p, in_html) for p in pages), *((c, in_css) for c in sheets)]:
        text = path.read_text(encoding="utf-8")
        if pattern is in_html:  # and the CSS of <style> elements
            text_css = " ".join(re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S | re.I))
            match = pattern.search(text) or in_css.search(text_css)
        else:
            match = pattern.search(text)
        if match:
            found[path.relative_to(site_dir).as_posix()] = match.group(0)
    assert not found, found


def test_rest_reference_and_pages_are_in_the_navigation(site_dir: Path) -> None:
    home = parse_dom((site_dir / "index.html").read_text(encoding="utf-8"))
    nav = " ".join(a.attrs.get("href", "") for a in home.find_all("a"))
    pages = ("reference/python.html", "reference/cli.html", "emulator.html", "plugin.html", "quirks.html")
    for page in pages:
        assert page in nav, f"{page} is not linked from the home page"
    assert "api/index.html" in nav and "benchmarks.html" in nav


def test_quirk_catalogue_and_emulator_guide(site_dir: Path) -> None:
    catalogue = yaml.safe_load((SPEC.parent / "quirks.yaml").read_text(encoding="utf-8"))
    quirks = anchors_of(parse_dom((site_dir / "quirks.html").read_text(encoding="utf-8")))
    assert {entry["id"].lower() for entry in catalogue} <= quirks
    guide = parse_dom((site_dir / "emulator.html").read_text(encoding="utf-8")).text()
    headings = re.findall(r"^#+ (.+)$", (ROOT / "emulator" / "README.md").read_text(encoding="utf-8"), re.M)
    assert headings and all(h.replace("`", "") in guide for h in headings)


def test_getting_started_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example of the home page, taken from docs/index.md and run as written."""
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- getting-started-example -->\n```python\n(.*?)```", page, re.S)
    assert block, "docs/index.md lost its example"
    with running() as server:
        monkeypatch.setenv("KOODRIVE_BASE_URL", server.base_url)
        monkeypatch.setenv("KOODRIVE_TOKEN", "emulator-token")
        namespace: dict[str, Any] = {}
        exec(compile(block.group(1), "docs/index.md", "exec"), namespace)
    assert namespace["detail"].job.status == koodrive_tasks.JobStatus.COMPLETED


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_site_screenshot(chromium: str, site_url: str, tmp_path: Path) -> None:
    """reports/docs-site.png: the Python API reference page, kept by CI as an artifact."""
    SITE_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SITE_SCREENSHOT.unlink(missing_ok=True)
    result = run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={SITE_SCREENSHOT}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        site_url + "reference/python.html",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = SITE_SCREENSHOT.read_bytes()
    assert png_size(data) == WINDOW
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes: is the page blank?"


PLUGIN_EXAMPLE = ROOT / "tests" / "plugin" / "test_example.py"


def plugin_fixtures() -> set[str] | None:
    """The public fixtures of the pytest plugin, from its module; None while it is not installed."""
    try:
        module = importlib.import_module("koodrive_emulator.pytest_plugin")
    except ImportError:
        return None
    from _pytest.fixtures import FixtureFunctionDefinition

    return {n for n, v in vars(module).items() if isinstance(v, FixtureFunctionDefinition) and n[0] != "_"}


def test_plugin_page(site_dir: Path) -> None:
    """The example is the suite's own example test once it exists (docs_hooks' include), and the
    fixture table names exactly the plugin's public fixtures once the plugin is installed."""
    page = parse_dom((site_dir / "plugin.html").read_text(encoding="utf-8"))
    if PLUGIN_EXAMPLE.is_file():
        example = PLUGIN_EXAMPLE.read_text(encoding="utf-8")
    else:
        source = (ROOT / "docs" / "plugin.md").read_text(encoding="utf-8")
        marker = "<!-- include: tests/plugin/test_example.py -->"
        block = re.search(re.escape(marker) + r"\n```python\n(.*?)```", source, re.S)
        assert block, "docs/plugin.md lost its example"
        example = block.group(1)
    code = "\n".join(e.text() for e in page.find_all("code"))
    missing = [line for line in example.splitlines() if line.strip() and line.rstrip() not in code]
    assert not missing, f"example lines not on the page: {missing[:3]}"
    tables = page.find_all("table")
    assert tables, "no fixture table"
    first_cells = [row.find_all("td")[0] for row in tables[0].find_all("tr") if row.find_all("td")]
    named = {cell.text().strip() for cell in first_cells}
    fixtures = plugin_fixtures()
    if fixtures is None:
        assert {"koodrive_emulator", "koodrive_client", "koodrive_async_client"} <= named
    else:
        assert named == fixtures, f"page {sorted(named)} vs plugin {sorted(fixtures)}"


def test_search_works_from_files(chromium: str, site_dir: Path, tmp_path: Path) -> None:
    """Opened from file:// (no server), search answers: the offline plugin inlines the index, the
    iframe-worker shim (pinned npm copy, never the CDN) runs the search worker."""
    page = dump_dom(chromium, tmp_path / "profile", (site_dir / "index.html").as_uri() + "?q=Retry-After")
    meta = [
        e.text() for e in page.dom.find_all("div") if "md-search-result__meta" in e.attrs.get("class", "")
    ]
    assert meta and "matching document" in meta[0], meta
    links = [a.attrs.get("href", "") for a in page.dom.find_all("a")]
    assert any("rate-limits.html" in href for href in links), links


def test_pages_for_a_users_first_questions(site_dir: Path) -> None:
    def text(page: str) -> str:
        return parse_dom((site_dir / page).read_text(encoding="utf-8")).text()

    logging_page = text("logging.html")
    assert "KOODRIVE_LOG" in logging_page and "stamina.retry_scheduled" in logging_page
    rates = text("rate-limits.html")
    assert "429" in rates and "Retry-After" in rates and "max_retries" in rates
    options = text("options.html")
    assert "with_options" in options and "with_raw_response" in options and ".parse()" in options
    assert "koodrive-tasks[aiohttp]" in text("index.html")
    quirks = text("quirks.html")
    users, contributors = quirks.find("What each quirk means for your code"), quirks.find("For contributors")
    # the sources an entry cites are named in the contributors' part (spec/SOURCES.md, issue 21)
    assert 0 < users < contributors < quirks.find("Follow any entry") and users < quirks.find(
        "spec/SOURCES.md"
    )
