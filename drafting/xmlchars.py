"""Characters an XML document cannot hold, defined once: the loader refuses them in YAML, the
DOCX writer in text a plugin's schema builds itself; both say the same thing."""
from __future__ import annotations

import re

# XML 1.0 "Char" excludes C0 controls but tab, LF and CR; surrogates; U+FFFE and U+FFFF
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def first_illegal(text: str, start: int = 0) -> int | None:
    """The index of the first character of ``text`` (from ``start``) XML cannot hold, or None."""
    m = _ILLEGAL.search(text, start)
    return m.start() if m else None


def illegal_positions(text: str):
    """Every index of ``text`` holding a character XML cannot hold."""
    return (m.start() for m in _ILLEGAL.finditer(text))


def illegal_message(ch: str) -> str:
    """The one message for such a character; the caller adds the location."""
    return f"含有文档无法保存的控制字符 U+{ord(ch):04X}，请删除"


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (as ``xml.sax.saxutils.escape``, without importing it:
    that module loads urllib, http and email, ≈ 10 ms of a render's start)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """An attribute value with its quotes, as ``xml.sax.saxutils.quoteattr``."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
