"""YAML text → plain values, with the line and column of every key and value.

Built on PyYAML's event stream (libyaml when present) with our own iterative composer, so that
nothing here recurses, aliases are refused before anything can expand them, duplicate keys are
seen, and every scalar keeps the text it was written as (for "quote it" hints).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from ..findings import Finding, Place, finding, shorten
from .yaml_errors import plain_error, quoted

Path = tuple[str | int, ...]

MAX_DEPTH = 40
_TYPE_WORDS = {bool: "true or false", int: "a number", float: "a number", type(None): "empty",
               dict: "fields", list: "a list"}

_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = SafeConstructor()
_resolver = Resolver()
# the first characters for which YAML 1.1 may read a plain scalar as something other than text
# (a resolver keyed None would apply to any first character: then every scalar is resolved)
_RESOLVED_FIRST: frozenset[str] | None = (
    None if None in Resolver.yaml_implicit_resolvers
    else frozenset(Resolver.yaml_implicit_resolvers))

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


_SCALAR, _ALIAS, _DOCUMENT_START = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


Mark = tuple[int, int]  # 1-based line and column, the file's own (front matter included)


def field_name(path: Path) -> str:
    """`measurements[3].value`: a path as a person writes it, the one way a message names a
    field."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class YamlValues:
    """The values of one YAML document and where each one stands."""

    data: Any = None
    places: dict[Path, Mark] = field(default_factory=dict)
    key_places: dict[Path, Mark] = field(default_factory=dict)
    # plain scalars that YAML typed as something other than text, by their written form
    written: dict[Path, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when the file is too broken for its values to be trusted."""
        return self.data is not None and not any(f.code == "SST001" for f in self.findings)


class _Refused(Exception):
    """Stops reading a file: the finding says why."""

    def __init__(self, found: Finding) -> None:
        super().__init__(found.message)
        self.finding = found


class _Frame:
    """A mapping or sequence being built. Plain slots: this is the loader's hot loop."""

    __slots__ = ("flow", "is_map", "key", "key_event", "key_mark", "mark", "path", "skip",
                 "split", "split_key", "value")

    def __init__(self, path: Path, value: dict[str, Any] | list[Any], mark: Mark,
                 is_map: bool, flow: bool = False) -> None:
        self.path = path
        self.value = value
        self.mark = mark
        self.is_map = is_map
        self.flow = flow  # a `{ }` mapping: a comma in a plain value splits it
        self.key: str | None = None  # the key waiting for its value (mappings only)
        self.key_mark: Mark | None = None
        self.skip = False  # the pending value belongs to a refused duplicate key
        # in a `{ }` mapping: the last plain value and the plain key after it, as events
        self.split: Any = None
        self.split_key = ""
        self.key_event: Any = None


def read_yaml(text: str, file: str, line_offset: int = 0, located: bool = True) -> YamlValues:
    """Read one YAML document. `line_offset` shifts lines (front matter starts below `---`).

    Unlocated, only the values come back, a third faster: where a file is valid (most are),
    nobody asks where its values stand, and `Document.locate` works them out when a finding
    does. A file with anything to report is read again, located, so its findings always have
    their places.
    """
    if not located:
        quick = YamlValues()
        try:
            _compose(text, quick, file, line_offset, located=False)
        except (_Refused, yaml.YAMLError):
            return read_yaml(text, file, line_offset)
        if quick.findings:
            return read_yaml(text, file, line_offset)
        return quick
    result = YamlValues()

    try:
        _compose(text, result, file, line_offset)
    except _Refused as refused:
        result.data = None
        result.findings.append(refused.finding)
    except yaml.MarkedYAMLError as error:
        result.data = None
        result.findings.append(plain_error(error, text, file, line_offset))
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        result.data = None
        position = getattr(error, "position", None)
        place = Place(file) if position is None else _place_at(text, position, file, line_offset)
        result.findings.append(
            finding("SST001", place, f"unreadable character: {getattr(error, 'reason', error)}")
        )
    return result


def _place_at(text: str, index: int, file: str, line_offset: int) -> Place:
    line, column = mark_at(text, index)
    return Place(file, line + line_offset, column)


def mark_at(text: str | bytes, index: int) -> Mark:
    """The line and column of `text[index]`: the one way SST turns an index into a place
    (columns count characters in text, bytes in bytes that are not text)."""
    if isinstance(text, bytes):
        return text.count(b"\n", 0, index) + 1, index - text.rfind(b"\n", 0, index)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


_NOWHERE: Mark = (0, 0)


def _compose(text: str, result: YamlValues, file: str, line_offset: int,
             located: bool = True) -> None:
    loader = _EventLoader(text)
    composer = _Composer(result, file, line_offset, located, text)
    try:
        composer.run(loader.get_event)
    finally:
        loader.dispose()
    if not composer.seen_root:
        result.data = None


class _Composer:
    """Values from YAML events, one handler per event, without recursion: `stack` holds the
    mappings and sequences still open, innermost last."""

    __slots__ = ("documents", "file", "line_offset", "located", "result", "seen_root", "stack",
                 "text")

    def __init__(self, result: YamlValues, file: str, line_offset: int, located: bool,
                 text: str = "") -> None:
        self.text = text
        self.result = result
        self.file = file
        self.line_offset = line_offset
        self.located = located  # False: values only, every mark _NOWHERE (a third faster)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.seen_root = False

    def run(self, get_event: Callable[[], Any]) -> None:
        handlers: dict[type, Callable[[Any], None]] = {
            _SCALAR: self.scalar, _MAPPING_START: self.open, _SEQUENCE_START: self.open,
            _MAPPING_END: self.close, _SEQUENCE_END: self.close, _ALIAS: self.alias,
            _DOCUMENT_START: self.document_start,
        }
        event = get_event()
        while event is not None:
            handler = handlers.get(type(event))
            if handler is not None:  # stream and document ends say nothing of the values
                handler(event)
            event = get_event()

    # -- events -----------------------------------------------------------------------------

    def scalar(self, event: Any) -> None:
        mark = self._node_mark(event)
        if self.stack and self.stack[-1].flow:
            self._flow_scalar(self.stack[-1], event)
        path = _child_path(self.stack) if self.located else None
        value = _scalar(event, path, mark, self.result, self.file)
        if isinstance(value, str) and len(value) <= SHARED_TEXT:
            value = sys.intern(value)  # IDs, dates, states: repeated across the strategy
        self._attach(value, mark)

    def open(self, event: Any) -> None:
        """A mapping or a sequence starts: it is built on the stack until its end event."""
        mark = self._node_mark(event)
        _check_tag(event, self.file, mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(finding(
                "SST001", Place(self.file, *mark),
                f"nested more than {MAX_DEPTH} levels deep: flatten the structure"))
        is_map = type(event) is _MAPPING_START
        path = _child_path(self.stack) if self.located else ()
        self.stack.append(_Frame(path, {} if is_map else [], mark, is_map,
                                 bool(is_map and event.flow_style)))

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        self._attach(frame.value, frame.mark)

    def alias(self, event: Any) -> None:
        place = Place(self.file, *self._mark(event))
        raise _Refused(finding(
            "SST001", place, f"a value cannot start with *: quote it (YAML reads "
            f"`*{shorten(event.anchor, 40)}` as an alias, and aliases are not allowed in "
            "strategy files)"))

    def document_start(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused(finding(
                "SST001", Place(self.file, *self._mark(event)),
                "a second YAML document (`---`): keep one document per file"))

    # -- marks --------------------------------------------------------------------------------

    def _mark(self, event: Any) -> Mark:
        start = event.start_mark
        return (start.line + 1 + self.line_offset, start.column + 1)

    def _node_mark(self, event: Any) -> Mark:
        """Where a value starts (_NOWHERE unlocated); an anchor on it is refused there."""
        mark = self._mark(event) if self.located else _NOWHERE
        if event.anchor is not None:
            place = Place(self.file, *self._mark(event))
            if type(event) is _SCALAR:  # `title: &co`: meant as text
                raise _Refused(finding(
                    "SST001", place, f"a value cannot start with &: quote it (YAML reads "
                    f"`&{shorten(event.anchor, 40)}` as an anchor, and anchors and aliases are "
                    "not allowed in strategy files)"))
            raise _Refused(_alias_finding(place))
        return mark

    def _flow_scalar(self, frame: _Frame, event: Any) -> None:
        """`{action: Print 5,000 cards, owner: x}`: YAML reads `000 cards` as a key with no
        value. A plain key with no value right after a plain value is the value's tail: said
        so, and the stray key dropped, rather than "unknown field `000 cards`"."""
        if not frame.is_map:
            return
        plain = event.implicit[0] and not event.style and event.tag in (None, "!")
        if frame.key is None:  # this scalar is a key
            frame.key_event = event if plain else None
            return
        if plain and event.value == "" and event.start_mark.index == event.end_mark.index:
            if frame.split is not None and frame.key_event is not None:
                frame.skip = True
                self._report_split(frame)
            return
        frame.split = event if plain and event.value else None
        frame.split_key = frame.key

    def _report_split(self, frame: _Frame) -> None:
        start, end = frame.split.start_mark, frame.key_event.end_mark
        value = self.text[start.index:end.index]
        where = Place(self.file, start.line + 1 + self.line_offset, start.column + 1)
        message = (f"inside {{ }} a comma ends the value: quote `{shorten(value, 70)}`, "
                   f"as in `{frame.split_key}: {quoted(shorten(value, 70))}`")
        findings = self.result.findings
        # `{action: a, b, c}`: one finding for the value, however many commas split it
        if findings and findings[-1].place == where and findings[-1].code == "SST002":
            findings[-1] = finding("SST002", where, message)
        else:
            findings.append(finding("SST002", where, message))

    # -- a finished value into its parent ---------------------------------------------------

    def _attach(self, value: Any, mark: Mark) -> None:
        if not self.stack:
            self._set_root(value, mark)
            return
        frame = self.stack[-1]
        if not frame.is_map:
            self._append(frame, value, mark)
        elif frame.key is None:
            _take_key(frame, value, mark, self.result, self.file)
        else:
            self._set_value(frame, frame.key, value, mark)

    def _set_root(self, value: Any, mark: Mark) -> None:
        self.result.data = value
        self.seen_root = True
        if self.located:
            self.result.places[()] = mark

    def _append(self, frame: _Frame, value: Any, mark: Mark) -> None:
        sequence: list[Any] = frame.value  # type: ignore[assignment]  # not is_map: a list
        if self.located:
            self.result.places[(*frame.path, len(sequence))] = mark
        sequence.append(value)

    def _set_value(self, frame: _Frame, key: str, value: Any, mark: Mark) -> None:
        if not frame.skip:
            mapping: dict[str, Any] = frame.value  # type: ignore[assignment]  # is_map: a dict
            mapping[key] = value
            if self.located:
                path = (*frame.path, key)
                self.result.places[path] = mark
                if frame.key_mark is not None:
                    self.result.key_places[path] = frame.key_mark
        frame.key, frame.key_mark, frame.skip = None, None, False


def _alias_finding(place: Place) -> Finding:
    return finding(
        "SST001",
        place,
        "YAML anchors and aliases (&name, *name) are not allowed in strategy files: "
        "write the value out",
    )


def _check_tag(event: Any, file: str, mark: Mark) -> None:
    tag = event.tag
    if tag is None or tag == "!" or tag in (_SEQ, _MAP):
        return
    raise _Refused(_tag_finding(tag, Place(file, *mark)))


def _tag_finding(tag: str, place: Place) -> Finding:
    return finding("SST001", place, f"the YAML tag {shorten(tag)} is not allowed: remove it")


def _child_path(stack: list[_Frame]) -> Path:
    if not stack:
        return ()
    frame = stack[-1]
    if not frame.is_map:
        return (*frame.path, len(frame.value))
    if frame.key is None:  # this node is a key
        return (*frame.path, "<key>")
    return (*frame.path, frame.key)


# values are kept while a strategy is published: short texts, the ones that repeat (an owner's
# ID, a date, a status), are one string each, however many files and list items hold them
SHARED_TEXT = 40


def _scalar(event: Any, path: Path | None, mark: Mark, result: YamlValues, file: str) -> Any:
    text = event.value
    if event.tag not in (None, "!"):
        tag = event.tag
        if tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
            raise _Refused(finding(
                "SST001", Place(file, *mark), f"a value cannot start with !: quote it (YAML "
                f"reads {shorten(tag, 40)} as a tag, and tags are not allowed in strategy files)"))
    elif not event.implicit[0]:  # quoted, or `!`
        return text
    elif _RESOLVED_FIRST is not None and text and text[0] not in _RESOLVED_FIRST:
        return text  # most words: text, without running YAML's regular expressions
    else:
        tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    if not event.style and path is not None:  # plain: libyaml says '', pure-Python None
        result.written[path] = text
    node = yaml.ScalarNode(tag, text)
    try:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _constructor.construct_yaml_bool(node)
        if tag == _INT:
            return _constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            number = _constructor.construct_yaml_float(node)
            if math.isnan(number) or math.isinf(number):
                raise _Refused(
                    finding(
                        "SST002",
                        Place(file, *mark),
                        f"{text} is not a usable number: write a finite number",
                    )
                )
            return number
    except (ValueError, ConstructorError):
        raise _Refused(
            finding("SST002", Place(file, *mark),
                    f"{shorten(text, 30)} is not a usable number: write a number "
                    "with at most 4300 digits, or quote it if it is text")
        ) from None
    # timestamps stay text: a date reads the same quoted or not, and the schema checks it
    return text


def _take_key(frame: _Frame, key: Any, mark: Mark, result: YamlValues, file: str) -> None:
    if not isinstance(key, str):
        written = result.written.pop((*frame.path, "<key>"), None)
        place = Place(file, *mark)
        shown = written if written is not None else shorten(key)
        raise _Refused(
            finding(
                "SST002",
                place,
                f"the key {shown} is not text (YAML reads it as "
                f"{_TYPE_WORDS.get(type(key), 'a value')}): use a field name, or quote it",
            )
        )
    key = sys.intern(key)  # one string per field name, however many files repeat it
    frame.key, frame.key_mark = key, mark
    if key in frame.value:  # type: ignore[operator]
        place = Place(file, *mark)
        first = result.key_places.get((*frame.path, key))
        where = f" (first at line {first[0]})" if first else ""
        result.findings.append(
            finding("SST008", place, f"the key `{shorten(key)}` appears twice{where}: keep one")
        )
        frame.skip = True
