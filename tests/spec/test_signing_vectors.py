"""spec/signing-vectors.json (issue 21): language-neutral app-auth vectors, computed by the client's
signer, pinned to the reference notes' vectors, and passed by a signer in TypeScript written from the
spec's text alone (tests/spec/signer/signer.ts, node's crypto)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "spec" / "signing-vectors.json"
BUNDLE = ROOT / "spec" / "bundled" / "koodrive-tasks.json"
SIGNER = Path(__file__).parent / "signer" / "signer.ts"
TSC = ROOT / "node_modules" / ".bin" / "tsc"
FIELDS = ("method", "url", "headers", "body", "app_id", "app_secret", "canonical_request", "string_to_sign",
          "signature", "authorization")  # fmt: skip

sys.path.insert(0, str(ROOT / "scripts"))
import signing_vectors  # noqa: E402  (a sibling script, not an installed package)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VECTORS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("signer")
    subprocess.run(
        [str(TSC), "--strict", "--target", "es2022", "--module", "commonjs", "--types", "node",
         "--outDir", str(out), str(SIGNER)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out / "signer.js"


def run_signer(signer: Path, vectors: Path) -> dict[str, Any]:
    proc = subprocess.run(
        ["node", str(signer), str(BUNDLE), str(vectors)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_the_file_is_what_the_client_signer_computes() -> None:
    assert VECTORS.read_text(encoding="utf-8") == signing_vectors.render()


def test_at_least_30_vectors_covering_the_cases(document: dict[str, Any]) -> None:
    vectors = document["vectors"]
    assert len(vectors) >= 30
    assert all(set(FIELDS) <= set(v) for v in vectors)
    assert {v["method"] for v in vectors} == {"GET", "POST"}  # every method the spec uses
    urls = [v["url"] for v in vectors]
    assert any("%2F" in u.split("?")[0] for u in urls)
    assert any("%E7%94%A8" in u.split("?")[0] for u in urls)  # unicode in a path
    assert any("%F0%9F%98%80" in u for u in urls)  # unicode in a query
    assert any(u.count("status=") > 1 for u in urls)  # a repeated query name
    assert any("=&" in u or u.endswith("=") for u in urls)  # an empty value
    assert any(v["body"] for v in vectors) and any(not v["body"] for v in vectors)


def test_pinned_to_the_reference_notes(document: dict[str, Any]) -> None:
    by_name = {v["name"]: v for v in document["vectors"]}
    assert by_name["A"]["signature"] == "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da"
    assert by_name["B"]["signature"] == "6d07845896245520617351caae099be0b9ccee4f23c3a5907ac10ed3904dbf2c"
    assert by_name["B"]["body"] == '{"jobId":"1289250105886769024"}'


def test_the_typescript_signer_passes_every_vector(signer: Path, document: dict[str, Any]) -> None:
    result = run_signer(signer, VECTORS)
    assert result == {"checked": len(document["vectors"]), "failures": {}}


def test_one_byte_of_a_secret_changed_fails_that_vector(
    signer: Path, document: dict[str, Any], tmp_path: Path
) -> None:
    changed = json.loads(json.dumps(document))
    vector = changed["vectors"][0]
    secret = vector["app_secret"]
    vector["app_secret"] = secret[:-1] + chr(ord(secret[-1]) ^ 1)
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    result = run_signer(signer, path)
    assert result["failures"] == {vector["name"]: ["signature", "authorization"]}
