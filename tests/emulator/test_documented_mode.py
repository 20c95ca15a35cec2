"""Documented mode is the tables, exactly (issue 23 item 1).

The allowed fields of each operation are read from the pages themselves, not from the spec or the
emulator: the response tables of the five seed pages (`../shared/seeds/` beside the checkout, as
tests/spec/test_seed_pages.py finds them; `KOODRIVE_SHARED` names another folder) and, for the
seven operations without a seed page, the response lines of the reference notes
(`../shared/reference/koodrive-api.md` §3). Every documented-mode body of every operation (errors
too) may carry only those names, and on a seed page each value has the JSON type its table gives
that name (String, Integer, Long, "Array of ...", "... object").
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest
from koodrive_generated.operations import OPERATIONS

from .conftest import TOKEN, V1, post_json
from .test_quirk_modes import exercise

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KOODRIVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
NOTES = SHARED / "reference" / "koodrive-api.md"

beside = pytest.mark.skipif(
    not (SEEDS.is_dir() and NOTES.is_file()),
    reason="the seed pages and reference notes are not beside the checkout",
)

#: Which seed page documents each operation's response.
SEED_PAGES = {
    "listTasks": "000_",
    "listJobs": "001_",
    "getTask": "002_",
    "getJob": "003_",
    "getShareTask": "004_",
}
#: Where the reference notes state each other operation's response: (heading or bullet start, marker).
NOTE_LINES = {
    "createJob": ("#### CreateJob", "Response 200:"),
    "cancelJob": ("#### CancelJob", "Response 200 table lists"),
    "createTask": ("- **createTask**", "Response:"),
    "getTaskResult": ("- **getTaskResult**", "response:"),
    "getHandoverDstUserInfo": ("- **getHandoverDstUserInfo**", "response:"),
    "createShareTask": ("- **Create async share task**", "Response:"),
    "listFile": ("- **listFile**", "Response `data`:"),
}
#: Every body is an envelope: the business result `code` and its `msg` (koodrive-api.md §2.1).
ENVELOPE = {"code", "msg"}
TYPE = re.compile(r"^(String|Integer|Long|Array of [A-Za-z ]+|[A-Za-z]+ object|Map<String,Object>)$")
NAME = re.compile(r"^[a-z][A-Za-z]*$")


def seed_page(operation: str) -> str:
    [path] = SEEDS.glob(SEED_PAGES[operation] + "*.txt")
    return path.read_text(encoding="utf-8")


def table_fields(page: str) -> dict[str, set[str]]:
    """Each parameter name of the page's response tables and the types they give it.

    The pages lay their tables out three ways (`a |` per line, `| a | b |` rows, one cell per
    line); all of them are a parameter name followed by its type, which is what is read."""
    start = page.index("Response Parameters")
    end = page.index("Example Requests", start)
    cells = [c.strip() for c in re.split(r"[|\n]", page[start:end]) if c.strip()]
    out: dict[str, set[str]] = {}
    for name, kind in itertools.pairwise(cells):
        if NAME.match(name) and TYPE.match(kind):
            out.setdefault(name, set()).add(kind)
    return out


def note_fields(operation: str) -> set[str]:
    """The names the reference notes give an operation's response (backquoted, in its bullet)."""
    text = NOTES.read_text(encoding="utf-8")
    head, marker = NOTE_LINES[operation]
    block = text[text.index(head) :]
    block = block[block.index(marker) :]
    # up to the next bullet, heading, source line or example request
    block = re.split(r"\n- |\n#|\n\(`|Example request|\nRequest example", block, maxsplit=1)[0]
    return set(re.findall(r"`([a-z][A-Za-z]*)`", block)) | ENVELOPE


#: Fields whose table type is a map (`Map<String,Object>`): their keys are data, not fields.
MAPS = {"reservatioinInfo"}


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for name, v in value.items() if name not in MAPS for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def fits(value: Any, kinds: set[str], name: str) -> bool:
    for kind in kinds:
        if kind in ("Integer", "Long") and isinstance(value, int) and not isinstance(value, bool):
            return True
        if kind == "String" and (isinstance(value, str) or (name == "reason" and value is None)):
            return True  # Table 7: `reason` "If the operation is successful, this parameter is null"
        if kind.startswith("Array of") and isinstance(value, list):
            return True
        if (kind.endswith(" object") or kind.startswith("Map<")) and isinstance(value, dict):
            return True
        # Q6: Table 7 types `subFileList` "UncompressedFileInfo object"; a directory of several
        # children cannot be one object, so the list is the only way to say what the table means.
        if name == "subFileList" and kind.endswith(" object") and isinstance(value, list):
            return True
    return False


def type_problems(body: Any, table: dict[str, set[str]], where: str = "$") -> list[str]:
    problems: list[str] = []
    if isinstance(body, dict):
        for name, value in body.items():
            if name in table and not fits(value, table[name], name):
                problems.append(
                    f"{where}.{name}: {type(value).__name__}, the table says {sorted(table[name])}"
                )
            problems += type_problems(value, table, f"{where}.{name}")
    elif isinstance(body, list):
        for i, item in enumerate(body):
            problems += type_problems(item, table, f"{where}[{i}]")
    return problems


def allowed(operation: str) -> tuple[set[str], dict[str, set[str]] | None]:
    if operation in SEED_PAGES:
        table = table_fields(seed_page(operation))
        return set(table), table
    return note_fields(operation), None


def documented_traffic(client: Any) -> list[tuple[str, int, Any]]:
    """`exercise` (every operation of the quirk-mode test) plus the three newest operations."""
    out = exercise(client)

    def record(op: str, response: Any) -> None:
        out.append((op, response.status_code, response.json()))

    imported = post_json(
        client, f"{V1}/task/create", {"taskType": 1, "resultId": "r", "orgId": "o", "orgUserId": "u"}
    ).json()["taskId"]
    for _ in range(3):
        client.get(f"{V1}/task/{imported}", headers=TOKEN)
    record("getTaskResult", client.get(f"{V1}/task/result", params={"taskId": imported}, headers=TOKEN))
    record("getHandoverDstUserInfo", client.get(f"{V1}/task/dstUserInfo/1397687227244555008", headers=TOKEN))
    for _ in range(3):
        record(
            "listFile",
            post_json(client, f"{V1}/archive/listFile", {"containerId": "IAADs", "fileId": "Fzip"}),
        )
    return out


@beside
def test_the_tables_are_read_from_the_pages() -> None:
    """The parser reads what the pages say (so an empty or wrong parse cannot pass the next test)."""
    assert table_fields(seed_page("getShareTask"))["code"] == {"Integer"}
    assert table_fields(seed_page("getTask"))["code"] == {"String"}
    assert set(table_fields(seed_page("getTask"))) == {
        "taskId",
        "taskName",
        "taskType",
        "tenantId",
        "userId",
        "status",
        "resultCode",
        "code",
        "msg",
    }
    assert {"initParams", "locale", "createTime", "taskList", "nextCursor"} <= set(
        table_fields(seed_page("listTasks"))
    )
    assert table_fields(seed_page("getJob"))["status"] == {"Integer", "String"}  # Table 5 and Table 6
    assert note_fields("getHandoverDstUserInfo") == {"id", "name", "code", "msg"}
    assert {"successCount", "failInfoList", "userName", "desc", "data"} <= note_fields("getTaskResult")
    assert {"updateAt", "taskKey", "uncompressedFileList", "fileSize"} <= note_fields("listFile")


@beside
@pytest.mark.parametrize("seed", [0, 5])
def test_every_documented_body_holds_only_the_tables_fields(client: Any, emulator: Any, seed: int) -> None:
    emulator.configure(
        {"quirkMode": "documented", "quirkSeed": seed, "transitions": {"tasks": {"mode": "reads"}}}
    )
    traffic = documented_traffic(client)
    seen = {op for op, _, _ in traffic}
    assert seen == set(OPERATIONS) == set(SEED_PAGES) | set(NOTE_LINES), seen
    problems = []
    for op, status, body in traffic:
        names, table = allowed(op)
        extra = keys(body) - names
        if extra:
            problems.append(f"{op} {status}: fields no table lists: {sorted(extra)}")
        if table is not None:
            problems += [f"{op} {status} {p}" for p in type_problems(body, table)]
    assert problems == []


def test_documented_get_share_task_sends_an_integer_code_and_get_task_no_times(
    client: Any, emulator: Any
) -> None:
    emulator.configure({"quirkMode": "documented"})
    share = post_json(
        client, f"{V1}/share/taskDetail", {"taskId": "1521827471237047552", "shareId": "1808628918203192832"}
    ).json()
    assert share["code"] == 0  # seed 004 Table 3: Integer
    task_id = post_json(
        client, f"{V1}/task/create", {"taskType": 0, "srcUserId": "1397687227244555008", "dstUserId": "1"}
    ).json()["taskId"]
    task = client.get(f"{V1}/task/{task_id}", headers=TOKEN).json()
    assert task["code"] == "0"
    assert not {"createTime", "startTime", "endTime", "initParams", "locale"} & set(task)
    listed = client.get(f"{V1}/task/list", headers=TOKEN).json()["taskList"]
    assert "createTime" in next(t for t in listed if t["taskId"] == task_id)  # the list's table has them


#: What observed and mixed modes may add to the tables, each catalogued with its evidence: the
#: list key of seed 000's example (Q2), and the 2024-07 share page's `taskInfo` with its
#: `resultCode` (Q20).
CATALOGUED_EXTRAS = {"listTasks": {"taskListDtos"}, "getShareTask": {"taskInfo", "resultCode"}}


@beside
@pytest.mark.parametrize(("mode", "seed"), [("observed", 0), ("mixed", 4), ("mixed", 11)])
def test_other_modes_add_only_catalogued_fields(client: Any, emulator: Any, mode: str, seed: int) -> None:
    emulator.configure({"quirkMode": mode, "quirkSeed": seed})
    problems = []
    for op, status, body in documented_traffic(client):
        extra = keys(body) - allowed(op)[0] - CATALOGUED_EXTRAS.get(op, set())
        if extra:
            problems.append(f"{op} {status}: {sorted(extra)}")
    assert problems == []
