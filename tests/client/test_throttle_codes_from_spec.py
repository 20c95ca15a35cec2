"""The API gateway's throttle codes are the spec's (`x-koodrive-throttle-codes` on ErrorBody, Q65):
`make generate` bakes them into `koodrive_generated.facts.THROTTLE_CODES`, and the client's error
classification and the emulator's `apig` fault read them from there. Flipping the code in a copy of
the spec and regenerating is all it takes; the shipped spec classifies the new code as no throttle
(so the test can fail)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NEW_CODE = "APIGW.0399"

SHOW = textwrap.dedent(
    f"""
    import json
    from koodrive_generated import facts
    from koodrive_tasks import _errors
    from koodrive_emulator.config import Faults
    from koodrive_emulator.app import APIG_MESSAGES

    def classes(code):
        body = json.dumps({{"error_code": code, "error_msg": "refused"}}).encode()
        on_400 = _errors.status_error(400, body, None)
        on_200 = _errors.business_error(200, None, "refused", None, {{}}, raw_code=code)
        return [type(on_400).__name__, type(on_200).__name__]

    print(json.dumps({{
        "codes": list(facts.THROTTLE_CODES),
        "new": classes({NEW_CODE!r}),
        "old": classes("APIGW.0308"),
        "emulator_default": Faults().apig_code,
        "emulator_message": APIG_MESSAGES.get({NEW_CODE!r}, ""),
    }}))
    """
)


def shown(generated: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if generated is not None:  # the regenerated package first on the path
        env["PYTHONPATH"] = os.pathsep.join([str(generated), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_throttle_code_set_in_the_spec_is_a_rate_limit_after_make_generate(tmp_path: Path) -> None:
    before = shown(None)
    assert before["codes"] == ["APIGW.0308"]
    assert before["old"] == ["RateLimitError", "RateLimitError"]
    assert before["new"] == ["BadRequestError", "APIError"]
    assert before["emulator_default"] == "APIGW.0308" and before["emulator_message"] == ""

    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    spec = spec_dir / "koodrive-tasks.yaml"
    old = "x-koodrive-throttle-codes: [APIGW.0308]"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, f"x-koodrive-throttle-codes: [{NEW_CODE}]"), "utf-8")
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
    assert after["codes"] == [NEW_CODE]
    assert after["new"] == ["RateLimitError", "RateLimitError"]
    assert after["old"] == ["BadRequestError", "APIError"]
    assert after["emulator_default"] == NEW_CODE and "throttling threshold" in after["emulator_message"]
