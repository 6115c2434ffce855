"""One strategy, three site generators from PyPI: MkDocs + Material and ProperDocs + Material
run the plugin; Zensical builds what `sst render` wrote, with the `[[id]]` Markdown extension."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import edit, write
from sitebuild import BIN, GENERATORS, copy_repository, example_built_once
from test_audiences import MARK, restricted_repo, site_files
from test_plugin import SNIPPETS_PAGE

from sst_plugin.core.model.model import build_model
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.read.read import read_tree
from sst_plugin.core.render.urls import KIND_FOLDERS

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit


@pytest.fixture(scope="module", params=GENERATORS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_built_once(tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def entity_pages() -> set[str]:
    """Where every entity of the example strategy is published."""
    root = Path(__file__).resolve().parent.parent
    settings = load_settings(root)
    model = build_model(read_tree(root, settings.strategy_dir, settings.max_file_size).documents)
    assert len(model.entities) > 40
    return {f"strategy/{KIND_FOLDERS[e.kind]}/{e.id}/index.html" for e in model.entities.values()}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.code += tag in ("code", "pre")
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_endtag(self, tag: str) -> None:
        self.code -= tag in ("code", "pre") and self.code > 0

    def handle_data(self, data: str) -> None:
        if not self.code:
            self.text.append(data)


def _parsed(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_entity_has_its_page(site: Path, entity_pages: set[str]) -> None:
    built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert entity_pages - built == set()


def test_every_wikilink_resolved(site: Path) -> None:
    unresolved = {page.relative_to(site).as_posix() for page in site.rglob("*.html")
                  if "[[" in "".join(_parsed(page).text)}
    assert unresolved == set()
    home = _parsed(site / "index.html").hrefs
    assert "strategy/goals/sourdough-quarter/" in home  # [[sourdough-quarter]] in docs/index.md
    assert "strategy/goals/catering-line/" in home


def test_every_link_between_pages_leads_to_a_page(site: Path) -> None:
    broken: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        here = page.relative_to(site).parent.as_posix()
        for href in _parsed(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another host (the theme's credit line) or an anchor on the page
            # 404.html links from the site's root: it is served at any depth
            target = posixpath.normpath(posixpath.join(here, parts.path)).lstrip("/")
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.setdefault(page.relative_to(site).as_posix(), []).append(href)
    assert broken == {}


def test_entity_pages_stay_out_of_the_navigation(site: Path) -> None:
    html = (site / "strategy/goals/revenue-2026/index.html").read_text(encoding="utf-8")
    items = len(re.findall(r'class="md-nav__item', html))
    assert 12 <= items < 40  # the overview pages, not one item per entity


def test_the_same_pages_whatever_the_generator(site: Path, entity_pages: set[str]) -> None:
    text = " ".join(_parsed(site / "strategy/goals/sourdough-quarter/index.html").text)
    assert "Make organic sourdough a quarter of our bread sales" in text
    assert "Spring sourdough launch" in text and "Winter bread subscriptions" in text
    assert (site / "strategy/map/index.html").read_text(encoding="utf-8").count("<svg") >= 1


# The manual's recipe for Zensical, run as written: what holds one audience's build to itself
MANUAL_GENERATORS = Path(__file__).resolve().parent.parent / "docs/manual/generators.md"


def manual_recipe() -> str:
    page = MANUAL_GENERATORS.read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| Zensical |"))
    return re.findall(r"`([^`]*zensical build[^`]*)`", row)[-1]


def zensical(command: str, root: Path) -> subprocess.CompletedProcess[str]:
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], cwd=root, capture_output=True, text=True,
                          check=False, env={**os.environ, "PATH": path})


def test_the_manual_recipe_keeps_no_title_of_the_previous_audience(tmp_path: Path) -> None:
    """Zensical caches each page's HTML under .cache/ by its Markdown, which does not change
    when `sst render` writes another audience's link table: a page of ours kept the
    leadership build's title of a restricted goal in the next build for everyone."""
    root = restricted_repo(tmp_path / "repo", "leadership")
    assert zensical(manual_recipe(), root).returncode == 0
    assert MARK in (root / "site/plans/index.html").read_text(encoding="utf-8")
    edit(root, "mkdocs.yml", "      audience: leadership\n", "")
    done = zensical(manual_recipe(), root)
    assert done.returncode == 0, done.stdout + done.stderr
    leaks = {name for name, text in site_files(root / "site").items() if MARK in text}
    assert leaks == set()


def test_the_manual_recipe_keeps_codeowners_out_of_the_site(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    for rel in ("docs/CODEOWNERS", "docs/team/codeowners"):
        write(root, rel, "strategy/goals/revenue-2026.yaml @someone\n")
    assert zensical(manual_recipe(), root).returncode == 0
    assert [p for p in (root / "site").rglob("*") if p.name.casefold() == "codeowners"] == []


@pytest.mark.parametrize("order", ["snippets first", "snippets last"])
def test_zensical_refuses_snippets_that_reach_the_strategy(tmp_path: Path, order: str) -> None:
    """No plugin of ours runs under Zensical: the Markdown extension refuses, before
    pymdownx.snippets reads anything, whatever the order the extensions are listed in."""
    root = restricted_repo(tmp_path / "repo", None)
    line = "  - sst_plugin.wikilinks  # [[id]] links, from the index sst render wrote\n"
    edit(root, "zensical.yml", line, line + "  - pymdownx.snippets\n" if order == "snippets last"
         else "  - pymdownx.snippets\n" + line)
    write(root, "docs/included.md", SNIPPETS_PAGE)
    done = zensical(manual_recipe(), root)
    assert done.returncode != 0
    assert "sst: pymdownx.snippets: base_path" in done.stdout + done.stderr
    leaks = {name for name, text in site_files(root / "site").items() if MARK in text}
    assert leaks == set()


def test_zensical_snippets_from_a_folder_of_their_own(tmp_path: Path) -> None:
    root = restricted_repo(tmp_path / "repo", None)
    edit(root, "zensical.yml", "plugins:", "  - pymdownx.snippets:\n"
         "      base_path: [docs/snippets]\nplugins:")
    write(root, "docs/snippets/shared.md", "Shared words for every reader.\n")
    write(root, "docs/included.md", SNIPPETS_PAGE)
    done = zensical(manual_recipe(), root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Shared words" in (root / "site/included/index.html").read_text(encoding="utf-8")
    leaks = {name for name, text in site_files(root / "site").items()
             if MARK in text or "site_name" in text}
    assert leaks == set()


def test_a_link_out_of_the_repository_stops_sst_render(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "docs/p.txt").symlink_to("/etc/passwd")
    done = zensical(manual_recipe(), root)
    assert done.returncode == 1
    assert "docs/p.txt: error SST001" in done.stdout + done.stderr
    assert not (root / "site").exists()
