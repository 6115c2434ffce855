"""A file name that is not UTF-8, or that holds a newline and an escape sequence, never crashes an
output and never reaches a terminal raw: every format names it recognisably (`grow-\\xe9.yaml`,
as `ls -b` spells it) and stays valid, on a strict UTF-8 stream."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL, write
from gitrepo import commit_all

LATIN1 = b"strategy/goals/grow-\xe9.yaml"  # "é" in Latin-1: not UTF-8
SHOWN = "strategy/goals/grow-\\xe9.yaml"  # how every format names it
INJECTED = "strategy/goals/evil\n\x1b[31mred.yaml"  # a newline and a terminal colour code
INJECTED_SHOWN = "strategy/goals/evil\\n\\x1b[31mred.yaml"
BAD_GOAL = MINIMAL["strategy/goals/grow.yaml"].replace("kpi: sales", "kpi: nope")
# a strict UTF-8 stream, as pytest's capsys, a strict locale or a pipe to a UTF-8 tool
STRICT = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C", "PATH": os.environ["PATH"],
          "NO_COLOR": "1"}


def _strategy(root: Path) -> Path:
    for rel, text in MINIMAL.items():
        write(root, rel, text)
    return root


def _add_bad_names(root: Path) -> None:
    goals = os.fsencode(root / "strategy" / "goals")
    text = write(root, "strategy/goals/scratch.yaml", BAD_GOAL).read_bytes()
    (root / "strategy/goals/scratch.yaml").unlink()
    Path(os.fsdecode(os.fsencode(root) + b"/" + LATIN1)).write_bytes(text)
    (root / INJECTED).write_bytes(text)
    assert len(os.listdir(goals)) == 3


def _sst(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sst_plugin.cli", *args, "--root", str(root)],
                          capture_output=True, env=STRICT, cwd=root, timeout=120)


def _no_escape_byte(done: subprocess.CompletedProcess[bytes]) -> None:
    assert b"\x1b" not in done.stdout and b"\x1b" not in done.stderr, done
    assert b"internal error" not in done.stderr, done.stderr


@pytest.fixture
def bad_names(tmp_path: Path) -> Path:
    root = _strategy(tmp_path / "repo")
    _add_bad_names(root)
    return root


def test_main_module_runs() -> None:
    # the tests below run `python -m sst_plugin.cli`: it must be the CLI's entry point
    done = subprocess.run([sys.executable, "-m", "sst_plugin.cli", "--version"],
                          capture_output=True, env=STRICT, timeout=60)
    assert done.returncode == 0, done.stderr


def test_check_text_names_the_files(bad_names: Path) -> None:
    done = _sst(bad_names, "check", "--format", "text", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 1, done.stderr  # the two files' errors, not an internal error
    out = done.stdout.decode("utf-8")  # strict: valid UTF-8
    assert f"{SHOWN}:3:6: error SST005 `kpi` names `nope`" in out
    assert f"{SHOWN}: error SST004 the ID `grow-\\xe9`" in out
    assert f"{INJECTED_SHOWN}:3:6: error SST005" in out
    # one finding, one line: the newline in a name does not start a line of its own
    assert all(line.startswith("strategy/") or line.endswith(" files checked.")
               for line in out.splitlines())


def test_check_json_is_valid_and_names_the_files(bad_names: Path) -> None:
    done = _sst(bad_names, "check", "--format", "json", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout.decode("utf-8"))["findings"]
    where = {(f["code"], f["file"], f["line"]) for f in found}
    assert ("SST005", SHOWN, 3) in where and ("SST004", SHOWN, None) in where
    # JSON escapes controls itself: the name comes back exactly
    assert ("SST005", INJECTED, 3) in where


def test_check_sarif_percent_encodes_the_raw_bytes(bad_names: Path) -> None:
    done = _sst(bad_names, "check", "--format", "sarif", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 1, done.stderr
    results = json.loads(done.stdout.decode("utf-8"))["runs"][0]["results"]
    uris = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in results if r.get("locations")}
    assert ("SST005", "strategy/goals/grow-%E9.yaml") in uris
    assert ("SST005", "strategy/goals/evil%0A%1B%5B31mred.yaml") in uris
    messages = " ".join(r["message"]["text"] for r in results)
    assert "`grow-\\xe9`" in messages


def test_check_github_forges_no_command(bad_names: Path) -> None:
    done = _sst(bad_names, "check", "--format", "github", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert f"::error file={SHOWN},line=3,col=6,title=SST005" in "\n".join(lines)
    assert any(line.startswith("::error file=strategy/goals/evil%0A\\x1b[31mred.yaml,line=3")
               for line in lines)
    # every line is a log line of a finding, an annotation or the summary: none was forged
    assert all(line.startswith(("strategy/", "::error ", "::warning "))
               or line.endswith(" files checked.") for line in lines)


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    root = _strategy(tmp_path / "repo")
    commit_all(root, "base")
    _add_bad_names(root)
    commit_all(root, "head")
    return root


def test_diff_json_is_valid_and_names_the_files(changed: Path) -> None:
    done = _sst(changed, "diff", "HEAD~1", "HEAD", "--format", "json", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout.decode("utf-8"))
    assert {e["id"] for e in document["added"]} == {"grow-\\xe9", "evil\n\x1b[31mred"}
    introduced = {(f["code"], f["file"]) for f in document["findings"]["introduced"]}
    assert ("SST005", SHOWN) in introduced and ("SST005", INJECTED) in introduced


def test_diff_markdown_of_the_working_tree(tmp_path: Path) -> None:
    root = _strategy(tmp_path / "repo")
    commit_all(root, "base")
    _add_bad_names(root)  # uncommitted: the working tree against HEAD
    done = _sst(root, "diff", "HEAD", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert "(`grow-\\xe9`)" in out and "(`evil\\n\\x1b[31mred`)" in out
    assert f"{SHOWN}:3:6: error SST005" in out


def test_export_and_status_name_the_files(bad_names: Path) -> None:
    done = _sst(bad_names, "export", "--format", "json", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout.decode("utf-8"))
    assert {g["id"] for g in document["goals"]} >= {"grow-\\xe9", "evil\n\x1b[31mred"}
    for out in ("tables.zip", "tables"):  # CSV files are UTF-8 too
        done = _sst(bad_names, "export", "--format", "csv", "--out", out, "--as-of", "2026-06-15")
        _no_escape_byte(done)
        assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(bad_names / "tables.zip") as archive:
        goals = archive.read("goals.csv").decode("utf-8")
    assert goals == (bad_names / "tables/goals.csv").read_bytes().decode("utf-8")
    assert {row["id"] for row in csv.DictReader(io.StringIO(goals))} >= {"grow-\\xe9"}
    done = _sst(bad_names, "status", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")


def test_new_and_render_beside_the_files(bad_names: Path) -> None:
    done = _sst(bad_names, "new", "goal", "more-bread")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").startswith("wrote strategy/goals/more-bread.yaml")
    # render refuses a strategy with errors, naming each finding on standard error
    done = _sst(bad_names, "render", "--out", "site", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 1, done.stderr
    assert f"{SHOWN}:3:6: error SST005" in done.stderr.decode("utf-8")
    assert not (bad_names / "site").exists()


def test_a_root_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    _strategy(root)
    done = _sst(root, "check")
    assert done.returncode == 2, done.stderr
    assert "caf\\xe9` is not UTF-8 text (byte 0xE9)" in done.stderr.decode("utf-8")


def test_codeowners_names_no_file_it_cannot_hold(bad_names: Path) -> None:
    # a newline in a name would give `*` (every file) to whoever named it
    forged = "strategy/goals/x\n* @mallory.yaml"
    (bad_names / forged).write_bytes((bad_names / "strategy/goals/grow.yaml").read_bytes())
    edit_people = bad_names / "strategy/people.yaml"
    edit_people.write_text(edit_people.read_text(encoding="utf-8").replace(
        "    name: Ann\n", "    name: Ann\n    github: ann-gh\n"), encoding="utf-8")
    done = _sst(bad_names, "codeowners", "--write")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    written = (bad_names / ".github/CODEOWNERS").read_bytes().decode("utf-8")
    lines = written.splitlines()
    assert all(line.startswith(("#", "/")) for line in lines), written
    assert "/strategy/goals/grow.yaml @ann-gh" in lines
    assert f"# /{SHOWN}: a name CODEOWNERS cannot hold" in written
    assert "# /strategy/goals/x\\n* @mallory.yaml: a name CODEOWNERS cannot hold" in written
    assert not any("@mallory" in line for line in lines if not line.startswith("#"))
    # the block it wrote is the block the check expects: no SST030
    done = _sst(bad_names, "check", "--format", "json", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert "SST030" not in {f["code"] for f in json.loads(done.stdout)["findings"]}


def test_a_usage_error_quoting_a_file_spells_its_controls(bad_names: Path) -> None:
    # `sst kpi import` quotes the cell it cannot read: an escape sequence in it stays text
    (bad_names / "sales.csv").write_bytes(
        b"date,value\n2026-06-01,150\n2026-06-0\x1b[31m2,3\n")
    done = _sst(bad_names, "kpi", "import", "sales", "sales.csv")
    _no_escape_byte(done)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode("utf-8").startswith(
        "sst: sales.csv:3: `2026-06-0\\x1b[31m2` in column `date` is not a date")


def test_status_spells_an_escape_sequence_in_a_title(tmp_path: Path) -> None:
    # YAML's double quotes turn `\e` into ESC: a title is text for the terminal, not commands
    root = _strategy(tmp_path / "repo")
    goal = root / "strategy/goals/grow.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "title: Grow sales", 'title: "Grow \\e[31msales"'), encoding="utf-8")
    for command in (("status",), ("status", "--due")):
        done = _sst(root, *command, "--as-of", "2026-06-15")
        _no_escape_byte(done)
        assert done.returncode == 0, done.stderr
    assert "Grow \\x1b[31msales (100 → 200" in _sst(
        root, "status", "--as-of", "2026-06-15").stdout.decode("utf-8")


def test_diff_markdown_spells_an_escape_sequence_in_a_title(tmp_path: Path) -> None:
    root = _strategy(tmp_path / "repo")
    commit_all(root, "base")
    goal = root / "strategy/goals/grow.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "title: Grow sales", 'title: "Grow \\e[31msales"'), encoding="utf-8")
    done = _sst(root, "diff", "HEAD", "--as-of", "2026-06-15")
    _no_escape_byte(done)
    assert done.returncode == 0, done.stderr
    assert "Goal **Grow \\x1b[31msales** (`grow`)" in done.stdout.decode("utf-8")


def test_in_process_on_pytests_strict_stream(bad_names: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # capsys writes strict UTF-8, as a strict locale does: what the CLI prints must encode
    from sst_plugin.cli import main

    assert main(["check", "--root", str(bad_names), "--format", "sarif",
                 "--as-of", "2026-06-15"]) == 1
    json.loads(capsys.readouterr().out)
    # the net under every command: text no format spelled out is written, not raised on
    assert main(["rule", "SST004"]) == 0
    print("strategy/goals/grow-\udce9.yaml")
    assert capsys.readouterr().out.endswith("strategy/goals/grow-\\udce9.yaml\n")
