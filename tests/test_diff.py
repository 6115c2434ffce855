"""`sst diff` on real git histories: what each kind of change means."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import edit, write
from gitrepo import commit_all, git
from sitebuild import copy_repository

from sst_plugin.cli import main


@pytest.fixture
def history(tmp_path: Path) -> Path:
    root = copy_repository(tmp_path / "repo")
    commit_all(root, "base")
    return root


def diff(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> dict:
    code = main(["diff", *args, "--root", str(root), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def texts(document: dict, entity_id: str) -> list[str]:
    entry = next(e for e in document["changed"] + document["renamed"] if e["id"] == entity_id)
    return [c["text"] for c in entry.get("changes", [])]


def test_a_reformat_only_change_shows_no_change(history: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    kpi = history / "strategy/kpis/waste-rate.yaml"
    text = kpi.read_text(encoding="utf-8")
    text = text.replace("  - date: 2025-11-30\n    value: 9.2",
                        "  - {date: '2025-11-30', value: 9.2}")
    kpi.write_text(text.replace("owner: julien-roux", "owner:   julien-roux   # reformatted"),
                   encoding="utf-8")
    goal = history / "strategy/goals/margin-2026.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "Organic flour rose 18 % in 2025. We will", "Organic flour rose 18 % in 2025.\nWe will"),
        encoding="utf-8")
    commit_all(history, "reformat")
    document = diff(capsys, history, "HEAD~1", "HEAD")
    assert document["empty"] is True
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(history)]) == 0
    assert "No change to the strategy." in capsys.readouterr().out


def test_target_raised_with_its_unit(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    document = diff(capsys, history, "HEAD")  # against the working tree
    assert texts(document, "revenue-2026") == ["Target: 75,000 → 80,000 EUR"]
    assert {"kind": "goal", "id": "revenue-2026", "title": "Grow monthly revenue to 75,000 EUR",
            "before": "at-risk", "after": "off-track"} in document["health"]


def test_battle_moved(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/battles/sourdough-launch.md", "start: 2026-02-01\nend: 2026-04-30",
         "start: 2026-03-01\nend: 2026-05-15")
    commit_all(history, "move")
    document = diff(capsys, history, "HEAD~1", "HEAD")
    assert texts(document, "sourdough-launch") == ["Dates: 1 Feb–30 Apr 2026 → 1 Mar–15 May 2026"]
    introduced = {(f["code"], f["file"]) for f in document["findings"]["introduced"]}
    assert ("SST026", "strategy/tactics/levain-training.yaml") in introduced


def test_path_dropped_with_its_reason(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/paths/catering-channel.md", "status: selected",
         "status: rejected\nrejection_reason: Offices work from home")
    document = diff(capsys, history, "HEAD")
    assert texts(document, "catering-channel") == ["Path rejected: “Offices work from home”"]
    assert ("SST014", "strategy/battles/catering-offices.md") in {
        (f["code"], f["file"]) for f in document["findings"]["introduced"]}


def test_added_removed_and_renamed(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "mv", "strategy/risks/oven-breakdown.yaml", "strategy/risks/oven-failure.yaml")
    edit(history, "strategy/risks/oven-failure.yaml", "likelihood: 2", "likelihood: 3")
    (history / "strategy/risks/catering-seasonality.yaml").unlink()
    write(history, "strategy/risks/flour-shortage.yaml",
          "title: Flour shortage\nlikelihood: 2\nimpact: 4\nowner: marc-dubois\n"
          "mitigation: Two mills under contract\n")
    commit_all(history, "risks")
    document = diff(capsys, history, "HEAD~1", "HEAD")
    assert [e["id"] for e in document["added"]] == ["flour-shortage"]
    assert [e["id"] for e in document["removed"]] == ["catering-seasonality"]
    assert [(e["old_id"], e["id"]) for e in document["renamed"]] == [
        ("oven-breakdown", "oven-failure")]
    assert texts(document, "oven-failure") == ["Likelihood: 2 → 3"]


def test_measurements_reviews_and_actions(history: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    kpi = history / "strategy/kpis/monthly-revenue.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("value: 68400", "value: 68500")
                   + "  - date: 2026-11-15\n    value: 71000\n", encoding="utf-8")
    edit(history, "strategy/battles/winter-subscriptions.md", "reviews:\n",
         "reviews:\n  - date: 2026-11-13\n    summary: Free week works\n")
    edit(history, "strategy/tactics/till-offer.yaml", "due: 2026-11-12", "due: 2026-11-19")
    document = diff(capsys, history, "HEAD")
    assert texts(document, "monthly-revenue") == [
        "Measurement 30 Sep 2026: 68,400 → 68,500 EUR",
        "Measurement 15 Nov 2026: 71,000 EUR (new)"]
    assert texts(document, "winter-subscriptions") == [
        "Review added (13 Nov 2026): “Free week works”"]
    assert texts(document, "till-offer") == [
        "Action Train the shop team on a 20-second subscription pitch: "
        "Due 12 Nov 2026 → 19 Nov 2026"]


def test_markdown_for_the_job_summary(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    commit_all(history, "raise")
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(history)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Strategy changes: `HEAD~1` → `HEAD`")
    assert "- Goal **Grow monthly revenue to 75,000 EUR** (`revenue-2026`)\n" \
           "    - Target: 75,000 → 80,000 EUR" in out
    assert "### Health" in out


def test_diff_never_touches_the_checkout(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    before = git(history, "status", "--porcelain")
    diff(capsys, history, "HEAD")
    assert git(history, "status", "--porcelain") == before


def test_restricted_entities_stay_out_of_the_diff(history: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(history, "strategy/risks/secret.yaml",
          "title: Secret plan\nlikelihood: 1\nimpact: 1\nowner: claire-martin\n"
          "mitigation: Hush\nvisibility: leadership\n")
    document = diff(capsys, history, "HEAD")
    assert document["added"] == []
    document = diff(capsys, history, "HEAD", "--audience", "leadership")
    assert [e["id"] for e in document["added"]] == ["secret"]


def test_a_bad_revision_is_a_usage_error(history: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch", "--root", str(history)]) == 2
    assert "no commit is named 'no-such-branch'" in capsys.readouterr().err


def test_suspect_links_name_what_to_review_and_who(history: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "deadline: 2026-12-31", "deadline: 2026-11-30")
    edit(history, "strategy/battles/catering-offices.md", "target: 4000", "target: 4500")
    edit(history, "strategy/goals/loyal-customers.md", "owner: sophie-bernard",
         "owner: claire-martin")  # not a change that puts dependents in doubt
    commit_all(history, "move")
    document = diff(capsys, history, "HEAD~1", "HEAD")
    suspects = {s["id"]: (s["owner"], s["owner_name"], s["reasons"])
                for s in document["suspects"]}
    assert suspects == {
        "winter-subscriptions": ("sophie-bernard", "Sophie Bernard", [
            "the goal it serves, `revenue-2026`, changed: Deadline: 31 Dec 2026 → 30 Nov 2026"]),
        "catering-line": ("catering", "Catering", [
            "its parent goal `revenue-2026` changed: Deadline: 31 Dec 2026 → 30 Nov 2026"]),
        **{tactic: (owner, name, ["its battle `catering-offices` changed: "
                                  "Target: 4,000 → 4,500 EUR"])
           for tactic, owner, name in [
               ("breakfast-platters", "nadia-benali", "Nadia Benali"),
               ("cargo-bike-rounds", "karim-mansour", "Karim Mansour"),
               ("catering-order-form", "nadia-benali", "Nadia Benali"),
               ("office-outreach", "nadia-benali", "Nadia Benali")]},
    }
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(history)]) == 0
    out = capsys.readouterr().out
    assert "### To review" in out
    assert "- Battle **Winter bread subscriptions** (`winter-subscriptions`), owner Sophie " \
           "Bernard: the goal it serves, `revenue-2026`, changed: Deadline: 31 Dec 2026 → " \
           "30 Nov 2026" in out


def test_a_symlink_out_of_the_repository_in_a_revision_is_a_finding(
        history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    links = {"strategy/risks/passwd.yaml": "/etc/passwd",
             "strategy/risks/hostname.yaml": "../../" * 20 + "etc/hostname"}
    for rel, target in links.items():
        (history / rel).symlink_to(target)
    commit_all(history, "links")
    refused = "a symbolic link to a place outside the repository: commit the file itself"
    expected = [("SST001", rel, refused) for rel in sorted(links)]

    def found(document: dict, which: str) -> list[tuple[str, str, str]]:
        return [(f["code"], f["file"], f["message"]) for f in document["findings"][which]]

    assert found(diff(capsys, history, "HEAD~1", "HEAD"), "introduced") == expected
    for rel in links:
        (history / rel).unlink()
    assert found(diff(capsys, history, "HEAD"), "resolved") == expected  # the base has them
    assert main(["diff", "HEAD", "--root", str(history)]) == 0
    assert "root:" not in capsys.readouterr().out  # nothing read through them


@pytest.mark.parametrize("name", ["stratégie-ü", os.fsdecode(b"strat\xe9gie")],
                         ids=["utf-8", "latin-1 bytes"])
def test_a_repository_under_a_non_ascii_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    top = tmp_path / name
    root = copy_repository(top / name)  # the strategy in a sub-folder: git names it in output
    commit_all(top, "base")
    edit(root, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    monkeypatch.chdir(root)  # an argument must be UTF-8; the folder sst runs in need not be
    assert main(["diff", "HEAD", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert texts(document, "revenue-2026") == ["Target: 75,000 → 80,000 EUR"]
