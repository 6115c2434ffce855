"""The battles page's resources view in Chromium (spec §8 capacity): its charts at 1280 and
390 px (marks inside the drawing, no two labels on one another, text 9 px or more), the table
that says the same in words, axe in both palettes, and screenshots to look at.

The site is the example with a smaller capacity (2 people, 8,000 EUR), so that some months are
over it and the over-capacity marks are drawn too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browsing import (
    DESKTOP,
    PHONE,
    describe,
    screenshot,
    serious_violations,
    served,
    set_palette,
)
from playwright.sync_api import Browser
from sitebuild import build_site, copy_repository, set_language
from test_site_charts import GEOMETRY, SMALLEST_TEXT

pytestmark = pytest.mark.slow

BATTLES = "strategy/battles/"
CHART = "svg.sst-capacity-chart"


def _tight_site(root: Path, language: str | None = None) -> Path:
    copy_repository(root)
    strategy = root / "strategy" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    assert "capacity:\n  people: 3\n  budget: 10000\n" in text
    strategy.write_text(text.replace("capacity:\n  people: 3\n  budget: 10000\n",
                                     "capacity:\n  people: 2\n  budget: 8000\n"),
                        encoding="utf-8")
    if language:
        set_language(root, language)
    return build_site(root)


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tight_site(tmp_path_factory.mktemp("capacity"))


@pytest.fixture(scope="module", params=["en", "de", "zh"])
def tight_in(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site in English, in German (long words) and in Chinese (wide characters)."""
    if request.param == "en":
        return request.getfixturevalue("tight")  # type: ignore[no-any-return]
    return _tight_site(tmp_path_factory.mktemp(f"capacity-{request.param}"), request.param)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_charts_keep_their_marks_inside_and_their_labels_apart(
        tight_in: Path, device: str, browser: Browser) -> None:
    with served(tight_in) as base:
        page = browser.new_page(viewport=DESKTOP if device == "desktop" else PHONE)
        page.goto(base + BATTLES)
        measured = page.evaluate(GEOMETRY, [CHART, SMALLEST_TEXT])
        # two charts (people, budget), each drawn wide and narrow: one drawing of each shows
        assert measured["drawn"] == 2, measured
        assert measured["problems"] == []
        assert measured["smallest"] >= SMALLEST_TEXT
        # twelve months a chart; the months over capacity in the off-track colour, named so
        over = page.locator(f"{CHART} rect.sst-off-track:visible")
        titles = [over.nth(i).text_content() for i in range(over.count())]
        assert len(titles) == 5 + 3  # budget May–Sep (9,000 EUR), people Oct–Dec (3)
        assert all(t.count("2026") == 1 for t in titles), titles  # each names its month
        assert page.evaluate(f"""() => [...document.querySelectorAll('{CHART}')]
            .filter(s => getComputedStyle(s).display !== 'none')
            .map(s => s.querySelectorAll('line.sst-capacity').length)""") == [1, 1]
        # on a phone the page does not scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= \
            page.viewport_size["width"]  # type: ignore[index]
        page.close()


def test_the_table_says_what_the_charts_draw(tight: Path) -> None:
    html = (tight / BATTLES / "index.html").read_text(encoding="utf-8")
    html = html[html.index('id="resources"'):]
    html = re.sub(r'<span class="sst-label">[^<]*</span>|<figure.*?</figure>', "", html,
                  flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")
    assert "Total 3 over by 1 6,500 EUR" in text
    assert "Capacity 2 8,000 EUR" in text
    assert "Left over by 1 1,500 EUR" in text
    assert "Jun 2026 Win the new office buildings 2 9,000 EUR over by 1,000 EUR" in text
    assert "Nov 2026 Winter bread subscriptions 3 over by 1 6,500 EUR" in text
    assert "Jan 2026 – 0 0 EUR" in text
    # each column's title names the month, the sum, whether it is over, and the battles
    assert "<title>Jun 2026: 9,000&nbsp;EUR, over capacity (Win the new office buildings)" \
           "</title>" in (tight / BATTLES / "index.html").read_text(encoding="utf-8")


def test_no_serious_axe_violation_in_either_palette_and_screenshots(
        tight: Path, browser: Browser) -> None:
    failures, taken = [], []
    with served(tight) as base:
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = browser.new_page(viewport=viewport)
            page.goto(base + BATTLES)
            for scheme in ("default", "slate"):
                set_palette(page, scheme)
                page.wait_for_timeout(150)
                violations = serious_violations(page)
                if violations:
                    failures.append(f"{device} ({scheme}):\n{describe(violations)}")
                page.evaluate("document.getElementById('resources').scrollIntoView()")
                taken.append(screenshot(page, f"capacity-{device}-{scheme}", full_page=False))
            page.close()
    assert not failures, "\n".join(failures)
    assert all(path.stat().st_size > 5_000 for path in taken)
