"""Where each generated page lives, and the one way to link from one page to another."""

from __future__ import annotations

import posixpath

from ..language import N_
from ..model.model import Entity
from ..read.docs_tree import INDEX_NAME as INDEX_NAME  # defined below render: check.py reads it

PREFIX = "strategy"
# in a folder of pages `sst render` wrote: its navigation (INDEX_NAME is its index)
NAV_NAME = ".nav.yml"  # awesome-nav's format, which Zensical reads natively
# kind → folder of its pages under PREFIX; people and teams share one
KIND_FOLDERS = {
    "goal": "goals", "kpi": "kpis", "path": "paths", "battle": "battles", "tactic": "tactics",
    "risk": "risks", "person": "people", "team": "people", "retro": "retros",
}
OVERVIEWS = {  # uri → nav title (in English: the renderer translates it), in nav order
    f"{PREFIX}/index.md": N_("Strategy on a page"),
    f"{PREFIX}/map.md": N_("Strategy map"),
    f"{PREFIX}/positioning.md": N_("Positioning"),
    f"{PREFIX}/goals/index.md": N_("Goals"),
    f"{PREFIX}/kpis/index.md": N_("KPIs"),
    f"{PREFIX}/paths/index.md": N_("Paths"),
    f"{PREFIX}/battles/index.md": N_("Battles"),
    f"{PREFIX}/tactics/index.md": N_("Tactics"),
    f"{PREFIX}/people/index.md": N_("People"),
    f"{PREFIX}/updates.md": N_("Updates due"),
    f"{PREFIX}/traceability.md": N_("Traceability"),
    f"{PREFIX}/risks/index.md": N_("Risks"),
    f"{PREFIX}/retros/index.md": N_("Past periods"),
}


def entity_uri(entity: Entity) -> str:
    """`strategy/goals/revenue-2026.md`: the page of an entity."""
    return f"{PREFIX}/{KIND_FOLDERS[entity.kind]}/{entity.id}.md"


def md_href(from_uri: str, to_uri: str) -> str:
    """A relative link between two Markdown sources; the site generator resolves it."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL a Markdown source is published at, as MkDocs and Zensical lay them out."""
    stem = uri[: -len(".md")]
    if not directory_urls:
        return f"{stem}.html"
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
    return f"{stem}/"


def html_href(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """A relative URL between two published pages, for links inside raw HTML and SVG."""
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/"
    return "./" if relative == "./" or relative == "./." else relative
