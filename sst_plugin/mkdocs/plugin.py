"""The `sst` MkDocs plugin: a thin adapter that checks the strategy and adds its pages."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import replace
from importlib.resources import files as package_files
from pathlib import Path, PurePosixPath
from typing import Any

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from ..core.health.history import status_history
from ..core.language import Language
from ..core.model.links import WikiLink
from ..core.read.config import ConfigError, Settings, apply_environment, settings_from_options
from ..core.read.docs_tree import Forbidden, is_codeowners, scan_tree
from ..core.read.git_history import git_record
from ..core.read.load import Document
from ..core.render import SiteView
from ..core.render.dependencies import StoredPage
from ..core.render.edit_links import from_docs, source_url_for
from ..core.render.link_table import LinkTable
from ..core.render.pages import TemplateProblem
from ..core.render.urls import INDEX_NAME, PREFIX
from ..core.render.watch import Kept
from ..core.report.formats import text_line
from ..core.rules.check import CheckResult, check_tree
from ..core.sanitize import clean_html, inert_metadata, safe_title
from ..wikilinks import WikiLinkExtension, snippet_problem_in
from .config import SstConfig
from .page_file import PageFile

log = get_plugin_logger(__name__)
STYLESHEET = "assets/sst/sst.css"
EXTENSION = "sst_plugin.wikilinks"


class BuildLinks:
    """The `[[id]]` links of this build, for the page MkDocs renders now (one at a time)."""

    def __init__(self) -> None:
        self.table = LinkTable({}, frozenset())
        self.current = "index.md"
        self.missing: list[WikiLink] = []
        self.root = self.strategy = Path.cwd()  # set by the plugin's on_config

    def page(self, md: Any) -> str:
        return self.current

    def resolver(self, page: str) -> Callable[[WikiLink], str | None]:
        return self.table.resolver(page)

    def unknown(self, page: str, links: list[WikiLink]) -> None:
        self.missing.extend(links)

    def limits(self, md: Any) -> tuple[Path, Path]:
        return self.root, self.strategy


class SstPlugin(BasePlugin[SstConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.root = Path.cwd()
        self.result: CheckResult | None = None
        self.view: SiteView | None = None
        self.sources: dict[str, str] = {}  # generated page uri → the strategy file it shows
        self.generated: set[str] = set()
        self.links = BuildLinks()
        self.pages: list[StoredPage] = []
        self.changed: frozenset[str] = frozenset()  # the pages whose Markdown this build changed
        self.unbuilt: frozenset[str] = frozenset()  # changed by a build that did not finish
        self.rendered_count = 0
        self.waiting: dict[str, bytes] = {}  # page → its HTML, compressed, until MkDocs builds it
        # kept across `mkdocs serve` rebuilds, as `sst render --watch` keeps it: each strategy
        # file is read again only when its modification time or size changed, each page
        # rendered again only when an edit may have changed it (core/render/dependencies.py)
        self.kept = Kept()
        # the strategy's documents at each commit the status history read: a commit never
        # changes, so `mkdocs serve` reads each once
        self.commits_read: dict[str, list[Document]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # present so that MkDocs keeps one plugin instance across `mkdocs serve` rebuilds
        return None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        options: dict[str, Any] = dict(self.config.items())
        try:
            settings = apply_environment(settings_from_options(options, "mkdocs.yml"), os.environ)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        docs_dir = Path(config.docs_dir).resolve()
        relative_docs = (docs_dir.relative_to(self.root) if docs_dir.is_relative_to(self.root)
                         else docs_dir)
        self.settings = replace(settings, docs_dir=relative_docs.as_posix())
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # the extension, fed with this build's links, once: listed by name too, or added by an
        # earlier build of the same config (on_config runs at every build), it would run twice
        if EXTENSION in config.markdown_extensions:
            config.markdown_extensions.remove(EXTENSION)
            config.mdx_configs.pop(EXTENSION, None)
        config.markdown_extensions[:] = [e for e in config.markdown_extensions
                                         if not isinstance(e, WikiLinkExtension)]
        # MkDocs takes an Extension instance as well as a name, though its annotation says str
        extension: Any = WikiLinkExtension(source=self.links, sanitize="off")
        config.markdown_extensions.append(extension)
        self.links.root = self.root.resolve()
        self.links.strategy = (self.root / self.settings.strategy_dir).resolve()
        self._refuse_snippets_that_reach_too_far(config)
        return config

    def _refuse_snippets_that_reach_too_far(self, config: MkDocsConfig) -> None:
        """pymdownx.snippets as this build configures it, judged before site/ is cleaned (the
        extension refuses too, at the first page, for generators that run no plugin)."""
        md = Markdown(extensions=config.markdown_extensions,
                      extension_configs=config.mdx_configs)
        problem = snippet_problem_in(md, self.links.root, self.links.strategy, fresh=True)
        if problem is not None:
            raise PluginError(f"sst: {problem}")

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.settings is None:
            return
        strategy = self.root / self.settings.strategy_dir
        if not strategy.is_dir():
            raise PluginError(f"sst: no strategy folder at {strategy} (set strategy_dir)")
        # whatever severity SST001 is given: MkDocs would copy a link's target into the site
        _, unsafe = scan_tree(Path(config.docs_dir),
                              Forbidden.of(self.root, self.settings.strategy_dir))
        if unsafe:
            lines = "\n".join(text_line(f) for f in unsafe)
            raise PluginError(f"sst: {len(unsafe)} file(s) under {config.docs_dir} may not be "
                              f"published:\n{lines}")
        cache = self.kept.read_cache(self.root, self.settings.strategy_dir,
                                     self.settings.max_file_size)
        self.result = check_tree(self.root, self.settings, cache=cache)
        errors = [f for f in self.result.findings if f.severity == "error"]
        for found in self.result.findings:
            if found.severity == "warning":
                log.warning(text_line(found))
        if errors:
            lines = "\n".join(text_line(f) for f in errors)
            raise PluginError(f"the strategy has {len(errors)} error(s):\n{lines}")
        # the pages speak the theme's language, as Material's own chrome does
        language = Language.of(str(config.theme.get("language") or "en"))
        record = git_record(self.root, self.settings.strategy_dir)
        if record is not None:
            record.read = self.commits_read
        history = status_history(self.result.model, self.settings, record=record)
        self.view = SiteView(self.result.model, self.settings, config.use_directory_urls,
                             language=language, history=history)
        self.links.table = LinkTable.from_view(self.view)
        # rendered here, before MkDocs cleans site/: a template that fails leaves the old site
        templates = [self.root / self.settings.templates_dir] if self.settings.templates_dir \
            else []
        # what an edit link depends on, beside the view: when it changes, every page is stale
        context = (config.repo_url, config.edit_uri, str(config.docs_dir))
        try:
            rendered = self.kept.pages.render(self.view, templates, self._source_url(config),
                                              context)
        except TemplateProblem as problem:
            raise PluginError(f"sst: {problem}") from None
        # a build that failed after rendering wrote some changed pages, perhaps not all
        self.pages, self.changed = rendered.pages, rendered.changed | self.unbuilt
        self.unbuilt = self.changed
        self.rendered_count = rendered.rendered  # the others kept from the last build
        log.debug("sst: %d page(s) rendered, %d changed", rendered.rendered, len(self.changed))

    # run before other plugins' on_files, so that they see our pages as any other page
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.view is None:
            return None
        pages = self.pages
        self.generated = {page.uri for page in pages}
        self.waiting = {}  # (a build that failed may have left some)
        self._drop_rendered_folder(files, config)
        self._drop_codeowners(files)
        for page in pages:
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"sst: {config.docs_dir}/{page.uri} is a page of its own, "
                                  f"but SST generates the `{PREFIX}/` pages: move that file")
            files.append(self._file(page, config))
        css = package_files("sst_plugin.core.render").joinpath("assets/sst.css").read_text()
        files.append(File.generated(config, STYLESHEET, content=css))
        config.nav = self._navigation(config, files, pages)
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if self.config.enabled:  # the extension renders this page next
            self.links.current, self.links.missing = page.file.src_uri, []
        return None

    # run after other plugins have changed the HTML, before search indexes it (on_page_context)
    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        content = self._content(html, page)
        uri = page.file.src_uri
        if not self.config.enabled or uri not in self.generated:
            return content
        # MkDocs converts every page before it writes the first, holding all their Markdown and
        # HTML: a generated page's wait compressed until MkDocs builds it (on_page_context)
        self.waiting[uri] = zlib.compress((html if content is None else content).encode(), 1)
        page.markdown = None
        return ""

    @event_priority(100)  # before any other plugin reads the page (search indexes it)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        packed = self.waiting.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode()
            page.markdown = page.file.content_string
        return None

    @event_priority(-100)  # written: its Markdown and HTML are no longer needed
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if page.file.src_uri in self.generated:
            page.content = page.markdown = None
        return None

    def _content(self, html: str, page: Page) -> str | None:
        """The page's HTML made safe, or None to keep it as it is."""
        if not self.config.enabled or self.settings is None:
            return None
        if self.links.missing:
            uri = page.file.src_uri
            where = self.sources.get(uri) or (
                f"{uri} (a generated page: see templates_dir)" if uri in self.generated
                else f"{self.settings.docs_dir}/{uri}")
            names = ", ".join(f"[[{link.target}]] (line {link.line})"
                              for link in self.links.missing)
            raise PluginError(f"sst: {where}: unknown ID in {names}")
        if self.settings.sanitize == "off":
            return None
        if page.title:
            page.title = safe_title(page.title)
        _inert_toc(page.toc)
        inert_metadata(page.meta)  # Material prints some of it raw
        if self.settings.sanitize == "all" or page.file.src_uri in self.generated:
            return clean_html(html)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.unbuilt = frozenset()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer | None:
        if self.config.enabled and self.settings is not None:
            server.watch(str(self.root / self.settings.strategy_dir))
        return server

    def _file(self, page: StoredPage, config: MkDocsConfig) -> File:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = PageFile(page, config, changed=page.uri in self.changed, inclusion=inclusion)
        if page.source is not None:
            self.sources[page.uri] = page.source
            # "Edit" opens the strategy file, not a 404 for a page that exists only in the build
            file.edit_uri = from_docs(self.root, Path(config.docs_dir), page.source)
        return file

    def _source_url(self, config: MkDocsConfig) -> Callable[[str], str | None]:
        return source_url_for(self.root, Path(config.docs_dir), config.repo_url, config.edit_uri)

    def _drop_rendered_folder(self, files: Files, config: MkDocsConfig) -> None:
        """Pages that `sst render` wrote into docs/strategy (for another generator) give way to
        this build's own: they show the same strategy, as it was when they were written."""
        if not (Path(config.docs_dir) / PREFIX / INDEX_NAME).is_file():
            return
        for file in list(files):
            if file.src_uri.startswith(f"{PREFIX}/"):
                files.remove(file)
        log.info("sst: %s/%s holds pages `sst render` wrote; this build generates its own",
                 config.docs_dir, PREFIX)

    @staticmethod
    def _drop_codeowners(files: Files) -> None:
        """A CODEOWNERS under docs/ (GitHub reads docs/CODEOWNERS) names every restricted file
        and its owner: it is the repository's, never the site's."""
        for file in list(files):
            if is_codeowners(PurePosixPath(file.src_uri).name):
                files.remove(file)
                log.info("sst: %s stays out of the site", file.src_uri)

    def _navigation(self, config: MkDocsConfig, files: Files,
                    pages: list[StoredPage]) -> list[Any]:
        """The user's nav (or MkDocs' own automatic one) with one section for the strategy.

        A nav entry that names `strategy/index.md` is where the section goes; without one, it
        follows the home page. Entity pages stay out of the nav: the overview pages list them,
        and a nav of thousands of entries would be repeated on every page.
        """
        title = self.view.nav_title if self.view else "Strategy"
        # each overview under its page's title, in the site's language
        section = {title: [{p.title: p.uri} for p in pages if p.in_nav]}
        home = f"{PREFIX}/index.md"
        nav = config.nav
        if nav is None:
            ours = {p.uri for p in pages}
            user_pages = sorted((f for f in files.documentation_pages()
                                 if f.src_uri not in ours and f.inclusion.is_in_nav()),
                                key=lambda f: (f.src_uri.count("/"), f.src_uri))
            nav = list(nest_paths(f.src_uri for f in user_pages))
            at = 1 if nav and nav[0] in ("index.md", "README.md") else 0
            return [*nav[:at], section, *nav[at:]]
        placed = _replace_entry(nav, home, section)
        return placed if placed is not None else [*nav, section]


def _inert_toc(links: Any) -> None:
    """The table of contents, printed raw by Material (and copied into a tooltip with innerHTML
    when cut short), made inert like the page's title."""
    for link in links:
        link.title = safe_title(link.title)
        _inert_toc(link.children)


def _replace_entry(nav: list[Any], uri: str, section: dict[str, Any]) -> list[Any] | None:
    """The nav with the entry pointing at `uri` replaced by the section, or None if absent."""
    for index, item in enumerate(nav):
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if value == uri:
            return [*nav[:index], section, *nav[index + 1:]]
        if isinstance(value, list):
            inner = _replace_entry(value, uri, section)
            if inner is not None:
                key = next(iter(item))
                return [*nav[:index], {key: inner}, *nav[index + 1:]]
    return None
