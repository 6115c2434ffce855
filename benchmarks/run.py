"""Every benchmark of issue #5 in one run, against real peers on the same files: a table of
medians and ratios. Timings are compared within this run only: these machines are noisy.

    python benchmarks/run.py            # the full run (10,000 entities: a few minutes)
    python benchmarks/run.py --quick    # a small run, as the test suite does
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

import sst_plugin

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KIND_FOLDERS = {"goals": "goal", "kpis": "kpi", "paths": "path", "battles": "battle",
                "tactics": "tactic", "risks": "risk"}
# measures the peak memory of a command run in a child process, in kilobytes
RSS_WRAPPER = ("import resource, runpy, sys; sys.argv = sys.argv[1:]; "
               "code = 0\ntry:\n    runpy.run_module(sys.argv[0], run_name='__main__')\n"
               "except SystemExit as exit_:\n    code = exit_.code or 0\n"
               "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
               "\nsys.exit(code)")


@dataclass
class Row:
    measure: str
    value: str
    peer: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stderr[-2000:]}")
    return done


def sst_check(root: Path) -> Callable[[], object]:
    return lambda: run([sys.executable, "-m", "sst_plugin.cli", "check", str(root)])


def peak_memory_mb(root: Path) -> float:
    done = run([sys.executable, "-c", RSS_WRAPPER, "sst_plugin.cli", "check", str(root)])
    line = next(x for x in done.stderr.splitlines() if x.startswith("RSS "))
    return int(line.split()[1]) / 1024


def check_jsonschema(root: Path) -> Callable[[], object]:
    """The schema part of `sst check`, done by check-jsonschema: one call per kind."""
    batches = []
    for folder, kind in KIND_FOLDERS.items():
        files = sorted(str(p) for p in (root / "strategy" / folder).rglob("*.yaml"))
        if files:
            batches.append((kind, files))
    batches += [("strategy", [str(root / "strategy/strategy.yaml")]),
                ("people", [str(root / "strategy/people.yaml")])]

    def validate() -> None:
        for kind, files in batches:
            run([str(BIN / "check-jsonschema"), "--schemafile",
                 str(REPO / "schemas" / f"{kind}.schema.json"), *files])

    return validate


def mkdocs_build(root: Path) -> Callable[[], object]:
    return lambda: run([str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"),
                        "-d", str(root / "site")])


def plain_material(target: Path, pages: int, words_per_page: int) -> Path:
    """The peer: a Material site of hand-written pages of similar size, without our plugin."""
    docs = target / "docs"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(
        "site_name: Plain Material\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    paragraph = " ".join(["strategy"] * 12)
    for index in range(pages):
        folder = docs / f"section-{index % 8}"
        folder.mkdir(exist_ok=True)
        body = "\n\n".join([paragraph] * max(1, words_per_page // 12))
        (folder / f"page-{index}.md").write_text(
            f"# Page {index}\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n{body}\n",
            encoding="utf-8")
    return target


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def rebuild_seconds(root: Path, runs: int) -> float:
    """The median of RUNS `mkdocs serve`-style rebuilds, each after one YAML file changed.

    As `mkdocs serve` does: one process, the plugin kept across builds (on_startup), a first
    build before any edit.
    """
    script = (
        "import statistics, sys, time, pathlib\n"
        "from mkdocs.config import load_config\nfrom mkdocs.commands.build import build\n"
        "root, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])\n"
        "config = load_config(str(root / 'mkdocs.yml'), site_dir=str(root / 'site'))\n"
        "config.plugins.on_startup(command='serve', dirty=False)\n"
        "build(config)\n"
        "kpi = next((root / 'strategy/kpis').glob('*.yaml'))\n"
        "text, seconds = kpi.read_text(), []\n"
        "for run in range(runs):\n"
        "    kpi.write_text(text.replace('source: Accounts', f'source: Ledger {run}'))\n"
        "    started = time.perf_counter(); build(config)\n"
        "    seconds.append(time.perf_counter() - started)\n"
        "print(statistics.median(seconds))\n")
    done = run([sys.executable, "-c", script, str(root), str(runs)])
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    arguments = parser.parse_args()
    small, large, site_size = (100, 400, 200) if arguments.quick else (1000, 10000, 1000)
    runs = 1 if arguments.quick else arguments.runs
    # measure sst as `pip install .` leaves it, compiled: an editable install under
    # PYTHONDONTWRITEBYTECODE (set on these machines) would compile it at every start
    compileall.compile_dir(str(Path(sst_plugin.__file__).parent), quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sst-bench-") as folder:
        work = Path(folder)
        for size in (small, large):
            generate(work / f"check-{size}", size, as_yaml_only=True)
        sst = {size: median_seconds(sst_check(work / f"check-{size}"), runs)
               for size in (small, large)}
        peer = median_seconds(check_jsonschema(work / f"check-{large}"), runs)
        rows.append(Row(f"sst check, {large:,} entities", f"{sst[large]:.2f} s",
                        f"check-jsonschema {peer:.2f} s", f"{sst[large] / peer:.2f}",
                        "< 1.0 and < 3 s",
                        "yes" if sst[large] < peer and sst[large] < 3 else "no"))
        growth = (sst[large] / large) / (sst[small] / small)
        rows.append(Row(f"sst check time per entity, {small:,} → {large:,}",
                        f"{sst[small] / small * 1000:.2f} → {sst[large] / large * 1000:.2f} ms",
                        "", f"{growth:.2f}", "< 1.3", "yes" if growth < 1.3 else "no"))
        memory = peak_memory_mb(work / f"check-{large}")
        rows.append(Row(f"sst check peak memory, {large:,} entities", f"{memory:.0f} MB", "", "",
                        "< 300 MB", "yes" if memory < 300 else "no"))

        ours = generate(work / "site", site_size)
        pages = sum(1 for _ in (work / "site/strategy").rglob("*.*")) + 12
        ours_time = median_seconds(mkdocs_build(work / "site"), runs)
        plain = plain_material(work / "plain", pages, 120)
        plain_time = median_seconds(mkdocs_build(plain), runs)
        rows.append(Row(f"site build, {ours:,} entities ({pages:,} pages)", f"{ours_time:.1f} s",
                        f"plain Material {plain_time:.1f} s", f"{ours_time / plain_time:.2f}",
                        "≤ 1.25", "yes" if ours_time <= 1.25 * plain_time else "no"))
        half = generate(work / "half", site_size // 2)
        run([str(BIN / "mkdocs"), "build", "-q", "-f", str(work / "half/mkdocs.yml")])
        whole, halved = site_bytes(work / "site/site"), site_bytes(work / "half/site")
        per_entity = (whole / ours) / (halved / half)
        rows.append(Row(f"site size per entity, {half:,} → {ours:,}",
                        f"{halved / 1e6:.1f} → {whole / 1e6:.1f} MB",
                        f"plain {site_bytes(plain / 'site') / 1e6:.1f} MB", f"{per_entity:.2f}",
                        "≈ 1 (linear)", "yes" if per_entity < 1.2 else "no"))
        # against the full build of the same site measured above, in fresh processes
        again = rebuild_seconds(work / "site", runs)
        rows.append(Row("serve rebuild after one YAML edit", f"{again:.1f} s",
                        f"full build {ours_time:.1f} s", f"{again / ours_time:.2f}", "≤ 1.0",
                        "yes" if again <= ours_time else "no"))
        shutil.rmtree(work, ignore_errors=True)
    headers = ("measure", "ours", "peer", "ratio", "target", "met")
    table = [headers, *((r.measure, r.value, r.peer, r.ratio, r.target, r.met) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in table[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
