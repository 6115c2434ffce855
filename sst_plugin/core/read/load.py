"""A strategy folder → documents: the values of each file with a place for every one."""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from ..findings import Finding, Place, finding
from .yaml_values import Mark, Path, YamlValues, mark_at, read_yaml

# folder under the strategy folder → the kind of entity each of its files holds
KIND_FOLDERS = {
    "goals": "goal",
    "kpis": "kpi",
    "paths": "path",
    "battles": "battle",
    "tactics": "tactic",
    "risks": "risk",
    "retros": "retro",  # retrospectives of past periods, written by `sst close`
}
SINGLE_FILES = {"strategy.yaml": "strategy", "people.yaml": "people"}
# people.yaml's two lists, each with the kind of entity its items declare
PEOPLE_LISTS = (("teams", "team"), ("people", "person"))
ENTITY_SUFFIXES = (".yaml", ".yml", ".md")
DEFAULT_MAX_FILE_SIZE = 1024 * 1024

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# characters YAML refuses or that hide in text: reported with their place before YAML sees them
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


@dataclass
class Document:
    """One file's values. `data` is None when the file could not be read.

    Where each value stands is worked out again from the YAML text the first time a finding asks:
    most files have none, and their places would cost a third of the reading (and of what the
    workers send back).
    """

    kind: str
    id: str
    file: str
    data: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1
    valid: bool = False  # set once the schema accepts `data`
    yaml_text: str = ""
    line_offset: int = 0
    located: YamlValues | None = field(default=None, repr=False, compare=False)

    def locate(self) -> YamlValues:
        if self.located is None:
            self.located = read_yaml(self.yaml_text, self.file, self.line_offset)
        return self.located

    @property
    def places(self) -> dict[Path, Mark]:
        return self.locate().places

    @property
    def key_places(self) -> dict[Path, Mark]:
        return self.locate().key_places

    @property
    def written(self) -> dict[Path, str]:
        """Plain scalars YAML typed as other than text, as written: for "quote it" hints."""
        return self.locate().written

    def place(self, *path: str | int) -> Place:
        """The place of a value, else of its nearest parent, else the file's top."""
        for end in range(len(path), -1, -1):
            found = self.places.get(path[:end])
            if found is not None:
                return Place(self.file, *found)
        return Place(self.file, 1, 1)

    def key_place(self, *path: str | int) -> Place:
        found = self.key_places.get(path)
        return Place(self.file, *found) if found is not None else self.place(*path)


def listed_people(document: Document) -> Iterator[tuple[str, tuple[str, int], dict[str, Any]]]:
    """Each team and person a people.yaml lists with an ID, however invalid the rest of the file
    is: (its kind, where it stands, its fields). The one walk of people.yaml's raw values."""
    data = document.data if isinstance(document.data, dict) else {}
    for group, kind in PEOPLE_LISTS:
        items = data.get(group)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield kind, (group, index), item


@dataclass
class LoadResult:
    documents: list[Document]
    findings: list[Finding]


@dataclass(frozen=True)
class FileJob:
    """One strategy file to read: where it is, what kind it holds, its text if already given."""

    path: FsPath
    rel: str
    kind: str
    content: str | None = None


def plan_tree(root: FsPath, strategy_dir: str = "strategy",
              overrides: Mapping[str, str] | None = None) -> tuple[list[FileJob], list[Finding]]:
    """The files to read under ROOT/strategy_dir; unknown and missing files are findings.

    `overrides` gives the text of some files (by path relative to ROOT) instead of the disk's:
    a change is checked before it is written, a new file included (an editor's unsaved buffer).
    """
    base = root / strategy_dir
    jobs: list[FileJob] = []
    findings: list[Finding] = []
    # paths as text: pathlib's relative_to cost a tenth of a 10,000-file check
    base_rel, base_prefix = base.relative_to(root).as_posix(), len(str(base)) + 1
    for path in _walk(base):
        under = str(path)[base_prefix:].replace(os.sep, "/")
        rel = f"{base_rel}/{under}"
        kind = _kind_of(under)
        if kind is None:
            findings.append(finding("SST001", Place(rel), _unknown_file_message(path, base)))
            continue
        jobs.append(FileJob(path, rel, kind, (overrides or {}).get(rel)))
    walked = {job.rel for job in jobs} | {f.place.file for f in findings if f.place}
    for rel, text in sorted((overrides or {}).items()):
        if rel in walked or not rel.startswith(f"{base_rel}/") or ".." in rel.split("/"):
            continue  # on disk already, or not a strategy file
        kind = _kind_of(rel[len(base_rel) + 1:])
        if kind is None:
            findings.append(finding("SST001", Place(rel),
                                    _unknown_file_message(root / rel, base)))
            continue
        jobs.append(FileJob(root / rel, rel, kind, text))
    for name in SINGLE_FILES:
        if not (base / name).is_file() and f"{base_rel}/{name}" not in (overrides or {}):
            findings.append(
                finding("SST001", Place(f"{strategy_dir}/{name}"), f"missing: create {name}")
            )
    return jobs, findings


def _walk(base: FsPath) -> Iterator[FsPath]:
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):  # .gitkeep, .DS_Store: not strategy content
                yield FsPath(folder) / name
        for name in dirs:
            linked = FsPath(folder) / name
            if linked.is_symlink():  # os.walk does not descend: report it as a file would be
                yield linked


def _kind_of(rel: str) -> str | None:
    """The kind of entity a file holds, by its path under the strategy folder ("goals/x.md")."""
    folder, slash, name = rel.partition("/")
    if not slash:
        return SINGLE_FILES.get(folder)
    last = name.rpartition("/")[2]
    if last.endswith(ENTITY_SUFFIXES) and last not in ENTITY_SUFFIXES:  # ".yaml" is no suffix
        return KIND_FOLDERS.get(folder)
    return None


def _unknown_file_message(path: FsPath, base: FsPath) -> str:
    rel = path.relative_to(base)
    if len(rel.parts) == 1:
        if rel.stem in ("strategy", "people"):
            return f"unknown file: name it {rel.stem}.yaml"
        return "unknown file under the strategy folder: only strategy.yaml and people.yaml " \
               "stand at its top; entities go in " + ", ".join(f"{f}/" for f in KIND_FOLDERS)
    if rel.parts[0] in KIND_FOLDERS:
        return f"unknown file type {rel.suffix or '(none)'}: entity files end in .yaml, .yml or .md"
    close = difflib.get_close_matches(rel.parts[0], KIND_FOLDERS, n=1)
    hint = f"did you mean {close[0]}/?" if close else "use one of " + ", ".join(KIND_FOLDERS)
    return f"unknown folder {rel.parts[0]}/: {hint}"


def load_file(path: FsPath, rel: str, kind: str, root: FsPath,
              max_file_size: int = DEFAULT_MAX_FILE_SIZE,
              content: str | None = None) -> tuple[Document, list[Finding]]:
    """Read one file into a document; problems come back as findings, never exceptions."""
    stem = path.name
    for suffix in ENTITY_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    document = Document(kind=kind, id=stem, file=rel)
    text, problem = (content, None) if content is not None else \
        _read_text(path, rel, root, max_file_size)
    if problem is not None:
        return document, [problem]
    assert text is not None
    problem = _bad_character(text, rel)
    if problem is not None:
        return document, [problem]
    line_offset = 0
    yaml_text = text
    if path.suffix == ".md":
        split = _split_front_matter(text, rel)
        if isinstance(split, Finding):
            return document, [split]
        yaml_text, document.body, document.body_line = split
        line_offset = 1
    values = read_yaml(yaml_text, rel, line_offset, located=False)
    findings = list(values.findings)
    if not findings and values.data is None:
        findings.append(finding("SST001", Place(rel, 1, 1), "the file has no fields: write them"))
    elif values.readable and not isinstance(values.data, dict):
        located = read_yaml(yaml_text, rel, line_offset)
        findings.append(_not_a_mapping(located, rel, yaml_text))
    elif values.readable:
        document.data = values.data
        document.yaml_text, document.line_offset = yaml_text, line_offset
        if values.places:  # read located already, for its findings
            document.located = values
    return document, findings


def _not_a_mapping(values: YamlValues, rel: str, text: str) -> Finding:
    found = "a list" if isinstance(values.data, list) else "a single value"
    return finding(
        "SST001",
        Place(rel, *values.places.get((), (1, 1))),
        f"expected fields (`name: value` lines) at the top level, found {found}",
    )


# why a symbolic link among the strategy files is not read, by where it leads; `sst diff` refuses
# a link in a revision with the same words
LINK_REFUSALS = {
    "loop": "a symbolic link that leads back to itself (a loop of links): commit the file itself",
    "outside": "a symbolic link to a place outside the repository: commit the file itself",
    "git": "a symbolic link into git's own files: remove it",
    "folder": "a symbolic link to a folder: move the files into the strategy folder",
}


def _read_text(path: FsPath, rel: str, root: FsPath,
               max_file_size: int) -> tuple[str | None, Finding | None]:
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            target = _link_target(path)
            refusal = "loop" if target is None else \
                "outside" if not target.is_relative_to(root.resolve()) else \
                "git" if target.is_relative_to(root.resolve() / ".git") else \
                "folder" if target.is_dir() else None  # a checkout's token lives in .git
            if refusal is not None:
                return None, finding("SST001", Place(rel), LINK_REFUSALS[refusal])
            status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):  # a pipe or a device would block the read
            return None, finding("SST001", Place(rel), "not a regular file: commit a file here")
        too_big = oversized(rel, status.st_size, max_file_size)
        if too_big is not None:
            return None, too_big
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        return None, finding("SST001", Place(rel), f"cannot read the file: {error.strerror}")
    return decoded(raw, rel)


def oversized(rel: str, size: int, max_file_size: int) -> Finding | None:
    """The finding for a file over the size limit, before it is read; None within it."""
    if size <= max_file_size:
        return None
    return finding("SST001", Place(rel), f"the file is {size:,} bytes, over the limit of "
                   f"{max_file_size:,} (max_file_size): split it")


def decoded(raw: bytes, rel: str) -> tuple[str | None, Finding | None]:
    """A file's bytes as text, or the finding that says it is not UTF-8 and where."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line, column = mark_at(raw, error.start)
        encoding = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "not UTF-8"
        return None, finding(
            "SST001", Place(rel, line, column),
            f"the file is {encoding} (byte 0x{raw[error.start]:02X}): save it as UTF-8",
        )


def _link_target(path: FsPath) -> FsPath | None:
    """Where a link leads, or None for a loop of links (Path.resolve raises RuntimeError there
    on Python 3.11 and 3.12, which no `except OSError` catches)."""
    try:
        return FsPath(os.path.realpath(path, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        raise


def _bad_character(text: str, rel: str) -> Finding | None:
    match = _BAD_CHARACTER.search(text)
    if match is None:
        return None
    line, column = mark_at(text, match.start())
    char = match.group()
    what = "a byte-order mark" if char == "\ufeff" else "a control character"
    return finding(
        "SST001", Place(rel, line, column),
        f"{what} (U+{ord(char):04X}) in the text: delete it",
    )


def _split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Finding:
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return finding(
            "SST001", Place(rel, 1, 1),
            "front matter missing: start the file with a line `---`, then the fields, "
            "then another `---`",
        )
    end = _FRONT_MATTER_END.search(rest)
    if end is None:
        return finding(
            "SST001", Place(rel, 1, 1),
            "front matter not closed: add a line `---` after the fields",
        )
    yaml_text = rest[: end.start()]
    body_start = end.end() + 1
    body_line = 2 + rest.count("\n", 0, end.start()) + 1
    return yaml_text, rest[body_start:], body_line
