"""The API gateway's throttle codes are the spec's (`x-koodrive-throttle-codes` on ErrorBody, Q65):
`make generate` bakes them into `koodrive_generated.facts.THROTTLE_CODES`, and the client's error
classification and the emulator's `apig` fault read them from there. Flipping the code in a copy of
the spec and regenerating is all it takes; the shipped spec classifies the new code as no throttle
(so the test can fail)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import SpecCopy

ROOT = Path(__file__).resolve().parents[2]
NEW_CODE = "APIGW.0399"

SHOW = textwrap.dedent(
    f"""
    import json
    from koodrive_generated import facts
    from koodrive_tasks import _errors
    from koodrive_emulator.config import Faults
    from koodrive_emulator.middleware import APIG_MESSAGES

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


def test_a_throttle_code_set_in_the_spec_is_a_rate_limit_after_make_generate(spec_copy: SpecCopy) -> None:
    before = spec_copy.run(SHOW, regenerated=False)
    assert before["codes"] == ["APIGW.0308"]
    assert before["old"] == ["RateLimitError", "RateLimitError"]
    assert before["new"] == ["BadRequestError", "APIError"]
    assert before["emulator_default"] == "APIGW.0308" and before["emulator_message"] == ""

    spec_copy.replace("x-koodrive-throttle-codes: [APIGW.0308]", f"x-koodrive-throttle-codes: [{NEW_CODE}]")
    spec_copy.generate()
    after = spec_copy.run(SHOW)
    assert after["codes"] == [NEW_CODE]
    assert after["new"] == ["RateLimitError", "RateLimitError"]
    assert after["old"] == ["BadRequestError", "APIError"]
    assert after["emulator_default"] == NEW_CODE and "throttling threshold" in after["emulator_message"]
