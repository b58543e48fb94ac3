"""draft uses its dependencies through their public APIs only, and patches none of them.

Every module under ``drafting/`` is read with ``ast`` (nothing is imported) and these are flagged:

* importing a private name or module of python-docx, typer, click or ruamel (``from X import _y``,
  ``import _ruamel_yaml``, ``from typer._click import …``);
* any attribute access ``obj._name`` (leading underscore, not a dunder) unless ``obj`` is ``self``,
  ``cls`` or a name imported from draft itself, or the access is inside a class of ours that
  declares ``_name`` (its own private attribute on another of its instances).  So ``part._element``,
  ``x._blob``, ``sec._sectPr`` are refused whatever ``part``, ``x`` or ``sec`` is; likewise
  ``getattr(obj, "_name")``;
* monkey-patching: assigning to (or deleting, or ``setattr`` on) an attribute of an imported
  dependency module or object (``formatting.HelpFormatter.write_usage = …``).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "drafting").rglob("*.py"))
DEPENDENCIES = {"docx", "typer", "click", "ruamel", "_ruamel_yaml"}
DOCUMENTED = {("os", "_exit")}  # standard-library API documented under an underscore name
# a named tuple's documented methods (the underscore keeps them apart from its fields)
NAMED_TUPLE_API = {"_replace", "_asdict", "_make", "_fields", "_field_defaults"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _class_privates(cls: ast.ClassDef) -> set[str]:
    """Private names a class of ours declares: in its body, or as ``self._x`` in its methods."""
    names = set()
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
    return {n for n in names if _private(n)}


def violations(source: str) -> list[str]:
    tree = ast.parse(source)
    found: list[str] = []
    deps: set[str] = set()  # local names bound to a dependency's module or object
    ours: set[str] = {"self", "cls"}  # local names bound to draft's own modules and objects

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"line {node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in DEPENDENCIES:
                    if any(map(_private, parts)):
                        flag(node, f"imports the private module {alias.name}")
                    deps.add(alias.asname or parts[0])
                elif parts[0] == "drafting":
                    ours.add(alias.asname or parts[0])
        elif isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            if node.level == 0 and parts[0] in DEPENDENCIES:
                if any(map(_private, parts)):
                    flag(node, f"imports from the private module {node.module}")
                for alias in node.names:
                    if _private(alias.name):
                        flag(node, f"imports the private name {alias.name} from {node.module}")
                    deps.add(alias.asname or alias.name)
            elif node.level > 0 or parts[0] == "drafting":
                ours |= {alias.asname or alias.name for alias in node.names}

    allowed_in: dict[int, set[str]] = {}  # id(attribute node) -> private names its class declares
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        own = _class_privates(cls)
        for node in ast.walk(cls):
            allowed_in.setdefault(id(node), set()).update(own)

    def is_dependency(node: ast.expr) -> bool:
        root = _root(node)
        return isinstance(root, ast.Name) and root.id in deps

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            obj = node.value
            documented = (isinstance(obj, ast.Name) and (obj.id, node.attr) in DOCUMENTED) or node.attr in NAMED_TUPLE_API
            if not (isinstance(obj, ast.Name) and obj.id in ours) and node.attr not in allowed_in.get(id(node), ()) \
                    and not documented:
                flag(node, f"accesses the private attribute .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            fn, args = node.func.id, node.args
            if fn in ("getattr", "setattr", "delattr", "hasattr") and len(args) > 1 \
                    and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str) \
                    and _private(args[1].value) and not (isinstance(args[0], ast.Name) and args[0].id in ours):
                flag(node, f"{fn}(…, {args[1].value!r}) reaches a private attribute")
            if fn in ("setattr", "delattr") and is_dependency(args[0]):
                flag(node, f"{fn} on a dependency (monkey-patching)")
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for t in targets:
            for el in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                if isinstance(el, ast.Attribute) and is_dependency(el.value):
                    flag(el, f"assigns to {ast.unparse(el)}, an attribute of a dependency (monkey-patching)")
    return sorted(set(found), key=lambda s: int(s.split()[1].rstrip(":")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_uses_public_api_only(path):
    found = violations(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}:\n" + "\n".join(found)


BAD = {
    "from docx.opc.pkgwriter import PackageWriter\nPackageWriter._write_parts(out, parts)": "._write_parts",
    "import _ruamel_yaml": "_ruamel_yaml",
    "from _ruamel_yaml import CParser": "_ruamel_yaml",
    "from typer._click import core": "typer._click",
    "from docx.oxml import _private_thing": "_private_thing",
    "def f(part):\n    part._element = None": "._element",
    "def f(d):\n    return d.sections[0]._sectPr": "._sectPr",
    "def f(p):\n    p._blob = b''": "._blob",
    "import docx as d\nd._x": "._x",
    "def f(o):\n    return getattr(o, '_element')": "'_element'",
    "from click import formatting\nformatting.HelpFormatter.write_usage = print": "monkey-patching",
    "import typer.core\ntyper.core.TyperGroup.format_help = print": "monkey-patching",
    "from typer import core\nsetattr(core, 'x', 1)": "monkey-patching",
    "from typer import core\ndel core.TyperCommand.main": "monkey-patching",
    "class A:\n    def f(self, other):\n        return other._element": "._element",
}
GOOD = [
    "from docx.opc.part import Part\nfrom docx.opc.packuri import PackURI\np = Part(PackURI('/a.xml'), 'x')",
    "import docx\nd = docx.Document()\nd.core_properties.title = 'x'\nsec = d.sections[0]\nsec.gutter = 0",
    "class A:\n    _n = 0\n    def f(self, other):\n        self._m = 1\n        return other._n + self._m",
    "from . import docx_package\ndocx_package._bases.clear()",
    "from typer.core import TyperGroup\nclass G(TyperGroup):\n    def format_usage(self, ctx, formatter):\n        pass",
    "x = object()\nx.__class__",
]


@pytest.mark.parametrize("source", BAD, ids=range(len(BAD)))
def test_checker_flags(source):
    found = violations(source)
    assert found and BAD[source] in "\n".join(found), found


@pytest.mark.parametrize("source", GOOD, ids=range(len(GOOD)))
def test_checker_accepts(source):
    assert violations(source) == []
