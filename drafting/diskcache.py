"""Small results kept on disk between runs, so that a fresh ``draft`` process need not import
the library that made them (python-docx for a family's base package, the word segmenter for a
title's break places).

Each entry is one file in the user's cache folder (``$DRAFT_CACHE_DIR``, else
``$XDG_CACHE_HOME/draft``, ``~/.cache/draft``; ``%LOCALAPPDATA%\\draft\\cache`` on Windows),
named by a checksum of its key.  The file holds the whole key and a CRC of the value: a file
of another key, another Python, a truncated or damaged file is simply not used.  Files are
written atomically (temporary file + rename), so parallel runs never see half a file.  Any
trouble with the cache (read-only home, full disk) only means the value is made again: the
cache never changes what draft writes.  ``DRAFT_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

FORMAT = 1  # the layout of a cache file


def user_folder(xdg: str, fallback: str, windows: str = "") -> Path:
    """draft's folder of one kind for this user: ``$xdg/draft`` (else ``~/fallback/draft``), or
    ``%LOCALAPPDATA%\\draft\\windows`` on Windows."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"], "draft", windows)
    return Path(os.environ.get(xdg) or Path.home() / fallback) / "draft"


def folder() -> Path:
    if os.environ.get("DRAFT_CACHE_DIR"):
        return Path(os.environ["DRAFT_CACHE_DIR"])
    return user_folder("XDG_CACHE_HOME", ".cache", "cache")


def enabled() -> bool:
    return os.environ.get("DRAFT_NO_CACHE", "") in ("", "0")


def _path(kind: str, key: tuple) -> tuple[Path, bytes]:
    whole = marshal.dumps((FORMAT, sys.version, kind, key))
    return folder() / f"{kind}-{zlib.crc32(whole):08x}-{len(whole):x}.bin", whole


def load(kind: str, key: tuple):
    """The value stored under (``kind``, ``key``), or None (not there, or not valid)."""
    if not enabled():
        return None
    path, whole = _path(kind, key)
    try:
        data = path.read_bytes()
        stored_key, crc, value = marshal.loads(data)
        if stored_key != whole or zlib.crc32(value) != crc:
            return None
        return marshal.loads(value)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(kind: str, key: tuple, value) -> None:
    """Keep ``value`` (bytes, str, numbers, tuples, lists, dicts of those) under the key."""
    if not enabled():
        return
    path, whole = _path(kind, key)
    try:
        packed = marshal.dumps(value)
        data = marshal.dumps((whole, zlib.crc32(packed), packed))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        try:
            tmp.unlink()
        except (OSError, UnboundLocalError):
            pass


def stamp(module: str) -> tuple:
    """What identifies an installed module's code without importing it: its file's path, size
    and modification time (a new version, or an edited file, is another stamp)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec else None
        st = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return (module, None)
    return (module, origin, st.st_size, st.st_mtime_ns) if st else (module, None)
