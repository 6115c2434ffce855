"""Charts and the timeline (svg.py): every mark inside its drawing, every value inside its axis,
no two labels on one another, units and unambiguous dates, the legend exactly what is drawn.

Plain functions: the SVG strings svg.py returns are parsed with xml.etree and measured with the
same width estimate the layout uses; tests/test_site_charts.py measures them in Chromium.
"""

from __future__ import annotations

import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sst_plugin.core.render import svg

SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).parent / "data" / "charts"
CSS = Path(svg.__file__).parent / "assets" / "sst.css"
AS_OF = date(2026, 11, 16)


# -- reading a figure back ---------------------------------------------------------------------

def drawings(figure: str) -> list[ET.Element]:
    """The figure's SVG drawings (the wide and the narrow one), its legend's swatches left out."""
    root = ET.fromstring(figure)
    return [e for e in root if e.tag == f"{SVG}svg"]


def view_box(drawing: ET.Element) -> svg.Box:
    _, _, width, height = (float(v) for v in drawing.get("viewBox", "").split())
    return svg.Box(0, 0, width, height)


def inside(box: svg.Box, frame: svg.Box, slack: float = 0.05) -> bool:
    return (box.left >= frame.left - slack and box.top >= frame.top - slack
            and box.right <= frame.right + slack and box.bottom <= frame.bottom + slack)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def texts(drawing: ET.Element) -> list[tuple[ET.Element, svg.Box]]:
    return [(t, svg.text_box(float(t.get("x", 0)), float(t.get("y", 0)), text_of(t),
                             t.get("text-anchor", "start")))
            for t in drawing.iter(f"{SVG}text")]


def mark_boxes(drawing: ET.Element) -> list[tuple[str, svg.Box]]:
    """Every circle, polyline point, line and rect as a box, with its tag."""
    found = []
    for element in drawing.iter():
        tag = element.tag.removeprefix(SVG)
        if tag == "circle":
            cx, cy, r = (float(element.get(k, 0)) for k in ("cx", "cy", "r"))
            found.append((tag, svg.Box(cx - r, cy - r, cx + r, cy + r)))
        elif tag == "polyline":
            for point in element.get("points", "").split():
                x, y = (float(v) for v in point.split(","))
                found.append((tag, svg.Box(x, y, x, y)))
        elif tag == "line":
            x1, x2, y1, y2 = (float(element.get(k, 0)) for k in ("x1", "x2", "y1", "y2"))
            found.append((tag, svg.Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
        elif tag == "rect":
            x, y, w, h = (float(element.get(k, 0)) for k in ("x", "y", "width", "height"))
            found.append((tag, svg.Box(x, y, x + w, y + h)))
    return found


def value_axis(drawing: ET.Element) -> list[tuple[float, float]]:
    """(value, y) of each value label: the texts anchored at their end, left of the plot."""
    return [(float(text_of(t).replace(",", "")), float(t.get("y", 0)) - 0.35 * svg.FONT)
            for t in drawing.iter(f"{SVG}text") if t.get("text-anchor") == "end"]


def plot_area(drawing: ET.Element) -> svg.Box:
    """Where the value grid runs: from the first to the last value, across the plot."""
    grid = [mark for tag, mark in mark_boxes(drawing) if tag == "line"
            and mark.top == mark.bottom and mark.right - mark.left > 20]
    return svg.Box(min(g.left for g in grid), min(g.top for g in grid),
                   max(g.right for g in grid), max(g.bottom for g in grid))


def assert_drawn_well(figure: str) -> None:
    """Marks inside the drawing, texts inside it and apart from one another, in each frame."""
    for drawing in drawings(figure):
        frame = view_box(drawing)
        for tag, mark in mark_boxes(drawing):
            assert inside(mark, frame), (tag, mark, frame)
        labels = texts(drawing)
        for element, box in labels:
            assert inside(box, frame), (text_of(element), box, frame)
        for (a, box_a), (b, box_b) in combinations(labels, 2):
            assert not box_a.meets(box_b), (text_of(a), box_a, text_of(b), box_b)


def legend_keys(figure: str) -> list[tuple[str, set[str]]]:
    """Each legend key's words and the tags its swatch draws."""
    root = ET.fromstring(figure)
    caption = root.find("figcaption")
    if caption is None:
        return []
    return [("".join(key.itertext()).strip(),
             {e.tag.removeprefix(SVG) for e in key.iter()} - {"span", "svg"})
            for key in caption.iter("span") if key.get("class") == "sst-key"]


# -- generated series --------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
values = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-10**9, max_value=10**9).map(float),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.floats(min_value=1e5, max_value=1e6, allow_nan=False).map(lambda v: round(v, -3)))
words = st.text(st.sampled_from("abcdefghij KLMNOPQ%é€1234567890-"), max_size=40)


@st.composite
def series_lists(draw: st.DrawFn) -> list[svg.Series]:
    start = draw(days)
    span = draw(st.integers(min_value=0, max_value=draw(st.sampled_from([3, 60, 400, 4000]))))
    base = draw(values)
    spread = draw(st.sampled_from([0.0, 1e-3, 1.0, 100.0, 1e5]))
    # differences below a millionth of the values are float noise, not a KPI's movement
    spread = 0.0 if spread < 1e-6 * abs(base) else spread
    result = []
    for css, label in (("sst-actual", "Measured"), ("sst-expected", "Expected"),
                       ("sst-target", "Target")):
        count = draw(st.integers(min_value=0, max_value=25 if css == "sst-actual" else 3))
        offsets = sorted(draw(st.lists(st.integers(0, span), min_size=count, max_size=count)))
        points = [(start + timedelta(days=o),
                   base + spread * draw(st.floats(min_value=-1, max_value=1)))
                  for o in offsets]
        result.append(svg.Series(points, css, label, dots=css == "sst-actual",
                                 caption=draw(st.sampled_from(["", "target 420,000"]))))
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series=series_lists(), unit=words,
       today=st.one_of(st.none(), days))
def test_every_mark_and_label_of_a_line_chart_lies_inside_and_apart(
        series: list[svg.Series], unit: str, today: date | None) -> None:
    figure = svg.line_chart(series, "chart", unit, today)
    drawn = [s for s in series if s.points]
    if not drawn:
        assert figure == ""
        return
    assert_drawn_well(figure)
    every_value = [v for s in drawn for _, v in s.points]
    for drawing in drawings(figure):
        axis = value_axis(drawing)
        assert len(axis) >= 2
        low, high = min(v for v, _ in axis), max(v for v, _ in axis)
        assert low <= min(every_value) and max(every_value) <= high, (low, high, every_value)
        plot = plot_area(drawing)
        for tag, mark in mark_boxes(drawing):
            if tag == "polyline":
                assert inside(mark, plot), (mark, plot)
        _assert_dots_at_their_values(drawing, drawn)
        if unit.strip():
            assert any("sst-unit" in (t.get("class") or "") for t in drawing.iter(f"{SVG}text"))
        _assert_today_labelled(drawing, drawn, today)
    assert [key for key, _ in legend_keys(figure)] == [s.label for s in drawn]


def _assert_dots_at_their_values(drawing: ET.Element, drawn: Sequence[svg.Series]) -> None:
    """Each dot sits at its value on the axis' scale: nothing was clamped to the edge."""
    axis = value_axis(drawing)
    (v0, y0), (v1, y1) = min(axis), max(axis)
    circles = [c for c in drawing.iter(f"{SVG}circle") if "sst-actual" in (c.get("class") or "")]
    measured = [v for s in drawn if s.css == "sst-actual" for _, v in s.points]
    assert len(circles) == len(measured)
    for circle, value in zip(circles, measured, strict=True):
        expected = y0 + (y1 - y0) * (value - v0) / (v1 - v0)
        assert math.isclose(float(circle.get("cy", 0)), expected, abs_tol=0.2), (value, axis)


def _assert_today_labelled(drawing: ET.Element, drawn: Sequence[svg.Series],
                           today: date | None) -> None:
    dates = [d for s in drawn for d, _ in s.points]
    shown = today is not None and min(dates) <= today <= max(dates) + timedelta(days=31)
    labels = [t for t in drawing.iter(f"{SVG}text") if text_of(t) == "today"]
    assert len(labels) == (1 if shown else 0)


@st.composite
def bar_lists(draw: st.DrawFn) -> tuple[list[svg.Bar], date, date]:
    first = draw(days)
    last = first + timedelta(days=draw(st.integers(0, 4000)))
    bars = []
    for _ in range(draw(st.integers(1, 10))):
        start = first + timedelta(days=draw(st.integers(0, (last - first).days)))
        end = start + timedelta(days=draw(st.integers(0, (last - start).days)))
        title = draw(st.text(st.sampled_from("abcdefg WMQ-12"), min_size=1, max_size=140)
                     .filter(str.strip))
        state = draw(st.sampled_from(["achieved", "on-track", "at-risk", "no-data"]))
        bars.append(svg.Bar(title, start, end, "#", f"sst-{state}", "note", state))
    return bars, first, last


@settings(max_examples=200, deadline=None)
@given(drawn=bar_lists(), today=days)
def test_every_bar_and_title_of_the_timeline_lies_inside_and_apart(
        drawn: tuple[list[svg.Bar], date, date], today: date) -> None:
    bars, first, last = drawn
    figure = svg.timeline(bars, first, last, today, "timeline")
    assert_drawn_well(figure)
    for drawing in drawings(figure):
        links = list(drawing.iter(f"{SVG}a"))
        assert len(links) == len(bars)
        for link, bar in zip(links, bars, strict=True):
            lines = [text_of(t) for t in link.iter(f"{SVG}text")]
            title = " ".join(bar.label.split())
            # the title whole (a word wider than the drawing cut across lines, with no hyphen),
            # or, too long for three lines, every line a piece of it, the last ending in "…"
            assert "".join(lines).replace(" ", "") == title.replace(" ", "") or (
                lines[-1].endswith("…") and all(piece in title for line in lines
                                                for piece in line.split("…"))), (lines, title)
        today_labels = [t for t in drawing.iter(f"{SVG}text") if text_of(t).startswith("today")]
        assert len(today_labels) == (1 if first <= today <= max(last, first + timedelta(1))
                                     else 0)
    assert {k for k, _ in legend_keys(figure)} == {b.state for b in bars}


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(1, 5), st.integers(1, 5)),
                       st.integers(1, 14), max_size=25))
def test_every_risk_of_the_heat_map_lies_in_its_cell(counts: dict[tuple[int, int], int]) -> None:
    cells = {cell: [(i, f"risk {i}", "#") for i in range(1, n + 1)] for cell, n in counts.items()}
    figure = svg.heat_map(cells, "risks")
    drawing = drawings(figure)[0]
    frame = view_box(drawing)
    rects = [m for tag, m in mark_boxes(drawing) if tag == "rect"]
    for tag, mark in mark_boxes(drawing):
        assert inside(mark, frame)
        if tag == "circle":
            assert any(inside(mark, r) for r in rects), mark
    assert len(list(drawing.iter(f"{SVG}circle"))) == sum(min(n, 9 if n <= 9 else 8)
                                                           for n in counts.values())


# -- what the issue saw, one by one ------------------------------------------------------------

def _monthly(values: Sequence[float], first: date = date(2025, 11, 30)) -> list[tuple[date, float]]:
    return [(date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1),
             v) for i, v in enumerate(values)]


@pytest.mark.parametrize(("values", "target"), [
    ([7.8, 8.1, 8.4, 10.9, 13.6, 15.8, 16.4, 17.1, 17.9, 18.3, 20.5, 22.4], None),
    ([0, 12, 31, 48, 66, 79, 95, 108], None),
    ([310_000, 330_000, 352_000, 371_000, 398_000, 400_000], 420_000.0),
])
def test_the_axis_holds_the_latest_value_and_the_target(values: list[float],
                                                        target: float | None) -> None:
    points = _monthly(values)
    series = [svg.Series(points, "sst-actual", "Measured", dots=True)]
    if target is not None:
        series.append(svg.Series([(points[0][0], target), (points[-1][0], target)],
                                 "sst-target", "Target", caption="target 420,000"))
    figure = svg.line_chart(series, "chart", "EUR", AS_OF)
    for drawing in drawings(figure):
        top = max(v for v, _ in value_axis(drawing))
        assert top >= max([*values, target or 0])
        if target is not None:
            assert "target 420,000" in [text_of(t) for t in drawing.iter(f"{SVG}text")]
            line = next(p for p in drawing.iter(f"{SVG}polyline")
                        if "sst-target" in (p.get("class") or ""))
            first_y = float(line.get("points", "").split()[0].split(",")[1])
            assert plot_area(drawing).top <= first_y


def test_dates_carry_their_year_and_the_unit_its_axis() -> None:
    figure = svg.line_chart([svg.Series(_monthly([1, 2, 3, 4, 5, 6]), "sst-actual", "M")],
                            "chart", "%", AS_OF)
    for drawing in drawings(figure):
        dates = [text_of(t) for t in drawing.iter(f"{SVG}text")
                 if t.get("text-anchor") == "middle" and text_of(t) != "today"]
        assert dates[0] == "Nov 2025", dates
        assert "Jan 2026" in dates, dates
        assert not any(re.fullmatch(r"[A-Z][a-z]{2} \d{2}", d) for d in dates)  # "Dec 25"
        assert "%" in [text_of(t) for t in drawing.iter(f"{SVG}text")]


def test_today_at_the_right_edge_is_written_whole() -> None:
    figure = svg.line_chart([svg.Series(_monthly([1, 2, 3]), "sst-actual", "M")], "chart", "",
                            date(2026, 1, 31))
    for drawing in drawings(figure):
        (label,) = [t for t in drawing.iter(f"{SVG}text") if text_of(t) == "today"]
        box = svg.text_box(float(label.get("x", 0)), float(label.get("y", 0)), "today",
                           label.get("text-anchor", "start"))
        assert inside(box, view_box(drawing))


def test_a_lone_point_is_a_dot_in_the_drawing_and_in_the_legend() -> None:
    figure = svg.line_chart([svg.Series([(AS_OF, 5.0)], "sst-actual", "Measured"),
                             svg.Series([], "sst-expected", "Expected")], "chart", "", AS_OF)
    assert legend_keys(figure) == [("Measured", {"circle"})]
    for drawing in drawings(figure):
        assert not list(drawing.iter(f"{SVG}polyline"))


def test_a_lone_measurement_sits_in_the_middle_of_its_axis() -> None:
    figure = svg.line_chart([svg.Series([(AS_OF, 3.0)], "sst-actual", "M")], "c", "", AS_OF)
    for drawing in drawings(figure):
        plot = plot_area(drawing)
        (dot,) = drawing.iter(f"{SVG}circle")
        assert math.isclose(float(dot.get("cx", 0)), (plot.left + plot.right) / 2, abs_tol=1)
        assert math.isclose(float(dot.get("cy", 0)), (plot.top + plot.bottom) / 2, abs_tol=1)


def test_a_target_in_thousandths_is_written_as_such() -> None:
    assert [svg.value_text(v) for v in (0.001, 75_000, 22.4, -0.0)] == [
        "0.001", "75,000", "22.4", "0"]


def test_value_labels_tell_close_values_apart() -> None:
    assert svg._tick_texts([0.001, 0.002, 0.003]) == ["0.001", "0.002", "0.003"]
    assert svg._tick_texts([-0.0, 1_000_000.0]) == ["0", "1,000,000"]
    assert svg._tick_texts([1e300, 1.5e300]) == ["1e+300", "1.5e+300"]


def test_the_stylesheet_sets_the_size_the_layout_assumes() -> None:
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.sst-axis, \.sst-chart-label, \.sst-bar-label, \.sst-heat-label "
                     r"\{ font-size: ([0-9.]+)px; \}", css)
    assert rule and float(rule.group(1)) == svg.FONT
    for frame in svg.FRAMES:
        assert frame.css in css


# -- golden drawings ---------------------------------------------------------------------------

def _golden(name: str, figure: str) -> None:
    """FIGURE as stored in tests/data/charts/NAME.svg; SST_UPDATE_GOLDEN=1 writes it anew."""
    path = GOLDEN / f"{name}.html"
    if os.environ.get("SST_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(figure + "\n", encoding="utf-8")
    assert figure + "\n" == path.read_text(encoding="utf-8")


def test_golden_goal_chart() -> None:
    start, deadline = date(2026, 1, 1), date(2026, 12, 31)
    actual = _monthly([61_800, 68_900, 58_400, 59_900, 62_700, 64_100, 66_300, 67_800, 61_200,
                       57_900, 68_400, 70_200], date(2025, 11, 30))
    figure = svg.line_chart([
        svg.Series(actual, "sst-actual", "Measured", dots=True),
        svg.Series([(start, 62_000), (date(2026, 3, 31), 64_000), (date(2026, 6, 30), 67_000),
                    (date(2026, 9, 30), 70_000), (deadline, 75_000)], "sst-expected",
                   "Expected (baseline, milestones, target)", dots=True),
        svg.Series([(start, 75_000), (deadline, 75_000)], "sst-target", "Target",
                   caption="target 75,000")], "Grow monthly revenue: Monthly revenue", "EUR",
        AS_OF)
    assert_drawn_well(figure)
    _golden("goal", figure)


def test_golden_timeline() -> None:
    bars = [svg.Bar("Spring sourdough launch", date(2026, 2, 1), date(2026, 4, 30), "a/",
                    "sst-achieved", "1 Feb 2026 – 30 Apr 2026, won, achieved", "achieved"),
            svg.Bar("Win the new office buildings", date(2026, 5, 1), date(2026, 9, 30), "b/",
                    "sst-achieved", "1 May 2026 – 30 Sep 2026, won, achieved", "achieved"),
            svg.Bar("Winter bread subscriptions", date(2026, 10, 1), date(2026, 12, 20), "c/",
                    "sst-at-risk", "1 Oct 2026 – 20 Dec 2026, active, at risk", "at risk")]
    figure = svg.timeline(bars, date(2026, 1, 1), date(2026, 12, 31), AS_OF,
                          "Battles on the calendar")
    assert_drawn_well(figure)
    _golden("timeline", figure)


def test_drawings_of_links_are_named_groups_never_images() -> None:
    bar = svg.Bar("Winter", date(2026, 1, 1), date(2026, 2, 1), "w/", "sst-at-risk", "n", "at risk")
    for figure in (svg.timeline([bar], date(2026, 1, 1), date(2026, 12, 31), AS_OF, "Battles"),
                   svg.heat_map({(1, 1): [(1, "Flood", "f/")]}, "Risks")):
        root = ET.fromstring(figure)
        assert root.get("role") is None  # axe: nested-interactive, links inside an image
        for drawing in drawings(figure):
            assert drawing.get("role") == "group"
            assert drawing.get("aria-label") == drawing.findtext(f"{SVG}title")


def test_nothing_measured_draws_nothing() -> None:
    assert svg.line_chart([svg.Series([], "sst-actual", "Measured")], "chart", "EUR") == ""


def test_today_before_the_only_reading_is_not_marked() -> None:
    # hypothesis found it: one reading widens the span by half a month either side, which
    # took in a today before the reading
    figure = svg.line_chart([svg.Series([(date(2000, 1, 2), 0.0)], "sst-expected", "Expected")],
                            "chart", "", today=date(2000, 1, 1))
    assert ">today<" not in figure
