"""Scenarios on the overview and interviews on the positioning page (spec §8), as Markdown.

SST032 and the trigger's reference findings are held by tests/test_rules.py; the browser's view
of both pages by tests/test_site_scenarios.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import check, edit
from test_pages import page, section

from sst_plugin.core.model.interviews import evidence, matching_pain
from sst_plugin.core.model.reference_fields import reference_fields
from sst_plugin.core.model.scenarios import read_scenarios
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.report import export

STRATEGY = "strategy/strategy.yaml"
# sales: 100 on 2026-01-31, 140 on 2026-05-31; as_of 2026-06-15
SCENARIOS = """audiences: [leadership]
scenarios:
  - name: Sales slump
    assumption: Sales keep growing
    trigger: {kpi: sales, below: 120}
    response: Cut the second oven shift
  - name: Sales boom
    assumption: One oven is enough
    trigger: {kpi: sales, above: 130}
    response: Rent a second oven
"""
INTERVIEWS = """audiences: [leadership]
interviews:
  - {date: 2025-11-02, who: Ann's neighbour, pain: Stale bread., quote: Gone by noon}
  - {date: 2025-10-01, who: A café owner, pain: stale   BREAD}
  - {date: 2025-10-15, who: A student, pain: No bakery open late}
  - {date: 2025-10-20, who: An office manager, pain: Late catering}
"""


def test_each_scenario_s_state_as_of_the_date(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIOS)
    model = check(repo).model

    def states(as_of: date) -> list[tuple[str, str, float | None]]:
        return [(r.scenario.name, r.state, r.value) for r in read_scenarios(model, as_of)]

    assert states(date(2026, 6, 15)) == [("Sales slump", "holding", 140),
                                         ("Sales boom", "fired", 140)]
    # the value of the day, never a later one
    assert states(date(2026, 3, 1)) == [("Sales slump", "fired", 100),
                                        ("Sales boom", "holding", 100)]
    assert states(date(2026, 1, 1)) == [("Sales slump", "no-data", None),
                                        ("Sales boom", "no-data", None)]


def test_the_overview_shows_state_assumption_trigger_and_response(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", "currency: EUR\n" + SCENARIOS)
    text = page(repo, "home")
    assert section(text, "## Scenarios") == (
        "## Scenarios\n\n"
        "| Scenario | If this assumption breaks | Trigger | We will |\n"
        "| --- | --- | --- | --- |\n"
        "| Sales slump [holding] | Sales keep growing | [Sales](kpis/sales.md) below "
        "120&nbsp;EUR; 140&nbsp;EUR on 31 May 2026 | Cut the second oven shift |\n"
        "| Sales boom [fired] | One oven is enough | [Sales](kpis/sales.md) above 130&nbsp;EUR; "
        "140&nbsp;EUR on 31 May 2026 | Rent a second oven |")


def test_no_scenarios_no_section(repo: Path) -> None:
    assert "## Scenarios" not in page(repo, "home")


def test_a_scenario_on_a_hidden_kpi_shows_no_state(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIOS)
    edit(repo, "strategy/kpis/sales.yaml", "title: Sales", "title: Sales\nvisibility: leadership")
    result = check(repo)
    for audience, shown in ((None, False), ("leadership", True)):
        settings = Settings(as_of=date(2026, 6, 15), audience=audience)
        markdown = Renderer(SiteView(result.model, settings)).home().markdown
        rows = section(markdown, "## Scenarios")
        assert ("sst-status--fired" in rows) is shown
        assert ("140" in rows) is shown  # the hidden KPI's value
        assert ("restricted" in rows) is not shown


def test_an_interview_names_a_pain_by_its_text_or_its_first_words() -> None:
    pains = ["Supermarket bread goes stale overnight.", "Sourdough is dear",
             "Sourdough is far away"]
    assert matching_pain(pains, "supermarket  bread goes stale OVERNIGHT") == 0
    assert matching_pain(pains, "Supermarket bread") == 0
    assert matching_pain(pains, "Sourdough is dear.") == 1
    assert matching_pain(pains, "Sourdough is") is None  # the beginning of two pains
    assert matching_pain(pains, "Supermarket bre") is None  # not a whole word
    assert matching_pain(pains, "No bakery open late") is None


def test_the_positioning_page_counts_interviews_beside_each_pain(repo: Path) -> None:
    edit(repo, STRATEGY, "pains: [stale bread]", "pains: [stale bread, late catering, dear]")
    edit(repo, STRATEGY, "audiences: [leadership]\n", INTERVIEWS)
    model = check(repo).model
    assert model.strategy is not None
    found = evidence(model.strategy)
    assert [(p.pain, len(p.interviews)) for p in found.pains] == [
        ("stale bread", 2), ("late catering", 1), ("dear", 0)]
    text = page(repo, "positioning")
    assert ("- stale bread <small class=\"sst-evidence\">backed by 2 interviews</small>\n"
            "- late catering <small class=\"sst-evidence\">backed by 1 interview</small>\n"
            "- dear <small class=\"sst-evidence\"><span class=\"sst-gap\">no interview backs it "
            "yet</span></small>\n") in text
    assert section(text, "## Customer interviews") == (
        "## Customer interviews\n\n"
        "4 conversations with customers behind the pains, oldest first.\n\n"
        "| Date | Who | Pain | In their words |\n"
        "| --- | --- | --- | --- |\n"
        "| 1 Oct 2025 | A café owner | stale BREAD |  |\n"
        "| 15 Oct 2025 | A student | No bakery open late <span class=\"sst-gap\">not in the "
        "positioning</span> |  |\n"
        "| 20 Oct 2025 | An office manager | Late catering |  |\n"
        "| 2 Nov 2025 | Ann's neighbour | Stale bread. | Gone by noon |")


def test_no_interviews_leave_the_pains_as_they_were(repo: Path) -> None:
    text = page(repo, "positioning")
    assert "- stale bread\n" in text
    assert "sst-evidence" not in text and "## Customer interviews" not in text


def test_interview_fields_are_checked_with_their_place(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n",
         "interviews:\n  - {date: 2025-11-02, pain: Stale bread}\naudiences: [leadership]\n")
    found = [(f.code, f.place and f.place.line, f.message) for f in check(repo).findings]
    assert found == [("SST002", 16, "missing required field `who` in interviews[0]: add it")]


def test_the_export_names_a_hidden_trigger_kpi_restricted(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIOS)
    edit(repo, "strategy/kpis/sales.yaml", "title: Sales", "title: Sales\nvisibility: leadership")
    model = check(repo).model
    for audience, kpi in ((None, "restricted"), ("leadership", "sales")):
        exported = json.loads(export.as_json(model, Settings(as_of=date(2026, 6, 15),
                                                              audience=audience)))
        assert [s["trigger"] for s in exported["strategy"]["scenarios"]] == [
            {"kpi": kpi, "above": None, "below": 120}, {"kpi": kpi, "above": 130, "below": None}]


def test_an_editor_completes_a_trigger_s_kpi() -> None:
    assert reference_fields()["strategy"] == {("scenarios", "*", "trigger", "kpi"): {"kpi"}}
