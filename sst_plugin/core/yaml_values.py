"""YAML text → plain values, with the line and column of every key and value.

Built on PyYAML's event stream (libyaml when present) with our own iterative composer, so that
nothing here recurses, aliases are refused before anything can expand them, duplicate keys are
seen, and every scalar keeps the text it was written as (for "quote it" hints).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from .findings import Finding, Place, finding, shorten

Path = tuple[str | int, ...]

MAX_DEPTH = 40
_TYPE_WORDS = {bool: "true or false", int: "a number", float: "a number", type(None): "empty",
               dict: "fields", list: "a list"}

_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = SafeConstructor()
_resolver = Resolver()

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


@dataclass
class YamlValues:
    """The values of one YAML document and where each one stands."""

    data: Any = None
    places: dict[Path, Place] = field(default_factory=dict)
    key_places: dict[Path, Place] = field(default_factory=dict)
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


@dataclass
class _Frame:
    path: Path
    value: dict[str, Any] | list[Any]
    place: Place
    key: str | int | None = None  # the key waiting for its value (mappings only)
    key_place: Place | None = None
    skip: bool = False  # the pending value belongs to a rejected key


def read_yaml(text: str, file: str, line_offset: int = 0) -> YamlValues:
    """Read one YAML document. `line_offset` shifts lines (front matter starts below `---`)."""
    result = YamlValues()

    def place_of(mark: Any) -> Place:
        return Place(file, mark.line + 1 + line_offset, mark.column + 1)

    try:
        _compose(text, result, place_of)
    except _Refused as refused:
        result.data = None
        result.findings.append(refused.finding)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = place_of(mark) if mark else Place(file)
        problem = error.problem or error.context or "syntax error"
        result.data = None
        result.findings.append(finding("SST001", place, f"YAML syntax error: {problem}"))
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        result.data = None
        position = getattr(error, "position", None)
        place = Place(file) if position is None else _place_at(text, position, file, line_offset)
        result.findings.append(
            finding("SST001", place, f"unreadable character: {getattr(error, 'reason', error)}")
        )
    return result


def _place_at(text: str, index: int, file: str, line_offset: int) -> Place:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Place(file, line + line_offset, column)


def _compose(text: str, result: YamlValues, place_of: Any) -> None:
    stack: list[_Frame] = []
    documents = 0
    seen_root = False
    loader = _EventLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(
                        finding(
                            "SST001",
                            place_of(event.start_mark),
                            "a second YAML document (`---`): keep one document per file",
                        )
                    )
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused(_alias_finding(place_of(event.start_mark)))
            elif isinstance(event, _NODE_EVENTS):
                place = place_of(event.start_mark)
                if event.anchor is not None:
                    raise _Refused(_alias_finding(place))
                if isinstance(event, yaml.ScalarEvent):
                    path = _child_path(stack)
                    value = _scalar(event, path, place, result)
                    seen_root = _attach(stack, value, place, result) or seen_root
                else:
                    _check_tag(event, place)
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(
                            finding(
                                "SST001",
                                place,
                                f"nested more than {MAX_DEPTH} levels deep: flatten the structure",
                            )
                        )
                    path = _child_path(stack)
                    container: dict[str, Any] | list[Any] = (
                        {} if isinstance(event, yaml.MappingStartEvent) else []
                    )
                    stack.append(_Frame(path, container, place))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                seen_root = _attach(stack, frame.value, frame.place, result) or seen_root
    finally:
        loader.dispose()
    if not seen_root:
        result.data = None


def _alias_finding(place: Place) -> Finding:
    return finding(
        "SST001",
        place,
        "YAML anchors and aliases (&name, *name) are not allowed in strategy files: "
        "write the value out",
    )


def _check_tag(event: Any, place: Place) -> None:
    tag = event.tag
    if tag is None or tag == "!" or tag in (_SEQ, _MAP):
        return
    raise _Refused(_tag_finding(tag, place))


def _tag_finding(tag: str, place: Place) -> Finding:
    return finding("SST001", place, f"the YAML tag {shorten(tag)} is not allowed: remove it")


def _child_path(stack: list[_Frame]) -> Path:
    if not stack:
        return ()
    frame = stack[-1]
    if isinstance(frame.value, list):
        return (*frame.path, len(frame.value))
    if frame.key is None:  # this node is a key
        return (*frame.path, "<key>")
    return (*frame.path, frame.key)


def _scalar(event: Any, path: Path, place: Place, result: YamlValues) -> Any:
    text = event.value
    if event.tag not in (None, "!"):
        tag = event.tag
        if tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
            raise _Refused(_tag_finding(tag, place))
    elif event.implicit[0]:
        tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    else:  # quoted, or `!`
        tag = _STR
    if tag == _STR:
        return text
    if not event.style:  # plain: libyaml says '', the pure-Python parser None
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
                        place,
                        f"{text} is not a usable number: write a finite number",
                    )
                )
            return number
    except (ValueError, ConstructorError):
        raise _Refused(
            finding("SST002", place, f"{shorten(text, 30)} is not a usable number: write a number "
                    "with at most 4300 digits, or quote it if it is text")
        ) from None
    # timestamps stay text: a date reads the same quoted or not, and the schema checks it
    return text


def _attach(stack: list[_Frame], value: Any, place: Place, result: YamlValues) -> bool:
    """Put a finished value into its parent; True when it was the document's root."""
    if not stack:
        result.data = value
        result.places[()] = place
        return True
    frame = stack[-1]
    if isinstance(frame.value, list):
        path = (*frame.path, len(frame.value))
        frame.value.append(value)
        result.places[path] = place
        return False
    if frame.key is None:
        _take_key(frame, value, place, result)
        return False
    path = (*frame.path, frame.key)
    if not frame.skip:
        frame.value[frame.key] = value
        result.places[path] = place
        if frame.key_place is not None:
            result.key_places[path] = frame.key_place
    frame.key, frame.key_place, frame.skip = None, None, False
    return False


def _take_key(frame: _Frame, key: Any, place: Place, result: YamlValues) -> None:
    key_path = (*frame.path, "<key>")
    written = result.written.pop(key_path, None)
    assert isinstance(frame.value, dict)
    if not isinstance(key, str):
        shown = written if written is not None else shorten(key)
        raise _Refused(
            finding(
                "SST002",
                place,
                f"the key {shown} is not text (YAML reads it as "
                f"{_TYPE_WORDS.get(type(key), 'a value')}): use a field name, or quote it",
            )
        )
    frame.key, frame.key_place = key, place
    if key in frame.value:
        first = result.key_places.get((*frame.path, key))
        where = f" (first at line {first.line})" if first and first.line else ""
        result.findings.append(
            finding("SST008", place, f"the key `{shorten(key)}` appears twice{where}: keep one")
        )
        frame.skip = True
