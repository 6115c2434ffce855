"""The battles page's resources view (spec §8): what each battle on today takes, the totals
against `capacity`, and month by month over the period, as charts and as a table.

Which battles hold resources when is core/model/capacity.py's one reading, shared with SST031.
A build shows only the battles its audience may see: the sums are theirs (a restricted battle
is no row, and adding it to a total would tell its size).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..days import month_end
from ..language import Language
from ..model.capacity import Commitment, committed_by_month, committed_on
from ..model.model import Battle, Capacity
from . import capacity_chart

MOST_MONTHS = 60  # a longer period shows 60 of its months, from a year before as_of
Writer = Callable[[float], str]  # an amount as the page writes it: `3 people`, `10,000 EUR`


@dataclass(frozen=True)
class Amounts:
    """People and budget as the page writes them, each flagged where it is over capacity."""

    people: Markup
    budget: Markup


@dataclass(frozen=True)
class MonthRow:
    start: date
    name: str  # `Mar 2026`, in the page's language
    battles: tuple[Battle, ...]
    amounts: Amounts


@dataclass(frozen=True)
class ResourcesView:
    capacity: Capacity | None
    on_now: tuple[Battle, ...]  # the battles holding resources on as_of
    total: Amounts  # theirs, summed
    capacity_amounts: Amounts | None
    left: Amounts | None  # capacity less the total: "over by" where negative
    months: tuple[MonthRow, ...]
    people_chart: Markup
    budget_chart: Markup


def resources_view(battles: Sequence[Battle], capacity: Capacity | None, currency: str | None,
                   period_start: date, period_end: date, as_of: date,
                   language: Language) -> ResourcesView | None:
    """None where there is nothing to show: no capacity and no battle with resources."""
    if capacity is None and not any(b.resources.people is not None
                                    or b.resources.budget is not None for b in battles):
        return None
    _ = language.gettext

    def people(value: float) -> str:
        # 1.5 people is plural, as 2 is: a fraction counts as many
        count = int(value) if float(value).is_integer() else 2
        return language.ngettext("{count} person", "{count} people", count).format(
            count=language.number(value))

    def money(value: float) -> str:
        # the amount and its currency never part at a line break (as the `money` filter)
        return language.money(value, currency).replace(" ", "\u00a0")

    def amounts(sums: Commitment) -> Amounts:
        # the table's column says People: a plain figure in its cells
        return Amounts(
            _flagged(sums.people, capacity.people if capacity else None, language.number,
                     language),
            _flagged(sums.budget, capacity.budget if capacity else None, money, language))

    now = committed_on(battles, as_of, as_of)
    first, last = _window(period_start, period_end, as_of)
    by_month = committed_by_month(battles, first, last, as_of)
    rows = tuple(MonthRow(m.start, language.axis_date(m.start, "month", True),
                          m.commitment.battles, amounts(m.commitment))
                 for m in by_month)
    left = None
    capacity_amounts = None
    if capacity is not None:
        capacity_amounts = Amounts(_plain(capacity.people, language.number),
                                   _plain(capacity.budget, money))
        left = Amounts(_left(capacity.people, now.people, language.number, language),
                       _left(capacity.budget, now.budget, money, language))

    def chart(resource: str, writer: Writer, label: str) -> Markup:
        limit = getattr(capacity, resource) if capacity else None
        columns = [capacity_chart.Month(
            m.start, getattr(m.commitment, resource),
            _("{month}: {amount}{over} ({battles})").format(
                month=language.axis_date(m.start, "month", True),
                amount=writer(getattr(m.commitment, resource)),
                over=_(", over capacity") if limit is not None
                and getattr(m.commitment, resource) > limit else "",
                battles=", ".join(b.title for b in m.commitment.battles) or _("no battle")))
            for m in by_month]
        return Markup(capacity_chart.capacity_chart(columns, limit, writer, label))

    return ResourcesView(
        capacity, now.battles, amounts(now), capacity_amounts, left, rows,
        chart("people", people, _("People held by the battles, month by month")),
        chart("budget", money, _("Budget held by the battles, month by month")))


def _window(start: date, end: date, as_of: date) -> tuple[date, date]:
    """The period's months, or MOST_MONTHS of them from a year before as_of's month, moved to
    stay inside the period (an as_of long after it shows its last MOST_MONTHS)."""
    first_month, last_month = _month_index(start), _month_index(end)
    if last_month - first_month < MOST_MONTHS:
        return start, end
    first = max(first_month, min(_month_index(as_of) - 12, last_month - MOST_MONTHS + 1))
    return max(start, _month_start(first)), min(end, _month_last(first + MOST_MONTHS - 1))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_last(index: int) -> date:
    return month_end(_month_start(index))


def _plain(value: float | None, write: Writer) -> Markup:
    return Markup.escape(write(value)) if value is not None else Markup("–")


def _flagged(value: float, limit: float | None, write: Writer, language: Language) -> Markup:
    """The sum, and where it passes the capacity, by how much, in words (not colour alone)."""
    shown = Markup.escape(write(value))
    if limit is None or value <= limit:
        return shown
    return shown + Markup(' <span class="sst-gap">{}</span>').format(
        language.gettext("over by {amount}").format(amount=write(value - limit)))


def _left(limit: float | None, used: float, write: Writer, language: Language) -> Markup:
    if limit is None:
        return Markup("–")
    if used > limit:
        return Markup('<span class="sst-gap">{}</span>').format(
            language.gettext("over by {amount}").format(amount=write(used - limit)))
    return Markup.escape(write(limit - used))
