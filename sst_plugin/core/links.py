"""`[[id]]` and `[[id|text]]` links in Markdown: one finder for the rules and the renderers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


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
        yield number, line, _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)


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
