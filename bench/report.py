"""What `make bench` writes: docs/benchmarks.md (every line), docs/benchmarks.png (the ratios),
docs/benchmarks.json (the samples, so the report can be re-rendered and checked) and the README's
speed table (the lines that carry a goal, between the `bench-headline` markers).

The README table is rendered from the same lines as the report, never typed by hand:
`python bench/report.py --check` (run by tests/docs/test_speed_table.py) fails when the README's
table is not what docs/benchmarks.json renders to.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README_START = "<!-- bench-headline -->"
README_END = "<!-- /bench-headline -->"


@dataclass
class Line:
    """One comparison: subject against baseline, lower is better unless `higher_is_better`.

    The samples are paired: sample i of each side was taken in round i, one right after the other
    (interleaved), so the line's ratio is the median of the per-round ratios, and their min-max
    says how far a round can stray on this machine. `transport` says what carried the calls (the
    client's HTTP transport, or the server stack for the emulator's lines): the README names it.
    """

    name: str
    subject: str
    baseline: str
    subject_samples: list[float]
    baseline_samples: list[float]
    unit: str
    goal: str = ""
    goal_ratio: float | None = None
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)
    transport: str = ""
    #: "" for a line of the last full run; else the partial run (`run.py --merge --only ...`) that
    #: measured it since, which the report and the README footnote
    run: str = ""

    @property
    def ratios(self) -> list[float]:
        return [s / b for s, b in zip(self.subject_samples, self.baseline_samples, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool | None:
        if self.goal_ratio is None:
            return None
        return self.ratio >= self.goal_ratio if self.higher_is_better else self.ratio <= self.goal_ratio


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.0f} µs"
        return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def versions() -> str:
    import granian
    import httpx as h
    import uvicorn

    return (
        f"Python {platform.python_version()}, httpx {h.__version__}, uvicorn {uvicorn.__version__},"
        f" granian {granian.__version__}"
    )


def spread(values: list[float], unit: str) -> str:
    return f"{fmt(statistics.median(values), unit)} ({fmt(min(values), unit)}–{fmt(max(values), unit)})"


def verdict(line: Line, smoke: bool) -> str:
    return "—" if smoke or line.met is None else ("met" if line.met else "**missed**")


MARKS = "¹²³⁴⁵⁶⁷⁸⁹"


def run_marks(lines: list[Line]) -> dict[str, str]:
    """A footnote mark per partial run the lines come from, in order of first appearance."""
    marks: dict[str, str] = {}
    for line in lines:
        if line.run and line.run not in marks:
            marks[line.run] = MARKS[len(marks)]
    return marks


def footnotes(lines: list[Line]) -> list[str]:
    """Each partial run of `lines` as a paragraph after the table; none for a full run's lines."""
    return [part for run, mark in run_marks(lines).items() for part in ("", f"{mark} {run}")]


def headline_table(lines: list[Line], machine: str) -> str:
    """The README's speed table: every line that carries a goal, with what carried its calls."""
    judged = [line for line in lines if line.goal_ratio is not None]
    marks = run_marks(judged)
    rows = [
        f"| {line.name}{marks.get(line.run, '')} | {line.transport or '—'} | {line.ratio:.2f}× "
        f"({min(line.ratios):.2f}–{max(line.ratios):.2f}) | {line.goal} | {verdict(line, False)} |"
        for line in judged
    ]
    return "\n".join(
        [
            README_START,
            f"Last full `make bench`: {machine}. Medians of per-round ratios of interleaved runs",
            "(min–max across rounds); written by `make bench`, do not edit by hand.",
            "",
            "| benchmark | transport / server | ratio median (min–max) | goal | verdict |",
            "|---|---|---|---|---|",
            *rows,
            *footnotes(judged),
            README_END,
        ]
    )


def _block(text: str) -> tuple[int, int]:
    """Where the README's speed table starts and ends (its markers included)."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md has no {README_START} … {README_END} block for the speed table")
    return start, end + len(README_END)


def replace_block(text: str, block: str) -> str:
    start, end = _block(text)
    return text[:start] + block + text[end:]


def read_block(text: str) -> str:
    start, end = _block(text)
    return text[start:end]


def machine_line() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_report(
    lines: list[Line], out_dir: Path, smoke: bool, stack: str, readme: Path | None, machine: str | None = None
) -> None:
    """benchmarks.md/.png/.json into `out_dir`; with `readme`, its speed table too (full runs, and
    partial runs merged into the last full one). `machine`: the full run's (default: this one)."""
    rows = []
    marks = run_marks(lines)
    for line in lines:
        r = line.ratios
        rows.append(
            f"| {line.name}{marks.get(line.run, '')} | {line.transport or '—'} | {line.subject}: "
            f"{spread(line.subject_samples, line.unit)} | {line.baseline}: "
            f"{spread(line.baseline_samples, line.unit)} | {line.ratio:.2f}× "
            f"({min(r):.2f}–{max(r):.2f}) | {len(r)} | {line.goal or '—'} | {verdict(line, smoke)} |"
        )
    notes = [f"- {line.name} [{line.transport or '—'}]: {n}" for line in lines for n in line.notes]
    text = "\n".join(
        [
            "# Benchmarks" + (" (smoke run: tiny sizes, goals not judged)" if smoke else ""),
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. {versions()}.",
            "Every line runs its sides in turn, one sample of each per round (A B A B …, or",
            "A B C … for the throughput targets), so drift and other load fall on both alike. The",
            "ratio is the median of the per-round ratios (subject ÷ baseline) with their min–max;",
            "the sides' own medians (min–max) are beside it. Throughput and concurrency are rates",
            "(higher is better), the rest is time per call or per run (lower is better).",
            f"The emulator runs under {stack} (what `python -m koodrive_emulator` picks)"
            " unless a line names another stack.",
            "",
            "| benchmark | transport / server | subject median (min–max) | baseline median (min–max) "
            "| ratio median (min–max) | rounds | goal | verdict |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            *footnotes(lines),
            "",
            *(["Notes:", *notes, ""] if notes else []),
            "![ratios](benchmarks.png)",
            "",
        ]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "benchmarks.md").write_text(text, encoding="utf-8")
    machine = machine or machine_line()
    data = {"machine": machine, "smoke": smoke, "lines": [asdict(line) for line in lines]}
    (out_dir / "benchmarks.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    chart(lines, out_dir / "benchmarks.png")
    if readme is not None:
        readme.write_text(replace_block(readme.read_text("utf-8"), headline_table(lines, machine)), "utf-8")


def load(path: Path) -> tuple[str, list[Line]]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data["machine"], [Line(**line) for line in data["lines"]]


#: The order of the report's groups, by the start of a line's name (a full run's own order).
GROUP_ORDER = (
    "per call",
    "client only",
    "parse",
    "paging",
    "concurrency",
    "emulator",
    "start-up",
    "pipeline",
)


def group_rank(line: Line) -> int:
    return next((i for i, start in enumerate(GROUP_ORDER) if line.name.startswith(start)), len(GROUP_ORDER))


def merge(kept: list[Line], fresh: list[Line], run: str) -> list[Line]:
    """`kept` (the last full run's lines) with `fresh` ones measured by the partial run `run`: a
    fresh line replaces the kept line of its name, a new one joins its group; each fresh line
    says which run it is from."""
    for line in fresh:
        line.run = run
    by_name = {line.name: line for line in fresh}
    merged = [by_name.pop(line.name, line) for line in kept] + list(by_name.values())
    return sorted(merged, key=group_rank)  # stable: each group keeps its order


def chart(lines: list[Line], out_png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.5 * len(lines) + 1.5))
    names = [line.name for line in lines][::-1]
    ratios = [line.ratio for line in lines][::-1]
    colors = ["#2e7d32" if line.met in (True, None) else "#c62828" for line in lines][::-1]
    ax.barh(names, ratios, color=colors)
    for i, line in enumerate(lines[::-1]):
        r = line.ratios
        ax.plot([min(r), max(r)], [i, i], color="#555555", linewidth=1)
        if line.goal_ratio is not None:
            ax.plot([line.goal_ratio, line.goal_ratio], [i - 0.4, i + 0.4], color="black", linewidth=2)
    ax.set_xscale("log")
    ax.set_xlabel("median per-round ratio subject / baseline (log scale; grey = min–max; black tick = goal)")
    ax.set_title("koodrive-tasks benchmarks")
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)


def check(readme: Path, report: Path) -> list[str]:
    """Why the README's speed table is not the report's, or nothing when it is."""
    machine, lines = load(report)
    want = headline_table(lines, machine)
    got = read_block(readme.read_text("utf-8"))
    problems = []
    if got != want:
        problems.append(f"{readme.name}'s speed table is not what {report.name} renders to: run `make bench`")
    for line in lines:
        if line.goal_ratio is not None and not line.transport:
            problems.append(
                f"{line.name!r} carries a goal but does not say which transport or server it used"
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="the README's table is the report's")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.json")
    args = parser.parse_args()
    if not args.check:
        parser.error("nothing to do: --check")
    problems = check(args.readme, args.report)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
