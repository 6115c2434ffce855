"""The resources view's chart: people or budget held by the battles in each month, against the
capacity (spec §8).

A column a month, not a line: a month's commitment is one sum of the battles that share it. A
column within capacity is drawn in the on-track colour, one over it in the off-track colour,
and the capacity is a dashed line with its figure written on it. Each column's title names the
month, the sum and the battles; the page's table says the same in words. Drawn wide and narrow,
as every chart (svg.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from ..language import current
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
    _tick_texts,
    _value_ticks,
    attr,
    figure,
    text_width,
)

HEIGHT = 220


@dataclass(frozen=True)
class Month:
    """One column: the month's first day, what the battles hold then, and its title."""

    start: date
    value: float
    title: str


def capacity_chart(months: Sequence[Month], capacity: float | None,
                   amount: Callable[[float], str], label: str) -> str:
    """Columns per month against a capacity line (none where no capacity is written)."""
    if not months or (capacity is None and not any(m.value for m in months)):
        return ""
    _ = current().gettext
    over = capacity is not None and any(m.value > capacity for m in months)
    drawn = "".join(_drawing(months, capacity, amount, label, frame) for frame in FRAMES)
    keys = [(_bar_swatch(_column_css(0.0, capacity)),
             _("within capacity") if capacity is not None else _("committed"))]
    if over:
        keys.append((_bar_swatch("sst-off-track"), _("over capacity")))
    if capacity is not None:
        keys.append(('<line class="sst-capacity" x1="1" x2="23" y1="5" y2="5"/>',
                     _("capacity")))
    legend = "".join(f'<span class="sst-key">{_swatch(marks)}{attr(word)}</span>'
                     for marks, word in keys)
    return figure(drawn + f'<figcaption class="sst-legend">{legend}</figcaption>', label,
                  "sst-figure--capacity")


def _column_css(value: float, capacity: float | None) -> str:
    if capacity is None:
        return "sst-achieved"
    return "sst-off-track" if value > capacity else "sst-on-track"


def _drawing(months: Sequence[Month], capacity: float | None, amount: Callable[[float], str],
             label: str, frame: Frame) -> str:
    # room above the plot for the capacity's caption when the line runs along the top
    top, bottom = PAD + 1.4 * FONT, HEIGHT - PAD - 1.9 * FONT
    ticks = _value_ticks(0.0, max([m.value for m in months] + [capacity or 0.0, 1.0]),
                         bottom - top)
    whole = [t for t in ticks if float(t).is_integer()]
    if len(whole) >= 2 and all(float(v).is_integer()
                               for v in [m.value for m in months] + [capacity or 0.0]):
        ticks = whole  # whole people (or whole amounts): no 0.5 person on the axis
    tick_texts = _tick_texts(ticks)
    left = PAD + max(text_width(t) for t in tick_texts) + FONT / 2
    right = frame.width - PAD
    high = ticks[-1] or 1.0

    def y(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(value, high)) / high

    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(f'<line class="sst-grid" x1="{left:.1f}" x2="{right:.1f}" '
                     f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(_text(left - FONT / 2 + 1, y(tick) + 0.35 * FONT, text, anchor="end"))
    slot = (right - left) / len(months)
    width = min(slot * 0.7, 3 * FONT)
    for index, month in enumerate(months):
        if month.value <= 0:
            continue  # nothing held: no column (the table says 0)
        x = left + slot * (index + 0.5) - width / 2
        parts.append(f'<rect class="sst-bar {_column_css(month.value, capacity)}" '
                     f'x="{x:.1f}" y="{y(month.value):.1f}" width="{width:.1f}" '
                     f'height="{max(y(0.0) - y(month.value), 1.0):.1f}">'
                     f"<title>{attr(month.title)}</title></rect>")
    if capacity is not None:
        line_y = y(capacity)
        caption = current().gettext("capacity {amount}").format(amount=amount(capacity))
        parts.append(f'<line class="sst-capacity" x1="{left:.1f}" x2="{right:.1f}" '
                     f'y1="{line_y:.1f}" y2="{line_y:.1f}"/>')
        # over the line's right end, inside the drawing whatever the caption's length
        parts.append(_text(max(left, right - text_width(caption, bold=True)),
                           line_y - 0.4 * FONT, caption, "sst-chart-label sst-capacity-label"))
    parts += [_text(lab.x, lab.baseline, lab.text, anchor="middle")
              for lab in _month_labels([m.start for m in months], left, slot, right,
                                       bottom + 1.65 * FONT)]
    return _svg(frame, HEIGHT, "sst-capacity-chart", label, parts)


def _month_labels(starts: Sequence[date], left: float, slot: float, right: float,
                  baseline: float) -> list[Label]:
    """Each column's month, every second or third where they would meet; the year where it
    changes."""
    language = current()
    for every in range(1, len(starts) + 1):
        labels = []
        for index in range(0, len(starts), every):
            day = starts[index]
            text = language.axis_date(day, "month",
                                      index == 0 or day.year != starts[index - every].year)
            half = text_width(text) / 2
            x = left + slot * (index + 0.5)
            labels.append(Label(max(PAD + half, min(right - half, x)), baseline, text,
                                "middle"))
        if all(not a.box.meets(b.box, FONT / 2) for a, b in pairwise(labels)):
            return labels
    return []
