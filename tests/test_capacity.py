"""Capacity (spec §8): SST031 at its place, and the reading of which battles hold resources when."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conftest import AS_OF, check, edit, findings, where, write

from sst_plugin.core.model.capacity import committed_by_month, committed_on
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.resources_view import _window
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.rules.check import check_tree

STRATEGY = "strategy/strategy.yaml"
LAUNCH = "strategy/battles/launch.yaml"
FAIR = "strategy/battles/fair.yaml"


def _with_capacity(repo: Path, people: int = 4, budget: int = 10000) -> None:
    edit(repo, STRATEGY, "audiences: [leadership]\n",
         f"audiences: [leadership]\ncurrency: EUR\ncapacity:\n  people: {people}\n"
         f"  budget: {budget}\n")
    edit(repo, LAUNCH, "status: active\n",
         "status: active\nresources:\n  people: 2\n  budget: 6000\n")


def _fair(repo: Path, start: str = "2026-06-01", end: str = "2026-09-30",
          status: str = "active") -> None:
    write(repo, FAIR, f"""\
        title: Market fair
        objective: Sell at the fair
        kpi: sales
        target: 160
        start: {start}
        end: {end}
        goals: [grow]
        path: hero
        significance: New customers
        owner: ann
        status: {status}
        reviews:
          - date: 2026-06-10
            summary: Stand booked
        resources:
          people: 3
          budget: 5000
        """)
    write(repo, "strategy/tactics/stand.yaml", """\
        title: Stand
        battle: fair
        category: acquisition
        owner: ann
        win_criteria: Forty loaves a day
        """)


def _sst031(repo: Path, **settings: object) -> list:
    return [f for f in findings(repo, **settings) if f.code == "SST031"]


def test_sst031_battles_on_at_once_need_more_than_the_capacity(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo)
    found = _sst031(repo)
    assert where(found) == [("SST031", STRATEGY, 18, 11), ("SST031", STRATEGY, 19, 11)]
    assert all(f.severity == "warning" for f in found)
    assert found[0].message == (
        "the battles on 2026-06-15 need 5 people (launch 2 people, fair 3 people), more than the "
        "capacity of 4 people: move a battle's dates, give one less under `resources.people`, "
        "or raise `capacity.people`")
    assert "need 11,000 EUR (launch 6,000 EUR, fair 5,000 EUR), more than the capacity of " \
           "10,000 EUR" in found[1].message


def test_sst031_passes_when_the_battles_follow_each_other(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo, start="2026-08-01", end="2026-10-31", status="planned")
    assert _sst031(repo) == []
    # on the fair's first day, launch is over: one battle at a time
    assert _sst031(repo, as_of=date(2026, 8, 1)) == []


def test_sst031_only_the_resource_over_capacity_and_only_where_capacity_names_it(
        repo: Path) -> None:
    _with_capacity(repo, people=5)
    _fair(repo)
    assert where(_sst031(repo)) == [("SST031", STRATEGY, 19, 11)]  # budget only
    edit(repo, STRATEGY, "  budget: 10000\n", "")
    assert _sst031(repo) == []


def test_sst031_abandoned_won_and_lost_battles_hold_nothing(repo: Path) -> None:
    _with_capacity(repo)
    for status in ("abandoned", "won", "lost"):
        _fair(repo, status=status)
        assert _sst031(repo) == [], status


def test_sst031_on_the_battle_a_change_touched(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo)
    settings = Settings(as_of=AS_OF)
    found = [f for f in check_tree(repo, settings, changed=frozenset({FAIR})).findings
             if f.code == "SST031"]
    assert where(found) == [("SST031", FAIR, 16, 11), ("SST031", FAIR, 17, 11)]
    # a change to strategy.yaml too: the capacity line, which the change also touched
    both = frozenset({FAIR, STRATEGY})
    found = [f for f in check_tree(repo, settings, changed=both).findings
             if f.code == "SST031"]
    assert where(found)[0] == ("SST031", STRATEGY, 18, 11)


def test_without_capacity_nothing_is_compared(repo: Path) -> None:
    _fair(repo)
    assert _sst031(repo) == []


def test_schema_refuses_a_negative_capacity(repo: Path) -> None:
    _with_capacity(repo, people=-1)
    found = [f for f in findings(repo) if f.code == "SST002"]
    assert where(found) == [("SST002", STRATEGY, 18, 11)]


def test_won_battle_held_its_resources_until_the_day_before_as_of(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo, status="won")
    battles = check(repo).model.battles
    assert [b.id for b in committed_on(battles, date(2026, 6, 14), AS_OF).battles] == \
        ["launch", "fair"]
    assert [b.id for b in committed_on(battles, AS_OF, AS_OF).battles] == ["launch"]
    months = committed_by_month(battles, date(2026, 1, 1), date(2026, 12, 31), AS_OF)
    assert [(m.start.month, m.commitment.people) for m in months] == [
        (1, 0), (2, 2), (3, 2), (4, 2), (5, 2), (6, 5), (7, 2), (8, 0), (9, 0), (10, 0),
        (11, 0), (12, 0)]


# -- the resources view on the battles page ----------------------------------------------------

def _battles_page(repo: Path, audience: str | None = None) -> str:
    result = check(repo)
    settings = Settings(as_of=AS_OF, audience=audience)
    markdown = Renderer(SiteView(result.model, settings)).battles().markdown
    text = re.sub(r'<span class="sst-label">[^<]*</span> |<span class="sst-table"></span>', "",
                  markdown)
    text = re.sub(r"<figure.*?</figure>", "[chart]", text, flags=re.S)
    return re.sub(r" {2,}", " ", text.replace("\u00a0", " ").replace("&nbsp;", " "))


def test_the_battles_page_shows_each_battle_s_resources_against_capacity(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo)
    page = _battles_page(repo)
    section = page[page.index("## Resources"):]
    assert "| [Launch](launch.md) | [Ann](../people/ann.md) | 1 Feb 2026 – 31 Jul 2026 | 2 | " \
           "6,000 EUR |" in section
    assert "| [Market fair](fair.md) | [Ann](../people/ann.md) | 1 Jun 2026 – 30 Sep 2026 | 3 |" \
           in section
    assert '| **Total** | | | 5 <span class="sst-gap">over by 1</span> | 11,000 EUR ' \
           '<span class="sst-gap">over by 1,000 EUR</span> |' in section
    assert "| **Capacity** | | | 4 | 10,000 EUR |" in section
    assert section.count("[chart]") == 2
    assert "| Jan 2026 | – | 0 | 0 EUR |" in section
    assert "| Jun 2026 | [Launch](launch.md), [Market fair](fair.md) | 5 " in section
    assert "| Aug 2026 | [Market fair](fair.md) | 3 | 5,000 EUR |" in section


def test_a_restricted_battle_is_no_row_and_not_in_the_sums(repo: Path) -> None:
    _with_capacity(repo)
    _fair(repo)
    edit(repo, FAIR, "title: Market fair\n", "title: Market fair\nvisibility: leadership\n")
    page = _battles_page(repo)
    assert "fair" not in page[page.index("## Resources"):]
    assert "| **Total** | | | 2 | 6,000 EUR |" in page
    assert "Market fair" in _battles_page(repo, audience="leadership")


def test_without_capacity_the_view_compares_nothing_and_without_resources_it_is_gone(
        repo: Path) -> None:
    assert "## Resources" not in _battles_page(repo)
    edit(repo, LAUNCH, "status: active\n", "status: active\nresources:\n  people: 2\n")
    page = _battles_page(repo)
    assert "No capacity is written in strategy.yaml, so nothing is compared." in page
    assert "**Capacity**" not in page and "over by" not in page
    assert page.count("[chart]") == 1 + 1  # the timeline and the people chart (no budget)


def test_a_long_period_shows_sixty_months_from_a_year_before_as_of() -> None:
    first, last = _window(date(2000, 1, 1), date(2099, 12, 31), AS_OF)
    assert (first, last) == (date(2025, 6, 1), date(2030, 5, 31))
    assert _window(date(2026, 1, 1), date(2026, 12, 31), AS_OF) == \
        (date(2026, 1, 1), date(2026, 12, 31))
    # as_of long after the period, or long before it: its last, or its first, sixty months
    assert _window(date(1900, 1, 1), date(2999, 12, 31), date.max) == \
        (date(2995, 1, 1), date(2999, 12, 31))
    assert _window(date(1900, 1, 15), date(2999, 12, 31), date.min) == \
        (date(1900, 1, 15), date(1904, 12, 31))
