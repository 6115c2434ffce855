"""Charts as inline SVG, drawn at build time: no script, no other host, prints well.

Colours come from CSS classes (assets/sst.css) so that they follow the light and dark palettes.
Every text and attribute value is escaped here, whatever its origin.

Each chart is drawn twice, wide (desktop, print) and narrow (phone), and the stylesheet shows
one: an SVG scales its text with its width, so one drawing cannot keep 12 px labels from 390 px
to a desktop. Every label is placed by an estimate of its width by what each character is
(text_measure.py), generous enough that two labels never meet (tests/test_site_charts.py and
tests/test_site_cjk.py measure them in Chromium).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from itertools import pairwise

from ..days import add_days
from ..language import current
from . import text_measure


def attr(value: object) -> str:
    return escape(str(value), quote=True)


def figure(svg: str, label: str, css: str = "") -> str:
    """An SVG wrapped in a block-level element, so Markdown passes it through untouched."""
    # an image's parts are hidden from assistive technology: one that holds links is a labelled
    # group instead, or its links could be neither named nor reached (axe: nested-interactive)
    role = "group" if "<a " in svg else "img"
    return (f'<figure class="sst-figure {attr(css)}" role="{role}" aria-label="{attr(label)}">'
            f"{svg}</figure>")


# -- text on a chart: one size, and widths estimated to keep labels apart ----------------------

FONT = 12.0  # chart text in viewBox units; sst.css gives the chart text classes the same size
PAD = 4.0  # from the edge of the drawing to any mark


def text_width(text: str, bold: bool = False) -> float:
    """TEXT's width at the charts' size, erring wide, by what each character is."""
    return text_measure.text_width(text, FONT, bold)


@dataclass(frozen=True)
class Box:
    """Where a mark or a label lies, in viewBox units."""

    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box, gap: float = 0.0) -> bool:
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.top < other.bottom + gap and other.top < self.bottom + gap)


def text_box(x: float, baseline: float, text: str, anchor: str = "start",
             bold: bool = False) -> Box:
    """The box a line of chart text fills: ascent 0.95 em above its baseline, descent 0.25."""
    width = text_width(text, bold)
    left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    return Box(left, baseline - 0.95 * FONT, left + width, baseline + 0.25 * FONT)


def _text(x: float, baseline: float, content: str, css: str = "sst-axis",
          anchor: str = "start") -> str:
    placed = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (f'<text class="{css}" x="{x:.1f}" y="{baseline:.1f}"{placed}>'
            f"{attr(content)}</text>")


def _centred(x: float, text: str, low: float, high: float) -> float:
    """X for TEXT centred on x, moved so that it stays between low and high."""
    half = text_width(text) / 2
    return max(low + half, min(high - half, x)) if high - low >= 2 * half else (low + high) / 2


def _clipped_to(text: str, width: float, bold: bool = False) -> str:
    return text_measure.clip(text, width, FONT, bold)


@dataclass(frozen=True)
class Frame:
    """One drawing of a chart: wide for desktops and print, narrow for phones (sst.css)."""

    width: int
    height: int
    css: str


WIDE = Frame(680, 300, "sst-chart--wide")
NARROW = Frame(360, 280, "sst-chart--narrow")
FRAMES = (WIDE, NARROW)


def _svg(frame: Frame, height: float, css: str, label: str, body: Sequence[str],
         linked: bool = False) -> str:
    return (f'<svg class="sst-chart {css} {frame.css}" viewBox="0 0 {frame.width} {height:.0f}" '
            f'xmlns="http://www.w3.org/2000/svg"{_GROUP.format(attr(label)) if linked else ""}>'
            f"<title>{attr(label)}</title>" + "".join(body) + "</svg>")


# a drawing of links is a named group: Chromium makes an <svg> with a title an image, and a
# screen reader may skip an image's links
_GROUP = ' role="group" aria-label="{}"'


# -- scales: round values and calendar dates ---------------------------------------------------

# Values beyond this are drawn at the edge: it keeps every sum and ratio below finite.
_DRAWN_LIMIT = 1e300
_SMALLEST_STEP = 1e-300


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values from `low` or below to `high` or above.

    Worked out by index (k × step), never by adding a step to a float: at 1e16 a step of 0.25
    adds nothing, and such a loop never ends. Total for every finite input.
    """
    low, high = _drawable(low), _drawable(high)
    if high <= low:  # one value: a band around it that floats can tell apart, not below 0
        spread = max(1.0, abs(low) * 1e-9)
        low, high = (low - spread if low < 0 else max(0.0, low - spread)), high + spread
    raw = max((high - low) / max(count - 1, 1), _SMALLEST_STEP)
    exponent = math.floor(math.log10(raw))
    magnitude = 10.0 ** exponent
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    if last - first > 4 * count:  # cannot happen with real numbers; a guard, not a path
        return [low, high]
    decimals = max(0, 1 - exponent)  # enough for 2.5 × 10^exponent, to drop float noise
    return sorted({round(k * step, decimals) for k in range(first, last + 1)})


def _value_ticks(low: float, high: float, height: float) -> list[float]:
    """Round values spanning low to high, at least two lines of text apart over HEIGHT."""
    most = max(2, int(height // (2 * FONT)) + 1)
    for count in range(min(most, 7), 1, -1):
        ticks = _nice_ticks(low, high, count)
        if len(ticks) <= most:
            return ticks
    return _nice_ticks(low, high, 2)


def _tick_texts(ticks: Sequence[float]) -> list[str]:
    """The ticks' labels: thousands separated with as few decimals as tell them apart, in
    the page's language (`75,000`, `75 000`)."""
    return [current().digits(text) for text in _english_tick_texts(ticks)]


def _english_tick_texts(ticks: Sequence[float]) -> list[str]:
    biggest = max(abs(t) for t in ticks)
    if biggest == 0 or 1e-4 <= biggest < 1e15:
        for decimals in range(0, 7):
            texts = [_without_minus_zero(f"{t:,.{decimals}f}") for t in ticks]
            if len(set(texts)) == len(texts) and all(
                    abs(float(text.replace(",", "")) - t) <= 1e-9 * max(1.0, abs(t))
                    for text, t in zip(texts, ticks, strict=True)):
                return texts
    for digits in range(3, 18):  # huge or tiny: 1.5e+300, as many digits as tell them apart
        texts = [_without_minus_zero(f"{t:.{digits}g}") for t in ticks]
        if len(set(texts)) == len(texts):
            break
    return texts


def value_text(value: float) -> str:
    """A value as the axis writes it: `75,000`, `22.4`, `0.001` (where `number` gives `0`)."""
    return _tick_texts([_drawable(value)])[0]


def _without_minus_zero(text: str) -> str:
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _drawable(value: float) -> float:
    """A float within ±_DRAWN_LIMIT (an int of any size compares exactly, then converts)."""
    return float(max(-_DRAWN_LIMIT, min(_DRAWN_LIMIT, value)))


_MOST_TICKS = 14


def _calendars(first: date, last: date) -> Iterator[tuple[list[date], str]]:
    """Candidate date ticks from finest to coarsest, each with how its labels read: days
    ("5 Oct"), Mondays, first days of months ("Oct"), first days of years ("2026")."""
    span = last.toordinal() - first.toordinal()
    for every, offset in ((1, 0), (2, 0), (7, 1), (14, 1)):  # ordinal 1 is a Monday
        if span / every <= 4 * _MOST_TICKS:
            start = math.ceil((first.toordinal() - offset) / every)
            yield ([date.fromordinal(k * every + offset)
                    for k in range(start, (last.toordinal() - offset) // every + 1)], "day")
    first_month = first.year * 12 + first.month - 1 + (first.day > 1)  # months since year 0
    last_month = last.year * 12 + last.month - 1
    for every in (1, 2, 3, 6):
        if (last_month - first_month) / every <= 4 * _MOST_TICKS:
            yield ([date(m // 12, m % 12 + 1, 1)
                    for m in range(math.ceil(first_month / every) * every, last_month + 1,
                                   every)], "month")
    first_year = first.year + (first > date(first.year, 1, 1))
    for every in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if (last.year - first_year) / every <= 4 * _MOST_TICKS:
            yield ([date(y, 1, 1) for y in range(math.ceil(first_year / every) * every,
                                                 last.year + 1, every)], "year")


def _date_texts(ticks: Sequence[date], reads: str) -> list[str]:
    """Unambiguous dates: the year on the first label and wherever it changes."""
    texts = []
    for index, tick in enumerate(ticks):
        new_year = index == 0 or tick.year != ticks[index - 1].year
        texts.append(current().axis_date(tick, reads, new_year))  # in the page's language
    return texts


@dataclass(frozen=True)
class Label:
    x: float
    baseline: float
    text: str
    anchor: str = "start"
    bold: bool = False  # a series' caption (sst.css)

    @property
    def box(self) -> Box:
        return text_box(self.x, self.baseline, self.text, self.anchor, self.bold)


def _date_ticks(first: date, last: date, place: Callable[[date], float], low: float,
                high: float, baseline: float) -> list[tuple[date, Label]]:
    """The finest calendar whose labels, centred under their dates between low and high, keep
    apart; one with two ticks or more if any does."""
    fitting: list[list[tuple[date, Label]]] = []
    for ticks, reads in _calendars(first, last):
        if not ticks or len(ticks) > _MOST_TICKS:
            continue
        labels = [Label(_centred(place(t), text, low, high), baseline, text, "middle")
                  for t, text in zip(ticks, _date_texts(ticks, reads), strict=True)]
        if all(not a.box.meets(b.box, FONT) for a, b in pairwise(labels)):
            if len(ticks) >= 2:
                return list(zip(ticks, labels, strict=True))
            fitting.append(list(zip(ticks, labels, strict=True)))
    return fitting[0] if fitting else []


def _visible_span(first: date, last: date) -> tuple[date, date]:
    """A span of at least one day, so that every x position is a finite number."""
    if last > first:
        return first, last
    if first < date.max:
        return first, add_days(first, 1)
    return add_days(first, -1), first


# -- the line chart ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    points: Sequence[tuple[date, float]]
    css: str  # sst-actual, sst-expected, sst-target
    label: str
    dots: bool = False
    caption: str = ""  # written over the start of its line, e.g. "target 75,000"


@dataclass(frozen=True)
class _Plot:
    """The plotting area and its scales: every value and date given to it lands inside."""

    left: float
    top: float
    right: float
    bottom: float
    first: date
    last: date
    low: float
    high: float

    def x(self, when: date) -> float:
        when = min(max(when, self.first), self.last)
        return self.left + (self.right - self.left) * (
            (when - self.first).days / (self.last - self.first).days)

    def y(self, value: float) -> float:
        value = max(self.low, min(self.high, _drawable(value)))  # the ticks span every value
        return self.bottom - (self.bottom - self.top) * (
            (value - self.low) / ((self.high - self.low) or 1.0))


DOT = 3.5  # the radius of a measurement's dot


def line_chart(series: Sequence[Series], label: str, unit: str,
               today: date | None = None) -> str:
    """Values over time (actuals, the expected line, the target) with today marked; every
    value within the axis, which carries the unit; a legend of exactly what is drawn."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return ""
    svgs = "".join(_line_svg(drawn, label, unit, today, frame) for frame in FRAMES)
    return figure(svgs + _legend(drawn), label)


def _line_svg(series: Sequence[Series], label: str, unit: str, today: date | None,
              frame: Frame) -> str:
    points = [p for s in series for p in s.points]
    first, last = min(d for d, _ in points), max(d for d, _ in points)
    if today is not None and first <= today <= add_days(last, 31):
        last = max(last, today)
    else:  # before the first reading or long after the last: no "today" on this chart
        today = None
    if first == last:  # one date: in the middle of a month
        first, last = add_days(first, -15), add_days(last, 15)
    first, last = _visible_span(first, last)
    if today is not None and not first <= today <= last:
        today = None
    low = min(_drawable(v) for _, v in points)
    high = max(_drawable(v) for _, v in points)
    unit_label = Label(PAD, PAD + 0.95 * FONT, _clipped_to(unit, frame.width / 2))
    for rows in (1, 2):  # "today" takes a second row where it would meet the unit
        # under the header's last line: its descent, a gap, the top value label's ascent
        top = PAD + 0.95 * FONT + (rows - 1) * 1.3 * FONT + 1.1 * FONT
        plot, parts = _axes(frame, first, last, low, high, top)
        if today is None:
            break
        today_text = current().pgettext("chart", "today")
        today_label = Label(_centred(plot.x(today), today_text, PAD, frame.width - PAD),
                            PAD + 0.95 * FONT + (rows - 1) * 1.3 * FONT, today_text, "middle")
        if rows == 2 or not unit or not today_label.box.meets(unit_label.box, FONT / 2):
            parts += [f'<line class="sst-today" x1="{plot.x(today):.1f}" '
                      f'x2="{plot.x(today):.1f}" y1="{today_label.baseline + 0.4 * FONT:.1f}" '
                      f'y2="{plot.bottom:.1f}"/>', _label(today_label, "sst-axis sst-today-label")]
            break
    if unit:
        parts.append(_label(unit_label, "sst-axis sst-unit"))
    for one in reversed(series):  # the first series (the measurements) on top
        parts += _series_marks(one, plot, unit)
    parts += _captions(series, plot)
    return _svg(frame, frame.height, "sst-line-chart", label, parts)


def _axes(frame: Frame, first: date, last: date, low: float, high: float,
          top: float) -> tuple[_Plot, list[str]]:
    """The plot area under TOP, its value grid and labels on the left, dates below."""
    bottom = frame.height - PAD - 1.9 * FONT  # the dates under it clear the lowest value
    ticks = _value_ticks(low, high, bottom - top)
    texts = _tick_texts(ticks)
    left = PAD + max(text_width(t) for t in texts) + FONT / 2
    plot = _Plot(left, top, frame.width - PAD - DOT, bottom, first, last, ticks[0], ticks[-1])
    parts = []
    for tick, text in zip(ticks, texts, strict=True):
        y = plot.y(tick)
        parts.append(f'<line class="sst-grid" x1="{left:.1f}" x2="{plot.right:.1f}" '
                     f'y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(_text(left - FONT / 2 + 1, y + 0.35 * FONT, text, anchor="end"))
    baseline = bottom + 1.65 * FONT
    for when, tick_label in _date_ticks(first, last, plot.x, PAD, frame.width - PAD, baseline):
        x = plot.x(when)
        parts.append(f'<line class="sst-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{bottom:.1f}" '
                     f'y2="{bottom + 0.3 * FONT:.1f}"/>')
        parts.append(_label(tick_label))
    return plot, parts


def _label(label: Label, css: str = "sst-axis") -> str:
    return _text(label.x, label.baseline, label.text, css, label.anchor)


def _series_marks(one: Series, plot: _Plot, unit: str) -> list[str]:
    parts = []
    if len(one.points) > 1:
        path = " ".join(f"{plot.x(d):.1f},{plot.y(v):.1f}" for d, v in one.points)
        parts.append(f'<polyline class="sst-line {attr(one.css)}" points="{path}">'
                     f"<title>{attr(one.label)}</title></polyline>")
    if one.dots or len(one.points) == 1:
        for when, value in one.points:
            parts.append(f'<circle class="sst-dot {attr(one.css)}" cx="{plot.x(when):.1f}" '
                         f'cy="{plot.y(value):.1f}" r="{DOT}"><title>{attr(one.label)}: '
                         + attr(current().gettext("{value} {unit} on {date}").format(
                             value=value_text(value), unit=unit, date=current().day(when)))
                         + "</title></circle>")
    return parts


def _captions(series: Sequence[Series], plot: _Plot) -> list[str]:
    """Each series' own label by its line, inside the plot, apart from the others: over the
    start of its line (away from the latest values) or under it, else at its end; a caption
    with no room left is not written (the legend still names the series)."""
    placed: list[Label] = []
    for one in series:
        if not one.caption:
            continue
        text = _clipped_to(one.caption, plot.right - plot.left, bold=True)
        width = text_width(text, bold=True)
        spots = []
        for when, value in (one.points[0], one.points[-1]):
            x = max(plot.left, min(plot.right - width, plot.x(when)))
            y = plot.y(value)
            spots += [Label(x, y - 0.45 * FONT, text, bold=True),
                      Label(x, y + 1.2 * FONT, text, bold=True)]
        spot = next((s for s in spots if plot.top <= s.box.top and s.box.bottom <= plot.bottom
                     and not any(s.box.meets(p.box) for p in placed)), None)
        if spot is not None:
            placed.append(spot)
    return [_label(label, "sst-chart-label") for label in placed]


def _legend(series: Sequence[Series]) -> str:
    """A key for each series drawn, its swatch drawn as the series is."""
    keys = []
    for one in series:
        line = (f'<line class="sst-line {attr(one.css)}" x1="1" x2="23" y1="5" y2="5"/>'
                if len(one.points) > 1 else "")
        dot = (f'<circle class="sst-dot {attr(one.css)}" cx="12" cy="5" r="{DOT}"/>'
               if one.dots or len(one.points) == 1 else "")
        keys.append(f'<span class="sst-key">{_swatch(line + dot)}{attr(one.label)}</span>')
    return f'<figcaption class="sst-legend">{"".join(keys)}</figcaption>'


def _swatch(marks: str) -> str:
    return (f'<svg class="sst-swatch" viewBox="0 0 24 10" width="24" height="10" '
            f'aria-hidden="true">{marks}</svg>')


# -- the timeline ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date
    href: str
    css: str
    note: str
    state: str = ""  # the legend's word for css, e.g. "at risk"


def timeline(bars: Sequence[Bar], first: date, last: date, today: date, label: str) -> str:
    """Battles on the period's calendar, each on its own row under its full title, today
    marked. Not an image: its bars are links."""
    first, last = _visible_span(first, last)
    svgs = "".join(_timeline_svg(bars, first, last, today, label, frame) for frame in FRAMES)
    states = {b.css: b.state for b in bars if b.state}
    keys = "".join(
        f'<span class="sst-key">{_swatch(_bar_swatch(css))}{attr(state)}</span>'
        for css, state in states.items())
    legend = f'<figcaption class="sst-legend">{keys}</figcaption>' if keys else ""
    return _linked_figure(svgs + legend, "sst-figure--timeline")


def _linked_figure(content: str, css: str) -> str:
    """A figure whose marks are links: no image, whose links a reader would lose (its drawing
    is a named group)."""
    return f'<figure class="sst-figure {attr(css)}">{content}</figure>'



def _bar_swatch(css: str) -> str:
    return f'<rect class="sst-bar {attr(css)}" x="2" y="1" width="20" height="8" rx="2"/>'


def _timeline_svg(bars: Sequence[Bar], first: date, last: date, today: date, label: str,
                  frame: Frame) -> str:
    width = frame.width
    plot = _Plot(PAD, 0, width - PAD, 1, first, last, 0.0, 1.0)
    top = PAD + 1.5 * FONT  # under the dates
    ticks = _date_ticks(first, last, plot.x, PAD, width - PAD, PAD + 0.95 * FONT)
    rows: list[str] = []
    y = top + 0.3 * FONT
    for bar in bars:
        y, row = _timeline_row(bar, plot, y)
        rows.append(row)
    parts = [f'<line class="sst-grid" x1="{plot.x(tick):.1f}" x2="{plot.x(tick):.1f}" '
             f'y1="{top:.1f}" y2="{y:.1f}"/>' + _label(tick_label) for tick, tick_label in ticks]
    parts += rows
    height = y + PAD
    if first <= today <= last:
        text = current().gettext("today {date}").format(date=current().day(today))
        today_label = Label(_centred(plot.x(today), text, PAD, width - PAD), y + 0.95 * FONT,
                            text, "middle")
        parts += [f'<line class="sst-today" x1="{plot.x(today):.1f}" x2="{plot.x(today):.1f}" '
                  f'y1="{top:.1f}" y2="{y:.1f}"/>', _label(today_label, "sst-axis sst-today-label")]
        height = today_label.box.bottom + PAD
    return _svg(frame, height, "sst-timeline", label, parts, linked=True)


def _title_lines(title: str, x0: float, plot: _Plot) -> tuple[list[str], float]:
    """A bar's title on two lines from the bar's start where they hold it whole and cut no
    word, else on up to three lines across the drawing, moved left just enough to end inside
    it."""
    room = plot.right - x0
    # balanced only once it fits: balancing tries a dozen widths
    if room >= 10 * FONT and not text_measure.cuts_a_word(title, room, FONT) and \
            len(text_measure.lines_of(title, room, FONT)) <= 2:
        return list(text_measure.lines_of(title, room, FONT, balanced=True)), x0
    lines = list(text_measure.wrap(title, plot.right - plot.left, FONT, most=3, balanced=True))
    widest = max(text_width(line) for line in lines)
    return lines, max(plot.left, min(x0, plot.right - widest))


def _timeline_row(bar: Bar, plot: _Plot, y: float) -> tuple[float, str]:
    """A battle's title (wrapped, never cut at the edge) over its bar; the next row's top."""
    x0 = plot.x(bar.start)
    x1 = min(plot.right, max(plot.x(bar.end), x0 + 4))
    x0 = min(x0, x1 - 4)
    lines, x = _title_lines(bar.label, x0, plot)
    texts = "".join(_text(x, y + (0.95 + 1.25 * i) * FONT, line, "sst-bar-label")
                    for i, line in enumerate(lines))
    bar_top = y + 1.25 * FONT * len(lines) + 0.1 * FONT
    row = (f'<a href="{attr(bar.href)}"><title>{attr(bar.label)}: {attr(bar.note)}</title>'
           f'{texts}<rect class="sst-bar {attr(bar.css)}" x="{x0:.1f}" y="{bar_top:.1f}" '
           f'width="{x1 - x0:.1f}" height="{0.9 * FONT:.1f}" rx="3"/></a>')
    return bar_top + 1.7 * FONT, row


def heat_map(cells: Mapping[tuple[int, int], Sequence[tuple[int, str, str]]], label: str) -> str:
    """Likelihood × impact, 5 × 5; each risk a numbered link in its cell."""
    size, left, top = 72, 36, 8
    width, height = left + size * 5 + 8, top + size * 5 + 40
    parts = [f'<svg class="sst-chart sst-heat" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"{_GROUP.format(attr(label))}>'
             f"<title>{attr(label)}</title>"]
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x0, y0 = left + (likelihood - 1) * size, top + (5 - impact) * size
            score = likelihood * impact
            level = "high" if score >= 15 else "medium" if score >= 8 else "low"
            parts.append(f'<rect class="sst-heat-cell sst-heat--{level}" x="{x0}" y="{y0}" '
                         f'width="{size - 2}" height="{size - 2}" rx="4"/>')
            parts += _heat_dots(cells.get((likelihood, impact), ()), x0, y0)
        parts.append(f'<text class="sst-axis" x="{left + (likelihood - 0.5) * size:.0f}" '
                     f'y="{top + size * 5 + 16}" text-anchor="middle">{likelihood}</text>')
    for impact in range(1, 6):
        parts.append(f'<text class="sst-axis" x="{left - 10}" '
                     f'y="{top + (5.5 - impact) * size:.0f}" text-anchor="end">{impact}</text>')
    # each axis's name no longer than the grid it runs along, whatever its translation
    across = _clipped_to(current().gettext("likelihood →"), size * 5)
    up = _clipped_to(current().gettext("impact →"), size * 5)
    parts.append(f'<text class="sst-axis" x="{left + size * 2.5:.0f}" y="{height - 4}" '
                 f'text-anchor="middle">{attr(across)}</text>')
    parts.append(f'<text class="sst-axis" x="12" y="{top + size * 2.5:.0f}" '
                 f'transform="rotate(-90 12 {top + size * 2.5:.0f})" text-anchor="middle">'
                 f'{attr(up)}</text></svg>')
    return _linked_figure("".join(parts), "sst-figure--heat")


_HEAT_SLOTS = 9  # three rows of three dots fill a cell


def _heat_dots(risks: Sequence[tuple[int, str, str]], x0: int, y0: int) -> list[str]:
    """A numbered link per risk in its cell; past nine, the ninth slot counts the rest."""
    shown = risks if len(risks) <= _HEAT_SLOTS else risks[: _HEAT_SLOTS - 1]
    parts = []
    for slot, (index, title, href) in enumerate(shown):
        cx, cy = x0 + 14 + (slot % 3) * 21, y0 + 14 + (slot // 3) * 21
        parts.append(f'<a href="{attr(href)}"><title>{attr(title)}</title><circle '
                     f'class="sst-heat-dot" cx="{cx}" cy="{cy}" r="9.5"/><text '
                     f'class="sst-heat-label" x="{cx}" y="{cy + 4}" text-anchor="middle">'
                     f"{index}</text></a>")
    rest = risks[len(shown):]
    if rest:
        cx, cy = x0 + 14 + 2 * 21, y0 + 14 + 2 * 21
        names = ", ".join(f"{index}. {title}" for index, title, _ in rest)
        parts.append(f'<g><title>{attr(names)}</title><text class="sst-heat-label" x="{cx}" '
                     f'y="{cy + 4}" text-anchor="middle">+{len(rest)}</text></g>')
    return parts


def progress_bar(share: float | None, css: str, text: str) -> str:
    """An inline bar for tables: the share of the way from baseline to target."""
    width = 0 if share is None else max(0.0, min(1.0, share)) * 100
    # hidden from screen readers: the figure it draws is written beside it
    return (f'<span class="sst-progress" title="{attr(text)}" aria-hidden="true">'
            f'<span class="sst-progress__bar {attr(css)}" style="width: {width:.0f}%"></span>'
            f"</span>")
