"""The strategy as typed, immutable objects, with every relation resolved both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from ..findings import Place
from ..read.load import Document, listed_people

OWNER_KINDS = frozenset({"person", "team"})
# `--audience all` (or `audience: all`): every audience at once, for whoever may read everything;
# strategy.yaml may not declare an audience of that name (SST002)
ALL_AUDIENCES = "all"

T = TypeVar("T", bound="Entity")


@dataclass(frozen=True)
class Source:
    """Where an entity was written: its document, and its position inside it (people.yaml)."""

    doc: Document
    prefix: tuple[str | int, ...] = ()

    @cached_property
    def file(self) -> str:
        return self.doc.file

    def place(self, *path: str | int) -> Place:
        return self.doc.place(*self.prefix, *path)

    def key_place(self, *path: str | int) -> Place:
        return self.doc.key_place(*self.prefix, *path)


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference from an entity: the field it stands in, the ID, the kinds it may name."""

    path: tuple[str | int, ...]
    target: str
    kinds: frozenset[str]
    required: bool


@dataclass(frozen=True, slots=True)
class Review:
    date: date
    summary: str
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Checkin:
    """An owner's word on a goal or battle: confidence 1–10; it never changes the status."""

    date: date
    confidence: int
    note: str | None = None
    by: str | None = None  # a person's ID
    index: int = field(default=0, compare=False)  # position in the file, for places


@dataclass(frozen=True, slots=True)
class Resources:
    people: float | None = None
    budget: float | None = None
    months: float | None = None


@dataclass(frozen=True)
class Entity:
    kind: ClassVar[str] = ""
    id: str
    title: str
    source: Source = field(compare=False, repr=False)
    tags: tuple[str, ...] = ()
    visibility: str | None = None
    body: str = ""

    def references(self) -> tuple[Ref, ...]:
        return ()


@dataclass(frozen=True)
class Team(Entity):
    kind: ClassVar[str] = "team"
    github: str | None = None  # organisation/team-slug


@dataclass(frozen=True)
class Person(Entity):
    kind: ClassVar[str] = "person"
    team: str | None = None
    role: str | None = None
    github: str | None = None  # user name, without @

    def references(self) -> tuple[Ref, ...]:
        return _refs(("team", self.team, {"team"}, False))


@dataclass(frozen=True, slots=True)
class Milestone:
    date: date
    target: float
    index: int = field(default=0, compare=False)  # position in the file, for places


@dataclass(frozen=True)
class Goal(Entity):
    kind: ClassVar[str] = "goal"
    category: str = "other"
    kpi: str = ""
    baseline: float = 0
    target: float = 0
    deadline: date = date.min
    owner: str = ""
    breakthrough: bool = False
    parent: str | None = None
    start: date | None = None
    milestones: tuple[Milestone, ...] = ()
    checkins: tuple[Checkin, ...] = ()  # sorted by date

    def references(self) -> tuple[Ref, ...]:
        return _refs(("kpi", self.kpi, {"kpi"}, True), ("owner", self.owner, OWNER_KINDS, True),
                     ("parent", self.parent, {"goal"}, False), *_checkin_refs(self.checkins))


@dataclass(frozen=True, slots=True)
class Measurement:
    date: date
    value: float
    note: str | None = None
    index: int = field(default=0, compare=False)  # position in the file, for places


@dataclass(frozen=True)
class Kpi(Entity):
    kind: ClassVar[str] = "kpi"
    unit: str = ""
    direction: str = "increase"
    type: str | None = None
    frequency: str = "monthly"
    owner: str = ""
    data_source: str | None = None
    measurements: tuple[Measurement, ...] = ()  # sorted by date

    def references(self) -> tuple[Ref, ...]:
        return _refs(("owner", self.owner, OWNER_KINDS, True))

    def latest(self, on_or_before: date) -> Measurement | None:
        """The latest measurement on or before a date."""
        found = None
        for measurement in self.measurements:
            if measurement.date > on_or_before:
                break
            found = measurement
        return found


@dataclass(frozen=True)
class GrowthPath(Entity):
    kind: ClassVar[str] = "path"
    status: str = "candidate"
    approach: str | None = None
    goals: tuple[str, ...] = ()
    resources: Resources = Resources()
    expected_return: str | None = None
    rejection_reason: str | None = None

    def references(self) -> tuple[Ref, ...]:
        return _refs(*((("goals", i), g, {"goal"}, False) for i, g in enumerate(self.goals)))


@dataclass(frozen=True)
class Battle(Entity):
    kind: ClassVar[str] = "battle"
    objective: str = ""
    kpi: str = ""
    target: float = 0
    baseline: float | None = None  # as written; health falls back on the KPI
    start: date = date.min
    end: date = date.max
    goals: tuple[str, ...] = ()
    path: str = ""
    significance: str = ""
    owner: str = ""
    status: str = "planned"
    resources: Resources = Resources()
    review_cadence: str = "biweekly"
    reviews: tuple[Review, ...] = ()
    checkins: tuple[Checkin, ...] = ()  # sorted by date

    def references(self) -> tuple[Ref, ...]:
        return _refs(("kpi", self.kpi, {"kpi"}, True),
                     *((("goals", i), g, {"goal"}, True) for i, g in enumerate(self.goals)),
                     ("path", self.path, {"path"}, True), ("owner", self.owner, OWNER_KINDS, True),
                     *_checkin_refs(self.checkins))


@dataclass(frozen=True, slots=True)
class Action:
    action: str
    owner: str
    due: date
    measure: str | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class Metric:
    kpi: str
    target: float


@dataclass(frozen=True)
class Tactic(Entity):
    kind: ClassVar[str] = "tactic"
    battle: str = ""
    category: str = ""
    owner: str = ""
    win_criteria: str = ""
    metric: Metric | None = None
    start: date | None = None
    end: date | None = None
    status: str = "todo"
    actions: tuple[Action, ...] = ()
    reviews: tuple[Review, ...] = ()
    review_cadence: str | None = None  # none: no review is owed (a battle's defaults, spec §8)

    def references(self) -> tuple[Ref, ...]:
        return _refs(("battle", self.battle, {"battle"}, True),
                     ("owner", self.owner, OWNER_KINDS, True),
                     (("metric", "kpi"), self.metric.kpi if self.metric else None, {"kpi"}, False),
                     *((("actions", i, "owner"), a.owner, OWNER_KINDS, True)
                       for i, a in enumerate(self.actions)))


@dataclass(frozen=True)
class Risk(Entity):
    kind: ClassVar[str] = "risk"
    likelihood: int = 1
    impact: int = 1
    owner: str = ""
    mitigation: str = ""
    threatens: tuple[str, ...] = ()

    def references(self) -> tuple[Ref, ...]:
        return _refs(("owner", self.owner, OWNER_KINDS, True),
                     *((("threatens", i), t, {"goal", "battle"}, False)
                       for i, t in enumerate(self.threatens)))


@dataclass(frozen=True, slots=True)
class RetroResult:
    """One goal's or battle's final word in a retrospective. Its ID is no reference: a past
    period's goals need not exist in this one, so an unknown ID is no finding (SST005)."""

    id: str
    status: str
    score: float
    title: str | None = None
    kind: str | None = None  # "goal" or "battle"
    visibility: str | None = None  # the goal's or battle's, then: its row shows to that audience


@dataclass(frozen=True)
class Retro(Entity):
    """A retrospective of one past period (strategy/retros/ID.md), written by `sst close`."""

    kind: ClassVar[str] = "retro"
    period_start: date = date.min
    period_end: date = date.min
    # the three shares of the execution score, None where nothing counted
    execution: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))
    results: tuple[RetroResult, ...] = ()


def period_name(start: date, end: date) -> str:
    """A period's ID and default title: "2026" for a calendar year, else its first and last
    day joined by "to" (an ID is a slug: no double hyphen)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}-to-{end.isoformat()}"


@dataclass(frozen=True)
class Positioning:
    who_we_are: str
    who_we_serve: str
    pains: tuple[str, ...]
    differentiation: str
    value_proposition: str


@dataclass(frozen=True)
class NotDo:
    item: str
    reason: str


@dataclass(frozen=True)
class Strength:
    name: str
    score: int
    note: str | None = None


@dataclass(frozen=True)
class Capacity:
    """What the company can put into its battles at one time (spec §8); None: not said."""

    people: float | None = None
    budget: float | None = None


@dataclass(frozen=True)
class Trigger:
    """The KPI reading that says a scenario's assumption broke: exactly one of above, below."""

    kpi: str
    above: float | None = None
    below: float | None = None


@dataclass(frozen=True)
class Scenario:
    """What we will do if an assumption breaks (spec §8 `scenarios`)."""

    name: str
    assumption: str
    trigger: Trigger
    response: str
    index: int = field(default=0, compare=False)  # position in strategy.yaml, for places


@dataclass(frozen=True)
class Interview:
    """One customer conversation behind the positioning's pains (spec §8 `interviews`)."""

    date: date
    who: str
    pain: str
    quote: str | None = None
    index: int = field(default=0, compare=False)  # position in strategy.yaml, for places


@dataclass(frozen=True)
class Strategy:
    company: str
    period_start: date
    period_end: date
    domain: str
    positioning: Positioning
    not_do: tuple[NotDo, ...]
    source: Source = field(compare=False, repr=False)
    vision: str | None = None
    mission: str | None = None
    strengths: tuple[Strength, ...] = ()
    swot: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    focus: str | None = None
    audiences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    currency: str | None = None  # ISO 4217, the unit of every budget
    capacity: Capacity | None = None  # None: no capacity written, nothing to compare with
    scenarios: tuple[Scenario, ...] = ()
    interviews: tuple[Interview, ...] = ()  # as written: the page sorts them by date

    def references(self) -> tuple[Ref, ...]:
        """A scenario's trigger names a KPI: checked by SST005/006 like an entity's fields."""
        return _refs(*((("scenarios", s.index, "trigger", "kpi"), s.trigger.kpi, {"kpi"}, True)
                       for s in self.scenarios))


def _checkin_refs(checkins: tuple[Checkin, ...]) -> Iterator[tuple[Any, str | None, Any, bool]]:
    # `by` is a person, never a team: a check-in is one person's word
    return ((("checkins", c.index, "by"), c.by, {"person"}, False) for c in checkins)


def latest_checkin(entity: Goal | Battle, on_or_before: date) -> Checkin | None:
    """The latest check-in on or before a date (a later one is not yet written, as of then)."""
    found = None
    for checkin in entity.checkins:
        if checkin.date > on_or_before:
            break
        found = checkin
    return found


# one frozenset per set of kinds, shared by every reference that may name them (a strategy of
# 10,000 entities holds some 30,000 references)
_KINDS: dict[frozenset[str], frozenset[str]] = {}


def _kinds(kinds: Iterable[str]) -> frozenset[str]:
    found = frozenset(kinds)
    return _KINDS.setdefault(found, found)


def _refs(*specs: tuple[Any, str | None, Any, bool]) -> tuple[Ref, ...]:
    refs = []
    for path, target, kinds, required in specs:
        if target is None:
            continue
        field_path = path if isinstance(path, tuple) else (path,)
        refs.append(Ref(field_path, target, _kinds(kinds), required))
    return tuple(refs)


@dataclass(frozen=True)
class Model:
    """The whole strategy, indexed. Read-only: built once by `build_model`."""

    strategy: Strategy | None
    entities: Mapping[str, Entity]
    # IDs of files that exist but could not be read or validated, with their kind: references to
    # them are not "unknown", but nothing else can be said of them
    unreadable: Mapping[str, str]
    referenced_by: Mapping[str, tuple[tuple[Entity, Ref], ...]]

    def of_kind(self, cls: type[T]) -> tuple[T, ...]:
        return tuple(e for e in self.entities.values() if isinstance(e, cls))

    @cached_property
    def goals(self) -> tuple[Goal, ...]:
        return self.of_kind(Goal)

    @cached_property
    def kpis(self) -> tuple[Kpi, ...]:
        return self.of_kind(Kpi)

    @cached_property
    def paths(self) -> tuple[GrowthPath, ...]:
        return self.of_kind(GrowthPath)

    @cached_property
    def battles(self) -> tuple[Battle, ...]:
        return self.of_kind(Battle)

    @cached_property
    def tactics(self) -> tuple[Tactic, ...]:
        return self.of_kind(Tactic)

    @cached_property
    def risks(self) -> tuple[Risk, ...]:
        return self.of_kind(Risk)

    @cached_property
    def retros(self) -> tuple[Retro, ...]:
        """Latest period first: the page of past periods reads from the last one back."""
        return tuple(sorted(self.of_kind(Retro), key=lambda r: r.period_start, reverse=True))

    @cached_property
    def people(self) -> tuple[Person, ...]:
        return self.of_kind(Person)

    @cached_property
    def teams(self) -> tuple[Team, ...]:
        return self.of_kind(Team)

    def get(self, entity_id: str | None, cls: type[T]) -> T | None:
        """The entity with that ID if it is of that class."""
        found = self.entities.get(entity_id or "")
        return found if isinstance(found, cls) else None

    def kind_of(self, entity_id: str) -> str | None:
        found = self.entities.get(entity_id)
        return found.kind if found else self.unreadable.get(entity_id)

    def referrers(self, entity_id: str, cls: type[T],
                             field_name: str | None = None) -> tuple[T, ...]:
        """Entities of a class that refer to an ID (through one field, if named), each once."""
        found: dict[str, T] = {}
        for entity, ref in self.referenced_by.get(entity_id, ()):
            if isinstance(entity, cls) and field_name in (None, ref.path[0]):
                found.setdefault(entity.id, entity)
        return tuple(found.values())

    def battles_of(self, goal: Goal) -> tuple[Battle, ...]:
        return self.referrers(goal.id, Battle, "goals")

    def tactics_of(self, battle: Battle) -> tuple[Tactic, ...]:
        return self.referrers(battle.id, Tactic, "battle")

    def children_of(self, goal: Goal) -> tuple[Goal, ...]:
        return self.referrers(goal.id, Goal, "parent")

    def cascade_battles(self, goal: Goal) -> tuple[Battle, ...]:
        """Battles serving the goals cascaded from this one, at any depth (not its own)."""
        found: dict[str, Battle] = {}
        seen = {goal.id}
        pending = list(self.children_of(goal))
        while pending:
            child = pending.pop()
            if child.id in seen:
                continue  # a cycle, reported by SST015
            seen.add(child.id)
            found.update((b.id, b) for b in self.battles_of(child))
            pending.extend(self.children_of(child))
        return tuple(found.values())

    def owned_by(self, owner_id: str) -> tuple[Entity, ...]:
        return self.referrers(owner_id, Entity, "owner")

    def members_of(self, team: Team) -> tuple[Person, ...]:
        return self.referrers(team.id, Person, "team")

    def goal_start(self, goal: Goal) -> date | None:
        if goal.start is not None:
            return goal.start
        return self.strategy.period_start if self.strategy else None

    def iter_references(self) -> Iterator[tuple[Entity, Ref]]:
        for entity in self.entities.values():
            for ref in entity.references():
                yield entity, ref

    def strategy_references(self) -> tuple[Ref, ...]:
        """strategy.yaml's own references (its scenarios' KPIs): strategy.yaml is no entity."""
        return self.strategy.references() if self.strategy else ()


def build_model(documents: list[Document]) -> Model:
    """The model from documents that passed the schema; `unreadable` names the others."""
    entities: dict[str, Entity] = {}
    unreadable: dict[str, str] = {}
    strategy = None
    for document in documents:
        if not document.valid:
            unreadable.update(_declared_elsewhere(document, unreadable))
            continue
        if document.kind == "strategy":
            strategy = _strategy(document)
        elif document.kind == "people":
            for entity in _people(document):
                entities.setdefault(entity.id, entity)
        else:
            entities.setdefault(document.id, _ENTITY_BUILDERS[document.kind](document))
    entities = dict(sorted(entities.items()))
    referenced_by: dict[str, list[tuple[Entity, Ref]]] = defaultdict(list)
    for entity in entities.values():
        for ref in entity.references():
            referenced_by[ref.target].append((entity, ref))
    return Model(
        strategy=strategy,
        entities=MappingProxyType(entities),
        unreadable=MappingProxyType(unreadable),
        referenced_by=MappingProxyType({k: tuple(v) for k, v in referenced_by.items()}),
    )


def _declared_elsewhere(document: Document, known: Mapping[str, str]) -> dict[str, str]:
    """The IDs an invalid document declares, so that references to them are not "unknown"."""
    if document.kind == "strategy":
        return {}
    if document.kind != "people":
        return {} if document.id in known else {document.id: document.kind}
    found: dict[str, str] = {}
    for kind, _, item in listed_people(document):
        found.setdefault(item["id"], kind)
    return found


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _common(document: Document) -> dict[str, Any]:
    data = document.data or {}
    return {
        "id": document.id,
        "title": data["title"],
        "source": Source(document),
        "tags": tuple(data.get("tags", ())),
        "visibility": data.get("visibility"),
        "body": document.body,
    }


def _reviews(items: list[dict[str, Any]]) -> tuple[Review, ...]:
    return tuple(sorted(
        (Review(date.fromisoformat(r["date"]), r["summary"], tuple(r.get("decisions", ())))
         for r in items), key=lambda r: r.date))


def _checkins(items: list[dict[str, Any]]) -> tuple[Checkin, ...]:
    return tuple(sorted(
        (Checkin(date.fromisoformat(c["date"]), c["confidence"], c.get("note"), c.get("by"), i)
         for i, c in enumerate(items)), key=lambda c: c.date))


def _resources(data: dict[str, Any] | None) -> Resources:
    return Resources(**(data or {}))


def _goal(document: Document) -> Goal:
    data = document.data or {}
    return Goal(
        **_common(document),
        category=data["category"], kpi=data["kpi"], baseline=data["baseline"],
        target=data["target"], deadline=date.fromisoformat(data["deadline"]),
        owner=data["owner"], breakthrough=data.get("breakthrough", False),
        parent=data.get("parent"), start=_day(data.get("start")),
        milestones=tuple(sorted(
            (Milestone(date.fromisoformat(m["date"]), m["target"], i)
             for i, m in enumerate(data.get("milestones", ()))), key=lambda m: m.date)),
        checkins=_checkins(data.get("checkins", [])),
    )


def _kpi(document: Document) -> Kpi:
    data = document.data or {}
    return Kpi(
        **_common(document),
        unit=data["unit"], direction=data["direction"], type=data.get("type"),
        frequency=data["frequency"], owner=data["owner"], data_source=data.get("source"),
        measurements=tuple(sorted(
            (Measurement(date.fromisoformat(m["date"]), m["value"], m.get("note"), i)
             for i, m in enumerate(data.get("measurements", ()))), key=lambda m: m.date)),
    )


def _path(document: Document) -> GrowthPath:
    data = document.data or {}
    return GrowthPath(
        **_common(document),
        status=data["status"], approach=data.get("approach"), goals=tuple(data.get("goals", ())),
        resources=_resources(data.get("resources")), expected_return=data.get("expected_return"),
        rejection_reason=data.get("rejection_reason"),
    )


def _battle(document: Document) -> Battle:
    data = document.data or {}
    return Battle(
        **_common(document),
        objective=data["objective"], kpi=data["kpi"], target=data["target"],
        baseline=data.get("baseline"), start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]), goals=tuple(data["goals"]), path=data["path"],
        significance=data["significance"], owner=data["owner"],
        status=data.get("status", "planned"), resources=_resources(data.get("resources")),
        review_cadence=data.get("review_cadence", "biweekly"),
        reviews=_reviews(data.get("reviews", [])),
        checkins=_checkins(data.get("checkins", [])),
    )


def _tactic(document: Document) -> Tactic:
    data = document.data or {}
    metric = data.get("metric")
    return Tactic(
        **_common(document),
        battle=data["battle"], category=data["category"], owner=data["owner"],
        win_criteria=data["win_criteria"],
        metric=Metric(metric["kpi"], metric["target"]) if metric else None,
        start=_day(data.get("start")), end=_day(data.get("end")),
        status=data.get("status", "todo"),
        actions=tuple(
            Action(a["action"], a["owner"], date.fromisoformat(a["due"]), a.get("measure"),
                   a.get("done", False))
            for a in data.get("actions", ())),
        reviews=_reviews(data.get("reviews", [])),
        review_cadence=data.get("review_cadence"),
    )


def _risk(document: Document) -> Risk:
    data = document.data or {}
    return Risk(
        **_common(document),
        likelihood=data["likelihood"], impact=data["impact"], owner=data["owner"],
        mitigation=data["mitigation"], threatens=tuple(data.get("threatens", ())),
    )


def _retro(document: Document) -> Retro:
    data = document.data or {}
    start = date.fromisoformat(data["period"]["start"])
    end = date.fromisoformat(data["period"]["end"])
    return Retro(
        id=document.id, title=data.get("title") or period_name(start, end),
        source=Source(document), tags=tuple(data.get("tags", ())),
        visibility=data.get("visibility"), body=document.body,
        period_start=start, period_end=end,
        execution=MappingProxyType(dict(data.get("execution", {}))),
        results=tuple(RetroResult(r["id"], r["status"], r["score"], r.get("title"), r.get("kind"),
                                  r.get("visibility"))
                      for r in data.get("results", ())),
    )


_ENTITY_BUILDERS = {
    "goal": _goal, "kpi": _kpi, "path": _path, "battle": _battle, "tactic": _tactic, "risk": _risk,
    "retro": _retro,
}


def _people(document: Document) -> Iterator[Entity]:
    data = document.data or {}
    for index, team in enumerate(data.get("teams", ())):
        yield Team(id=team["id"], title=team["name"], source=Source(document, ("teams", index)),
                   visibility=team.get("visibility"), github=team.get("github"))
    for index, person in enumerate(data.get("people", ())):
        yield Person(id=person["id"], title=person["name"],
                     source=Source(document, ("people", index)),
                     visibility=person.get("visibility"), team=person.get("team"),
                     role=person.get("role"), github=person.get("github"))


def _strategy(document: Document) -> Strategy:
    data = document.data or {}
    positioning = data["positioning"]
    swot = data.get("swot", {})
    return Strategy(
        company=data["company"],
        period_start=date.fromisoformat(data["period"]["start"]),
        period_end=date.fromisoformat(data["period"]["end"]),
        domain=data["domain"],
        positioning=Positioning(
            positioning["who_we_are"], positioning["who_we_serve"], tuple(positioning["pains"]),
            positioning["differentiation"], positioning["value_proposition"]),
        not_do=tuple(NotDo(n["item"], n["reason"]) for n in data["not_do"]),
        source=Source(document),
        vision=data.get("vision"),
        mission=data.get("mission"),
        strengths=tuple(Strength(s["name"], s["score"], s.get("note"))
                        for s in data.get("strengths", ())),
        swot=MappingProxyType({k: tuple(v) for k, v in swot.items()}),
        focus=data.get("focus"),
        audiences=tuple(data.get("audiences", ())),
        tags=tuple(data.get("tags", ())),
        currency=data.get("currency"),
        capacity=Capacity(**data["capacity"]) if "capacity" in data else None,
        scenarios=tuple(
            Scenario(sc["name"], sc["assumption"],
                     Trigger(sc["trigger"]["kpi"], sc["trigger"].get("above"),
                             sc["trigger"].get("below")), sc["response"], i)
            for i, sc in enumerate(data.get("scenarios", ()))),
        interviews=tuple(
            Interview(date.fromisoformat(iv["date"]), iv["who"], iv["pain"], iv.get("quote"), i)
            for i, iv in enumerate(data.get("interviews", ()))),
    )
