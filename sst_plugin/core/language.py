"""The reader's language: the words SST generates, from gettext catalogues, and the locale's way
of writing dates, numbers, percentages and money, from Babel.

`Language("fr")` translates with `sst_plugin/locale/fr/LC_MESSAGES/sst.po`: the catalogue is
read and compiled in memory on first use (no `.mo` is shipped, so none can go stale), and a
message it does not translate yet stays English. English writes dates and numbers as `text.py`
always has (`31 Dec 2026`, `75,000`, `40 %`); any other language as its locale does
(`10 avr. 2027`, `1 234,5`, `29 %`). A language without a catalogue reads English words in its
own formats, when Babel knows it.

Messages are marked where they are written: `language.gettext("Goals")` in code, `_("Goals")`
in templates, and `N_("on track")` / `NP_("status", "done")` in tables that are translated
later; `python -m sst_plugin.catalogues` extracts them all into `sst_plugin/locale/sst.pot`.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from importlib.resources import files as package_files

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from . import text

DEFAULT = "en"
DOMAIN = "sst"
# Material's `theme.language` names Simplified Chinese `zh`; the other spellings of it
_ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-hans-cn": "zh"}
_NUMBER_PATTERN = "#,##0.##"  # thousands grouped, at most two decimals, none trailing


def N_(message: str) -> str:
    """Marks MESSAGE for the catalogue where it is written; it is translated where shown."""
    return message


def NP_(context: str, message: str) -> str:
    """N_ with a context: the word means one thing here (`done` as a state, not a verb)."""
    return message


def catalogue_languages() -> tuple[str, ...]:
    """The languages with a catalogue in the package, English first."""
    locale = package_files("sst_plugin").joinpath("locale")
    found = sorted(entry.name for entry in locale.iterdir()
                   if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file())
    return tuple(sorted(found, key=lambda code: code != DEFAULT))


def catalogue_code(code: str | None) -> str:
    """The catalogue for a language code as Material writes it: `zh-Hans` → `zh`, `fr-CA` →
    `fr`, and `en` for a language with no catalogue."""
    wanted = (code or DEFAULT).strip().replace("_", "-").lower()
    wanted = _ALIASES.get(wanted, wanted)
    available = catalogue_languages()
    if wanted in available:
        return wanted
    base = wanted.split("-")[0]
    if base == "zh":  # Traditional Chinese is not Simplified: English words, its own formats
        return DEFAULT
    return base if base in available else DEFAULT


def known_language(code: str) -> bool:
    """CODE has a catalogue or is a locale Babel knows (its formats, English words)."""
    return _babel_locale(code) is not None


class Language:
    """Translations and formats for one language; `Language.of("fr")` gives a shared one."""

    def __init__(self, code: str | None = DEFAULT) -> None:
        self.requested = code or DEFAULT
        self.code = catalogue_code(code)  # the catalogue's language
        self.locale = _babel_locale(self.requested) or Locale.parse(DEFAULT)
        self.english_formats = self.locale.language == DEFAULT
        self.translations = _translations(self.code)

    @staticmethod
    def of(code: str | None) -> Language:
        return _language(code or DEFAULT)

    def __repr__(self) -> str:
        return f"Language({self.requested!r})"

    # --- words -----------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self.translations.npgettext(context, singular, plural, count)

    # --- formats ---------------------------------------------------------------------------

    def day(self, value: date | None) -> str:
        """`31 Dec 2026`, `31 déc. 2026`, `2026年12月31日`."""
        if value is None:
            return ""
        if self.english_formats:
            return text.day(value)
        return format_date(value, "medium", locale=self.locale)

    def date_range(self, start: date, end: date) -> str:
        """`1 Apr–15 May 2026`, `1 avr. – 15 mai 2026`, `2026年4月1日至5月15日`."""
        if self.english_formats:
            return text.date_range(start, end)
        return format_interval(start, end, "yMMMd", locale=self.locale)

    def axis_date(self, value: date, reads: str, with_year: bool) -> str:
        """A chart's date tick: `2026`; `Oct 2026` or `Oct`; `5 Oct 2026` or `5 Oct` (READS
        is year, month or day; the year is written where it changes)."""
        if reads == "year":
            return str(value.year)
        if self.english_formats:
            month = value.strftime("%b")
            shown = month if reads == "month" else f"{value.day} {month}"
            return f"{shown} {value.year}" if with_year else shown
        skeleton = ("yMMM" if with_year else "MMM") if reads == "month" else \
            ("yMMMd" if with_year else "MMMd")
        return format_skeleton(skeleton, value, locale=self.locale)

    def digits(self, text: str) -> str:
        """A number written the English way (`75,000.5`, `1.5e+300`) with the locale's group
        and decimal signs (`75 000,5`): for texts made digit by digit, as a chart's ticks."""
        if self.english_formats:
            return text
        signs = {",": get_group_symbol(self.locale), ".": get_decimal_symbol(self.locale)}
        return "".join(signs.get(char, char) for char in text)

    def number(self, value: float | None) -> str:
        """`75,000`, `75 000`, `22,4`: grouped, at most two decimals."""
        if self.english_formats or value is None or not math.isfinite(value):
            return text.number(value)
        shown = format_decimal(value, _NUMBER_PATTERN, locale=self.locale)
        return "0" if shown in ("-0", "−0") else shown

    def percent(self, share: float | None) -> str:
        """`40 %` in English as ever, `40 %` in French, `40%` in Chinese."""
        if self.english_formats or share is None or not math.isfinite(share):
            return text.percent(share)
        return format_percent(round(share * 100) / 100 + 0.0, locale=self.locale)

    def money(self, value: float | None, currency: str | None) -> str:
        """`24,000 EUR` in English as ever; `24 000 €`, `¥24,000` in the locale's way."""
        if value is None:
            return "–"
        if self.english_formats or not currency:
            return text.quantity(value, currency or "")
        try:
            pattern = self.locale.currency_formats["standard"].pattern
            return format_currency(value, currency, pattern.replace("0.00", "0.##"),
                                   locale=self.locale, currency_digits=False)
        except (ValueError, KeyError):  # a currency Babel does not know: write its code
            return f"{self.number(value)} {currency}"

    def quantity(self, value: float | None, unit: str) -> str:
        """`8.4 %`, `75 000 EUR`: a number and its unit as written in the KPI."""
        return f"{self.number(value)} {unit}".strip() if value is not None else "–"


@cache
def _language(code: str) -> Language:
    return ENGLISH if code == DEFAULT else Language(code)


def _babel_locale(code: str) -> Locale | None:
    wanted = _ALIASES.get(code.strip().lower().replace("_", "-"), code.strip())
    try:
        return Locale.parse(wanted.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@cache
def _translations(code: str) -> gettext_module.NullTranslations:
    """CODE's catalogue compiled in memory; English and a catalogue with no translation yet
    give the messages as written."""
    source = package_files("sst_plugin").joinpath("locale", code, "LC_MESSAGES", f"{DOMAIN}.po")
    if code == DEFAULT or not source.is_file():
        return gettext_module.NullTranslations()
    with source.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    # an untranslated or doubtful message falls back to English, not to an empty string
    for message in list(catalog)[1:]:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            catalog.delete(message.id, context=message.context)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


ENGLISH = Language(DEFAULT)


# The charts' text (a legend, "today", the months on an axis) is written deep in the drawing
# code; the renderer sets the language for the pages it renders, and the charts read it here
# rather than through every helper of svg.py and strategy_map.py.
_CURRENT: ContextVar[Language] = ContextVar("sst_language", default=ENGLISH)


def current() -> Language:
    return _CURRENT.get()


@contextmanager
def speaking(language: Language) -> Iterator[Language]:
    """Within the block, the charts write in LANGUAGE."""
    token = _CURRENT.set(language)
    try:
        yield language
    finally:
        _CURRENT.reset(token)
