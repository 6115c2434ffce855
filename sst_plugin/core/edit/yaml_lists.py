"""Where the dated items of a list (`measurements`, `checkins`) stand in a file's text.

The editors that add an item (`sst kpi add`, `sst checkin`) find here where each item starts
and ends, and where the fields end when the list is not written yet; they change no other line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..read.config import ConfigError
from ..read.load import Document


@dataclass
class ListItem:
    index: int
    date: str
    fields: dict[str, Any]
    line: int  # 0-based first line
    column: int  # 0-based column of the item's first key (or of `{` in flow style)


def list_items(document: Document, key: str) -> list[ListItem]:
    """The items written already under KEY, each with where it starts."""
    raw_items = (document.data or {}).get(key)
    items = []
    for index, item in enumerate(raw_items if isinstance(raw_items, list) else []):
        fields = item if isinstance(item, dict) else {}
        place = document.place(key, index)
        items.append(ListItem(index, str(fields.get("date")), fields,
                              (place.line or 1) - 1, (place.column or 1) - 1))
    return items


def refuse_a_flow_list(lines: list[str], document: Document, key: str) -> None:
    place = document.place(key)
    if place.line is not None and place.column is not None and \
            lines[place.line - 1][place.column - 1] == "[":
        raise ConfigError(f"{document.file}:{place.line}: the {key} are a flow list "
                          f"`[...]`: write them one per line (`- date: ...`) to add to them")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def start_of(lines: list[str], item: ListItem) -> int:
    """An item's first line, or the comment lines right above it, which belong to it."""
    start = item.line
    while start > 0 and lines[start - 1].strip().startswith("#"):
        start -= 1
    return start


def end_of(lines: list[str], item: ListItem) -> int:
    """The line after an item's last line (blank lines and comments after it excluded)."""
    first = lines[item.line]
    dash = first.index("-") if first.lstrip().startswith("-") else item.column
    end = item.line + 1
    for row in range(item.line + 1, len(lines)):
        stripped = lines[row].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if indent_of(lines[row]) <= dash or stripped == "---":
            break
        end = row + 1
    return end


def end_of_fields(lines: list[str], document: Document) -> int:
    """The line where a new top-level key goes: before a front matter's closing `---`, else
    after the file's last line that is not blank."""
    if document.file.endswith(".md"):
        return next(row for row in range(1, len(lines)) if lines[row].rstrip() in ("---", "..."))
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end


def date_quote(lines: list[str], document: Document, key: str, item: ListItem) -> str:
    """The quote an item's date is written with (`"`, `'` or none): new items copy it."""
    place = document.place(key, item.index, "date")
    if place.line is None or place.column is None:
        return ""
    character = lines[place.line - 1][place.column - 1]
    return character if character in ("'", '"') else ""


def open_empty_list(lines: list[str], document: Document, key: str) -> tuple[int, str]:
    """Turn `KEY: []` into `KEY:` (a comment after `[]` stays); the row after it, where the
    items go, and the prefix of an item (`  - `)."""
    place = document.key_place(key)
    row = (place.line or 1) - 1
    line = lines[row]
    bracket = line.index("[", line.index(f"{key}:"))
    comment = line[line.index("]", bracket) + 1:].strip()
    lines[row] = line[:bracket].rstrip() + (f"  {comment}" if comment else "")
    return row + 1, " " * (indent_of(line) + 2) + "- "
