"""A field is secret because the spec says so (`format: password`): `make generate` bakes the names
into `koodrive_generated.facts.SECRET_FIELDS`, and the debug log and the probe's recorded pairs mask
them by that list. Marking a field in a copy of the spec and regenerating is all it takes; the same
field is shown in clear by the shipped spec (so the test can fail)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from koodrive_tasks import http_log

ROOT = Path(__file__).resolve().parents[2]
VALUE = "zip-HOSTILE-archive-31"  # an innocent-looking name: only the spec can say it is secret

SHOW = textwrap.dedent(
    f"""
    import io, json, logging
    import httpx
    from koodrive_tasks import http_log
    from koodrive_cli import probe

    stream = io.StringIO()
    http_log.logger.addHandler(logging.StreamHandler(stream))
    http_log.enable(logging.DEBUG)
    url = "https://kd.test/koodrive/ose/v1/share/tasks"
    request = httpx.Request("POST", url, json={{"zipName": {VALUE!r}}})
    response = httpx.Response(200, json={{"code": 0, "zipName": {VALUE!r}}}, request=request)
    http_log.log_exchange(response)
    print(json.dumps({{
        "fields": sorted(http_log.SECRET_FIELDS),
        "log": stream.getvalue(),
        "probe": probe._scrub({{"zipName": {VALUE!r}}}, {{}}),
    }}))
    """
)


def shown(generated: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if generated is not None:  # the regenerated package first on the path
        env["PYTHONPATH"] = os.pathsep.join([str(generated), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_shipped_secret_fields_are_the_specs() -> None:
    assert {"kdstoken", "password", "pwd"} == http_log.SECRET_FIELDS
    assert (
        http_log.redact_body(b'{"kdstoken": "kds-77", "pwd": "pw-42", "password": "pw-43"}').count("***") == 3
    )


def test_a_field_marked_secret_in_the_spec_is_masked_after_make_generate(tmp_path: Path) -> None:
    before = shown(None)
    assert (
        "zipName" not in before["fields"] and VALUE in before["log"] and before["probe"]["zipName"] == VALUE
    )

    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    spec = spec_dir / "koodrive-tasks.yaml"
    old = "        zipName: {type: string, minLength: 1,"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(
        text.replace(old, "        zipName: {type: string, format: password, minLength: 1,"), "utf-8"
    )
    out = tmp_path / "gen"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/generate.py"),
            "--spec",
            str(spec),
            "--out",
            str(out / "koodrive_generated"),
        ],
        check=True,
        capture_output=True,
    )
    after = shown(out)
    assert "zipName" in after["fields"]
    assert VALUE not in after["log"] and '"zipName": "***"' in after["log"]  # request and echo both
    assert after["probe"]["zipName"] == "***"
