"""Secrets stay out of reprs, tracebacks and exception text.

`Secret` is a `str` whose `repr()` is `'***'`, still the real string for JSON encoding and signing
(json and httpx read the characters, not the repr). Two places make one, for two reasons:
- `secrets_in` wraps, when a request is prepared, every string its JSON holds under a name the spec
  marks secret (`SECRET_FIELDS`), and collects them for `scrub`: the debug log, error text and
  the probe's recordings need no more than that.
- A public method that takes such a value as a parameter (`password`, `kdstoken`) wraps it with
  `secret()` on entry: its frame, the call builder's, the generated request model and the
  `ApiCall` hold the value before any request exists, and `traceback.TracebackException(
  capture_locals=True)`, `pytest --showlocals` or a logger print those frames. Without it a
  traceback with locals shows the value in clear (tests/hostile/test_secrets.py), so it is not
  redundant; tests/hostile/test_secret_parameters.py finds these parameters from the spec (which
  argument lands in a secret field of the request) and fails for one left unwrapped.

`scrub()` takes out of a server's text what the client knows to be secret (the token, the app
secret, the request's secrets) and anything shaped like a credential (`Bearer …`, `Signature=…`,
a field the spec marks secret with its value: `pwd=…`, `"kdstoken": "…"`):
a server that echoes the Authorization header into `msg` must not put the token into `str(exc)`.
A known secret is found as it is and in the encodings a server or proxy echoes it in (`forms`):
JSON-escaped, URL-encoded, HTML-escaped, base64 (alone, or at any alignment inside a longer base64
blob). The one mechanism behind error messages and bodies, the debug log (`http_log`), and the
text of `InvalidFieldWarning` and the repr of a record's `extra`. The patterns of what a
credential looks like (secret names from the spec's `format: password` and `x-koodrive-secret`,
credential words, the token's Authorization spellings, the signature) live here only; `http_log`
masks by them too.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote, quote_plus

from koodrive_generated import facts as _facts

REDACTED = "***"
MIN_SECRET = 4  # shorter "secrets" would scrub ordinary words out of messages
MIN_BASE64 = 8  # a shorter piece of base64 would match ordinary base64 text by chance

# ---- what a credential looks like: the one home of these patterns (errors, warnings, the log) ----
#: Names whose value is a credential, by the spec: every property or parameter it marks
#: `format: password` or `x-koodrive-secret: true` (`kdstoken`, createJob's `password`, listFile's
#: `pwd`), baked into
#: `koodrive_generated.facts.SECRET_FIELDS` by `make generate`.
SECRET_FIELDS = _facts.SECRET_FIELDS
#: Words that make any other name a credential's (headers, and fields a server or proxy echoes
#: back that no spec describes: `accessToken`, `appSecret`, `Signature`, `Set-Cookie`,
#: `X-Auth-Token`).
CREDENTIAL_WORDS = ("token", "secret", "signature", "authorization", "cookie")
_FIELDS = "|".join(re.escape(name) for name in sorted(SECRET_FIELDS, key=len, reverse=True))
_NAMES = "|".join([_FIELDS, *CREDENTIAL_WORDS] if _FIELDS else CREDENTIAL_WORDS)
#: Names (JSON keys, query parameters, headers) whose value is a credential: a spec secret field or
#: a credential word inside the name. The log and the probe's recorded pairs mask by this pattern.
SECRET_KEY = re.compile(f"({_NAMES})", re.IGNORECASE)
#: The same keys inside text that is not JSON (a query string, an HTML error page, a form).
SECRET_PAIR = re.compile(
    rf"""(?P<key>["']?[\w-]*(?:{_NAMES})[\w-]*["']?\s*[:=]\s*["']?)(?P<value>[^"'&\s,}}]+)""",
    re.IGNORECASE,
)
#: The characters a credential value is made of, in text (it ends at a space, a quote, `,;&`, or
#: the backslash of a JSON-escaped quote in a raw body).
_VALUE = r"""[^\s"',;&\\]+"""
#: An app-auth signature, `Signature=<hex>` (the Authorization header's last part).
SIGNATURE = re.compile(rf"(signature=)({_VALUE})", re.IGNORECASE)
#: The token's Authorization spellings: `Bearer <t>`, `Bearer+<t>` (Q27) and `Bearer<t>`.
_BEARER = r"bearer(?P<sep>[ +]?)"
_BEARER_AT_START = re.compile(_BEARER, re.IGNORECASE)
#: Anything shaped like a credential in free text: a bearer token, a signature, `app_secret=…`, and
#: each spec secret field followed by its value (`kdstoken: …`, `"pwd": "…"`, `password=…`).
_FIELD_KEY = rf"""|(?:{_FIELDS})[=:"'\\ ]+""" if _FIELDS else ""
_CREDENTIAL = re.compile(rf"({_BEARER}|signature=|app_?secret[=:]\s*{_FIELD_KEY}){_VALUE}", re.IGNORECASE)


def authorization_secret(value: str) -> str:
    """The credential inside an Authorization value: the signature of an app-auth one, the token
    after `Bearer ` or `Bearer+`, or else the value's part after its scheme (the whole value when
    it has none)."""
    signature = SIGNATURE.search(value)
    if signature:
        return signature[2]
    bearer = _BEARER_AT_START.match(value)
    if bearer and bearer["sep"] == "+":
        return value[bearer.end() :]
    scheme, _, rest = value.partition(" ")
    return rest or scheme


def redact_signature(value: str) -> str:
    """An app-auth Authorization value with its signature masked (AppId and SignedHeaders kept)."""
    return SIGNATURE.sub(lambda m: m[1] + REDACTED, value)


#: The secrets of the request whose answer is being parsed, set by the sender around the parse: what
#: a record keeps of the wire (`extra`) and the `InvalidFieldWarning`s that quote it are scrubbed of
#: them (`scrub_value`). Outside a call: none, and only credential shapes are scrubbed.
PARSING_SECRETS: ContextVar[Iterable[str]] = ContextVar("koodrive_parsing_secrets", default=())


class Secret(str):
    """A string that never shows itself in a repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(REDACTED)


class Hidden:
    """A secret held by a function that may raise (the signing functions hold the app secret in
    one): no `str` and no container, so no traceback formatter (the stdlib's, rich's, sentry-sdk's
    serializer, which prints a `str` subclass as its characters) shows more than the repr."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<secret (redacted)>"


def secret(value: str | None) -> Secret | None:
    return None if value is None else Secret(value)


def secrets_in(value: Any, found: set[str] | None = None, depth: int = 0) -> set[str]:
    """Every secret inside a request's JSON arguments (dicts and lists, a bounded depth): each
    `Secret`, and each string under a name the spec marks secret (`SECRET_FIELDS`), which is
    made a `Secret` in place, so the arguments' repr shows `'***'` for it from here on."""
    found = set() if found is None else found
    if isinstance(value, Secret):
        found.add(str.__str__(value))
    elif depth < 20 and isinstance(value, dict):
        for key, item in value.items():
            if key in SECRET_FIELDS and isinstance(item, str) and not isinstance(item, Secret):
                value[key] = Secret(item)
            secrets_in(value[key], found, depth + 1)
    elif depth < 20 and isinstance(value, list | tuple):
        for item in value:
            secrets_in(item, found, depth + 1)
    return found


class Secrets:
    """Secret values one request carries (its auth's and its arguments'), with their `forms`, in a
    holder whose repr shows none of them: a frame that holds one prints `<3 secrets (redacted)>`.
    Not a container type, so no traceback formatter (stdlib, rich, sentry-sdk) walks into it."""

    __slots__ = ("_forms", "_values")

    def __init__(self, *groups: Iterable[str]) -> None:
        self._values = tuple(dict.fromkeys(str.__str__(v) for g in groups for v in g if len(v) >= MIN_SECRET))
        self._forms: tuple[str, ...] | None = None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __bool__(self) -> bool:
        return bool(self._values)

    def __repr__(self) -> str:
        return f"<{len(self._values)} secrets (redacted)>"

    def all_forms(self) -> tuple[str, ...]:
        """Every form of every value, longest first (made once per holder)."""
        if self._forms is None:
            every = {form for value in self._values for form in forms(value)}
            self._forms = tuple(sorted(every, key=len, reverse=True))
        return self._forms


_B64_URLSAFE = str.maketrans("+/", "-_")


def forms(value: str) -> list[str]:
    """`value` and the encodings a server or proxy echoes it in, longest first: as it is;
    JSON-escaped (with `\\/`, with `\\uXXXX` for non-ASCII); URL-encoded (path, form, upper and
    lower hex); HTML-escaped; base64 and base64url, of the value alone and of the stable middle of
    the value inside a longer blob at each of the three byte alignments. Encodings stacked on each
    other are not followed."""
    out = {value}
    for escaped in (json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]):
        out.update((escaped, escaped.replace("/", "\\/")))
    for encoded in (quote(value, safe=""), quote(value), quote_plus(value), quote_plus(value, safe="/")):
        out.update((encoded, re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), encoded)))
    out.update((html.escape(value), html.escape(value, quote=False)))
    raw = value.encode("utf-8", "replace")
    for shift in range(3):
        blob = base64.b64encode(b"\0" * shift + raw).decode()
        # the characters that depend on the value's bytes alone (none of the prefix, no padding)
        core = blob[-(-8 * shift // 6) : 8 * (shift + len(raw)) // 6]
        if len(core) >= MIN_BASE64:
            out.update((core, core.translate(_B64_URLSAFE)))
    return sorted(out, key=len, reverse=True)


def _all_forms(secrets: Iterable[str]) -> tuple[str, ...]:
    if isinstance(secrets, Secrets):
        return secrets.all_forms()
    return Secrets(secrets).all_forms()


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with each known secret (in any of its `forms`) and each credential-shaped token
    replaced by `***`."""
    for form in _all_forms(secrets):
        if form in text:
            text = text.replace(form, REDACTED)
    return _CREDENTIAL.sub(lambda m: m.group(1) + REDACTED, text)


def scrub_bytes(content: bytes, secrets: Iterable[str]) -> bytes:
    """The same, on a raw body before it is parsed (so `error.body` holds no echoed secret)."""
    for form in _all_forms(secrets):
        raw = form.encode("utf-8", "replace")
        if raw in content:
            content = content.replace(raw, REDACTED.encode())
    if not _CREDENTIAL_BYTES.search(content):
        return content
    return _CREDENTIAL_BYTES.sub(lambda m: m.group(1) + REDACTED.encode(), content)


def scrub_value(value: Any, secrets: Iterable[str] | None = None, depth: int = 0) -> Any:
    """A parsed JSON value with `scrub` applied to every string in it (keys included), for what a
    record keeps of the wire (`extra`) and the warnings that quote it. `secrets`: by default the
    ones of the request being parsed (`PARSING_SECRETS`)."""
    if secrets is None:
        secrets = PARSING_SECRETS.get()
        if not isinstance(secrets, Secrets):
            secrets = Secrets(secrets)
    if isinstance(value, str):
        return scrub(value, secrets)
    if depth < 20 and isinstance(value, dict):
        return {
            scrub_value(k, secrets, depth + 1): scrub_value(v, secrets, depth + 1) for k, v in value.items()
        }
    if depth < 20 and isinstance(value, list):
        return [scrub_value(v, secrets, depth + 1) for v in value]
    return value


_CREDENTIAL_BYTES = re.compile(_CREDENTIAL.pattern.encode(), re.IGNORECASE)
