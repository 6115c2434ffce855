"""Spreadsheet files as rows of cells: CSV as any spreadsheet exports it, and .xlsx workbooks.

A CSV file says neither its separator nor its encoding: Excel writes `;` where the decimal mark
is a comma, and Windows-1252 unless asked for UTF-8. Both are found from the file itself. An
.xlsx cell keeps its type: a date is a date, a number a number (a percentage as a fraction, with
the format that shows it as a percentage).
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..read.config import ConfigError
from .sheet_cells import Cell

# a KPI's measurements are a few hundred rows: anything this big is not the file meant
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: its parts unpacked, at most
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}


@dataclass
class Table:
    rows: list[list[Cell]]  # each row's cells, left to right; blank rows left out
    how: list[str] = field(default_factory=list)  # what was found: separator, encoding, sheet


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The rows of a .csv (or .txt, .tsv) file or of an .xlsx workbook's sheet."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise ConfigError(f"{path}: SST reads .xlsx workbooks and CSV files: save it as .xlsx "
                          "(Excel Workbook) or as CSV")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise ConfigError(f"{path}: {size // (1024 * 1024)} MB is too big for a sheet of "
                          f"measurements (at most {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_table(path, sheet)
    if sheet is not None:
        raise ConfigError(f"--sheet {sheet}: {path.name} is a CSV file, which has no sheets")
    return _csv_table(path)


def _decoded(path: Path, raw: bytes) -> tuple[str, str | None]:
    """The file's text, and the encoding's name when it is not UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:  # what Excel on Windows writes when "CSV (comma delimited)" is chosen
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is neither UTF-8 nor Windows-1252 text: save it as "
                          "\"CSV UTF-8\"") from None


def _delimiter(lines: list[str]) -> str:
    """The separator: csv.Sniffer's guess, unless the header row says otherwise."""
    sample = "\n".join(lines[:50])
    header = next((line for line in lines if line.strip()), "")

    def fields(delimiter: str) -> int:
        return len(next(csv.reader([header], delimiter=delimiter), []))

    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ","
    best = max(DELIMITERS, key=fields)
    return sniffed if fields(sniffed) > 1 or fields(best) == 1 else best


def _csv_table(path: Path) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as error:  # a folder, a file without read permission
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None
    text, encoding = _decoded(path, raw)
    lines = text.splitlines()
    first_line = 1
    how = []
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        delimiter = lines[0][4]  # Excel's own hint for the separator, on a line of its own
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        delimiter = _delimiter(lines)
    how.append(f"{DELIMITERS.get(delimiter, repr(delimiter))}-separated")
    if encoding:
        how.append(f"read as {encoding} (not UTF-8)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    ended = 0  # the text's lines read so far: a record starts on the next one
    try:
        for record in reader:
            row = first_line + ended  # a cell may hold line breaks: the record's first line
            ended = reader.line_num
            if any(value.strip() for value in record):  # blank rows are no data
                rows.append([Cell(row, value) for value in record])
    except csv.Error as error:
        raise ConfigError(f"{path}:{first_line + ended}: {error}") from None
    return Table(rows, how)


def _percent_format(number_format: str) -> bool:
    """Whether an Excel number format shows a percentage: a `%` outside quotes and brackets."""
    shown, quoted, bracket = False, False, False
    for character in number_format:
        if character == '"':
            quoted = not quoted
        elif character == "[" and not quoted:
            bracket = True
        elif character == "]" and not quoted:
            bracket = False
        elif character == "%" and not quoted and not bracket:
            shown = True
    return shown


def _xlsx_row(row: tuple[Any, ...]) -> list[Cell]:
    """A worksheet row's cells by column (an empty cell where none is written); [] when blank."""
    by_column: dict[int, Cell] = {}
    for cell in row:
        value, number, column = (getattr(cell, name, None) for name in ("value", "row", "column"))
        if value is None or not isinstance(number, int) or not isinstance(column, int):
            continue
        shown_as_percent = isinstance(value, int | float) and not isinstance(value, bool) and \
            _percent_format(str(getattr(cell, "number_format", "") or ""))
        by_column[column - 1] = Cell(number, value, shown_as_percent)
    if not by_column:
        return []
    first = next(iter(by_column.values())).row
    return [by_column.get(i, Cell(first, None)) for i in range(max(by_column) + 1)]


def _xlsx_table(path: Path, sheet: str | None) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ConfigError(f"{path}: is not an .xlsx workbook (an .xlsx file is a zip "
                          "archive): save it again as Excel Workbook (.xlsx) or as CSV") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ConfigError(f"{path}: unpacks to {unzipped // (1024 * 1024)} MB: too big for a "
                          "sheet of measurements")
    import openpyxl  # only for an .xlsx: `sst kpi import` of a CSV file never loads it

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it skips
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook raises anything from KeyError to XML errors
        raise ConfigError(f"{path}: cannot be read as an .xlsx workbook ({error}): open it in "
                          "a spreadsheet and save it again") from None
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            raise ConfigError(f"{path}: no sheet `{sheet}`: sheets: {', '.join(names)}")
        worksheet: Any = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        if not hasattr(worksheet, "iter_rows"):
            raise ConfigError(f"{path}: sheet `{worksheet.title}` holds no cells (a chart?): "
                              "name a sheet of cells with --sheet")
        if hasattr(worksheet, "reset_dimensions"):  # some writers store a wrong size
            worksheet.reset_dimensions()
        rows = [cells for cells in map(_xlsx_row, worksheet.iter_rows()) if cells]
    finally:
        workbook.close()
    return Table(rows, [f"sheet `{worksheet.title}`"])
