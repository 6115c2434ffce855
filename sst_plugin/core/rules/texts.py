"""The text a strategy file gives the site: every text value with its field path, and the
Markdown body. Templates may print any of it into a page, where `[[id]]` links and snippet
includes are expanded, so the rules read all of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load import Document

FieldPath = tuple[str | int, ...]


def text_values(document: Document) -> Iterator[tuple[FieldPath, str]]:
    """Every text value of the document's fields (at any depth), with its path."""
    stack: list[tuple[FieldPath, Any]] = [((), document.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))


def field_name(path: FieldPath) -> str:
    """`measurements[3].note` for ("measurements", 3, "note")."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
