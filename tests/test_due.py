"""Updates due: measurements by frequency, reviews by cadence, actions by date, with owners
(the site's page: tests/test_site.py, which builds the example once)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, check, edit

from sst_plugin.cli import main
from sst_plugin.core.health.due import updates_due


def listed(root: Path, as_of: date) -> list[tuple[str, str, str, str, bool]]:
    model = check(root, as_of=as_of).model
    return [(d.kind, d.entity.id, d.owner, d.due.isoformat(), d.overdue)
            for d in updates_due(model, as_of)]


def test_the_example_as_of_its_date() -> None:
    # check-ins are held by test_checkins_by_cadence_from_the_start_then_from_the_latest: the
    # example's own change as its owners check in
    assert [d for d in listed(REPO, date(2026, 11, 16)) if d[0] != "checkin"] == [
        ("action", "till-offer", "sophie-bernard", "2026-11-12", True),
        ("action", "subscription-offer", "hugo-petit", "2026-11-20", False),
        ("action", "till-offer", "hugo-petit", "2026-11-20", False),
        ("review", "subscription-offer", "sophie-bernard", "2026-11-20", False),
        ("review", "winter-subscriptions", "sophie-bernard", "2026-11-20", False),
        ("measurement", "bread-subscriptions", "sophie-bernard", "2026-11-22", False),
    ]


def test_measurements_by_frequency(repo: Path) -> None:
    # the monthly KPI was last measured on 2026-05-31: due on 2026-07-01
    assert ("measurement", "sales", "ann", "2026-07-01", False) in listed(repo, date(2026, 6, 24))
    assert ("measurement", "sales", "ann", "2026-07-01", True) in listed(repo, date(2026, 7, 2))
    assert all(kind != "measurement" for kind, *_ in listed(repo, date(2026, 6, 23)))


def test_reviews_by_cadence_and_done_actions(repo: Path) -> None:
    # biweekly: reviewed 2026-06-10, due 2026-06-24
    assert ("review", "launch", "ann", "2026-06-24", True) in listed(repo, date(2026, 6, 25))
    assert ("action", "tasting", "ann", "2026-02-07", True) in listed(repo, date(2026, 6, 15))
    edit(repo, "strategy/tactics/tasting.yaml", "due: 2026-02-07",
         "due: 2026-02-07\n    done: true")
    assert all(kind != "action" for kind, *_ in listed(repo, date(2026, 6, 15)))


def test_a_doing_tactic_s_review_by_its_cadence(repo: Path) -> None:
    tactic = "strategy/tactics/tasting.yaml"
    edit(repo, tactic, "end: 2026-06-30", "end: 2026-06-30\nreview_cadence: biweekly")
    assert all(entity != "tasting" or kind != "review"
               for kind, entity, *_ in listed(repo, date(2026, 6, 15)))  # todo: none owed
    edit(repo, tactic, "review_cadence:", "status: doing\nreview_cadence:")
    edit(repo, tactic, "actions:", "reviews:\n  - date: 2026-06-05\n    summary: Keep it\n"
         "actions:")
    # biweekly from its review of 2026-06-05: due 2026-06-19, listed within the week ahead
    due = ("review", "tasting", "bakehouse", "2026-06-19")
    assert (*due, False) in listed(repo, date(2026, 6, 12))
    assert (*due, True) in listed(repo, date(2026, 6, 20))
    assert all(entity != "tasting" or kind != "review"
               for kind, entity, *_ in listed(repo, date(2026, 6, 11)))


def test_checkins_by_cadence_from_the_start_then_from_the_latest(repo: Path) -> None:
    # check-ins are optional: a strategy that has none owes none
    assert all(kind != "checkin" for kind, *_ in listed(repo, date(2026, 3, 1)))
    edit(repo, "strategy/battles/launch.yaml", "reviews:",
         "checkins:\n  - {date: 2026-02-25, confidence: 7, note: Good start, by: ann}\nreviews:")
    # once the team gives check-ins, the battle (biweekly, started on 2026-02-01) owed its first
    # by 2026-02-15, as of a day before the one it gave
    assert ("checkin", "launch", "ann", "2026-02-15", True) in listed(repo, date(2026, 2, 20))
    # a goal's cadence is its KPI's frequency (sales: monthly), from the period's start
    assert ("checkin", "grow", "ann", "2026-02-01", True) in listed(repo, date(2026, 3, 1))
    assert ("checkin", "launch", "ann", "2026-03-11", False) in listed(repo, date(2026, 3, 5))
    assert ("checkin", "launch", "ann", "2026-03-11", True) in listed(repo, date(2026, 3, 12))
    # a battle that is not active and a goal past its deadline owe none
    edit(repo, "strategy/battles/launch.yaml", "status: active", "status: won")
    assert all(entity != "launch" for _, entity, *_ in listed(repo, date(2026, 3, 12)))
    assert all(kind != "checkin" for kind, *_ in listed(repo, date(2027, 1, 2)))


def test_status_due(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(REPO), "--due", "--color", "never"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Updates due as of 16 Nov 2026: {len(listed(REPO, date(2026, 11, 16)))}"
    assert ("  overdue 12 Nov 2026  action      Offer the subscription at the till: "
            "Train the shop team on a 20-second subscription pitch (Sophie Bernard)") in out
