"""The site at scale (#19): overview pages that grow linearly, a traceability view a reader can
use at 5,000 entities, and a search index of the entities' text without charts or bulk tables.

The fast tests render in-process from generated strategies (benchmarks/generate.py); the slow
one builds a 5,000-entity strategy with `sst render` and Zensical, as a team would publish it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from sitebuild import REPO, build_zensical, copy_strategy

from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import RenderedPage, Renderer
from sst_plugin.core.render.traceability import PART_LIMIT
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.rules.check import check_tree
from sst_plugin.search_exclude import exclude_from_search

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import AS_OF, generate


def renderer(root: Path, as_of: date = AS_OF) -> Renderer:
    return Renderer(SiteView(check_tree(root, Settings(as_of=as_of)).model, Settings(as_of=as_of)))


def traceability_pages(built: Renderer) -> list[RenderedPage]:
    return [built.traceability(),
            *(built.traceability_part(part) for part in built._traceability().parts)]


def row_of(markdown: str, goal_id: str) -> str:
    """The traceability row of one goal, as the page's Markdown writes it."""
    return next(line for line in markdown.splitlines()
                if line.startswith("| ") and f"goals/{goal_id}.md)" in line.split(" | ")[0])


# --- the example: what a reader sees -----------------------------------------------------------

def test_the_example_lists_each_goal_s_battles_direct_and_through_its_cascade(
        tmp_path: Path) -> None:
    built = renderer(copy_strategy(tmp_path / "repo"), date(2026, 11, 16))
    pages = traceability_pages(built)
    assert len(pages) == 1  # seven goals: one page, no parts
    text = pages[0].markdown
    assert "● directly, ○ through a goal cascaded from it" in text
    assert "No gap: a battle serves every goal" in text
    # Lift gross margin has no battle of its own: Winter subscriptions serves it through
    # Cut unsold bread, cascaded from it, which comes right under it
    margin = row_of(text, "margin-2026")
    directly, cascade = margin.split(" | ")[1:3]
    assert "battles/" not in directly
    assert "[Winter bread subscriptions](battles/winter-subscriptions.md)" in cascade
    lines = text.splitlines()
    assert lines.index(row_of(text, "less-waste")) == lines.index(margin) + 1
    assert "↳" in row_of(text, "less-waste") and "↳" not in margin
    revenue = row_of(text, "revenue-2026")
    assert "[Winter bread subscriptions]" in revenue.split(" | ")[1]
    assert "[Win the new office buildings]" in revenue.split(" | ")[2]


def test_gaps_come_first_with_their_links(tmp_path: Path) -> None:
    root = copy_strategy(tmp_path / "repo")
    battle = root / "strategy/battles/catering-offices.md"
    battle.write_text(battle.read_text(encoding="utf-8").replace(
        "goals: [catering-line]", "goals: [revenue-2026]"), encoding="utf-8")
    for tactic in (root / "strategy/tactics").glob("*.yaml"):
        if "battle: catering-offices" in tactic.read_text(encoding="utf-8"):
            tactic.unlink()
    text = renderer(root, date(2026, 11, 16)).traceability().markdown
    gaps = text.split("| ")[0]  # everything before the list
    assert ("**Goals no battle serves:** [Build office catering to 8,000 EUR a month]"
            "(goals/catering-line.md).") in gaps
    assert "**Battles without tactics:** [Win the new office buildings]" in gaps
    assert '<span class="sst-gap">no battle</span>' in row_of(text, "catering-line")


# --- linear in the strategy ----------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Renderer]:
    """Two generated strategies, the second three times the first."""
    renderers = {}
    for size in (800, 2400):
        root = tmp_path_factory.mktemp(f"g{size}")
        generate(root, size)
        renderers[size] = renderer(root)
    return renderers


def test_the_traceability_pages_grow_linearly_in_parts(generated: dict[int, Renderer]) -> None:
    per_item = {}
    for size, built in generated.items():
        pages = traceability_pages(built)
        model = built.view.model
        listed = len(model.goals) + len(model.battles)
        per_item[size] = sum(len(p.markdown.encode()) for p in pages) / listed
        trace = built._traceability()
        assert [p.uri for p in pages[1:]] == [
            f"strategy/traceability/part-{n}.md" for n in range(1, len(trace.parts) + 1)]
        assert not any(p.in_nav for p in pages[1:])
        for page, part in zip(pages[1:], trace.parts, strict=True):
            weight = sum(row.weight for row in part.rows)
            assert weight <= PART_LIMIT
            assert len(page.markdown.encode()) < 2_000 + 400 * weight
        # every goal in exactly one place: the page itself when small, else one part
        rows = [row.goal.id for row in trace.rows]
        assert sorted(rows) == sorted(g.id for g in model.goals)
    assert len(generated[800]._traceability().parts) >= 1
    assert len(generated[2400]._traceability().parts) > len(generated[800]._traceability().parts)
    assert 0.8 < per_item[2400] / per_item[800] < 1.25


def test_a_large_traceability_page_names_its_parts(generated: dict[int, Renderer]) -> None:
    built = generated[2400]
    text = built.traceability().markdown
    parts = built._traceability().parts
    for part in parts:
        assert f"[Part {part.number}](traceability/part-{part.number}.md)" in text
    assert "| <span class=\"sst-label\">Goal</span>" not in text  # no row on the index itself
    second = built.traceability_part(parts[1]).markdown
    assert second.startswith("# Traceability, part 2 of ")
    assert "[← Part 1](part-1.md)" in second and "[Part 3 →](part-3.md)" in second


# --- search: charts and bulk tables out ----------------------------------------------------

def test_charts_and_bulk_tables_are_marked_for_search_to_skip() -> None:
    html = ('<table>\n<thead>\n<tr>\n<th><span class="sst-table"></span>'
            '<span class="sst-bulk"></span>Goal</th>\n</tr>\n</thead></table>\n'
            '<table>\n<thead>\n<tr>\n<th><span class="sst-table"></span>Date</th>\n</tr>\n'
            '</thead></table>\n<p><svg class="sst-chart" viewBox="0 0 1 1"></svg></p>\n'
            '<svg viewBox="0 0 1 1"></svg>')
    marked = exclude_from_search(html)
    assert marked.count("<table data-search-exclude>") == 1  # the bulk one alone
    assert '<svg data-search-exclude class="sst-chart"' in marked
    figure = exclude_from_search('<figure class="sst-figure" role="img"><svg class="sst-chart">'
                                 '</svg><figcaption class="sst-legend">Measured</figcaption>'
                                 '</figure>')
    assert figure.startswith('<figure data-search-exclude class="sst-figure"')
    assert '<svg viewBox="0 0 1 1"></svg>' in marked  # a user's own drawing stays as it is


# --- Zensical at 5,000 entities ------------------------------------------------------------

@pytest.mark.slow
def test_zensical_builds_a_5000_entity_strategy_a_reader_can_search(tmp_path: Path) -> None:
    root = tmp_path / "g5k"
    generate(root, 5000)
    shutil.copy(REPO / "zensical.yml", root / "zensical.yml")
    site = build_zensical(root)

    items = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    text: dict[str, str] = {}  # each page's sections together
    for item in items:
        page = item["location"].split("#")[0]
        text[page] = text.get(page, "") + f" {item['title']} {item['text']}"

    # the entity text is there: a goal's title and narrative, on its own page
    goal = text["strategy/goals/goal-37-2/"]
    assert "Grow goal-37-2" in goal and "Why goal-37-2 matters" in goal
    # no chart: their data points read "Measured: 1,234 EUR on 31 Jan 2026", their legends
    # "Expected (baseline, milestones, target)"
    assert not [where for where, words in text.items()
                if "Measured:" in words or "Expected (baseline" in words]
    # no bulk table: the overviews' lists hold no entity title
    assert "Grow goal-37-2" not in text["strategy/goals/"]
    assert "Tactic 37-2" not in text["strategy/tactics/"]

    pages = sorted((site / "strategy/traceability").glob("part-*/index.html"))
    assert len(pages) > 3
    index = (site / "strategy/traceability/index.html").read_text(encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rows = html.count("<tr>") - 1
        links = len(re.findall(r'href="[^"]*/(?:battles|goals)/[^"]*"', html))
        assert len(html) < 20_000 + 200 * (rows + links), page  # ~15 KB of theme, ~100 B an item
        assert f'traceability/{page.parent.name}/"' in index  # the page links every part
    # from a goal's row, the battles that serve it
    row = next(r for page in pages for r in page.read_text(encoding="utf-8").split("<tr>")
               if 'goals/goal-37-2/"' in r.split("</td>")[0])
    assert re.search(r'href="[^"]*battles/battle-37-2/"', row)
    assert (site / "strategy/battles/battle-37-2/index.html").is_file()
