"""The project's own spec checks, run by `make validate` after openapi-spec-validator and Spectral.

1. every example pair validates against the spec, none is orphaned, every operation has one;
   pairs observed on a real service (spec/examples/observed/, and with `--examples DIR` a
   directory the probe recorded, as `make validate EXAMPLES=DIR` passes it) are checked whole and
   against the probe's redaction rule, and need no reference from the spec;
2. every `x-` key in the spec is defined in spec/EXTENSIONS.md, and every constraint keyword cites
   the page that states it (`x-koodrive-source`) or says why it is assumed (`x-koodrive-assumption`);
3. the quirk catalogue (spec/quirks.yaml) and the spec's `x-koodrive-quirks` markers agree, every
   override module and test it names exists, and spec/QUIRKS.md is rendered from it.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import yaml
from check_examples import example_problems, observed_problems
from render_quirks import render
from spec_checks import (
    catalogue_problems,
    enum_name_problems,
    missing_implementations,
    quirk_link_problems,
    undefined_extensions,
    unsourced_constraints,
)

ROOT = Path(__file__).resolve().parent.parent


def spec_problems(spec_path: Path, observed: list[Path] | None = None) -> list[str]:
    spec_dir = spec_path.parent
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    catalogue = yaml.safe_load((spec_dir / "quirks.yaml").read_text(encoding="utf-8"))
    problems = example_problems(spec_path)
    for directory in observed or []:
        problems += [f"{directory}/{p}" for p in observed_problems(directory, spec_path)]
    problems += [
        f"x- key not defined in EXTENSIONS.md: {key}"
        for key in undefined_extensions(spec, (spec_dir / "EXTENSIONS.md").read_text(encoding="utf-8"))
    ]
    problems += [f"constraint without a source: {p}" for p in unsourced_constraints(spec)]
    problems += [f"enum names: {p}" for p in enum_name_problems(spec)]
    homepage = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
        "Homepage"
    ]
    problems += [f"quirk catalogue link: {p}" for p in quirk_link_problems(spec, homepage)]
    problems += [f"quirk catalogue: {p}" for p in catalogue_problems(spec, catalogue)]
    # every quirk's override module and test must exist (relative to the repository, not the copy)
    problems += [f"quirk catalogue: {p}" for p in missing_implementations(catalogue, ROOT)]
    changelog = spec_dir / "CHANGELOG.md"
    version = str((spec.get("info") or {}).get("version"))
    if not changelog.exists() or f"## {version}" not in changelog.read_text(encoding="utf-8"):
        problems.append(f"spec/CHANGELOG.md has no `## {version}` entry for info.version")
    if render(catalogue) != (spec_dir / "QUIRKS.md").read_text(encoding="utf-8"):
        problems.append("spec/QUIRKS.md is stale: run `make quirks`")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "koodrive-tasks.yaml")
    parser.add_argument(
        "--examples",
        type=Path,
        action="append",
        metavar="DIR",
        help="also check the pairs `koodrive-tasks probe --record DIR` wrote there (repeatable)",
    )
    args = parser.parse_args()
    problems = spec_problems(args.spec, args.examples)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} spec problem(s)", file=sys.stderr)
        return 1
    print("spec checks passed: examples, extensions, constraint sources, quirk catalogue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
