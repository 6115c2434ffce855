"""The measurements of a spreadsheet (CSV or .xlsx), and which rows gave them.

A sheet kept by hand has more than measurements: weeks not measured yet, a total at the bottom,
a title above the header. Such rows are skipped and said, each with its row number and why; a
row that means a measurement but cannot be read (a date that does not exist, a value that is
not a number) refuses the whole import, so that a typing mistake is never dropped quietly.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..findings import did_you_mean
from ..read.config import ConfigError
from .measurements import NewMeasurement, _check_note
from .sheet_cells import (
    DECIMAL_MARKS,
    Cell,
    CellError,
    column_dates,
    column_numbers,
    date_format_option,
    is_no_value,
)
from .sheet_files import read_table

# the header each column is found by when no option names it: in the languages SST speaks
DATE_NAMES = ("date", "Datum", "fecha", "日期")
VALUE_NAMES = ("value", "Wert", "valeur", "valor", "值", "数值")
# what a spreadsheet shows (and exports) for a formula that failed: a week with no number
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!"})
HEADER_ROWS = 20  # a title or a note may stand above the header: looked for this far down


@dataclass
class Imported:
    measurements: list[NewMeasurement]
    used: list[int]  # the rows that gave them
    skipped: list[tuple[int, str]]  # (row, why)
    how: list[str] = field(default_factory=list)  # what the file was read as


def _name(text: object) -> str:
    """A header as it is compared: case, width, spacing, `-` and `_` aside."""
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return " ".join(folded.replace("-", " ").replace("_", " ").split())


def _find_column(header: Sequence[Cell], wanted: Sequence[str]) -> int | None:
    names = [_name(cell.value) for cell in header]
    for candidate in wanted:
        exact = [i for i, cell in enumerate(header) if str(cell.value or "").strip() == candidate]
        if len(exact) == 1:
            return exact[0]
        matches = [i for i, name in enumerate(names) if name == _name(candidate)]
        if len(matches) > 1:
            raise ConfigError(f"row {header[0].row}: {len(matches)} columns are named "
                              f"`{candidate}`: rename one, or name the one to read")
        if matches:
            return matches[0]
    return None


def _header(path: Path, rows: list[list[Cell]], wanted: dict[str, Sequence[str]]
            ) -> tuple[int, dict[str, int]]:
    """The header row's index among ROWS and each wanted column's position in it: the first
    row, among the first few, that names them all."""
    if not rows:
        raise ConfigError(f"{path}: holds no rows")
    for index, row in enumerate(rows[:HEADER_ROWS]):
        found = {role: _find_column(row, names) for role, names in wanted.items()}
        if all(position is not None for position in found.values()):
            return index, {role: p for role, p in found.items() if p is not None}
    header = rows[0]
    columns = [str(cell.value) for cell in header if not is_no_value(cell.value)]
    for role, names in wanted.items():
        if _find_column(header, names) is None:
            option = f"--{role}-column"
            listed = "columns: " + ", ".join(columns)
            if len(names) == 1:  # named by the option
                hint = did_you_mean(names[0], columns) or listed
                raise ConfigError(f"{path}:{header[0].row}: no column `{names[0]}`: {hint}")
            raise ConfigError(f"{path}:{header[0].row}: no column of {role}s: none is named "
                              f"{', '.join(names)}; {listed}: name it with {option}")
    raise ConfigError(f"{path}:{header[0].row}: no row names every column asked for")


def _cell(row: list[Cell], position: int) -> Cell:
    return row[position] if position < len(row) else Cell(row[0].row, None)


def _why_skipped(date_cell: Cell, value_cell: Cell) -> str | None:
    """Why a row holds no measurement, or None when it means one."""
    if is_no_value(date_cell.value):
        return "no date"
    if isinstance(date_cell.value, str) and not re.search("[0-9]", date_cell.value):
        return f"`{date_cell.value.strip()}` is no date (a title or a total)"
    if isinstance(value_cell.value, str) and value_cell.value.strip().upper() in EXCEL_ERRORS:
        return f"`{value_cell.value.strip()}`: a formula's error, no value"
    if is_no_value(value_cell.value):
        shown = str(value_cell.value or "").strip()
        return f"no value (`{shown}`)" if shown else "no value"
    return None


def read_measurements(path: Path, date_column: str | None = None,
                      value_column: str | None = None, note_column: str | None = None,
                      date_format: str | None = None, decimal: str | None = None,
                      sheet: str | None = None, kpi_names: Sequence[str] = ()) -> Imported:
    """The measurements of a spreadsheet; an unreadable row is an error naming its row. The
    values are in VALUE_COLUMN, else in a column named `value` (`Wert`...), else in one named
    as the KPI (KPI_NAMES: its ID and title, `SLA-Quote`)."""
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise ConfigError(f"--decimal {decimal}: give `,` (decimal comma) or `.` (decimal "
                          "point)")
    strptime = date_format_option(date_format)
    table = read_table(path, sheet)
    wanted: dict[str, Sequence[str]] = {
        "date": (date_column,) if date_column else DATE_NAMES,
        "value": (value_column,) if value_column else (*VALUE_NAMES, *kpi_names)}
    if note_column:
        wanted["note"] = (note_column,)
    at, columns = _header(path, table.rows, wanted)
    header = table.rows[at]
    kept, skipped = [], []
    for row in table.rows[at + 1:]:
        date_cell, value_cell = _cell(row, columns["date"]), _cell(row, columns["value"])
        why = _why_skipped(date_cell, value_cell)
        if why:
            skipped.append((row[0].row, why))
        else:
            kept.append(row)
    names = {role: str(header[p].value).strip() for role, p in columns.items()}
    try:
        dates, date_shape = column_dates([_cell(r, columns["date"]) for r in kept],
                                         names["date"], strptime)
        values, mark = column_numbers([_cell(r, columns["value"]) for r in kept],
                                      names["value"], decimal)
    except CellError as error:
        raise ConfigError(f"{path}:{error.row}: {error.reason}") from None
    found: list[NewMeasurement] = []
    first_row: dict[date, int] = {}
    for row in kept:
        number = row[0].row
        when, value = dates[number], values[number]
        if not math.isfinite(value):
            raise ConfigError(f"{path}:{number}: {value} is not a usable number")
        if when in first_row:
            raise ConfigError(f"{path}:{number}: {when.isoformat()} is in row "
                              f"{first_row[when]} already: keep one of the two rows")
        first_row[when] = number
        note = _note(_cell(row, columns["note"])) if "note" in columns else None
        _check_note(note)
        found.append(NewMeasurement(when, value, note))
    if not found:
        reasons = "; ".join(f"row {row}: {why}" for row, why in skipped[:5])
        raise ConfigError(f"{path}: no rows to import" + (f" ({reasons})" if reasons else ""))
    how = [*table.how, f"header in row {header[0].row}",
           f"dates from `{names['date']}`" + (f" ({date_shape})" if date_shape else ""),
           f"values from `{names['value']}`" + (f" ({DECIMAL_MARKS[mark]})" if mark else "")]
    return Imported(found, [row[0].row for row in kept], skipped, how)


def _note(cell: Cell) -> str | None:
    value = cell.value
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.strip() or None


def rows_text(rows: Sequence[int]) -> str:
    """Row numbers as a person reads them: `2-14, 16`."""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def report_lines(path: Path, imported: Imported) -> list[str]:
    """What the import read, the rows it used and each row it skipped, with why."""
    lines = [f"{path.name}: " + ", ".join(imported.how),
             f"used {len(imported.used)} row{'s' * (len(imported.used) != 1)}: "
             f"{rows_text(imported.used)}"]
    by_reason: dict[str, list[int]] = {}
    for row, why in imported.skipped:
        by_reason.setdefault(why, []).append(row)
    for why, rows in sorted(by_reason.items(), key=lambda item: item[1][0]):
        lines.append(f"skipped row{'s' * (len(rows) != 1)} {rows_text(rows)}: {why}")
    return lines
