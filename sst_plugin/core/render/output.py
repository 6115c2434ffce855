"""The strategy site as files in a folder (`sst render`), for any Markdown site generator.

The folder is ours alone: an index lists every file written there with its digest, and a folder
that holds anything else (a user's page, a file edited since) is refused rather than touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path

import yaml

from ..model.links import replace_wikilinks
from ..read.atomic import TEMPORARY_PREFIX, TEMPORARY_SUFFIX, replace_file, write_new
from ..sanitize import safe_title
from .dependencies import Incremental
from .link_table import LinkTable
from .pages import RenderedPage, render_pages
from .urls import INDEX_NAME, NAV_NAME, PREFIX
from .view import SiteView

STYLESHEET_NAME = "sst.css"
INDEX_FORMAT = 1
_DIGEST = re.compile(r"[0-9a-f]{64}")
# what `atomic` leaves behind when a run is killed between writing a copy and putting it in place
_TEMPORARY = re.compile(
    rf"{re.escape(TEMPORARY_PREFIX)}.+\.[a-z0-9_]+{re.escape(TEMPORARY_SUFFIX)}")


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
                   source_url: Callable[[str], str | None] | None = None,
                   incremental: Incremental | None = None,
                   context: tuple[object, ...] = ()) -> Rendered:
    """Every generated page with its `[[id]]` links resolved, the stylesheet and the nav; with
    INCREMENTAL (`sst render --watch`), only the pages an edit may change are rendered again
    (all of them when CONTEXT, what edit links depend on, changed)."""
    links = LinkTable.from_view(view)
    files: dict[str, bytes] = {}
    nav: list[dict[str, str]] = []
    pages: Iterable[RenderedPage] = (
        render_pages(view, template_dirs, source_url) if incremental is None
        else (stored.page() for stored in incremental.render(view, template_dirs, source_url,
                                                              context).pages))
    for page in pages:
        text, unknown = replace_wikilinks(page.markdown, links.resolver(page.uri))
        if unknown:  # `sst check` reports these first; a custom template may still add one
            names = ", ".join(f"[[{link.target}]]" for link in unknown)
            where = page.source or f"{page.uri} (a generated page: see templates_dir)"
            raise FolderRefused(f"{where}: unknown ID in {names}: nothing was written")
        name = page.uri.removeprefix(f"{PREFIX}/")
        files[name] = _with_title(page.title, text).encode("utf-8")
        if page.in_nav:
            nav.append({page.title: name})  # the overview's title, in the site's language
    files[STYLESHEET_NAME] = (package_files("sst_plugin.core.render")
                              .joinpath("assets", STYLESHEET_NAME).read_bytes())
    files[NAV_NAME] = ("# written by `sst render`: the strategy section of the navigation\n"
                       + yaml.safe_dump({"title": view.nav_title, "nav": nav},
                                        sort_keys=False, allow_unicode=True)).encode("utf-8")
    return Rendered(files, links)


def _with_title(title: str, text: str) -> str:
    """The page with its title, made inert, in its front matter: a generator may print it
    unescaped in `<title>` (Zensical 0.0.73 does, from the first heading), where the MkDocs
    plugin fixes titles after rendering. A page that has front matter (the map's `hide: toc`)
    keeps it, with the title added: a second block would print as text."""
    line = f"title: {json.dumps(safe_title(title), ensure_ascii=False)}\n"
    if text.startswith("---\n") and "\n---\n" in text[3:]:
        return f"---\n{line}{text[4:]}"
    return f"---\n{line}---\n\n{text}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_text(rendered: Rendered) -> bytes:
    """The index: what was written (to recognise it next time) and the links, for the extension."""
    index = {"format": INDEX_FORMAT, "written_by": "sst render",
             "files": {name: _digest(data) for name, data in sorted(rendered.files.items())},
             "links": rendered.links.as_json()}
    return (json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_folder(out: Path, rendered: Rendered, *, root: Path) -> Written:
    """RENDERED into OUT, a folder inside the repository at ROOT: unchanged files untouched,
    stale ones of ours removed, index last."""
    _refuse_outside(out, root)
    planned = dict(rendered.files)
    previous, present, temporary = _files_of_ours(out, planned)
    for path in temporary:  # a killed run's: the folder is ours, so is it
        path.unlink(missing_ok=True)
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
    removed = [name for name in sorted(set(previous) - set(planned))
               if remove_file_of_ours(out, name, previous[name])]
    for name in removed:
        _prune_empty_parents(out / name, out)
    index = out / INDEX_NAME
    data = index_text(rendered)
    if not index.exists():
        write_new(index, data)
    elif index.read_bytes() != data:
        replace_file(index, data)
    return Written(tuple(written), tuple(unchanged), tuple(removed))


def _refuse_outside(out: Path, root: Path) -> None:
    """FolderRefused if OUT, links followed, is not inside ROOT: a link on the way (`docs` to
    another folder) would have us write and remove files anywhere on the machine."""
    try:
        real, repository = out.resolve(), root.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop of links
        raise FolderRefused(f"{out}: a loop of symbolic links is on the way: give a real "
                            "folder") from None
    if not real.is_relative_to(repository):
        raise FolderRefused(f"{out}: is {real}, outside the repository {root}: write the pages "
                            "inside it, e.g. docs/strategy (and no link to a folder elsewhere "
                            "on the way)")


def remove_file_of_ours(out: Path, name: str, digest: str) -> bool:
    """Remove OUT/NAME if it is a regular file, reached through no link, with the DIGEST that
    the index says we wrote; True if it was removed."""
    *folders, file_name = name.split("/")
    path = out
    for folder in folders:
        path = path / folder
        if path.is_symlink() or not path.is_dir():
            return False
    path = path / file_name
    try:
        if not stat.S_ISREG(path.lstat().st_mode) or _digest(path.read_bytes()) != digest:
            return False
        path.unlink()
    except OSError:  # gone already, or not ours to read
        return False
    return True


def _files_of_ours(out: Path, planned: Mapping[str, bytes]
                   ) -> tuple[dict[str, str], dict[str, str], list[Path]]:
    """The files an earlier run wrote in OUT, the digest of each file there now, and the
    temporary files a killed run left; FolderRefused if OUT holds anything else."""
    if out.is_symlink():
        raise FolderRefused(f"{out}: is a symbolic link: give the folder itself")
    if not out.exists():
        return {}, {}, []
    if not out.is_dir():
        raise FolderRefused(f"{out}: is a file, not a folder")
    index = out / INDEX_NAME
    previous = _read_index(index) if index.is_file() and not index.is_symlink() else {}
    present: dict[str, str] = {}
    temporary: list[Path] = []
    for path in sorted(_entries(out)):
        name = path.relative_to(out).as_posix()
        if name == INDEX_NAME and previous:
            continue
        if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            temporary.append(path)
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
    return previous, present, temporary


def _read_index(index: Path) -> dict[str, str]:
    """Name → digest of the files an earlier run wrote, as its index lists them; FolderRefused
    for an index that names anything but a file inside the folder: it was not ours."""
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
        files = dict(data["files"])
    except (ValueError, KeyError, TypeError):
        raise FolderRefused(f"{index}: is not an index `sst render` wrote: "
                            "choose a new or empty folder") from None
    for name, digest in files.items():
        if not (_is_name_in_folder(name) and isinstance(digest, str)
                and _DIGEST.fullmatch(digest)):
            raise FolderRefused(f"{index}: lists {json.dumps(name)}, which is no file of this "
                                "folder: it is not an index `sst render` wrote: choose a new or "
                                "empty folder; nothing was written")
    return files


def _is_name_in_folder(name: str) -> bool:
    """NAME is a relative POSIX path that stays in its folder: `goals/x.md`, not `../x`, `/x`,
    `./x`, `a//b` or `a\\b` (each of which `sst render` never writes)."""
    if not name or "\\" in name or "\0" in name or name == INDEX_NAME:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


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
