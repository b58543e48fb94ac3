"""Development tool: write the clean text of the raw seed reports.

The raw seeds under ``seeds/raw/`` are kept byte-exact as they came from the web; the clean
simplified-Chinese texts under ``seeds/clean/`` (one paragraph per line) are derived from them
with :func:`drafting.textclean.clean_text` and are what the fidelity tests compare against.
Regenerate them from the repository root with::

    python tools/clean_seeds.py seeds/raw seeds/clean

Text that is damaged beyond repair is listed in :data:`KNOWN_DAMAGE`; it is left as it is
(protected from punctuation conversion) so the damage stays visible and stable.

This tool is not part of the installed package; it needs OpenCC (``pip install -e '.[fanti]'``)
because two seeds are traditional.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":  # run as a script from a source tree: find drafting/ next to tools/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drafting.textclean import clean_text  # noqa: E402


@dataclass(frozen=True)
class KnownDamage:
    """A span of a seed that cannot be repaired from the text alone."""

    seed: str  # file-name prefix of the seed, e.g. "001"
    text: str  # the span exactly as it appears in the clean text
    reason: str  # one-line explanation


KNOWN_DAMAGE: tuple[KnownDamage, ...] = (
    KnownDamage(
        seed="001",
        text="社?;萜笳",
        reason="GBK bytes decoded one byte out of step (probably 社保惠企政策); "
        "left as is, only the following ?ldquo; is repaired to “",
    ),
    KnownDamage(
        seed="004",
        text="?yōu)楸M",
        reason="mojibake plus a broken pinyin gloss in 變?yōu)楸M量 (probably 变为尽量); "
        "no opening parenthesis, so it is not a gloss and is left as is",
    ),
    KnownDamage(
        seed="003",
        text="办理婚姻登记1864对",
        reason="the source is a paywalled preview: the text stops mid-sentence here "
        "(the 试读结束 furniture that follows is removed)",
    ),
)


def clean_seed(raw: str) -> str:
    """The clean text of one raw seed, with the known damage left as it is."""
    return clean_text(raw, protected=[d.text for d in KNOWN_DAMAGE])


def clean_file(path: str | os.PathLike[str]) -> str:
    """Read a raw seed (UTF-8) and return its clean text."""
    return clean_seed(Path(path).read_text(encoding="utf-8"))


def _write_atomic(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; clean texts are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/clean_seeds.py",
        description="Write the clean text of every raw seed (*.txt) in SRC to DST.",
    )
    parser.add_argument("src", nargs="?", default="seeds/raw", type=Path)
    parser.add_argument("dst", nargs="?", default="seeds/clean", type=Path)
    args = parser.parse_args(argv)
    raw_files = sorted(args.src.glob("*.txt"))
    if not raw_files:
        parser.error(f"no *.txt files in {args.src}")
    args.dst.mkdir(parents=True, exist_ok=True)
    for raw in raw_files:
        _write_atomic(args.dst / raw.name, clean_file(raw))
        print(f"{raw} -> {args.dst / raw.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
