"""`sst lsp`: the language server (stdio) an editor starts for a strategy repository.

It is an adapter, as the MkDocs plugin is: it runs the real check (open buffers laid over the
files on disk) and answers from its findings and model; nothing in core imports it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path as FsPath

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..core.findings import Finding
from .cursor import Spot, field_at, id_at, sections, spot_at
from .fields import (
    describe_field,
    enum_at,
    fields_at,
    holds_mappings,
    kind_of_file,
    reference_kinds,
)
from .project import KIND_NAMES, Project, find_root

_DID_YOU_MEAN = re.compile(r"did you mean `([^`\s]+)`\?")
_ONE_WORD = re.compile(r"[\w.-]+")
_DASH = re.compile(r" *-")
# a check after typing waits for this pause: one check per burst of keys, not per key
DEBOUNCE_SECONDS = 0.3
SEVERITIES = {"error": types.DiagnosticSeverity.Error,
              "warning": types.DiagnosticSeverity.Warning}
# how each kind shows in a completion list (LSP has no "person" or "goal": the nearest icons)
ITEM_KINDS = {
    "goal": types.CompletionItemKind.Event, "kpi": types.CompletionItemKind.Value,
    "path": types.CompletionItemKind.Module, "battle": types.CompletionItemKind.Class,
    "tactic": types.CompletionItemKind.Method, "risk": types.CompletionItemKind.Unit,
    "person": types.CompletionItemKind.Reference, "team": types.CompletionItemKind.Folder,
}


class StrategyServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("sst", __version__)
        self.projects: dict[FsPath, Project] = {}
        self.pending: dict[FsPath, asyncio.Task[None]] = {}
        self.locks: dict[FsPath, asyncio.Lock] = {}
        self.published: dict[FsPath, set[str]] = {}  # URIs given diagnostics, to clear later
        # each open document's URI as the editor spelled it (its escapes are its own)
        self.uris: dict[tuple[FsPath, str], str] = {}

    def locate(self, uri: str) -> tuple[Project, str] | None:
        """The project a document belongs to, and its path relative to the project's root."""
        path = to_fs_path(uri)
        if path is None:
            return None
        # as the editor names it, links not followed: a definition opens the path it knows
        file = FsPath(os.path.abspath(path))
        for root, project in self.projects.items():
            if file.is_relative_to(root) and (project.in_strategy(project.relative(file)) or
                                              file.suffix == ".md"):
                return project, project.relative(file)
        found = find_root(file)
        if found is None:
            return None
        if found in self.projects:
            return self.projects[found], self.projects[found].relative(file)
        project = self.projects[found] = Project.at(found)
        if project.problem:
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Warning,
                f"sst ({found}): {project.problem} (checking with the default settings)"))
        return project, project.relative(file)

    def kind_at(self, project: Project, rel: str) -> str | None:
        if not project.in_strategy(rel):
            return None
        return kind_of_file(rel[len(project.settings.strategy_dir.rstrip("/")) + 1:])

    async def check(self, project: Project) -> None:
        """Check the project (one check at a time) and publish every open document's findings."""
        lock = self.locks.setdefault(project.root, asyncio.Lock())
        async with lock:
            buffers = dict(project.buffers)
            # the versions checked: an edit made during the check gets its own check
            versions = {rel: self.workspace.get_text_document(self.uri_of(project, rel)).version
                        for rel in buffers}
            try:
                await asyncio.to_thread(project.check, buffers)
            except Exception as error:  # an editor shows a message; it never loses the server
                logging.exception("sst check failed")
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Error, f"sst: the check failed: {error}"))
                return
            self.publish(project, versions)

    def uri_of(self, project: Project, rel: str) -> str:
        return self.uris.get((project.root, rel)) or from_fs_path(str(project.root / rel)) or ""

    async def ready(self, project: Project) -> None:
        """A first check done: completion and hover answer from its model."""
        if project.result is None:
            await self.check(project)

    def publish(self, project: Project, versions: dict[str, int | None]) -> None:
        uris = set()
        for rel, version in versions.items():
            if rel not in project.buffers:
                continue  # closed during the check
            uri = self.uri_of(project, rel)
            uris.add(uri)
            document = self.workspace.get_text_document(uri)
            diagnostics = [diagnostic(f, document) for f in project.findings_of(rel)]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=version))
        for uri in self.published.get(project.root, set()) - uris:  # closed since
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))
        self.published[project.root] = uris

    def schedule(self, project: Project, delay: float) -> None:
        """Check after `delay` seconds, unless another change comes first."""
        waiting = self.pending.pop(project.root, None)
        if waiting is not None:
            waiting.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(project.root, None)
            await self.check(project)

        self.pending[project.root] = asyncio.ensure_future(later())


def diagnostic(found: Finding, document: TextDocument) -> types.Diagnostic:
    place = found.place
    line = max((place.line or 1) - 1, 0) if place else 0
    column = max((place.column or 1) - 1, 0) if place else 0
    lines = document.lines
    text = lines[line].rstrip("\r\n") if line < len(lines) else ""
    end = _value_end(text, column) if place and place.column else len(text)
    codec = document.position_codec
    return types.Diagnostic(
        range=types.Range(types.Position(line, codec.client_num_units(text[:column])),
                          types.Position(line, codec.client_num_units(text[:end]))),
        message=found.message, severity=SEVERITIES.get(found.severity),
        code=found.code, source="sst")


def _value_end(text: str, column: int) -> int:
    """Where the value that starts at this column ends: a quoted text, or a word up to a comma,
    bracket, comment or the line's end."""
    if column >= len(text):
        return column
    if text[column] in "'\"":
        closing = text.find(text[column], column + 1)
        return closing + 1 if closing > 0 else len(text)
    end = column
    while end < len(text) and text[end] not in ",]}#" and not \
            (text[end] == " " and text[end:].strip()[:1] in ("#", "")) and \
            text[end:end + 2] not in (": ", ":"):  # a field's name ends at its colon
        end += 1
    return max(end, column + 1) if text else column


def _chars(line: str, units: int, document: TextDocument) -> int:
    """The character index of a client's column (UTF-16 units unless agreed otherwise)."""
    codec = document.position_codec
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += codec.client_num_units(char)
    return len(line)


def _lines(document: TextDocument) -> list[str]:
    return [line.rstrip("\r\n") for line in document.lines] or [""]


@dataclass(frozen=True)
class _Cursor:
    """A request's document, its lines, and where the cursor stands in them, in characters."""

    document: TextDocument
    lines: list[str]
    line: int
    column: int
    text: str  # the cursor's line, "" past the last one

    @property
    def past_end(self) -> bool:
        return self.line >= len(self.lines)


def _cursor(ls: StrategyServer,
            params: types.CompletionParams | types.HoverParams | types.DefinitionParams,
            ) -> _Cursor:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = _lines(document)
    line = params.position.line
    text = lines[line] if line < len(lines) else ""
    return _Cursor(document, lines, line, _chars(text, params.position.character, document), text)


server = StrategyServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: StrategyServer, params: types.DidOpenTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    project, rel = found
    project.buffers[rel] = params.text_document.text
    ls.uris[project.root, rel] = params.text_document.uri
    await ls.check(project)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StrategyServer, params: types.DidChangeTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    project, rel = found
    project.buffers[rel] = ls.workspace.get_text_document(params.text_document.uri).source
    ls.schedule(project, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: StrategyServer, params: types.DidSaveTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is not None:
        ls.schedule(found[0], 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: StrategyServer, params: types.DidCloseTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    project, rel = found
    project.buffers.pop(rel, None)  # the file on disk counts again
    ls.uris.pop((project.root, rel), None)
    ls.schedule(project, 0)


@server.feature(types.INITIALIZED)
def initialized(ls: StrategyServer, params: types.InitializedParams) -> None:
    """Ask the editor to say when strategy files or mkdocs.yml change on disk (a git pull, a
    branch switch), where it can: other files' findings depend on them."""
    workspace = ls.client_capabilities.workspace
    watching = workspace.did_change_watched_files if workspace else None
    if not (watching and watching.dynamic_registration):
        return
    ls.client_register_capability(types.RegistrationParams([types.Registration(
        id="sst-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions([
            types.FileSystemWatcher(glob_pattern=pattern)
            for pattern in ("**/*.yaml", "**/*.yml", "**/*.md")]))]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_changed(ls: StrategyServer, params: types.DidChangeWatchedFilesParams) -> None:
    for project in ls.projects.values():  # a file changed on disk (git pull, another editor)
        project.reload_settings()  # mkdocs.yml may be the file that changed
        ls.schedule(project, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=["[", ":", " ", ","]))
async def completion(ls: StrategyServer,
                     params: types.CompletionParams) -> types.CompletionList | None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return None
    project, rel = found
    await ls.ready(project)
    cursor = _cursor(ls, params)
    spot = spot_at(cursor.lines, cursor.line, cursor.column, rel.endswith(".md"))
    if spot is None:
        return None
    kind = ls.kind_at(project, rel)
    items = _items(project, kind, spot, cursor.text[cursor.column:])
    if items is None:
        return None
    before = cursor.text[:spot.start]
    start = types.Position(cursor.line, cursor.document.position_codec.client_num_units(before))
    # asked right after the colon (`owner:`) or a list's dash: YAML needs a space before it
    space = " " if spot.what != "link" and (before.endswith(":") or
                                            _DASH.fullmatch(before)) else ""
    for item in items:
        item.text_edit = types.TextEdit(types.Range(start, params.position),
                                        space + (item.insert_text or item.label))
        item.insert_text = None
    return types.CompletionList(is_incomplete=False, items=items)


def _items(project: Project, kind: str | None, spot: Spot,
           after: str) -> list[types.CompletionItem] | None:
    if spot.what == "link":
        closing = "" if after.startswith(("]]", "|")) else "]]"
        return [_id_item(entity_id, title, entity_kind, entity_id + closing)
                for entity_id, title, entity_kind in project.ids_of_kinds(None)]
    if kind is None:
        return None
    if spot.what == "key" and not holds_mappings(kind, spot.path) and spot.path and \
            spot.path[-1] == "*":
        spot = Spot("value", spot.path, spot.typed, spot.start, spot.present)  # `- ` of IDs
    if spot.what == "key":
        return [types.CompletionItem(
            label=field.name, kind=types.CompletionItemKind.Field,
            detail=field.title + (" (required)" if field.required else ""),
            documentation=field.description or None, insert_text=f"{field.name}: ",
            sort_text=f"{0 if field.required else 1}{field.name}")
            for field in fields_at(kind, spot.path) if field.name not in spot.present]
    kinds = reference_kinds(kind, spot.path)
    if kinds:
        return [_id_item(entity_id, title, entity_kind, entity_id)
                for entity_id, title, entity_kind in project.ids_of_kinds(kinds)
                if entity_id not in spot.present]
    if spot.path[-1:] == ("visibility",):
        return [types.CompletionItem(label=name, kind=types.CompletionItemKind.EnumMember,
                                     detail="audience") for name in project.audiences()]
    return [types.CompletionItem(label=value, kind=types.CompletionItemKind.EnumMember)
            for value in enum_at(kind, spot.path)] or None


def _id_item(entity_id: str, title: str, kind: str, text: str) -> types.CompletionItem:
    return types.CompletionItem(
        label=entity_id, kind=ITEM_KINDS.get(kind), detail=title or None,
        label_details=types.CompletionItemLabelDetails(description=KIND_NAMES.get(kind, kind)),
        insert_text=text, filter_text=f"{entity_id} {title}")


async def _id_under_cursor(ls: StrategyServer,
                     params: types.HoverParams | types.DefinitionParams,
                     ) -> tuple[Project, str] | None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return None
    project, rel = found
    await ls.ready(project)
    cursor = _cursor(ls, params)
    if cursor.past_end:
        return None
    parts = sections(cursor.lines, rel.endswith(".md"))
    in_body = parts.markdown and not parts.yaml_start <= cursor.line < parts.yaml_end
    entity_id = id_at(cursor.text, cursor.column, in_body or not project.in_strategy(rel))
    return (project, entity_id) if entity_id else None


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: StrategyServer, params: types.HoverParams) -> types.Hover | None:
    found = await _id_under_cursor(ls, params)
    text = found[0].describe(found[1]) if found else _field_under_cursor(ls, params)
    if text is None:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def _field_under_cursor(ls: StrategyServer, params: types.HoverParams) -> str | None:
    """What the schema says of the field whose name is under the cursor (for editors with no
    YAML language server of their own)."""
    found = ls.locate(params.text_document.uri)
    if found is None:
        return None
    project, rel = found
    kind = ls.kind_at(project, rel)
    if kind is None:
        return None
    cursor = _cursor(ls, params)
    if cursor.past_end:
        return None
    path = field_at(cursor.lines, cursor.line, cursor.column, rel.endswith(".md"))
    return describe_field(kind, path) if path else None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: StrategyServer,
                     params: types.DefinitionParams) -> types.Location | None:
    found = await _id_under_cursor(ls, params)
    if found is None:
        return None
    project, entity_id = found
    where = project.definition(entity_id)
    if where is None:
        return None
    uri = from_fs_path(str(project.root / where[0]))
    if uri is None:
        return None
    start = types.Position(where[1], 0)
    return types.Location(uri, types.Range(start, start))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_actions(ls: StrategyServer,
                 params: types.CodeActionParams) -> list[types.CodeAction] | None:
    """A finding that says "did you mean `x`?" about one word offers to write `x` there."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    actions = []
    for found in params.context.diagnostics:
        suggestion = _DID_YOU_MEAN.search(found.message) if found.source == "sst" else None
        if suggestion is None or found.range.start.line != found.range.end.line:
            continue
        written = document.text_in_client_range(found.range) if \
            found.range.start.line < len(document.lines) else ""
        if not _ONE_WORD.fullmatch(written):
            continue  # the finding points at more than the word to replace
        actions.append(types.CodeAction(
            title=f"Change `{written}` to `{suggestion.group(1)}`",
            kind=types.CodeActionKind.QuickFix, diagnostics=[found], is_preferred=True,
            edit=types.WorkspaceEdit(changes={params.text_document.uri: [
                types.TextEdit(found.range, suggestion.group(1))]})))
    return actions or None


def serve() -> int:
    """Serve on standard input and output until the editor says exit."""
    if sys.stdin.isatty():  # someone typed `sst lsp` to see what it does
        print("sst lsp: a language server: it speaks the Language Server Protocol on standard "
              "input and output to an editor, which starts it (see the manual's Editors page). "
              "Ctrl-D (the end of the input) stops it.", file=sys.stderr)
    server.start_io()
    return 0
