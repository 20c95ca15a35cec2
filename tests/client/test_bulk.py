"""The bulk runner (issue 24, item 2): manifest, plan within the spec's per-job limit, journal,
resume without duplicates, per-file report; against the in-process emulator."""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
import threading
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
from koodrive_emulator.pytest_plugin import EmulatorControl, InProcessTransport
from koodrive_generated import facts
from koodrive_tasks import JobType, KooDrive
from koodrive_tasks.bulk import (
    BulkAction,
    BulkOptions,
    BulkProgress,
    BulkRunner,
    JournalMismatchError,
    ManifestEntry,
    ManifestError,
    manifest_digest,
    plan,
    read_manifest,
    run,
)

SPACE_A = "IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"
SPACE_B = "IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"
DST = "IAADfsBFCO6WtAtuA0000000000000000000000000000000"


def file_id(n: int, fail: bool = False) -> str:
    return f"Ffail{n:028d}" if fail else f"F{n:032d}"


def write_manifest(path: Path, entries: list[tuple[str, str]]) -> Path:
    with path.open("w") as out:
        for fid, space in entries:
            out.write(json.dumps({"file_id": fid, "path": f"/docs/{fid}", "space": space}) + "\n")
    return path


FIXTURE_JOBS: set[str] = set()


@pytest.fixture(autouse=True)
def fixture_jobs(koodrive_client: KooDrive) -> None:
    """The jobs the emulator starts with (the seed pages'), left out of `server_jobs`."""
    FIXTURE_JOBS.clear()
    FIXTURE_JOBS.update(j.id for j in koodrive_client.jobs.iter())


def server_jobs(client: KooDrive) -> dict[str, list[str]]:
    """Every job created on the server since the test started, and its file ids."""
    jobs = [j for j in client.jobs.iter() if j.id not in FIXTURE_JOBS]
    return {j.id: [f.file_id or "" for f in client.jobs.get(j.id).files] for j in jobs}


def test_the_plan_keeps_to_the_specs_per_job_limit_and_one_space_a_job() -> None:
    limit = facts.MAX_FILES_PER_JOB  # from the spec's x-koodrive-job-limits, never a number here
    entries = [ManifestEntry(file_id(n), None, SPACE_A if n % 3 else SPACE_B) for n in range(2 * limit + 5)]
    jobs = plan(entries + entries[:10])  # ten listed twice
    assert all(1 <= len(j.files) <= limit for j in jobs)
    assert all({f.space for f in j.files} == {j.space} for j in jobs)
    planned = [f for j in jobs for f in j.files]
    assert len(planned) == len(entries) and set(planned) == set(entries)
    assert len(jobs) == sum(
        -(-n // limit) for n in (sum(1 for e in entries if e.space == s) for s in (SPACE_A, SPACE_B))
    )


def test_manifests_in_csv_and_json_lines(tmp_path: Path) -> None:
    csv_path = tmp_path / "m.csv"
    csv_path.write_text("fileId,filePath,srcContainerId\nF1,/a/F1,S1\nF2,,S2\n")
    assert read_manifest(csv_path) == [ManifestEntry("F1", "/a/F1", "S1"), ManifestEntry("F2", None, "S2")]
    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text('{"file_id": "F1", "space": "S1"}\n\n{"id": "F2", "container_id": "S2", "path": "/b"}\n')
    assert read_manifest(jsonl) == [ManifestEntry("F1", None, "S1"), ManifestEntry("F2", "/b", "S2")]
    for bad, message in [
        ('{"file_id": "F1"}', "space"),
        ('{"space": "S"}', "file id"),
        ("[1]", "object"),
        ("{", "JSON"),
    ]:
        jsonl.write_text(bad + "\n")
        with pytest.raises(ManifestError, match=message):
            read_manifest(jsonl)


def test_copy_runs_every_file_once_and_reports_each(koodrive_client: KooDrive, tmp_path: Path) -> None:
    limit = facts.MAX_FILES_PER_JOB
    entries = [
        (file_id(n, fail=n % 97 == 0), SPACE_A if n < limit + 3 else SPACE_B) for n in range(limit + 40)
    ]
    manifest = write_manifest(tmp_path / "files.jsonl", entries)
    seen: list[BulkProgress] = []
    report = run(
        koodrive_client, manifest, BulkOptions(BulkAction.COPY, dst_container_id=DST), poll_interval=0.01,
        on_progress=seen.append,
    )  # fmt: skip
    assert [f.file_id for f in report.files] == [fid for fid, _ in entries]
    failed = {f.file_id for f in report.files if f.outcome == "failed"}
    assert failed == {fid for fid, _ in entries if "fail" in fid}
    assert all(f.result_code is not None for f in report.files if f.outcome == "failed")
    assert report.complete and report.counts()["succeeded"] == len(entries) - len(failed)
    jobs = server_jobs(koodrive_client)
    assert len(jobs) == 3  # limit + 3 in space A (two jobs), 37 in space B (one)
    sent = [f for files in jobs.values() for f in files]
    assert sorted(sent) == sorted(fid for fid, _ in entries)  # each file in exactly one job
    assert seen[-1].files_done == len(entries) and seen[-1].jobs_done == 3


def test_a_second_run_creates_nothing_and_reports_the_same(koodrive_client: KooDrive, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(30)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    first = run(koodrive_client, manifest, options, poll_interval=0.01)
    second = run(koodrive_client, manifest, options, poll_interval=0.01)
    assert first.files == second.files
    assert len(server_jobs(koodrive_client)) == 1


def test_a_create_whose_answer_was_lost_is_adopted_not_repeated(
    koodrive_client: KooDrive, tmp_path: Path
) -> None:
    """Killed between sending the create and recording the id: the next run finds the job by its files."""
    entries = [(file_id(n), SPACE_A) for n in range(5)]
    manifest = write_manifest(tmp_path / "files.jsonl", entries)
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    journal = tmp_path / "files.jsonl.journal.sqlite"
    run(koodrive_client, manifest, options, timeout=0)  # creates, checks once
    with sqlite3.connect(journal) as db:  # as if the id had never been recorded
        (job_id,) = db.execute("SELECT job_id FROM jobs").fetchone()
        db.execute("UPDATE jobs SET state = 'creating', job_id = NULL, outcome = NULL")
        db.execute("UPDATE files SET outcome = NULL")
    koodrive_client.jobs.create(
        JobType.COPY, src_container_id=SPACE_A, dst_container_id=DST, file_ids=["Fother"]
    )
    report = run(koodrive_client, manifest, options, poll_interval=0.01)
    assert {f.job_id for f in report.files} == {job_id}
    assert len(server_jobs(koodrive_client)) == 2  # the first job and the unrelated one: none created again


def test_a_create_that_never_got_there_is_sent_once(koodrive_client: KooDrive, tmp_path: Path) -> None:
    """Killed after recording the intent, before the request left: no job matches, it is created once."""
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(5)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    journal = tmp_path / "files.jsonl.journal.sqlite"
    run(koodrive_client, manifest, options, timeout=0)
    (job_id,) = server_jobs(koodrive_client)
    with sqlite3.connect(journal) as db:  # the same journal, as if this job's create had not been sent
        # by a run killed longer ago than the settle window (a recent one would be left undecided)
        db.execute(
            "UPDATE jobs SET state = 'creating', job_id = NULL, outcome = NULL, intent_at = intent_at - 200"
        )
        db.execute("UPDATE files SET outcome = NULL")
    # The server's job has other files than the journal's (as if another run had made it).
    write_manifest(manifest, [(file_id(n) + "x", SPACE_A) for n in range(5)])
    with sqlite3.connect(journal) as db:
        db.execute("UPDATE files SET file_id = file_id || 'x'")
        db.execute("UPDATE meta SET value = ? WHERE key = 'manifest_sha256'", (manifest_digest(manifest),))
    report = run(koodrive_client, manifest, options, poll_interval=0.01, settle_window=100)
    jobs = server_jobs(koodrive_client)
    assert len(jobs) == 2  # the old job, and the one created now, once
    (new_id,) = set(jobs) - {job_id}
    assert {f.job_id for f in report.files} == {new_id} and report.complete


def test_a_refused_create_reports_its_files_not_sent_with_the_code(
    koodrive_client: KooDrive, koodrive_emulator: EmulatorControl, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(1), SPACE_A)])
    koodrive_emulator.configure({"faults": {"businessErrorRate": 1.0, "businessCode": 13000301}})
    report = run(koodrive_client, manifest, BulkOptions(BulkAction.DELETE), poll_interval=0.01)
    koodrive_emulator.configure({"faults": {"businessErrorRate": 0.0}})
    (only,) = report.files
    assert only.outcome == "not_sent" and only.result_code == 13000301 and only.job_id is None
    assert server_jobs(koodrive_client) == {}


def test_the_journal_refuses_another_manifest(koodrive_client: KooDrive, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(1), SPACE_A)])
    journal = tmp_path / "j.sqlite"
    run(koodrive_client, manifest, BulkOptions(BulkAction.DELETE), journal=journal, poll_interval=0.01)
    write_manifest(manifest, [(file_id(2), SPACE_A)])
    with pytest.raises(JournalMismatchError, match="manifest"):
        run(koodrive_client, manifest, BulkOptions(BulkAction.DELETE), journal=journal)
    with pytest.raises(JournalMismatchError):
        run(koodrive_client, manifest, BulkOptions(BulkAction.RESTORE), journal=journal)


def test_copy_and_move_need_a_destination() -> None:
    with pytest.raises(ValueError, match="dst_container_id"):
        BulkOptions(BulkAction.MOVE)


def test_a_deadline_leaves_files_pending_and_the_next_run_waits_on_the_same_jobs(
    koodrive_client: KooDrive, koodrive_emulator: EmulatorControl, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(12)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    koodrive_emulator.transitions("manual", family="jobs")
    first = run(koodrive_client, manifest, options, per_job=5, timeout=0.2, poll_interval=0.05)
    assert first.counts()["pending"] == 12 and not first.complete
    assert set(first.jobs.values()) == {"created"} and len(first.jobs) == 3
    koodrive_emulator.transitions("immediate", family="jobs")
    second = run(koodrive_client, manifest, options, per_job=5, poll_interval=0.05)
    assert second.complete and second.jobs == dict.fromkeys(first.jobs, "finished")
    assert set(server_jobs(koodrive_client)) == set(first.jobs)  # waited on, none created again


def test_a_cancelled_jobs_unfinished_files_are_failed_as_cancelled(
    koodrive_client: KooDrive, koodrive_emulator: EmulatorControl, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(3)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    koodrive_emulator.transitions("manual", family="jobs")
    run(koodrive_client, manifest, options, timeout=0)
    (job_id,) = server_jobs(koodrive_client)
    koodrive_client.jobs.cancel(job_id)
    report = run(koodrive_client, manifest, options, poll_interval=0.05)
    assert {(f.outcome, f.detail, f.job_id) for f in report.files} == {("failed", "job cancelled", job_id)}
    assert report.complete


def test_a_job_that_shows_no_files_yet_is_neither_adopted_nor_created_again(
    koodrive_client: KooDrive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service whose getJob lists no files yet (a pending job, say) cannot say whether the job
    is the lost create: the runner waits for a later run rather than risk a second job."""
    import dataclasses

    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(4)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    journal = tmp_path / "files.jsonl.journal.sqlite"
    run(koodrive_client, manifest, options, timeout=0)
    (job_id,) = server_jobs(koodrive_client)
    with sqlite3.connect(journal) as db:  # as if the id had never been recorded
        db.execute("UPDATE jobs SET state = 'creating', job_id = NULL, outcome = NULL")
        db.execute("UPDATE files SET outcome = NULL")
    real_get = koodrive_client.jobs.get
    monkeypatch.setattr(
        koodrive_client.jobs, "get", lambda job, **kw: dataclasses.replace(real_get(job, **kw), files=[])
    )
    unsure = run(koodrive_client, manifest, options, poll_interval=0.01)
    assert {f.outcome for f in unsure.files} == {"pending"} and not unsure.complete
    assert set(server_jobs(koodrive_client)) == {job_id}  # not created again
    monkeypatch.undo()
    sure = run(koodrive_client, manifest, options, poll_interval=0.01)
    assert {f.job_id for f in sure.files} == {job_id} and sure.complete
    assert set(server_jobs(koodrive_client)) == {job_id}


class LateDelivery(httpx.BaseTransport):
    """The first createJob times out at the client (httpx.ReadTimeout) while its request reaches the
    emulator `delay` seconds later; or, with `status`, is answered that status and still delivered."""

    def __init__(self, inner: httpx.BaseTransport, delay: float = 0.3, status: int | None = None) -> None:
        self.inner, self.delay, self.status = inner, delay, status
        self.creates = 0
        self.delivered = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        is_create = request.method == "POST" and request.url.path.endswith("/koodrive/ose/v1/jobs")
        if is_create:
            self.creates += 1
        if not is_create or self.creates > 1:
            return self.inner.handle_request(request)
        request.read()

        def deliver() -> None:
            self.inner.handle_request(request)
            self.delivered.set()

        if self.status is not None:  # the service created it and then failed to answer
            deliver()
            return httpx.Response(self.status, json={"code": "50000000", "msg": "gateway"}, request=request)
        threading.Timer(self.delay, deliver).start()
        raise httpx.ReadTimeout("timed out", request=request)


def late_client(app: Any, control: EmulatorControl, transport: LateDelivery) -> KooDrive:
    return KooDrive(control.base_url, control.auth(), http_client=httpx.Client(transport=transport))


@pytest.mark.parametrize("status", [None, 503], ids=["read-timeout-delivered-later", "5xx-after-create"])
def test_a_create_whose_answer_was_lost_in_the_same_run_is_not_sent_twice(
    koodrive_app: Any, koodrive_emulator: EmulatorControl, tmp_path: Path, status: int | None
) -> None:
    """Regression: a create that timed out after its request was sent (or was answered 5xx) was put
    back to "planned" by the end-of-round reconcile when the service had not listed it yet, and sent
    again: two jobs with the same files in one run, no crash involved."""
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(6)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    transport = LateDelivery(InProcessTransport(koodrive_app), status=status)
    with late_client(koodrive_app, koodrive_emulator, transport) as client:
        FIXTURE_JOBS.update(j.id for j in client.jobs.iter())
        report = run(client, manifest, options, poll_interval=0.01, settle_window=1.0)
        assert transport.delivered.wait(5)
        jobs = server_jobs(client)
    assert len(jobs) == 1, f"{len(jobs)} jobs for one planned job: {jobs}"
    (job_id,) = jobs
    assert sorted(jobs[job_id]) == sorted(file_id(n) for n in range(6))
    assert report.complete and {f.job_id for f in report.files} == {job_id}


def test_a_lost_create_not_listed_within_the_run_stays_pending_not_sent_again(
    koodrive_app: Any, koodrive_emulator: EmulatorControl, tmp_path: Path
) -> None:
    """When the run cannot wait out the settle window (timeout 0), the lost create is left undecided:
    its files are reported pending, nothing is sent again, and the next run adopts the job."""
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(3)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    transport = LateDelivery(InProcessTransport(koodrive_app), delay=0.3)
    with late_client(koodrive_app, koodrive_emulator, transport) as client:
        FIXTURE_JOBS.update(j.id for j in client.jobs.iter())
        first = run(client, manifest, options, timeout=0, settle_window=60)
        assert {f.outcome for f in first.files} == {"pending"} and transport.creates == 1
        assert transport.delivered.wait(5)
        second = run(client, manifest, options, poll_interval=0.01, settle_window=60)
        jobs = server_jobs(client)
    assert len(jobs) == 1 and transport.creates == 1
    assert second.complete and {f.job_id for f in second.files} == set(jobs)


def test_reconcile_reads_the_whole_listing_and_accepts_the_source_space_as_container(
    koodrive_client: KooDrive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: reconcile stopped at the first job older than the intent (assuming the listing is
    newest first) and required `containerId` to be the destination. A listing in another order, whose
    jobs carry the source space, must still lead to the lost job: adopted, not created again."""
    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(4)])
    options = BulkOptions(BulkAction.COPY, dst_container_id=DST)
    journal = tmp_path / "files.jsonl.journal.sqlite"
    run(koodrive_client, manifest, options, timeout=0)
    (job_id,) = server_jobs(koodrive_client)
    with sqlite3.connect(journal) as db:  # as if the id had never been recorded
        db.execute("UPDATE jobs SET state = 'creating', job_id = NULL, outcome = NULL")
        db.execute("UPDATE files SET outcome = NULL")
    real_iter = koodrive_client.jobs.iter
    old = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)

    def oldest_first(**kw: Any) -> Any:
        jobs = list(real_iter(**kw))
        aged = [  # created_at comes from the id: a stand-in with an old one
            types.SimpleNamespace(
                id=j.id, created_at=old, container_id=j.container_id, content_num=j.content_num
            )
            for j in jobs
            if j.id != job_id
        ]
        ours = [dataclasses.replace(j, container_id=SPACE_A) for j in jobs if j.id == job_id]
        return iter(aged + ours)  # an old job first, then ours, naming its source space

    monkeypatch.setattr(koodrive_client.jobs, "iter", oldest_first)
    report = run(koodrive_client, manifest, options, poll_interval=0.01, settle_window=0)
    monkeypatch.undo()
    assert {f.job_id for f in report.files} == {job_id} and report.complete
    assert set(server_jobs(koodrive_client)) == {job_id}


def test_a_rate_limit_failure_leaves_a_partial_report(
    koodrive_client: KooDrive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run()` re-raises RateLimitError (documented); the runner keeps the report as it stood: the
    job created before it pending, the one refused not sent."""
    from koodrive_tasks import RateLimitError

    manifest = write_manifest(tmp_path / "files.jsonl", [(file_id(n), SPACE_A) for n in range(4)])
    runner = BulkRunner(
        koodrive_client, manifest, BulkOptions(BulkAction.COPY, dst_container_id=DST), per_job=2,
        create_concurrency=1,
    )  # fmt: skip
    real_create, calls = koodrive_client.jobs.create, []

    def second_throttled(*args: Any, **kw: Any) -> str:
        calls.append(1)
        if len(calls) > 1:
            raise RateLimitError("throttled", status_code=429)
        return real_create(*args, **kw)

    monkeypatch.setattr(koodrive_client.jobs, "create", second_throttled)
    with pytest.raises(RateLimitError):
        runner.run()
    assert runner.partial_report is not None
    assert [f.outcome for f in runner.partial_report.files] == ["pending", "pending", "not_sent", "not_sent"]
