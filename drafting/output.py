"""Writing results without losing anything: atomic writes, input protection, hand edits.

* Outputs are written to a temporary file in the target folder and renamed into place.
* What the writer wrote (a YAML ``draft pull`` changes, a backup of a file someone edited) is
  synced to disk before it takes its name.  What draft renders is not (a sync costs ≈ 8 ms a
  file here, more than a render): the YAML can give it again at any time.
* The input is never the output.
* draft replaces only a file it can prove it wrote and that is unchanged since (``proof``:
  DOCX properties, PDF and PNG metadata, else a record outside the folder).  Anything else (a
  hand-written ``notes.txt``, a DOCX polished in Word, a picture of the same name) is replaced
  only with ``force``, and then only after a complete backup beside it.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from . import formats, proof
from .errors import EnvError, os_reason

MAX_NAME = 255  # bytes of one file name (most file systems)


def default_output(source: Path, fmt: str) -> Path:
    return source.with_suffix(formats.get(fmt).suffix)


def backup_name(path: Path) -> Path:
    n = 1
    while True:
        candidate = path.with_name(f"{path.stem}.备份{'' if n == 1 else n}{path.suffix}")
        if not os.path.lexists(candidate):
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
    write_atomic(target, text.encode("utf-8"), sync=False)  # made again from the type at any time
    return True


def guard(target: Path, inputs: list[Path], force: bool, fmt: str = "docx", state: str | None = None) -> Path | None:
    """Refuse to clobber inputs or files draft cannot prove it wrote; return a backup path when
    forcing over such a file (``fmt``: the format about to be written there; ``state``: the
    existing file's ``proof.state`` where the caller has it already)."""
    if len(target.name.encode("utf-8")) > MAX_NAME:
        raise EnvError(f"文件名太长（{len(target.name.encode('utf-8'))} 字节，上限 {MAX_NAME}）：请用 -o 换个短一些的名字", target)
    try:
        resolved = target.resolve()
        if any(resolved == p.resolve() for p in inputs):
            raise EnvError("输出文件不能是输入文件本身：请换一个输出文件名", target)
        if not os.path.lexists(target):
            return None
        st = os.stat(target)
    except OSError as exc:
        raise EnvError(f"无法使用这个输出路径（{os_reason(exc)}）", target) from None
    if stat.S_ISDIR(st.st_mode):
        raise EnvError("输出路径是一个文件夹", target)
    if not stat.S_ISREG(st.st_mode):
        raise EnvError("输出路径已有一个特殊文件（管道、设备等），不能替换：请换个文件名", target)
    state = state or proof.state(target, fmt)
    if state == proof.OURS:
        return None
    if not force:
        if state == proof.EDITED:
            raise EnvError(
                "这个文件在 draft 生成之后被修改过（例如在 Word 中润色过），重新生成会覆盖这些修改。"
                "请把修改改回 YAML，或用 -o 另存为新文件；确需覆盖请加 --force（旧文件会先备份）",
                target,
            )
        raise EnvError("已有同名文件，且不是 draft 生成的（无法确认由 draft 写入且之后没有改动）；为免覆盖没有写入：请用 -o 换个文件名，"
                       "确需覆盖请加 --force（旧文件会先备份）", target)
    return backup_name(target)


def _temp_copy(target: Path, data: bytes, sync: bool = True) -> str:
    """``data`` in a new temporary file beside ``target`` (synced to disk unless ``sync`` is false); its path."""
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
            if sync:
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


def write_atomic(target: Path, data: bytes, backup: Path | None = None, sync: bool = True) -> None:
    tmp = _temp_copy(target, data, sync)
    try:
        if backup is not None:
            _backup(target, backup)
        os.replace(tmp, target)
    except PermissionError:
        raise EnvError("无法写入：文件可能正在 Word 或 WPS 中打开，请关闭后重试；"
                       "如果没有打开，请检查文件和文件夹的权限（只读？）", target) from None
    except OSError as exc:
        raise EnvError(f"无法写入文件（{os_reason(exc)}）：请关闭打开它的程序，或检查权限", target) from None
    finally:
        _discard(tmp)  # gone after a successful replace; removed after a failure


def _backup(target: Path, backup: Path) -> None:
    """A complete copy of ``target`` named ``backup``, or none at all (a full disk leaves no
    truncated backup): copied to a temporary file, synced, then linked into place."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f, open(target, "rb") as src:
            shutil.copyfileobj(src, f)
            f.flush()
            os.fsync(f.fileno())
        shutil.copystat(target, tmp)
        os.link(tmp, backup)  # never over an existing file
    except OSError as exc:
        raise EnvError(f"无法备份旧文件（{os_reason(exc)}），没有改动它", target) from None
    finally:
        _discard(tmp)


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


def write_proven(target: Path, data: bytes, fmt: str, backup: Path | None = None, sealed: bytes | None = None) -> None:
    """Write a file draft made, with the proof that it did: inside the file where the format has
    room (``proof.seal``), else in the record outside the folder (``proof.remember``).  Renamed
    into place, not synced: draft can make it again (the backup of an edited file is synced)."""
    sealed = proof.seal(fmt, data) if sealed is None else sealed
    write_atomic(target, sealed, backup, sync=False)
    if fmt != "docx" and sealed == data:
        proof.remember(target, sealed)  # no proof inside the file: keep one outside the folder


def refuse_early(target: Path, fmt: str, source: Path, force: bool) -> None:
    """Before a format LibreOffice makes (seconds of work), refuse at once what ``emit`` would
    refuse afterwards: the output file (a paged format's first page) that draft cannot replace.
    A DOCX is left to ``emit``: a pulled DOCX may be replaced, which needs the fresh render."""
    kind = formats.get(fmt)
    if force or not kind.office:
        return
    first = target.with_name(f"{target.stem}-1{kind.suffix}") if kind.pages is not None else target
    guard(first, [source], False, fmt)


def emit(data: bytes, target: Path, fmt: str, source: Path, force: bool) -> tuple[list[Path], list[str]]:
    """Write one rendered result (``pipeline.to_bytes``) to ``target`` (its folder created if
    missing); for a paged format (png) one file a page (name-1.png, name-2.png …).  Every file
    is checked before any is written.  Returns the files written and notes."""
    kind = formats.get(fmt)
    if kind.pages is not None:
        files = [(target.with_name(f"{target.stem}-{i}{kind.suffix}"), page)
                 for i, page in enumerate(kind.pages(data), 1)]
    else:
        files = [(target, data)]
    states = {name: proof.state(name, fmt) if os.path.isfile(name) else None for name, _ in files}
    pulled = {name for name, blob in files if not force and pulled_into_yaml(name, blob, fmt, states[name])}
    plan = [(name, blob, proof.seal(fmt, blob), guard(name, [source], force or name in pulled, fmt, states[name]))
            for name, blob in files]
    _make_folder(target.parent)
    notes = []
    for name, blob, sealed, backup in plan:
        write_proven(name, blob, fmt, backup, sealed)
        if backup is not None and name in pulled:
            notes.append(f"{name}: 提示：Word 里改过的文字都已在 YAML 里（draft pull），已重新生成；"
                         f"改过的文件（含 Word 里的排版修改）备份为 {backup}")
        elif backup is not None:
            notes.append(f"{name}: 提示：旧文件已备份为 {backup}")
    return [name for name, *_ in plan], notes


def pulled_into_yaml(target: Path, data: bytes, fmt: str, state: str | None) -> bool:
    """The one exception to "replace only what draft wrote": a DOCX edited in Word whose every
    edit ``draft pull`` has taken into the YAML (the fresh render ``data`` shows the same text,
    leaving out numbers, tables and phrases computed from 数据).  It is replaced after a backup.
    ``state``: the existing file's ``proof.state`` (None: no regular file there)."""
    if fmt != "docx" or state != proof.EDITED:
        return False
    from .pull import taken

    return taken(target, data)


def _make_folder(folder: Path) -> None:
    """``-o 报送/民政局.docx``: the folder is made when missing, as in folder mode."""
    if not str(folder) or folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvError(f"无法创建输出文件夹（{os_reason(exc)}）", folder) from None
