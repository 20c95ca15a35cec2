"""The records generator computes data; the code it writes is shaped by templates (issue 22).

scripts/generate_models.py once built records.py and facts.py line by line from strings (one
function of cyclomatic complexity 14 by ruff's count, two more above 10). The shape of the code now
lives in scripts/templates/ (records.py.jinja, converters.jinja, facts.py.jinja), rendered through
scripts/templating.py; `make check-generated` proves the output did not change.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "generate_models.py"
sys.path.insert(0, str(ROOT / "scripts"))
import templating  # noqa: E402

#: The most branches one function of the generator may have (ruff's mccabe count): choosing a
#: converter from a schema, not writing code.
MAX_COMPLEXITY = 8
#: Pieces of Python statements: a string of the generator holding one is code built from strings.
STATEMENTS = ("def ", "class ", "return ", "try:", "except ", "for x in", "@dataclass", " = _new(", "import ")


def string_constants(tree: ast.Module) -> list[str]:
    """Every string literal of the module (f-strings' literal parts too), docstrings left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_generator_functions_stay_simple() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run(
        [
            str(ruff),
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "C901",
            "--config",
            f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
            "--output-format",
            "concise",
            str(GENERATOR),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"too complex for a generator that computes data:\n{run.stdout}"


def test_the_generator_writes_no_python_statement_from_strings() -> None:
    tree = ast.parse(GENERATOR.read_text(encoding="utf-8"))
    built = [s for s in string_constants(tree) if any(piece in s for piece in STATEMENTS)]
    assert built == [], "code shape belongs in scripts/templates/, not in generate_models.py strings"


def test_the_string_check_sees_code_built_from_strings() -> None:
    """The check above can fail: an f-string writing a `def` line is caught."""
    tree = ast.parse('fn = "x"\nline = f"def {fn}(d: dict) -> None:"\n')
    assert any("def " in s for s in string_constants(tree))


def test_a_name_the_data_lacks_fails_the_generation() -> None:
    """StrictUndefined: a template naming data the generator does not give raises, rather than
    writing an empty string into the generated module."""
    template = templating.environment().from_string("x = {{ missing }}\n")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_every_template_the_generators_name_is_there() -> None:
    env = templating.environment()
    for name in ("records.py.jinja", "converters.jinja", "facts.py.jinja"):
        assert env.get_template(name) is not None
