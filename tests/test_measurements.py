"""`sst kpi add` and `sst kpi import`: new lines only, every other byte as the team wrote it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, check, write
from hypothesis import given
from hypothesis import strategies as st

from sst_plugin.cli import main
from sst_plugin.core.edit import measurements
from sst_plugin.core.model.model import Kpi
from sst_plugin.core.read import atomic
from sst_plugin.core.read.config import ConfigError, Settings
from sst_plugin.core.read.yaml_values import read_yaml

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
    assert code == 0
    assert out.endswith(f"used 3 rows: 2-4\n{KPI}: 2 added, 0 replaced, 1 already recorded\n")
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
    assert f"{sheet}:3: `five hundred` in column `value` is not a number" in err
    assert (kpi_repo / KPI).read_bytes() == before
    sheet.write_text("day,value\n2026-02-08,480\n", encoding="utf-8")
    assert "no column of dates: none is named date, Datum" in run(
        capsys, "kpi", "import", "loaves", str(sheet), "--root", str(kpi_repo))[2]


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


# --- two writers, links, permissions, numbers and notes (issue #12) ---

# A child `sst kpi add` that pauses between its check and its write, so that two started together
# overlap for certain: without a lock, the second write loses the first's measurement.
SLOW_ADD = """\
import sys, time
from sst_plugin.cli import main
from sst_plugin.core.edit import measurements
write = measurements.write_edit
def slow(*args, **kwargs):
    time.sleep(0.3)
    return write(*args, **kwargs)
measurements.write_edit = slow
sys.exit(main(sys.argv[1:]))
"""


def measured(root: Path) -> dict[str, tuple[object, object]]:
    """date → (value, note) as the loader reads the KPI's file back."""
    kpi = check(root).model.get("loaves", Kpi)
    assert kpi is not None
    return {m.date.isoformat(): (m.value, m.note) for m in kpi.measurements}


@pytest.mark.slow
def test_two_adds_at_once_both_land(kpi_repo: Path) -> None:
    original = (kpi_repo / KPI).read_bytes()
    command = [sys.executable, "-c", SLOW_ADD, "kpi", "add", "loaves"]
    for trial in range(10):
        (kpi_repo / KPI).write_bytes(original)
        children = [subprocess.Popen([*command, day, "500", "--root", str(kpi_repo)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for day in ("2026-03-01", "2026-03-08")]
        results = [(child.wait(timeout=60), *child.communicate()) for child in children]
        assert [code for code, _, _ in results] == [0, 0], results
        assert {"2026-03-01", "2026-03-08"} <= set(measured(kpi_repo)), f"trial {trial}"


def test_a_held_lock_is_waited_for_then_named(kpi_repo: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measurements, "LOCK_TIMEOUT", 0.3)
    before = (kpi_repo / KPI).read_bytes()
    with atomic.locked(kpi_repo / "strategy"):
        code, _, err = run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--root",
                           str(kpi_repo))
    assert code == 2 and "another `sst` command is writing" in err and "strategy" in err
    assert (kpi_repo / KPI).read_bytes() == before
    assert not [p for p in kpi_repo.rglob("*") if "lock" in p.name]  # no litter in the tree
    assert run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--root",
               str(kpi_repo))[0] == 0


def test_a_symlinked_kpi_file_is_written_through(kpi_repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shared = kpi_repo / "shared/loaves.yaml"
    shared.parent.mkdir()
    (kpi_repo / KPI).rename(shared)
    (kpi_repo / KPI).symlink_to("../../shared/loaves.yaml")
    assert run(capsys, "kpi", "add", "loaves", "2026-03-01", "500", "--root",
               str(kpi_repo))[0] == 0
    assert (kpi_repo / KPI).is_symlink()
    assert "2026-03-01" in shared.read_text(encoding="utf-8")


def test_a_link_turned_outward_after_the_check_is_not_followed(
        kpi_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "loaves.yaml"
    outside.write_bytes((kpi_repo / KPI).read_bytes())
    edit = measurements.add_measurements(kpi_repo, Settings(as_of=AS_OF), "loaves",
                                         [measurements.NewMeasurement(date(2026, 3, 1), 5)])
    (kpi_repo / KPI).unlink()
    (kpi_repo / KPI).symlink_to(outside)
    with pytest.raises(ConfigError, match="leads outside the repository"):
        measurements.write_edit(edit)
    assert "2026-03-01" not in outside.read_text(encoding="utf-8")


def test_hard_links_and_read_only_files_are_refused(kpi_repo: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = (kpi_repo / KPI).read_bytes()
    twin = kpi_repo / "loaves-backup.yaml"
    os.link(kpi_repo / KPI, twin)
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--root", str(kpi_repo))
    assert code == 2 and f"{KPI}: has 2 hard links" in err
    assert (kpi_repo / KPI).read_bytes() == before and os.path.samefile(kpi_repo / KPI, twin)
    twin.unlink()
    (kpi_repo / KPI).chmod(0o444)
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--root", str(kpi_repo))
    assert code == 2 and f"{KPI}: is read-only" in err
    assert (kpi_repo / KPI).read_bytes() == before
    (kpi_repo / KPI).chmod(0o640)
    assert run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--root", str(kpi_repo))[0] == 0
    assert stat.S_IMODE((kpi_repo / KPI).stat().st_mode) == 0o640


NUMBERS = [0.00001, 1e-05, 3.5e-07, -0.0003, 5e-324, 2.2250738585072014e-308, 0.1, 1.0, 100.0,
           -42.0, 123456789.123, 1e15, 1e16, 1.5e20, 9007199254740993.0, 1.7976931348623157e308,
           -1e300, 0.0, -0.0]


@pytest.mark.parametrize("value", NUMBERS)
def test_numbers_read_back_as_the_same_number(value: float) -> None:
    written = measurements.number_text(value)
    read = read_yaml(f"value: {written}\n", "x.yaml").data["value"]
    assert type(read) in (int, float) and read == value, written


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_number_reads_back_as_itself(value: float) -> None:
    read = read_yaml(f"value: {measurements.number_text(value)}\n", "x.yaml").data["value"]
    assert type(read) in (int, float) and read == value


def test_a_small_number_is_added_as_a_number(kpi_repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "kpi", "add", "loaves", "2026-03-01", "0.00001", "--root",
               str(kpi_repo))[0] == 0
    assert "value: 0.00001\n" in (kpi_repo / KPI).read_text(encoding="utf-8")
    assert measured(kpi_repo)["2026-03-01"] == (0.00001, None)


NOTES = ["line\u2028separator", "para\u2029graph", "next\x85line", "tab\there", "new\nline",
         "cr\rlf", "vertical\x0btab", "bell\x07", "del\x7f", "zero\u200bwidth", "bom\ufeffmid",
         "right\u202eleft", "not\uffffa character", 'quote " and \\ backslash', "emoji \U0001f35e",
         "tag\U000e0041", "   spaces   "]


@pytest.mark.parametrize("note", NOTES)
def test_a_note_reads_back_and_later_edits_still_work(kpi_repo: Path, note: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = str(kpi_repo)
    assert run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--note", note,
               "--root", root)[0] == 0
    text = (kpi_repo / KPI).read_text(encoding="utf-8")
    assert len(text.splitlines()) == text.count("\n")  # every new line is one line to everyone
    assert run(capsys, "kpi", "add", "loaves", "2026-03-08", "2", "--root", root)[0] == 0
    assert run(capsys, "kpi", "add", "loaves", "2026-01-11", "3", "--note", note,
               "--root", root)[0] == 0
    found = measured(kpi_repo)
    assert found["2026-03-01"] == (1, note) and found["2026-01-11"] == (3, note)
    assert found["2026-03-08"] == (2, None) and found["2026-01-18"][0] == 455


def test_a_note_in_flow_items_reads_back(kpi_repo: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write(kpi_repo, KPI, "title: L\nunit: l\ndirection: increase\nfrequency: weekly\nowner: ann\n"
          "measurements:\n  - {date: 2026-01-04, value: 1}\n")
    note = "a\u2028b\x85c"
    assert run(capsys, "kpi", "add", "loaves", "2026-01-11", "2", "--note", note, "--root",
               str(kpi_repo))[0] == 0
    assert run(capsys, "kpi", "add", "loaves", "2026-01-18", "3", "--root", str(kpi_repo))[0] == 0
    assert measured(kpi_repo) == {"2026-01-04": (1, None), "2026-01-11": (2, note),
                                  "2026-01-18": (3, None)}


def test_a_note_that_is_not_text_is_refused(kpi_repo: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = (kpi_repo / KPI).read_bytes()
    code, _, err = run(capsys, "kpi", "add", "loaves", "2026-03-01", "1", "--note", "bad\udcff",
                       "--root", str(kpi_repo))
    assert code == 2 and "note" in err and "0xFF" in err  # refused by sst for every argument
    assert (kpi_repo / KPI).read_bytes() == before
