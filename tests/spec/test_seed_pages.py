"""The seed example pairs in spec/examples/ are the seed pages' own example bodies (issue 11 item 3).

The emulator's fixtures come from spec/examples/, so replaying them against the emulator
(tests/emulator/test_seed_replay.py) alone would be circular: an example edited by one field would
change the emulator's answer with it. This test closes the loop against the pages themselves,
`../shared/seeds/` beside the checkout (CI lays it there too): each pair marked verbatim holds, as
its 200 body, exactly the JSON of its page's "Example Responses / Status code: 200", in key order.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "spec" / "examples"


def verbatim_seed_pairs() -> list[Path]:
    pairs = []
    for path in sorted(EXAMPLES.glob("*/*.json")):
        source = json.loads(path.read_text(encoding="utf-8"))["source"]
        if source.get("seed") and source.get("verbatim"):
            pairs.append(path)
    return pairs


def page_example_200(page: str) -> Any:
    """The JSON body under the page's "Example Responses", first "Status code: 200"."""
    start = page.index("Example Responses")
    start = page.index("Status code: 200", start)
    body, _ = json.JSONDecoder().raw_decode(page, page.index("{", start))
    return body


def mismatch(pair: dict[str, Any]) -> str | None:
    """Why the pair's 200 body is not its page's example, or None when it is (key order included)."""
    page = (SEEDS / pair["source"]["seed"]).read_text(encoding="utf-8")
    expected = page_example_200(page)
    stored = pair["responses"]["200"]["value"]
    if stored != expected:
        return f"the stored body differs from {pair['source']['seed']}'s example"
    if json.dumps(stored) != json.dumps(expected):
        return f"the stored body's key order differs from {pair['source']['seed']}'s example"
    return None


def test_the_seed_pages_are_beside_the_checkout() -> None:
    assert sorted(p.name for p in SEEDS.glob("*.txt"))[:5] == sorted(
        {json.loads(p.read_text(encoding="utf-8"))["source"]["seed"] for p in verbatim_seed_pairs()}
    ), "expected the five seed pages in ../shared/seeds, one verbatim pair for each"


@pytest.mark.parametrize("path", verbatim_seed_pairs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_verbatim_pair_holds_its_pages_example_body(path: Path) -> None:
    assert mismatch(json.loads(path.read_text(encoding="utf-8"))) is None


def _first_scalar_path(value: Any) -> list[Any]:
    while isinstance(value, dict | list):
        key = next(iter(value)) if isinstance(value, dict) else 0
        return [key, *_first_scalar_path(value[key])]
    return []


@pytest.mark.parametrize("path", verbatim_seed_pairs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_body_changed_by_one_field_is_caught(path: Path) -> None:
    pair = json.loads(path.read_text(encoding="utf-8"))
    changed = copy.deepcopy(pair)
    node = changed["responses"]["200"]["value"]
    *parents, last = _first_scalar_path(node)
    for key in parents:
        node = node[key]
    node[last] = f"{node[last]}-changed"
    assert mismatch(changed) is not None

    reordered = copy.deepcopy(pair)
    body = reordered["responses"]["200"]["value"]
    reordered["responses"]["200"]["value"] = dict(reversed(list(body.items())))
    assert mismatch(reordered) is not None
