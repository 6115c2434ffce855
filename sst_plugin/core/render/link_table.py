"""Where `[[id]]` points: every visible entity's page and title, for any page of the site.

The MkDocs plugin builds the table from its view; `sst render` writes it beside the pages it
writes, so a generator that runs only our Markdown extension (Zensical) resolves the same links.
The index is published beside the pages: it names no ID this audience may not see, not even as
a digest (a word list reverses an unsalted one, and a salt published beside it adds nothing).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..model.links import WikiLink
from ..text import link_text
from .urls import PREFIX, entity_uri, md_href
from .view import RESTRICTED, SiteView, restricted, restricted_word


@dataclass(frozen=True)
class LinkTable:
    pages: Mapping[str, tuple[str, str]]  # id → (page under the docs root, title)
    hidden: frozenset[str]  # IDs that exist but this audience may not see: in memory only
    # read back from an index, which names no hidden ID: any other ID may be one, so it reads
    # "restricted" too (`sst render` checked the docs' links first: a typo fails there)
    unknown_is_restricted: bool = False
    restricted: str = str(RESTRICTED)  # the word, in the site's language

    @classmethod
    def from_view(cls, view: SiteView) -> LinkTable:
        entities = view.model.entities
        pages = {e.id: (entity_uri(e), e.title) for e in entities.values() if view.can_see(e)}
        return cls(pages, frozenset(i for i in entities if i not in pages),
                   restricted=str(restricted(view.language)))

    def resolver(self, page_uri: str, guessed: Callable[[WikiLink], None] | None = None
                 ) -> Callable[[WikiLink], str | None]:
        """`[[id]]` on the page at PAGE_URI → a Markdown link, `restricted`, or None if unknown;
        GUESSED hears of each unknown ID that reads `restricted` because the table cannot tell."""

        def resolve(link: WikiLink) -> str | None:
            found = self.pages.get(link.target)
            if found is not None:
                uri, title = found
                return f"[{link_text(link.text if link.text is not None else title)}]" \
                       f"({md_href(page_uri, uri)})"
            if link.target in self.hidden:
                return self.restricted
            if not self.unknown_is_restricted:
                return None
            if guessed is not None:
                guessed(link)
            return self.restricted

        return resolve

    # --- as stored beside the pages `sst render` writes -----------------------------------

    def as_json(self) -> dict[str, Any]:
        """Page paths relative to the folder of generated pages, which may sit anywhere."""
        start = f"{PREFIX}/"
        table: dict[str, Any] = {"pages": {i: [uri.removeprefix(start), title]
                                           for i, (uri, title) in sorted(self.pages.items())}}
        if self.restricted != str(RESTRICTED):  # the word in another language than English
            table["restricted"] = Markup(self.restricted).striptags()
        return table

    @classmethod
    def from_json(cls, data: Mapping[str, Any], folder: str) -> LinkTable:
        """The table read back, with FOLDER (the generated pages' place under docs) put back;
        a `hidden` list an older `sst render` wrote is ignored."""
        pages = {str(i): (posixpath.join(folder, str(entry[0])), str(entry[1]))
                 for i, entry in dict(data.get("pages", {})).items()}
        word = data.get("restricted")  # only a word: the index is a file in the docs folder
        return cls(pages, frozenset(), unknown_is_restricted=True,
                   restricted=str(restricted_word(word)) if isinstance(word, str)
                   else str(RESTRICTED))
