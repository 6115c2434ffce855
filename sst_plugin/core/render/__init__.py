"""Rendering of page content: Markdown and inline SVG strings, for any site generator."""

from .pages import RenderedPage, render_site
from .view import SiteView

__all__ = ["RenderedPage", "SiteView", "render_site"]
