"""Column labels in table cells (core/render/tables.py): golden Markdown in, Markdown out."""

from __future__ import annotations

import markdown

from sst_plugin.core.render.tables import label_cells, label_text, split_row

GOALS = """# Goals

| Goal | Owner | [Battle](b.md) | |
| --- | :---: | --- | --- |
| [Grow](g.md) ★ | [Ana](a.md) | x | note |
| [Cut](c.md) | | y | |

After.
"""

L = '<span class="sst-label">{}</span> '
LABELLED = f"""# Goals

| <span class="sst-table"></span>Goal | Owner | [Battle](b.md) |  |
| --- | :---: | --- | --- |
| {L.format("Goal")}[Grow](g.md) ★ | {L.format("Owner")}[Ana](a.md) | {L.format("Battle")}x | note |
| {L.format("Goal")}[Cut](c.md) |  | {L.format("Battle")}y |  |

After.
"""


def test_every_body_cell_starts_with_its_column_name() -> None:
    assert label_cells(GOALS) == LABELLED


def test_markdown_still_reads_the_labelled_table_as_the_same_table() -> None:
    html = markdown.markdown(label_cells(GOALS), extensions=["tables"])
    assert html.count("<tr>") == 3 and html.count("<td") == 8
    assert html.count("<th>") + html.count("<th ") == 4
    assert '<th><span class="sst-table"></span>Goal</th>' in html
    assert '<td><span class="sst-label">Goal</span> <a href="g.md">Grow</a> ★</td>' in html
    assert "<td></td>" in html  # an empty cell stays empty: a phone's card leaves it out


def test_pipes_in_code_and_escaped_pipes_split_no_cell() -> None:
    assert split_row(r"| a \| b | `c | d` | e |") == [r"a \| b", "`c | d`", "e"]
    assert split_row("| a | b") == ["a", "b"]
    assert split_row("no row") is None


def test_labels_are_plain_text_that_markdown_and_html_leave_alone() -> None:
    assert label_text("**Baseline → target**") == "Baseline → target"
    assert label_text("[Win *big*](x.md)") == r"Win \*big\*"
    assert label_text("<b>R&D</b> `x`") == r"R&amp;D \`x\`"


def test_tables_in_fenced_code_and_text_without_a_rule_are_left_alone() -> None:
    text = "```\n| a | b |\n| - | - |\n| 1 | 2 |\n```\n\n| a | b |\nno rule\n"
    assert label_cells(text) == text
