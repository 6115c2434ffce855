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
from itertools import pairwise

from ..health.health import STATUSES, Status
from ..health.history import Point
from ..language import current
from . import words
from .svg import (
    FONT,
    FRAMES,
    PAD,
    Frame,
    Label,
    _bar_swatch,
    _svg,
    _swatch,
    _text,
    attr,
    figure,
    text_width,
)

HEIGHT = 210  # both drawings: a small chart beside the KPI's


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
    left = PAD + max(text_width(t) for t in tick_texts) + FONT / 2
    right = frame.width - PAD
    high = ticks[-1] or 1.0

    def y(value: float) -> float:
        return bottom - (bottom - top) * min(value, high) / high

    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(f'<line class="sst-grid" x1="{left:.1f}" x2="{right:.1f}" '
                     f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(_text(left - FONT / 2 + 1, y(tick) + 0.35 * FONT, text, anchor="end"))
    slot = (right - left) / len(columns)
    width = min(slot * 0.7, 3 * FONT)
    for index, column in enumerate(columns):
        x = left + slot * (index + 0.5) - width / 2
        base = 0.0
        for part in column:
            # no data, or no way made yet: a stub, so that the month still shows a mark
            size = part.size if part.size > 0 else high * 0.02
            parts.append(f'<rect class="sst-bar sst-{attr(part.status)}" x="{x:.1f}" '
                         f'y="{y(base + size):.1f}" width="{width:.1f}" '
                         f'height="{y(base) - y(base + size):.1f}"><title>{attr(part.title)}'
                         "</title></rect>")
            base += size
    parts += [_text(label.x, label.baseline, label.text, anchor="middle")
              for label in _date_labels(dates, left, slot, right, bottom + 1.65 * FONT)]
    return _svg(frame, HEIGHT, "sst-history-chart", label, parts)


def _date_labels(dates: Sequence[date], left: float, slot: float, right: float,
                 baseline: float) -> list[Label]:
    """Each column's date (a month end as its month, `as_of` as its day), every second or third
    where they would meet; the year where it changes."""
    language = current()
    for every in range(1, len(dates) + 1):
        labels = []
        for index in range(0, len(dates), every):
            day = dates[index]
            month_end = (day.month == 12 and day.day == 31) or \
                date.fromordinal(day.toordinal() + 1).day == 1
            text = language.axis_date(day, "month" if month_end else "day",
                                      index == 0 or day.year != dates[index - every].year)
            x = left + slot * (index + 0.5)
            half = text_width(text) / 2
            labels.append(Label(max(PAD + half, min(right - half, x)), baseline, text, "middle"))
        if all(not a.box.meets(b.box, FONT / 2) for a, b in pairwise(labels)):
            return labels
    return []
