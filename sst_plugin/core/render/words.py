"""Plain words for the values a strategy file holds: states, categories, kinds and relations.

The files speak in slugs and field names (`customer-ops`, `todo`, `metric.kpi`); a reader of the
site should not have to know them. One table per vocabulary, so that a word is changed in one
place; each word is a message of the catalogue (marked with N_/NP_ here, translated where it is
shown), with a context where the English word alone is ambiguous (`done` the state, `Product`
the category).
"""

from __future__ import annotations

from ..health.due import DUE_WORDS
from ..language import ENGLISH, N_, NP_, Language

STATES = {
    # health of goals and battles (spec §5)
    "achieved": NP_("state", "achieved"), "on-track": NP_("state", "on track"),
    "at-risk": NP_("state", "at risk"), "off-track": NP_("state", "off track"),
    "missed": NP_("state", "missed"), "no-data": NP_("state", "no data"),
    # battles as declared
    "planned": NP_("state", "planned"), "active": NP_("state", "active"),
    "won": NP_("state", "won"), "lost": NP_("state", "lost"),
    "abandoned": NP_("state", "abandoned"),
    # paths
    "selected": NP_("state", "selected"), "candidate": NP_("state", "candidate"),
    "rejected": NP_("state", "rejected"),
    # tactics and actions
    "todo": NP_("state", "to do"), "doing": NP_("state", "doing"), "done": NP_("state", "done"),
    "dropped": NP_("state", "dropped"), "overdue": NP_("state", "overdue"),
    "due": NP_("state", "due"), "open": NP_("state", "open"),
    # scenarios (spec §8): has the trigger fired, as of the build date
    "fired": NP_("state", "fired"), "holding": NP_("state", "holding"),
}
CATEGORIES = {
    # goals
    "revenue": NP_("category", "Revenue"), "profit": NP_("category", "Profit"),
    "customers": NP_("category", "Customers"), "organization": NP_("category", "Organization"),
    "other": NP_("category", "Other"),
    # tactics
    "acquisition": NP_("category", "Acquisition"), "product": NP_("category", "Product"),
    "conversion": NP_("category", "Conversion"),
    "customer-ops": NP_("category", "Customer operations"),
}
APPROACHES = {
    "hero-product": N_("Hero product"), "regional": N_("New region"),
    "channel": N_("New channel"), "retention-referral": N_("Retention and referral"),
    "partnership": N_("Partnership"), "other": N_("Other approach"),
}
KINDS = {"goal": NP_("kind", "goal"), "kpi": NP_("kind", "KPI"), "path": NP_("kind", "path"),
         "battle": NP_("kind", "battle"), "tactic": NP_("kind", "tactic"),
         "risk": NP_("kind", "risk"), "person": NP_("kind", "person"),
         "team": NP_("kind", "team"), "retro": NP_("kind", "retrospective")}
# a heading's plural ("Goals" over a list): a count's plural goes through ngettext instead
KINDS_PLURAL = {"goal": NP_("kinds", "goals"), "kpi": NP_("kinds", "KPIs"),
                "path": NP_("kinds", "paths"), "battle": NP_("kinds", "battles"),
                "tactic": NP_("kinds", "tactics"), "risk": NP_("kinds", "risks"),
                "person": NP_("kinds", "people"), "team": NP_("kinds", "teams"),
                "retro": NP_("kinds", "retrospectives")}
# what the entity holding a reference does to the one it names, by the reference's field:
# read as "<referrer> <phrase>", e.g. "Spring launch serves this goal"; `threatens` by the
# kind it names, since a language may agree "this" with the noun
RELATIONS = {
    "kpi": N_("is measured by this KPI"),
    "metric.kpi": N_("moves this KPI"),
    "goals": N_("serves this goal"),
    "parent": N_("cascades from this goal"),
    "path": N_("follows this path"),
    "battle": N_("fights this battle"),
    "threatens": N_("threatens this {kind}"),
    "threatens.goal": N_("threatens this goal"),
    "threatens.battle": N_("threatens this battle"),
    "threatens.path": N_("threatens this path"),
    "threatens.tactic": N_("threatens this tactic"),
    "threatens.kpi": N_("threatens this KPI"),
    "owner": N_("is owned by them"),
    "actions.owner": N_("has an action for them"),
    "team": N_("is a member"),
}
DIRECTIONS = {"increase": N_("higher is better"), "decrease": N_("lower is better")}
KPI_TYPES = {"leading": N_("leading indicator"), "lagging": N_("lagging indicator")}
FREQUENCIES = {"weekly": NP_("frequency", "weekly"), "biweekly": NP_("frequency", "biweekly"),
               "monthly": NP_("frequency", "monthly"),
               "quarterly": NP_("frequency", "quarterly")}
# what is due (health/due.py writes it in English): each whole, so that a language may order it
TASK_KINDS = {"measurement": NP_("task", "Measurement"), "review": NP_("task", "Review"),
              "action": NP_("task", "Action"), "checkin": NP_("task", "Check-in")}


def state(value: str | None, language: Language = ENGLISH) -> str:
    """`todo` → `to do`, `on-track` → `on track`; an unknown state as written, hyphens spaced."""
    if not value:
        return ""
    word = STATES.get(value)
    return language.pgettext("state", word) if word else value.replace("-", " ")


def category(value: str | None, language: Language = ENGLISH) -> str:
    if not value:
        return ""
    word = CATEGORIES.get(value)
    return language.pgettext("category", word) if word else \
        value.replace("-", " ").capitalize()


def approach(value: str | None, language: Language = ENGLISH) -> str:
    if not value:
        return ""
    word = APPROACHES.get(value)
    return language.gettext(word) if word else value.replace("-", " ").capitalize()


def kind(value: str, language: Language = ENGLISH) -> str:
    word = KINDS.get(value)
    return language.pgettext("kind", word) if word else value


def kinds(value: str, language: Language = ENGLISH) -> str:
    word = KINDS_PLURAL.get(value)
    return language.pgettext("kinds", word) if word else f"{value}s"


def relation(field: str, target_kind: str, language: Language = ENGLISH) -> str:
    """The phrase for a reference in FIELD (path without list indexes) to an entity of a kind."""
    phrase = RELATIONS.get(f"{field}.{target_kind}") or RELATIONS.get(field)
    if phrase is None:  # a field this table does not know yet: still words, not a field path
        return language.gettext("names this {kind} in its {field}").format(
            kind=kind(target_kind, language), field=field.replace(".", " ").replace("_", " "))
    return language.gettext(phrase).format(kind=kind(target_kind, language))


def direction(value: str | None, language: Language = ENGLISH) -> str:
    word = DIRECTIONS.get(value or "")
    return language.gettext(word) if word else value or ""


def kpi_type(value: str | None, language: Language = ENGLISH) -> str:
    word = KPI_TYPES.get(value or "")
    return language.gettext(word) if word else value or ""


def frequency(value: str | None, language: Language = ENGLISH) -> str:
    word = FREQUENCIES.get(value or "")
    return language.pgettext("frequency", word) if word else value or ""


def due_words(text: str, language: Language = ENGLISH) -> str:
    """What is due, as health/due.py words it (`monthly measurement`, `Hold the weekly
    review`), in LANGUAGE; an action's own text as its plan writes it."""
    return language.gettext(text) if text in DUE_WORDS else text


def task_kind(value: str, language: Language = ENGLISH) -> str:
    """`Measurement`, `Check-in`: the kind of a thing due, as a table's cell starts it."""
    word = TASK_KINDS.get(value)
    return language.pgettext("task", word) if word else value.capitalize()
