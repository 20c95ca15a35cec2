"""Referee: Huawei's own SDK signer (`huaweicloudsdkcore`, pinned in requirements/dev.txt).

KooDrive's app auth shares step 1, the canonical request, with the signer of Huawei's SDKs (only
the string to sign differs: KooDrive has no date line, Q39). So the canonical request the client
signs (`koodrive_tasks.auth.sign`, the function behind `AppAuth` and `koodrive-tasks sign`) and the
one the emulator verifies (`koodrive_emulator.auth`) are compared with the SDK's
`Signer._process_canonical_request` on a fixed, seeded set of generated requests: unicode, spaces,
`+ / ~ * %`, RFC 3986 sub-delims in paths, repeated and empty keys and values, case.

Every difference must have a catalogued reason, each one a place where the docs' CanonicalURI rule
("normalise per RFC 3986", then encode each segment; koodrive-api.md §1.5) and the SDK part ways;
the SDK splits the decoded path at every `/` and never normalises:

- `encoded-slash`: a `%2F` inside a segment stays `%2F` for the docs; the SDK makes it a separator.
- `dot-segment`: an encoded `.` or `..` segment (`%2E`; httpx already resolves literal ones) is
  resolved by the docs' normalisation; the SDK keeps it.
- `empty-segment`: `//` is a redundant empty segment the docs drop; the SDK keeps it.

For each of them the other five lines of the canonical request must be equal, and the SDK's URI,
normalised the docs' way, must be the client's (with `%2F` read as a separator for
`encoded-slash`): so a reason explains a difference, it does not excuse any.
"""

from __future__ import annotations

import json
import random
import warnings
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from koodrive_emulator import auth as emulator_auth
from koodrive_emulator import create_app
from koodrive_tasks import AppAuth
from koodrive_tasks.auth import canonical_uri, sign

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SEED = 20261201
COUNT = 600
SIGNED = ["host", "x-date", "x-user-id"]
HOSTS = [
    "intl.myhuaweicloud-koodrive.com",
    "cn.myhuaweicloud-koodrive.com:8443",
    "127.0.0.1:8787",
    "KD.Example",
]
SUB_DELIMS = "!$&'()*+,;=:@"
# Pieces a path segment or a query name or value is made of.
PIECES = [
    "jobs", "a", "A", "Z9", "-_.", "~", "*", "+", " ", "%", "%zz", "%7e", "%7E", "%20", "%25", "/",
    "ü", "中文", "😀", "é", "|", "[]", "^",
    *SUB_DELIMS,
]  # fmt: skip
PATH_ONLY = ["%2F", "%2f", "%2E", "%2E%2E", "", "a%2Fb"]
REASONS = ("encoded-slash", "dot-segment", "empty-segment")


@dataclass
class Case:
    method: str
    url: str
    params: list[tuple[str, str]]
    body: bytes


def _text(rng: random.Random, pieces: list[str], most: int) -> str:
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, most)))


def generated_cases() -> list[Case]:
    rng = random.Random(SEED)
    cases = []
    for _ in range(COUNT):
        segments = [
            rng.choice(PATH_ONLY) if rng.random() < 0.05 else _text(rng, PIECES, 3).replace("/", "") or "x"
            for _ in range(rng.randint(1, 4))
        ]
        path = "/" + "/".join(segments) + rng.choice(["", "/"])
        keys = [_text(rng, PIECES, 3) for _ in range(rng.randint(0, 3))]
        params = [(rng.choice(keys), _text(rng, PIECES, 3)) for _ in range(rng.randint(0, 5))] if keys else []
        if params and rng.random() < 0.3:
            params.append((params[0][0], _text(rng, PIECES, 2)))  # a repeated name
        if rng.random() < 0.15:
            params += [("Limit", "1"), ("limit", "2")]  # names that differ in case only
        method = rng.choice(["GET", "POST", "PUT", "DELETE"])
        body = b"" if method in ("GET", "DELETE") else json.dumps({"k": _text(rng, PIECES, 4)}).encode()
        cases.append(Case(method, f"https://{rng.choice(HOSTS)}{path}", params, body))
    return cases


CASES = generated_cases()


def client_canonical(case: Case) -> tuple[httpx.Request, str]:
    request = httpx.Request(case.method, case.url, params=case.params, content=case.body)
    signed = sign(request, app_id="app", app_secret="secret", user_id="1505084218764547200")
    request.headers.update(signed.headers)  # what AppAuth does with them
    return request, signed.canonical_request


def sdk_canonical(request: httpx.Request, params: list[tuple[str, str]]) -> str:
    """The SDK's step 1 over the request as sent: its path, the caller's (decoded) query pairs."""
    headers = {"Host": request.headers["host"], "X-Date": request.headers["x-date"]}
    headers["X-User-Id"] = request.headers["x-user-id"]
    sdk_request = SdkRequest(
        method=request.method,
        schema=request.url.scheme,
        host=request.url.host,
        resource_path=request.url.raw_path.decode("ascii").split("?", 1)[0],
        query_params=list(params),
        header_params=headers,
        body=request.content,
    )
    signer = Signer(SimpleNamespace(ak="app", sk="secret"))
    return signer._process_canonical_request(sdk_request, SIGNED)


def emulator_canonical(request: httpx.Request) -> str:
    headers = {name: request.headers[name] for name in SIGNED}
    return emulator_auth.canonical_request(
        request.method,
        request.url.raw_path.decode("ascii").split("?", 1)[0],
        request.url.query.decode("ascii"),
        headers,
        SIGNED,
        request.content,
    )


def reasons(raw_path: str) -> set[str]:
    """The catalogued reasons that apply to a path as sent."""
    found = set()
    sdk_segments = unquote(raw_path).split("/")[1:]  # the SDK's reading: decode, then split
    if "%2f" in raw_path.lower():
        found.add("encoded-slash")
    if any(segment in (".", "..") for segment in sdk_segments):
        found.add("dot-segment")
    if "" in sdk_segments[:-1]:
        found.add("empty-segment")
    return found


def explained(client: str, sdk: str, raw_path: str) -> bool:
    """The difference is in the URI line only, and the catalogued reasons account for all of it."""
    client_lines, sdk_lines = client.split("\n"), sdk.split("\n")
    if client_lines[:1] + client_lines[2:] != sdk_lines[:1] + sdk_lines[2:]:
        return False
    client_uri, sdk_uri = client_lines[1], sdk_lines[1]
    if "encoded-slash" in reasons(raw_path):
        client_uri = canonical_uri(client_uri.replace("%2F", "/"))
    return canonical_uri(sdk_uri) == client_uri


def test_the_generated_set_covers_what_it_claims() -> None:
    """The comparison below means something only if the set holds the hard cases."""
    paths = [httpx.URL(case.url).raw_path.decode() for case in CASES]

    def count(predicate: Any) -> int:
        return sum(1 for case, path in zip(CASES, paths, strict=True) if predicate(case, path))

    assert len(CASES) >= 500
    assert count(lambda c, p: any(d in p.split("?")[0] for d in SUB_DELIMS)) >= 200
    assert count(lambda c, p: "%C3%BC" in p or "%E4%B8%AD" in p or "%F0%9F%98%80" in p) >= 100
    assert count(lambda c, p: len({k for k, _ in c.params}) < len(c.params)) >= 50  # repeated names
    assert count(lambda c, p: any(k == "" for k, _ in c.params)) >= 20  # empty names
    assert count(lambda c, p: any(v == "" for _, v in c.params)) >= 20  # empty values
    assert count(lambda c, p: len({k.lower() for k, _ in c.params}) < len({k for k, _ in c.params})) >= 50
    assert count(lambda c, p: any(ch in k + v for k, v in c.params for ch in "+ /~*%")) >= 200
    assert count(lambda c, p: bool(reasons(p))) >= 50


def test_client_and_emulator_agree_with_huaweis_sdk_signer() -> None:
    uncatalogued: list[str] = []
    catalogued = {reason: 0 for reason in REASONS}
    emulator_differs: list[str] = []
    identical = 0
    for case in CASES:
        request, client = client_canonical(case)
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        sdk = sdk_canonical(request, case.params)
        if emulator_canonical(request) != client:
            emulator_differs.append(f"{case}")
        if client == sdk:
            identical += 1
            continue
        why = reasons(raw_path)
        if why and explained(client, sdk, raw_path):
            for reason in why:
                catalogued[reason] += 1
        else:
            uncatalogued.append(f"{case}\n--- client\n{client}\n--- sdk\n{sdk}")
    assert not uncatalogued, f"{len(uncatalogued)} of {len(CASES)} differ without a reason:\n" + "\n".join(
        uncatalogued[:3]
    )
    assert not emulator_differs, (
        f"the emulator's verifier differs on {len(emulator_differs)}: {emulator_differs[:3]}"
    )
    differing = len(CASES) - identical
    print(
        f"SDK referee: {len(CASES)} requests, {len(CASES) - differing} identical, 0 uncatalogued"
        f" differences, catalogued {catalogued}"
    )
    assert differing > 0  # the set holds the known differences, so the reasons are exercised


@pytest.mark.parametrize(
    ("raw_path", "why"),
    [
        ("/a%2Fb/", {"encoded-slash"}),
        ("/a/%2E%2E/b", {"dot-segment"}),
        ("/a//b", {"empty-segment"}),
        ("/a/!$&'()*+,;=:@/", set()),  # sub-delims: no reason; the client now encodes them, as the SDK
    ],
)
def test_each_reason_is_a_real_difference(raw_path: str, why: set[str]) -> None:
    """A reason names a place the two readings really part (and the sub-delims are not one)."""
    case = Case("GET", f"https://h{raw_path}", [], b"")
    request, client = client_canonical(case)
    sdk = sdk_canonical(request, [])
    assert reasons(raw_path) == why
    assert (client != sdk) == bool(why)
    if why:
        assert explained(client, sdk, raw_path)


def test_generated_requests_signed_by_app_auth_pass_the_emulator() -> None:
    """End to end: AppAuth signs, the emulator verifies; unknown query pairs are ignored by listJobs."""
    auth = AppAuth("emulator-app", "emulator-secret", "1505084218764547200")
    refused = []
    with TestClient(create_app()) as client:
        for case in CASES[:150]:
            params = [
                ("offset", "0"),
                ("limit", "1"),
                *[(k, v) for k, v in case.params if k not in ("offset", "limit")],
            ]
            response = client.get("/koodrive/ose/v1/jobs", params=params, auth=auth)
            if response.status_code != 200:
                refused.append((params, response.status_code, response.text[:120]))
    assert not refused, f"{len(refused)} of 150 refused: {refused[:3]}"
