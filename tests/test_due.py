"""Updates due: measurements by frequency, reviews by cadence, actions by date, with owners."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, check, edit
from sitebuild import build_site, copy_repository

from sst_plugin.cli import main
from sst_plugin.core.health.due import updates_due


def listed(root: Path, as_of: date) -> list[tuple[str, str, str, str, bool]]:
    model = check(root, as_of=as_of).model
    return [(d.kind, d.entity.id, d.owner, d.due.isoformat(), d.overdue)
            for d in updates_due(model, as_of)]


def test_the_example_as_of_its_date() -> None:
    assert listed(REPO, date(2026, 11, 16)) == [
        ("action", "till-offer", "sophie-bernard", "2026-11-12", True),
        ("action", "subscription-offer", "hugo-petit", "2026-11-20", False),
        ("action", "till-offer", "hugo-petit", "2026-11-20", False),
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


def test_status_due(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(REPO), "--due", "--color", "never"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Updates due as of 16 Nov 2026: 5"
    assert out[1] == ("  overdue 12 Nov 2026  action      Offer the subscription at the till: "
                      "Train the shop team on a 20-second subscription pitch (Sophie Bernard)")


def test_the_site_page(tmp_path: Path) -> None:
    site = build_site(copy_repository(tmp_path / "repo"))
    html = (site / "strategy/updates/index.html").read_text(encoding="utf-8")
    assert html.count("sst-status--overdue") == 1 and html.count("sst-status--due") == 4
    assert 'href="../battles/winter-subscriptions/">Winter bread subscriptions</a>' in html
    assert 'href="../people/hugo-petit/">Hugo Petit</a>' in html
