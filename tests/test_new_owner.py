"""`sst new person|team` (#16): added to people.yaml after the last of its list, every comment and
line kept byte for byte, checked before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check, write

from sst_plugin.cli import main

PEOPLE = "strategy/people.yaml"
# as a team keeps it: a schema line, comments above, between and after the items, odd indents
COMMENTED = """\
# yaml-language-server: $schema=../schemas/people.schema.json
# Who owns what.
teams:
    -   id: bakehouse     # the ovens
        name: Bakehouse
# people, newest last
people:
  - id: ann
    name: Ann
    team: bakehouse  # since 2019
    # on leave in August
# end of the list
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_person_and_a_team_keep_every_byte(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, PEOPLE, COMMENTED)
    code, out, err = run(capsys, "new", "team", "service-desk", "--name", "Service desk",
                         "--github", "acme/service-desk", "--root", str(repo))
    assert (code, out, err) == (0, f"added team service-desk to {PEOPLE}\n", "")
    code, out, _ = run(capsys, "new", "person", "jonas-weber", "--name", "Jonas Weber",
                       "--team", "service-desk", "--role", "Lead: 2nd level", "--github",
                       "@jweber", "--root", str(repo))
    assert (code, out) == (0, f"added person jonas-weber to {PEOPLE}\n")
    assert (repo / PEOPLE).read_text(encoding="utf-8") == COMMENTED.replace(
        "        name: Bakehouse\n",
        "        name: Bakehouse\n"
        "    -   id: service-desk\n        name: Service desk\n"
        "        github: acme/service-desk\n").replace(
        "    # on leave in August\n",
        "    # on leave in August\n"
        "  - id: jonas-weber\n    name: Jonas Weber\n    team: service-desk\n"
        '    role: "Lead: 2nd level"\n    github: jweber\n')
    model = check(repo).model
    assert [p.id for p in model.people] == ["ann", "jonas-weber"]
    assert not [f for f in check(repo).findings if f.severity == "error"]


def test_crlf_a_byte_order_mark_and_a_list_not_written_yet(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "\ufeff# owners\r\npeople:\r\n  - id: ann\r\n    name: Ann\r\n"
    (repo / PEOPLE).write_bytes(text.encode("utf-8"))
    assert run(capsys, "new", "team", "shop", "--name", "Shop", "--root", str(repo))[0] == 0
    assert (repo / PEOPLE).read_bytes() == \
        (text + "teams:\r\n  - id: shop\r\n    name: Shop\r\n").encode("utf-8")
    write(repo, PEOPLE, "teams: []  # none yet\npeople:\n  - id: ann\n    name: Ann\n")
    assert run(capsys, "new", "team", "shop", "--name", "Shop", "--root", str(repo))[0] == 0
    assert (repo / PEOPLE).read_text(encoding="utf-8") == \
        "teams:  # none yet\n  - id: shop\n    name: Shop\npeople:\n  - id: ann\n    name: Ann\n"


@pytest.mark.parametrize(("args", "message"), [
    (["person", "bob", "--name", "Bob", "--team", "bakehous"],
     "--team bakehous: no team `bakehous`: did you mean `bakehouse`? (add one with "
     "`sst new team ID --name NAME`)"),
    (["person", "bakehouse", "--name", "Bob"],
     f"`bakehouse` is the ID of the team `Bakehouse` ({PEOPLE}:4:9) already: IDs are unique "
     "across the strategy"),
    (["team", "grow", "--name", "Growth"],
     "`grow` is the ID of the goal `Grow sales` (strategy/goals/grow.yaml:1:1) already: IDs "
     "are unique across the strategy"),
    (["person", "Bob", "--name", "Bob"],
     "`Bob` is not a valid ID: lower-case words joined by hyphens, at most 64 characters"),
    (["person", "bob"], "sst new person needs --name: the person's name as people read it"),
    (["person", "bob", "--name", "Bob", "--github", "bob smith"],
     "--github bob smith: not a GitHub user name: write it as `ann-smith`"),
    (["team", "desk", "--name", "Desk", "--github", "desk"],
     "--github desk: not a GitHub team (organisation/team): write it as `my-org/service-desk`"),
    (["team", "desk", "--name", "Desk", "--team", "bakehouse"],
     "a team has no --team: give it to its people"),
    (["person", "bob", "--name", "Bob", "--title", "Bob"],
     "sst new person takes no --title: a person or team has --name"),
    (["goal", "more", "--name", "More"],
     "sst new goal takes no --name: --name, --team, --role and --github are for a person or "
     "a team"),
])
def test_refused_before_anything_is_written(repo: Path, capsys: pytest.CaptureFixture[str],
                                            args: list[str], message: str) -> None:
    write(repo, PEOPLE, COMMENTED)
    before = (repo / PEOPLE).read_bytes()
    code, out, err = run(capsys, "new", *args, "--root", str(repo))
    assert (code, out, err) == (2, "", f"sst: {message}\n")
    assert (repo / PEOPLE).read_bytes() == before


def test_a_name_yaml_would_misread_is_quoted(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for number, name in enumerate(["yes", "#1 fan", "Ann: baker", "- dash", "O'Neil", "1.5",
                                   "Zoë \"Zo\" Li"]):
        assert run(capsys, "new", "person", f"p{number}", "--name", name, "--root",
                   str(repo))[0] == 0
    names = {p.id: p.title for p in check(repo).model.people}
    assert [names[f"p{n}"] for n in range(7)] == ["yes", "#1 fan", "Ann: baker", "- dash",
                                                 "O'Neil", "1.5", "Zoë \"Zo\" Li"]
    assert "    name: O'Neil\n" in (repo / PEOPLE).read_text(encoding="utf-8")


def test_the_new_id_joins_the_editor_schemas(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--root", str(repo), "--write-schemas")[0] == 0
    schemas = repo / ".sst" / "schemas"
    assert '"bob"' not in (schemas / "goal.schema.json").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "new", "person", "bob", "--name", "Bob", "--root", str(repo))
    assert code == 0 and out.startswith(f"added person bob to {PEOPLE}\nupdated .sst/schemas/")
    assert '"bob"' in (schemas / "goal.schema.json").read_text(encoding="utf-8")
