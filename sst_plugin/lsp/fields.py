"""The schema at a field path: which fields may stand there, which values a field takes.

The schemas are the single source of truth for fields (schemas/*.schema.json); which kinds a
reference field names comes from the model (core/model/reference_fields.py), as for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.model.reference_fields import ANY_ITEM, reference_fields
from ..core.read.load import KIND_FOLDERS, SINGLE_FILES
from ..core.read.schema import schema_for


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    description: str
    required: bool


def kind_of_file(under_strategy: str) -> str | None:
    """The kind a file holds, by its path under the strategy folder (`goals/x.md` → goal)."""
    folder, slash, rest = under_strategy.partition("/")
    if not slash:
        return SINGLE_FILES.get(folder)
    return KIND_FOLDERS.get(folder) if rest.endswith((".yaml", ".yml", ".md")) else None


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def schema_at(kind: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    """The (resolved) schema of the value at a field path, None where the schema has no such."""
    root = schema_for(kind)
    schema = _resolve(root, root)
    for segment in path:
        if segment == ANY_ITEM:
            if schema.get("type") != "array":
                return None
            schema = schema.get("items", {})
        else:
            found = schema.get("properties", {}).get(segment)
            if found is None:
                return None
            schema = found
        schema = _resolve(schema, root)
    return schema


def fields_at(kind: str, path: tuple[str, ...]) -> list[Field]:
    """The fields a mapping at this path may hold, required ones first."""
    schema = schema_at(kind, path)
    if schema is None or schema.get("type") != "object":
        return []
    required = set(schema.get("required", ()))
    found = [Field(name, str(sub.get("title", name)), str(sub.get("description", "")),
                   name in required)
             for name, sub in schema.get("properties", {}).items()]
    return sorted(found, key=lambda f: not f.required)


def holds_mappings(kind: str, path: tuple[str, ...]) -> bool:
    schema = schema_at(kind, path)
    return schema is not None and schema.get("type") == "object"


def enum_at(kind: str, path: tuple[str, ...]) -> list[str]:
    """The values the schema lists for this field (true and false for a yes/no)."""
    schema = schema_at(kind, path)
    if schema is None:
        return []
    if "enum" in schema:
        return [str(value) for value in schema["enum"]]
    if schema.get("type") == "boolean":
        return ["true", "false"]
    return []


def reference_kinds(kind: str, path: tuple[str, ...]) -> frozenset[str]:
    """The entity kinds the field at this path names: empty when it is no reference."""
    return reference_fields().get(kind, {}).get(path, frozenset())


def describe_field(kind: str, path: tuple[str, ...]) -> str | None:
    """Markdown for a hover on a field's name: its title, what it holds, what it takes."""
    schema = schema_at(kind, path)
    if schema is None:
        return None
    parent = schema_at(kind, path[:-1]) or {}
    required = path[-1] in parent.get("required", ())
    lines = [f"**{schema.get('title', path[-1])}** (`{path[-1]}`"
             f"{', required' if required else ''})"]
    if schema.get("description"):
        lines += ["", str(schema["description"])]
    kinds, each = reference_kinds(kind, path), ""
    if not kinds:
        kinds, each = reference_kinds(kind, (*path, ANY_ITEM)), "each "
    if kinds:
        lines += ["", f"{each or 'the '}ID of " + " or ".join(f"a {k}" for k in sorted(kinds))]
    values = enum_at(kind, path)
    if values:
        lines += ["", "one of: " + ", ".join(f"`{v}`" for v in values)]
    return "\n".join(lines)

