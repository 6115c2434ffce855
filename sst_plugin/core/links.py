"""`[[id]]` and `[[id|text]]` links in Markdown: one finder for the rules and the renderers."""

from __future__ import annotations

import re
from collections.abc import Iterator
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


def find_wikilinks(markdown: str) -> Iterator[WikiLink]:
    """Every `[[id]]` outside code blocks and inline code, with its line and column."""
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        masked = _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)
        for match in WIKILINK.finditer(masked):
            yield WikiLink(match.group(1).strip(), match.group(2), number, match.start() + 1)
