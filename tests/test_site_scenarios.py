"""Scenarios and interviews in a real browser (spec §8): the overview shows each scenario with its
state, the positioning page counts the interviews beside each pain and lists them, axe-core finds
nothing serious in either palette, and a phone scrolls nothing sideways. Debian's Chromium;
fails without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import DESKTOP, PHONE, axe_failures, screenshot, served
from conftest import edit
from sitebuild import build_site, copy_strategy

pytestmark = pytest.mark.slow

OVERVIEW, POSITIONING = "strategy/", "strategy/positioning/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example bakery's strategy, one of its scenarios raised until it fires (648 loyal
    customers on 31 Oct 2026, below 700): SST032 warns, so the build is not strict."""
    root = copy_strategy(tmp_path_factory.mktemp("scenarios"))
    edit(root, "strategy/strategy.yaml", "kpi: repeat-customers\n      below: 500",
         "kpi: repeat-customers\n      below: 700")
    return build_site(root)


def test_the_overview_shows_each_scenario_with_its_state(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + OVERVIEW)
        assert page.get_by_role("heading", name="Scenarios").is_visible()
        fired = page.locator("article tbody tr", has_text="The chain takes our regulars")
        assert fired.locator(".sst-status--fired").inner_text() == "fired"
        text = " ".join(fired.inner_text().split())
        assert "Active loyalty-card customers below 700 customers; 648 customers on " \
               "31 Oct 2026" in text
        assert "Give card holders a free loaf every tenth" in text
        holding = page.locator("article tbody tr", has_text="Flour squeezes the margin")
        assert holding.locator(".sst-status--holding").inner_text() == "holding"
        assert "Gross margin below 58 %; 61.3 % on 31 Oct 2026" in " ".join(
            holding.inner_text().split())
        # the trigger's KPI is a link to its page
        fired.get_by_role("link", name="Active loyalty-card customers").click()
        assert page.url.endswith("/strategy/kpis/repeat-customers/")
        page.goto(base + OVERVIEW)
        page.locator("h2#scenarios").scroll_into_view_if_needed()
        screenshot(page, "scenarios-overview-desktop", full_page=False)
        page.close()


def test_the_positioning_page_counts_interviews_beside_each_pain(site: Path,
                                                                browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + POSITIONING)
        pains = [" ".join(t.split()) for t in
                 page.locator("article ul", has_text="Supermarket and franchise bread")
                 .locator("li").all_inner_texts()]
        assert [p.rsplit(". ", 1)[-1] for p in pains] == [
            "backed by 4 interviews", "backed by 3 interviews", "backed by 2 interviews"]
        assert page.get_by_role("heading", name="Customer interviews").is_visible()
        rows = page.locator("article table:below(h2#customer-interviews) tbody tr")
        assert rows.count() == 10
        unheard = rows.filter(has_text="not in the positioning")
        assert unheard.count() == 1 and "Cyclist commuter" in unheard.inner_text()
        page.locator("h2#customer-interviews").scroll_into_view_if_needed()
        screenshot(page, "interviews-positioning-desktop", full_page=False)
        page.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_axe_violation(site: Path, browser: Any, scheme: str) -> None:
    paths = (OVERVIEW, POSITIONING)
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        failures = axe_failures(page, base, paths, scheme, {
            path: f"scenarios-{path.strip('/').replace('/', '-')}-{scheme}" for path in paths})
        page.close()
    assert not failures, "\n".join(failures)


def test_nothing_is_wider_than_a_phone(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=PHONE)
        widths = {}
        for path in (OVERVIEW, POSITIONING):
            page.goto(base + path)
            widths[path] = page.evaluate("() => document.documentElement.scrollWidth")
        page.locator("h2#customer-interviews").scroll_into_view_if_needed()
        screenshot(page, "interviews-positioning-phone", full_page=False)
        page.close()
    assert all(width <= PHONE["width"] for width in widths.values()), widths
