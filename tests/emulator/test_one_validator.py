"""One request validator (issue 22 item 5): the emulator's `SpecValidators` refuses requests and
`scripts/check_examples.py` checks the example pairs' requests with the same code, so the two cannot
read the spec differently. The emulator is lenient on assumed constraints, the examples are not."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from koodrive_emulator.validation import BadRequest, SpecValidators

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import check_examples  # noqa: E402

PAIRS = sorted((ROOT / "spec" / "examples").glob("*/*.json"))


def request_of(validators: SpecValidators, example: dict[str, Any]) -> tuple[Any, ...]:
    operation = validators.operations[example["operationId"]]
    request = example["request"]
    target = urlsplit(request["line"].partition(" ")[2])
    match = check_examples.template_regex(operation.path).match(target.path)
    assert match is not None
    headers = {k.lower(): [v] for k, v in request.get("headers", {}).items()}
    body = request.get("body")
    raw = json.dumps(body["value"]).encode() if body is not None else b""
    return operation, match.groupdict(), parse_qsl(target.query, keep_blank_values=True), headers, raw


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_emulator_and_the_example_check_agree_on_every_pair(
    validators: SpecValidators, pair: Path
) -> None:
    example = json.loads(pair.read_text(encoding="utf-8"))
    args = request_of(validators, example)
    strict = validators.problems(*args, ignore_headers=frozenset(check_examples.AUTH_HEADERS))
    refused: str | None = None
    try:
        validators.validate(*args)
    except BadRequest as exc:
        refused = exc.detail
    if check_examples.expects_invalid_request(example):
        assert strict and refused is not None, (strict, refused)
    else:
        assert strict == [] and refused is None, (strict, refused)


def test_check_examples_asks_the_emulators_validator(monkeypatch: Any) -> None:
    # Not a second validator that happens to agree: the script's request problems are the emulator's.
    monkeypatch.setattr(SpecValidators, "problems", lambda self, *a, **k: ["query limit: from the emulator"])
    example = json.loads((ROOT / "spec/examples/listJobs/seed-001.json").read_text(encoding="utf-8"))
    index = check_examples.SpecIndex(check_examples.SPEC_PATH)
    assert check_examples.check_request(index, "x.json", example, "listJobs") == [
        "x.json: query limit: from the emulator"
    ]


def test_an_assumed_constraint_refuses_an_example_but_not_a_request(validators: SpecValidators) -> None:
    # An empty `containerId` breaks only an assumption (x-koodrive-assumption: minLength): the
    # emulator accepts and counts it; an example pair may not show it.
    body = {"containerId": "", "fileId": "Fzip"}
    operation = validators.operations["listFile"]
    args = (operation, {}, [], {"content-type": ["application/json"]}, json.dumps(body).encode())
    assert validators.validate(*args).body == body
    problems = validators.problems(*args)
    assert any(p.startswith("request body: containerId:") for p in problems), problems


def test_problems_names_each_part_in_the_schemas_words(validators: SpecValidators) -> None:
    operation = validators.operations["listJobs"]
    problems = validators.problems(
        operation, {}, [("offset", "-1"), ("limit", "500"), ("sort", "asc")], {"x-traceid": ["a", "b"]}, None
    )
    assert "query parameter 'sort' is not declared by listJobs" in problems
    assert any(p.startswith("query offset: <root>:") and "minimum" in p for p in problems), problems
    assert any(p.startswith("query limit: <root>:") and "500" in p for p in problems), problems
    assert "header X-Traceid: header X-Traceid is repeated" in problems
    with pytest.raises(BadRequest, match="offset"):
        validators.validate(operation, {}, [("offset", "-1"), ("limit", "500")], {}, b"")
