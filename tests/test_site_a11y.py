"""Every page of a built strategy site, read as its readers would: at desktop and phone width,
printed on A4, and with axe-core in both palettes on the pages that hold every element shape
(issue #13).

Two sites: the repository's example, and a tea shop's strategy generated below that nobody
tuned the stylesheet for (long words, many battles, every state). Each is built once.
"""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import (
    DESKTOP,
    PALETTE_RULES,
    PHONE,
    describe,
    screenshot,
    serious_violations,
    served,
    settle_palette,
)
from playwright.sync_api import Browser, Page
from sitebuild import build_site, example_built_once

pytestmark = pytest.mark.slow

SCHEMES = ("default", "slate")
# A4 less the print margins of sst.css (15 mm a side), in CSS pixels
PRINT_WIDTH = round((210 - 30) / 25.4 * 96)
# every state a badge can show: health, each kind's lifecycle, and what is due
STATES = ("achieved", "on-track", "at-risk", "off-track", "missed", "no-data",
          "planned", "active", "won", "lost", "abandoned",
          "candidate", "selected", "rejected", "todo", "doing", "done", "dropped",
          "due", "overdue", "fired", "holding")


# -- the sites ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_built_once(tmp_path_factory)


@pytest.fixture(scope="module")
def tea_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tea")
    write_tea_shop(root)
    return build_site(root)


def pages_of(site: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root ("" is the home page)."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if p == "." else p + "/" for p in found
                  if not p.startswith(("assets", "search")))


@dataclass
class Readings:
    """What one visit of every page found, for each test below to judge its part."""

    pages: list[str] = field(default_factory=list)
    axed: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    desktop_tables: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    print_cuts: list[str] = field(default_factory=list)


def kind_of(path: str) -> str:
    """The folder of an entity or rule page ("strategy/goals"); an overview page is its own."""
    parts = path.strip("/").split("/")
    return "/".join(parts[:-1]) if len(parts) > 2 else path


def one_of_each_kind(pages: list[str]) -> list[str]:
    """The overview pages and the first page of each kind of entity: the tea shop's pages come
    from the same templates as the example's, every one of which is read."""
    seen: set[str] = set()
    kept = []
    for path in pages:
        if kind_of(path) not in seen:
            seen.add(kind_of(path))
            kept.append(path)
    return kept


# what sets an element's colours and what axe's rules look at: its tag, classes, attributes'
# names, whether it holds text of its own, and the same of its parent
SHAPES = """() => {
  const name = e => e.tagName.toLowerCase() + [...e.classList].sort().map(c => '.' + c).join('')
    + [...e.attributes].map(a => a.name).filter(n => n !== 'class').sort()
        .map(n => '[' + n + ']').join('')
    + ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) ? ' "text"' : '');
  return [...new Set([...document.querySelectorAll('article *, .md-content *')]
    .map(e => name(e.parentElement) + ' > ' + name(e)))]; }"""


def read_every_page(browser: Browser, site: Path, sample: bool = False) -> Readings:
    """One visit a page (a site has a hundred): the tables at desktop width, then the same page
    laid out for A4 print, then for a phone; axe in both palettes on a sample.

    axe's sample: the first page of each kind of entity (the first goal, the first rule page...)
    and every page that shows an element shape (SHAPES) no page before it in alphabetical order
    showed (44 of the example's 124 pages when written). The others are the same templates
    filled with other words (the 30 rule pages are one), and axe costs a second a page: reading
    every page with it took this sweep four minutes."""
    every = pages_of(site)
    readings = Readings(pages=one_of_each_kind(every) if sample else every)
    shapes_seen: set[str] = set()
    kinds_seen = {path for path in readings.pages if kind_of(path) == path}  # overviews: by shape
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP)
        try:
            for path in readings.pages:
                page.set_viewport_size(DESKTOP)
                page.emulate_media(media="screen")
                page.goto(base + path)
                shapes = set(page.evaluate(SHAPES))
                if not shapes <= shapes_seen or kind_of(path) not in kinds_seen:
                    shapes_seen |= shapes
                    kinds_seen.add(kind_of(path))
                    readings.axed.append(path)
                    for scheme in SCHEMES:
                        settle_palette(page, scheme)
                        # every rule in the first palette; in the second, those colours change
                        rules = PALETTE_RULES if scheme != SCHEMES[0] else ()
                        if violations := serious_violations(page, rules=rules):
                            readings.axe.append(f"/{path} ({scheme}):\n{describe(violations)}")
                    settle_palette(page, SCHEMES[0])
                if over := page.evaluate(OVERFLOWING_TABLES):
                    readings.desktop_tables.append(f"/{path}: {over}")
                page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
                page.emulate_media(media="print")
                if cut := page.evaluate(OVERFLOWING_TABLES) + page.evaluate(CUT_CELLS):
                    readings.print_cuts.append(f"/{path}: {cut}")
                page.emulate_media(media="screen")
                page.set_viewport_size(PHONE)
                width = page.evaluate("() => document.documentElement.scrollWidth")
                # SST's tables become cards; a table a person wrote in docs/ may scroll in its box
                over = page.evaluate(overflowing_tables(":has(.sst-table)"))
                if width > PHONE["width"] or over:
                    readings.phone.append(f"/{path}: page {width} px wide; {over}")
        finally:
            page.close()
    return readings


@pytest.fixture(scope="module")
def readings(example: Path, tea_shop: Path, browser: Browser) -> dict[str, Readings]:
    return {"example": read_every_page(browser, example),
            "tea_shop": read_every_page(browser, tea_shop, sample=True)}


# -- axe-core ----------------------------------------------------------------------------------

@pytest.mark.parametrize("site_name", ["example", "tea_shop"])
def test_no_page_has_a_serious_axe_violation_in_either_palette(
        site_name: str, readings: dict[str, Readings]) -> None:
    """On read_every_page's sample: the first page of each kind of entity and every page with an
    element shape not seen before (the layout checks below read every page)."""
    found = readings[site_name]
    assert len(found.pages) > (100 if site_name == "example" else 15)
    kinds = {kind_of(path) for path in found.pages} - set(found.pages)
    assert kinds and kinds <= {kind_of(path) for path in found.axed}
    assert not found.axe, "\n".join(found.axe)


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _luminance(rgb: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_state_has_its_own_badge_colour_readable_in_both_palettes(
        example: Path, browser: Browser) -> None:
    with served(example) as base:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + "strategy/")
        page.evaluate("""states => { const p = document.createElement('p');
            p.id = 'badges'; p.innerHTML = states.map(s =>
              `<span class="sst-status sst-status--${s}">${s}</span>`).join(' ');
            document.querySelector('article').append(p); }""", list(STATES))
        for scheme in SCHEMES:
            settle_palette(page, scheme)
            colours = page.evaluate("""() => [...document.querySelectorAll('#badges span')]
                .map(e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])""")
            backgrounds = {state: _rgb(bg) for state, (bg, _) in zip(STATES, colours, strict=True)}
            for state, (bg, fg) in zip(STATES, colours, strict=True):
                assert contrast(_rgb(bg), _rgb(fg)) >= 4.5, (scheme, state, bg, fg)
            same = [(a, b) for a, b in itertools.combinations(STATES, 2)
                    if backgrounds[a] == backgrounds[b]]
            assert not same, f"{scheme}: states that share a colour: {same}"
        page.close()


# -- geometry ----------------------------------------------------------------------------------

def overflowing_tables(scope: str = "") -> str:
    """A script listing the tables (and Material's boxes around them) that scroll sideways;
    SCOPE narrows them, e.g. to `:has(.sst-table)`, SST's own."""
    boxes = ", ".join(f"article {box}{scope}" for box in
                      (".md-typeset__scrollwrap", ".md-typeset__table", "table"))
    return f"""() => [...document.querySelectorAll('{boxes}')]
      .filter(e => e.scrollWidth > e.clientWidth + 1)
      .map(e => `${{e.tagName}}.${{e.className}}: ${{e.scrollWidth}} > ${{e.clientWidth}}`)"""


OVERFLOWING_TABLES = overflowing_tables()


@pytest.mark.parametrize("site_name", ["example", "tea_shop"])
def test_no_table_scrolls_at_desktop_width(site_name: str,
                                           readings: dict[str, Readings]) -> None:
    failures = readings[site_name].desktop_tables
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("site_name", ["example", "tea_shop"])
def test_nothing_is_wider_than_a_phone(site_name: str, readings: dict[str, Readings]) -> None:
    failures = readings[site_name].phone
    assert not failures, "\n".join(failures)


def test_a_phone_shows_table_rows_as_labelled_cards(example: Path, browser: Browser) -> None:
    with served(example) as base:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "strategy/goals/")
        cells = page.evaluate("""() => [...document.querySelectorAll('article tbody tr')][0]
            .querySelectorAll('td').length""")
        labels = page.evaluate("""() => [...document.querySelectorAll(
            'article tbody tr:first-child .sst-label')].filter(e => e.offsetWidth > 0)
            .map(e => e.textContent)""")
        header_shown = page.evaluate(
            "() => document.querySelector('article thead').getBoundingClientRect().height > 2")
        page.close()
    assert "Status" in labels and "Progress" in labels and len(labels) == cells
    assert not header_shown


# -- print -------------------------------------------------------------------------------------

CUT_CELLS = """() => {
  const right = document.querySelector('article').getBoundingClientRect().right + 1;
  return [...document.querySelectorAll('article td, article th, article .sst-status')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > right)
    .map(e => `${e.tagName}: ${e.textContent.slice(0, 40)}`); }"""


def pdf_pages(page: Page) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))


def test_strategy_on_a_page_prints_on_one_a4_page_and_home_on_no_blank_one(
        example: Path, browser: Browser) -> None:
    with served(example) as base:
        page = browser.new_page()
        page.goto(base + "strategy/")
        assert pdf_pages(page) == 1
        page.goto(base)
        assert pdf_pages(page) == 1  # a short page: the blank second sheet is gone
        page.close()


@pytest.mark.parametrize("site_name", ["example", "tea_shop"])
def test_print_cuts_no_column(site_name: str, readings: dict[str, Readings]) -> None:
    """Laid out as on the A4 sheet: no table is wider than the text, no cell hides content."""
    failures = readings[site_name].print_cuts
    assert not failures, "\n".join(failures)


# -- pictures for people -----------------------------------------------------------------------

def test_screenshots_of_the_pages_readers_open_most(example: Path, browser: Browser) -> None:
    """Kept in test-artifacts/ to look at: home, a goal, a person, the tactics board."""
    shots = {"home": "strategy/", "goal": "strategy/goals/margin-2026/",
             "person": "strategy/people/julien-roux/", "tactics": "strategy/tactics/"}
    taken = []
    with served(example) as base:
        for (device, viewport), scheme in itertools.product(
                {"desktop": DESKTOP, "phone": PHONE}.items(), SCHEMES):
            page = browser.new_page(viewport=viewport)
            for name, path in shots.items():
                page.goto(base + path)
                settle_palette(page, scheme)
                dark = "dark" if scheme == "slate" else "light"
                taken.append(screenshot(page, f"a11y-{name}-{device}-{dark}"))
            page.close()
    assert all(path.stat().st_size > 10_000 for path in taken)


# -- a strategy nobody tuned the stylesheet for ------------------------------------------------

def write_tea_shop(root: Path) -> None:
    """A tea shop: long words, eight battles, twelve goals, every state a badge can show."""
    files: dict[str, Any] = {}
    people = [{"id": f"p{i}", "name": name, "team": "counter", "role": "Tea sommelier"}
              for i, name in enumerate(["Anastasia Wolkenstein-Hohenberg", "Bao", "Siddharth "
                                        "Venkataraghavan", "Zoë Ó Súilleabháin"])]
    files["strategy/people.yaml"] = {"teams": [{"id": "counter", "name": "Counter"}],
                                     "people": people}
    files["strategy/strategy.yaml"] = {
        "company": "Kettle & Leaf", "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "domain": "Loose-leaf tea by the cup and the tin.",
        "positioning": {"who_we_are": "A tea shop", "who_we_serve": "Commuters",
                        "pains": ["bitter tea-bag tea"], "differentiation": "Single estates",
                        "value_proposition": "Real tea on the way to work."},
        "not_do": [{"item": "Coffee", "reason": "Not our craft"}]}
    health = ["achieved", "on-track", "at-risk", "off-track", "missed"]
    for i in range(12):
        files[f"strategy/kpis/k{i}.yaml"] = {
            "title": f"Verkaufsförderungsmaßnahmenbewertungszahl {i}", "unit": "cups",
            "direction": "increase", "frequency": "monthly", "owner": f"p{i % 4}",
            "measurements": [{"date": "2026-01-31", "value": 100},
                             {"date": "2026-10-31", "value": 100 + 10 * i}]}
        files[f"strategy/goals/g{i}.yaml"] = {
            "title": f"Grow {health[i % 5]} subscriptions of Darjeeling-first-flush tins {i}",
            "category": "customers", "kpi": f"k{i}", "baseline": 100, "target": 100 + 25 * i,
            "deadline": "2026-12-31", "owner": f"p{i % 4}", "breakthrough": i == 0}
    for i, status in enumerate(["selected", "candidate", "rejected"]):
        path: dict[str, Any] = {"title": f"Path {status}", "status": status, "goals": ["g1"]}
        if status == "rejected":
            path["rejection_reason"] = "Too far from the counter"
        files[f"strategy/paths/r{i}.yaml"] = path
    battle_states = ["planned", "active", "won", "lost", "abandoned", "active", "planned", "won"]
    for i, status in enumerate(battle_states):
        files[f"strategy/battles/b{i}.yaml"] = {
            "title": f"Battle of the Oolong-and-Pu-erh-tasting-counter {i}",
            "objective": "Sell more tins", "kpi": f"k{i}", "target": 200,
            "start": "2026-02-01", "end": "2026-11-30", "goals": [f"g{i}"], "path": "r0",
            "significance": "Proves it", "owner": f"p{i % 4}", "status": status}
    for i, status in enumerate(["todo", "doing", "done", "dropped"]):
        files[f"strategy/tactics/t{i}.yaml"] = {
            "title": f"Tactic {status}", "battle": f"b{i}", "category": "acquisition",
            "owner": "counter", "win_criteria": "One in five buys", "status": status,
            "actions": [{"action": "Brew samples", "owner": f"p{i}", "due": "2026-11-01"}]}
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Kettle & Leaf\n\nOur strategy.\n", encoding="utf-8")
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"as_of: .*", "as_of: 2026-11-16\n      max_battles: 8", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.rmtree(root / "site", ignore_errors=True)
