"""`sst kpi add` and `sst kpi import`: new lines only, every other byte as the team wrote it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write

from sst_plugin.cli import main
from sst_plugin.core import measurements

DATA = Path(__file__).parent / "data" / "kpis"
KPI = "strategy/kpis/loaves.yaml"


@pytest.fixture
def kpi_repo(repo: Path) -> Path:
    write(repo, "mkdocs.yml", "site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n")
    shutil.copy(DATA / "odd.yaml", repo / KPI)
    return repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def odd_with(*insertions: tuple[str, list[str]]) -> str:
    """odd.yaml with lines inserted before the line that starts with each given text."""
    lines = (DATA / "odd.yaml").read_text(encoding="utf-8").split("\n")
    for before, new in insertions:
        at = next(i for i, line in enumerate(lines) if line.startswith(before))
        lines[at:at] = new
    return "\n".join(lines)


def test_add_between_after_and_before(kpi_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(kpi_repo)
    assert run(capsys, "kpi", "add", "loaves", "2026-01-25", "0", "--note", "Oven: broke",
               "--root", root)[0] == 0
    assert run(capsys, "kpi", "add", "loaves", "2026-02-08", "480.5", "--root", root)[0] == 0
    code, out, _ = run(capsys, "kpi", "add", "loaves", "2025-12-28", "400", "--root", root)
    assert code == 0 and out == f"{KPI}: 1 added, 0 replaced, 0 already recorded\n"
    expected = odd_with(
        ("    # first quarter", ['    -   date: "2025-12-28"', "        value: 400"]),
        ("    # the oven broke", ['    -   date: "2026-01-25"', "        value: 0",
                                  '        note: "Oven: broke"']),
    )
    expected = expected.replace('        value: 470\n',
                                '        value: 470\n    -   date: "2026-02-08"\n'
                                "        value: 480.5\n")
    assert (kpi_repo / KPI).read_text(encoding="utf-8") == expected


def test_flow_items_crlf_and_byte_order_mark(kpi_repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = ("\ufefftitle: Loaves sold\r\nunit: loaves\r\ndirection: increase\r\n"
            "frequency: weekly\r\nowner: ann\r\nmeasurements:\r\n"
            "  - {date: 2026-01-04, value: 410}   # cold\r\n"
            "  - {date: 2026-02-01, value: 470}\r\n")
    (kpi_repo / KPI).write_bytes(text.encode("utf-8"))
    assert run(capsys, "kpi", "add", "loaves", "2026-01-18", "455", "--root", str(kpi_repo))[0] == 0
    expected = text.replace("  - {date: 2026-02-01",
                            "  - {date: 2026-01-18, value: 455}\r\n  - {date: 2026-02-01")
    assert (kpi_repo / KPI).read_bytes() == expected.encode("utf-8")


def test_empty_list_and_missing_list_in_markdown(kpi_repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (kpi_repo / KPI).unlink()
    head = "---\ntitle: Loaves sold\nunit: loaves\ndirection: increase\nfrequency: weekly\n" \
           "owner: ann\n"
    write(kpi_repo, "strategy/kpis/loaves.md", f"{head}measurements: []  # none yet\n---\nBody\n")
    assert run(capsys, "kpi", "add", "loaves", "2026-01-04", "410", "--root", str(kpi_repo))[0] == 0
    assert (kpi_repo / "strategy/kpis/loaves.md").read_text(encoding="utf-8") == \
        f"{head}measurements:  # none yet\n  - date: 2026-01-04\n    value: 410\n---\nBody\n"
    write(kpi_repo, "strategy/kpis/loaves.md", f"{head}---\nBody\n")
    assert run(capsys, "kpi", "add", "loaves", "2026-01-04", "410", "--root", str(kpi_repo))[0] == 0
    assert (kpi_repo / "strategy/kpis/loaves.md").read_text(encoding="utf-8") == \
        f"{head}measurements:\n  - date: 2026-01-04\n    value: 410\n---\nBody\n"


def test_a_conflicting_date_leaves_the_file_untouched(kpi_repo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = (kpi_repo / KPI).read_bytes()
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-01-18", "999", "--root",
                       str(kpi_repo))
    assert code == 2
    assert f"{KPI}:13: 2026-01-18 already has the value 455, not 999: pass --replace" in err
    assert (kpi_repo / KPI).read_bytes() == before
    code, out, _ = run(capsys, "kpi", "add", "loaves", "2026-01-18", "455", "--root",
                       str(kpi_repo))
    assert (code, out) == (0, f"{KPI}: 0 added, 0 replaced, 1 already recorded\n")
    assert (kpi_repo / KPI).read_bytes() == before


def test_replace_changes_only_the_value(kpi_repo: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "kpi", "add", "loaves", "2026-01-04", "415", "--replace", "--root",
               str(kpi_repo))[0] == 0
    expected = (DATA / "odd.yaml").read_text(encoding="utf-8").replace(
        "        value: 410     # a cold week", "        value: 415     # a cold week")
    assert (kpi_repo / KPI).read_text(encoding="utf-8") == expected


def test_import_a_csv(kpi_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "export.csv"
    sheet.write_text("Week,Loaves,Comment\n2026-02-08,480,\n2026-01-18,455,\n"
                     "2026-02-15,502,Half term\n", encoding="utf-8")
    code, out, _ = run(capsys, "kpi", "import", "loaves", str(sheet), "--date-column", "Week",
                       "--value-column", "Loaves", "--note-column", "Comment", "--root",
                       str(kpi_repo))
    assert (code, out) == (0, f"{KPI}: 2 added, 0 replaced, 1 already recorded\n")
    expected = (DATA / "odd.yaml").read_text(encoding="utf-8").replace(
        "        value: 470\n", "        value: 470\n"
        '    -   date: "2026-02-08"\n        value: 480\n'
        '    -   date: "2026-02-15"\n        value: 502\n        note: "Half term"\n')
    assert (kpi_repo / KPI).read_text(encoding="utf-8") == expected


def test_a_bad_csv_row_names_its_line_and_writes_nothing(
        kpi_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (kpi_repo / KPI).read_bytes()
    sheet = tmp_path / "export.csv"
    sheet.write_text("date,value\n2026-02-08,480\n2026-02-15,five hundred\n", encoding="utf-8")
    code, _, err = run(capsys, "kpi", "import", "loaves", str(sheet), "--root", str(kpi_repo))
    assert code == 2
    assert f"{sheet}:3: 'five hundred' is not a number" in err
    assert (kpi_repo / KPI).read_bytes() == before
    sheet.write_text("day,value\n2026-02-08,480\n", encoding="utf-8")
    assert "no column `date`" in run(capsys, "kpi", "import", "loaves", str(sheet), "--root",
                                     str(kpi_repo))[2]


def test_a_failed_check_leaves_the_file_untouched(kpi_repo: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = (kpi_repo / KPI).read_bytes()
    monkeypatch.setattr(measurements, "_block_lines",
                        lambda prefix, new, quote: [f"{prefix}date: [broken"])
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-02-08", "480", "--root",
                       str(kpi_repo))
    assert code == 1
    assert f"{KPI}:" in err and "error SST001" in err and "nothing written" in err
    assert (kpi_repo / KPI).read_bytes() == before


def test_unknown_kpi_and_flow_lists(kpi_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "kpi", "add", "loafs", "2026-02-08", "1", "--root", str(kpi_repo))
    assert code == 2 and "did you mean `loaves`?" in err
    write(kpi_repo, KPI, "title: L\nunit: l\ndirection: increase\nfrequency: weekly\nowner: ann\n"
          "measurements: [{date: 2026-01-04, value: 1}]\n")
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-02-08", "1", "--root", str(kpi_repo))
    assert code == 2 and "flow list" in err
