"""One strategy, three site generators from PyPI: MkDocs + Material and ProperDocs + Material
run the plugin; Zensical builds what `sst render` wrote, with the `[[id]]` Markdown extension."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import GENERATORS, build_with, copy_repository

from sst_plugin.core.config import load_settings
from sst_plugin.core.model import build_model
from sst_plugin.core.read import read_tree
from sst_plugin.core.render.urls import KIND_FOLDERS


@pytest.fixture(scope="module", params=GENERATORS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(request.param, copy_repository(tmp_path_factory.mktemp(request.param)))


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
