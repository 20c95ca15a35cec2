"""Fixtures of the docs tests: build the site (`make docs`: MkDocs with the REST reference inside),
load its pages in headless Chromium, parse their DOM.

Chromium is installed by the set-up step (`make chromium`, scripts/ensure_chromium.sh), never by a
test: here it is only looked up, and when it is missing the fixture fails; the docs tests never skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
MKDOCS = ROOT / "mkdocs.yml"
SCREENSHOT = ROOT / "reports" / "docs-screenshot.png"  # the REST reference
SITE_SCREENSHOT = ROOT / "reports" / "docs-site.png"  # the Python API reference page
WINDOW = (1400, 2000)
# Headless and offline: every host name resolves to nothing, so a page must not need the network;
# only loopback, where the tests serve the site, is reachable.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--virtual-time-budget=10000",
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


class _TreeBuilder(HTMLParser):
    """The rendered DOM as a tree; the text of <script> and <style> is dropped, so nothing found in
    the tree comes from the spec JSON that Redoc embeds in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag not in {"script", "style"}:
            self.stack[-1].children.append(data)


def parse_dom(markup: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


@dataclass
class RenderedPage:
    source: str  # the HTML file as built
    dom_markup: str  # the DOM after Chromium ran the page's scripts
    dom: Element
    console: list[str]  # console messages Chromium logged while loading the page


@pytest.fixture(scope="session")
def chromium() -> str:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        path = shutil.which(name) if name else None
        if path:
            return path
    pytest.fail(
        "headless Chromium is not installed: the set-up step installs it (`make chromium`, "
        "scripts/ensure_chromium.sh); tests do not install software",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built as `make docs` builds it (strict), into a directory of its own."""
    subprocess.run(["make", "--no-print-directory", "node_modules/.installed"], cwd=ROOT, check=True)
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(MKDOCS), "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def docs_dir(site_dir: Path) -> Path:
    """The REST reference (scripts/build_docs.py) as the site ships it, under api/."""
    return site_dir / "api"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The site over HTTP on loopback, as a user serving build/site would see it (search needs it)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A fresh profile per run; logging to stderr carries the page's console messages.
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args]
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120, env=env)


def dump_dom(chromium: str, profile: Path, url: str) -> RenderedPage:
    result = run_chromium(chromium, profile, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    return RenderedPage(
        source="",
        dom_markup=result.stdout,
        dom=parse_dom(result.stdout),
        console=[line for line in result.stderr.splitlines() if ":CONSOLE" in line],
    )


@pytest.fixture(scope="session")
def rendered(chromium: str, docs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RenderedPage:
    page = docs_dir / "index.html"
    result = run_chromium(chromium, tmp_path_factory.mktemp("chromium-profile"), "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return RenderedPage(
        source=page.read_text(encoding="utf-8"),
        dom_markup=result.stdout,
        dom=parse_dom(result.stdout),
        console=console,
    )
