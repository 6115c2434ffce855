"""`sst checkin`: a check-in and its KPI's value in one checked edit, from the command line or
from the Check-in issue form's event; the form and the workflow `sst init` writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import REPO, check, edit, write
from gitrepo import commit_all, git
from test_measurements import NOTES

from sst_plugin.cli import main
from sst_plugin.core.edit.checkin_form import (
    FIELDS,
    FORM_FILE,
    LABEL,
    WORKFLOW_FILE,
    choices_of_model,
    form_text,
    workflow_text,
)
from sst_plugin.core.edit.scaffold import init_repository, starter_files
from sst_plugin.core.model.model import Battle, Goal, Kpi
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import check_tree

DATA = Path(__file__).parent / "data" / "checkin"
GOAL, KPI = "strategy/goals/grow.yaml", "strategy/kpis/sales.yaml"
BIN = Path(sys.executable).parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ROOT with its bytes and modification time."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def goal_repo(repo: Path) -> Path:
    write(repo, "mkdocs.yml", "site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n")
    shutil.copy(DATA / "goal.yaml", repo / GOAL)
    return repo


def test_a_checkin_keeps_every_byte_of_a_yaml_goal_full_of_comments(
        goal_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kpi_before = (goal_repo / KPI).read_text(encoding="utf-8")
    code, out, err = run(capsys, "checkin", "grow", "--value", "150", "--confidence", "7",
                         "--note", "May: \"best\" month", "--by", "ann", "--date",
                         "2026-06-01", "--root", str(goal_repo))
    assert (code, err) == (0, "")
    assert out == f"goal grow: check-in of 2026-06-01, confidence 7: {KPI}, {GOAL}\n"
    expected = (DATA / "goal.yaml").read_text(encoding="utf-8").replace(
        "    # the summer's first word\n",
        '    -   date: "2026-06-01"\n'
        "        confidence: 7\n"
        '        note: "May: \\"best\\" month"\n'
        "        by: ann\n"
        "    # the summer's first word\n")
    assert (goal_repo / GOAL).read_text(encoding="utf-8") == expected
    assert (goal_repo / KPI).read_text(encoding="utf-8") == kpi_before.replace(
        "    value: 140\n", "    value: 140\n  - date: 2026-06-01\n    value: 150\n")


def test_a_checkin_by_title_goes_before_a_markdown_body_that_holds_rules(
        goal_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (goal_repo / "strategy/battles/launch.yaml").unlink()
    shutil.copy(DATA / "battle.md", goal_repo / "strategy/battles/launch.md")
    kpi_before = (goal_repo / KPI).read_bytes()
    code, out, _ = run(capsys, "checkin", "  SPRING   launch ", "--confidence", "4",
                       "--date", "2026-06-12", "--root", str(goal_repo))
    assert code == 0, out
    expected = (DATA / "battle.md").read_text(encoding="utf-8").replace(
        "# no check-ins yet\n---\n",
        "# no check-ins yet\ncheckins:\n  - date: 2026-06-12\n    confidence: 4\n---\n")
    assert (goal_repo / "strategy/battles/launch.md").read_text(encoding="utf-8") == expected
    assert (goal_repo / KPI).read_bytes() == kpi_before  # no --value: the KPI is left alone


@pytest.mark.parametrize(("before", "after"), [
    ("checkins: []  # none yet\n",
     "checkins:  # none yet\n  - date: 2026-06-12\n    confidence: 5\n    note: \"Fine\"\n"),
    ("checkins:\n  - {date: '2026-07-01', confidence: 6}  # ahead\n",
     "checkins:\n  - {date: '2026-06-12', confidence: 5, note: \"Fine\"}\n"
     "  - {date: '2026-07-01', confidence: 6}  # ahead\n"),
], ids=["empty-list", "flow-items"])
def test_a_checkin_follows_the_style_of_the_list(goal_repo: Path, before: str, after: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = "\ufefftitle: Grow sales\r\ncategory: revenue\r\nkpi: sales\r\nbaseline: 100\r\n" \
           "target: 200\r\ndeadline: 2026-12-31\r\nowner: ann\r\nbreakthrough: true\r\n"
    (goal_repo / GOAL).write_bytes((text + before.replace("\n", "\r\n")).encode("utf-8"))
    assert run(capsys, "checkin", "grow", "--confidence", "5", "--note", "Fine", "--date",
               "2026-06-12", "--root", str(goal_repo))[0] == 0
    assert (goal_repo / GOAL).read_bytes() == \
        (text + after.replace("\n", "\r\n")).encode("utf-8")


def test_a_refused_checkin_leaves_every_file_untouched_and_names_the_finding(
        goal_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(goal_repo)
    code, out, err = run(capsys, "checkin", "grow", "--value", "150", "--confidence", "7",
                         "--by", "nobody", "--date", "2026-06-01", "--root", str(goal_repo))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{GOAL}:22:13: error SST005 `checkins[1].by` names `nobody`, which does not exist: "
        "write the ID of a person",
        "sst: nothing written: the check-in would bring 1 error(s)"]
    assert snapshot(goal_repo) == before


@pytest.mark.parametrize(("args", "message"), [
    (("grow", "--confidence", "11"),
     "confidence '11': write a whole number from 1 (hopeless) to 10 (certain)"),
    (("grow", "--confidence", "7", "--value", "160", "--date", "2026-05-31"),
     f"{KPI}:9: 2026-05-31 already has the value 140, not 160: pass --replace to change it"),
    (("grow", "--confidence", "7", "--date", "2026-05-01"),
     f"{GOAL}:13: the goal has a check-in on 2026-05-01 already: edit it by hand, or give "
     "another date"),
    (("grow sales!", "--confidence", "7"),
     "no goal or battle has the ID or title `grow sales!`: did you mean `Grow sales`?"),
    (("bread", "--confidence", "7"),
     "no goal or battle has the ID or title `bread`: goals and battles: grow, launch"),
    (("--confidence", "7"), "sst checkin needs ENTITY and --confidence N (1 to 10), e.g. "
                            "sst checkin revenue-2026 --value 71000 --confidence 7"),
    (("grow", "--write-form"), "--write-form takes no ENTITY: the strategy gives it"),
    (("--from-issue", "e.json", "--value", "1"), "--from-issue takes no --value: the issue "
                                                "gives it"),
    (("grow", "--confidence", "7", "--comment-file", "c.md"),
     "--comment-file goes with --from-issue EVENT.json"),
], ids=["confidence", "measured-date", "checked-in-date", "close", "unknown", "no-entity",
        "form-and-entity", "issue-and-value", "comment-alone"])
def test_a_bad_checkin_is_a_usage_error_and_writes_nothing(
        goal_repo: Path, args: tuple[str, ...], message: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(goal_repo)
    assert run(capsys, "checkin", *args, "--root", str(goal_repo)) == (2, "", f"sst: {message}\n")
    assert snapshot(goal_repo) == before


def test_an_ambiguous_title_names_each_entity(goal_repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    edit(goal_repo, "strategy/battles/launch.yaml", "title: Launch", "title: Grow sales")
    assert run(capsys, "checkin", "Grow Sales", "--confidence", "5", "--root",
               str(goal_repo)) == (2, "", "sst: `Grow Sales` is the title of goal `grow` and "
                                          "battle `launch`: give the ID instead\n")


def test_words_of_a_long_title_suggest_its_entity(goal_repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    edit(goal_repo, "strategy/battles/launch.yaml", "title: Launch",
         "title: Launch the new sourdough loaf in every shop before the summer")
    assert run(capsys, "checkin", "Sourdough summer", "--confidence", "5", "--root",
               str(goal_repo))[2] == ("sst: no goal or battle has the ID or title `Sourdough "
                                      "summer`: did you mean `launch`?\n")


def test_the_same_checkin_twice_changes_nothing(goal_repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    args = ("checkin", "grow", "--value", "150", "--confidence", "7", "--date", "2026-06-01",
            "--root", str(goal_repo))
    assert run(capsys, *args)[0] == 0
    after = snapshot(goal_repo)
    code, out, _ = run(capsys, *args)
    assert (code, out) == (0, "goal grow: check-in of 2026-06-01, confidence 7: nothing "
                              "changed: recorded already\n")
    assert snapshot(goal_repo) == after


@pytest.mark.parametrize("note", NOTES)
def test_a_note_reads_back_and_later_checkins_still_work(goal_repo: Path, note: str,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    root = str(goal_repo)
    for day, text in (("2026-06-01", note), ("2026-06-08", None), ("2026-04-01", note)):
        assert run(capsys, "checkin", "grow", "--confidence", "5", "--date", day, "--root", root,
                   *(("--note", text) if text else ()))[0] == 0
    text = (goal_repo / GOAL).read_text(encoding="utf-8")
    assert len(text.splitlines()) == text.count("\n")  # every new line is one line to everyone
    goal = check(goal_repo).model.get("grow", Goal)
    assert goal is not None
    notes = {c.date.isoformat(): c.note for c in goal.checkins}
    assert notes["2026-06-01"] == notes["2026-04-01"] == note.strip()
    assert notes["2026-06-08"] is None and (notes["2026-05-01"] or "").startswith("The fair")


# --- the issue form -------------------------------------------------------------------------

STARTED = date(2026, 6, 1)


def started(folder: Path) -> Path:
    """A repository as `sst init` writes it, whose owner has the GitHub handle `the-owner`."""
    init_repository(folder, STARTED)
    edit(folder, "mkdocs.yml", "# as_of:", "as_of:")  # judged on STARTED, whenever it runs
    edit(folder, "strategy/people.yaml", "  - id: owner\n",
         "  - id: owner\n    github: the-owner\n")
    return folder


def form() -> dict[str, object]:
    return yaml.safe_load(starter_files(STARTED)[FORM_FILE])


def test_the_recorded_events_answer_the_form_sst_init_writes() -> None:
    """Each payload's body is what GitHub writes for the form: its labels, in order, and
    answers among the dropdowns' options."""
    body = form()["body"]
    assert isinstance(body, list)
    assert [item["attributes"]["label"] for item in body] == [label for _, label in FIELDS]
    assert [item["id"] for item in body] == [key for key, _ in FIELDS]
    options = {item["id"]: item["attributes"]["options"] for item in body
               if item["type"] == "dropdown"}
    assert form()["labels"] == [LABEL]
    for name in ("event-goal.json", "event-battle.json", "event-future.json"):
        issue = json.loads((DATA / name).read_text(encoding="utf-8"))["issue"]
        sections = issue["body"].split("### ")[1:len(FIELDS) + 1]
        answers = {key: section.split("\n\n", 1)[1].strip()
                   for (key, label), section in zip(FIELDS, sections, strict=True)
                   if section.startswith(label)}
        assert answers["entity"] in options["entity"], name
        assert answers["confidence"] in options["confidence"], name


def test_an_issue_becomes_the_same_change_as_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    by_hand, by_issue = started(tmp_path / "by-hand"), started(tmp_path / "by-issue")
    note = ("Two catering orders in the first week.\n### Value\nA heading in a note changes "
            "nothing: @someone <b>bold</b>")
    assert run(capsys, "checkin", "first-goal", "--value", "10400", "--date", "2026-06-08",
               "--confidence", "7", "--note", note, "--by", "owner", "--as-of", "2026-06-30",
               "--root", str(by_hand))[0] == 0
    comment = tmp_path / "comment.md"
    code, out, err = run(capsys, "checkin", "--from-issue", str(DATA / "event-goal.json"),
                         "--comment-file", str(comment), "--as-of", "2026-06-30",
                         "--root", str(by_issue))
    assert (code, err) == (0, "")
    assert out == ("issue #41: goal first-goal: check-in of 2026-06-08: "
                   "strategy/kpis/first-kpi.yaml, strategy/goals/first-goal.md\n")
    assert {k: v[0] for k, v in snapshot(by_issue).items()} == \
        {k: v[0] for k, v in snapshot(by_hand).items()}
    assert comment.read_text(encoding="utf-8") == (
        "Check-in recorded on the goal **Grow monthly revenue to 12,000 EUR** (`first-goal`) "
        "for 2026-06-08:\n\n"
        "- confidence: 7 of 10\n- first-kpi: 10400\n- by: owner\n\n"
        "> Two catering orders in the first week.\n"
        "> \\#\\#\\# Value\n"
        "> A heading in a note changes nothing: @\u200bsomeone \\<b\\>bold\\</b\\>\n\n"
        "Changed: `strategy/kpis/first-kpi.yaml`, `strategy/goals/first-goal.md`. The pull "
        "request below holds the change: it counts once merged.\n")


def test_an_issue_without_value_or_date_checks_in_on_the_day_it_was_opened(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = started(tmp_path / "repo")
    kpi = (root / "strategy/kpis/first-kpi.yaml").read_bytes()
    comment = tmp_path / "comment.md"
    assert run(capsys, "checkin", "--from-issue", str(DATA / "event-battle.json"),
               "--comment-file", str(comment), "--as-of", "2026-06-30",
               "--root", str(root))[0] == 0
    battle = (root / "strategy/battles/first-battle.yaml").read_text(encoding="utf-8")
    assert battle.endswith("checkins:\n  - date: 2026-06-15\n    confidence: 4\n")
    assert (root / "strategy/kpis/first-kpi.yaml").read_bytes() == kpi
    text = comment.read_text(encoding="utf-8")
    assert "Your GitHub account (Not-In-People) is not a person's `github`" in text
    assert "- by:" not in text


def test_a_refused_issue_writes_nothing_and_its_comment_names_the_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = started(tmp_path / "repo")
    edit(root, "mkdocs.yml", "  - sst:\n", "  - sst:\n      rules: {SST029: error}\n")
    before = snapshot(root)
    comment = tmp_path / "comment.md"
    code, out, err = run(capsys, "checkin", "--from-issue", str(DATA / "event-future.json"),
                         "--comment-file", str(comment), "--root", str(root))
    assert (code, out) == (1, "")
    line = ("strategy/kpis/first-kpi.yaml:13:11: error SST029 a measurement dated 2027-06-08 "
            "is in the future (as of 2026-06-01): fix its date")
    assert err.splitlines()[0] == line, err
    assert snapshot(root) == before
    text = comment.read_text(encoding="utf-8")
    assert text.startswith("Check-in not recorded: it would bring 1 error(s) into the "
                           "strategy:\n\n- **SST029** `strategy/kpis/first-kpi.yaml:13:11`: ")
    assert "Nothing was changed." in text


@pytest.mark.parametrize(("event", "message"), [
    ("event-bad-value.json",
     "'ten thousand' is not a number: write digits with a `.` for decimals"),
    ("event-no-form.json", "the issue's text has no `### Goal or battle` section: open the "
                           "issue with the Check-in form, and leave its headings as they are"),
], ids=["value", "no-form"])
def test_a_bad_issue_is_a_usage_error_with_a_comment(
        tmp_path: Path, event: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = started(tmp_path / "repo")
    before = snapshot(root)
    comment = tmp_path / "comment.md"
    assert run(capsys, "checkin", "--from-issue", str(DATA / event), "--comment-file",
               str(comment), "--root", str(root)) == (2, "", f"sst: {message}\n")
    assert snapshot(root) == before
    assert comment.read_text(encoding="utf-8").startswith("Check-in not recorded: ")


@pytest.mark.parametrize(("payload", "message"), [
    (b"{not json", "is not a GitHub event (JSON): Expecting property name enclosed in "
                   "double quotes: line 1 column 2 (char 1)"),
    (b"[1, 2]", "is not a GitHub event: a JSON object was expected"),
    (b'{"action": "opened"}', "no `issue` in the event: run --from-issue on an `issues` "
                              "event (GITHUB_EVENT_PATH of a workflow `on: issues`)"),
    (b"\xff\xfe", "is not a GitHub event (JSON): 'utf-8' codec can't decode byte 0xff in "
                  "position 0: invalid start byte"),
    (b" " * (1024 * 1024 + 1), "1048577 bytes is too big for a GitHub event"),
], ids=["not-json", "a-list", "no-issue", "not-utf8", "too-big"])
def test_a_bad_payload_names_the_file(tmp_path: Path, payload: bytes, message: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = started(tmp_path / "repo")
    before = snapshot(root)
    event = tmp_path / "event.json"
    event.write_bytes(payload)
    assert run(capsys, "checkin", "--from-issue", str(event), "--root", str(root)) == \
        (2, "", f"sst: {event}: {message}\n")
    assert snapshot(root) == before


def test_an_issue_without_the_label_or_with_a_lone_surrogate_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = started(tmp_path / "repo")
    payload = json.loads((DATA / "event-goal.json").read_text(encoding="utf-8"))
    payload["issue"]["labels"] = []
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    assert run(capsys, "checkin", "--from-issue", str(event), "--root", str(root))[2] == \
        "sst: issue #41 has no `check-in` label: it was not opened with the Check-in form\n"
    payload = json.loads((DATA / "event-goal.json").read_text(encoding="utf-8"))
    payload["issue"]["body"] = payload["issue"]["body"].replace("Two", "T\ud800wo")
    event.write_text(json.dumps(payload), encoding="utf-8")  # JSON escapes it: \\ud800
    code, _, err = run(capsys, "checkin", "--from-issue", str(event), "--root", str(root))
    assert (code, err) == (2, "sst: the note holds U+D800 at character 2, which is no text: "
                              "write it in UTF-8\n")


# --- the form and the workflow ---------------------------------------------------------------

def test_write_form_lists_the_goals_and_open_battles(goal_repo: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "checkin", "--write-form", "--root", str(goal_repo)) == \
        (0, f"wrote {FORM_FILE}\n", "")
    written = yaml.safe_load((goal_repo / FORM_FILE).read_text(encoding="utf-8"))
    assert written["body"][0]["attributes"]["options"] == [
        "Goal: Grow sales (grow)", "Battle: Launch (launch)"]
    assert run(capsys, "checkin", "--write-form", "--root", str(goal_repo))[1] == \
        f"{FORM_FILE} is up to date\n"
    edit(goal_repo, "strategy/battles/launch.yaml", "status: active", "status: won")
    assert run(capsys, "checkin", "--write-form", "--root", str(goal_repo))[1] == \
        f"updated {FORM_FILE}\n"
    written = yaml.safe_load((goal_repo / FORM_FILE).read_text(encoding="utf-8"))
    assert written["body"][0]["attributes"]["options"] == ["Goal: Grow sales (grow)"]


def test_the_repository_ships_the_form_and_workflow_of_its_strategy() -> None:
    assert (REPO / WORKFLOW_FILE).read_text(encoding="utf-8") == \
        workflow_text(install="pip install .")
    model = check_tree(REPO, load_settings(REPO, {})).model
    # when this fails, the example's goals or battles changed: run `sst checkin --write-form`
    assert (REPO / FORM_FILE).read_text(encoding="utf-8") == form_text(choices_of_model(model))


def test_the_checkin_workflow_is_least_privilege_pinned_and_keeps_issue_text_out_of_shells(
) -> None:
    text = starter_files(STARTED)[WORKFLOW_FILE]
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    assert workflow[True] == {  # YAML 1.1 reads `on:` as true
        "issues": {"types": ["opened"]},
        "push": {"branches": ["main"], "paths": ["strategy/goals/**", "strategy/battles/**"]}}
    assert workflow["jobs"]["checkin"]["permissions"] == {
        "contents": "write", "pull-requests": "write", "issues": "write"}
    assert workflow["jobs"]["form"]["permissions"] == {
        "contents": "write", "pull-requests": "write"}
    for job in workflow["jobs"].values():  # the token only in the steps that run gh
        assert "GH_TOKEN" not in job.get("env", {})
        assert job["steps"][0]["with"] == {"persist-credentials": False}
        assert all("GH_TOKEN" in step.get("env", {}) for step in job["steps"]
                   if "gh " in step.get("run", ""))
    assert "'check-in'" in workflow["jobs"]["checkin"]["if"]
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                reference = step["uses"].split("@", 1)[1]
                assert len(reference) == 40 and int(reference, 16) >= 0, step["uses"]
            # only numbers and outcomes from the event reach a step, through its environment
            assert "${{" not in step.get("run", ""), step
    assert 'sst checkin --from-issue "$GITHUB_EVENT_PATH"' in text
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text


def test_the_form_is_a_valid_github_issue_form(tmp_path: Path) -> None:
    starter = tmp_path / "checkin.yml"
    starter.write_text(starter_files(STARTED)[FORM_FILE], encoding="utf-8")
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-issue-forms", str(starter), str(REPO / FORM_FILE)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_actionlint_passes_on_the_checkin_workflow(tmp_path: Path) -> None:
    starter = tmp_path / "sst-checkin.yml"
    starter.write_text(starter_files(STARTED)[WORKFLOW_FILE], encoding="utf-8")
    done = subprocess.run([str(BIN / "actionlint"), "-shellcheck=", str(starter),
                           str(REPO / WORKFLOW_FILE)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


FAKE_GH = """\
#!/bin/sh
# gh as the workflow calls it: each call logged, a pull request's address printed
printf '%s\\n' "gh $*" >> "$GH_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cat "$2" >> "$GH_LOG"; fi
  shift
done
echo "https://github.com/levain-co/strategy/pull/7"
"""


def run_checkin_job(tmp_path: Path, event: Path, job_name: str = "checkin",
                    change: tuple[str, str, str] | None = None) -> tuple[Path, str]:
    """A job's shell steps, run in order as the runner would (its `if`s and step outputs
    included) in a clone of a started repository (with CHANGE made and committed), with a
    local `origin` and a `gh` that logs what it is asked; the clone and the log."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    work = started(tmp_path / "work")
    commit_all(work, "start")
    if change:
        edit(work, *change)
        commit_all(work, "changed")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "gh").write_text(FAKE_GH, encoding="utf-8")
    (tools / "gh").chmod(0o755)
    runner_temp, output, log = tmp_path / "runner", tmp_path / "output", tmp_path / "gh.log"
    runner_temp.mkdir()
    environment = {
        "PATH": f"{tools}:{BIN}:/usr/bin:/bin", "HOME": str(tmp_path), "GH_LOG": str(log),
        "GITHUB_EVENT_PATH": str(event), "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(output), "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "levain-co/strategy", "GITHUB_RUN_ID": "1", "GH_TOKEN": "x",
        "NUMBER": str(json.loads(event.read_text(encoding="utf-8"))["issue"]["number"]),
        "SST_AS_OF": "2026-06-30"}
    job = yaml.safe_load((work / WORKFLOW_FILE).read_text(encoding="utf-8"))["jobs"][job_name]
    outcomes: dict[str, str] = {}
    for step in job["steps"]:
        if "run" not in step or step["name"] == "Install":
            continue
        outputs = dict(line.split("=", 1) for line in output.read_text().split()) \
            if output.exists() else {}
        condition = step.get("if", "")
        if condition == "steps.checkin.outputs.status == '0'" and outputs.get("status") != "0":
            outcomes[step.get("id", "")] = "skipped"
            continue
        assert condition in ("", "always()", "steps.checkin.outputs.status == '0'"), condition
        step_environment = {"STATUS": outputs.get("status", ""),
                            "PULL_REQUEST": outcomes.get("pull-request", "skipped")}
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, check=False,
                              env={**environment, **step_environment},
                              capture_output=True, text=True)
        outcomes[step.get("id", "")] = "success" if done.returncode == 0 else "failure"
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    return work, log.read_text(encoding="utf-8") if log.exists() else ""


@pytest.mark.slow
def test_the_checkin_job_pushes_a_branch_opens_a_pull_request_and_closes_the_issue(
        tmp_path: Path) -> None:
    work, log = run_checkin_job(tmp_path, DATA / "event-goal.json")
    changed = git(tmp_path / "origin.git", "diff", "--name-only", "main", "check-in/issue-41")
    assert changed.split() == ["strategy/goals/first-goal.md", "strategy/kpis/first-kpi.yaml"]
    calls = [line for line in log.splitlines() if line.startswith("gh ")]
    assert calls[0] == "gh auth setup-git"
    assert calls[1].startswith("gh pr create --head check-in/issue-41 --title Check-in from "
                               "issue #41 --body-file ")
    assert calls[2:] == [f"gh issue comment 41 --body-file {tmp_path}/runner/comment.md",
                         "gh issue close 41 --reason completed"]
    assert "The pull request: https://github.com/levain-co/strategy/pull/7" in log
    assert git(work, "status", "--porcelain") == ""


@pytest.mark.slow
def test_the_checkin_job_answers_a_refusal_and_pushes_nothing(tmp_path: Path) -> None:
    _work, log = run_checkin_job(tmp_path, DATA / "event-bad-value.json")
    assert git(tmp_path / "origin.git", "for-each-ref", "--format=%(refname)").split() == \
        ["refs/heads/main"]
    calls = [line for line in log.splitlines() if line.startswith("gh ")]
    assert calls == [f"gh issue comment 44 --body-file {tmp_path}/runner/comment.md",
                     "gh issue close 44 --reason not planned"]
    assert "Check-in not recorded: 'ten thousand' is not a number" in log


@pytest.mark.slow
def test_the_form_job_proposes_the_new_list_when_a_goal_changes(tmp_path: Path) -> None:
    change = ("strategy/goals/first-goal.md", "title: Grow monthly revenue to 12,000 EUR",
              "title: Grow monthly revenue to 13,000 EUR")
    _work, log = run_checkin_job(tmp_path, DATA / "event-goal.json", "form", change)
    form_after = git(tmp_path / "origin.git", "show", f"sst/check-in-form:{FORM_FILE}")
    assert "Goal: Grow monthly revenue to 13,000 EUR (first-goal)" in form_after
    assert log.startswith("gh auth setup-git\ngh pr create --head sst/check-in-form --title ")
    assert run_checkin_job(tmp_path / "again", DATA / "event-goal.json", "form")[1] == ""


TWO_AT_ONCE = """\
import sys, time
from sst_plugin.cli import main
from sst_plugin.core.edit import measurements
write = measurements.write_edits
def slow(*args, **kwargs):
    time.sleep(0.3)
    return write(*args, **kwargs)
measurements.write_edits = slow
import sst_plugin.core.edit.checkin as checkin
checkin.write_edits = slow
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_two_checkins_at_once_both_land(goal_repo: Path) -> None:
    """Both edit the KPI's file: the strategy folder's lock keeps the first one's value."""
    processes = [subprocess.Popen([sys.executable, "-c", TWO_AT_ONCE, "checkin", entity,
                                   "--value", value, "--date", day, "--confidence", "5",
                                   "--root", str(goal_repo)])
                 for entity, value, day in (("grow", "150", "2026-06-01"),
                                            ("launch", "155", "2026-06-08"))]
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    model = check(goal_repo).model
    kpi = model.get("sales", Kpi)
    assert kpi is not None
    assert {m.date.isoformat(): m.value for m in kpi.measurements} == {
        "2026-01-31": 100, "2026-05-31": 140, "2026-06-01": 150, "2026-06-08": 155}
    battle = model.get("launch", Battle)
    assert battle is not None and [c.date.isoformat() for c in battle.checkins] == ["2026-06-08"]
