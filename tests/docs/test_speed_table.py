"""The README's speed table is the bench's: rendered by bench/report.py from docs/benchmarks.json,
which the last full `make bench` wrote, never typed by hand."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_report"] = module  # dataclasses look the module up while building the class
    spec.loader.exec_module(module)
    return module


def test_readme_table_is_what_the_last_full_run_renders() -> None:
    report = report_module()
    assert report.check(ROOT / "README.md", ROOT / "docs" / "benchmarks.json") == []


def test_every_goal_of_the_issue_has_a_row_that_names_its_transport() -> None:
    data = json.loads((ROOT / "docs" / "benchmarks.json").read_text("utf-8"))
    assert not data["smoke"], "docs/benchmarks.json must come from a full run, not --smoke"
    judged = {line["name"]: line for line in data["lines"] if line["goal_ratio"] is not None}
    wanted = [
        "per call: jobs.get",
        "paging: 100,000 tasks",
        "parse: 100-task page",
        "parse: job with 1,000 files",
        "concurrency: jobs.get at 50 in flight",
        "concurrency: jobs.get at 200 in flight",
        "emulator GET /jobs?limit=100",
        "emulator GET /{job_id}",
        # issue 22: start-up and the busy tenant were measured by bench/run.py but not in the table
        "paging: 10,000 jobs while another client creates jobs",
        "start-up: import koodrive_tasks",
        "start-up: koodrive-tasks --version",
        "start-up: Tab completion",
    ]
    for prefix in wanted:
        rows = [line for name, line in judged.items() if name.startswith(prefix)]
        assert rows, f"no judged line for {prefix!r}"
        assert all(line["transport"] for line in rows)
        assert all(len(line["subject_samples"]) >= 7 for line in rows), "fewer than 7 interleaved rounds"


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    readme, data = tmp_path / "README.md", tmp_path / "benchmarks.json"
    readme.write_text((ROOT / "README.md").read_text("utf-8"), "utf-8")
    data.write_text((ROOT / "docs" / "benchmarks.json").read_text("utf-8"), "utf-8")
    return readme, data


def test_a_hand_edited_ratio_fails_the_check(copies: tuple[Path, Path]) -> None:
    report = report_module()
    readme, data = copies
    text = readme.read_text("utf-8")
    start = text.index(report.README_START)
    row = text.index("| per call: jobs.get", start)  # a merged row carries a footnote mark
    ratio = text.index("×", row)
    edited = text[: ratio - 4] + "0.99" + text[ratio:]
    assert edited != text
    readme.write_text(edited, "utf-8")
    assert report.check(readme, data)


def test_a_new_measurement_fails_the_check_until_the_table_is_rewritten(copies: tuple[Path, Path]) -> None:
    report = report_module()
    readme, data = copies
    raw = json.loads(data.read_text("utf-8"))
    raw["lines"][0]["subject_samples"] = [s * 3 for s in raw["lines"][0]["subject_samples"]]
    data.write_text(json.dumps(raw), "utf-8")
    assert report.check(readme, data)
    machine, lines = report.load(data)
    readme.write_text(report.replace_block(readme.read_text("utf-8"), report.headline_table(lines, machine)))
    assert report.check(readme, data) == []


def test_a_partial_run_replaces_its_rows_and_footnotes_them(copies: tuple[Path, Path]) -> None:
    """`bench/run.py --merge --only GROUP`: the group's fresh lines take the place of the last full
    run's lines of the same name (a new line joins its group), and the README and the report mark
    each with the partial run that measured it; the table still passes the check."""
    report = report_module()
    readme, data = copies
    machine, kept = report.load(data)
    for line in kept:
        line.run = ""  # as a full run left them
    parse = next(line for line in kept if line.name.startswith("parse:"))

    def line(name: str, ratio: float) -> Any:
        return report.Line(
            name, "s", "b", [ratio] * 7, [1.0] * 7, "s", goal="≤ 3×", goal_ratio=3.0, transport="t"
        )

    fresh = [line(parse.name, 2.0), line("start-up: import x", 1.0), line("per call: new", 1.0)]
    merged = report.merge(kept, fresh, "measured later by a partial run")
    names = [line.name for line in merged]
    assert len(merged) == len(kept) + 2
    assert next(line for line in merged if line.name == parse.name).ratio == 2.0
    assert names.index("per call: new") < names.index(parse.name), "a new line joins its own group"
    assert names.index("start-up: import x") > max(i for i, n in enumerate(names) if n.startswith("emulator"))
    assert [line.run for line in merged if line.run] == ["measured later by a partial run"] * 3
    table = report.headline_table(merged, machine)
    assert f"| {parse.name}¹ |" in table and "| per call: jobs.get |" in table
    assert "\n¹ measured later by a partial run\n" in table
    raw = json.loads(data.read_text("utf-8"))
    raw["lines"] = [dataclasses.asdict(line) for line in merged]
    data.write_text(json.dumps(raw), "utf-8")
    assert report.check(readme, data), "the README still shows the full run's table"
    readme.write_text(report.replace_block(readme.read_text("utf-8"), table), "utf-8")
    assert report.check(readme, data) == []
