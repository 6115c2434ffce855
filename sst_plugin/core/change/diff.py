"""What a change to the strategy means: entities added, removed, renamed; fields changed in plain
words with units; findings introduced and resolved; health that moves."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..findings import Finding, shorten
from ..health.audience import Audience, may_see
from ..model.model import Battle, Entity, Goal, Kpi
from ..read.config import Settings
from ..read.load import listed_people
from ..rules.check import CheckResult
from ..text import date_range, day, number

KIND_TITLES = {"strategy": "Strategy", "goal": "Goal", "kpi": "KPI", "path": "Path",
               "battle": "Battle", "tactic": "Tactic", "risk": "Risk", "person": "Person",
               "team": "Team", "retro": "Retrospective"}
RENAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    text: str  # in plain words, with units


@dataclass(frozen=True)
class EntityDiff:
    kind: str
    id: str
    title: str
    changes: tuple[Change, ...] = ()
    old_id: str | None = None  # set for a rename


@dataclass(frozen=True)
class HealthChange:
    kind: str
    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Suspect:
    """An entity that depends on something the change touched: its owner should look again."""

    kind: str
    id: str
    title: str
    owner: str
    owner_name: str
    reasons: tuple[str, ...]


# the fields whose change puts what depends on them in doubt
SUSPECT_FIELDS = {"goal": {"target", "deadline", "kpi", "baseline"},
                  "battle": {"dates", "target"}}


@dataclass(frozen=True)
class StrategyDiff:
    added: tuple[EntityDiff, ...]
    removed: tuple[EntityDiff, ...]
    renamed: tuple[EntityDiff, ...]
    changed: tuple[EntityDiff, ...]
    health: tuple[HealthChange, ...]
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    suspects: tuple[Suspect, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.health
                    or self.introduced or self.resolved)


@dataclass(frozen=True)
class _Record:
    """One entity's values as written, for comparison."""

    kind: str
    id: str
    title: str
    data: Mapping[str, Any]
    file: str
    visibility: str | None


def diff_results(base: CheckResult, head: CheckResult, settings: Settings) -> StrategyDiff:
    """The meaning of the change from BASE to HEAD, as one audience may see it: what it may not
    see is left out, and what visible entities borrow from it reads "restricted"."""
    base_records, head_records = _all_records(base), _all_records(head)
    base_audience = _audience(base, base_records, settings)
    head_audience = _audience(head, head_records, settings)
    before = _Redacted(base_records, base_audience)
    after = _Redacted(head_records, head_audience)
    removed_ids = sorted(set(before.visible) - set(after.visible))
    added_ids = sorted(set(after.visible) - set(before.visible))
    renames = _renames([before[i] for i in removed_ids], [after[i] for i in added_ids])
    renamed_old = {old.id for old, _ in renames}
    renamed_new = {new.id for _, new in renames}
    units = _Units(head_audience, base_audience)
    # what both sides hide alike, they redact alike: values equal as written are no change
    same_hidden = base_audience.hidden_ids == head_audience.hidden_ids
    changed = []
    for entity_id in sorted(set(before.visible) & set(after.visible)):
        old_data, new_data = before.visible[entity_id].data, after.visible[entity_id].data
        if same_hidden and (old_data is new_data or old_data == new_data):
            continue  # most of a large strategy: a file read once for both sides (same object)
        changes = tuple(_changes(before[entity_id], after[entity_id], units))
        if changes:
            record = after[entity_id]
            changed.append(EntityDiff(record.kind, record.id, record.title, changes))
    hidden = {r.file for r in (*base_records.values(), *head_records.values())
              if not _visible(r.visibility, settings)}
    both = Audience(head.model, settings, base_audience.hidden_ids | head_audience.hidden_ids)
    introduced, resolved = _finding_changes(base.findings, head.findings, hidden, both)
    return StrategyDiff(
        added=tuple(_entry(after[i]) for i in added_ids if i not in renamed_new),
        removed=tuple(_entry(before[i]) for i in removed_ids if i not in renamed_old),
        renamed=tuple(EntityDiff(new.kind, new.id, new.title,
                                 tuple(_changes(old, new, units)), old_id=old.id)
                      for old, new in renames),
        changed=tuple(changed),
        health=tuple(_health_changes(base_audience, head_audience)),
        introduced=introduced,
        resolved=resolved,
        suspects=tuple(_suspects(changed, head_audience)),
    )


def _visible(visibility: object, settings: Settings) -> bool:
    return may_see(visibility if isinstance(visibility, str) else None, settings.audience)


def _audience(result: CheckResult, records: Mapping[str, _Record],
              settings: Settings) -> Audience:
    """The audience's share of one side, hiding also the files the model could not read."""
    hidden = {i for i, r in records.items() if not _visible(r.visibility, settings)}
    return Audience(result.model, settings, frozenset(hidden))


def _entry(record: _Record) -> EntityDiff:
    return EntityDiff(record.kind, record.id, record.title)


class _Redacted:
    """The records this audience may see, each with its references to hidden entities
    "restricted" when it is asked for (most are never compared field by field)."""

    def __init__(self, records: Mapping[str, _Record], audience: Audience) -> None:
        self.visible = {k: r for k, r in records.items()
                        if _visible(r.visibility, audience.settings)}
        self.audience = audience
        self.done: dict[str, _Record] = {}

    def __getitem__(self, entity_id: str) -> _Record:
        if entity_id not in self.done:
            record = self.visible[entity_id]
            self.done[entity_id] = dataclasses.replace(
                record, data=self.audience.redact(record.data))
        return self.done[entity_id]


def _all_records(result: CheckResult) -> dict[str, _Record]:
    records: dict[str, _Record] = {}
    for document in result.documents:
        data = document.data
        if not isinstance(data, dict):
            continue
        if document.kind == "strategy":
            body = {k: v for k, v in data.items()}
            records["strategy"] = _Record("strategy", "strategy", str(data.get("company", "")),
                                          body, document.file, None)
        elif document.kind == "people":
            for kind, _, item in listed_people(document):
                records[item["id"]] = _Record(kind, item["id"], str(item.get("name", "")), item,
                                              document.file, item.get("visibility"))
        else:
            values = dict(data)
            if document.body.strip():
                values["narrative"] = " ".join(document.body.split())  # rewrapping is no change
            records[document.id] = _Record(document.kind, document.id,
                                           str(data.get("title", document.id)), values,
                                           document.file, data.get("visibility"))
    return records


def _similarity(old: _Record, new: _Record) -> float:
    keys = set(old.data) | set(new.data)
    same = sum(1 for k in keys if old.data.get(k) == new.data.get(k))
    return same / len(keys) if keys else 0.0


def _renames(removed: list[_Record], added: list[_Record]) -> list[tuple[_Record, _Record]]:
    """Pairs of a removed and an added entity of one kind that are mostly the same."""
    candidates = sorted(
        ((_similarity(old, new), old.id, new.id, old, new) for old in removed for new in added
         if old.kind == new.kind), key=lambda c: (-c[0], c[1], c[2]))
    pairs: list[tuple[_Record, _Record]] = []
    used: set[str] = set()
    for score, old_id, new_id, old, new in candidates:
        if score >= RENAME_SIMILARITY and old_id not in used and new_id not in used:
            used.update((old_id, new_id))
            pairs.append((old, new))
    return pairs


class _Units:
    """The unit a number is in: its KPI's, looked up in HEAD, else in BASE; none from a KPI
    the audience may not see."""

    def __init__(self, *audiences: Audience) -> None:
        self.audiences = audiences

    def of(self, kpi_id: Any) -> str:
        for audience in self.audiences:
            kpi = audience.entity(kpi_id if isinstance(kpi_id, str) else None)
            if isinstance(kpi, Kpi):
                return kpi.unit
        return ""


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, str):
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            return f"“{shorten(' '.join(value.split()), 80)}”"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items())
    return shorten(value)


def _quantity(value: Any, unit: str) -> str:
    return f"{_show(value)} {unit}".strip() if value is not None else "nothing"


def _from_to(before: Any, after: Any, unit: str) -> str:
    """`46,000 → 48,000 EUR`: the unit once, at the end."""
    return f"{_show(before)} → {_show(after)} {unit}".rstrip()


def _changes(old: _Record, new: _Record, units: _Units) -> Iterator[Change]:
    """Each change from OLD to NEW in plain words: a few fields told together, then each other
    field that differs, a list of records item by item."""
    a, b = old.data, new.data
    handled: set[str] = set()
    for fields, combined in _COMBINED:
        change = combined(old, new)
        if change is not None:
            handled.update(fields)
            yield change
    unit = units.of(b.get("kpi", a.get("kpi")))
    for field in sorted(set(a) | set(b)):
        if field not in handled and a.get(field) != b.get(field):
            yield from _field_changes(field, old.kind, a, b, unit, units)


def _dates_change(old: _Record, new: _Record) -> Change | None:
    """A battle's or tactic's start and end, as one range."""
    a, b = old.data, new.data
    before, after = [a.get("start"), a.get("end")], [b.get("start"), b.get("end")]
    if old.kind not in ("battle", "tactic") or before == after:
        return None
    return Change("dates", before, after, f"Dates: {_range(a)} → {_range(b)}")


def _path_status_change(old: _Record, new: _Record) -> Change | None:
    """A path selected or rejected (with its reason), as one line."""
    before, after = old.data.get("status"), new.data.get("status")
    if old.kind != "path" or before == after:
        return None
    if after == "rejected":
        text = f"Path rejected: {_show(new.data.get('rejection_reason'))}"
    elif after == "selected":
        text = f"Path selected (was {before})"
    else:
        text = f"Status: {before} → {after}"
    return Change("status", before, after, text)


# changes told in one line for several fields: the fields, and how to tell them
_COMBINED: tuple[tuple[tuple[str, ...], Callable[[_Record, _Record], Change | None]], ...] = (
    (("start", "end"), _dates_change),
    (("status", "rejection_reason"), _path_status_change),
)


def _field_changes(field: str, kind: str, a: Mapping[str, Any], b: Mapping[str, Any],
                   unit: str, units: _Units) -> Iterator[Change]:
    records = _record_changes(field, a, b, unit)
    if records is not None:
        yield from records
        return
    before, after = a.get(field), b.get(field)
    yield Change(field, before, after, _field_text(field, kind, before, after, unit, units))


def _record_changes(field: str, a: Mapping[str, Any], b: Mapping[str, Any],
                    unit: str) -> Iterator[Change] | None:
    """A list of records, item by item; None for any other field."""
    before, after = a.get(field) or [], b.get(field) or []
    if field == "measurements":
        kpi_unit = b.get("unit", a.get("unit", ""))
        return _dated_changes(field, before, after, "value", "Measurement", kpi_unit)
    if field == "milestones":
        return _dated_changes(field, before, after, "target", "Milestone", unit)
    if field == "reviews":
        return _review_changes(before, after)
    if field == "actions":
        return _action_changes(before, after)
    if field == "checkins":
        return _checkin_changes(before, after)
    return None


def _field_text(field: str, kind: str, before: Any, after: Any, unit: str,
                units: _Units) -> str:
    if field in ("target", "baseline") and kind in ("goal", "battle"):
        return f"{_label(field)}: {_from_to(before, after, unit)}"
    if field == "metric" and isinstance(before, dict | None) and isinstance(after, dict):
        return _metric_text(before or {}, after, units)
    if isinstance(before, list) or isinstance(after, list):
        return _list_change(field, before or [], after or [])
    if field == "narrative":
        return "Narrative rewritten" if before and after else \
            "Narrative added" if after else "Narrative removed"
    if field == "visibility":
        return f"Visibility: {before or 'everyone'} → {after or 'everyone'}"
    if before is None:
        return f"{_label(field)} set: {_show(after)}"
    if after is None:
        return f"{_label(field)} removed (was {_show(before)})"
    return f"{_label(field)}: {_show(before)} → {_show(after)}"


def _metric_text(before: Mapping[str, Any], after: Mapping[str, Any], units: _Units) -> str:
    """A tactic's metric: `KPI target → KPI target unit`."""
    unit = units.of(after.get("kpi"))
    return (f"Metric: {_show(before.get('kpi'))} {_quantity(before.get('target'), '')} → "
            f"{_show(after.get('kpi'))} {_quantity(after.get('target'), unit)}")


def _range(data: Mapping[str, Any]) -> str:
    try:
        return date_range(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))
    except (KeyError, TypeError, ValueError):
        return f"{_show(data.get('start'))}–{_show(data.get('end'))}"


def _list_change(field: str, before: list[Any], after: list[Any]) -> str:
    if not all(isinstance(v, str) for v in (*before, *after)):
        return f"{_label(field)}: {_show(before)} → {_show(after)}"
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    parts = []
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    return f"{_label(field)}: {'; '.join(parts) or 'reordered'}"


def _by_date(items: list[Any]) -> dict[str, dict[str, Any]]:
    return {str(i.get("date")): i for i in items if isinstance(i, dict)}


def _changed_by_date(before: list[Any], after: list[Any],
                     ) -> Iterator[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]:
    """Two versions of a dated list, item by item in date order: each date whose item was
    added, removed or changed, with its item before and after (None where there was none)."""
    old, new = _by_date(before), _by_date(after)
    for when in sorted(set(old) | set(new)):
        a, b = old.get(when), new.get(when)
        if a != b:
            yield when, a, b


def _dated_changes(field: str, before: list[Any], after: list[Any], value: str, what: str,
                   unit: str) -> Iterator[Change]:
    for when, a, b in _changed_by_date(before, after):
        shown = _show(when)
        if a is None and b is not None:
            text = f"{what} {shown}: {_quantity(b.get(value), unit)} (new)"
        elif b is None and a is not None:
            text = f"{what} {shown} removed (was {_quantity(a.get(value), unit)})"
        elif a is not None and b is not None and a.get(value) != b.get(value):
            text = f"{what} {shown}: {_from_to(a.get(value), b.get(value), unit)}"
        else:
            text = f"{what} {shown}: note changed"
        yield Change(field, a, b, text)


def _review_changes(before: list[Any], after: list[Any]) -> Iterator[Change]:
    for when, a, b in _changed_by_date(before, after):
        if a is None and b is not None:
            text = f"Review added ({_show(when)}): {_show(b.get('summary'))}"
        elif b is None:
            text = f"Review of {_show(when)} removed"
        else:
            text = f"Review of {_show(when)} changed"
        yield Change("reviews", a, b, text)


def _checkin_changes(before: list[Any], after: list[Any]) -> Iterator[Change]:
    """A check-in (spec §8) a line, by its date: the one `sst checkin` adds reads in full."""
    for when, a, b in _changed_by_date(before, after):
        if a is None and b is not None:
            by = f" by {_show(b.get('by'))}" if b.get("by") else ""
            note = f": {_show(b.get('note'))}" if b.get("note") else ""
            text = (f"Check-in added ({_show(when)}): confidence "
                    f"{_show(b.get('confidence'))}/10{by}{note}")
        elif b is None:
            text = f"Check-in of {_show(when)} removed"
        elif a is not None and a.get("confidence") != b.get("confidence"):
            text = (f"Check-in of {_show(when)}: confidence {_show(a.get('confidence'))} → "
                    f"{_show(b.get('confidence'))}")
        else:
            text = f"Check-in of {_show(when)} changed"
        yield Change("checkins", a, b, text)


def _action_changes(before: list[Any], after: list[Any]) -> Iterator[Change]:
    def key(item: Any) -> str:
        return str(item.get("action")) if isinstance(item, dict) else str(item)

    old = {key(i): i for i in before}
    new = {key(i): i for i in after}
    for name in [*(k for k in old if k not in new), *new]:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        label = shorten(name, 60)
        if a is None and isinstance(b, dict):
            text = f"Action added: {label} ({b.get('owner')}, due {_show(b.get('due'))})"
        elif a is None:
            text = f"Action added: {label}"
        elif b is None:
            text = f"Action removed: {label}"
        elif not (isinstance(a, dict) and isinstance(b, dict)):  # a file the schema refuses
            text = f"Action {label} changed"
        else:
            text = f"Action {label}: {'; '.join(_action_details(a, b))}"
        yield Change("actions", a, b, text)


def _action_details(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """What changed in one action: ticked off or reopened, then owner, due date and measure;
    "changed" for any other field, so that the line never ends at its colon."""
    details = []
    if bool(a.get("done")) != bool(b.get("done")):  # an absent `done` is not done
        details.append("done" if b.get("done") else "reopened")
    details += [f"{_label(f)} {_show(a.get(f))} → {_show(b.get(f))}"
                for f in ("owner", "due", "measure") if a.get(f) != b.get(f)]
    return details or ["changed"]


def _suspects(changed: list[EntityDiff], audience: Audience) -> Iterator[Suspect]:
    """Battles serving a goal whose target, deadline, KPI or baseline moved; child goals of it;
    tactics of a battle whose dates or target moved."""
    model = audience.model
    reasons: dict[str, list[str]] = {}
    for entry in changed:
        moved = [c for c in entry.changes if c.field in SUSPECT_FIELDS.get(entry.kind, ())]
        if not moved:
            continue
        what = "; ".join(c.text for c in moved)
        dependents: list[tuple[Entity, str]] = []
        goal = model.get(entry.id, Goal) if entry.kind == "goal" else None
        battle = model.get(entry.id, Battle) if entry.kind == "battle" else None
        if goal is not None:
            dependents += [(b, f"the goal it serves, `{goal.id}`,") for b in model.battles_of(goal)]
            dependents += [(c, f"its parent goal `{goal.id}`") for c in model.children_of(goal)]
        if battle is not None:
            dependents += [(t, f"its battle `{battle.id}`") for t in model.tactics_of(battle)]
        for dependent, relation in dependents:
            if audience.can_see(dependent):
                reasons.setdefault(dependent.id, []).append(f"{relation} changed: {what}")
    for entity_id in sorted(reasons):
        entity = model.entities[entity_id]
        owner_id = str(getattr(entity, "owner", ""))
        yield Suspect(entity.kind, entity.id, entity.title, audience.reference(owner_id),
                      audience.name_of(owner_id), tuple(reasons[entity_id]))


def _finding_changes(base: tuple[Finding, ...], head: tuple[Finding, ...], hidden: set[str],
                     audience: Audience) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """Findings by code, file and message: a finding that only moved lines did not change.
    Findings in hidden files are left out; hidden IDs in the others' messages (a reference, a
    "did you mean") read "restricted"."""

    def key(found: Finding) -> tuple[str, str, str]:
        return (found.code, found.place.file if found.place else "", found.message)

    def shown(found: Finding) -> bool:
        return not (found.place and found.place.file in hidden)

    def redacted(found: Finding) -> Finding:
        return dataclasses.replace(found, message=audience.message(found.message))

    old = {key(f) for f in base}
    new = {key(f) for f in head}
    return (tuple(redacted(f) for f in head if key(f) not in old and shown(f)),
            tuple(redacted(f) for f in base if key(f) not in new and shown(f)))


def _health_changes(base: Audience, head: Audience) -> Iterator[HealthChange]:
    """Status that moved, both sides read on the same date, so only the change counts; none
    where the audience may not see the KPI."""
    measured: list[Goal | Battle] = [*head.model.goals, *head.model.battles]
    for new in head.visible(measured):
        old = base.model.get(new.id, type(new))
        before = base.health(old) if old is not None else None
        after = head.health(new)
        if before and after and before.status != after.status:
            yield HealthChange(new.kind, new.id, new.title, before.status, after.status)
