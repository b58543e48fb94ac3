"""The output formats of ``draft render``: one entry each, and everything else derived from it.

The ``--format`` choices and help, the default output name, whether it can go to the screen,
and which tools it needs (LibreOffice, poppler) all come from ``FORMATS``.  Every format is
replaced only where draft can prove it wrote the file (``proof``: the proof lives in the file's
metadata where the format has some).  Adding a format is adding one entry.

Nothing heavy is imported here (the command line reads this list at start-up): the writers
import what they need when they run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from .errors import EnvError


class Format(NamedTuple):
    name: str  # the --format value and the file suffix without its dot
    write: Callable  # Document -> bytes (for a paged format: what ``pages`` cuts up)
    binary: bool = False  # bytes on the screen (sys.stdout.buffer), else UTF-8 text
    office: bool = False  # made by LibreOffice
    pages: Callable | None = None  # bytes -> one file a page (name-1.png …; poppler); never to the screen

    @property
    def suffix(self) -> str:
        return "." + self.name


def _docx(doc) -> bytes:
    from .pipeline import to_docx

    return to_docx(doc)


def _text(kind: str) -> Callable:
    def write(doc) -> bytes:
        from .text_writer import WRITERS

        return WRITERS[kind](doc).encode("utf-8")

    return write


def _office(target: str) -> Callable:
    """The DOCX converted by LibreOffice to ``target`` (``office.FILTERS``)."""

    def write(doc) -> bytes:
        from .office import convert

        return convert(_docx(doc), target)

    return write


def _png_pages(pdf: bytes) -> list[bytes]:
    from .office import png_pages

    return png_pages(pdf)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("docx", _docx, binary=True),
    Format("txt", _text("txt")),
    Format("md", _text("md")),
    Format("pdf", _office("pdf"), binary=True, office=True),
    Format("png", _office("pdf"), binary=True, office=True, pages=_png_pages),
    Format("odt", _office("odt"), binary=True, office=True),
)}


def get(name: str) -> Format:
    """The format called ``name``; a Chinese usage error naming the ones there are otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise EnvError(f"不支持的格式“{name}”；可用：{'、'.join(FORMATS)}") from None


def of_file(path: Path) -> Format | None:
    """The format a file name stands for (by its suffix), or None."""
    return FORMATS.get(path.suffix.lower().lstrip("."))


def help_text() -> str:
    """The ``--format`` help of ``draft render``."""
    office = "、".join(f.name for f in FORMATS.values() if f.office)
    paged = [f.name for f in FORMATS.values() if f.pages]
    notes = [f"{office} 需要安装 LibreOffice"] if office else []
    notes += [f"{n} 每页一个文件：名称-1.{n}、名称-2.{n}……，还需要 poppler（pdftoppm）" for n in paged]
    return f"输出格式：{'、'.join(FORMATS)}" + (f"（{'；'.join(notes)}）" if notes else "")


def require_tools(fmt: Format) -> None:
    """Refuse early (before any work) when a tool the format needs is not installed."""
    if fmt.office or fmt.pages:
        from .office import require

        require(fmt.name, pages=fmt.pages is not None)
