"""Status history (spec §8): each goal at every month end, with the strategy as it stood then."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import check, edit, write
from gitrepo import commit_all, git

from sst_plugin.core.health.history import history_dates, status_history
from sst_plugin.core.read.config import Settings
from sst_plugin.core.report.export import as_json, csv_tables

AS_OF = date(2026, 6, 15)


def progress_by_date(root: Path, goal: str = "grow", as_of: date = AS_OF,
                     use_git: bool = True) -> list[tuple[str, str, float | None]]:
    model = check(root, as_of=as_of).model
    settings = dataclasses.replace(Settings(), as_of=as_of)
    found = status_history(model, settings, root if use_git else None)
    return [(p.date.isoformat(), p.status,
             None if p.progress is None else round(p.progress, 3)) for p in found.of(goal)]


def test_month_ends_from_the_period_start_then_as_of() -> None:
    assert history_dates(date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 10)) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 10)]
    # as_of on a month end is that month's point; past the period, its end is the last
    assert history_dates(date(2026, 1, 15), date(2026, 3, 31), date(2026, 2, 28)) == [
        date(2026, 1, 31), date(2026, 2, 28)]
    assert history_dates(date(2026, 1, 1), date(2026, 2, 28), date(2027, 5, 1)) == [
        date(2026, 1, 31), date(2026, 2, 28)]
    assert history_dates(date(2026, 3, 1), date(2026, 12, 31), date(2026, 2, 1)) == []


@pytest.fixture
def history_repo(repo: Path) -> Path:
    """The minimal strategy over three commits whose targets and measurements change."""
    sales, goal = "strategy/kpis/sales.yaml", "strategy/goals/grow.yaml"
    edit(repo, sales, "  - date: 2026-05-31\n    value: 140\n", "")
    commit_all(repo, "the strategy, target 200", when="2026-02-10T10:00:00+00:00")
    # March's value is written on 15 April, with a lower target
    edit(repo, sales, "    value: 100\n", "    value: 100\n  - date: 2026-03-31\n    value: 130\n")
    edit(repo, goal, "target: 200", "target: 160")
    commit_all(repo, "March measured; target 160", when="2026-04-15T10:00:00+00:00")
    edit(repo, sales, "    value: 130\n", "    value: 130\n  - date: 2026-05-31\n    value: 140\n")
    commit_all(repo, "May measured", when="2026-06-05T10:00:00+00:00")
    # not committed: the files as they are, which as_of reads
    edit(repo, goal, "target: 160", "target: 300")
    return repo


def test_each_month_reads_the_strategy_as_it_stood(history_repo: Path) -> None:
    assert progress_by_date(history_repo) == [
        # before the first commit: the files as they are (target 300), January's value 100
        ("2026-01-31", "on-track", 0.0),
        # the first commit: target 200, value 100
        ("2026-02-28", "at-risk", 0.0),
        # March's value was not yet written on 31 March: still 100 of the way to 200
        ("2026-03-31", "at-risk", 0.0),
        # the second commit: 130 of the way from 100 to 160
        ("2026-04-30", "on-track", 0.5),
        # May's value came on 5 June: on 31 May, still 130
        ("2026-05-31", "on-track", 0.5),
        # as_of: the files as they are, 140 of the way to 300
        ("2026-06-15", "off-track", 0.2),
    ]


def test_without_git_the_files_as_they_are(history_repo: Path) -> None:
    # every value on or before each date counts, whenever it was written; target 300
    assert [p[2] for p in progress_by_date(history_repo, use_git=False)] == [
        0.0, 0.0, 0.15, 0.15, 0.2, 0.2]


def test_a_goal_not_yet_written_has_no_point_then(history_repo: Path) -> None:
    write(history_repo, "strategy/goals/keep.yaml", """\
        title: Keep sales
        category: revenue
        kpi: sales
        baseline: 100
        target: 150
        deadline: 2026-12-31
        owner: ann
        """)
    commit_all(history_repo, "a second goal", when="2026-05-02T10:00:00+00:00")
    # before the strategy's first commit the files as they are hold it; then not until May
    assert [p[0] for p in progress_by_date(history_repo, "keep")] == [
        "2026-01-31", "2026-05-31", "2026-06-15"]


def test_a_commit_late_on_a_month_end_counts_for_that_month(repo: Path) -> None:
    commit_all(repo, "target 200", when="2026-02-28T23:30:00+01:00")
    edit(repo, "strategy/goals/grow.yaml", "target: 200", "target: 150")
    commit_all(repo, "target 150", when="2026-03-01T00:30:00+01:00")
    model = check(repo, as_of=date(2026, 3, 10)).model
    found = status_history(model, dataclasses.replace(Settings(), as_of=date(2026, 3, 10)),
                           repo)
    # on 28 February, in its committer's time zone, the target was 200 (value 100: no way yet)
    assert [(p.date.isoformat(), p.progress) for p in found.of("grow")][1] == ("2026-02-28", 0.0)
    assert found.distribution()[-1][1]["at-risk"] + found.distribution()[-1][1]["off-track"] \
        + found.distribution()[-1][1]["on-track"] == 1


def test_an_audience_reads_no_history_of_a_hidden_kpi(repo: Path) -> None:
    edit(repo, "strategy/kpis/sales.yaml", "owner: ann", "owner: ann\nvisibility: leadership")
    model = check(repo).model
    assert status_history(model, Settings(as_of=AS_OF)).goals == {}
    assert status_history(model, Settings(as_of=AS_OF, audience="leadership")).of("grow")


def test_the_export_holds_history_and_execution(history_repo: Path) -> None:
    model = check(history_repo).model
    settings = dataclasses.replace(Settings(), as_of=AS_OF)
    exported = json.loads(as_json(model, settings, root=history_repo))
    goal = next(g for g in exported["goals"] if g["id"] == "grow")
    assert goal["history"][3] == {"date": "2026-04-30", "status": "on-track", "progress": 0.5}
    assert [p["date"] for p in goal["history"]][-1] == "2026-06-15"
    assert exported["execution"] == {
        "battles_won": {"share": None, "done": 0, "total": 0},
        "tactics_done": {"share": 0.0, "done": 0, "total": 1},
        "actions_on_time": {"share": 0.0, "done": 0, "total": 1}}


def test_a_strategy_in_a_folder_of_the_repository(tmp_path: Path, history_repo: Path) -> None:
    """The site may live in a folder of a larger repository: git's paths start above it."""
    outer = tmp_path / "outer"
    (outer / "site").mkdir(parents=True)
    (history_repo / "strategy").rename(outer / "site" / "strategy")
    edit(outer / "site", "strategy/goals/grow.yaml", "target: 300", "target: 160")
    commit_all(outer, "the strategy in site/", when="2026-04-15T10:00:00+00:00")
    edit(outer / "site", "strategy/goals/grow.yaml", "target: 160", "target: 300")
    # before the commit, the files as they are (target 300); then target 160, May's value in it
    assert [p[2] for p in progress_by_date(outer / "site")] == [
        0.0, 0.0, 0.15, 0.5, 0.667, 0.2]


def test_a_repository_without_a_commit_reads_the_files(repo: Path) -> None:
    commit_all(repo, "first", when="2026-01-05T10:00:00+00:00")
    (repo / ".git").rename(repo / "git-moved")
    git(repo, "init", "-q", "-b", "main")  # a repository, but nothing committed yet
    assert [p[2] for p in progress_by_date(repo)] == [0.0, 0.0, 0.0, 0.0, 0.4, 0.4]


def test_the_csv_export_has_a_history_table_and_the_execution(history_repo: Path) -> None:
    model = check(history_repo).model
    tables = csv_tables(model, dataclasses.replace(Settings(), as_of=AS_OF), root=history_repo)
    assert tables["goal_history.csv"].splitlines()[:2] == [
        "goal,date,status,progress", "grow,2026-01-31,on-track,0.0"]
    assert "2026-04-30,on-track,0.5" in tables["goal_history.csv"]
    assert tables["execution.csv"].splitlines() == [
        "measure,share,done,total", "battles_won,,0,0", "tactics_done,0.0,0,1",
        "actions_on_time,0.0,0,1"]


def test_a_history_of_centuries_draws_its_latest_months_only() -> None:
    from sst_plugin.core.health.history import Point, StatusHistory
    from sst_plugin.core.render.history_charts import (
        MOST_COLUMNS,
        progress_by_month,
        status_distribution,
    )

    days = history_dates(date(1900, 1, 1), date(2999, 12, 31), date(2999, 12, 31))
    assert len(days) == 1100 * 12
    points = tuple(Point(day, "on-track", 0.5) for day in days)
    drawn = progress_by_month(points, "grow")
    # every drawing (wide and narrow) holds the latest months, the last one included
    charts = drawn.count('<svg class="sst-chart')
    assert drawn.count("</title></rect>") == MOST_COLUMNS * charts
    assert "31 Dec 2999" in drawn and "31 Dec 2994" not in drawn
    counts = StatusHistory(tuple(days), {"grow": points}).distribution()
    assert status_distribution(counts, "goals").count("</title></rect>") == MOST_COLUMNS * charts
