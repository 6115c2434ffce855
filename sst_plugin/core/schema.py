"""JSON Schema validation of documents, with every error mapped back to its place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:  # jsonschema is imported when a file is invalid: 50 ms every run otherwise
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

from .findings import Finding, Place, did_you_mean, finding, shorten
from .load import Document

KINDS = ("strategy", "people", "goal", "kpi", "path", "battle", "tactic", "risk")

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$"  # the schemas' pattern of an ID
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPE_NAMES = {
    "string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "array": "a list", "object": "fields (`name: value`)", "null": "nothing",
}


def schema_dir() -> FsPath:
    """The schemas: inside the installed package, or the repository's own `schemas/`."""
    package = FsPath(__file__).resolve().parent.parent
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
    path = tuple(error.absolute_path)
    field = _field_name(path)
    keyword = error.validator
    instance = error.instance
    if keyword == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        where = f" in {field}" if field else ""
        place = document.key_place(*path) if path else Place(document.file, 1, 1)
        return [finding("SST002", place, f"missing required field `{name}`{where}: add it")]
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        found = []
        for key in sorted(set(instance) - set(allowed)):
            hint = did_you_mean(key, allowed) or "allowed fields: " + ", ".join(allowed)
            where = f" in {field}" if field else ""
            found.append(finding("SST002", document.key_place(*path, key),
                                 f"unknown field `{shorten(key)}`{where}: {hint}"))
        return found
    place = document.place(*path)
    subject = f"`{field}`" if field else "the file"
    if keyword == "type":
        expected = error.validator_value
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in (
            expected if isinstance(expected, list) else [expected]))
        message = f"{subject} must be {wanted}, not {_describe(instance)}"
        written = document.written.get(path)
        if written is not None and "string" in expected:
            message += f": YAML reads the unquoted {written} as {_describe(instance)}; " \
                       f"quote it: \"{written}\""
        return [finding("SST002", place, message)]
    if keyword == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        hint = did_you_mean(str(instance), [str(v) for v in error.validator_value])
        message = f"{subject} must be one of {options}, not {_describe(instance)}"
        return [finding("SST002", place, message + (f": {hint}" if hint else ""))]
    if keyword == "format":
        return [finding("SST002", place,
                        f"{subject} must be a real date written YYYY-MM-DD, "
                        f"not {_describe(instance)}")]
    if keyword == "pattern" and error.schema.get("format") == "date":
        if not _is_date_strict(instance):
            return []  # not a real date: the format finding says so, once
        wanted = str(error.schema.get("description", "a date")).rstrip(".")
        return [finding("SST002", place, f"{subject} must be {wanted[:1].lower()}{wanted[1:]}, "
                                         f"not {_describe(instance)}")]
    described = error.schema.get("description") if isinstance(error.schema, dict) else None
    if keyword == "pattern" and error.validator_value != ID_PATTERN and described:
        # a pattern that is not an ID's (a currency code): its description says what to write
        wanted = str(described).split(".")[0]
        return [finding("SST002", place, f"{subject} must be {wanted[:1].lower()}{wanted[1:]}, "
                                         f"not {_describe(instance)}")]
    if keyword == "pattern":
        return [finding("SST002", place,
                        f"{subject} must be an ID (lower-case words joined by hyphens, "
                        f"like north-shop), not {_describe(instance)}")]
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return [finding("SST002", place,
                        f"{subject} must be {bound} {error.validator_value}, "
                        f"not {_describe(instance)}")]
    if keyword == "minItems":
        return [finding("SST002", place,
                        f"{subject} must list at least {error.validator_value} item(s)")]
    if keyword == "minLength":
        return [finding("SST002", place, f"{subject} must not be empty: write the text")]
    if keyword == "maxLength":
        return [finding("SST002", place,
                        f"{subject} is too long: at most {error.validator_value} characters")]
    if keyword == "uniqueItems":
        return [finding("SST002", place, f"{subject} lists the same item twice: remove one")]
    return [finding("SST002", place, f"{subject}: {shorten(error.message, 120)}")]


def _field_name(path: tuple[str | int, ...]) -> str:
    """`measurements[3].value`: a path as a person writes it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
