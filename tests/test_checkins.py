"""Check-ins (spec §8, issue #17): the `checkins` field of goals and battles, its rules, and what
the pages, `sst status` and the export show of it. Confidence never changes a status."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import AS_OF, check, edit, findings, where

from sst_plugin.core.model.model import Battle, Goal, latest_checkin
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.checkins import SPARK_HEIGHT, SPARK_WIDTH, sparkline
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.report import export
from sst_plugin.core.report.status import status_text

T = TypeVar("T", Goal, Battle)
GOAL = "strategy/goals/grow.yaml"
BATTLE = "strategy/battles/launch.yaml"
# as_of is 15 Jun 2026; sales is measured on 31 Jan and 31 May
CHECKINS = """\
checkins:
  - date: 2026-06-12
    confidence: 7
    note: Two shops ask for the loaf
    by: ann
  - date: 2026-05-31
    confidence: 4
    note: Slow May | the rain
"""


@pytest.fixture
def checked_in(repo: Path) -> Path:
    """MINIMAL whose goal has two check-ins, written out of order, and a second person."""
    (repo / GOAL).write_text((repo / GOAL).read_text() + CHECKINS)
    edit(repo, "strategy/people.yaml", "    team: bakehouse\n",
         "    team: bakehouse\n  - id: bob\n    name: Bob Seller\n    team: bakehouse\n")
    return repo


def renderer(root: Path, **settings: object) -> Renderer:
    result = check(root, **settings)
    assert [f for f in result.findings if f.severity == "error"] == []
    return Renderer(SiteView(result.model, Settings(**{"as_of": AS_OF, **settings})))  # type: ignore[arg-type]


def _get(built: Renderer, entity_id: str, cls: type[T]) -> T:
    found = built.view.model.get(entity_id, cls)
    assert found is not None
    return found


def goal_page(root: Path, **settings: object) -> str:
    built = renderer(root, **settings)
    return built.goal(_get(built, "grow", Goal)).markdown


def plain(markdown: str) -> str:
    """The words: the phone's cell labels and the drawing left out."""
    text = re.sub(r'<span class="sst-label">[^<]*</span> ', "", markdown)
    text = re.sub(r'<span class="sst-table[^"]*"></span>', "", text)
    return re.sub(r"<svg class=\"sst-spark\".*?</svg>", "[trend]", text, flags=re.S)


# -- the schema and the rules ----------------------------------------------------------------

def test_a_clean_strategy_with_checkins_has_no_finding(checked_in: Path) -> None:
    assert findings(checked_in) == []


@pytest.mark.parametrize(("value", "message"), [
    ("11", "`checkins[0].confidence` must be at most 10"),
    ("0", "`checkins[0].confidence` must be at least 1"),
    ("7.5", "`checkins[0].confidence` must be a whole number"),
])
def test_confidence_is_a_whole_number_from_1_to_10(checked_in: Path, value: str,
                                                   message: str) -> None:
    edit(checked_in, GOAL, "confidence: 7", f"confidence: {value}")
    found = findings(checked_in)
    assert where(found) == [("SST002", GOAL, 11, 17)]
    assert found[0].message.startswith(message)


def test_a_checkin_needs_a_date_and_knows_its_fields(checked_in: Path) -> None:
    edit(checked_in, GOAL, "  - date: 2026-05-31\n    confidence: 4",
         "  - confidence: 4\n    mood: grim")
    found = findings(checked_in)
    assert [(f.code, f.place.line) for f in found if f.place] == [("SST002", 14), ("SST002", 15)]
    messages = " ".join(f.message for f in found)
    assert "missing required field `date`" in messages and "unknown field `mood`" in messages


def test_by_names_an_unknown_person_at_its_line(checked_in: Path) -> None:
    edit(checked_in, GOAL, "by: ann", "by: anne")
    found = findings(checked_in)
    assert where(found) == [("SST005", GOAL, 13, 9)]
    assert "`checkins[0].by` names `anne`, which does not exist: did you mean `ann`?" \
        in found[0].message


def test_by_is_a_person_never_a_team(checked_in: Path) -> None:
    edit(checked_in, GOAL, "by: ann", "by: bakehouse")
    found = findings(checked_in)
    assert where(found) == [("SST006", GOAL, 13, 9)]
    assert "must name a person, but `bakehouse` is a team" in found[0].message


def test_a_battle_takes_checkins_too(repo: Path) -> None:
    (repo / BATTLE).write_text((repo / BATTLE).read_text()
                               + "checkins:\n  - date: 2026-06-10\n    confidence: 8\n"
                               "    by: nobody\n")
    assert where(findings(repo)) == [("SST005", BATTLE, 18, 9)]


# -- the model -------------------------------------------------------------------------------

def test_checkins_are_read_in_date_order_and_the_latest_is_as_of_a_date(checked_in: Path) -> None:
    goal = check(checked_in).model.get("grow", Goal)
    assert goal is not None
    assert [(c.date, c.confidence, c.by) for c in goal.checkins] == [
        (date(2026, 5, 31), 4, None), (date(2026, 6, 12), 7, "ann")]
    assert latest_checkin(goal, AS_OF).confidence == 7  # type: ignore[union-attr]
    assert latest_checkin(goal, date(2026, 6, 1)).confidence == 4  # type: ignore[union-attr]
    assert latest_checkin(goal, date(2026, 5, 30)) is None


def test_confidence_never_changes_the_status(checked_in: Path) -> None:
    with_checkins = renderer(checked_in).view
    edit(checked_in, GOAL, "confidence: 7", "confidence: 1")
    edit(checked_in, GOAL, "confidence: 4", "confidence: 1")
    hopeless = renderer(checked_in).view
    assert with_checkins.status(with_checkins.model.entities["grow"]) == "on-track"
    assert hopeless.health["grow"] == with_checkins.health["grow"]


# -- the goal page ---------------------------------------------------------------------------

def test_the_goal_page_shows_the_history_newest_first_with_the_kpi_value_that_day(
        checked_in: Path) -> None:
    text = plain(goal_page(checked_in))
    history = text[text.index("## Check-ins"):]
    history = history[:history.index("\n\n", history.index("| ---"))]
    assert history == (
        "## Check-ins\n\n"
        '<p class="sst-checkins-trend">[trend] <span>confidence 7/10 on 12 Jun 2026, '
        "4/10 the time before</span></p>\n\n"
        "| Date | Value | Confidence | Note | By |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 12 Jun 2026 | – | 7/10 | Two shops ask for the loaf | [Ann](../people/ann.md) |\n"
        "| 31 May 2026 | 140&nbsp;EUR | 4/10 | Slow May \\| the rain | – |")
    # beside the chart: after it, before the narrative and the battles
    assert text.index("<figure") < text.index("## Check-ins") < text.index("## Battles")


def test_the_trend_is_named_and_drawn_on_the_1_to_10_scale(checked_in: Path) -> None:
    markdown = goal_page(checked_in)
    spark = re.search(r'<svg class="sst-spark".*?</svg>', markdown)
    assert spark is not None
    assert 'role="img" aria-label="Confidence from 1 to 10 over 2 check-ins: 4 on 31 May 2026, ' \
        'latest 7 on 12 Jun 2026"' in spark.group()
    dots = [float(y) for y in re.findall(r'<circle class="sst-spark__dot" cx="[\d.]+" '
                                         r'cy="([\d.]+)"', spark.group())]
    assert len(dots) == 2 and dots[0] > dots[1]  # 4 then 7: the line rises


def test_an_entity_with_no_checkin_shows_nothing_of_them(repo: Path) -> None:
    text = goal_page(repo)
    assert "Check-ins" not in text and "confidence" not in text and "sst-spark" not in text
    built = renderer(repo)
    assert "confidence" not in built.goals().markdown
    assert "confidence" not in built.battle(_get(built, "launch", Battle)).markdown


def test_a_checkin_after_as_of_is_not_shown_yet(checked_in: Path) -> None:
    text = plain(goal_page(checked_in, as_of=date(2026, 6, 1)))
    assert "confidence 4/10 on 31 May 2026</span>" in text
    assert "12 Jun 2026" not in text


def test_the_overview_shows_the_latest_confidence_beside_the_computed_status(
        checked_in: Path) -> None:
    built = renderer(checked_in)
    row = next(line for line in built.goals().markdown.splitlines() if "grow.md" in line)
    assert row.endswith('<span class="sst-status sst-status--on-track">on track</span> '
                        '<span class="sst-confidence" title="the owner\'s confidence at the '
                        'latest check-in, 12 Jun 2026">confidence 7/10</span> |')
    assert "confidence 7/10" in built.home().markdown  # the breakthrough goal's line


def test_a_battle_page_and_its_rows_show_its_checkins(repo: Path) -> None:
    (repo / BATTLE).write_text((repo / BATTLE).read_text()
                               + "checkins:\n  - date: 2026-06-10\n    confidence: 8\n")
    built = renderer(repo)
    battle = plain(built.battle(_get(built, "launch", Battle)).markdown)
    assert "| 10 Jun 2026 | – | 8/10 | – | – |" in battle
    assert "confidence 8/10" in built.goal(_get(built, "grow", Goal)).markdown


# -- audiences -------------------------------------------------------------------------------

def test_a_checkin_by_a_hidden_person_reads_restricted(checked_in: Path) -> None:
    edit(checked_in, "strategy/people.yaml", "    name: Bob Seller\n",
         "    name: Bob Seller\n    visibility: leadership\n")
    edit(checked_in, GOAL, "by: ann", "by: bob")
    everyone = plain(goal_page(checked_in))
    assert "| 12 Jun 2026 | – | 7/10 | Two shops ask for the loaf | " \
           '<span class="sst-restricted">restricted</span> |' in everyone
    assert "Bob" not in everyone
    leadership = plain(goal_page(checked_in, audience="leadership"))
    assert "[Bob Seller](../people/bob.md)" in leadership
    result = check(checked_in)
    rows = export.exported(result.model, Settings(as_of=AS_OF))["goal"]
    assert rows[0]["checkins"][1]["by"] == "restricted"
    assert "bob" not in export.as_json(result.model, Settings(as_of=AS_OF))


def test_the_kpi_value_of_a_hidden_kpi_reads_restricted(checked_in: Path) -> None:
    edit(checked_in, "strategy/kpis/sales.yaml", "owner: ann", "owner: ann\nvisibility: leadership")
    edit(checked_in, GOAL, "title: Grow sales", "title: Grow sales\nvisibility: leadership")
    edit(checked_in, BATTLE, "title: Launch", "title: Launch\nvisibility: leadership")
    edit(checked_in, "strategy/paths/hero.yaml", "title: Hero loaf",
         "title: Hero loaf\nvisibility: leadership")
    edit(checked_in, "strategy/tactics/tasting.yaml", "title: Tastings",
         "title: Tastings\nvisibility: leadership")
    leadership = plain(goal_page(checked_in, audience="leadership"))
    assert "| 31 May 2026 | 140&nbsp;EUR | 4/10 |" in leadership
    # the goal itself visible to all while its KPI is not: the value is not given away
    edit(checked_in, GOAL, "title: Grow sales\nvisibility: leadership", "title: Grow sales")
    text = plain(goal_page(checked_in))
    assert '| 31 May 2026 | <span class="sst-restricted">restricted</span> | 4/10 |' in text
    assert "140" not in text


# -- sst status and the export ---------------------------------------------------------------

def test_status_prints_the_latest_confidence(checked_in: Path) -> None:
    text = status_text(check(checked_in).model, Settings(as_of=AS_OF))
    goal_line = next(line for line in text.splitlines() if "Grow sales" in line)
    assert goal_line.endswith("(100 → 200, by 31 Dec 2026) · confidence 7/10 (12 Jun 2026)")
    battle_line = next(line for line in text.splitlines() if "Launch" in line)
    assert "confidence" not in battle_line


def test_the_export_holds_checkins_in_json_and_csv(checked_in: Path) -> None:
    model = check(checked_in).model
    document = json.loads(export.as_json(model, Settings(as_of=AS_OF)))
    assert document["goals"][0]["checkins"] == [
        {"date": "2026-05-31", "confidence": 4, "note": "Slow May | the rain", "by": None},
        {"date": "2026-06-12", "confidence": 7, "note": "Two shops ask for the loaf",
         "by": "ann"}]
    assert document["battles"][0]["checkins"] == []
    tables = export.csv_tables(model, Settings(as_of=AS_OF))
    assert tables["goal_checkins.csv"].splitlines() == [
        "goal,date,confidence,note,by", "grow,2026-05-31,4,Slow May | the rain,",
        "grow,2026-06-12,7,Two shops ask for the loaf,ann"]
    assert "checkins" not in tables["goals.csv"].splitlines()[0]


# -- the sparkline ---------------------------------------------------------------------------

@pytest.mark.parametrize("points", [
    [(date(2026, 1, 1), 1)],
    [(date(2026, 1, 1), 10), (date(2026, 1, 1), 1)],
    [(date(2026, 1, 1), 1), (date(2026, 3, 1), 10), (date(2026, 12, 31), 1)],
    [(date(2026, 1, 1), 10), (date(2026, 1, 8), 10)],
])
def test_every_mark_of_the_sparkline_is_inside_it(points: list[tuple[date, int]]) -> None:
    drawing = sparkline(points, 1, 10, "Confidence <&>")
    assert 'aria-label="Confidence &lt;&amp;&gt;"' in drawing
    for cx, cy, r in re.findall(r'cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', drawing):
        x, y, radius = float(cx), float(cy), float(r) + 0.5  # the outline's half width
        assert radius <= x <= SPARK_WIDTH - radius and radius <= y <= SPARK_HEIGHT - radius
    for pair in re.findall(r'points="([^"]+)"', drawing):
        for point in pair.split():
            x, y = map(float, point.split(","))
            assert 0 < x < SPARK_WIDTH and 0 < y < SPARK_HEIGHT


def test_no_point_no_drawing() -> None:
    assert sparkline([], 1, 10, "x") == ""


def test_the_example_strategy_has_checked_in_goals_and_battles() -> None:
    from sitebuild import REPO

    result = check(REPO, as_of=date(2026, 11, 16))
    # the strategy's own files (the manual under docs/ is held by test_example)
    assert [f for f in result.findings if f.place and f.place.file.startswith("strategy/")] == []
    goals = {g.id: g for g in result.model.goals}
    assert len(goals["sourdough-quarter"].checkins) >= 3
    assert any(b.checkins for b in result.model.battles)
    assert any(not g.checkins for g in goals.values())  # and some show nothing extra
    people = {p.id for p in result.model.people}
    entities: list[Goal | Battle] = [*goals.values(), *result.model.battles]
    assert all(c.by in people for e in entities for c in e.checkins)
