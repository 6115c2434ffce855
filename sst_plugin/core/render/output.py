"""The strategy site as files in a folder (`sst render`), for any Markdown site generator.

The folder is ours alone: an index lists every file written there with its digest, and a folder
that holds anything else (a user's page, a file edited since) is refused rather than touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path

import yaml

from ..atomic import replace_file, write_new
from ..links import replace_wikilinks
from ..sanitize import safe_title
from .link_table import LinkTable
from .pages import render_site
from .urls import INDEX_NAME, NAV_NAME, OVERVIEWS, PREFIX
from .view import SiteView

STYLESHEET_NAME = "sst.css"
INDEX_FORMAT = 1


class FolderRefused(Exception):
    """The output folder holds something `sst render` did not write: nothing was changed."""


@dataclass(frozen=True)
class Rendered:
    files: Mapping[str, bytes]  # path in the folder → content, the index excepted
    links: LinkTable


@dataclass(frozen=True)
class Written:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def rendered_files(view: SiteView, template_dirs: Sequence[Path] = (),
                   source_url: Callable[[str], str | None] | None = None) -> Rendered:
    """Every generated page with its `[[id]]` links resolved, the stylesheet and the nav."""
    links = LinkTable.from_view(view)
    files: dict[str, bytes] = {}
    nav: list[dict[str, str]] = []
    for page in render_site(view, template_dirs, source_url):
        text, unknown = replace_wikilinks(page.markdown, links.resolver(page.uri))
        if unknown:  # `sst check` reports these first; a custom template may still add one
            names = ", ".join(f"[[{link.target}]]" for link in unknown)
            where = page.source or f"{page.uri} (a generated page: see templates_dir)"
            raise FolderRefused(f"{where}: unknown ID in {names}: nothing was written")
        name = page.uri.removeprefix(f"{PREFIX}/")
        files[name] = (_front_matter(page.title) + text).encode("utf-8")
        if page.in_nav:
            nav.append({OVERVIEWS[page.uri]: name})
    files[STYLESHEET_NAME] = (package_files("sst_plugin.core.render")
                              .joinpath("assets", STYLESHEET_NAME).read_bytes())
    files[NAV_NAME] = ("# written by `sst render`: the strategy section of the navigation\n"
                       + yaml.safe_dump({"title": view.settings.nav_title, "nav": nav},
                                        sort_keys=False, allow_unicode=True)).encode("utf-8")
    return Rendered(files, links)


def _front_matter(title: str) -> str:
    """The page's title, made inert: a generator may print it unescaped in `<title>` (Zensical
    0.0.73 does, from the first heading), where the MkDocs plugin fixes titles after rendering."""
    return f"---\ntitle: {json.dumps(safe_title(title), ensure_ascii=False)}\n---\n\n"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_text(rendered: Rendered) -> bytes:
    """The index: what was written (to recognise it next time) and the links, for the extension."""
    index = {"format": INDEX_FORMAT, "written_by": "sst render",
             "files": {name: _digest(data) for name, data in sorted(rendered.files.items())},
             "links": rendered.links.as_json()}
    return (json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_folder(out: Path, rendered: Rendered) -> Written:
    """RENDERED into OUT: unchanged files untouched, stale ones of ours removed, index last."""
    planned = dict(rendered.files)
    previous, present = _files_of_ours(out, planned)
    out.mkdir(parents=True, exist_ok=True)
    base = out.resolve()
    written, unchanged = [], []
    for name, data in sorted(planned.items()):
        target = out / name
        if not (base / name).resolve().is_relative_to(base):
            raise FolderRefused(f"{target}: would be written outside {out}")
        if present.get(name) == _digest(data):  # already there, byte for byte
            unchanged.append(name)
            continue
        if target.exists():
            replace_file(target, data)
        else:
            write_new(target, data)
        written.append(name)
    removed = sorted(set(previous) - set(planned))
    for name in removed:
        (out / name).unlink(missing_ok=True)
        _prune_empty_parents(out / name, out)
    index = out / INDEX_NAME
    data = index_text(rendered)
    if not index.exists():
        write_new(index, data)
    elif index.read_bytes() != data:
        replace_file(index, data)
    return Written(tuple(written), tuple(unchanged), tuple(removed))


def _files_of_ours(out: Path,
                   planned: Mapping[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """The files an earlier run wrote in OUT, and the digest of each file there now;
    FolderRefused if OUT holds anything else."""
    if out.is_symlink():
        raise FolderRefused(f"{out}: is a symbolic link: give the folder itself")
    if not out.exists():
        return {}, {}
    if not out.is_dir():
        raise FolderRefused(f"{out}: is a file, not a folder")
    previous: dict[str, str] = {}
    present: dict[str, str] = {}
    index = out / INDEX_NAME
    if index.is_file() and not index.is_symlink():
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
            previous = {str(k): str(v) for k, v in dict(data["files"]).items()}
        except (ValueError, KeyError, TypeError):
            raise FolderRefused(f"{index}: is not an index `sst render` wrote: "
                                "choose a new or empty folder") from None
    for path in sorted(_entries(out)):
        name = path.relative_to(out).as_posix()
        if name == INDEX_NAME and previous:
            continue
        if path.is_symlink() or not path.is_file():
            raise FolderRefused(f"{path}: `sst render` writes no such thing here: "
                                "choose a new or empty folder for the strategy pages")
        content = path.read_bytes()
        present[name] = _digest(content)
        ours = previous.get(name) == present[name] or planned.get(name) == content
        if not ours:
            why = ("was changed after `sst render` wrote it" if name in previous
                   else "was not written by `sst render`")
            raise FolderRefused(f"{path}: {why}: move it out of {out} (or choose another "
                                "folder); nothing was written")
    return previous, present


def _entries(folder: Path) -> list[Path]:
    """Every file and link under FOLDER, without following links to folders."""
    found: list[Path] = []
    for current, folders, names in os.walk(folder, followlinks=False):
        here = Path(current)
        found.extend(here / name for name in names)
        found.extend(here / name for name in folders if (here / name).is_symlink())
    return found


def _prune_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
