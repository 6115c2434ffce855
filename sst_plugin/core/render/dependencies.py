"""Which generated pages show which entities, and so which pages an edit changes.

`mkdocs serve` and `sst render --watch` render again after every save: rendering only the pages
an edit can change keeps a rebuild a small part of a full build. What a page shows:

- an overview page (the strategy on a page, the map, each list, traceability, updates due)
  shows many entities of many kinds: it is rendered again after any change;
- an entity's page shows the entity, the entities it links to and those linking to it (their
  titles, statuses, owners), and some of theirs in turn (a battle's page shows the unit of its
  goal's KPI; an owner's page the battle of each tactic they act in): every entity two links
  away, through any entity but a person or a team (a page that names an owner shows the name,
  not what else the owner owns), and the team of each person reached (a team's page shows its
  members' work). That holds the relations `sst diff` calls suspects too (the battles of a
  goal, the child goals of a goal, the tactics of a battle);
- every page depends on what is not an entity: the settings (`as_of`, audience, limits), the
  language, the strategy file (positioning, scenarios), unreadable files, the templates.

An entity has changed when its fields, its file, its computed health (which moves with its KPI's
values) or its status history changed, or when it was added or removed. Held by
tests/test_serve_incremental.py, which compares every page rendered after a set of edits with
the pages rendered again only where this module says.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..model.model import Person, Team
from .pages import RenderedPage, Renderer
from .urls import entity_uri
from .view import SiteView

Stamp = frozenset[tuple[str, int, int]]
DEPTH = 2  # links between an entity and the farthest entity its page shows


@dataclass(frozen=True)
class Snapshot:
    """What the pages of one view show, entity by entity: compared with the next build's."""

    whole: tuple[object, ...]  # what every page may show
    entities: Mapping[str, tuple[object, ...]]  # id → what its pages show of it
    neighbours: Mapping[str, frozenset[str]]  # id → the IDs it links to or is linked from
    pages: frozenset[str]  # the URIs of its generated pages


def snapshot(view: SiteView, pages: Iterable[str],
             template_dirs: Sequence[Path] = ()) -> Snapshot:
    """VIEW's snapshot; PAGES: the URIs of its generated pages (`Renderer.builders`)."""
    model = view.model
    whole = (view.settings, view.language.requested, view.directory_urls, model.strategy,
             tuple(sorted(model.unreadable.items())), stamp(template_dirs))
    entities: dict[str, tuple[object, ...]] = {}
    neighbours: dict[str, set[str]] = {}
    history = view.history
    for entity_id, entity in model.entities.items():
        entities[entity_id] = (entity, entity.source.file, view.health.get(entity_id),
                               history.of(entity_id) if history is not None else ())
        near = neighbours.setdefault(entity_id, set())
        for ref in entity.references():
            near.add(ref.target)
            neighbours.setdefault(ref.target, set()).add(entity_id)
    for target, referrers in model.referenced_by.items():
        neighbours.setdefault(target, set()).update(e.id for e, _ in referrers)
    return Snapshot(whole, entities, {k: frozenset(v) for k, v in neighbours.items()},
                    frozenset(pages))


def changed_entities(old: Snapshot, new: Snapshot) -> set[str] | None:
    """The IDs of the entities added, removed or changed from OLD to NEW; None when what every
    page shows changed (settings, language, the strategy file, templates): render them all."""
    if old.whole != new.whole:
        return None
    changed = {i for i in old.entities.keys() ^ new.entities.keys()}
    changed.update(i for i, shown in new.entities.items()
                   if i in old.entities and old.entities[i] != shown)
    return changed


def pages_to_render(old: Snapshot, new: Snapshot, view: SiteView) -> set[str] | None:
    """The URIs of NEW's pages an edit since OLD may have changed; None for every page."""
    changed = changed_entities(old, new)
    if changed is None:
        return None
    if not changed:
        return set(new.pages - old.pages)
    entities = view.model.entities
    kinds = {i: type(e) for i, e in entities.items()}
    reached = _within(changed, (old.neighbours, new.neighbours), kinds, DEPTH)
    # a team's page shows what each of its members owns: a member reached reaches the team
    reached.update(team for i in list(reached)
                   if isinstance(person := entities.get(i), Person) and (team := person.team))
    uris = {entity_uri(e) for i in reached if (e := entities.get(i)) is not None}
    # every page that is not one entity's shows many: an overview, a part of one
    overviews = new.pages - {entity_uri(e) for e in entities.values()}
    return (uris & new.pages) | (new.pages - old.pages) | overviews


def _within(start: Iterable[str], graphs: Sequence[Mapping[str, frozenset[str]]],
            kinds: Mapping[str, type], depth: int) -> set[str]:
    """Every ID at most DEPTH links from START in either graph, passing through no person or
    team (an owner's page is reached; what else the owner owns is not)."""
    reached = set(start)
    frontier = set(start)
    for _ in range(depth):
        step: set[str] = set()
        for entity_id in frontier:
            if entity_id not in start and kinds.get(entity_id) in (Person, Team):
                continue  # reached, not passed through
            for graph in graphs:
                step.update(graph.get(entity_id, ()))
        frontier = step - reached
        reached |= frontier
    return reached


def stamp(paths: Iterable[Path]) -> Stamp:
    """Every file under PATHS with its modification time and size: what a change changes (an
    edited template may change any page; `sst render --watch` renders again on any change)."""
    found: set[tuple[str, int, int]] = set()
    for path in paths:
        files = [path] if path.is_file() else [
            Path(folder) / name for folder, _, names in os.walk(path) for name in names]
        for file in files:
            try:
                status = file.stat()
            except OSError:  # removed while we looked: the next look sees it gone
                continue
            found.add((str(file), status.st_mtime_ns, status.st_size))
    return frozenset(found)


@dataclass(frozen=True)
class StoredPage:
    """A rendered page as kept between builds: its Markdown compressed (a site of thousands of
    pages holds a few megabytes, not tens), given back whole when read."""

    uri: str
    title: str
    source: str | None
    in_nav: bool
    packed: bytes
    digest: bytes

    @classmethod
    def of(cls, page: RenderedPage) -> StoredPage:
        data = page.markdown.encode("utf-8")
        return cls(page.uri, page.title, page.source, page.in_nav, zlib.compress(data, 1),
                   hashlib.blake2b(data, digest_size=16).digest())

    @property
    def markdown(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")

    def page(self) -> RenderedPage:
        return RenderedPage(self.uri, self.title, self.markdown, self.source, self.in_nav)


@dataclass(frozen=True)
class Rerendered:
    pages: list[StoredPage]  # every page of the site, in its order
    changed: frozenset[str]  # the URIs whose Markdown is new or differs from the last render's
    rendered: int  # how many pages were rendered (the others kept from the last render)


class Incremental:
    """The pages of the last render and what they showed, kept across the renders of one
    `mkdocs serve` or `sst render --watch`: each renders again only what an edit may change."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.pages: dict[str, StoredPage] = {}

    def render(self, view: SiteView, template_dirs: Sequence[Path] = (),
               source_url: Callable[[str], str | None] | None = None,
               context: tuple[object, ...] = ()) -> Rerendered:
        """Every page of VIEW, rendered again where the last render's may be stale. CONTEXT:
        what else the pages depend on (an edit link's address): when it differs, all of them."""
        renderer = Renderer(view, template_dirs, source_url)
        order = [uri for uri, _ in renderer.builders()]
        new = snapshot(view, order, template_dirs)
        new = replace(new, whole=(*new.whole, context))
        only = (None if self.snapshot is None
                else pages_to_render(self.snapshot, new, view))
        # a failing template raises here, before anything is kept: the last render stays
        fresh = {page.uri: StoredPage.of(page) for page in renderer.render_each(only)}
        changed = frozenset(uri for uri, page in fresh.items()
                            if (old := self.pages.get(uri)) is None or old.digest != page.digest)
        self.pages = {uri: fresh.get(uri) or self.pages[uri] for uri in order}
        self.snapshot = new
        return Rerendered(list(self.pages.values()), changed, len(fresh))
