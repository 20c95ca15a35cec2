"""`_body.parse_json` walks the top levels of a body in Python (so a whole-response deadline can
stop it) and must read every document as `json.loads` does: the same value, or the same error at
the same place. Its array and object loops share the steps after an item (`_after_item`)."""

from __future__ import annotations

import json

import pytest
from koodrive_tasks._body import parse_json

DOCUMENTS = [
    b"[]",
    b"{}",
    b' [ 1 , {"a" : [ ] , "b":{}} ] ',
    b'{"a":1,"b":[1,2,{"c":[3,{"d":[[]]}]}]}',
    b'{"code":"0","data":{"list":[{"id":"1"},{"id":"2"}],"cursor":null}}',
    b"[1,]",
    b"[1 2]",
    b'{"a" 1}',
    b"{,}",
    b'{"a":1,}',
    b"[",
    b'{"a":1',
    b"[1]x",
    b"{1:2}",
    b'{"a":1 "b":2}',
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_reads_as_json_loads_does(document: bytes) -> None:
    try:
        expected = json.loads(document)
    except json.JSONDecodeError as exc:
        with pytest.raises(json.JSONDecodeError) as got:
            parse_json(document)
        assert (got.value.msg, got.value.pos) == (exc.msg, exc.pos)
    else:
        assert parse_json(document) == expected
