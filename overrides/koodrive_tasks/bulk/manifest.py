"""The manifest: the files of a bulk run, read from JSON lines or CSV, and its digest."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._errors import KooDriveError

__all__ = ["ManifestEntry", "ManifestError", "manifest_digest", "read_manifest"]


class ManifestError(KooDriveError, ValueError):
    """The manifest cannot be read (a line that is no record, a record without a file id or space)."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One file of the manifest: its id, its full path (None when not given) and its source space."""

    file_id: str
    path: str | None
    space: str


_ID_KEYS = ("file_id", "fileId", "id", "file")
_PATH_KEYS = ("path", "file_path", "filePath")
_SPACE_KEYS = ("space", "source_space", "src_container_id", "srcContainerId", "container_id", "containerId")


def _pick(record: dict[str, Any], keys: Sequence[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _entry(record: dict[str, Any], where: str) -> ManifestEntry:
    file_id, space = _pick(record, _ID_KEYS), _pick(record, _SPACE_KEYS)
    if file_id is None:
        raise ManifestError(f"{where}: no file id (a column or key named one of {', '.join(_ID_KEYS)})")
    if space is None:
        raise ManifestError(f"{where}: no source space (one of {', '.join(_SPACE_KEYS)})")
    return ManifestEntry(file_id, _pick(record, _PATH_KEYS), space)


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """The manifest's files in order: CSV when the name ends `.csv`, else JSON lines.

    Raises:
        ManifestError: A line that is no record, or a record without a file id or a space.
        OSError: The file cannot be read.
    """
    source = Path(path)
    entries: list[ManifestEntry] = []
    with source.open(encoding="utf-8-sig", newline="") as handle:
        if source.suffix.lower() == ".csv":
            for number, row in enumerate(csv.DictReader(handle), start=2):
                entries.append(_entry(dict(row), f"{source.name} line {number}"))
            return entries
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{source.name} line {number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise ManifestError(f"{source.name} line {number}: not a JSON object")
            entries.append(_entry(record, f"{source.name} line {number}"))
    return entries


def manifest_digest(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
