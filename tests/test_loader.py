"""Hostile and broken files (shared/threats.md): a finding with a place, never an exception."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import edit, findings, where, write

from sst_plugin.core.read.load import load_file
from sst_plugin.core.read.yaml_values import mark_at, read_yaml

GOAL = "strategy/goals/grow.yaml"


def load(tmp_path: Path, raw: bytes | str, name: str = "g.yaml") -> list[tuple[str, int | None,
                                                                             int | None, str]]:
    path = tmp_path / name
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    path.write_bytes(raw)
    _, found = load_file(path, name, "goal", tmp_path)
    return [(f.code, f.place.line, f.place.column, f.message) for f in found if f.place]


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize(("text", "code", "line", "column", "words"), [
    (ALIAS_BOMB, "SST001", 1, 4, "aliases"),
    ("a: &x [*x]\n", "SST001", 1, 4, "aliases"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "SST001", 1, 43, "nested more than 40 levels"),
    ("".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v\n",
     "SST001", 41, 81, "nested"),
    ("title: a\ntitle: b\n", "SST008", 2, 1, "appears twice"),
    ("yes: 1\ntrue: 2\n", "SST002", 1, 1, "the key yes is not text"),
    ("1: a\n", "SST002", 1, 1, "the key 1 is not text"),
    ("~: a\n", "SST002", 1, 1, "the key ~ is not text"),
    ("target: " + "9" * 5000 + "\n", "SST002", 1, 9, "not a usable number"),
    ("target: .nan\n", "SST002", 1, 9, "not a usable number"),
    ("target: -.inf\n", "SST002", 1, 9, "not a usable number"),
    ("a:\n\tb: 1\n", "SST001", 2, 1, "a tab indents this line"),
    ("a: b\x01\n", "SST001", 1, 5, "control character (U+0001)"),
    ("a: b\x00\n", "SST001", 1, 5, "control character (U+0000)"),
    ("a: 1\nb: \ufeffx\n", "SST001", 2, 4, "byte-order mark"),
    ("", "SST001", 1, 1, "no fields"),
    ("# only a comment\n", "SST001", 1, 1, "no fields"),
    ("- a\n- b\n", "SST001", 1, 1, "found a list"),
    ("hello\n", "SST001", 1, 1, "found a single value"),
    ("a: 1\n---\nb: 2\n", "SST001", 2, 1, "a second YAML document"),
    ("a: !!python/object/apply:os.system ['echo hi']\n", "SST001", 1, 4, "tag"),
    ("a: !custom x\n", "SST001", 1, 4, "tag"),
    ("a: [1, 2\n", "SST001", 1, 4, "the [ opened here is never closed"),
])
def test_hostile_yaml_gives_a_finding(tmp_path: Path, text: str, code: str, line: int,
                                      column: int, words: str) -> None:
    started = time.perf_counter()
    found = load(tmp_path, text)
    assert time.perf_counter() - started < 5  # a hang guard, not a benchmark
    assert found, text[:40]
    assert found[0][:3] == (code, line, column)
    assert words in found[0][3]


def test_alias_bomb_message_stays_short(tmp_path: Path) -> None:
    assert all(len(message) < 300 for *_, message in load(tmp_path, ALIAS_BOMB))


@pytest.mark.parametrize(("raw", "line", "column", "words"), [
    ("title: café\n".encode("latin-1"), 1, 11, "not UTF-8 (byte 0xE9)"),
    ("title: x\n".encode("utf-16"), 1, 1, "UTF-16"),
    (b"title: ok\nnote: \xff\n", 2, 7, "not UTF-8"),
])
def test_wrong_encoding(tmp_path: Path, raw: bytes, line: int, column: int, words: str) -> None:
    found = load(tmp_path, raw)
    assert found[0][:3] == ("SST001", line, column)
    assert words in found[0][3]


def test_leading_bom_is_fine(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufefftitle: x\n") == []


def test_front_matter_missing_and_unterminated(tmp_path: Path) -> None:
    assert load(tmp_path, "title: x\n", "g.md")[0][:3] == ("SST001", 1, 1)
    assert "front matter missing" in load(tmp_path, "title: x\n", "g.md")[0][3]
    assert "not closed" in load(tmp_path, "---\ntitle: x\n", "g.md")[0][3]


def test_front_matter_lines_count_from_the_file_top(tmp_path: Path) -> None:
    found = load(tmp_path, "---\ntitle: a\ntitle: b\n---\nBody\n", "g.md")
    assert found[0][:3] == ("SST008", 3, 1)


def test_markdown_body_and_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "g.md"
    path.write_text("---\ntitle: a\n---\nThe body\n", encoding="utf-8")
    document, found = load_file(path, "g.md", "goal", tmp_path)
    assert found == []
    assert document.body == "The body\n"
    assert document.body_line == 4


def test_quoted_and_unquoted_dates_are_the_same(tmp_path: Path) -> None:
    unquoted = read_yaml("deadline: 2026-12-31\n", "a.yaml").data
    quoted = read_yaml('deadline: "2026-12-31"\n', "a.yaml").data
    assert unquoted == quoted == {"deadline": "2026-12-31"}


def test_places_of_nested_values() -> None:
    values = read_yaml("a:\n  - x: 1\n    y: [2, 3]\n", "a.yaml")
    assert values.places[("a", 0, "y", 1)] == (3, 12)
    assert values.key_places[("a", 0, "y")] == (3, 5)


def test_impossible_dates_quoted_or_not(repo: Path) -> None:
    for written in ("2026-02-30", '"2026-02-30"'):
        edit(repo, GOAL, "deadline: 2026-12-31", f"deadline: {written}")
        found = findings(repo)
        assert where(found) == [("SST002", GOAL, 6, 11)]
        assert "must be a real date" in found[0].message
        edit(repo, GOAL, f"deadline: {written}", "deadline: 2026-12-31")


def test_a_date_with_a_trailing_newline_is_refused(repo: Path) -> None:
    edit(repo, GOAL, "deadline: 2026-12-31", "deadline: |\n  2026-12-31")
    assert where(findings(repo)) == [("SST002", GOAL, 6, 11)]


def test_yaml_11_words_get_a_quote_it_hint(repo: Path) -> None:
    edit(repo, GOAL, "title: Grow sales", "title: NO")
    found = findings(repo)
    assert where(found) == [("SST002", GOAL, 1, 8)]
    assert 'quote it: "NO"' in found[0].message
    edit(repo, GOAL, "title: NO", "title: 1:30")
    assert 'quote it: "1:30"' in findings(repo)[0].message


def test_oversized_file(repo: Path) -> None:
    write(repo, "strategy/kpis/huge.yaml", "title: x\n" + "# padding\n" * 120_000)
    found = findings(repo)
    assert where(found) == [("SST001", "strategy/kpis/huge.yaml", None, None)]
    assert "max_file_size" in found[0].message


def test_symlink_leaving_the_repository(repo: Path,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("title: secret\n", encoding="utf-8")
    (repo / "strategy/goals/leak.yaml").symlink_to(outside)
    found = findings(repo)
    assert where(found) == [("SST001", "strategy/goals/leak.yaml", None, None)]
    assert "outside the repository" in found[0].message



def test_a_symlink_into_git_s_own_files_is_refused(repo: Path) -> None:
    # .git/config holds the checkout's token on a CI runner: never read it as strategy
    (repo / ".git").mkdir()
    (repo / ".git/config").write_text("title: token\n", encoding="utf-8")
    (repo / "strategy/goals/token.yaml").symlink_to(repo / ".git/config")
    found = findings(repo)
    assert where(found) == [("SST001", "strategy/goals/token.yaml", None, None)]
    assert found[0].message == "a symbolic link into git's own files: remove it"

LOOP = "a symbolic link that leads back to itself (a loop of links): commit the file itself"


@pytest.mark.parametrize(("links", "expected"), [
    # a → b, b → a: Path.resolve raised RuntimeError, which sst check reported as a crash (exit 3)
    ({"a.yaml": "b.yaml", "b.yaml": "a.yaml"}, {"a.yaml": LOOP, "b.yaml": LOOP}),
    ({"self.md": "self.md"}, {"self.md": LOOP}),
    # a link to its own folder's parent: a folder, not a loop the walk follows
    ({"up.yaml": ".."}, {"up.yaml": "a symbolic link to a folder: move the files into the "
                                   "strategy folder"}),
    ({"up": ".."}, {"up": "unknown file type (none): entity files end in .yaml, .yml or .md"}),
])
def test_a_symlink_loop_is_a_finding_on_that_file(repo: Path, links: dict[str, str],
                                                  expected: dict[str, str]) -> None:
    for name, target in links.items():
        (repo / "strategy/goals" / name).symlink_to(target)
    found = findings(repo)
    assert {f.place.file: f.message for f in found if f.place} == {
        f"strategy/goals/{name}": message for name, message in expected.items()}
    assert {f.code for f in found} == {"SST001"}


def test_a_looping_strategy_yaml_is_a_finding_too(repo: Path) -> None:
    (repo / "strategy/strategy.yaml").unlink()
    (repo / "strategy/strategy.yaml").symlink_to("strategy.yaml")
    found = findings(repo)
    assert (("SST001", "strategy/strategy.yaml", None, None), LOOP) in [
        (where([f])[0], f.message) for f in found]


def test_a_broken_file_does_not_make_references_to_it_unknown(repo: Path) -> None:
    edit(repo, "strategy/kpis/sales.yaml", "unit: EUR", "unit: [EUR")
    assert [f.code for f in findings(repo)] == ["SST001"]


def test_hidden_files_are_not_strategy_content(repo: Path) -> None:
    write(repo, "strategy/goals/.gitkeep", "")
    assert findings(repo) == []



def test_an_id_with_a_trailing_newline_is_refused(repo: Path) -> None:
    # a `|` block scalar ends with a newline that Python's `$` would accept
    edit(repo, GOAL, "kpi: sales", "kpi: |\n  sales")
    found = findings(repo)
    assert where(found) == [("SST002", GOAL, 3, 6)]
    assert "must be an ID" in found[0].message


def test_a_named_pipe_is_reported_not_read(repo: Path) -> None:
    os.mkfifo(repo / "strategy/goals/pipe.yaml")
    found = [f for f in findings(repo) if f.place and f.place.file.endswith("pipe.yaml")]
    assert where(found) == [("SST001", "strategy/goals/pipe.yaml", None, None)]
    assert found[0].message == "not a regular file: commit a file here"


@pytest.mark.parametrize(("text", "index", "mark"), [
    ("abc", 0, (1, 1)), ("abc", 2, (1, 3)), ("a\nbc", 2, (2, 1)), ("a\n\nbé\x01", 5, (3, 3)),
    (b"a\n\xc3\xa9\xff", 4, (2, 3)),  # bytes that are not text: columns count bytes
])
def test_one_way_from_an_index_to_a_line_and_column(text: str | bytes, index: int,
                                                    mark: tuple[int, int]) -> None:
    assert mark_at(text, index) == mark
