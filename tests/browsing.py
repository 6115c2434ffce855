"""A built site served on 127.0.0.1 and opened in Debian's Chromium, for the browser tests.

One place for the browser's flags, the local server, screenshots and axe-core, so that every
browser test opens the site the same way. Without /usr/bin/chromium these tests fail, never skip.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from sitebuild import REPO

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
# the flags a closed network needs: no background calls home, no component updates
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-default-apps"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# the content SST generates, where axe and the geometry checks look (not the theme's chrome)
CONTENT = "article, .md-content"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """SITE on a local server: its base URL, ending in a slash."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def set_palette(page: Page, scheme: str) -> None:
    """Material's palette for this page: "default" (light) or "slate" (dark)."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)


# Material fades colours in when the palette changes: axe must see the end, not the fade
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def settle_palette(page: Page, scheme: str) -> None:
    """SCHEME at once: transitions off first, so what is measured is the palette's end state."""
    if not page.evaluate("() => !!document.getElementById('sst-no-transitions')"):
        page.add_style_tag(content=NO_TRANSITIONS).evaluate(
            "e => e.id = 'sst-no-transitions'")
    set_palette(page, scheme)


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """A PNG kept in test-artifacts/ for people to look at (CI keeps the folder)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@functools.cache
def _axe() -> Axe:
    return Axe()


# the rules whose verdict changes with the palette: the rest need running once a page
PALETTE_RULES = ("color-contrast", "link-in-text-block")


def serious_violations(page: Page, context: str = CONTENT,
                       rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical inside CONTEXT (only
    RULES' where given)."""
    # axe-core is injected once a page (it is half a megabyte), then run as often as asked
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe().axe_script)
    only = ({"type": "rule", "values": list(rules)} if rules else
            {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    response = page.evaluate("([context, options]) => axe.run(context, options)",
                             [context, {"runOnly": only, "resultTypes": ["violations"]}])
    return [v for v in response["violations"] if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violated rule and node, for an assertion message."""
    return "\n".join(f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')}"
                     for v in violations for node in v["nodes"])


def axe_failures(page: Page, base: str, paths: Sequence[str], scheme: str,
                 shots: Mapping[str, str] | None = None) -> list[str]:
    """Each of PATHS under BASE in SCHEME: a line of axe's serious violations a page that has
    any; a screenshot of each path SHOTS names, under its name."""
    failures = []
    for path in paths:
        page.goto(base + path)
        settle_palette(page, scheme)
        if violations := serious_violations(page):
            failures.append(f"/{path}: {describe(violations)}")
        if shots and path in shots:
            screenshot(page, shots[path])
    return failures
