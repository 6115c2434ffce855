"""The example site built by MkDocs in each language SST ships (theme.language): no English word
of SST's interface is left in the generated pages' headings, table headers, navigation, badges,
progress phrases and chart texts, and dates and numbers follow the locale.

The strategy's own texts stay as written (English, in the example): only the places SST writes
are read. A language goes green here when its catalogue is complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import build_site, copy_repository, set_language

from sst_plugin.core.language import Language

AS_OF = date(2026, 11, 16)  # the example's as_of in mkdocs.yml
LANGUAGES = ("fr", "de", "es", "zh")
# SST's interface words, as the English site writes them: in a heading, a column's name, the
# navigation, a badge, a progress phrase or a chart
ENGLISH = ("Strategy on a page", "Strategy map", "Positioning", "Goals", "Paths", "Battles",
           "Tactics", "People", "Updates due", "Traceability", "Risks", "Breakthrough goal",
           "Action plan", "Also linked here", "Milestones", "Measurements", "Owner", "Status",
           "Progress", "Deadline", "Baseline", "Target", "Now", "Category", "Objective",
           "Dates", "Expected by now", "on track", "at risk", "off track", "achieved",
           "planned", "overdue", "active", "won", "selected", "rejected", "to do", "doing",
           "today", "Measured", "Expected", "of the way", "likelihood", "impact", "Review log",
           "What we will not do", "Selected paths", "This week")
# the same word in the language itself, not an English leftover
SAME_WORD = {"fr": {"Dates", "impact"}, "de": {"Status"}, "es": set(), "zh": set()}


class _Interface(HTMLParser):
    """The texts SST's interface puts on a page: headings (an entity's own title excepted),
    table headers, the strategy section of the navigation, badges, progress and chart texts."""

    PLACES = frozenset({"h1", "h2", "h3", "th"})
    CLASSES = ("sst-status", "sst-axis", "sst-legend", "sst-map-legend", "sst-chart-label",
               "sst-label", "md-nav__link")

    def __init__(self, skip_title: bool) -> None:
        super().__init__()
        self.skip_title = skip_title  # an entity's page opens with its title, the strategy's
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []
        self._link_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        wanted = tag in self.PLACES or any(c in classes for c in self.CLASSES)
        if tag in ("a",) and "md-nav__link" not in classes:
            self._link_depth += 1
        if tag not in ("br", "img", "input", "meta", "link", "line", "rect", "circle", "path",
                       "polyline"):
            self._open.append((tag, wanted))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link_depth:
            self._link_depth -= 1
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        # a link's text inside a heading or a cell is the strategy's (a title), not ours
        if self._link_depth or not any(wanted for _, wanted in self._open):
            return
        if self.skip_title and any(name == "h1" for name, _ in self._open):
            return
        if data.strip():
            self.texts.append(data.strip())


def _interface_texts(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    content = html.split('<article class="md-content__inner', 1)[-1]
    # strategy/<kind>/<id>/index.html is an entity's page
    parser = _Interface(skip_title=len(page.relative_to(page.parents[3]).parts) == 4)
    parser.feed(content)
    texts = parser.texts
    return texts


def _nav_texts(page: Path) -> list[str]:
    """The navigation's entries, the page's own title (the header and the TOC repeat it) and
    the site's name left out."""
    html = page.read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    title = re.sub(r"<[^>]+>|¶", "", h1.group(1)).strip() if h1 else ""
    texts = [re.sub(r"<[^>]+>", "", m).strip()
             for m in re.findall(r'<span class="md-ellipsis">(.*?)</span>', html, re.S)]
    return [t for t in texts if t and t != title and not t.startswith("Levain")]


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    language = str(request.param)
    root = copy_repository(tmp_path_factory.mktemp(f"lang-{language}"))
    set_language(root, language)
    yield language, build_site(root)


@pytest.mark.slow
def test_no_english_interface_word_is_left_in_the_generated_pages(
        built: tuple[str, Path]) -> None:
    language, site = built
    pages = sorted((site / "strategy").rglob("index.html"))
    assert len(pages) > 30
    words = [w for w in ENGLISH if w not in SAME_WORD[language]]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    found: dict[str, set[str]] = {}
    for page in pages:
        where = page.relative_to(site).parent.as_posix()
        texts = _interface_texts(page) + _nav_texts(page)
        for text in texts:
            for word in pattern.findall(text):
                found.setdefault(word, set()).add(where)
    assert not found, f"{language}: English left: " + "; ".join(
        f"{word!r} on {', '.join(sorted(places)[:3])}" for word, places in sorted(found.items()))


@pytest.mark.slow
def test_dates_and_numbers_follow_the_locale(built: tuple[str, Path]) -> None:
    language, site = built
    speaking = Language.of(language)
    home = (site / "strategy" / "index.html").read_text(encoding="utf-8")
    assert speaking.day(AS_OF) in home  # "as of" the build's date, as the locale writes it
    assert "16 Nov 2026" not in home
    assert f'<html lang="{language}"' in home
    goals = (site / "strategy" / "goals" / "index.html").read_text(encoding="utf-8")
    # the revenue goal's target in the locale's digits (75,000 in English)
    assert speaking.number(75000) in goals
