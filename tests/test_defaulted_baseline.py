"""A battle whose baseline defaulted to 0 (none written, no KPI value on or before its start):
said on its page and in `sst check` as an info line; the spec gives it no rule code, so it is
never a finding and never changes the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, check, edit

from sst_plugin.cli import main
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.view import SiteView

KPI = "strategy/kpis/sales.yaml"
BATTLE = "strategy/battles/launch.yaml"
NOTE = ("Baseline 0 by default: this battle writes no baseline, and [Sales](../kpis/sales.md) "
        "has no value on or before its start (1 Feb 2026).")
INFO = ("strategy/battles/launch.yaml:5:8: info baseline 0 by default: no `baseline` is written "
        "and `sales` has no value on or before the start (2026-02-01), so progress counts from "
        "0: write `baseline`, or add the KPI's value on the start date\n")


@pytest.fixture
def late_kpi(repo: Path) -> Path:
    """The KPI's first value comes two weeks after the battle's start."""
    edit(repo, KPI, "date: 2026-01-31", "date: 2026-02-15")
    return repo


def battle_page(root: Path) -> str:
    result = check(root)
    renderer = Renderer(SiteView(result.model, Settings(as_of=AS_OF)))
    return renderer.battle(result.model.entities["launch"]).markdown


def sst_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check", "--root", str(root), "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_defaulted_baseline_is_said_on_the_battle_page(late_kpi: Path) -> None:
    assert f'<span class="sst-gap">{NOTE}</span>' in battle_page(late_kpi)


def test_sst_check_says_it_as_an_info_line_and_stays_clean(
        late_kpi: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = sst_check(late_kpi, capsys)
    assert (code, out, err) == (0, "No findings: 7 files checked.\n", INFO)


@pytest.mark.parametrize(("file", "old", "new"), [
    (KPI, "date: 2026-01-31", "date: 2026-02-01"),  # a value on the start day
    (BATTLE, "target: 150", "target: 150\nbaseline: 0"),  # 0 written: the team's own word
])
def test_a_baseline_written_or_measured_gets_no_note(
        repo: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str) -> None:
    edit(repo, file, old, new)
    assert "Baseline 0 by default" not in battle_page(repo)
    assert sst_check(repo, capsys) == (0, "No findings: 7 files checked.\n", "")
