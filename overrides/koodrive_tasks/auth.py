"""KooDrive app-auth signing, public: the one signing function behind `AppAuth` and
`koodrive-tasks sign` (reference koodrive-api.md §1.5; Q27, Q29, Q30, Q39).

    from koodrive_tasks.auth import sign
    signed = sign(httpx.Request("GET", url), app_id=..., app_secret=..., user_id=...)
    signed.headers            # Authorization, X-User-Id, X-Date, Host
    signed.canonical_request  # step 1, to compare with another signer

The facts about the wire (the algorithm name, which headers are signed, the `X-Date` format, the
freshness window) are not written here: `SigningFacts` reads them from the spec's
`x-koodrive-signing` on the `koodriveAppAuth` security scheme (the copy of the spec shipped in this
package). The algorithm itself:

- CanonicalURI: the path as sent, split at its literal `/`; each segment percent-decoded (to bytes,
  so nothing is lost) and re-encoded per RFC 3986 with only the unreserved `A-Z a-z 0-9 - _ . ~`
  left as they are (so the sub-delims `! $ & ' ( ) * + , ; = : @` become `%XY`, as Huawei's SDK
  signer writes them); `.` and `..` segments resolved and empty segments (`//`) dropped, as the
  docs' "normalise per RFC 3986" says; an encoded `%2F` stays inside its segment (the docs encode
  each segment, they never split one); a trailing `/` always.
- CanonicalQueryString: pairs split at `&`, `+` read as a space, names and values percent-decoded,
  sorted by decoded name then value (character-code order, as the SDK does), then re-encoded the
  same way; an empty value keeps its `=`.
- CanonicalHeaders: `name:trimmed value\\n` for each signed header; then the signed-header list and
  the hex SHA-256 of the exact body bytes.
- StringToSign = algorithm + "\\n" + hex(SHA-256(CanonicalRequest)): no date line (Q39).
- Signature = hex(HMAC-SHA256(AppSecret, StringToSign)).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes, unquote_to_bytes

import httpx
from koodrive_generated import facts

from ._errors import ConfigurationError
from ._secrets import Hidden

__all__ = [
    "SPEC_PATH",
    "SignedRequest",
    "SigningFacts",
    "canonical_query",
    "canonical_request",
    "canonical_uri",
    "sign",
    "signature",
    "string_to_sign",
    "x_date",
]

#: The spec shipped with the package (a symlink to spec/ in a checkout, a copy in an install).
SPEC_PATH = Path(__file__).resolve().parent / "spec" / "koodrive-tasks.yaml"
SCHEME = "koodriveAppAuth"
_UNRESERVED = b"-_.~"
#: Hash functions by algorithm name: code, not a wire fact; the spec names which one is used.
_HASHES: dict[str, Callable[..., Any]] = {"HMAC-SHA256": hashlib.sha256}
#: The subset of Java `DateTimeFormatter` letters a signing date needs, as strftime directives.
_JAVA_DATE = {"yyyy": "%Y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
_JAVA_TOKEN = re.compile(r"'([^']*)'|(yyyy|MM|dd|HH|mm|ss)|([A-Za-z])|([^A-Za-z']+)")


def java_to_strftime(pattern: str) -> str:
    """`yyyyMMdd'T'HHmmss'Z'` -> `%Y%m%dT%H%M%SZ`; a letter outside that subset is refused."""
    out: list[str] = []
    pos = 0
    while pos < len(pattern):
        match = _JAVA_TOKEN.match(pattern, pos)
        if match is None or match[3] is not None:
            raise ValueError(f"unsupported date pattern {pattern!r} at {pos}")
        literal, field, _, plain = match.groups()
        if field is not None:
            out.append(_JAVA_DATE[field])
        else:
            out.append((literal if literal is not None else plain).replace("%", "%%"))
        pos = match.end()
    return "".join(out)


@dataclass(frozen=True)
class SigningFacts:
    """`x-koodrive-signing` of the spec's `koodriveAppAuth` scheme (spec/EXTENSIONS.md)."""

    algorithm: str
    signed_headers: tuple[str, ...]
    required_signed_headers: tuple[str, ...]
    date_format: str  # as the spec writes it (Java notation)
    strftime: str  # the same, for datetime.strftime/strptime
    max_age_seconds: int
    allow_future: bool

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> SigningFacts:
        return cls.from_signing(spec["components"]["securitySchemes"][SCHEME]["x-koodrive-signing"])

    @classmethod
    def from_signing(cls, raw: Mapping[str, Any]) -> SigningFacts:
        """From the `x-koodrive-signing` mapping itself."""
        algorithm = str(raw["algorithm"])
        if algorithm not in _HASHES:
            raise ValueError(f"unsupported signing algorithm {algorithm!r}")
        signed = tuple(str(name) for name in raw["signedHeaders"])
        if list(signed) != sorted(signed) or any(name != name.lower() for name in signed):
            raise ValueError("signedHeaders must be lowercase and sorted")
        return cls(
            algorithm=algorithm,
            signed_headers=signed,
            required_signed_headers=tuple(str(name) for name in raw["requiredSignedHeaders"]),
            date_format=str(raw["dateFormat"]),
            strftime=java_to_strftime(str(raw["dateFormat"])),
            max_age_seconds=int(raw["maxAgeSeconds"]),
            allow_future=bool(raw["allowFuture"]),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> SigningFacts:
        """The facts of the spec at `path`, by default the shipped one (each read once)."""
        return _shipped() if path is None else _load(path.resolve())

    @property
    def hash(self) -> Callable[..., Any]:
        return _HASHES[self.algorithm]


@cache
def _shipped() -> SigningFacts:
    # The shipped spec's facts, baked into koodrive_generated.facts by `make generate`: the core
    # package needs no YAML parser (tests compare them with SPEC_PATH's).
    return SigningFacts.from_signing(facts.APP_AUTH_SIGNING)


@cache
def _load(path: Path) -> SigningFacts:
    import yaml  # noqa: PLC0415 - only to read a spec copy (tests, tools); not a core dependency

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the spec ~6x faster
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
    return SigningFacts.from_spec(spec)


def _encode(raw: bytes) -> str:
    return quote_from_bytes(raw, safe=_UNRESERVED)  # itself returns plain bytes as they are


#: Text that is already canonical: only unreserved characters, nothing to decode or encode.
_PLAIN = re.compile(r"[A-Za-z0-9._~-]*")


def _recode(text: str) -> str:
    """Percent-decode `text` to bytes and encode it again; plain text (the usual case) as it is."""
    return text if _PLAIN.fullmatch(text) else _encode(unquote_to_bytes(text))


def canonical_uri(raw_path: str) -> str:
    """The path as sent (percent-encoded) -> the CanonicalURI of the docs (see the module docstring)."""
    segments: list[str] = []
    for part in raw_path.split("/"):
        segment = _recode(part)
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    return "/" + "".join(segment + "/" for segment in segments)


def canonical_query(raw_query: str) -> str:
    """The query as sent -> pairs decoded, sorted by name then value, re-encoded, joined with `&`."""
    pairs: list[tuple[bytes, bytes, str]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        raw_name, raw_value = _query_text(name), _query_text(value)
        pairs.append((raw_name, raw_value, f"{_encode(raw_name)}={_encode(raw_value)}"))
    pairs.sort()  # by the decoded name, then value, before encoding (UTF-8 order is code-point order)
    return "&".join(pair[2] for pair in pairs)


def _query_text(text: str) -> bytes:
    if _PLAIN.fullmatch(text):
        return text.encode("ascii")
    return unquote_to_bytes(text.replace("+", " "))


def canonical_request(
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    signed: Sequence[str],
    body: bytes,
) -> str:
    """Step 1: the canonical request over the lowercase header `names` in `signed`."""
    header_lines = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(raw_path),
            canonical_query(raw_query),
            header_lines,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def string_to_sign(canonical: str, facts: SigningFacts | None = None) -> str:
    """Step 2: algorithm and hashed canonical request, no date line (Q39)."""
    facts = facts or SigningFacts.load()
    return f"{facts.algorithm}\n{facts.hash(canonical.encode()).hexdigest()}"


def signature(app_secret: str, canonical: str, facts: SigningFacts | None = None) -> str:
    """Step 3: hex HMAC of the string to sign, keyed by the AppSecret itself."""
    facts = facts or SigningFacts.load()
    message = string_to_sign(canonical, facts).encode()
    return hmac.new(app_secret.encode(), message, facts.hash).hexdigest()


def x_date(moment: datetime | None = None, facts: SigningFacts | None = None) -> str:
    """`X-Date` for `moment` (default now), in UTC and the spec's `dateFormat`."""
    facts = facts or SigningFacts.load()
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime(facts.strftime)


@dataclass(frozen=True)
class SignedRequest:
    """The headers to send and the canonical request they sign (for comparing with other signers)."""

    headers: dict[str, str]
    canonical_request: str

    def __repr__(self) -> str:
        return f"SignedRequest(headers={sorted(self.headers)!r})"


def sign(
    request: httpx.Request,
    *,
    app_id: str,
    app_secret: str,
    user_id: str,
    date: str | None = None,
    facts: SigningFacts | None = None,
) -> SignedRequest:
    """App-auth headers for `request` as httpx will send it: its `Host` (no default port), its
    encoded path and query, its body bytes. `date` is the `X-Date` to sign (default now).

    Args:
        request: The request to sign, as httpx will send it.
        app_id: The app's id.
        app_secret: The app's secret (the HMAC key; it appears in no header).
        user_id: The user the app acts for (`X-User-Id`).
        date: The `X-Date` to sign, in the spec's `dateFormat`; None: now.
        facts: Signing facts replacing the shipped spec's `x-koodrive-signing`.

    Returns:
        The headers to send (`Authorization`, `X-Date`, `X-User-Id`, ...) and the canonical request.

    Raises:
        ConfigurationError: The spec says to sign a header the request does not have, or the
            request's body is a stream (the signature covers the body's bytes: `request.read()`
            first). A `ValueError` too. No frame of the traceback holds the app secret as a string.
    """
    key = Hidden(app_secret)  # from here on no local of this frame shows the secret
    del app_secret
    try:
        body = request.content
    except httpx.RequestNotRead:
        raise ConfigurationError(
            "sign() needs the body's bytes, and the request's body is a stream: call request.read() first"
        ) from None
    facts = facts or SigningFacts.load()
    host = request.headers.get("host") or request.url.netloc.decode("ascii")
    extra = {name: request.headers[name] for name in facts.signed_headers if name in request.headers}
    path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    return _sign_parts(
        request.method,
        host,
        path,
        request.url.query.decode("ascii"),
        body,
        extra,
        app_id=app_id,
        app_secret=key,
        user_id=user_id,
        date=date,
        facts=facts,
    )


def _sign_parts(
    method: str,
    host: str,
    raw_path: str,
    raw_query: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    app_id: str,
    app_secret: str | Hidden,
    user_id: str,
    date: str | None = None,
    facts: SigningFacts | None = None,
) -> SignedRequest:
    """`sign` for a request given as its parts (the aiohttp sender has no `httpx.Request`): the
    `Host` it sends, its encoded path and query as sent, its body bytes, and the other headers it
    has by lowercase name (only those the spec says to sign are read)."""
    key = app_secret if isinstance(app_secret, Hidden) else Hidden(app_secret)
    del app_secret  # no local of a raising frame shows the secret (tracebacks with locals)
    facts = facts or SigningFacts.load()
    values = {"host": host, "x-date": date or x_date(facts=facts), "x-user-id": user_id}
    for name in facts.signed_headers:  # any other header the spec says to sign, as the request has it
        if name not in values:
            if name not in headers:
                raise ConfigurationError(f"the request has no {name} header to sign")
            values[name] = headers[name]
    canonical = canonical_request(method, raw_path, raw_query, values, facts.signed_headers, body)
    authorization = (
        f"{facts.algorithm} AppId={app_id},SignedHeaders={';'.join(facts.signed_headers)},"
        f"Signature={signature(key.value, canonical, facts)}"
    )
    out = {"Authorization": authorization, "X-User-Id": user_id, "X-Date": values["x-date"], "Host": host}
    return SignedRequest(out, canonical)
