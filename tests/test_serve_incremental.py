"""Rebuilding only what an edit changed: the pages `dependencies.py` renders again after an edit
are exactly those that differ, and every other page is the same as a full render's.

The fast tests render the example strategy in-process; the slow ones build sites as
`mkdocs serve --dirty` does (one process, the plugin kept across builds) and `sst render
--watch` in-process.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitebuild import copy_repository, copy_strategy

from sst_plugin.cli import main
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render import SiteView, render_site, watch
from sst_plugin.core.render.dependencies import Incremental, changed_entities, snapshot
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.render.urls import page_url
from sst_plugin.core.rules.check import check_tree

REPO = Path(__file__).resolve().parent.parent
SETTINGS = Settings(as_of=date(2026, 11, 16))


def view_of(root: Path, settings: Settings = SETTINGS) -> SiteView:
    result = check_tree(root, settings)
    assert not [f for f in result.findings if f.severity == "error"], result.findings
    return SiteView(result.model, settings)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "strategy" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_file(root: Path, name: str, new_name: str) -> None:
    shutil.copy(root / "strategy" / name, root / "strategy" / new_name)


# each edit, and the settings the next render runs with
EDITS: dict[str, Callable[[Path], Settings]] = {
    "kpi value": lambda root: (edit(root, "kpis/monthly-revenue.yaml", "value: 57900",
                                    "value: 91000"), SETTINGS)[1],
    "goal title": lambda root: (edit(root, "goals/revenue-2026.md", "title: Grow monthly",
                                     "title: Lift monthly"), SETTINGS)[1],
    "tactic moved to another battle": lambda root: (edit(
        root, "tactics/levain-training.yaml", "battle: sourdough-launch",
        "battle: winter-subscriptions"), SETTINGS)[1],
    "link removed": lambda root: (edit(root, "risks/oven-breakdown.yaml",
                                       "[winter-subscriptions, revenue-2026]",
                                       "[winter-subscriptions]"), SETTINGS)[1],
    "entity added": lambda root: (copy_file(root, "risks/oven-breakdown.yaml",
                                            "risks/oven-fire.yaml"), SETTINGS)[1],
    "entity deleted": lambda root: ((root / "strategy/risks/oven-breakdown.yaml").unlink(),
                                    SETTINGS)[1],
    "person renamed": lambda root: (edit(root, "people.yaml", "name: Marc Dubois",
                                         "name: Marc Durand"), SETTINGS)[1],
    "strategy.yaml": lambda root: (edit(root, "strategy.yaml", "company: Levain & Co.",
                                        "company: Levain et Cie"), SETTINGS)[1],
    "as_of": lambda root: replace(SETTINGS, as_of=date(2026, 12, 2)),
}


@pytest.fixture()
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "strategy", tmp_path / "strategy")
    return tmp_path


@pytest.mark.parametrize("name", list(EDITS))
def test_an_incremental_render_equals_a_full_one(example: Path, name: str) -> None:
    incremental = Incremental()
    first = incremental.render(view_of(example))
    assert first.rendered == len(first.pages) and first.changed == {p.uri for p in first.pages}
    settings = EDITS[name](example)
    again = incremental.render(view_of(example, settings))
    full = render_site(view_of(example, settings))
    # (names and counts compared, not the pages: pytest would print thousands of lines)
    assert [p.uri for p in again.pages] == [p.uri for p in full]
    stale = [truth.uri for kept, truth in zip(again.pages, full, strict=True)
             if kept.page() != truth]
    assert stale == []
    before = {p.uri: p.digest for p in first.pages}
    differ = {p.uri for p in again.pages if before.get(p.uri) != p.digest}
    assert set(again.changed) == differ
    rendered, total = again.rendered, len(full)
    print(name, rendered, total, len(differ))
    if name not in ("strategy.yaml", "as_of"):
        assert rendered < total


def test_one_kpi_value_changes_its_page_its_goals_and_the_overviews(example: Path) -> None:
    view = view_of(example)
    pages = [uri for uri, _ in Renderer(view).builders()]
    old = snapshot(view, pages)
    edit(example, "kpis/monthly-revenue.yaml", "value: 57900", "value: 91000")
    new_view = view_of(example)
    new = snapshot(new_view, pages)
    # the KPI, and the goal whose status its value moves
    assert changed_entities(old, new) == {"monthly-revenue", "revenue-2026"}
    incremental = Incremental()
    incremental.render(view)
    again = incremental.render(new_view)
    assert {"strategy/kpis/monthly-revenue.md", "strategy/goals/revenue-2026.md",
            "strategy/index.md"} <= again.changed
    # a KPI no edit touched, and a risk far from the goal, are not rendered again
    assert "strategy/kpis/waste-rate.md" not in again.changed
    rendered, total = again.rendered, len(again.pages)
    assert rendered < total


def test_nothing_changed_renders_nothing(example: Path) -> None:
    incremental = Incremental()
    incremental.render(view_of(example))
    again = incremental.render(view_of(example))
    assert again.rendered == 0 and again.changed == frozenset()


def test_sst_render_watch_renders_and_writes_only_what_an_edit_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    out = root / "docs/strategy"
    rendered: list[int] = []
    real_render = Incremental.render

    def counting(self: Incremental, *args: Any, **kwargs: Any) -> Any:
        done = real_render(self, *args, **kwargs)
        rendered.append(done.rendered)
        return done

    monkeypatch.setattr(Incremental, "render", counting)
    times: list[dict[str, int]] = []

    def look() -> None:  # between two looks at the files: one edit, a look with none, Ctrl-C
        times.append({p.relative_to(out).as_posix(): p.stat().st_mtime_ns
                      for p in out.rglob("*.md")})
        if len(times) == 1:
            edit(root, "kpis/monthly-revenue.yaml", "value: 57900", "value: 91234")
        elif len(times) == 3:
            raise KeyboardInterrupt

    real_watch = watch.watch
    monkeypatch.setattr(watch, "watch", lambda render, inputs, interval=1.0, sleep=None:
                        real_watch(render, inputs, 0, lambda _seconds: look()))
    code = main(["render", "--out", str(out), "--watch", str(root)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    written = [line for line in lines if " written, " in line]
    assert len(written) == 2 and len(rendered) == 2
    total = len(times[0])
    assert rendered[0] == total and rendered[1] < total
    # the second render wrote the pages that changed and left every other file untouched; the
    # look without an edit rendered nothing
    touched = {name for name, at in times[1].items() if times[0][name] != at}
    assert {"kpis/monthly-revenue.md", "goals/revenue-2026.md", "index.md"} <= touched
    assert "kpis/waste-rate.md" not in touched and len(touched) < total / 4
    assert times[2] == times[1]
    assert "91,234" in (out / "kpis/monthly-revenue.md").read_text(encoding="utf-8")
    assert written[1].endswith(f"{len(touched)} written, {total + 2 - len(touched)} unchanged, "
                               "0 removed")


def html_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def markdown_of(plugin: Any) -> dict[str, str]:
    return {page.uri: page.markdown for page in plugin.pages}


def serve_rebuild(root: Path, site: Path, plugin: Any, change: Callable[[], None],
                  shown: str, share: float) -> None:
    """CHANGE, then one rebuild as `mkdocs serve --dirty` does (the config read again, the
    plugin kept); the HTML files rewritten are those of the pages whose Markdown changed, and
    every page that shows SHOWN (the edited value) is among them; fewer than SHARE of the pages
    were rendered again."""
    before, times = markdown_of(plugin), html_times(site)
    change()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config, dirty=True)
    assert config.plugins["sst"] is plugin  # kept across rebuilds, as under mkdocs serve
    after = markdown_of(plugin)
    differ = {uri for uri, text in after.items() if before.get(uri) != text}
    rewritten = {name for name, at in html_times(site).items() if times.get(name) != at}
    expected = {page_url(uri) + "index.html" for uri in differ}
    assert rewritten - {"404.html"} == expected
    showing = {name for name in html_times(site)
               if shown in (site / name).read_text(encoding="utf-8")}
    assert showing and showing <= rewritten
    rendered, total = plugin.rendered_count, len(after)
    assert rendered < total * share


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["example", "generated"])
def test_serve_dirty_rebuilds_only_the_pages_that_show_an_edit(tmp_path: Path,
                                                               kind: str) -> None:
    root = tmp_path / "repo"
    if kind == "example":
        copy_strategy(root)
        kpi, value, new_value, shown = "kpis/monthly-revenue.yaml", "57900", "91234", "91,234"
        goal, title = "goals/revenue-2026.md", "title: Grow monthly revenue"
        share = 1.0  # 69 pages, each a link or two from most others
    else:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from generate import generate

        generate(root, 300)
        kpi, new_value, shown = "kpis/kpi-0-0.yaml", "4567.8", "4,567.8"
        value = (root / "strategy" / kpi).read_text().rsplit("value: ", 1)[1].strip()
        goal, title = "goals/goal-0-0.md", "title: Grow goal-0-0"
        share = 0.25
    site = tmp_path / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    plugin = config.plugins["sst"]
    serve_rebuild(root, site, plugin, lambda: edit(root, kpi, f"value: {value}",
                                                   f"value: {new_value}"), shown, share)
    serve_rebuild(root, site, plugin, lambda: edit(root, goal, title, f"{title} sooner"),
                  title.removeprefix("title: ") + " sooner", share)
