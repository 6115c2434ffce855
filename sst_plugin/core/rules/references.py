"""Identity and references: SST003 duplicate IDs, SST004 invalid IDs, SST005/006 references,
SST007 `[[id]]` links."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import partial

from ..findings import Finding, Place, did_you_mean, finding
from ..ids import MAX_ID_LENGTH, is_valid_id, slug
from ..links import find_wikilinks
from ..load import listed_people
from ..model import Model, Ref
from .registry import Context, rule
from .texts import field_name, text_values

KIND_NAMES = {
    "goal": "a goal", "kpi": "a KPI", "path": "a path", "battle": "a battle", "tactic": "a tactic",
    "risk": "a risk", "person": "a person", "team": "a team",
}


def same_id(entity_id: str) -> str:
    """IDs that differ only by case or Unicode normalisation are one ID to a reader."""
    return unicodedata.normalize("NFKC", entity_id).casefold()


@rule("SST003")
def duplicate_ids(context: Context) -> Iterator[Finding]:
    first_seen: dict[str, tuple[Callable[[], Place], str]] = {}
    for entity_id, where, kind in _declared_ids(context):
        key = same_id(entity_id)
        if key in first_seen:
            other, other_kind = first_seen[key]
            yield finding(
                "SST003", where(),
                f"the ID `{entity_id}` ({kind}) is already used by {other()} ({other_kind}): "
                "IDs are unique across the strategy, rename one",
            )
        else:
            first_seen[key] = (where, kind)


def _declared_ids(context: Context) -> Iterator[tuple[str, Callable[[], Place], str]]:
    """Each ID with where it is declared, worked out only if a finding needs it."""
    for document in sorted(context.documents, key=lambda d: d.file):
        if document.kind == "people":
            for kind, (group, index), item in listed_people(document):
                yield item["id"], partial(document.place, group, index, "id"), kind
        elif document.kind != "strategy":
            yield document.id, partial(Place, document.file), document.kind


@rule("SST004")
def invalid_ids(context: Context) -> Iterator[Finding]:
    for document in context.documents:
        if document.kind in ("strategy", "people") or is_valid_id(document.id):
            continue
        suggestion = slug(document.id)
        suffix = document.file.rsplit(".", 1)[-1]
        hint = f"rename the file to {suggestion}.{suffix}" if suggestion else "rename the file"
        yield finding(
            "SST004", Place(document.file),
            f"the ID `{document.id}` (the file name) must be lower-case letters and digits in "
            f"words joined by single hyphens, at most {MAX_ID_LENGTH} characters: {hint}",
        )


@rule("SST005")
def unknown_references(context: Context) -> Iterator[Finding]:
    model = context.model
    for entity, ref in model.iter_references():
        if model.kind_of(ref.target) is None:
            yield finding("SST005", entity.source.place(*ref.path),
                          f"`{_field(ref)}` names `{ref.target}`, which does not exist: "
                          + _suggest(model, ref))


@rule("SST006")
def wrong_kind_references(context: Context) -> Iterator[Finding]:
    model = context.model
    for entity, ref in model.iter_references():
        kind = model.kind_of(ref.target)
        if kind is not None and kind not in ref.kinds:
            wanted = " or ".join(KIND_NAMES[k] for k in sorted(ref.kinds))
            yield finding("SST006", entity.source.place(*ref.path),
                          f"`{_field(ref)}` must name {wanted}, but `{ref.target}` is "
                          f"{KIND_NAMES.get(kind, kind)}: " + _suggest(model, ref))


def _field(ref: Ref) -> str:
    return field_name(ref.path)


def _suggest(model: Model, ref: Ref) -> str:
    candidates = [i for i, e in model.entities.items() if e.kind in ref.kinds]
    candidates += [i for i, kind in model.unreadable.items() if kind in ref.kinds]
    hint = did_you_mean(ref.target, candidates)
    if hint:
        return hint
    wanted = " or ".join(KIND_NAMES[k] for k in sorted(ref.kinds))
    return f"write the ID of {wanted}" if candidates else f"create {wanted} first"


@rule("SST007")
def unknown_wikilinks(context: Context) -> Iterator[Finding]:
    model = context.model
    sources = [(d.file, d.body, d.body_line) for d in context.documents if d.body]
    sources += [(page.file, page.text, 1) for page in context.pages]
    for file, text, first_line in sources:
        for link in find_wikilinks(text):
            if model.kind_of(link.target) is None:
                yield finding("SST007", Place(file, first_line + link.line - 1, link.column),
                              f"[[{link.target}]] names no entity: {_hint(model, link.target)}")


@rule("SST007")
def unknown_wikilinks_in_fields(context: Context) -> Iterator[Finding]:
    """Titles and text fields reach the pages too, where the build resolves their links: an
    unknown one found only then would fail the build after MkDocs has cleaned site/."""
    model = context.model
    for document in context.documents:
        for path, text in text_values(document):
            if "[[" not in text:
                continue
            for link in find_wikilinks(text):
                if model.kind_of(link.target) is None:
                    yield finding("SST007", document.place(*path),
                                  f"`{field_name(path)}` holds [[{link.target}]], which names "
                                  f"no entity: {_hint(model, link.target)}")


def _hint(model: Model, target: str) -> str:
    return did_you_mean(target, list(model.entities)) or "check the ID"
