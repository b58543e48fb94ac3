"""Zip-level work on a DOCX, without python-docx: determinism and the hand-edit fingerprint.

* ``replace_entries`` puts parts of our own into a package python-docx saved.
* ``pack`` zips the parts the writer produced with fixed entry times and attributes (same
  input, same bytes) and fills in the fingerprint.
* The fingerprint is a SHA-256 over every part's name and uncompressed content, including
  ``docProps/custom.xml`` (where it is stored) with its own value blanked out, so it does not
  depend on zlib's version and a property added in Word counts as an edit.  If the file on
  disk no longer matches its fingerprint, somebody edited it after draft wrote it.
* Every zip draft reads (a DOCX to compare, to check, or found at the output path) is opened
  through ``open_zip``: a regular file, within ``MAX_PART`` per part and ``MAX_RATIO`` of
  compression, no encrypted or oddly compressed entries; anything else is refused with a
  message before a byte is inflated (a zip bomb costs nothing).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import zipfile
from pathlib import Path
from zlib import error as zlib_error

from .errors import DraftError

CUSTOM_PART = "docProps/custom.xml"
PLACEHOLDER = "0" * 64
FIXED_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)
_FP = re.compile(rb'name="draft-fingerprint"><vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>')


_DRAFT_PROPERTY = re.compile(rb'name="([^"]*)"')
MAX_PART = 64 * 1024 * 1024  # uncompressed bytes of one part of a DOCX
MAX_RATIO = 200  # uncompressed : compressed, for parts over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_ENTRIES = 10_000
MAX_ZIP_FILE = 256 * 1024 * 1024  # a DOCX file on disk


def _digest(entries: list[tuple[str, bytes]], legacy: bool = False) -> str:
    """The fingerprint of ``entries`` (``docProps/custom.xml`` with the placeholder in place of
    the fingerprint; ``legacy``: draft 0.1's, which left that part out)."""
    h = hashlib.sha256()
    for name, data in sorted(entries):
        if name == CUSTOM_PART and legacy:
            continue
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


class ZipRefused(Exception):
    """A zip draft will not open; ``args[0]`` says why, in Chinese."""


def open_zip(source: str | Path | io.BytesIO) -> zipfile.ZipFile:
    """A zip within draft's limits, opened; ZipRefused (with the reason) or OSError otherwise."""
    if not isinstance(source, io.BytesIO):
        from .loader import regular_file

        regular_file(Path(source), MAX_ZIP_FILE)  # no FIFO, device or huge file
    try:
        z = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ZipRefused("不是有效的 DOCX 文件") from None
    try:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ZipRefused(f"zip 里的条目太多（{len(infos)} 个，上限 {MAX_ENTRIES}）")
        for i in infos:
            if i.flag_bits & 0x1:
                raise ZipRefused(f"zip 条目 {i.filename} 是加密的，draft 不读加密的文件")
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ZipRefused(f"zip 条目 {i.filename} 用了不支持的压缩方式（{i.compress_type}）")
            if i.file_size > MAX_PART:
                raise ZipRefused(f"zip 条目 {i.filename} 解压后有 {i.file_size // 2**20} MB，超过上限 {MAX_PART // 2**20} MB")
            if i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise ZipRefused(f"zip 条目 {i.filename} 的压缩比超过 {MAX_RATIO}:1（疑似“zip 炸弹”），不予读取")
    except BaseException:
        z.close()
        raise
    return z


def _read_all(z: zipfile.ZipFile, names) -> dict[str, bytes]:
    try:
        return {n: z.read(n) for n in names}
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError, zlib_error) as exc:
        raise ZipRefused(f"zip 内容已损坏（{type(exc).__name__}）") from None


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
    """Every entry of a zip, by name, in the zip's order (within ``open_zip``'s limits)."""
    with open_zip(path) as z:
        return _read_all(z, [i.filename for i in z.infolist()])


def fingerprint_state(path: str | Path | io.BytesIO) -> str:
    """'ours' (written by draft, unchanged), 'edited' (draft's, changed since) or 'foreign'."""
    try:
        parts = read_parts(path)
    except (ZipRefused, OSError, KeyError, DraftError):  # DraftError: a FIFO, too big …
        return "foreign"
    return parts_state(parts)


def parts_state(parts: dict[str, bytes]) -> str:
    """``fingerprint_state`` of a package already read."""
    custom = parts.get(CUSTOM_PART, b"")
    m = _FP.search(custom)
    if not m:
        return "foreign"
    found = m.group(1).decode()
    blanked = {**parts, CUSTOM_PART: custom.replace(m.group(1), PLACEHOLDER.encode())}
    if found == _digest(list(blanked.items())):
        return "ours"
    # draft 0.1 left custom.xml out of the fingerprint: trusted only while it holds draft's own properties
    names = _DRAFT_PROPERTY.findall(custom)
    if found == _digest(list(parts.items()), legacy=True) and all(n.startswith(b"draft-") for n in names):
        return "ours"
    return "edited"


def xml_parts(data_or_path: bytes | str | Path) -> dict[str, bytes]:
    """The XML parts of a DOCX (what golden tests and ``render --check`` compare)."""
    src = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with open_zip(src) as z:
        return _read_all(z, [n for n in z.namelist() if n.endswith((".xml", ".rels"))])
