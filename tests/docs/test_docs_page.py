"""The rendered API reference (`make docs`), loaded offline in headless Chromium.

Every check reads the DOM Chromium produced after running the page's scripts, parsed into a tree
without the text of <script> elements: the spec JSON Redoc embeds in the page cannot satisfy them.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import SCREENSHOT, SPEC, WINDOW, Element, RenderedPage, parse_dom, run_chromium

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Redocly CLI 1.x prerenders with the React of node_modules, Redoc's bundle hydrates with its own
# React 18; they disagree on some markup (even for a one-operation spec), so React logs a hydration
# mismatch (#418) and renders the whole page again in the browser (#423). Nothing else may fail.
RECOVERED_HYDRATION = re.compile(r"Minified React error #(418|423)\b")


def operations() -> list[dict[str, Any]]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                found.append({"path": path, "method": method, **item[method]})
    return found


OPERATIONS = operations()


def resolve_example(ref: str) -> Any:
    file, _, pointer = ref.partition("#")
    node: Any = json.loads((SPEC.parent / file).read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def first_response_example(operation: dict[str, Any]) -> Any:
    """The example Redoc shows first in the operation's response samples: first status, first example."""
    status = next(iter(operation["responses"]))
    examples = operation["responses"][status]["content"]["application/json"]["examples"]
    example = next(iter(examples.values()))
    return resolve_example(example["$ref"])["value"] if "$ref" in example else example["value"]


def string_leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in string_leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in string_leaves(v)]
    return [value] if isinstance(value, str) else []


def section(rendered: RenderedPage, operation_id: str) -> Element:
    found = rendered.dom.find_all("div", data_section_id=f"operation/{operation_id}")
    assert len(found) == 1, f"{operation_id}: {len(found)} rendered sections"
    return found[0]


def test_the_spec_has_operations() -> None:
    assert len(OPERATIONS) >= 8
    assert all("operationId" in op and "summary" in op for op in OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op["operationId"] for op in OPERATIONS])
def test_operation_is_rendered(rendered: RenderedPage, operation: dict[str, Any]) -> None:
    element = section(rendered, operation["operationId"])
    headings = [h.text().strip() for h in element.find_all("h2")]
    assert operation["summary"] in headings
    # The method and path of the right panel, and an entry in the side menu.
    endpoint = [
        button.text()
        for button in element.find_all("button")
        if any("http-verb" in span.attrs.get("class", "").split() for span in button.find_all("span"))
    ]
    assert f"{operation['method']}{operation['path']}" in endpoint
    menu = [
        li
        for li in rendered.dom.find_all("li", role="menuitem")
        if li.attrs.get("data-item-id", "").endswith(f"/operation/{operation['operationId']}")
    ]
    assert len(menu) == 1, "no entry in the side menu"
    assert operation["summary"] in menu[0].text()


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op["operationId"] for op in OPERATIONS])
def test_response_example_is_rendered(rendered: RenderedPage, operation: dict[str, Any]) -> None:
    """The spec's examples are `$ref`s into spec/examples/: they resolved, and their values show."""
    value = first_response_example(operation)
    leaves = string_leaves(value)
    assert leaves, "the example has no string to look for"
    text = section(rendered, operation["operationId"]).text()
    missing = [leaf for leaf in leaves if f'"{leaf}"' not in text]
    assert not missing, f"example values not rendered: {missing[:5]}"


def test_quirk_catalogue_is_linked(rendered: RenderedPage, docs_dir: Path) -> None:
    links = [a for a in rendered.dom.find_all("a", href="quirks.html")]
    assert links, "no link to the quirk catalogue"
    assert "quirk catalogue" in links[0].text().lower() or "quirk catalogue" in rendered.dom.text().lower()
    catalogue = yaml.safe_load((SPEC.parent / "quirks.yaml").read_text(encoding="utf-8"))
    quirks = parse_dom((docs_dir / "quirks.html").read_text(encoding="utf-8"))
    ids = {e.attrs["id"] for e in quirks.iter() if "id" in e.attrs}
    assert {entry["id"].lower() for entry in catalogue} <= ids
    # Every in-page link of the catalogue lands, and it links back to the reference.
    fragments = {a.attrs["href"][1:] for a in quirks.find_all("a") if a.attrs.get("href", "").startswith("#")}
    assert fragments and fragments <= ids, sorted(fragments - ids)[:5]
    assert quirks.find_all("a", href="index.html")
    assert (docs_dir / "extensions.html").exists()


def test_page_is_self_contained_and_scripts_ran_offline(rendered: RenderedPage) -> None:
    # Built page: the Redoc bundle is inline, nothing is fetched from a CDN or font service.
    assert not re.search(r"<script[^>]*\bsrc=", rendered.source)
    assert not re.search(r"<link[^>]*\bhref=[\"']?(https?:)?//", rendered.source)
    # Live page (hosts unresolvable): Redoc ran in the browser. styled-components marks the style
    # element it manages at run time "active"; the built file has only the prerendered one.
    assert 'data-styled="active"' in rendered.dom_markup
    assert 'data-styled="active"' not in rendered.source
    errors = [
        line
        for line in rendered.console
        if re.search(r"Uncaught|Error|Failed|not defined", line) and not RECOVERED_HYDRATION.search(line)
    ]
    assert not errors, "\n".join(errors[:5])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot(chromium: str, docs_dir: Path, tmp_path: Path) -> None:
    """reports/docs-screenshot.png, kept by CI as an artifact."""
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    result = run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={SCREENSHOT}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        (docs_dir / "index.html").as_uri(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = SCREENSHOT.read_bytes()
    assert png_size(data) == WINDOW
    # A blank page compresses to a few KiB; the rendered reference is well over 100 KiB.
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes: is the page blank?"
