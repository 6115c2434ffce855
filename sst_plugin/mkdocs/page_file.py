"""A generated page as MkDocs sees it: Markdown read only when MkDocs reads the page, and
"modified" (for `mkdocs serve --dirty` and `mkdocs build --dirty`) only when it changed."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..core.render.dependencies import StoredPage


class PageFile(File):
    """MkDocs' in-memory File (`File.generated`), with its content kept compressed by the plugin
    until MkDocs reads it: a build need not hold every page's Markdown twice.

    Under `--dirty`, MkDocs renders and writes a page only if its file `is_modified()`; a File
    with content always is, so every generated page would be built again after any edit. This
    one is modified when its Markdown differs from the last build's (or its output is missing).
    """

    def __init__(self, stored: StoredPage, config: MkDocsConfig, *, changed: bool,
                 inclusion: InclusionLevel) -> None:
        super().__init__(stored.uri, src_dir=None, dest_dir=config.site_dir,
                         use_directory_urls=config.use_directory_urls, inclusion=inclusion)
        self.generated_by = "sst"
        self.stored = stored
        self.changed = changed

    @property  # type: ignore[override]
    def content_string(self) -> str:
        if self._content is not None:  # set by another plugin
            return super().content_string
        return self.stored.markdown

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._content = value

    @property  # type: ignore[override]
    def content_bytes(self) -> bytes:
        if self._content is not None:
            return super().content_bytes
        return self.stored.markdown.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._content = value

    def is_modified(self) -> bool:
        return self.changed or self._content is not None or not os.path.isfile(
            self.abs_dest_path)
