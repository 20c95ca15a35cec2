"""`koodrive-tasks probe` against a live emulator in each quirk mode, and its redacted recordings.

The expected variants come from the emulator's own mode semantics (`QUIRK_VARIANTS`: `documented`
serves the first variant, `observed` the second, `mixed` draws among them), never from the probe.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
import yaml
from koodrive_cli import probe
from koodrive_cli.main import app
from koodrive_emulator import RunningEmulator, running
from koodrive_emulator.config import (
    DEFAULT_APP_ID,
    DEFAULT_APP_SECRET,
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    QUIRK_VARIANTS,
)
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import spec_checks  # noqa: E402

# The share task of the seed-004 fixture (getShareTask has no list operation to find one).
SHARE = "1808628918203192832:1521827471237047552"
# The source user of the fixture handover (getHandoverDstUserInfo/doc-example.json) and its recipient.
SRC_USER = "1397687227244555008"
RECIPIENT = ("1507947856550550784", "zujian2")
ARCHIVE_PASSWORD = "pw-for-the-probe-test"
SRC_CONTAINER = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
CATALOGUE: list[dict[str, Any]] = yaml.safe_load((ROOT / "spec" / "quirks.yaml").read_text(encoding="utf-8"))
ENTRIES = {entry["id"]: entry for entry in CATALOGUE}
PROBED = [entry["id"] for entry in CATALOGUE if "probe" in entry]
UNOBSERVABLE = [entry["id"] for entry in CATALOGUE if "probe_unobservable" in entry]
#: Q32's `per-operation` variant answers each operation's example `msg` (`Emulator.messages`):
#: the probe names the texts, so its expectation is computed from the calls made.
MSG = "Q32"
#: What the emulator serves in every quirk mode for the records of the `emulator` fixture, each
#: as its catalogue `emulator` claim says (Q7: never the misspelt key; Q43: no cancel without
#: --allow-writes; Q8: strings on basic tasks and per-file results, numbers on jobs; ...).
FIXED: dict[str, set[str]] = {
    "Q7": {"neither"},
    "Q8": {"basic tasks string", "batch jobs number", "job files string"},
    "Q9": {"string"},
    "Q10": {"taskStatus/startTime"},
    # a failed basic task carries its 18xxxxxx code, a cancelled job none (the emulator's claim)
    "Q11": {"basic task 3 with a resultCode", "job 3 without a result code"},
    "Q12": {"batch jobs 14 digits", "basic tasks ISO-8601", "share tasks 14 digits"},
    "Q13": {"epoch millis"},
    "Q14": {"answered with its resultCode"},
    "Q15": {"string"},
    "Q16": {"plain", "tenant|user"},
    "Q17": {"data array"},
    "Q18": {"data object"},
    "Q19": {"flat"},
    "Q21": {"flat"},
    "Q23": {"offset 0 accepted"},
    "Q33": {"code and msg"},
    "Q34": {"batch jobs +08:00", "share tasks UTC"},
    "Q35": {"id encodes createTime"},
    "Q38": {"code/msg"},
    "Q43": set(),
    "Q46": {"package download with newFileIds"},
    "Q47": {"17 decimal digits"},
    "Q48": {"prefix + hex", "prefix + snowflake"},
    "Q49": {"copy job with progress"},
    "Q54": {"list without detail fields"},  # the emulator leaves out x-koodrive-detail-only fields
    "Q56": {"whole seconds"},
    "Q59": {"taskId read"},
    "Q60": {"listFile updateAt", "getJob updatedAt"},
    "Q61": {"listFile string", "getJob number"},
    "Q62": {"listing", "task"},  # jobs move per read (the default): first a task, then the listing
    "Q64": {"flat"},
}

#: Served beside a mode's variant in every mode: Q6's question is a lone child; a directory with
#: several children is a list whatever the mode.
ALSO: dict[str, set[str]] = {"Q6": {"several or no children"}}
#: What changes when mixed mode draws the 2024-07 share form (Q20 `taskInfo`): no `taskInfos`
#: (so no file's snowflake container id) and a package download's link (render.share_info).
LEGACY_SHARE: dict[str, set[str]] = {
    "Q46": {"package download with downloadUrl"},
    "Q48": {"prefix + hex"},
}


def _lone_child(entries: list[dict[str, Any]]) -> bool:
    for entry in entries:
        children = entry.get("subFileList")
        if isinstance(children, list) and (len(children) == 1 or _lone_child(children)):
            return True
    return False


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    """Seeded records plus one finished, password-protected decompression job whose archive has a
    directory with one child (Q6 shows only there); its archive is the one the probe lists."""
    with stamina.set_testing(True, attempts=1000, cap=True), running() as server:
        for _ in range(40):  # the tree is drawn from the job id: about every other job has one
            server.emulator.reset()
            server.emulator.seed(jobs=6, tasks=30, seed=3)
            job = server.emulator.create_job(
                {
                    "taskType": 5,
                    "actionType": 502,
                    "taskInfo": {
                        "fileInfo": [{"fileId": "FileProbeArchive1"}],
                        "srcContainerId": SRC_CONTAINER,
                    },
                    "dstContainerId": SRC_CONTAINER,
                    "password": ARCHIVE_PASSWORD,
                }
            )
            while not job.terminal():
                server.emulator.step("jobs", job.id)
            if job.uncompressed is not None and _lone_child(job.uncompressed):
                break
        else:
            pytest.fail("no decompression job with a one-child directory in 40 draws")
        yield server


def invoke(server: RunningEmulator, *args: str, app_auth: bool = False) -> tuple[int, str, str]:
    env = {"KOODRIVE_BASE_URL": server.base_url, "KOODRIVE_ARCHIVE_PASSWORD": ARCHIVE_PASSWORD}
    if app_auth:
        env |= {
            "KOODRIVE_APP_ID": DEFAULT_APP_ID,
            "KOODRIVE_APP_SECRET": DEFAULT_APP_SECRET,
            "KOODRIVE_USER_ID": DEFAULT_USER_ID,
        }
    else:
        env |= {"KOODRIVE_TOKEN": DEFAULT_TOKEN, "KOODRIVE_USER_ID": DEFAULT_USER_ID}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


TARGETS = (
    "--share-task",
    SHARE,
    "--src-user",
    SRC_USER,
    "--archive",
    f"{SRC_CONTAINER}:FileProbeArchive1",
    "--archive-poll",
    "0.02",
    "--max-ids",
    "20",
)


def probe_json(server: RunningEmulator, *extra: str) -> dict[str, Any]:
    code, stdout, stderr = invoke(server, "--json", "probe", *TARGETS, *extra)
    assert code == 0, stderr
    result: dict[str, Any] = json.loads(stdout)
    assert all(call["error"] is None for call in result["calls"]), result["calls"]
    return result


def seen(result: dict[str, Any]) -> dict[str, set[str]]:
    return {q["id"]: set(q["variants"]) for q in result["quirks"]}


def uncatalogued(result: dict[str, Any]) -> dict[str, Any]:
    return {q["id"]: q["unclassified"] for q in result["quirks"] if q["unclassified"]["responses"]}


def served_messages(server: RunningEmulator, result: dict[str, Any]) -> set[str]:
    """Q32 `per-operation`: the emulator's own `msg` of each operation that answered."""
    answered = {c["operation"] for c in result["calls"] if c["error"] is None and c["expected_error"] is None}
    return {server.emulator.messages.get(op, "success") for op in answered}


def test_every_catalogue_entry_is_probed_or_says_why_not() -> None:
    # what the probe checks is exactly the catalogue's `probe` entries; the rest say why not
    assert [q["id"] for q in probe.probed_quirks(CATALOGUE)] == PROBED
    assert sorted(PROBED + UNOBSERVABLE, key=lambda q: int(q[1:])) == list(ENTRIES)
    assert not set(PROBED) & set(UNOBSERVABLE)
    # every emulator quirk with a mode is probed, with the emulator's variant names
    for quirk, variants in QUIRK_VARIANTS.items():
        assert quirk in PROBED, quirk
        if quirk != MSG:
            assert set(ENTRIES[quirk]["probe"]["variants"]) == set(variants) | ALSO.get(quirk, set()), quirk
    # and the test's table of fixed variants covers every other probed entry
    assert set(PROBED) == set(QUIRK_VARIANTS) | set(FIXED)


def expected(server: RunningEmulator, result: dict[str, Any], index: int) -> dict[str, set[str]]:
    want = {q: {v[index]} | ALSO.get(q, set()) for q, v in QUIRK_VARIANTS.items() if q != MSG} | FIXED
    if QUIRK_VARIANTS["Q1"][index] == "string":
        want["Q1"] = {"string", "number"}  # documented: String, but seed 004's table types it Integer
    want[MSG] = (
        served_messages(server, result)
        if QUIRK_VARIANTS[MSG][index] == "per-operation"
        else {QUIRK_VARIANTS[MSG][index]}
    )
    return want


@pytest.mark.parametrize(("mode", "index"), [("documented", 0), ("observed", 1)])
def test_each_fixed_mode_reports_exactly_the_variants_it_serves(
    emulator: RunningEmulator, mode: str, index: int
) -> None:
    emulator.emulator.configure(quirk_mode=mode)
    result = probe_json(emulator)
    assert seen(result) == expected(emulator, result, index)
    assert uncatalogued(result) == {}  # the catalogue names every form the emulator wrote
    calls = [c["operation"] for c in result["calls"]]
    assert {"getHandoverDstUserInfo", "listFile", "getTaskResult", "getShareTask"} <= set(calls)
    assert [q["id"] for q in result["unobservable"]] == UNOBSERVABLE


def test_the_default_bound_reads_three_details_per_page(emulator: RunningEmulator) -> None:
    code, stdout, stderr = invoke(emulator, "--json", "probe")
    assert code == 0, stderr
    calls = [c["operation"] for c in json.loads(stdout)["calls"]]
    assert calls.count("getTask") == 3 and calls.count("getJob") == 3 + 1  # + the absent job id
    assert "listFile" not in calls and "getHandoverDstUserInfo" not in calls  # only when named


def test_mixed_mode_reports_only_its_variants_and_both_codes(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(quirk_mode="mixed", quirk_seed=7)
    result = probe_json(emulator)
    found = seen(result)
    messages = served_messages(emulator, result) | {v for v in QUIRK_VARIANTS[MSG] if v != "per-operation"}
    for quirk, variants in found.items():
        if quirk in LEGACY_SHARE and found["Q20"] == {"taskInfo"}:
            assert variants == LEGACY_SHARE[quirk], quirk
        elif quirk in FIXED:
            assert variants == FIXED[quirk], quirk  # no mode changes these
        elif quirk == MSG:
            assert variants and variants <= messages, variants
        else:
            assert variants <= set(QUIRK_VARIANTS[quirk]) | ALSO.get(quirk, set()), (quirk, variants)
            # only the 2024-07 share form (Q20 `taskInfo`) carries no `taskInfos` to show Q5
            assert variants or (quirk == "Q5" and found["Q20"] == {"taskInfo"}), (quirk, found)
    # `code` is drawn per response: across the responses mixed mode serves both forms
    assert found["Q1"] == {"number", "string"}
    assert uncatalogued(result) == {}


def test_a_pinned_quirk_is_reported_as_pinned(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(
        quirk_mode="observed", quirks={"Q2": "taskList", "Q20": "taskInfo", "Q6": "object"}
    )
    found = seen(probe_json(emulator))
    assert (
        found["Q2"] == {"taskList"}
        and found["Q20"] == {"taskInfo"}
        and found["Q6"] == {"object"} | ALSO["Q6"]
    )
    assert found["Q5"] == set()  # the 2024-07 form carries no `taskInfos` at all


def test_an_immediate_listing_and_a_chinese_msg(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(transitions={"jobs": {"mode": "immediate"}})
    assert seen(probe_json(emulator))["Q62"] == {"listing"}  # listed at once: no task to ask again
    code, stdout, stderr = invoke(emulator, "--language", "zh-CN", "--json", "probe", *TARGETS)
    assert code == 0, stderr
    assert seen(json.loads(stdout))[MSG] == {"成功"}


def test_the_table_names_each_quirk_and_variant(emulator: RunningEmulator) -> None:
    emulator.emulator.configure(quirk_mode="documented")
    code, stdout, _ = invoke(emulator, "probe", *TARGETS)
    assert code == 0
    assert "taskList (1)" in stdout and "Q20" in stdout and "getShareTask" in stdout
    assert "listFile" in stdout and "getHandoverDstUserInfo" in stdout
    assert "error, as expected" in stdout  # the absent job's error body
    assert all(q in stdout for q in UNOBSERVABLE)


def test_what_no_variant_names_is_reported_masked() -> None:
    request = httpx.Request("GET", "http://x/koodrive/ose/v1/task/list")
    bodies = [
        {"code": 0, "msg": "操作成功", "taskListDtos": [{"taskId": "1", "userId": "u-42"}]},
        {"code": 0, "msg": "OK", "items": []},  # neither list key (Q2), neither envelope (Q21)
    ]
    exchanges = [probe.Exchange("listTasks", request, 200, body) for body in bodies]
    result = {q["id"]: q for q in probe.report(probe.Spec({}), CATALOGUE, exchanges, [])["quirks"]}
    assert result["Q32"]["unclassified"] == {"responses": 1, "samples": ['/msg="操作成功"']}
    assert result["Q16"]["unclassified"]["samples"] == ['/taskListDtos/0/userId="x-11"']  # masked
    assert result["Q2"]["unclassified"] == {"responses": 1, "samples": ["(none of the catalogued members)"]}
    assert result["Q32"]["variants"] == {"OK": 1}


def test_unknown_fields_are_every_member_the_spec_lacks() -> None:
    spec = probe.Spec(yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8")))
    schema = spec.response_schema("listTasks", 200)
    body = {
        "code": 0,
        "msg": "ok",
        "surprise": 1,
        "taskListDtos": [{"taskId": "1", "taskType": 0, "newField": "x"}, {"taskId": "2"}],
    }
    assert set(spec.unknown_fields(schema, body)) == {"/surprise", "/taskListDtos/*/newField"}


def raw_identifiers(server: RunningEmulator) -> set[str]:
    """User and tenant ids the emulator's bodies carry, read straight off the wire."""
    found: set[str] = set()
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    with httpx.Client(base_url=server.base_url, headers=headers) as http:
        bodies = [http.get("/koodrive/ose/v1/jobs", params={"offset": 0, "limit": 10}).json()]
        for job in bodies[0]["data"]:  # listJobs: `data` is the list itself
            bodies.append(http.get(f"/koodrive/ose/v1/{job['taskId']}").json())
        bodies.append(http.get("/koodrive/ose/v1/task/list", params={"pageSize": 10}).json())

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"userId", "tenantId"} and isinstance(value, str):
                    found.update(part for part in value.split("|") if part)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bodies)
    return found


def check_spec(*args: str) -> subprocess.CompletedProcess[str]:
    """The script `make validate` runs (`EXAMPLES=DIR` becomes `--examples DIR`)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_spec.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def record(server: RunningEmulator, directory: Path, *, app_auth: bool = False) -> list[Path]:
    code, _, stderr = invoke(server, "probe", *TARGETS, "--record", str(directory), app_auth=app_auth)
    assert code == 0, stderr
    return sorted(directory.glob("*/*.json"))


@pytest.mark.parametrize("app_auth", [False, True], ids=["token", "app-auth"])
def test_recorded_pairs_hold_no_secret(emulator: RunningEmulator, tmp_path: Path, app_auth: bool) -> None:
    files = record(emulator, tmp_path, app_auth=app_auth)
    assert {f.parent.name for f in files} >= {
        "listJobs",
        "getJob",
        "listTasks",
        "getTask",
        "getTaskResult",
        "getShareTask",
        "getHandoverDstUserInfo",
        "listFile",
    }
    secrets = {DEFAULT_TOKEN, DEFAULT_USER_ID, DEFAULT_APP_SECRET, DEFAULT_APP_ID} | raw_identifiers(emulator)
    secrets |= {ARCHIVE_PASSWORD, SRC_USER, *RECIPIENT}  # the new pairs' password, users and name
    assert len(secrets) > 8  # the wire did carry user and tenant ids to mask
    for file in files:
        text = file.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text]
        assert not leaked, (file, leaked)
        assert json.loads(text)["source"]["section"].startswith("observed on ")
    listed = [json.loads(f.read_text(encoding="utf-8")) for f in files if f.parent.name == "listFile"]
    assert listed and all(p["request"]["body"]["value"]["pwd"] == probe.MASK for p in listed)


@pytest.mark.parametrize("mode", ["documented", "observed", "mixed"])
def test_recorded_pairs_pass_make_validate_where_they_were_written(
    emulator: RunningEmulator, tmp_path: Path, mode: str
) -> None:
    emulator.emulator.configure(quirk_mode=mode, quirk_seed=7)
    files = record(emulator, tmp_path / "pairs")
    assert len(files) > 20
    run = check_spec("--examples", str(tmp_path / "pairs"))
    assert run.returncode == 0, run.stderr
    # one field changed to a type the spec forbids: refused
    target = next(f for f in files if f.parent.name == "listJobs")
    pair = json.loads(target.read_text(encoding="utf-8"))
    pair["responses"]["200"]["value"]["data"][0]["taskId"] = 1323683675732181696
    target.write_text(json.dumps(pair), encoding="utf-8")
    run = check_spec("--examples", str(tmp_path / "pairs"))
    assert run.returncode == 1 and "listJobs/probe-001.json: response 200 data/0/taskId" in run.stderr


@pytest.mark.parametrize(
    ("operation", "unmask"),
    [
        ("getHandoverDstUserInfo", lambda p: p["responses"]["200"]["value"].update(id=RECIPIENT[0])),
        (
            "getHandoverDstUserInfo",
            lambda p: p["request"].update(line=f"GET /koodrive/ose/v1/task/dstUserInfo/{SRC_USER}"),
        ),
        ("listFile", lambda p: p["request"]["body"]["value"].update(pwd=ARCHIVE_PASSWORD)),
        ("listJobs", lambda p: p["request"]["headers"].update(Authorization=f"Bearer {DEFAULT_TOKEN}")),
        ("listJobs", lambda p: p["request"]["headers"].update({"X-User-Id": DEFAULT_USER_ID})),
        ("listJobs", lambda p: p["responses"]["200"]["value"]["data"][0].update(userId=DEFAULT_USER_ID)),
        ("listTasks", lambda p: p["responses"]["200"]["value"]["taskListDtos"][0].update(taskName="payroll")),
    ],
    ids=["recipient-id", "src-user-in-path", "archive-password", "token", "user-header", "user-id", "name"],
)
def test_an_unmasked_secret_fails_make_validate(
    emulator: RunningEmulator, tmp_path: Path, operation: str, unmask: Any
) -> None:
    files = record(emulator, tmp_path)
    target = next(f for f in files if f.parent.name == operation)
    pair = json.loads(target.read_text(encoding="utf-8"))
    unmask(pair)
    target.write_text(json.dumps(pair), encoding="utf-8")
    run = check_spec("--examples", str(tmp_path))
    assert run.returncode == 1, run.stdout
    assert f"{operation}/{target.name}: " in run.stderr and "mask" in run.stderr, run.stderr


def test_recorded_pairs_have_a_home_under_spec_examples_observed(
    emulator: RunningEmulator, tmp_path: Path
) -> None:
    files = record(emulator, tmp_path / "pairs")
    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    shutil.copytree(tmp_path / "pairs", spec_dir / "examples" / "observed", dirs_exist_ok=True)
    run = check_spec("--spec", str(spec_dir / "koodrive-tasks.yaml"))
    assert run.returncode == 0, run.stderr  # exempt from the must-be-referenced rule, nothing else
    observed = spec_dir / "examples" / "observed" / files[0].parent.name / files[0].name
    pair = json.loads(observed.read_text(encoding="utf-8"))
    pair["source"]["section"] = "made up"
    observed.write_text(json.dumps(pair), encoding="utf-8")
    run = check_spec("--spec", str(spec_dir / "koodrive-tasks.yaml"))
    assert run.returncode == 1 and "source.section must start 'observed on '" in run.stderr


def test_make_validate_takes_a_directory_of_recorded_pairs(emulator: RunningEmulator, tmp_path: Path) -> None:
    record(emulator, tmp_path)
    done = subprocess.run(
        ["make", "--no-print-directory", "validate", f"EXAMPLES={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"--examples {tmp_path}" in done.stdout


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {
                "operations": ["nope"],
                "variants": {
                    "a": {"pointer": "/x", "present": True},
                    "b": {"pointer": "/y", "present": True},
                },
            },
            "not an operationId",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "/x", "type": "int"}, "b": {"pointer": "/y", "present": True}},
            },
            "type must be",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "x", "present": True}, "b": {"pointer": "/y", "present": True}},
            },
            "JSON pointer",
        ),
        (
            {
                "operations": ["listTasks"],
                "variants": {"a": {"pointer": "/x"}, "b": {"pointer": "/y", "present": True}},
            },
            "exactly one",
        ),
        (
            {"operations": ["listTasks"], "variants": {"a": {"pointer": "/x", "present": True}}},
            "at least two",
        ),
        ({"operations": ["listTasks"]}, "nothing else"),
    ],
)
def test_the_catalogue_check_refuses_a_malformed_probe(bad: dict[str, Any], message: str) -> None:
    spec = yaml.safe_load((ROOT / "spec" / "koodrive-tasks.yaml").read_text(encoding="utf-8"))
    assert any(message in p for p in spec_checks.probe_problems(bad, spec))
    good = next(e for e in CATALOGUE if e["id"] == "Q2")["probe"]
    assert spec_checks.probe_problems(good, spec) == []


def test_read_only_by_default_and_allow_writes_creates_then_cancels_one_job(
    emulator: RunningEmulator,
) -> None:
    before = len(emulator.emulator.jobs)
    probe_json(emulator)
    assert len(emulator.emulator.jobs) == before  # nothing created
    src = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
    result = probe_json(emulator, "--allow-writes", f"{src}:{src}:FileProbe1")
    assert len(emulator.emulator.jobs) == before + 1
    calls = [(c["operation"], c["argument"]) for c in result["calls"]][-3:]
    assert [op for op, _ in calls] == ["createJob", "getJob", "cancelJob"]
    assert emulator.emulator.jobs.by_id[calls[1][1]].status == 3  # cancelled
    assert seen(result)["Q43"] == {"no data"}  # the cancel answer, as the emulator writes it


def test_allow_writes_refuses_a_malformed_target(emulator: RunningEmulator) -> None:
    code, _, stderr = invoke(emulator, "probe", "--allow-writes", "only-one-part")
    assert code == 2 and "SRC_CONTAINER:DST_CONTAINER:FILE_ID" in stderr


def test_results_are_read_for_exactly_the_finished_imports_the_page_returned(
    emulator: RunningEmulator,
) -> None:
    result = probe_json(emulator, "--max-ids", "10")
    details = [c["argument"] for c in result["calls"] if c["operation"] == "getTask"]
    tasks = emulator.emulator.tasks.by_id
    imports = [t for t in details if tasks[t].task_type == 1 and tasks[t].status in (2, 3)]
    assert imports  # the seeded page holds finished imports, so the branch is exercised
    assert [c["argument"] for c in result["calls"] if c["operation"] == "getTaskResult"] == imports


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--src-user", "not-digits"], "--src-user takes a user id"),
        ([arg for i in range(6) for arg in ("--src-user", str(10 + i))], "at most 5 users"),
        (["--archive", "no-file-id"], "--archive takes CONTAINER_ID:FILE_ID"),
        ([arg for i in range(4) for arg in ("--archive", f"C:F{i}")], "at most 3 archives"),
        (["--archive-password", "x"], "No such option"),  # a password is never an argument
    ],
)
def test_named_targets_are_bounded_and_checked(
    emulator: RunningEmulator, args: list[str], message: str
) -> None:
    code, _, stderr = invoke(emulator, "probe", *args)
    assert code == 2 and message in stderr, stderr


def test_a_listing_that_never_ends_is_given_up_at_the_deadline(emulator: RunningEmulator) -> None:
    # the fixture archive of listFile/asynchronous.json stays at 40 % (a pinned listing task)
    pinned = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4:FqA9c2ZkM1uYxR0bT7nLw3eJd5sHvP8Ko"
    env_password = "archive-pass"
    result = CliRunner().invoke(
        app,
        ["--json", "probe", "--archive", pinned, "--archive-timeout", "0.3", "--archive-poll", "0.05"],
        env={
            "KOODRIVE_BASE_URL": emulator.base_url,
            "KOODRIVE_TOKEN": DEFAULT_TOKEN,
            "KOODRIVE_ARCHIVE_PASSWORD": env_password,
        },
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    listing = [c for c in report["calls"] if c["operation"] == "listFile"]
    assert listing and listing[0]["error"].startswith("WaitTimeoutError")
    assert seen(report)["Q62"] == {"task"}


def test_the_archive_password_can_be_typed_at_a_prompt(emulator: RunningEmulator) -> None:
    env = {"KOODRIVE_BASE_URL": emulator.base_url, "KOODRIVE_TOKEN": DEFAULT_TOKEN}
    args = ["--json", "probe", "--archive", f"{SRC_CONTAINER}:FileProbeArchive1", "--archive-poll", "0.02"]
    refused = CliRunner().invoke(app, args, env=env)  # no password: the encrypted archive refuses
    assert "BadRequestError" in str(json.loads(refused.stdout)["calls"])
    typed = CliRunner().invoke(app, [*args, "--ask-archive-password"], env=env, input=ARCHIVE_PASSWORD + "\n")
    assert typed.exit_code == 0, typed.stderr
    report = json.loads(typed.stdout)  # the prompt went to stderr
    assert "Archive password" in typed.stderr and ARCHIVE_PASSWORD not in typed.stderr + typed.stdout
    assert [c["error"] for c in report["calls"] if c["operation"] == "listFile"] == [None]
