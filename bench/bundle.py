"""Speed of ``draft bundle`` (issue 20): 40 sections, as a ratio against rendering them one by one.

    python bench/bundle.py            # about a minute on 2 cores
    python bench/bundle.py --quick    # one repetition

Content: 40 专节报告 of the shape bench/run.py makes ("small": ≈6,400 characters, 69 paragraphs,
4 heading levels each), one unit each, listed in a manifest with the 目录 listing level-1 headings.

Measures (median of repeats, wall and CPU time of the whole process and its children):

* ``draft render`` of the 40 files one by one, each a fresh process (what a 办公室 does today,
  file after file), and the same 40 rendered one after another in one warm process (the work
  itself, without start-ups);
* ``draft bundle MANIFEST --no-layout`` as a whole process (the target: ≤ 5 s on this machine,
  both cores: sections are built by a process pool);
* the LibreOffice step alone (``bundle.lay_out``: one conversion to PDF and reading the pages):
  it is what ``draft bundle`` adds when LibreOffice is installed.  Only LibreOffice is measured.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import make_yaml  # noqa: E402  (bench/run.py: the same content as the render benchmark)

SECTIONS = 40


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cpu, t = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    assert proc.returncode == 0, proc.stderr
    return wall, _children_cpu() - cpu


def make_folder(folder: Path) -> Path:
    lines = ["类型: 汇编", "标题: 某某县2024年政府工作报告专节材料汇编", "编印单位: 某某县人民政府办公室",
             "日期: 2025-01-15", "目录含一级标题: true", "文稿:"]
    for i in range(1, SECTIONS + 1):
        text = make_yaml(3, seed=i).replace("某某县民政局", f"某某县第{i}局")
        (folder / f"单位{i:02d}.yaml").write_text(text, encoding="utf-8")
        lines += [f"  - 单位: 某某县第{i}局", f"    文件: 单位{i:02d}.yaml"]
    manifest = folder / "汇编.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    reps = 1 if args.quick else 3
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="draft-bench-bundle-") as tmp:
        work = Path(tmp)
        manifest = make_folder(work)
        files = sorted(work.glob("单位*.yaml"))
        out = work / "out"
        out.mkdir()

        def one_by_one() -> tuple[float, float]:
            wall = cpu = 0.0
            for f in files:
                w, c = timed([py, "-m", "drafting.cli", "render", str(f), "-o", str(out / (f.stem + ".docx"))])
                wall, cpu = wall + w, cpu + c
            return wall, cpu

        in_process = ("import sys; from pathlib import Path; from drafting.batch import render_file\n"
                      "for f in sys.argv[1:]:\n"
                      "    o = render_file(Path(f), Path(f).with_suffix('.docx'), 'docx', True, None)\n"
                      "    assert o.exit_code == 0, o.messages\n")
        runs = {
            "render, 40 processes one by one": one_by_one,
            "render, 40 one after another in one process": lambda: timed([py, "-c", in_process, *map(str, files)]),
            "bundle --no-layout (whole process)": lambda: timed(
                [py, "-m", "drafting.cli", "bundle", str(manifest), "-o", str(work / "汇编.docx"), "--no-layout", "--force"]),
        }
        results = {}
        for name, fn in runs.items():
            samples = [fn() for _ in range(reps)]
            results[name] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))

        sys.path.insert(0, str(ROOT))
        from drafting import bundle, manifest as mf
        from drafting.pipeline import to_docx

        plan = mf.plan(manifest)
        tree = bundle.assemble(plan, bundle.receive_all(plan))
        docx = to_docx(tree)
        layout = []
        for _ in range(reps):
            t = time.perf_counter()
            pages = bundle.lay_out(docx, tree)
            layout.append(time.perf_counter() - t)
        pdf_pages = max(p for p in pages if p is not None)

    base = results["render, 40 one after another in one process"][0]
    print(f"{SECTIONS} sections, {len(pages)} 目录 entries, {pdf_pages} body pages; {os.cpu_count()} cores; "
          f"median of {reps}\n")
    print("| measure | wall | CPU (user+sys) | bundle ÷ this |")
    print("|---|---|---|---|")
    bundle_wall = results["bundle --no-layout (whole process)"][0]
    for name, (wall, cpu) in results.items():
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {bundle_wall / wall:.2f}× |")
    print(f"| LibreOffice layout step alone (convert + read pages) | {statistics.median(layout):.2f} s | — | — |")
    print(f"\nbundle --no-layout: {bundle_wall:.2f} s (target ≤ 5 s); "
          f"÷ the same work one after another in one warm process: {bundle_wall / base:.2f}×")


if __name__ == "__main__":
    main()
