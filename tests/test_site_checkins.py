"""Check-ins in a real browser (issue #17): the goal page of a checked-in goal shows the note and
the confidence, the trend's marks stay inside it, axe-core finds nothing serious in either
palette, and a phone scrolls nothing sideways. Debian's Chromium; fails without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import DESKTOP, PHONE, axe_failures, screenshot, served
from sitebuild import build_site, copy_strategy

from sst_plugin.core.render.checkins import SPARK_HEIGHT, SPARK_WIDTH

pytestmark = pytest.mark.slow

PAGES = ("strategy/goals/sourdough-quarter/", "strategy/battles/winter-subscriptions/",
         "strategy/goals/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example bakery's strategy alone (no manual): its check-ins are the repository's."""
    return build_site(copy_strategy(tmp_path_factory.mktemp("checkins")), strict=True)


def test_the_goal_page_shows_the_note_and_the_confidence(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + PAGES[0])
        heading = page.get_by_role("heading", name="Check-ins")
        assert heading.is_visible()
        trend = page.get_by_role("img", name="Confidence from 1 to 10 over 4 check-ins: 7 on "
                                              "31 Jul 2026, latest 8 on 31 Oct 2026")
        assert trend.is_visible()
        latest = page.locator(".sst-checkins-trend").inner_text()
        assert "confidence 8/10 on 31 Oct 2026" in latest
        rows = page.locator("article table:below(h2#check-ins) tbody tr").first.inner_text()
        assert "22.4 %" in rows and "8/10" in rows and "Two months for the last 2.6 points" in rows
        assert "Julien Roux" in rows
        screenshot(page, "checkins-goal-desktop")
        # the overview: the latest confidence beside the computed status
        page.goto(base + PAGES[2])
        row = page.locator("article tbody tr", has_text="Grow active loyalty").inner_text()
        assert "off track" in row and "confidence 5/10" in row
        page.close()


def test_the_trend_s_marks_stay_inside_it(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        for path in PAGES[:2]:
            page.goto(base + path)
            outside = page.evaluate("""() => {
              const svg = document.querySelector('svg.sst-spark').getBoundingClientRect();
              return [...document.querySelectorAll('svg.sst-spark circle, svg.sst-spark polyline')]
                .map(e => e.getBoundingClientRect())
                .filter(r => r.left < svg.left - 0.5 || r.right > svg.right + 0.5
                          || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5)
                .length; }""")
            size = page.evaluate("""() => { const r = document.querySelector('svg.sst-spark')
              .getBoundingClientRect(); return [r.width, r.height]; }""")
            assert outside == 0, path
            assert size == [SPARK_WIDTH, SPARK_HEIGHT], path
        page.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_checkins_pages_have_no_serious_axe_violation(site: Path, browser: Any,
                                                      scheme: str) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        failures = axe_failures(page, base, PAGES, scheme, {PAGES[0]: f"checkins-goal-{scheme}"})
        page.close()
    assert not failures, "\n".join(failures)


def test_nothing_is_wider_than_a_phone(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=PHONE)
        widths = {}
        for path in PAGES:
            page.goto(base + path)
            widths[path] = page.evaluate("() => document.documentElement.scrollWidth")
            if path == PAGES[1]:
                page.locator("h2#check-ins").scroll_into_view_if_needed()
                screenshot(page, "checkins-battle-phone", full_page=False)
        page.close()
    assert all(width <= PHONE["width"] for width in widths.values()), widths
