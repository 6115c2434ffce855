"""An entity's page costs the same however large the strategy is: counted, never timed.

Time is noise on a shared machine; what a page's rendering does is not. Two generated
strategies, one four times the other: each kind of entity page makes about as many Python
calls in both (a lookup that scans every tactic or every due item per page would make the
larger one's pages cost more), and the links of a whole site work out relative paths once per
pair of folders, not once per link.
"""

from __future__ import annotations

import cProfile
import posixpath
import pstats
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from sst_plugin.core.language import speaking
from sst_plugin.core.model.model import Entity, Model
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.render import SiteView, render_site, urls
from sst_plugin.core.render.pages import Renderer
from sst_plugin.core.rules.check import check_tree

REPO = Path(__file__).resolve().parent.parent
SMALL, LARGE = 200, 800
PAGES = 10  # of each kind: the first by ID, in both strategies
# the pages of a kind, and how its rendering method is named
KINDS: dict[str, tuple[Callable[[Model], Sequence[Entity]], str]] = {
    "goal": (lambda m: m.goals, "goal"), "kpi": (lambda m: m.kpis, "kpi"),
    "path": (lambda m: m.paths, "path"), "battle": (lambda m: m.battles, "battle"),
    "tactic": (lambda m: m.tactics, "tactic"), "risk": (lambda m: m.risks, "risk"),
    "person": (lambda m: m.people, "owner"), "team": (lambda m: m.teams, "owner"),
    "retro": (lambda m: m.retros, "retro"),
}


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[int, SiteView]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    found = {}
    for size in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"strategy{size}")
        generate(root, size)
        settings = load_settings(root, environ={})
        result = check_tree(root, settings)
        assert not result.findings
        found[size] = SiteView(result.model, settings)
    return found


def calls_per_page(view: SiteView, kind: str, ids: Sequence[str]) -> float:
    """The Python calls the pages of KIND make per thousand characters they write, once the
    view's indexes exist (a team of six members writes more than a team of two)."""
    entities, method = KINDS[kind]
    shown = [e for e in entities(view.model) if e.id in ids]
    assert len(shown) == len(ids), kind
    render = getattr(Renderer(view), method)
    with speaking(view.language):
        render(shown[0])  # indexes and templates made here, once per view
        profile = cProfile.Profile()
        profile.enable()
        written = sum(len(render(entity).markdown) for entity in shown)
        profile.disable()
    return pstats.Stats(profile).total_calls / written * 1000  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_entity_page_costs_the_same_in_a_strategy_four_times_larger(
        views: dict[int, SiteView], kind: str) -> None:
    # the same IDs in both: the generator makes the smaller strategy's IDs in the larger too
    ids = [e.id for e in KINDS[kind][0](views[SMALL].model)][:PAGES]
    small, large = (calls_per_page(views[size], kind, ids) for size in (SMALL, LARGE))
    # generated pages differ a little in what they hold; a scan per page adds 10 % and more
    assert large <= small * 1.05, (kind, small, large)


@contextmanager
def counted(module: Any, name: str) -> Iterator[list[int]]:
    """Counts the calls of MODULE.NAME while the block runs."""
    original = getattr(module, name)
    count = [0]

    def counting(*args: Any) -> Any:
        count[0] += 1
        return original(*args)

    setattr(module, name, counting)
    try:
        yield count
    finally:
        setattr(module, name, original)


def test_links_work_out_relative_paths_once_per_pair_of_folders(
        views: dict[int, SiteView]) -> None:
    urls._folder_route.cache_clear()
    with counted(posixpath, "relpath") as relpaths:
        pages = render_site(views[SMALL])
    links = sum(page.markdown.count("](") for page in pages)
    # a folder is named with or without its closing slash (a published URL has it)
    folders = {posixpath.dirname(page.uri) for page in pages}
    assert relpaths[0] <= (2 * len(folders)) ** 2, (relpaths[0], folders)
    assert links > 50 * relpaths[0], (links, relpaths[0])


def test_links_are_those_relpath_gives() -> None:
    # the cached route with the file name joined to it, against relpath's own answer: odd
    # paths (dots, doubled slashes, a page below a folder named like the target) included
    paths = ["strategy/index.md", "strategy/goals/g.md", "strategy/people/", "index.md", ".",
             "notes/a/b.md", "strategy/goals/g.md/x.md", "./strategy//goals/./g.md",
             "a/../b.md", "/abs/c.md", "strategy/goals/", "strategy/goals/.", "goals/.."]
    for start in paths:
        for path in paths:
            assert urls.relative_path(path, start) == posixpath.relpath(path, start)
            assert urls.md_href(start, path) == posixpath.relpath(
                path, posixpath.dirname(start) or "."), (start, path)
