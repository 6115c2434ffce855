"""The "Past periods" page and each retrospective's: what the rows show, for the templates.

A retrospective's results name goals and battles of a period gone by: one the strategy still
holds links to its page (or reads "restricted", as any hidden entity does); one it no longer
holds shows the title written then, as plain text. A result written with a `visibility` shows
to that audience only, as the entity did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..health.audience import may_see
from ..model.model import Retro
from ..text import cell
from .view import Linker, SiteView

# the execution score's three shares, in the order the pages show them
EXECUTION_KEYS = ("battles_won", "tactics_done", "actions_on_time")
_HEADING = re.compile(r"#{1,5} ")  # an ATX heading that can go one level down


@dataclass(frozen=True)
class ResultRow:
    name: Markup  # a link, "restricted", or the title written then
    kind: str | None
    status: str
    score: float


def result_rows(view: SiteView, ln: Linker, retro: Retro) -> list[ResultRow]:
    rows = []
    for result in retro.results:
        if not may_see(result.visibility, view.settings.audience):
            continue
        if view.model.entities.get(result.id) is not None:
            name = ln(result.id)
        else:  # gone from the strategy since: the title written then
            name = Markup(cell(result.title or result.id))
        rows.append(ResultRow(name, result.kind, result.status, result.score))
    return rows


def execution_shares(retro: Retro) -> list[tuple[str, float | None]]:
    return [(key, retro.execution.get(key)) for key in EXECUTION_KEYS]


def nested_body(body: str) -> str:
    """The team's text one heading level down, to stand under its period's heading on the Past
    periods page (its `## What worked` becomes `### What worked`); code blocks kept as written."""
    lines, fence = [], ""
    for line in body.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = "" if fence == marker else fence or marker
        elif not fence and _HEADING.match(line):
            line = "#" + line
        lines.append(line)
    return "".join(lines)
