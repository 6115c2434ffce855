"""Script through the theme's tooltips: user HTML can neither replace the theme's `#__config`
(its settings) nor carry a `title` that the tooltip turns into markup.

Material and Zensical read their settings from the first `#__config` in the page and build a
tooltip from an element's `title` with innerHTML. The site here turns `content.tooltips` on, as
many sites do; a narrative and a docs page bring a forged config and hostile titles. Every element
with a title is hovered: no dialog, no error, one `#__config` per page.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_FLAGS, QuietHandler
from conftest import write
from playwright.sync_api import Page, sync_playwright
from sitebuild import build_with, copy_repository

from sst_plugin.core.sanitize import clean_html, inert_metadata, inert_toc_tokens

# a forged theme configuration: it turns tooltips on, and points the search worker elsewhere
FORGED_CONFIG = ('{"base": ".", "features": ["content.tooltips"], "search": "hostile.js", '
                 '"tags": null, "translations": {}, "version": null}')
PAYLOAD = f"""
<div id="__config">{FORGED_CONFIG}</div>
<span id="__search">s</span> <span id="__drawer">d</span> <span id="__md_scope">m</span>

<a href="#tip" title="<img src=x onerror=alert('t1')>">a link with a hostile title</a>
<span title="<img src=x onerror=alert('t2')>">a span with a hostile title</span>
<abbr title="&lt;img src=x onerror=alert('t3')&gt;">ABBR</abbr>

[a Markdown link](https://example.com "<img src=x onerror=alert(4)>")
[another](#tip){{: title="<img src=x onerror=alert(5)>" }}

Hover HTML and SST.

*[HTML]: <img src=x onerror=alert('t6')>
*[SST]: &lt;img src=x onerror=alert('t7')&gt;

## __config

## Tip {{: #__config }}

## &lt;img/src/onerror=alert(8)&gt;a_heading_long_enough_to_be_cut_short_in_the_table_of_contents

A footnote[^1].

[^1]: <span title="<img src=x onerror=alert('t9')>">the note</span>
"""
# the Markdown a Material site commonly turns on: attribute lists, abbreviations, footnotes
EXTENSIONS = "markdown_extensions:\n  - abbr\n  - attr_list\n  - footnotes\n  - toc\n"
PAGES = ["strategy/goals/revenue-2026/", "hostile/", "cut-short/", "front-matter/",
         "strategy/goals/", ""]


def hostile_repo(root: Path) -> Path:
    copy_repository(root)
    narrative = root / "strategy/goals/revenue-2026.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + PAYLOAD, encoding="utf-8")
    write(root, "docs/hostile.md", "# A docs page from a pull request\n" + PAYLOAD)
    write(root, "docs/hostile.js", "alert('worker')\n")
    # titles the theme prints raw, in <title> and in the navigation of every page
    write(root, "docs/cut-short.md", "# &lt;img/src/onerror=alert(10)&gt;a_title_long_enough_"
          "to_be_cut_short_in_the_navigation\n\ntext\n")
    write(root, "docs/front-matter.md",
          "---\ntitle: \"<img src=x onerror=alert(11)>\"\n---\n\ntext\n")
    for name in ("mkdocs.yml", "zensical.yml"):
        config = (root / name).read_text(encoding="utf-8")
        config = config.replace("  font: false", "  features: [content.tooltips]\n  font: false")
        if "markdown_extensions:\n" in config:
            config = config.replace("markdown_extensions:\n", EXTENSIONS)
        else:
            config += EXTENSIONS
        (root / name).write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def served(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    generator = str(request.param)
    site = build_with(generator, hostile_repo(tmp_path_factory.mktemp(f"tips-{generator}")))
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def hover_every_title(page: Page) -> int:
    """Every element that has a title now, hovered where visible and sent mouseenter anyway
    (the tooltip listens for it): how many there were."""
    titled = page.locator("[title]").element_handles()
    for element in titled:
        element.dispatch_event("mouseenter")
        if element.is_visible():
            element.scroll_into_view_if_needed()
            element.hover(force=True)
        page.wait_for_timeout(30)
        element.dispatch_event("mouseleave")
    return len(titled)


@pytest.mark.slow
def test_hovering_every_title_runs_nothing(served: str) -> None:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    dialogs: list[str] = []
    errors: list[str] = []
    configs: dict[str, int] = {}
    titled = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for path in PAGES:
            page.goto(served + path)
            page.wait_for_timeout(300)  # the theme marks cut-short titles after layout
            configs[path] = page.locator("#__config").count()
            assert page.locator("script#__config").count() == 1, path  # the theme's own
            titled += hover_every_title(page)
            page.wait_for_timeout(200)
        browser.close()
    assert (dialogs, errors, configs) == ([], [], {path: 1 for path in PAGES})
    assert configs == {path: 1 for path in PAGES}
    assert titled >= 8  # the hostile titles are there, as text


@pytest.mark.parametrize("reserved", ["__config", "__search", "__drawer", "__toc", "__skip",
                                      "__consent", "__palette_0", "__nav_1", "__md_scope",
                                      "__tooltip_0", "__announce"])
def test_ids_of_the_theme_are_removed(reserved: str) -> None:
    cleaned = clean_html(f'<div id="{reserved}"><label for="{reserved}">x</label></div>'
                         f'<input type="checkbox" name="{reserved}">')
    assert reserved not in cleaned


@pytest.mark.parametrize("kept", ["revenue-2026", "fn:1", "fnref:1", "_private", "a__b",
                                  "__tabbed_1_2", "__codelineno-0-3", "__span-0-3"])
def test_ids_markdown_makes_are_kept(kept: str) -> None:
    html = f'<h2 id="{kept}">x</h2><label for="{kept}">y</label>'
    assert clean_html(html) == html


def test_titles_stay_readable_text() -> None:
    cleaned = clean_html('<a title="&lt;img src=x onerror=alert(1)&gt; &amp; 3 &lt; 4">x</a>'
                         '<abbr title="Hypertext Markup Language">HTML</abbr>')
    assert cleaned == ('<a title="‹img src=x onerror=alert(1)› &amp; 3 ‹ 4">x</a>'
                       '<abbr title="Hypertext Markup Language">HTML</abbr>')


def test_the_table_of_contents_is_text_wherever_a_theme_copies_it() -> None:
    tokens = [{"name": "&lt;img src=x onerror=alert(1)&gt; R&amp;D", "id": "x", "children": [
        {"name": "a", "html": "<code>&lt;b&gt;</code> &#60;i&#x3E;", "data-toc-label": "",
         "children": []}]}]
    inert_toc_tokens(tokens)
    assert tokens[0]["name"] == "‹img src=x onerror=alert(1)› R&amp;D"
    assert tokens[0]["children"][0]["html"] == "<code>‹b›</code> ‹i›"


def test_front_matter_the_theme_prints_raw_is_inert() -> None:
    meta = {"title": "</title><script>x</script>", "description": '"><script>x</script>',
            "author": ["<b>"], "location": "java\tscript:alert(1)", "tags": ["<kept>"]}
    inert_metadata(meta)
    assert meta == {"title": "‹/title›‹script›x‹/script›", "description": "”›‹script›x‹/script›",
                    "author": "[’‹b›’]", "tags": ["‹kept›"]}
    for hostile in ("JavaScript:alert(1)", 'x";alert(1)//', "x\\", "/x</script>", 1):
        meta = {"location": hostile}
        inert_metadata(meta)
        assert meta == {}, hostile
    for kept in ("https://example.com/new?a=1&b=2", "../new/", "/new/#part"):
        meta = {"location": kept}
        inert_metadata(meta)
        assert meta == {"location": kept}


def test_no_element_can_shadow_what_document_defines() -> None:
    # `document.NAME` is the element for img, form, embed and object with a name: it would hide
    # document.getElementById from the theme (an id only shadows globals nothing defines)
    cleaned = clean_html('<img src="a.png" name="getElementById"><form name="querySelector">'
                         '</form><embed name="body"><object name="cookie"></object>')
    assert cleaned == '<img src="a.png">'
