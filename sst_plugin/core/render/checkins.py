"""Check-ins on the site (spec §8): the history beside the KPI chart, and the latest confidence
beside each computed status. Confidence is the owner's word: it never changes the status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..model.model import Battle, Checkin, Goal, Kpi, latest_checkin
from . import svg
from .view import SiteView

LOWEST, HIGHEST = 1, 10  # the schema's range of `confidence`


@dataclass(frozen=True)
class CheckinRow:
    """One line of the history: the check-in, and the KPI's value measured that day."""

    date: date
    value: Markup  # "–" where no measurement has that date, "restricted" where the KPI is hidden
    confidence: int
    note: str | None
    by: str | None


def shown(view: SiteView, entity: Goal | Battle) -> list[Checkin]:
    """The check-ins written by `as_of`, oldest first: a later one is not yet written then."""
    return [c for c in entity.checkins if c.date <= view.as_of]


def latest(view: SiteView, entity: Goal | Battle) -> Checkin | None:
    return latest_checkin(entity, view.as_of)


def rows(view: SiteView, entity: Goal | Battle,
         quantity: Callable[[float, str], Markup]) -> list[CheckinRow]:
    """The history, newest first as the review log reads."""
    kpi = view.model.get(entity.kpi, Kpi)
    seen = view.can_see(kpi)
    values = {m.date: m.value for m in kpi.measurements} if kpi is not None else {}

    def value(when: date) -> Markup:
        if kpi is not None and not seen:  # "restricted", as a link to the hidden KPI reads
            return view.links_from("")(kpi.id)
        if when not in values:
            return Markup("–")
        # the figure and its unit never part at a line break, in a narrow column or a card
        return quantity(values[when], entity.kpi).replace(" ", Markup("&nbsp;"))

    return [CheckinRow(c.date, value(c.date), c.confidence, c.note, c.by)
            for c in reversed(shown(view, entity))]


def trend(view: SiteView, entity: Goal | Battle) -> Markup:
    """Confidence over time as a sparkline, named by its first and latest readings."""
    checkins = shown(view, entity)
    if not checkins:
        return Markup("")
    first, last = checkins[0], checkins[-1]
    language = view.language
    words = {"low": LOWEST, "high": HIGHEST, "count": len(checkins),
             "first": first.confidence, "first_date": language.day(first.date),
             "latest": last.confidence, "latest_date": language.day(last.date)}
    label = language.gettext("Confidence from {low} to {high}: {latest} on {latest_date}")
    if len(checkins) > 1:
        label = language.gettext(
            "Confidence from {low} to {high} over {count} check-ins: {first} on {first_date}, "
            "latest {latest} on {latest_date}")
    label = label.format(**words)
    return Markup(sparkline([(c.date, c.confidence) for c in checkins], LOWEST, HIGHEST, label))


# a small inline drawing: 140 × 36 px at every width, so a phone shows it as a desktop does;
# a step of confidence is 2.5 px high
SPARK_WIDTH, SPARK_HEIGHT = 140, 36
SPARK_DOT = 2.5  # the latest reading's dot is one and a half times this


def sparkline(points: Sequence[tuple[date, int]], low: int, high: int, label: str) -> str:
    """A small trend of whole-number readings on a fixed scale (confidence 1–10): a line, a dot
    a reading, the latest one larger; every mark inside the drawing. LABEL names it."""
    if not points:
        return ""
    edge = svg.PAD / 2 + 1.5 * SPARK_DOT + 1  # the latest dot and its outline stay inside
    first, last = points[0][0], points[-1][0]
    span = (last - first).days

    def x(when: date) -> float:
        if span == 0:  # one day: in the middle
            return SPARK_WIDTH / 2
        return edge + (SPARK_WIDTH - 2 * edge) * (when - first).days / span

    def y(value: int) -> float:
        share = (max(low, min(high, value)) - low) / ((high - low) or 1)
        return SPARK_HEIGHT - edge - (SPARK_HEIGHT - 2 * edge) * share

    # faint lines at the scale's ends, so that a flat 5 reads as the middle, not the top
    parts = [f'<line class="sst-grid" x1="{edge:.1f}" x2="{SPARK_WIDTH - edge:.1f}" '
             f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>' for value in (low, high)]
    if len(points) > 1:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline class="sst-spark__line" points="{path}"/>')
    for index, (when, value) in enumerate(points):
        radius = SPARK_DOT * (1.5 if index == len(points) - 1 else 1)
        parts.append(f'<circle class="sst-spark__dot" cx="{x(when):.1f}" cy="{y(value):.1f}" '
                     f'r="{radius:.2f}"/>')
    name = svg.attr(label)
    return (f'<svg class="sst-spark" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
            f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" aria-label="{name}"><title>{name}</title>' + "".join(parts) + "</svg>")
