"""Every rule code: a failing case with its exact code and place, and the passing case."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import check, edit, findings, where, write

BATTLE = "strategy/battles/launch.yaml"
GOAL = "strategy/goals/grow.yaml"
KPI = "strategy/kpis/sales.yaml"
TACTIC = "strategy/tactics/tasting.yaml"
PATH = "strategy/paths/hero.yaml"


def codes(root: Path, **settings: object) -> list[str]:
    return [f.code for f in findings(root, **settings)]


def test_minimal_strategy_is_clean(repo: Path) -> None:
    result = check(repo)
    assert result.findings == ()
    assert result.files == 7


def test_sst001_unknown_folder_suggests_the_right_one(repo: Path) -> None:
    write(repo, "strategy/golas/more.yaml", "title: x\n")
    found = findings(repo)
    assert where(found) == [("SST001", "strategy/golas/more.yaml", None, None)]
    assert "did you mean goals/?" in found[0].message


def test_sst001_unknown_file_type(repo: Path) -> None:
    write(repo, "strategy/goals/notes.txt", "hello\n")
    assert where(findings(repo)) == [("SST001", "strategy/goals/notes.txt", None, None)]


def test_sst001_yaml_syntax_error(repo: Path) -> None:
    edit(repo, GOAL, "kpi: sales", "kpi: [sales")
    found = [f for f in findings(repo) if f.code == "SST001"]
    assert where(found) == [("SST001", GOAL, 3, 6)]  # the bracket left open
    assert found[0].message == "the [ opened here is never closed: add ] after the last item"


def test_sst001_missing_strategy_file(repo: Path) -> None:
    (repo / "strategy/people.yaml").unlink()
    found = findings(repo)
    assert ("SST001", "strategy/people.yaml", None, None) in where(found)


def test_sst002_enum_with_suggestion(repo: Path) -> None:
    edit(repo, GOAL, "category: revenue", "category: revnue")
    found = findings(repo)
    assert where(found) == [("SST002", GOAL, 2, 11)]
    assert "did you mean `revenue`?" in found[0].message


def test_sst002_deep_in_a_list(repo: Path) -> None:
    edit(repo, KPI, "value: 140", "value: 14k")
    found = findings(repo)
    assert where(found) == [("SST002", KPI, 10, 12)]
    assert found[0].message.startswith("`measurements[1].value` must be a number")


def test_sst002_unknown_field_is_a_typo(repo: Path) -> None:
    edit(repo, GOAL, "owner: ann", "ownr: ann")
    found = findings(repo)
    assert ("SST002", GOAL, 7, 1) in where(found)
    messages = " ".join(f.message for f in found)
    assert "unknown field `ownr`: did you mean `owner`?" in messages
    assert "missing required field `owner`" in messages


def test_sst002_rejected_path_needs_a_reason(repo: Path) -> None:
    write(repo, "strategy/paths/shop.yaml", "title: Second shop\nstatus: rejected\n")
    found = findings(repo)
    assert where(found) == [("SST002", "strategy/paths/shop.yaml", 1, 1)]
    assert "rejection_reason" in found[0].message
    edit(repo, "strategy/paths/shop.yaml", "status: rejected\n",
         "status: rejected\nrejection_reason: Too slow\n")
    assert findings(repo) == []


def test_sst003_duplicate_id_across_kinds(repo: Path) -> None:
    write(repo, "strategy/risks/ann.yaml",
          "title: Ann leaves\nlikelihood: 2\nimpact: 3\nowner: bakehouse\nmitigation: Train\n")
    found = [f for f in findings(repo) if f.code == "SST003"]
    assert where(found) == [("SST003", "strategy/risks/ann.yaml", None, None)]
    assert "strategy/people.yaml:5:9" in found[0].message


def test_sst003_ids_differing_only_by_case(repo: Path) -> None:
    write(repo, "strategy/goals/sub/Grow.yaml", (repo / GOAL).read_text())
    found = findings(repo)
    assert ("SST003", "strategy/goals/sub/Grow.yaml", None, None) in where(found)
    assert ("SST004", "strategy/goals/sub/Grow.yaml", None, None) in where(found)


def test_sst004_invalid_file_name(repo: Path) -> None:
    (repo / GOAL).rename(repo / "strategy/goals/Grow_Sales.yaml")
    found = [f for f in findings(repo) if f.code == "SST004"]
    assert where(found) == [("SST004", "strategy/goals/Grow_Sales.yaml", None, None)]
    assert "rename the file to grow-sales.yaml" in found[0].message


def test_sst005_unknown_reference_suggests_closest(repo: Path) -> None:
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    found = findings(repo)
    assert where(found) == [("SST005", BATTLE, 3, 6)]
    assert "did you mean `sales`?" in found[0].message


def test_sst005_unknown_owner_in_an_action(repo: Path) -> None:
    edit(repo, TACTIC, "    owner: ann", "    owner: anne")
    assert where(findings(repo)) == [("SST005", TACTIC, 10, 12)]


def test_sst009_undeclared_audience(repo: Path) -> None:
    """Spec §8: an undeclared audience is SST009, no longer SST005 (an unknown reference)."""
    edit(repo, TACTIC, "title: Tastings\n", "title: Tastings\nvisibility: leadrship\n")
    found = findings(repo)
    assert where(found) == [("SST009", TACTIC, 2, 13)]
    assert found[0].severity == "error"
    assert "did you mean `leadership`?" in found[0].message


def test_sst009_and_sst005_are_configured_apart(repo: Path) -> None:
    edit(repo, TACTIC, "title: Tastings\n", "title: Tastings\nvisibility: leadrship\n")
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    assert codes(repo, rules={"SST005": "off"}) == ["SST009"]
    assert codes(repo, rules={"SST009": "off"}) == ["SST005"]


def test_sst006_reference_to_wrong_kind(repo: Path) -> None:
    edit(repo, BATTLE, "kpi: sales", "kpi: grow")
    found = findings(repo)
    assert where(found) == [("SST006", BATTLE, 3, 6)]
    assert "must name a KPI, but `grow` is a goal" in found[0].message


def test_sst007_unknown_wikilink_in_a_body(repo: Path) -> None:
    text = (repo / GOAL).read_text()
    (repo / GOAL).unlink()
    body = "Served by [[launch]].\n\nSee [[lanch]].\n"
    write(repo, "strategy/goals/grow.md", f"---\n{text}---\n{body}")
    found = findings(repo)
    assert where(found) == [("SST007", "strategy/goals/grow.md", 13, 5)]
    assert "did you mean `launch`?" in found[0].message


def test_sst007_unknown_wikilink_in_a_site_page(repo: Path) -> None:
    write(repo, "docs/index.md", "# Home\n\n`[[not-code]]`\n\nOur goal: [[grwo|growth]]\n")
    assert where(findings(repo)) == [("SST007", "docs/index.md", 5, 11)]


def test_sst008_repeated_key(repo: Path) -> None:
    edit(repo, GOAL, "target: 200\n", "target: 200\ntarget: 300\n")
    found = findings(repo)
    assert where(found) == [("SST008", GOAL, 6, 1)]
    assert "first at line 5" in found[0].message


def test_sst010_second_breakthrough(repo: Path) -> None:
    write(repo, "strategy/goals/more.yaml", (repo / GOAL).read_text())
    edit(repo, BATTLE, "goals: [grow]", "goals: [grow, more]")
    assert where(findings(repo)) == [("SST010", "strategy/goals/more.yaml", 8, 15)]


def test_sst011_too_many_selected_paths(repo: Path) -> None:
    for name in ("b", "c"):
        write(repo, f"strategy/paths/{name}.yaml", "title: X\nstatus: selected\n")
    assert where(findings(repo)) == [("SST011", "strategy/paths/hero.yaml", 2, 9)]
    assert codes(repo, max_selected_paths=3) == []


def test_sst012_too_many_battles(repo: Path) -> None:
    text = (repo / BATTLE).read_text()
    for name, start in (("b", "2026-03-01"), ("c", "2026-04-01"), ("d", "2026-05-01")):
        write(repo, f"strategy/battles/{name}.yaml", text.replace("2026-02-01", start))
        write(repo, f"strategy/tactics/t-{name}.yaml",
              (repo / TACTIC).read_text().replace("battle: launch", f"battle: {name}")
              .replace("2026-02-01", "2026-05-01"))
    assert where(findings(repo)) == [("SST012", "strategy/battles/d.yaml", 5, 8)]
    edit(repo, "strategy/battles/d.yaml", "status: active", "status: abandoned")
    assert codes(repo) == []


def test_sst013_battle_ends_before_it_starts(repo: Path) -> None:
    edit(repo, BATTLE, "end: 2026-07-31", "end: 2026-01-15")
    found = [f for f in findings(repo) if f.code == "SST013"]
    assert where(found) == [("SST013", BATTLE, 6, 6)]


def test_sst013_period_ends_before_it_starts(repo: Path) -> None:
    edit(repo, "strategy/strategy.yaml", "end: 2026-12-31", "end: 2025-12-31")
    found = [f for f in findings(repo) if f.code == "SST013"]
    assert where(found) == [("SST013", "strategy/strategy.yaml", 4, 8)]


def test_sst014_battle_on_unselected_path(repo: Path) -> None:
    edit(repo, PATH, "status: selected", "status: candidate")
    assert where(findings(repo)) == [("SST014", BATTLE, 8, 7)]


def test_sst015_goal_cascade_cycle(repo: Path) -> None:
    write(repo, "strategy/goals/child.yaml",
          (repo / GOAL).read_text().replace("breakthrough: true", "parent: grow"))
    edit(repo, GOAL, "breakthrough: true", "breakthrough: true\nparent: child")
    found = [f for f in findings(repo) if f.code == "SST015"]
    assert where(found) == [("SST015", "strategy/goals/child.yaml", 8, 9)]
    assert "child → grow → child" in found[0].message


def test_sst016_milestone_after_deadline(repo: Path) -> None:
    edit(repo, GOAL, "breakthrough: true", "breakthrough: true\nmilestones:\n"
         "  - date: 2026-06-30\n    target: 150\n  - date: 2027-03-31\n    target: 190")
    assert where(findings(repo)) == [("SST016", GOAL, 12, 11)]


def test_sst020_goal_no_battle_serves(repo: Path) -> None:
    write(repo, "strategy/goals/more.yaml",
          (repo / GOAL).read_text().replace("breakthrough: true", "breakthrough: false"))
    assert where(findings(repo)) == [("SST020", "strategy/goals/more.yaml", 1, 8)]


def test_sst020_a_goal_served_through_its_child_is_served(repo: Path) -> None:
    write(repo, "strategy/goals/parent.yaml",
          (repo / GOAL).read_text().replace("breakthrough: true", "breakthrough: false"))
    edit(repo, GOAL, "breakthrough: true", "breakthrough: true\nparent: parent")
    assert codes(repo) == []


def test_sst021_battle_without_tactics(repo: Path) -> None:
    (repo / TACTIC).unlink()
    assert where(findings(repo)) == [("SST021", BATTLE, 1, 8)]


def test_sst022_kpi_without_measurements(repo: Path) -> None:
    write(repo, "strategy/kpis/waste.yaml",
          "title: Waste\nunit: '%'\ndirection: decrease\nfrequency: weekly\nowner: ann\n")
    assert where(findings(repo)) == [("SST022", "strategy/kpis/waste.yaml", 1, 8)]


def test_sst023_stale_kpi(repo: Path) -> None:
    # the latest value is 2026-05-31; a monthly KPI is stale after 62 days
    assert "SST023" not in codes(repo, as_of=date(2026, 8, 1))
    found = [f for f in findings(repo, as_of=date(2026, 8, 2)) if f.code == "SST023"]
    assert where(found) == [("SST023", KPI, 9, 11)]


def test_sst024_no_breakthrough_goal(repo: Path) -> None:
    edit(repo, GOAL, "breakthrough: true", "breakthrough: false")
    assert where(findings(repo)) == [("SST024", "strategy/strategy.yaml", None, None)]


def test_sst025_battle_outside_period(repo: Path) -> None:
    edit(repo, BATTLE, "end: 2026-07-31", "end: 2027-02-28")
    assert where(findings(repo)) == [("SST025", BATTLE, 6, 6)]


def test_sst025_goal_deadline_outside_period(repo: Path) -> None:
    edit(repo, GOAL, "deadline: 2026-12-31", "deadline: 2027-06-30")
    assert where(findings(repo)) == [("SST025", GOAL, 6, 11)]


def test_sst026_tactic_outside_its_battle(repo: Path) -> None:
    edit(repo, TACTIC, "end: 2026-06-30", "end: 2026-09-30")
    assert where(findings(repo)) == [("SST026", TACTIC, 7, 6)]


def test_sst027_active_battle_not_reviewed(repo: Path) -> None:
    # biweekly: the review of 2026-06-10 holds until 2026-06-24
    assert "SST027" not in codes(repo, as_of=date(2026, 6, 24))
    found = [f for f in findings(repo, as_of=date(2026, 6, 25)) if f.code == "SST027"]
    assert where(found) == [("SST027", BATTLE, 12, 1)]


def test_sst027_doing_tactic_held_to_its_own_cadence(repo: Path) -> None:
    # todo, or doing without a cadence: no review is owed (the battle's meeting covers it)
    edit(repo, BATTLE, "status: active", "status: won")
    assert "SST027" not in codes(repo)
    edit(repo, TACTIC, "end: 2026-06-30", "end: 2026-06-30\nstatus: doing")
    assert "SST027" not in codes(repo)
    # weekly from its start (2026-02-01): owed since 2026-02-08, on the cadence's line
    edit(repo, TACTIC, "status: doing", "status: doing\nreview_cadence: weekly")
    found = [f for f in findings(repo) if f.code == "SST027"]
    assert where(found) == [("SST027", TACTIC, 9, 17)]
    assert found[0].message.startswith("the doing tactic `tasting` is reviewed weekly but has "
                                       "no review since the start (134 days before 2026-06-15)")
    # a review a week back holds it; eight days back does not, and lands on `reviews`
    edit(repo, TACTIC, "actions:", "reviews:\n  - date: 2026-06-08\n    summary: Keep it\n"
         "actions:")
    assert "SST027" not in codes(repo)
    assert where([f for f in findings(repo, as_of=date(2026, 6, 16)) if f.code == "SST027"]) \
        == [("SST027", TACTIC, 10, 1)]


def test_sst027_tactic_without_a_start_runs_from_its_battle_s(repo: Path) -> None:
    edit(repo, TACTIC, "start: 2026-02-01\nend: 2026-06-30",
         "status: doing\nreview_cadence: monthly")
    edit(repo, BATTLE, "status: active", "status: planned\nstart: 2026-06-01")
    edit(repo, BATTLE, "start: 2026-02-01\n", "")
    # the battle started on 2026-06-01: a month has not passed by 2026-07-01
    assert "SST027" not in codes(repo, as_of=date(2026, 7, 2))
    found = [f for f in findings(repo, as_of=date(2026, 7, 3)) if f.code == "SST027"]
    assert where(found) == [("SST027", TACTIC, 7, 17)]


def test_sst028_visible_battle_on_a_restricted_path(repo: Path) -> None:
    edit(repo, PATH, "title: Hero loaf", "title: Hero loaf\nvisibility: leadership")
    found = findings(repo)
    assert where(found) == [("SST028", BATTLE, 8, 7)]
    assert "restricted" in found[0].message


def test_sst029_measurement_in_the_future(repo: Path) -> None:
    found = [f for f in findings(repo, as_of=date(2026, 5, 30)) if f.code == "SST029"]
    assert where(found) == [("SST029", KPI, 9, 11)]
    assert "2026-05-31 is in the future" in found[0].message


STRATEGY = "strategy/strategy.yaml"
SCENARIO = """audiences: [leadership]
scenarios:
  - name: Sales slump
    assumption: Sales keep growing
    trigger:
      kpi: sales
      {side}: {threshold}
    response: Cut the second oven shift
"""


def test_sst032_scenario_fired(repo: Path) -> None:
    # sales was 140 on 2026-05-31, its latest value as of 2026-06-15
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side="above",
                                                                     threshold=130))
    found = findings(repo)
    assert where(found) == [("SST032", STRATEGY, 17, 5)]
    assert found[0].message == (
        "the scenario \"Sales slump\" has fired: `sales` was 140 EUR on 2026-05-31, above its "
        "trigger of 130 EUR: carry out its response, then rewrite the scenario (or remove it)")
    # as of a date before that measurement, the latest value (100) had not crossed it
    assert "SST032" not in codes(repo, as_of=date(2026, 5, 30))


@pytest.mark.parametrize(("side", "threshold"), [("above", 140), ("below", 140),
                                                 ("above", 150), ("below", 90)])
def test_sst032_scenario_holding(repo: Path, side: str, threshold: int) -> None:
    # the threshold itself holds: only a value strictly past it fires
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side=side,
                                                                     threshold=threshold))
    assert findings(repo) == []


def test_sst032_below_fires_and_no_data_does_not(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side="below",
                                                                     threshold=150))
    assert where(findings(repo)) == [("SST032", STRATEGY, 17, 5)]
    # no measurement on or before the date: no data, nothing fired
    assert "SST032" not in codes(repo, as_of=date(2026, 1, 30))


def test_a_scenario_trigger_names_an_unknown_kpi(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side="above",
                                                                     threshold=130))
    edit(repo, STRATEGY, "kpi: sales", "kpi: sale")
    found = findings(repo)
    assert where(found) == [("SST005", STRATEGY, 20, 12)]
    assert found[0].message == ("`scenarios[0].trigger.kpi` names `sale`, which does not exist: "
                                "did you mean `sales`?")
    edit(repo, STRATEGY, "kpi: sale", "kpi: grow")
    assert where(findings(repo)) == [("SST006", STRATEGY, 20, 12)]


def test_a_scenario_trigger_needs_exactly_one_threshold(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side="above",
                                                                     threshold=130))
    edit(repo, STRATEGY, "above: 130", "above: 130\n      below: 90")
    found = findings(repo)
    assert where(found) == [("SST002", STRATEGY, 20, 7)]
    assert found[0].message == ("`scenarios[0].trigger` must have exactly one of `above` or "
                                "`below`: `above` and `below` are written: keep one")
    edit(repo, STRATEGY, "      above: 130\n      below: 90\n", "")
    assert findings(repo)[0].message == (
        "`scenarios[0].trigger` must have exactly one of `above` or `below`: add "
        "`above: NUMBER` or `below: NUMBER`")


def test_sst028_a_scenario_watches_a_restricted_kpi(repo: Path) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n", SCENARIO.format(side="above",
                                                                     threshold=150))
    edit(repo, KPI, "title: Sales", "title: Sales\nvisibility: leadership")
    edit(repo, GOAL, "title: Grow sales", "title: Grow sales\nvisibility: leadership")
    for rel in (PATH, BATTLE, TACTIC):
        edit(repo, rel, "title: ", "visibility: leadership\ntitle: ")
    assert where(findings(repo)) == [("SST028", STRATEGY, 20, 12)]


@pytest.mark.parametrize("severity", ["off", "error"])
def test_severities_are_configurable(repo: Path, severity: str) -> None:
    edit(repo, GOAL, "breakthrough: true", "breakthrough: false")
    found = findings(repo, rules={"SST024": severity})
    assert [f.severity for f in found] == ([] if severity == "off" else ["error"])


def test_a_broken_battle_does_not_make_its_goal_look_unserved(repo: Path) -> None:
    edit(repo, BATTLE, "kpi: sales", "kpi: [sales")
    assert codes(repo) == ["SST001"]  # not SST020 for `grow`, nor SST021


def test_a_broken_tactic_does_not_make_its_battle_look_unfought(repo: Path) -> None:
    edit(repo, TACTIC, "category: acquisition", "category: acquisitions")
    assert codes(repo) == ["SST002"]
