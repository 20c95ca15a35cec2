"""The quirk catalogue (spec/quirks.yaml), its rendering (spec/QUIRKS.md), the spec's markers and
spec/EXTENSIONS.md agree, and the checks behind `make validate` really catch each kind of breakage."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = ROOT / "spec"
sys.path.insert(0, str(ROOT / "scripts"))

import render_quirks  # noqa: E402
from spec_checks import (  # noqa: E402
    REQUIRED_IDS,
    assumption_count,
    catalogue_problems,
    defined_extensions,
    extension_keys,
    missing_implementations,
    quirk_markers,
    quirk_number,
    resolve_pointer,
    undefined_extensions,
    unsourced_constraints,
)

# The checklist lives beside the repository (../shared/reference) on the machine it was written on;
# when it is there, its ids are required as well as the fixed Q1-Q35.
CHECKLIST = ROOT.parent / "shared" / "reference" / "quirks-checklist.md"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SPEC_DIR / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def catalogue() -> list[dict[str, Any]]:
    return render_quirks.load(SPEC_DIR / "quirks.yaml")


@pytest.fixture(scope="module")
def extensions_md() -> str:
    return (SPEC_DIR / "EXTENSIONS.md").read_text(encoding="utf-8")


def checklist_ids() -> set[str]:
    ids = set(REQUIRED_IDS)
    if CHECKLIST.is_file():
        # `| Q34a | …` rows: the lettered sub-items are evidence of one entry, Q34.
        ids |= {f"Q{n}" for n in re.findall(r"^\| Q([0-9]+)[a-z]? \|", CHECKLIST.read_text(), re.M)}
    return ids


# ---- the committed files are consistent ------------------------------------------------------------
def test_every_checklist_item_has_an_entry(catalogue: list[dict[str, Any]]) -> None:
    ids = {entry["id"] for entry in catalogue}
    assert checklist_ids() <= ids, sorted(checklist_ids() - ids, key=quirk_number)
    assert {f"Q{n}" for n in range(1, 36)} <= ids


def test_ids_are_unique_and_in_order(catalogue: list[dict[str, Any]]) -> None:
    numbers = [quirk_number(entry["id"]) for entry in catalogue]
    assert numbers == sorted(set(numbers))


def test_the_catalogue_has_no_problems(spec: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    assert catalogue_problems(spec, catalogue, SPEC_DIR) == []


def test_every_spec_pointer_resolves_to_a_node_marked_with_its_id(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    for entry in catalogue:
        assert entry["spec_pointers"], entry["id"]
        for pointer in entry["spec_pointers"]:
            node = resolve_pointer(spec, pointer)
            assert entry["id"] in node["x-koodrive-quirks"], (entry["id"], pointer)


def test_every_marker_in_the_spec_is_reached_from_its_entry(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    pointers = {entry["id"]: set(entry["spec_pointers"]) for entry in catalogue}
    markers = quirk_markers(spec)
    assert len(markers) > 30  # the spec is marked throughout, not just somewhere
    for pointer, ids in markers.items():
        for quirk_id in ids:
            assert pointer in pointers.get(quirk_id, set()), (quirk_id, pointer)


def test_entries_without_an_override_say_why(catalogue: list[dict[str, Any]]) -> None:
    without = [entry for entry in catalogue if entry["override"] is None]
    assert without, "some quirks need no override"
    for entry in without:
        # request-side quirks, the audit's opaque values the generated models already keep, and
        # answers the client reads nothing of (Q36, Q43: a cancel's body is never read)
        nothing = entry["why_no_override"].startswith("Nothing")
        assert entry["kind"] == "requests" or quirk_number(entry["id"]) >= 46 or nothing, entry["id"]
        assert entry["why_no_override"].strip(), entry["id"]


def test_q34_evidence_covers_the_checklist_sub_items(catalogue: list[dict[str, Any]]) -> None:
    q34 = next(entry for entry in catalogue if entry["id"] == "Q34")
    assert [item["label"] for item in q34["evidence"]] == ["Q34a", "Q34b", "Q34c", "Q34d"]


def test_quirks_md_is_fresh(catalogue: list[dict[str, Any]]) -> None:
    committed = (SPEC_DIR / "QUIRKS.md").read_text(encoding="utf-8")
    assert render_quirks.render(catalogue) == committed, "run `make quirks`"


def test_quirks_md_links_every_entry_to_its_spec_override_and_test(catalogue: list[dict[str, Any]]) -> None:
    text = render_quirks.render(catalogue)
    for entry in catalogue:
        section = text.split(f'<a id="{entry["id"].lower()}"></a>', 1)[1].split("<a id=", 1)[0]
        assert f"## {entry['id']}: " in section
        assert all(f"`{pointer}`" in section for pointer in entry["spec_pointers"])
        test_file = entry["test"].split("::")[0]
        assert f"({render_quirks.TO_ROOT}{test_file})" in section
        if entry["override"] is not None:
            assert f"({render_quirks.TO_ROOT}{entry['override']})" in section
    for target in re.findall(r"\]\((?!#|https?:)([^)]+)\)", text):
        # Links into spec/ must resolve now; overrides/ and tests/quirks/ come with the client.
        if not target.startswith(("../overrides/", "../tests/quirks/")):
            assert (SPEC_DIR / target).exists(), target


def test_render_is_deterministic(catalogue: list[dict[str, Any]]) -> None:
    assert render_quirks.render(copy.deepcopy(catalogue)) == render_quirks.render(catalogue)


def test_check_mode_fails_on_a_stale_file(tmp_path: Path) -> None:
    out = tmp_path / "QUIRKS.md"
    args = ["--catalogue", str(SPEC_DIR / "quirks.yaml"), "--out", str(out)]
    assert render_quirks.main(args) == 0
    assert render_quirks.main([*args, "--check"]) == 0
    out.write_text(out.read_text() + "\nhand edit\n")
    assert render_quirks.main([*args, "--check"]) == 1


def test_check_mode_as_a_command_on_the_committed_file() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_quirks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# ---- extensions --------------------------------------------------------------------------------------
def test_every_extension_in_the_spec_is_defined(spec: dict[str, Any], extensions_md: str) -> None:
    assert undefined_extensions(spec, extensions_md) == []
    assert {"x-koodrive-quirks", "x-koodrive-time", "x-enum-varnames"} <= set(extension_keys(spec))


def test_every_defined_extension_is_used(spec: dict[str, Any], extensions_md: str) -> None:
    assert defined_extensions(extensions_md) == set(extension_keys(spec))


def test_each_extension_section_says_where_type_reader_and_example(extensions_md: str) -> None:
    sections = re.split(r"^## ", extensions_md, flags=re.M)[1:]
    assert len(sections) == len(defined_extensions(extensions_md))
    for section in sections:
        name = section.split("\n", 1)[0]
        for part in ("**Appears on:**", "**Value:**", "**Read by:**", "```yaml"):
            assert part in section, (name, part)


def test_an_undefined_extension_is_reported(spec: dict[str, Any], extensions_md: str, tmp_path: Path) -> None:
    source = (SPEC_DIR / "koodrive-tasks.yaml").read_text(encoding="utf-8")
    broken = source.replace(
        "    JobStatus:\n", "    JobStatus:\n      x-bogus: {reason: not in EXTENSIONS.md}\n", 1
    )
    assert broken != source
    copy_path = tmp_path / "koodrive-tasks.yaml"
    copy_path.write_text(broken, encoding="utf-8")
    broken_spec = yaml.safe_load(copy_path.read_text(encoding="utf-8"))
    assert undefined_extensions(broken_spec, extensions_md) == ["x-bogus"]
    assert extension_keys(broken_spec)["x-bogus"] == ["/components/schemas/JobStatus"]
    # Removing a definition is caught the same way.
    without = extensions_md.replace("## x-koodrive-time\n", "## (removed)\n")
    assert undefined_extensions(spec, without) == ["x-koodrive-time"]


def test_property_names_and_example_data_are_not_extensions() -> None:
    doc = {
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"x-custom-field": {"type": "string", "x-koodrive-time": {}}},
                    "examples": [{"x-in-data": 1}],
                    "default": {"x-in-default": 1},
                }
            },
            "responses": {"Ok": {"headers": {"x-request-id": {"schema": {"type": "string"}}}}},
        },
        "x-top": True,
    }
    assert set(extension_keys(doc)) == {"x-koodrive-time", "x-top"}


# ---- the catalogue checks catch breakage ---------------------------------------------------------------
def broken(catalogue: list[dict[str, Any]], quirk_id: str, **changes: Any) -> list[dict[str, Any]]:
    result = copy.deepcopy(catalogue)
    entry = next(e for e in result if e["id"] == quirk_id)
    for key, value in changes.items():
        if value is None and key != "override":
            entry.pop(key, None)
        else:
            entry[key] = value
    return result


def test_a_missing_checklist_entry_is_reported(spec: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    without = [entry for entry in catalogue if entry["id"] != "Q26"]
    problems = catalogue_problems(spec, without)
    assert "Q26: missing (every checklist item needs an entry)" in problems
    assert any("marker names Q26, which has no catalogue entry" in p for p in problems)


def test_duplicate_and_unordered_ids_are_reported(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    swapped = copy.deepcopy(catalogue)
    swapped[3], swapped[4] = swapped[4], swapped[3]
    assert "Q4: out of order (after Q5)" in catalogue_problems(spec, swapped)
    doubled = [*copy.deepcopy(catalogue), copy.deepcopy(catalogue[0])]
    assert "Q1: duplicate id" in catalogue_problems(spec, doubled)


def test_a_pointer_that_does_not_resolve_or_is_unmarked_is_reported(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    gone = broken(catalogue, "Q7", spec_pointers=["/components/schemas/NoSuchSchema"])
    problems = catalogue_problems(spec, gone)
    assert "Q7: spec pointer /components/schemas/NoSuchSchema does not resolve in the spec" in problems
    assert (
        "Q7: spec_pointers lack /components/schemas/UncompressedFile/properties/reservatioinInfo, "
        "which carries its marker"
    ) in problems
    unmarked = broken(
        catalogue,
        "Q7",
        spec_pointers=[
            "/components/schemas/UncompressedFile/properties/reservatioinInfo",
            "/components/schemas/Job",
        ],
    )
    assert (
        "Q7: spec node /components/schemas/Job does not carry x-koodrive-quirks with Q7"
        in catalogue_problems(spec, unmarked)
    )


def test_a_marker_without_its_pointer_in_the_catalogue_is_reported(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    marked = copy.deepcopy(spec)
    marked["components"]["schemas"]["Progress"]["x-koodrive-quirks"] = ["Q13"]
    assert (
        "Q13: spec_pointers lack /components/schemas/Progress, which carries its marker"
        in catalogue_problems(marked, catalogue)
    )


def test_malformed_fields_are_reported(spec: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    cases = {
        "kind": ("weird", "Q1: kind 'weird' is not one of"),
        "test": (
            "tests/quirks/test_codes.py::test_q02_code",
            "Q1: test tests/quirks/test_codes.py::test_q02_code is numbered q02",
        ),
        "override": (
            "koodrive_tasks/codes.py",
            "Q1: override 'koodrive_tasks/codes.py' is not a module path",
        ),
        "where": ([{"seed": "999_nope.txt", "section": "x"}], "Q1: where seed '999_nope.txt' is neither"),
        "table_says": ("  ", "Q1: table_says must be non-empty text"),
        "colour": ("blue", "Q1: unknown field 'colour'"),
    }
    for field, (value, message) in cases.items():
        problems = catalogue_problems(spec, broken(catalogue, "Q1", **{field: value}))
        assert any(p.startswith(message) for p in problems), (field, problems)
    no_reason = broken(catalogue, "Q1", override=None)
    assert "Q1: override is null: say why in why_no_override" in catalogue_problems(spec, no_reason)


def test_wrong_snowflake_evidence_is_reported(spec: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    q34 = next(entry for entry in catalogue if entry["id"] == "Q34")
    evidence = copy.deepcopy(q34["evidence"])
    evidence[1]["encodes"] = "2023-12-27T15:19:04.162Z"  # the China-time reading, not the instant
    problems = catalogue_problems(spec, broken(catalogue, "Q34", evidence=evidence))
    assert (
        "Q34: evidence Q34b: 1320279189273965056 encodes 2023-12-27T07:19:04.162Z, "
        "not 2023-12-27T15:19:04.162Z"
    ) in problems


def test_a_missing_example_is_reported(spec: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    gone = broken(catalogue, "Q2", examples=["listTasks/no-such.json"])
    assert any(
        "example listTasks/no-such.json does not exist" in p for p in catalogue_problems(spec, gone, SPEC_DIR)
    )


def test_missing_implementations_names_absent_overrides_and_tests(
    catalogue: list[dict[str, Any]], tmp_path: Path
) -> None:
    entry = next(e for e in catalogue if e["id"] == "Q1")
    emulator_test = "Q1: emulator test " + entry["emulator_test"] + " does not exist"
    assert missing_implementations([entry], tmp_path) == [
        "Q1: override overrides/koodrive_tasks/normalize/codes.py does not exist",
        "Q1: test file tests/quirks/test_codes.py does not exist",
        emulator_test,
    ]
    (tmp_path / "overrides/koodrive_tasks/normalize").mkdir(parents=True)
    (tmp_path / "overrides/koodrive_tasks/normalize/codes.py").write_text("")
    (tmp_path / "tests/quirks").mkdir(parents=True)
    (tmp_path / "tests/quirks/test_codes.py").write_text("def test_q01_other() -> None: ...\n")
    assert missing_implementations([entry], tmp_path) == [
        "Q1: tests/quirks/test_codes.py has no test test_q01_code_string_or_number",
        emulator_test,
    ]
    (tmp_path / "tests/quirks/test_codes.py").write_text(
        "def test_q01_code_string_or_number() -> None: ...\n"
    )
    (tmp_path / "tests/referees").mkdir(parents=True)
    (tmp_path / "tests/referees/test_emulator_claims.py").write_text(
        "def test_q01_emulator_code_type_follows_the_mode() -> None: ...\n"
    )
    # names that exist are all this check sees; that a test proves something is the mutation check's job
    assert missing_implementations([entry], tmp_path) == []


# ---- every constraint has a source -------------------------------------------------------------------
def test_every_constraint_cites_a_page_or_is_an_assumption(spec: dict[str, Any]) -> None:
    assert unsourced_constraints(spec) == []
    assert assumption_count(spec) > 0  # the spec says where it guesses


def test_the_invented_constraints_of_issue_11_are_gone(spec: dict[str, Any]) -> None:
    parameters = spec["components"]["parameters"]
    assert "pattern" not in parameters["TraceId"]["schema"]  # a 58-character id with `-` is valid
    assert "pattern" not in parameters["Language"]["schema"]  # zh-Hans-CN, es-419
    status = spec["paths"]["/koodrive/ose/v1/task/list"]["get"]["parameters"][1]["schema"]
    assert not {"uniqueItems", "maxItems"} & set(status)
    schemas = spec["components"]["schemas"]
    assert "maxItems" not in schemas["CreateJobTaskInfo"]["properties"]["fileInfo"]
    share_id = schemas["CreateShareTaskRequest"]["properties"]["shareId"]
    assert share_id.keys() - {"description", "x-koodrive-assumption"} == (
        schemas["GetShareTaskRequest"]["properties"]["shareId"].keys()
        - {"description", "x-koodrive-assumption"}
    )  # the same rule on create and on query
    assert "maxLength" not in schemas["CreateShareTaskRequest"]["properties"]["kdstoken"]
    folder = spec["paths"]["/koodrive/ose/v1/jobs"]["post"]["parameters"][0]["schema"]
    assert "pattern" not in folder
    assert "fewer than `limit`" not in spec["paths"]["/koodrive/ose/v1/jobs"]["get"]["description"].replace(
        "nothing states that a page with fewer than `limit`", ""
    )


def _spec_copy(tmp_path: Path, edit: Any) -> Path:
    import shutil

    copy_dir = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, copy_dir)
    path = copy_dir / "koodrive-tasks.yaml"
    source = path.read_text(encoding="utf-8")
    changed = edit(source)
    assert changed != source
    path.write_text(changed, encoding="utf-8")
    return path


def test_a_constraint_without_a_source_fails_validate(tmp_path: Path) -> None:
    import check_spec

    assert check_spec.spec_problems(_spec_copy(tmp_path / "same", lambda s: s + "\n")) == []
    unsourced = _spec_copy(
        tmp_path / "a",
        lambda s: s.replace(
            "        locale: {type: string, x-koodrive-list-only: true}\n",
            "        locale: {type: string, maxLength: 32, x-koodrive-list-only: true}\n",
            1,
        ),
    )
    assert check_spec.spec_problems(unsourced) == [
        "constraint without a source: /components/schemas/BasicTask/properties/locale: maxLength has neither "
        "x-koodrive-source nor x-koodrive-assumption (cite the page, or say why)"
    ]
    uncited = _spec_copy(
        tmp_path / "b",
        lambda s: s.replace(
            "x-koodrive-source: {enum: 'koodrive-api.md §3.1 actionType table (CreateJob)'}",
            "x-koodrive-source: {enum: 'trust me'}",
            1,
        ),
    )
    problems = check_spec.spec_problems(uncited)
    assert len(problems) == 1 and "x-koodrive-source.enum 'trust me' does not start" in problems[0]
    stale = _spec_copy(
        tmp_path / "c",
        lambda s: s.replace(
            "schema: {type: string, examples: [en-US, zh-CN, en_us, zh-Hans-CN, es-419]}",
            "schema: {type: string, examples: [en-US], x-koodrive-assumption: {pattern: gone}}",
            1,
        ),
    )
    assert check_spec.spec_problems(stale) == [
        "constraint without a source: /components/parameters/Language/schema: x-koodrive-assumption names "
        "pattern, which the node does not have"
    ]


def test_an_assumption_is_checked_leniently_and_a_source_strictly() -> None:
    from koodrive_emulator.validation import SpecValidators

    lenient = SpecValidators()
    page_size = lenient.operations["listTasks"].query["pageSize"]
    assert page_size.check(0) and lenient.assumption_hits == {"listTasks query pageSize": 1}
    assert not page_size.check(101)  # the maximum is stated by seed 000: refused, not counted
    assert lenient.assumption_hits == {"listTasks query pageSize": 1}
    strict_spec = copy.deepcopy(lenient.spec)
    parameter = strict_spec["paths"]["/koodrive/ose/v1/task/list"]["get"]["parameters"][2]["schema"]
    parameter["x-koodrive-source"]["minimum"] = parameter.pop("x-koodrive-assumption")["minimum"]
    strict = SpecValidators(strict_spec)
    assert not strict.operations["listTasks"].query["pageSize"].check(0) and not strict.assumption_hits


# ---- the catalogue is executable: each named test fails when its override does nothing ----------------
def _identity(value: Any = None, *args: Any, **kwargs: Any) -> Any:
    return value


def _resolve(dotted: str) -> tuple[Any, str, Any]:
    """(owner, attribute, object) of `package.module.function` or `package.module.Class.method`."""
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:-1]:
            owner = getattr(owner, name)
        return owner, parts[-1], getattr(owner, parts[-1])
    raise LookupError(dotted)


@contextmanager
def identity_in_place(dotted: str) -> Iterator[int]:
    """Replace a function by the identity where it is defined and wherever it was imported by name."""
    owner, name, original = _resolve(dotted)
    places = [(owner, name)]
    if not isinstance(owner, type):
        # every module holding it by name: the client's, and test modules a previous run imported
        for module in list(sys.modules.values()):
            if module is not owner and isinstance(getattr(module, "__dict__", None), dict):
                places += [(module, attr) for attr, value in list(vars(module).items()) if value is original]
    saved = [(place, attr, getattr(place, attr)) for place, attr in places]
    try:
        for place, attr in places:
            setattr(place, attr, _identity)
        yield len(places)
    finally:
        for place, attr, value in saved:
            setattr(place, attr, value)


MUTATED = [entry for entry in render_quirks.load(SPEC_DIR / "quirks.yaml") if entry.get("override_function")]


def _public_functions(module_name: str) -> list[str]:
    """The public functions defined in (or bound by name as module attributes of) an override module."""
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    return [
        f"{module_name}.{name}"
        for name, value in vars(module).items()
        if not name.startswith("_")
        and callable(value)
        and not inspect.isclass(value)
        and getattr(value, "__module__", None) in (module_name, "datetime", None)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("entry", MUTATED, ids=[entry["id"] for entry in MUTATED])
def test_the_named_test_fails_when_the_whole_override_module_is_the_identity(entry: dict[str, Any]) -> None:
    """A test that compares the override with itself (both sides through the same module) passes
    whatever the module does: with every public function of the module, and the entry's function,
    made the identity at once, the named test must still fail."""
    from contextlib import ExitStack

    module = entry["override"].removeprefix("overrides/").removesuffix(".py").replace("/", ".")
    names = dict.fromkeys([*_public_functions(module), entry["override_function"]])
    with ExitStack() as stack:
        for dotted in names:
            stack.enter_context(identity_in_place(dotted))
        outcome = pytest.main(
            [str(ROOT / entry["test"]), "-q", "-x", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="]
        )
    assert outcome == pytest.ExitCode.TESTS_FAILED, (
        f"{entry['id']}: {entry['test']} still passes with every function of {module} the identity"
    )


RULED = [entry for entry in render_quirks.load(SPEC_DIR / "quirks.yaml") if entry.get("override_rule")]


def test_every_override_names_the_function_the_mutation_check_replaces() -> None:
    catalogue = render_quirks.load(SPEC_DIR / "quirks.yaml")
    with_override = [entry["id"] for entry in catalogue if entry["override"] is not None]
    assert with_override == sorted((entry["id"] for entry in [*MUTATED, *RULED]), key=lambda q: int(q[1:]))
    import generate_models

    for entry in RULED:  # a generator rule names a function of the generator
        assert callable(_resolve_in(generate_models, entry["override_rule"])), entry["id"]
    for entry in MUTATED:
        assert callable(_resolve(entry["override_function"])[2]), entry["id"]


@pytest.mark.parametrize("entry", MUTATED, ids=[entry["id"] for entry in MUTATED])
def test_the_named_test_fails_when_the_override_is_the_identity(entry: dict[str, Any]) -> None:
    """The mutation check: a test that passes whatever the override does proves nothing."""
    with identity_in_place(entry["override_function"]) as replaced:
        assert replaced >= 1
        outcome = pytest.main(
            [str(ROOT / entry["test"]), "-q", "-x", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="]
        )
    assert outcome == pytest.ExitCode.TESTS_FAILED, (
        f"{entry['id']}: {entry['test']} still passes when {entry['override_function']} does nothing"
    )


def _resolve_in(module: Any, dotted: str) -> Any:
    target = module
    for name in dotted.split(".")[1:]:
        target = getattr(target, name)
    return target


def _regenerated_records(tmp_path: Path, mutation: dict[str, Any] | None) -> Path:
    """A copy of the generated package whose records are written from the spec with `mutation`
    applied (`value` None: the key removed); the folder to put first on PYTHONPATH."""
    import shutil

    spec = yaml.safe_load((SPEC_DIR / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
    if mutation is not None:
        node = spec
        for part in str(mutation["pointer"]).lstrip("/").split("/"):
            token = part.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]  # anyOf/0 (Q8)
        if mutation["value"] is None:
            del node[mutation["key"]]
        else:
            node[mutation["key"]] = mutation["value"]
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec_path = tmp_path / "koodrive-tasks.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    package = tmp_path / "path" / "koodrive_generated"
    shutil.copytree(ROOT / "generated" / "koodrive_generated", package)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_models.py"),
            "--spec",
            str(spec_path),
            str(package),
        ],
        check=True,
        capture_output=True,
    )
    return package.parent


def _run_test(test: str, path: Path) -> int:
    import os

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(ROOT / test),
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
        ],
        env=env,
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return run.returncode


@pytest.mark.parametrize("entry", RULED, ids=[entry["id"] for entry in RULED])
def test_the_named_test_fails_when_the_generator_rule_is_turned_off(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    """The mutation check of an override the generator emits: the records regenerated with the
    rule's input removed for this quirk (`override_mutation`) must fail the entry's test, while the
    records regenerated from the spec as it is pass it (so the failure is the rule's, not the copy's)."""
    mutation = entry["override_mutation"]
    intact = _regenerated_records(tmp_path / "intact", None)
    assert _run_test(entry["test"], intact) == 0, f"{entry['id']}: fails with the records as generated"
    mutated = _regenerated_records(tmp_path / "mutated", mutation)
    before = (intact / "koodrive_generated" / "records.py").read_text(encoding="utf-8")
    after = (mutated / "koodrive_generated" / "records.py").read_text(encoding="utf-8")
    assert before != after, f"{entry['id']}: {entry['override_rule']} emitted nothing for {mutation}"
    assert _run_test(entry["test"], mutated) == 1, (
        f"{entry['id']}: {entry['test']} still passes with {entry['override_rule']} turned off ({mutation})"
    )


def test_the_mutation_check_catches_a_test_that_asserts_nothing(tmp_path: Path) -> None:
    vacuous = tmp_path / "test_vacuous.py"
    vacuous.write_text("def test_q01_code_string_or_number() -> None:\n    ...\n", encoding="utf-8")
    with identity_in_place("koodrive_tasks.normalize.codes.to_code"):
        outcome = pytest.main([str(vacuous), "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="])
    assert outcome == pytest.ExitCode.OK  # so the check above would flag such a test
    from koodrive_tasks.normalize import codes

    assert codes.to_code("0") == 0  # and the mutant is gone afterwards


def test_an_entry_without_an_emulator_test_or_a_verdict_is_reported(
    spec: dict[str, Any], catalogue: list[dict[str, Any]]
) -> None:
    assert "Q1: missing field 'emulator_test'" in catalogue_problems(
        spec, broken(catalogue, "Q1", emulator_test=None)
    )
    wrong = broken(catalogue, "Q1", emulator_test="tests/client/test_x.py::test_y")
    assert any(
        "emulator_test 'tests/client/test_x.py::test_y' is not" in p for p in catalogue_problems(spec, wrong)
    )
    assert "Q46: entries found by the issue-11 audit (Q46 on) need a verdict" in catalogue_problems(
        spec, broken(catalogue, "Q46", verdict=None)
    )
    elsewhere = broken(catalogue, "Q1", override_function="koodrive_tasks._parsing.job")
    assert any(
        "is not in the override module koodrive_tasks.normalize.codes" in p
        for p in catalogue_problems(spec, elsewhere)
    )
