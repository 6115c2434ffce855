"""`[[id]]` and `[[id|text]]` links in Markdown: one finder for the rules and the renderers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class WikiLink:
    target: str
    text: str | None
    line: int  # 1-based, within the text given
    column: int


def _prose_lines(markdown: str) -> Iterator[tuple[int, str, str | None]]:
    """(line number, line, the line with code masked, or None inside a fenced block)."""
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield number, line, None
            continue
        if opening:
            fence = opening.group(1)
            yield number, line, None
            continue
        yield number, line, _mask_code_spans(line)


def _mask_code_spans(line: str) -> str:
    """The line with each code span blanked out, column for column.

    CommonMark's rule, as Python-Markdown applies it: a run of N backticks opens a span that
    the next run of exactly N closes; a run with no such partner is plain text. Worked out in
    one pass over the runs (a regex with a back-reference is quadratic on a line of backticks).
    """
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    partner: list[int | None] = [None] * len(runs)
    later: dict[int, int] = {}  # run length → index of the nearest run of that length seen
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        partner[index] = later.get(end - start)
        later[end - start] = index
    pieces, last, index = [], 0, 0
    while index < len(runs):
        closer = partner[index]
        if closer is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closer][1]
        pieces += [line[last:start], " " * (end - start)]
        last, index = end, closer + 1
    pieces.append(line[last:])
    return "".join(pieces)


def find_wikilinks(markdown: str) -> Iterator[WikiLink]:
    """Every `[[id]]` outside code blocks and inline code, with its line and column."""
    for number, _, prose in _prose_lines(markdown):
        for match in WIKILINK.finditer(prose or ""):
            yield WikiLink(match.group(1).strip(), match.group(2), number, match.start() + 1)


def replace_wikilinks(markdown: str,
                      resolve: Callable[[WikiLink], str | None]) -> tuple[str, list[WikiLink]]:
    """Each `[[id]]` replaced by what `resolve` returns; the ones it cannot resolve come back."""
    unknown: list[WikiLink] = []
    lines = []
    for number, line, prose in _prose_lines(markdown):
        if not prose or "[[" not in prose:
            lines.append(line)
            continue
        pieces, last = [], 0
        for match in WIKILINK.finditer(prose):
            link = WikiLink(match.group(1).strip(), match.group(2), number, match.start() + 1)
            replacement = resolve(link)
            if replacement is None:
                unknown.append(link)
                continue
            pieces.append(line[last:match.start()])
            pieces.append(replacement)
            last = match.end()
        pieces.append(line[last:])
        lines.append("".join(pieces))
    return "\n".join(lines), unknown
