"""Which kinds each reference field of each file kind names, found by asking the model itself.

The rules (SST005/SST006) learn a field's kinds from `Entity.references()`; an editor's completion
must offer the same IDs. Rather than a second table that could drift, every kind's schema is
filled with a sample value in each field, built into an entity by the model's own builder, and
the references it reports are read back: `("actions", "*", "owner") → {"person", "team"}`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from ..read.load import Document
from ..read.schema import schema_for
from .model import _ENTITY_BUILDERS, Entity, Strategy, _people, _strategy

# a list index in a field path: any item of the list
ANY_ITEM = "*"
FieldPath = tuple[str, ...]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _sample(schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """A value of every field the schema allows, each list with one item: what the builders read."""
    schema = _resolve(schema, root)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: _sample(sub, root) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_sample(schema.get("items", {}), root)]
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2000-01-01"
    return "sample"


def _probe(kind: str) -> Iterator[Entity | Strategy]:
    schema = schema_for(kind)
    document = Document(kind=kind, id="sample", file=f"{kind}.yaml",
                        data=_sample(schema, schema), valid=True)
    if kind == "people":
        yield from _people(document)
    elif kind == "strategy":  # its scenarios' trigger KPIs
        yield _strategy(document)
    elif kind in _ENTITY_BUILDERS:
        yield _ENTITY_BUILDERS[kind](document)


@cache
def reference_fields() -> Mapping[str, Mapping[FieldPath, frozenset[str]]]:
    """file kind → field path (list indexes as `*`) → the entity kinds that field may name."""
    found: dict[str, dict[FieldPath, frozenset[str]]] = {}
    for kind in ("strategy", "people", *_ENTITY_BUILDERS):
        fields: dict[FieldPath, frozenset[str]] = {}
        for entity in _probe(kind):
            prefix = entity.source.prefix
            for ref in entity.references():
                path = tuple(ANY_ITEM if isinstance(part, int) else part
                             for part in (*prefix, *ref.path))
                fields[path] = fields.get(path, frozenset()) | ref.kinds
        found[kind] = fields
    return MappingProxyType({k: MappingProxyType(v) for k, v in found.items()})
