"""Rules that document themselves: the rule table, the registry, the docstrings, `sst rule`, the
manual's pages (their index holds the table of every rule) and SARIF's help all say the same
thing."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO, edit

from sst_plugin import cli
from sst_plugin.core import codes
from sst_plugin.core.codes import SECTIONS, doc_sections, rule_table
from sst_plugin.core.findings import finding
from sst_plugin.core.model.links import find_wikilinks
from sst_plugin.core.read.config import ConfigError, settings_from_options
from sst_plugin.core.rules import CHECKS
from sst_plugin.core.rules.manual import (
    MANUAL_COMMAND,
    manual_pages,
    repository_table,
    rule_markdown,
    rules_table,
)

RULES = list(rule_table().values())
CODE = re.compile(r"\bSST\d{3}\b")
MANUAL = REPO / "docs/manual/rules"
# spec §8 codes that other work will implement: never declared before they are
NOT_YET_IMPLEMENTED: set[str] = set()
DEFINERS = {"rule", "also", "found_while_reading"}
# docs/manual/contributing.md adds it step by step, and tests/test_manual.py runs the steps
CONTRIBUTING_EXAMPLE = "SST034"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_documents_what_why_example_and_fix(rule: codes.Rule) -> None:
    sections = doc_sections(rule.doc)
    assert tuple(sections) == SECTIONS, f"{rule.source}: {rule.code}'s docstring needs the " \
                                        f"`## ` sections {SECTIONS}, in order"
    assert all(sections.values()), f"{rule.source}: {rule.code} has an empty section"
    example = sections["Example"]
    fails, _, fixed = example.partition("Fixed:")
    assert fails.lstrip().startswith("Fails:") and fixed, \
        f"{rule.source}: {rule.code}'s example gives `Fails:` then `Fixed:`"
    assert "```" in fails and "```" in fixed, f"{rule.code}: each side of the example is code"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_a_stable_name_and_a_summary(rule: codes.Rule) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and not rule.summary.endswith(".") and "\n" not in rule.summary
    assert rule.severity in ("error", "warning")
    assert (REPO / rule.source).is_file()
    assert rule.module.startswith("sst_plugin.core.rules.")


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_every_registered_check_belongs_to_a_rule_of_the_table() -> None:
    assert set(CHECKS) <= set(rule_table())


def test_every_rule_is_implemented() -> None:
    """A rule is a check of the registry, or a code the loader reports: none is declared only."""
    loader_sources = "\n".join(path.read_text(encoding="utf-8")
                               for path in (REPO / "sst_plugin/core").rglob("*.py")
                               if path not in _rule_modules() and "render" not in path.parts)
    for rule in RULES:
        if rule.code in CHECKS:
            continue
        assert f'finding("{rule.code}"' in loader_sources or \
            f'"{rule.code}", ' in loader_sources, f"{rule.code} is defined but never reported"
    assert NOT_YET_IMPLEMENTED.isdisjoint(rule_table())


def test_sst009_is_an_undeclared_audience_as_spec_section_8_says() -> None:
    assert rule_table()["SST009"].name == "undeclared-audience"
    assert rule_table()["SST009"].severity == "error"
    assert "audience" not in rule_table()["SST005"].doc.lower()


def _rule_modules() -> list[Path]:
    """The modules of rules/ that define rules: all but `check.py`, which runs them over a folder
    and reports what the loader finds (SST001 for an unreadable page), as read/ does."""
    return [path for path in sorted((REPO / "sst_plugin/core/rules").glob("*.py"))
            if path.name != "check.py"]


def _code_arguments(path: Path) -> list[tuple[str, str, int]]:
    """(function called, code, line) for every call in the file given a rule code first."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and CODE.fullmatch(node.args[0].value)):
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            calls.append((name, node.args[0].value, node.lineno))
    return calls


def test_a_rule_module_writes_each_code_once_in_its_decorator() -> None:
    """The registry stamps the code on a check's findings: no `finding("SST0nn", ...)` in rules/."""
    for path in _rule_modules():
        for name, code, line in _code_arguments(path):
            assert name in DEFINERS, f"{path.name}:{line}: {name}({code!r}, ...): yield a " \
                                     "Report and let the registry stamp the code"
    defined = [code for path in _rule_modules()
               for name, code, _ in _code_arguments(path) if name != "also"]
    assert sorted(defined) == sorted(rule_table())


def test_every_code_the_sources_tests_and_docs_name_is_a_rule() -> None:
    """What the code emits and what the tests expect (the corpus of findings) is in the table."""
    files = [*(REPO / "sst_plugin").rglob("*.py"), *(REPO / "tests").glob("*.py"),
             REPO / "README.md", *(REPO / "docs").rglob("*.md"), *(REPO / "fuzz").glob("*.py")]
    unknown = {}
    for path in files:
        if path == Path(__file__):
            continue  # this file names codes that are not rules on purpose
        named = set(CODE.findall(path.read_text(encoding="utf-8"))) - set(rule_table())
        named = {code for code in named if not code.startswith("SST9")}  # tests' "no such code"
        if path in (REPO / "docs/manual/contributing.md", REPO / "tests/test_manual.py"):
            named -= {CONTRIBUTING_EXAMPLE}  # the rule the guide walks through adding
        if named:
            unknown[path.relative_to(REPO).as_posix()] = sorted(named)
    assert unknown == {}


def test_a_finding_of_an_unknown_code_cannot_be_made() -> None:
    with pytest.raises(LookupError, match="SST099 is not a rule code"):
        finding("SST099", None, "nothing")


def test_the_committed_manual_is_what_the_rule_table_generates() -> None:
    expected = manual_pages()
    committed = {path.name: path.read_text(encoding="utf-8") for path in MANUAL.iterdir()}
    stale = sorted(name for name in committed if expected.get(name) != committed[name])
    missing = sorted(set(expected) - set(committed))
    assert (stale, missing) == ([], []), f"run `{MANUAL_COMMAND}` and commit the pages"


def test_every_code_has_a_manual_page_linked_from_the_index() -> None:
    index = (MANUAL / "index.md").read_text(encoding="utf-8")
    for code in rule_table():
        assert (MANUAL / f"{code}.md").is_file()
        assert f"]({code}.md)" in index


def test_the_manual_links_to_no_entity() -> None:
    """The manual is part of the example site, where `[[id]]` outside code is a link (SST007)."""
    for name, page in manual_pages().items():
        assert list(find_wikilinks(page)) == [], name


def test_the_table_of_every_rule_lives_in_the_manual() -> None:
    """One copy, generated: the README links to the manual's index instead of holding a table
    that would drift."""
    index = (MANUAL / "index.md").read_text(encoding="utf-8")
    assert rules_table() in index
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/manual/rules/index.md" in readme
    assert not re.search(r"^\| \[?SST\d{3}", readme, re.MULTILINE), \
        "README.md: link to docs/manual/rules/index.md rather than copying the rule table"


def _nav_pages(nav: object) -> Iterator[str]:
    """Every page a mkdocs.yml `nav` names, sections included."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_pages(value)


def test_the_manual_is_in_the_sites_nav() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "manual/rules/index.md" in list(_nav_pages(config["nav"]))


def test_the_manual_url_agrees_with_the_sites_address() -> None:
    """helpUri must be absolute: it comes from the site's address, or is left out."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    site_url = config.get("site_url")
    expected = f"{site_url.rstrip('/')}/manual/rules/" if site_url else None
    assert expected == codes.MANUAL_URL


def test_sst_rule_prints_what_why_example_and_fix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "SST023")
    assert (code, err) == (0, "")
    assert out == rule_markdown(rule_table()["SST023"])
    assert out.startswith("# SST023 stale-kpi\n")
    for title in SECTIONS:
        assert f"\n## {title}\n" in out
    assert "Fails:" in out and "Fixed:" in out


@pytest.mark.parametrize("asked", ["sst023", "stale-kpi", " SST023"])
def test_sst_rule_takes_a_code_in_any_case_or_a_name(
        capsys: pytest.CaptureFixture[str], asked: str) -> None:
    code, out, _ = run(capsys, "rule", asked)
    assert code == 0 and out.startswith("# SST023 stale-kpi")


@pytest.mark.parametrize(("asked", "suggested"), [("SST099", "SST009"), ("stale-kpis", "SST023")])
def test_sst_rule_of_an_unknown_code_is_a_usage_error_with_a_suggestion(
        capsys: pytest.CaptureFixture[str], asked: str, suggested: str) -> None:
    code, out, err = run(capsys, "rule", asked)
    assert (code, out) == (2, "")
    assert f"no rule `{asked}`" in err and "sst rule --all" in err
    assert "did you mean `SST0" in err and "Traceback" not in err
    if asked == "stale-kpis":
        assert f"did you mean `{suggested}`" in err


def test_sst_rule_all_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0
    assert re.findall(r"^# (SST\d{3}) ", out, re.MULTILINE) == list(rule_table())
    code, out, _ = run(capsys, "rule", "--table")
    assert (code, out) == (0, repository_table())


def test_sst_rule_manual_writes_every_page_and_only_its_own(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "SST999.md").write_text("a rule that is gone\n")
    (folder / "notes.md").write_text("ours\n")
    code, out, _ = run(capsys, "rule", "--manual", str(folder))
    assert code == 0 and f"{len(manual_pages())} written, 0 unchanged, 1 removed" in out
    assert not (folder / "SST999.md").exists() and (folder / "notes.md").exists()
    code, out, _ = run(capsys, "rule", "--manual", str(folder))
    assert f"0 written, {len(manual_pages())} unchanged, 0 removed" in out


def test_a_configuration_error_points_at_sst_rule() -> None:
    with pytest.raises(ConfigError) as unknown:
        settings_from_options({"rules": {"SST099": "off"}})
    assert "did you mean `SST0" in str(unknown.value) and "`sst rule SST0" in str(unknown.value)
    assert "README" not in str(unknown.value)
    with pytest.raises(ConfigError) as far:
        settings_from_options({"rules": {"XYZ": "off"}})
    assert "`sst rule --all` lists every rule code" in str(far.value)
    with pytest.raises(ConfigError) as severity:
        settings_from_options({"rules": {"SST020": "loud"}})
    assert "`sst rule SST020` says what it finds" in str(severity.value)


def _sarif(capsys: pytest.CaptureFixture[str], repo: Path) -> dict[str, object]:
    edit(repo, "strategy/battles/launch.yaml", "kpi: sales", "kpi: salse")
    code, out, _ = run(capsys, "check", str(repo), "--format", "sarif", "--as-of", "2026-06-15")
    assert code == 1
    return json.loads(out)  # type: ignore[no-any-return]


def test_sarif_carries_help_for_every_rule(
        capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    log = _sarif(capsys, repo)
    driver = log["runs"][0]["tool"]["driver"]  # type: ignore[index]
    descriptors = {d["id"]: d for d in driver["rules"]}
    assert list(descriptors) == list(rule_table())
    for code, rule in rule_table().items():
        descriptor = descriptors[code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"] == {"text": rule.section("What it finds")}
        assert rule.doc in descriptor["help"]["text"]
        assert descriptor["help"]["markdown"].startswith(f"# {code} {rule.name}")
        assert f"`sst rule {code}`" in descriptor["help"]["text"]
        assert f"docs/manual/rules/{code}.md" in descriptor["help"]["markdown"]
        assert "helpUri" not in descriptor  # no address for the manual yet: never a relative one
    result = log["runs"][0]["results"][0]  # type: ignore[index]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "SST005"


def test_sarif_help_uri_is_the_manual_page_once_the_manual_has_an_address(
        capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codes, "MANUAL_URL", "https://strategy.example.org/manual/rules/")
    log = _sarif(capsys, repo)
    for descriptor in log["runs"][0]["tool"]["driver"]["rules"]:  # type: ignore[index]
        assert descriptor["helpUri"] == \
            f"https://strategy.example.org/manual/rules/{descriptor['id']}/"
