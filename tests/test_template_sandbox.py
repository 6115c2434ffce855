"""Templates of `templates_dir` come from pull requests: they run in Jinja's sandbox, and a
template that fails gets a message with its file and line, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import edit, write
from mkdocs.exceptions import Abort
from sitebuild import build_site, copy_repository

from sst_plugin.cli import main

# each reaches Python's internals from a template, to run a shell command
ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch PWNED') }}",
    "{{ badge.__globals__['__builtins__']['open']('PWNED', 'w') }}",
    "{{ uris.update({'home': 'elsewhere'}) }}",  # what it is given is not its to change
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_repository(tmp_path / "repo")
    edit(root, "mkdocs.yml", "      as_of:", "      templates_dir: overrides/sst\n      as_of:")
    return root


def hostile(root: Path, line: str) -> None:
    write(root, "overrides/sst/positioning.md.j2", f"# Positioning\n\n{line}\n")


@pytest.mark.parametrize("escape", ESCAPES)
def test_sst_render_refuses_a_template_that_reaches_python(
        repo: Path, escape: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    hostile(repo, escape)
    code = main(["render", "--out", str(repo / "docs/strategy"), str(repo)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("sst: overrides/sst/positioning.md.j2: line 3: ")
    assert "sandbox" in err and "Traceback" not in err
    assert not (repo / "PWNED").exists()
    assert not (repo / "docs/strategy").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("{% if %}", "line 3: Expected an expression"),
    ("{{ no_such_value }}", "line 3: UndefinedError: 'no_such_value' is undefined"),
    ("{{ 1 / 0 }}", "line 3: ZeroDivisionError: division by zero"),
    ("{% include 'nowhere.md.j2' %}", "line 3: there is no template 'nowhere.md.j2', neither "
                                      "in overrides/sst nor among SST's own"),
])
def test_a_broken_template_is_named_with_its_line(
        repo: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    hostile(repo, text)
    assert main(["render", "--out", str(repo / "docs/strategy"), str(repo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sst: overrides/sst/positioning.md.j2: {message}"), err


@pytest.mark.slow
def test_the_build_refuses_it_and_keeps_the_previous_site(
        repo: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    site = build_site(repo)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    hostile(repo, ESCAPES[0])
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(repo)
    assert "sst: overrides/sst/positioning.md.j2: line 3: " in caplog.text
    assert "Traceback" not in caplog.text
    assert not (repo / "PWNED").exists()
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_plain_override_still_renders(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile(repo, "{% for goal in strategy.focus_goals | default([]) %}{{ goal }}{% endfor %}"
                  "Our edge, as of {{ as_of | day }}: {{ uris['home'] }}.")
    assert main(["render", "--out", str(repo / "docs/strategy"), str(repo)]) == 0
    page = (repo / "docs/strategy/positioning.md").read_text(encoding="utf-8")
    assert "Our edge, as of " in page and "strategy/index.md" in page
