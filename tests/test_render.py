"""`sst render`: the strategy pages in a folder of their own, and the `[[id]]` Markdown
extension that links to them from any page a generator renders with Python-Markdown."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import edit, write
from markdown.preprocessors import Preprocessor
from sitebuild import copy_repository

from sst_plugin.cli import main
from sst_plugin.core.read import atomic
from sst_plugin.core.render import output, watch

OUT = "docs/strategy"


def render(capsys: pytest.CaptureFixture[str], root: Path, out: Path | None = None,
           *extra: str) -> tuple[int, str, str]:
    code = main(["render", "--out", str(out or root / OUT), str(root), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time, by path."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("rendered"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["render", "--out", str(root / OUT), str(root)]) == 0
    return root / OUT


Put = Callable[[Path], None]


@pytest.fixture
def rendered_before(rendered_once: Path) -> Put:
    """What `sst render` writes for the untouched example, put in place in EXAMPLE: copied from
    one render a module (the bytes are the same; a render of the example takes a second)."""
    def put(example: Path) -> None:
        shutil.copytree(rendered_once, example / OUT)
    return put


def test_writes_every_page_the_nav_the_stylesheet_and_the_index(
        example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = render(capsys, example)
    assert (code, err) == (0, "")
    folder = example / OUT
    files = snapshot(folder)
    assert out == f"{folder}: {len(files) - 1} written, 0 unchanged, 0 removed\n"
    for name in ("index.md", "map.md", "goals/sourdough-quarter.md", "tactics/bake-to-order.md",
                 "people/julien-roux.md", "sst.css", ".nav.yml", ".sst-render.json"):
        assert name in files, name
    nav = files[".nav.yml"][0].decode()
    assert "title: Strategy\nnav:\n- Strategy on a page: index.md\n" in nav
    assert "goals/sourdough-quarter.md" not in nav  # entity pages stay out of the navigation
    index = json.loads(files[".sst-render.json"][0])
    assert index["links"]["pages"]["sourdough-quarter"] == [
        "goals/sourdough-quarter.md", "Make organic sourdough a quarter of our bread sales"]
    assert set(index["files"]) == set(files) - {".sst-render.json"}
    for name, (data, _) in files.items():
        if name.endswith(".md"):
            text = data.decode()
            assert text.startswith("---\ntitle: "), name
            assert "[[" not in text, name  # every link resolved, narratives' ones too
            # one front matter block: a second one (the map's `hide: toc`) prints as text
            body = text.split("\n---\n", 1)[1]
            assert not body.lstrip("\n").startswith("---\n"), name
    map_page = files["map.md"][0].decode()
    assert map_page.startswith('---\ntitle: "Strategy map"\nhide:\n  - toc\n---\n'), map_page[:80]


def test_running_twice_changes_nothing(example: Path, rendered_before: Put,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    before = snapshot(example / OUT)
    code, out, _ = render(capsys, example)
    assert code == 0
    assert out.endswith(f": 0 written, {len(before) - 1} unchanged, 0 removed\n")
    assert snapshot(example / OUT) == before  # same bytes, files not even touched


def test_a_change_rewrites_what_it_changes_and_removes_what_is_gone(
        example: Path, rendered_before: Put, capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    (example / "strategy/risks/oven-breakdown.yaml").unlink()
    edit(example, "strategy/kpis/waste-rate.yaml", "title:", "title: Share of bread unsold #")
    code, out, err = render(capsys, example)
    assert code == 0, err
    folder = example / OUT
    assert not (folder / "risks/oven-breakdown.md").exists()
    assert "Share of bread unsold" in (folder / "kpis/waste-rate.md").read_text(encoding="utf-8")
    assert " removed" in out and not out.endswith(" 0 removed\n")
    assert "oven-breakdown" not in (folder / ".sst-render.json").read_text(encoding="utf-8")


def test_refuses_a_folder_with_a_file_of_the_users(example: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # docs/ itself holds the user's home page: sst render must not write there
    before = snapshot(example / "docs")
    code, out, err = render(capsys, example, example / "docs")
    assert code == 2 and out == ""
    assert err == (f"sst: {example / 'docs' / 'index.md'}: was not written by `sst render`: "
                   f"move it out of {example / 'docs'} (or choose another folder); nothing "
                   "was written\n")
    assert snapshot(example / "docs") == before


def test_refuses_a_page_edited_since_it_was_written(example: Path, rendered_before: Put,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    page = example / OUT / "goals/revenue-2026.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA note of mine.\n", encoding="utf-8")
    code, _, err = render(capsys, example)
    assert code == 2
    assert err.startswith(f"sst: {page}: was changed after `sst render` wrote it")
    assert page.read_text(encoding="utf-8").endswith("A note of mine.\n")  # kept as it is


def test_refuses_a_link_in_the_folder(example: Path, rendered_before: Put,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    (example / "assets").mkdir()  # not strategy/: `sst check` refuses a link from docs/ there
    (example / OUT / "elsewhere").symlink_to(example / "assets")
    code, _, err = render(capsys, example)
    assert code == 2
    assert err.startswith(f"sst: {example / OUT / 'elsewhere'}: `sst render` writes no such")


def test_refuses_the_strategy_folder(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = render(capsys, example, example / "strategy/site")
    assert code == 2
    assert "is inside the strategy folder" in err
    assert not (example / "strategy/site").exists()


def test_a_broken_strategy_writes_nothing(example: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    edit(example, "strategy/battles/winter-subscriptions.md", "kpi: ", "kpi: nowhere-")
    code, _, err = render(capsys, example)
    assert code == 1
    assert "error SST005" in err
    assert err.endswith("sst: nothing written: the strategy has 1 error(s)\n")
    assert not (example / OUT).exists()


def test_a_user_page_in_docs_is_checked_but_our_pages_are_not(
        example: Path, rendered_before: Put, capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    write(example, "docs/notes.md", "# Notes\n\nSee [[no-such-goal]].\n")
    code, _, err = render(capsys, example)
    assert code == 1
    assert err.startswith("docs/notes.md:3:5: error SST")
    assert "docs/strategy/" not in err


# --- the Markdown extension ---------------------------------------------------------------


class FakeZensicalContext(Preprocessor):
    """What Zensical registers for the page it renders (zensical.extensions.context)."""

    def __init__(self, md: markdown.Markdown, path: str, docs_dir: str) -> None:
        super().__init__(md)
        self.page = type("Page", (), {"path": path})()
        self.config = {"docs_dir": docs_dir, "root_dir": ""}

    def run(self, lines: list[str]) -> list[str]:
        return lines


def convert(text: str, page: str | None = None, docs: Path | None = None,
            **config: Any) -> str:
    md = markdown.Markdown(extensions=["sst_plugin.wikilinks"],
                           extension_configs={"sst_plugin.wikilinks": config})
    if page is not None and docs is not None:
        md.preprocessors.register(FakeZensicalContext(md, page, str(docs)),
                                  "rendering_context", 0)
    return md.convert(text)


@pytest.fixture
def rendered(example: Path, rendered_before: Put) -> Path:
    rendered_before(example)
    return example / "docs"


def test_links_from_the_docs_root_without_a_generator(rendered: Path) -> None:
    html = convert("Read [[sourdough-quarter]] and [[catering-line|the catering goal]].",
                   docs_dir=str(rendered))
    assert html == ('<p>Read <a href="strategy/goals/sourdough-quarter.md">Make organic '
                    'sourdough a quarter of our bread sales</a> and <a href="strategy/goals/'
                    'catering-line.md">the catering goal</a>.</p>')


def test_links_relative_to_the_page_zensical_renders(rendered: Path) -> None:
    html = convert("[[revenue-2026]]", page="teams/bakery/plan.md", docs=rendered)
    assert 'href="../../strategy/goals/revenue-2026.md"' in html


def test_code_is_left_alone(rendered: Path) -> None:
    html = convert("`[[revenue-2026]]`\n\n```\n[[revenue-2026]]\n```\n", docs_dir=str(rendered))
    assert html.count("[[revenue-2026]]") == 2 and "href" not in html


def test_an_id_the_index_lacks_reads_restricted_and_is_logged(
        rendered: Path, caplog: pytest.LogCaptureFixture) -> None:
    # the index names no hidden ID: one it lacks may be hidden, and must not look otherwise
    with caplog.at_level(logging.INFO, logger="sst"):
        html = convert("# Plan\n\nSee [[secret-plan]].", page="plan.md", docs=rendered)
    assert html == ('<h1>Plan</h1>\n<p>See <span class="sst-restricted">restricted</span>.</p>')
    assert caplog.messages == ['sst: plan.md: line 3: [[secret-plan]] reads "restricted": no '
                               "page of this audience has that ID (`sst check` reports an ID "
                               "no audience has)"]


def test_without_sst_render_every_link_is_reported(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sst"):
        convert("[[revenue-2026]]", docs_dir=str(tmp_path))
    assert caplog.messages[0].startswith(f"sst: no {tmp_path / 'strategy' / '.sst-render.json'}:"
                                         " run `sst render --out")


def test_the_index_names_no_hidden_id_not_even_as_a_digest(
        example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(example, "strategy/goals/catering-line.md", "---\n", "---\nvisibility: leadership\n")
    assert render(capsys, example)[0] == 0
    folder = example / OUT
    text = (folder / ".sst-render.json").read_text(encoding="utf-8")
    assert "catering-line" not in text
    # every digest in it is one of a file beside it: nothing a word list could test IDs against
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    assert set(re.findall(r"[0-9a-f]{32,}", text)) <= digests
    before = snapshot(folder)
    assert render(capsys, example)[0] == 0
    assert snapshot(folder) == before  # deterministic: the same bytes, nothing rewritten


def test_an_index_an_older_sst_render_wrote_still_links(rendered: Path) -> None:
    index = rendered / "strategy" / ".sst-render.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["links"]["hidden"] = ["0" * 64]
    index.write_text(json.dumps(data), encoding="utf-8")
    os.utime(index, ns=(1, 1))  # a new modification time: the cached table is read again
    html = convert("[[revenue-2026]] [[secret-plan]]", docs_dir=str(rendered))
    assert html == ('<p><a href="strategy/goals/revenue-2026.md">Grow monthly revenue to '
                    '75,000 EUR</a> <span class="sst-restricted">restricted</span></p>')


def test_generated_pages_are_sanitised_and_others_as_configured(rendered: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    assert "onerror" not in convert(hostile, page="strategy/goals/x.md", docs=rendered)
    # docs/ comes from pull requests too: every page is cleaned unless docs/ is declared trusted
    assert "onerror" not in convert(hostile, page="notes.md", docs=rendered)
    assert "onerror" in convert(hostile, page="notes.md", docs=rendered, sanitize="strategy")


def test_a_bad_option_names_the_choices() -> None:
    with pytest.raises(ValueError, match="sanitize is 'some': write one of strategy, all, off"):
        convert("x", sanitize="some")


def test_an_unknown_id_from_a_template_writes_nothing(example: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    write(example, "templates/positioning.md.j2", "# Positioning\n\nOur edge: [[no-such-edge]].\n")
    edit(example, "mkdocs.yml", "      as_of:", "      templates_dir: templates\n      as_of:")
    code, _, err = render(capsys, example)
    assert code == 2
    assert err == ("sst: strategy/positioning.md (a generated page: see templates_dir): unknown "
                   "ID in [[no-such-edge]]: nothing was written\n")
    assert not (example / OUT).exists()


def watch_with_clock(monkeypatch: pytest.MonkeyPatch, change_at: int,
                     change: Callable[[], None], stop_at: int) -> None:
    """The watch's clock faked: each sleep is one look later; CHANGE happens before look
    CHANGE_AT, and Ctrl-C comes at look STOP_AT."""
    looks = 0

    def sleep(seconds: float) -> None:
        nonlocal looks
        looks += 1
        if looks == change_at:
            change()
        if looks == stop_at:
            raise KeyboardInterrupt

    monkeypatch.setattr(watch.watch, "__defaults__", (1.0, sleep))


def test_watch_renders_again_after_a_change_and_stops_on_ctrl_c(
        example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    watch_with_clock(monkeypatch, 2, lambda: edit(
        example, "strategy/kpis/waste-rate.yaml", "title:", "title: Unsold share #"), 4)
    code, out, _ = render(capsys, example, None, "--watch")
    assert code == 0
    assert out.count(" written, ") == 2  # once at the start, once after the change only
    assert out.splitlines()[-1] == "watching strategy/ for changes (Ctrl-C to stop)"
    page = (example / OUT / "kpis/waste-rate.md").read_text(encoding="utf-8")
    assert "Unsold share" in page


def test_watch_keeps_watching_through_a_broken_strategy(
        example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    watch_with_clock(monkeypatch, 1, lambda: edit(
        example, "strategy/battles/winter-subscriptions.md", "kpi: ", "kpi: nowhere-"), 3)
    code, out, err = render(capsys, example, None, "--watch")
    assert code == 0
    assert "error SST005" in err and "nothing written" in err
    assert out.count("watching strategy/") == 2  # the broken state was seen, and watched on
    assert (example / OUT / "index.md").is_file()  # the last good pages stay for the generator


def test_a_damaged_index_is_reported_not_raised(rendered: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    index = rendered / "strategy" / ".sst-render.json"
    index.write_text('{"links": {"pages": {"x": 1}}', encoding="utf-8")
    os.utime(index, ns=(2, 2))
    with caplog.at_level(logging.WARNING, logger="sst"):
        html = convert("[[revenue-2026]]", docs_dir=str(rendered))
    assert "[[revenue-2026]]" in html
    assert caplog.messages[0] == (f"sst: {index} cannot be read: run `sst render --out "
                                  f"{index.parent}` again")


# --- the folder is ours alone: an index, a killed run and links are input too ---------------


def plant_in_index(folder: Path, name: str, digest: str) -> None:
    """The index edited as a pull request could: NAME listed as a file `sst render` wrote."""
    index = folder / ".sst-render.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["files"][name] = digest
    index.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("name", [
    "../../mkdocs.yml", "goals/../../../mkdocs.yml", "ABSOLUTE", "./index.md", "goals//x.md",
    "goals\\..\\..\\x.md", "x\x00.md", ".sst-render.json", ""])
def test_a_planted_index_removes_nothing(example: Path, rendered_before: Put, name: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    victim = example / "mkdocs.yml"
    name = str(victim) if name == "ABSOLUTE" else name
    plant_in_index(example / OUT, name, hashlib.sha256(victim.read_bytes()).hexdigest())
    before, repository = snapshot(example / OUT), snapshot(example)
    code, out, err = render(capsys, example)
    assert (code, out) == (2, "")
    assert err == (f"sst: {example / OUT / '.sst-render.json'}: lists {json.dumps(name)}, which "
                   "is no file of this folder: it is not an index `sst render` wrote: choose a "
                   "new or empty folder; nothing was written\n")
    assert snapshot(example) == repository and snapshot(example / OUT) == before


def test_an_index_naming_a_folder_removes_nothing(example: Path, rendered_before: Put,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    plant_in_index(example / OUT, "goals", "0" * 64)
    before = snapshot(example / OUT)
    code, out, err = render(capsys, example)
    assert (code, err) == (0, "") and out.endswith(" 0 removed\n")
    assert snapshot(example / OUT).keys() == before.keys()


def test_an_index_with_a_digest_that_is_no_digest_is_refused(
        example: Path, rendered_before: Put, capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    plant_in_index(example / OUT, "goals/gone.md", "None")
    code, _, err = render(capsys, example)
    assert code == 2 and "it is not an index `sst render` wrote" in err


def test_removes_only_the_regular_file_the_index_names_byte_for_byte(tmp_path: Path) -> None:
    # the folder was checked before: these are what a change in between would bring
    folder = tmp_path / "out"
    write(folder, "kept.md", "edited since")
    write(tmp_path, "outside/page.md", "theirs")
    (folder / "linked").symlink_to(tmp_path / "outside")
    write(folder, "gone.md", "ours")
    ours = hashlib.sha256(b"ours").hexdigest()
    assert not output.remove_file_of_ours(folder, "kept.md", ours)
    assert not output.remove_file_of_ours(folder, "linked/page.md",
                                          hashlib.sha256(b"theirs").hexdigest())
    assert not output.remove_file_of_ours(folder, "missing.md", ours)
    assert output.remove_file_of_ours(folder, "gone.md", ours)
    assert sorted(p.name for p in folder.iterdir()) == ["kept.md", "linked"]
    assert (tmp_path / "outside/page.md").read_text(encoding="utf-8") == "theirs"


@pytest.mark.parametrize("where", [".", "goals"])
def test_a_temporary_file_a_killed_run_left_is_removed(
        example: Path, rendered_before: Put, where: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    folder = example / OUT
    pages = len(snapshot(folder)) - 1
    # `kill -9` between writing a temporary copy and putting it in place
    name = f"{where}/{atomic.TEMPORARY_PREFIX}index.md.k2_x9q0a{atomic.TEMPORARY_SUFFIX}"
    write(folder, name, "half a page")
    left = Path(atomic._temporary_copy(folder / where / "new.md", "as atomic names it"))
    code, out, err = render(capsys, example)
    assert (code, err) == (0, "") and out.endswith(f" 0 written, {pages} unchanged, 0 removed\n")
    assert not (folder / name).exists() and not left.exists()
    assert not [p for p in folder.rglob("*") if p.name.startswith(atomic.TEMPORARY_PREFIX)]


@pytest.mark.parametrize("name", [".sst-tmp.notes.md", "sst-tmp.index.md.k2_x9q0a.tmp",
                                  ".index.md.k2_x9q0a.tmp"])
def test_a_file_only_like_a_temporary_one_is_refused(
        example: Path, rendered_before: Put, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    write(example, f"{OUT}/{name}", "mine")
    code, _, err = render(capsys, example)
    assert code == 2 and "was not written by `sst render`" in err
    assert (example / OUT / name).read_text(encoding="utf-8") == "mine"


def test_a_link_named_like_a_temporary_file_is_refused(
        example: Path, rendered_before: Put, capsys: pytest.CaptureFixture[str]) -> None:
    rendered_before(example)
    link = example / OUT / f"{atomic.TEMPORARY_PREFIX}index.md.k2_x9q0a{atomic.TEMPORARY_SUFFIX}"
    link.symlink_to(example / "mkdocs.yml")
    code, _, err = render(capsys, example)
    assert code == 2 and "`sst render` writes no such thing here" in err
    assert link.is_symlink() and (example / "mkdocs.yml").is_file()


def test_refuses_a_folder_a_link_takes_out_of_the_repository(
        example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(example / "docs")
    (example / "docs").symlink_to(elsewhere)  # a link git keeps, from a pull request
    code, out, err = render(capsys, example)
    # the docs folder itself is a link out of the repository: SST001, as any link in it
    assert (code, out) == (1, "")
    assert "docs: error SST001 a symbolic link to a place outside the repository" in err
    assert list(elsewhere.iterdir()) == []


def test_refuses_an_out_through_a_link_to_a_folder_outside(
        example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "build").symlink_to(elsewhere)
    code, _, err = render(capsys, example, example / "build/strategy")
    assert code == 2 and "outside the repository" in err
    assert list(elsewhere.iterdir()) == []


def test_a_link_to_a_folder_inside_the_repository_is_fine(
        example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / "pages").symlink_to(example / "docs")
    code, _, err = render(capsys, example, example / "pages/strategy")
    assert (code, err) == (0, "")
    assert (example / OUT / "index.md").is_file()


@pytest.mark.parametrize("severity", ["warning", "off"])
def test_a_link_out_of_the_repository_stops_render_whatever_sst001_s_severity(
        example: Path, capsys: pytest.CaptureFixture[str], severity: str) -> None:
    # a team may turn SST001 down; the generator would still copy /etc/passwd into the site
    edit(example, "mkdocs.yml", "      as_of: 2026-11-16",
         f"      as_of: 2026-11-16\n      rules:\n        SST001: {severity}")
    (example / "docs/p.txt").symlink_to("/etc/passwd")
    code, _, err = render(capsys, example)
    assert code == 1
    assert "docs/p.txt" in err and "SST001" in err
    assert "nothing written: 1 file(s) under docs may not be published" in err
    assert not (example / OUT).exists()


def test_a_loop_of_links_on_the_way_out_is_refused(
        example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example / "l2").symlink_to("l1")
    (example / "l1").symlink_to("l2")
    code, _, err = render(capsys, example, example / "l1/pages")
    assert code == 2
    assert "l1/pages: a loop of symbolic links is on the way: give a real folder" in err
