"""Per-repository JSON Schemas for editors: the package's schemas with each reference field
enumerating this strategy's IDs (`owner` → people and teams, `kpi` → KPIs, `goals` → goals...),
so that the standard YAML language server completes and checks IDs with nothing else installed.

Written by `sst init` and `sst check --write-schemas` into `.sst/schemas/`, which the files'
modelines and `.vscode/settings.json` point at. They go stale when an ID is added or renamed:
the strategy workflow warns then, and the same command writes them again.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ..model.model import Model
from ..model.reference_fields import ANY_ITEM, reference_fields
from ..read.atomic import WouldOverwrite, replace_file, write_new
from ..read.config import Settings
from ..read.load import KIND_FOLDERS
from ..read.schema import schema_dir
from ..rules.check import check_tree

SCHEMA_FOLDER = ".sst/schemas"  # relative to the repository, committed with it
# kind → the file, or the folder, of the strategy it describes
FILE_KINDS = ("strategy", "people")
FOLDER_OF_KIND = {kind: folder for folder, kind in KIND_FOLDERS.items()}
SCHEMA_KINDS = (*FILE_KINDS, *FOLDER_OF_KIND)
GENERATED = ("Written by `sst check --write-schemas` from SST's schema and this strategy's IDs: "
             "write it again after adding or renaming an ID; never edited by hand.")


def schema_name(kind: str) -> str:
    return f"{kind}.schema.json"


def repository_schemas(model: Model) -> dict[str, str]:
    """File name → JSON text of every kind's schema, its reference fields listing the IDs."""
    ids_by_kind: dict[str, list[str]] = {}
    for entity in model.entities.values():
        ids_by_kind.setdefault(entity.kind, []).append(entity.id)
    for entity_id, kind in model.unreadable.items():  # a file still being written names an ID
        ids_by_kind.setdefault(kind, []).append(entity_id)
    titles = {entity.id: entity.title for entity in model.entities.values()}
    audiences = list(model.strategy.audiences) if model.strategy else []
    fields = reference_fields()
    texts = {}
    for kind in SCHEMA_KINDS:
        # read afresh: the loader's cached copy is rewritten in place by fastjsonschema
        # (its `$ref`s made absolute), which an editor could not follow
        schema = json.loads((schema_dir() / schema_name(kind)).read_text(encoding="utf-8"))
        schema.pop("$id", None)  # not the package's schema any more: no shared identity
        schema["$comment"] = GENERATED
        for path, kinds in fields.get(kind, {}).items():
            ids = sorted(i for k in kinds for i in ids_by_kind.get(k, ()))
            if ids:  # an empty enum would refuse every value, even the right one
                _enumerate(schema, path, ids, [titles.get(i, i) for i in ids])
        if audiences and "visibility" in schema.get("$defs", {}):  # every `visibility` field
            schema["$defs"]["visibility"]["enum"] = sorted(audiences)
        texts[schema_name(kind)] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def _enumerate(schema: dict[str, Any], path: tuple[str, ...], values: list[str],
               descriptions: list[str]) -> None:
    """Give the field at PATH (properties by name, list items as `*`) an enum of VALUES,
    inlining every `$ref` on the way so that no shared definition is changed."""
    node = schema
    for part in path:
        parent, key = (node, "items") if part == ANY_ITEM else (node["properties"], part)
        parent[key] = _inlined(parent[key], schema)
        node = parent[key]
    node["enum"] = values
    node["enumDescriptions"] = descriptions  # the titles, shown beside each completion


def _inlined(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """NODE with its `$ref` chain replaced by the definitions it names (its own keys win)."""
    node = copy.deepcopy(node)
    while "$ref" in node:
        name = node.pop("$ref").rsplit("/", 1)[-1]
        node = {**copy.deepcopy(root["$defs"][name]), **node}
    return node


def write_schemas(folder: Path, model: Model) -> list[tuple[Path, str]]:
    """Write the schemas into FOLDER; each file changed, with `wrote` or `updated`."""
    changed = []
    for name, text in repository_schemas(model).items():
        path = folder / name
        if not path.is_file():
            write_new(path, text)
            changed.append((path, "wrote"))
        elif path.read_text(encoding="utf-8") != text:
            replace_file(path, text)
            changed.append((path, "updated"))
    return changed


def add_schemas(root: Path, settings: Settings) -> tuple[list[str], list[str]]:
    """The schemas of ROOT's strategy written into ROOT/.sst/schemas, those that exist left as
    they are (`sst init`): the names added, and those left."""
    model = check_tree(root, settings).model
    added, left = [], []
    for name, text in repository_schemas(model).items():
        path = f"{SCHEMA_FOLDER}/{name}"
        try:
            write_new(root / path, text)
            added.append(path)
        except WouldOverwrite:
            left.append(path)
    return added, left


def schema_globs(strategy_dir: str) -> dict[str, list[str]]:
    """Kind → the repository's files that kind's schema describes (VS Code's yaml.schemas)."""
    globs = {kind: [f"{strategy_dir}/{kind}.yaml"] for kind in FILE_KINDS}
    for kind, folder in FOLDER_OF_KIND.items():
        globs[kind] = [f"{strategy_dir}/{folder}/**/*.yaml", f"{strategy_dir}/{folder}/**/*.yml"]
    return globs


def vscode_files(strategy_dir: str = "strategy", folder: str = SCHEMA_FOLDER) -> dict[str, str]:
    """`.vscode/settings.json` (each schema mapped to its files) and `.vscode/extensions.json`
    (Red Hat's YAML extension, which reads them)."""
    settings = {"yaml.schemas": {f"{folder}/{schema_name(kind)}": globs
                                 for kind, globs in schema_globs(strategy_dir).items()}}
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    return {".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
            ".vscode/extensions.json": json.dumps(extensions, indent=2) + "\n"}
