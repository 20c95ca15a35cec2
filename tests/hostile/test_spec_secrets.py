"""A field is secret because the spec says so (`format: password`, or `x-koodrive-secret: true` for a
secret that is no password): `make generate` bakes the names into
`koodrive_generated.facts.SECRET_FIELDS` (and each operation's `secret_fields` in the registry),
and the debug log, the error text and repr, the probe's recorded pairs mask them by that one list;
a record's repr shows `'***'` for an attribute the spec marks secret. Marking fields (one sent, one
received) in a copy of the spec and regenerating is all it takes; the same fields are shown in
clear by the shipped spec (so the test can fail)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from koodrive_tasks import http_log

if TYPE_CHECKING:
    from conftest import SpecCopy

VALUE = "zip-HOSTILE-archive-31"  # an innocent-looking name: only the spec can say it is secret
#: a getShareTask answer whose task has a `downloadUrl` (a response field the test marks secret)
LEGACY = str(Path(__file__).resolve().parents[2] / "spec/examples/getShareTask/legacy-task-info.json")
URL = "https://intl.myhuaweicloud-koodrive.com/download/1521827471237047552.zip"

SHOW = textwrap.dedent(
    f"""
    import io, json, logging, sys, tempfile
    from pathlib import Path
    import httpx
    from koodrive_generated import facts
    from koodrive_generated.operations import OPERATIONS
    from koodrive_tasks import BadRequestError, KooDrive, TokenAuth, http_log
    from koodrive_cli import probe

    stream = io.StringIO()
    http_log.logger.addHandler(logging.StreamHandler(stream))
    http_log.enable(logging.DEBUG)
    sent = []

    def echo(request):  # a server that quotes the value back (without its name) in its error message
        sent.append(request)
        return httpx.Response(400, json={{"code": 13000102, "msg": "cannot name an archive {VALUE}"}})

    http = httpx.Client(transport=httpx.MockTransport(echo))
    with KooDrive("https://kd.test", TokenAuth("tok-0123456789"), http_client=http, max_retries=0) as client:
        try:
            client.share_tasks.create(
                1, share_id="1808628918203192832", container_id="C", file_ids=["F"], zip_name={VALUE!r}
            )
        except BadRequestError as exc:
            error = {{"str": str(exc), "repr": repr(exc)}}
    legacy = json.loads(Path({LEGACY!r}).read_text())["responses"]["200"]["value"]
    answer = lambda request: httpx.Response(200, json=legacy)
    http = httpx.Client(transport=httpx.MockTransport(answer))
    with KooDrive("https://kd.test", TokenAuth("tok-0123456789"), http_client=http) as client:
        record = repr(client.share_tasks.get("1521827471237047552", "1808628918203192832"))
    exchange = probe.Exchange("createShareTask", sent[0], 400, json.loads(sent[0].content))
    folder = Path(tempfile.mkdtemp())
    [pair] = probe.record(folder, [exchange], set(), "https://kd.test")
    print(json.dumps({{
        "fields": sorted(facts.SECRET_FIELDS),
        "operation": sorted(OPERATIONS["createShareTask"].secret_fields),
        "log": stream.getvalue(),
        "error": error,
        "record": record,
        "recorded": pair.read_text(),
    }}))
    """
)


def test_the_shipped_secret_fields_are_the_specs() -> None:
    assert {"kdstoken", "password", "pwd"} == http_log.SECRET_FIELDS
    assert (
        http_log.redact_body(b'{"kdstoken": "kds-77", "pwd": "pw-42", "password": "pw-43"}').count("***") == 3
    )


def test_a_field_marked_secret_in_the_spec_is_masked_after_make_generate(spec_copy: SpecCopy) -> None:
    before = spec_copy.run(SHOW, regenerated=False)
    assert "zipName" not in before["fields"] and before["operation"] == ["kdstoken"]
    assert VALUE in before["log"] and VALUE in before["error"]["str"] and VALUE in before["error"]["repr"]
    assert VALUE in before["recorded"]
    assert f"download_url={URL!r}" in before["record"]

    spec_copy.replace(
        "        zipName: {type: string, minLength: 1,",
        "        zipName: {type: string, x-koodrive-secret: true, minLength: 1,",
    )
    # and a response field: the share task's download link
    spec_copy.replace(
        "        downloadUrl: {type: string, format: uri}\n",
        "        downloadUrl: {type: string, format: uri, x-koodrive-secret: true}\n",
    )
    spec_copy.generate()
    after = spec_copy.run(SHOW)
    assert "zipName" in after["fields"] and after["operation"] == ["kdstoken", "zipName"]
    # the debug log: the request's field and the server's echo of it
    assert VALUE not in after["log"] and '"zipName": "***"' in after["log"]
    # the error the echo raised: its text and its repr
    assert VALUE not in after["error"]["str"] and "***" in after["error"]["str"]
    assert VALUE not in after["error"]["repr"]
    # the repr of a record carrying a field the spec marks secret
    assert URL not in after["record"] and "download_url='***'" in after["record"]
    assert "ShareTask(id='1521827471237047552'" in after["record"]
    # the pair `koodrive-tasks probe --record` writes
    assert VALUE not in after["recorded"] and '"zipName": "***"' in after["recorded"]
