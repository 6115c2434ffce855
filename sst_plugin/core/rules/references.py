"""Identity and references: SST003 duplicate IDs, SST004 invalid IDs, SST005/006 references,
SST007 `[[id]]` links."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial

from ..findings import Finding, Place, did_you_mean, shorten
from ..model.ids import MAX_ID_LENGTH, is_valid_id, slug
from ..model.links import find_wikilinks
from ..model.model import Entity, Model, Ref, Source
from ..model.reference_fields import reference_fields
from ..read.load import Document, listed_people
from .registry import Context, Report, also, rule
from .texts import field_name, text_values, values_at

KIND_NAMES = {
    "goal": "a goal", "kpi": "a KPI", "path": "a path", "battle": "a battle", "tactic": "a tactic",
    "risk": "a risk", "person": "a person", "team": "a team",
    "retro": "a retrospective",
}


def same_id(entity_id: str) -> str:
    """IDs that differ only by case or Unicode normalisation are one ID to a reader."""
    return unicodedata.normalize("NFKC", entity_id).casefold()


@rule("SST003", "duplicate-id", "error", "duplicate ID")
def duplicate_ids(context: Context) -> Iterator[Report]:
    """## What it finds

    Two entities with the same ID: two files with the same name in different folders, or a
    person or team in `people.yaml` whose `id` is also a file's name. IDs that differ only by
    case or Unicode form (`Sales`, `sales`) count as the same.

    ## Why it matters

    A reference names an ID and must lead to one entity; with two, links, pages and health
    would follow whichever was read last.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/sales.yaml and strategy/kpis/sales.yaml: both are `sales`
    kpi: sales
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow-sales.yaml (renamed), pointing at strategy/kpis/sales.yaml
    kpi: sales
    ```

    ## How to fix

    Rename one of the two (the message names both places) and update the references to it.
    """
    first_seen: dict[str, tuple[Callable[[], Place], str]] = {}
    for entity_id, where, kind in _declared_ids(context):
        key = same_id(entity_id)
        if key in first_seen:
            other, other_kind = first_seen[key]
            yield Report(
                where(),
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


@rule("SST004", "invalid-id", "error", "invalid ID")
def invalid_ids(context: Context) -> Iterator[Report]:
    """## What it finds

    A strategy file whose name (its ID) is not lower-case letters and digits in words joined
    by single hyphens, at most 64 characters: `Sales_2026.yaml`, `new--goal.md`, `café.yaml`.

    ## Why it matters

    IDs appear in references, `[[id]]` links and page addresses: one rule for all of them
    keeps every link typeable, every URL stable and every ID unique however it is spelled.

    ## Example

    Fails:

    ```text
    strategy/goals/Grow Sales.yaml
    ```

    Fixed:

    ```text
    strategy/goals/grow-sales.yaml
    ```

    ## How to fix

    Rename the file as the message suggests, and update the references to it.
    """
    for document in context.documents:
        if document.kind in ("strategy", "people") or is_valid_id(document.id):
            continue
        suggestion = slug(document.id)
        suffix = document.file.rsplit(".", 1)[-1]
        hint = f"rename the file to {suggestion}.{suffix}" if suggestion else "rename the file"
        yield Report(
            Place(document.file),
            f"the ID `{document.id}` (the file name) must be lower-case letters and digits in "
            f"words joined by single hyphens, at most {MAX_ID_LENGTH} characters: {hint}",
        )


@rule("SST005", "unknown-reference", "error", "reference to an unknown ID")
def unknown_references(context: Context) -> Iterator[Report]:
    """## What it finds

    A reference field (`kpi`, `goals`, `path`, `battle`, `owner`, `parent`, `threatens`...)
    that names an ID no entity has.

    ## Why it matters

    The reference is how the strategy hangs together: a battle whose KPI does not exist has
    no progress, and a goal whose owner does not exist has nobody to answer for it.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (strategy/kpis/sales.yaml exists)
    kpi: salse
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    kpi: sales
    ```

    ## How to fix

    Correct the ID (the message suggests the closest one of the right kind), or create the
    entity it names (`sst new KIND ID`).
    """
    model = context.model
    for source, ref in _all_references(model):
        if model.kind_of(ref.target) is None:
            yield Report(source.place(*ref.path),
                         f"`{_field(ref)}` names `{ref.target}`, which does not exist: "
                         + _suggest(model, ref))


@rule("SST006", "wrong-kind-reference", "error", "reference to an entity of the wrong kind")
def wrong_kind_references(context: Context) -> Iterator[Report]:
    """## What it finds

    A reference that names an existing entity of a kind the field does not take: a battle's
    `kpi` naming a goal, an `owner` naming a KPI.

    ## Why it matters

    Each field means one kind of thing; a KPI cannot be measured from a goal, and a goal
    cannot own anything.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (grow is a goal)
    kpi: grow
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml (sales is a KPI)
    kpi: sales
    ```

    ## How to fix

    Name an entity of the kind the field takes; the message says which kind, and suggests one.
    """
    model = context.model
    for source, ref in _all_references(model):
        kind = model.kind_of(ref.target)
        if kind is not None and kind not in ref.kinds:
            wanted = " or ".join(KIND_NAMES[k] for k in sorted(ref.kinds))
            yield Report(source.place(*ref.path),
                         f"`{_field(ref)}` must name {wanted}, but `{ref.target}` is "
                         f"{KIND_NAMES.get(kind, kind)}: " + _suggest(model, ref))


def _all_references(model: Model) -> Iterator[tuple[Source, Ref]]:
    """Every entity's references, then strategy.yaml's (a scenario's trigger KPI)."""
    for entity, ref in model.iter_references():
        yield entity.source, ref
    if model.strategy:
        for ref in model.strategy_references():
            yield model.strategy.source, ref


def _field(ref: Ref) -> str:
    return field_name(ref.path)


def _suggest(model: Model, ref: Ref) -> str:
    candidates = [i for i, e in model.entities.items() if e.kind in ref.kinds]
    candidates += [i for i, kind in model.unreadable.items() if kind in ref.kinds]
    hint = title_hint(model, ref.target, ref.kinds) or did_you_mean(ref.target, candidates)
    if hint:
        return hint
    wanted = " or ".join(KIND_NAMES[k] for k in sorted(ref.kinds))
    return f"write the ID of {wanted}" if candidates else f"create {wanted} first"


@rule("SST007", "unknown-wikilink", "error",
      "`[[id]]` in Markdown names an unknown ID")
def unknown_wikilinks(context: Context) -> Iterator[Report]:
    """## What it finds

    A `[[id]]` or `[[id|text]]` link whose ID no entity has, in a strategy file's body, title
    or text fields, or in a Markdown page of the site under `docs/`. Links inside code are
    left alone.

    ## Why it matters

    The site turns each link into a link to the entity's page; an unknown ID would be a dead
    link, and it fails the site's build.

    ## Example

    Fails:

    ```markdown
    <!-- strategy/goals/grow.md -->
    Served by [[sourdough-lanch]].
    ```

    Fixed:

    ```markdown
    <!-- strategy/goals/grow.md -->
    Served by [[sourdough-launch]].
    ```

    ## How to fix

    Correct the ID (the message suggests the closest one), or write the text without a link.
    """
    model = context.model
    sources = [(d.file, d.body, d.body_line) for d in context.documents if d.body]
    sources += [(page.file, page.text, 1) for page in context.pages]
    for file, text, first_line in sources:
        for link in find_wikilinks(text):
            if model.kind_of(link.target) is None:
                yield Report(Place(file, first_line + link.line - 1, link.column),
                             f"[[{link.target}]] names no entity: {_hint(model, link.target)}")


@also("SST007")
def unknown_wikilinks_in_fields(context: Context) -> Iterator[Report]:
    """Titles and text fields reach the pages too, where the build resolves their links: an
    unknown one found only then would fail the build after MkDocs has cleaned site/."""
    model = context.model
    for document in context.documents:
        for path, text in text_values(document):
            if "[[" not in text:
                continue
            for link in find_wikilinks(text):
                if model.kind_of(link.target) is None:
                    yield Report(document.place(*path),
                                 f"`{field_name(path)}` holds [[{link.target}]], which names "
                                 f"no entity: {_hint(model, link.target)}")


def _title_key(text: str) -> str:
    """A title as a reader compares it: case, Unicode form and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _named(entity: Entity) -> str:
    kind = KIND_NAMES.get(entity.kind, entity.kind).split(" ", 1)[-1]
    how = "named" if entity.kind in ("person", "team") else "titled"
    return f"`{entity.id}` (the {kind} {how} \"{shorten(entity.title, 60)}\")"


def title_hint(model: Model, target: str, kinds: Iterable[str]) -> str | None:
    """`did you mean fix-service-desk (the battle titled "Fix the service desk")?` for a
    reference that names an entity by its title: an exact title first (case and spacing
    aside), then the closest ID or title of a kind the field takes."""
    wanted = set(kinds)
    candidates = sorted((e for e in model.entities.values() if e.kind in wanted),
                        key=lambda e: e.id)
    key = _title_key(target)
    keys = {key, key.replace("-", " ")}  # `fix-the-service-desk`: a title made an ID by hand
    for entity in candidates:
        if _title_key(entity.title) in keys and entity.id != target:
            return f"did you mean {_named(entity)}?"
    by_word: dict[str, tuple[Entity, bool]] = {}
    for entity in candidates:
        by_word.setdefault(entity.id, (entity, False))
        by_word.setdefault(_title_key(entity.title), (entity, True))
    close = difflib.get_close_matches(key, list(by_word), n=1, cutoff=0.6)
    if not close:
        return None
    entity, by_title = by_word[close[0]]
    if entity.id == target:
        return None
    return f"did you mean {_named(entity)}?" if by_title else f"did you mean `{entity.id}`?"


def _titles_used_as_ids(model: Model, documents: Iterable[Document]) -> dict[Place, str]:
    """Where a reference field holds a title instead of an ID (the schema refused the file, so
    the model never saw it), the entity it most likely means."""
    hints: dict[Place, str] = {}
    fields = reference_fields()
    for document in documents:
        if document.valid or not isinstance(document.data, dict):
            continue
        for field_path, kinds in fields.get(document.kind, {}).items():
            for path, value in values_at(document.data, field_path):
                if isinstance(value, str) and not is_valid_id(value):
                    hint = title_hint(model, value, kinds)
                    if hint:
                        hints[document.place(*path)] = hint
    return hints


def with_title_hints(findings: list[Finding], model: Model,
                     documents: Iterable[Document]) -> list[Finding]:
    """The schema's "must be an ID, not "Fix the service desk"" (SST002), with the ID meant."""
    if not any(f.code == "SST002" for f in findings):
        return findings
    hints = _titles_used_as_ids(model, documents)
    return [replace(f, message=f"{f.message}: {hints[f.place]}")
            if f.code == "SST002" and f.place in hints else f for f in findings]


def _hint(model: Model, target: str) -> str:
    return did_you_mean(target, list(model.entities)) or "check the ID"
