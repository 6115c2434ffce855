"""`sst lsp` end to end: the real server process over stdio, driven by pytest-lsp as an editor
drives it, on the minimal strategy (conftest.py) copied into a temporary folder."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from conftest import AS_OF, edit, write
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from sst_plugin.core.model.reference_fields import reference_fields
from sst_plugin.core.read.config import Settings
from sst_plugin.core.read.read import ReadCache
from sst_plugin.core.read.schema import schema_for
from sst_plugin.core.rules.check import check_tree
from sst_plugin.lsp.cursor import Spot, id_at, spot_at

PEOPLE_AND_TEAMS = {"ann", "bakehouse"}
# a safety net for a server that never answers, not a measure of speed
PATIENCE = 60
REGISTERED: list[types.Registration] = []  # what the server asked the editor to watch


# one server for the module, as an editor keeps one: each test's repository is its own folder,
# which the server finds from the files it is given
@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "sst_plugin.cli", "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient,
                 tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    workspace = tmp_path_factory.mktemp("workspace")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(_: LanguageClient, params: types.RegistrationParams) -> None:
        REGISTERED.extend(params.registrations)

    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="strategies")]))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def repo(repo: Path) -> Path:
    """The minimal strategy, its date pinned in mkdocs.yml as a team would."""
    write(repo, "mkdocs.yml", """\
        site_name: Test
        plugins:
          - sst:
              as_of: 2026-06-15
        """)
    return repo


on_the_server = pytest.mark.asyncio(loop_scope="module")


def _open(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown" if path.suffix == ".md" else "yaml", version=1,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


async def _diagnostics(client: LanguageClient, uri: str,
                       codes: set[str], among_others: bool = False) -> list[types.Diagnostic]:
    """The diagnostics of a document once they hold exactly these codes (or these among
    others), other documents' notifications and earlier versions' passed over."""
    async def settled() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            held = {str(d.code) for d in found or ()}
            if found is not None and (held == codes or (among_others and codes <= held)):
                return [d for d in found if str(d.code) in codes]
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return await asyncio.wait_for(settled(), PATIENCE)


async def _complete(client: LanguageClient, uri: str, line: int,
                    character: int) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(line, character)))
    assert isinstance(result, types.CompletionList), result
    return result.items


@on_the_server
async def test_an_unknown_owner_is_a_diagnostic_with_sst005_at_its_line(
        client: LanguageClient, repo: Path) -> None:
    path = repo / "strategy/kpis/sales.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: ann", "owner: anna"),
                    encoding="utf-8")
    uri = _open(client, path)
    [found] = await _diagnostics(client, uri, {"SST005"})
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.source == "sst"
    assert "did you mean `ann`" in found.message
    # line 5 of the file (`owner: anna`), the value underlined
    assert found.range == types.Range(types.Position(4, 7), types.Position(4, 11))
    [fix] = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext([found])))
    assert isinstance(fix, types.CodeAction) and fix.edit and fix.edit.changes
    assert list(fix.edit.changes[uri]) == [types.TextEdit(found.range, "ann")]


@on_the_server
async def test_a_misspelt_field_offers_the_field_it_resembles(client: LanguageClient,
                                                              repo: Path) -> None:
    path = repo / "strategy/goals/grow.yaml"
    uri = _open(client, path, path.read_text(encoding="utf-8").replace("target:", "traget:"))
    found = await _diagnostics(client, uri, {"SST002"})
    [misspelt] = [d for d in found if "did you mean" in d.message]
    assert misspelt.range == types.Range(types.Position(4, 0), types.Position(4, 6))  # `traget`
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), misspelt.range, types.CodeActionContext(found)))
    assert actions is not None
    [fix] = actions
    assert isinstance(fix, types.CodeAction) and fix.edit and fix.edit.changes
    assert list(fix.edit.changes[uri]) == [types.TextEdit(misspelt.range, "target")]


@on_the_server
async def test_an_unsaved_edit_changes_the_diagnostics(client: LanguageClient,
                                                       repo: Path) -> None:
    path = repo / "strategy/goals/grow.yaml"
    on_disk = path.read_text(encoding="utf-8")
    uri = _open(client, path)
    assert await _diagnostics(client, uri, set()) == []
    edited = on_disk.replace("kpi: sales", "kpi: sale")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [types.TextDocumentContentChangeWholeDocument(text=edited)]))
    [found] = await _diagnostics(client, uri, {"SST005"})
    assert found.range.start.line == 2
    assert path.read_text(encoding="utf-8") == on_disk  # nothing written
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        [types.TextDocumentContentChangeWholeDocument(text=on_disk)]))
    assert await _diagnostics(client, uri, set()) == []


@on_the_server
async def test_an_unsaved_edit_in_one_file_shows_in_another(client: LanguageClient,
                                                            repo: Path) -> None:
    """Renaming a KPI's owner in people.yaml, unsaved, breaks the KPI open beside it."""
    kpi = _open(client, repo / "strategy/kpis/sales.yaml")
    people = repo / "strategy/people.yaml"
    people_uri = _open(client, people)
    await _diagnostics(client, kpi, set())
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=people_uri, version=2),
        [types.TextDocumentContentChangeWholeDocument(
            text=people.read_text(encoding="utf-8").replace("id: ann", "id: anne"))]))
    [found] = await _diagnostics(client, kpi, {"SST005"})
    assert found.range.start.line == 4


@on_the_server
async def test_a_change_on_disk_shows_in_the_open_files(client: LanguageClient,
                                                        repo: Path) -> None:
    """A git pull renames a person in people.yaml, which is not open: the editor says so (the
    server asked it to watch the strategy files) and the open KPI is checked again."""
    [watch] = [r for r in REGISTERED if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    options = watch.register_options  # as JSON: the client does not type it
    assert {"globPattern": "**/*.yaml"} in options["watchers"]  # type: ignore[index]
    kpi = _open(client, repo / "strategy/kpis/sales.yaml")
    await _diagnostics(client, kpi, set())
    people = repo / "strategy/people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("id: ann", "id: anne"),
                      encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(people.as_uri(), types.FileChangeType.Changed)]))
    [found] = await _diagnostics(client, kpi, {"SST005"})
    assert found.range.start.line == 4


@on_the_server
async def test_a_new_file_not_yet_saved_is_checked_and_known(client: LanguageClient,
                                                             repo: Path) -> None:
    """A buffer opened for a file that is not on disk yet (`:e strategy/goals/new.yaml`)."""
    path = repo / "strategy/goals/more-bread.yaml"
    uri = _open(client, path, "title: More bread\ncategory: revenue\nkpi: sales\n"
                              "baseline: 1\ntarget: 2\ndeadline: 2026-12-31\nowner: nobody\n")
    # the owner unknown, and (a warning) no battle serves the new goal yet
    found = await _diagnostics(client, uri, {"SST005", "SST020"})
    assert [d.range.start.line for d in found if d.code == "SST005"] == [6]
    assert not path.exists()  # nothing written
    other = write(repo, "strategy/paths/bakery.md", "---\ntitle: x\nstatus: candidate\n---\n[[\n")
    links = await _complete(client, _open(client, other), 4, 2)
    assert "more-bread" in {item.label for item in links}
    typo = repo / "strategy/goal/typo.yaml"  # a folder that does not exist, on disk or in SST
    typo_uri = _open(client, typo, "title: x\n")
    [unknown] = await _diagnostics(client, typo_uri, {"SST001"})
    assert "did you mean goals/?" in unknown.message


@on_the_server
async def test_a_broken_mkdocs_yml_is_a_message_and_the_defaults_are_used(
        client: LanguageClient, repo: Path) -> None:
    write(repo, "mkdocs.yml", "site_name: Test\nplugins:\n  - sst: 5\n")
    path = repo / "strategy/kpis/sales.yaml"
    uri = _open(client, path, path.read_text(encoding="utf-8").replace("owner: ann",
                                                                       "owner: anna"))
    # the date is today's without mkdocs.yml's: a stale-KPI warning may come with it
    [found] = await _diagnostics(client, uri, {"SST005"}, among_others=True)
    assert found.range.start.line == 4
    [message] = [m for m in client.messages if str(repo) in m.message]
    assert message.type == types.MessageType.Warning
    assert message.message == f"sst ({repo}): mkdocs.yml: the sst plugin's options must be a " \
                              "mapping (checking with the default settings)"


@on_the_server
async def test_closing_an_unsaved_buffer_clears_its_findings(client: LanguageClient,
                                                             repo: Path) -> None:
    path = repo / "strategy/kpis/sales.yaml"
    uri = _open(client, path, path.read_text(encoding="utf-8").replace("owner: ann",
                                                                       "owner: anna"))
    await _diagnostics(client, uri, {"SST005"})
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
    assert await _diagnostics(client, uri, set()) == []


@on_the_server
async def test_a_folder_name_with_spaces_and_accents(client: LanguageClient,
                                                     repo: Path) -> None:
    """The editor's URI escapes `Stratégie & plans`: the answers come back on that URI."""
    moved = repo / "Stratégie & plans"
    moved.mkdir()
    for name in ("strategy", "mkdocs.yml"):
        (repo / name).rename(moved / name)
    path = moved / "strategy/kpis/sales.yaml"
    uri = _open(client, path, path.read_text(encoding="utf-8").replace("owner: ann",
                                                                       "owner: anna"))
    assert "%20" in uri
    [found] = await _diagnostics(client, uri, {"SST005"})
    assert found.range.start.line == 4
    definition = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(uri), types.Position(2, len("direction: in"))))
    assert definition is None  # an enum value is no ID
    items = await _complete(client, uri, 4, len("owner: anna"))
    assert {item.label for item in items} == PEOPLE_AND_TEAMS


@on_the_server
async def test_completion_after_owner_lists_people_and_teams_only(client: LanguageClient,
                                                                  repo: Path) -> None:
    path = repo / "strategy/kpis/sales.yaml"
    text = path.read_text(encoding="utf-8").replace("owner: ann", "owner: ")
    uri = _open(client, path, text)
    items = await _complete(client, uri, 4, len("owner: "))
    assert {item.label for item in items} == PEOPLE_AND_TEAMS
    ann = next(item for item in items if item.label == "ann")
    assert ann.detail == "Ann"
    assert ann.label_details and ann.label_details.description == "person"


@on_the_server
async def test_completion_after_kpi_in_markdown_front_matter_lists_kpis_only(
        client: LanguageClient, repo: Path) -> None:
    write(repo, "strategy/kpis/footfall.yaml", """\
        title: Footfall
        unit: visitors
        direction: increase
        frequency: weekly
        owner: bakehouse
        """)
    path = write(repo, "strategy/goals/more-visitors.md", """\
        ---
        title: More visitors
        category: customers
        kpi: f
        baseline: 100
        target: 150
        deadline: 2026-12-31
        owner: ann
        ---
        Why it matters.
        """)
    uri = _open(client, path)
    items = await _complete(client, uri, 3, len("kpi: f"))
    assert {item.label for item in items} == {"footfall", "sales"}
    risk = write(repo, "strategy/risks/rain.yaml", """\
        title: Rain
        likelihood: 2
        impact: 2
        owner: ann
        mitigation: Umbrellas
        threatens:
          - grow
          -
        """)
    threatened = await _complete(client, _open(client, risk), 7, 3)
    assert {item.label for item in threatened} == {"launch", "more-visitors"}  # not grow again
    assert {item.text_edit.new_text for item in threatened if item.text_edit} == {
        " launch", " more-visitors"}
    [edit] = [item.text_edit for item in items if item.label == "footfall"]
    assert isinstance(edit, types.TextEdit)
    assert edit.range.start == types.Position(3, len("kpi: "))  # replaces what was typed


@on_the_server
async def test_double_bracket_in_a_body_completes_every_id(client: LanguageClient,
                                                           repo: Path) -> None:
    path = write(repo, "strategy/goals/loaves.md", """\
        ---
        title: More loaves
        category: revenue
        kpi: sales
        baseline: 100
        target: 150
        deadline: 2026-12-31
        owner: ann
        ---
        Served by [[
        """)
    uri = _open(client, path)
    items = await _complete(client, uri, 9, len("Served by [["))
    by_id = {item.label: item for item in items}
    assert set(by_id) == {"ann", "bakehouse", "sales", "grow", "hero", "launch", "tasting",
                          "loaves"}
    assert by_id["launch"].detail == "Launch"
    assert by_id["launch"].label_details and \
        by_id["launch"].label_details.description == "key battle"
    assert by_id["launch"].text_edit and by_id["launch"].text_edit.new_text == "launch]]"
    page = write(repo, "docs/plans.md", "# Our plans\n\nThis year: [[la]], [[launch]].\n")
    on_page = await _complete(client, _open(client, page), 2, len("This year: [[la"))
    launch = next(item for item in on_page if item.label == "launch")
    assert launch.text_edit and launch.text_edit.new_text == "launch"  # `]]` is there already
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(page.as_uri()),
        types.Position(2, len("This year: [[la]], [[l"))))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**Launch**")


@on_the_server
async def test_field_names_and_enum_values_complete(client: LanguageClient,
                                                    repo: Path) -> None:
    path = repo / "strategy/tactics/tasting.yaml"
    text = path.read_text(encoding="utf-8") + "    \nstatus: "
    uri = _open(client, path, text)
    lines = text.split("\n")
    # inside the action, under its `due:`: the fields it does not have yet
    action_fields = await _complete(client, uri, len(lines) - 2, 4)
    assert {item.label for item in action_fields} == {"measure", "done"}
    top = await _complete(client, uri, 5, 0)  # at the start of `start: ...`: what is missing
    written = {"title", "battle", "category", "owner", "win_criteria", "end", "actions",
               "status"}  # `start` is where the cursor is: it may be typed again
    assert {item.label for item in top} == set(schema_for("tactic")["properties"]) - written
    assert {"start", "metric", "reviews", "tags", "visibility"} <= {item.label for item in top}
    statuses = await _complete(client, uri, len(lines) - 1, len("status: "))
    assert [item.label for item in statuses] == ["todo", "doing", "done", "dropped"]
    owners = await _complete(client, uri, 9, len("    owner: "))  # an action's owner
    assert {item.label for item in owners} == PEOPLE_AND_TEAMS
    battles = await _complete(client, uri, 1, len("battle: "))
    assert {item.label for item in battles} == {"launch"}
    [launch] = await _complete(client, uri, 1, len("battle:"))  # right after the colon
    assert launch.text_edit and launch.text_edit.new_text == " launch"


@on_the_server
async def test_hover_shows_the_title_kind_and_health(client: LanguageClient,
                                                     repo: Path) -> None:
    path = repo / "strategy/battles/launch.yaml"
    uri = _open(client, path)
    await _diagnostics(client, uri, set())
    kpi = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(2, len("kpi: sa"))))
    assert kpi is not None and isinstance(kpi.contents, types.MarkupContent)
    assert "**Sales**" in kpi.contents.value
    assert "KPI `sales`" in kpi.contents.value
    assert "latest: 140 EUR on 31 May 2026" in kpi.contents.value
    goal = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(6, len("goals: [g"))))
    assert goal is not None and isinstance(goal.contents, types.MarkupContent)
    assert "**Grow sales**" in goal.contents.value
    assert "status as of 15 Jun 2026: **" in goal.contents.value
    title = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(0, len("title: La"))))
    assert title is None  # a word of a title is no ID
    owner = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(9, 2)))  # on the name `owner`
    assert owner is not None and isinstance(owner.contents, types.MarkupContent)
    assert owner.contents.value.startswith("**Owner** (`owner`, required)")
    assert "the ID of a person or a team" in owner.contents.value
    status = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(10, 3)))
    assert status is not None and isinstance(status.contents, types.MarkupContent)
    assert "one of: `planned`, `active`, `won`, `lost`, `abandoned`" in status.contents.value


@on_the_server
async def test_definition_points_at_the_file_and_line(client: LanguageClient,
                                                      repo: Path) -> None:
    path = write(repo, "strategy/goals/loaves.md", """\
        ---
        title: More loaves
        category: revenue
        kpi: sales
        baseline: 100
        target: 150
        deadline: 2026-12-31
        owner: ann
        ---
        Won through [[launch|the launch]].
        """)
    uri = _open(client, path)
    owner = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(uri), types.Position(7, len("owner: a"))))
    assert owner == types.Location((repo / "strategy/people.yaml").as_uri(), types.Range(
        types.Position(4, 0), types.Position(4, 0)))  # `  - id: ann`
    battle = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(uri), types.Position(9, len("Won through [[la"))))
    assert isinstance(battle, types.Location)
    assert battle.uri == (repo / "strategy/battles/launch.yaml").as_uri()


def test_reference_fields_are_the_models() -> None:
    """The kinds each reference field takes, as the rules read them (Entity.references)."""
    fields = reference_fields()
    assert fields["goal"][("owner",)] == {"person", "team"}
    assert fields["goal"][("kpi",)] == {"kpi"}
    assert fields["goal"][("checkins", "*", "by")] == {"person"}
    assert fields["battle"][("goals", "*")] == {"goal"}
    assert fields["battle"][("path",)] == {"path"}
    assert fields["tactic"][("battle",)] == {"battle"}
    assert fields["tactic"][("actions", "*", "owner")] == {"person", "team"}
    assert fields["tactic"][("metric", "kpi")] == {"kpi"}
    assert fields["risk"][("threatens", "*")] == {"goal", "battle"}
    assert fields["people"][("people", "*", "team")] == {"team"}
    assert ("title",) not in fields["goal"]


def _at(text: str, markdown: bool = False) -> Spot | None:
    """The spot at the `^` in a text."""
    lines = text.split("\n")
    line = next(number for number, content in enumerate(lines) if "^" in content)
    column = lines[line].index("^")
    lines[line] = lines[line].replace("^", "")
    return spot_at(lines, line, column, markdown)


@pytest.mark.parametrize(("text", "expected"), [
    ("title: x\nowner: ^", Spot("value", ("owner",), "", 7)),
    ("title: x\nowner: cl^", Spot("value", ("owner",), "cl", 7)),
    ("owner: 'cl^", Spot("value", ("owner",), "cl", 8)),
    ("goals: [a, ^", Spot("value", ("goals", "*"), "", 11, frozenset({"a"}))),
    ("goals: [^", Spot("value", ("goals", "*"), "", 8)),
    ("goals: ['a', b, c^", Spot("value", ("goals", "*"), "c", 16, frozenset({"a", "b"}))),
    ("goals:\n  - a\n  - ^", Spot("key", ("goals", "*"), "", 4, frozenset({"a"}))),
    ("goals:\n  - a\n  -^", Spot("key", ("goals", "*"), "", 3, frozenset({"a"}))),
    ("goals:\n- a\n- ^\n- b\ntags: [x]", Spot("key", ("goals", "*"), "", 2,
                                                frozenset({"a", "b"}))),
    ("actions:\n  - action: a\n  - ^", Spot("key", ("actions", "*"), "", 4)),
    ("actions:\n  - action: a\n    owner: ^", Spot("value", ("actions", "*", "owner"), "", 11)),
    ("actions:\n- action: a\n  ow^\n  due: 2026-01-01",
     Spot("key", ("actions", "*"), "ow", 2, frozenset({"action", "due"}))),
    ("actions:\n  - {action: a, owner: b^", Spot("value", ("actions", "*", "owner"), "b", 23)),
    ("actions:\n  - {action: a, ^", Spot("key", ("actions", "*"), "", 16)),
    ("metric:\n  kpi: a\n  ^", Spot("key", ("metric",), "", 2, frozenset({"kpi"}))),
    ("metric:\n  kpi: a\ntags: [x]\n^", Spot("key", (), "", 0, frozenset({"metric", "tags"}))),
    ("note: |\n  text: not a field\n^", Spot("key", (), "", 0, frozenset({"note"}))),
    ("- a\n- ^\n- b", Spot("key", ("*",), "", 2, frozenset({"a", "b"}))),
    ("people:\n  - id: a\n    team: ^", Spot("value", ("people", "*", "team"), "", 10)),
    ("# owner: ^", None),
    ("note: |\n  some words ^", None),
    ("note: >-\n  first line: with a colon\n  secon^", None),
    ("significance: >-\n  words\nowner: ^", Spot("value", ("owner",), "", 7)),
    ("title: x\nwords and more^", None),
    ("goals: [a]^", None),
])
def test_the_spot_at_the_cursor(text: str, expected: Spot | None) -> None:
    assert _at(text) == expected


def test_the_spot_in_markdown() -> None:
    assert _at("---\ntitle: x\nkpi: ^\n---\nbody", markdown=True) == Spot("value", ("kpi",), "", 5)
    assert _at("---\ntitle: x\n---\nsee [[re^", markdown=True) == Spot("link", (), "re", 6)
    assert _at("---\ntitle: x\n---\nkpi: ^", markdown=True) is None  # the body is no YAML


@pytest.mark.parametrize(("line", "column", "body", "expected"), [
    ("owner: claire-martin", 10, False, "claire-martin"),
    ("goals: [a-b, c]", 13, False, "c"),
    ("  - grow", 5, False, "grow"),
    ('owner: "ann"', 9, False, "ann"),
    ("goals: ['a-b', c]", 10, False, "a-b"),
    ("see [[x-y|the text]] here", 8, True, "x-y"),
    ("see [[x-y]] here", 14, True, None),
    ("title: the shop", 13, False, None),
])
def test_the_id_under_the_cursor(line: str, column: int, body: bool,
                                 expected: str | None) -> None:
    assert id_at(line, column, body) == expected


@on_the_server
async def test_a_yaml_error_in_an_unsaved_buffer_is_sst001_at_its_line(
        client: LanguageClient, repo: Path) -> None:
    path = repo / "strategy/goals/grow.yaml"
    uri = _open(client, path, path.read_text(encoding="utf-8").replace(
        "owner: ann", "owner: ann\n\tbreakthrough: true"))
    [found] = await _diagnostics(client, uri, {"SST001"})
    assert found.range.start == types.Position(7, 0)  # the tab, on line 8


@on_the_server
async def test_files_outside_a_strategy_are_left_alone(client: LanguageClient, repo: Path,
                                                       tmp_path_factory: pytest.TempPathFactory,
                                                       ) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "notes.yaml"
    elsewhere.write_text("owner: \n", encoding="utf-8")
    for uri in (_open(client, elsewhere), "untitled:Untitled-1"):
        if uri.startswith("untitled"):
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text="owner: ")))
        result = await client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(0, len("owner: "))))
        assert result is None
        hover = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(0, 2)))
        assert hover is None
    # the server still serves the strategy
    sales = _open(client, repo / "strategy/kpis/sales.yaml")
    assert await _diagnostics(client, sales, set()) == []


def test_a_read_cache_reads_again_only_what_changed(repo: Path) -> None:
    """`sst lsp` checks after every pause in typing: the files that did not change are not
    read again, and the findings are the same as a check without the cache."""
    settings = Settings(as_of=AS_OF)
    cache = ReadCache()
    first = check_tree(repo, settings, cache=cache)
    goal, kpi = "strategy/goals/grow.yaml", "strategy/kpis/sales.yaml"
    edit(repo, kpi, "owner: ann", "owner: anna")
    typed = {goal: (repo / goal).read_text(encoding="utf-8").replace("kpi: sales", "kpi: sale")}
    (repo / "strategy/tactics/tasting.yaml").unlink()
    second = check_tree(repo, settings, overrides=typed, cache=cache)
    before = {d.file: d for d in first.documents}
    after = {d.file: d for d in second.documents}
    assert after["strategy/battles/launch.yaml"] is before["strategy/battles/launch.yaml"]
    assert after[kpi] is not before[kpi]  # changed on disk
    assert after[goal] is not before[goal]  # typed
    assert "strategy/tactics/tasting.yaml" not in after and \
        "strategy/tactics/tasting.yaml" not in cache.entries
    uncached = check_tree(repo, settings, overrides=typed)
    assert second.findings == uncached.findings
    assert {f.code for f in second.findings} >= {"SST005", "SST021"}
    third = check_tree(repo, settings, overrides=typed, cache=cache)
    assert {d.file: d for d in third.documents}[goal] is after[goal]  # the same text again
