""""Edit the file" links: from a generated page to the strategy file it shows, on the forge."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# MkDocs' own defaults for `edit_uri`, by host, when mkdocs.yml names none
_DEFAULT_EDIT_URIS = {"github.com": "edit/master/", "gitlab.com": "edit/master/",
                      "bitbucket.org": "src/default/"}


def default_edit_uri(repo_url: str | None, docs_dir: str) -> str | None:
    host = urlsplit(repo_url or "").hostname or ""
    prefix = _DEFAULT_EDIT_URIS.get(host)
    return f"{prefix}{docs_dir.strip('/')}/" if prefix else None


def from_docs(root: Path, docs_dir: Path, source: str) -> str:
    """A strategy file's path relative to docs_dir: what edit links are made of."""
    return os.path.relpath(root / source, docs_dir).replace(os.sep, "/")


def source_url_for(root: Path, docs_dir: Path, repo_url: str | None,
                   edit_uri: str | None) -> Callable[[str], str | None]:
    """The edit link of a strategy file (relative to ROOT), None without a forge to link to."""

    def source_url(source: str) -> str | None:
        if not repo_url or not edit_uri:
            return None
        return urljoin(repo_url.rstrip("/") + "/", edit_uri + from_docs(root, docs_dir, source))

    return source_url
