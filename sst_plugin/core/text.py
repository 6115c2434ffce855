"""One way to write a date, a number and a quantity, and to make text safe inside Markdown.

Dates have two forms, each for its reader: `day` on pages and in terminals, `iso_day` in a
finding's message, which quotes a date as the files write it.
"""

from __future__ import annotations

import math
import re
from datetime import date
from html import escape

_LINK_TEXT_SPECIALS = re.compile(r"([\\\[\]`*_])")


def day(value: date | None) -> str:
    """`31 Dec 2026`: unambiguous in every locale, for pages, terminals and change reports."""
    return "" if value is None else f"{value.day} {value.strftime('%b %Y')}"


def iso_day(value: date) -> str:
    """`2026-12-31`: a date in a finding's message, as the strategy files write it."""
    return value.isoformat()


def number(value: float | None) -> str:
    """`75,000`, `22.4`, `0.5`: thousands separated, no trailing zeros."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def quantity(value: float | None, unit: str) -> str:
    return f"{number(value)} {unit}".strip() if value is not None else "–"


def percent(share: float | None) -> str:
    """`40 %`; a share that rounds to nothing is `0 %`, never `-0 %`."""
    if share is None or not math.isfinite(share):
        return "–"
    return f"{round(share * 100)} %"  # round() gives an int, and an int has no minus zero


# what may end or rewrite a line for a terminal, a CI log or its reader: C0 and C1 controls
# (the tab aside), the Unicode line and paragraph separators, and lone surrogates: a file name
# that is not UTF-8 reads (os.fsdecode) as `\udce9` for its byte 0xE9, which no UTF-8 stream
# or file can hold
CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SPELLED = {"\n": "\\n", "\r": "\\r"}


def spelled(match: re.Match[str]) -> str:
    """One control character as a reader types it: `\\n`, `\\x1b`, `\\u2028`; a non-UTF-8
    file name's byte as `ls -b` spells it, `\\xe9`."""
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogate for a byte that is not UTF-8
        code -= 0xDC00
    return _SPELLED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_SURROGATES = re.compile("[\ud800-\udfff]")


def utf8_text(text: str) -> str:
    """Text any UTF-8 stream or file can hold, controls kept (CSV, JSON escape them
    themselves): a non-UTF-8 file name's bytes as `\\xe9`, as in text output."""
    return _SURROGATES.sub(spelled, text)


def visible(text: str) -> str:
    """Text that stays on its line and can be written as UTF-8: each control spelled out."""
    return CONTROLS.sub(spelled, text)


def inline(text: str | None) -> str:
    """Plain text made safe for inline Markdown: no raw HTML, one line."""
    return escape(" ".join((text or "").split()), quote=False)


def cell(text: str | None) -> str:
    """Text for a Markdown table cell."""
    return inline(text).replace("|", "\\|")


def link_text(text: str) -> str:
    """Text for the inside of `[...]`."""
    return _LINK_TEXT_SPECIALS.sub(r"\\\1", inline(text)).replace("|", "\\|")


def block(text: str | None) -> str:
    """Free text (a narrative, an objective) as a Markdown block: raw HTML shown as text."""
    return escape((text or "").strip(), quote=False)


def date_range(start: date, end: date) -> str:
    """`1 Apr–15 May 2026`, or `1 Dec 2026–15 Jan 2027` across years."""
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')}–{day(end)}"
    return f"{day(start)}–{day(end)}"
