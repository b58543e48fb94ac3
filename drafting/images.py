"""Pictures a document may embed: a regular file of at most ``MAX_IMAGE`` bytes whose
structure is sound.  A file that only starts like a PNG or JPEG is refused here, with a message
at its line, instead of failing later inside the DOCX writer."""
from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

MAX_IMAGE = 50 * 1024 * 1024  # bytes of one picture


def image_kind(path: Path) -> str | None:
    """The kind of a picture whose structure is sound (PNG chunks and CRCs, JPEG markers up to
    a frame with its size, GIF and BMP headers), else None; only a regular file is read."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_IMAGE:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    for kind, sound in _IMAGE_CHECKS:
        try:
            if sound(data):
                return kind
        except (struct.error, IndexError, ValueError):
            return None
    return None


def _png(data: bytes) -> bool:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    pos, first = 8, True
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError("broken chunk")
        if first and (kind != b"IHDR" or 0 in struct.unpack(">II", body[:8])):
            raise ValueError("no size")
        if kind == b"IEND":
            return True
        pos, first = pos + 12 + length, False
    raise ValueError("no IEND")


def _jpeg(data: bytes) -> bool:
    if not data.startswith(b"\xff\xd8"):
        return False
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("not a marker")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame: its size
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            if not (height and width) or b"\xff\xd9" not in data[-4096:]:
                raise ValueError("no size or no end")
            return True
        pos += 2 + length
    raise ValueError("no frame")


def _gif(data: bytes) -> bool:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        return False
    if 0 in struct.unpack("<HH", data[6:10]) or not data.rstrip(b"\0").endswith(b";"):
        raise ValueError("no size or no trailer")
    return True


def _bmp(data: bytes) -> bool:
    if not data.startswith(b"BM"):
        return False
    width, height = struct.unpack("<ii", data[18:26])
    if not (width and height) or struct.unpack("<I", data[14:18])[0] < 12:
        raise ValueError("no size")
    return True


_IMAGE_CHECKS = (("png", _png), ("jpeg", _jpeg), ("gif", _gif), ("bmp", _bmp))
