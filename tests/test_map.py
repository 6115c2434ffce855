"""The strategy map (core/render/strategy_map.py): geometry over generated graphs, a golden
layout of the example, and the contrast of every state's colours in both palettes."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from datetime import date
from itertools import pairwise
from xml.etree import ElementTree

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sst_plugin.core.read.config import Settings
from sst_plugin.core.render import strategy_map as sm
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.text_measure import text_width
from sst_plugin.core.render.view import SiteView
from sst_plugin.core.rules.check import check_tree

GOLDEN = REPO / "tests" / "data" / "map"
CSS = REPO / "sst_plugin" / "core" / "render" / "assets" / "sst.css"
# what each column of the map can show (pages.py): health, or the status as written
STATES = {"Goals": ("achieved", "on-track", "at-risk", "off-track", "missed", "no-data"),
          "Paths": ("selected", "candidate", "rejected"),
          "Battles": ("achieved", "on-track", "at-risk", "off-track", "missed", "no-data"),
          "Tactics": ("todo", "doing", "done", "dropped")}
TITLES = st.one_of(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzMW  -&<>\"'é"), max_size=90),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=40),
    st.sampled_from(["Make organic sourdough a quarter of our bread sales",
                     "让有机酸面包占我们面包销量的四分之一",
                     "Antidisestablishmentarianismwithoutanyspaceswhatsoever",
                     "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "😀 emoji 🍞 bread", ""]),
)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[sm.Column], list[tuple[str, str]]]:
    """Up to four columns of boxes and edges from a column to any later one."""
    names = list(STATES)[: draw(st.integers(1, 4))]
    columns = []
    for index, name in enumerate(names):
        count = draw(st.integers(0, 9))
        nodes = []
        for row in range(count):
            state = draw(st.sampled_from(STATES[name]))
            nodes.append(sm.Node(f"{name[0].lower()}{row}", draw(TITLES), f"{index}/{row}.html",
                                 state, state.replace("-", " "), f"{name}, {state}"))
        columns.append(sm.Column(name, nodes))
    edges = []
    for index, column in enumerate(columns):
        later = [n.key for c in columns[index + 1:] for n in c.nodes]
        for node in column.nodes:
            if later:
                edges += [(node.key, t) for t in draw(st.lists(st.sampled_from(later),
                                                               max_size=3))]
    return columns, edges


def crosses(start: tuple[float, float], end: tuple[float, float], box: sm.Box) -> bool:
    """Whether the segment enters the inside of BOX (touching its border does not count)."""
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    for delta, near, far in ((x1 - x0, box.x - x0, box.right - x0),
                             (y1 - y0, box.y - y0, box.bottom - y0)):
        if abs(delta) < 1e-12:
            if not near < 0 < far:
                return False
            continue
        first, second = sorted((near / delta, far / delta))
        low, high = max(low, first), min(high, second)
    return high - low > 1e-9


def overlap(a: sm.Box, b: sm.Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def check_geometry(columns: list[sm.Column], edges: Iterable[tuple[str, str]]) -> sm.Layout:
    drawn = sm.layout(columns, edges)
    boxes = list(drawn.boxes.values())
    assert {n.key for c in columns for n in c.nodes} == set(drawn.boxes)
    for index, box in enumerate(boxes):
        assert box.x >= 0 and box.right <= drawn.width
        assert box.y >= 0 and box.bottom <= drawn.height
        for other in boxes[index + 1:]:
            assert not overlap(box, other), (box.node.key, other.node.key)
        # every label inside its box: lines no wider than the text area, the pill below them
        assert all(text_width(line, sm.TITLE_SIZE) <= box.width - 2 * sm.PAD_X
                   for line in box.lines)
        pill_x, pill_y, pill_w, pill_h = box.pill
        assert box.baseline(len(box.lines) - 1) + sm.TITLE_SIZE * 0.3 <= pill_y
        assert pill_x + pill_w <= box.right - sm.PAD_X and pill_y + pill_h <= box.bottom
        assert box.baseline(0) - sm.TITLE_SIZE >= box.y
    # every edge drawn once, and only edges of the model
    present = {n.key for c in columns for n in c.nodes}
    assert sorted((r.source, r.target) for r in drawn.routes) == sorted(
        {(s, t) for s, t in edges if s in present and t in present})
    for route in drawn.routes:
        source, target = drawn.boxes[route.source], drawn.boxes[route.target]
        assert route.points[0][0] == source.right and source.y < route.points[0][1] < source.bottom
        assert route.points[-1][0] == target.x and target.y < route.points[-1][1] < target.bottom
        samples = route.samples()
        for box in boxes:
            if box in (source, target):
                continue
            for start, end in pairwise(samples):
                assert not crosses(start, end, box), (route.source, route.target, box.node.key)
        assert all(0 <= x <= drawn.width and 0 <= y <= drawn.height for x, y in samples)
    return drawn


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_no_edge_under_a_box_no_overlap_every_label_inside(
        graph: tuple[list[sm.Column], list[tuple[str, str]]]) -> None:
    check_geometry(*graph)


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_the_svg_has_a_link_per_box_a_path_per_edge_and_a_legend_of_the_states_drawn(
        graph: tuple[list[sm.Column], list[tuple[str, str]]]) -> None:
    columns, edges = graph
    figure = sm.layered_map(columns, edges, "Map <of> & \"quotes\"")
    tree = ElementTree.fromstring(figure)  # well-formed: every title and label escaped
    svg = "{http://www.w3.org/2000/svg}"
    links = tree.findall(f".//{svg}a")
    assert sorted(a.get("href") or "" for a in links) == sorted(
        n.href for c in columns for n in c.nodes)
    drawn = sm.layout(columns, edges)
    assert len(tree.findall(f".//{svg}path")) == len(drawn.routes)
    shown = [(s.get("class") or "").split()[1].removeprefix("sst-map--")
             for s in tree.iter("span") if "sst-map-key" in (s.get("class") or "").split()]
    assert sorted(shown) == sorted(s for c in columns for s in {n.state for n in c.nodes})
    # a figure of links is no image: axe's nested-interactive (role="img" around links)
    assert tree.tag == "figure" and tree.get("role") is None


def test_an_edge_that_skips_a_column_runs_through_a_slot_of_its_own() -> None:
    node = sm.Node
    columns = [sm.Column("Goals", [node("g", "Goal", "g", "on-track", "on track", "")]),
               sm.Column("Paths", [node(f"p{i}", "Path", "p", "selected", "selected", "")
                                   for i in range(3)]),
               sm.Column("Battles", [node("b", "Battle", "b", "at-risk", "at risk", "")])]
    drawn = check_geometry(columns, [("g", "p0"), ("g", "p2"), ("p0", "b"), ("g", "b")])
    skipping = next(r for r in drawn.routes if (r.source, r.target) == ("g", "b"))
    assert len(skipping.points) == 4  # source, into the Paths column, out of it, target
    (_, into), (_, out) = skipping.points[1:3]
    assert into == out
    assert not any(p.y - sm.GAP < into < p.bottom + sm.GAP
                   for p in drawn.boxes.values() if p.column == 1)


def test_barycentre_sweeps_untangle_crossed_edges() -> None:
    node = sm.Node
    goals = [node(k, k, k, "on-track", "on track", "") for k in ("a", "b", "c")]
    paths = [node(k, k, k, "selected", "selected", "") for k in ("pc", "pb", "pa")]
    edges = [("a", "pa"), ("b", "pb"), ("c", "pc")]
    drawn = sm.layout([sm.Column("Goals", goals), sm.Column("Paths", paths)], edges)
    by_height = sorted(drawn.boxes.values(), key=lambda b: (b.column, b.y))
    assert [b.node.key for b in by_height] in (["a", "b", "c", "pa", "pb", "pc"],
                                               ["c", "b", "a", "pc", "pb", "pa"])


def test_edges_leftwards_or_within_a_column_are_refused_and_hidden_ends_left_out() -> None:
    node = sm.Node("a", "A", "a", "done", "done", "")
    other = sm.Node("b", "B", "b", "done", "done", "")
    columns = [sm.Column("Battles", [node]), sm.Column("Tactics", [other])]
    with pytest.raises(ValueError, match="later"):
        sm.layout(columns, [("b", "a")])
    assert sm.layout(columns, [("a", "b"), ("a", "hidden")]).routes[0].target == "b"


# --- the example, as readers see it ----------------------------------------------------------

def example_layout(monkeypatch: pytest.MonkeyPatch) -> tuple[sm.Layout, str]:
    """The example's map page, and the layout it was drawn from."""
    as_of = Settings(as_of=date(2026, 11, 16))
    layouts: list[sm.Layout] = []
    original = sm.layout

    def keep(columns: list[sm.Column], edges: list[tuple[str, str]]) -> sm.Layout:
        layouts.append(original(columns, edges))
        return layouts[-1]

    monkeypatch.setattr(sm, "layout", keep)
    page = Renderer(SiteView(check_tree(REPO, as_of).model, as_of)).strategy_map()
    return layouts[0], page.markdown


def describe(drawn: sm.Layout) -> str:
    """The layout in words: each column top to bottom, then each edge and the slots it takes."""
    lines = []
    for column, (title, _) in enumerate(drawn.headings):
        lines.append(f"{title}:")
        for box in sorted((b for b in drawn.boxes.values() if b.column == column),
                          key=lambda b: b.y):
            lines.append(f"  {box.y:6.1f} {box.height:5.1f} {box.node.key} [{box.node.state}] "
                         + " / ".join(box.lines))
    lines.append("Edges:")
    for route in sorted(drawn.routes, key=lambda r: (r.source, r.target)):
        slots = (len(route.points) - 2) // 2
        lines.append(f"  {route.source} -> {route.target}"
                     + (f" (through {slots} column{'s' * (slots > 1)})" if slots else ""))
    return "\n".join(lines) + "\n"


def test_golden_layout_of_the_example(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn, markdown = example_layout(monkeypatch)
    golden = GOLDEN / "example.txt"
    if os.environ.get("SST_UPDATE_GOLDEN"):
        golden.write_text(describe(drawn), encoding="utf-8")
    assert describe(drawn) == golden.read_text(encoding="utf-8")
    columns = [sm.Column(t, [b.node for b in sorted(drawn.boxes.values(), key=lambda b: b.y)
                             if b.column == i]) for i, (t, _) in enumerate(drawn.headings)]
    check_geometry(columns, [(r.source, r.target) for r in drawn.routes])
    assert 'role="img"' not in markdown.split('class="sst-map-figure"', 1)[1]


# --- colours -----------------------------------------------------------------------------------

def palettes() -> dict[str, dict[str, str]]:
    """The map's CSS variables in the light (:root) and dark (slate) palettes."""
    css = CSS.read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {}
    for name, selector in (("light", r":root"), ("dark", r'\[data-md-color-scheme="slate"\]')):
        blocks = re.findall(selector + r"\s*\{([^}]*)\}", css)
        found[name] = dict(re.findall(r"--(sst-map-[a-z-]+):\s*([^;]+);", "".join(blocks)))
    return found


def rgb(value: str) -> tuple[float, float, float]:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def mix(colour: tuple[float, ...], share: float, base: tuple[float, ...]) -> tuple[float, ...]:
    """CSS color-mix(in srgb, COLOUR SHARE, BASE)."""
    return tuple(share * c + (1 - share) * b for c, b in zip(colour, base, strict=True))


def luminance(colour: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def lab(colour: tuple[float, ...]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return math.dist(lab(a), lab(b))


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_state_has_its_own_colour_and_text_on_it_reads_at_4_5_to_1(palette: str) -> None:
    colours = palettes()[palette]
    css = CSS.read_text(encoding="utf-8")
    paper, ink = rgb(colours["sst-map-paper"]), rgb(colours["sst-map-ink"])
    states = sorted({s for column in STATES.values() for s in column})
    fills = {}
    for state in states:
        fill = rgb(colours[f"sst-map-{state}"])
        fills[state] = fill
        assert contrast(rgb(colours[f"sst-map-{state}-ink"]), fill) >= 4.5, state
        # the title on the box's tint (color-mix 12 % in sst.css)
        assert contrast(ink, mix(fill, 0.12, paper)) >= 4.5, state
        assert f".sst-map--{state} {{" in css
    # told apart at a glance: CIE76 distance, wide within a column, never near-identical
    for name, column in STATES.items():
        for index, state in enumerate(column):
            for other in column[index + 1:]:
                assert distance(fills[state], fills[other]) >= 20, (name, state, other)
    for index, state in enumerate(states):
        for other in states[index + 1:]:
            assert distance(fills[state], fills[other]) >= 10, (state, other)
    assert contrast(rgb(colours["sst-map-edge"]), paper) >= 3  # lines are graphics: 3:1
    assert "color-mix(in srgb, var(--sst-map-state) 12%, var(--sst-map-paper))" in css
