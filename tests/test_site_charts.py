"""The charts and the timeline as Chromium draws them, at 1280 and 390 px (issue #13): text
9 px or more, every mark inside its drawing, no two labels on one another.

Three sites, each built once: the repository's example with MkDocs and with Zensical, and a cycle
shop's strategy written below
with what the example lacks (values in the hundreds of thousands and in thousandths, negative
values, long units and titles, a lone measurement, a period over three calendar years).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
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
from sitebuild import REPO, build_site, example_built_once

pytestmark = pytest.mark.slow

SMALLEST_TEXT = 9.0  # px, on a phone as on a desktop
CHARTS = "svg.sst-line-chart, svg.sst-timeline, svg.sst-heat"

# Every visible chart: each text's rendered size, marks outside the drawing, labels that meet.
# Sizes are the computed font size times the drawing's scale (what the eye gets, in CSS px).
GEOMETRY = """([selector, smallest]) => {
  const problems = [], sizes = [];
  let drawn = 0;
  for (const svg of document.querySelectorAll(selector)) {
    const frame = svg.getBoundingClientRect();
    if (frame.width === 0 || getComputedStyle(svg).display === 'none') continue;
    drawn += 1;
    const scale = svg.getScreenCTM().a;
    const name = svg.querySelector('title')?.textContent;
    const texts = [...svg.querySelectorAll('text')];
    for (const text of texts) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      sizes.push(size);
      if (size < smallest) problems.push(`${name}: "${text.textContent}" at ${size} px`);
    }
    for (const mark of svg.querySelectorAll('circle, polyline, line, rect, text')) {
      const box = mark.getBoundingClientRect();
      if (box.left < frame.left - .5 || box.right > frame.right + .5
          || box.top < frame.top - .5 || box.bottom > frame.bottom + .5)
        problems.push(`${name}: ${mark.tagName} "${mark.textContent}" outside its drawing`);
    }
    const boxes = texts.map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      if (p.left < q.right - .5 && q.left < p.right - .5 && p.top < q.bottom - .5
          && q.top < p.bottom - .5) problems.push(`${name}: "${a}" meets "${b}"`);
    }
  }
  return {drawn, problems, smallest: Math.min(...sizes)};
}"""


# -- the sites ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_built_once(tmp_path_factory)


@pytest.fixture(scope="module")
def example_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pages through `sst render` and Zensical, whose theme lays them out itself."""
    return example_built_once(tmp_path_factory, "zensical")


@pytest.fixture(scope="module")
def cycle_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cycles")
    write_cycle_shop(root)
    return build_site(root)


def chart_pages(site: Path) -> list[str]:
    """The pages of a built site that draw a chart, the timeline or the heat map."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
             if re.search(r'class="sst-chart sst-(line-chart|timeline|heat)',
                          p.read_text(encoding="utf-8"))]
    return sorted("" if p == "." else p + "/" for p in found)


@pytest.mark.parametrize("site_name", ["example", "example_zensical", "cycle_shop"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_chart_text_is_readable_inside_its_drawing_and_apart(
        site_name: str, device: str, request: pytest.FixtureRequest, browser: Browser) -> None:
    site: Path = request.getfixturevalue(site_name)
    paths = chart_pages(site)
    assert len(paths) >= 6, paths  # goals, KPIs, battles, the home page, battles, risks
    problems: list[str] = []
    with served(site) as base:
        page = browser.new_page(viewport=DESKTOP if device == "desktop" else PHONE)
        for path in paths:
            page.goto(base + path)
            measured = page.evaluate(GEOMETRY, [CHARTS, SMALLEST_TEXT])
            figures = page.locator(f"figure.sst-figure:has({CHARTS})")
            assert measured["drawn"] >= figures.count() >= 1, path  # one drawing of each shows
            problems += [f"/{path}: {problem}" for problem in measured["problems"]]
        page.close()
    assert not problems, "\n".join(problems)


def test_the_phone_shows_the_narrow_drawing_and_the_desktop_the_wide(
        example: Path, browser: Browser) -> None:
    with served(example) as base:
        for viewport, shown in ((DESKTOP, "sst-chart--wide"), (PHONE, "sst-chart--narrow")):
            page = browser.new_page(viewport=viewport)
            page.goto(base + "strategy/goals/revenue-2026/")
            visible = page.evaluate("""() => [...document.querySelectorAll('svg.sst-line-chart')]
                .filter(s => getComputedStyle(s).display !== 'none').map(s => s.classList.value)""")
            assert len(visible) == 1 and shown in visible[0], visible
            page.close()


def test_no_serious_axe_violation_in_a_chart_in_either_palette(
        example: Path, browser: Browser) -> None:
    """axe-core inside the figures: the timeline and heat map are links, never in an image."""
    failures = []
    with served(example) as base:
        page = browser.new_page(viewport=DESKTOP)
        for path in ("strategy/", "strategy/battles/", "strategy/risks/",
                     "strategy/goals/revenue-2026/", "strategy/kpis/bread-subscriptions/"):
            page.goto(base + path)
            for scheme in ("default", "slate"):
                set_palette(page, scheme)
                page.wait_for_timeout(200)
                violations = serious_violations(page, "figure.sst-figure")
                if violations:
                    failures.append(f"/{path} ({scheme}):\n{describe(violations)}")
        page.close()
    assert not failures, "\n".join(failures)


def test_screenshots_of_a_goal_and_a_kpi_light_and_dark(example: Path, browser: Browser) -> None:
    taken = []
    with served(example) as base:
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = browser.new_page(viewport=viewport)
            for name, path in (("goal", "strategy/goals/revenue-2026/"),
                               ("kpi", "strategy/kpis/bread-subscriptions/"),
                               ("home", "strategy/")):
                page.goto(base + path)
                for scheme in ("default", "slate"):
                    set_palette(page, scheme)
                    page.wait_for_timeout(150)
                    taken.append(screenshot(page, f"charts-{name}-{device}-{scheme}"))
            page.close()
    assert all(path.stat().st_size > 5_000 for path in taken)


# -- a strategy we did not write ---------------------------------------------------------------

def write_cycle_shop(root: Path) -> None:
    """A cycle shop over 2025-2027: big and tiny numbers, a target above every value, a KPI
    that falls below zero, long units and titles, a lone measurement."""
    months = [f"{2025 + (6 + i) // 12}-{(6 + i) % 12 + 1:02d}-28" for i in range(17)]
    kpis: dict[str, dict[str, Any]] = {
        "revenue": ("Revenue from bicycles and repairs", "EUR",
                    [310_000 + 5_600 * i for i in range(16)] + [400_000]),
        "share": ("Share of e-bikes among the bicycles sold", "% of bicycles sold",
                  [round(11.2 + 0.73 * i, 1) for i in range(17)]),
        "wear": ("Chain wear measured at the service check", "mm",
                 [0.004 - 0.0002 * i for i in range(17)]),
        "promoters": ("Net promoter score", "points", [-12 + i for i in range(17)]),
        "lone": ("Kinderfahrrad-Leasing contracts", "contracts", [3]),
    }
    files: dict[str, Any] = {}
    for kpi_id, (title, unit, values) in kpis.items():
        files[f"strategy/kpis/{kpi_id}.yaml"] = {
            "title": title, "unit": unit, "direction": "decrease" if kpi_id == "wear"
            else "increase", "frequency": "monthly", "owner": "p0",
            "measurements": [{"date": d, "value": v}
                             for d, v in zip(months[-len(values):], values, strict=True)]}
    files["strategy/people.yaml"] = {
        "teams": [{"id": "workshop", "name": "Workshop"}],
        "people": [{"id": f"p{i}", "name": name, "team": "workshop", "role": "Mechanic"}
                   for i, name in enumerate(["Wiebke Oldenburg-Tjarks", "Jun"])]}
    files["strategy/strategy.yaml"] = {
        "company": "Spoke & Chain", "period": {"start": "2025-07-01", "end": "2027-06-30"},
        "domain": "Bicycles sold and mended.", "currency": "EUR",
        "positioning": {"who_we_are": "A cycle shop", "who_we_serve": "Commuters",
                        "pains": ["flat tyres"], "differentiation": "Same-day repair",
                        "value_proposition": "Ride again tomorrow."},
        "not_do": [{"item": "Cars", "reason": "Not our craft"}]}
    goals = {"revenue": (300_000, 420_000, "2026-12-31"), "share": (10, 30, "2027-06-30"),
             "wear": (0.005, 0.001, "2026-12-31"), "promoters": (-15, 10, "2027-03-31"),
             "lone": (0, 40, "2027-06-30")}
    for kpi_id, (baseline, target, deadline) in goals.items():
        files[f"strategy/goals/g-{kpi_id}.yaml"] = {
            "title": f"{kpis[kpi_id][0]} to {target}", "category": "revenue", "kpi": kpi_id,
            "baseline": baseline, "target": target, "deadline": deadline, "owner": "p1",
            "milestones": [{"date": "2026-06-30",
                            "target": baseline + (target - baseline) / 2}]}
    files["strategy/paths/repairs-first.yaml"] = {
        "title": "The workshop first", "status": "selected", "goals": ["g-revenue"]}
    spans = [("2025-07-01", "2025-09-30", "won"), ("2025-09-01", "2026-03-31", "won"),
             ("2026-02-01", "2026-12-31", "active"), ("2026-10-01", "2027-06-30", "active"),
             ("2027-01-01", "2027-04-30", "planned"), ("2026-11-10", "2026-11-20", "active")]
    for i, (start, end, status) in enumerate(spans):
        kpi_id = list(kpis)[i % len(kpis)]
        files[f"strategy/battles/b{i}.yaml"] = {
            "title": ("Bring the Kinderfahrrad-Leasing-Programm to every primary school of the "
                      f"district, one class at a time ({i})" if i % 2 else f"Battle {i}"),
            "objective": "Sell more", "kpi": kpi_id, "target": goals[kpi_id][1],
            "start": start, "end": end, "goals": [f"g-{kpi_id}"], "path": "repairs-first",
            "significance": "It pays the rent", "owner": "p0", "status": status}
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Spoke & Chain\n\nOur strategy.\n", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        re.sub(r"as_of: .*", "as_of: 2026-11-16\n      max_battles: 8", config), encoding="utf-8")
    shutil.rmtree(root / "site", ignore_errors=True)
