"""Writing results without losing anything: atomic writes, input protection, hand edits.

* Outputs are written to a temporary file in the target folder and renamed into place.
* The input is never the output.
* A DOCX that draft wrote and a person edited since (its fingerprint no longer matches) is
  not overwritten unless ``force``; even then the edited file is kept as a backup first.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from . import formats
from .errors import EnvError, os_reason
from .package import fingerprint_state


def default_output(source: Path, fmt: str) -> Path:
    return source.with_suffix(formats.get(fmt).suffix)


def backup_name(path: Path) -> Path:
    n = 1
    while True:
        candidate = path.with_name(f"{path.stem}.备份{'' if n == 1 else n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def replaceable(target: Path, mark: str) -> bool:
    """A file draft may rewrite: missing, or one it generated itself (it carries ``mark``)."""
    if not target.exists():
        return True
    try:
        return mark in target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def write_generated(target: Path, text: str, mark: str) -> bool:
    """Write a text file draft generates (a JSON Schema, a field reference) unless it already says
    the same; True if written.  A file of that name that draft did not write (it lacks ``mark``)
    is never replaced: EnvError."""
    if not replaceable(target, mark):
        raise EnvError("已有同名文件，且不是 draft 生成的；为免覆盖没有写入：请换个文件名", target)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    write_atomic(target, text.encode("utf-8"))
    return True


def guard(target: Path, inputs: list[Path], force: bool) -> Path | None:
    """Refuse to clobber inputs or hand-edited files; return a backup path when forcing."""
    resolved = target.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise EnvError("输出文件不能是输入文件本身：请换一个输出文件名", target)
    if not target.exists():
        return None
    if target.is_dir():
        raise EnvError("输出路径是一个文件夹", target)
    kind = formats.of_file(target)
    if kind is not None and not kind.edited:
        return None  # previews (txt, pdf …) are regenerated freely: nobody edits them
    if kind is None:  # e.g. "-f txt -o 另一个.yaml": somebody's file
        if force:
            return backup_name(target)
        raise EnvError("已有同名文件，且不是 draft 的输出；为免覆盖，请换个文件名，确需覆盖请加 --force（旧文件会先备份）", target)
    state = fingerprint_state(target)
    if state == "ours":
        return None
    if not force:
        if state == "edited":
            raise EnvError(
                "这个文件在 draft 生成之后被修改过（例如在 Word 中润色过），重新生成会覆盖这些修改。"
                "请把修改改回 YAML，或用 -o 另存为新文件；确需覆盖请加 --force（旧文件会先备份）",
                target,
            )
        raise EnvError("已有同名文件，且不是 draft 生成的；为免覆盖，请用 -o 换个文件名，确需覆盖请加 --force（旧文件会先备份）", target)
    return backup_name(target)


def _temp_copy(target: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``target`` (synced to disk); its path."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise EnvError("输出文件夹不存在", folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise EnvError(f"无法在这个文件夹里写文件（{os_reason(exc)}）：请检查文件夹权限，或用 -o 换个位置", folder) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a document is as readable as any file
    except OSError as exc:
        _discard(tmp)
        raise EnvError(f"无法写入文件（{os_reason(exc)}）", target) from None
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def write_atomic(target: Path, data: bytes, backup: Path | None = None) -> None:
    tmp = _temp_copy(target, data)
    try:
        if backup is not None:
            shutil.copy2(target, backup)
        os.replace(tmp, target)
    except PermissionError:
        raise EnvError("无法写入：文件可能正在 Word 或 WPS 中打开，请关闭后重试；"
                       "如果没有打开，请检查文件和文件夹的权限（只读？）", target) from None
    except OSError as exc:
        raise EnvError(f"无法写入文件（{os_reason(exc)}）：请关闭打开它的程序，或检查权限", target) from None
    finally:
        _discard(tmp)  # gone after a successful replace; removed after a failure


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_new(target: Path, data: bytes) -> None:
    """Create ``target`` with ``data``; never replace an existing file (even in a race)."""
    exists = EnvError("文件已存在，为免覆盖没有写入：请用 -o 换个文件名", target)
    if target.exists() or target.is_symlink():
        raise exists
    tmp = _temp_copy(target, data)
    try:
        os.link(tmp, target)  # fails if the name exists: no clobbering
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        raise EnvError(f"无法写入文件（{os_reason(exc)}）：请检查权限", target) from None
    finally:
        _discard(tmp)


def emit(data: bytes, target: Path, fmt: str, source: Path, force: bool) -> tuple[list[Path], list[str]]:
    """Write one rendered result (``pipeline.to_bytes``) to ``target``; for a paged format (png)
    one file a page (name-1.png, name-2.png …).  Returns the files written and notes."""
    kind = formats.get(fmt)
    if kind.pages is not None:
        pages = kind.pages(data)
        names = [target.with_name(f"{target.stem}-{i}{kind.suffix}") for i in range(1, len(pages) + 1)]
        for name in names:
            guard(name, [source], False)
        for name, png in zip(names, pages):
            write_atomic(name, png)
        return names, []
    backup = guard(target, [source], force)
    write_atomic(target, data, backup)
    return [target], [f"{target}: 提示：旧文件已备份为 {backup}"] if backup is not None else []
