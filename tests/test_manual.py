"""The user manual (docs/manual/) holds to the code: its generated parts are what the parser, the
schemas and the modules give; its examples are valid; its nav is the same for MkDocs and
Zensical; the README keeps only what it promises and links into it."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from sst_plugin.cli import _parser as sst_parser
from sst_plugin.core.read.load import load_file
from sst_plugin.core.read.schema import KINDS, schema_for, validate
from sst_plugin.manual import (
    COMMAND,
    KIND_PAGES,
    ManualError,
    between_markers,
    generated_pages,
    main,
)

MANUAL = REPO / "docs/manual"
README = REPO / "README.md"
FENCE = re.compile(r"^( *)(`{3,})(\w*)\n(.*?)^\1\2$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")
# the README's two commands, verbatim: what a newcomer types first (and .ci/run runs the second)
QUICK_START = ("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/mkdocs build",
               'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && '
               ".venv/bin/python -m pytest")


def code_blocks(text: str, language: str) -> list[str]:
    return [textwrap.dedent(body) for _, _, lang, body in FENCE.findall(text) if lang == language]


# -- the generated parts -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(generated_pages(MANUAL)))
def test_the_committed_page_is_what_the_code_generates(name: str) -> None:
    committed = (MANUAL / name).read_text(encoding="utf-8")
    assert committed == generated_pages(MANUAL)[name], \
        f"docs/manual/{name} is stale: run `{COMMAND}` and commit what it writes"


def _leaves(parser: argparse.ArgumentParser,
            prog: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield prog, parser
        return
    for name, sub in subparsers[0].choices.items():
        yield from _leaves(sub, f"{prog} {name}")


def test_the_cli_reference_names_every_command_and_option() -> None:
    page = (MANUAL / "cli.md").read_text(encoding="utf-8")
    leaves = list(_leaves(sst_parser(), "sst"))
    assert len(leaves) >= 11
    for prog, parser in leaves:
        section = page.split(f"\n## {prog}\n", 1)[1].split("\n## ", 1)[0]
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            shown = max(action.option_strings, key=len) if action.option_strings \
                else action.metavar or action.dest.upper()
            assert f"`{shown}" in section, f"{prog}: {shown} is missing from cli.md"
        # `sst lsp` finds the repository of each file the editor opens: no --root to give
        assert "--root ROOT" in section or prog in ("sst init", "sst rule", "sst lsp")


def _schema_fields(node: dict[str, object], prefix: str = "") -> Iterator[str]:
    for name, child in node.get("properties", {}).items():  # type: ignore[attr-defined]
        yield prefix + name
        items = child.get("items", {})
        for nested, path in ((child, f"{prefix}{name}."), (items, f"{prefix}{name}[].")):
            if isinstance(nested, dict) and "properties" in nested:
                yield from _schema_fields(nested, path)


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_schema_has_a_row(kind: str) -> None:
    page = (MANUAL / KIND_PAGES[kind]).read_text(encoding="utf-8")
    fields = list(_schema_fields(schema_for(kind)))
    assert len(fields) >= 5
    for field in fields:
        assert f"| `{field}` |" in page, f"{KIND_PAGES[kind]}: no row for `{field}`"


def test_a_page_that_lost_its_markers_is_a_clear_error(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ManualError, match="lost its markers"):
        between_markers("# Goals\n\nno table here\n", "fields", "| a |\n", "kinds/goals.md")
    (tmp_path / "docs/manual/kinds").mkdir(parents=True)
    for name in KIND_PAGES.values():
        (tmp_path / "docs/manual" / name).write_text("# A page without markers\n")
    assert main(["--root", str(tmp_path)]) == 2
    assert "lost its markers" in capsys.readouterr().err


# -- examples and links ------------------------------------------------------------------------

def _examples() -> Iterator[tuple[str, str, str]]:
    for kind, name in KIND_PAGES.items():
        text = (MANUAL / name).read_text(encoding="utf-8")
        for language in ("yaml", "markdown"):
            for block in code_blocks(text, language):
                yield kind, language, block


@pytest.mark.parametrize(("kind", "language", "block"), list(_examples()),
                         ids=lambda value: value if value in KINDS else "")
def test_every_example_on_a_kind_page_is_valid(kind: str, language: str, block: str,
                                               tmp_path: Path) -> None:
    suffix = ".md" if language == "markdown" else ".yaml"
    path = tmp_path / f"example{suffix}"
    document, problems = load_file(path, path.name, kind, tmp_path, content=block)
    assert problems == [] and document.data is not None
    assert validate(document) == [], f"{KIND_PAGES[kind]}: its {language} example is invalid"


def test_every_kind_page_has_an_example() -> None:
    assert {kind for kind, _, _ in _examples()} == set(KINDS)


def _links(path: Path) -> Iterator[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    for target in LINK.findall(text):
        if not re.match(r"[a-z]+:", target):
            yield target.split("#", 1)[0]


@pytest.mark.parametrize("page", [README, *sorted(MANUAL.rglob("*.md"))],
                         ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_link_leads_to_a_file(page: Path) -> None:
    broken = [target for target in _links(page) if target
              and not (page.parent / target).exists()]
    assert broken == []


# -- the navigation ----------------------------------------------------------------------------

def _mkdocs_manual_section() -> list[tuple[str, str]]:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = next(item["Manual"] for item in config["nav"]
                   if isinstance(item, dict) and "Manual" in item)
    return [next(iter(entry.items())) for entry in section]


def test_mkdocs_and_zensical_list_the_same_manual_pages() -> None:
    """mkdocs.yml's nav for MkDocs and ProperDocs; docs/manual/.nav.yml for Zensical."""
    zensical = yaml.safe_load((MANUAL / ".nav.yml").read_text(encoding="utf-8"))
    assert zensical["title"] == "Manual"
    listed = [next(iter(entry.items())) for entry in zensical["nav"]]
    assert [(title, f"manual/{page}") for title, page in listed] == _mkdocs_manual_section()


def test_every_manual_page_is_in_the_nav_or_linked_from_a_page_that_is() -> None:
    in_nav = {REPO / "docs" / page for _, page in _mkdocs_manual_section()}
    linked = {(page.parent / target).resolve() for page in in_nav for target in _links(page)}
    pages = set(MANUAL.rglob("*.md"))
    assert pages - in_nav - linked == set()
    assert len(in_nav) <= 12  # Material repeats the nav on every page: it stays small


def test_the_zensical_recipe_builds_clean_from_a_fresh_render() -> None:
    """tests/test_generators.py runs it; this says, in the fast suite, what it must keep."""
    page = (MANUAL / "generators.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| Zensical |"))
    recipe = re.findall(r"`([^`]*zensical build[^`]*)`", row)[-1]
    assert recipe.startswith("sst render --out docs/strategy && ")
    assert "--clean" in recipe and "-f zensical.yml" in recipe


# -- the README --------------------------------------------------------------------------------

def test_the_readme_keeps_the_two_commands_and_links_into_the_manual() -> None:
    readme = README.read_text(encoding="utf-8")
    assert tuple(block.strip() for block in code_blocks(readme, "sh")) == QUICK_START
    assert '`.venv/bin/python -m pytest -m "not slow"`' in readme
    assert "docs/manual/index.md" in readme
    assert len(readme.splitlines()) < 80, "README.md: the manual is where the detail goes"
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").replace(" -q ", " ")  # pip, quietly
    assert QUICK_START[1] in ci


# -- the contributing guide, followed to the letter --------------------------------------------

def test_the_contributing_guide_adds_sst034(repo: Path) -> None:
    """The guide's rule and test, run as written (in a process of their own: the rule table is
    global), give a documented rule that finds what the guide says."""
    guide = (MANUAL / "contributing.md").read_text(encoding="utf-8")
    check, = (block for block in code_blocks(guide, "python") if '@rule("SST034"' in block)
    test, = (block for block in code_blocks(guide, "python") if "def test_sst034" in block)
    script = textwrap.dedent("""\
        import json, sys
        from pathlib import Path
        sys.path.insert(0, sys.argv[1])
        from conftest import edit, findings, where
        from sst_plugin.core.codes import SECTIONS, doc_sections, rule_table
        from sst_plugin.core.rules import kpis
        check, test, repo = json.load(sys.stdin)
        exec(compile(check, "contributing.md", "exec"), vars(kpis))
        space = {"KPI": "strategy/kpis/sales.yaml", "Path": Path, "edit": edit,
                 "findings": findings, "where": where}
        exec(compile(test, "contributing.md", "exec"), space)
        space["test_sst034_kpi_without_source"](Path(repo))
        rule = rule_table()["SST034"]
        assert tuple(doc_sections(rule.doc)) == SECTIONS, rule.doc
        print(rule.name, rule.severity)
        """)
    done = subprocess.run([sys.executable, "-c", script, str(REPO / "tests")],
                          input=json.dumps([check, test, str(repo)]), capture_output=True,
                          text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "kpi-without-source warning\n"
