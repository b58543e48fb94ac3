"""Zip-level work on a DOCX, without python-docx: determinism and the hand-edit fingerprint.

* ``replace_entries`` puts parts of our own into a package python-docx saved.
* ``pack`` zips the parts the writer produced with fixed entry times and attributes (same
  input, same bytes) and fills in the fingerprint.
* The fingerprint is a SHA-256 over every part's name and uncompressed content except
  ``docProps/custom.xml`` (where it is stored), so it does not depend on zlib's version.  If
  the file on disk no longer matches its fingerprint, somebody edited it after draft wrote it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

CUSTOM_PART = "docProps/custom.xml"
PLACEHOLDER = "0" * 64
FIXED_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)
_FP = re.compile(rb'name="draft-fingerprint"><vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>')


def _digest(entries: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(entries):
        if name == CUSTOM_PART:
            continue
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def pack(entries: list[tuple[str, bytes]], when: _dt.datetime) -> bytes:
    """Zip ``(name, content)`` entries in this order: fixed times and attributes, fingerprint filled in."""
    fp = _digest(entries).encode()
    stamp = max(when, FIXED_EPOCH).astimezone(_dt.timezone.utc).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries:
            if name == CUSTOM_PART:
                blob = blob.replace(PLACEHOLDER.encode(), fp)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, blob, compresslevel=1)  # speed over a few KB; XML parts unchanged
    return out.getvalue()


def replace_entries(data: bytes, new: dict[str, bytes]) -> bytes:
    """The zip ``data`` with the entries named in ``new`` holding new content, in the same order,
    stored uncompressed (a package kept in memory to be opened again: nothing to inflate)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, new[info.filename] if info.filename in new else src.read(info))
    return out.getvalue()


def read_parts(path: str | Path | io.BytesIO) -> dict[str, bytes]:
    """Every entry of a zip, by name, in the zip's order."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def fingerprint_state(path: str | Path) -> str:
    """'ours' (written by draft, unchanged), 'edited' (draft's, changed since) or 'foreign'."""
    try:
        parts = read_parts(path)
    except (zipfile.BadZipFile, OSError, KeyError):
        return "foreign"
    m = _FP.search(parts.get(CUSTOM_PART, b""))
    if not m:
        return "foreign"
    return "ours" if m.group(1).decode() == _digest(list(parts.items())) else "edited"


def xml_parts(data_or_path: bytes | str | Path) -> dict[str, bytes]:
    """The XML parts of a DOCX (what golden tests and ``render --check`` compare)."""
    src = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with zipfile.ZipFile(src) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
