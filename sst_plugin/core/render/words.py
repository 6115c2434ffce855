"""Plain words for the values a strategy file holds: states, categories, kinds and relations.

The files speak in slugs and field names (`customer-ops`, `todo`, `metric.kpi`); a reader of the
site should not have to know them. One table per vocabulary, so that a word is changed in one place.
"""

from __future__ import annotations

STATES = {
    # health of goals and battles (spec §5)
    "achieved": "achieved", "on-track": "on track", "at-risk": "at risk",
    "off-track": "off track", "missed": "missed", "no-data": "no data",
    # battles as declared
    "planned": "planned", "active": "active", "won": "won", "lost": "lost",
    "abandoned": "abandoned",
    # paths
    "selected": "selected", "candidate": "candidate", "rejected": "rejected",
    # tactics and actions
    "todo": "to do", "doing": "doing", "done": "done", "dropped": "dropped",
    "overdue": "overdue", "due": "due", "open": "open",
}
CATEGORIES = {
    # goals
    "revenue": "Revenue", "profit": "Profit", "customers": "Customers",
    "organization": "Organization", "other": "Other",
    # tactics
    "acquisition": "Acquisition", "product": "Product", "conversion": "Conversion",
    "customer-ops": "Customer operations",
}
APPROACHES = {
    "hero-product": "Hero product", "regional": "New region", "channel": "New channel",
    "retention-referral": "Retention and referral", "partnership": "Partnership",
    "other": "Other approach",
}
KINDS = {"goal": "goal", "kpi": "KPI", "path": "path", "battle": "battle", "tactic": "tactic",
         "risk": "risk", "person": "person", "team": "team"}
KINDS_PLURAL = {"goal": "goals", "kpi": "KPIs", "path": "paths", "battle": "battles",
                "tactic": "tactics", "risk": "risks", "person": "people", "team": "teams"}
# what the entity holding a reference does to the one it names, by the reference's field:
# read as "<referrer> <phrase>", e.g. "Spring launch serves this goal"
RELATIONS = {
    "kpi": "is measured by this KPI",
    "metric.kpi": "moves this KPI",
    "goals": "serves this goal",
    "parent": "cascades from this goal",
    "path": "follows this path",
    "battle": "fights this battle",
    "threatens": "threatens this {kind}",
    "owner": "is owned by them",
    "actions.owner": "has an action for them",
    "team": "is a member",
}
DIRECTIONS = {"increase": "higher is better", "decrease": "lower is better"}
KPI_TYPES = {"leading": "leading indicator", "lagging": "lagging indicator"}


def state(value: str | None) -> str:
    """`todo` → `to do`, `on-track` → `on track`; an unknown state as written, hyphens spaced."""
    if not value:
        return ""
    return STATES.get(value, value.replace("-", " "))


def category(value: str | None) -> str:
    if not value:
        return ""
    return CATEGORIES.get(value, value.replace("-", " ").capitalize())


def approach(value: str | None) -> str:
    if not value:
        return ""
    return APPROACHES.get(value, value.replace("-", " ").capitalize())


def kind(value: str) -> str:
    return KINDS.get(value, value)


def kinds(value: str) -> str:
    return KINDS_PLURAL.get(value, f"{value}s")


def relation(field: str, target_kind: str) -> str:
    """The phrase for a reference in FIELD (path without list indexes) to an entity of a kind."""
    phrase = RELATIONS.get(field)
    if phrase is None:  # a field this table does not know yet: still words, not a field path
        phrase = f"names this {{kind}} in its {field.replace('.', ' ').replace('_', ' ')}"
    return phrase.format(kind=kind(target_kind))


def direction(value: str | None) -> str:
    return DIRECTIONS.get(value or "", value or "")


def kpi_type(value: str | None) -> str:
    return KPI_TYPES.get(value or "", value or "")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 action`, `3 actions`."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
