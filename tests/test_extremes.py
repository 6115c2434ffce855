"""Extreme input: long runs of backticks, huge numbers, far dates, odd arguments.

Each must give a finding or a usage error, in time, never a traceback or a hang. No timings are
asserted: a slow path is caught by a subprocess timeout far above what the work needs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write

from sst_plugin.core.links import find_wikilinks

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
