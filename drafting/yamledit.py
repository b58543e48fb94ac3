"""Editing a writer's YAML in place (``draft pull``): ruamel.yaml's round-trip mode, so comments,
key order, quoting, block style and blank lines stay, and ``git diff`` shows only what changed.

Paths are the loader's field paths (keys and list indices).  A path may end one index below a
scalar (``("开头", 0)`` where the YAML wrote ``开头: 一段文字``: the schema reads one paragraph as a
list of one); it then means the scalar itself.

The indentation of lists (``- `` under its key, or indented by two) is taken from the file: of
the usual settings, the one that writes the file back unchanged.
"""
from __future__ import annotations

import copy
import difflib
import io
from typing import Any

INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 2, 2))  # (mapping, sequence, offset)


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 30  # never fold a long line the writer kept on one
    y.allow_unicode = True
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return y


class Editor:
    """One YAML text, loaded for round-trip editing; ``text()`` gives it back."""

    def __init__(self, text: str):
        self.original = text
        best = None
        for indent in INDENTS:
            y = _yaml(indent)
            data = y.load(text)
            out = _dump(y, data)
            if out == text:
                best = (indent, 0)
                break
            cost = sum(1 for line in difflib.ndiff(text.splitlines(), out.splitlines()) if line[:1] in "+-")
            if best is None or cost < best[1]:
                best = (indent, cost)
        self.indent = best[0]
        self.faithful = best[1] == 0  # the file comes back byte for byte when nothing is edited
        self.yaml = _yaml(self.indent)
        self.data = self.yaml.load(text)

    def text(self) -> str:
        return _dump(self.yaml, self.data)

    # -- finding a value ----------------------------------------------------------------
    def locate(self, path: tuple) -> tuple[Any, Any] | None:
        """(container, key) holding the value at ``path``, or None if there is none."""
        node, parent, key = self.data, None, None
        for i, seg in enumerate(path):
            if isinstance(node, dict) and seg in node:
                parent, key, node = node, seg, node[seg]
            elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
                parent, key, node = node, seg, node[seg]
            elif isinstance(node, str) and seg == 0 and i == len(path) - 1 and parent is not None:
                return parent, key  # one paragraph written as a plain string
            else:
                return None
        return (parent, key) if parent is not None else None

    def get(self, path: tuple) -> Any:
        where = self.locate(path)
        return where[0][where[1]] if where else None

    def set(self, path: tuple, value: str) -> bool:
        """Give the scalar at ``path`` new text, in the same style (plain, quoted, block)."""
        where = self.locate(path)
        if where is None:
            return False
        parent, key = where
        old = parent[key]
        parent[key] = _like(old, value)
        return True

    def set_number(self, path: tuple, text: str) -> bool:
        """A number (a figure's 值) as typed: ``160.10`` stays ``160.10``."""
        where = self.locate(path)
        if where is None:
            return False
        parent, key = where
        old = parent[key]
        parent[key] = _like(old, text) if isinstance(old, str) else self.yaml.load(text)
        return True

    # -- lists --------------------------------------------------------------------------
    def insert(self, path: tuple, index: int, value: Any) -> bool:
        """Insert ``value`` as item ``index`` of the list at ``path`` (a plain string there
        becomes a list of two); comments that stood before the item now after it stay before it."""
        from ruamel.yaml.comments import CommentedSeq

        where = self.locate(path)
        if where is None:
            return False
        parent, key = where
        seq = parent[key]
        if isinstance(seq, str):
            if index != 1:
                return False
            new = CommentedSeq([seq, value])
            parent[key] = new
            return True
        if not isinstance(seq, list) or not 0 <= index <= len(seq):
            return False
        seq.insert(index, value)
        if index > 0:  # the comment lines after the previous item belong to the item after the new one
            tail = _tail(seq, index - 1)
            if tail is not None:
                eol, rest = _split(tail)
                if rest is not None:
                    _put_tail(seq, index, rest)
                    _keep_only(tail, eol)
        return True

    def delete(self, path: tuple) -> bool:
        """Delete the list item at ``path``; the comment lines just above it go with it, those
        below it (above the next item) stay."""
        where = self.locate(path)
        if where is None or not isinstance(where[0], list):
            return False
        seq, index = where
        rest = None
        tail = _tail(seq, index)
        if tail is not None:
            rest = _split(tail)[1]
        if index > 0:
            before = _tail(seq, index - 1)
            if before is not None:
                _keep_only(before, _split(before)[0])
        del seq[index]
        if rest is not None and len(seq) > 0:
            if index > 0:
                _put_tail(seq, index - 1, rest)
            elif index < len(seq):
                _put_head(seq, rest)
        return True

    def move(self, path: tuple, index: int) -> bool:
        """Move the list item at ``path`` to position ``index`` of the same list (counted
        before it is taken out)."""
        where = self.locate(path)
        if where is None or not isinstance(where[0], list):
            return False
        seq, old = where
        value = copy.deepcopy(seq[old])
        if not self.delete(path):
            return False
        return self.insert(path[:-1], index - (1 if index > old else 0), value)


def _dump(y, data) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _like(old: Any, new: str) -> Any:
    """``new`` in ``old``'s scalar style (a ruamel ScalarString subclass keeps its quotes or block)."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(old, ScalarString):
        if type(old).__name__ in ("LiteralScalarString", "FoldedScalarString") and str(old).endswith("\n") \
                and not new.endswith("\n"):
            new += "\n"
        return type(old)(new)
    return new


# --- comment tokens around list items (ruamel keeps a comment after the value before it) -------
def _last_scalar(seq, index: int) -> tuple:
    """(container, key) of the last scalar of item ``index`` (where ruamel keeps what follows it)."""
    node, key = seq, index
    while True:
        child = node[key]
        if isinstance(child, dict) and child:
            node, key = child, list(child)[-1]
        elif isinstance(child, list) and child:
            node, key = child, len(child) - 1
        else:
            return node, key


def _tail(seq, index: int):
    """The comment token after item ``index``'s last scalar (ruamel stores the lines before the
    next item there), or None."""
    node, key = _last_scalar(seq, index)
    slots = node.ca.items.get(key) if hasattr(node, "ca") else None
    if not slots:
        return None
    pos = 2 if isinstance(node, dict) else 0
    tok = slots[pos] if len(slots) > pos else None
    return tok


def _split(tok) -> tuple[str | None, str | None]:
    """(end-of-line comment with its newline, the lines after it) of a comment token."""
    value = tok.value
    if value.startswith("#"):
        eol, _, rest = value.partition("\n")
        return eol + "\n", rest or None
    return None, value[1:] if value.startswith("\n") else value or None


def _keep_only(tok, eol: str | None) -> None:
    tok.value = eol if eol is not None else "\n"


def _put_tail(seq, index: int, rest: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    node, key = _last_scalar(seq, index)
    pos = 2 if isinstance(node, dict) else 0
    slots = node.ca.items.setdefault(key, [None] * (4 if isinstance(node, dict) else 2))
    while len(slots) <= pos:
        slots.append(None)
    if slots[pos] is not None:
        eol, _ = _split(slots[pos])
        slots[pos].value = (eol or "\n") + rest
    else:
        slots[pos] = CommentToken("\n" + rest, CommentMark(0), None)


def _put_head(seq, rest: str) -> None:
    """Comment lines before the (new) first item of ``seq``: in place of those before the old
    first item (they belonged to it), or added at the list's start."""
    head = seq.ca.comment[1] if seq.ca.comment and len(seq.ca.comment) > 1 and seq.ca.comment[1] else None
    if head:
        head[0].value = rest.lstrip(" ")
        del head[1:]
        return
    text = "\n".join(ln.strip().lstrip("#").strip() for ln in rest.splitlines() if ln.strip())
    if text:
        seq.yaml_set_start_comment(text)


def unified(old: str, new: str, name: str) -> str:
    """``git diff``-like lines of the YAML change."""
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{name}", f"b/{name}"))
