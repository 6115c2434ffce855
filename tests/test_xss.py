"""An XSS corpus in titles, tags, text fields, bodies and URLs: nothing of it runs."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_FLAGS, QuietHandler
from conftest import write
from playwright.sync_api import sync_playwright
from sitebuild import build_with, copy_repository
from test_browser import SEARCH

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "<svg onload=alert('x3')>",
    "<iframe src=\"javascript:alert('x4')\"></iframe>",
    "[click](javascript:alert('x5'))",
    "[click](JaVaScRiPt:alert('x6'))",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgneDcnKTwvc2NyaXB0Pg==\">x7</a>",
    "<form action=\"javascript:alert('x8')\"><button>go</button></form>",
    "<details open ontoggle=alert('x9')>",
    "<body onload=alert('x10')>",
    "\"><script>alert('x11')</script>",
    "</title><script>alert('x12')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x13')>",
    "<a href=\"&#106;avascript:alert('x14')\">x14</a>",
    "![img](javascript:alert('x15'))",
    "<object data=\"javascript:alert('x16')\"></object>",
    "<embed src=\"javascript:alert('x17')\">",
    "<style>body{background:url(\"javascript:alert('x18')\")}</style>",
    "<input onfocus=alert('x19') autofocus>",
    "<video><source onerror=alert('x20')></video>",
    "<marquee onstart=alert('x21')>x21</marquee>",
    "<base href=\"javascript:alert('x22')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('x23')\">",
    "{{ 7*7 }}<script>alert('x24')</script>",
    "[[revenue-2026|<img src=x onerror=alert('x25')>]]",
    "<a href=\"  javascript:alert('x26')\">x26</a>",
    # the theme's settings forged, and tooltips that Material builds with innerHTML
    "<div id=\"__config\">{\"base\": \".\", \"features\": [\"content.tooltips\"]}</div>x27",
    "<span title=\"<img src=x onerror=alert('x28')>\">x28</span>",
    "<abbr title=\"&lt;img src=x onerror=alert('x29')&gt;\">x29</abbr>",
    "<span id=\"__drawer\">x30</span><label for=\"__search\">x30</label>",
]


def hostile_repo(root: Path) -> Path:
    copy_repository(root)
    for number, payload in enumerate(PAYLOADS, start=1):
        value = json.dumps(payload)  # a JSON string is a YAML double-quoted scalar
        write(root, f"strategy/risks/xss-{number}.md",
              f"---\ntitle: {value}\nlikelihood: 1\nimpact: 1\nowner: claire-martin\n"
              f"mitigation: {value}\nthreatens: [revenue-2026]\ntags: [{value}]\n---\n"
              f"{payload}\n\nSee [the source]({payload.split('(')[-1].rstrip(')')}).\n")
    write(root, "strategy/kpis/xss-kpi.yaml",
          f"title: {json.dumps(PAYLOADS[1])}\nunit: {json.dumps(PAYLOADS[0])}\n"
          "direction: increase\nfrequency: monthly\nowner: claire-martin\n"
          f"source: {json.dumps(PAYLOADS[4])}\nmeasurements:\n"
          f"  - date: 2026-10-31\n    value: 1\n    note: {json.dumps(PAYLOADS[2])}\n")
    return root


class Scan(HTMLParser):
    """Everything in a page that could run: handlers, script URLs, active elements."""

    def __init__(self, content_only: bool) -> None:
        super().__init__()
        self.content_only = content_only  # the theme's own search form is not a payload
        self.problems: list[str] = []
        self.in_script = False
        self.theme_ids: Counter[str] = Counter()  # the theme's names, each once: it reads the first

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        active = ("iframe", "object", "embed", "base", "video", "marquee", "style")
        if tag in active or (self.content_only and tag in ("form", "input", "button")):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name == "title" and "<" in (value or ""):
                self.problems.append(f"{tag} title={value}")  # markup in a tooltip
            if name == "id" and (value or "").startswith("__"):
                self.theme_ids[value or ""] += 1
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            url = re.sub(r"\s", "", unescape(value or "")).lower()
            if name in ("href", "src", "action", "data", "formaction") and \
                    url.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{tag} {name}={value}")
        self.in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.problems.append("inline script with the payload")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


# Zensical runs no plugin of ours: the extension cleans the HTML of the pages sst render wrote
@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def generator(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def hostile_site(generator: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(generator, hostile_repo(tmp_path_factory.mktemp(f"xss-{generator}")))


def test_no_executable_payload_in_the_html(hostile_site: Path) -> None:
    problems = {}
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        whole, content = Scan(content_only=False), Scan(content_only=True)
        whole.feed(html)
        article = re.search(r'<article class="md-content__inner.*?</article>', html, re.S)
        content.feed(article.group() if article else "")
        if whole.theme_ids["__config"] != 1 or max(whole.theme_ids.values()) > 1:
            whole.problems.append(f"the theme's ids taken: {whole.theme_ids}")
        if whole.problems or content.problems:
            problems[page.relative_to(hostile_site).as_posix()] = whole.problems + content.problems
    assert problems == {}


def test_titles_stay_text(hostile_site: Path) -> None:
    html = (hostile_site / "strategy/risks/xss-12/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title.group(1)
    assert "‹/title›‹script›alert(’x12’)‹/script›" in title.group(1)


def test_the_text_is_still_there_to_read(hostile_site: Path) -> None:
    html = (hostile_site / "strategy/risks/xss-1/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('x1')&lt;/script&gt;" in html  # shown, not run


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_nothing_runs_in_the_browser(served: str, generator: str) -> None:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        paths = [f"strategy/risks/xss-{n}/" for n in range(1, len(PAYLOADS) + 1)]
        paths += ["strategy/risks/", "strategy/kpis/", "strategy/kpis/xss-kpi/",
                  "strategy/goals/revenue-2026/", "strategy/people/claire-martin/"]
        for path in paths:
            page.goto(served + path)
            page.mouse.move(200, 300)
            page.wait_for_timeout(50)
        page.goto(served + "strategy/")
        opener, field, _ = SEARCH[generator]
        page.locator(opener).click()
        page.locator(field).focus()
        page.keyboard.type("alert")
        page.wait_for_timeout(1500)  # search results render titles and text of every page
        browser.close()
    assert dialogs == []
    assert errors == []
