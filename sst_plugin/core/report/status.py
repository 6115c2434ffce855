"""`sst status`: goals and battles with their health, for a terminal."""

from __future__ import annotations

import unicodedata

from ..health.audience import RESTRICTED, Audience
from ..health.due import updates_due
from ..health.execution import Execution, Share, execution_score
from ..health.health import Health
from ..language import ENGLISH, NP_, Language
from ..model.model import Battle, Goal, Model, latest_checkin
from ..read.config import Settings
from ..render import words
from ..text import visible

_COLOURS = {"achieved": "\033[34m", "on-track": "\033[32m", "at-risk": "\033[33m",
            "off-track": "\033[31m", "missed": "\033[35m", "no-data": "\033[2m"}
_RESET = "\033[0m"
# a terminal's columns show the states as slugs, in English (`on-track`); each language its word
SLUGS = (NP_("status slug", "achieved"), NP_("status slug", "on-track"),
         NP_("status slug", "at-risk"), NP_("status slug", "off-track"),
         NP_("status slug", "missed"), NP_("status slug", "no-data"),
         NP_("status slug", "planned"), NP_("status slug", "active"),
         NP_("status slug", "won"), NP_("status slug", "lost"),
         NP_("status slug", "abandoned"), NP_("status slug", "overdue"),
         NP_("status slug", "due"), NP_("task kind", "measurement"),
         NP_("task kind", "review"), NP_("task kind", "action"), NP_("task kind", "checkin"))
BAR_WIDTH = 20


def _bar(health: Health | None) -> str:
    share = 0.0 if health is None or health.progress is None else health.progress
    filled = round(max(0.0, min(1.0, share)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _status(health: Health | None, colour: bool, language: Language) -> str:
    status = health.status if health else "no-data"
    text = _padded(language.pgettext("status slug", status), 10)
    return f"{_COLOURS[status]}{text}{_RESET}" if colour else text


def _progress(health: Health | None, language: Language) -> str:
    if health is None or health.progress is None:
        return language.gettext("no data")
    # the share padded to three places, as the bar's column lines up in English
    share = language.percent(health.progress)
    share = " " * (5 - len(share)) + share if language.english_formats else share
    return language.gettext("{share} (expected {expected})").format(
        share=share, expected=language.percent(health.expected))


def _padded(text: str, width: int) -> str:
    """TEXT left-aligned in WIDTH terminal columns: a CJK character takes two."""
    return text + " " * max(0, width - _columns(text))


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _health_columns(audience: Audience, entity: Goal | Battle, colour: bool,
                    language: Language) -> str:
    """Status, bar and progress; "restricted" where the KPI is hidden, as on the site."""
    if audience.hides(entity.kpi):
        restricted = language.gettext(RESTRICTED)
        return f"{_padded(restricted, 10)} {_bar(None)} {_padded(restricted, 26)}"
    health = audience.health(entity)
    return (f"{_status(health, colour, language)} {_bar(health)} "
            f"{_padded(_progress(health, language), 26)}")


def _confidence(entity: Goal | Battle, settings: Settings, language: Language) -> str:
    """The owner's latest word (spec §8), after the computed status it never changes."""
    found = latest_checkin(entity, settings.as_of)
    if found is None:
        return ""
    return language.gettext(" · confidence {confidence}/10 ({date})").format(
        confidence=found.confidence, date=language.day(found.date))


def status_text(model: Model, settings: Settings, colour: bool = False,
                language: Language = ENGLISH) -> str:
    _ = language.gettext
    audience = Audience(model, settings)
    lines = []
    # a title in double quotes can hold `\e`, an escape sequence for the terminal: spelled out
    company = visible(model.strategy.company) if model.strategy else _("Strategy")
    lines.append(_("{company}: as of {date}").format(company=company,
                                                       date=language.day(settings.as_of)))
    lines.append("")
    goals = audience.visible(model.goals)
    lines.append(_("Goals ({count})").format(count=len(goals)))
    for goal in sorted(goals, key=lambda g: (not g.breakthrough, g.deadline, g.id)):
        star = "★" if goal.breakthrough else " "
        span = _("{baseline} → {target}, by {deadline}").format(
            baseline=language.number(goal.baseline), target=language.number(goal.target),
            deadline=language.day(goal.deadline))
        lines.append(f"  {star} {_health_columns(audience, goal, colour, language)} "
                     f"{visible(goal.title)} ({span}){_confidence(goal, settings, language)}")
    battles = audience.visible(model.battles)
    lines.append("")
    lines.append(_("Battles ({count})").format(count=len(battles)))
    for battle in sorted(battles, key=lambda b: (b.start, b.id)):
        declared = language.pgettext("status slug", battle.status)
        lines.append(f"    {_health_columns(audience, battle, colour, language)} "
                     f"{visible(battle.title)} [{declared}, "
                     f"{language.date_range(battle.start, battle.end)}]"
                     f"{_confidence(battle, settings, language)}")
    lines.append("")
    lines.append(execution_line(execution_score(model, settings.as_of, settings.audience),
                                language))
    return "\n".join(lines) + "\n"


def execution_line(score: Execution, language: Language) -> str:
    """The execution score (spec §8) on one line: each share with its counts, "–" for none."""
    _ = language.gettext

    def told(share: Share) -> str:
        if share.share is None:
            return "–"
        return _("{share} ({done} of {total})").format(
            share=language.percent(share.share), done=share.done, total=share.total)

    return _("Execution: battles won {battles} · tactics done {tactics} · due actions done "
             "{actions}").format(battles=told(score.battles_won),
                                            tactics=told(score.tactics_done),
                                            actions=told(score.actions_on_time))


def due_text(model: Model, settings: Settings, colour: bool = False,
             language: Language = ENGLISH) -> str:
    """Updates due, overdue first: date, what, for which entity, and who owes it."""
    _ = language.gettext
    audience = Audience(model, settings)
    items = updates_due(model, settings.as_of, settings.audience)
    lines = [_("Updates due as of {date}: {count}").format(date=language.day(settings.as_of),
                                                          count=len(items))]
    # columns as wide as their widest text in this language (English: 7, 11 and 11)
    states = {True: language.pgettext("status slug", "overdue"),
              False: language.pgettext("status slug", "due")}
    state_width = max(7, *map(_columns, states.values()))
    width = max(11, *(_columns(language.day(item.due)) for item in items)) if items else 11
    kinds = [language.pgettext("task kind", item.kind) for item in items]
    kind_width = max(11, *map(_columns, kinds)) if items else 11
    for item in items:
        label = _padded(states[item.overdue], state_width)
        if colour:
            label = f"{_COLOURS['off-track' if item.overdue else 'at-risk']}{label}{_RESET}"
        due = language.day(item.due)
        kind = language.pgettext("task kind", item.kind)
        lines.append(f"  {label} {' ' * (width - _columns(due))}{due}  "
                     f"{_padded(kind, kind_width)} "
                     f"{visible(item.entity.title)}: "
                     f"{visible(words.due_words(item.what, language))} "
                     f"({visible(audience.name_of(item.owner))})")
    return "\n".join(lines) + "\n"
