"""Where each generated page lives, and the one way to link from one page to another."""

from __future__ import annotations

import posixpath
from functools import lru_cache

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
    return relative_path(to_uri, posixpath.dirname(from_uri) or ".")


def relative_path(path: str, start: str) -> str:
    """posixpath.relpath(PATH, START), for the many links of a site between few folders:
    relpath (two abspaths, a getcwd) is worked out once per pair of folders, and the file name
    joined to its answer."""
    trimmed = path.rstrip("/") or path  # `goals/g/` is the folder `goals/g` to relpath
    folder, name = posixpath.split(trimmed)
    if name not in ("", ".") and _inside_docs(trimmed) and _inside_docs(start):
        route, entered = _folder_route(start, folder or ".")
        if name != entered:  # unless START lies in a folder named like the target
            return name if route == "." else f"{route}/{name}"
    return posixpath.relpath(path, start)


def _inside_docs(uri: str) -> bool:
    """A relative path that never climbs: its route to another does not depend on the
    working folder, so it may be cached."""
    return not uri.startswith("/") and ".." not in uri


@lru_cache(maxsize=4096)
def _folder_route(start: str, folder: str) -> tuple[str, str | None]:
    """The relative path from folder START to FOLDER, as posixpath.relpath gives it; and when
    START lies below FOLDER, the name of the first folder it enters there."""
    below, above = ([part for part in posixpath.normpath(path).split("/") if part != "."]
                    for path in (start, folder))  # as relpath compares them
    entered = below[len(above)] if len(below) > len(above) and below[:len(above)] == above \
        else None
    return posixpath.relpath(folder, start), entered


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
    relative = relative_path(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/"
    return "./" if relative == "./" or relative == "./." else relative
