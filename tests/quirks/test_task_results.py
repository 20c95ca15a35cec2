"""Q59: getTaskResult's id is `taskId` in the table and `taskid` in the page's example; Q63, Q64:
what the pages leave open about task results and handover recipients."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from koodrive_emulator import RunningEmulator
from koodrive_tasks import KooDrive, NotFoundError, TaskType, TokenAuth
from koodrive_tasks.resources.tasks import result_call

from .conftest import example_request

TOKEN = {"Authorization": "Bearer emulator-token"}
RESULT = "/koodrive/ose/v1/task/result"


def test_q59_task_result_id_sent_as_task_id_accepted_both_ways(emulator: RunningEmulator) -> None:
    # the page's example asks with `taskid` ...
    line = example_request("getTaskResult/doc-example.json")["line"]
    assert dict(parse_qsl(urlsplit(line.split(" ", 1)[1]).query)) == {"taskid": "1215215"}
    # ... the client sends the table's `taskId`, and only that
    kwargs = result_call("1215215", None).request()
    sent = httpx.Client(base_url="https://kd.test").build_request(
        kwargs["method"], kwargs["url"], params=kwargs["params"]
    )
    assert parse_qsl(sent.url.query.decode()) == [("taskId", "1215215")]
    with KooDrive(emulator.base_url, auth=TokenAuth("emulator-token")) as client:
        assert client.tasks.result("1215215").success_count == 3
    # the emulator answers either spelling, and refuses none or two different ids
    with httpx.Client(base_url=emulator.base_url, headers=TOKEN) as raw:
        lower = raw.get(RESULT, params={"taskid": "1215215"})
        upper = raw.get(RESULT, params={"taskId": "1215215"})
        assert lower.status_code == upper.status_code == 200 and lower.json()["data"] == upper.json()["data"]
        assert raw.get(RESULT, params={"taskId": "1215215", "taskid": "1215215"}).status_code == 200
        for params in ({}, {"taskId": "1215215", "taskid": "1534087020903704705"}):
            refused = raw.get(RESULT, params=params)
            assert refused.status_code == 400 and refused.json()["code"] == 13000102


def test_q63_result_only_once_the_import_has_finished(emulator: RunningEmulator) -> None:
    emulator.emulator.configure({"transitions": {"tasks": {"mode": "manual"}}})
    with KooDrive(emulator.base_url, auth=TokenAuth("emulator-token")) as client:
        task_id = client.tasks.create(TaskType.USER_IMPORT, result_id="r", org_id="o", org_user_id="u")
        with pytest.raises(NotFoundError):
            client.tasks.result(task_id)
        emulator.emulator.step("tasks", task_id)
        emulator.emulator.step("tasks", task_id)
        result = client.tasks.result(task_id)
        assert result.failed_count == len(result.failures)
        handover = client.tasks.create(
            TaskType.HANDOVER, src_user_id="1397687227244555200", dst_user_id="1397687227244555201"
        )
        emulator.emulator.step("tasks", handover)
        emulator.emulator.step("tasks", handover)
        with pytest.raises(NotFoundError):
            client.tasks.result(handover)


def test_q64_recipient_of_the_latest_handover(emulator: RunningEmulator) -> None:
    emulator.emulator.configure({"transitions": {"tasks": {"mode": "manual"}}})
    src = "1397687227244555300"
    with KooDrive(emulator.base_url, auth=TokenAuth("emulator-token")) as client:
        with pytest.raises(NotFoundError):
            client.tasks.handover_recipient(src)
        for dst in ("1397687227244555301", "1397687227244555302"):
            client.tasks.create(TaskType.HANDOVER, src_user_id=src, dst_user_id=dst)
        # known while the tasks are still NEW; the latest one's recipient
        assert client.tasks.handover_recipient(src).id == "1397687227244555302"
        assert client.tasks.handover_recipient("1397687227244555008").name == "zujian2"
