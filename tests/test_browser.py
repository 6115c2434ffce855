"""The built site in headless Chromium: what a reader sees and what the browser asks for.

Every check runs on the site MkDocs builds with the plugin and on the one Zensical builds from
`sst render`. Debian's Chromium at /usr/bin/chromium is required: without it these tests fail,
never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browsing import ARTIFACTS, served
from playwright.sync_api import Browser, Page
from sitebuild import example_built_once

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit

@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def generator(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def site_url(generator: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(example_built_once(tmp_path_factory, generator)) as url:
        yield url


class Watched:
    """A page with every console error and every request to another host recorded."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlsplit(site_url).netloc
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.foreign.append(r.url)
                if urlsplit(r.url).netloc not in (host, "") else None)

    def clean(self) -> None:
        assert self.errors == []
        assert self.foreign == []


@pytest.fixture
def watched(browser: Browser, site_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page(), site_url)
    context.close()


PAGES = ["", "strategy/", "strategy/map/", "strategy/positioning/", "strategy/goals/",
         "strategy/kpis/", "strategy/paths/", "strategy/battles/", "strategy/tactics/",
         "strategy/people/", "strategy/updates/", "strategy/traceability/", "strategy/risks/",
         "strategy/goals/revenue-2026/", "strategy/kpis/waste-rate/",
         "strategy/battles/winter-subscriptions/", "strategy/tactics/bake-to-order/",
         "strategy/people/julien-roux/", "strategy/people/bakehouse/",
         "strategy/paths/second-shop/", "strategy/risks/oven-breakdown/"]


def test_pages_load_without_errors_or_foreign_requests(watched: Watched, site_url: str) -> None:
    for path in PAGES:
        response = watched.page.goto(site_url + path)
        assert response is not None and response.ok, path
        assert watched.page.locator("h1").count() >= 1, path
    watched.clean()


def test_home_and_map_screenshots(watched: Watched, site_url: str, generator: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    watched.page.goto(site_url + "strategy/")
    assert "Levain & Co.: strategy on a page" in watched.page.locator("h1").inner_text()
    watched.page.screenshot(path=str(ARTIFACTS / f"{generator}-home.png"), full_page=True)
    watched.page.goto(site_url + "strategy/map/")
    watched.page.screenshot(path=str(ARTIFACTS / f"{generator}-map.png"), full_page=True)
    assert (ARTIFACTS / f"{generator}-map.png").stat().st_size > 10_000
    watched.clean()


@pytest.mark.parametrize(("label", "path", "title"), [
    ("Winter bread subscriptions", "strategy/battles/winter-subscriptions/",
     "Winter bread subscriptions"),
    ("Make organic sourdough a quarter", "strategy/goals/sourdough-quarter/",
     "Make organic sourdough a quarter of our bread sales"),
    ("Two cargo-bike delivery rounds", "strategy/tactics/cargo-bike-rounds/",
     "Two cargo-bike delivery rounds before 8:30"),
])
def test_map_nodes_navigate(watched: Watched, site_url: str, label: str, path: str,
                            title: str) -> None:
    watched.page.goto(site_url + "strategy/map/")
    node = watched.page.locator("svg.sst-map a", has_text=label).first
    node.scroll_into_view_if_needed()
    node.click()
    watched.page.wait_for_url(site_url + path)
    assert watched.page.locator("h1").inner_text() == title
    watched.clean()


# where each theme opens search, takes a query and lists results (Zensical's search lives in
# a shadow root, which Playwright's CSS selectors pierce), and what says its index is loaded
SEARCH = {"mkdocs": ("input.md-search__input", "input.md-search__input",
                     ".md-search-result__item a"),
          "zensical": ("button.md-search__button", "input[role=combobox]",
                       "ol[aria-label='Search results'] a")}
# Material reads "Initializing search" until its worker has built the index: a query typed
# before then is lost (seen once, under the whole suite's load)
SEARCH_READY = {"mkdocs": "!document.querySelector('.md-search-result__meta')"
                          ".textContent.includes('Initializing')",
                "zensical": "true"}


def test_search_finds_a_tactic_by_a_word_of_its_action_plan(watched: Watched, site_url: str,
                                                             generator: str) -> None:
    opener, field, results = SEARCH[generator]
    watched.page.goto(site_url + "strategy/")
    watched.page.locator(opener).click()
    query = watched.page.locator(field)
    query.wait_for(state="visible")
    watched.page.wait_for_function(SEARCH_READY[generator], timeout=30_000)
    query.focus()
    watched.page.keyboard.type("laminated")  # searches run on key events, as a person types
    # results update as each letter arrives: wait for the one the whole word finds
    tactic = watched.page.locator(f"{results}[href*='strategy/tactics/levain-training/']")
    tactic.first.wait_for(timeout=30_000)
    assert "laminated" in watched.page.locator(field).input_value()
    watched.clean()


def _luminance(css_colour: str) -> float:
    parts = css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")
    channels = []
    for value in (float(p) / 255 for p in parts[:3]):
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_dark_mode_renders_the_charts_readably(watched: Watched, site_url: str,
                                               generator: str) -> None:
    page = watched.page
    page.goto(site_url + "strategy/goals/revenue-2026/")
    page.locator("label[for='__palette_1']").first.click()  # Material's palette toggle
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.md-main')).backgroundColor || "
        "getComputedStyle(document.body).backgroundColor")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    axis = page.evaluate(
        "getComputedStyle(document.querySelector('svg.sst-chart text.sst-axis')).fill")
    line = page.evaluate(
        "getComputedStyle(document.querySelector('svg.sst-chart polyline.sst-actual')).stroke")
    backdrop = background if "rgba(0, 0, 0, 0)" not in background else body
    assert _contrast(axis, backdrop) >= 3.0, (axis, backdrop)
    assert _contrast(line, backdrop) >= 3.0, (line, backdrop)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{generator}-goal-dark.png"), full_page=True)
    watched.clean()
