"""The strategy map: goals, paths, battles and tactics as a layered graph, drawn as inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .svg import _wrap, attr, figure


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    href: str
    css: str
    note: str


def layered_map(columns: Sequence[tuple[str, Sequence[Node]]],
                edges: Sequence[tuple[str, str]], label: str, width: int = 1000) -> str:
    """Columns of linked boxes (goals → paths → battles → tactics), edges left to right."""
    node_h, gap, top, col_gap = 44, 10, 34, 40
    col_w = (width - col_gap * (len(columns) - 1)) / max(len(columns), 1)
    tallest = max((len(nodes) for _, nodes in columns), default=1)
    height = top + tallest * (node_h + gap) + 4
    where: dict[str, tuple[float, float, float]] = {}  # key → (x_left, x_right, y_middle)
    boxes: list[str] = []
    for index, (title, nodes) in enumerate(columns):
        x0 = index * (col_w + col_gap)
        boxes.append(f'<text class="sst-map-heading" x="{x0 + col_w / 2:.1f}" y="18" '
                     f'text-anchor="middle">{attr(title)}</text>')
        offset = (tallest - len(nodes)) * (node_h + gap) / 2
        for row, node in enumerate(nodes):
            y0 = top + offset + row * (node_h + gap)
            where[node.key] = (x0, x0 + col_w, y0 + node_h / 2)
            boxes.append(
                f'<a href="{attr(node.href)}" class="sst-node-link">'
                f'<rect class="sst-node {attr(node.css)}" x="{x0:.1f}" y="{y0:.1f}" '
                f'width="{col_w:.1f}" height="{node_h}" rx="6"/>'
                + _node_label(node.label, x0 + 8, y0 + node_h / 2, int(col_w / 6.8)) +
                f"<title>{attr(node.label)} ({attr(node.note)})</title></a>")
    lines = []
    for source, target in edges:
        if source in where and target in where:
            _, sx, sy = where[source]
            tx, _, ty = where[target]
            mid = (sx + tx) / 2
            lines.append(f'<path class="sst-edge" d="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} '
                         f'{mid:.1f},{ty:.1f} {tx:.1f},{ty:.1f}"/>')
    svg = (f'<svg class="sst-chart sst-map" viewBox="0 0 {width} {height:.0f}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{attr(label)}</title>'
           + "".join(lines) + "".join(boxes) + "</svg>")
    return figure(svg, label, "sst-figure--wide")


def _node_label(label: str, x: float, middle: float, width: int) -> str:
    lines = _wrap(label, width)
    first = middle + 4 - 7 * (len(lines) - 1)
    spans = "".join(f'<tspan x="{x:.1f}" y="{first + 14 * i:.1f}">{attr(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text class="sst-node-label">{spans}</text>'
