"""The async resource classes are generated from the sync ones (scripts/generate_async.py): the
committed output is what the generator makes, the generator makes the same bytes every time, and
undoing its five rules on an async class gives back its sync class exactly, so no difference
between the two exists that a rule does not make."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import io
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path
from types import ModuleType

import griffe
import pytest
from koodrive_tasks.resources import _shared

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen = _script("generate_async")
SOURCES = [p.stem for p in gen.sources()]


def test_the_resource_modules_are_the_sources() -> None:
    assert SOURCES == ["jobs", "share_tasks", "tasks", "waits"]


# --- rules undone ------------------------------------------------------------------------------


class Undo(ast.NodeTransformer):
    """The five rules of scripts/generate_async.py, backwards."""

    def __init__(self, renames: dict[str, str]) -> None:
        self.back = {new: old for old, new in renames.items()}

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        node.name = self.back.get(node.name, node.name)  # rule 1
        doc = node.body[0]
        assert isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
        first, _, rest = doc.value.value.partition("\n")
        match = re.fullmatch(r"(.*) of `AsyncKooDrive`: the methods of `(\w+)`, as coroutines([.;])", first)
        assert match, f"class docstring summary not made by rule 5: {first!r}"  # rule 5
        if match.group(3) == ";":
            second, _, rest = rest.partition("\n")
            assert re.fullmatch(r"\s*(`\w+`( and `\w+`)*) returns? an async iterator\.", second), second
        doc.value.value = f"{match.group(1)} of `KooDrive`.\n{rest}"
        self.generic_visit(node)
        return node

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:  # rule 3
        plain = ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})
        return self.generic_visit(ast.copy_location(plain, node))

    def visit_Await(self, node: ast.Await) -> ast.AST:  # rule 4
        return self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> ast.AST:  # rule 1
        node.id = self.back.get(node.id, node.id)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:  # rule 2
        if isinstance(node.value, ast.Name) and node.value.id in gen.CORE_TWINS:
            sync_prefix, async_prefix = gen.CORE_TWINS[node.value.id]
            if node.attr.startswith(async_prefix):
                node.attr = sync_prefix + node.attr.removeprefix(async_prefix)
        return self.generic_visit(node)


def classes(source: str) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)}


def comments(source: str, cls: ast.ClassDef) -> list[str]:
    lines = source.splitlines(keepends=True)[cls.lineno - 1 : cls.end_lineno]
    tokens = tokenize.generate_tokens(io.StringIO("".join(lines)).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


def renames_of(folder: Path) -> dict[str, str]:
    renames = dict(gen.RENAMES)
    for path in gen.sources(folder):
        renames.update({name: gen.twin_name(name) for name in classes(path.read_text(encoding="utf-8"))})
    return renames


def where_rules_apply(cls: ast.ClassDef, *, twin: bool) -> tuple[list[str], list[int]]:
    """The methods rule 3 makes async, and the line of each call rule 4 awaits: read from a sync
    class, or found in its async twin (`twin`), where they must be the same."""
    methods = [n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    if twin:
        coroutines = [m for m in methods if isinstance(m, ast.AsyncFunctionDef)]
        awaited = [n.value for n in ast.walk(cls) if isinstance(n, ast.Await)]
        return [m.name for m in coroutines], sorted(c.lineno for c in awaited)
    coroutines = [m for m in methods if not m.name.startswith("__") and not gen.returns_iterator(m)]
    names = {m.name for m in coroutines}
    calls = []
    for method in coroutines:
        for node in ast.walk(method):
            if isinstance(node, ast.Return | ast.Assign | ast.AnnAssign | ast.Expr) and isinstance(
                node.value, ast.Call
            ):
                path = gen.dotted(node.value.func) or ()
                if (
                    path[:2] == ("self", "_sender")
                    or (len(path) == 2 and path[0] in gen.AWAITED_CORES)
                    or (path[:1] == ("self",) and path[1:] and path[1] in names)
                ):
                    calls.append(node.value)
    return [m.name for m in coroutines], sorted(c.lineno for c in calls)


def unexplained(sync_source: str, async_source: str, renames: dict[str, str]) -> list[str]:
    """What differs between the sync classes and their twins once every rule is undone, and where a
    rule was not applied that should have been."""
    found = []
    sync_classes, async_classes = classes(sync_source), classes(async_source)
    if {gen.twin_name(name) for name in sync_classes} != set(async_classes):
        found.append(f"classes {sorted(sync_classes)} vs {sorted(async_classes)}")
    for name, cls in sync_classes.items():
        twin = async_classes.get(gen.twin_name(name))
        if twin is None:
            continue
        expected, got = where_rules_apply(cls, twin=False), where_rules_apply(twin, twin=True)
        if expected[0] != got[0] or len(expected[1]) != len(got[1]):
            found.append(f"{name}: async methods or awaits {expected} vs {got} (lines of sync vs async)")
        if ast.dump(cls) != ast.dump(Undo(renames).visit(twin)):
            found.append(f"{name}: code or docstrings")
        if comments(sync_source, cls) != comments(async_source, twin):
            found.append(f"{name}: comments")
    return found


@pytest.mark.parametrize("stem", SOURCES)
def test_every_difference_between_sync_and_async_is_a_rule(stem: str) -> None:
    folder = gen.RESOURCES
    sync_source = (folder / f"{stem}.py").read_text(encoding="utf-8")
    async_source = (gen.OUT / f"{stem}.py").read_text(encoding="utf-8")
    assert unexplained(sync_source, async_source, renames_of(folder)) == []
    # Beside the classes, the async module holds its docstring and imports only: each imported name
    # is one the sync module imports (renamed by rule 1) or defines (its call builders).
    sync_tree = ast.parse(sync_source)
    allowed = {
        renames_of(folder).get(a.name, a.name)
        for n in ast.walk(sync_tree)
        if isinstance(n, ast.ImportFrom | ast.Import)
        for a in n.names
    }
    allowed |= set(gen.own_names(sync_tree, set()))
    for node in ast.parse(async_source).body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            assert {a.name for a in node.names} <= allowed | {"annotations"}, ast.unparse(node)
        else:
            assert isinstance(node, ast.ClassDef | ast.Expr), ast.unparse(node)[:80]


def test_a_hand_edit_of_an_async_class_is_a_difference_no_rule_makes() -> None:
    folder = gen.RESOURCES
    sync_source = (folder / "jobs.py").read_text(encoding="utf-8")
    async_source = (gen.OUT / "jobs.py").read_text(encoding="utf-8")
    edits = {
        "docstring": async_source.replace("One job, with its", "One job, and its", 1),
        "comment": async_source.replace("# from here on its repr", "# its repr", 1),
        "an await dropped": async_source.replace("return await self._sender", "return self._sender", 1),
    }
    for what, edited in edits.items():
        assert edited != async_source, what
        assert unexplained(sync_source, edited, renames_of(folder)), f"{what} was not noticed"


# --- fresh, deterministic, checked -------------------------------------------------------------


def copy_of_resources(tmp_path: Path) -> Path:
    """The sync modules copied into `<tmp>/resources`, their generated twins into `<tmp>/aio`."""
    folder = tmp_path / "resources"
    shutil.copytree(gen.RESOURCES, folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(gen.OUT, out_of(folder), ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def out_of(folder: Path) -> Path:
    return folder.parent / "aio"


def main(folder: Path, *flags: str) -> int:
    """The script's command line on a copy (`copy_of_resources`)."""
    return int(gen.main([*flags, "--resources", str(folder), "--out", str(out_of(folder))]))


def test_generation_is_deterministic_and_the_committed_output_is_fresh(tmp_path: Path) -> None:
    first, second = gen.generate(), gen.generate()
    assert first == second
    assert {p.name for p in first} == {f"{s}.py" for s in SOURCES} | {"__init__.py"}
    for path, text in first.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run `make generate`"
        assert text.startswith("# Generated by `make generate`") and "do not edit" in text.splitlines()[0]
    # written into a copy (as `make generate` writes), byte for byte the committed files
    folder = copy_of_resources(tmp_path)
    for path in out_of(folder).glob("*.py"):
        path.unlink()
    assert main(folder) == 0
    for stem in [*SOURCES, "__init__"]:
        committed = (gen.OUT / f"{stem}.py").read_bytes()
        assert (out_of(folder) / f"{stem}.py").read_bytes() == committed


def test_check_fails_on_a_stale_or_orphan_async_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_of_resources(tmp_path)
    assert main(folder, "--check") == 0
    jobs = folder / "jobs.py"
    jobs.write_text(jobs.read_text(encoding="utf-8").replace("One job, with its", "One job and its"))
    assert main(folder, "--check") == 1
    assert "jobs.py" in capsys.readouterr().err
    assert main(folder) == 0
    assert "One job and its" in (out_of(folder) / "jobs.py").read_text(encoding="utf-8")
    (out_of(folder) / "gone.py").write_text("")
    assert main(folder, "--check") == 1
    assert "gone.py (no sync module makes it)" in capsys.readouterr().err


# --- a new method needs no new rule ------------------------------------------------------------

NEW_METHODS = '''
    def wait_many(self, job_ids: Sequence[str], timeout: float = 600.0) -> builtins.list[JobDetail]:
        """Wait for several jobs.

        Raises:
            {api_errors}
        """
        return _waiting.wait_many([job_id for job_id in job_ids], lambda job_id: self.get(job_id), timeout)

    def as_completed(self, job_ids: Sequence[str]) -> Iterator[JobDetail]:
        """Each job as it completes."""
        return _waiting.as_completed(job_ids, lambda job_id: self.get(job_id))

    def newest(self, *, trace_id: str | None = None) -> Job | None:
        """The newest job."""
        page = self._sender.execute(list_call(0, 1, None, None, trace_id))
        if not page:
            return None
        detail = self.get(page[0].id)
        return detail.job
'''


def with_methods(tmp_path: Path, methods: str) -> str:
    folder = copy_of_resources(tmp_path)
    jobs = folder / "jobs.py"
    source = jobs.read_text(encoding="utf-8")
    anchor = "    def list_archive("
    jobs.write_text(source.replace(anchor, methods.lstrip("\n") + "\n" + anchor, 1), encoding="utf-8")
    assert main(folder) == 0
    async_source = (out_of(folder) / "jobs.py").read_text(encoding="utf-8")
    assert unexplained(jobs.read_text(encoding="utf-8"), async_source, renames_of(folder)) == []
    return async_source


def test_new_sync_methods_on_the_sender_and_the_waiting_core_convert_with_no_new_rule(tmp_path: Path) -> None:
    out = with_methods(tmp_path, NEW_METHODS)
    assert "async def wait_many(" in out
    assert "return await _waiting.async_wait_many(" in out
    assert "lambda job_id: self.get(job_id)" in out  # a lambda's body stays a call
    assert "    def as_completed(self, job_ids: Sequence[str]) -> AsyncIterator[JobDetail]:" in out
    assert "return _waiting.async_as_completed(job_ids" in out  # an async iterator: not awaited
    assert "async def newest(" in out
    assert "page = await self._sender.execute(list_call(0, 1, None, None, trace_id))" in out
    assert "detail = await self.get(page[0].id)" in out
    compile(out, "aio_jobs.py", "exec")


@pytest.mark.parametrize(
    ("returns", "body"),
    [
        ("object", "return self._sender.execute(get_call(job_id, None)).job"),
        ("object", "return [self.get(job_id)]"),
        ("object", "return _waiting.wait(lambda: self.get(job_id), 'x', 1.0, 1.0, None) or None"),
        ("Iterator[Job]", "page = self._sender.execute(list_call(0, 1, None, None, None))"),
    ],
)
def test_an_await_no_rule_can_place_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], returns: str, body: str
) -> None:
    folder = copy_of_resources(tmp_path)
    jobs = folder / "jobs.py"
    method = f'''    def odd(self, job_id: str) -> {returns}:
        """Odd."""
        {body}

'''
    source = jobs.read_text(encoding="utf-8").replace(
        "    def list_archive(", method + "    def list_archive(", 1
    )
    jobs.write_text(source, encoding="utf-8")
    line = source.splitlines().index(f"        {body}") + 1
    assert main(folder) == 1
    err = capsys.readouterr().err
    assert f"jobs.py:{line}:" in err and "assign its result to a name first" in err
    assert {p.name for p in out_of(folder).glob("*.py")} == {
        f"{s}.py" for s in [*SOURCES, "__init__"]
    }  # kept


# --- docstrings written once, shown whole ------------------------------------------------------


def test_the_shared_raises_lines_are_written_once_and_shown_in_every_method() -> None:
    from koodrive_generated.aio_resources.jobs import AsyncJobs
    from koodrive_tasks.resources.jobs import Jobs

    sources = "".join((gen.RESOURCES / f"{s}.py").read_text(encoding="utf-8") for s in SOURCES)
    assert textwrap.indent(_shared.API_ERRORS, " " * 12) not in sources  # once, in _shared.py
    assert sources.count("{api_errors}") >= 15  # all but cancel and list_archive, whose lines differ
    for cls in (Jobs, AsyncJobs):
        doc = inspect.getdoc(cls.get) or ""
        assert "{api_errors}" not in doc
        assert "\n    AuthenticationError: The token or signature was refused.\n" in doc
    create = inspect.getdoc(Jobs.create) or ""
    # the continuation line after the marker continues the last shared entry
    assert "it timed out).\n        A create is retried only when" in create


def test_the_docs_site_shows_the_shared_raises_lines() -> None:
    hooks = _script("docs_hooks")
    loader_args = {"search_paths": [str(ROOT / "overrides"), str(ROOT / "generated")]}
    plain = griffe.load("koodrive_tasks.resources.jobs", **loader_args)
    extended = griffe.load(
        "koodrive_tasks.resources.jobs",
        extensions=griffe.load_extensions(hooks.SharedDocstrings),
        **loader_args,
    )
    assert "{api_errors}" in plain["Jobs.get"].docstring.value  # griffe reads the source
    value = extended["Jobs.get"].docstring.value
    assert "{api_errors}" not in value
    assert "    AuthenticationError: The token or signature was refused." in value
    assert value == inspect.cleandoc(_shared.expand_docstring(plain["Jobs.get"].docstring.value))


# --- import paths ------------------------------------------------------------------------------


def test_the_async_classes_keep_their_import_paths() -> None:
    from koodrive_generated.aio_resources import jobs as aio_jobs
    from koodrive_generated.aio_resources import share_tasks as aio_share_tasks
    from koodrive_generated.aio_resources import tasks as aio_tasks
    from koodrive_tasks.resources import jobs, share_tasks, tasks

    assert jobs.AsyncJobs is aio_jobs.AsyncJobs
    assert tasks.AsyncTasks is aio_tasks.AsyncTasks
    assert share_tasks.AsyncShareTasks is aio_share_tasks.AsyncShareTasks
    # the modules they were generated into before they moved to generated/ still re-export them
    from koodrive_tasks.resources import aio_jobs as old_jobs
    from koodrive_tasks.resources import aio_share_tasks as old_share_tasks
    from koodrive_tasks.resources import aio_tasks as old_tasks

    assert (old_jobs.AsyncJobs, old_tasks.AsyncTasks) == (aio_jobs.AsyncJobs, aio_tasks.AsyncTasks)
    assert old_share_tasks.AsyncShareTasks is aio_share_tasks.AsyncShareTasks
    with pytest.raises(AttributeError):
        jobs.AsyncNothing  # noqa: B018
    with pytest.raises(AttributeError):
        jobs.AsyncTasks  # noqa: B018 - another module's twin is not this module's


@pytest.mark.parametrize("first", ["koodrive_generated.aio_resources.jobs", "koodrive_tasks.resources.jobs"])
def test_either_module_imports_first_in_a_fresh_interpreter(first: str) -> None:
    code = (
        f"import {first}\n"
        "from koodrive_tasks.resources.jobs import AsyncJobs, Jobs\n"
        "from koodrive_generated.aio_resources.jobs import AsyncJobs as Twin\n"
        "assert AsyncJobs is Twin and Jobs.__name__ == 'Jobs'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_overrides_holds_no_generated_module() -> None:
    """overrides/ is written by hand; what `make generate` writes (the async resources too) lives in
    generated/ (the layout in the README)."""
    generated = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "overrides").rglob("*.py")
        if path.read_text(encoding="utf-8").startswith("# Generated by")
    ]
    assert generated == []
    assert {p.name for p in gen.OUT.glob("*.py")} == {"__init__.py", *(f"{s}.py" for s in SOURCES)}
    assert gen.OUT.is_relative_to(ROOT / "generated")


@pytest.mark.parametrize(
    ("stem", "name"), [("jobs", "RawJobs"), ("tasks", "RawTasks"), ("share_tasks", "RawShareTasks")]
)
def test_the_raw_classes_are_written_once_and_their_async_twins_generated(stem: str, name: str) -> None:
    """`with_raw_response`'s classes (issue 22): the sync one beside its resource, the async one
    generated from it, wrapping the same calls with `_raw.araw`; `_raw.py` keeps neither."""
    import koodrive_tasks._raw as raw_module

    sync_cls = getattr(importlib.import_module(f"koodrive_tasks.resources.{stem}"), name)
    async_cls = getattr(importlib.import_module(f"koodrive_generated.aio_resources.{stem}"), f"Async{name}")

    def wrapped(cls: type, wrapper: str) -> list[str]:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__)))  # type: ignore[misc]
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == wrapper]
        return [ast.unparse(n.args[0]).split(".", 1)[1] for n in calls]

    assert wrapped(sync_cls, "_raw.raw") == wrapped(async_cls, "_raw.araw") != []
    assert name not in vars(raw_module) and f"Async{name}" not in vars(raw_module)
