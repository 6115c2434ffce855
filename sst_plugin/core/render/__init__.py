"""Rendering of page content: Markdown and inline SVG strings, for any site generator.

The renderer (Jinja2) is imported on first use: `sst check` needs only `urls`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pages import RenderedPage, render_site
    from .view import SiteView

__all__ = ["RenderedPage", "SiteView", "render_site"]


def __getattr__(name: str) -> Any:
    if name in ("RenderedPage", "render_site"):
        from . import pages

        return getattr(pages, name)
    if name == "SiteView":
        from .view import SiteView

        return SiteView
    raise AttributeError(name)
