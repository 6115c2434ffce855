"""The text a strategy file gives the site: every text value with its field path, and the
Markdown body. Templates may print any of it into a page, where `[[id]]` links and snippet
includes are expanded, so the rules read all of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..read.load import Document
from ..read.yaml_values import field_name as field_name  # the one way; rules import it from here

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


def values_at(data: Any, path: tuple[str, ...],
              at: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """The values a field path reaches in raw data, with their paths (`*` in the field path:
    any list item, as `reference_fields` writes it)."""
    if not path:
        yield at, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from values_at(item, rest, (*at, index))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*at, head))
