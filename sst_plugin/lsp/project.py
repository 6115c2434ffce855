"""One strategy repository as the editor sees it: the files on disk with the open buffers laid
over them, checked by the real check, and what the editor asks of the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from ..core.findings import Finding
from ..core.health.health import health_of
from ..core.model.model import Battle, Entity, Goal, GrowthPath, Kpi, Person, Tactic, Team
from ..core.read.config import ConfigError, Settings, config_file, load_settings
from ..core.read.load import Document
from ..core.read.read import ReadCache
from ..core.rules.check import CheckResult, check_tree
from ..core.text import day, inline, percent, quantity

KIND_NAMES = {
    "goal": "goal", "kpi": "KPI", "path": "growth path", "battle": "key battle",
    "tactic": "tactic", "risk": "risk", "person": "person", "team": "team",
    "retro": "retrospective",
}


def find_root(file: FsPath) -> FsPath | None:
    """The repository a strategy file belongs to: the nearest folder above it with a
    mkdocs.yml, or with a strategy folder holding strategy.yaml, whose strategy folder holds it."""
    for folder in file.parents:
        if config_file(folder) is not None or (folder / "strategy").is_dir():
            try:
                settings = load_settings(folder)
            except ConfigError:
                settings = Settings()
            strategy = folder / settings.strategy_dir
            if file.is_relative_to(strategy) or file.is_relative_to(folder / settings.docs_dir):
                return folder
    return None


@dataclass
class Project:
    root: FsPath
    settings: Settings
    problem: str | None = None  # the configuration's error, checked with the defaults instead
    result: CheckResult | None = None
    buffers: dict[str, str] = field(default_factory=dict)  # relative path → unsaved text
    # the files read by the last checks: after a keystroke only the buffer is read again
    cache: ReadCache = field(default_factory=ReadCache)

    @classmethod
    def at(cls, root: FsPath) -> Project:
        try:
            return cls(root, load_settings(root))
        except ConfigError as error:
            return cls(root, Settings(), str(error))

    def reload_settings(self) -> None:
        fresh = Project.at(self.root)
        self.settings, self.problem = fresh.settings, fresh.problem
        self.cache = ReadCache()  # read with other limits, perhaps

    def relative(self, file: FsPath) -> str:
        return file.relative_to(self.root).as_posix()

    def in_strategy(self, rel: str) -> bool:
        return rel.startswith(self.settings.strategy_dir.rstrip("/") + "/")

    def check(self, buffers: Mapping[str, str]) -> CheckResult:
        """The whole check, each open buffer's text in place of its file's."""
        overrides = {rel: text for rel, text in buffers.items() if self.in_strategy(rel)}
        self.result = check_tree(self.root, self.settings, overrides=overrides, cache=self.cache)
        return self.result

    def findings_of(self, rel: str) -> list[Finding]:
        if self.result is None:
            return []
        return [f for f in self.result.findings if f.place is not None and f.place.file == rel]

    def entities(self) -> dict[str, Entity]:
        return dict(self.result.model.entities) if self.result else {}

    def ids_of_kinds(self, kinds: frozenset[str] | None) -> list[tuple[str, str, str]]:
        """(ID, title, kind) of every entity of these kinds (all kinds for None), including the
        files that exist but do not check yet (their title unknown)."""
        if self.result is None:
            return []
        found = [(e.id, e.title, e.kind) for e in self.result.model.entities.values()
                 if kinds is None or e.kind in kinds]
        found += [(i, "", k) for i, k in self.result.model.unreadable.items()
                  if (kinds is None or k in kinds) and i not in self.result.model.entities]
        return sorted(found)

    def audiences(self) -> tuple[str, ...]:
        strategy = self.result.model.strategy if self.result else None
        return strategy.audiences if strategy else ()

    def document_of(self, entity_id: str) -> Document | None:
        for document in self.result.documents if self.result else ():
            if document.id == entity_id and document.kind not in ("strategy", "people"):
                return document
        return None

    def definition(self, entity_id: str) -> tuple[str, int] | None:
        """(file, 0-based line) where an ID is declared: a person's or team's `id` line in
        people.yaml, else the top of the entity's file."""
        entity = self.entities().get(entity_id)
        if entity is not None:
            if entity.source.prefix:
                place = entity.source.place("id")
                return place.file, (place.line or 1) - 1
            return entity.source.file, 0
        document = self.document_of(entity_id)
        return (document.file, 0) if document else None

    def describe(self, entity_id: str) -> str | None:
        """Markdown for a hover: the entity's title, kind and health or status."""
        entity = self.entities().get(entity_id)
        if entity is None:
            document = self.document_of(entity_id)
            if document is None:
                return None
            return f"`{entity_id}`: {KIND_NAMES.get(document.kind, document.kind)} " \
                   f"(the file does not check yet: {document.file})"
        lines = [f"**{inline(entity.title)}**", "",
                 f"{KIND_NAMES.get(entity.kind, entity.kind)} `{entity.id}`"]
        lines += self._state(entity)
        return "\n".join(lines)

    def _state(self, entity: Entity) -> list[str]:
        assert self.result is not None
        model, as_of = self.result.model, self.settings.as_of
        if isinstance(entity, Goal | Battle):
            health = health_of(entity, model, self.settings)
            status = f"status as of {day(as_of)}: "
            if health is None:
                return ["", status + "unknown (its KPI is missing)"]
            shown = status + f"**{health.status}**"
            if health.progress is not None:
                shown += f", progress {percent(health.progress)} " \
                         f"(expected {percent(health.expected)})"
            extra = [f"battle status: {entity.status}"] if isinstance(entity, Battle) else []
            return ["", shown, *(["", *extra] if extra else [])]
        if isinstance(entity, Tactic | GrowthPath):
            return ["", f"status: **{entity.status}**"]
        if isinstance(entity, Kpi):
            latest = entity.latest(as_of)
            if latest is None:
                return ["", "no measurement yet"]
            return ["", f"latest: {quantity(latest.value, inline(entity.unit))} on "
                        f"{day(latest.date)}"]
        if isinstance(entity, Person):
            who = ", ".join(part for part in (inline(entity.role), entity.team and
                                              f"team `{entity.team}`") if part)
            return ["", who] if who else []
        if isinstance(entity, Team):
            members = model.members_of(entity)
            return ["", f"{len(members)} member{'s' if len(members) != 1 else ''}"]
        return []
