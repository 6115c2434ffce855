"""`sst close` and retrospectives (spec §8): the example bakery closed the day after its period,
refused the day before, never overwriting; the retros kind's rules; the Past periods pages."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import REPO

from sst_plugin.cli import main
from sst_plugin.core.health.execution import execution_score
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.report import export
from sst_plugin.core.rules.check import check_tree

AFTER, LAST_DAY, BEFORE = "2027-01-01", "2026-12-31", "2026-12-30"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "strategy", tmp_path / "strategy")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(capsys: pytest.CaptureFixture[str], root: Path, as_of: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "check", "--root", str(root), "--as-of", as_of, "--format", "json")
    report: dict[str, Any] = json.loads(out)
    assert code == (1 if report["errors"] else 0)
    return report


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return loaded


def test_closing_the_example_the_day_after_its_period(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "close", "--root", str(repo), "--as-of", AFTER)
    assert (code, err) == (0, "")
    assert out.startswith("wrote strategy/retros/2026.md")
    retro = repo / "strategy" / "retros" / "2026.md"
    data = front_matter(retro)
    assert data["period"] == {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    # the execution score at the period's end, each share to four places
    model = check_tree(repo, Settings(as_of=date(2027, 1, 1))).model
    score = execution_score(model, date(2026, 12, 31), "all").shares()
    assert data["execution"] == {k: round(v, 4) for k, v in score.items() if v is not None}
    assert set(data["execution"]) == {"battles_won", "tactics_done", "actions_on_time"}
    ids = {p.stem for folder in ("goals", "battles")
           for p in (repo / "strategy" / folder).iterdir()}
    assert {r["id"] for r in data["results"]} == ids
    assert all(0 <= r["score"] <= 1 for r in data["results"])
    results = {r["id"]: r for r in data["results"]}
    assert results["revenue-2026"]["status"] == "missed"  # its deadline is the period's end
    assert results["sourdough-launch"] == {
        "id": "sourdough-launch", "kind": "battle", "title": "Spring sourdough launch",
        "status": "achieved", "score": 1.0}
    body = retro.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "\n## What worked\n\n\n## What did not work\n\n\n## What we carry forward\n\n"
    report = check(capsys, repo, AFTER)
    assert report["errors"] == 0
    assert [f for f in report["findings"] if "retros" in f["file"]] == []


def test_closing_is_refused_before_the_period_s_last_day(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "close", "--root", str(repo), "--as-of", BEFORE)
    assert (code, out) == (2, "")
    assert f"has not ended as of {BEFORE}: sst close can run from {LAST_DAY}" in err
    assert not (repo / "strategy" / "retros" / "2026.md").exists()
    code, _, _ = run(capsys, "close", "--root", str(repo), "--as-of", LAST_DAY)
    assert code == 0  # "at or after the period end"


def test_closing_never_overwrites_a_retrospective(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    retro = repo / "strategy" / "retros" / "2026.md"
    retro.write_text("---\nperiod: {start: 2026-01-01, end: 2026-12-31}\n---\nOurs.\n",
                     encoding="utf-8")
    code, _, err = run(capsys, "close", "--root", str(repo), "--as-of", AFTER)
    assert code == 2
    assert "strategy/retros/2026.md exists already" in err
    assert retro.read_text(encoding="utf-8").endswith("Ours.\n")


def test_closing_speaks_the_site_s_language_and_refuses_a_broken_strategy(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "close", "--root", str(repo), "--as-of", AFTER, "--lang", "fr")
    assert code == 0
    text = (repo / "strategy" / "retros" / "2026.md").read_text(encoding="utf-8")
    assert "## Ce qui a marché\n" in text and "## Ce qui n'a pas marché\n" in text
    (repo / "strategy" / "retros" / "2026.md").unlink()
    goal = repo / "strategy" / "goals" / "less-waste.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace("kpi: waste-rate", "kpi: waste"),
                    encoding="utf-8")
    code, out, err = run(capsys, "close", "--root", str(repo), "--as-of", AFTER)
    assert (code, out) == (1, "")
    assert "strategy/goals/less-waste.md:4:6: error SST005" in err
    assert "nothing written" in err
    assert not (repo / "strategy" / "retros" / "2026.md").exists()


def test_a_period_that_is_not_a_year_is_named_by_its_days(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "close", "--root", str(repo), "--as-of", AFTER,
                       "--period", "2026-01-01..2026-06-30")
    assert code == 0 and "strategy/retros/2026-01-01-to-2026-06-30.md" in out
    data = front_matter(repo / "strategy/retros/2026-01-01-to-2026-06-30.md")
    # the spring battle ended in the half: judged at its end, as ever
    assert {r["id"]: r["status"] for r in data["results"]}["sourdough-launch"] == "achieved"
    code, _, err = run(capsys, "close", "--root", str(repo), "--period", "2026-06-30")
    assert code == 2 and "write START..END" in err
    assert check(capsys, repo, AFTER)["errors"] == 0


def test_a_title_reads_back_as_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = 'Say "oui": #1 — 50 % off\u2028next line\x85 \\ {x: [y]} 面包'
    goal = repo / "strategy" / "goals" / "less-waste.md"
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace("title: Cut unsold bread to 5 % of production",
                                 f"title: {json.dumps(title)}"), encoding="utf-8")
    assert run(capsys, "close", "--root", str(repo), "--as-of", AFTER)[0] == 0
    data = front_matter(repo / "strategy" / "retros" / "2026.md")
    assert {r["id"]: r["title"] for r in data["results"]}["less-waste"] == title
    assert check(capsys, repo, AFTER)["errors"] == 0


RETRO = """\
---
period: {start: 2024-01-01, end: 2024-12-31}
execution: {battles_won: 0.5, tactics_done: 0.75}
results:
  - {id: revenue-2024, kind: goal, title: Grow revenue, status: achieved, score: 1}
  - {id: summer-terrace, kind: battle, status: missed, score: %s}
---
## What worked

The terrace.
"""


def test_a_result_may_name_a_goal_the_strategy_no_longer_holds(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "strategy" / "retros" / "2024.md").write_text(RETRO % "0.4", encoding="utf-8")
    goal = repo / "strategy" / "goals" / "revenue-2026.md"
    goal.write_text(goal.read_text(encoding="utf-8") + "\nLast year: [[2024]].\n",
                    encoding="utf-8")
    report = check(capsys, repo, "2026-11-16")
    assert report["errors"] == 0  # no SST005 for revenue-2024, no SST007 for [[2024]]


def test_a_score_past_1_is_a_schema_error_at_its_line(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "strategy" / "retros" / "2024.md").write_text(RETRO % "1.4", encoding="utf-8")
    report = check(capsys, repo, "2026-11-16")
    found = [(f["code"], f["file"], f["line"]) for f in report["findings"]
             if f["severity"] == "error"]
    assert found == [("SST002", "strategy/retros/2024.md", 6)]


def test_a_retro_id_that_is_taken_is_a_duplicate(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "strategy" / "retros" / "revenue-2026.md").write_text(RETRO % "0.4",
                                                                 encoding="utf-8")
    report = check(capsys, repo, "2026-11-16")
    assert "SST003" in {f["code"] for f in report["findings"]}


HIDDEN = """\
---
period: {start: 2024-01-01, end: 2024-12-31}
results:
  - {id: open-goal, title: Open goal, status: achieved, score: 1}
  - {id: board-goal, title: Board goal, status: missed, score: 0.2, visibility: %s}
---
"""


def test_a_result_s_audience_must_be_declared(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "strategy" / "retros" / "2024.md").write_text(HIDDEN % "leaders", encoding="utf-8")
    report = check(capsys, repo, "2026-11-16")
    found = [(f["code"], f["file"], f["line"], f["message"]) for f in report["findings"]
             if f["severity"] == "error"]
    assert found == [("SST009", "strategy/retros/2024.md", 5,
                      "`visibility` names the audience `leaders`, which is not declared: "
                      "did you mean `leadership`?")]


@pytest.mark.parametrize(("audience", "shown"), [
    (None, ["open-goal"]), ("leadership", ["open-goal", "board-goal"])])
def test_a_result_shows_to_its_audience_only(
        repo: Path, audience: str | None, shown: list[str]) -> None:
    (repo / "strategy" / "retros" / "2024.md").write_text(HIDDEN % "leadership",
                                                         encoding="utf-8")
    settings = Settings(as_of=date(2026, 11, 16), audience=audience)
    model = check_tree(repo, settings).model
    rows = export.exported(model, settings)["retro"]
    assert [r["id"] for r in next(r for r in rows if r["id"] == "2024")["results"]] == shown
    # in CSV, a table of their own, one row a result
    csv_rows = export.csv_tables(model, settings)["retro_results.csv"].splitlines()
    assert [line.split(",")[:2] for line in csv_rows if line.startswith("2024,")] == \
        [["2024", goal] for goal in shown]
    pages = {p.uri: p.markdown for p in Renderer(SiteView(model, settings)).render_all()}
    page = pages["strategy/retros/2024.md"]
    assert ("Board goal" in page) == (audience is not None)
    assert ("Board goal" in pages["strategy/retros/index.md"]) == (audience is not None)


def test_a_retrospective_s_period_in_order(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    retro = repo / "strategy" / "retros" / "2024.md"
    retro.write_text(RETRO.replace("end: 2024-12-31", "end: 2023-12-31") % "0.4",
                     encoding="utf-8")
    report = check(capsys, repo, "2026-11-16")
    found = [(f["code"], f["file"], f["line"]) for f in report["findings"]
             if f["severity"] == "error"]
    assert found == [("SST013", "strategy/retros/2024.md", 2)]

