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

from ..language import current
from .columns import column_plot, date_labels
from .svg import (
    FONT,
    FRAMES,
    PAD,
    Frame,
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
    plot, parts = column_plot(frame, top, bottom, ticks, _tick_texts(ticks), len(months))
    for index, month in enumerate(months):
        if month.value <= 0:
            continue  # nothing held: no column (the table says 0)
        x = plot.centre(index) - plot.width / 2
        y = plot.y(month.value)
        parts.append(f'<rect class="sst-bar {_column_css(month.value, capacity)}" '
                     f'x="{x:.1f}" y="{y:.1f}" width="{plot.width:.1f}" '
                     f'height="{max(plot.y(0.0) - y, 1.0):.1f}">'
                     f"<title>{attr(month.title)}</title></rect>")
    if capacity is not None:
        line_y, left, right = plot.y(capacity), plot.left, plot.right
        caption = current().gettext("capacity {amount}").format(amount=amount(capacity))
        parts.append(f'<line class="sst-capacity" x1="{left:.1f}" x2="{right:.1f}" '
                     f'y1="{line_y:.1f}" y2="{line_y:.1f}"/>')
        # over the line's right end, inside the drawing whatever the caption's length
        parts.append(_text(max(left, right - text_width(caption, bold=True)),
                           line_y - 0.4 * FONT, caption, "sst-chart-label sst-capacity-label"))
    parts += date_labels([m.start for m in months], plot, bottom + 1.65 * FONT,
                         lambda _: "month")
    return _svg(frame, HEIGHT, "sst-capacity-chart", label, parts)

