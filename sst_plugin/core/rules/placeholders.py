"""Placeholders: SST033, a required text that still holds TODO, TBD, XXX, ???, lorem ipsum or
`...` (spec §8)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from ..read.schema import schema_for
from .registry import Context, Report, rule
from .texts import FieldPath, field_name, values_at

# upper case only: `todo` is Spanish for "all"; `...` only as a word of its own, not `and so on...`
PLACEHOLDER = re.compile(
    r"\b(?:TODO|TBD|X{3,})\b|\?{3,}|(?i:lorem ipsum)|(?<![\w.…])(?:\.{3}|…)(?![\w.…])")
# the action plan's "how we know": optional in the schema, but the method asks it of every action
ALSO_CHECKED: Mapping[str, tuple[tuple[str, ...], ...]] = {"tactic": (("actions", "*", "measure"),)}
KINDS = ("strategy", "people", "goal", "kpi", "path", "battle", "tactic", "risk")


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _is_text(schema: dict[str, Any]) -> bool:
    """Free text: a string that is no ID, date, enum or code (those have their own checks)."""
    return (schema.get("type") == "string"
            and not {"enum", "pattern", "format", "const"} & set(schema))


def _required_texts(schema: dict[str, Any], root: dict[str, Any],
                    at: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The field paths of the texts an object requires, at any depth (lists as `*`)."""
    schema = _resolve(schema, root)
    properties = schema.get("properties", {})
    for name in schema.get("required", ()):
        field = _resolve(properties.get(name, {}), root)
        path = (*at, name)
        if _is_text(field):
            yield path
        elif field.get("type") == "array":
            items = _resolve(field.get("items", {}), root)
            if _is_text(items):
                yield (*path, "*")
    # optional objects and lists still require their own fields when they are written
    for name, field in properties.items():
        field = _resolve(field, root)
        if field.get("type") == "object":
            yield from _required_texts(field, root, (*at, name))
        elif field.get("type") == "array":
            items = _resolve(field.get("items", {}), root)
            if items.get("type") == "object":
                yield from _required_texts(items, root, (*at, name, "*"))


@cache
def required_texts() -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """File kind → the paths of its required texts, read from its schema."""
    found = {}
    for kind in KINDS:
        schema = schema_for(kind)
        paths = dict.fromkeys([*_required_texts(schema, schema), *ALSO_CHECKED.get(kind, ())])
        found[kind] = tuple(paths)
    return MappingProxyType(found)


def placeholder_in(text: str) -> str | None:
    """The placeholder a text holds, as written, or None."""
    match = PLACEHOLDER.search(text)
    return match.group() if match else None


@rule("SST033", "placeholder-text", "warning", "a required text still holds a placeholder")
def placeholder_texts(context: Context) -> Iterator[Report]:
    """## What it finds

    A required text (a `title`, a battle's `objective` and `significance`, a tactic's
    `win_criteria`, an action's `action` and `measure`, a risk's `mitigation`, the
    positioning's sentences...: the required text fields of each kind, read from the schemas)
    that still holds a placeholder: `TODO`, `TBD`, `XXX`, `???`, `lorem ipsum`, or `...` as
    the whole value or a word of its own. `TODO`, `TBD` and `XXX` count in capitals only, and
    `...` at the end of a word (`and so on...`) is ordinary writing.

    ## Why it matters

    A placeholder passes every other check: the schema sees a text, and the site publishes
    "TODO" as the criteria by which a tactic is judged. Starters and quick drafts leave them
    behind; this finds them before the team reads them as the plan.

    ## Example

    Fails:

    ```yaml
    # strategy/tactics/tastings.yaml
    win_criteria: TODO
    ```

    Fixed:

    ```yaml
    # strategy/tactics/tastings.yaml
    win_criteria: One in five tasters buys a loaf within a week
    ```

    ## How to fix

    Write the real text in the field the message names. If it is not decided yet, say what is
    known ("Criteria agreed at the 3 March review") rather than a placeholder.
    """
    texts = required_texts()
    for document in sorted(context.documents, key=lambda d: d.file):
        if not isinstance(document.data, dict):
            continue
        for field_path in texts.get(document.kind, ()):
            for path, value in values_at(document.data, field_path):
                if not isinstance(value, str):
                    continue
                found = placeholder_in(value)
                if found is not None:
                    yield Report(document.place(*path),
                                 f"`{_name(path)}` still holds a placeholder ({found}): write "
                                 "the real text")


def _name(path: FieldPath) -> str:
    return field_name(path)
