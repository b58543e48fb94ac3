"""Proof that draft wrote a file and nobody changed it since: draft replaces only such files.

The proof lives in the file's own metadata where the format has some, and outside the
folder where it has none; never as a marker in the text:

* DOCX: the fingerprint in ``docProps/custom.xml`` (``package.fingerprint_state``);
* PDF: ``/DraftFingerprint`` in the document information dictionary, added by an incremental
  update (the PDF LibreOffice made, untouched, then one small update: ``pdf_seal``);
* PNG: a ``tEXt`` chunk ``draft-fingerprint`` before ``IEND`` (``png_seal``);
* any other format (txt, md, odt): a record under the user's state folder
  (``$XDG_STATE_HOME/draft/written``, ``%LOCALAPPDATA%\\draft\\written`` on Windows), one file
  per output named by the SHA-256 of its absolute path, holding the SHA-256 of what was written.

Each sealed proof is checked by sealing again: a file is draft's and unchanged exactly when
taking the proof off and putting it back gives the same bytes.  A state is "ours" (replace
freely), "edited" (draft's, changed since) or "foreign" (nothing proves draft wrote it).
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import zlib
from pathlib import Path

OURS, EDITED, FOREIGN = "ours", "edited", "foreign"
MAX_CHECKED = 256 * 1024 * 1024  # a bigger file at the output path is not read: not ours


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- PNG ------------------------------------------------------------------------------------
_PNG_KEY = b"draft-fingerprint"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_seal(data: bytes) -> bytes:
    """``data`` with a tEXt chunk holding the SHA-256 of ``data``, just before IEND."""
    end = data.rfind(b"IEND") - 4
    if not data.startswith(b"\x89PNG") or end < 8:
        return data
    return data[:end] + _png_chunk(b"tEXt", _PNG_KEY + b"\0" + _sha(data).encode()) + data[end:]


def _png_unseal(data: bytes) -> bytes | None:
    i = data.rfind(b"tEXt" + _PNG_KEY + b"\0")
    if i < 4:
        return None
    (length,) = struct.unpack(">I", data[i - 4:i])
    return data[:i - 4] + data[i + 4 + length + 4:]


# --- PDF ------------------------------------------------------------------------------------
_PDF_MARK = b"\n%draft-fingerprint\n"
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)
_REF = rb"/%s\s+(\d+)\s+(\d+)\s+R"


def pdf_seal(data: bytes) -> bytes:
    """``data`` with an incremental update that adds ``/DraftFingerprint`` (the SHA-256 of
    ``data``) to the document information dictionary; unchanged if the PDF's last trailer
    cannot be read (a cross-reference stream): then the record outside the folder serves."""
    m = _TRAILER.search(data[-4096:])
    if not m:
        return data
    trailer, prev = m.group(1), m.group(2)
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(_REF % b"Root", trailer)
    if not size or not root:
        return data
    info = re.search(_REF % b"Info", trailer)
    entries = b""
    number = int(size.group(1))
    if info:
        number = int(info.group(1))
        obj = re.search(rb"\n%d\s+%d\s+obj\s*<<(.*?)>>\s*endobj" % (number, int(info.group(2))), data, re.S)
        entries = obj.group(1) if obj else b""
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    start = len(data) + len(_PDF_MARK)
    body = b"%d 0 obj\n<<%s/DraftFingerprint(%s)>>\nendobj\n" % (number, entries, _sha(data).encode())
    xref = start + len(body)
    new_size = max(int(size.group(1)), number + 1)
    tail = (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size %d/Root %s %s R/Info %d 0 R%s/Prev %s>>\n"
            b"startxref\n%d\n%%%%EOF\n") % (number, start, new_size, root.group(1), root.group(2), number,
                                          ident.group(0) if ident else b"", prev, xref)
    return data + _PDF_MARK + body + tail


def _pdf_unseal(data: bytes) -> bytes | None:
    i = data.rfind(_PDF_MARK)
    return data[:i] if i >= 0 else None


# --- the record outside the folder ------------------------------------------------------------
def state_dir() -> Path:
    """Where draft keeps what it must remember between runs (not in the user's folder)."""
    from .diskcache import user_folder

    return user_folder("XDG_STATE_HOME", ".local/state")


def _record_path(path: Path) -> Path:
    return state_dir() / "written" / _sha(str(Path(os.path.abspath(path))).encode())


def remember(path: Path, data: bytes) -> None:
    """Note that draft wrote ``data`` to ``path`` (best effort: without the note, the next
    render asks for --force, nothing is lost)."""
    record = _record_path(path)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_suffix(f".{os.getpid()}.tmp")  # runs in parallel never share one
        tmp.write_text(f"{_sha(data)}\n{os.path.abspath(path)}\n", encoding="utf-8")
        os.replace(tmp, record)
    except OSError:
        pass


def _recorded(path: Path, data: bytes) -> str:
    try:
        digest = _record_path(path).read_text(encoding="utf-8").split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return FOREIGN
    return OURS if digest == _sha(data) else EDITED


# --- one question for every format ------------------------------------------------------------
SEALS = {"pdf": (pdf_seal, _pdf_unseal), "png": (png_seal, _png_unseal)}


def seal(fmt: str, data: bytes) -> bytes:
    """The file of format ``fmt`` as written: with its proof where the format holds one."""
    return SEALS[fmt][0](data) if fmt in SEALS else data


def state(path: Path, fmt: str | None) -> str:
    """Is the existing regular file ``path`` (to be replaced by output of format ``fmt``) ours?"""
    if fmt == "docx":
        from .package import fingerprint_state

        return fingerprint_state(path)
    try:
        if path.stat().st_size > MAX_CHECKED:
            return FOREIGN
        data = path.read_bytes()
    except OSError:
        return FOREIGN
    if fmt in SEALS:
        base = SEALS[fmt][1](data)
        if base is not None:
            return OURS if SEALS[fmt][0](base) == data else EDITED
    return _recorded(path, data)
