"""What stands at the cursor of a strategy file: a field name being typed, a field's value, an
`[[id]]` in a Markdown body, or an ID to hover or follow.

Worked out from the lines alone, by indentation, so that it works in a buffer that does not parse
yet (the cursor is usually where the text is half-written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..core.model.links import WIKILINK
from ..core.model.reference_fields import ANY_ITEM

_LINE = re.compile(r"^(?P<indent> *)(?P<dash>-(?: +|$))?(?P<rest>.*)$")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)[ \t]*(?P<value>.*)$")
_ID_CHARS = re.compile(r"[a-z0-9-]+")
_OPEN_LINK = re.compile(r"\[\[(?P<typed>[^\[\]|\n]*)$")


@dataclass(frozen=True)
class Spot:
    """`key`: a field name is typed under `path`; `value`: the value of the field at `path`
    (list items as `*`); `link`: an `[[id]]` is typed. `typed` is what stands before the cursor,
    from `start` (a column)."""

    what: Literal["key", "value", "link"]
    path: tuple[str, ...]
    typed: str
    start: int
    # what is already there: the mapping's fields (for `key`), the flow list's items (`value`)
    present: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sections:
    """Where the YAML of a file stands: lines [yaml_start, yaml_end); after it, the body."""

    yaml_start: int
    yaml_end: int
    markdown: bool


def sections(lines: list[str], markdown: bool) -> Sections:
    if not markdown:
        return Sections(0, len(lines), False)
    if not lines or lines[0].rstrip() != "---":
        return Sections(0, 0, True)
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            return Sections(1, number, True)
    return Sections(1, len(lines), True)  # not closed yet: the whole file is being written


def spot_at(lines: list[str], line: int, column: int, markdown: bool) -> Spot | None:
    """What is typed at (line, column), both 0-based, the column in characters."""
    parts = sections(lines, markdown)
    text = lines[line][:column] if line < len(lines) else ""
    if parts.yaml_start <= line < parts.yaml_end:
        spot = _yaml_spot(lines[parts.yaml_start:line], text)
        if spot is None or spot.what != "key":
            return spot
        yaml_lines = [*lines[parts.yaml_start:line], text, *lines[line + 1:parts.yaml_end]]
        present = _written_beside(yaml_lines, line - parts.yaml_start)
        return Spot(spot.what, spot.path, spot.typed, spot.start, frozenset(present))
    if markdown and line >= parts.yaml_end:
        opened = _OPEN_LINK.search(text)
        if opened:
            return Spot("link", (), opened.group("typed"), opened.start("typed"))
    return None


def _yaml_spot(above: list[str], text: str) -> Spot | None:
    match = _LINE.match(text)
    assert match is not None  # the pattern matches any line
    indent, dash, rest = len(match.group("indent")), match.group("dash"), match.group("rest")
    if rest.lstrip().startswith("#"):
        return None
    stack = _structure(above)
    if in_text(stack, indent):
        return None  # typing the words of a text, not a field
    _close(stack, indent, bool(dash))
    path = tuple(opened.segment for opened in stack)
    rest_start = len(text) - len(rest)
    if dash:
        path = (*path, ANY_ITEM)
    return _in_line(path, rest, rest_start)


def _in_line(path: tuple[str, ...], rest: str, start: int) -> Spot | None:
    """The spot within one line's content (after its indentation and dash)."""
    key = _KEY.match(rest)
    if key is None:
        if "{" in rest:
            return _in_flow_mapping(path, rest, start)
        if ":" in rest or rest.startswith(("'", '"', "[", "&", "*", "|", ">")):
            return None
        if " " in rest.strip():
            return None  # words, not a field name
        # a bare word: a field name, or (on a list item) perhaps a value: the schema decides
        return Spot("key", path, rest, start)
    value, value_start = key.group("value"), start + key.start("value")
    field = (*path, key.group("key"))
    if value.startswith("{"):
        return _in_flow_mapping(field, value, value_start)
    if value.startswith("["):
        return _in_flow_sequence(field, value, value_start)
    if value.startswith(("|", ">", "&", "*", "#")):
        return None
    return Spot("value", field, value.strip("'\""), value_start + _quote(value))


def _quote(value: str) -> int:
    """1 when a value opens with a quote: what is typed starts after it."""
    return 1 if value.startswith(("'", '"')) else 0


def _in_flow_sequence(field: tuple[str, ...], value: str, start: int) -> Spot | None:
    if "]" in value:
        return None  # the cursor is past the closing bracket
    last = max(value.rfind("["), value.rfind(","))
    typed = value[last + 1:]
    stripped = typed.lstrip()
    listed = frozenset(item.strip().strip("'\"") for item in value[1:last].split(","))
    return Spot("value", (*field, ANY_ITEM), stripped.strip("'\""),
                start + last + 1 + len(typed) - len(stripped), listed - {""})


def _in_flow_mapping(path: tuple[str, ...], value: str, start: int) -> Spot | None:
    if "}" in value:
        return None
    opening = value.rfind("{")
    last = max(opening, value.rfind(","))
    piece = value[last + 1:]
    stripped = piece.lstrip()
    piece_start = start + last + 1 + len(piece) - len(stripped)
    key = _KEY.match(stripped)
    if key is None:
        return Spot("key", path, stripped, piece_start)
    typed = key.group("value")
    return Spot("value", (*path, key.group("key")), typed.strip("'\""),
                piece_start + key.start("value") + _quote(typed))


class Opened(NamedTuple):
    """An open field or list item."""

    column: int
    segment: str  # the field's name, or `*` for a list item
    line: int  # where it opened
    text: bool = False  # a block of text (`|` or `>`): the lines below it are its words


def _step(stack: list[Opened], line: str,
          number: int) -> tuple[tuple[int, ...], str | None, bool] | None:
    """Take one line into the open fields: None when it is no structure (a blank, a comment,
    a text's continuation), else the mapping it stands in (the lines that opened it) and the
    field it names, or the word it holds (a typed field with no colon yet, a list's item)."""
    match = _LINE.match(line)
    assert match is not None  # the pattern matches any line
    rest = match.group("rest")
    if not rest.strip() or rest.lstrip().startswith("#") or line.startswith("\t"):
        return None
    indent, dash = len(match.group("indent")), match.group("dash")
    if in_text(stack, indent):
        return None
    key = _KEY.match(rest)
    if not dash and key is None and (" " in rest.strip() or ":" in rest):
        return None
    _close(stack, indent, bool(dash))
    if dash:
        stack.append(Opened(indent, ANY_ITEM, number))
    inside = tuple(opened.line for opened in stack)
    if key is not None:
        stack.append(Opened(indent + len(dash or ""), key.group("key"), number,
                            key.group("value").startswith(("|", ">"))))
    return inside, key.group("key") if key else rest.strip() or None, key is None


def in_text(stack: list[Opened], indent: int) -> bool:
    """A line indented under a block of text (`note: |`) is one of its lines."""
    return bool(stack) and stack[-1].text and indent > stack[-1].column


def _walk(lines: list[str]) -> Iterator[tuple[int, tuple[int, ...], str | None, bool]]:
    stack: list[Opened] = []
    for number, line in enumerate(lines):
        taken = _step(stack, line, number)
        if taken is not None:
            yield number, *taken


def _structure(lines: list[str]) -> list[Opened]:
    """The open fields and list items at the end of these lines."""
    stack: list[Opened] = []
    for number, line in enumerate(lines):
        _step(stack, line, number)
    return stack


def _written_beside(lines: list[str], line: int) -> set[str]:
    """What the cursor's line stands beside, above it or below: the fields of its mapping,
    and the plain items (`- an-id`) of its list."""
    word = " _" if lines[line].endswith("-") else "_"  # a word, even on a blank or a dash
    typing = [*lines[:line], lines[line] + word, *lines[line + 1:]]
    walked = list(_walk(typing))
    mine = next((inside for number, inside, _, _ in walked if number == line), None)
    if mine is None:
        return set()
    fields = {key for number, inside, key, bare in walked
              if key and not bare and number != line and inside == mine}
    if not mine or mine[-1] != line:  # the cursor's line is no list item
        return fields
    return fields | {key for number, inside, key, bare in walked
                     if key and bare and number != line and inside[-1:] == (number,)
                     and inside[:-1] == mine[:-1]}


def _close(stack: list[Opened], indent: int, dash: bool) -> None:
    """Pop what a line at this indentation ends: deeper fields, and siblings at its column (a
    list item at a field's own column belongs to that field: `goals:` then `- a`)."""
    while stack:
        column, segment = stack[-1].column, stack[-1].segment
        if column > indent or (column == indent and (segment == ANY_ITEM or not dash)):
            stack.pop()
        else:
            break


def id_at(line: str, column: int, markdown_body: bool) -> str | None:
    """The ID under the cursor: inside an `[[id]]` or `[[id|text]]`, or (in YAML) a value that
    is all ID characters. In a Markdown body only `[[id]]` counts: prose words are not IDs."""
    for match in WIKILINK.finditer(line):
        if match.start() <= column <= match.end():
            return match.group(1).strip()
    if markdown_body:
        return None
    for match in _ID_CHARS.finditer(line):
        if not match.start() <= column <= match.end():
            continue
        before = line[:match.start()].rstrip(" ")
        after = line[match.end():].lstrip(" ")
        if before and not before.endswith((":", "[", ",", "-", "{", "'", '"')):
            return None
        if after and after[0] not in ",]}#'\"":
            return None
        return match.group().strip("-") or None
    return None


_KEY_ON_LINE = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)")


def field_at(lines: list[str], line: int, column: int,
             markdown: bool) -> tuple[str, ...] | None:
    """The path of the field whose name is under the cursor (`("actions", "*", "owner")`)."""
    if line >= len(lines):
        return None
    match = _KEY_ON_LINE.match(lines[line])
    if match is None or not match.start("key") <= column <= match.end("key"):
        return None
    spot = spot_at(lines, line, match.start("key"), markdown)
    if spot is None or spot.what != "key":
        return None
    return (*spot.path, match.group("key"))

