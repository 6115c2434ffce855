"""Who may see what: the one rule every output of SST follows, the site and the commands alike.

An entity with `visibility: NAME` exists only for the audience NAME. Everywhere else it is
absent, and what visible entities borrow from it (an ID in a reference, a person's name, a KPI's
values through health) reads "restricted", as the site shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from ..model.links import replace_wikilinks
from ..model.model import ALL_AUDIENCES, Battle, Entity, Goal, Model
from ..read.config import Settings
from .health import Health, health_of

T = TypeVar("T", bound=Entity)

# the placeholder for anything this audience may not see: the site wraps it in a span
RESTRICTED = "restricted"
# the fields of a strategy file that hold IDs (`metric.kpi`, `actions[].owner` and
# `checkins[].by` included)
REFERENCE_FIELDS = frozenset({"owner", "kpi", "parent", "team", "battle", "path", "goals",
                              "threatens", "by"})


def may_see(visibility: str | None, audience: str | None) -> bool:
    """Spec §6: an entity with a visibility belongs only to that audience's outputs."""
    return visibility is None or audience in (visibility, ALL_AUDIENCES)


@dataclass(frozen=True)
class Audience:
    """One audience's share of a model: the entities it sees, and the health it may read."""

    model: Model
    settings: Settings
    # IDs hidden beyond the model's: files the model could not read, whose visibility says so
    also_hidden: frozenset[str] = frozenset()

    @property
    def name(self) -> str | None:
        return self.settings.audience

    def can_see(self, entity: Entity | None) -> bool:
        return entity is not None and may_see(entity.visibility, self.name)

    def visible(self, entities: Iterable[T]) -> list[T]:
        return [e for e in entities if self.can_see(e)]

    def entity(self, entity_id: str | None) -> Entity | None:
        found = self.model.entities.get(entity_id or "")
        return found if self.can_see(found) else None

    @cached_property
    def hidden_ids(self) -> frozenset[str]:
        """The IDs of the entities this audience may not see."""
        return self.also_hidden | {i for i, e in self.model.entities.items()
                                   if not self.can_see(e)}

    def hides(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and entity_id in self.hidden_ids

    def reference(self, entity_id: str) -> str:
        """An ID as a visible entity names it: itself, or "restricted"."""
        return RESTRICTED if self.hides(entity_id) else entity_id

    def name_of(self, entity_id: str) -> str:
        """A person's or team's name (any entity's title); "restricted" when hidden."""
        found = self.model.entities.get(entity_id)
        if found is None:
            return entity_id
        return found.title if self.can_see(found) else RESTRICTED

    def health(self, entity: Goal | Battle) -> Health | None:
        """Health reads the KPI's values: none where this audience may not see the KPI."""
        if not self.can_see(entity) or self.entity(entity.kpi) is None:
            return None
        return health_of(entity, self.model, self.settings)

    def redact(self, value: Any, key: str | None = None) -> Any:
        """Values as written in a file, with every reference to a hidden entity "restricted"."""
        if isinstance(value, Mapping):
            return {k: self.redact(v, k if isinstance(k, str) else None)
                    for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact(v, key) for v in value]
        if key in REFERENCE_FIELDS and self.hides(value):
            return RESTRICTED
        if isinstance(value, str) and "[[" in value:
            # free text anywhere (a check-in's note, a review's summary) links as a body does
            return self.narrative(value)
        return value

    def narrative(self, markdown: str) -> str:
        """A Markdown body with `[[id]]` links to hidden entities "restricted", as on the site."""
        # a link `resolve` answers None for is left as written
        text, _ = replace_wikilinks(
            markdown, lambda link: RESTRICTED if self.hides(link.target) else None)
        return text

    def message(self, text: str) -> str:
        """A finding's message with each hidden ID in it (a hint, a reference) "restricted"."""
        return self._hidden_pattern.sub(RESTRICTED, text) if self.hidden_ids else text

    @cached_property
    def _hidden_pattern(self) -> re.Pattern[str]:
        # an ID is lower-case words joined by hyphens: a whole one, not part of a longer one
        ids = sorted(self.hidden_ids, key=len, reverse=True)
        return re.compile(rf"(?<![A-Za-z0-9_-])(?:{'|'.join(map(re.escape, ids))})"
                          r"(?![A-Za-z0-9_-])")
