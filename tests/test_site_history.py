"""The status history and the execution score on the site (spec §8), in a real build and in
Debian's Chromium: the goal page's columns by month, the overview's goals by status, the
execution table; marks and labels inside their drawing and apart, axe clean in both palettes,
nothing wider than a phone. Fails without Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import DESKTOP, PHONE, axe_failures, screenshot, served
from conftest import edit, write
from gitrepo import commit_all
from sitebuild import build_site, copy_strategy, example_mkdocs

pytestmark = pytest.mark.slow

HOME, GOAL = "strategy/", "strategy/goals/revenue-2026/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example bakery's strategy alone, no git: every month from the files as they are."""
    return build_site(copy_strategy(tmp_path_factory.mktemp("history")), strict=True)


def test_the_pages_show_history_and_execution(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + GOAL)
        assert page.get_by_role("heading", name="Month by month").is_visible()
        chart = page.locator("figure.sst-figure--history")
        assert chart.get_attribute("aria-label") == \
            "Grow monthly revenue to 75,000 EUR: progress and status by month"
        assert chart.is_visible()
        # January to October's month ends, then as_of
        columns = chart.locator("svg.sst-chart--wide rect.sst-bar")
        assert columns.count() == 11
        titles = [t.strip() for t in columns.locator("title").all_text_contents()]
        assert titles[5] == "30 Jun 2026: on track, 45 % of the way"
        assert titles[-1] == "16 Nov 2026: at risk, 63 % of the way"
        assert chart.locator("svg.sst-chart--wide rect.sst-at-risk").count() == 3
        screenshot(page, "history-goal-desktop")
        page.goto(base + HOME)
        overview = page.locator("figure.sst-figure--history")
        assert overview.get_attribute("aria-label") == "Goals by status, month by month"
        assert overview.is_visible()
        last = overview.locator("svg.sst-chart--wide rect.sst-bar title").all_text_contents()
        assert "16 Nov 2026: 3 goals on track" in last
        line = page.locator("p", has_text="Execution.").inner_text()
        assert "100 % battles won (2 of 2)" in line and "67 % tactics done (8 of 12)" in line
        assert "97 % due actions done (32 of 33)" in line
        screenshot(page, "history-overview-desktop")
        page.close()


MARKS_INSIDE_AND_LABELS_APART = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('svg.sst-history-chart')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // the drawing for the other screen size
    const inside = [...svg.querySelectorAll('rect, text')].map(e => e.getBoundingClientRect());
    for (const r of inside)
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
          || r.bottom > box.bottom + 0.5) found.push('outside');
    const labels = [...svg.querySelectorAll('text')].map(e => e.getBoundingClientRect());
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i], b = labels[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          found.push('overlap');
      }
  }
  return found; }"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_marks_stay_inside_and_labels_apart(site: Path, browser: Any,
                                            viewport: dict[str, int]) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=viewport)
        for path in (HOME, GOAL):
            page.goto(base + path)
            assert page.evaluate(MARKS_INSIDE_AND_LABELS_APART) == [], path
            assert page.evaluate("() => document.documentElement.scrollWidth") \
                <= viewport["width"], path
        if viewport is PHONE:
            page.locator("h2#month-by-month").scroll_into_view_if_needed()
            screenshot(page, "history-goal-phone", full_page=False)
        page.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_axe_violation(site: Path, browser: Any, scheme: str) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        failures = axe_failures(page, base, (HOME, GOAL), scheme)
        page.close()
    assert not failures, "\n".join(failures)


def test_the_build_reads_each_month_from_git(repo: Path) -> None:
    """The plugin's history is git's: a target raised after April is not April's."""
    write(repo, "mkdocs.yml", example_mkdocs("2026-06-15"))
    write(repo, "docs/index.md", "# Test\n")
    commit_all(repo, "target 200", when="2026-03-10T10:00:00+00:00")
    edit(repo, "strategy/goals/grow.yaml", "target: 200", "target: 140")
    commit_all(repo, "target 140", when="2026-05-02T10:00:00+00:00")
    html = (build_site(repo) / "strategy" / "goals" / "grow" / "index.html").read_text("utf-8")
    # 31 March: target 200, value 100; 31 May: target 140, value 140 (measured 31 May)
    assert "<title>31 Mar 2026: at risk, 0 % of the way</title>" in html
    assert "<title>31 May 2026: achieved, 100 % of the way</title>" in html
