"""The emulator is lenient where the spec only assumes (issue 23 item 3).

Each constraint below is marked `x-koodrive-assumption` in the spec (or stated as an assumption in
its description); a request that breaks only it is accepted, and counted in `assumptionsAccepted`.
"""

from __future__ import annotations

from typing import Any

from koodrive_emulator.validation import SpecValidators, load_spec

from .conftest import TOKEN, V1, post_json

TRACE_32 = "0123456789abcdef0123456789abcdef"


def accepted(client: Any) -> dict[str, int]:
    counts: dict[str, int] = client.get("/_emulator/state").json()["assumptionsAccepted"]
    return counts


def test_the_trace_id_length_is_an_assumption_and_a_32_character_one_is_accepted(client: Any) -> None:
    trace = load_spec()["components"]["parameters"]["TraceId"]["schema"]
    assert set(trace["x-koodrive-assumption"]) == {"minLength", "maxLength"}
    assert "x-koodrive-source" not in trace  # "58 bits" read as 58 characters is an interpretation
    answer = client.get(f"{V1}/jobs?offset=0&limit=1", headers={**TOKEN, "X-Traceid": TRACE_32})
    assert answer.status_code == 200, answer.text
    assert accepted(client)["listJobs header X-Traceid"] == 1
    assert (
        client.get(f"{V1}/jobs?offset=0&limit=1", headers={**TOKEN, "X-Traceid": "x" * 58}).status_code == 200
    )


def test_the_task_status_filter_may_be_comma_separated(client: Any) -> None:
    repeated = client.get(f"{V1}/task/list?status=2&status=3", headers=TOKEN)
    comma = client.get(f"{V1}/task/list?status=2,3", headers=TOKEN)
    assert repeated.status_code == comma.status_code == 200, comma.text
    assert comma.json() == repeated.json() and comma.json()["taskListDtos"]
    assert {t["status"] for t in comma.json()["taskListDtos"]} <= {2, 3}
    assert accepted(client)["listTasks query status comma-separated"] == 1
    refused = client.get(f"{V1}/task/list?status=2,9", headers=TOKEN)
    assert refused.status_code == 400 and refused.json()["code"] == 13000102


def test_user_ids_of_the_seed_pages_shapes_are_accepted(client: Any) -> None:
    """Seeds 003 and 004 show user ids holding `-` and `|`: the digits-only pattern is assumed."""
    schema = load_spec()["components"]["schemas"]["UserId"]
    assert "pattern" in schema["x-koodrive-assumption"] and "x-koodrive-source" not in schema
    src, dst = "40086000004871666-369528171409614001", "1507947856550550784"
    created = post_json(client, f"{V1}/task/create", {"taskType": 0, "srcUserId": src, "dstUserId": dst})
    assert created.status_code == 200, created.text
    answer = client.get(f"{V1}/task/dstUserInfo/{src}", headers=TOKEN)
    assert answer.status_code == 200 and answer.json()["id"] == dst
    assert accepted(client)["createTask body"] == 1
    assert accepted(client)["getHandoverDstUserInfo path src_user_id"] == 1
    # a recipient the answer's `id` (a snowflake) cannot carry is accepted, and never echoed
    piped = "0929b397a3424384b32cf8f96d9f35e4|1465814559892958208"
    assert (
        post_json(
            client, f"{V1}/task/create", {"taskType": 0, "srcUserId": "7", "dstUserId": piped}
        ).status_code
        == 200
    )
    unknown = client.get(f"{V1}/task/dstUserInfo/7", headers=TOKEN)
    assert unknown.status_code == 400 and unknown.json()["code"] == 13000309


def test_the_job_offset_meaning_is_stated_as_an_assumption() -> None:
    offset = next(
        p
        for p in load_spec()["paths"]["/koodrive/ose/v1/jobs"]["get"]["parameters"]
        if p.get("name") == "offset"
    )
    assert "Assumption (no page says): it counts jobs" in offset["description"]


def test_seed_000s_empty_page_cursor_passes_the_schema_itself() -> None:
    """Not only the emulator's `allowEmptyValue` shortcut: the schema admits the empty value, so a
    validator that ignores `allowEmptyValue` (openapi-core) accepts seed 000's request too."""
    validators = SpecValidators()
    param = validators.operations["listTasks"].query["pageCursor"]
    assert (
        param.check("") and param.check(1723549107000) and not param.check("abc") and not param.check(2**63)
    )


def test_a_value_that_breaks_a_stated_constraint_is_still_refused(client: Any) -> None:
    before = accepted(client)
    refused = client.get(f"{V1}/jobs?offset=0&limit=101", headers=TOKEN)
    assert refused.status_code == 400 and accepted(client) == before
