"""What the column charts by date share (the resources view's and the status history's): the
value axis with its grid, the columns' slots, and each column's date written under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from ..language import current
from .svg import FONT, PAD, Frame, Label, _text, text_width


@dataclass(frozen=True)
class ColumnPlot:
    """Where the columns stand: the plot's edges, each column's slot and width, and the top
    tick (values above it are drawn at it)."""

    left: float
    right: float
    top: float
    bottom: float
    slot: float
    width: float
    high: float

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * max(0.0, min(value, self.high)) / self.high

    def centre(self, index: int) -> float:
        return self.left + self.slot * (index + 0.5)


def column_plot(frame: Frame, top: float, bottom: float, ticks: Sequence[float],
                tick_texts: Sequence[str], columns: int) -> tuple[ColumnPlot, list[str]]:
    """The plot for COLUMNS columns, room left for the widest tick text, and its grid: a line
    and a text at each tick."""
    left = PAD + max(text_width(t) for t in tick_texts) + FONT / 2
    right = frame.width - PAD
    slot = (right - left) / columns
    plot = ColumnPlot(left, right, top, bottom, slot, min(slot * 0.7, 3 * FONT), ticks[-1] or 1.0)
    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(f'<line class="sst-grid" x1="{left:.1f}" x2="{right:.1f}" '
                     f'y1="{plot.y(tick):.1f}" y2="{plot.y(tick):.1f}"/>')
        parts.append(_text(left - FONT / 2 + 1, plot.y(tick) + 0.35 * FONT, text, anchor="end"))
    return plot, parts


def date_labels(dates: Sequence[date], plot: ColumnPlot, baseline: float,
                reads: Callable[[date], str]) -> list[str]:
    """Each column's date (READS gives "month" or "day" for it), every second or third where
    they would meet; the year where it changes."""
    language = current()
    for every in range(1, len(dates) + 1):
        labels = []
        for index in range(0, len(dates), every):
            day = dates[index]
            text = language.axis_date(day, reads(day),
                                      index == 0 or day.year != dates[index - every].year)
            half = text_width(text) / 2
            labels.append(Label(max(PAD + half, min(plot.right - half, plot.centre(index))),
                                baseline, text, "middle"))
        if all(not a.box.meets(b.box, FONT / 2) for a, b in pairwise(labels)):
            return [_text(lab.x, lab.baseline, lab.text, anchor="middle") for lab in labels]
    return []
