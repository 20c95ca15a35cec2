"""Checks that tie spec/koodrive-tasks.yaml to spec/EXTENSIONS.md and to the quirk catalogue.

Used by scripts/check_spec.py (`make validate`) and tests/spec/test_quirk_catalogue.py:

- `undefined_extensions(spec, extensions_md)`: `x-` keys the spec uses that EXTENSIONS.md does not
  define (a definition is a heading `## x-name`);
- `catalogue_problems(spec, catalogue)`: the catalogue (spec/quirks.yaml) is well formed, covers
  Q1-Q35, and agrees both ways with the spec's `x-koodrive-quirks` markers;
- `missing_implementations(catalogue, root)`: overrides and tests named by the catalogue that do not
  exist yet (not part of `make validate` until the client exists);
- `unsourced_constraints(spec)`: constraint keywords (`pattern`, lengths, item counts, bounds,
  `enum`) that neither cite a page (`x-koodrive-source`) nor say why they are assumed
  (`x-koodrive-assumption`), and citations or assumptions that name no constraint of their node.

Everything returns a list of human-readable problems; an empty list means all is well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

QUIRKS_KEY = "x-koodrive-quirks"
# The checklist of the seed documents (../shared/reference/quirks-checklist.md): Q1-Q35, where Q34
# stands for the checklist's Q34a-d. Entries after Q35 are quirks found later.
REQUIRED_IDS = tuple(f"Q{n}" for n in range(1, 36))
#: Entries from Q46 on were found by the issue-11 audit of the seeds; each states its verdict.
FIRST_AUDITED = 46
KINDS = ("types", "envelopes", "requests", "ids", "auth", "errors", "paging")
SEED_FILES = (
    "000_5e872a4e9e750655.txt",
    "001_e92756f12119cfa5.txt",
    "002_7f06fcd7983d7748.txt",
    "003_f23631a32064ae1c.txt",
    "004_b122096324bb2525.txt",
)
REFERENCE_SOURCE = re.compile(r"^reference koodrive-api\.md §[0-9]+(\.[0-9]+)*$")
ID_PATTERN = re.compile(r"^Q([1-9][0-9]*)$")
OVERRIDE_PATTERN = re.compile(r"^overrides/koodrive_tasks/[a-z_][a-z0-9_/]*\.py$")
TEST_PATTERN = re.compile(r"^(tests/quirks/test_[a-z0-9_]+\.py)::(test_q([0-9]{2})_[a-z0-9_]+)$")
EXTENSION_HEADING = re.compile(r"^## (x-[a-z0-9-]+)\s*$", re.MULTILINE)

REQUIRED_FIELDS = (
    "id",
    "title",
    "kind",
    "any_client",
    "where",
    "table_says",
    "example_shows",
    "spec_records",
    "spec_pointers",
    "client_normalises",
    "override",
    "test",
    "emulator",
    "emulator_test",
)
OPTIONAL_FIELDS = (
    "evidence",
    "examples",
    "why_no_override",
    "not_a_quirk",
    "override_function",
    "override_rule",
    "override_mutation",
    "verdict",
    "probe",
    "probe_unobservable",
)
PROSE_FIELDS = ("title", "table_says", "example_shows", "spec_records", "client_normalises", "emulator")
#: `override_function`: the dotted name of the function (or `Class.method`) of the override module
#: that the mutation check replaces by the identity; the entry's test must then fail.
FUNCTION_PATTERN = re.compile(
    r"^koodrive_tasks(\.[a-z_][a-z0-9_]*)+(\._?[A-Z][A-Za-z0-9]*\.[a-z_][a-z0-9_]*)?$"
)
#: `override_rule`: for an override the generator emits (`override: scripts/generate_models.py`),
#: the generator function that writes it; `override_mutation` ({pointer, key, value}) is the spec edit
#: that turns the rule off for this quirk (value null: the key removed), after which the mutation check
#: regenerates the records and the entry's test must fail.
GENERATOR = "scripts/generate_models.py"
RULE_PATTERN = re.compile(r"^generate_models(\.[A-Za-z_][A-Za-z0-9_]*)+$")
#: `emulator_test`: the test that shows the `emulator` claim against the emulator itself.
EMULATOR_TEST_PATTERN = re.compile(
    r"^(tests/(?:emulator|quirks|referees)/test_[a-z0-9_]+\.py)::(test_[a-z0-9_]+)$"
)
EVIDENCE_FIELDS = ("label", "seed", "id", "encodes", "record_time", "conclusion")

# KooDrive snowflake ids: `id >> 23` milliseconds after 2019-01-01T00:00:00+08:00.
SNOWFLAKE_EPOCH = datetime(2018, 12, 31, 16, 0, 0, tzinfo=UTC)
SNOWFLAKE_SHIFT = 23

# Keys whose children are names chosen by the spec's author (property or header names), not
# OpenAPI fields: an `x-` name there is not an extension.
_NAME_MAPS = frozenset({"properties", "patternProperties", "headers"})
# Keys whose values are data (examples, defaults, enum values), never OpenAPI objects.
_DATA_KEYS = frozenset({"example", "default", "const", "enum", "value"})


# ---- JSON pointers --------------------------------------------------------------------------------
def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The node at an RFC 6901 pointer (no `$ref` is followed); KeyError if there is none."""
    if pointer == "":
        return document
    if not pointer.startswith("/"):
        raise KeyError(f"not a JSON pointer: {pointer!r}")
    node = document
    for raw in pointer[1:].split("/"):
        token = unescape_token(raw)
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(f"{pointer}: no {token!r}")
    return node


def quirk_markers(spec: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every node carrying `x-koodrive-quirks`: its JSON pointer -> the ids it names."""
    found: dict[str, list[str]] = {}
    for pointer, node in _objects(spec, ""):
        if QUIRKS_KEY in node:
            value = node[QUIRKS_KEY]
            found[pointer] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return found


def _objects(node: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        yield pointer, node
        for key, value in node.items():
            yield from _objects(value, f"{pointer}/{escape_token(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{pointer}/{index}")


# ---- extensions -----------------------------------------------------------------------------------
def extension_keys(spec: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every `x-` key of the spec -> the JSON pointers of the objects that use it.

    Property and header names are not extensions, and example data, defaults and enum values are
    not looked into.
    """
    found: dict[str, list[str]] = {}

    def walk(node: Any, pointer: str, names: bool) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                key_s = str(key)
                child = f"{pointer}/{escape_token(key_s)}"
                if names:
                    walk(value, child, names=False)
                    continue
                if key_s.startswith("x-"):
                    found.setdefault(key_s, []).append(pointer or "/")
                    continue  # an extension's value is its own business
                if key_s in _DATA_KEYS:
                    continue
                if key_s == "examples" and isinstance(value, list):
                    continue  # JSON Schema `examples`: data
                walk(value, child, names=key_s in _NAME_MAPS and isinstance(value, Mapping))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}", names=False)

    walk(spec, "", names=False)
    return found


def defined_extensions(extensions_md: str) -> set[str]:
    """The extensions EXTENSIONS.md defines: its `## x-name` headings."""
    return set(EXTENSION_HEADING.findall(extensions_md))


def undefined_extensions(spec: Mapping[str, Any], extensions_md: str) -> list[str]:
    """`x-` keys used by the spec and not defined in EXTENSIONS.md, sorted."""
    return sorted(set(extension_keys(spec)) - defined_extensions(extensions_md))


# ---- constraints and their sources ------------------------------------------------------------------
SOURCE_KEY = "x-koodrive-source"
ASSUMPTION_KEY = "x-koodrive-assumption"
#: JSON Schema keywords that refuse values: each must cite a page or be declared an assumption.
CONSTRAINT_KEYWORDS = (
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minProperties",
    "maxProperties",
    "enum",
)
#: A citation names a seed page (`seed 001 §<section>`) or a page of the reference notes
#: (`koodrive-api.md §3.4 <page>`), then what that page says.
CITATION = re.compile(r"^(seed 00[0-4] §|koodrive-api\.md §[0-9]+(\.[0-9]+)* )\S")


def schema_objects(spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every object of the spec that may be a schema: property maps are entered by name, data is not."""

    def walk(node: Any, pointer: str, names: bool) -> Iterator[tuple[str, Mapping[str, Any]]]:
        if isinstance(node, Mapping):
            if not names:
                yield pointer, node
            for key, value in node.items():
                key_s = str(key)
                child = f"{pointer}/{escape_token(key_s)}"
                if names:
                    yield from walk(value, child, names=False)
                elif key_s.startswith("x-") or key_s in _DATA_KEYS or key_s == "examples":
                    continue
                else:
                    yield from walk(value, child, names=key_s in _NAME_MAPS and isinstance(value, Mapping))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{pointer}/{index}", names=False)

    yield from walk(spec, "", names=False)


def constraint_sources(node: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """A node's citations and assumptions, keyword -> text (empty when absent or malformed)."""
    found: list[dict[str, str]] = []
    for key in (SOURCE_KEY, ASSUMPTION_KEY):
        value = node.get(key, {})
        found.append({str(k): v for k, v in value.items()} if isinstance(value, Mapping) else {})
    return found[0], found[1]


def unsourced_constraints(spec: Mapping[str, Any]) -> list[str]:
    """Constraints with neither a cited page nor a stated assumption, and malformed citations."""
    problems: list[str] = []
    for pointer, node in schema_objects(spec):
        where = pointer or "/"
        for key in (SOURCE_KEY, ASSUMPTION_KEY):
            if key in node and not (isinstance(node[key], Mapping) and node[key]):
                problems.append(f"{where}: {key} must map constraint keywords to text")
        sources, assumptions = constraint_sources(node)
        present = [k for k in CONSTRAINT_KEYWORDS if k in node]
        for keyword in present:
            if keyword in sources and keyword in assumptions:
                problems.append(f"{where}: {keyword} is both cited and assumed")
            elif keyword not in sources and keyword not in assumptions:
                problems.append(
                    f"{where}: {keyword} has neither {SOURCE_KEY} nor {ASSUMPTION_KEY}"
                    " (cite the page, or say why)"
                )
        for key, named in ((SOURCE_KEY, sources), (ASSUMPTION_KEY, assumptions)):
            for keyword, text in named.items():
                if keyword not in present:
                    problems.append(f"{where}: {key} names {keyword}, which the node does not have")
                if not (isinstance(text, str) and text.strip()):
                    problems.append(f"{where}: {key}.{keyword} must be non-empty text")
                elif key == SOURCE_KEY and CITATION.match(text) is None:
                    problems.append(
                        f"{where}: {key}.{keyword} {text!r} does not start"
                        " 'seed 00N §…' or 'koodrive-api.md §n …'"
                    )
    return problems


def assumption_count(spec: Mapping[str, Any]) -> int:
    """How many constraints of the spec are assumptions rather than stated by a page."""
    return sum(len(constraint_sources(node)[1]) for _, node in schema_objects(spec))


# ---- the quirk catalogue ----------------------------------------------------------------------------
def quirk_number(quirk_id: str) -> int:
    match = ID_PATTERN.match(quirk_id)
    if match is None:
        raise ValueError(f"not a quirk id: {quirk_id!r}")
    return int(match.group(1))


def snowflake_instant(snowflake: str | int) -> datetime:
    """When a KooDrive id was minted (UTC, millisecond precision)."""
    return SNOWFLAKE_EPOCH + timedelta(milliseconds=int(snowflake) >> SNOWFLAKE_SHIFT)


def format_instant(instant: datetime) -> str:
    utc = instant.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def catalogue_problems(spec: Mapping[str, Any], catalogue: Any, spec_dir: Path | None = None) -> list[str]:
    """Everything wrong with the catalogue, alone and against the spec's markers.

    With `spec_dir`, the `examples` an entry names must exist under `spec_dir/examples/`.
    """
    if not isinstance(catalogue, list):
        return ["the catalogue must be a YAML list of entries"]
    problems: list[str] = []
    entries: dict[str, Mapping[str, Any]] = {}
    previous = 0
    tests_seen: dict[str, str] = {}
    for index, entry in enumerate(catalogue):
        if not isinstance(entry, Mapping):
            problems.append(f"entry #{index + 1} is not a mapping")
            continue
        quirk_id = str(entry.get("id", f"#{index + 1}"))
        problems += [f"{quirk_id}: {p}" for p in _entry_problems(entry, spec, spec_dir)]
        if ID_PATTERN.match(quirk_id) is None:
            continue
        if quirk_id in entries:
            problems.append(f"{quirk_id}: duplicate id")
            continue
        number = quirk_number(quirk_id)
        if number <= previous:
            problems.append(f"{quirk_id}: out of order (after Q{previous})")
        previous = max(previous, number)
        entries[quirk_id] = entry
        test = entry.get("test")
        if isinstance(test, str):
            if test in tests_seen:
                problems.append(f"{quirk_id}: test {test} is already the test of {tests_seen[test]}")
            tests_seen[test] = quirk_id

    problems += [
        f"{q}: missing (every checklist item needs an entry)" for q in REQUIRED_IDS if q not in entries
    ]

    for pointer, ids in sorted(quirk_markers(spec).items()):
        for quirk_id in ids:
            entry = entries.get(quirk_id)
            if entry is None:
                problems.append(f"{pointer or '/'}: marker names {quirk_id}, which has no catalogue entry")
            elif pointer not in (entry.get("spec_pointers") or []):
                problems.append(f"{quirk_id}: spec_pointers lack {pointer}, which carries its marker")
    return problems


def _entry_problems(entry: Mapping[str, Any], spec: Mapping[str, Any], spec_dir: Path | None) -> list[str]:
    problems: list[str] = []
    quirk_id = entry.get("id")
    if not isinstance(quirk_id, str) or ID_PATTERN.match(quirk_id) is None:
        return [f"id must look like Q7, not {quirk_id!r}"]
    problems += [f"missing field {name!r}" for name in REQUIRED_FIELDS if name not in entry]
    problems += [f"unknown field {name!r}" for name in entry if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
    for name in (*PROSE_FIELDS, "not_a_quirk", "why_no_override", "verdict"):
        if name in entry and not (isinstance(entry[name], str) and entry[name].strip()):
            problems.append(f"{name} must be non-empty text")
    any_client = entry.get("any_client")
    if "any_client" in entry and not (
        isinstance(any_client, str) and any_client.strip() and "\n" not in any_client
    ):
        problems.append("any_client must be one line saying what any client should do")
    if quirk_number(quirk_id) >= FIRST_AUDITED and not entry.get("verdict"):
        problems.append("entries found by the issue-11 audit (Q46 on) need a verdict")
    if "kind" in entry and entry["kind"] not in KINDS:
        problems.append(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    problems += _where_problems(entry.get("where"))
    problems += _pointer_problems(quirk_id, entry.get("spec_pointers"), spec)
    problems += _implementation_field_problems(quirk_id, entry)
    if "evidence" in entry:
        problems += _evidence_problems(entry["evidence"])
    if "examples" in entry:
        problems += _example_problems(entry["examples"], spec_dir)
    if "probe" in entry:
        problems += probe_problems(entry["probe"], spec)
    # every entry says how the probe sees it, or why no response can show it (never both, never neither)
    if ("probe" in entry) == ("probe_unobservable" in entry):
        problems.append(
            "needs exactly one of probe (how a response shows it) and probe_unobservable (why none can)"
        )
    elif "probe_unobservable" in entry and not (
        isinstance(entry["probe_unobservable"], str) and entry["probe_unobservable"].strip()
    ):
        problems.append("probe_unobservable must be non-empty text saying why no response shows the quirk")
    return problems


#: `probe` (read by `koodrive-tasks probe`): the operations whose response bodies show the quirk,
#: which answers to look at (`responses`: success, error or any; success by default), and per
#: variant one or more JSON pointers into the body (`*`: every item or member, `**`: any depth) and
#: one classifier; `not` inverts the classifier, `when` (a pointer and classifier) must hold in the
#: same body, `operations` narrows the variant to some of the probe's operations.
PROBE_TYPES = ("number", "string", "array", "object", "boolean", "null")
PROBE_CLASSIFIERS = ("type", "present", "equals", "pattern", "length", "zone")
PROBE_RESPONSES = ("success", "error", "any")
PROBE_MODIFIERS = ("not", "when", "operations")
ZONE = re.compile(r"^(UTC|[+-][0-9]{2}:[0-9]{2})$")


def probe_problems(probe: Any, spec: Mapping[str, Any]) -> list[str]:
    if not isinstance(probe, Mapping) or not {"operations", "variants"} <= set(probe) <= {
        "operations",
        "variants",
        "responses",
    }:
        return ["probe must be {operations: [...], variants: {...}, responses?} and nothing else"]
    problems: list[str] = []
    known = {
        op["operationId"]
        for item in spec.get("paths", {}).values()
        for op in item.values()
        if isinstance(op, Mapping) and "operationId" in op
    }
    operations = probe["operations"]
    if not isinstance(operations, list) or not operations:
        problems.append("probe.operations must be a non-empty list of operationIds")
        operations = []
    else:
        problems += [
            f"probe.operations: {op!r} is not an operationId of the spec"
            for op in operations
            if op not in known
        ]
    if probe.get("responses", "success") not in PROBE_RESPONSES:
        problems.append(f"probe.responses must be one of {', '.join(PROBE_RESPONSES)}")
    variants = probe["variants"]
    if not isinstance(variants, Mapping) or len(variants) < 2:
        return [*problems, "probe.variants must map at least two variant names to classifiers"]
    for name, variant in variants.items():
        problems += _variant_problems(f"probe.variants.{name}", variant, operations, top=True)
    return problems


def _variant_problems(where: str, variant: Any, operations: list[Any], *, top: bool) -> list[str]:
    if not isinstance(variant, Mapping):
        return [f"{where} must be a mapping"]
    problems: list[str] = []
    pointer = variant.get("pointer")
    pointers = pointer if isinstance(pointer, list) and pointer else [pointer]
    if not all(isinstance(p, str) and p.startswith("/") for p in pointers):
        problems.append(f"{where}.pointer must be a JSON pointer starting with / (or a list of them)")
    classifiers = [c for c in PROBE_CLASSIFIERS if c in variant]
    allowed = {"pointer", *PROBE_CLASSIFIERS, *(PROBE_MODIFIERS if top else ("not",))}
    extra = set(variant) - allowed
    if len(classifiers) != 1 or extra:
        return [
            *problems,
            f"{where} needs a pointer and exactly one of {', '.join(PROBE_CLASSIFIERS)}"
            f"{' (and only ' + ', '.join(PROBE_MODIFIERS) + ' beside them)' if top else ''}",
        ]
    value = variant[classifiers[0]]
    if "type" in variant and value not in PROBE_TYPES:
        problems.append(f"{where}.type must be one of {', '.join(PROBE_TYPES)}")
    elif "present" in variant and not isinstance(value, bool):
        problems.append(f"{where}.present must be true or false")
    elif "pattern" in variant:
        try:
            re.compile(str(value))
        except re.error as exc:
            problems.append(f"{where}.pattern is not a regular expression: {exc}")
    elif "length" in variant and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        problems.append(f"{where}.length must be a count of items")
    elif "zone" in variant:
        zones = value if isinstance(value, list) else [value]
        if not zones or not all(isinstance(z, str) and ZONE.match(z) for z in zones):
            problems.append(f"{where}.zone must be UTC or ±hh:mm (or a list of them)")
    if "not" in variant and (not isinstance(variant["not"], bool) or "present" in variant):
        problems.append(f"{where}.not must be true or false, and not beside present (say present: false)")
    if "when" in variant:
        problems += _variant_problems(f"{where}.when", variant["when"], operations, top=False)
    scope = variant.get("operations")
    if scope is not None and not (
        isinstance(scope, list) and scope and all(op in operations for op in scope)
    ):
        problems.append(f"{where}.operations must be a non-empty list of the probe's operations")
    return problems


def _where_problems(where: Any) -> list[str]:
    if not isinstance(where, list) or not where:
        return ["where must be a non-empty list of {seed, section}"]
    problems: list[str] = []
    for place in where:
        if not isinstance(place, Mapping) or set(place) != {"seed", "section"}:
            problems.append(f"where item {place!r} must have exactly seed and section")
            continue
        seed = place["seed"]
        if seed not in SEED_FILES and not (isinstance(seed, str) and REFERENCE_SOURCE.match(seed)):
            problems.append(f"where seed {seed!r} is neither a seed file nor 'reference koodrive-api.md §n'")
        if not (isinstance(place["section"], str) and place["section"].strip()):
            problems.append(f"where item for {seed!r} needs a section")
    return problems


def _pointer_problems(quirk_id: str, pointers: Any, spec: Mapping[str, Any]) -> list[str]:
    if not isinstance(pointers, list) or not pointers:
        return ["spec_pointers must be a non-empty list of JSON pointers"]
    problems: list[str] = []
    if len(set(map(str, pointers))) != len(pointers):
        problems.append("spec_pointers has duplicates")
    for pointer in pointers:
        try:
            node = resolve_pointer(spec, str(pointer))
        except KeyError:
            problems.append(f"spec pointer {pointer} does not resolve in the spec")
            continue
        marker = node.get(QUIRKS_KEY) if isinstance(node, Mapping) else None
        if not isinstance(marker, list) or quirk_id not in marker:
            problems.append(f"spec node {pointer} does not carry {QUIRKS_KEY} with {quirk_id}")
    return problems


def _implementation_field_problems(quirk_id: str, entry: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    override = entry.get("override")
    if override is None:
        if "override" in entry and "why_no_override" not in entry:
            problems.append("override is null: say why in why_no_override")
    elif override == GENERATOR:
        rule, mutation = entry.get("override_rule"), entry.get("override_mutation")
        if not (isinstance(rule, str) and RULE_PATTERN.match(rule)):
            problems.append(f"override_rule {rule!r} is not a dotted function of generate_models")
        if not (
            isinstance(mutation, Mapping)
            and set(mutation) == {"pointer", "key", "value"}
            and isinstance(mutation["pointer"], str)
            and isinstance(mutation["key"], str)
        ):
            problems.append("override_mutation must be {pointer, key, value}")
        if "override_function" in entry:
            problems.append(
                "override_function is for hand-written overrides; a generator rule has override_rule"
            )
    elif not (isinstance(override, str) and OVERRIDE_PATTERN.match(override)):
        problems.append(
            f"override {override!r} is not a module path under overrides/koodrive_tasks/ nor {GENERATOR}"
        )
    elif "why_no_override" in entry:
        problems.append("why_no_override is only for entries whose override is null")
    else:
        function = entry.get("override_function")
        module = override.removeprefix("overrides/").removesuffix(".py").replace("/", ".")
        if not (isinstance(function, str) and FUNCTION_PATTERN.match(function)):
            problems.append(f"override_function {function!r} is not a dotted function of {module}")
        elif not (
            function.startswith(module + ".") and "." not in function[len(module) + 1 :].split(".", 1)[-1]
        ):
            problems.append(f"override_function {function} is not in the override module {module}")
    if override is None and "override_function" in entry:
        problems.append("override_function is only for entries with an override")
    if override != GENERATOR and ("override_rule" in entry or "override_mutation" in entry):
        problems.append(f"override_rule and override_mutation are only for override {GENERATOR}")
    emulator_test = entry.get("emulator_test")
    if emulator_test is not None and not (
        isinstance(emulator_test, str) and EMULATOR_TEST_PATTERN.match(emulator_test)
    ):
        problems.append(
            f"emulator_test {emulator_test!r} is not tests/<emulator|quirks|referees>/test_*.py::test_*"
        )
    test = entry.get("test")
    match = TEST_PATTERN.match(test) if isinstance(test, str) else None
    if "test" in entry and match is None:
        problems.append(f"test {test!r} is not tests/quirks/test_<module>.py::test_q<NN>_<slug>")
    elif match is not None and int(match.group(3)) != quirk_number(quirk_id):
        problems.append(f"test {test} is numbered q{match.group(3)}, not for {quirk_id}")
    return problems


def _evidence_problems(evidence: Any) -> list[str]:
    if not isinstance(evidence, list) or not evidence:
        return ["evidence must be a non-empty list"]
    problems: list[str] = []
    for item in evidence:
        if not isinstance(item, Mapping) or set(item) != set(EVIDENCE_FIELDS):
            problems.append(f"evidence item must have exactly {', '.join(EVIDENCE_FIELDS)}")
            continue
        if item["seed"] not in SEED_FILES:
            problems.append(f"evidence {item['label']}: unknown seed {item['seed']!r}")
        snowflake = str(item["id"])
        if not snowflake.isdigit():
            problems.append(f"evidence {item['label']}: id {snowflake!r} is not a KooDrive id")
        elif format_instant(snowflake_instant(snowflake)) != item["encodes"]:
            problems.append(
                f"evidence {item['label']}: {snowflake} encodes "
                f"{format_instant(snowflake_instant(snowflake))}, not {item['encodes']}"
            )
    return problems


def _example_problems(examples: Any, spec_dir: Path | None) -> list[str]:
    if not isinstance(examples, list) or not examples:
        return ["examples must be a non-empty list of files under spec/examples/"]
    if spec_dir is None:
        return []
    return [
        f"example {name} does not exist under {spec_dir / 'examples'}"
        for name in examples
        if not (spec_dir / "examples" / str(name)).is_file()
    ]


def missing_implementations(catalogue: list[dict[str, Any]], root: Path) -> list[str]:
    """Overrides and tests the catalogue names that do not exist under `root` (the repository)."""
    problems: list[str] = []
    for entry in catalogue:
        quirk_id = entry.get("id")
        override = entry.get("override")
        if isinstance(override, str) and not (root / override).is_file():
            problems.append(f"{quirk_id}: override {override} does not exist")
        test = entry.get("test")
        match = TEST_PATTERN.match(test) if isinstance(test, str) else None
        if match is None:
            continue
        test_file, test_name = root / match.group(1), match.group(2)
        if not test_file.is_file():
            problems.append(f"{quirk_id}: test file {match.group(1)} does not exist")
        elif not re.search(rf"^\s*(async\s+)?def {test_name}\(", test_file.read_text(encoding="utf-8"), re.M):
            problems.append(f"{quirk_id}: {match.group(1)} has no test {test_name}")
        emulator_test = entry.get("emulator_test")
        found = EMULATOR_TEST_PATTERN.match(emulator_test) if isinstance(emulator_test, str) else None
        if found is not None:
            path = root / found.group(1)
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if not re.search(rf"^\s*(async\s+)?def {found.group(2)}\(", text, re.M):
                problems.append(f"{quirk_id}: emulator test {emulator_test} does not exist")
    return problems


def enum_name_problems(spec: Mapping[str, Any]) -> list[str]:
    """`x-enum-varnames` unique across the document (generators such as openapi-generator's `go`
    put every enum member in one namespace), and `x-koodrive-enum-names` as long as its `enum`."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for pointer, node in schema_objects(spec):
        names = node.get("x-enum-varnames")
        if not isinstance(names, list):
            continue
        for key in ("x-enum-varnames", "x-koodrive-enum-names"):
            listed = node.get(key)
            if listed is not None and (
                not isinstance(listed, list) or len(listed) != len(node.get("enum", []))
            ):
                problems.append(f"{pointer}: {key} must list one name per enum value")
        for name in names:
            if name in seen:
                problems.append(f"{pointer}: x-enum-varnames {name!r} is also a member of {seen[name]}")
            seen[str(name)] = pointer
    return problems


#: Where a quirk's catalogue entry is published: the repository's Homepage (pyproject.toml) + this.
QUIRKS_PAGE = "/blob/main/spec/QUIRKS.md"


def quirk_url(homepage: str, quirk_id: str) -> str:
    return f"{homepage.rstrip('/')}{QUIRKS_PAGE}#{quirk_id.lower()}"


def quirk_link_problems(spec: Mapping[str, Any], homepage: str) -> list[str]:
    """Every node that carries `x-koodrive-quirks` links to its catalogue entries, for readers of the
    spec who never see this repository: a schema through `externalDocs` (to its first id, naming them
    all); an operation, parameter, response or security scheme, where OpenAPI has no `externalDocs`
    (or the operation's is its Huawei page), through a Markdown link per id in its `description`."""
    problems: list[str] = []
    for pointer, ids in quirk_markers(spec).items():
        node = resolve_pointer(spec, pointer)
        if pointer.startswith("/components/schemas/"):
            docs = node.get("externalDocs") if isinstance(node, Mapping) else None
            if not isinstance(docs, Mapping) or docs.get("url") != quirk_url(homepage, ids[0]):
                problems.append(f"{pointer}: externalDocs must link to {quirk_url(homepage, ids[0])}")
            elif any(quirk_id not in str(docs.get("description", "")) for quirk_id in ids):
                problems.append(f"{pointer}: externalDocs.description must name {', '.join(ids)}")
        else:
            description = str(node.get("description", "")) if isinstance(node, Mapping) else ""
            missing = [q for q in ids if f"({quirk_url(homepage, q)})" not in description]
            if missing:
                problems.append(
                    f"{pointer}: description must link to the catalogue entry of {', '.join(missing)}"
                )
    return problems
