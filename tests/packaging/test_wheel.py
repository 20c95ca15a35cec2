"""The built sdist and wheel, installed into clean venvs per extra set, checked as users meet them."""

from __future__ import annotations

import email
import importlib.metadata
import json
import re
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from conftest import Built
from pkgtools import ROOT, Venv, build, canonical, copy_sources, make_venv, run

# httpcore: the client imports it directly (its whole-response deadline wraps httpcore streams).
# sniffio: httpcore imports it on every async request when present; absent, the failed import
# costs ~0.6 ms per call (the async client was 6-8x slower at 50 in flight without it).
CORE_REQUIREMENTS = {"attrs", "httpcore", "httpx", "sniffio", "stamina"}
# Nothing a client-only user should get: web servers, CLI toolkits, validators, YAML.
NOT_IN_CORE = {
    "starlette", "uvicorn", "typer", "click", "rich", "pyyaml", "jsonschema", "jsonschema-rs",
    "pydantic", "shellingham", "pytest",
}  # fmt: skip
TOP_LEVEL = (
    "koodrive_tasks", "koodrive_generated", "koodrive_cli", "koodrive_emulator", "_koodrive_pytest",
    "koodrive_airflow",
)  # fmt: skip
# The [airflow] extra's modules, missing in every venv here (Airflow is not in [all]; tests/airflow_provider
# runs them in .venv-airflow). koodrive_airflow itself, its provider metadata (which Airflow loads
# through the entry point) and _outcome import without Airflow.
AIRFLOW_ONLY = {
    "koodrive_airflow.exceptions", "koodrive_airflow.hooks", "koodrive_airflow.operators",
    "koodrive_airflow.sensors", "koodrive_airflow.triggers",
}  # fmt: skip
# Modules that must NOT import in a venv (they belong to an extra it lacks); every other module
# of the six top-level packages must import (a module whose package fails is not listed on its
# own). pytest_plugin needs pytest, which users of it have.
_EXTRA_MISSING = {
    "core": {"koodrive_cli.bulk", "koodrive_cli.demo", "koodrive_cli.main", "koodrive_cli.probe",
             "koodrive_cli.progress", "koodrive_cli.render", "koodrive_emulator", "_koodrive_pytest"},
    "cli": {"koodrive_cli.demo", "koodrive_emulator", "_koodrive_pytest"},
    "emulator": {"koodrive_cli.bulk", "koodrive_cli.demo", "koodrive_cli.main", "koodrive_cli.probe",
                 "koodrive_cli.progress", "koodrive_cli.render", "koodrive_emulator.pytest_plugin",
                 "_koodrive_pytest"},
    "all": set(),
}  # fmt: skip
EXPECTED_MISSING = {name: missing | AIRFLOW_ONLY for name, missing in _EXTRA_MISSING.items()}

IMPORT_CHECK = r"""
import importlib, json, pkgutil, sys
failed = {}
def note(name, exc):
    failed[name] = f"{type(exc).__name__}: {exc}"
for top in sys.argv[1:]:
    try:
        pkg = importlib.import_module(top)
    except Exception as exc:
        note(top, exc)
        continue
    for info in pkgutil.walk_packages(pkg.__path__, top + ".", onerror=lambda n: None):
        if info.name.endswith("__main__"):
            continue  # running it would start a server
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            note(info.name, exc)
if "koodrive_tasks" not in failed:
    import koodrive_tasks
    unresolved = []
    for n in koodrive_tasks.__all__:  # each name is imported on first use: resolve them all
        try:
            getattr(koodrive_tasks, n)
        except AttributeError:
            unresolved.append(n)
        except Exception as exc:
            note(f"koodrive_tasks.{n}", exc)
    if unresolved:
        failed["koodrive_tasks.__all__"] = f"unresolved names {unresolved}"
print(json.dumps(failed))
"""


def import_failures(venv: Venv) -> dict[str, str]:
    """The check a missing declaration fails: every module of the wheel imported in `venv`."""
    script = venv.path / "import_check.py"
    script.write_text(IMPORT_CHECK)
    result: dict[str, str] = json.loads(venv.run(venv.python, script, *TOP_LEVEL).stdout)
    return result


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(zf.read(name))


def readme_example() -> str:
    text = (ROOT / "README.pypi.md").read_text()
    block = re.search(r"<!-- five-line-example -->\n```python\n(.*?)```", text, re.S)
    assert block, "README.pypi.md lost its five-line example"
    code = block.group(1)
    assert len([line for line in code.splitlines() if line.strip()]) == 5
    return code


def test_twine_check_passes_on_sdist_and_wheel(built: Built) -> None:
    result = run(sys.executable, "-m", "twine", "check", "--strict", built.sdist, built.wheel)
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_wheel_carries_license_spec_typing_and_entry_points(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as zf:
        names = set(zf.namelist())
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "koodrive_emulator/spec/koodrive-tasks.yaml" in names  # the emulator validates against it
    # the async resource classes are generated beside the rest of the generated package
    assert {"koodrive_generated/aio_resources/jobs.py", "koodrive_tasks/resources/jobs.py"} <= names
    examples = {n for n in names if n.startswith("koodrive_emulator/spec/examples/")}
    assert len(examples) == len(list((ROOT / "spec" / "examples").glob("*/*.json")))
    for package in (*TOP_LEVEL[:4], "koodrive_airflow"):  # typed
        assert f"{package}/py.typed" in names
    assert "koodrive-tasks = koodrive_cli:entrypoint" in entry_points
    assert "[pytest11]" in entry_points and "_koodrive_pytest" in entry_points
    assert "[apache_airflow_provider]" in entry_points
    assert "provider_info = koodrive_airflow.provider_info:get_provider_info" in entry_points


def test_metadata_classifiers_urls_and_an_index_readme(built: Built) -> None:
    meta = wheel_metadata(built.wheel)
    assert meta["License-Expression"] == "Apache-2.0"
    assert "Typing :: Typed" in meta.get_all("Classifier", [])
    assert len(meta.get_all("Project-URL", [])) >= 3
    assert meta["Description-Content-Type"] == "text/markdown"
    body = meta.get_payload()
    assert isinstance(body, str) and body.lstrip().startswith("# koodrive-tasks")
    assert "pip install koodrive-tasks" in body and "KOODRIVE_BASE_URL=http://127.0.0.1:8787" in body
    links = re.findall(r"\]\(([^)]+)\)|<(https?://[^>]+)>", body)
    targets = [a or b for a, b in links]
    assert targets and all(t.startswith("https://") for t in targets), (
        targets
    )  # no relative links on the index


def test_core_requires_exactly_the_core_set(built: Built) -> None:
    requires = wheel_metadata(built.wheel).get_all("Requires-Dist", [])
    core = {canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requires if "extra ==" not in r}
    assert core == CORE_REQUIREMENTS
    installed = built.venvs["core"].distributions()
    assert not installed & NOT_IN_CORE, installed & NOT_IN_CORE
    closure = _closure(built.venvs["core"], {"koodrive-tasks"})
    assert installed == closure, f"installed but not required: {installed - closure}"


def _closure(venv: Venv, roots: set[str]) -> set[str]:
    """Every distribution `roots` need in `venv` (unconditional or marker-true requirements).

    Read here, from the venv's metadata, with `packaging` (which the core venv must not contain).
    """
    from packaging.requirements import Requirement

    (site,) = venv.path.glob("lib/python*/site-packages")
    dists = {canonical(d.metadata["Name"]): d for d in importlib.metadata.distributions(path=[str(site)])}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in dists[name].requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonical(req.name))
    return seen


@pytest.mark.parametrize("name", ["core", "cli", "emulator", "all"])
def test_import_surface_and_pip_check(built: Built, name: str) -> None:
    venv = built.venvs[name]
    failures = import_failures(venv)
    assert set(failures) == EXPECTED_MISSING[name], failures
    for module in EXPECTED_MISSING[name]:
        assert "ModuleNotFoundError" in failures[module], failures[module]  # an extra's package, not a bug
    check = run(sys.executable, "-m", "pip", "--python", venv.python, "check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    version = venv.py(
        "import koodrive_tasks, importlib.metadata as m; "
        "print(koodrive_tasks.__version__, m.version('koodrive-tasks'))"
    )
    a, b = version.stdout.split()
    assert a == b


def test_readme_example_core_client_against_emulator_venv(built: Built, served: str) -> None:
    venv = built.venvs["core"]
    script = venv.path / "readme_example.py"
    script.write_text(readme_example())
    result = venv.run(
        venv.python, script, env={"KOODRIVE_BASE_URL": served, "KOODRIVE_TOKEN": "emulator-token"}
    )
    assert result.stdout.startswith("COMPLETED "), result.stdout + result.stderr


def test_user_agent_and_from_env_error_in_core(built: Built) -> None:
    code = r"""
import httpx, koodrive_tasks as k
seen = []
def handler(request):
    seen.append(request.headers["user-agent"])
    return httpx.Response(200, json={"code": 0, "msg": "ok", "data": []})
http = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://x")
k.KooDrive("http://x", k.TokenAuth("t"), http_client=http).jobs.list()
try:
    k.KooDrive.from_env({})
except k.KooDriveError as exc:
    print(seen[0], type(exc).__name__)
"""
    out = built.venvs["core"].py(code).stdout.split()
    assert out[0] == f"koodrive-tasks/{out[0].split('/')[1]}" and out[0].split("/")[1][0].isdigit()
    assert out[1] == "ConfigurationError"


def test_cli_without_the_extra_names_it(built: Built) -> None:
    result = built.venvs["core"].run("koodrive-tasks", "--version", check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "koodrive-tasks: the command line needs the cli extra (missing module typer): "
        "pip install 'koodrive-tasks[cli]'"
    ]


@pytest.mark.parametrize("command", ["emulator", "demo"])
def test_emulator_commands_without_the_extra_name_it(built: Built, command: str) -> None:
    result = built.venvs["cli"].run("koodrive-tasks", command, check=False)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "pip install 'koodrive-tasks[emulator]'" in line and "Traceback" not in result.stderr


def test_cli_on_the_newest_typer_allowed(built: Built, served: str) -> None:
    """The dev venv pins the lowest typer the package allows (0.27.3); the [cli] venv resolves the newest."""
    venv = built.venvs["cli"]
    typer_version = venv.py("import importlib.metadata as m; print(m.version('typer'))").stdout.strip()
    assert typer_version.startswith("0.29."), typer_version
    help_text = venv.run("koodrive-tasks", "--help", env={"COLUMNS": "120"}).stdout
    for word in (
        "jobs",
        "tasks",
        "share-tasks",
        "emulator",
        "sign",
        "demo",
        "--json",
        "--version",
        "--debug",
    ):
        assert word in help_text
    flags = [line for line in help_text.splitlines() if "--json" in line or "--debug " in line]
    assert flags and not any("<bool>" in line for line in flags), flags  # a flag shows no value to give
    env = {"KOODRIVE_BASE_URL": served, "KOODRIVE_TOKEN": "emulator-token"}
    after = venv.run("koodrive-tasks", "jobs", "list", "--json", env=env)
    before = venv.run("koodrive-tasks", "--json", "jobs", "list", env=env)
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert set(json.loads(after.stdout)) == {"items", "next_cursor"}
    bad = venv.run("koodrive-tasks", "--timeout", "-1", "jobs", "list", env=env, check=False)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert venv.run("koodrive-tasks", "--version").stdout.startswith("koodrive-tasks ")
    # the probe reads the catalogue and spec shipped in the wheel ([cli] brings the YAML parser)
    report = json.loads(venv.run("koodrive-tasks", "probe", "--json", env=env).stdout)
    assert {"Q1", "Q2", "Q3"} <= {quirk["id"] for quirk in report["quirks"]}, report


def test_demo_from_all(built: Built) -> None:
    result = built.venvs["all"].run("koodrive-tasks", "demo", timeout=300)
    assert "the emulator is stopped" in result.stdout


def test_the_plugin_example_passes_from_the_wheel(built: Built) -> None:
    venv = built.venvs["all"]
    tests = venv.path / "user_tests"
    tests.mkdir()
    (tests / "test_user.py").write_text((ROOT / "tests" / "plugin" / "test_example.py").read_text())
    result = venv.run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests, check=False)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr


def test_pytest_still_works_for_a_core_only_user(built: Built) -> None:
    venv = built.venvs["core+pytest"]
    assert not venv.distributions() & {"starlette", "uvicorn", "pyyaml", "jsonschema-rs"}
    tests = venv.path / "user_tests"
    tests.mkdir()
    (tests / "test_user.py").write_text(
        "def test_plain():\n    assert True\n\n\ndef test_wants_the_emulator(koodrive_client):\n    pass\n"
    )
    result = venv.run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests, check=False)
    out = result.stdout + result.stderr
    assert "1 passed" in out and "1 error" in out, out  # the plugin loaded, no import error at start-up
    assert "pip install 'koodrive-tasks[emulator]'" in out and "ImportError while loading" not in out


@pytest.mark.parametrize(
    ("dependency", "extra", "venv_name", "module"),
    [
        ('    "jsonschema_rs>=0.29",\n', "[emulator]", "emulator", "jsonschema_rs"),
        ('    "stamina>=25.2",\n', "", "core", "stamina"),
    ],
)
def test_removing_a_declaration_fails_the_check(
    built: Built, tmp_path: Path, dependency: str, extra: str, venv_name: str, module: str
) -> None:
    """The import-surface check above catches an undeclared dependency: proven on a copy of pyproject.toml."""
    source = copy_sources(tmp_path / "src")
    pyproject = source / "pyproject.toml"
    text = pyproject.read_text()
    assert dependency in text
    pyproject.write_text(text.replace(dependency, "", 1))
    _, wheel = build(source, tmp_path / "dist", wheel_only=True)
    venv = make_venv(tmp_path / "venv", wheel, built.wheelhouse, extra)
    failures = import_failures(venv)
    assert set(failures) != EXPECTED_MISSING[venv_name]  # so test_import_surface_and_pip_check would fail
    assert any(module in message for message in failures.values()), failures


def test_served_emulator_is_the_wheel_one(built: Built, served: str) -> None:
    state = httpx.get(f"{served}/_emulator/state", timeout=5).json()
    assert state["jobs"] >= 1  # the example fixtures, loaded from the wheel's copy of spec/examples
    where = built.venvs["emulator"].py("import koodrive_emulator; print(koodrive_emulator.__file__)").stdout
    assert str(built.venvs["emulator"].path) in where and str(ROOT) not in where


def test_make_test_runs_each_check_once_and_pytest_last() -> None:
    """CI reads the last line of the log: pytest's summary, which counts this suite too."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^test: (.*)$", makefile, re.M)
    assert match
    steps = match.group(1).split()
    assert steps[0] == "chromium" and steps[-1] == "pytest"  # set-up first, the summary last
    # run inside pytest already (tests/spec, tests/emulator/test_schemathesis.py): not twice
    assert "validate" not in steps and "fuzz-short" not in steps
    # ...and the two places that do run them still do (else a check would be lost, not deduplicated)
    spec_tests = (ROOT / "tests" / "spec" / "test_examples.py").read_text()
    assert '"make", "-s", "validate"' in spec_tests and "clean = run_validate(spec_copy)" in spec_tests
    fuzz = (ROOT / "tests" / "emulator" / "test_schemathesis.py").read_text()
    assert 'from_path(HERE / "schemathesis.toml")' in fuzz and "as_state_machine()" in fuzz
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("make test")


# Resolves every `$ref` of every spec file an installed package carries: internal pointers in the
# document itself, external ones in the file they name (the examples), nothing left dangling.
RESOLVE_EVERY_REF = r"""
import json, sys
from importlib.resources import files
from pathlib import Path
import yaml

def pointer(doc, ptr):
    for raw in [t for t in ptr.lstrip("/").split("/") if t] if ptr not in ("", "/") else []:
        tok = raw.replace("~1", "/").replace("~0", "~")
        doc = doc[int(tok)] if isinstance(doc, list) else doc[tok]
    return doc

def refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)

def load(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)

report = {}
for package in sys.argv[1:]:
    spec = Path(str(files(package) / "spec"))
    for path in sorted([spec / "koodrive-tasks.yaml", *spec.glob("bundled/*")]):
        doc, count, broken = load(path), 0, []
        for ref in refs(doc):
            count += 1
            file, _, ptr = ref.partition("#")
            try:
                pointer(load(path.parent / file) if file else doc, ptr)
            except (OSError, KeyError, IndexError, ValueError) as exc:
                broken.append(f"{ref}: {type(exc).__name__}")
        report[f"{package}/{path.relative_to(spec)}"] = {"refs": count, "broken": broken}
print(json.dumps(report))
"""


def test_every_reference_of_the_shipped_spec_resolves(built: Built) -> None:
    venv = built.venvs["all"]
    report = json.loads(
        venv.run(venv.python, "-c", RESOLVE_EVERY_REF, "koodrive_tasks", "koodrive_emulator").stdout
    )
    tasks = {k: v for k, v in report.items() if k.startswith("koodrive_tasks/")}
    assert set(tasks) == {
        "koodrive_tasks/koodrive-tasks.yaml",
        "koodrive_tasks/bundled/koodrive-tasks.yaml",
        "koodrive_tasks/bundled/koodrive-tasks.json",
        "koodrive_tasks/bundled/koodrive-tasks.deref.json",
    }
    assert {k: v["broken"] for k, v in report.items() if v["broken"]} == {}
    # the YAML's example references are external files, and there are as many as the bundle's examples
    assert report["koodrive_tasks/koodrive-tasks.yaml"]["refs"] > 100
    # the dereferenced copy keeps only the recursive reference (UncompressedFile inside itself)
    assert 0 < report["koodrive_tasks/bundled/koodrive-tasks.deref.json"]["refs"] <= 12
    vectors = venv.py(
        "import json; from importlib.resources import files; "
        "path = files('koodrive_tasks') / 'spec' / 'signing-vectors.json'; "
        "print(len(json.loads(path.read_text())['vectors']))"
    ).stdout
    assert int(vectors) >= 30
