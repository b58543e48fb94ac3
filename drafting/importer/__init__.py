"""``draft import``: last year's report (a DOCX of any origin, or text pasted from a web page)
becomes a YAML draft of a section type, which renders back to the same text.

One direction, in four steps, each a module:

* :mod:`.sources`   -- the input as a list of :class:`~.sources.Para` (text, and what the file
  says about it: style name, faces, bold, size, alignment, run-in lead); DOCX through
  python-docx's public API (draft's own DOCX through its embedded tree when that agrees with
  the visible text), text through :mod:`drafting.textclean`;
* :mod:`.structure` -- what each paragraph is: typed numbers (一、（一）(一) 1. 1、 1． （1） ①)
  recognised and dropped, run-in headings, 一是…N是 points, subheads, quotes, bylines …;
* :mod:`.assemble`  -- type detection and the section type's YAML data (nothing dropped: what
  fits no field becomes a comment at its place);
* :mod:`.furniture` -- a 专节报告's 版头, 版记 and 主要指标完成情况表 back into fields (a table
  only when draft prints the same rows from what was read);
* :mod:`.run`       -- readable YAML (ruamel round-trip: key order, comments, block scalars), written
  next to the input and never over an existing file;
* :mod:`.figures`   -- ``--figures``: numbers with units become 数据 entries and references.

:func:`import_file` is what the command line calls.
"""
from __future__ import annotations

from .run import ImportResult, import_file, target_for

__all__ = ["ImportResult", "import_file", "target_for"]
