"""Section types are plugins: found in folders and entry points, never listed in code.

A *types folder* has the same layout as the project's top level::

    schemas/<name>.py      a pydantic model subclassing drafting.model.Section
    templates/<file>       its Jinja template (and any macros it imports)
    examples/<file>.yaml   an example that renders

Where types come from, in search order (the first of a name wins; later ones are listed as
shadowed):

1. ``--types-dir DIR`` options, then the folders in ``DRAFT_TYPES_PATH`` (os.pathsep-separated);
2. installed packages, through the entry point group ``drafting.types`` whose value is the
   Section subclass (``pkg.module:ClassName``); its folder (the module's) holds ``templates/``
   and ``examples/``;
3. the built-in types shipped with draft (the top-level folders of the project, inside the
   wheel as ``drafting/builtin``).
"""
from __future__ import annotations

import hashlib
import importlib.util
import inspect
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import diskcache, styles
from .errors import EXIT_ENV, Diagnostic, DraftError, EnvError, InputError
from .model import Section

ENV_VAR = "DRAFT_TYPES_PATH"
ENTRY_POINT_GROUP = "drafting.types"


def builtin_root() -> Path:
    """Where the built-in schemas/, templates/ and examples/ are (wheel or source tree)."""
    here = Path(__file__).resolve().parent
    packaged = here / "builtin"
    return packaged if (packaged / "schemas").is_dir() else here.parent


class SectionType(NamedTuple):
    name: str
    description: str
    model: type[Section]
    root: Path
    origin: str  # "内置" / "目录 …" / "插件包 …"
    style_family: styles.Family  # the family plus the named styles the type adds

    @property
    def family(self) -> str:
        return self.model.family

    @property
    def template_dirs(self) -> list[Path]:
        dirs = [self.root / "templates", self.root, builtin_root() / "templates"]
        return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]

    @property
    def example(self) -> Path | None:
        if not self.model.example:
            return None
        for base in (self.root / "examples", self.root):
            if (base / self.model.example).is_file():
                return base / self.model.example
        return None


class _PendingModule:
    """A schema file not run yet; run once, when one of its types is first looked up."""

    def __init__(self, path: Path, root: Path, origin: str):
        self.path, self.root, self.origin = path, root, origin
        self.types: dict[str, SectionType] | None = None

    def get(self, name: str) -> SectionType:
        if self.types is None:
            self.types = {t.name: t for t in _types_in(self.path, self.root, self.origin)}
        if name not in self.types:  # the file changed while draft ran
            raise _maintainer_error(f"类型定义文件里没有类型“{name}”了（文件在运行中被修改？）", self.path)
        return self.types[name]


class Pending(NamedTuple):
    """A type known by name from the index, its schema file not run yet (``Types``)."""

    name: str
    module: _PendingModule

    def load(self) -> SectionType:
        return self.module.get(self.name)


class Types(dict):
    """name -> SectionType.  A ``Pending`` type is loaded when first looked up, so a render
    builds the pydantic model of its own type only (others cost ≈ 10–40 ms each)."""

    def __getitem__(self, name: str) -> SectionType:
        value = super().__getitem__(name)
        if isinstance(value, Pending):
            value = value.load()
            super().__setitem__(name, value)
        return value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


@dataclass
class Registry:
    types: Types = field(default_factory=Types)
    shadowed: list[SectionType] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # folders of DRAFT_TYPES_PATH that do not exist

    def hint(self) -> str:
        """Said with an unknown type: the DRAFT_TYPES_PATH folders that were not there."""
        if not self.missing:
            return ""
        return f"（注意：环境变量 {ENV_VAR} 里的文件夹不存在：{'、'.join(map(str, self.missing))}）"

    def add(self, t: SectionType | Pending) -> None:
        if t.name in self.types:
            self.shadowed.append(t.load() if isinstance(t, Pending) else t)
        else:
            self.types[t.name] = t

    def get(self, name: str) -> SectionType:
        """The type called ``name``; a usage error listing the types there are otherwise."""
        if name not in self.types:
            from difflib import get_close_matches

            close = [t for t in self.types if name and (name in t or t in name)]
            close = close or get_close_matches(name, list(self.types), n=1, cutoff=0.6)
            guess = f"是不是“{close[0]}”？" if close else ""
            raise EnvError(f"没有“{name}”这种文稿类型；{guess}可用的类型：{'、'.join(self.types) or '（无）'}"
                           f"（用 draft types 查看）{self.hint()}")
        return self.types[name]

    def for_source(self, source) -> SectionType:
        """The type a loaded file names with ``类型:``, or an InputError at that line."""
        data = source.data
        name = data.get("类型") if isinstance(data, dict) else None
        known = "、".join(self.types) or "（无）"
        if name is None:
            raise InputError(source.diagnostic(f"缺少“类型:”：文件第一行应写明文稿类型，可用的类型：{known}"))
        if name == "汇编":  # drafting.manifest: not a document of its own
            raise InputError(source.diagnostic("这是汇编清单（类型: 汇编），不单独生成：请用 draft bundle 汇编", ("类型",)))
        if not isinstance(name, str) or name not in self.types:
            raise InputError(
                source.diagnostic(f"不认识的类型“{name}”；可用的类型：{known}（用 draft types 查看）{self.hint()}", ("类型",))
            )
        return self.types[name]


def _maintainer_error(message: str, file: str | Path | None, line: int | None = None) -> DraftError:
    """A mistake in a type's own files: exit 2, at the file and line."""
    return DraftError([Diagnostic(message, file=str(file) if file else None, line=line)], EXIT_ENV)


def _line_in(exc: BaseException, path: Path) -> int | None:
    """The line of ``path`` where ``exc`` happened: a syntax error's own, else the innermost frame's."""
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        return exc.lineno
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def schema_error(exc: BaseException, path: str | Path, what: str = "类型定义文件出错") -> DraftError:
    """A schema file's code failed (on import, or in its ``context()``): exit 2 at its line."""
    return _maintainer_error(f"{what}：{_explain(exc)}", path, _line_in(exc, Path(path)))


def _explain(exc: BaseException) -> str:
    """A Chinese account of what went wrong while a schema file ran (Python's words kept as detail)."""
    if isinstance(exc, SystemExit):
        return f"文件调用了 sys.exit()（退出码 {exc.code}）；类型定义文件只应定义数据结构，不应退出程序"
    if isinstance(exc, SyntaxError):
        return f"Python 语法错误（{exc.msg}）"
    if isinstance(exc, NameError) and exc.name:
        return f"名字“{exc.name}”没有定义：拼写错误，还是缺少 import？"
    if isinstance(exc, ImportError):
        return f"无法导入“{exc.name or exc}”：模块不存在或没有安装（{exc}）"
    if type(exc).__module__.split(".")[0] == "pydantic":
        return f"数据结构（pydantic 模型）定义有误：{str(exc).splitlines()[0]}"
    return f"运行时出错：{type(exc).__name__}: {exc}"


def _load_module(path: Path):
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"drafting_types_{key}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # a maintainer's schema file is broken: say where
        del sys.modules[name]
        raise schema_error(exc, path) from None
    return module


def _sections_in(module) -> list[type[Section]]:
    return [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Section)
        and obj.__module__ == module.__name__
        and obj.type_name
    ]


def _section_type(model: type[Section], root: Path, origin: str, where) -> SectionType:
    """A registry entry; a family that does not exist, a model pydantic cannot complete or a
    named style declared wrong is the maintainer's error, said at the schema file's line."""
    if model.family not in styles.FAMILIES:
        raise _model_error(model, where, f"类型“{model.type_name}”的样式族“{model.family}”不存在；"
                                         f"可用：{'、'.join(styles.FAMILIES)}")
    from pydantic import PydanticUserError

    try:
        model.model_rebuild()  # a string annotation naming something undefined surfaces here, not at render
    except (PydanticUserError, NameError) as exc:
        raise _model_error(model, where, f"类型定义文件出错：{_explain(exc)}", getattr(exc, "name", None)) from None
    try:
        family = styles.derive(styles.FAMILIES[model.family], model.named_styles)
    except ValueError as exc:
        raise _model_error(model, where, f"类型“{model.type_name}”的命名样式（named_styles）有误：{exc}",
                           "named_styles") from None
    doc = (model.__doc__ or "").strip()
    description = model.description or (doc.splitlines()[0] if doc else "")
    return SectionType(model.type_name, description, model, root, origin, family)


def _model_error(model: type[Section], where, message: str, needle: str | None = None) -> DraftError:
    """A maintainer error at the first line of the model's class that holds ``needle`` (else the
    ``class`` line) in its schema file."""
    try:
        source = inspect.getsourcefile(model)
        lines, first = inspect.getsourcelines(model)
    except (OSError, TypeError):
        return _maintainer_error(message, where)
    offset = next((i for i, text in enumerate(lines) if needle and needle in text), 0)
    return _maintainer_error(message, source or where, first + offset)


def scan_folder(root: Path, origin: str) -> list[SectionType | Pending]:
    """The types the folder's schema files define, in order.  A file whose type names are in
    the index (``_index_key``) is not run now: its types are ``Pending`` until looked up."""
    schemas = root / "schemas"
    if not schemas.is_dir():
        raise EnvError("类型目录里没有 schemas/ 文件夹", root)
    found: list[SectionType | Pending] = []
    for path in sorted(schemas.glob("*.py")):
        if path.name.startswith("_"):
            continue
        key = _index_key(path)
        names = diskcache.load("type-names", key) if key else None
        if names is not None:
            module = _PendingModule(path, root, origin)
            found += [Pending(name, module) for name in names]
            continue
        types = _types_in(path, root, origin)
        if key:
            diskcache.store("type-names", key, [t.name for t in types])
        found += types
    return found


def _types_in(path: Path, root: Path, origin: str) -> list[SectionType]:
    return [_section_type(model, root, origin, path) for model in _sections_in(_load_module(path))]


_OWN = ("registry.py", "model.py", "styles.py", "compose.py")  # what decides whether a schema file loads


def _index_key(path: Path) -> tuple | None:
    """What the type names a schema file defines depend on: the file itself, draft's version
    and the modules that check it; None if the file cannot be looked at."""
    from . import __version__

    here = Path(__file__).resolve().parent
    try:
        files = [path.resolve()] + [here / name for name in _OWN]
        return (__version__,) + tuple((str(f), st.st_size, st.st_mtime_ns) for f in files for st in [os.stat(f)])
    except OSError:
        return None


def _entry_points() -> list:
    """The installed packages' entry points of our group.  That there are none is kept on disk
    with the packages ``sys.path``'s folders hold and their entry point files (``_installed``:
    installing, removing, upgrading or reinstalling one changes it), so a render without plugins
    need not read every installed package's metadata (≈ 2 ms of a start)."""
    key = (ENTRY_POINT_GROUP, tuple(sys.path))
    state = tuple(_installed(p) for p in sys.path)
    if diskcache.load("no-plugins", key) == state:
        return []
    from importlib.metadata import entry_points

    found = list(entry_points(group=ENTRY_POINT_GROUP))
    if not found:
        diskcache.store("no-plugins", key, state)
    return found


def _installed(folder: str) -> tuple | int | None:
    """The packages a folder of ``sys.path`` holds: the names of their metadata folders (a new
    version is a new name) with the size and time of each one's ``entry_points.txt`` (a package
    reinstalled at the same version, as ``pip install -e .`` after an entry point is added to
    its pyproject.toml, keeps its name); for a zip, its modification time."""
    try:
        names = sorted(n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info")))
    except NotADirectoryError:
        try:
            return os.stat(folder).st_mtime_ns
        except OSError:
            return None
    except OSError:
        return None
    return tuple((n, _file_stamp(os.path.join(folder or ".", n, "entry_points.txt"))) for n in names)


def _file_stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:  # no such file (a package without entry points), or a metadata file, not a folder
        return None
    return st.st_size, st.st_mtime_ns


def _entry_point_types() -> list[SectionType]:
    found = []
    for ep in _entry_points():
        try:
            model = ep.load()
        except (Exception, SystemExit) as exc:
            path = _module_file(ep.module)
            raise _maintainer_error(f"插件“{ep.name}”无法加载：{_explain(exc)}", path or ep.value,
                                    _line_in(exc, path) if path else None) from None
        if not (inspect.isclass(model) and issubclass(model, Section) and model.type_name):
            raise EnvError(f"插件“{ep.name}”（{ep.value}）不是 Section 的子类")
        root = Path(inspect.getfile(model)).resolve().parent
        dist = ep.dist.name if ep.dist else ep.value
        found.append(_section_type(model, root, f"插件包 {dist}", ep.value))
    return found


def _module_file(module: str) -> Path | None:
    """The file of a plugin's module, found without running it again (None if unknown)."""
    try:
        spec = importlib.util.find_spec(module)
    except (Exception, SystemExit):
        return None
    return Path(spec.origin) if spec and spec.origin else None


def search_path(types_dirs: list[str | Path] | None = None) -> list[Path]:
    """The --types-dir folders (each must exist), then the existing folders of DRAFT_TYPES_PATH
    (a stale entry there must not stop the built-in types: it is named with an unknown type)."""
    dirs = [Path(d) for d in (types_dirs or [])]
    for d in dirs:
        if not d.is_dir():
            raise EnvError("类型目录不存在", d)
    return dirs + [d for d in _env_dirs() if d.is_dir()]


def _env_dirs() -> list[Path]:
    return [Path(d) for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d.strip()]


_cache: dict[tuple, Registry] = {}


def load_registry(types_dirs: list[str | Path] | None = None) -> Registry:
    """All section types visible with these folders (cached per search path)."""
    dirs = search_path(types_dirs)
    missing = [d for d in _env_dirs() if not d.is_dir()]
    key = (tuple(str(d.resolve()) for d in dirs), tuple(map(str, missing)))
    if key in _cache:
        return _cache[key]
    reg = Registry()
    for d in dirs:
        for t in scan_folder(d, f"目录 {d}"):
            reg.add(t)
    for t in _entry_point_types():
        reg.add(t)
    for t in scan_folder(builtin_root(), "内置"):
        reg.add(t)
    reg.missing = missing
    _cache[key] = reg
    return reg


__all__ = ["Registry", "SectionType", "load_registry", "builtin_root", "Diagnostic"]
