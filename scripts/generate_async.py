"""Write the async resource classes from the sync ones (`make generate`; `--check` for
`make check-generated`).

Each module `overrides/koodrive_tasks/resources/<name>.py` (not `_*` nor `aio_*`) is the source: its
classes (`Jobs`, ...) are hand-written once, sync, with their docstrings and signatures. This
script writes `aio_<name>.py` beside it: each class as its async twin (`AsyncJobs`), the call
builders and other top-level names imported from the sync module, nothing else. Every difference
between a sync class and its twin is one of these rules (the tests undo them and get the sync
class back, so a difference no rule makes cannot hide in the output):

1. Names (`RENAMES`): `SyncSender` -> `AsyncSender`, `Iterator` -> `AsyncIterator`, and each class
   converted here `X` -> `AsyncX` (in code, never inside strings).
2. The sans-IO cores' twins (`CORE_TWINS`): a call `_waiting.f(...)` becomes `_waiting.async_f(...)`
   (and `_waiting_many.f(...)` `_waiting_many.async_f(...)`), `_paging.iter_f(...)` becomes
   `_paging.aiter_f(...)`.
3. `def` -> `async def` for every method but dunders and those returning an `Iterator`, which stay
   plain methods returning the async iterator the core builds (`iter`: `async for`, no `await`).
4. `await` before each call of `self._sender.*`, `_waiting.*`, `_waiting_many.*` or an async
   method (`self.get`, ...) that is a statement's whole value (`return call(...)`,
   `x = call(...)`, `call(...)`) in an async method. The body of a lambda stays a call (the
   lambda returns the awaitable that the async core awaits). Anywhere else such a call is
   refused with its line: assign it to a name first.
5. The class docstring's first line, "... of `KooDrive`.", ends "... of `AsyncKooDrive`: the
   methods of `X`, as coroutines." (and a line naming the methods that return async iterators).

Why not the `unasync` package: it rewrites async code into sync (drops `async`/`await`, renames
names); this direction has to know where to add `await` (rule 4), which takes the syntax tree.
The rewrite is positional (the tree says where, the text is edited there, comments and layout
kept); ruff then drops the imports the async module does not use and formats it, as
scripts/generate.py does for the generated client.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "overrides" / "koodrive_tasks" / "resources"
PREFIX = "aio_"
RENAMES = {"SyncSender": "AsyncSender", "Iterator": "AsyncIterator"}
# core module -> (prefix of a sync function, the same place in its async twin's name)
CORE_TWINS = {"_waiting": ("", "async_"), "_waiting_many": ("", "async_"), "_paging": ("iter_", "aiter_")}
SENDER = ("self", "_sender")
# `_paging`'s twins are async iterators: iterated, never awaited
AWAITED_CORES = ("_waiting", "_waiting_many")
SYNC_CLIENT, ASYNC_CLIENT = "`KooDrive`", "`AsyncKooDrive`"


class GenerationError(Exception):
    """The sync source holds something the rules cannot turn into async code."""


@dataclass
class _Edits:
    """Replacements in one text, by (line, column) of the syntax tree (columns in UTF-8 bytes)."""

    lines: list[str]
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def offset(self, lineno: int, col: int) -> int:
        before = sum(len(line) for line in self.lines[: lineno - 1])
        return before + len(self.lines[lineno - 1].encode()[:col].decode())

    def replace(self, node: ast.expr, text: str, *, from_end: int | None = None) -> None:
        """Replace `node`'s text, or only its last `from_end` characters (an attribute's name)."""
        end = self.offset(node.end_lineno or 0, node.end_col_offset or 0)
        start = end - from_end if from_end is not None else self.offset(node.lineno, node.col_offset)
        self.spans.append((start, end, text))

    def insert(self, lineno: int, col: int, text: str) -> None:
        at = self.offset(lineno, col)
        self.spans.append((at, at, text))

    def apply(self, start: int, end: int) -> str:
        """The text from offset `start` to `end`, edits applied."""
        text = "".join(self.lines)
        out, cursor = [], start
        for s, e, new in sorted(self.spans):
            if start <= s and e <= end:
                if s < cursor:
                    raise GenerationError(f"overlapping edits at offset {s}")
                out += [text[cursor:s], new]
                cursor = e
        out.append(text[cursor:end])
        return "".join(out)


def dotted(node: ast.AST) -> tuple[str, ...] | None:
    """`self._sender.execute` -> ("self", "_sender", "execute"); None for anything but names."""
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else (*base, node.attr)
    return None


def returns_iterator(func: ast.FunctionDef) -> bool:
    annotation = func.returns
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    return dotted(annotation) == ("Iterator",) if annotation is not None else False


def converted_classes(tree: ast.Module) -> list[ast.ClassDef]:
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


def _parents(root: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(root) for child in ast.iter_child_nodes(node)}


class _ClassRewrite:
    """The rules applied to one class of the sync module."""

    def __init__(self, cls: ast.ClassDef, edits: _Edits, renames: dict[str, str], where: str) -> None:
        self.cls, self.edits, self.renames, self.where = cls, edits, renames, where
        self.methods = [n for n in cls.body if isinstance(n, ast.FunctionDef)]
        dunders = {m.name for m in self.methods if m.name.startswith("__") and m.name.endswith("__")}
        self.plain = dunders | {m.name for m in self.methods if returns_iterator(m)}
        self.async_methods = {m.name for m in self.methods} - self.plain

    def run(self) -> None:
        self._names()
        self._docstring()
        for method in self.methods:
            if method.name in self.async_methods:
                self.edits.insert(method.lineno, method.col_offset, "async ")  # rule 3
            self._awaits(method)
        if [n for n in ast.walk(self.cls) if isinstance(n, ast.AsyncFunctionDef | ast.Await)]:
            raise GenerationError(f"{self.where}: {self.cls.name} is already async; write it sync")

    def _names(self) -> None:
        line = self.edits.lines[self.cls.lineno - 1]
        match = re.match(rf"(\s*class\s+){self.cls.name}\b", line)
        if match is None:
            raise GenerationError(f"{self.where}:{self.cls.lineno}: `class {self.cls.name}` not found")
        self.edits.insert(self.cls.lineno, len(match.group(1).encode()), "Async")  # rule 1
        for node in ast.walk(self.cls):
            if isinstance(node, ast.Name) and node.id in self.renames:
                self.edits.replace(node, self.renames[node.id])  # rule 1
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                path = dotted(node.func)
                if path is not None and len(path) == 2 and path[0] in CORE_TWINS:  # rule 2
                    sync_prefix, async_prefix = CORE_TWINS[path[0]]
                    if path[1].startswith(sync_prefix):
                        twin = async_prefix + path[1].removeprefix(sync_prefix)
                        self.edits.replace(node.func, twin, from_end=len(path[1]))

    def _docstring(self) -> None:  # rule 5
        first = self.cls.body[0] if self.cls.body else None
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            raise GenerationError(f"{self.where}: {self.cls.name} has no docstring")
        node = first.value
        start = self.edits.offset(node.lineno, node.col_offset)
        end = self.edits.offset(node.end_lineno or 0, node.end_col_offset or 0)
        literal = "".join(self.edits.lines)[start:end]
        summary_end = literal.find("\n") if "\n" in literal else len(literal) - 3
        summary = literal[:summary_end]
        if not summary.endswith(f"of {SYNC_CLIENT}."):
            raise GenerationError(
                f"{self.where}:{node.lineno}: the docstring of {self.cls.name} must begin "
                f"'`client.<resource>` of {SYNC_CLIENT}.' (its async twin's says {ASYNC_CLIENT})"
            )
        iterators = sorted(m.name for m in self.methods if returns_iterator(m))
        tail = f": the methods of `{self.cls.name}`, as coroutines"
        if iterators:
            names = " and ".join(f"`{n}`" for n in iterators)
            verb = "returns" if len(iterators) == 1 else "return"
            tail += f";\n{' ' * node.col_offset}{names} {verb} an async iterator"
        new = summary.removesuffix(f"{SYNC_CLIENT}.") + f"{ASYNC_CLIENT}{tail}."
        self.edits.spans.append((start, start + summary_end, new))

    def _awaitable(self, call: ast.Call) -> bool:
        path = dotted(call.func)
        if path is None:
            return False
        return (
            (len(path) == 3 and path[:2] == SENDER)
            or (len(path) == 2 and path[0] in AWAITED_CORES)
            or (len(path) == 2 and path[0] == "self" and path[1] in self.async_methods)
        )

    def _awaits(self, method: ast.FunctionDef) -> None:  # rule 4
        """`await` where rule 4 says; in a method that stays plain, only the call an `Iterator`
        method returns (the core's async iterator) and lambda bodies may be such calls."""
        parents = _parents(method)
        coroutine = method.name in self.async_methods
        for node in ast.walk(method):
            if not isinstance(node, ast.Call) or not self._awaitable(node):
                continue
            parent = parents[node]
            statement = isinstance(parent, ast.Return | ast.Assign | ast.AnnAssign | ast.Expr)
            whole_value = statement and getattr(parent, "value", None) is node
            lambda_body = isinstance(parent, ast.Lambda) and parent.body is node
            iterator_returned = not coroutine and isinstance(parent, ast.Return) and returns_iterator(method)
            if coroutine and whole_value:
                self.edits.insert(node.lineno, node.col_offset, "await ")
            elif not (lambda_body or iterator_returned):
                name = ".".join(dotted(node.func) or ())
                raise GenerationError(
                    f"{self.where}:{node.lineno}: {name}(...) must be awaited in the async twin, "
                    "which only happens where the call is a statement's whole value (in a method "
                    "that does not return an Iterator) or a lambda's body: assign its result to a "
                    "name first"
                )


def imports(tree: ast.Module, renames: dict[str, str]) -> list[str]:
    """The sync module's top-level imports, names renamed (rule 1); ruff drops the unused ones."""
    out = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            renamed = ast.ImportFrom(  # a fresh node: the sync tree stays as parsed
                module=node.module,
                names=[ast.alias(renames.get(a.name, a.name), a.asname) for a in node.names],
                level=node.level,
            )
            out.append(ast.unparse(renamed))
    return out


def own_names(tree: ast.Module, skip: set[str]) -> list[str]:
    """Top-level names the sync module defines (call builders, aliases): the async module imports them."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [n for n in names if n not in skip and not n.startswith("__")]


def async_module(source: str, stem: str, renames: dict[str, str]) -> str:
    """The text of `aio_<stem>.py` for the sync module `<stem>.py` (before ruff)."""
    tree = ast.parse(source)
    classes = converted_classes(tree)
    if not classes:
        raise GenerationError(f"{stem}.py defines no class to convert")
    edits = _Edits(source.splitlines(keepends=True))
    bodies = []
    for cls in classes:
        _ClassRewrite(cls, edits, renames, f"{stem}.py").run()
        first = min([cls.lineno, *(d.lineno for d in cls.decorator_list)])
        start = edits.offset(first, 0)
        end = edits.offset(cls.end_lineno or 0, cls.end_col_offset or 0)
        bodies.append(edits.apply(start, end))
    twins = ", ".join(f"`Async{c.name}`" for c in classes)
    header = [
        f"# Generated by `make generate` (scripts/generate_async.py) from {stem}.py: do not edit.",
        f'"""{twins}: the async twin of {stem}.py, generated from it by `make generate`.',
        "",
        f"Change {stem}.py and run `make generate`; `make check-generated` fails while this file differs",
        'from what the rules in scripts/generate_async.py make of it."""',
        "",
        "from __future__ import annotations",
        "",
        *imports(tree, renames),
        f"from .{stem} import {', '.join(own_names(tree, {c.name for c in classes}))}",
    ]
    return "\n".join(header) + "\n\n\n" + "\n\n\n".join(bodies) + "\n"


def ruff(text: str, name: str) -> str:
    """Unused imports dropped, imports sorted, formatted: with the repository's ruff settings, the
    ones of `resources/<name>`, wherever the output is written (tests write into copies)."""
    ruff_bin = str(Path(sys.executable).parent / "ruff")
    common = ["--quiet", "--stdin-filename", str(RESOURCES / name)]
    for cmd in (
        [ruff_bin, "check", "--fix-only", "--exit-zero", "--select", "I,F401", *common, "-"],
        [ruff_bin, "format", *common, "-"],
    ):
        text = subprocess.run(cmd, input=text, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return text


def sources(folder: Path = RESOURCES) -> list[Path]:
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith(("_", PREFIX)))


def generate(folder: Path = RESOURCES) -> dict[Path, str]:
    """Output path -> text, for every sync resource module of `folder`."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sources(folder)}
    renames = dict(RENAMES)
    for tree in trees.values():
        renames.update({c.name: f"Async{c.name}" for c in converted_classes(tree)})
    out = {}
    for path in trees:
        target = path.with_name(f"{PREFIX}{path.name}")
        out[target] = ruff(async_module(path.read_text(encoding="utf-8"), path.stem, renames), target.name)
    return out


def stale(folder: Path = RESOURCES) -> Iterator[str]:
    fresh = generate(folder)
    for path, text in fresh.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            yield path.name
    for path in folder.glob(f"{PREFIX}*.py"):
        if path not in fresh:
            yield f"{path.name} (no sync module makes it)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if a committed async module differs")
    parser.add_argument("--resources", type=Path, default=RESOURCES, help="the folder (tests use copies)")
    args = parser.parse_args(argv)
    try:
        if args.check:
            differ = list(stale(args.resources))
            if differ:
                print("out of date; run `make generate`:", *differ, sep="\n  ", file=sys.stderr)
                return 1
            print(f"{args.resources}: the async resource modules match their sync sources")
            return 0
        written = generate(args.resources)
        for path in args.resources.glob(f"{PREFIX}*.py"):
            path.unlink()
        for path, text in written.items():
            path.write_text(text, encoding="utf-8")
        print(f"generated {len(written)} async resource modules into {args.resources}")
        return 0
    except GenerationError as exc:
        print(f"generate_async: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
