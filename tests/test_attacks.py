"""Variants of the security review's attacks (issue #12) that a fix for one payload missed.

Each test names the way in; most call plain functions, a few build a real site with each
generator, since only the built HTML shows what a theme prints raw.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import check, findings, write
from mkdocs.exceptions import Abort
from sitebuild import build_site, build_zensical, copy_repository

from sst_plugin.cli import main as sst
from sst_plugin.core.read.docs_tree import Forbidden, scan_tree
from sst_plugin.core.sanitize import inert_metadata

# raw markup a browser would run: `<img` as an element, not as text or look-alikes
RAW_IMG = re.compile(r"<img src=x onerror")


def test_every_text_of_the_front_matter_is_inert() -> None:
    """Material prints `status` into a class attribute and `revision_date` into the page, and
    the search results show `tags` through innerHTML; Zensical prints `tags` on the page."""
    hostile = "x\"><img src=x onerror=alert(1)>"
    meta = {"status": hostile, "revision_date": hostile, "tags": [hostile, "R&D"],
            "extra": {"deep": [{hostile: hostile}]}, "hide": ["navigation"],
            "search": {"boost": 2, "exclude": False}}
    inert_metadata(meta)
    assert "<" not in repr(meta) and '"' not in str(meta["status"])
    assert meta["tags"][1] == "R&amp;D"
    assert meta["hide"] == ["navigation"] and meta["search"] == {"boost": 2, "exclude": False}


def test_front_matter_nested_past_any_theme_is_dropped_not_a_recursion_error() -> None:
    value: object = "<b>"
    for _ in range(5000):
        value = [value]
    meta = {"deep": value}
    inert_metadata(meta)
    assert "<" not in repr(meta)


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "&lt;img&gt;", 'a"b.md',
                                  "line\nbreak.md", "nel\x85.md"])
def test_a_name_in_docs_that_a_theme_prints_raw_is_refused(tmp_path: Path, name: str) -> None:
    """A folder's name becomes a navigation section's title on every page, printed raw."""
    (tmp_path / "docs" / name).mkdir(parents=True)
    write(tmp_path, f"docs/{name}/page.md", "# Page\n")
    write(tmp_path, "docs/what's new.md", "# Plain names stay\n")
    files, findings = scan_tree(tmp_path / "docs", Forbidden.of(tmp_path, "strategy"))
    assert [f.place.file for f in findings if f.place] == [f"docs/{name}"]
    assert "rename it" in findings[0].message
    assert [f.name for f in files] == ["what's new.md"]


HOSTILE_FRONT_MATTER = """\
---
status: 'x"><img src=x onerror=alert(301)>'
revision_date: '<img src=x onerror=alert(302)>'
git_creation_date_localized: '<img src=x onerror=alert(303)>'
tags: ['<img src=x onerror=alert(304)>']
---
# Meta page

sourdough
"""


@pytest.mark.slow
@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_no_front_matter_value_reaches_a_built_file_as_markup(tmp_path: Path,
                                                             generator: str) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "docs/meta.md", HOSTILE_FRONT_MATTER)
    site = build_site(root) if generator == "mkdocs" else build_zensical(root)
    assert (site / "meta/index.html").is_file()
    raw = [path.relative_to(site).as_posix() for path in site.rglob("*")
           if path.is_file() and RAW_IMG.search(path.read_text(errors="replace"))]
    assert raw == []


@pytest.mark.slow
def test_a_docs_folder_named_as_markup_stops_both_builds(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "docs/<img src=x onerror=alert(101)>/page.md", "# Page\n")
    with pytest.raises(Abort):
        build_site(root)
    assert not (root / "site").exists()
    assert sst(["render", "--out", str(root / "docs/strategy"), str(root)]) != 0
    assert not (root / "docs/strategy").exists()


def _sst001(root: Path) -> list[tuple[str, str]]:
    return [(f.place.file if f.place else "", f.message) for f in findings(root)
            if f.code == "SST001"]


def test_a_docs_folder_that_is_itself_a_link_is_judged_as_a_link_in_it(repo: Path,
                                                                        tmp_path: Path) -> None:
    """`docs -> strategy` published every raw strategy file (every audience's) with no finding;
    `docs -> /elsewhere` published the machine's files."""
    (repo / "docs").symlink_to("strategy")
    assert [(file, "strategy folder" in message) for file, message in _sst001(repo)] == [
        ("docs", True)]
    (repo / "docs").unlink()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    write(elsewhere, "x.md", "# A file of the build machine\n")
    (repo / "docs").symlink_to(elsewhere)
    assert [file for file, _ in _sst001(repo)] == ["docs"]
    (repo / "docs").unlink()
    write(repo, "pages/index.md", "# Home\n")
    (repo / "docs").symlink_to("pages")  # a link that stays in the repository is fine
    assert _sst001(repo) == []


def test_a_strategy_folder_linked_out_of_the_repository_is_not_read(repo: Path,
                                                                    tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-strategy"
    shutil.move(repo / "strategy", elsewhere)
    (repo / "strategy").symlink_to(elsewhere)
    result = check(repo)
    assert [(f.place.file if f.place else "", f.code) for f in result.findings
            if f.code == "SST001"] == [("strategy", "SST001")]
    assert dict(result.model.entities) == {}  # nothing read through the link
    (repo / "strategy").unlink()
    shutil.move(elsewhere, repo / "plans")
    (repo / "strategy").symlink_to("plans")  # inside the repository: read as usual
    assert _sst001(repo) == []


@pytest.mark.slow
def test_a_docs_folder_linked_to_the_strategy_stops_the_build(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    shutil.rmtree(root / "docs")
    (root / "docs").symlink_to("strategy")
    with pytest.raises(Abort):
        build_site(root)
    assert not (root / "site").exists()
    assert sst(["render", "--out", str(root / "pages"), str(root)]) != 0
