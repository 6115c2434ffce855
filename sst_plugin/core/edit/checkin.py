"""`sst checkin`: a goal's or battle's check-in, and the value of its KPI, in one checked edit.

The check-in is added to the entity's `checkins` (YAML file or Markdown front matter), the value
to its KPI's `measurements`, each in date order and in the style of its neighbours, every other
byte as the team wrote it. Both files are checked together with the whole strategy and written
only if no new error comes of them, with the strategy folder locked from the first read to the
write (as `sst kpi add`).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model.ids import is_valid_id
from ..model.model import Battle, Goal, Kpi, Model
from ..read.atomic import locked
from ..read.config import ConfigError, Settings
from ..read.load import Document
from ..rules.check import check_tree
from .measurements import (
    LOCK_TIMEOUT,
    Edit,
    NewMeasurement,
    check_edits,
    check_read_back,
    planned_edit,
    quoted,
    read_for_edit,
    write_edits,
)
from .yaml_lists import (
    ListItem,
    date_quote,
    end_of,
    end_of_fields,
    list_items,
    open_empty_list,
    refuse_a_flow_list,
    start_of,
)

KEY = "checkins"
CONFIDENCES = range(1, 11)


@dataclass(frozen=True)
class NewCheckin:
    date: date
    confidence: int
    note: str | None = None
    by: str | None = None  # a person's ID
    value: float | None = None  # recorded on the entity's KPI when given


@dataclass
class CheckinDone:
    """What `record_checkin` did: the entity, and the edits (unchanged ones included)."""

    entity: Goal | Battle
    checkin: Edit
    measurement: Edit | None = None

    @property
    def changed(self) -> list[Edit]:
        return [e for e in (self.measurement, self.checkin) if e and e.after != e.before]


def parse_confidence(text: str) -> int:
    """A confidence as typed: a whole number from 1 (hopeless) to 10 (certain)."""
    try:
        confidence = int(text.strip())
    except ValueError:
        confidence = 0
    if confidence not in CONFIDENCES:
        raise ConfigError(f"confidence {text.strip()!r}: write a whole number from 1 (hopeless) "
                          "to 10 (certain)")
    return confidence


def find_entity(model: Model, wanted: str) -> Goal | Battle:
    """The goal or battle with this ID or this exact title (case does not matter); the close
    matches in the error when none or several are."""
    key = _comparable(wanted)
    candidates: list[Goal | Battle] = [*model.goals, *model.battles]
    for field_of in (lambda e: e.id, lambda e: e.title):
        found = [e for e in candidates if _comparable(field_of(e)) == key]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ConfigError(f"`{wanted}` is the title of {_named(found)}: give the ID instead")
    inner = wanted.strip()
    if inner.endswith(")") and "(" in inner:  # a form's option: `Title (id)`
        return find_entity(model, inner[inner.rindex("(") + 1:-1])
    names = {_comparable(n): n for e in candidates for n in (e.id, e.title)}
    close = [names[n] for n in difflib.get_close_matches(key, names, n=3, cutoff=0.6)] or \
        [e.id for e in candidates if all(word in _comparable(e.title) for word in key.split())]
    hint = "did you mean " + " or ".join(f"`{n}`" for n in close) + "?" if close else \
        "goals and battles: " + ", ".join(sorted(e.id for e in candidates))
    raise ConfigError(f"no goal or battle has the ID or title `{wanted}`: {hint}")


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _named(entities: list[Goal | Battle]) -> str:
    return " and ".join(f"{e.kind} `{e.id}`" for e in sorted(entities, key=lambda e: e.id))


def record_checkin(root: Path, settings: Settings, wanted: str, new: NewCheckin,
                   replace: bool = False) -> CheckinDone:
    """Add the check-in (and the value) and write both files, or neither: EditRefused with the
    findings when the strategy would have a new error."""
    _check_text(new.note, "note")
    with locked(root / settings.strategy_dir, LOCK_TIMEOUT):
        result = check_tree(root, settings)
        entity = find_entity(result.model, wanted)
        done = CheckinDone(entity, _planned_checkin(root, entity.source.doc, new))
        additions = []
        if new.value is not None:
            if not entity.kpi:
                raise ConfigError(f"{entity.source.doc.file}: the {entity.kind} `{entity.id}` "
                                  "names no KPI to record the value on")
            additions = [NewMeasurement(new.date, new.value)]
            done.measurement = planned_edit(root, result, entity.kpi, additions, replace)
        if done.changed:
            after = check_edits(root, settings, done.changed, result.findings)
            if done.measurement is not None:
                check_read_back(after.model.get(entity.kpi, Kpi), additions, done.measurement)
            _check_checkin_read_back(after.model, entity, new, done.checkin)
            write_edits(done.changed)
    return done


def _check_text(text: str | None, name: str) -> None:
    """Text that is not UTF-8 (a lone surrogate, as JSON allows) can be neither written nor read."""
    for position, character in enumerate(text or ""):
        if unicodedata.category(character) == "Cs":
            raise ConfigError(f"the {name} holds U+{ord(character):04X} at character "
                              f"{position + 1}, which is no text: write it in UTF-8")


def _planned_checkin(root: Path, document: Document, new: NewCheckin) -> Edit:
    edit = read_for_edit(root, document.file)
    text = edit.before
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    items = list_items(document, KEY)
    if items:
        refuse_a_flow_list(lines, document, KEY)
    when = new.date.isoformat()
    for item in items:
        if item.date == when:
            if _same(item, new):
                return edit  # recorded already: a workflow run twice changes nothing
            raise ConfigError(f"{document.file}:{item.line + 1}: the {document.kind} has a "
                              f"check-in on {when} already: edit it by hand, or give another "
                              "date")
    raw_items = (document.data or {}).get(KEY)
    if items:
        # before the first check-in dated after it, else after the last one
        later = [i for i in items if i.date > when]
        neighbour = later[0] if later else items[-1]
        at = start_of(lines, later[0]) if later else end_of(lines, items[-1])
        lines[at:at] = _item_lines(lines, document, neighbour, new)
    elif isinstance(raw_items, list):  # `checkins: []`
        row, prefix = open_empty_list(lines, document, KEY)
        lines[row:row] = _block_lines(prefix, new, "")
    else:  # no `checkins` yet: a block at the end of the fields
        end = end_of_fields(lines, document)
        lines[end:end] = [f"{KEY}:", *_block_lines("  - ", new, "")]
    edit.after = newline.join(lines)
    edit.added.append(new.date)
    return edit


def _same(item: ListItem, new: NewCheckin) -> bool:
    fields = item.fields
    return (fields.get("confidence"), fields.get("note"), fields.get("by")) == \
        (new.confidence, new.note, new.by)


def _item_lines(lines: list[str], document: Document, neighbour: ListItem,
                new: NewCheckin) -> list[str]:
    first = lines[neighbour.line]
    quote = date_quote(lines, document, KEY, neighbour)
    if first[neighbour.column] == "{":  # `- {date: ..., confidence: ...}`
        fields = ", ".join(f"{name}: {value}" for name, value in _fields(new, quote))
        return [f"{first[:neighbour.column]}{{{fields}}}"]
    return _block_lines(first[:neighbour.column], new, quote)


def _block_lines(prefix: str, new: NewCheckin, quote: str) -> list[str]:
    continuation = " " * len(prefix)
    return [f"{prefix if index == 0 else continuation}{name}: {value}"
            for index, (name, value) in enumerate(_fields(new, quote))]


def _fields(new: NewCheckin, quote: str) -> list[tuple[str, str]]:
    found = [("date", f"{quote}{new.date.isoformat()}{quote}"),
             ("confidence", str(new.confidence))]
    if new.note:
        found.append(("note", quoted(new.note)))
    if new.by:
        found.append(("by", new.by if is_valid_id(new.by) else quoted(new.by)))
    return found


def _check_checkin_read_back(model: Model, entity: Goal | Battle, new: NewCheckin,
                             edit: Edit) -> None:
    """The edited file must read back with the check-in as given, or nothing is written."""
    if edit.after == edit.before:
        return
    after = model.get(entity.id, type(entity))
    if after is None:  # the file had errors already; the check saw no new one
        return
    if not any((c.date, c.confidence, c.note, c.by) ==
               (new.date, new.confidence, new.note, new.by) for c in after.checkins):
        raise RuntimeError(f"{edit.file}: the check-in of {new.date.isoformat()} would not read "
                           "back as given; nothing written")
