"""Adding a person or a team to people.yaml without disturbing a byte of what the team wrote.

The new item goes after the last one of its list, in the style of its neighbours (indentation,
the order of their fields); every comment and every other line stays. The edit is checked with
the whole strategy before it is written, as `sst kpi add` checks its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..findings import did_you_mean
from ..model.ids import MAX_ID_LENGTH, is_valid_id
from ..model.model import Person, Team
from ..read.atomic import WouldOverwrite, locked, write_new
from ..read.config import ConfigError, Settings
from ..read.load import Document
from ..rules.check import check_tree
from .measurements import LOCK_TIMEOUT, Edit, check_edits, quoted, write_edit
from .yaml_lists import (
    end_of,
    end_of_fields,
    indent_of,
    list_items,
    open_empty_list,
    refuse_a_flow_list,
)

PEOPLE_FILE = "people.yaml"
GROUPS = {"person": "people", "team": "teams"}
# the order a new item's fields are written in when its neighbour does not show one
FIELD_ORDER = ("id", "name", "team", "role", "github")
# as schemas/people.schema.json has them: checked here first, to say what to write instead
GITHUB_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
GITHUB_TEAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class NewOwner:
    """A person or a team to add: what `sst new person|team` was given."""

    kind: str  # person | team
    id: str
    name: str
    team: str | None = None
    role: str | None = None
    github: str | None = None

    def fields(self) -> dict[str, str]:
        given = {"id": self.id, "name": self.name.strip(), "team": self.team,
                 "role": (self.role or "").strip() or None, "github": self.github}
        return {key: value for key, value in given.items() if value}


def record_owner(root: Path, settings: Settings, new: NewOwner) -> Edit:
    """Add NEW to people.yaml (made when missing) and write it, holding the strategy folder's
    lock from the first read to the write."""
    with locked(root / settings.strategy_dir, LOCK_TIMEOUT):
        edit = planned_owner(root, settings, new)
        if not edit.before and not edit.path.exists():
            try:
                write_new(edit.path, edit.after)
            except WouldOverwrite:
                raise ConfigError(f"{edit.file}: appeared while SST was checking it: nothing "
                                  "written; run the command again") from None
        else:
            write_edit(edit)
    return edit


def _checked_fields(new: NewOwner, teams: list[str]) -> NewOwner:
    """NEW as it will be written, or a ConfigError that says what to write instead."""
    if new.kind not in GROUPS:
        raise ConfigError(f"unknown kind `{new.kind}`: use person or team")
    if not is_valid_id(new.id):
        raise ConfigError(f"`{new.id}` is not a valid ID: lower-case words joined by hyphens, "
                          f"at most {MAX_ID_LENGTH} characters")
    if not new.name.strip():
        raise ConfigError(f"sst new {new.kind} needs --name: the {new.kind}'s name as people "
                          "read it")
    if new.kind == "team" and (new.team or new.role):
        raise ConfigError(f"a team has no {'--team' if new.team else '--role'}: give it to "
                          "its people")
    if new.team is not None and new.team not in teams:
        hint = did_you_mean(new.team, teams) or (
            "teams: " + ", ".join(teams) if teams else "people.yaml lists no team yet")
        raise ConfigError(f"--team {new.team}: no team `{new.team}`: {hint} (add one with "
                          "`sst new team ID --name NAME`)")
    github = new.github.strip().removeprefix("@") if new.github else None
    pattern, example = (GITHUB_USER, "ann-smith") if new.kind == "person" else \
        (GITHUB_TEAM, "my-org/service-desk")
    if github is not None and not pattern.fullmatch(github):
        raise ConfigError(f"--github {new.github}: not a GitHub "
                          f"{'user name' if new.kind == 'person' else 'team (organisation/team)'}"
                          f": write it as `{example}`")
    return NewOwner(new.kind, new.id, new.name, new.team, new.role, github)


def planned_owner(root: Path, settings: Settings, new: NewOwner) -> Edit:
    """people.yaml's text with NEW added, checked with the whole strategy."""
    result = check_tree(root, settings)
    model = result.model
    new = _checked_fields(new, [team.id for team in model.teams])
    taken = model.entities.get(new.id)
    if taken is not None:
        raise ConfigError(f"`{new.id}` is the ID of the {model.kind_of(new.id)} "
                          f"`{taken.title}` ({taken.source.place()}) already: IDs are unique "
                          "across the strategy")
    path = root / settings.strategy_dir / PEOPLE_FILE
    document = next((d for d in result.documents if d.kind == "people"), None)
    if document is None:
        if path.exists():
            raise ConfigError(f"{path.relative_to(root).as_posix()}: cannot be read: run "
                              "`sst check` and fix it first")
        edit = Edit(path, "", "", root)
        edit.after = f"{GROUPS[new.kind]}:\n" + "".join(
            f"{line}\n" for line in _item_lines("  - ", new.fields(), FIELD_ORDER))
    else:
        path = root / document.file
        text = path.read_bytes().decode("utf-8-sig")
        edit = Edit(path, text, _added(text, document, new), root)
    after = check_edits(root, settings, [edit], result.findings)
    added = after.model.get(new.id, Person if new.kind == "person" else Team)
    if added is None or added.title != new.name.strip():
        raise RuntimeError(f"{edit.file}: the new {new.kind} would not read back as given; "
                           "nothing written")
    return edit


def _added(text: str, document: Document, new: NewOwner) -> str:
    """TEXT with NEW after the last item of its list, every other byte kept."""
    if not isinstance(document.data, dict):
        raise ConfigError(f"{document.file}: holds no fields: fix it first (`sst check`)")
    group = GROUPS[new.kind]
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    items = list_items(document, group)
    if items:
        refuse_a_flow_list(lines, document, group)
        last = items[-1]
        order = [*last.fields, *FIELD_ORDER]
        at = _end_with_comments(lines, end_of(lines, last), lines[last.line])
        lines[at:at] = _item_lines(lines[last.line][:last.column], new.fields(), order)
    elif isinstance(document.data.get(group), list):  # `people: []`
        row, prefix = open_empty_list(lines, document, group)
        lines[row:row] = _item_lines(prefix, new.fields(), FIELD_ORDER)
    elif group in document.data:  # `people:` with nothing under it yet
        row = document.key_place(group).line or 1
        lines[row:row] = _item_lines("  - ", new.fields(), FIELD_ORDER)
    else:
        end = end_of_fields(lines, document)
        lines[end:end] = [f"{group}:", *_item_lines("  - ", new.fields(), FIELD_ORDER)]
    if lines and lines[-1] != "" and text.endswith(newline):
        lines.append("")
    return newline.join(lines)


def _end_with_comments(lines: list[str], end: int, first: str) -> int:
    """END moved past the comments right after an item that are indented under it (`# on leave
    in August`): they belong to it; a comment at the list's own indent stays after the new item."""
    dash = indent_of(first)
    while end < len(lines) and lines[end].strip().startswith("#") and \
            indent_of(lines[end]) > dash:
        end += 1
    return end


def _item_lines(prefix: str, fields: dict[str, str], order: list[str] | tuple[str, ...]
                ) -> list[str]:
    """The item's lines: `- id: x` then its other fields under it, in ORDER."""
    keys = [key for key in dict.fromkeys(order) if key in fields]
    continuation = " " * len(prefix)
    return [f"{prefix if i == 0 else continuation}{key}: {_scalar(fields[key])}"
            for i, key in enumerate(keys)]


def _scalar(text: str) -> str:
    """TEXT as a plain YAML scalar where it reads back as the same text, else double-quoted."""
    if text == text.strip() and "#" not in text and "\n" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return quoted(text)
