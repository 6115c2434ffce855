"""The published site, built from the example strategy: pages, links, backlinks, statuses."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, write
from mkdocs.exceptions import Abort
from sitebuild import build_site, copy_repository, example_built_once
from test_due import listed

from sst_plugin.core.health.health import battle_health, goal_health
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import check_tree

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.requests: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        for name in ("src", "srcset"):
            if values.get(name):
                self.requests.append(values[name] or "")
        if tag == "link" and values.get("rel") in ("stylesheet", "preload", "icon",
                                                   "modulepreload"):
            self.requests.append(values.get("href") or "")


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_built_once(tmp_path_factory)  # built with --strict


@pytest.fixture(scope="module")
def model_and_settings() -> tuple[object, object]:
    from conftest import REPO

    settings = load_settings(REPO, environ={})
    return check_tree(REPO, settings).model, settings


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def test_every_entity_has_its_page(site: Path, model_and_settings: tuple) -> None:
    model, _ = model_and_settings
    folders = {"goal": "goals", "kpi": "kpis", "path": "paths", "battle": "battles",
               "tactic": "tactics", "risk": "risks", "person": "people", "team": "people",
               "retro": "retros"}
    for entity in model.entities.values():
        html = page(site, f"strategy/{folders[entity.kind]}/{entity.id}")
        assert re.search(rf"<h1[^>]*>{re.escape(escape(entity.title, quote=False))}", html), \
            entity.id


def test_every_overview_page_exists_and_is_in_the_nav(site: Path) -> None:
    home = page(site, "strategy")
    for uri, title in [("strategy/map", "Strategy map"), ("strategy/positioning", "Positioning"),
                       ("strategy/goals", "Goals"), ("strategy/kpis", "KPIs"),
                       ("strategy/paths", "Paths"), ("strategy/battles", "Battles"),
                       ("strategy/tactics", "Tactics"), ("strategy/people", "People"),
                       ("strategy/updates", "Updates due"),
                       ("strategy/traceability", "Traceability"), ("strategy/risks", "Risks")]:
        assert (site / uri / "index.html").is_file()
        assert re.search(rf'href="[^"]*{uri.split("/")[-1]}/"[^>]*>\s*<span[^>]*>\s*{title}', home)


def test_entity_pages_stay_out_of_the_nav(site: Path) -> None:
    home = page(site, "strategy")
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "sourdough-quarter" not in nav and "levain-training" not in nav


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    for html_file in (site / "strategy").rglob("index.html"):
        for href in parse(html_file.read_text(encoding="utf-8")).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (html_file.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{html_file.relative_to(site)} → {href}")
    assert broken == []


def test_no_request_to_another_host(site: Path) -> None:
    for html_file in site.rglob("*.html"):
        for url in parse(html_file.read_text(encoding="utf-8")).requests:
            assert not urlsplit(url).netloc and not url.startswith("//"), (html_file, url)
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_backlinks(site: Path) -> None:
    # what refers to a goal has a section of its own: battles, paths and risks, in words
    html = page(site, "strategy/goals/sourdough-quarter")
    backlinks = html.split('id="battles-that-serve-it"', 1)[1]
    for href in ("../../battles/sourdough-launch/", "../../battles/winter-subscriptions/",
                 "../../paths/hero-sourdough/", "../../risks/head-baker-leaves/"):
        assert f'href="{href}"' in backlinks
    assert "monthly-revenue" not in backlinks


def test_statuses_match_the_health_computation(site: Path, model_and_settings: tuple) -> None:
    model, settings = model_and_settings
    for goal in model.goals:
        status = goal_health(model, goal, settings.as_of).status
        html = page(site, f"strategy/goals/{goal.id}")
        first_badge = re.search(r'sst-status--([a-z-]+)"', html)
        assert first_badge and first_badge.group(1) == status, goal.id
    for battle in model.battles:
        status = battle_health(model, battle, settings.as_of).status
        assert f"sst-status--{status}" in page(site, f"strategy/battles/{battle.id}")


def test_charts_are_inline_svg(site: Path) -> None:
    html = page(site, "strategy/goals/revenue-2026")
    assert re.search(r'<svg [^>]*class="sst-chart sst-line-chart', html) and "<polyline" in html
    assert "sst-today" in html
    assert re.search(r'<svg [^>]*class="sst-map"', page(site, "strategy/map"))
    assert 'class="sst-chart sst-timeline' in page(site, "strategy/battles")


def test_wikilinks_in_docs_pages_and_bodies(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="strategy/goals/sourdough-quarter/">Make organic sourdough a '
                     r"quarter of our bread sales</a>", home)
    goal = page(site, "strategy/goals/sourdough-quarter")
    assert 'href="../../paths/hero-sourdough/">hero product path</a>' in goal
    assert "[[" not in goal


def test_unknown_wikilink_fails_the_build_with_file_and_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "docs/extra.md", "# Extra\n\nSee [[sourdough-quartr]].\n")
    with pytest.raises(Abort):
        build_site(root)
    assert "docs/extra.md:3:5: error SST007 [[sourdough-quartr]]" in caplog.text
    assert "did you mean `sourdough-quarter`?" in caplog.text


def test_the_updates_due_page(site: Path) -> None:
    html = (site / "strategy/updates/index.html").read_text(encoding="utf-8")
    due = listed(REPO, date(2026, 11, 16))
    assert html.count("sst-status--overdue") == sum(d[-1] for d in due)
    assert html.count("sst-status--due") == 5
    assert 'href="../battles/winter-subscriptions/">Winter bread subscriptions</a>' in html
    assert 'href="../people/hugo-petit/">Hugo Petit</a>' in html


def test_search_index_has_the_generated_pages(site: Path) -> None:
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "strategy/tactics/levain-training/" in index
    assert "laminated" in index  # a word of the tactic's action plan


def test_edit_links_open_the_strategy_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  name: material\n",
                        "  name: material\n  features: [content.action.edit]\n")
    (root / "mkdocs.yml").write_text(
        text + "repo_url: https://git.example.test/bakery/strategy\n"
               "edit_uri: edit/main/docs/\n", encoding="utf-8")
    site = build_site(root)
    html = page(site, "strategy/kpis/waste-rate")
    expected = "https://git.example.test/bakery/strategy/edit/main/strategy/kpis/waste-rate.yaml"
    assert f'href="{expected}"' in html
    assert html.count(expected) >= 2  # Material's edit button and the source line


def test_user_nav_places_the_strategy_section(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "docs/about.md", "# About us\n")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text + "nav:\n  - About: about.md\n  - Plan: strategy/index.md\n  - Home: index.md\n",
        encoding="utf-8")
    site = build_site(root)
    html = (site / "about/index.html").read_text(encoding="utf-8")
    nav = html.split('<nav class="md-nav md-nav--primary"', 1)[1]
    titles = re.findall(r'md-ellipsis">\s*([^<]+?)\s*<', nav)
    assert titles == ["About", "Strategy", "Strategy on a page", "Strategy map", "Positioning",
                      "Goals", "KPIs", "Paths", "Battles", "Tactics", "People", "Updates due",
                      "Traceability", "Risks", "Past periods", "Home"]


def test_templates_can_be_overridden(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "overrides/sst/risk.md.j2", "# {{ risk.title | inline }}\n\nOur own layout.\n")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("      as_of:", "      templates_dir: overrides/sst\n      as_of:"),
        encoding="utf-8")
    site = build_site(root)
    assert "Our own layout." in page(site, "strategy/risks/oven-breakdown")
    assert "Our own layout." not in page(site, "strategy/goals/revenue-2026")


def test_a_docs_page_cannot_hide_behind_a_generated_one(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "docs/strategy/map.md", "# Mine\n")
    with pytest.raises(Abort):
        build_site(root)
    assert "strategy/map.md is a page of its own" in caplog.text
