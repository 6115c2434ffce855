"""JSON Schema validation of documents, with every error mapped back to its place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:  # jsonschema is imported when a file is invalid: 50 ms every run otherwise
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

from ..findings import Finding, Place, did_you_mean, finding, shorten
from .load import Document
from .yaml_values import field_name

KINDS = ("strategy", "people", "goal", "kpi", "path", "battle", "tactic", "risk", "retro")

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$"  # the schemas' pattern of an ID
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPE_NAMES = {
    "string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "array": "a list", "object": "fields (`name: value`)", "null": "nothing",
}


def schema_dir() -> FsPath:
    """The schemas: inside the installed package, or the repository's own `schemas/`."""
    package = FsPath(__file__).resolve().parents[2]  # sst_plugin/, from core/read/
    installed = package / "schemas"
    return installed if installed.is_dir() else package.parent / "schemas"


@cache
def schema_for(kind: str) -> dict[str, Any]:
    with (schema_dir() / f"{kind}.schema.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def _is_date(value: object) -> bool:
    # strict: four-digit ASCII year, a real calendar day, nothing after it (not even "\n")
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    date.fromisoformat(value)
    return True


@cache
def fast_check_for(kind: str) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema: ten times faster on valid files.

    It only answers valid or not; jsonschema then explains an invalid file field by field.
    Both are held to agree by a property test (tests/test_properties.py).
    """
    return fastjsonschema.compile(schema_for(kind), formats={"date": _is_date_strict})


def _is_date_strict(value: object) -> bool:
    try:
        return _is_date(value)
    except ValueError:
        return False


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    return checker


@cache
def validator_for(kind: str) -> Draft202012Validator:
    """One compiled validator per kind, reused for every file."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_for(kind), format_checker=_format_checker())


def validate(document: Document) -> list[Finding]:
    """Schema findings for one readable document (SST002)."""
    assert document.data is not None
    try:
        fast_check_for(document.kind)(document.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    findings: list[Finding] = []
    for error in validator_for(document.kind).iter_errors(document.data):
        findings.extend(_explain(error, document))
    return findings


def _explain(error: ValidationError, document: Document) -> list[Finding]:
    """The findings one schema error means, in words: each keyword has its explanation."""
    invalid = _Invalid.of(error, document)
    return _EXPLANATIONS.get(invalid.keyword, _other)(invalid)


@dataclass(frozen=True)
class _Invalid:
    """One schema error, with what every explanation reads."""

    document: Document
    path: tuple[str | int, ...]
    keyword: str
    expected: Any  # the keyword's value in the schema: the enum, the bound, the pattern...
    instance: Any  # the value as written
    schema: Mapping[str, Any]  # the schema of the value
    message: str  # jsonschema's own, for keywords we do not explain

    @classmethod
    def of(cls, error: ValidationError, document: Document) -> _Invalid:
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        return cls(document, tuple(error.absolute_path), str(error.validator),
                   error.validator_value, error.instance, schema, error.message)

    @property
    def field(self) -> str:
        return field_name(self.path)

    @property
    def subject(self) -> str:
        return f"`{self.field}`" if self.field else "the file"

    @property
    def within(self) -> str:
        return f" in {self.field}" if self.field else ""

    def found(self, message: str) -> list[Finding]:
        return [finding("SST002", self.document.place(*self.path), message)]


def _required(invalid: _Invalid) -> list[Finding]:
    missing = re.search(r"'([^']+)' is a required property", invalid.message)
    name = missing.group(1) if missing else "?"
    place = invalid.document.key_place(*invalid.path) if invalid.path \
        else Place(invalid.document.file, 1, 1)
    return [finding("SST002", place, f"missing required field `{name}`{invalid.within}: add it")]


def _unknown_fields(invalid: _Invalid) -> list[Finding]:
    allowed = list(invalid.schema.get("properties", {}))
    found = []
    for key in sorted(set(invalid.instance) - set(allowed)):
        hint = did_you_mean(key, allowed) or "allowed fields: " + ", ".join(allowed)
        found.append(finding("SST002", invalid.document.key_place(*invalid.path, key),
                             f"unknown field `{shorten(key)}`{invalid.within}: {hint}"))
    return found


def _wrong_type(invalid: _Invalid) -> list[Finding]:
    expected = invalid.expected if isinstance(invalid.expected, list) else [invalid.expected]
    wanted = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
    described = _describe(invalid.instance)
    message = f"{invalid.subject} must be {wanted}, not {described}"
    written = invalid.document.written.get(invalid.path)
    if written is not None and "string" in expected:
        message += f": YAML reads the unquoted {written} as {described}; quote it: \"{written}\""
    return invalid.found(message)


def _not_an_option(invalid: _Invalid) -> list[Finding]:
    options = [str(v) for v in invalid.expected]
    hint = did_you_mean(str(invalid.instance), options)
    message = (f"{invalid.subject} must be one of {', '.join(options)}, "
               f"not {_describe(invalid.instance)}")
    return invalid.found(message + (f": {hint}" if hint else ""))


def _not_a_date(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject} must be a real date written YYYY-MM-DD, "
                         f"not {_describe(invalid.instance)}")


def _pattern(invalid: _Invalid) -> list[Finding]:
    """A date's pattern, an ID's, or another one (a currency code) that its description names."""
    description = invalid.schema.get("description")
    if invalid.schema.get("format") == "date":
        if not _is_date_strict(invalid.instance):
            return []  # not a real date: the format finding says so, once
        return _must_be(invalid, str(description or "a date").rstrip("."))
    if invalid.expected != ID_PATTERN and description:
        return _must_be(invalid, str(description).split(".")[0])
    return invalid.found(f"{invalid.subject} must be an ID (lower-case words joined by hyphens, "
                         f"like north-shop), not {_describe(invalid.instance)}")


def _must_be(invalid: _Invalid, wanted: str) -> list[Finding]:
    """`X must be <what a description says>, not Y`."""
    return invalid.found(f"{invalid.subject} must be {wanted[:1].lower()}{wanted[1:]}, "
                         f"not {_describe(invalid.instance)}")


def _out_of_bounds(invalid: _Invalid) -> list[Finding]:
    bound = "at least" if invalid.keyword == "minimum" else "at most"
    return invalid.found(f"{invalid.subject} must be {bound} {invalid.expected}, "
                         f"not {_describe(invalid.instance)}")


def _too_few_items(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject} must list at least {invalid.expected} item(s)")


def _empty(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject} must not be empty: write the text")


def _too_long(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject} is too long: at most {invalid.expected} characters")


def _repeated(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject} lists the same item twice: remove one")


def _exactly_one(invalid: _Invalid) -> list[Finding]:
    """A `oneOf` of required fields (a scenario's trigger: `above` or `below`), in words."""
    options = [name for branch in invalid.expected for name in branch.get("required", ())]
    if not options or not isinstance(invalid.instance, Mapping):
        return _other(invalid)
    named = " or ".join(f"`{name}`" for name in options)
    written = [name for name in options if name in invalid.instance]
    if written:
        fix = f"{' and '.join(f'`{name}`' for name in written)} are written: keep one"
    else:
        fix = f"add `{options[0]}: NUMBER` or `{options[-1]}: NUMBER`" if len(options) == 2 \
            else f"add one of {named}"
    return invalid.found(f"{invalid.subject} must have exactly one of {named}: {fix}")


def _other(invalid: _Invalid) -> list[Finding]:
    return invalid.found(f"{invalid.subject}: {shorten(invalid.message, 120)}")


# schema keyword → its explanation; any other keyword gets jsonschema's message (_other)
_EXPLANATIONS: dict[str, Callable[[_Invalid], list[Finding]]] = {
    "required": _required, "additionalProperties": _unknown_fields, "type": _wrong_type,
    "enum": _not_an_option, "format": _not_a_date, "pattern": _pattern,
    "minimum": _out_of_bounds, "maximum": _out_of_bounds, "minItems": _too_few_items,
    "minLength": _empty, "maxLength": _too_long, "uniqueItems": _repeated,
    "oneOf": _exactly_one,
}


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"\"{shorten(value)}\""
    if isinstance(value, list):
        return "a list"
    return "a set of fields"
