"""Text measured by what it is (core/render/text_measure.py): widths, graphemes, line breaks in
Chinese, Japanese, German and mixed titles, kinsoku, and clipping at a grapheme boundary.

Plain functions; tests/test_site_cjk.py holds the same estimates against what Chromium draws."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sst_plugin.core.render import strategy_map as sm
from sst_plugin.core.render.text_measure import (
    NO_END,
    NO_START,
    char_width,
    clip,
    cuts_a_word,
    graphemes,
    lines_of,
    text_width,
    wrap,
)

TITLE = sm.NODE_WIDTH - 2 * sm.PAD_X  # a map box's text area, at 14 px


# -- widths --------------------------------------------------------------------------------------

def test_chinese_and_japanese_are_an_em_about_twice_a_latin_letter() -> None:
    for char in "酸面包。「あッ한Ａ１":
        assert 1.0 <= char_width(char) <= 1.1, char
    assert 1.5 <= char_width("面") / char_width("a") <= 2.2
    assert text_width("面包", 12) == pytest.approx(2 * char_width("面") * 12)


def test_latin_glyphs_by_their_advance_accents_and_joiners_add_nothing() -> None:
    assert char_width("W") > char_width("M") > char_width("a") > char_width("i") > 0
    assert char_width("é") == char_width("e") and char_width("Ü") == char_width("U")
    for mark in ("\u0301", "\u0308", "\u200d", "\ufe0f", "\u200b"):
        assert char_width(mark) == 0, hex(ord(mark))
    assert text_width("Cafe\u0301", 14) == text_width("Cafe", 14)
    assert text_width("Brot", 14, bold=True) > text_width("Brot", 14)


def test_emoji_are_wider_than_an_em_and_their_sequences_add_no_joiner() -> None:
    assert char_width("😀") > char_width("面") and char_width("🍞") == char_width("😀")
    family = "👨\u200d👩\u200d👧"  # three emoji joined: counted as three, erring wide
    assert text_width(family, 10) == pytest.approx(3 * text_width("😀", 10))


def test_any_other_script_is_given_a_full_em_and_a_digraph_its_letters() -> None:
    assert char_width("Д") == char_width("λ") == 1.0  # Cyrillic Д is 0.71 em in DejaVu
    assert char_width("Щ") > 1.1  # 1.33 em in DejaVu Sans Bold, over 1.2 × 1.1
    assert char_width("\u302e") > 0  # a spacing mark takes room
    assert char_width("⌚") > 1.25 and char_width("€") < 1  # from the emoji font; in the table
    # Chromium draws Ǆ 1.42 em wide and № 1.07 em
    assert char_width("Ǆ") == char_width("D") + char_width("Z") and char_width("№") > 1.07


# -- graphemes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "clusters"), [
    ("Cafe\u0301", ["C", "a", "f", "e\u0301"]),
    ("👍🏽!", ["👍🏽", "!"]),
    ("👨\u200d👩\u200d👧x", ["👨\u200d👩\u200d👧", "x"]),
    ("🇫🇷🇩🇪", ["🇫🇷", "🇩🇪"]),
    ("❤\ufe0f", ["❤\ufe0f"]),
    ("\ud83d\ude00a", ["\ud83d\ude00", "a"]),  # a surrogate pair left unjoined by a decoder
    ("面包", ["面", "包"]),
])
def test_graphemes_keep_a_letter_with_its_marks_and_an_emoji_sequence_whole(
        text: str, clusters: list[str]) -> None:
    assert graphemes(text) == clusters


# -- wrapping ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lines"), [
    ("Make organic sourdough a quarter of our bread sales",
     ("Make organic sourdough", "a quarter of our bread", "sales")),
    # Chinese breaks between any two characters: twelve to a line at 14 px in 186
    ("让有机酸面包占我们面包销量的四分之一", ("让有机酸面包占我们面包销", "量的四分之一")),
    ("Open a second shop in 北京 before summer", ("Open a second shop in", "北京 before summer")),
    # a sign alone stays with the word before it, as a no-break space would keep it
    ("在北京开第二家店 before the summer of 2026 – 63 %",
     ("在北京开第二家店 before", "the summer of 2026 –", "63 %")),
    # German: whole words while each fits; a compound breaks after its hyphen
    ("Überregionale Zusammenarbeit mit Lieferdiensten",
     ("Überregionale", "Zusammenarbeit mit", "Lieferdiensten")),
    ("Bring the Kinderfahrrad-Leasing-Programm to every primary school",
     ("Bring the Kinderfahrrad-", "Leasing-Programm to", "every primary school")),
    # Japanese: a small kana and the full stop go down with the character before them
    ("新しいパン屋を開きますっ。ショッピング", ("新しいパン屋を開きま", "すっ。ショッピング")),
    ("😀 emoji 🍞 bread 👨\u200d👩\u200d👧 family",
     ("😀 emoji 🍞", "bread 👨\u200d👩\u200d👧 family")),
])
def test_titles_wrap_at_spaces_between_cjk_characters_and_after_hyphens(
        text: str, lines: tuple[str, ...]) -> None:
    assert wrap(text, TITLE, 14, most=4) == lines
    assert all(text_width(line, 14) <= TITLE for line in lines)


def test_a_latin_word_is_cut_only_when_it_alone_is_wider_than_the_line_and_without_hyphen() -> None:
    compound = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"
    lines = wrap(f"Die {compound} verleihen", TITLE, 14, most=4)
    assert lines[0] == "Die"  # the compound starts its own line, then is cut where it must be
    assert "".join(lines[1:-1]) + lines[-1].removesuffix(" verleihen") == compound
    assert not any(line.endswith("-") for line in lines)
    assert all(text_width(line, 14) <= TITLE for line in lines)
    assert cuts_a_word(compound, TITLE, 14) and not cuts_a_word("Brot und Butter", TITLE, 14)


def test_a_soft_hyphen_is_where_a_compound_may_break_and_shows_as_a_hyphen_there() -> None:
    title = "Sauerteig\u00adverkostungs\u00adsamstage am Wochenende"
    lines = lines_of(title, TITLE, 14)
    assert lines == ("Sauerteig\u00adverkostungs-", "samstage am", "Wochenende")
    assert all(text_width(line, 14) <= TITLE for line in lines)
    assert not cuts_a_word(title, TITLE, 14)  # without the soft hyphens it would cut one
    assert cuts_a_word(title.replace("\u00ad", ""), TITLE, 14)
    # a soft hyphen inside a line is left as it is: SVG draws nothing for it
    assert lines_of("Kurz\u00adwort", TITLE, 14) == ("Kurz\u00adwort",)
    assert wrap(title, 100, 14, most=2) == ("Sauerteig-", "verkostung…")


@pytest.mark.parametrize("closing", list("。，、）」』！？：；ー"))
def test_no_line_starts_with_a_closing_mark(closing: str) -> None:
    """Twelve characters fill a line: the mark that would start the second line takes the
    character before it along (oidashi)."""
    text = "让有机酸面包占我们面包销" + closing + "量的四分之一"
    lines = lines_of(text, TITLE, 14)
    assert "".join(lines) == text
    assert lines[0] == "让有机酸面包占我们面包" and lines[1].startswith("销" + closing)


@pytest.mark.parametrize("opening", list("（「『【《"))
def test_no_line_ends_with_an_opening_mark(opening: str) -> None:
    text = "让有机酸面包占我们面包" + opening + "销量的四分之一"
    lines = lines_of(text, TITLE, 14)
    assert "".join(lines) == text
    assert lines[0] == "让有机酸面包占我们面包" and lines[1].startswith(opening)


@pytest.mark.parametrize(("text", "lines"), [
    ("通过电子邮件邀请会员卡顾客", ("通过电子邮件邀", "请会员卡顾客")),  # not 12 + 1
    ("冬季面包订阅：每周配送，按月付款，三个月内签下两百位订户",
     ("冬季面包订阅：每周配", "送，按月付款，三个月", "内签下两百位订户")),
    ("Lift gross margin to 63 %", ("Lift gross", "margin to 63 %")),
    # a word wider than the line: filled as it is, never cut narrower still
    ("Supercalifragilisticexpialidociousbreadsubscriptioncampaign now",
     ("Supercalifragilisticexpiali", "dociousbreadsubscriptio", "ncampaign now")),
])
def test_balanced_lines_leave_no_character_alone_on_the_last(
        text: str, lines: tuple[str, ...]) -> None:
    assert lines_of(text, TITLE, 14, balanced=True) == lines
    assert len(lines) == len(lines_of(text, TITLE, 14))
    assert wrap(text, TITLE, 14, most=4, balanced=True) == lines


def test_past_the_last_line_the_rest_ends_in_an_ellipsis_with_no_space_added() -> None:
    lines = wrap("让有机酸面包占我们面包销量的四分之一" * 3, 120, 14, most=2)
    assert len(lines) == 2 and lines[-1].endswith("…") and " " not in "".join(lines)
    lines = wrap("word " * 60, 120, 14, most=4)
    assert len(lines) == 4 and lines[:3] == ("word word",) * 3 and lines[3] == "word word w…"


MIXED = st.lists(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzMW -&%.,ßü\u00ad")
                                 + list("让有机酸面包。，、）「（」あっ😀") + ["e\u0301", "👍🏽"]),
                 max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=MIXED, width=st.floats(30, 400))
@example(text="aa 。", width=30.0)  # a sign kept with its word, cut at its space
def test_every_line_fits_and_the_text_is_kept_in_order(text: str, width: float) -> None:
    lines = lines_of(text, width, 12)
    def letters(text: str) -> str:  # a soft hyphen that ends a line is drawn as a hyphen
        return re.sub("[ \u00ad-]", "", text)

    assert letters("".join(lines)) == letters(text)
    for line in lines:
        assert text_width(line, 12) <= width or len(graphemes(line)) == 1, line
        assert line == line.strip()
    assert len(lines_of(text, width, 12, balanced=True)) == len(lines)
    shown = wrap(text, width, 12, most=3, balanced=True)
    assert len(shown) <= 3 and all(text_width(line, 12) <= width or len(graphemes(line)) == 1
                                   for line in shown)


# -- clipping ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Cafe\u0301" * 20, "👨\u200d👩\u200d👧" * 20, "🇫🇷🇩🇪" * 20, "让有机酸面包" * 10, "👍🏽" * 30])
def test_clipping_ends_in_an_ellipsis_between_two_graphemes(text: str) -> None:
    for width in range(20, 200, 7):
        clipped = clip(text, width, 12)
        assert text_width(clipped, 12) <= width
        kept = clipped.removesuffix("…")
        assert clipped.endswith("…") and text.startswith(kept)
        assert graphemes(text)[: len(graphemes(kept))] == graphemes(kept)


def test_clipping_leaves_no_space_nor_opening_mark_before_the_ellipsis() -> None:
    assert clip("Bread for everyone", text_width("Bread …", 12), 12) == "Bread…"
    assert clip("面包「有机」", text_width("面包「…", 12), 12) == "面包…"
    assert clip("Brot", 100, 12) == "Brot" and clip("Brot", 5, 12) == ""
    assert not (NO_START & NO_END)


# -- one estimator -------------------------------------------------------------------------------

def test_only_text_measure_measures_text() -> None:
    """The charts, the timeline and the map all measure with text_measure: no second copy."""
    for path in (REPO / "sst_plugin" / "core" / "render").rglob("*.py"):
        if path.name == "text_measure.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "east_asian_width" not in source, path.name
        names = {node.name for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.FunctionDef)}
        assert not names & {"char_width", "wrap", "_wrap", "_clip", "_lines_within"}, path.name
