"""Fixtures of the docs test: build the API reference, load it in headless Chromium, parse its DOM.

Chromium comes from scripts/ensure_chromium.sh (Debian's `chromium`, installed when missing; CI runs
as root). When it cannot be had the fixture fails: the docs test is never skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
SCREENSHOT = ROOT / "reports" / "docs-screenshot.png"
WINDOW = (1400, 2000)
# Headless and offline: every host name resolves to nothing, so the page must not need the network.
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
    "--host-resolver-rules=MAP * ~NOTFOUND",
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
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure_chromium.sh")], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"headless Chromium is needed and could not be installed:\n{result.stderr}", pytrace=False
        )
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference, built by the script behind `make docs` into a directory of its own."""
    subprocess.run(["make", "--no-print-directory", "node_modules/.installed"], cwd=ROOT, check=True)
    out = tmp_path_factory.mktemp("docs") / "api"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_docs.py"), "--spec", str(SPEC), "--out", str(out)],
        cwd=ROOT,
        check=True,
    )
    return out


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A fresh profile per run; logging to stderr carries the page's console messages.
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args]
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120, env=env)


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
