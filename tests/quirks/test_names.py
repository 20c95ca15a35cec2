from __future__ import annotations

from koodrive_tasks import _parsing
from koodrive_tasks.normalize.names import split_user_id

from .conftest import example, generated


def test_q07_reservatioin_info_renamed() -> None:
    body = example("getJob/decompress.json")
    raw = generated("getJob", body).data.uncompressed_file_list[0].sub_file_list[0]
    assert raw.reservatioin_info.additional_properties == {"checksum": "sha256:9f2c"}
    child = _parsing.job_detail(body).uncompressed_files[0].children[0]
    assert child.reservation_info == {"checksum": "sha256:9f2c"} and "reservatioinInfo" not in child.extra


def test_q16_composite_user_id_kept_verbatim() -> None:
    body = example("getShareTask/seed-004.json")
    wire = "0929b397a3424384b32cf8f96d9f35e4|1465814559892958208"
    assert generated("getShareTask", body).job_info.user_id == wire
    assert _parsing.share_task(body).user_id == wire
    assert split_user_id(wire) == ("0929b397a3424384b32cf8f96d9f35e4", "1465814559892958208")
    assert split_user_id("1395497048157130881") == (None, "1395497048157130881")
