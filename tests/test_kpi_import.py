"""`sst kpi import` of real spreadsheets (#16): a German Excel CSV export, an .xlsx workbook,
the rows used and skipped with their numbers, and the columns read one way each."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import write
from hypothesis import given, settings
from hypothesis import strategies as st

from sst_plugin.cli import main
from sst_plugin.core.edit.measurement_import import read_measurements, rows_text
from sst_plugin.core.edit.sheet_cells import readings
from sst_plugin.core.read.config import ConfigError

KPI = "strategy/kpis/sla.yaml"
# the KPI as a team writes it: comments and a measurement kept byte for byte
SLA = """\
# Service desk: tickets solved within the SLA, counted every Monday.
title: SLA-Quote
unit: "%"
direction: increase
frequency: weekly
owner: ann
measurements:
  - date: 2026-01-05   # first week of the year
    value: 95.3
# end
"""

# what Excel (German) writes for "CSV (Trennzeichen-getrennt)": semicolons, decimal commas,
# DD.MM.YYYY, Windows-1252, CRLF; a week not measured yet, an empty row and a total below
GERMAN_EXPORT = (
    "Woche;Datum;SLA-Quote;Kommentar\r\n"
    "1;05.01.2026;95,3 %;\r\n"
    "2;12.01.2026;96,1 %;Feiertag, ruhig\r\n"
    "3;19.01.2026;1.001,5;Zählfehler? geprüft\r\n"
    "4;26.01.2026;;\r\n"
    "5;02.02.2026;#DIV/0!;\r\n"
    ";;;\r\n"
    ";Durchschnitt;95,7 %;\r\n"
)


@pytest.fixture
def sla_repo(repo: Path) -> Path:
    write(repo, "mkdocs.yml", "site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n")
    (repo / KPI).write_text(SLA, encoding="utf-8")
    return repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_german_excel_csv_export(sla_repo: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "SLA.csv"
    sheet.write_bytes(GERMAN_EXPORT.encode("cp1252"))
    # the values are in the column named as the KPI's title; the notes' header in any case
    code, out, err = run(capsys, "kpi", "import", "sla", str(sheet), "--note-column",
                         "KOMMENTAR", "--root", str(sla_repo))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "SLA.csv: semicolon-separated, read as Windows-1252 (not UTF-8), header in row 1, "
        "dates from `Datum` (DD.MM.YYYY), values from `SLA-Quote` (decimal comma)",
        "used 3 rows: 2-4",
        "skipped row 5: no value",
        "skipped row 6: `#DIV/0!`: a formula's error, no value",
        "skipped row 8: `Durchschnitt` is no date (a title or a total)",
        f"{KPI}: 2 added, 0 replaced, 1 already recorded",
    ]
    assert (sla_repo / KPI).read_text(encoding="utf-8") == SLA.replace(
        "    value: 95.3\n",
        "    value: 95.3\n"
        "  - date: 2026-01-12\n    value: 96.1\n    note: \"Feiertag, ruhig\"\n"
        "  - date: 2026-01-19\n    value: 1001.5\n    note: \"Zählfehler? geprüft\"\n")


def test_an_xlsx_workbook_with_real_dates_and_percent_cells(
        sla_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tabelle1"
    sheet["A1"] = "SLA-Bericht 2026"  # a title above the header
    sheet.append([])
    sheet.append(["Woche", "Datum", "SLA-Quote", "Kommentar"])
    sheet.append([1, date(2026, 1, 5), 0.953, None])
    sheet.append([2, datetime(2026, 1, 12), 0.961, "Feiertag"])
    sheet.append([3, date(2026, 1, 19), None, None])
    sheet.append([4, "26.01.2026", "97,5 %", None])  # typed as text in a date column
    for row in range(4, 8):
        sheet.cell(row, 3).number_format = "0.0%"
    sheet.append(["Summe", None, "=AVERAGE(C4:C7)"])
    path = tmp_path / "SLA.xlsx"
    workbook.save(path)
    code, out, err = run(capsys, "kpi", "import", "sla", str(path), "--value-column",
                         "SLA-Quote", "--note-column", "Kommentar", "--root", str(sla_repo))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "SLA.xlsx: sheet `Tabelle1`, header in row 3, dates from `Datum` (DD.MM.YYYY), "
        "values from `SLA-Quote` (decimal comma)",
        "used 3 rows: 4-5, 7",
        "skipped row 6: no value",
        "skipped row 8: no date",
        f"{KPI}: 2 added, 0 replaced, 1 already recorded",
    ]
    assert (sla_repo / KPI).read_text(encoding="utf-8") == SLA.replace(
        "    value: 95.3\n",
        "    value: 95.3\n"
        "  - date: 2026-01-12\n    value: 96.1\n    note: \"Feiertag\"\n"
        "  - date: 2026-01-26\n    value: 97.5\n")


def test_the_same_sheet_as_csv_and_as_xlsx_imports_the_same(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Datum", "Wert"])
    sheet.append([date(2026, 3, 2), 0.5])
    sheet.append([date(2026, 3, 9), 1234.5])
    sheet.cell(2, 2).number_format = "0%"
    workbook.save(tmp_path / "a.xlsx")
    (tmp_path / "a.csv").write_text("Datum;Wert\n02.03.2026;50 %\n09.03.2026;1.234,5\n",
                                    encoding="utf-8")
    read = [read_measurements(tmp_path / name).measurements for name in ("a.xlsx", "a.csv")]
    assert read[0] == read[1]
    assert [(m.date, m.value) for m in read[0]] == [(date(2026, 3, 2), 50.0),
                                                   (date(2026, 3, 9), 1234.5)]


@pytest.mark.parametrize(("text", "values"), [
    ("date,value\n2026-01-05,\"1,234.5\"\n2026-01-12,7\n", [1234.5, 7.0]),
    ("date;value\n2026-01-05;1 234,5\n2026-01-12;7\n", [1234.5, 7.0]),
    ("date;value\n2026-01-05;1\u202f234,5\n2026-01-12;-7,25\n", [1234.5, -7.25]),
    ("date\tvalue\n2026-01-05\t1.234,5\n2026-01-12\t1.234\n", [1234.5, 1234.0]),
    ("date|value\n2026-01-05|1,5\n2026-01-12|1,234\n", [1.5, 1.234]),
    ("date;value\n2026-01-05;€ 1.234,50\n2026-01-12;12\n", [1234.5, 12.0]),
    ("sep=;\ndate;value\n2026-01-05;3\n", [3.0]),
])
def test_separators_and_decimal_marks_are_found_from_the_column(
        tmp_path: Path, text: str, values: list[float]) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    assert [m.value for m in read_measurements(path).measurements] == values


@pytest.mark.parametrize(("text", "options", "message"), [
    ("date;value\n2026-01-05;1.234\n2026-01-12;7\n", {},
     "sheet.csv:2: `1.234` in column `value` reads two ways, 1234 with `.` between thousands "
     "or 1.234 with a decimal point, and no other cell tells which: pass --decimal , or "
     "--decimal ."),
    ("date;value\n2026-01-05;1.234,5\n2026-01-12;1,234.5\n", {},
     "sheet.csv:3: column `value` is written two ways: row 2 `1.234,5` has a decimal comma, "
     "row 3 `1,234.5` a decimal point: write the column one way"),
    ("date,value\n03/04/2026,1\n05/06/2026,2\n", {},
     "sheet.csv:2: `03/04/2026` in column `date` is 2026-04-03 (DD/MM/YYYY) or 2026-03-04 "
     "(MM/DD/YYYY), and no row tells which: pass --date-format DD/MM/YYYY or --date-format "
     "MM/DD/YYYY"),
    ("date,value\n2026-01-05,1\n2026-02-30,2\n", {},
     "sheet.csv:3: `2026-02-30` in column `date` is not a date: write YYYY-MM-DD, DD.MM.YYYY, "
     "DD/MM/YYYY, MM/DD/YYYY, or give --date-format"),
    ("date,value\n2026-01-05,1\n2026-01-12,five hundred\n", {},
     "sheet.csv:3: `five hundred` in column `value` is not a number: write digits, with `.` or "
     "`,` before the decimals"),
    ("date,value\n2026-01-05,1\n2026-01-05,2\n", {},
     "sheet.csv:3: 2026-01-05 is in row 2 already: keep one of the two rows"),
    ("date,value\n2026-01-05,1\n12.01.2026,2\n", {},
     "sheet.csv:3: `12.01.2026` in column `date` is not written as the rows above it: write "
     "the column one way"),
    ("Woche;Datum;SLA-Quote;Kommentar\n1;05.01.2026;95,3 %;\n", {},
     "sheet.csv:1: no column of values: none is named value, Wert, valeur, valor, 值, 数值; "
     "columns: Woche, Datum, SLA-Quote, Kommentar: name it with --value-column"),
    ("Woche;Datum;Quote\n1;05.01.2026;95,3 %;\n", {"value_column": "Qoute"},
     "sheet.csv:1: no column `Qoute`: did you mean `Quote`?"),
    ("date;value\n2026-01-05;1,5\n", {"decimal": "."},
     "sheet.csv:2: `1,5` in column `value` does not read with a decimal point"),
])
def test_what_cannot_be_read_is_refused_with_its_row(
        tmp_path: Path, text: str, options: dict[str, str], message: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        read_measurements(path, **options)  # type: ignore[arg-type]
    assert str(refused.value) == f"{path.parent}/{message}"


def test_options_settle_what_the_file_cannot_tell(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Day,Amount\n03/04/2026,1.234\n05/06/2026,2\n", encoding="utf-8")
    read = read_measurements(path, "DAY", "amount", date_format="MM/DD/YYYY", decimal=",")
    assert [(m.date, m.value) for m in read.measurements] == [(date(2026, 3, 4), 1234.0),
                                                             (date(2026, 5, 6), 2.0)]


def test_an_import_refused_writes_nothing_and_exits_2(
        sla_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (sla_repo / KPI).read_bytes()
    sheet = tmp_path / "SLA.csv"
    sheet.write_text("Datum;Wert\n12.01.2026;96,1\n31.02.2026;97\n", encoding="utf-8")
    code, out, err = run(capsys, "kpi", "import", "sla", str(sheet), "--root", str(sla_repo))
    assert (code, out) == (2, "")
    assert err == f"sst: {sheet}:3: `31.02.2026` in column `Datum` is not a date: write " \
                  "YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, or give --date-format\n"
    assert (sla_repo / KPI).read_bytes() == before
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run(capsys, "kpi", "import", "sla", str(tmp_path / "old.xls"), "--root",
                       str(sla_repo))
    assert code == 2 and "save it as .xlsx (Excel Workbook) or as CSV" in err
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    code, _, err = run(capsys, "kpi", "import", "sla", str(tmp_path / "broken.xlsx"),
                       "--root", str(sla_repo))
    assert code == 2 and "broken.xlsx: is not an .xlsx workbook" in err
    for missing in (tmp_path / "none.csv", tmp_path):  # no such file; a folder
        code, _, err = run(capsys, "kpi", "import", "sla", str(missing), "--root", str(sla_repo))
        assert (code, err.startswith(f"sst: {missing}: cannot be read: ")) == (2, True)


def test_rows_text() -> None:
    assert rows_text([7, 2, 3, 4, 9, 10]) == "2-4, 7, 9-10"


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text" export: UTF-16 with its byte-order mark, tab-separated."""
    path = tmp_path / "sheet.txt"
    path.write_bytes("Datum\tWert\r\n05.01.2026\t1.234,5\r\n".encode("utf-16"))
    read = read_measurements(path)
    assert read.how[:2] == ["tab-separated", "read as UTF-16 (not UTF-8)"]
    assert [(m.date, m.value) for m in read.measurements] == [(date(2026, 1, 5), 1234.5)]


def test_a_workbook_that_unpacks_too_big_is_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from sst_plugin.core.edit import sheet_files

    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "big.xlsx")
    monkeypatch.setattr(sheet_files, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(ConfigError, match=r"big\.xlsx: unpacks to 0 MB: too big"):
        read_measurements(tmp_path / "big.xlsx")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_in_words(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_bytes(b"date;value\n" + data)
        with contextlib.suppress(ConfigError):  # a refusal in words is fine; a crash is not
            read_measurements(path)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False,
                   allow_infinity=False), st.sampled_from([".", " ", "\u00a0", ""]))
def test_a_number_written_the_german_way_reads_back(number: Decimal, group: str) -> None:
    whole, _, fraction = f"{abs(number):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    text = f"{'-' if number < 0 else ''}{grouped},{fraction}"
    assert readings(text)[","] == number
