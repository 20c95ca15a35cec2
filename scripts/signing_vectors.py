"""Write spec/signing-vectors.json (`make generate`) or check it (`make check-generated`): app-auth
signing test vectors for a signer in any language, computed by `koodrive_tasks.auth.sign` (the
client's signer) and pinned to the two vectors of the reference notes (spec/reference/koodrive-api.md
§1.6 (b), A and B), whose published signatures must come out unchanged.

Each vector is a request as it is sent (`method`, `url` percent-encoded as on the wire, `headers`,
`body` as a UTF-8 string, empty for none) and the credentials (`app_id`, `app_secret`, with the
`X-User-Id` and `X-Date` in `headers`), then each step of the signature: `canonical_request`,
`string_to_sign`, `signature` and the `authorization` header value. The rules are those of the
`koodriveAppAuth` security scheme of the spec (its description and `x-koodrive-signing`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import httpx
from koodrive_tasks.auth import sign, string_to_sign

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "spec" / "signing-vectors.json"

APP_ID = "a378331eca141163119eb602adb67b7802cc79cd33ba44c7d2fe61d1586c96a1"
SECRET = "test-app-secret-0123456789"  # noqa: S105  (the reference notes' published test secret)
USER = "1505084218764547200"
DATE = "20240909T033325Z"
INTL = "https://intl.myhuaweicloud-koodrive.com"
V1 = f"{INTL}/koodrive/ose/v1"
JSON_TYPE = {"Content-Type": "application/json"}

# The reference notes' computed vectors (§1.6 (b)): the generator fails unless these come out.
PINNED = {
    "A": "4b7dafde3824988cf5ea9e49fe7cb7be2c60cd40ded07f68051942b4aaa478da",
    "B": "6d07845896245520617351caae099be0b9ccee4f23c3a5907ac10ed3904dbf2c",
}

# name, note, method, url, body, extra: app_secret / user / date / headers overrides
CASES: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    (
        "A",
        "reference notes §1.6 (b) A: listJobs; the query is sorted (limit before offset)",
        "GET",
        f"{V1}/jobs?offset=0&limit=10",
        "",
        {},
    ),
    (
        "B",
        "reference notes §1.6 (b) B: cancelJob with its exact body bytes",
        "POST",
        f"{V1}/cancel",
        '{"jobId":"1289250105886769024"}',
        {},
    ),
    (
        "list-jobs-filtered",
        "listJobs with every query parameter",
        "GET",
        f"{V1}/jobs?type=1&status=2&offset=20&limit=100",
        "",
        {},
    ),
    ("get-job", "getJob: a 19-digit id as a path segment", "GET", f"{V1}/1309243162258308352", "", {}),
    (
        "create-job",
        "createJob: a JSON body with nested objects",
        "POST",
        f"{V1}/jobs",
        '{"taskType":1,"actionType":101,"taskInfo":{"fileInfo":[{"fileId":"FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3"}],'
        '"srcContainerId":"IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4"},'
        '"dstContainerId":"IAADfsBFCO6WtAtuA9add2fea594e4e75b8feb8474ef236"}',
        {},
    ),
    (
        "create-task",
        "createTask: a handover body",
        "POST",
        f"{V1}/task/create",
        '{"taskType":0,"srcUserId":"1397687227244555008","dstUserId":"1505084218764547200"}',
        {},
    ),
    (
        "list-tasks-repeated-status",
        "listTasks: a repeated name keeps every pair, sorted by value",
        "GET",
        f"{V1}/task/list?status=3&status=0&status=1&pageSize=100",
        "",
        {},
    ),
    (
        "list-tasks-empty-cursor",
        "listTasks: `pageCursor=` with no value keeps its `=`",
        "GET",
        f"{V1}/task/list?taskType=0&pageCursor=",
        "",
        {},
    ),
    (
        "list-tasks-bare-cursor",
        "a name with no `=` at all is the same empty value",
        "GET",
        f"{V1}/task/list?pageCursor&taskType=0",
        "",
        {},
    ),
    (
        "list-tasks-cursor",
        "listTasks: a 13-digit cursor",
        "GET",
        f"{V1}/task/list?pageCursor=1723549107000&pageSize=10",
        "",
        {},
    ),
    ("get-task", "getTask", "GET", f"{V1}/task/1486368980720435200", "", {}),
    (
        "get-task-result",
        "getTaskResult: the table's `taskId`",
        "GET",
        f"{V1}/task/result?taskId=1486368980720435200",
        "",
        {},
    ),
    (
        "get-task-result-lowercase",
        "getTaskResult: the example's `taskid`",
        "GET",
        f"{V1}/task/result?taskid=1486368980720435200",
        "",
        {},
    ),
    (
        "handover-recipient",
        "getHandoverDstUserInfo",
        "GET",
        f"{V1}/task/dstUserInfo/1397687227244555008",
        "",
        {},
    ),
    (
        "create-share-task",
        "createShareTask",
        "POST",
        f"{V1}/share/tasks",
        '{"taskType":1,"containerId":"IAACk0hRXpq9DAWkA1521827471237047552","fileIds":["root"],'
        '"shareId":"1808628918203192832"}',
        {},
    ),
    (
        "get-share-task",
        "getShareTask: a query sent as POST",
        "POST",
        f"{V1}/share/taskDetail",
        '{"taskId":"1521827471237047552","shareId":"1808628918203192832"}',
        {},
    ),
    (
        "list-file-unicode-body",
        "listFile: a body with non-ASCII text, hashed as its UTF-8 bytes",
        "POST",
        f"{V1}/archive/listFile",
        '{"containerId":"IAADfsBFCO6WtAtuA315074383680425b8aa9a130cba2d4","fileId":"FuZmQ66CF0DdpKRG1Y29Iwajbq04Nhwu3",'
        '"pwd":"密码 ünïcödé"}',
        {},
    ),
    ("post-empty-body", "a POST with no body: the hash of the empty string", "POST", f"{V1}/cancel", "", {}),
    (
        "body-with-spaces",
        "the body is hashed byte for byte: spaces and a newline count",
        "POST",
        f"{V1}/cancel",
        '{ "jobId": "1289250105886769024" }\n',
        {},
    ),
    (
        "unicode-path",
        "a non-ASCII path segment, sent percent-encoded as UTF-8",
        "GET",
        f"{V1}/task/dstUserInfo/%E7%94%A8%E6%88%B7",
        "",
        {},
    ),
    (
        "lowercase-percent-path",
        "lowercase percent-escapes are re-encoded in uppercase",
        "GET",
        f"{V1}/task/dstUserInfo/%e7%94%a8%e6%88%b7",
        "",
        {},
    ),
    (
        "encoded-slash-in-path",
        "`%2F` inside a segment stays one segment, encoded",
        "GET",
        f"{V1}/task/dstUserInfo/a%2Fb",
        "",
        {},
    ),
    (
        "reserved-in-path",
        "reserved and sub-delimiter characters of a segment are encoded",
        "GET",
        f"{V1}/task/dstUserInfo/a!b$c'd(e)f*g+h,i;j=k:l@m",
        "",
        {},
    ),
    (
        "unreserved-in-path",
        "unreserved characters stay as they are",
        "GET",
        f"{V1}/task/dstUserInfo/A-z_0.9~",
        "",
        {},
    ),
    (
        "empty-segments",
        "empty segments (`//`) are dropped; the HTTP client resolved `.` and `..` before sending",
        "GET",
        f"{INTL}/koodrive//ose/./v1/x/../jobs?offset=0&limit=10",
        "",
        {},
    ),
    (
        "trailing-slash",
        "a path ending in `/` gets no second one",
        "GET",
        f"{V1}/jobs/?offset=0&limit=10",
        "",
        {},
    ),
    (
        "unicode-query",
        "a non-ASCII query value, one %XY per UTF-8 byte",
        "GET",
        f"{V1}/jobs?offset=0&limit=10&name=%E4%B8%AD%E6%96%87",
        "",
        {},
    ),
    (
        "emoji-query",
        "a 4-byte UTF-8 character in a query value",
        "GET",
        f"{V1}/jobs?offset=0&limit=10&q=%F0%9F%98%80",
        "",
        {},
    ),
    (
        "space-in-query",
        "a space is `%20`, never `+`; a `+` on the wire decodes to a space",
        "GET",
        f"{V1}/jobs?a=x%20y&b=x+y&offset=0&limit=1",
        "",
        {},
    ),
    (
        "plus-sign-in-query",
        "a literal plus is sent as `%2B` and stays `%2B`",
        "GET",
        f"{V1}/jobs?q=1%2B1&offset=0&limit=1",
        "",
        {},
    ),
    (
        "reserved-in-query",
        "`&`, `=`, `/`, `?`, `#` inside values are encoded",
        "GET",
        f"{V1}/jobs?q=a%26b%3Dc%2Fd%3Fe%23f&offset=0&limit=1",
        "",
        {},
    ),
    (
        "query-sort-case",
        "names sort by character code: uppercase before lowercase",
        "GET",
        f"{V1}/jobs?b=1&B=2&a=3&A=4",
        "",
        {},
    ),
    (
        "query-sort-decoded",
        "pairs sort by the decoded name, not its encoding",
        "GET",
        f"{V1}/jobs?%7Ea=1&~b=2&_c=3&-d=4&.e=5",
        "",
        {},
    ),
    ("empty-values", "empty values keep their `=`", "GET", f"{V1}/jobs?a=&b=&offset=0&limit=1", "", {}),
    (
        "host-with-port",
        "a non-default port is part of the signed host",
        "GET",
        "https://127.0.0.1:8443/koodrive/ose/v1/jobs?offset=0&limit=10",
        "",
        {},
    ),
    (
        "host-default-port",
        "the default port is not",
        "GET",
        "https://intl.myhuaweicloud-koodrive.com:443/koodrive/ose/v1/jobs?offset=0&limit=10",
        "",
        {},
    ),
    (
        "cn-endpoint",
        "the Chinese mainland endpoint",
        "GET",
        "https://cn.myhuaweicloud-koodrive.com/koodrive/ose/v1/jobs?offset=0&limit=10",
        "",
        {},
    ),
    (
        "other-secret",
        "another secret, user and date",
        "GET",
        f"{V1}/jobs?offset=0&limit=10",
        "",
        {
            "app_secret": "an0ther-S3cret/with+symbols=",
            "user": "1397687227244555008",
            "date": "20251103T070140Z",
        },
    ),
    (
        "unicode-secret",
        "a secret with non-ASCII characters is used as its UTF-8 bytes",
        "POST",
        f"{V1}/cancel",
        '{"jobId":"1289250105886769024"}',
        {"app_secret": "sécret-密钥"},
    ),
    (
        "header-whitespace",
        "header values are trimmed before signing",
        "GET",
        f"{V1}/jobs?offset=0&limit=10",
        "",
        {"user": "  1505084218764547200 "},
    ),
]


def vector(name: str, note: str, method: str, url: str, body: str, extra: dict[str, Any]) -> dict[str, Any]:
    secret = extra.get("app_secret", SECRET)
    user = extra.get("user", USER)
    date = extra.get("date", DATE)
    headers = dict(JSON_TYPE) if body else {}
    request = httpx.Request(method, url, content=body.encode("utf-8"), headers=headers)
    signed = sign(request, app_id=APP_ID, app_secret=secret, user_id=user, date=date)
    sent = {
        "Host": signed.headers["Host"],
        "X-Date": signed.headers["X-Date"],
        "X-User-Id": signed.headers["X-User-Id"],
        **headers,
    }
    auth = signed.headers["Authorization"]
    return {
        "name": name,
        "note": note,
        "method": method,
        "url": str(request.url),
        "headers": sent,
        "body": body,
        "app_id": APP_ID,
        "app_secret": secret,
        "canonical_request": signed.canonical_request,
        "string_to_sign": string_to_sign(signed.canonical_request),
        "signature": auth.rsplit("Signature=", 1)[1],
        "authorization": auth,
    }


def render() -> str:
    vectors = [vector(*case) for case in CASES]
    for v in vectors:
        if v["name"] in PINNED and v["signature"] != PINNED[v["name"]]:
            published = PINNED[v["name"]]
            raise SystemExit(f"signing vector {v['name']}: {v['signature']} is not the published {published}")
    document = {
        "description": (
            "App-auth (HMAC-SHA256) signing vectors of the KooDrive task APIs, for a signer in any language. "
            "The rules: the koodriveAppAuth security scheme of koodrive-tasks.yaml (description and "
            "x-koodrive-signing). Each vector is a request as sent (url percent-encoded as on the wire; "
            "body as a UTF-8 string, empty for none) and the result of each step. Written by "
            "scripts/signing_vectors.py from koodrive_tasks.auth.sign; A and B are the reference notes' "
            "vectors with their published signatures."
        ),
        "algorithm": "HMAC-SHA256",
        "signed_headers": ["host", "x-date", "x-user-id"],
        "vectors": vectors,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, help="write the vectors to this file")
    mode.add_argument("--check", type=Path, help="fail if this file is not what the signer computes")
    args = parser.parse_args()
    text = render()
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(CASES)} signing vectors to {args.out}")
        return 0
    if not args.check.exists() or args.check.read_text(encoding="utf-8") != text:
        print(
            f"{args.check} is not what koodrive_tasks.auth.sign computes: run `make generate`",
            file=sys.stderr,
        )
        return 1
    print(f"{args.check} matches koodrive_tasks.auth.sign ({len(CASES)} vectors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
