"""A minimal valid strategy that tests copy and then break one rule at a time."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sst_plugin.core.findings import Finding
from sst_plugin.core.read.config import Settings
from sst_plugin.core.rules.check import CheckResult, check_tree

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 6, 15)

MINIMAL = {
    "strategy/strategy.yaml": """\
        company: Test Bakery
        period:
          start: 2026-01-01
          end: 2026-12-31
        domain: Bread for the neighbourhood.
        positioning:
          who_we_are: A bakery
          who_we_serve: Neighbours
          pains: [stale bread]
          differentiation: Slow fermentation
          value_proposition: We are a bakery, for neighbours, solving stale bread.
        not_do:
          - item: Supermarkets
            reason: Low margin
        audiences: [leadership]
        """,
    "strategy/people.yaml": """\
        teams:
          - id: bakehouse
            name: Bakehouse
        people:
          - id: ann
            name: Ann
            team: bakehouse
        """,
    "strategy/kpis/sales.yaml": """\
        title: Sales
        unit: EUR
        direction: increase
        frequency: monthly
        owner: ann
        measurements:
          - date: 2026-01-31
            value: 100
          - date: 2026-05-31
            value: 140
        """,
    "strategy/goals/grow.yaml": """\
        title: Grow sales
        category: revenue
        kpi: sales
        baseline: 100
        target: 200
        deadline: 2026-12-31
        owner: ann
        breakthrough: true
        """,
    "strategy/paths/hero.yaml": """\
        title: Hero loaf
        status: selected
        goals: [grow]
        """,
    "strategy/battles/launch.yaml": """\
        title: Launch
        objective: Sell the loaf
        kpi: sales
        target: 150
        start: 2026-02-01
        end: 2026-07-31
        goals: [grow]
        path: hero
        significance: Proves the loaf sells
        owner: ann
        status: active
        reviews:
          - date: 2026-06-10
            summary: Going well
        """,
    "strategy/tactics/tasting.yaml": """\
        title: Tastings
        battle: launch
        category: acquisition
        owner: bakehouse
        win_criteria: One in five tasters buys
        start: 2026-02-01
        end: 2026-06-30
        actions:
          - action: Set up the board
            owner: ann
            due: 2026-02-07
        """,
}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for rel, text in MINIMAL.items():
        write(tmp_path, rel, text)
    return tmp_path


def check(root: Path, **settings: object) -> CheckResult:
    return check_tree(root, Settings(**{"as_of": AS_OF, **settings}))  # type: ignore[arg-type]


def findings(root: Path, **settings: object) -> list[Finding]:
    return list(check(root, **settings).findings)


def where(found: list[Finding]) -> list[tuple[str, str, int | None, int | None]]:
    """(code, file, line, column) of each finding: what the bad-input tests assert."""
    return [(f.code, f.place.file if f.place else "", f.place and f.place.line,
             f.place and f.place.column) for f in found]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace one exact piece of a file's text (the piece must be there)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# not one a session: Playwright's loop, left open across files, breaks pytest-asyncio's (test_lsp)
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, one a test module (Playwright is imported only where it is asked for)."""
    from browsing import chromium

    with chromium() as launched:
        yield launched
