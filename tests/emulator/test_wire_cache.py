"""The kept response bytes of `/jobs` and `GET /{job_id}` are the bytes a fresh render gives, after
any change of state: a job added or finished, the clock, the reads, the caller, a reset, the mode."""

from __future__ import annotations

from typing import Any

from koodrive_emulator import Credentials, Emulator, render
from koodrive_emulator.render import Variants, dumps

from .conftest import COPY_JOB, TOKEN, V1, post_json

#: The newest five jobs: seeded (finished) ones, so the page can be kept; the start-up fixtures,
#: one of them pinned pending, come after them.
PAGE = f"{V1}/jobs?offset=0&limit=5"


def fresh_page(emulator: Emulator) -> bytes:
    """The first page rendered without any kept bytes (what the emulator answered before caching)."""
    jobs, now = emulator.list_jobs(type_=None, status=None, offset=0, limit=5)
    return render.list_jobs_body(emulator, render.WireCache(), Variants(emulator), "en", jobs, now)


def fresh_detail(emulator: Emulator, job_id: str) -> bytes:
    found = emulator.get_job(job_id, read=False)
    assert found is not None
    return dumps(render.get_job_body(emulator, Variants(emulator), "en", *found))


def test_the_kept_page_follows_every_change(client: Any, emulator: Emulator) -> None:
    emulator.configure(
        {"clock": {"frozen": True}, "transitions": {"jobs": {"mode": "duration", "seconds": 10}}}
    )
    emulator.seed(jobs=5, seed=1)
    first = client.get(PAGE, headers=TOKEN).content
    assert first == client.get(PAGE, headers=TOKEN).content == fresh_page(emulator)

    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]  # a job added: on the page
    running = client.get(PAGE, headers=TOKEN)
    assert running.content != first and running.json()["data"][0]["taskId"] == job_id
    assert running.json()["data"][0]["status"] == 0
    emulator.advance_clock(15)  # the clock moves a running job on: the page shows it
    moved = client.get(PAGE, headers=TOKEN).json()["data"][0]
    detail = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"]
    assert moved["status"] == detail["status"] == 1 and detail["progress"] == 50
    assert "progress" not in moved  # Q54: `JobInfo` has no progress (x-koodrive-detail-only)
    emulator.advance_clock(10)
    done = client.get(PAGE, headers=TOKEN)
    assert done.content == fresh_page(emulator) and done.json()["data"][0]["status"] == 2
    assert client.get(PAGE, headers=TOKEN).content == done.content  # finished: kept from here on

    emulator.config.credentials = Credentials(user_id="1234")  # another caller: not their page
    assert client.get(PAGE, headers=TOKEN).json()["data"] == []

    emulator.reset(keep_config=False)  # a reset: the start-up fixtures again
    assert client.get(PAGE, headers=TOKEN).content == fresh_page(emulator) != done.content


def test_the_kept_detail_follows_reads_and_cancel(client: Any, emulator: Emulator) -> None:
    emulator.configure({"transitions": {"jobs": {"mode": "reads", "reads": 2}}})
    job_id = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    seen = [client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]["jobInfo"] for _ in range(6)]
    assert [info["status"] for info in seen] == [0, 0, 1, 1, 2, 2]
    final = client.get(f"{V1}/{job_id}", headers=TOKEN).content
    assert final == fresh_detail(emulator, job_id)

    other = post_json(client, f"{V1}/jobs", COPY_JOB).json()["data"]
    assert client.get(f"{V1}/{other}", headers=TOKEN).json()["data"]["jobInfo"]["status"] == 0
    assert post_json(client, f"{V1}/cancel", {"jobId": other}).status_code == 200
    cancelled = client.get(f"{V1}/{other}", headers=TOKEN)
    assert cancelled.json()["data"]["jobInfo"]["status"] == 3
    assert cancelled.content == fresh_detail(emulator, other)


def test_mixed_mode_still_draws_per_response(client: Any, emulator: Emulator) -> None:
    emulator.seed(jobs=3, seed=2)
    job_id = emulator.list_jobs(type_=None, status=None, offset=0, limit=1)[0][0].id
    emulator.configure({"quirkMode": "mixed", "quirkSeed": 5})
    pages = {type(client.get(PAGE, headers=TOKEN).json()["code"]) for _ in range(20)}
    details = {type(client.get(f"{V1}/{job_id}", headers=TOKEN).json()["code"]) for _ in range(20)}
    assert pages == details == {int, str}  # Q1 drawn for each response, kept bytes or not


def test_a_big_jobs_file_results_are_rendered_once_per_status(
    client: Any, emulator: Emulator, monkeypatch: Any
) -> None:
    # Polling a job of thousands of files until it finishes renders its `taskInfos` once for each
    # status it shows, not once per poll (issue 24 item 4: the emulator as a bulk run's target).
    calls: list[str] = []
    real = render.file_results

    def counting(em: Emulator, job: Any) -> Any:
        calls.append(job.id)
        return real(em, job)

    monkeypatch.setattr(render, "file_results", counting)
    emulator.configure(
        {"clock": {"frozen": True}, "transitions": {"jobs": {"mode": "duration", "seconds": 10}}}
    )
    files = [{"fileId": f"F{i:032d}"} for i in range(2000)]
    body = {**COPY_JOB, "taskInfo": {"fileInfo": files, "srcContainerId": "IAADsrc"}}
    job_id = post_json(client, f"{V1}/jobs", body).json()["data"]
    statuses = []
    for _ in range(3):
        for _ in range(20):
            answer = client.get(f"{V1}/{job_id}", headers=TOKEN).json()["data"]
            statuses.append(answer["jobInfo"]["status"])
            assert len(answer["taskInfos"]) == 2000
        emulator.advance_clock(5)  # half a step: the progress moves, the files do not
        client.get(f"{V1}/{job_id}", headers=TOKEN)
        emulator.advance_clock(5)
    assert sorted(set(statuses)) == [0, 1, 2]
    assert len(calls) == 3  # pending, processing, completed
    assert client.get(f"{V1}/{job_id}", headers=TOKEN).content == fresh_detail(emulator, job_id)


def test_the_spec_is_parsed_once_however_it_is_asked_for() -> None:
    from koodrive_emulator.validation import SPEC_PATH, load_spec

    assert load_spec() is load_spec(SPEC_PATH) is load_spec(SPEC_PATH.parent / "." / SPEC_PATH.name)
