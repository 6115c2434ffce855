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

from .core.model.links import WikiLink, replace_wikilinks
from .core.read.config import ConfigError, load_settings
from .core.read.snippet_reach import snippet_problem
from .core.render.link_table import LinkTable
from .core.render.urls import INDEX_NAME, PREFIX
from .core.sanitize import SANITIZE_MODES, clean_html, inert_metadata, inert_toc_tokens
from .search_exclude import PRIORITY as SEARCH_EXCLUDE_PRIORITY
from .search_exclude import SearchExcludePostprocessor

log = logging.getLogger("sst")
# after whitespace is normalised (30), before raw HTML and fenced code are stashed (20, 25), so
# that a link's line number is the line of the page
PRIORITY = 28
# before pymdownx.snippets (32) reads any file, whatever the order extensions are listed in
GUARD_PRIORITY = 40


class LinkSource(Protocol):
    """Where the links of the page being rendered come from."""

    def page(self, md: Markdown) -> str:
        """The page being rendered, relative to the docs folder."""
        ...

    def resolver(self, page: str) -> Callable[[WikiLink], str | None]: ...

    def unknown(self, page: str, links: list[WikiLink]) -> None:
        """What to do with `[[id]]` links to no entity."""
        ...

    def limits(self, md: Markdown) -> tuple[Path, Path]:
        """The repository and its strategy folder: what snippet includes may not reach."""
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
        table = _table(Path(self.docs_dir) / self.folder / INDEX_NAME, self.folder)
        # the index names no hidden ID: an ID it lacks reads "restricted", and is logged
        return table.resolver(page, lambda link: log.info(
            "sst: %s: line %d: [[%s]] reads \"restricted\": no page of this audience has that "
            "ID (`sst check` reports an ID no audience has)", page, link.line, link.target))

    def limits(self, md: Markdown) -> tuple[Path, Path]:
        context = _zensical_context(md)
        root = Path(context.config.get("root_dir") or ".") if context is not None else Path()
        return root.resolve(), root.resolve() / _strategy_dir(root.resolve())

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


def _strategy_dir(root: Path) -> str:
    """The strategy folder as `sst render` found it: the sst options of ROOT's mkdocs.yml."""
    try:
        return load_settings(root).strategy_dir
    except ConfigError:  # `sst render` has refused it already; the default is the best guess
        return "strategy"


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


class SnippetGuard(Preprocessor):
    """Refuses to render while pymdownx.snippets can read the strategy folder (or the site's
    configuration, git's files, anything outside the repository). It runs first on every
    page, when every extension is registered, so the order of `markdown_extensions` does not
    matter; generators without a plugin of ours (Zensical) get the same refusal."""

    def __init__(self, md: Markdown, source: LinkSource) -> None:
        super().__init__(md)
        self.source = source
        self.checked = False

    def run(self, lines: list[str]) -> list[str]:
        if not self.checked:
            problem = snippet_problem_in(self.md, *self.source.limits(self.md))
            if problem is not None:
                log.error("sst: %s", problem)
                raise SnippetsRefused(problem)
            self.checked = True
        return lines


class SnippetsRefused(Exception):
    """pymdownx.snippets could publish what it must not: the build stops."""


# (root, strategy, base paths, restrict) → the verdict: generators make a Markdown per page
_VERDICTS: dict[tuple[Path, Path, tuple[str, ...], bool], str | None] = {}


def snippet_problem_in(md: Markdown, root: Path, strategy: Path,
                       fresh: bool = False) -> str | None:
    """Why the snippet includes of this Markdown could publish what they must not, or None;
    `fresh` looks at the folders again (once per build) rather than trusting an earlier look."""
    for snippets in _snippet_preprocessors(md):
        bases = getattr(snippets, "base_path", None)
        if not isinstance(bases, list):
            return ("pymdownx.snippets: cannot tell which folders it reads (no base_path): "
                    "remove it, or use a pymdown-extensions version SST knows")
        key = (root, strategy, tuple(map(str, bases)),
               getattr(snippets, "restrict_base_path", False) is True)
        if fresh or key not in _VERDICTS:
            _VERDICTS[key] = snippet_problem(key[2], key[3], root, strategy)
        if _VERDICTS[key] is not None:
            return _VERDICTS[key]
    return None


def _snippet_preprocessors(md: Markdown) -> list[Preprocessor]:
    """pymdownx.snippets' preprocessor, by its name or its class (another extension may have
    registered it under another name)."""
    named = md.preprocessors["snippet"] if "snippet" in md.preprocessors else None  # noqa: SIM401
    return [p for p in md.preprocessors
            if p is named or type(p).__name__ == "SnippetPreprocessor"]


class SanitizePostprocessor(Postprocessor):
    """The HTML of generated pages (or of every page) cleaned, as the MkDocs plugin does."""

    def __init__(self, md: Markdown, source: LinkSource, mode: str, folder: str) -> None:
        super().__init__(md)
        self.source, self.mode, self.folder = source, mode, folder.strip("/") + "/"

    def run(self, text: str) -> str:
        # the theme prints the table of contents and the front matter itself, outside the
        # HTML cleaned here, and raw
        inert_toc_tokens(getattr(self.md, "toc_tokens", []))
        _inert_metadata(self.md)
        if self.mode == "all" or (self.mode == "strategy" and
                                  self.source.page(self.md).startswith(self.folder)):
            return clean_html(text)
        return text


def _inert_metadata(md: Markdown) -> None:
    """The page's front matter, which Zensical hands to the theme as it is."""
    meta = getattr(getattr(_zensical_context(md), "page", None), "meta", None)
    if isinstance(meta, dict):
        inert_metadata(meta)


class WikiLinkExtension(Extension):
    def __init__(self, source: LinkSource | None = None, **kwargs: Any) -> None:
        self.config = {
            "folder": [PREFIX, "where `sst render` wrote the strategy pages, under docs"],
            "docs_dir": ["docs", "the docs folder, when the generator does not say"],
            "sanitize": ["all", "clean the HTML of: all (every page), strategy (generated "
                         "pages), off"],
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
        md.preprocessors.register(SnippetGuard(md, self.source), "sst_snippet_guard",
                                  GUARD_PRIORITY)
        # charts and bulk tables out of the search index, under every generator
        md.postprocessors.register(SearchExcludePostprocessor(md), "sst_search_exclude",
                                   SEARCH_EXCLUDE_PRIORITY)
        if self.getConfig("sanitize") != "off":
            md.postprocessors.register(
                SanitizePostprocessor(md, self.source, self.getConfig("sanitize"),
                                      self.getConfig("folder")), "sst_sanitize", 5)


def makeExtension(**kwargs: Any) -> WikiLinkExtension:
    return WikiLinkExtension(**kwargs)
