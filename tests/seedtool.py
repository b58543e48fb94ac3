"""The seed cleaner ``tools/clean_seeds.py``, loaded by path: tools/ is a folder of development
scripts, not an installed package."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "tools" / "clean_seeds.py"


def _load():
    spec = importlib.util.spec_from_file_location("clean_seeds", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


clean_seeds = _load()
KNOWN_DAMAGE = clean_seeds.KNOWN_DAMAGE
