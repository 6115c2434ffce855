"""How wide a line of SVG text is drawn, and where it may break: the one estimate behind every
chart, the timeline and the strategy map.

An SVG does not wrap its text, so we place each line ourselves before any font is known. Widths
are upper bounds by what each character is: Latin glyphs by their advance in the widest common
sans-serifs, Chinese, Japanese and Korean characters about an em, emoji a little more, accents
and joiners nothing. tests/test_site_cjk.py holds every estimate at or above what Chromium draws.

Lines break at spaces; Chinese and Japanese between any two characters, except that no line
starts with a closing mark (。，、）」) nor ends with an opening one (（「) (basic kinsoku); after
a hyphen inside a compound, and at a soft hyphen (U+00AD), drawn "-"; and inside a word only
when the word alone is wider than the line (a long German compound), without a hyphen. Text
cut short ends in "…" at a grapheme boundary, never between a letter and its accent or inside
an emoji sequence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# advance widths in em, rounded up: the larger of DejaVu Sans (Linux) and Liberation Sans
# (Arial's metrics), wider than Helvetica and Roboto
_WIDTHS = {
    0.30: "'ijl",
    0.36: " ,./:;I\\f|\u00a0\u2009\u202f·‘’",  # with the no-break and thin spaces
    0.42: "!()-[]rt‹›ľ",
    0.47: '"',
    0.53: "*J`sz°",
    0.59: "?_ck–“”„",
    0.65: "$0123456789FLTabdeghnopquvxy{}€£¥•«»",
    0.70: "BEPSZ",
    0.80: "&ACDGHKNOQRUVXY",
    0.90: "#+<=>M^w~±×÷",
    1.01: "%Wm©®ƠƯ",
    1.10: "@—…→ЉЊЮЖШŒœ",
    # the widest letters and signs Chromium drew beyond the defaults below
    1.30: "ǶѨѬѼѽҖҤҦЩℳↀↂ〰〽ำ",
    1.40: "‰",
    1.80: "‱😴",
}
_EM = {char: width for width, chars in _WIDTHS.items() for char in chars}
BOLD = 1.2  # bold text is up to a fifth wider
WIDE = 1.05  # Chinese, Japanese, Korean and full-width forms: an em (kana 1.02 in WenQuanYi)
EMOJI = 1.3  # a colour emoji is drawn wider than an em
SYMBOL = 1.45  # a sign, arrow or symbol not listed: drawn by whichever font has it (⋘ 1.42)
OTHER = 1.0  # any other letter or mark (Cyrillic д is 0.71 em)
ELLIPSIS = "…"

# basic kinsoku: marks that never start a line, and marks that never end one
NO_START = frozenset(
    "、。，．・：；？！‼⁇⁈⁉゛゜ヽヾゝゞ々〻ー）〕］｝〉》」』】〙〗〟’”｠»›"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "‐゠–〜～…‥％"
    ")]},.:;!?%")
NO_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«‹([{")
_HYPHENS = frozenset("-\u2010")  # a compound may break after its hyphen
SOFT_HYPHEN = "\u00ad"  # where the writer allows a word to break: drawn "-" at a line's end
_ZWJ = "\u200d"
# the spaces a line may break at (a no-break space, U+00A0, U+2007 or U+202F, is no such place)
_SPACES = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")


@cache
def char_width(char: str) -> float:
    """An upper bound of a character's advance, in em."""
    if char in _EM:
        return _EM[char]
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0  # accents, variation selectors, joiners: drawn over or between others
    if _is_emoji(char):
        return EMOJI
    if unicodedata.category(char)[0] == "S":  # ⌚ and ⏩ come from the emoji font
        return SYMBOL
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE
    base = unicodedata.normalize("NFD", char)[0]  # é is as wide as e
    if base in _EM:
        return _EM[base]
    letters = unicodedata.normalize("NFKD", char)
    if letters != char:  # a ligature or digraph (ﬁ, Ǆ, №): as wide as its letters
        return max(OTHER, sum(char_width(letter) for letter in letters))
    return OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper bound of TEXT's width on one line at font SIZE, in the same units as SIZE."""
    return sum(char_width(char) for char in text) * size * (BOLD if bold else 1.0)


def _is_emoji(char: str) -> bool:
    point = ord(char)
    # pictographs, their skin tones and flags' letters; dingbats and signs drawn as emoji
    return 0x1F000 <= point <= 0x1FAFF or 0x2600 <= point <= 0x27BF


def _breaks_anywhere(cluster: str) -> bool:
    """Chinese, Japanese, Korean and emoji break between any two characters."""
    return _is_emoji(cluster[0]) or unicodedata.east_asian_width(cluster[0]) in ("W", "F")


# -- graphemes: what a reader sees as one character ---------------------------------------------

def graphemes(text: str) -> list[str]:
    """TEXT in user-perceived characters: a letter with its accents, an emoji with its skin
    tone, variation selector and joined emoji, a flag's two letters, a surrogate pair."""
    clusters: list[str] = []
    for char in text:
        if clusters and _continues(clusters[-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _continues(cluster: str, char: str) -> bool:
    point, last = ord(char), ord(cluster[-1])
    if cluster[-1] == _ZWJ or char == _ZWJ:
        return True
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Mc"):
        return True
    if 0x1F3FB <= point <= 0x1F3FF or 0xE0020 <= point <= 0xE007F:  # skin tone, flag tags
        return True
    if 0xDC00 <= point <= 0xDFFF and 0xD800 <= last <= 0xDBFF:  # a surrogate pair, unjoined
        return True
    regional = 0x1F1E6 <= point <= 0x1F1FF
    return regional and sum(0x1F1E6 <= ord(c) <= 0x1F1FF for c in cluster) % 2 == 1


# -- where a line may break ---------------------------------------------------------------------

def _pieces(text: str) -> list[tuple[str, bool]]:
    """TEXT as pieces no line breaks inside, each with whether a space comes before it."""
    pieces: list[tuple[str, bool]] = []
    for chunk in _SPACES.split(text.strip()):
        if not chunk:
            continue
        if pieces and not any(char.isalnum() for char in chunk):
            # a sign standing alone ("63 %", "A – B") stays with the word before it, as a
            # no-break space would keep it
            previous, spaced = pieces[-1]
            pieces[-1] = (f"{previous} {chunk}", spaced)
            continue
        clusters = graphemes(chunk)
        start = 0
        for index in range(1, len(clusters)):
            if _may_break(clusters, index):
                pieces.append(("".join(clusters[start:index]), start == 0 and bool(pieces)))
                start = index
        pieces.append(("".join(clusters[start:]), start == 0 and bool(pieces)))
    return pieces


def _may_break(clusters: list[str], index: int) -> bool:
    """Whether a line may end before clusters[index], where no space is."""
    before, after = clusters[index - 1], clusters[index]
    if before[0] in NO_END or after[0] in NO_START:
        return False
    if before == SOFT_HYPHEN:  # Sauerteig\u00adverkostung
        return True
    if _breaks_anywhere(before) or _breaks_anywhere(after):
        return True
    # after the hyphen of a compound (Kinderfahrrad-Leasing), between two letters
    return (before[0] in _HYPHENS and index >= 2 and clusters[index - 2][0].isalpha()
            and after[0].isalpha())


def _needed(piece: str, size: float, bold: bool) -> float:
    """The room PIECE takes at a line's end: with the hyphen its soft hyphen then shows."""
    hyphen = text_width("-", size, bold) if piece.endswith(SOFT_HYPHEN) else 0.0
    return text_width(piece, size, bold) + hyphen


def _shown(line: str) -> str:
    """A line as drawn: a soft hyphen that ends it becomes a hyphen (SVG draws none)."""
    return line[:-1] + "-" if line.endswith(SOFT_HYPHEN) else line


def _filled(text: str, width: float, size: float, bold: bool) -> list[tuple[str, bool]]:
    """Lines no wider than WIDTH (as drawn), each with whether a space followed it."""
    lines: list[tuple[str, bool]] = []
    space = text_width(" ", size, bold)
    line, used = "", 0.0
    for piece, spaced in _pieces(text):
        advance = text_width(piece, size, bold)
        gap = space if spaced and line else 0.0
        if line and used + gap + _needed(piece, size, bold) <= width:
            line, used = line + (" " if gap else "") + piece, used + gap + advance
            continue
        if line:
            lines.append((line, spaced))
            line, used = "", 0.0
        # a piece starts the line; one wider than a line is cut where it must be, no hyphen
        for cluster in graphemes(piece):
            advance = text_width(cluster, size, bold)
            if line and used + _needed(cluster, size, bold) > width:
                # a sign kept with its word ("aa 。") is cut at its space: no line ends or
                # starts with one
                lines.append((line.rstrip(), False))
                line, used = "", 0.0
            if not line and cluster.isspace():
                continue
            line, used = line + cluster, used + advance
    if line:
        lines.append((line, False))
    return lines


def _balanced(text: str, width: float, size: float, bold: bool) -> list[tuple[str, bool]]:
    """TEXT on as few lines as at WIDTH, but as even as may be: the narrowest width that needs
    no more lines (as CSS text-wrap: balance), so that no character is left alone on the last
    line of a Chinese title. A text that cuts a word at WIDTH is filled as it is."""
    filled = _filled(text, width, size, bold)
    if len(filled) < 2 or cuts_a_word(text, width, size, bold):
        return filled
    # never narrower than the widest word: a narrower width would cut it
    low = max(_needed(piece, size, bold) for piece, _ in _pieces(text))
    high = width
    while high - low > 0.25:
        middle = (low + high) / 2
        if len(_filled(text, middle, size, bold)) <= len(filled):
            high = middle
        else:
            low = middle
    return _filled(text, high, size, bold)


def lines_of(text: str, width: float, size: float, bold: bool = False,
             balanced: bool = False) -> tuple[str, ...]:
    """TEXT on as many lines no wider than WIDTH at font SIZE as it needs (BALANCED: as even as
    may be)."""
    filled = (_balanced if balanced else _filled)(text, width, size, bold)
    return tuple(_shown(line) for line, _ in filled) or ("",)


def cuts_a_word(text: str, width: float, size: float, bold: bool = False) -> bool:
    """Whether TEXT has a word (or an unbreakable run) wider than WIDTH, which a line cuts."""
    return any(_needed(piece, size, bold) > width for piece, _ in _pieces(text))


def wrap(text: str, width: float, size: float, most: int, bold: bool = False,
         balanced: bool = False) -> tuple[str, ...]:
    """TEXT on at most MOST lines no wider than WIDTH; what does not fit ends the last in "…".
    BALANCED: lines as even as may be where the text fits."""
    filled = _filled(text, width, size, bold)
    if len(filled) <= most:
        if balanced:
            filled = _balanced(text, width, size, bold)
        return tuple(_shown(line) for line, _ in filled) or ("",)
    rest = "".join(line + (" " if spaced else "") for line, spaced in filled[most - 1:])
    return (*(_shown(line) for line, _ in filled[: most - 1]), clip(rest, width, size, bold))


def clip(text: str, width: float, size: float, bold: bool = False) -> str:
    """TEXT if it fits WIDTH on one line, else as much as fits followed by "…", cut between
    two graphemes; "" where not even the ellipsis fits."""
    if text_width(text, size, bold) <= width:
        return text
    room = width - text_width(ELLIPSIS, size, bold)
    if room < 0:
        return ""
    kept: list[str] = []
    used = 0.0
    for cluster in graphemes(text):
        used += text_width(cluster, size, bold)
        if used > room:
            break
        kept.append(cluster)
    # no space before the ellipsis, and no opening bracket left at the end of a line
    while kept and (kept[-1].isspace() or kept[-1][0] in NO_END):
        kept.pop()
    return "".join(kept) + ELLIPSIS
