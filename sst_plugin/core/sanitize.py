"""Untrusted HTML made harmless: the rendered pages and the titles a theme prints.

Strategy files come from pull requests anyone in the company can open. Python-Markdown passes
raw HTML through and emits `javascript:` links, so the HTML *output* is cleaned (with nh3, the
binding of the maintained Rust sanitiser ammonia), not the Markdown input.
"""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping
from typing import Any, Literal

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
# data-search-exclude: what Material's and Zensical's search skip (search_exclude.py)
_GLOBAL_ATTRIBUTES = {"class", "id", "title", "role", "aria-label", "aria-hidden", "lang",
                      "dir", "style", "tabindex", "data-search-exclude"}
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


# Material and Zensical name their own elements and globals with a leading `__` (`__config`,
# whose JSON is the theme's settings, `__search`, `__drawer`, `__md_scope`...) and read the
# first match: user content keeps no such name, except the shapes Markdown extensions make
_THEME_PREFIX = "__"
_MARKDOWN_NAMES = re.compile(r"__(?:tabbed_[0-9]+(?:_[0-9]+)?|codelineno-[0-9]+-[0-9]+"
                             r"|span-[0-9]+-[0-9]+)")
# attributes whose value names an element (or, for `name`, a group or a global)
_NAMING_ATTRIBUTES = {"id", "for", "name"}
# the theme builds tooltips from `title` with innerHTML: look-alikes leave nothing to parse
_MARKUP_LOOKALIKES = str.maketrans({"<": "‹", ">": "›"})


def free_name(value: str) -> bool:
    """Whether an id (or `for`, `name`) leaves the theme's own names alone."""
    return not value.lstrip().startswith(_THEME_PREFIX) or bool(
        _MARKDOWN_NAMES.fullmatch(value))


def inert_text(text: str) -> str:
    """Text that stays text even where a script puts it into innerHTML."""
    return text.translate(_MARKUP_LOOKALIKES)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """nh3 calls this for every attribute it keeps, with the value unescaped."""
    if attribute in _NAMING_ATTRIBUTES:
        return value if free_name(value) else None
    if attribute == "title":
        return inert_text(value)
    return value


_ATTRIBUTES = _attributes()
_TAGS = set(nh3.ALLOWED_TAGS) | _EXTRA_TAGS
_CLEANER = nh3.Cleaner(
    tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
    filter_style_properties=_STYLE_PROPERTIES, link_rel=None,
    clean_content_tags={"script", "style"}, strip_comments=True,
    attribute_filter=_attribute_filter,
)


def clean_html(html: str) -> str:
    """Scripts, event handlers, `javascript:` and `data:` URLs, iframes and forms removed; no
    id that is the theme's, no title that becomes markup in a tooltip."""
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


# `<` and `>` as a cleaned fragment spells them in text (`&lt;`, `&#60;`, `&#x3c;`...)
_ESCAPED_ANGLES = re.compile(r"&(lt|#0*60|#x0*3c);|&(?:gt|#0*62|#x0*3e);", re.IGNORECASE)


def inert_markup(html: str) -> str:
    """HTML whose text holds no `<` or `>`: Material copies a cut-short table-of-contents or
    navigation entry (its innerText) into a tooltip with innerHTML, so `&lt;img …&gt;` in a
    heading would become an element there."""
    return _ESCAPED_ANGLES.sub(lambda found: "‹" if found.group(1) else "›", html)


def inert_toc_tokens(tokens: list[dict[str, Any]]) -> None:
    """Python-Markdown's table of contents (`md.toc_tokens`) made inert in place: themes print
    its names raw, and Zensical its HTML and `data-toc-label`."""
    for token in tokens:
        if isinstance(token.get("name"), str):
            token["name"] = safe_title(token["name"])
        for key in ("html", "data-toc-label"):
            if isinstance(token.get(key), str):
                token[key] = inert_markup(token[key])
        inert_toc_tokens(token.get("children") or [])


# front-matter keys that Material and Zensical print unescaped: in `<title>`, in
# `<meta content="…">`, in the navigation of every page
_METADATA_PRINTED_RAW = ("title", "description", "author", "subtitle")
# where the theme's redirect template sends the reader: printed in `<meta content="…">` and in
# a script's string, so kept only as a web or relative URL with nothing that ends a string
_REDIRECT_KEY = "location"
_URL_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\"'<>\\`]")


def inert_metadata(meta: MutableMapping[str, Any]) -> None:
    """A page's front matter made inert in place, for themes that print it raw.

    Which keys a theme prints is an open set (Material puts `status` in a class attribute,
    `revision_date` in the page, `tags` in search results through innerHTML; Zensical prints
    `tags` on the page): every text of the front matter is made inert, not a list of keys.
    """
    for key in list(meta):
        if key == _REDIRECT_KEY:
            if not _safe_redirect(meta[key]):
                del meta[key]
        elif key in _METADATA_PRINTED_RAW:  # printed as text, whatever type it has
            if meta[key] is not None:
                meta[key] = _inert_value(str(meta[key]))
        else:
            meta[key] = _inert_value(meta[key])


# deeper front matter than any theme reads is dropped rather than walked (no RecursionError)
_MAX_DEPTH = 20


def _inert_value(value: Any, depth: int = 0) -> Any:
    """Every text in a front-matter value (lists and mappings walked) made inert; numbers,
    booleans and dates stay as they are."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, str):
        return safe_title(html.escape(value, quote=False))
    if isinstance(value, list | tuple):
        return [_inert_value(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_inert_value(key, depth + 1): _inert_value(item, depth + 1)
                for key, item in value.items()}
    return value


def _safe_redirect(url: object) -> bool:
    if not isinstance(url, str) or _URL_UNSAFE.search(url):
        return False
    scheme = _URL_SCHEME.match(url)
    return scheme is None or scheme.group().lower() in ("http:", "https:")
