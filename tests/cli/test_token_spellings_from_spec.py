"""The token's `Authorization` spellings (Q27) are the spec's (`x-koodrive-token-spellings` on
koodriveToken): `make generate` bakes them into `koodrive_generated.facts.TOKEN_SPELLINGS`, and the
emulator's strict auth and the probe's spelling report read them from there. A spelling added in a
copy of the spec and regenerated reaches both; the shipped spec has no such spelling."""

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

SHOW = textwrap.dedent(
    """
    import json
    from koodrive_cli import probe
    from koodrive_emulator.config import AuthMode, ConfigError, TOKEN_SPELLINGS

    try:
        strict = AuthMode.from_env({"KOODRIVE_EMULATOR_TOKEN_SPELLING": "token-space"}).token_spelling
    except ConfigError:
        strict = None
    print(json.dumps({
        "emulator": TOKEN_SPELLINGS,
        "strict": strict,
        "probe": probe.TOKEN_SPELLINGS,
        "seen": probe._spelling_of("Token abc"),
    }))
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


def test_a_token_spelling_added_in_the_spec_reaches_the_emulator_and_the_probe(tmp_path: Path) -> None:
    before = shown(None)
    assert before["emulator"] == {"bearer-space": "Bearer ", "bearer-plus": "Bearer+", "bare": ""}
    assert before["strict"] is None and before["seen"] == ""
    assert before["probe"] == {"Bearer ": "Bearer <token>", "Bearer+": "Bearer+<token>", "": "<token>"}

    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    spec = spec_dir / "koodrive-tasks.yaml"
    old = "x-koodrive-token-spellings: {bearer-space: 'Bearer ', bearer-plus: 'Bearer+', bare: ''}"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, old[:-1] + ", token-space: 'Token '}"), "utf-8")
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
    assert after["emulator"]["token-space"] == "Token " and after["strict"] == "token-space"
    assert after["probe"]["Token "] == "Token <token>" and after["seen"] == "Token "
