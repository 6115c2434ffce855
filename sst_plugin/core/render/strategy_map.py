"""The strategy map: goals → paths → battles → tactics as a layered graph, drawn as inline SVG.

A small Sugiyama layout (Sugiyama, Tagawa and Toda, 1981), our own: the graph has four layers and
a few hundred boxes at most, and the one rule we cannot give up, that no edge passes under a box,
is easiest to hold by construction.

1. Layers are the columns given. An edge that skips a column gets a waypoint in every column it
   crosses: a slot of its own among that column's boxes. Every edge then runs only across the
   gaps between neighbouring columns, or straight through its own free slot.
2. Order within each column: barycentre sweeps down and up; the order with fewest crossings wins.
3. Heights: each column's boxes and slots are pulled towards the centres of their neighbours,
   keeping their order and a gap (isotonic regression by pool-adjacent-violators).
4. Edges: across a gap a cubic curve whose control points sit at the gap's middle, so its x only
   grows and it never leaves the gap; through a slot a straight line.

Titles wrap by an estimate of their width by what each character is (text_measure.py), Chinese
and Japanese between any two characters. Each state has its own colour (assets/sst.css, both
palettes) and is also written in its box and drawn by the box's outline (dashed when it ended
short, dotted when it has not begun), never colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .svg import attr
from .text_measure import clip, text_width, wrap

# geometry in SVG user units; the CSS gives the same font sizes (.sst-map text)
NODE_WIDTH = 206
COLUMN_GAP = 66  # wide enough for curves between columns to stay readable
MARGIN = 6  # room for the focus outline
TOP = 34  # below the column headings
GAP = 14  # between two boxes or slots of a column: the clearance of an edge through a slot
SLOT_HEIGHT = 2  # a slot for an edge passing through a column
PAD_X, PAD_Y = 10, 9
TITLE_SIZE, LINE_HEIGHT, MAX_LINES = 14.0, 18, 4
HEADING_SIZE = 15.0  # bold, over each column
STATE_SIZE, PILL_HEIGHT, PILL_PAD = 12.5, 20, 7
SWEEPS = 6  # barycentre sweeps; each keeps the best order seen, so more never hurts
PLACEMENT_ROUNDS = 6

# how a state's box is outlined: a cue besides colour and word
ENDED_SHORT = frozenset({"missed", "rejected", "dropped", "abandoned", "lost"})
NOT_BEGUN = frozenset({"candidate", "todo", "planned", "no-data"})


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    href: str
    state: str  # a slug (`achieved`, `todo`): the CSS class and colour
    state_text: str  # the same state in words (`to do`), written in the box
    note: str  # the tooltip: kind and state


@dataclass(frozen=True)
class Column:
    title: str
    nodes: Sequence[Node]


@dataclass(frozen=True)
class Box:
    node: Node
    column: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]

    @property
    def state_text(self) -> str:
        """The state's word, cut short where a translation is wider than the box."""
        return clip(self.node.state_text, self.width - 2 * (PAD_X + PILL_PAD), STATE_SIZE,
                    bold=True)

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def baseline(self, line: int) -> float:
        return self.y + PAD_Y + line * LINE_HEIGHT + TITLE_SIZE

    @property
    def pill(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the state's pill, below the title."""
        width = text_width(self.state_text, STATE_SIZE, bold=True) + 2 * PILL_PAD
        return (self.x + PAD_X, self.y + PAD_Y + len(self.lines) * LINE_HEIGHT + 4, width,
                PILL_HEIGHT)


@dataclass(frozen=True)
class Route:
    """An edge as waypoints: across a gap from one point to the next, then through a slot."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]

    def d(self) -> str:
        x, y = self.points[0]
        parts = [f"M{x:.1f},{y:.1f}"]
        for index, (start, end) in enumerate(pairwise(self.points)):
            if index % 2 == 0:  # across a gap: control points at its middle keep x growing
                middle = (start[0] + end[0]) / 2
                parts.append(f"C{middle:.1f},{start[1]:.1f} {middle:.1f},{end[1]:.1f} "
                             f"{end[0]:.1f},{end[1]:.1f}")
            else:  # through a slot, straight
                parts.append(f"L{end[0]:.1f},{end[1]:.1f}")
        return " ".join(parts)

    def samples(self, per_curve: int = 24) -> list[tuple[float, float]]:
        """Points along the drawn path, close enough to stand for it as a polyline."""
        result = [self.points[0]]
        for index, (start, end) in enumerate(pairwise(self.points)):
            if index % 2:
                result.append(end)
                continue
            middle = (start[0] + end[0]) / 2
            controls = (start, (middle, start[1]), (middle, end[1]), end)
            result += [_bezier(controls, step / per_curve) for step in range(1, per_curve + 1)]
        return result


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    headings: tuple[tuple[str, float], ...]  # column title, x of its middle
    boxes: dict[str, Box]
    routes: tuple[Route, ...]


def _bezier(controls: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


# --- layout ------------------------------------------------------------------------------------

# an item of a layer: a node's key, or the slot (source, target, layer) of a long edge
Item = str | tuple[str, str, int]


def layout(columns: Sequence[Column], edges: Iterable[tuple[str, str]]) -> Layout:
    """Boxes and routes for COLUMNS of nodes linked by EDGES, which run from left to right.

    An edge naming a node that is not drawn is left out (a hidden entity); an edge within a
    column or leftwards is a programming error.
    """
    columns = [c for c in columns if c.nodes]
    layer = {node.key: index for index, column in enumerate(columns) for node in column.nodes}
    nodes = {node.key: node for column in columns for node in column.nodes}
    if len(nodes) != sum(len(c.nodes) for c in columns):
        raise ValueError("a key appears twice on the map")
    kept = list(dict.fromkeys((s, t) for s, t in edges if s in layer and t in layer))
    if any(layer[s] >= layer[t] for s, t in kept):
        raise ValueError("map edges run from a column to a later one")
    chains: dict[tuple[str, str], list[Item]] = {
        (s, t): [s, *((s, t, k) for k in range(layer[s] + 1, layer[t])), t] for s, t in kept}
    layers: list[list[Item]] = [[node.key for node in column.nodes] for column in columns]
    for chain in chains.values():
        for item in chain[1:-1]:
            assert isinstance(item, tuple)
            layers[item[2]].append(item)
    down: dict[Item, list[Item]] = {item: [] for items in layers for item in items}
    up: dict[Item, list[Item]] = {item: [] for items in layers for item in items}
    for chain in chains.values():
        for upper, lower in pairwise(chain):
            down[upper].append(lower)
            up[lower].append(upper)
    layers = _order(layers, up, down)
    # balanced lines: no word or character left alone on a title's last line
    lines = {key: wrap(node.label, NODE_WIDTH - 2 * PAD_X, TITLE_SIZE, MAX_LINES, balanced=True)
             for key, node in nodes.items()}
    heights = {item: (_box_height(len(lines[item])) if isinstance(item, str) else SLOT_HEIGHT)
               for item in up}
    tops = _place(layers, heights, up, down)
    lowest = min(tops.values(), default=0.0)
    tops = {item: top - lowest + TOP for item, top in tops.items()}
    boxes = {key: Box(nodes[key], layer[key], _column_x(layer[key]), tops[key], NODE_WIDTH,
                      heights[key], lines[key]) for key in nodes}
    centre = {item: tops[item] + heights[item] / 2 for item in tops}
    routes = _routes(chains, boxes, centre, down, up)
    width = 2 * MARGIN + len(columns) * NODE_WIDTH + max(len(columns) - 1, 0) * COLUMN_GAP
    height = max((tops[i] + heights[i] for i in tops), default=TOP) + MARGIN
    # a heading wider than its column (a long translation) is cut short: the legend names it whole
    headings = tuple((clip(c.title, NODE_WIDTH, HEADING_SIZE, bold=True),
                      _column_x(i) + NODE_WIDTH / 2) for i, c in enumerate(columns))
    return Layout(width, height, headings, boxes, routes)


def _box_height(lines: int) -> float:
    return PAD_Y + lines * LINE_HEIGHT + 4 + PILL_HEIGHT + PAD_Y


def _column_x(column: int) -> float:
    return MARGIN + column * (NODE_WIDTH + COLUMN_GAP)


def _order(layers: list[list[Item]], up: dict[Item, list[Item]],
           down: dict[Item, list[Item]]) -> list[list[Item]]:
    """Barycentre sweeps: each layer sorted by the mean position of its neighbours."""
    best, fewest = [list(items) for items in layers], _crossings(layers, down)
    current = [list(items) for items in layers]
    for _ in range(SWEEPS):
        for index in range(1, len(current)):
            current[index] = _by_barycentre(current[index], current[index - 1], up)
        for index in range(len(current) - 2, -1, -1):
            current[index] = _by_barycentre(current[index], current[index + 1], down)
        crossings = _crossings(current, down)
        if crossings < fewest:
            best, fewest = [list(items) for items in current], crossings
    return best


def _by_barycentre(items: list[Item], fixed: list[Item],
                   neighbours: dict[Item, list[Item]]) -> list[Item]:
    """ITEMS sorted by their neighbours' mean position in FIXED; one without any stays put."""
    where = {item: index for index, item in enumerate(fixed)}
    linked = [(sum(where[n] for n in neighbours[item]) / len(neighbours[item]), index, item)
              for index, item in enumerate(items) if neighbours[item]]
    moving = iter(item for _, _, item in sorted(linked, key=lambda entry: entry[:2]))
    return [next(moving) if neighbours[item] else item for item in items]


def _crossings(layers: list[list[Item]], down: dict[Item, list[Item]]) -> int:
    """Pairs of edges that cross between neighbouring layers (a Fenwick tree: E log E)."""
    total = 0
    for upper, lower in pairwise(layers):
        where = {item: index for index, item in enumerate(lower)}
        ends = sorted((i, where[n]) for i, item in enumerate(upper) for n in down[item])
        tree = [0] * (len(lower) + 1)
        for seen, (_, end) in enumerate(ends):
            position, at_most = end + 1, 0
            while position > 0:  # how many earlier edges end at or before this one
                at_most += tree[position]
                position -= position & -position
            total += seen - at_most
            position = end + 1
            while position <= len(lower):
                tree[position] += 1
                position += position & -position
    return total


def _place(layers: list[list[Item]], heights: dict[Item, float], up: dict[Item, list[Item]],
           down: dict[Item, list[Item]]) -> dict[Item, float]:
    """The top of each item: near its neighbours' centres, in order, GAP apart at least."""
    tops: dict[Item, float] = {}
    for items in layers:
        offset = 0.0
        for item in items:
            tops[item] = offset
            offset += heights[item] + GAP
    # stacked columns of unequal heights start centred on the tallest
    tallest = max((_extent(items, heights) for items in layers), default=0.0)
    for items in layers:
        shift = (tallest - _extent(items, heights)) / 2
        for item in items:
            tops[item] += shift
    passes: list[tuple[int, list[dict[Item, list[Item]]]]] = []
    for _ in range(PLACEMENT_ROUNDS):
        passes += [(index, [up]) for index in range(1, len(layers))]
        passes += [(index, [down]) for index in range(len(layers) - 2, -1, -1)]
    passes += [(index, [up, down]) for index in range(len(layers))]
    for index, sides in passes:
        _pull(layers[index], heights, tops, sides)
    return tops


def _extent(items: list[Item], heights: dict[Item, float]) -> float:
    return sum(heights[item] for item in items) + GAP * max(len(items) - 1, 0)


def _pull(items: list[Item], heights: dict[Item, float], tops: dict[Item, float],
          sides: list[dict[Item, list[Item]]]) -> None:
    """Move ITEMS towards the centres of their neighbours, keeping order and gaps.

    With offset_i the heights and gaps above item i, z_i = top_i − offset_i must not decrease:
    the closest such z to the wished ones is an isotonic regression.
    """
    wished, weights, offsets = [], [], []
    offset = 0.0
    for item in items:
        neighbours = [n for side in sides for n in side[item]]
        if neighbours:
            centre = sum(tops[n] + heights[n] / 2 for n in neighbours) / len(neighbours)
            wished.append(centre - heights[item] / 2 - offset)
            weights.append(float(len(neighbours)))
        else:  # free to move: it stays where it is unless pushed
            wished.append(tops[item] - offset)
            weights.append(0.01)
        offsets.append(offset)
        offset += heights[item] + GAP
    for item, value, offset in zip(items, _isotonic(wished, weights), offsets, strict=True):
        tops[item] = value + offset


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence closest to VALUES in weighted least squares (PAVA)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, count2 = blocks.pop()
            mean1, weight1, count1 = blocks.pop()
            total = weight1 + weight2
            blocks.append([(mean1 * weight1 + mean2 * weight2) / total, total, count1 + count2])
    return [mean for mean, _, count in blocks for _ in range(int(count))]


def _routes(chains: dict[tuple[str, str], list[Item]], boxes: dict[str, Box],
            centre: dict[Item, float], down: dict[Item, list[Item]],
            up: dict[Item, list[Item]]) -> tuple[Route, ...]:
    """Each edge from a port on its source's right side to one on its target's left side.

    A box's ports are spread along its side in the order of the other ends, so that edges leave
    and arrive side by side instead of in one point.
    """
    def ports(key: str, others: list[Item]) -> dict[Item, float]:
        box = boxes[key]
        ordered = sorted(others, key=lambda other: centre[other])
        return {other: box.y + box.height * (index + 1) / (len(ordered) + 1)
                for index, other in enumerate(ordered)}

    out_ports = {key: ports(key, down[key]) for key in boxes}
    in_ports = {key: ports(key, up[key]) for key in boxes}
    routes = []
    for (source, target), chain in chains.items():
        points = [(boxes[source].right, out_ports[source][chain[1]])]
        for slot in chain[1:-1]:
            assert isinstance(slot, tuple)
            points += [(_column_x(slot[2]), centre[slot]),
                       (_column_x(slot[2]) + NODE_WIDTH, centre[slot])]
        points.append((boxes[target].x, in_ports[target][chain[-2]]))
        routes.append(Route(source, target, tuple(points)))
    return tuple(routes)


# --- drawing -----------------------------------------------------------------------------------

def outline(state: str) -> str:
    """The outline's cue besides colour: dashed when it ended short, dotted when not begun."""
    return "ended" if state in ENDED_SHORT else "waiting" if state in NOT_BEGUN else "going"


def layered_map(columns: Sequence[Column], edges: Iterable[tuple[str, str]], label: str) -> str:
    """The map as a figure: the SVG, scrollable on a phone, and a legend of the states drawn.

    The figure is no image (role="img" would make its links children of a non-interactive
    image: axe's nested-interactive): each box is a link of its own, reached with Tab.
    """
    drawn = layout(columns, edges)
    # a group, not an image: Chromium makes an <svg> with a title an img, whose children a
    # screen reader may skip
    parts = [f'<svg class="sst-map" viewBox="0 0 {drawn.width:.0f} {drawn.height:.0f}" '
             f'xmlns="http://www.w3.org/2000/svg" role="group" aria-label="{attr(label)}">'
             f"<title>{attr(label)}</title>"]
    for title, middle in drawn.headings:
        parts.append(f'<text class="sst-map-heading" x="{middle:.1f}" y="21" '
                     f'text-anchor="middle">{attr(title)}</text>')
    parts += [f'<path class="sst-map-edge" d="{route.d()}"/>' for route in drawn.routes]
    # in reading order, which is the order Tab follows: column by column, top to bottom
    parts += [_box(box) for box in sorted(drawn.boxes.values(), key=lambda b: (b.column, b.y))]
    parts.append("</svg>")
    return (f'<figure class="sst-map-figure">'
            f'<div class="sst-map-scroll">{"".join(parts)}</div>'
            f"{legend(columns)}</figure>")


def _box(box: Box) -> str:
    node = box.node
    spans = "".join(f'<tspan x="{box.x + PAD_X:.1f}" y="{box.baseline(i):.1f}">{attr(line)}'
                    "</tspan>" for i, line in enumerate(box.lines))
    pill_x, pill_y, pill_w, pill_h = box.pill
    return (f'<a href="{attr(node.href)}" class="sst-map-node sst-map--{attr(node.state)} '
            f'sst-map-outline--{outline(node.state)}">'
            f"<title>{attr(node.label)} ({attr(node.note)})</title>"
            f'<rect class="sst-map-box" x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{box.height:.1f}" rx="6"/>'
            f'<text class="sst-map-title">{spans}</text>'
            f'<rect class="sst-map-pill" x="{pill_x:.1f}" y="{pill_y:.1f}" width="{pill_w:.1f}" '
            f'height="{pill_h}" rx="{pill_h / 2:.1f}"/>'
            f'<text class="sst-map-state" x="{pill_x + pill_w / 2:.1f}" '
            f'y="{pill_y + pill_h / 2 + STATE_SIZE * 0.36:.1f}" text-anchor="middle">'
            f"{attr(box.state_text)}</text></a>")


# the order states are listed in: best first, then what has not begun, then what ended short
STATE_ORDER = ("achieved", "won", "on-track", "active", "selected", "done", "doing",
               "at-risk", "off-track", "planned", "candidate", "todo", "no-data", "missed",
               "lost", "rejected", "abandoned", "dropped")


def _rank(state: str) -> int:
    return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)


def legend(columns: Sequence[Column]) -> str:
    """Exactly the states drawn, by column, each as its boxes show it."""
    groups = []
    for column in columns:
        states = sorted(dict.fromkeys((node.state, node.state_text) for node in column.nodes),
                        key=lambda state: _rank(state[0]))
        if not states:
            continue
        keys = "".join(f'<span class="sst-map-key sst-map--{attr(state)} '
                       f'sst-map-outline--{outline(state)}"><span class="sst-map-key__word">'
                       f"{attr(text)}</span></span>"
                       for state, text in states)
        groups.append(f'<span class="sst-map-legend__group"><strong>{attr(column.title)}'
                      f"</strong> {keys}</span>")
    return f'<figcaption class="sst-map-legend">{"".join(groups)}</figcaption>'
