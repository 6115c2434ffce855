"""Charts and bulk tables out of the search index, the entity text kept in.

Material's search plugin and Zensical's both skip an element marked `data-search-exclude`.
Our SVG charts hold hundreds of axis labels and data points each (a goal page's two charts
outweighed its words), and the long overview tables repeat titles that each entity's own page
already holds: Zensical refused a 5,000-entity site whose Updates table passed its index limit.
A Markdown table takes no attribute, so a template marks one as bulk with an empty
`<span class="sst-bulk"></span>` in its header row; the HTML gets the attribute here, after
Python-Markdown has put raw HTML back, under any generator that runs `sst_plugin.wikilinks`.
"""

from __future__ import annotations

import re

from markdown.postprocessors import Postprocessor

ATTRIBUTE = "data-search-exclude"
BULK = '<span class="sst-bulk"></span>'
# after raw HTML is restored (30), before the HTML is cleaned (5)
PRIORITY = 20

# our charts and diagrams with their legends: every <figure class="sst-…"> and <svg class="sst-…">
# the renderer draws (Material's parser ends an exclusion at the first closing tag of the same
# name, so the figure and the SVG inside it are each marked)
_CHART = re.compile(r'<(figure|svg)(?= class="sst-)')
# a table whose header row holds the bulk marker (the row ends at the first </tr>)
_BULK_TABLE = re.compile(r"<table>(?=\s*<thead>\s*<tr>(?:(?!</tr>).)*?" + re.escape(BULK) + ")",
                         re.DOTALL)


def exclude_from_search(html: str) -> str:
    """HTML with SST's charts and bulk tables marked for search to skip."""
    if "sst-" not in html:  # a page of the user's with nothing of ours: left as it is
        return html
    html = _CHART.sub(rf"<\1 {ATTRIBUTE}", html)
    if BULK in html:
        html = _BULK_TABLE.sub(f"<table {ATTRIBUTE}>", html)
    return html


class SearchExcludePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return exclude_from_search(text)
