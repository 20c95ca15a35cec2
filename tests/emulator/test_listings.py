"""getTaskResult, getHandoverDstUserInfo and listFile: state derived from other records."""

from __future__ import annotations

from typing import Any

from koodrive_emulator import Emulator
from starlette.testclient import TestClient

from .conftest import HANDOVER, TOKEN, V1, post_json

CONTAINER = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
IMPORT = {"taskType": 1, "resultId": "r-1", "orgId": "org-1", "orgUserId": "ou-1"}


def decompress(client: TestClient, file_id: str, password: str | None = None) -> str:
    body: dict[str, Any] = {
        "taskType": 5,
        "actionType": 502,
        "taskInfo": {"fileInfo": [{"fileId": file_id}], "srcContainerId": "IAADsrc"},
        "dstContainerId": "IAADdst",
    }
    if password is not None:
        body["password"] = password
    answer = post_json(client, f"{V1}/jobs", body)
    assert answer.status_code == 200
    return str(answer.json()["data"])


def list_file(client: TestClient, file_id: str, **extra: str) -> Any:
    return post_json(client, f"{V1}/archive/listFile", {"containerId": "IAADsrc", "fileId": file_id, **extra})


def test_import_result_exists_once_the_import_has_finished(client: TestClient, emulator: Emulator) -> None:
    emulator.configure({"transitions": {"tasks": {"mode": "manual"}}})
    task_id = post_json(client, f"{V1}/task/create", IMPORT).json()["taskId"]
    early = client.get(f"{V1}/task/result", params={"taskId": task_id}, headers=TOKEN)
    assert early.status_code == 400 and early.json()["code"] == 13000309
    emulator.step("tasks", task_id)
    emulator.step("tasks", task_id)
    done = client.get(f"{V1}/task/result", params={"taskId": task_id}, headers=TOKEN).json()["data"]
    assert done["successCount"] + done["failCount"] >= 1 and len(done["failInfoList"]) == done["failCount"]
    again = client.get(f"{V1}/task/result", params={"taskid": task_id}, headers=TOKEN).json()["data"]
    assert again == done  # drawn from the id: the same every time
    # a handover task has no import result
    handover = post_json(client, f"{V1}/task/create", HANDOVER).json()["taskId"]
    emulator.step("tasks", handover)
    emulator.step("tasks", handover)
    refused = client.get(f"{V1}/task/result", params={"taskId": handover}, headers=TOKEN)
    assert refused.status_code == 400 and refused.json()["code"] == 13000309


def test_task_result_takes_either_spelling_and_refuses_none_or_two(
    client: TestClient, emulator: Emulator
) -> None:
    emulator.configure({"transitions": {"tasks": {"mode": "immediate"}}})
    task_id = post_json(client, f"{V1}/task/create", IMPORT).json()["taskId"]
    answers = [
        client.get(f"{V1}/task/result", params=params, headers=TOKEN)
        for params in ({"taskId": task_id}, {"taskid": task_id}, {"taskId": task_id, "taskid": task_id})
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json()["data"] == answers[1].json()["data"] == answers[2].json()["data"]
    other = post_json(client, f"{V1}/task/create", IMPORT).json()["taskId"]
    before = emulator.snapshot()
    for params in ({}, {"taskId": task_id, "taskid": other}):
        refused = client.get(f"{V1}/task/result", params=params, headers=TOKEN)
        assert refused.status_code == 400 and refused.json()["code"] == 13000102
    assert emulator.snapshot() == before


def test_a_failed_import_imported_nobody(client: TestClient, emulator: Emulator) -> None:
    emulator.configure({"outcomes": {"failRate": 1.0}, "transitions": {"tasks": {"mode": "immediate"}}})
    task_id = post_json(client, f"{V1}/task/create", IMPORT).json()["taskId"]
    result = client.get(f"{V1}/task/result", params={"taskId": task_id}, headers=TOKEN).json()["data"]
    assert result["successCount"] == 0 and result["failCount"] == len(result["failInfoList"]) >= 1


def test_the_latest_handover_names_the_recipient(client: TestClient) -> None:
    src = "1397687227244555100"
    missing = client.get(f"{V1}/task/dstUserInfo/{src}", headers=TOKEN)
    assert missing.status_code == 400 and missing.json()["code"] == 13000309
    for dst in ("1397687227244555101", "1397687227244555102"):
        post_json(client, f"{V1}/task/create", {"taskType": 0, "srcUserId": src, "dstUserId": dst})
    answer = client.get(f"{V1}/task/dstUserInfo/{src}", headers=TOKEN).json()
    assert answer["id"] == "1397687227244555102" and answer["name"] and answer["code"] == 0
    assert list(answer) == ["id", "name", "code", "msg"]


def test_listing_is_immediate_or_an_asynchronous_task(client: TestClient, emulator: Emulator) -> None:
    decompress(client, "Farchive1")
    # the default `reads` mode: a task, one step per request, then the listing
    first = list_file(client, "Farchive1").json()["data"]
    assert set(first) == {"taskId", "taskKey", "taskValue", "progress"} and first["progress"] == 0
    second = list_file(client, "Farchive1").json()["data"]
    assert second["taskId"] == first["taskId"] and 0 < second["progress"] < 100
    listed = list_file(client, "Farchive1").json()["data"]["uncompressedFileList"]
    assert listed and all(set(e) == {"code", "name", "type", "updateAt", "fileSize"} for e in listed)
    assert {e["type"] for e in listed} <= {"1", "2"} and all(isinstance(e["updateAt"], int) for e in listed)
    assert list_file(client, "Farchive1").json()["data"]["uncompressedFileList"] == listed
    # immediate: at once
    emulator.configure({"transitions": {"jobs": {"mode": "immediate"}}})
    decompress(client, "Farchive2")
    assert "uncompressedFileList" in list_file(client, "Farchive2").json()["data"]
    # duration: by the clock
    emulator.configure({"transitions": {"jobs": {"mode": "duration", "seconds": 5}}})
    decompress(client, "Farchive3")
    assert "taskId" in list_file(client, "Farchive3").json()["data"]
    assert "taskId" in list_file(client, "Farchive3").json()["data"]
    emulator.advance_clock(11)
    assert "uncompressedFileList" in list_file(client, "Farchive3").json()["data"]


def test_the_listing_matches_what_the_job_extracts(client: TestClient, emulator: Emulator) -> None:
    emulator.configure({"transitions": {"jobs": {"mode": "immediate"}}})
    job_id = decompress(client, "Farchive4")
    listed = list_file(client, "Farchive4").json()["data"]["uncompressedFileList"]
    tree = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["uncompressedFileList"]

    def walk(entries: Any) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        for e in entries if isinstance(entries, list) else [entries]:
            assert isinstance(e["type"], int) and "updateAt" not in e  # getJob: integer, `updatedAt`
            out.append((e["name"], e["type"], e["updatedAt"]))
            out += walk(e.get("subFileList", []))
        return out

    # listFile: the same entries, `updateAt` (Q60) and the type as a digit string (Q61)
    assert all(isinstance(e["type"], str) and "updatedAt" not in e for e in listed)
    assert [(e["name"], int(e["type"]), e["updateAt"]) for e in listed] == walk(tree)


def test_encrypted_and_unknown_archives_are_refused_and_change_nothing(
    client: TestClient, emulator: Emulator
) -> None:
    decompress(client, "Fsecret", password="p4ssword")
    before = emulator.snapshot()
    for extra in ({}, {"pwd": "wrong"}):
        refused = list_file(client, "Fsecret", **extra)
        assert refused.status_code == 400 and refused.json()["code"] == 13000102
        assert "p4ssword" not in refused.text
    unknown = list_file(client, "Fmissing")  # a file id holding `missing` names no file
    assert unknown.status_code == 400 and unknown.json()["code"] == 13000309
    bad = post_json(client, f"{V1}/archive/listFile", {"containerId": "IAADsrc"})
    assert bad.status_code == 400 and bad.json()["code"] == 13000102
    assert emulator.snapshot() == before
    assert list_file(client, "Fsecret", pwd="p4ssword").status_code == 200
    # the archive of the example pairs (decompression example) lists at once, as its example shows
    fixture = post_json(
        client,
        f"{V1}/archive/listFile",
        {"containerId": CONTAINER, "fileId": "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"},
    )
    assert next(e["name"] for e in fixture.json()["data"]["uncompressedFileList"]) == "reports"


def test_an_archive_lists_before_any_decompression_job(client: TestClient, emulator: Emulator) -> None:
    """The spec's `archives` tag: the listing "before, or instead of, a decompression job". The
    entries are the archive's own, so the job that decompresses it later extracts the same ones."""
    emulator.configure({"transitions": {"jobs": {"mode": "immediate"}}})
    first = list_file(client, "Fnever-decompressed")
    assert first.status_code == 200, first.text
    listed = first.json()["data"]["uncompressedFileList"]
    assert listed and all(set(e) == {"code", "name", "type", "updateAt", "fileSize"} for e in listed)
    job_id = decompress(client, "Fnever-decompressed")
    tree = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["uncompressedFileList"]

    def walk(entries: Any) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for e in entries if isinstance(entries, list) else [entries]:
            out.append((e["name"], e["updatedAt"]))
            out += walk(e.get("subFileList", []))
        return out

    assert [(e["name"], e["updateAt"]) for e in listed] == walk(tree)
    assert list_file(client, "Fnever-decompressed").json()["data"]["uncompressedFileList"] == listed


def test_a_preview_job_reports_no_extracted_ids(client: TestClient, emulator: Emulator) -> None:
    """Seed 003 Table 7: `containerId` and `fileId` are "returned only for decompression"; a preview
    (actionType 501) lists the archive's entries without them, a decompression (502) with them."""
    emulator.configure({"transitions": {"jobs": {"mode": "immediate"}}})

    def entries(action: int) -> list[dict[str, Any]]:
        body = {
            "taskType": 5,
            "actionType": action,
            "taskInfo": {"fileInfo": [{"fileId": "Fpreviewed"}], "srcContainerId": "IAADsrc"},
            "dstContainerId": "IAADdst",
        }
        job_id = post_json(client, f"{V1}/jobs", body).json()["data"]
        tree = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["uncompressedFileList"]
        out: list[dict[str, Any]] = []
        stack = list(tree)
        while stack:
            entry = stack.pop()
            out.append(entry)
            children = entry.get("subFileList", [])
            stack += children if isinstance(children, list) else [children]
        return out

    preview, unzip = entries(501), entries(502)
    assert preview and not any("fileId" in e or "containerId" in e for e in preview)
    assert unzip and all(e["fileId"] and e["containerId"] == "IAADdst" for e in unzip)
    assert sorted(e["name"] for e in preview) == sorted(e["name"] for e in unzip)


def test_a_fresh_task_listing_holds_seed_records_and_named_inventions(client: TestClient) -> None:
    """Every task a fresh emulator lists is a record of an example pair, or says in its name that it
    is invented (the tasks around seed 000's page that make its request answer as the page shows)."""
    import json
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "spec" / "examples"
    text = "".join(p.read_text(encoding="utf-8") for p in examples.glob("*/*.json"))
    listed = client.get(f"{V1}/task/list", headers=TOKEN).json()
    tasks = listed.get("taskListDtos") or listed.get("taskList")
    assert tasks
    unexplained = [
        t for t in tasks if json.dumps(t["taskId"]) not in text and "invented" not in str(t.get("taskName"))
    ]
    assert unexplained == []
