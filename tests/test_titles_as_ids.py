"""A reference that names an entity by its title: the finding says which ID was meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, findings, where, write

TACTIC = "strategy/tactics/tasting.yaml"
MUST_BE_AN_ID = "`battle` must be an ID (lower-case words joined by hyphens, like north-shop), "
MEANT = 'did you mean `fix-service-desk` (the battle titled "Fix the service desk")?'


@pytest.fixture
def desk(repo: Path) -> Path:
    """The minimal strategy with a second battle, titled as people say it."""
    text = (repo / "strategy/battles/launch.yaml").read_text(encoding="utf-8")
    write(repo, "strategy/battles/fix-service-desk.yaml",
          text.replace("title: Launch", "title: Fix the service desk"))
    return repo


@pytest.mark.parametrize(("written", "hint"), [
    ("Fix the service desk", MEANT),  # the exact title
    ("fix the  Service Desk", MEANT),  # case and spacing aside
    ("Fix service desk", MEANT),  # a close title
    ("Grow sales", None),  # a goal's title: a battle field offers battles only
])
def test_a_title_where_an_id_belongs_names_the_id(desk: Path, written: str,
                                                  hint: str | None) -> None:
    edit(desk, TACTIC, "battle: launch", f"battle: {written}")
    found = [f for f in findings(desk) if f.place and f.place.file == TACTIC]
    assert where(found) == [("SST002", TACTIC, 2, 9)]
    expected = f'{MUST_BE_AN_ID}not "{written}"'
    assert found[0].message == (f"{expected}: {hint}" if hint else expected)


def test_a_person_named_by_name_in_a_list_item(desk: Path) -> None:
    edit(desk, TACTIC, "  - action: Set up the board\n    owner: ann",
         "  - action: Set up the board\n    owner: Ann")
    [found] = [f for f in findings(desk) if f.place and f.place.file == TACTIC]
    assert where([found]) == [("SST002", TACTIC, 10, 12)]
    assert found.message.endswith('did you mean `ann` (the person named "Ann")?')


def test_an_unknown_id_close_to_a_title_is_told_the_id(desk: Path) -> None:
    """`fix-the-service-desk` is an ID in form, of no entity: SST005 names the battle."""
    edit(desk, TACTIC, "battle: launch", "battle: fix-the-service-desk")
    found = [f for f in findings(desk) if f.code == "SST005"]
    assert where(found) == [("SST005", TACTIC, 2, 9)]
    assert found[0].message == ("`battle` names `fix-the-service-desk`, which does not exist: "
                                f"{MEANT}")


def test_a_misspelt_id_keeps_its_plain_suggestion(desk: Path) -> None:
    edit(desk, TACTIC, "battle: launch", "battle: lanch")
    [found] = [f for f in findings(desk) if f.code == "SST005"]
    assert found.message == "`battle` names `lanch`, which does not exist: did you mean `launch`?"
