"""Untrusted HTML made harmless: the rendered pages and the titles a theme prints.

Strategy files come from pull requests anyone in the company can open. Python-Markdown passes
raw HTML through and emits `javascript:` links, so the HTML *output* is cleaned (with nh3, the
binding of the maintained Rust sanitiser ammonia), not the Markdown input.
"""

from __future__ import annotations

import html
from typing import Literal

import nh3

SanitizeMode = Literal["strategy", "all", "off"]
SANITIZE_MODES: tuple[SanitizeMode, ...] = ("strategy", "all", "off")

# the inline SVG our charts and diagrams are drawn with, and nothing more
_SVG_ATTRIBUTES: dict[str, set[str]] = {
    "svg": {"viewBox", "viewbox", "xmlns", "width", "height", "preserveAspectRatio"},
    "a": {"href"},
    "g": set(),
    "title": set(),
    "rect": {"x", "y", "width", "height", "rx"},
    "circle": {"cx", "cy", "r"},
    "line": {"x1", "x2", "y1", "y2"},
    "polyline": {"points"},
    "path": {"d"},
    "text": {"x", "y", "text-anchor", "transform"},
    "tspan": {"x", "y"},
}
# what Markdown, its common extensions and Material's page content use beyond ammonia's list
_EXTRA_TAGS = {"input", "label", "svg", "g", "title", "rect", "circle", "line", "polyline",
               "path", "text", "tspan", "figure", "figcaption", "details", "summary"}
_GLOBAL_ATTRIBUTES = {"class", "id", "title", "role", "aria-label", "aria-hidden", "lang",
                      "dir", "style", "tabindex"}
_TAG_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "name", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name", "id"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "code": {"data-lang"},
    "details": {"open"},
    "time": {"datetime"},
}
# inline styles survive only for these properties: bar widths and table alignment
_STYLE_PROPERTIES = {"width", "text-align"}
# links keep their own rel: browsers imply noopener for target=_blank since 2021
_URL_SCHEMES = {"http", "https", "mailto"}


def _attributes() -> dict[str, set[str]]:
    merged = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
    for table in (_SVG_ATTRIBUTES, _TAG_ATTRIBUTES):
        for tag, names in table.items():
            merged.setdefault(tag, set()).update(names)
    merged.setdefault("*", set()).update(_GLOBAL_ATTRIBUTES)
    return merged


_ATTRIBUTES = _attributes()
_TAGS = set(nh3.ALLOWED_TAGS) | _EXTRA_TAGS
_CLEANER = nh3.Cleaner(
    tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
    filter_style_properties=_STYLE_PROPERTIES, link_rel=None,
    clean_content_tags={"script", "style"}, strip_comments=True,
)


def clean_html(html: str) -> str:
    """Scripts, event handlers, `javascript:` and `data:` URLs, iframes and forms removed."""
    return _CLEANER.clean(html)


# characters that a theme may print raw (Material's `<title>` unescapes with `striptags`):
# look-alikes keep the title readable and leave nothing to parse as markup
_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})


def safe_title(title: str) -> str:
    """A page title that is inert wherever a theme puts it, escaped or not.

    Titles arrive HTML-escaped from the page's first heading: unescaped once, the characters
    that could open markup become look-alikes, and `&` is escaped for themes that print raw.
    """
    text = html.unescape(title).translate(_TITLE_LOOKALIKES)
    return " ".join(text.replace("&", "&amp;").split())
