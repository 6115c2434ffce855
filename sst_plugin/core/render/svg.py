"""Charts and diagrams as inline SVG, drawn at build time: no script, no other host, prints well.

Colours come from CSS classes (assets/sst.css) so that they follow the light and dark palettes.
Every text and attribute value is escaped here, whatever its origin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from ..days import add_days
from ..text import day, number


def attr(value: object) -> str:
    return escape(str(value), quote=True)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Words on up to `lines` lines of `width` characters, the last one clipped."""
    words = text.split()
    result: list[str] = []
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        result.append(line)
    if words:
        result.append(" ".join(words))
    return [_clip(line, width) for line in result]


def figure(svg: str, label: str, css: str = "") -> str:
    """An SVG wrapped in a block-level element, so Markdown passes it through untouched."""
    # an image's parts are hidden from assistive technology: one that holds links is a labelled
    # group instead, or its links could be neither named nor reached (axe: nested-interactive)
    role = "group" if "<a " in svg else "img"
    return (f'<figure class="sst-figure {attr(css)}" role="{role}" aria-label="{attr(label)}">'
            f"{svg}</figure>")


# Values beyond this are drawn at the edge: it keeps every sum and ratio below finite.
_DRAWN_LIMIT = 1e300
_SMALLEST_STEP = 1e-300


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values from `low` or below to `high` or above.

    Worked out by index (k × step), never by adding a step to a float: at 1e16 a step of 0.25
    adds nothing, and such a loop never ends. Total for every finite input.
    """
    low, high = _drawable(low), _drawable(high)
    if high <= low:  # one value: a band around it that floats can tell apart
        high = low + max(1.0, abs(low) * 1e-9)
    raw = max((high - low) / max(count - 1, 1), _SMALLEST_STEP)
    exponent = math.floor(math.log10(raw))
    magnitude = 10.0 ** exponent
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    if last - first > 4 * count:  # cannot happen with real numbers; a guard, not a path
        return [low, high]
    decimals = max(0, 1 - exponent)  # enough for 2.5 × 10^exponent, to drop float noise
    return sorted({round(k * step, decimals) for k in range(first, last + 1)})


def _drawable(value: float) -> float:
    """A float within ±_DRAWN_LIMIT (an int of any size compares exactly, then converts)."""
    return float(max(-_DRAWN_LIMIT, min(_DRAWN_LIMIT, value)))


def _month_ticks(first: date, last: date) -> list[date]:
    """The first days of months between the two dates, at most nine, evenly spaced."""
    end = last.year * 12 + last.month  # months counted from year 0
    every = max(1, math.ceil((end - first.year * 12 - first.month) / 8))
    start = first.year * 12 + first.month + (first.day > 1)  # the first 1st on or after first
    return [date((index - 1) // 12, (index - 1) % 12 + 1, 1)
            for index in range(math.ceil(start / every) * every, end + 1, every)]


def _visible_span(first: date, last: date) -> tuple[date, date]:
    """A span of at least one day, so that every x position is a finite number."""
    if last > first:
        return first, last
    if first < date.max:
        return first, add_days(first, 1)
    return add_days(first, -1), first


@dataclass(frozen=True)
class Series:
    points: Sequence[tuple[date, float]]
    css: str  # sst-actual, sst-expected, sst-target
    label: str
    dots: bool = False


def line_chart(series: Sequence[Series], label: str, unit: str, today: date | None = None,
               width: int = 680, height: int = 280) -> str:
    """Values over time: actuals, the expected line, the target; today marked."""
    points = [p for s in series for p in s.points]
    if not points:
        return ""
    first = min(d for d, _ in points)
    last = max(d for d, _ in points)
    if today is not None and first <= today <= add_days(last, 31):
        last = max(last, today)
    first, last = _visible_span(first, last)
    ticks = _nice_ticks(min(v for _, v in points), max(v for _, v in points))
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 64, 16, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(when: date) -> float:
        return left + plot_w * (when - first).days / (last - first).days

    def y(value: float) -> float:
        value = max(low, min(high, value))  # the ticks span every value; this bounds the rest
        return top + plot_h * (1 - (value - low) / ((high - low) or 1))

    parts = [f'<svg class="sst-chart" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{attr(label)}</title>']
    for tick in ticks:
        parts.append(f'<line class="sst-grid" x1="{left}" x2="{width - right}" '
                     f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(f'<text class="sst-axis" x="{left - 6}" y="{y(tick) + 4:.1f}" '
                     f'text-anchor="end">{attr(number(tick))}</text>')
    for tick_day in _month_ticks(first, last):
        parts.append(f'<text class="sst-axis" x="{x(tick_day):.1f}" y="{height - 12}" '
                     f'text-anchor="middle">{attr(tick_day.strftime("%b %y"))}</text>')
    if today is not None and first <= today <= last:
        parts.append(f'<line class="sst-today" x1="{x(today):.1f}" x2="{x(today):.1f}" '
                     f'y1="{top}" y2="{top + plot_h}"/>')
        parts.append(f'<text class="sst-axis sst-today-label" x="{x(today) + 4:.1f}" '
                     f'y="{top + 10}">today</text>')
    for one in series:
        if len(one.points) > 1:
            path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in one.points)
            parts.append(f'<polyline class="sst-line {attr(one.css)}" points="{path}">'
                         f"<title>{attr(one.label)}</title></polyline>")
        if one.dots or len(one.points) == 1:
            for when, value in one.points:
                parts.append(f'<circle class="sst-dot {attr(one.css)}" cx="{x(when):.1f}" '
                             f'cy="{y(value):.1f}" r="3.5"><title>{attr(one.label)}: '
                             f"{attr(number(value))} {attr(unit)} on {day(when)}</title></circle>")
    parts.append("</svg>")
    legend = "".join(f'<span class="sst-key {attr(s.css)}">{attr(s.label)}</span>'
                     for s in series if s.points)
    return figure("".join(parts) + f'<figcaption class="sst-legend">{legend}</figcaption>',
                  label)


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date
    href: str
    css: str
    note: str


def timeline(bars: Sequence[Bar], first: date, last: date, today: date, label: str,
             width: int = 680) -> str:
    """Battles on the period's calendar, today marked."""
    first, last = _visible_span(first, last)
    row, left, right, top = 34, 12, 12, 28
    height = top + row * max(len(bars), 1) + 8
    plot_w = width - left - right

    def x(when: date) -> float:
        when = min(max(when, first), last)
        return left + plot_w * (when - first).days / (last - first).days

    parts = [f'<svg class="sst-chart sst-timeline" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{attr(label)}</title>']
    for tick in _month_ticks(first, last):
        parts.append(f'<line class="sst-grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" '
                     f'y1="{top - 8}" y2="{height}"/>')
        parts.append(f'<text class="sst-axis" x="{x(tick) + 3:.1f}" y="{top - 12}">'
                     f"{attr(tick.strftime('%b'))}</text>")
    for index, bar in enumerate(bars):
        y = top + index * row
        x0, x1 = x(bar.start), x(bar.end)
        parts.append(
            f'<a href="{attr(bar.href)}"><rect class="sst-bar {attr(bar.css)}" x="{x0:.1f}" '
            f'y="{y + 4}" width="{max(x1 - x0, 4):.1f}" height="{row - 10}" rx="4">'
            f"<title>{attr(bar.label)}: {attr(bar.note)}</title></rect>"
            f'<text class="sst-bar-label" x="{x0 + 6:.1f}" y="{y + row / 2 + 3:.1f}">'
            f"{attr(_clip(bar.label, max(8, int((x1 - x0) / 7))))}</text></a>")
    if first <= today <= last:
        parts.append(f'<line class="sst-today" x1="{x(today):.1f}" x2="{x(today):.1f}" '
                     f'y1="{top - 8}" y2="{height}"/>')
        parts.append(f'<text class="sst-axis sst-today-label" x="{x(today) + 3:.1f}" '
                     f'y="{height - 2}">today {day(today)}</text>')
    parts.append("</svg>")
    return figure("".join(parts), label)


def heat_map(cells: dict[tuple[int, int], Sequence[tuple[int, str, str]]], label: str) -> str:
    """Likelihood × impact, 5 × 5; each risk a numbered link in its cell."""
    size, left, top = 72, 36, 8
    width, height = left + size * 5 + 8, top + size * 5 + 40
    parts = [f'<svg class="sst-chart sst-heat" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{attr(label)}</title>']
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x0, y0 = left + (likelihood - 1) * size, top + (5 - impact) * size
            score = likelihood * impact
            level = "high" if score >= 15 else "medium" if score >= 8 else "low"
            parts.append(f'<rect class="sst-heat-cell sst-heat--{level}" x="{x0}" y="{y0}" '
                         f'width="{size - 2}" height="{size - 2}" rx="4"/>')
            for slot, (index, title, href) in enumerate(cells.get((likelihood, impact), ())):
                cx = x0 + 16 + (slot % 3) * 20
                cy = y0 + 16 + (slot // 3) * 20
                parts.append(f'<a href="{attr(href)}"><circle class="sst-heat-dot" cx="{cx}" '
                             f'cy="{cy}" r="9"><title>{attr(title)}</title></circle>'
                             f'<text class="sst-heat-label" x="{cx}" y="{cy + 4}" '
                             f'text-anchor="middle">{index}</text></a>')
        parts.append(f'<text class="sst-axis" x="{left + (likelihood - 0.5) * size:.0f}" '
                     f'y="{top + size * 5 + 16}" text-anchor="middle">{likelihood}</text>')
    for impact in range(1, 6):
        parts.append(f'<text class="sst-axis" x="{left - 10}" '
                     f'y="{top + (5.5 - impact) * size:.0f}" text-anchor="end">{impact}</text>')
    parts.append(f'<text class="sst-axis" x="{left + size * 2.5:.0f}" y="{height - 4}" '
                 f'text-anchor="middle">likelihood →</text>')
    parts.append(f'<text class="sst-axis" x="12" y="{top + size * 2.5:.0f}" '
                 f'transform="rotate(-90 12 {top + size * 2.5:.0f})" text-anchor="middle">'
                 "impact →</text></svg>")
    return figure("".join(parts), label, "sst-figure--heat")


def progress_bar(share: float | None, css: str, text: str) -> str:
    """An inline bar for tables: the share of the way from baseline to target."""
    width = 0 if share is None else max(0.0, min(1.0, share)) * 100
    return (f'<span class="sst-progress" title="{attr(text)}">'
            f'<span class="sst-progress__bar {attr(css)}" style="width: {width:.0f}%"></span>'
            f"</span>")
