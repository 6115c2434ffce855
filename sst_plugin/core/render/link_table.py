"""Where `[[id]]` points: every visible entity's page and title, for any page of the site.

The MkDocs plugin builds the table from its view; `sst render` writes it beside the pages it
writes, so a generator that runs only our Markdown extension (Zensical) resolves the same links.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..links import WikiLink
from ..text import link_text
from .urls import PREFIX, entity_uri, md_href
from .view import RESTRICTED, SiteView


def hidden_digest(entity_id: str) -> str:
    """An ID this audience may not see, kept only as a digest: the table never names it."""
    return hashlib.sha256(f"sst:{entity_id}".encode()).hexdigest()


@dataclass(frozen=True)
class LinkTable:
    pages: Mapping[str, tuple[str, str]]  # id → (page under the docs root, title)
    hidden: frozenset[str]  # digests of the IDs that exist but this audience may not see

    @classmethod
    def from_view(cls, view: SiteView) -> LinkTable:
        entities = view.model.entities
        pages = {e.id: (entity_uri(e), e.title) for e in entities.values() if view.can_see(e)}
        hidden = frozenset(hidden_digest(i) for i in entities if i not in pages)
        return cls(pages, hidden)

    def resolver(self, page_uri: str) -> Callable[[WikiLink], str | None]:
        """`[[id]]` on the page at PAGE_URI → a Markdown link, `restricted`, or None if unknown."""

        def resolve(link: WikiLink) -> str | None:
            found = self.pages.get(link.target)
            if found is None:
                return str(RESTRICTED) if hidden_digest(link.target) in self.hidden else None
            uri, title = found
            return f"[{link_text(link.text if link.text is not None else title)}]" \
                   f"({md_href(page_uri, uri)})"

        return resolve

    # --- as stored beside the pages `sst render` writes -----------------------------------

    def as_json(self) -> dict[str, Any]:
        """Page paths relative to the folder of generated pages, which may sit anywhere."""
        start = f"{PREFIX}/"
        return {"pages": {i: [uri.removeprefix(start), title]
                          for i, (uri, title) in sorted(self.pages.items())},
                "hidden": sorted(self.hidden)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], folder: str) -> LinkTable:
        """The table read back, with FOLDER (the generated pages' place under docs) put back."""
        pages = {str(i): (posixpath.join(folder, str(entry[0])), str(entry[1]))
                 for i, entry in dict(data.get("pages", {})).items()}
        return cls(pages, frozenset(str(d) for d in data.get("hidden", [])))
