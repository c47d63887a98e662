"""Benchmark of the chapters (``make bench``): wall time and peak memory of each notebook's execution.

Usage: ``python tests/bench_notebooks.py [book/NN_name.ipynb ...]`` (default: every notebook of _toc.yml).

Each notebook is executed top to bottom in a fresh kernel, from a fresh Python process (so that the
kernel is the only child whose memory is measured); nothing is written back. The result is a Markdown
table, printed and written to ``_build/bench.md``, with the machine it was measured on and a verdict
against the budget: every chapter under ``BUDGET_S`` seconds on the developers' machine (slower machines
take up to 2.5 times as long) and under ``MEMORY_BUDGET_MB`` of peak memory (Binder's limit is 2 GB). Peak
memory is that of the kernel and its worker processes together (``nets.train_many``), sampled every 0.1 s,
or of the largest single process if that is more.

Speed is measured here, never by a failing test: ``make test`` does not fail on a slow machine.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _book import ROOT, toc_notebooks  # noqa: E402

#: Budget per chapter on the developers' machine, in seconds, and peak memory, in MB.
BUDGET_S = 30.0
MEMORY_BUDGET_MB = 2000.0

_CHILD = r"""
import json, resource, sys, threading, time
import nbformat
from nbclient import NotebookClient
try:
    import psutil  # a dependency of ipykernel
except ImportError:
    psutil = None
tree_peak, done = [0.0], threading.Event()
def watch():  # the kernel and its worker processes together: the sum of their resident memory
    me = psutil.Process()
    while not done.wait(0.1):
        total = 0
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        tree_peak[0] = max(tree_peak[0], total / 2**20)
if psutil is not None:
    threading.Thread(target=watch, daemon=True).start()
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
wall = time.perf_counter() - start
done.set()
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest process, once it has exited
print(json.dumps({"wall_s": wall, "peak_mb": max(peak_kb / 1024, tree_peak[0])}))
"""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def torch_capability() -> str:
    code = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def run(path: Path) -> dict[str, float] | None:
    """Wall time and peak memory of one execution, or ``None`` (with the error printed) if it failed."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(path.parent)], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{path.name} FAILED:\n{out.stderr[-3000:]}", file=sys.stderr, flush=True)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or toc_notebooks()
    header = (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, PyTorch kernels {torch_capability()}, "
        f"GENBOUNDS_THREADS={os.environ.get('GENBOUNDS_THREADS', 'default')}, "
        f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}."
    )
    rows = ["| chapter | wall time (s) | peak memory (MB) | within budget |", "|---|---:|---:|---|"]
    print(header, flush=True)
    total, worst, failed = 0.0, 0.0, 0
    for p in paths:
        r = run(p)
        if r is None:
            failed += 1
            rows.append(f"| `{p.relative_to(ROOT)}` | failed | | NO |")
            continue
        ok = r["wall_s"] <= BUDGET_S and r["peak_mb"] <= MEMORY_BUDGET_MB
        total += r["wall_s"]
        worst = max(worst, r["peak_mb"])
        row = f"| `{p.relative_to(ROOT)}` | {r['wall_s']:.1f} | {r['peak_mb']:.0f} | {'yes' if ok else 'NO'} |"
        rows.append(row)
        print(row, flush=True)
    rows.append(f"| **total** | **{total:.1f}** | **{worst:.0f}** (max) | |")
    table = "\n".join([header, "", *rows, "", f"Budget: {BUDGET_S:.0f} s and {MEMORY_BUDGET_MB:.0f} MB per chapter."])
    out = ROOT / "_build" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n")
    print(f"\n{table}\n\nwritten to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
