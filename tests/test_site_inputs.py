"""What the site is built from beside the strategy: files under docs/, snippet includes, and
the text fields whose `[[id]]` links the build resolves. Each is refused by `sst check` with its
file and line, so that a build's pre-check fails before anything is published or cleaned."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import edit, findings, where, write

from sst_plugin.core.read.snippet_reach import snippet_problem


def _sst001(root: Path) -> list[tuple[str, str]]:
    return [(f.place.file if f.place else "", f.message) for f in findings(root)
            if f.code == "SST001"]


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/etc"])
def test_a_link_in_docs_out_of_the_repository_is_a_finding(repo: Path, target: str) -> None:
    write(repo, "docs/index.md", "# Home\n")
    (repo / "docs/p.txt").symlink_to(target)
    found = _sst001(repo)
    assert [file for file, _ in found] == ["docs/p.txt"]
    assert "outside the repository" in found[0][1]


def test_a_link_in_docs_to_the_strategy_or_git_is_a_finding(repo: Path) -> None:
    """Inside the repository, but the raw strategy files (every audience's) or git's own files
    (a checkout's token) would be published as they are."""
    write(repo, "docs/index.md", "# Home\n")
    write(repo, ".git/config", "[http]\n")
    (repo / "docs/goal.md").symlink_to(repo / "strategy/goals/grow.yaml")
    (repo / "docs/plans").symlink_to(Path("../strategy"))
    (repo / "docs/git.txt").symlink_to(Path("../.git/config"))
    (repo / "docs/readme.md").symlink_to(Path("../README.md"))  # a common, harmless link
    write(repo, "README.md", "# Read me\n")
    found = dict(_sst001(repo))
    assert set(found) == {"docs/goal.md", "docs/plans", "docs/git.txt"}
    assert "strategy folder" in found["docs/plans"]


def test_a_link_inside_a_linked_folder_is_followed_as_the_generator_would(repo: Path) -> None:
    write(repo, "shared/ok.md", "# Shared\n")
    (repo / "shared/p.txt").symlink_to("/etc/passwd")
    (repo / "docs").mkdir()
    (repo / "docs/shared").symlink_to(Path("../shared"))
    assert [file for file, _ in _sst001(repo)] == ["docs/shared/p.txt"]


def test_a_link_loop_in_docs_is_a_finding_not_a_stall(repo: Path) -> None:
    (repo / "docs/sub").mkdir(parents=True)
    for name in ("a", "b"):  # two loops: 2**40 paths to a generator that follows links
        (repo / "docs/sub" / name).symlink_to(Path(".."))
    found = _sst001(repo)
    assert [file for file, _ in found] == ["docs/sub/a", "docs/sub/b"]
    assert "loop" in found[0][1]


def test_a_fifo_in_docs_is_a_finding_not_a_hang(repo: Path) -> None:
    (repo / "docs").mkdir()
    os.mkfifo(repo / "docs/x.md")
    result: list[list[tuple[str, str]]] = []
    worker = threading.Thread(target=lambda: result.append(_sst001(repo)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # free the reader that hangs, so that the test run can end
        with open(repo / "docs/x.md", "w"):
            pass
        pytest.fail("sst check hangs on a FIFO under docs/")
    assert result == [[("docs/x.md", "not a regular file: commit a file here")]]


SNIPPETS = [
    '--8<-- "strategy/risks/secret.md"',
    "--8<-- 'mkdocs.yml'",
    ';--8<-- "mkdocs.yml"',
    '   -8<- "mkdocs.yml"',
    "--8<--",  # the block form: the paths follow on their own lines
]


@pytest.mark.parametrize("line", SNIPPETS)
def test_a_snippet_line_in_a_body_is_a_finding(repo: Path, line: str) -> None:
    write(repo, "strategy/goals/grow.md", "---\ntitle: Grow\ncategory: revenue\nkpi: sales\n"
          "baseline: 100\ntarget: 200\ndeadline: 2026-12-31\nowner: ann\nbreakthrough: true\n"
          f"---\nWhy it matters.\n\n{line}\n")
    (repo / "strategy/goals/grow.yaml").unlink()
    found = [f for f in findings(repo) if f.code == "SST002"]
    assert [(f.place.file, f.place.line) for f in found if f.place] == [
        ("strategy/goals/grow.md", 13)]
    assert "--8<--" in found[0].message and "snippet" in found[0].message


def test_a_snippet_line_in_a_text_field_is_a_finding(repo: Path) -> None:
    edit(repo, "strategy/battles/launch.yaml", "objective: Sell the loaf",
         'objective: |\n  Sell the loaf\n  --8<--\n  strategy/risks/secret.md\n  --8<--')
    edit(repo, "strategy/strategy.yaml", "domain: Bread for the neighbourhood.",
         "domain: '--8<-- \"mkdocs.yml\"'")
    found = [(f.place.file, f.place.line) for f in findings(repo)
             if f.code == "SST002" and f.place]
    assert found == [("strategy/battles/launch.yaml", 2), ("strategy/strategy.yaml", 5)]


def test_words_about_scissors_are_no_snippet(repo: Path) -> None:
    edit(repo, "strategy/battles/launch.yaml", "objective: Sell the loaf",
         "objective: Cut here -8<- and sell the loaf")
    assert [f for f in findings(repo) if f.code == "SST002"] == []


def test_an_unknown_id_in_a_title_or_a_text_field_is_sst007(repo: Path) -> None:
    """The build resolves [[id]] wherever a template prints the text: check them all first."""
    edit(repo, "strategy/goals/grow.yaml", "title: Grow sales", "title: Grow [[nope]] sales")
    edit(repo, "strategy/strategy.yaml", "domain: Bread for the neighbourhood.",
         "domain: Bread for [[nowhere]].")
    edit(repo, "strategy/strategy.yaml", "reason: Low margin",
         "reason: |\n      Low margin,\n      see [[gone]]")
    found = [f for f in findings(repo) if f.code == "SST007"]
    assert where(found) == [("SST007", "strategy/goals/grow.yaml", 1, 8),
                            ("SST007", "strategy/strategy.yaml", 5, 9),
                            ("SST007", "strategy/strategy.yaml", 14, 13)]
    assert "`title`" in found[0].message and "[[nope]]" in found[0].message


def test_a_known_id_in_a_title_is_fine(repo: Path) -> None:
    edit(repo, "strategy/goals/grow.yaml", "title: Grow sales", "title: Grow [[sales]]")
    assert [f for f in findings(repo) if f.code == "SST007"] == []


# pymdownx.snippets' reach, as the plugin and the Markdown extension judge it
def _problem(root: Path, bases: list[str], restrict: bool = True) -> str | None:
    return snippet_problem([os.path.join(root, b) for b in bases], restrict, root,
                           root / "strategy")


@pytest.mark.parametrize("bases", [["."], ["docs", "."], [".."], ["strategy"],
                                   ["strategy/goals"], ["/"], ["/etc"], [".git"],
                                   ["mkdocs.yml"]])
def test_snippet_bases_that_reach_the_strategy_or_leave_the_repo_are_refused(
        repo: Path, bases: list[str]) -> None:
    (repo / "docs").mkdir()
    (repo / ".git").mkdir()
    write(repo, "mkdocs.yml", "site_name: t\n")
    problem = _problem(repo, bases)
    assert problem is not None and "base_path" in problem


def test_snippet_bases_inside_the_site_are_allowed(repo: Path) -> None:
    write(repo, "docs/snippets/abbr.md", "*[SST]: strategy as code\n")
    write(repo, "includes/x.md", "x\n")
    assert _problem(repo, ["docs/snippets", "includes", "docs/missing"]) is None
    assert "restrict_base_path" in (_problem(repo, ["docs/snippets"], restrict=False) or "")


def test_a_snippet_base_with_a_link_to_the_strategy_is_refused(repo: Path) -> None:
    (repo / "includes").mkdir()
    (repo / "includes/secret.md").symlink_to(repo / "strategy/goals/grow.yaml")
    problem = _problem(repo, ["includes"])
    assert problem is not None and "includes/secret.md" in problem


def test_a_snippet_base_with_codeowners_is_refused(repo: Path) -> None:
    write(repo, "docs/CODEOWNERS", "strategy/goals/grow.yaml @ann\n")
    problem = _problem(repo, ["docs"])
    assert problem is not None and "docs/CODEOWNERS" in problem
