"""What a build shows: the entities its audience may see, their health, and links between pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TypeVar

from markupsafe import Markup

from ..health.audience import RESTRICTED as RESTRICTED_TEXT
from ..health.audience import Audience
from ..health.due import Due, updates_due
from ..health.execution import Execution, execution_score
from ..health.health import Health
from ..health.history import StatusHistory, status_history
from ..language import ENGLISH, N_, Language
from ..model.model import Action, Battle, Entity, Goal, Model, Tactic
from ..read.config import Settings
from ..text import cell, link_text
from . import svg, words
from .urls import entity_uri, html_href, md_href

T = TypeVar("T", bound=Entity)
RESTRICTED = Markup(f'<span class="sst-restricted">{RESTRICTED_TEXT}</span>')
N_("restricted")  # the word health/audience.py writes where a reader may not look


def restricted(language: Language) -> Markup:
    """"restricted", in the reader's language, where an entity is hidden from them."""
    return restricted_word(language.gettext(RESTRICTED_TEXT))


def restricted_word(word: str) -> Markup:
    return Markup('<span class="sst-restricted">{}</span>').format(word)


@dataclass
class SiteView:
    """The model as one audience sees it, with health computed once for every page."""

    model: Model
    settings: Settings
    # links inside raw HTML (the SVG charts): None gives the `.md` source, for generators that
    # resolve links in HTML as in Markdown (Zensical); True or False, MkDocs' published URL
    directory_urls: bool | None = True
    language: Language = ENGLISH  # the words and formats of every page (theme.language, --lang)
    health: dict[str, Health] = field(default_factory=dict)
    # each goal at every month end (spec §8): given by a build that reads git (the plugin,
    # `sst render`); without it, from the files as they are
    history: StatusHistory | None = None
    audience: Audience = field(init=False)
    execution: Execution = field(init=False)

    def __post_init__(self) -> None:
        # who may see what is the core's rule, shared with every command
        self.audience = Audience(self.model, self.settings)
        measured: list[Goal | Battle] = [*self.model.goals, *self.model.battles]
        for entity in measured:
            found = self.audience.health(entity)
            if found is not None:
                self.health[entity.id] = found
        if self.history is None:
            self.history = status_history(self.model, self.settings)
        self.execution = execution_score(self.model, self.as_of, self.settings.audience)

    @property
    def as_of(self) -> date:
        return self.settings.as_of

    def can_see(self, entity: Entity | None) -> bool:
        """Restricted entities exist only in the build for their audience."""
        return self.audience.can_see(entity)

    def visible(self, entities: Iterable[T]) -> list[T]:
        return self.audience.visible(entities)

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.audience.entity(entity_id)

    @property
    def nav_title(self) -> str:
        """The strategy section's title: as the settings name it, or "Strategy" in the reader's
        language when they leave it as it comes."""
        title = self.settings.nav_title
        return self.language.gettext("Strategy") if title == Settings.nav_title else title

    def status(self, entity: Entity) -> str:
        health = self.health.get(entity.id)
        return health.status if health else "no-data"

    def links_from(self, uri: str) -> Linker:
        return Linker(self, uri)

    # --- indexes built once per view: a page looks up its own share, never scans the rest ---

    @cached_property
    def due(self) -> list[Due]:
        """Everything due by the end of the week, overdue first (the Updates due page's list)."""
        return updates_due(self.model, self.as_of, self.settings.audience)

    @cached_property
    def due_by_owner(self) -> dict[str, list[tuple[int, Due]]]:
        """Each owner's share of `due`, with each item's place in it."""
        found: dict[str, list[tuple[int, Due]]] = defaultdict(list)
        for number, item in enumerate(self.due):
            found[item.owner].append((number, item))
        return dict(found)

    @cached_property
    def actions_by_owner(self) -> dict[str, list[tuple[int, Tactic, Action]]]:
        """Each owner's actions in the plans of visible tactics, numbered in the model's order."""
        found: dict[str, list[tuple[int, Tactic, Action]]] = defaultdict(list)
        number = 0
        for tactic in self.visible(self.model.tactics):
            for action in tactic.actions:
                found[action.owner].append((number, tactic, action))
                number += 1
        return dict(found)


@dataclass(frozen=True)
class Linker:
    """Links from one page: Markdown links for text, URLs for SVG; "restricted" when hidden."""

    view: SiteView
    page: str

    def __call__(self, target: Entity | str | None, text: str | None = None) -> Markup:
        entity = target if isinstance(target, Entity) else self.view.entity(target)
        if entity is None or not self.view.can_see(entity):
            return restricted(self.view.language) if target else Markup("–")
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


def badge(status: str | None, language: Language = ENGLISH) -> Markup:
    if not status:
        return Markup("")
    return Markup(f'<span class="sst-status sst-status--{svg.attr(status)}">'
                  f"{svg.attr(words.state(status, language))}</span>")


def progress(view: SiteView, entity: Goal | Battle) -> Markup:
    health = view.health.get(entity.id)
    if health is None:
        return Markup("–")
    share = health.progress
    language = view.language
    if share is None:
        figure = whole = language.gettext("no data")
    else:
        figure = language.percent(share)
        whole = language.gettext("{share} of the way").format(share=figure)
    # "29 % of the way": the figure stays with the bar, the words around it keep their order
    before, found, after = whole.partition(figure)
    if not found:  # a translation without the figure: the figure, then its words
        before, after = "", " " + whole
    bar = svg.progress_bar(share, f"sst-{health.status}", whole)
    # the bar and its number never part at a line break, in a narrow column or a card
    return Markup(f'{_spaced(before)}<span class="sst-progress-figure">{bar} {cell(figure)}'
                  f"</span>{_spaced(after)}")


def _spaced(text: str) -> str:
    """TEXT for a cell, with the space that joins it to the figure kept."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + cell(text) + (" " if text[-1].isspace() else "")
