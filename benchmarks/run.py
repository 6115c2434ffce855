"""The benchmarks of issues #5 and #19 in one run, against real peers on the same files: a table
of ratios, each measured within this run (these machines are noisy), with their spread.

    python benchmarks/run.py            # the full run (1,000 to 10,000 entities: 20-25 minutes)
    python benchmarks/run.py --quick    # small sizes, one run each, as the test suite does
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers
from generate import generate

import sst_plugin

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
KIND_FOLDERS = {"goals": "goal", "kpis": "kpi", "paths": "path", "battles": "battle",
                "tactics": "tactic", "risks": "risk"}
# runs a module as `python -m` would, in this child process, then prints its peak memory (kB)
RSS_WRAPPER = ("import resource, runpy, sys; sys.argv = sys.argv[1:]; "
               "code = 0\ntry:\n    runpy.run_module(sys.argv[0], run_name='__main__')\n"
               "except SystemExit as exit_:\n    code = exit_.code or 0\n"
               "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
               "\nsys.exit(code)")
# `mkdocs serve --dirty` as MkDocs runs it (mkdocs/commands/serve.py): a config loaded again
# before every build (the plugins that define on_startup survive that), a first full build,
# then one build per change; here the change is a new latest value of one KPI, and the rebuilt
# KPI page must show it. Prints the full build's seconds, then each rebuild's and whether the
# page showed the value.
SERVE = """\
import pathlib, re, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
root, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
site = root / 'serve-site'  # mkdocs serve builds into a temporary folder of its own
def get_config():
    config = load_config(str(root / 'mkdocs.yml'), site_dir=str(site))
    config.site_url = 'http://127.0.0.1:8000/'
    return config
config = get_config()
config.plugins.on_startup(command='serve', dirty=True)
started = time.perf_counter()
build(config, serve_url='http://127.0.0.1:8000/', dirty=True)
print('FULL', time.perf_counter() - started)
kpi = root / 'strategy/kpis/kpi-0-2.yaml'
page = site / 'strategy/kpis/kpi-0-2/index.html'
text = kpi.read_text(encoding='utf-8')
last = list(re.finditer(r'value: [0-9.]+', text))[-1]
for run in range(runs):
    value = 900001 + 1111 * run
    kpi.write_text(text[:last.start()] + f'value: {value}' + text[last.end():], encoding='utf-8')
    started = time.perf_counter()
    build(get_config(), serve_url='http://127.0.0.1:8000/', dirty=True)
    seconds = time.perf_counter() - started
    print('REBUILT', seconds, f'{value:,}' in page.read_text(encoding='utf-8'))
kpi.write_text(text, encoding='utf-8')
"""


@dataclass
class Row:
    measure: str
    value: str
    peer: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""


@dataclass(frozen=True)
class Sizes:
    """How many entities each measure runs on, and how many times."""

    check: tuple[int, int]
    builds: tuple[int, ...]
    memory: int
    serve: tuple[int, ...]
    diff: int
    zensical: int
    needs: int
    runs: int

    @classmethod
    def chosen(cls, quick: bool, runs: int) -> Sizes:
        if quick:
            return cls((100, 200), (100, 200), 200, (100,), 100, 100, 100, 1)
        return cls((1000, 10000), (1000, 5000), 10000, (1000, 5000), 5000, 5000, 5000, runs)

    def runs_at(self, entities: int) -> int:
        """Builds of more than a thousand entities run one time fewer (the run stays near
        25 minutes); at least twice when RUNS allows it, for a spread."""
        return self.runs if entities <= 1000 else max(min(self.runs, 2), self.runs - 1)


@dataclass(frozen=True)
class Build:
    seconds: float
    megabytes: float


def measured(rows: list[Row], *new: Row) -> None:
    """Add rows to the table, and say so on stderr at once: a long run shows its progress and
    leaves its figures even when stopped before the table."""
    for row in new:
        rows.append(row)
        print(time.strftime("%H:%M:%S"), " | ".join(
            x for x in (row.measure, row.value, row.peer, row.ratio, row.met) if x),
              file=sys.stderr, flush=True)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stderr[-2000:]}")
    return done


def spread(ratios: Sequence[float]) -> str:
    """The median ratio, and the runs' range when there was more than one."""
    middle = statistics.median(ratios)
    if len(ratios) == 1:
        return f"{middle:.2f}"
    return f"{middle:.2f} ({min(ratios):.2f}–{max(ratios):.2f})"


def sst_check(root: Path) -> Callable[[], object]:
    return lambda: run([sys.executable, "-m", "sst_plugin.cli", "check", str(root)])


def peak_memory_mb(root: Path) -> float:
    done = run([sys.executable, "-c", RSS_WRAPPER, "sst_plugin.cli", "check", str(root)])
    return _rss(done)


def _rss(done: subprocess.CompletedProcess[str]) -> float:
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


def mkdocs_build(root: Path) -> Build:
    """One clean `mkdocs build` in a child process: its seconds and peak memory."""
    started = time.perf_counter()
    done = run([sys.executable, "-c", RSS_WRAPPER, "mkdocs", "build", "-q", "-f",
                str(root / "mkdocs.yml"), "-d", str(root / "site")])
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build of {root.name} failed:\n{done.stderr[-2000:]}")
    return Build(seconds, _rss(done))


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def check_rows(work: Path, sizes: Sizes) -> list[Row]:
    small, large = sizes.check
    for size in (small, large):
        generate(work / f"check-{size}", size, as_yaml_only=True)
    sst = {size: median_seconds(sst_check(work / f"check-{size}"), sizes.runs)
           for size in (small, large)}
    peer = median_seconds(check_jsonschema(work / f"check-{large}"), sizes.runs)
    growth = (sst[large] / large) / (sst[small] / small)
    memory = peak_memory_mb(work / f"check-{large}")
    for size in (small, large):
        shutil.rmtree(work / f"check-{size}")
    return [
        Row(f"sst check, {large:,} entities", f"{sst[large]:.2f} s",
            f"check-jsonschema {peer:.2f} s", f"{sst[large] / peer:.2f}", "< 1.0 and < 3 s",
            "yes" if sst[large] < peer and sst[large] < 3 else "no"),
        Row(f"sst check time per entity, {small:,} → {large:,}",
            f"{sst[small] / small * 1000:.2f} → {sst[large] / large * 1000:.2f} ms", "",
            f"{growth:.2f}", "< 1.3", "yes" if growth < 1.3 else "no"),
        Row(f"sst check peak memory, {large:,} entities", f"{memory:.0f} MB", "", "",
            "< 300 MB", "yes" if memory < 300 else "no"),
    ]


def build_pairs(ours: Path, plain: Path, runs: int) -> tuple[list[Build], list[Build]]:
    """RUNS builds of each site, alternated so that a slow minute weighs on both alike."""
    pairs = [(mkdocs_build(ours), mkdocs_build(plain)) for _ in range(runs)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def build_row(entities: int, pages: int, ours: list[Build], plain: list[Build]) -> Row:
    ratios = [o.seconds / p.seconds for o, p in zip(ours, plain, strict=True)]
    mine = statistics.median(b.seconds for b in ours)
    theirs = statistics.median(b.seconds for b in plain)
    return Row(f"site build, {entities:,} entities ({pages:,} pages)", f"{mine:.1f} s",
               f"plain Material {theirs:.1f} s", spread(ratios), "≤ 1.25",
               "yes" if statistics.median(ratios) <= 1.25 else "no")


def site_rows(work: Path, sizes: Sizes, rows: list[Row]) -> dict[int, float]:
    """The plugin's build against plain Material's of the same pages; its memory; its size.
    Returns the median plugin build of each size (for the other peers)."""
    medians, sites = {}, {}
    for size in sizes.builds:
        written = generate(work / f"site-{size}", size)
        plain = peers.plain_material(work / f"site-{size}", work / f"plain-{size}")
        pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
        ours, theirs = build_pairs(work / f"site-{size}", plain, sizes.runs_at(size))
        measured(rows, build_row(written, pages, ours, theirs))
        medians[size] = statistics.median(b.seconds for b in ours)
        sites[size] = (written, site_bytes(work / f"site-{size}/site"),
                       site_bytes(plain / "site"), ours[-1], theirs[-1])
        shutil.rmtree(plain)
    if sizes.memory in sites:
        written, _, _, ours_build, plain_build = sites[sizes.memory]
    else:
        written = generate(work / f"site-{sizes.memory}", sizes.memory)
        plain = peers.plain_material(work / f"site-{sizes.memory}", work / "plain-memory")
        ours_build, plain_build = mkdocs_build(work / f"site-{sizes.memory}"), mkdocs_build(plain)
        shutil.rmtree(plain)
        shutil.rmtree(work / f"site-{sizes.memory}")
    ratio = ours_build.megabytes / plain_build.megabytes
    measured(rows, Row(f"site peak memory, {written:,} entities", f"{ours_build.megabytes:.0f} MB",
                    f"plain Material {plain_build.megabytes:.0f} MB", f"{ratio:.2f}", "≤ 2",
                    "yes" if ratio <= 2 else "no"))
    (small, small_bytes, _, _, _), (large, large_bytes, plain_bytes, _, _) = (
        sites[min(sites)], sites[max(sites)])
    per_entity = (large_bytes / large) / (small_bytes / small)
    measured(rows, Row(f"site size per entity, {small:,} → {large:,}",
                    f"{small_bytes / 1e6:.1f} → {large_bytes / 1e6:.1f} MB",
                    f"plain {plain_bytes / 1e6:.1f} MB", f"{per_entity:.2f}", "≈ 1 (linear)",
                    "yes" if per_entity < 1.2 else "no"))
    return medians


def serve_row(root: Path, entities: int, runs: int) -> Row:
    """Edit → rebuilt under `mkdocs serve --dirty`, against the same process's full build."""
    done = run([sys.executable, "-c", SERVE, str(root), str(runs)])
    if done.returncode != 0:
        raise SystemExit(f"the serve-like rebuild failed:\n{done.stderr[-2000:]}")
    full = next(float(line.split()[1]) for line in done.stdout.splitlines()
                if line.startswith("FULL "))
    rebuilt = [line.split() for line in done.stdout.splitlines() if line.startswith("REBUILT ")]
    seconds = [float(r[1]) for r in rebuilt]
    shown = all(r[2] == "True" for r in rebuilt)
    ratios = [s / full for s in seconds]
    return Row(f"serve edit → rebuilt (--dirty), {entities:,} entities",
               f"{statistics.median(seconds):.1f} s, "
               + ("new value shown" if shown else "new value NOT shown"),
               f"full build {full:.1f} s", spread(ratios), "≤ 0.15, value shown",
               "yes" if shown and statistics.median(ratios) <= 0.15 else "no")


def _git(root: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid",
                    "-c", "commit.gpgsign=false", *arguments], cwd=root, check=True,
                   capture_output=True)


def ten_file_change(root: Path) -> None:
    """A realistic pull request: four KPIs measured, three tactics' status, two goals' target,
    one battle's objective, committed over a first commit of the whole strategy."""
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "strategy")
    def spread_over(folder: str, count: int) -> list[Path]:
        files = sorted((root / "strategy" / folder).glob("*.*"))
        return files[::max(1, len(files) // count)][:count]

    for kpi in spread_over("kpis", 4):
        kpi.write_text(kpi.read_text() + "  - date: 2026-11-15\n    value: 4321\n")
    for tactic in spread_over("tactics", 3):
        tactic.write_text(tactic.read_text().replace("status: done", "status: dropped"))
    for goal in spread_over("goals", 2):
        goal.write_text(goal.read_text().replace("target: 200", "target: 220"))
    for battle in spread_over("battles", 1):
        battle.write_text(battle.read_text().replace("objective: Win", "objective: Really win"))
    _git(root, "commit", "-q", "-a", "-m", "a ten-file change")


def diff_row(work: Path, entities: int, runs: int) -> Row:
    root = work / f"diff-{entities}"
    written = generate(root, entities)
    ten_file_change(root)
    diff = [sys.executable, "-m", "sst_plugin.cli", "diff", "--root", str(root), "HEAD~1", "HEAD"]
    pairs = []
    for _ in range(runs):  # alternated, as the builds
        diffed = median_seconds(lambda: run(diff), 1)
        checked = median_seconds(sst_check(root), 1)
        pairs.append((diffed, checked))
    shutil.rmtree(root)
    ratios = [d / c for d, c in pairs]
    return Row(f"sst diff of a 10-file change, {written:,} entities",
               f"{statistics.median(d for d, _ in pairs):.1f} s",
               f"sst check {statistics.median(c for _, c in pairs):.1f} s", spread(ratios),
               "≤ 2.5", "yes" if statistics.median(ratios) <= 2.5 else "no")


def zensical_row(work: Path, entities: int) -> Row:
    root = work / f"site-{entities}"
    written = generate(root, entities) if not root.exists() else None
    site = peers.zensical_site(root, work / f"zensical-{entities}")
    started = time.perf_counter()
    done = peers.zensical_build(site)
    seconds = time.perf_counter() - started
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if re.search(r"\berror\b|exceeds", line, re.IGNORECASE)]
    built = (done.returncode == 0 and not problems
             and (site / "site/strategy/index.html").is_file())
    shutil.rmtree(site)
    count = written or sum(1 for _ in (root / "strategy").rglob("*.*"))
    why = "" if built else f": {(problems or [done.stderr.strip()[-200:]])[0][:120]}"
    return Row(f"sst render + zensical build, {count:,} entities", f"{seconds:.1f} s", "", "",
               "succeeds", ("yes" if built else "no") + why)


def needs_row(work: Path, entities: int, ours: float | None, install: bool,
              venv: Path) -> Row:
    root = work / f"site-{entities}"
    written = sum(1 for _ in (root / "strategy").rglob("*.*")) if root.exists() else \
        generate(root, entities)
    measure = f"publish against sphinx-needs, {written:,} entities"
    python, version = peers.needs_python(venv, install)
    if python is None:
        return Row(measure, "", version, "", "faster (< 1.0)", "not measured")
    if ours is None:
        ours = mkdocs_build(root).seconds
    project = peers.needs_project(root, work / "needs")
    started = time.perf_counter()
    done = peers.sphinx_build(python, project)
    seconds = time.perf_counter() - started
    shutil.rmtree(project)
    if done.returncode != 0:
        return Row(measure, f"{ours:.1f} s", f"{version} failed: {done.stderr.strip()[-120:]}",
                   "", "faster (< 1.0)", "not measured")
    return Row(measure, f"{ours:.1f} s", f"{version} {seconds:.1f} s", f"{ours / seconds:.2f}",
               "faster (< 1.0)", "yes" if ours < seconds else "no")


def print_table(rows: list[Row]) -> None:
    headers = ("measure", "ours", "peer", "ratio", "target", "met")
    table = [headers, *((r.measure, r.value, r.peer, r.ratio, r.target, r.met) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in table[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--needs-venv", type=Path, default=peers.NEEDS_VENV,
                        help="a venv with sphinx-needs; made with pip when absent, except "
                             "with --quick (default: %(default)s)")
    parser.add_argument("--only", nargs="+", metavar="PART",
                        choices=["check", "site", "serve", "diff", "zensical", "needs"],
                        help="run only these parts of the table")
    arguments = parser.parse_args()
    sizes = Sizes.chosen(arguments.quick, arguments.runs)
    parts = set(arguments.only or ["check", "site", "serve", "diff", "zensical", "needs"])
    # measure sst as `pip install .` leaves it, compiled: an editable install under
    # PYTHONDONTWRITEBYTECODE (set on these machines) would compile it at every start
    compileall.compile_dir(str(Path(sst_plugin.__file__).parent), quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sst-bench-") as folder:
        work = Path(folder)
        medians: dict[int, float] = {}

        def serve() -> None:
            for size in sizes.serve:
                root = work / f"site-{size}"
                written = generate(root, size) if not root.exists() else \
                    sum(1 for _ in (root / "strategy").rglob("*.*"))
                measured(rows, serve_row(root, written, sizes.runs_at(size)))

        steps: dict[str, Callable[[], object]] = {
            "check": lambda: measured(rows, *check_rows(work, sizes)),
            "site": lambda: medians.update(site_rows(work, sizes, rows)),
            "serve": serve,
            "diff": lambda: measured(rows, diff_row(work, sizes.diff, sizes.runs)),
            "zensical": lambda: measured(rows, zensical_row(work, sizes.zensical)),
            "needs": lambda: measured(rows, needs_row(
                work, sizes.needs, medians.get(sizes.needs), not arguments.quick,
                arguments.needs_venv)),
        }
        for part, step in steps.items():
            if part not in parts:
                continue
            try:
                step()
            except (Exception, SystemExit) as problem:  # one broken part keeps the others' rows
                measured(rows, Row(f"{part}: failed", "", "", "", "",
                                   " ".join(str(problem).split())[-300:]))
    print_table(rows)


if __name__ == "__main__":
    main()
