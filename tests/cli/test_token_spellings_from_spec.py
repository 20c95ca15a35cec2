"""The token's `Authorization` spellings (Q27) are the spec's (`x-koodrive-token-spellings` on
koodriveToken): `make generate` bakes them into `koodrive_generated.facts.TOKEN_SPELLINGS`, and the
emulator's strict auth and the probe's spelling report read them from there. A spelling added in a
copy of the spec and regenerated reaches both; the shipped spec has no such spelling."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import SpecCopy

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


def test_a_token_spelling_added_in_the_spec_reaches_the_emulator_and_the_probe(spec_copy: SpecCopy) -> None:
    before = spec_copy.run(SHOW, regenerated=False)
    assert before["emulator"] == {"bearer-space": "Bearer ", "bearer-plus": "Bearer+", "bare": ""}
    assert before["strict"] is None and before["seen"] == ""
    assert before["probe"] == {"Bearer ": "Bearer <token>", "Bearer+": "Bearer+<token>", "": "<token>"}

    old = "x-koodrive-token-spellings: {bearer-space: 'Bearer ', bearer-plus: 'Bearer+', bare: ''}"
    spec_copy.replace(old, old[:-1] + ", token-space: 'Token '}")
    spec_copy.generate()
    after = spec_copy.run(SHOW)
    assert after["emulator"]["token-space"] == "Token " and after["strict"] == "token-space"
    assert after["probe"]["Token "] == "Token <token>" and after["seen"] == "Token "
