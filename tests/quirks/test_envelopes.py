from __future__ import annotations

from koodrive_tasks import _parsing
from koodrive_tasks.resources.jobs import cancel_call

from .conftest import example, generated


def test_q02_task_list_or_task_list_dtos() -> None:
    dtos = example("listTasks/seed-000.json")
    table = dict(dtos)
    table["taskList"] = table.pop("taskListDtos")
    raw_dtos, raw_table = generated("listTasks", dtos), generated("listTasks", table)
    assert len(raw_dtos.task_list_dtos) == 2 and not raw_dtos.task_list
    assert len(raw_table.task_list) == 2 and not raw_table.task_list_dtos
    assert _parsing.task_page(dtos) == _parsing.task_page(table)
    assert [t.id for t in _parsing.task_page(table).items] == ["1486254586942472064", "1486368980720435072"]


def test_q17_job_list_in_data_array() -> None:
    body = example("listJobs/seed-001.json")
    assert [j.task_id for j in generated("listJobs", body).data] == [
        "1320279189273965056",
        "1320279092268104960",
    ]
    assert [j.id for j in _parsing.job_list(body)] == ["1320279189273965056", "1320279092268104960"]


def test_q18_job_detail_in_data_object() -> None:
    body = example("getJob/seed-003.json")
    assert generated("getJob", body).data.job_info.task_id == "1309243162258308352"
    detail = _parsing.job_detail(body)
    assert (
        detail.job.id == "1309243162258308352"
        and detail.files[0].file_id == "FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"
    )


def test_q19_flat_task_detail() -> None:
    body = example("getTask/seed-002.json")
    raw = generated("getTask", body)
    assert raw.task_id == "1534087020903704704" and raw.code == 0  # task fields beside code and msg
    task = _parsing.task_detail(body)
    assert task.id == "1534087020903704704" and "code" not in task.extra and "msg" not in task.extra


def test_q20_share_task_without_data_and_legacy_task_info() -> None:
    current, legacy = example("getShareTask/seed-004.json"), example("getShareTask/legacy-task-info.json")
    assert generated("getShareTask", current).job_info.task_id == "1521827471237047552"
    raw_legacy = generated("getShareTask", legacy)
    assert raw_legacy.task_info.task_id == "1521827471237047552" and not raw_legacy.job_info
    assert _parsing.share_task(current).id == _parsing.share_task(legacy).id == "1521827471237047552"
    assert _parsing.share_task(legacy).download_url and _parsing.share_task(legacy).progress == 70


def test_q21_task_page_envelope() -> None:
    body = example("listTasks/seed-000.json")
    raw = generated("listTasks", body)
    assert raw.next_cursor == 1723549107000 and raw.code == 0
    page = _parsing.task_page(body)
    assert len(page.items) == 2 and page.next_cursor == 1723549107000


def test_q43_cancel_response_without_data() -> None:
    body = example("cancelJob/cancelled.json")
    raw = generated("cancelJob", body)
    assert raw.code == 0 and not raw.data  # the table lists `data`; the example has none
    # `jobs.cancel()` reads only `code`: with the table's `data` or without it, the answer is None
    call = cancel_call("1289250105886769024", None)
    assert call.parse(body) is None
    assert call.parse({"code": 0, "msg": "success", "data": "1289250105886769024"}) is None
