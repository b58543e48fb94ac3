"""Side-by-side benchmark: draft vs docxtpl vs pandoc on the same content.

    pip install -e '.[bench]'        # docxtpl, PyYAML, pypandoc_binary (or Debian's pandoc)
    python bench/run.py              # about two minutes on 2 cores; prints the ratio table
    python bench/run.py --quick      # fewer repetitions, for a smoke run

Content: a 专节报告 of ≈6,600 characters, 70 paragraphs, 4 heading levels ("small") and the
same shape with 10× the parts ("large").  Our YAML is rendered first; the paragraph texts and
heading levels of our DOCX become the docxtpl data (YAML, read by PyYAML) and the pandoc
Markdown, so every tool writes the same paragraphs.  Before timing anything, every output's
paragraph texts are compared with ours.

Measures (median of repeats): in-process end-to-end (YAML/Markdown file -> DOCX file, warm;
every tool under the garbage-collection settings ``draft`` runs with, ``launch.collect_rarely``;
ours as ``draft render`` writes it, hand-edit check included, without the count of lint hints it
prints after, which the whole-process rows include),
whole-process cold start (a fresh process each time, the tools' runs alternating: ours is the
``draft`` console script, docxtpl a Python script, pandoc the real binary — the one on PATH,
else the one pypandoc bundles — run directly), a batch of 1,000 small files (ours: ``draft
render FOLDER -o OUT``, both cores; the peers: one after another), peak memory of a whole
process on the large content and of the in-process work (tracemalloc), linearity (large time
÷ small time; and 1000× ÷ 100× of one part, in-process), and ``draft watch``: the render
time it prints and the time from a save to the new file on disk.  Ratios are ours ÷ peer:
below 1.0 means draft is faster / smaller.  Processes run with bytecode caching as users have
it (PYTHONDONTWRITEBYTECODE is removed from their environment; one run before timing fills
the caches).  ``TARGETS`` are checked at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# --- content ------------------------------------------------------------------------------
_SUBJECTS = ["全县", "各乡镇", "局机关", "县级医院", "基层站所", "社区", "村（居）委会", "重点企业", "服务中心"]
_VERBS = ["深入推进", "持续完善", "扎实开展", "统筹实施", "全面落实", "稳步推进", "着力加强", "不断优化"]
_OBJECTS = ["民生保障工作", "基层治理体系", "公共服务设施建设", "队伍能力建设", "信息化平台建设",
            "安全生产责任", "便民服务措施", "政策宣传解读", "项目资金管理", "考核评价机制"]
_TAILS = ["取得明显成效", "群众满意度进一步提升", "各项指标均达到年度目标", "为全县高质量发展提供了有力支撑",
          "形成了一批可复制可推广的经验", "工作水平迈上新台阶"]


def _sentence(rng: random.Random) -> str:
    n = rng.randint(12, 98)
    return (f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}，全年完成投入{n}.{rng.randint(0, 9)}万元，"
            f"覆盖{rng.randint(100, 999)}户{rng.randint(1000, 9999)}人，{rng.choice(_TAILS)}。")


def _body(rng: random.Random, sentences: int) -> str:
    return "".join(_sentence(rng) for _ in range(sentences))


def _title(rng: random.Random, end: str = "") -> str:
    return f"{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}{end}"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML 1.2 double-quoted scalar


def make_yaml(parts: int, seed: int = 2024) -> str:
    """A 专节报告 with ``parts`` first-level parts, each: 2 × （一） with body, each 2 × 1. standalone
    with body, each 2 × （1） run in — 23 paragraphs a part, 4 heading levels."""
    rng = random.Random(seed)
    y = ["类型: 专节报告", "标题: 某某县民政局关于2024年民政工作情况的专节报告", "单位: 某某县民政局", "年度: 2024",
         "主送: 县人民政府办公室", "开头:",
         f"  - {_q('根据县政府办公室关于报送2025年政府工作报告专节材料的通知要求，现将我局2024年工作情况报告如下。')}",
         f"  - {_q(_body(rng, 2))}", "部分:"]
    for _ in range(parts):
        y += [f"  - 标题: {_q(_title(rng))}", "    条目:"]
        for _ in range(2):
            y += [f"      - 标题: {_q(_title(rng))}", f"        正文: {_q(_body(rng, 2))}", "        条目:"]
            for _ in range(2):
                y += [f"          - 标题: {_q(_title(rng))}", "            单独成行: true",
                      f"            正文: {_q(_body(rng, 4))}", "            条目:"]
                for _ in range(2):
                    y += [f"              - 标题: {_q(_title(rng, '。'))}", f"                正文: {_q(_body(rng, 2))}"]
    y += ["落款: 某某县民政局", "日期: 2025-01-06", ""]
    return "\n".join(y)


# --- reading outputs ----------------------------------------------------------------------
def paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(kind, text) of every non-empty body paragraph; kind h1..h4, or p."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if not text.strip():
            continue
        style = p.find(f"{W}pPr/{W}pStyle")
        sid = style.get(f"{W}val") if style is not None else ""
        level = next((c for c in sid if c.isdigit()), None) if "eading" in sid else None
        out.append((f"h{level}" if level else "p", text))
    return out


# --- the peers ----------------------------------------------------------------------------
DOCXTPL_SCRIPT = '''\
import sys, yaml
from docxtpl import DocxTemplate
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

def render(data_path, template, out):
    with open(data_path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=Loader)
    tpl = DocxTemplate(template)
    tpl.render(data, autoescape=True)
    tpl.save(out)

if __name__ == "__main__":
    args = sys.argv[1:]
    for i in range(0, len(args), 3):
        render(*args[i:i + 3])
'''

PANDOC_SCRIPT = '''\
import subprocess, sys

def render(md, out, pandoc=sys.argv[1] if __name__ == "__main__" else "pandoc"):
    subprocess.run([pandoc, "-f", "markdown-smart", "-t", "docx", "-o", str(out), str(md)], check=True)

if __name__ == "__main__":
    args = sys.argv[2:]
    for i in range(0, len(args), 2):
        render(*args[i:i + 2])
'''

# the console script pip writes for ``draft = "drafting.launch:main"``
DRAFT_SCRIPT = '''\
import sys
from drafting.launch import main
if __name__ == "__main__":
    sys.exit(main())
'''

# (what, limit, how the value is read from the rows): checked and printed at the end
TARGETS = [
    ("whole process, small ÷ docxtpl", 1.10, ("whole process (cold start), small", "tpl")),
    ("in-process, large ÷ docxtpl", 1.00, ("in-process end-to-end, large", "tpl")),
    ("batch ÷ docxtpl", 0.30, ("batch", "tpl")),
    ("1000× ÷ 100× of one part, in-process", 12.0, ("1000× ÷ 100×", "ours")),
    ("watch: render as printed (ms)", 30.0, ("watch: render as printed", "ours")),
    ("watch: save → new file on disk (ms)", 300.0, ("watch: save → new file", "ours")),
]


def pandoc_binary() -> str:
    """The real pandoc: the one on PATH, else the binary pypandoc_binary bundles."""
    found = shutil.which("pandoc")
    if found:
        return found
    import pypandoc

    return pypandoc.get_pandoc_path()


def make_template(path: Path) -> None:
    import docx

    d = docx.Document()
    for text, style in [
        ("{%p for p in paras %}", None), ("{%p if p.k == 'h1' %}", None), ("{{ p.t }}", "Heading 1"),
        ("{%p elif p.k == 'h2' %}", None), ("{{ p.t }}", "Heading 2"), ("{%p elif p.k == 'h3' %}", None),
        ("{{ p.t }}", "Heading 3"), ("{%p elif p.k == 'h4' %}", None), ("{{ p.t }}", "Heading 4"),
        ("{%p else %}", None), ("{{ p.t }}", None), ("{%p endif %}", None), ("{%p endfor %}", None),
    ]:
        d.add_paragraph(text, style)
    d.save(path)


def make_docxtpl_data(paras: list[tuple[str, str]]) -> str:
    import yaml

    return yaml.safe_dump({"paras": [{"k": k, "t": t} for k, t in paras]}, allow_unicode=True, width=10**6)


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]<>#|~^$":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in "-+=":
        text = "\\" + text
    i = 0
    while i < len(text) and text[i].isdigit():
        i += 1
    if i and text[i:i + 1] in (".", ")"):
        text = text[:i] + "\\" + text[i:]
    return text


def make_markdown(paras: list[tuple[str, str]]) -> str:
    out = []
    for k, t in paras:
        out.append(("#" * int(k[1]) + " " if k != "p" else "") + _md_escape(t))
    return "\n\n".join(out) + "\n"


# --- timing helpers -----------------------------------------------------------------------
def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (pandoc)."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + c.ru_utime + c.ru_stime


def median_time(fn, repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time of ``fn()``."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        c, t = _cpu(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(_cpu() - c)
    return statistics.median(wall), statistics.median(cpu)


def env_with_path() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users have it: modules compiled once, not per run
    return env


def run_proc(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, with its children) of a whole process.  On a
    shared, busy machine the CPU time is the steadier of the two."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env_with_path(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{proc.stderr.decode('utf-8', 'replace')}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


PEAK = """\
import resource, runpy, sys
target, sys.argv = sys.argv[1], sys.argv[2:]
try:
    if target.endswith(".py"):
        runpy.run_path(target, run_name="__main__")
    else:
        runpy.run_module(target, run_name="__main__", alter_sys=True)
except SystemExit as exc:
    if exc.code:
        raise
# VmHWM: this process's own peak (ru_maxrss would include the RSS of the bench that spawned it)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), file=sys.stderr)
"""


def peak_rss(target: str, args: list, cwd: Path) -> int:
    """Peak RSS (KiB) of a whole run: the process, or a child it waited for (pandoc)."""
    proc = subprocess.run([sys.executable, "-c", PEAK, target, target, *map(str, args)], cwd=cwd,
                          env=env_with_path(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return int(proc.stderr.strip().splitlines()[-1])


def tracemalloc_peak(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def batch_rows(rows, work: Path, cmd, paras, n: int) -> None:
    batch = work / "batch"
    shutil.rmtree(batch, ignore_errors=True)
    shutil.rmtree(work / "batch-out", ignore_errors=True)
    batch.mkdir()
    (work / "batch-out").mkdir()
    small_text = (work / "small.yaml").read_text(encoding="utf-8")
    for i in range(n):
        (batch / f"s{i:04d}.yaml").write_text(small_text, encoding="utf-8")
    runs = [run_proc(cmd(tool, "small", n), work) for tool in ("ours", "docxtpl", "pandoc")]
    vals = [w for w, _ in runs]
    outs = sorted((work / "batch-out").glob("*.docx"))
    if len(outs) != n or paragraphs(outs[-1]) != paras:
        raise SystemExit(f"batch: expected {n} outputs like small-ours.docx, got {len(outs)}")
    rows.append((f"batch of {n:,} small (whole run)", vals[0], vals[1], vals[2], "s"))
    rows.append(("  same, CPU time (user+sys, all processes)", *(c for _, c in runs), "s"))
    print("timed batch", flush=True)


def scale_rows(rows, work: Path, ours, quick: bool) -> None:
    """In-process time of 100× and 1000× one part (23 paragraphs), with draft's garbage
    collection settings: linear means ≤ 10× (+20 %); memory per paragraph from the peak traced
    allocations of both."""
    times, peaks, counts = {}, {}, {}
    for n in (100, 1000):
        src, out = work / f"parts-{n}.yaml", work / f"parts-{n}.docx"
        src.write_text(make_yaml(n), encoding="utf-8")
        ours(src, out)  # warm
        times[n] = statistics.median(_timed(lambda src=src, out=out: ours(src, out)) for _ in range(1 if quick else 3))
        peaks[n] = tracemalloc_peak(lambda src=src, out=out: ours(src, out))
        counts[n] = len(paragraphs(out))
    rows.append(("in-process, 100× one part (s)", times[100], 0, 0, "s"))
    rows.append(("in-process, 1000× one part (s)", times[1000], 0, 0, "s"))
    rows.append(("1000× ÷ 100×", times[1000] / times[100], 0, 0, "×"))
    per = (peaks[1000] - peaks[100]) / (counts[1000] - counts[100])
    rows.append(("peak traced per paragraph (KB)", per / 1024, 0, 0, "KB"))
    print(f"timed scale: {counts[100]:,} and {counts[1000]:,} paragraphs", flush=True)


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def watch_rows(rows, work: Path, saves: int) -> None:
    """``draft watch small.yaml``: the render time it prints, and from each save (a temporary
    file renamed over the YAML, as editors do) to the new DOCX on disk (its mtime changes)."""
    src, out = work / "watched.yaml", work / "watched.docx"
    text = (work / "small.yaml").read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(work / "draft.py"), "watch", str(src), "--stop-after", "300"],
                            cwd=work, env=env_with_path(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, encoding="utf-8")
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()

    def rendered() -> float:
        while True:
            line = lines.get(timeout=60)
            if "已生成" in line:
                return float(line.rsplit("（", 1)[1].split(" ms")[0])
            if "错误" in line:
                raise SystemExit(f"watch: {line}")

    try:
        rendered()
        printed, latency = [], []
        for i in range(saves):
            time.sleep(0.3)
            before = out.stat().st_mtime_ns
            tmp = work / ".watched.yaml.tmp"
            tmp.write_text(text + f"\n# save {i}\n", encoding="utf-8")
            t = time.perf_counter()
            os.replace(tmp, src)
            while out.stat().st_mtime_ns == before:
                if time.perf_counter() - t > 30:
                    raise SystemExit("watch: no new file 30 s after a save")
                time.sleep(0.001)
            latency.append((time.perf_counter() - t) * 1e3)
            printed.append(rendered())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    rows.append(("watch: render as printed", statistics.median(printed), 0, 0, "ms"))
    rows.append(("watch: save → new file on disk", statistics.median(latency), 0, 0, "ms"))
    print(f"timed watch ({saves} saves)", flush=True)


# --- the run ------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch of 1,000")
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = ap.parse_args()
    reps = {"small": 5 if args.quick else 20, "large": 3 if args.quick else 7}
    cold = 3 if args.quick else 7
    started = time.perf_counter()

    import importlib.util

    work = Path(tempfile.mkdtemp(prefix="draft-bench-")) if not args.keep else args.keep
    work.mkdir(parents=True, exist_ok=True)
    tpl_script, pd_script = work / "docxtpl_render.py", work / "pandoc_render.py"
    tpl_script.write_text(DOCXTPL_SCRIPT, encoding="utf-8")
    pd_script.write_text(PANDOC_SCRIPT, encoding="utf-8")
    draft_script = work / "draft.py"
    draft_script.write_text(DRAFT_SCRIPT, encoding="utf-8")
    pandoc = pandoc_binary()
    spec = importlib.util.spec_from_file_location("docxtpl_render", tpl_script)
    docxtpl_render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docxtpl_render)
    spec = importlib.util.spec_from_file_location("pandoc_render", pd_script)
    pandoc_render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pandoc_render)
    pandoc_render.render.__defaults__ = (pandoc,)
    template = work / "template.docx"
    make_template(template)

    from drafting.launch import collect_rarely
    from drafting.output import emit
    from drafting.pipeline import build, relocate, to_bytes

    # the garbage collection ``draft`` itself runs with (drafting/launch.py), for every tool timed here
    collect_rarely()

    def ours(src: Path, out: Path) -> None:  # what `draft render SRC -o OUT` does, in-process (but its lint count)
        doc = build(src).doc
        relocate(doc, src, out)
        emit(to_bytes(doc, "docx"), out, "docx", src, False)

    files = {}
    for size, parts in (("small", 3), ("large", 30)):
        y = work / f"{size}.yaml"
        y.write_text(make_yaml(parts), encoding="utf-8")
        ours(y, work / f"{size}-ours.docx")
        paras = paragraphs(work / f"{size}-ours.docx")
        (work / f"{size}-data.yaml").write_text(make_docxtpl_data(paras), encoding="utf-8")
        (work / f"{size}.md").write_text(make_markdown(paras), encoding="utf-8")
        docxtpl_render.render(work / f"{size}-data.yaml", template, work / f"{size}-docxtpl.docx")
        pandoc_render.render(str(work / f"{size}.md"), str(work / f"{size}-pandoc.docx"))
        for peer in ("docxtpl", "pandoc"):
            got = paragraphs(work / f"{size}-{peer}.docx")
            if got != paras:
                bad = next(i for i, (a, b) in enumerate(zip(got + [None] * len(paras), paras)) if a != b)
                raise SystemExit(f"{peer} ({size}) differs from ours at paragraph {bad}: {got[bad:bad + 1]} vs {paras[bad]}")
        chars = sum(len(t) for _, t in paras)
        heads = sorted({k for k, _ in paras if k != "p"})
        files[size] = paras
        runin = sum(1 for k, t in paras if k == "p" and t.startswith("（1）"))
        print(f"{size}: {len(paras)} paragraphs, {chars} characters, headings {'/'.join(heads)} and "
              f"{runin}× run-in level 4 （1）: same paragraph texts and levels in all three outputs", flush=True)

    rows = []  # (metric, ours, docxtpl, pandoc, unit)

    # in-process end-to-end
    inproc = {}
    for size in ("small", "large"):
        src, out = work / f"{size}.yaml", work / f"{size}-ours.docx"
        t_ours = median_time(lambda src=src, out=out: ours(src, out), reps[size])
        t_tpl = median_time(lambda size=size: docxtpl_render.render(work / f"{size}-data.yaml", template,
                                                          work / f"{size}-docxtpl.docx"), reps[size])
        t_pd = median_time(lambda size=size: pandoc_render.render(str(work / f"{size}.md"), str(work / f"{size}-pandoc.docx")),
                           reps[size])
        inproc[size] = (t_ours, t_tpl, t_pd)
        rows.append((f"in-process end-to-end, {size}", *(t[0] * 1e3 for t in inproc[size]), "ms"))
        rows.append((f"  same, CPU time, {size}", *(t[1] * 1e3 for t in inproc[size]), "ms"))
        print(f"timed in-process {size}", flush=True)

    rows.append(("linearity (large ÷ small time)", *(inproc["large"][i][0] / inproc["small"][i][0] for i in range(3)), "×"))
    rows.append(("  same, CPU time", *(inproc["large"][i][1] / inproc["small"][i][1] for i in range(3)), "×"))

    # whole-process cold start
    def cmd(tool: str, size: str, n: int = 1) -> list[str]:
        if tool == "ours":
            srcs = [work / f"{size}.yaml"] if n == 1 else [work / "batch"]
            return [sys.executable, str(draft_script), "render", *map(str, srcs), "-o",
                    str(work / f"{size}-ours.docx") if n == 1 else str(work / "batch-out")]
        if tool == "docxtpl":
            a = [(work / f"{size}-data.yaml", template, work / f"out-{i}-docxtpl.docx") for i in range(n)]
            return [sys.executable, str(tpl_script), *[str(x) for t in a for x in t]]
        if n == 1:  # the binary itself
            return [pandoc, "-f", "markdown-smart", "-t", "docx", "-o", str(work / "out-0-pandoc.docx"),
                    str(work / f"{size}.md")]
        a = [(work / f"{size}.md", work / f"out-{i}-pandoc.docx") for i in range(n)]
        return [sys.executable, str(pd_script), pandoc, *[str(x) for t in a for x in t]]

    tools = ("ours", "docxtpl", "pandoc")
    for size in ("small", "large"):
        runs = {tool: [] for tool in tools}
        for tool in tools:
            run_proc(cmd(tool, size), work)  # fills the caches: bytecode, draft's cache folder
        for _ in range(cold):  # alternating: a change of load hits every tool alike
            for tool in tools:
                runs[tool].append(run_proc(cmd(tool, size), work))
        rows.append((f"whole process (cold start), {size}",
                     *(statistics.median(w for w, _ in runs[t]) * 1e3 for t in tools), "ms"))
        rows.append((f"  same, CPU time (user+sys), {size}",
                     *(statistics.median(c for _, c in runs[t]) * 1e3 for t in tools), "ms"))
        print(f"timed whole process {size}", flush=True)

    if not args.no_batch:
        batch_rows(rows, work, cmd, files["small"], 200 if args.quick else 1000)

    # peak memory on the large content
    vals = [peak_rss("drafting.cli", cmd("ours", "large")[2:], work) / 1024,
            peak_rss(str(tpl_script), cmd("docxtpl", "large")[2:], work) / 1024,
            peak_rss(str(pd_script), [pandoc, work / "large.md", work / "out-peak-pandoc.docx"], work) / 1024]
    rows.append(("peak RSS, whole process, large", *vals, "MB"))
    src, out = work / "large.yaml", work / "large-ours.docx"
    tm = [tracemalloc_peak(lambda: ours(src, out)) / 2**20,
          tracemalloc_peak(lambda: docxtpl_render.render(work / "large-data.yaml", template, work / "large-docxtpl.docx")) / 2**20,
          tracemalloc_peak(lambda: pandoc_render.render(str(work / "large.md"), str(work / "large-pandoc.docx"))) / 2**20]
    rows.append(("peak traced (tracemalloc), in-process, large", *tm, "MB"))

    ours_rows = []
    scale_rows(ours_rows, work, ours, args.quick)
    watch_rows(ours_rows, work, 5 if args.quick else 15)

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print_table(rows)
    print_ours(ours_rows)
    print_targets(rows + ours_rows)
    print(f"\ntotal bench time {time.perf_counter() - started:.0f} s; files in {work}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def print_ours(rows) -> None:
    print()
    print(f"| {'draft alone':<45} | {'value':>9} |")
    print(f"|{'-' * 47}|{'-' * 11}|")
    for name, ours, _, _, unit in rows:
        print(f"| {name:<45} | {ours:>7.2f} {unit} |" if unit in ("s", "×") else f"| {name:<45} | {ours:>6.1f} {unit} |")


def print_targets(rows) -> None:
    """Each target against the wall-time row and, for a ratio, the CPU-time row under it too
    (on a shared machine the CPU time is the steadier of the two)."""
    print()
    for what, limit, (prefix, column) in TARGETS:
        i = next((i for i, r in enumerate(rows) if r[0].startswith(prefix)), None)
        if i is None:
            print(f"- {what}: not measured")
            continue
        if column != "tpl":
            value = rows[i][1]
            print(f"- {what}: {value:.2f} (target ≤ {limit:g}) {'met' if value <= limit else 'NOT MET'}")
            continue
        wall = rows[i][1] / rows[i][2]
        cpu = rows[i + 1][1] / rows[i + 1][2]
        if prefix == "batch":  # ours runs on every core, the peers on one: the time is the target, the CPU sum is not
            print(f"- {what}: {wall:.2f} wall (target ≤ {limit:g}) {'met' if wall <= limit else 'NOT MET'}; "
                  f"CPU summed over both cores {cpu:.2f}")
            continue
        print(f"- {what}: {wall:.2f} wall, {cpu:.2f} CPU (target ≤ {limit:g}) "
              f"{'met' if wall <= limit else 'NOT MET'} / {'met' if cpu <= limit else 'NOT MET'}")


def print_table(rows) -> None:
    print()
    print(f"| {'measure':<45} | {'draft':>9} | {'docxtpl':>9} | {'pandoc':>9} | {'÷ docxtpl':>9} | {'÷ pandoc':>9} |")
    print(f"|{'-' * 47}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 11}|")
    for name, ours, tpl, pd, unit in rows:
        fmt = (lambda v, unit=unit: f"{v:.2f} {unit}") if unit in ("s", "×") else (lambda v, unit=unit: f"{v:.1f} {unit}")
        r1, r2 = ("", "") if unit == "×" else (f"{ours / tpl:.2f}×", f"{ours / pd:.2f}×")  # no ratio of ratios
        print(f"| {name:<45} | {fmt(ours):>9} | {fmt(tpl):>9} | {fmt(pd):>9} | {r1:>9} | {r2:>9} |")


if __name__ == "__main__":
    main()
