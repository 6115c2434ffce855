"""What pymdownx.snippets may read: never the strategy folder, the site's configuration, git's
files or anything outside the repository.

Its default `base_path` is the folder the build runs in (the repository), so a page with
`--8<-- "strategy/risks/secret.md"` would publish a restricted file's raw text, in the page and
in the search index, whatever the audience. The site generator hands us the paths as the
extension will use them (absolute, from its working folder); a configuration that reaches too
far is refused before any page is rendered.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .docs_tree import Forbidden, is_codeowners, scan_tree

ADVICE = ("set pymdownx.snippets' base_path to folders that hold only what every reader may "
          "see, e.g. `base_path: [docs/snippets]`")


def snippet_problem(base_paths: Sequence[str], restrict_base_path: bool, root: Path,
                    strategy: Path) -> str | None:
    """Why snippets configured so could publish what they must not, or None where they cannot."""
    if not restrict_base_path:
        return ("pymdownx.snippets: restrict_base_path is off, so `--8<-- \"../strategy/...\"` "
                "reads any file: set `restrict_base_path: true` in its options (Zensical's "
                "include-markdown turns it off unless told)")
    forbidden = Forbidden.of(root, os.path.relpath(strategy, root))
    for base in base_paths:
        path = Path(base)
        if not os.path.lexists(path):
            continue  # pymdownx skips a base that does not exist
        real = path.resolve()
        # the top of the repository holds mkdocs.yml and the rest of the site's configuration
        if (real.parent == forbidden.root and not real.is_dir()) or \
                real == forbidden.root or forbidden.problem(real) is not None:
            return (f"pymdownx.snippets: base_path {_shown(path, root)} lets a page include the "
                    f"strategy files, the site's configuration or files outside the repository: "
                    + ADVICE)
        if real.is_dir():
            # pymdownx checks that a path stays in its base without following links
            files, findings = scan_tree(path, forbidden)
            if findings:
                where = findings[0].place.file if findings[0].place else _shown(path, root)
                return (f"pymdownx.snippets: base_path {_shown(path, root)} holds {where}: "
                        f"{findings[0].message}")
            owners = next((f for f in files if is_codeowners(f.name)), None)
            if owners is not None:  # it names every restricted file and its owner
                return (f"pymdownx.snippets: base_path {_shown(path, root)} holds "
                        f"{_shown(owners, root)}, which a page could include: " + ADVICE)
    return None


def _shown(path: Path, root: Path) -> str:
    """A base path as the reader wrote it: relative to the repository where it is inside."""
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)
