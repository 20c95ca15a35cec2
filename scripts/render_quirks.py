"""Render spec/QUIRKS.md from the quirk catalogue spec/quirks.yaml (`make quirks`).

The output depends on the catalogue only, so it is byte-for-byte reproducible; `--check` exits 1
when the committed QUIRKS.md is not what the catalogue renders to. Links are relative to spec/.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "spec" / "quirks.yaml"
OUTPUT = ROOT / "spec" / "QUIRKS.md"
# QUIRKS.md lives in spec/: links to the rest of the repository climb one level.
TO_ROOT = "../"
# The spec folder as published (pyproject.toml's Homepage): files the documentation site does not render.
REPO_SPEC = "https://github.com/koodrive-tasks/koodrive-tasks/blob/main/spec"
KIND_ORDER = ("types", "envelopes", "ids", "paging", "requests", "auth", "errors")

Entry = Mapping[str, Any]


def load(path: Path = CATALOGUE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise SystemExit(f"{path}: the catalogue must be a YAML list of entries")
    return data


def anchor(quirk_id: str) -> str:
    return quirk_id.lower()


def cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def prose(text: str) -> str:
    return " ".join(str(text).split())


def readable_pointer(pointer: str) -> str:
    """`/paths/~1koodrive~1ose~1v1~1jobs/get` -> the tokens, unescaped, joined by a chevron."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]
    return " › ".join(tokens)


def override_link(override: str | None) -> str:
    if override is None:
        return "none"
    short = override.removeprefix("overrides/koodrive_tasks/")
    return f"[`{short}`]({TO_ROOT}{override})"


def test_link(test: str, *, short: bool) -> str:
    path, _, name = test.partition("::")
    label = name if short else test
    return f"[`{label}`]({TO_ROOT}{path})"


def render(catalogue: list[dict[str, Any]]) -> str:
    """The whole of QUIRKS.md for this catalogue."""
    out: list[str] = []
    add = out.append
    kinds = Counter(str(entry["kind"]) for entry in catalogue)
    not_quirks = [str(e["id"]) for e in catalogue if e.get("not_a_quirk")]
    add("<!-- Generated from spec/quirks.yaml by scripts/render_quirks.py (`make quirks`). Do not edit. -->")
    add("")
    add("# KooDrive task APIs: the quirk catalogue")
    add("")
    add(
        f"{len(catalogue)} entries, each a place where the KooDrive documentation disagrees with itself, "
        "with another page or with OpenAPI, and what this project does about it. Q1–Q35 are the items of the "
        "quirks checklist of the seed documents (its Q34a–d are the evidence of Q34); the entries "
        "after Q35 were found later."
    )
    add("")
    add(
        "By kind: "
        + ", ".join(f"{kind} {kinds[kind]}" for kind in KIND_ORDER if kinds[kind])
        + ("." if not not_quirks else f". Not a quirk after all: {', '.join(not_quirks)} (each says why).")
    )
    add("")
    add("Follow any entry in four steps:")
    add("")
    add(
        "1. **Catalogue**: what the parameter table says, what the example shows, where (seed file "
        f"and section; [`spec/SOURCES.md`]({REPO_SPEC}/SOURCES.md) gives each seed's page, and the "
        f"reference notes are [`spec/reference/koodrive-api.md`]({REPO_SPEC}/reference/koodrive-api.md))."
    )
    add(
        "2. **Spec**: the JSON pointers into [`koodrive-tasks.yaml`](koodrive-tasks.yaml) of the nodes "
        "that record it; each carries `x-koodrive-quirks` with the entry's id, so "
        "`grep -n 'Q7\\b' spec/koodrive-tasks.yaml` finds them too. Extensions are defined in "
        "[`EXTENSIONS.md`](EXTENSIONS.md)."
    )
    add(
        "   **Any client should** says in one line what a client in any language does about it; the "
        "rest of the entry is how this project's Python client, spec and emulator do it."
    )
    add(
        "3. **Override**: the module of `overrides/koodrive_tasks/` that hands users one clean shape "
        "(or why none is needed), and the function in it that does the work; or, where the generated "
        "parser does the work, the rule of `scripts/generate_models.py` that emits it."
    )
    add(
        "4. **Test**: the test that shows the raw generated result and the normalised one. It is "
        "checked by mutation: with the override's function replaced by the identity (a generator "
        "rule: turned off by its spec edit, the records regenerated), the test must fail "
        "(`tests/spec/test_quirk_catalogue.py`)."
    )
    add("5. **Emulator test**: the test that checks the emulator's claim against the emulator itself.")
    add("6. **Verdict** (entries found by the issue-11 audit, Q46 on): what the project concludes.")
    add("")
    add(
        "This file is rendered from [`quirks.yaml`](quirks.yaml); edit that and run `make quirks`. "
        "`make validate` fails when the catalogue and the spec's markers disagree or this file is stale."
    )
    add("")
    add("## Contents")
    add("")
    add("| id | quirk | kind | override | test |")
    add("|---|---|---|---|---|")
    for entry in catalogue:
        quirk_id = str(entry["id"])
        override = cell(override_link(entry.get("override")))
        test = cell(test_link(str(entry["test"]), short=True))
        add(
            f"| [{quirk_id}](#{anchor(quirk_id)}) | {cell(str(entry['title']))} | {entry['kind']} | "
            f"{override} | {test} |"
        )
    add("")
    for entry in catalogue:
        out.extend(render_entry(entry))
    return "\n".join(out).rstrip("\n") + "\n"


def render_entry(entry: Entry) -> list[str]:
    quirk_id = str(entry["id"])
    out = [f'<a id="{anchor(quirk_id)}"></a>', "", f"## {quirk_id}: {prose(entry['title'])}", ""]
    add = out.append
    add(f"*Kind:* {entry['kind']}")
    add("")
    add(f"**Any client should:** {prose(entry['any_client'])}")
    add("")
    if entry.get("verdict"):
        add(f"**Verdict:** {prose(entry['verdict'])}")
        add("")
    add("**Where**")
    add("")
    for place in entry["where"]:
        add(f"- `{place['seed']}`: {prose(place['section'])}")
    add("")
    add(f"**The table says:** {prose(entry['table_says'])}")
    add("")
    add(f"**The example shows:** {prose(entry['example_shows'])}")
    add("")
    if entry.get("evidence"):
        add("**Evidence** (id → the instant it encodes, against the record's own time):")
        add("")
        add("| | seed | id | id encodes (UTC) | record's time | conclusion |")
        add("|---|---|---|---|---|---|")
        for item in entry["evidence"]:
            add(
                f"| {item['label']} | `{item['seed']}` | `{item['id']}` | {item['encodes']} | "
                f"`{item['record_time']}` | {cell(str(item['conclusion']))} |"
            )
        add("")
    if entry.get("not_a_quirk"):
        add(f"**Not a quirk after all:** {prose(entry['not_a_quirk'])}")
        add("")
    add(f"**The spec records it:** {prose(entry['spec_records'])}")
    add("")
    for pointer in entry["spec_pointers"]:
        readable = f" ({readable_pointer(pointer)})" if "~" in pointer else ""
        add(f"- [`koodrive-tasks.yaml`](koodrive-tasks.yaml) `{pointer}`{readable}")
    add("")
    if entry.get("examples"):
        links = ", ".join(f"[`{name}`](examples/{name})" for name in entry["examples"])
        add(f"**Examples on the wire:** {links}")
        add("")
    add(f"**The client:** {prose(entry['client_normalises'])}")
    add("")
    override = entry.get("override")
    if override is None:
        add(f"**Override:** none. {prose(entry['why_no_override'])}")
    else:
        function, rule = entry.get("override_function"), entry.get("override_rule")
        named = f" (`{function}`: the test fails when it is replaced by the identity)" if function else ""
        if rule:
            m = entry["override_mutation"]
            turned_off = f"`{m['key']}` removed" if m["value"] is None else f"`{m['key']}: {m['value']}`"
            named = (
                f", rule `{rule}`: the generated parser does the work; with {turned_off} at "
                f"`{m['pointer']}` and the records regenerated, the test fails"
            )
        add(f"**Override:** [`{override}`]({TO_ROOT}{override}){named}")
    add("")
    add(f"**Test:** {test_link(str(entry['test']), short=False)}")
    add("")
    add(f"**The emulator:** {prose(entry['emulator'])}")
    add("")
    if entry.get("emulator_test"):
        add(f"**Emulator test:** {test_link(str(entry['emulator_test']), short=False)}")
        add("")
    add("[Back to contents](#contents)")
    add("")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE, help="the YAML catalogue")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="the Markdown file to write or check")
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is not up to date")
    args = parser.parse_args(argv)
    text = render(load(args.catalogue))
    out: Path = args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current != text:
            print(f"{out} is stale: run `make quirks` (scripts/render_quirks.py)", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
