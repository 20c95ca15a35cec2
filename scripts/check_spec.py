"""The project's own spec checks, run by `make validate` after openapi-spec-validator and Spectral.

1. every example pair validates against the spec, none is orphaned, every operation has one;
2. every `x-` key in the spec is defined in spec/EXTENSIONS.md, and every constraint keyword cites
   the page that states it (`x-koodrive-source`) or says why it is assumed (`x-koodrive-assumption`);
3. the quirk catalogue (spec/quirks.yaml) and the spec's `x-koodrive-quirks` markers agree, every
   override module and test it names exists, and spec/QUIRKS.md is rendered from it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from check_examples import example_problems
from render_quirks import render
from spec_checks import (
    catalogue_problems,
    missing_implementations,
    undefined_extensions,
    unsourced_constraints,
)

ROOT = Path(__file__).resolve().parent.parent


def spec_problems(spec_path: Path) -> list[str]:
    spec_dir = spec_path.parent
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    catalogue = yaml.safe_load((spec_dir / "quirks.yaml").read_text(encoding="utf-8"))
    problems = example_problems(spec_path)
    problems += [
        f"x- key not defined in EXTENSIONS.md: {key}"
        for key in undefined_extensions(spec, (spec_dir / "EXTENSIONS.md").read_text(encoding="utf-8"))
    ]
    problems += [f"constraint without a source: {p}" for p in unsourced_constraints(spec)]
    problems += [f"quirk catalogue: {p}" for p in catalogue_problems(spec, catalogue)]
    # every quirk's override module and test must exist (relative to the repository, not the copy)
    problems += [f"quirk catalogue: {p}" for p in missing_implementations(catalogue, ROOT)]
    if render(catalogue) != (spec_dir / "QUIRKS.md").read_text(encoding="utf-8"):
        problems.append("spec/QUIRKS.md is stale: run `make quirks`")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "koodrive-tasks.yaml")
    problems = spec_problems(parser.parse_args().spec)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} spec problem(s)", file=sys.stderr)
        return 1
    print("spec checks passed: examples, extensions, constraint sources, quirk catalogue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
