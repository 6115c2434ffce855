"""`[[id]]` links as a Python-Markdown extension, for any generator that renders with it.

Listed as `sst_plugin.wikilinks` under `markdown_extensions:`, it links from the link table that
`sst render` writes beside the pages it generates (the way Zensical builds a strategy site). The
MkDocs plugin adds the extension itself, fed with the links of the build it runs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .core.links import WikiLink, replace_wikilinks
from .core.render.link_table import LinkTable
from .core.render.urls import INDEX_NAME, PREFIX
from .core.sanitize import SANITIZE_MODES, clean_html

log = logging.getLogger("sst")
# after whitespace is normalised (30), before raw HTML and fenced code are stashed (20, 25), so
# that a link's line number is the line of the page
PRIORITY = 28


class LinkSource(Protocol):
    """Where the links of the page being rendered come from."""

    def page(self, md: Markdown) -> str:
        """The page being rendered, relative to the docs folder."""
        ...

    def resolver(self, page: str) -> Callable[[WikiLink], str | None]: ...

    def unknown(self, page: str, links: list[WikiLink]) -> None:
        """What to do with `[[id]]` links to no entity."""
        ...


class RenderedLinks:
    """The link table `sst render` wrote into docs/FOLDER."""

    def __init__(self, folder: str, docs_dir: str) -> None:
        self.folder = folder.strip("/")
        self.docs_dir = docs_dir

    def page(self, md: Markdown) -> str:
        context = _zensical_context(md)
        if context is None:
            return "index.md"
        if "docs_dir" in context.config:  # as Zensical resolves it: from the config's folder
            self.docs_dir = str(Path(context.config.get("root_dir") or ".")
                                / context.config["docs_dir"])
        return str(context.page.path)

    def resolver(self, page: str) -> Callable[[WikiLink], str | None]:
        return _table(Path(self.docs_dir) / self.folder / INDEX_NAME, self.folder).resolver(page)

    def unknown(self, page: str, links: list[WikiLink]) -> None:
        for link in links:
            log.warning("sst: %s: line %d: [[%s]] is no entity of the strategy, or `sst render` "
                        "has not run since it was added", page, link.line, link.target)


# generators make a new extension for every page: the table is read once per change of its file
_TABLES: dict[Path, tuple[float, LinkTable]] = {}


def _table(index: Path, folder: str) -> LinkTable:
    try:
        stamp = index.stat().st_mtime
    except OSError:
        log.warning("sst: no %s: run `sst render --out %s` before building, so that [[id]] "
                    "links resolve", index, index.parent)
        return LinkTable({}, frozenset())
    cached = _TABLES.get(index)
    if cached is None or cached[0] != stamp:
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
            table = LinkTable.from_json(data.get("links", {}), folder)
        except (OSError, ValueError, AttributeError, TypeError, IndexError):
            log.warning("sst: %s cannot be read: run `sst render --out %s` again", index,
                        index.parent)
            table = LinkTable({}, frozenset())
        cached = _TABLES[index] = (stamp, table)
    return cached[1]


def _zensical_context(md: Markdown) -> Any:
    """Zensical registers the page it renders as a preprocessor named `rendering_context`."""
    if "rendering_context" in md.preprocessors:
        return md.preprocessors["rendering_context"]
    return None


class WikiLinkPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, source: LinkSource) -> None:
        super().__init__(md)
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        if not any("[[" in line for line in lines):
            return lines
        page = self.source.page(self.md)
        text, unknown = replace_wikilinks("\n".join(lines), self.source.resolver(page))
        if unknown:
            self.source.unknown(page, unknown)
        return text.split("\n")


class SanitizePostprocessor(Postprocessor):
    """The HTML of generated pages (or of every page) cleaned, as the MkDocs plugin does."""

    def __init__(self, md: Markdown, source: LinkSource, mode: str, folder: str) -> None:
        super().__init__(md)
        self.source, self.mode, self.folder = source, mode, folder.strip("/") + "/"

    def run(self, text: str) -> str:
        if self.mode == "all" or (self.mode == "strategy" and
                                  self.source.page(self.md).startswith(self.folder)):
            return clean_html(text)
        return text


class WikiLinkExtension(Extension):
    def __init__(self, source: LinkSource | None = None, **kwargs: Any) -> None:
        self.config = {
            "folder": [PREFIX, "where `sst render` wrote the strategy pages, under docs"],
            "docs_dir": ["docs", "the docs folder, when the generator does not say"],
            "sanitize": ["strategy", "clean the HTML of: strategy (generated pages), all, off"],
        }
        super().__init__(**kwargs)
        mode = self.getConfig("sanitize")
        if mode not in SANITIZE_MODES:
            raise ValueError(f"sst_plugin.wikilinks: sanitize is {mode!r}: write one of "
                             + ", ".join(SANITIZE_MODES))
        self.source = source or RenderedLinks(self.getConfig("folder"),
                                              self.getConfig("docs_dir"))

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(WikiLinkPreprocessor(md, self.source), "sst_wikilinks",
                                  PRIORITY)
        if self.getConfig("sanitize") != "off":
            md.postprocessors.register(
                SanitizePostprocessor(md, self.source, self.getConfig("sanitize"),
                                      self.getConfig("folder")), "sst_sanitize", 5)


def makeExtension(**kwargs: Any) -> WikiLinkExtension:
    return WikiLinkExtension(**kwargs)
