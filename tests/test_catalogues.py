"""The message catalogues and the reader's language: every .po covers the .pot, which is what the
code and templates mark; placeholders and plural forms hold; dates, numbers, percentages and money
follow the locale while English stays as it always was; and the language is chosen by
theme.language (MkDocs' or Zensical's file) or --lang."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import AS_OF, REPO
from golden import SMALL

from sst_plugin import catalogues
from sst_plugin.cli import main
from sst_plugin.core.language import (
    ENGLISH,
    Language,
    catalogue_code,
    catalogue_languages,
    current,
    speaking,
)
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.urls import OVERVIEWS, PREFIX
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.report.status import due_text, status_text

LOCALE = REPO / "sst_plugin" / "locale"
SHIPPED = ("en", "fr", "de", "es", "zh")
# %(name)s in templates (Jinja's newstyle gettext), {name} in Python's str.format
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (LOCALE / language / "LC_MESSAGES" / "sst.po").open("rb") as po:
        return read_po(po, locale=language)


def _pot():  # type: ignore[no-untyped-def]
    with catalogues.TEMPLATE.open("rb") as pot:
        return read_po(pot)


def _keys(catalog) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {(str(m.id if isinstance(m.id, str) else m.id[0]), m.context)
            for m in catalog if m.id}


def test_the_shipped_languages_have_a_catalogue_each() -> None:
    assert set(catalogue_languages()) >= set(SHIPPED)
    assert catalogue_languages()[0] == "en"


def test_the_pot_holds_exactly_the_messages_the_code_and_templates_mark() -> None:
    """Run `python -m sst_plugin.catalogues` after marking a message (it updates the .po too)."""
    assert _keys(catalogues.extract()) == _keys(_pot()), \
        "sst_plugin/locale/sst.pot is stale: run python -m sst_plugin.catalogues"


def test_the_pot_has_no_date_that_changes_each_run() -> None:
    text = catalogues.TEMPLATE.read_text(encoding="utf-8")
    assert "POT-Creation-Date" not in text
    assert catalogues.pot_text(catalogues.extract()) == catalogues.TEMPLATE.read_bytes()


@pytest.mark.parametrize("language", SHIPPED)
def test_every_catalogue_covers_every_message_of_the_pot(language: str) -> None:
    catalog = _catalog(language)
    missing = _keys(_pot()) - _keys(catalog)
    assert not missing, f"{language}: run python -m sst_plugin.catalogues ({len(missing)} new)"


@pytest.mark.parametrize("language", SHIPPED)
def test_a_translation_keeps_every_placeholder_of_its_message(language: str) -> None:
    problems = []
    for message in _catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {a or b for text in ids for a, b in PLACEHOLDER.findall(text)}
        for text in strings:
            if not text:
                continue
            found = {a or b for a, b in PLACEHOLDER.findall(text)}
            # a plural's own count may go unsaid in a language with one form (zh: `num`)
            if found - wanted or wanted - found - {"num", "count"}:
                problems.append(f"{message.id!r} → {text!r}")
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", SHIPPED)
def test_plural_messages_have_the_language_s_number_of_forms(language: str) -> None:
    catalog = _catalog(language)
    # the header's Plural-Forms is the language's own (French 2, Chinese 1, as CLDR says)
    assert catalog.num_plurals == Catalog(locale=language).num_plurals
    for message in catalog:
        if message.id and isinstance(message.id, tuple) and any(message.string):
            assert len(message.string) == catalog.num_plurals, (language, message.id)
            assert all(message.string), (language, message.id, "a plural form is empty")


def test_english_formats_are_what_they_always_were() -> None:
    english = Language.of("en")
    assert english is ENGLISH
    assert english.day(date(2027, 4, 10)) == "10 Apr 2027"
    assert english.date_range(date(2026, 4, 1), date(2026, 5, 15)) == "1 Apr–15 May 2026"
    assert english.number(75000) == "75,000" and english.number(22.4) == "22.4"
    assert english.percent(0.29) == "29 %" and english.percent(-0.001) == "0 %"
    assert english.money(24000, "EUR") == "24,000 EUR"


@pytest.mark.parametrize(("code", "day", "number", "percent", "money"), [
    ("fr", "10 avr. 2027", "1\u202f234,5", "29\u00a0%", "1\u202f234,5\u00a0€"),
    ("de", "10.04.2027", "1.234,5", "29\u00a0%", "1.234,5\u00a0€"),
    ("es", "10 abr 2027", "1.234,5", "29\u00a0%", "1.234,5\u00a0€"),
    ("zh", "2027年4月10日", "1,234.5", "29%", "€1,234.5"),
])
def test_other_languages_write_dates_numbers_and_money_as_their_locale(
        code: str, day: str, number: str, percent: str, money: str) -> None:
    language = Language.of(code)
    assert language.day(date(2027, 4, 10)) == day
    assert language.number(1234.5) == number
    assert language.percent(0.29) == percent
    assert language.money(1234.5, "EUR") == money
    assert language.number(None) == "–" and language.percent(float("nan")) == "–"


def test_material_s_codes_choose_a_catalogue_and_anything_else_falls_back_to_english() -> None:
    assert catalogue_code("zh-Hans") == catalogue_code("zh_CN") == catalogue_code("zh") == "zh"
    assert catalogue_code("fr-CA") == "fr" and catalogue_code("de") == "de"
    assert catalogue_code("zh-Hant") == "en"  # Traditional Chinese is not Simplified
    italian = Language.of("it")  # no catalogue: English words, Italian dates
    assert italian.code == "en" and italian.gettext("Goals") == "Goals"
    assert italian.day(date(2027, 4, 10)) == "10 apr 2027"
    assert Language.of("not-a-language").day(date(2027, 4, 10)) == "10 Apr 2027"


def test_a_missing_or_empty_translation_falls_back_to_english() -> None:
    language = Language.of("fr")
    assert language.gettext("a message no catalogue has") == "a message no catalogue has"
    assert language.ngettext("{count} thing", "{count} things", 2) == "{count} things"


def test_the_charts_speak_the_language_the_renderer_sets() -> None:
    assert current() is ENGLISH
    with speaking(Language.of("fr")) as french:
        assert current() is french
    assert current() is ENGLISH


def _pages(language: Language) -> dict[str, str]:
    settings = Settings(as_of=AS_OF)
    result = check_tree_small(settings)
    view = SiteView(result.model, settings, language=language)
    return {page.uri: page.markdown for page in Renderer(view).render_all()}


def check_tree_small(settings: Settings):  # type: ignore[no-untyped-def]
    from sst_plugin.core.rules.check import check_tree

    return check_tree(SMALL, settings)


class _Pseudo:
    """A translation that marks every message it gives, so that an unmarked word shows."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return f"⟦{singular if count == 1 else plural}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return f"⟦{singular if count == 1 else plural}⟧"


def test_every_heading_and_table_header_of_the_site_comes_from_the_catalogue() -> None:
    """With a translation that brackets each message, no heading, column name, badge or nav
    title is left outside the brackets (the strategy's own titles excepted)."""
    pseudo = Language("fr")
    pseudo.translations = _Pseudo()  # type: ignore[assignment]
    pages = _pages(pseudo)
    assert pages
    for uri, markdown in pages.items():
        for line in markdown.splitlines():
            heading = re.match(r"#{1,3} (.*)", line)
            # an entity's page opens with its title, as the strategy writes it
            if heading and uri not in OVERVIEWS and line.startswith("# "):
                continue
            if heading and not heading.group(1).startswith("["):
                assert "⟦" in heading.group(1), f"{uri}: {line}"
            if line.startswith("| ") and "---" not in line and "sst-label" not in line:
                # a header row: every named column is a message
                cells = [c.strip() for c in line.strip("|").split(" | ")]
                for cell in cells:
                    name = re.sub(r"<span[^>]*></span>", "", cell).strip()
                    if name and not name.startswith(("[", "#")) and name != "|":
                        assert name.startswith("⟦") or name.startswith("<span"), \
                            f"{uri}: column {name!r}"
        for badge in re.findall(r'class="sst-status [^"]*">([^<]*)<', markdown):
            assert badge.startswith("⟦"), f"{uri}: badge {badge!r}"


def test_a_page_in_french_uses_the_catalogue_and_french_dates() -> None:
    pages = _pages(Language.of("fr"))
    home = pages["strategy/index.md"]
    assert "15 juin 2026" in home
    assert "40\u00a0%" in home  # the breakthrough goal's progress, as French writes it
    assert "48\u202f000 EUR" in home  # the KPI's unit as written, the number as French writes it


def test_the_english_site_is_unchanged_by_the_language_machinery() -> None:
    pages = _pages(ENGLISH)
    home = pages["strategy/index.md"]
    assert "· as of 15 Jun 2026</small>" in home
    assert "## Breakthrough goal" in home and "Status | Count | Goals |" in home
    assert " of the way" in home


def test_status_speaks_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--root", str(SMALL), "--as-of", AS_OF.isoformat(),
                 "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "2026年6月15日" in out
    english = status_text(check_tree_small(Settings(as_of=AS_OF)).model, Settings(as_of=AS_OF))
    assert "15 Jun 2026" in english


def test_an_unknown_lang_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--root", str(SMALL), "--lang", "xx-nonsense"]) == 2
    assert "--lang xx-nonsense: no such language" in capsys.readouterr().err


def test_sst_render_reads_zensical_s_theme_language(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(SMALL, root)
    (root / "zensical.yml").write_text("site_name: x\ntheme:\n  name: material\n"
                                       "  language: fr\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n"
                                     "  language: de\n", encoding="utf-8")
    out = root / "docs" / "strategy"
    assert main(["render", "--root", str(root), "--out", str(out),
                 "--as-of", AS_OF.isoformat()]) == 0
    assert "15 juin 2026" in (out / "index.md").read_text(encoding="utf-8")
    nav = (out / ".nav.yml").read_text(encoding="utf-8")
    assert "Strategy on a page" in nav or "Stratégie" in nav  # the page titles as translated
    # --lang wins over the file
    assert main(["render", "--root", str(root), "--out", str(out), "--lang", "en",
                 "--as-of", AS_OF.isoformat()]) == 0
    assert "15 Jun 2026" in (out / "index.md").read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_user_template_can_use_the_catalogue_in_the_sandbox(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "goals.md.j2").write_text(
        '# {{ _("Goals") }}\n\n{{ ngettext("%(num)d goal", "%(num)d goals", goals | length) }}'
        ' · {{ pgettext("state", "done") }}\n', encoding="utf-8")
    settings = Settings(as_of=AS_OF, templates_dir="templates")
    view = SiteView(check_tree_small(settings).model, settings)
    page = next(p for p in Renderer(view, [templates]).render_all()
                if p.uri == "strategy/goals/index.md")
    assert page.markdown == "# Goals\n\n2 goals · done\n"


def test_no_template_of_sst_rebinds_the_underscore() -> None:
    """`{% for a, _ in pairs %}` would hide gettext's `_` inside that loop."""
    for template in (REPO / "sst_plugin" / "core" / "render" / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\{%-?\s*(for|set)\b[^%]*\b_\b[^%]*%\}", text), template.name


def test_export_with_lang_adds_the_words_for_its_slugs(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["export", "--root", str(SMALL), "--as-of", AS_OF.isoformat()]
    assert main(arguments) == 0
    plain = json.loads(capsys.readouterr().out)
    assert "labels" not in plain  # without --lang: as it always was
    assert main([*arguments, "--lang", "fr"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["language"] == "fr"
    assert document["labels"]["status"]["on-track"] == Language.of("fr").pgettext("state",
                                                                                  "on track")
    assert document["goals"] == plain["goals"]  # the data keeps its stable slugs
    out = tmp_path / "tables"
    assert main([*arguments, "--lang", "zh", "--format", "csv", "--out", str(out)]) == 0
    assert (out / "labels.csv").read_text(encoding="utf-8").startswith("field,value,label\n")


def test_chart_ticks_use_the_locale_s_signs() -> None:
    from sst_plugin.core.render import svg

    assert svg.value_text(75000.5) == "75,000.5"
    with speaking(Language.of("fr")):
        assert svg.value_text(75000.5) == "75\u202f000,5"


def test_updates_due_in_another_language_keep_their_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--due", "--root", str(SMALL), "--as-of", AS_OF.isoformat(),
                 "--lang", "fr"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert lines
    # the dates end at the same column on every line, however long the
    # state's word (`en retard` is wider than `overdue`)
    assert len({line.index("2026  ") for line in lines}) == 1


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("code", ["fr", "zh"])
def test_a_strategy_at_the_bounds_renders_in_another_language(repo: Path, as_of: str,
                                                              code: str) -> None:
    """Babel's dates and numbers at the calendar's ends and at ±10^15, as English's are."""
    from test_extremes import _at_the_bounds

    _at_the_bounds(repo)
    settings = Settings(as_of=date.fromisoformat(as_of))
    view = SiteView(check_tree_small_at(repo, settings).model, settings,
                    language=Language.of(code))
    pages = Renderer(view).render_all()
    assert any("<svg" in page.markdown for page in pages)
    assert status_text(view.model, settings, language=view.language)
    assert due_text(view.model, settings, language=view.language)


def check_tree_small_at(root: Path, settings: Settings):  # type: ignore[no-untyped-def]
    from sst_plugin.core.rules.check import check_tree

    return check_tree(root, settings)


def test_a_renderer_speaks_its_own_language_after_another_rendered_in_the_same_process() -> None:
    """Templates are compiled once per process and shared: a word computed from a constant
    (`"todo" | state`) must still be the second renderer's, as `mkdocs serve` after a change of
    `theme.language` or a test run that builds sites in two languages would show."""
    english = _pages(Language.of("en"))
    french = _pages(Language.of("fr"))
    to_do = Language.of("fr").pgettext("state", "to do")
    assert to_do != "to do"
    header = next(line for line in french[f"{PREFIX}/tactics/index.md"].splitlines()
                  if line.startswith("| ") and "sst-bulk" in line)
    assert to_do[:1].upper() + to_do[1:] in header and "To do" not in header
    assert "To do" in english[f"{PREFIX}/tactics/index.md"]
