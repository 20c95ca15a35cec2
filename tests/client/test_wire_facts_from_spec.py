"""Wire facts the client, the paging walk and the CLI's probe use are the spec's, read from
`koodrive_generated` (`make generate`), not copies kept by hand: the default base URL
(`servers[0].url`), the page-size maxima (the `maximum` of listJobs' `limit` and listTasks'
`pageSize`) and listJobs' path. A copy of the spec with each of them changed, regenerated, changes
what the code does; the shipped spec gives the old values (so the test can fail)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from koodrive_generated import facts

if TYPE_CHECKING:
    from conftest import SpecCopy

from conftest import run_python

SHOW = textwrap.dedent(
    """
    import inspect, json
    import koodrive_tasks
    from koodrive_tasks import _paging
    from koodrive_tasks.resources import jobs, tasks
    from koodrive_cli import probe

    def refuses(build, *args):
        try:
            build(*args)
        except ValueError:
            return True
        return False

    print(json.dumps({
        "base_url": koodrive_tasks.DEFAULT_BASE_URL,
        "client": repr(koodrive_tasks.KooDrive(auth=koodrive_tasks.TokenAuth("tttt"))),
        "job_page": _paging.JOB_PAGE,
        "list_default": inspect.signature(jobs.Jobs.list).parameters["limit"].default,
        "jobs_50": refuses(jobs.list_call, 0, 50, None, None, None),
        "jobs_51": refuses(jobs.list_call, 0, 51, None, None, None),
        "tasks_40": refuses(tasks.list_call, None, None, 40, None, None),
        "tasks_41": refuses(tasks.list_call, None, None, 41, None, None),
        "probe_path": probe._SPELLING_PATH,
    }))
    """
)


def test_the_base_url_page_maxima_and_probe_path_come_from_the_spec(spec_copy: SpecCopy) -> None:
    before = spec_copy.run(SHOW, regenerated=False)
    assert before["base_url"] == "https://intl.myhuaweicloud-koodrive.com"
    assert "base_url='https://intl.myhuaweicloud-koodrive.com'" in before["client"]
    assert before["job_page"] == before["list_default"] == 100
    assert [before[k] for k in ("jobs_50", "jobs_51", "tasks_40", "tasks_41")] == [False] * 4
    assert before["probe_path"] == "/koodrive/ose/v1/jobs?offset=0&limit=1"

    def change(doc: dict[str, Any]) -> None:
        doc["servers"][0]["url"] = "https://eu.koodrive.example"
        doc["paths"]["/koodrive/ose/v9/jobs"] = doc["paths"].pop("/koodrive/ose/v1/jobs")
        for item in doc["paths"].values():
            for operation in item.values():
                for parameter in operation.get("parameters", ()) if isinstance(operation, dict) else ():
                    if (operation["operationId"], parameter.get("name")) == ("listJobs", "limit"):
                        parameter["schema"]["maximum"] = 50
                    if (operation["operationId"], parameter.get("name")) == ("listTasks", "pageSize"):
                        parameter["schema"]["maximum"] = 40
                        parameter["schema"]["default"] = 40

    spec_copy.edit(change)
    spec_copy.generate()
    after = spec_copy.run(SHOW)
    assert after["base_url"] == "https://eu.koodrive.example"
    assert "base_url='https://eu.koodrive.example'" in after["client"]
    assert after["job_page"] == after["list_default"] == 50
    assert [after[k] for k in ("jobs_50", "jobs_51", "tasks_40", "tasks_41")] == [False, True, False, True]
    assert after["probe_path"] == "/koodrive/ose/v9/jobs?offset=0&limit=1"


def test_the_facts_are_the_shipped_specs() -> None:
    assert facts.MAX_JOBS_PER_PAGE == facts.MAX_TASKS_PER_PAGE == 100
    assert facts.DEFAULT_BASE_URL == "https://intl.myhuaweicloud-koodrive.com"


def test_import_koodrive_tasks_stays_cheap_although_it_reads_the_facts() -> None:
    # The default base URL comes from koodrive_generated.facts; the generated package imports its
    # HTTP client (httpx, attrs) only on first use, so `import koodrive_tasks` still loads neither.
    loaded = run_python(
        "import json, sys, koodrive_tasks; "
        "print(json.dumps(sorted(m for m in ('httpx', 'httpcore', 'attrs', 'koodrive_generated.client') "
        "if m in sys.modules)))"
    )
    assert loaded == []
    assert (
        run_python("import json; from koodrive_generated import Client; print(json.dumps(Client.__name__))")
        == "Client"
    )
