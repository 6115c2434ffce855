"""The status history's charts (spec §8): a goal's progress by month in its status colours, and
the overview's goals by status at each month end, as stacked columns.

Columns, not lines: a month's status is one reading, and a column takes its colour whole. Each
column (or part) carries a title with its date, status and figure; the legend names the
statuses drawn. Drawn wide and narrow, as every chart (svg.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..health.health import STATUSES, Status
from ..health.history import Point
from ..language import current
from . import words
from .columns import column_plot, date_labels
from .svg import (
    FONT,
    FRAMES,
    PAD,
    Frame,
    _bar_swatch,
    _svg,
    _swatch,
    attr,
    figure,
)

HEIGHT = 210  # both drawings: a small chart beside the KPI's
# a longer history shows its latest months only: columns past this are slivers, and the
# labels' layout and the page grow with every one (a period of centuries drew 13,000)
MOST_COLUMNS = 60


@dataclass(frozen=True)
class Part:
    """One coloured piece of a column: a status, its size on the scale, what its title says."""

    status: str
    size: float
    title: str


def progress_by_month(points: Sequence[Point], label: str) -> str:
    """A goal's share of the way at each date (0 to 100 %, beyond drawn at the edge), each
    column in the colour of its status then; no data is a grey stub."""
    if not points:
        return ""
    points = points[-MOST_COLUMNS:]
    language = current()
    columns = []
    for point in points:
        when = language.day(point.date)
        state = words.state(point.status, language)
        if point.progress is None:
            title = language.gettext("{date}: {status}").format(date=when, status=state)
            columns.append([Part(point.status, 0.0, title)])
        else:
            title = language.gettext("{date}: {status}, {share} of the way").format(
                date=when, status=state, share=language.percent(point.progress))
            columns.append([Part(point.status, max(0.0, min(1.0, point.progress)), title)])
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
    texts = [language.percent(t) for t in ticks]
    return _chart([p.date for p in points], columns, ticks, texts, label)


def status_distribution(counts: Sequence[tuple[date, Mapping[Status, int]]], label: str) -> str:
    """How many goals stood in each status at each date, stacked in the order of STATUSES."""
    counts = counts[-MOST_COLUMNS:]
    if not counts or not any(sum(c.values()) for _, c in counts):
        return ""
    language = current()
    columns = []
    for day, by_status in counts:
        when = language.day(day)
        columns.append([Part(status, float(by_status.get(status, 0)), language.ngettext(
            "{date}: {count} goal {status}", "{date}: {count} goals {status}",
            by_status.get(status, 0)).format(date=when, count=by_status.get(status, 0),
                                             status=words.state(status, language)))
            for status in STATUSES if by_status.get(status, 0)])
    most = max(sum(c.values()) for _, c in counts)
    step = max(1, math.ceil(most / 4))
    ticks = [float(k) for k in range(0, most + step, step)]
    return _chart([d for d, _ in counts], columns, ticks,
                  [language.number(t) for t in ticks], label)


def _chart(dates: Sequence[date], columns: Sequence[Sequence[Part]], ticks: Sequence[float],
           tick_texts: Sequence[str], label: str) -> str:
    drawn = "".join(_drawing(dates, columns, ticks, tick_texts, label, frame)
                    for frame in FRAMES)
    shown = {part.status for column in columns for part in column}
    keys = "".join(f'<span class="sst-key">{_swatch(_bar_swatch(f"sst-{status}"))}'
                   f"{attr(words.state(status, current()))}</span>"
                   for status in STATUSES if status in shown)
    return figure(drawn + f'<figcaption class="sst-legend">{keys}</figcaption>', label,
                  "sst-figure--history")


def _drawing(dates: Sequence[date], columns: Sequence[Sequence[Part]], ticks: Sequence[float],
             tick_texts: Sequence[str], label: str, frame: Frame) -> str:
    top, bottom = PAD + FONT, HEIGHT - PAD - 1.9 * FONT
    plot, parts = column_plot(frame, top, bottom, ticks, tick_texts, len(columns))
    for index, column in enumerate(columns):
        x = plot.centre(index) - plot.width / 2
        base = 0.0
        for part in column:
            # no data, or no way made yet: a stub, so that the month still shows a mark
            size = part.size if part.size > 0 else plot.high * 0.02
            parts.append(f'<rect class="sst-bar sst-{attr(part.status)}" x="{x:.1f}" '
                         f'y="{plot.y(base + size):.1f}" width="{plot.width:.1f}" '
                         f'height="{plot.y(base) - plot.y(base + size):.1f}">'
                         f"<title>{attr(part.title)}</title></rect>")
            base += size
    parts += date_labels(dates, plot, bottom + 1.65 * FONT, _reads)
    return _svg(frame, HEIGHT, "sst-history-chart", label, parts)


def _reads(day: date) -> str:
    """A month end reads as its month, `as_of` (any other day) as its day."""
    month_end = (day.month == 12 and day.day == 31) or \
        date.fromordinal(day.toordinal() + 1).day == 1
    return "month" if month_end else "day"
