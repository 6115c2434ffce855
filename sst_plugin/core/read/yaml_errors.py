"""PyYAML's parser errors → what went wrong in plain words, with the fix, at the right place.

The parser says "mapping values are not allowed in this context"; the person who wrote
`title: Fix: the desk` needs "put the value in quotes". Each mistake people make is recognised
from the parser's words (libyaml's and pure-Python PyYAML's) and the line it stands on; anything
else keeps the parser's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..findings import Finding, Place, finding, shorten

# characters YAML reserves at the start of a plain value
_INDICATORS = "%@`|>*&!"
# `key:` at the start of a line, after any `- ` list markers: group 1 is the key
_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)*([^\s#:'\"\-{}\[\]][^#]*?):(?:[ \t]|$)")
_LEADING = re.compile(r"^[ \t]*(?:-[ \t]+)*")
# the line breaks PyYAML counts lines by (YAML 1.1): its marks' line numbers are in these
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class _Source:
    """The YAML text by lines, and where it stands in its file."""

    lines: list[str]
    file: str
    line_offset: int

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def place(self, line: int, column: int) -> Place:
        """A 0-based line and column of the text → the file's place."""
        return Place(self.file, line + 1 + self.line_offset, column + 1)


def plain_error(error: yaml.MarkedYAMLError, text: str, file: str,
                line_offset: int = 0) -> Finding:
    """One SST001 finding for a YAML syntax error: the mistake named, the fix given."""
    source = _Source(_BREAKS.split(text), file, line_offset)
    problem, context = error.problem or "", error.context or ""
    mark, opened = error.problem_mark, error.context_mark
    if mark is None:
        mark = opened
    if mark is None:
        return finding("SST001", Place(file), f"YAML syntax error: {problem or context}")
    line, column = mark.line, mark.column
    tab = _tab_in_indentation(source, line)
    if tab is not None:
        return finding("SST001", source.place(line, tab), "a tab indents this line: YAML needs "
                       "spaces for indentation: replace the tab with spaces")
    char = source.line(line)[column:column + 1]
    for explain in (_unclosed, _no_colon, _reserved_start, _colon, _list_on_key_line, _dedented,
                    _after_quote, _stray_close):
        found = explain(source, problem, context, line, column, char, opened)
        if found is not None:
            return found
    if "escape" in problem:
        return finding("SST001", source.place(line, column),
                       "a backslash inside double quotes starts an escape such as \\n: write "
                       "\\\\ for a backslash, or quote the value with ' instead")
    if char == "\t":
        return finding("SST001", source.place(line, column),
                       "a tab where YAML expects a value: replace it with a space")
    return finding("SST001", source.place(line, column),
                   f"YAML syntax error: {problem or context}")


def _tab_in_indentation(source: _Source, line: int) -> int | None:
    """The column of a tab among the spaces that indent a line, if there is one."""
    text = source.line(line)
    indent = _LEADING.match(text)
    assert indent is not None  # the pattern matches the empty string
    where = indent.group().find("\t")
    return where if where >= 0 and text.strip() else None


def quoted(value: str) -> str:
    """A value in the quotes that keep it text: double, or single when it holds a `"`."""
    value = value.strip()
    if '"' in value:
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\") + '"'


def _without_comment(text: str) -> str:
    return re.split(r"[ \t]#", text, maxsplit=1)[0].rstrip()


def _example(source: _Source, line: int, value_column: int) -> str:
    """`key: "the value"` for the value that starts at a column of a line."""
    text = source.line(line)
    key = _KEY_LINE.match(text)
    value = shorten(_without_comment(text[value_column:]), 70)
    fixed = quoted(value)
    return f"{key.group(1)}: {fixed}" if key and key.end() <= value_column else fixed


def _unclosed(source: _Source, problem: str, context: str, line: int, column: int,
              char: str, opened: yaml.Mark | None) -> Finding | None:
    """A quote, [ or { that is never closed: reported where it opens."""
    if opened is None:
        return None
    if "quoted scalar" in context and ("end of stream" in problem
                                       or "document" in problem):
        quote = source.line(opened.line)[opened.column:opened.column + 1] or '"'
        return finding("SST001", source.place(opened.line, opened.column),
                       f"the quote {quote} opened here is never closed: add the closing {quote} "
                       "at the end of the value")
    for kind, close in (("flow sequence", "]"), ("flow mapping", "}")):
        if kind in context and f"'{close}'" in problem:
            bracket = "[" if close == "]" else "{"
            if line > opened.line or "stream end" in problem:
                return finding("SST001", source.place(opened.line, opened.column),
                               f"the {bracket} opened here is never closed: add {close} after "
                               "the last item")
            return finding("SST001", source.place(line, column),
                           f"inside {bracket} {close} items are separated by commas: add a comma "
                           "before this, or quote the item that holds it")
    return None


def _reserved_start(source: _Source, problem: str, context: str, line: int, column: int,
                    char: str, opened: yaml.Mark | None) -> Finding | None:
    """`unit: %`, `title: *bold*`, `title: | text`: a value that starts with a YAML indicator."""
    at = None
    if "cannot start any token" in problem and char in _INDICATORS:
        at = column
    elif opened is not None and opened.line == line and (
            "block scalar" in context or "alias" in context or "anchor" in context):
        at = opened.column
    if at is None:
        return None
    first = source.line(line)[at:at + 1] or char
    return reserved_start(source.place(line, at), first, _example(source, line, at))


def reserved_start(place: Place, first: str, example: str) -> Finding:
    """The one message for a value that starts with a character YAML reserves."""
    return finding("SST001", place,
                   f"a value cannot start with {first}: quote it, as in `{example}`")


def _colon(source: _Source, problem: str, context: str, line: int, column: int,
           char: str, opened: yaml.Mark | None) -> Finding | None:
    """`title: Fix: the desk`, or a key indented deeper than the ones above it."""
    if "mapping values are not allowed" not in problem:
        return None
    text = source.line(line)
    before = text[:column]
    key = _KEY_LINE.match(text)
    if key is not None and key.end() <= column:  # `key: ...: ...`: the colon is in the value
        value_column = key.end()
        while value_column < len(text) and text[value_column] in " \t":
            value_column += 1
        return finding("SST001", source.place(line, column),
                       "a colon followed by a space inside a value starts a new field: put the "
                       f"value in quotes, as in `{_example(source, line, value_column)}`")
    for above in range(line - 1, -1, -1):  # the line this one seems to continue
        if source.line(above).strip() and not source.line(above).lstrip().startswith("#"):
            found = _dash_without_space(source, above) or _colon_without_space(source, above)
            if found is not None:
                return found
            break
    name = before.strip().lstrip("- ").strip() or "this field"
    return finding("SST001", source.place(line, len(before) - len(before.lstrip())),
                   f"`{shorten(name, 40)}` is indented deeper than the field above it, so YAML "
                   "reads it as part of that field's value: line it up with the fields it "
                   "belongs with (or, if the colon is part of the value above, quote that value)")


def _no_colon(source: _Source, problem: str, context: str, line: int, column: int,
              char: str, opened: yaml.Mark | None) -> Finding | None:
    """`owner ann`, or a value's second line written at the start of the line: the parser
    notices on the line after; said on the line itself."""
    if "simple key" not in context or opened is None:
        return None
    glued = _colon_without_space(source, opened.line)
    if glued is not None:
        return glued
    text = _without_comment(source.line(opened.line)[opened.column:])
    return finding("SST001", source.place(opened.line, opened.column),
                   f"`{shorten(text, 50)}` has no colon: write it as `name: value`, or, if "
                   "it continues the value above, indent it under that value")


def _list_on_key_line(source: _Source, problem: str, context: str, line: int, column: int,
                      char: str, opened: yaml.Mark | None) -> Finding | None:
    """`actions: - action: x`: a list that starts on its field's line."""
    if "sequence entries are not allowed" not in problem:
        return None
    return finding("SST001", source.place(line, column),
                   "a list cannot start on the line of its field name: move this `- ` item to "
                   "the next line, indented below the field")


def _dedented(source: _Source, problem: str, context: str, line: int, column: int,
              char: str, opened: yaml.Mark | None) -> Finding | None:
    """A key that lines up with nothing above it, reported on its own line."""
    if "document start" not in problem and (
            ("block mapping" not in context and "block collection" not in context)
            or not ("expected key" in problem or "'-' indicator" in problem
                    or "<block end>" in problem)):
        return None
    text = source.line(line)
    stripped = text.strip()
    dash = _dash_without_space(source, line)
    if dash is not None:
        return dash
    if stripped.startswith("- "):
        return finding("SST001", source.place(line, column),
                       "a list item where a field is expected: put the list under a field, "
                       "with `name:` on the line above and the items indented below it")
    key = _KEY_LINE.match(text)
    if key is None or key.start(1) != column:
        return None
    name = shorten(key.group(1), 40)
    # the field it most likely belongs beside: the nearest deeper one above, else a shallower
    deeper = shallower = None
    for above in range(line - 1, -1, -1):
        match = _KEY_LINE.match(source.line(above))
        if match is None:
            continue
        if match.start(1) > column and deeper is None:
            deeper = (above, match)
            break
        if match.start(1) < column and shallower is None:
            shallower = (above, match)
    like = deeper or shallower
    if like is None:
        return finding("SST001", source.place(line, column),
                       f"`{name}` lines up with no field above it: indent it like the field it "
                       "belongs beside")
    above, match = like
    spaces = match.start(1)
    return finding(
        "SST001", source.place(line, column),
        f"`{name}` lines up with no field above it: indent it like "
        f"`{shorten(match.group(1), 40)}` on line {source.place(above, 0).line} "
        f"({spaces} space{'s' if spaces != 1 else ''}), or like the field it belongs beside")


def _dash_without_space(source: _Source, line: int) -> Finding | None:
    """`-action: x`: YAML reads `-action` as a field name, not as a list item."""
    text = source.line(line)
    stripped = text.strip()
    if not re.match(r"-[^\s-]", stripped):
        return None
    return finding("SST001", source.place(line, len(text) - len(text.lstrip())),
                   f"a list item needs a space after `-`: write `- {shorten(stripped[1:], 50)}`")


def _colon_without_space(source: _Source, line: int) -> Finding | None:
    """`owner:ann`: without a space after its colon, a field is one word of text to YAML."""
    text = source.line(line)
    match = re.match(r"^([ \t]*(?:-[ \t]+)*)([A-Za-z_][\w-]*):([^\s:/].*)$", text)
    if match is None:
        return None
    key, value = match.group(2), _without_comment(match.group(3))
    return finding("SST001", source.place(line, len(match.group(1)) + len(key)),
                   f"a field name's colon needs a space after it: write "
                   f"`{key}: {shorten(value, 50)}`")


def _after_quote(source: _Source, problem: str, context: str, line: int, column: int,
                 char: str, opened: yaml.Mark | None) -> Finding | None:
    """`title: "Fix" it` or `title: 'it's'`: text after a closing quote."""
    if not ("expected key" in problem or "<scalar>" in problem):
        return None
    before = source.line(line)[:column].rstrip()
    if not before or before[-1] not in "'\"":
        return None
    if before[-1] == "'":
        return finding("SST001", source.place(line, column),
                       "a ' inside a value in single quotes ends it: write it twice (it''s), "
                       "or put the value in double quotes")
    return finding("SST001", source.place(line, column),
                   "text after the closing \": put the whole value inside the quotes, and write "
                   "\\\" for a \" inside them")


def _stray_close(source: _Source, problem: str, context: str, line: int, column: int,
                 char: str, opened: yaml.Mark | None) -> Finding | None:
    if char not in ("]", "}") or "block" not in context:
        return None
    return finding("SST001", source.place(line, column),
                   f"a {char} that closes nothing: remove it")
