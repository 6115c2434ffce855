"""Adding KPI measurements to a file without disturbing a byte of what the team wrote.

The new lines are written in the style of their neighbours (indentation, flow or block items,
quoted or plain dates) and inserted in date order; nothing else in the file changes. Every
edit is checked with the whole strategy before it is written, and written atomically, with the
strategy folder locked from the first read to the write: two commands at once lose nothing.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..findings import Finding, did_you_mean
from ..model.model import Kpi
from ..read.atomic import locked, replace_file
from ..read.config import ConfigError, Settings
from ..read.load import Document
from ..rules.check import CheckResult, check_tree
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

# how long `sst kpi` waits for another one writing to the same strategy folder
LOCK_TIMEOUT = 30.0
KEY = "measurements"


@dataclass(frozen=True)
class NewMeasurement:
    date: date
    value: float
    note: str | None = None


@dataclass
class Edit:
    """What adding measurements does to one KPI file."""

    path: Path
    before: str
    after: str
    root: Path = Path(".")  # the repository: the file, or its link's target, stays inside it
    added: list[date] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)

    @property
    def file(self) -> str:
        """The file as the findings name it: relative to the repository, with `/`."""
        return self.path.relative_to(self.root).as_posix() \
            if self.path.is_relative_to(self.root) else str(self.path)


class EditRefused(Exception):
    """The edit would break the strategy: the findings say how; the file is left untouched."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(f"{len(findings)} error(s)")
        self.findings = list(findings)


def parse_value(text: str) -> float:
    """A number as a person types it: `71000`, `5.8`, `-3`, `1_000`; never NaN or infinity."""
    try:
        value = float(text.replace("_", "").strip())
    except ValueError:
        raise ConfigError(f"{text!r} is not a number: write digits with a `.` for decimals") \
            from None
    if math.isnan(value) or math.isinf(value):
        raise ConfigError(f"{text!r} is not a usable number")
    return value


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def number_text(value: float) -> str:
    """VALUE as YAML 1.1 reads it back: the same number, never text.

    Python writes `1e-05` and `1e+16`, which YAML 1.1 reads as text (its floats need a dot):
    small numbers are written out in full, big ones with a dot before the exponent.
    """
    number = float(value)
    text = repr(number)
    if "e" not in text:
        return str(int(number)) if number.is_integer() else text
    mantissa, exponent = text.split("e")
    if int(exponent) < 0:
        return format(Decimal(text), "f")
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{exponent}"


# kept as they are although they are format characters: they join letters and emoji
_JOINERS = frozenset("\u200c\u200d")
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quoted(text: str) -> str:
    """TEXT as a double-quoted YAML scalar on one line that reads back as TEXT.

    Escaped: quotes and backslashes, and every character that YAML takes for a line break
    (NEL, U+2028, U+2029, which would shift the lines of every later edit), that the loader
    refuses (controls, a byte-order mark, non-characters), or that hides in text (bidi and
    zero-width marks).
    """
    return '"' + "".join(_escaped(character) for character in text) + '"'


def _escaped(character: str) -> str:
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    category, code = unicodedata.category(character), ord(character)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    if category in ("Cc", "Zl", "Zp") or noncharacter or \
            (category == "Cf" and character not in _JOINERS):
        return f"\\x{code:02X}" if code <= 0xFF else \
            f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    return character


def _check_note(note: str | None) -> None:
    """A note must be text: a lone surrogate (a byte that was not UTF-8) cannot be written."""
    for position, character in enumerate(note or ""):
        if unicodedata.category(character) == "Cs":
            raise ConfigError(f"the note {note!r} holds U+{ord(character):04X} at character "
                              f"{position + 1}, which is no text (a byte that is not UTF-8?): "
                              "write the note in UTF-8")


def record(root: Path, settings: Settings, kpi_id: str, additions: Sequence[NewMeasurement],
           replace: bool = False) -> Edit:
    """Add the measurements and write the file, holding the strategy folder's lock from the
    first read to the write: a second `sst kpi` waits, then reads what the first wrote."""
    with locked(root / settings.strategy_dir, LOCK_TIMEOUT):
        edit = add_measurements(root, settings, kpi_id, additions, replace)
        if edit.after != edit.before:
            write_edit(edit)
    return edit


def add_measurements(root: Path, settings: Settings, kpi_id: str,
                     additions: Sequence[NewMeasurement], replace: bool = False) -> Edit:
    """The edited text of the KPI's file, checked; `write_edit` writes it."""
    result = check_tree(root, settings)
    edit = planned_edit(root, result, kpi_id, additions, replace)
    if edit.after != edit.before:
        after = check_edits(root, settings, [edit], result.findings)
        check_read_back(after.model.get(kpi_id, Kpi), additions, edit)
    return edit


def planned_edit(root: Path, result: CheckResult, kpi_id: str,
                 additions: Sequence[NewMeasurement], replace: bool = False) -> Edit:
    """The KPI's file with the measurements added, not yet checked (`check_edits` does it)."""
    for new in additions:
        _check_note(new.note)
    kpi = result.model.get(kpi_id, Kpi)
    if kpi is None:
        kpis = [k.id for k in result.model.kpis]
        hint = did_you_mean(kpi_id, kpis) or "KPIs: " + ", ".join(kpis)
        raise ConfigError(f"no KPI named `{kpi_id}`: {hint}")
    document = kpi.source.doc
    edit = read_for_edit(root, document.file)
    edit.after = _edited(edit.before, document, additions, replace, edit)
    return edit


def read_for_edit(root: Path, file: str) -> Edit:
    """FILE (relative to ROOT) as an edit that changes nothing yet."""
    path = root / file
    text = path.read_bytes().decode("utf-8-sig")
    return Edit(path, text, text, root)


def write_edit(edit: Edit) -> None:
    write_edits([edit])


def write_edits(edits: Sequence[Edit]) -> None:
    """Replace each file atomically, keeping its byte-order mark, mode and owner; every file is
    looked at before the first is written, so that a refusal writes none.

    A symbolic link is written through to its target, which must stay in the repository (as
    the loader wants it); the file must still hold what was checked.
    """
    ready = []
    for edit in edits:
        target = Path(os.path.realpath(edit.path))
        where = edit.file
        if not target.is_relative_to(os.path.realpath(edit.root)):
            raise ConfigError(f"{where}: is a link that leads outside the repository: SST "
                              "writes no file there")
        raw = target.read_bytes()
        if raw.decode("utf-8-sig", errors="replace") != edit.before:
            raise ConfigError(f"{where}: changed while SST was checking it: nothing written; "
                              "run the command again")
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        ready.append((target, bom + edit.after.encode("utf-8")))
    for target, content in ready:
        replace_file(target, content)


def check_read_back(kpi: Kpi | None, additions: Sequence[NewMeasurement], edit: Edit) -> None:
    """The edited file must read back with each measurement as given: a writer's bug (a number
    that YAML reads as text, a note that breaks a line) is never written."""
    if kpi is None:  # the file had errors already; the check above saw no new one
        return
    found = {m.date: m for m in kpi.measurements}
    for new in additions:
        if new.date not in (*edit.added, *edit.replaced):
            continue
        read = found.get(new.date)
        if read is None or read.value != new.value or \
                (new.date in edit.added and read.note != (new.note or None)):
            raise RuntimeError(f"{edit.file}: the measurement of {new.date.isoformat()} would not "
                               "read back as given; nothing written")


def check_edits(root: Path, settings: Settings, edits: Sequence[Edit],
                before: Sequence[Finding]) -> CheckResult:
    """Refuse edits that, together, bring an error the strategy did not have."""
    after = check_tree(root, settings, overrides={edit.file: edit.after for edit in edits})

    def key(found: Finding) -> tuple[str, str, str]:
        return (found.code, found.place.file if found.place else "", found.message)

    old = {key(f) for f in before}
    new_errors = [f for f in after.findings if f.severity == "error" and key(f) not in old]
    if new_errors:
        raise EditRefused(new_errors)
    return after


def _edited(text: str, document: Document, additions: Sequence[NewMeasurement],
            replace: bool, edit: Edit) -> str:
    """The KPI file's text with the additions made, every other byte kept."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    raw_items = (document.data or {}).get(KEY)
    items = list_items(document, KEY)
    if items:
        refuse_a_flow_list(lines, document, KEY)
    inserts = _new_dates(additions, {item.date: item for item in items}, document, replace,
                         lines, edit)
    if inserts:
        _insert(lines, document, items, inserts, raw_items)
        edit.added.extend(m.date for m in inserts)
    return newline.join(lines)


def _new_dates(additions: Sequence[NewMeasurement], by_date: dict[str, ListItem],
               document: Document, replace: bool, lines: list[str],
               edit: Edit) -> list[NewMeasurement]:
    """The additions on dates not measured yet, in date order, to insert; each one on a measured
    date is settled on the way (unchanged, replaced, or refused)."""
    inserts: list[NewMeasurement] = []
    for new in sorted(additions, key=lambda m: m.date):
        existing = by_date.get(new.date.isoformat())
        if existing is not None:
            _on_a_measured_date(existing, new, document, replace, lines, edit)
        elif any(m.date == new.date for m in inserts):
            raise ConfigError(f"{new.date.isoformat()} is given twice")
        else:
            inserts.append(new)
    return inserts


def _on_a_measured_date(existing: ListItem, new: NewMeasurement, document: Document,
                        replace: bool, lines: list[str], edit: Edit) -> None:
    """The same value is left alone; another one is replaced with --replace, refused without."""
    when = new.date.isoformat()
    value, note = existing.fields.get("value"), existing.fields.get("note")
    if new.note is not None and new.note != note:
        raise ConfigError(f"{document.file}:{existing.line + 1}: {when} has another note "
                          "already: edit the note by hand")
    if isinstance(value, int | float) and float(value) == new.value:
        edit.unchanged.append(new.date)
    elif not replace:
        raise ConfigError(
            f"{document.file}:{existing.line + 1}: {when} already has the value "
            f"{value}, not {number_text(new.value)}: pass --replace to change it")
    else:
        _replace_value(lines, document, existing, new.value)
        edit.replaced.append(new.date)


def _replace_value(lines: list[str], document: Document, item: ListItem, value: float) -> None:
    place = document.place("measurements", item.index, "value")
    written = document.written.get(("measurements", item.index, "value"))
    if written is None or place.line is None or place.column is None:
        raise ConfigError(f"{document.file}: the value of {item.date} is not a plain number: "
                          "change it by hand")
    row, column = place.line - 1, place.column - 1
    line = lines[row]
    assert line[column:column + len(written)] == written
    lines[row] = line[:column] + number_text(value) + line[column + len(written):]


def _insert(lines: list[str], document: Document, items: list[ListItem],
            inserts: list[NewMeasurement], raw_items: object) -> None:
    if items:
        # each new item goes before the first item dated after it, else after the last item
        for new in reversed(inserts):
            later = [i for i in items if i.date > new.date.isoformat()]
            neighbour = later[0] if later else items[-1]
            at = start_of(lines, later[0]) if later else end_of(lines, items[-1])
            lines[at:at] = _item_lines(lines, document, neighbour, new)
        return
    if isinstance(raw_items, list):  # `measurements: []`
        row, prefix = open_empty_list(lines, document, KEY)
        lines[row:row] = [text for new in inserts for text in _block_lines(prefix, new, "")]
        return
    # no `measurements` at all: a block at the end of the fields
    end = end_of_fields(lines, document)
    block = ["measurements:"]
    for new in inserts:
        block += _block_lines("  - ", new, "")
    lines[end:end] = block


def _item_lines(lines: list[str], document: Document, neighbour: ListItem,
                new: NewMeasurement) -> list[str]:
    first = lines[neighbour.line]
    quote = date_quote(lines, document, KEY, neighbour)
    if first[neighbour.column] == "{":  # `- {date: ..., value: ...}`
        note = f", note: {quoted(new.note)}" if new.note else ""
        return [f"{first[:neighbour.column]}{{date: {quote}{new.date.isoformat()}{quote}, "
                f"value: {number_text(new.value)}{note}}}"]
    return _block_lines(first[:neighbour.column], new, quote)


def _block_lines(prefix: str, new: NewMeasurement, quote: str) -> list[str]:
    continuation = " " * len(prefix)
    found = [f"{prefix}date: {quote}{new.date.isoformat()}{quote}",
             f"{continuation}value: {number_text(new.value)}"]
    if new.note:
        found.append(f"{continuation}note: {quoted(new.note)}")
    return found
