"""Is a DOCX what rendering its YAML gives now?  (``draft render --check``, also from Python.)"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DraftError, os_reason
from .package import ZipRefused, read_parts, xml_parts
from .pipeline import build, relocate, to_docx


@dataclass(frozen=True)
class Verdict:
    source: Path
    target: Path
    current: bool  # the DOCX has the same XML parts as a fresh render
    message: str  # Chinese, beginning with the DOCX's name

    @property
    def exit_code(self) -> int:
        return 0 if self.current else 1


def check(source: Path, target: Path | None = None, types_dirs=None) -> Verdict:
    """Compare ``target`` (default: the DOCX beside ``source``) with a fresh render of ``source``.

    Raises DraftError when ``source`` cannot be rendered (a wrong input is not "out of date")."""
    from .output import default_output

    doc = build(source, types_dirs).doc
    target = target or default_output(source, "docx")
    relocate(doc, source, target)
    want = xml_parts(to_docx(doc))

    def stale(reason: str) -> Verdict:
        return Verdict(source, target, False, f"{target}: 不是最新的：{reason}")

    if not target.exists():
        return stale(f"文件不存在（请运行 draft render {source}）")
    have, why = existing_parts(target)
    if have is None:
        return stale(why)
    have = xml_only(have)
    differ = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
    if differ:
        return stale(f"与 {source} 现在生成的结果不同（{'、'.join(differ)}）")
    return Verdict(source, target, True, f"{target}: 已是最新")


def existing_parts(target: Path) -> tuple[dict[str, bytes] | None, str]:
    """Every part of the DOCX at ``target`` (read once), or None and why it cannot be compared."""
    try:
        return read_parts(target), ""
    except ZipRefused as exc:
        return None, exc.args[0]
    except (OSError, DraftError) as exc:  # DraftError: not a regular file, too big
        return None, exc.diagnostics[0].message if isinstance(exc, DraftError) else f"无法读取（{os_reason(exc)}）"


def xml_only(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts ``render --check`` compares (as ``package.xml_parts`` reads them)."""
    return {n: data for n, data in parts.items() if n.endswith((".xml", ".rels"))}
