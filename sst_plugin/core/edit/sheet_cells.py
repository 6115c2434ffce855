"""Numbers and dates as spreadsheets write them, read one column at a time.

A cell alone can be read two ways: `1.234` is a thousand and more in Germany and one and a bit
in England, `03/04/2026` is the 3rd of April or the 4th of March. A column is written one way,
so each column is read the one way that reads all of its cells, and an import that cannot tell
is refused with the two readings and the option that settles it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..read.config import ConfigError

# spaces that group thousands: plain, no-break (Excel, LibreOffice) and narrow no-break (CLDR)
_GROUP_SPACES = " \u00a0\u202f\u2009"
DECIMAL_MARKS = {".": "decimal point", ",": "decimal comma"}
# a dash alone is how spreadsheets write "no value this week"
NO_VALUE = frozenset({"", "-", "–", "—", "n/a", "N/A", "k.A.", "k. A."})


class CellError(ConfigError):
    """A cell that cannot be read: its row, and why (the file's name is added by the caller)."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(f"row {row}: {reason}")
        self.row, self.reason = row, reason


@dataclass(frozen=True)
class Cell:
    """A value cell: its row (as the spreadsheet numbers it) and what it holds."""

    row: int
    value: object  # text, a number, a date: what the file holds
    percent: bool = False  # an .xlsx cell shown as a percentage (0.953 shown 95.3 %)


def _bare(text: str) -> tuple[str, str]:
    """(sign, digits and separators) of a number as typed: `-1.234,5 %`, `€ 1,234`; `95,3 %`
    is 95.3, as the sheet shows it."""
    body = text.strip()
    # a currency sign or a percent sign before or after the number: kept out of the number
    body = "".join(c for c in body if c != "%" and unicodedata.category(c) != "Sc")
    body = body.strip(_GROUP_SPACES)
    sign = ""
    if body[:1] in ("-", "+", "\u2212"):
        sign, body = ("-" if body[0] != "+" else ""), body[1:].strip(_GROUP_SPACES)
    return sign, body


def _read_with(body: str, mark: str) -> Decimal | None:
    """BODY read with MARK as the decimal mark, or None when it does not read that way."""
    whole, _, fraction = body.partition(mark)
    if mark in fraction or not (whole or fraction) or (fraction and not _digits(fraction)) \
            or (mark in body and not fraction):
        return None
    separators = {c for c in whole if c not in "0123456789"}
    if separators:
        # thousands in groups of three, all with one separator: never the decimal mark
        if len(separators) > 1 or mark in separators or \
                not separators <= {".", ",", "'", *_GROUP_SPACES}:
            return None
        groups = whole.split(separators.pop())
        if not 1 <= len(groups[0]) <= 3 or groups[0].startswith("0") or \
                any(len(g) != 3 for g in groups[1:]) or not all(_digits(g) for g in groups):
            return None
        whole = "".join(groups)
    elif whole and not _digits(whole):
        return None
    try:
        return Decimal(f"{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:
        return None


def _digits(text: str) -> bool:
    """ASCII digits only: `str.isdigit` takes Arabic-Indic and other digits too."""
    return re.fullmatch("[0-9]+", text) is not None


def readings(text: str) -> dict[str, Decimal]:
    """What a number cell's text is with each decimal mark that reads it."""
    sign, body = _bare(text)
    found = {}
    for mark in DECIMAL_MARKS:
        value = _read_with(body, mark)
        if value is not None:
            found[mark] = -value if sign == "-" else value
    return found


def is_no_value(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in NO_VALUE)


def column_numbers(cells: Sequence[Cell], column: str, decimal: str | None = None
                   ) -> tuple[dict[int, float], str | None]:
    """Each cell's number by row, every text cell read with the one decimal mark that reads the
    whole column (or DECIMAL, given); and that mark, when a cell needed one."""
    texts = [c for c in cells if isinstance(c.value, str)]
    by_row = {c.row: readings(c.value) for c in texts if isinstance(c.value, str)}
    for cell in texts:
        if not by_row[cell.row]:
            raise CellError(cell.row, f"`{cell.value}` in column `{column}` is not a "
                              "number: write digits, with `.` or `,` before the decimals")
    mark = decimal or _column_mark(texts, by_row, column)
    numbers: dict[int, float] = {}
    for cell in cells:
        if isinstance(cell.value, bool):
            raise CellError(cell.row, f"{cell.value} in column `{column}` is not a "
                              "number")
        if isinstance(cell.value, int | float):
            number = Decimal(repr(float(cell.value)))
        elif mark is None:  # every text cell reads alike either way (no separator)
            number = next(iter(by_row[cell.row].values()))
        elif mark not in by_row[cell.row]:
            raise CellError(cell.row, f"`{cell.value}` in column `{column}` does not "
                              f"read with a {DECIMAL_MARKS[mark]}")
        else:
            number = by_row[cell.row][mark]
        if cell.percent:  # Excel keeps 95.3 % as 0.953: the KPI is written as the sheet shows it
            number *= 100
        numbers[cell.row] = float(number)
    return numbers, mark


def _column_mark(texts: Sequence[Cell], by_row: dict[int, dict[str, Decimal]],
                 column: str) -> str | None:
    """The decimal mark that reads every cell; None when it makes no difference."""
    both = set(DECIMAL_MARKS)
    seen: list[Cell] = []
    for cell in texts:
        marks = set(by_row[cell.row])
        if not marks & both:
            other = next(c for c in seen if not set(by_row[c.row]) & marks)
            other_mark = next(iter(set(by_row[other.row])))
            raise CellError(
                cell.row, f"column `{column}` is written two ways: row {other.row} "
                f"`{other.value}` has a {DECIMAL_MARKS[other_mark]}, row {cell.row} "
                f"`{cell.value}` a {DECIMAL_MARKS[next(iter(marks))]}: write the column one way")
        both &= marks
        seen.append(cell)
    if len(both) == 1:
        return both.pop()
    for cell in texts:  # both marks read every cell: refused only if they read it differently
        point, comma = by_row[cell.row]["."], by_row[cell.row][","]
        if point != comma:
            raise CellError(
                cell.row, f"`{cell.value}` in column `{column}` reads two ways, "
                f"{_plain(comma)} with `.` between thousands or {_plain(point)} with a decimal "
                "point, and no other cell tells which: pass --decimal , or --decimal .")
    return None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# --- dates ---

# the formats --date-format names, as strptime writes them
DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "DD.MM.YYYY": "%d.%m.%Y", "DD/MM/YYYY": "%d/%m/%Y",
                "MM/DD/YYYY": "%m/%d/%Y"}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_PATTERNS = {
    "YYYY-MM-DD": re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}"),
    "DD.MM.YYYY": re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}"),
    "DD/MM/YYYY": re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}"),
    "MM/DD/YYYY": re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}"),
}
_ORDER = {"YYYY-MM-DD": (0, 1, 2), "DD.MM.YYYY": (2, 1, 0), "DD/MM/YYYY": (2, 1, 0),
          "MM/DD/YYYY": (2, 0, 1)}


def date_readings(text: str) -> dict[str, date]:
    """What a date cell's text is in each format that reads it."""
    found = {}
    for name, pattern in _PATTERNS.items():
        matched = pattern.fullmatch(text.strip())
        if matched:
            parts = [int(p) for p in matched.groups()]
            year, month, day = (parts[i] for i in _ORDER[name])
            try:
                found[name] = date(year, month, day)
            except ValueError:
                continue
    return found


def date_format_option(given: str | None) -> str | None:
    """--date-format as strptime writes it: a named format, or one with `%`."""
    if given is None:
        return None
    if given.upper() in DATE_FORMATS:
        return DATE_FORMATS[given.upper()]
    if "%" in given:
        return given
    raise ConfigError(f"--date-format {given}: give one of {', '.join(DATE_FORMATS)}, or a "
                      "format with % codes such as %d-%m-%Y")


def column_dates(cells: Sequence[Cell], column: str, strptime: str | None = None
                 ) -> tuple[dict[int, date], str | None]:
    """Each cell's date by row, the text cells read in the one format that reads them all (or
    STRPTIME, given); and that format's name."""
    texts = [c for c in cells if isinstance(c.value, str)]
    by_row = {c.row: date_readings(c.value) for c in texts if isinstance(c.value, str)}
    chosen: str | None = None
    if strptime is None and texts:
        chosen = _column_format(texts, by_row, column)
    dates: dict[int, date] = {}
    for cell in cells:
        value = cell.value
        if isinstance(value, datetime):
            dates[cell.row] = value.date()
        elif isinstance(value, date):
            dates[cell.row] = value
        elif isinstance(value, str) and strptime is not None:
            dates[cell.row] = _strptime(cell, value, strptime, column)
        elif isinstance(value, str) and chosen is not None:
            dates[cell.row] = by_row[cell.row][chosen]
        else:
            raise CellError(cell.row, f"{value!r} in column `{column}` is not a date")
    return dates, chosen


def _strptime(cell: Cell, text: str, strptime: str, column: str) -> date:
    for candidate in (text.strip(), text.strip().split(" ")[0]):
        try:
            return datetime.strptime(candidate, strptime).date()
        except ValueError:
            continue
    raise CellError(cell.row, f"`{text}` in column `{column}` is not a date in the "
                      f"format {strptime}")


def _column_format(texts: Sequence[Cell], by_row: dict[int, dict[str, date]],
                   column: str) -> str:
    for cell in texts:
        if not by_row[cell.row]:
            raise CellError(cell.row, f"`{cell.value}` in column `{column}` is not a "
                              f"date: write {', '.join(DATE_FORMATS)}, or give --date-format")
    formats = set(_PATTERNS)
    for cell in texts:
        if not formats & set(by_row[cell.row]):
            raise CellError(cell.row, f"`{cell.value}` in column `{column}` is not "
                              "written as the rows above it: write the column one way")
        formats &= set(by_row[cell.row])
    if len(formats) > 1:  # day and month both 12 or less in every row
        for cell in texts:
            day_first, month_first = by_row[cell.row]["DD/MM/YYYY"], by_row[cell.row]["MM/DD/YYYY"]
            if day_first != month_first:
                raise CellError(
                    cell.row, f"`{cell.value}` in column `{column}` is {day_first} "
                    f"(DD/MM/YYYY) or {month_first} (MM/DD/YYYY), and no row tells which: "
                    "pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY")
        return "DD/MM/YYYY"
    return formats.pop()
