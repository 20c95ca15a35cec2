"""Build the rendered API reference (`make docs`): one self-contained HTML page from the spec.

    docs/api/index.html       Redoc page of spec/koodrive-tasks.yaml, works offline and from file://
    docs/api/quirks.html      spec/QUIRKS.md, linked from the page's introduction
    docs/api/extensions.html  spec/EXTENSIONS.md, linked from the introduction and from quirks.html

Steps: `redocly bundle` resolves the spec's `$ref`s (the response examples under spec/examples/)
into one JSON document in a temporary directory; a link to the quirk catalogue is appended to the
bundle's `info.description` (the spec itself is not changed); `redocly build-docs` prerenders the
page; then the `<script src>` that Redocly CLI 1.x points at its CDN (it has no option to inline
it, Redocly/redocly-cli#1035) is replaced by the Redoc bundle of node_modules, the very version that
prerendered the page. The result is checked for anything that would load over the network.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
OUT_DIR = ROOT / "docs" / "api"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
# Where `require("redoc")` from Redocly CLI lands (Node's lookup: nearest node_modules first).
REDOC_CANDIDATES = (
    ROOT / "node_modules" / "@redocly" / "cli" / "node_modules" / "redoc",
    ROOT / "node_modules" / "redoc",
)

# Markdown pages of spec/ rendered next to the reference, by source name.
PAGES = {"QUIRKS.md": "quirks.html", "EXTENSIONS.md": "extensions.html"}
QUIRKS_LINK = (
    "**Quirk catalogue:** [every place where the KooDrive documentation disagrees with itself, and "
    "what this project does about it](quirks.html) (`spec/QUIRKS.md`). "
    "Vendor extensions: [`x-` keys used here](extensions.html) (`spec/EXTENSIONS.md`)."
)
CDN_SCRIPT = re.compile(
    r'<script src="https://cdn\.redoc(?:ly\.com|\.ly)/redoc/v(?P<version>[^/"]+)/bundles/redoc\.standalone\.js">'
    r"</script>"
)
# Anything the browser would fetch by itself: scripts, stylesheets, images, frames, CSS imports.
REMOTE_RESOURCE = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
# Redocly CLI otherwise phones home (usage telemetry, update check); the build must work offline.
QUIET_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def run(cmd: list[str]) -> None:
    env = {**os.environ, **QUIET_ENV}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"build_docs: {' '.join(cmd[:2])} failed with exit code {result.returncode}")


def bundle(redocly: Path, spec: Path, work: Path) -> dict[str, Any]:
    out = work / "bundled.json"
    run([str(redocly), "bundle", str(spec), "--ext", "json", "--output", str(out)])
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def add_quirks_link(document: dict[str, Any]) -> None:
    info = document.setdefault("info", {})
    description = str(info.get("description", "")).rstrip()
    info["description"] = f"{description}\n\n{QUIRKS_LINK}\n" if description else f"{QUIRKS_LINK}\n"


def write_config(work: Path) -> Path:
    """Redoc options, in a config file: on the command line `expandResponses=200` becomes a number."""
    config = work / "redocly.yaml"
    options = {"showExtensions": ["x-koodrive-quirks"], "expandResponses": "200"}
    config.write_text(json.dumps({"theme": {"openapi": options}}, indent=1), encoding="utf-8")
    return config


def build_page(redocly: Path, document: dict[str, Any], work: Path) -> str:
    source = work / "koodrive-tasks.json"
    source.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    out = work / "index.html"
    title = str(document.get("info", {}).get("title", "API reference"))
    run(
        [
            str(redocly),
            "build-docs",
            str(source),
            "--output",
            str(out),
            "--title",
            title,
            "--disableGoogleFont",
            "--config",
            str(write_config(work)),
        ]
    )
    return out.read_text(encoding="utf-8")


def redoc_package() -> Path:
    for candidate in REDOC_CANDIDATES:
        if (candidate / "package.json").exists():
            return candidate
    raise SystemExit("build_docs: the redoc package of Redocly CLI is not in node_modules")


def inline_redoc(page: str, redoc_package: Path) -> str:
    matches = list(CDN_SCRIPT.finditer(page))
    if len(matches) != 1:
        raise SystemExit(
            f"build_docs: expected one Redoc CDN <script> in the built page, found {len(matches)}; "
            "has the pinned Redocly CLI changed its template?"
        )
    wanted = matches[0]["version"]
    installed = json.loads((redoc_package / "package.json").read_text(encoding="utf-8"))["version"]
    if wanted != installed:
        raise SystemExit(
            f"build_docs: the page was prerendered for Redoc {wanted}, node_modules has {installed}"
        )
    script = (redoc_package / "bundles" / "redoc.standalone.js").read_text(encoding="utf-8")
    # No source map to fetch; and nothing in the bundle may close the inline <script> early.
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script)
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)
    inline = f"<script>/* Redoc {installed}, inlined by scripts/build_docs.py */\n{script}</script>"
    start, end = matches[0].span()
    return page[:start] + inline + page[end:]


def check_offline(name: str, page: str) -> None:
    found = REMOTE_RESOURCE.search(page)
    if found:
        raise SystemExit(f"build_docs: {name} would load a remote resource: {found.group(0)!r}")


# --- Markdown pages ---------------------------------------------------------------------------------


def slug(text: str, taken: set[str]) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, -1, -2... if taken."""
    base = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    candidate, n = base, 0
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def relink(href: str, source_dir: Path, out_dir: Path, source_base: str | None = None) -> str:
    """A link of a spec/*.md file, as seen from out_dir: pages rendered here point at their HTML.

    Other repository files are linked where they are, or, with `source_base` (a URL relative to
    out_dir, e.g. `../source` in the docs site), under source_base by their repository path."""
    if not href or href.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        return href
    path, sep, fragment = href.partition("#")
    target = (source_dir / path).resolve()
    if target.parent == source_dir.resolve() and target.name in PAGES:
        return PAGES[target.name] + sep + fragment
    if source_base is not None and target.is_relative_to(ROOT):
        return f"{source_base.rstrip('/')}/{target.relative_to(ROOT).as_posix()}{sep}{fragment}"
    relative = posixpath.relpath(target.as_posix(), out_dir.resolve().as_posix())
    return relative + sep + fragment


def render_markdown(source: Path, out_dir: Path, source_base: str | None = None) -> str:
    # html=True: the catalogue's own `<a id="q1">` anchors must survive; the files are this repository's.
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(source.read_text(encoding="utf-8"))
    taken: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline: Token = tokens[i + 1]
            token.attrSet("id", slug(inline.content.replace("`", ""), taken))
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                child.attrSet("href", relink(href, source.parent, out_dir, source_base))
    body = md.renderer.render(tokens, md.options, {})
    title_match = re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.MULTILINE)
    title = title_match.group(1).replace("`", "") if title_match else source.stem
    return PAGE_TEMPLATE.format(title=html.escape(title), source=source.name, body=body)


PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #24292f;
         max-width: 72rem; margin: 0 auto; padding: 1rem 2rem 4rem; }}
  nav {{ font-size: 0.9rem; padding: 0.5rem 0; border-bottom: 1px solid #d0d7de; }}
  h1, h2, h3 {{ line-height: 1.25; }} h2 {{ border-bottom: 1px solid #d0d7de; padding-bottom: 0.3rem; }}
  code {{ font: 0.88em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa;
          padding: 0.1em 0.3em; border-radius: 4px; }}
  pre {{ background: #f6f8fa; padding: 0.8rem; overflow-x: auto; border-radius: 6px; }}
  pre code {{ padding: 0; background: none; }}
  table {{ border-collapse: collapse; display: block; overflow-x: auto; }}
  th, td {{ border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; vertical-align: top; }}
  tr:nth-child(2n) {{ background: #f6f8fa; }}
  a {{ color: #0969da; }}
</style>
</head>
<body>
<nav><a href="index.html">KooDrive task APIs: API reference</a> ·
<a href="quirks.html">Quirk catalogue</a> · <a href="extensions.html">Vendor extensions</a>
· rendered from <code>spec/{source}</code></nav>
{body}
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default docs/api)")
    parser.add_argument("--redocly", type=Path, default=REDOCLY)
    parser.add_argument(
        "--source-base",
        help="URL (relative to --out) under which repository files linked from the pages are served",
    )
    args = parser.parse_args(argv)
    spec: Path = args.spec.resolve()
    out_dir: Path = args.out
    if not args.redocly.exists():
        raise SystemExit(f"build_docs: {args.redocly} not found; run `make node_modules/.installed`")

    with tempfile.TemporaryDirectory(prefix="koodrive-docs-") as tmp:
        work = Path(tmp)
        document = bundle(args.redocly, spec, work)
        add_quirks_link(document)
        page = inline_redoc(build_page(args.redocly, document, work), redoc_package())

    outputs = {"index.html": page}
    for source_name, page_name in PAGES.items():
        source = spec.parent / source_name
        if not source.exists():
            raise SystemExit(f"build_docs: {source} is missing; the reference links to it")
        outputs[page_name] = render_markdown(source, out_dir, args.source_base)

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        check_offline(name, text)
        (out_dir / name).write_text(text, encoding="utf-8")
        print(f"build_docs: wrote {out_dir / name} ({len(text.encode()) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
