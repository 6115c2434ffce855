"""`sst close`: the retrospective of a period that has ended (spec §8), as a new file.

The results are judged the day after the period's last day, whenever the command runs: a
period closed in March reads as one closed on 1 January (a later measurement of a later date
changes nothing, spec §5). Each goal and battle is written with its status, its score (progress
at its deadline, capped to 0–1) and its title then, so that the page still reads once the next
period's strategy has removed it; one with a `visibility` keeps it, so that the site shows it
to that audience only. The body holds three headings for the team's own words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..health.execution import execution_score
from ..health.health import battle_health, goal_health
from ..language import N_, Language
from ..model.model import ALL_AUDIENCES, Battle, Goal, Model, period_name
from ..read.atomic import WouldOverwrite, write_new
from ..read.config import ConfigError, Settings

RETROS_FOLDER = "retros"
# the body's headings, in the site's language: the team writes under each
HEADINGS = (N_("What worked"), N_("What did not work"), N_("What we carry forward"))


@dataclass(frozen=True)
class Closed:
    path: Path  # the retrospective written
    rel: str  # its path from the repository, with `/`


def parse_period(text: str) -> tuple[date, date]:
    """`START..END` (both YYYY-MM-DD), as --period takes it."""
    start_text, dots, end_text = text.partition("..")
    try:
        if not dots:
            raise ValueError
        start, end = date.fromisoformat(start_text.strip()), date.fromisoformat(end_text.strip())
    except ValueError:
        raise ConfigError(f"--period {text}: write START..END, as in "
                          "2026-01-01..2026-12-31") from None
    if end < start:
        raise ConfigError(f"--period {text}: the end comes before the start")
    return start, end


def close_period(root: Path, model: Model, settings: Settings, language: Language,
                 period: tuple[date, date] | None = None) -> Closed:
    """Write strategy/retros/<period>.md; a ConfigError (exit 2) says why not."""
    if period is None:
        if model.strategy is None:
            raise ConfigError(f"{settings.strategy_dir}/strategy.yaml could not be read: fix it "
                              "(sst check), or give the period with --period START..END")
        period = (model.strategy.period_start, model.strategy.period_end)
    start, end = period
    if settings.as_of < end:
        raise ConfigError(
            f"the period {start.isoformat()}..{end.isoformat()} has not ended as of "
            f"{settings.as_of.isoformat()}: sst close can run from {end.isoformat()} "
            f"(or give --as-of {end.isoformat()})")
    rel = f"{settings.strategy_dir}/{RETROS_FOLDER}/{period_name(start, end)}.md"
    path = root / rel
    try:
        write_new(path, retro_text(model, settings, language, start, end))
    except WouldOverwrite:
        raise ConfigError(f"{rel} exists already: sst close never overwrites a retrospective; "
                          "rename or remove it to write it again") from None
    return Closed(path, rel)


def retro_text(model: Model, settings: Settings, language: Language, start: date,
               end: date) -> str:
    """The retrospective's file: front matter with the numbers, then the team's headings."""
    judged = end + timedelta(days=1)  # the period is over: a deadline on its last day has passed
    margins = (settings.on_track_margin, settings.at_risk_margin)
    lines = [
        "---",
        f"# Written by `sst close` as of {settings.as_of.isoformat()}: the results as the period "
        "ended,",
        "# kept as they are. The team writes its retrospective below the front matter.",
        f"period: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
        "execution:",
    ]
    # every audience's battles and tactics: the file is the repository's record
    execution = execution_score(model, end, ALL_AUDIENCES)
    # a share with nothing to count is left out: none is not 0 (no battle finished, none lost)
    counted = {name: share for name, share in execution.shares().items() if share is not None}
    lines += [f"  {name}: {round(share, 4)}" for name, share in counted.items()] if counted \
        else []
    if not counted:
        lines[-1] = "execution: {}"
    results: list[str] = []
    for entity in (*model.goals, *model.battles):
        health = goal_health(model, entity, judged, *margins) if isinstance(entity, Goal) \
            else battle_health(model, entity, judged, *margins) if isinstance(entity, Battle) \
            else None
        if health is None:  # no KPI to read it by: `sst check` says why
            continue
        score = max(0.0, min(1.0, health.progress or 0.0))
        fields = [f"id: {entity.id}", f"kind: {entity.kind}", f"title: {_quoted(entity.title)}",
                  f"status: {health.status}", f"score: {round(score, 4)}"]
        if entity.visibility is not None:
            fields.append(f"visibility: {_quoted(entity.visibility)}")
        results.append("  - {" + ", ".join(fields) + "}")
    lines += ["results:", *results] if results else ["results: []"]
    lines.append("---")
    for heading in HEADINGS:
        lines += ["", f"## {language.gettext(heading)}", ""]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar: JSON's string syntax is a subset of it. YAML breaks
    lines at NEL and the Unicode separators, which JSON leaves raw: escaped, they read back."""
    quoted = json.dumps(text, ensure_ascii=False)
    for char in _YAML_BREAKS:
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


_YAML_BREAKS = ("\x85", "\u2028", "\u2029")
