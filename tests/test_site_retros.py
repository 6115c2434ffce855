"""Past periods in a real browser (spec §8): the example closed with `sst close`, built by MkDocs;
the Past periods page lists both retrospectives, the latest first, with the execution score,
each result's status badge and the team's text; each retrospective has its page, the 2026
strategy links back to 2025, and axe-core finds nothing serious in either palette. Debian's
Chromium; fails without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import DESKTOP, describe, screenshot, serious_violations, served, settle_palette
from sitebuild import build_site, copy_repository

from sst_plugin.cli import main

pytestmark = pytest.mark.slow

PAST_PERIODS = "strategy/retros/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("retros"))
    assert main(["close", "--root", str(root), "--as-of", "2027-01-01"]) == 0
    return build_site(root, strict=True)


def test_past_periods_lists_each_retrospective_latest_first(site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + PAST_PERIODS)
        assert page.get_by_role("heading", name="Past periods", level=1).is_visible()
        periods = page.locator("article h2").all_inner_texts()
        assert periods == ["2026", "2025"]
        text = page.locator("article").inner_text()
        assert "Period 1 Jan 2025 to 31 Dec 2025" in text
        # 2025's execution score and a result gone from the strategy, by its title then
        row = page.locator("article tbody tr", has_text="Saturday farmers' market stall")
        assert "missed" in row.locator(".sst-status").inner_text()
        assert "35 %" in row.inner_text()
        assert "50 %" in text and "71 %" in text and "81 %" in text
        assert "The farmers' market stall sold well in summer" in text  # the team's text
        # a result the strategy still holds links to its page
        link = page.locator("article tbody tr", has_text="Spring sourdough launch").locator("a")
        assert link.get_attribute("href") == "../battles/sourdough-launch/"
        screenshot(page, "retros-past-periods")
        for scheme in ("default", "slate"):
            settle_palette(page, scheme)
            found = serious_violations(page)
            assert found == [], f"{scheme}:\n{describe(found)}"
        page.close()


def test_each_retrospective_has_its_page_and_the_strategy_links_back(
        site: Path, browser: Any) -> None:
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + "strategy/goals/revenue-2026/")
        page.locator("article a", has_text="2025").click()
        assert page.url == base + "strategy/retros/2025/"
        assert page.get_by_role("heading", name="What did not work").is_visible()
        assert page.get_by_role("heading", name="Results").is_visible()
        badges = page.locator("article .sst-status").all_inner_texts()
        assert badges == ["achieved", "missed", "achieved", "achieved", "missed"]
        screenshot(page, "retros-2025")
        for scheme in ("default", "slate"):
            settle_palette(page, scheme)
            found = serious_violations(page)
            assert found == [], f"{scheme}:\n{describe(found)}"
        page.goto(base + "strategy/retros/2026/")
        text = page.locator("article").inner_text()
        assert "Winter bread subscriptions" in text and "What we carry forward" in text
        page.close()
