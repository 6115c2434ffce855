"""Extreme input: long runs of backticks, huge numbers, far dates, odd arguments.

Each must give a finding or a usage error, in time, never a traceback or a hang. No timings are
asserted: a slow path is caught by a subprocess timeout far above what the work needs.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import check, edit, write

from sst_plugin.core.health.due import updates_due
from sst_plugin.core.model.links import find_wikilinks

HANG_GUARD = 10  # seconds: the runs below take well under one; the old code took minutes


def sst(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command line, in its own process, stopped if it hangs."""
    return subprocess.run([sys.executable, "-m", "sst_plugin.cli", *args], cwd=cwd,
                          capture_output=True, timeout=HANG_GUARD, check=False)


# -- code spans: a linear scan, the same spans as before ---------------------------------------

@pytest.mark.parametrize(("line", "links"), [
    ("See [[grow]] and `[[hidden]]`.", [("grow", 5)]),
    ("``code with ` inside [[hidden]]`` then [[grow]]", [("grow", 40)]),
    ("`one` [[grow]] `two`", [("grow", 7)]),
    # a run closes only at a run of exactly its length (CommonMark, Python-Markdown)
    ("``not closed``` [[grow]]", [("grow", 17)]),
    ("` `` ` [[grow]] `", [("grow", 8)]),
    ("so ``` [[hidden]] ``` [[grow]]", [("grow", 23)]),
    ("an unmatched ` before [[grow]]", [("grow", 23)]),
    ("`` [[hidden]] ` [[hidden-too]] ``", []),
])
def test_links_in_code_spans_are_ignored_and_outside_them_found(
        line: str, links: list[tuple[str, int]]) -> None:
    assert [(link.target, link.column) for link in find_wikilinks(line)] == links


def test_links_in_fenced_blocks_are_still_ignored() -> None:
    text = "```\n[[hidden]]\n```\n[[grow]] `[[hidden]]`"
    assert [(link.target, link.line) for link in find_wikilinks(text)] == [("grow", 4)]


def _narrative(repo: Path, body: str) -> None:
    write(repo, "strategy/paths/hero.md", "---\ntitle: Hero loaf\nstatus: selected\n"
          "goals: [grow]\n---\n" + body + "\n[[no-such-entity]]\n")
    (repo / "strategy/paths/hero.yaml").unlink()


def _adversarial(size: int) -> str:
    """Lines that made the old back-referenced pattern (and other greedy ones) go quadratic."""
    shapes = [
        "a" + "`" * (size // 6),
        "``a`" * (size // 24),
        "".join("`" * k + "a" for k in range(1, int((size // 3) ** 0.5))),
        "[[a|" * (size // 24),
        "[[" + "a" * (size // 12) + "|" + "`" * (size // 12),
        "x `" + "\\`" * (size // 12),
    ]
    return "\n".join(shapes)


@pytest.mark.parametrize("body", [
    "a" + "`" * 12_000, "a" + "`" * 50_000, "`a" * 25_000, _adversarial(50_000),
], ids=["12k-backticks", "50k-backticks", "50k-alternating", "50KB-adversarial"])
def test_backtick_runs_are_checked_in_linear_time(repo: Path, body: str) -> None:
    _narrative(repo, body)
    done = sst("check", str(repo), "--as-of", "2026-06-15")
    # the unknown link after the backticks is still found: the narrative was read to its end
    assert done.returncode == 1, done.stderr.decode()
    assert b"strategy/paths/hero.md" in done.stdout and b"no-such-entity" in done.stdout


@pytest.mark.slow
def test_backtick_runs_build_in_linear_time(repo: Path) -> None:
    # the same finder runs inside the Markdown extension, on every page of the build
    _narrative(repo, _adversarial(50_000) + "\n" + "a" + "`" * 50_000 + " [[grow]]")
    edit(repo, "strategy/paths/hero.md", "[[no-such-entity]]", "")
    _site(repo, "2026-06-15")
    built = mkdocs_build(repo)
    assert built.returncode == 0, built.stderr.decode()[-3000:]
    page = (repo / "site/strategy/paths/hero/index.html").read_text(encoding="utf-8")
    assert "Grow sales</a>" in page

# -- numbers and dates: refused by the schemas where no business needs them ---------------------

def findings_of(done: subprocess.CompletedProcess[bytes]) -> list[tuple[str, str, int, int]]:
    report = json.loads(done.stdout)
    return [(f["code"], f["file"], f["line"], f["column"]) for f in report["findings"]
            if f["severity"] == "error"]


@pytest.mark.parametrize(("rel", "old", "new", "line", "column"), [
    # the value that made the chart's ticks loop forever, and the ones that crashed it
    ("strategy/kpis/sales.yaml", "value: 140", "value: 10000000000000000", 10, 12),
    ("strategy/kpis/sales.yaml", "value: 140", "value: 1.0e+17", 10, 12),
    ("strategy/kpis/sales.yaml", "value: 140", "value: 1.0e+308", 10, 12),
    ("strategy/kpis/sales.yaml", "value: 100", "value: -1.0e+308", 8, 12),
    ("strategy/kpis/sales.yaml", "value: 100", "value: -1000000000000001", 8, 12),
    ("strategy/goals/grow.yaml", "target: 200", "target: 1000000000000001", 5, 9),
    ("strategy/goals/grow.yaml", "baseline: 100", "baseline: -1.0e+308", 4, 11),
    ("strategy/battles/launch.yaml", "target: 150", "target: 1.0e+300", 4, 9),
    # dates past the calendar's end, or before any business's records
    ("strategy/strategy.yaml", "end: 2026-12-31", "end: 9999-12-31", 4, 8),
    ("strategy/strategy.yaml", "end: 2026-12-31", 'end: "3000-01-01"', 4, 8),
    ("strategy/kpis/sales.yaml", "date: 2026-05-31", "date: 9999-12-31", 9, 11),
    ("strategy/goals/grow.yaml", "deadline: 2026-12-31", "deadline: 9999-12-31", 6, 11),
    ("strategy/battles/launch.yaml", "start: 2026-02-01", "start: 1899-12-31", 5, 8),
    ("strategy/tactics/tasting.yaml", "due: 2026-02-07", "due: 0001-01-01", 11, 10),
])
def test_numbers_and_dates_beyond_the_bounds_are_sst002_at_their_place(
        repo: Path, rel: str, old: str, new: str, line: int, column: int) -> None:
    edit(repo, rel, old, new)
    done = sst("check", str(repo), "--as-of", "2026-06-15", "--format", "json")
    assert done.returncode == 1, done.stderr.decode()
    assert findings_of(done) == [("SST002", rel, line, column)]


def test_the_bound_is_said_in_words(repo: Path) -> None:
    edit(repo, "strategy/kpis/sales.yaml", "date: 2026-05-31", "date: 9999-12-31")
    edit(repo, "strategy/goals/grow.yaml", "target: 200", "target: 1.0e+17")
    done = sst("check", str(repo), "--as-of", "2026-06-15")
    assert done.stdout.decode().splitlines()[:2] == [
        "strategy/goals/grow.yaml:5:9: error SST002 `target` must be at most "
        "1000000000000000, not the number 1e+17",
        "strategy/kpis/sales.yaml:9:11: error SST002 `measurements[1].date` must be a date "
        'written YYYY-MM-DD, quoted or not, in the years 1900 to 2999, not "9999-12-31"',
    ]


def test_an_impossible_far_date_is_one_finding_not_two(repo: Path) -> None:
    edit(repo, "strategy/kpis/sales.yaml", "date: 2026-05-31", 'date: "9999-02-30"')
    done = sst("check", str(repo), "--as-of", "2026-06-15", "--format", "json")
    assert findings_of(done) == [("SST002", "strategy/kpis/sales.yaml", 9, 11)]
    assert b"real date" in done.stdout


def _at_the_bounds(repo: Path) -> None:
    """Every number and date at the edge of what the schemas accept: a valid strategy."""
    edit(repo, "strategy/strategy.yaml", "start: 2026-01-01", "start: 1900-01-01")
    edit(repo, "strategy/strategy.yaml", "end: 2026-12-31", "end: 2999-12-31")
    edit(repo, "strategy/kpis/sales.yaml", "date: 2026-01-31\n    value: 100",
         "date: 1900-01-01\n    value: 1000000000000000")
    edit(repo, "strategy/kpis/sales.yaml", "date: 2026-05-31\n    value: 140",
         "date: 2026-05-31\n    value: 1000000000000000")
    edit(repo, "strategy/goals/grow.yaml", "baseline: 100", "baseline: -1000000000000000")
    edit(repo, "strategy/goals/grow.yaml", "target: 200", "target: 1000000000000000")
    edit(repo, "strategy/goals/grow.yaml", "deadline: 2026-12-31", "deadline: 2999-12-31")
    edit(repo, "strategy/battles/launch.yaml", "end: 2026-07-31", "end: 2999-12-31")
    edit(repo, "strategy/battles/launch.yaml", "target: 150", "target: -1000000000000000")


def _site(repo: Path, as_of: str) -> None:
    write(repo, "mkdocs.yml", "site_name: t\ntheme:\n  name: material\n  font: false\n"
          f"plugins:\n  - sst:\n      as_of: {as_of}\n")
    write(repo, "docs/index.md", "# Home\n")


def mkdocs_build(repo: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(repo / "mkdocs.yml"), "-d", str(repo / "site")],
                          capture_output=True, timeout=120, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("as_of", ["2026-06-15", "9999-12-31", "0001-01-01"])
def test_a_strategy_at_the_bounds_checks_lists_exports_renders_and_builds(
        repo: Path, as_of: str) -> None:
    _at_the_bounds(repo)
    root = str(repo)
    for command in (["check"], ["status"], ["status", "--due"], ["export"],
                    ["render", "--out", str(repo / "docs/strategy")]):
        done = sst(*command, root, "--as-of", as_of)
        assert done.returncode in (0, 1) and b"Traceback" not in done.stderr, done.stderr
        assert b"internal error" not in done.stderr, (command, done.stderr.decode())
    assert sst("check", root, "--as-of", "2026-06-15").returncode == 0
    shutil.rmtree(repo / "docs/strategy")
    _site(repo, as_of)
    built = mkdocs_build(repo)
    assert built.returncode == 0, built.stderr.decode()[-3000:]
    assert "<svg" in (repo / "site/strategy/kpis/sales/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_value_that_hung_the_build_fails_it_with_the_place(repo: Path) -> None:
    for old in ("value: 100", "value: 140"):
        edit(repo, "strategy/kpis/sales.yaml", old, "value: 10000000000000000")
    _site(repo, "2026-06-15")
    built = mkdocs_build(repo)
    assert built.returncode == 1
    assert "strategy/kpis/sales.yaml:8:12: error SST002" in built.stderr.decode()


# -- drawing and health are total: any finite number, any date, ends and gives numbers ---------

_TOTAL = '''
import itertools, math, random, sys
from datetime import date
from sst_plugin.core.health.health import _expected_share, progress_share
from sst_plugin.core.render import svg

BIG = sys.float_info.max
numbers = [0, 1, -1, 0.1, 10**15, 10**16, 10**16 + 1, 1e16, 1e17, 1e300, 1e308, BIG, -BIG,
           -1e308, 5e-324, -5e-324, 1e-300, 2.2250738585072014e-308, 123456789.123]
random.seed(12)
numbers += [random.uniform(-1, 1) * 10 ** random.randint(-320, 308) for _ in range(40)]
days = [date.min, date(1, 1, 2), date(2026, 6, 15), date(9999, 12, 1), date.max]
for low, high in itertools.product(numbers, repeat=2):
    low, high = min(low, high), max(low, high)
    ticks = svg._nice_ticks(low, high)
    assert 1 <= len(ticks) <= 20 and all(math.isfinite(t) for t in ticks), (low, high, ticks)
    for value in (low, high):
        share = progress_share(value, low, high)
        assert math.isfinite(share), (value, low, high)
for (a, b), (first, last) in itertools.product(
        itertools.product(numbers[:19], repeat=2), itertools.product(days, repeat=2)):
    chart = svg.line_chart([svg.Series([(first, a), (last, b)], "sst-actual", "M", dots=True)],
                           "chart", "EUR", today=last)
    assert "nan" not in chart and "inf" not in chart, (a, b, first, last)
    line = [(min(first, last), a), (max(first, last), b)]
    assert 0 <= _expected_share(line, a, b, date(2026, 6, 15)) <= 1
for first, last in itertools.product(days, repeat=2):
    drawn = svg.timeline([svg.Bar("b", first, last, "#", "sst-active", "n")], first, last, last,
                         "t")
    assert drawn.count('<text class="sst-axis"') <= 2 * 15, (first, last)
print("total")
'''


def _memory_cap() -> None:
    # the old tick loop grew a list without end: stop it at 2 GB rather than the machine's RAM
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.slow
def test_charts_and_health_are_total_for_any_finite_number_and_date() -> None:
    done = subprocess.run([sys.executable, "-c", _TOTAL], capture_output=True,
                          timeout=HANG_GUARD * 6, check=False, preexec_fn=_memory_cap)
    assert done.stdout == b"total\n", done.stderr.decode()[-3000:]


def test_updates_due_at_the_end_of_the_calendar(repo: Path) -> None:
    edit(repo, "strategy/battles/launch.yaml", "reviews:",
         "checkins:\n  - {date: 2026-03-01, confidence: 6}\nreviews:")
    model = check(repo).model
    at_the_end = updates_due(model, date.max)  # a week past it was an OverflowError
    assert sorted((item.kind, item.overdue) for item in at_the_end) == [
        ("action", True), ("checkin", True), ("measurement", True), ("review", True)]
    assert updates_due(model, date.min) == []


# -- arguments: a far --as-of works, bytes that are not UTF-8 are a usage error ----------------

@pytest.mark.parametrize("command", [
    ["check"], ["status"], ["status", "--due"], ["export"], ["render", "--out", "docs/strategy"],
])
def test_as_of_near_the_end_of_the_calendar_works(repo: Path, command: list[str]) -> None:
    done = sst(*command, ".", "--as-of", "9999-12-28", cwd=repo)
    assert done.returncode in (0, 1), done.stderr.decode()  # it was 3: an OverflowError
    assert b"internal error" not in done.stderr


@pytest.mark.parametrize(("arguments", "name", "byte"), [
    ([b"check", b"caf\xe9"], "root", "0xE9"),
    ([b"check", b".", b"--strategy-dir", b"\xff\xfe"], "strategy-dir", "0xFF"),
    ([b"check", b".", b"--as-of", b"2026-06-\xff"], "as-of", "0xFF"),
    ([b"kpi", b"add", b"sales", b"2026-06-01", b"150", b"--note", b"caf\xe9 cr\xe8me"], "note",
     "0xE9"),
    ([b"new", b"goal", b"caf\xe9"], "id", "0xE9"),
])
def test_arguments_that_are_not_utf8_are_a_usage_error(repo: Path, arguments: list[bytes],
                                                        name: str, byte: str) -> None:
    kpi = (repo / "strategy/kpis/sales.yaml").read_bytes()
    done = sst(*arguments, cwd=repo)
    assert done.returncode == 2, done.stderr.decode(errors="replace")
    bad = next(a for a in arguments if not a.isascii()).decode("utf-8", "backslashreplace")
    assert done.stderr.decode() == (
        f"sst: {name}: `{bad}` is not UTF-8 text (byte {byte}): SST reads and writes UTF-8 "
        "only; retype it, or rename the file or folder it names\n")
    assert (repo / "strategy/kpis/sales.yaml").read_bytes() == kpi
