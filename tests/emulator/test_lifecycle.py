"""Lifecycles through the HTTP API: jobs, basic tasks, share tasks, in every transition mode."""

from __future__ import annotations

from typing import Any

from koodrive_emulator.ids import compact_china, snowflake_millis

from .conftest import COPY_JOB, HANDOVER, SHARE, TOKEN, V1, post_json


def poll(client: Any, path: str, key: str = "status", times: int = 10) -> list[Any]:
    seen = []
    for _ in range(times):
        body = client.get(path, headers=TOKEN).json()
        seen.append(body)
        info = body["data"]["jobInfo"] if "data" in body else body
        if info[key] in (2, 3):
            break
    return seen


def test_a_created_job_reaches_completed_with_rising_progress(client: Any) -> None:
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    bodies = poll(client, f"{V1}/{job_id}")
    statuses = [b["data"]["jobInfo"]["status"] for b in bodies]
    progress = [b["data"]["jobInfo"]["progress"] for b in bodies]
    assert statuses == [0, 1, 2]
    assert progress == sorted(progress) and progress[-1] == 100
    final = bodies[-1]["data"]
    assert final["jobInfo"]["taskResultCode"] == 1
    assert final["taskInfos"][0]["status"] == "1" and final["taskInfos"][0]["newFileId"].startswith("F")
    # Q35: the id encodes the creation time, written in China Standard Time (Q34).
    assert final["jobInfo"]["createTime"] == compact_china(snowflake_millis(job_id))


def test_a_cancelled_job_reports_cancelled_and_a_second_cancel_changes_nothing(client: Any) -> None:
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    assert post_json(client, f"{V1}/cancel", {"jobId": job_id}).json() == {"code": 0, "msg": "success"}
    assert client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]["status"] == 3
    again = post_json(client, f"{V1}/cancel", {"jobId": job_id})
    # Q36: no page says a second cancel is refused (an assumption): answered 0, counted, no change
    assert again.status_code == 200 and again.json()["code"] == 0
    assert client.app.state.validators.assumption_hits["cancelJob job already finished"] == 1
    assert client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]["status"] == 3


def test_a_failing_file_makes_a_partial_failure(client: Any) -> None:
    body = {
        **COPY_JOB,
        "taskInfo": {"fileInfo": [{"fileId": "Fok"}, {"fileId": "Ffail1"}], "srcContainerId": "s"},
    }
    job_id = post_json(client, f"{V1}/jobs", body).json()["data"]
    final = poll(client, f"{V1}/{job_id}")[-1]["data"]
    assert final["jobInfo"]["taskResultCode"] == 2
    assert [f["status"] for f in final["taskInfos"]] == ["1", "2"]


def test_decompression_lists_the_archive_and_package_download_has_a_link(client: Any) -> None:
    unzip = {
        "taskType": 5,
        "actionType": 502,
        "taskInfo": {"fileInfo": [{"fileId": "Fzip"}], "srcContainerId": "s"},
        "dstContainerId": "d",
    }
    job_id = post_json(client, f"{V1}/jobs", unzip).json()["data"]
    final = poll(client, f"{V1}/{job_id}")[-1]["data"]
    tree = final["uncompressedFileList"]
    assert tree[0]["type"] == 2 and isinstance(tree[0]["subFileList"], list)
    assert isinstance(tree[0]["updatedAt"], int)  # Q13: epoch millis
    package = {
        "taskType": 6,
        "taskInfo": {"fileInfo": [{"fileId": "Fa"}], "srcContainerId": "s"},
        "dstContainerId": "d",
    }
    job_id = post_json(client, f"{V1}/jobs", package).json()["data"]
    assert poll(client, f"{V1}/{job_id}")[-1]["data"]["jobInfo"]["downloadUrl"].endswith(f"{job_id}.zip")


def test_empty_recycle_bin_needs_no_files(client: Any) -> None:
    body = {"taskType": 7, "taskInfo": {"srcContainerId": "s"}, "dstContainerId": "d"}
    job_id = post_json(client, f"{V1}/jobs", body).json()["data"]
    assert poll(client, f"{V1}/{job_id}")[-1]["data"]["jobInfo"]["status"] == 2


def test_basic_task_succeeds_or_fails_with_an_18xxxxxx_code(client: Any) -> None:
    ok = post_json(client, f"{V1}/task/create", HANDOVER).json()["taskId"]
    bad = post_json(client, f"{V1}/task/create", {**HANDOVER, "dstUserId": HANDOVER["srcUserId"]}).json()[
        "taskId"
    ]
    ok_final = poll(client, f"{V1}/task/{ok}")[-1]
    bad_final = poll(client, f"{V1}/task/{bad}")[-1]
    assert ok_final["status"] == 2 and "resultCode" not in ok_final
    # Q14: the query succeeds (code 0) about a FAILED task.
    assert bad_final["code"] == 0 and bad_final["status"] == 3 and bad_final["resultCode"] == "18000205"
    # getTask carries no times (x-koodrive-list-only); the list's item does
    assert "createTime" not in ok_final
    listed = client.get(f"{V1}/task/list", headers=TOKEN).json()["taskListDtos"]
    assert next(t for t in listed if t["taskId"] == ok)["createTime"].endswith("Z")  # Q12: ISO-8601 UTC


def test_fail_rate_fails_basic_tasks(client: Any, emulator: Any) -> None:
    emulator.configure({"outcomes": {"failRate": 1.0}})
    task = post_json(
        client, f"{V1}/task/create", {"taskType": 1, "resultId": "r", "orgId": "o", "orgUserId": "u"}
    )
    final = poll(client, f"{V1}/task/{task.json()['taskId']}")[-1]
    assert final["status"] == 3 and final["resultCode"].startswith("18")


def test_share_task_completes_with_a_download_link(client: Any) -> None:
    task_id = post_json(client, f"{V1}/share/tasks", SHARE).json()["taskId"]
    detail = {"taskId": task_id, "shareId": SHARE["shareId"]}
    seen = []
    for _ in range(4):
        seen.append(post_json(client, f"{V1}/share/taskDetail", detail).json())
    assert [s["jobInfo"]["taskStatus"] for s in seen] == [0, 1, 2, 2]
    assert seen[-1]["jobInfo"]["downloadUrl"].endswith(".zip") and len(seen[-1]["taskInfos"]) == 2
    wrong_share = post_json(client, f"{V1}/share/taskDetail", {**detail, "shareId": "other"})
    assert wrong_share.status_code == 400 and wrong_share.json()["code"] == 13000309


def test_immediate_mode_finishes_at_once(client: Any, emulator: Any) -> None:
    emulator.configure({"transitions": {"jobs": {"mode": "immediate"}}})
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    assert client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]["status"] == 2
    assert post_json(client, f"{V1}/cancel", {"jobId": job_id}).status_code == 200  # Q36: changes nothing
    assert client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]["status"] == 2


def test_duration_mode_follows_the_virtual_clock(client: Any, emulator: Any) -> None:
    emulator.configure(
        {"transitions": {"jobs": {"mode": "duration", "seconds": 60}}, "clock": {"frozen": True}}
    )
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    status = lambda: client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]  # noqa: E731
    assert status()["status"] == 0 and status()["status"] == 0  # reads do not move it
    emulator.clock.advance(61)
    assert status()["status"] == 1
    emulator.clock.advance(30)
    assert 10 < status()["progress"] < 100
    emulator.clock.advance(30)
    assert status()["status"] == 2


def test_reads_mode_counts_detail_reads(client: Any, emulator: Any) -> None:
    emulator.configure({"transitions": {"tasks": {"mode": "reads", "reads": 3}}})
    task_id = post_json(client, f"{V1}/task/create", HANDOVER).json()["taskId"]
    statuses = [client.get(f"{V1}/task/{task_id}", headers=TOKEN).json()["status"] for _ in range(7)]
    assert statuses == [0, 0, 0, 1, 1, 1, 2]


def test_manual_mode_moves_only_on_step(client: Any, emulator: Any) -> None:
    emulator.configure({"transitions": {"shareTasks": {"mode": "manual"}}})
    task_id = post_json(client, f"{V1}/share/tasks", SHARE).json()["taskId"]
    detail = {"taskId": task_id, "shareId": SHARE["shareId"]}
    for _ in range(3):
        assert post_json(client, f"{V1}/share/taskDetail", detail).json()["jobInfo"]["taskStatus"] == 0
    client.post("/_emulator/step", json={"family": "shareTasks", "id": task_id})
    assert post_json(client, f"{V1}/share/taskDetail", detail).json()["jobInfo"]["taskStatus"] == 1


def test_share_task_times_are_utc_and_job_times_china(client: Any) -> None:
    task_id = post_json(client, f"{V1}/share/tasks", SHARE).json()["taskId"]
    info = post_json(
        client, f"{V1}/share/taskDetail", {"taskId": task_id, "shareId": SHARE["shareId"]}
    ).json()
    from koodrive_emulator.ids import compact_utc

    assert info["jobInfo"]["createTime"] == compact_utc(snowflake_millis(task_id))  # Q34d
