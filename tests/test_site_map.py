"""The strategy map as Chromium draws it, on the example and on a generated strategy with Chinese
and overlong titles: at 1280 and 390 px, in both palettes, measured in the DOM (getBBox of the
boxes and labels, points along each edge), checked by axe-core and reached with the keyboard."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from browsing import (
    DESKTOP,
    PALETTE_RULES,
    PHONE,
    describe,
    screenshot,
    serious_violations,
    served,
    set_palette,
)
from playwright.sync_api import Browser, Page
from sitebuild import REPO, build_site, copy_repository

from sst_plugin.core.model.model import Model
from sst_plugin.core.read.config import Settings
from sst_plugin.core.rules.check import check_tree

pytestmark = pytest.mark.slow  # builds sites and opens a browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# titles no one at the bakery wrote: Chinese without spaces, one endless word, mixed scripts
FOREIGN_TITLES = {
    "goals/goal-0-1.md": "让有机酸面包占我们面包销量的四分之一并且在所有分店推广这个产品",
    "goals/goal-0-4.md": "Grow the share of customers who come back within thirty days of their "
                         "first order in every one of our neighbourhood shops across the city",
    "paths/path-0-0.yaml": "Überregionale Zusammenarbeit mit Lieferdiensten",
    "battles/battle-0-1.yaml": "Supercalifragilisticexpialidociousbreadsubscriptioncampaign",
    "tactics/tactic-0-1.yaml": "WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM",
    "tactics/tactic-0-7.yaml": "在北京开第二家店 before the summer of 2026 – 63 %",
}
TACTIC_STATES = {"tactic-0-1": "todo", "tactic-0-7": "doing", "tactic-0-13": "dropped"}

# everything measured in one evaluation: user units of the SVG, the same for every element
MEASURE = """() => {
  const svg = document.querySelector('svg.sst-map');
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
  const nodes = [...svg.querySelectorAll('a.sst-map-node')].map(a => ({
    href: a.getAttribute('href'), box: box(a.querySelector('rect.sst-map-box')),
    title: box(a.querySelector('text.sst-map-title')),
    pill: box(a.querySelector('rect.sst-map-pill')),
    state: box(a.querySelector('text.sst-map-state'))}));
  const edges = [...svg.querySelectorAll('path.sst-map-edge')].map(p => {
    const length = p.getTotalLength(), points = [];
    for (let i = 0; i <= 240; i++) {
      const q = p.getPointAtLength(length * i / 240); points.push([q.x, q.y]);
    }
    return points;
  });
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const fonts = [...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {nodes, edges, smallest: Math.min(...fonts),
          pageWidth: document.documentElement.scrollWidth};
}"""


def generated_strategy(root: Path) -> Path:
    """The benchmarks' strategy of 100 entities, with foreign titles and more states."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate  # type: ignore[import-not-found]

    generate(root, 100)
    strategy = root / "strategy"
    for name, title in FOREIGN_TITLES.items():
        file = strategy / name
        text = re.sub(r"^title: .*$", f"title: {title}", file.read_text(encoding="utf-8"),
                      count=1, flags=re.MULTILINE)
        file.write_text(text, encoding="utf-8")
    for tactic, state in TACTIC_STATES.items():
        file = strategy / "tactics" / f"{tactic}.yaml"
        file.write_text(file.read_text(encoding="utf-8").replace(
            "status: done", f"status: {state}").replace("done: true", "done: false"),
            encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["example", "generated"])
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Model]]:
    """A built site served locally: its name, its URL and the model it was built from."""
    folder = tmp_path_factory.mktemp(str(request.param))
    root = (copy_repository(folder) if request.param == "example"
            else generated_strategy(folder))
    built = build_site(root)
    model = check_tree(root, Settings()).model
    with served(built) as url:
        yield str(request.param), url, model


def open_map(browser: Browser, url: str, viewport: dict[str, int], palette: str) -> Page:
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    page.goto(url + "strategy/map/")
    set_palette(page, palette)
    return page


def entity_id(href: str) -> str:
    return [part for part in href.split("/") if part and part != ".."][-1]


def relations(model: Model, drawn: set[str]) -> set[tuple[str, str]]:
    """What the map must draw: the references between the entities it shows (spec §4)."""
    found: set[tuple[str, str]] = set()
    paths = {p.id: p for p in model.paths if p.id in drawn}
    for path in paths.values():
        found |= {(goal, path.id) for goal in path.goals}
    for battle in (b for b in model.battles if b.id in drawn):
        found.add((battle.path, battle.id))
        via_path = paths.get(battle.path)
        found |= {(goal, battle.id) for goal in battle.goals
                  if via_path is None or goal not in via_path.goals}
    for tactic in (t for t in model.tactics if t.id in drawn):
        found.add((tactic.battle, tactic.id))
    return {(a, b) for a, b in found if a in drawn and b in drawn}


def inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox - slack <= x and x + w <= ox + ow + slack and oy - slack <= y and \
        y + h <= oy + oh + slack


def enters(start: list[float], end: list[float], rect: list[float]) -> bool:
    """Whether the segment passes through the inside of RECT (its border does not count)."""
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    x, y, w, h = rect
    for delta, near, far in ((x1 - x0, x - x0, x + w - x0), (y1 - y0, y - y0, y + h - y0)):
        if abs(delta) < 1e-9:
            if not near + 0.5 < 0 < far - 0.5:
                return False
            continue
        first, second = sorted((near / delta, far / delta))
        low, high = max(low, first), min(high, second)
    return high - low > 1e-6


def end_of(point: list[float], nodes: list[dict[str, Any]], side: str) -> str:
    """The node whose right (source) or left (target) side the edge starts or ends on."""
    x, y = point
    for node in nodes:
        bx, by, bw, bh = node["box"]
        edge_x = bx + bw if side == "right" else bx
        if abs(edge_x - x) < 0.6 and by <= y <= by + bh:
            return entity_id(node["href"])
    raise AssertionError(f"an edge ends at {point}, on no box's {side} side")


def check_drawing(measured: dict[str, Any], model: Model) -> None:
    nodes = measured["nodes"]
    boxes = [n["box"] for n in nodes]
    for index, node in enumerate(nodes):
        assert inside(node["title"], node["box"]), node["href"]
        assert inside(node["state"], node["pill"], slack=1.0), node["href"]
        assert inside(node["pill"], node["box"]), node["href"]
        for other in boxes[index + 1:]:
            x, y, w, h = node["box"]
            ox, oy, ow, oh = other
            assert not (x < ox + ow and ox < x + w and y < oy + oh and oy < y + h), node["href"]
    drawn = {entity_id(n["href"]) for n in nodes}
    edges = set()
    for points in measured["edges"]:
        source, target = end_of(points[0], nodes, "right"), end_of(points[-1], nodes, "left")
        edges.add((source, target))
        for node in nodes:
            if entity_id(node["href"]) in (source, target):
                continue
            assert not any(enters(a, b, node["box"]) for a, b in pairwise(points)), (
                f"{source} → {target} passes under {node['href']}")
    assert len(edges) == len(measured["edges"])
    assert edges == relations(model, drawn)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("palette", ["default", "slate"])
def test_map_geometry_contrast_and_size(site: tuple[str, str, Model], browser: Browser,
                                        viewport: str, palette: str) -> None:
    name, url, model = site
    page = open_map(browser, url, VIEWPORTS[viewport], palette)
    try:
        measured = page.evaluate(MEASURE)
        check_drawing(measured, model)
        assert measured["smallest"] >= 9, f"text at {measured['smallest']:.1f} px"
        # the map scrolls in its box; the page never gets wider than the screen
        assert measured["pageWidth"] <= VIEWPORTS[viewport]["width"]
        # the second palette changes colours only: the rules that judge them
        violations = serious_violations(page, rules=PALETTE_RULES if palette == "slate" else ())
        assert violations == [], describe(violations)
        light = "light" if palette == "default" else "dark"
        screenshot(page, f"map-{name}-{viewport}-{light}")
    finally:
        page.close()


def test_every_box_is_a_link_reached_with_tab(site: tuple[str, str, Model],
                                              browser: Browser) -> None:
    _, url, _ = site
    page = open_map(browser, url, DESKTOP, "default")
    try:
        boxes = page.locator("svg.sst-map a.sst-map-node")
        first = boxes.first.get_attribute("href")
        for _ in range(80):  # past the theme's header and navigation
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('svg.sst-map a')"):
                break
        assert page.evaluate("document.activeElement.getAttribute('href')") == first
        # focus is visible: the outline the stylesheet gives a focused box
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == \
            boxes.nth(1).get_attribute("href")
        target = boxes.nth(1).get_attribute("href") or ""
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(target.removeprefix("..").lstrip("/"))
    finally:
        page.close()
