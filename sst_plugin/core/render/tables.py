"""Markdown tables whose cells carry their column's name, so that a phone can stack them.

A table of eight columns cannot be read on a 390 px screen: the stylesheet stacks each row into
a card there, and a card needs the column names beside the values. Markdown gives a cell no
attribute, so every body cell starts with `<span class="sst-label">Column</span>`, which the
stylesheet hides on wider screens (where the header row says it) and shows on a phone; the
first header cell holds an empty `sst-table` span that tells the stylesheet the table is ours.
Done on the rendered Markdown, it labels every table of every template, a user's too.
"""

from __future__ import annotations

import re
from html import escape

LABEL = '<span class="sst-label">{}</span> '
# marks the table as SST's in its header, so the stylesheet knows it even with no body row
MARKER = '<span class="sst-table"></span>'
# a row of a pipe table as SST's templates write it: starts with a pipe (up to 3 spaces before)
_ROW = re.compile(r"^ {0,3}\|")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_SPECIALS = re.compile(r"([\\\[\]`*_|<>&])")
# what splits a row, or keeps a pipe from splitting it: an escape, a run of backticks, a pipe
_ROW_TOKEN = re.compile(r"\\.|`+|\|", re.DOTALL)


def label_cells(markdown: str) -> str:
    """MARKDOWN with a column label at the start of every non-empty body cell of its tables."""
    if "|" not in markdown:  # no table: most of a page's lines are none
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence is not None or opened:
            # fenced code is shown as written: a table in it is an example, not a table
            if fence is None and opened:
                fence = opened.group(1)
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            out.append(line)
            index += 1
            continue
        header = split_row(line) if _ROW.match(line) else None
        rule = split_row(lines[index + 1]) if header is not None and index + 1 < len(lines) \
            else None
        if header is None or rule is None or not _is_separator(rule) or len(rule) != len(header):
            out.append(line)
            index += 1
            continue
        labels = [label_text(cell) for cell in header]
        out += ["| " + " | ".join([MARKER + header[0], *header[1:]]) + " |", lines[index + 1]]
        index += 2
        while index < len(lines) and _ROW.match(lines[index]):
            out.append(_labelled(lines[index], labels))
            index += 1
    return "\n".join(out)


def split_row(line: str) -> list[str] | None:
    """The cells of a pipe-table row, split as Python-Markdown splits them: on pipes that are
    neither escaped nor inside a code span. None when LINE is no row."""
    text = line.strip()
    if not text.startswith("|"):
        return None
    if "`" not in text and "\\" not in text:  # most rows: every pipe splits
        cells = text[1:].split("|")
    else:
        cells, start, ticks = [], 1, 0
        for token in _ROW_TOKEN.finditer(text, 1):
            found = token.group()
            if found == "|":
                if ticks == 0:
                    cells.append(text[start:token.start()])
                    start = token.end()
            elif found[0] == "`":  # a run of N opens a code span that the next run of N closes
                run = len(found)
                ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
        cells.append(text[start:])
    if not cells[-1].strip():  # a row may leave out its closing pipe
        cells.pop()
    return [cell.strip() for cell in cells]


def label_text(header: str) -> str:
    """A header cell's Markdown as plain text, escaped to sit inside the label's span."""
    text = _LINK.sub(r"\1", header)
    text = _TAG.sub("", text).replace("**", "").replace("\\", "")
    text = " ".join(text.split())
    return _MARKDOWN_SPECIALS.sub(lambda m: escape(m.group(1)) if m.group(1) in "<>&"
                                  else "\\" + m.group(1), text)


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def _labelled(line: str, labels: list[str]) -> str:
    cells = split_row(line) or []
    labelled = [LABEL.format(labels[i]) + cell if cell and i < len(labels) and labels[i] else cell
                for i, cell in enumerate(cells)]
    return "| " + " | ".join(labelled) + " |"
