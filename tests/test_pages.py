"""The content of the generated pages: golden Markdown for a small strategy.

Each test renders one page of a strategy written here (the conftest's minimal one, grown a little)
and compares sections of its Markdown with the text a reader should see. The markup other parts
own (the phone labels of table cells, the progress bar, badge spans and charts) is reduced to a
short stand-in first, so that these tests hold the words and numbers, not the HTML around them.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AS_OF, check, edit, write
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.text import day

TACTIC = "strategy/tactics/tasting.yaml"
GOLDEN = Path(__file__).parent / "data" / "pages"
# as_of is 15 Jun 2026 (a Monday): the week runs to 22 Jun
EXTRA = {
    "strategy/people.yaml": """\
        teams:
          - id: bakehouse
            name: Bakehouse
        people:
          - id: ann
            name: Ann Baker
            team: bakehouse
            role: Head baker
          - id: bob
            name: Bob Seller
            team: bakehouse
            role: Shop assistant
        """,
    TACTIC: """\
        title: Tastings
        battle: launch
        category: customer-ops
        owner: bakehouse
        win_criteria: One in five tasters buys
        status: doing
        start: 2026-02-01
        end: 2026-06-30
        actions:
          - action: Set up the board
            owner: ann
            due: 2026-02-07
            measure: Board out by 8:00
            done: true
          - action: Count tasters
            owner: bob
            due: 2026-06-10
          - action: Print the menu
            owner: ann
            due: 2026-06-18
            measure: Menu on the counter
          - action: Order the banner
            owner: ann
            due: 2026-07-20
        """,
    "strategy/tactics/radio.yaml": """\
        title: Radio spots
        battle: launch
        category: acquisition
        owner: bob
        win_criteria: Callers mention the spot
        status: dropped
        actions:
          - action: Book the studio
            owner: bob
            due: 2026-03-01
        """,
    "strategy/paths/second-shop.yaml": """\
        title: A second shop
        status: rejected
        approach: regional
        goals: [grow]
        resources: {people: 4, budget: 90000, months: 9}
        expected_return: 30,000 EUR a month after 18 months
        rejection_reason: Too slow for this year
        """,
    "strategy/risks/oven.yaml": """\
        title: The oven breaks down
        likelihood: 2
        impact: 4
        owner: ann
        mitigation: A service contract
        threatens: [launch]
        """,
}


@pytest.fixture
def small(repo: Path) -> Path:
    """MINIMAL with two people, a live and a dropped tactic, a rejected path, a risk, EUR."""
    for rel, text in EXTRA.items():
        write(repo, rel, text)
    edit(repo, "strategy/strategy.yaml", "audiences:", "currency: EUR\naudiences:")
    edit(repo, "strategy/paths/hero.yaml", "goals: [grow]",
         "approach: hero-product\ngoals: [grow]\nresources: {people: 2, budget: 5000, months: 3}")
    return repo


def renderer(root: Path) -> Renderer:
    result = check(root)
    assert [f for f in result.findings if f.severity == "error"] == []
    return Renderer(SiteView(result.model, Settings(as_of=AS_OF)))


def plain(markdown: str) -> str:
    """The words of a page: markup owned elsewhere reduced to short stand-ins."""
    text = re.sub(r'<span class="sst-label">[^<]*</span> ', "", markdown)
    text = re.sub(r'<span class="sst-(?:table|bulk)[^"]*"></span>', "", text)
    text = re.sub(r'<span class="sst-progress" [^>]*>.*?</span></span>\s*', "", text)
    text = re.sub(r'<span class="sst-progress-figure">(.*?)</span>', r"\1", text)
    text = re.sub(r'<span class="sst-status sst-status--[a-z-]+">([^<]*)</span>', r"[\1]", text)
    text = re.sub(r"<figure.*?</figure>", "[chart]", text, flags=re.S)
    return re.sub(r"\n{3,}", "\n\n", text)


def page(root: Path, method: str, entity_id: str | None = None) -> str:
    built = renderer(root)
    build = getattr(built, method)
    rendered = build(built.view.model.entities[entity_id]) if entity_id else build()
    return plain(rendered.markdown)


def golden(name: str) -> str:
    """The expected Markdown of one section, kept in tests/data/pages/NAME.md."""
    return (GOLDEN / f"{name}.md").read_text(encoding="utf-8").strip()


def section(text: str, heading: str) -> str:
    """From HEADING to the next heading of the same or a higher level (or the rule above the
    source line), trimmed."""
    level = heading.split(" ")[0]
    start = text.index(f"{heading}\n")
    rest = text[start:]
    boundary = re.compile(rf"^(#{{1,{len(level)}}} |---$)", flags=re.M)
    ends = [m.start() for m in boundary.finditer(rest)]
    ends = [end for end in ends if end > 0]
    return rest[:ends[0] if ends else len(rest)].strip()


# --- person pages: their week first, then what is done, then all they own -------------------

def test_a_person_page_opens_with_their_week(small: Path) -> None:
    text = page(small, "owner", "ann")
    assert text.split("\n## ")[0].endswith(
        "# Ann Baker\n\nHead baker · member of [Bakehouse](bakehouse.md)\n\n"
        "**As of 15 Jun 2026:** 1 due this week, 0 overdue, 1 open for later, 1 done.\n")
    assert section(text, "## This week") == golden("person-this-week")
    assert section(text, "## Later") == golden("person-later")
    assert section(text, "## Done") == golden("person-done")
    # the sections come in the order a week is lived: due, overdue, later, done, then ownership
    order = [text.index(h) for h in ("## This week", "## Later", "## Done", "## What Ann")]
    assert order == sorted(order)


def test_a_person_page_lists_everything_they_own_with_numbers_and_units(small: Path) -> None:
    text = page(small, "owner", "ann")
    owns = section(text, "## What Ann Baker owns")
    assert section(owns, "### Goals") == golden("person-goals")
    assert section(owns, "### KPIs") == golden("person-kpis")
    assert "| [Launch](../battles/launch.md) | 1 Feb 2026 – 31 Jul 2026 | 140 EUR on 31 May 2026" \
           " | 80 % of the way | declared [active] · measured [on track] |" in owns
    assert "| [The oven breaks down](../risks/oven.md) | 2 × 4 = 8 | " \
           "[Launch](../battles/launch.md) |" in owns
    assert "[Bakehouse](bakehouse.md), the team, owns 1 more" in text


def test_an_overdue_action_and_a_dropped_tactic_s_unticked_one(small: Path) -> None:
    text = page(small, "owner", "bob")
    assert section(text, "## Overdue") == golden("bob-overdue")
    # neither open (its tactic is dropped) nor done: said in words, never left to look open
    assert "| 1 Mar 2026 | <s>Book the studio</s> | [Radio spots](../tactics/radio.md) | " \
           "not ticked, tactic dropped |" in section(text, "## Done")
    assert "| [Radio spots](../tactics/radio.md) | [Launch](../battles/launch.md) | " \
           "0 of 1 done | [dropped] |" in text


def test_a_person_with_nothing_gets_one_line_not_empty_sections(small: Path) -> None:
    edit(small, "strategy/people.yaml", "role: Shop assistant",
         "role: Shop assistant\n  - id: cid\n    name: Cid New")
    text = page(small, "owner", "cid")
    assert "##" not in text
    assert "**As of 15 Jun 2026:** 0 due this week, 0 overdue, 0 open for later, 0 done." in text
    assert "Owns nothing and has no action in any plan yet." in text


# --- team pages roll up their members ---------------------------------------------------------

def test_a_team_page_rolls_up_what_its_members_owe_and_own(small: Path) -> None:
    text = page(small, "owner", "bakehouse")
    assert "Team of [Ann Baker](ann.md), [Bob Seller](bob.md). This page rolls up" in text
    assert "**As of 15 Jun 2026:** 1 due this week, 1 overdue, 1 open for later, 2 done." in text
    assert section(text, "## Overdue") == golden("team-overdue")
    assert section(text, "## Members") == golden("team-members")
    owns = section(text, "## What the team and its members own")
    assert section(owns, "### Tactics") == golden("team-tactics")


def test_the_people_overview_counts_each_person_s_week(small: Path) -> None:
    text = page(small, "people")
    assert "| [Ann Baker](ann.md) | Head baker | 4 | 1 | 0 | 1 | 1 |" in text
    assert "| [Bob Seller](bob.md) | Shop assistant | 1 | 0 | [overdue] 1 | 0 | 1 |" in text


# --- tactic pages: done and open, no boilerplate -------------------------------------------------

def test_an_action_plan_shows_done_and_open_in_words(small: Path) -> None:
    text = page(small, "tactic", "tasting")
    assert text.startswith("# Tastings\n\n[doing] Customer operations · fights [Launch]")
    assert section(text, "## Action plan") == golden("tactic-action-plan")


def test_a_tactic_without_reviews_or_referrers_has_no_empty_section(small: Path) -> None:
    text = page(small, "tactic", "tasting")
    for boilerplate in ("## Reviews", "No review logged yet", "Referenced by",
                        "Nothing refers to this yet", "customer-ops", "`"):
        assert boilerplate not in text.split("<small>Written in")[0], boilerplate


# --- paths: one row per path, budgets in the currency, every path in the contents -----------------

def test_the_paths_page_compares_one_row_per_path(small: Path) -> None:
    text = page(small, "paths")
    assert section(text, "# Paths").split("\n\n", 2)[2].split("\n\n## ")[0] == golden("paths-table")
    assert section(text, "## Rejected") == golden("paths-rejected")


def test_no_heading_of_the_paths_page_is_swallowed_by_its_table(small: Path) -> None:
    lines = page(small, "paths").split("\n")
    for index, line in enumerate(lines):
        if line.startswith("#"):  # Markdown reads a heading only after a blank line or at the top
            assert index == 0 or lines[index - 1] == "", (index, line)
            assert "|" not in line
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == ["### [Hero loaf](hero.md)", "### [A second shop](second-shop.md)"]


def test_a_budget_without_a_currency_is_a_bare_number(small: Path) -> None:
    edit(small, "strategy/strategy.yaml", "currency: EUR\n", "")
    text = page(small, "paths")
    assert "| 2 | 5,000 | 3 |" in text and "EUR" not in text.replace("30,000 EUR a month", "")


# --- goal pages: units, current value, relations in words --------------------------------------

def test_a_goal_page_gives_units_and_the_current_value(small: Path) -> None:
    text = page(small, "goal", "grow")
    assert "| [Sales](../kpis/sales.md) | 1 Jan 2026 | 100 EUR | 200 EUR | " \
           "140 EUR on 31 May 2026 | 40 % of the way | 45 % |" in text
    assert text.startswith("# Grow sales\n\n[on track] **Breakthrough goal** · Revenue · owner")
    assert section(text, "## Paths that serve it") == golden("goal-paths")
    # battles, paths and cascaded goals have sections of their own: no second list of the same
    assert "Also linked here" not in text and "Referenced by" not in text


def test_what_no_section_shows_is_listed_in_words(small: Path) -> None:
    text = page(small, "battle", "launch")
    assert section(text, "## Also linked here") == golden("battle-also-linked")
    kpi = page(small, "kpi", "sales")
    assert section(kpi, "## Used by") == golden("kpi-used-by")


def test_a_battle_that_ended_is_shown_with_its_value_at_the_end(small: Path) -> None:
    edit(small, "strategy/battles/launch.yaml", "end: 2026-07-31", "end: 2026-04-30")
    edit(small, TACTIC, "end: 2026-06-30", "end: 2026-04-30")
    text = page(small, "battle", "launch")
    assert text.startswith("# Launch\n\ndeclared [active] · measured [missed] · 1 Feb 2026")
    assert "| 100 EUR | 150 EUR | 100 EUR on 31 Jan 2026, at its end | 0 % of the way | " \
           "100 % |" in text
    assert "read at the battle's end" in text


def test_the_breakthrough_goal_shows_its_current_value_on_the_home_page(small: Path) -> None:
    text = page(small, "home")
    assert section(text, "## Breakthrough goal") == golden("home-breakthrough")


def test_no_page_prints_minus_zero_percent(small: Path) -> None:
    # a battle 0.2 % of the way below its baseline
    edit(small, "strategy/battles/launch.yaml", "target: 150", "target: 600\nbaseline: 141")
    pages = renderer(small).render_all()
    assert pages and not [p.uri for p in pages if "-0 %" in p.markdown]
    assert "0 % of the way" in plain(next(p.markdown for p in pages if p.uri.endswith("launch.md")))


def test_restricted_work_never_reaches_a_person_page(small: Path) -> None:
    edit(small, "strategy/tactics/radio.yaml", "status: dropped", "status: doing\n"
         "visibility: leadership")
    text = page(small, "owner", "bob")
    assert "Radio" not in text and "Book the studio" not in text


# --- in a browser: the example's person page and paths page, desktop and phone ------------------

@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitebuild import example_built_once

    return example_built_once(tmp_path_factory)


@pytest.mark.slow
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_person_page_and_the_paths_page_read_well(example_site: Path, viewport: str) -> None:
    from browsing import DESKTOP, PHONE, chromium, screenshot, served, set_palette

    size = DESKTOP if viewport == "desktop" else PHONE
    with served(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=size)
        for palette in ("default", "slate"):
            page.goto(base + "strategy/people/sophie-bernard/")
            set_palette(page, palette)
            content = page.locator("article")
            headings = content.locator("h2").all_inner_texts()
            assert [h.strip("¶ ") for h in headings[:3]] == ["This week", "Overdue", "Done"]
            done = content.locator("tr", has_text="Give the first week free")
            assert "✓\xa0done" in done.inner_text()  # a word, not a colour alone
            assert done.locator("s").count() == 1
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"the person page is {width} px wide"
            screenshot(page, f"pages-person-{viewport}-{palette}")

            page.goto(base + "strategy/paths/")
            set_palette(page, palette)
            content = page.locator("article")
            # every path has its heading, none is swallowed by the comparison table
            assert content.locator("h3").count() == 3
            assert content.locator("table h2, table h3, td:has-text('##')").count() == 0
            assert content.locator("td", has_text=re.compile(r"\b180,000\sEUR\b")).count() == 1
            if viewport == "desktop":
                toc = page.locator("nav.md-nav--secondary").first.inner_text()
                for title in ("Office catering as a second channel",
                              "Organic sourdough as our hero product",
                              "A second shop in the Presqu"):  # ' becomes ’ in the TOC
                    assert title in toc
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"the paths page is {width} px wide"
            screenshot(page, f"pages-paths-{viewport}-{palette}")


# --- generated strategies: what holds for every page, whatever was written ----------------------

STATUSES = ("todo", "doing", "done", "dropped")


@st.composite
def action_plans(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Actions of three tactics: owners, due dates around as_of, done or not."""
    return draw(st.lists(st.fixed_dictionaries({
        "action": st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,6}){0,3}", fullmatch=True),
        "owner": st.sampled_from(["ann", "bob", "bakehouse"]),
        "due": st.dates(date(2026, 1, 1), date(2026, 12, 31)).map(str),
        "done": st.booleans(),
    }), max_size=6, unique_by=lambda a: a["action"]))


@pytest.mark.slow  # renders every page of 30 generated strategies: about 30 s
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plans=st.lists(action_plans(), min_size=3, max_size=3),
       statuses=st.lists(st.sampled_from(STATUSES), min_size=3, max_size=3),
       value=st.floats(-1000, 1000, allow_nan=False).map(lambda v: round(v, 3)))
def test_every_action_is_on_its_owner_s_page_once_in_the_right_section(
        small: Path, plans: list[list[dict[str, Any]]], statuses: list[str], value: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(small / "strategy", root / "strategy")
        for index, (plan, status) in enumerate(zip(plans, statuses, strict=True)):
            for action in plan:  # names unique across the plans
                action["action"] = f"P{index} {action['action']}"
            (root / "strategy/tactics" / f"gen-{index}.yaml").write_text(yaml.safe_dump({
                "title": f"Generated {index}", "battle": "launch", "category": "product",
                "owner": "bob", "win_criteria": "It works", "status": status, "actions": plan,
            }), encoding="utf-8")
        # a reading anywhere around the baseline, the one just below it included
        edit(root, "strategy/kpis/sales.yaml", "value: 140", f"value: {value}")
        built = renderer(root)
        pages = {p.uri: plain(p.markdown) for p in built.render_all()}
    for uri, text in pages.items():
        assert "-0 %" not in text, uri
        assert "Referenced by" not in text and "`goals`" not in text, uri
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith("#"):
                assert index == 0 or lines[index - 1] == "", (uri, line)
    week_end = date(2026, 6, 22)
    for plan, status in zip(plans, statuses, strict=True):
        for action in plan:
            owner = pages[f"strategy/people/{action['owner']}.md"]
            due = date.fromisoformat(action["due"])
            live = status in ("todo", "doing")
            expected = ("## Done" if action["done"] or not live else
                        "## Overdue" if due < AS_OF else
                        "## This week" if due <= week_end else "## Later")
            shown = section(owner, expected)
            named = re.compile(rf"\| (<s>)?{re.escape(action['action'])}(</s>)?( <small>| \|)")
            rows = [row for row in shown.split("\n") if named.search(row)]
            assert len(rows) == 1, (expected, action, shown)
            assert rows[0].startswith(f"| {day(due)} |")
            if action["done"]:
                assert rows[0].endswith("| ✓&nbsp;done |")
            # and on the team's page, with who owes it
            team = pages["strategy/people/bakehouse.md"]
            assert [row for row in section(team, expected).split("\n")
                    if named.search(row) and row.count(" | ") == 4], action


def test_the_tactics_board_reads_its_columns_and_rows_from_the_schema() -> None:
    # one definition of a tactic's statuses and categories: the schema editors see
    from sst_plugin.core.read.schema import schema_for
    from sst_plugin.core.render import pages

    fields = schema_for("tactic")["properties"]
    assert tuple(fields["status"]["enum"]) == pages.TACTIC_STATUSES
    assert tuple(fields["category"]["enum"]) == pages.TACTIC_CATEGORIES
