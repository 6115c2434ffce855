"""What a build shows: the entities its audience may see, their health, and links between pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from markupsafe import Markup

from ..config import Settings
from ..health import Health, battle_health, goal_health
from ..model import Battle, Entity, Goal, Model, visible_to
from ..text import cell, link_text
from . import svg
from .urls import entity_uri, html_href, md_href

T = TypeVar("T", bound=Entity)
RESTRICTED = Markup('<span class="sst-restricted">restricted</span>')


@dataclass
class SiteView:
    """The model as one audience sees it, with health computed once for every page."""

    model: Model
    settings: Settings
    # links inside raw HTML (the SVG charts): None gives the `.md` source, for generators that
    # resolve links in HTML as in Markdown (Zensical); True or False, MkDocs' published URL
    directory_urls: bool | None = True
    health: dict[str, Health] = field(default_factory=dict)

    def __post_init__(self) -> None:
        as_of, margins = self.as_of, (self.settings.on_track_margin, self.settings.at_risk_margin)
        # health shows the KPI's values: none where this audience may not see the KPI
        for goal in self.visible(self.model.goals):
            found = goal_health(self.model, goal, as_of, *margins)
            if found is not None and self.entity(goal.kpi) is not None:
                self.health[goal.id] = found
        for battle in self.visible(self.model.battles):
            found = battle_health(self.model, battle, as_of, *margins)
            if found is not None and self.entity(battle.kpi) is not None:
                self.health[battle.id] = found

    @property
    def as_of(self) -> date:
        return self.settings.as_of

    def can_see(self, entity: Entity | None) -> bool:
        """Restricted entities exist only in the build for their audience."""
        return entity is not None and visible_to(entity.visibility, self.settings.audience)

    def visible(self, entities: Iterable[T]) -> list[T]:
        return [e for e in entities if self.can_see(e)]

    def entity(self, entity_id: str | None) -> Entity | None:
        found = self.model.entities.get(entity_id or "")
        return found if self.can_see(found) else None

    def status(self, entity: Entity) -> str:
        health = self.health.get(entity.id)
        return health.status if health else "no-data"

    def links_from(self, uri: str) -> Linker:
        return Linker(self, uri)


@dataclass(frozen=True)
class Linker:
    """Links from one page: Markdown links for text, URLs for SVG; "restricted" when hidden."""

    view: SiteView
    page: str

    def __call__(self, target: Entity | str | None, text: str | None = None) -> Markup:
        entity = target if isinstance(target, Entity) else self.view.entity(target)
        if entity is None or not self.view.can_see(entity):
            return RESTRICTED if target else Markup("–")
        label = link_text(text if text is not None else entity.title)
        return Markup(f"[{label}]({md_href(self.page, entity_uri(entity))})")

    def each(self, targets: Iterable[Entity | str], separator: str = ", ") -> Markup:
        links = [self(t) for t in targets]
        return Markup(separator).join(links) if links else Markup("–")

    def page_link(self, uri: str, text: str) -> Markup:
        return Markup(f"[{link_text(text)}]({md_href(self.page, uri)})")

    def url(self, entity: Entity) -> str:
        if self.view.directory_urls is None:
            return md_href(self.page, entity_uri(entity))
        return html_href(self.page, entity_uri(entity), self.view.directory_urls)


def badge(status: str | None) -> Markup:
    if not status:
        return Markup("")
    return Markup(f'<span class="sst-status sst-status--{svg.attr(status)}">'
                  f"{svg.attr(status.replace('-', ' '))}</span>")


def progress(view: SiteView, entity: Goal | Battle) -> Markup:
    health = view.health.get(entity.id)
    if health is None:
        return Markup("–")
    share = health.progress
    text = "no data" if share is None else f"{share * 100:.0f} % of the way"
    bar = svg.progress_bar(share, f"sst-{health.status}", text)
    return Markup(f"{bar} {cell(text)}")

