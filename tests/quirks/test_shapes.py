from __future__ import annotations

from koodrive_tasks import _parsing

from .conftest import example, generated


def test_q05_share_task_infos_object_or_array() -> None:
    array = example("getShareTask/seed-004.json")
    single = example("getShareTask/seed-004.json")
    single["taskInfos"] = single["taskInfos"][0]
    assert isinstance(generated("getShareTask", array).task_infos, list)
    assert not isinstance(generated("getShareTask", single).task_infos, list)  # one object
    assert len(_parsing.share_task(array).files) == 2
    assert [f.file_id for f in _parsing.share_task(single).files] == ["FmvP8my7yGTvCmKhweL1BoY6kWjRt83A7"]


def test_q06_sub_file_list_object_or_array() -> None:
    body = example("getJob/decompress.json")
    folder = body["data"]["uncompressedFileList"][0]
    assert isinstance(generated("getJob", body).data.uncompressed_file_list[0].sub_file_list, list)
    folder["subFileList"] = folder["subFileList"][0]
    assert not isinstance(generated("getJob", body).data.uncompressed_file_list[0].sub_file_list, list)
    entry = _parsing.job_detail(body).uncompressed_files[0]
    assert [c.name for c in entry.children] == ["reports/q1.pdf"] and entry.walk()[1].size == 482113
