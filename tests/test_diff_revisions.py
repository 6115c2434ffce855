"""`sst diff` reads a revision with `git ls-tree` and `git cat-file --batch` into memory: what it
reads must be what `sst check` reads in a checkout of that revision, odd files included, and no
revision is written to disk. Files a change left alone are read once, for both sides."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from conftest import edit, write
from gitrepo import commit_all, git
from sitebuild import copy_repository

from sst_plugin.cli import main
from sst_plugin.core.change import diff_report
from sst_plugin.core.change.diff import diff_results
from sst_plugin.core.change.revisions import changed_files, check_revision
from sst_plugin.core.read import git_tree
from sst_plugin.core.read.config import Settings, load_settings
from sst_plugin.core.read.read import ReadCache
from sst_plugin.core.rules.check import CheckResult, check_tree

NON_ASCII = "strategy/risks/pénurie-farine.yaml"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The example strategy, committed, then a commit of every odd kind of change."""
    root = copy_repository(tmp_path / "repo")
    write(root, "CODEOWNERS", "/strategy/ @levain/leadership\n")
    commit_all(root, "base")
    git(root, "mv", "strategy/risks/oven-breakdown.yaml", "strategy/risks/oven-failure.yaml")
    edit(root, "strategy/risks/oven-failure.yaml", "likelihood: 2", "likelihood: 3")
    (root / "strategy/risks/catering-seasonality.yaml").unlink()
    risk = ("title: Flour shortage\nlikelihood: 2\nimpact: 4\nowner: marc-dubois\n"
            "mitigation: Two mills under contract\n")
    write(root, "strategy/risks/flour-shortage.yaml", risk)
    write(root, NON_ASCII, risk.replace("Flour shortage", "Pénurie de farine"))
    write(root, "strategy/risks/new\nline.yaml", risk)  # git quotes such a name unless -z
    goal = (root / "strategy/goals/margin-2026.md").read_text(encoding="utf-8")
    write(root, "strategy/goals/2027/stretch-margin.md", goal)  # a file in a sub-folder
    (root / "strategy/risks/latin.yaml").write_bytes(b"title: caf\xe9\n")
    write(root, "strategy/notes.txt", "not a strategy file\n")
    write(root, "strategy/goals/.draft.md", "hidden\n")
    links = {"strategy/risks/alias.yaml": "oven-failure.yaml",  # read through, as sst check
             "strategy/risks/passwd.yaml": "/etc/passwd",
             "strategy/risks/hostname.yaml": "../../" * 20 + "etc/hostname",
             "strategy/risks/gone.yaml": "nowhere.yaml",
             "strategy/kpis/loop-a.yaml": "loop-b.yaml",
             "strategy/kpis/loop-b.yaml": "loop-a.yaml",
             "strategy/kpis/folder.yaml": "../goals",
             "docs/strategy-link.md": "../strategy/goals/margin-2026.md",
             "docs/etc": "/etc",
             "docs/nowhere.md": "missing.md"}
    for rel, target in links.items():
        (root / rel).symlink_to(target)
    write(root, "docs/extra/page.md", "See [[no-such-goal]] and [[margin-2026]].\n")
    (root / "docs/latin.md").write_bytes(b"caf\xe9\n")
    commit_all(root, "odd files")
    return root


def checked_out(root: Path, revision: str, into: Path) -> Path:
    """A real checkout of REVISION (what sst diff read before it read git's blobs)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", revision],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def summary(result: CheckResult) -> tuple[object, ...]:
    documents = [(d.kind, d.id, d.file, d.data, d.body, d.body_line, d.valid)
                 for d in result.documents]
    return result.findings, documents, result.files


@pytest.mark.parametrize("revision", ["HEAD~2", "HEAD"])
def test_a_revision_reads_as_sst_check_reads_its_checkout(history: Path, tmp_path: Path,
                                                          revision: str) -> None:
    # a name that is no UTF-8 (Latin-1 bytes): read here, not printed (capsys' stream is strict)
    write(history, os.fsdecode(b"strategy/risks/caf\xe9.yaml"), "title: Caf\u00e9\n")
    commit_all(history, "a Latin-1 name")
    settings = load_settings(history)
    changed = changed_files(history, "HEAD~2", "HEAD")
    assert NON_ASCII in changed and "strategy/goals/2027/stretch-margin.md" in changed
    checkout = checked_out(history, revision, tmp_path / "checkout")
    from_git = check_revision(history, revision, settings, changed)
    assert summary(from_git) == summary(check_tree(checkout, settings, changed=changed))
    if revision == "HEAD":  # the odd files are there, each refused or read as sst check does
        found = {(f.code, f.place.file if f.place else "", f.message) for f in from_git.findings}
        outside = "a symbolic link to a place outside the repository: commit the file itself"
        assert ("SST001", "strategy/risks/passwd.yaml", outside) in found
        assert ("SST001", "strategy/kpis/loop-a.yaml", "a symbolic link that leads back to "
                "itself (a loop of links): commit the file itself") in found
        assert ("SST001", "docs/etc", "a symbolic link to a place outside the repository: "
                "commit the file itself") in found
        assert "alias" in {d.id for d in from_git.documents}
        assert {os.fsdecode(b"strategy/risks/caf\xe9.yaml"), "strategy/risks/new\nline.yaml",
                NON_ASCII} <= {d.file for d in from_git.documents}


def test_the_diff_of_two_revisions_equals_the_diff_of_their_checkouts(
        history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(history)
    changed = changed_files(history, "HEAD~1", "HEAD")
    sides = [check_tree(checked_out(history, rev, tmp_path / rev), settings, changed=changed)
             for rev in ("HEAD~1", "HEAD")]
    expected = diff_report.as_json(diff_results(sides[0], sides[1], settings), "HEAD~1", "HEAD")
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(history), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == expected
    document = json.loads(out)
    # renamed: to oven-failure.yaml, which alias.yaml, a link, reads too (the first by ID)
    assert [e["old_id"] for e in document["renamed"]] == ["oven-breakdown"]
    assert [e["id"] for e in document["removed"]] == ["catering-seasonality"]
    assert {"flour-shortage", "pénurie-farine", "stretch-margin"} <= {
        e["id"] for e in document["added"]}


def test_a_revision_is_read_without_tarfile_or_a_file_on_disk(
        history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    spare = tmp_path / "spare"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))  # where a temporary folder would go

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a revision was read through tarfile")

    monkeypatch.setattr(tarfile, "open", refused)
    before = git(history, "status", "--porcelain")
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    for args in (["HEAD~1", "HEAD"], ["HEAD"]):
        assert main(["diff", *args, "--root", str(history), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["empty"] is False
    assert list(spare.iterdir()) == []
    assert git(history, "status", "--porcelain") != before  # only the edit above
    assert "strategy/goals/revenue-2026.md" in git(history, "status", "--porcelain")


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The files git_tree reads from blobs, one list per reading."""
    reads: list[list[str]] = []
    real = git_tree._read_each

    def counting(jobs: list, *args: object) -> object:
        reads.append(sorted(job.rel for job in jobs))
        return real(jobs, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(git_tree, "_read_each", counting)
    return reads


def test_files_the_change_left_alone_are_read_once(
        history: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    edit(history, "strategy/kpis/waste-rate.yaml", "owner: julien-roux", "owner: marc-dubois")
    commit_all(history, "two files")
    settings = Settings(as_of=load_settings(history).as_of)
    whole = check_revision(history, "HEAD~1", settings)
    reads = counted_reads(monkeypatch)
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(history)]) == 0
    two = ["strategy/goals/revenue-2026.md", "strategy/kpis/waste-rate.yaml"]
    assert len(reads) == 2 and reads[1] == two
    assert len(reads[0]) == len([d for d in whole.documents if d.data is not None])
    reads.clear()
    edit(history, "strategy/goals/revenue-2026.md", "target: 80000", "target: 81000")
    capsys.readouterr()
    assert main(["diff", "HEAD~1", "--root", str(history), "--format", "json"]) == 0
    # from the revision: the changed files, and a link (what it leads to may have changed);
    # the rest is the working tree's reading
    assert reads == [[*two, "strategy/risks/alias.yaml"]]
    changes = {e["id"]: [c["text"] for c in e["changes"]]
               for e in json.loads(capsys.readouterr().out)["changed"]}
    assert changes["revenue-2026"] == ["Target: 75,000 → 81,000 EUR"]


def test_diff_from_a_folder_inside_the_repository(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    top = tmp_path / "top"
    root = copy_repository(top / "site")
    (top / "outside.yaml").write_text("title: Outside\n", encoding="utf-8")
    (root / "strategy/risks/up.yaml").symlink_to("../../../outside.yaml")  # out of the root
    commit_all(top, "base")
    edit(root, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    commit_all(top, "raise")
    settings = load_settings(root)
    checkout = checked_out(top, "HEAD", tmp_path / "checkout") / "site"
    assert summary(check_revision(root, "HEAD", settings)) == \
        summary(check_tree(checkout, settings))
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(root), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in document["changed"]] == ["revenue-2026"]
    assert os.path.islink(root / "strategy/risks/up.yaml")


def test_the_working_tree_s_reading_is_reused_only_where_git_holds_a_file_unchanged(
        history: Path) -> None:
    edit(history, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    settings = load_settings(history)
    work_tree = ReadCache()
    check_tree(history, settings, cache=work_tree)
    base = check_revision(history, "HEAD", settings, work_tree=work_tree)  # no CHANGED given
    documents = {d.file: d for d in base.documents}
    assert (documents["strategy/goals/revenue-2026.md"].data or {})["target"] == 75000
    assert documents["strategy/goals/margin-2026.md"] is \
        work_tree.entries["strategy/goals/margin-2026.md"][1]
    assert documents["strategy/risks/alias.yaml"] is not \
        work_tree.entries.get("strategy/risks/alias.yaml", (None, None))[1]  # a link: read again
