"""The `sst` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .core.edit.scaffold import TEMPLATES
from .core.edit.starter import DEFAULT_LANGUAGE, STARTER_LANGUAGES, starter_language
from .core.health.health import defaulted_baselines
from .core.model.model import Model
from .core.read.atomic import WouldOverwrite, replace_file, write_new
from .core.read.config import ConfigError, Settings, load_settings, read_theme_language
from .core.read.read import ReadCache
from .core.report.formats import FORMATS, format_findings, one_line, text_line
from .core.rules.check import CheckResult, check_tree

if TYPE_CHECKING:
    from .core.edit.checkin import NewCheckin
    from .core.language import Language
    from .core.read.git_tree import Known
    from .core.render.watch import Kept

# The other commands' modules are imported by the commands themselves: `sst check` runs in
# pre-commit hooks and CI on every change, and starts a third faster without them.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# `sst digest` posts to the webhook this names: a secret, so never on a command line
DIGEST_WEBHOOK = "SST_DIGEST_WEBHOOK"
DIGEST_FORMATS = ("markdown", "slack", "teams", "mattermost")  # report/digest.py's FORMATS
OWNER_KINDS = ("person", "team")  # `sst new` adds these to people.yaml, not as files


# the repository every command reads: `--root ROOT`. Five commands once took ROOT as an
# argument: it still works, silently (deprecated in --help and the manual), so that existing
# scripts, hooks and workflows keep running unchanged
DEPRECATED_ROOT = "root_argument"


def _root_option(parser: argparse.ArgumentParser, deprecated_argument: bool = False) -> None:
    parser.add_argument("--root", metavar="ROOT",
                        help="the repository (default: the current folder)")
    if deprecated_argument:
        parser.add_argument(DEPRECATED_ROOT, nargs="?", metavar="ROOT",
                            help="deprecated: the same as --root ROOT")


def _settings_arguments(parser: argparse.ArgumentParser, audience: bool = True) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="the date health and date rules hold for "
                             "(default: mkdocs.yml, SST_AS_OF, today)")
    parser.add_argument("--strategy-dir", metavar="DIR", help="the strategy folder under ROOT")
    if audience:
        parser.add_argument("--audience", metavar="NAME",
                            help="show what this audience may see; `all`: every audience "
                                 "(default: the `audience` option in mkdocs.yml)")


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", metavar="LANG",
                        help="the language of the words and dates: en, fr, de, es, zh, or any "
                             "locale (default: theme.language in mkdocs.yml, else English)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sst", description="Strategy as code: check and publish a strategy repository.")
    parser.add_argument("--version", action="version", version=f"sst {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="check the strategy against the schemas and rules",
        description="Check the strategy of the repository at ROOT. Exit status: 0 no error, "
                    "1 at least one error-severity finding, 2 usage or configuration error.")
    _root_option(check, deprecated_argument=True)
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="how to print findings (default: text)")
    _settings_arguments(check, audience=False)
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text format (default: on a terminal only)")
    check.add_argument("--base", metavar="REV",
                       help="the revision a pull request starts from (e.g. origin/main): a "
                            "finding about several files (SST010, SST011, SST012) is placed on "
                            "the ones changed since REV, read with git")
    check.add_argument("--write-schemas", nargs="?", const="", metavar="DIR",
                       help="also write the editor schemas, whose reference fields list the "
                            "strategy's IDs, into DIR (default: ROOT/.sst/schemas); give the "
                            "repository with --root then")

    diff = commands.add_parser(
        "diff", help="what a change means: entities, fields, findings and health",
        description="The semantic diff of the strategy between two git revisions, read with "
                    "git without touching the checkout. HEAD defaults to the working tree.")
    diff.add_argument("base", metavar="BASE", help="the revision before, e.g. origin/main")
    diff.add_argument("head", nargs="?", metavar="HEAD", help="the revision after")
    _root_option(diff)
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _settings_arguments(diff)

    new = commands.add_parser(
        "new", help="write a new entity file with every required field explained",
        description="Write strategy/<kind folder>/ID.yaml (or .md) with every required field, "
                    "a comment on each (in the site's theme.language where `sst init --lang` "
                    "has a starter in it, else English), and TODO placeholders to fill. "
                    "Never overwrites. `sst new person|team ID --name NAME` adds a person or a "
                    "team to people.yaml instead, after the last of its list, keeping every "
                    "comment and line; checked before it is written.")
    new.add_argument("kind", choices=sorted([*TEMPLATES, *OWNER_KINDS]), metavar="KIND",
                     help="one of " + ", ".join(sorted(TEMPLATES)) + "; or person, team: "
                          "added to people.yaml")
    new.add_argument("id", metavar="ID", help="the new entity's ID (its file name)")
    new.add_argument("--title", help="the entity's title")
    new.add_argument("--markdown", action="store_true",
                     help="write a .md file with a narrative body")
    new.add_argument("--name", help="person, team: the name people read (required)")
    new.add_argument("--team", metavar="TEAM", help="person: the ID of their team")
    new.add_argument("--role", help="person: their role")
    new.add_argument("--github", metavar="HANDLE",
                     help="person: their GitHub user name; team: its GitHub team "
                          "(organisation/team), for sst codeowners")
    _root_option(new)
    new.add_argument("--strategy-dir", metavar="DIR", help="the strategy folder under ROOT")

    init = commands.add_parser(
        "init", help="create a starter strategy repository",
        description="Write a small strategy repository that passes `sst check` and "
                    "`mkdocs build --strict`, with .gitignore, VS Code settings and editor "
                    "schemas listing its IDs. In an existing repository, adds the files it "
                    "lacks and lists those it left as they were: never overwrites a file, and "
                    "refuses a strategy/ folder that holds files. Dated from SST_AS_OF, else "
                    "today; mkdocs.yml pins no date.")
    init.add_argument("dir", metavar="DIR", help="the folder to create it in, or to add to")
    init.add_argument("--lang", choices=STARTER_LANGUAGES, default=DEFAULT_LANGUAGE,
                      type=starter_language,
                      help="the language of the starter's texts and comments, and of the site: "
                           f"{', '.join(STARTER_LANGUAGES)} (default: {DEFAULT_LANGUAGE})")

    exporting = commands.add_parser(
        "export", help="the resolved model as JSON, or as CSV files",
        description="Export every entity this audience may see, with health and relations.")
    _root_option(exporting, deprecated_argument=True)
    exporting.add_argument("--format", choices=("json", "csv"), default="json")
    exporting.add_argument("--out", metavar="PATH",
                           help="write here: a .json file, a .zip of CSVs, or a new folder of "
                                "CSVs (default: JSON on standard output)")
    _settings_arguments(exporting)
    _language_option(exporting)

    kpi = commands.add_parser("kpi", help="record KPI measurements: add one, or import a CSV")
    kpi_commands = kpi.add_subparsers(dest="kpi_command", metavar="ACTION", required=True)
    add = kpi_commands.add_parser(
        "add", help="add one measurement to a KPI's file",
        description="Add a measurement in date order, keeping every other byte of the file. "
                    "The strategy is checked before the file is written.")
    add.add_argument("kpi", metavar="KPI", help="the KPI's ID")
    add.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("value", metavar="VALUE", help="the measured value")
    add.add_argument("--note", help="a note on the value")
    imported = kpi_commands.add_parser(
        "import", help="add the measurements of a CSV or .xlsx file to a KPI's file",
        description="Add the measurements of a spreadsheet in date order: a CSV file (any of "
                    "the separators , ; tab |, UTF-8 or Windows-1252, decimal commas or "
                    "points, thousands separators, percentages) or an .xlsx workbook's sheet. "
                    "Prints the rows it used and each row it skipped (no date, no value, a "
                    "total) with why; a row it cannot read refuses the import: all rows or "
                    "none.")
    imported.add_argument("kpi", metavar="KPI", help="the KPI's ID")
    imported.add_argument("csv", metavar="FILE", help="the .csv or .xlsx file")
    imported.add_argument("--date-column", metavar="NAME",
                          help="the column of dates, in any case (default: date, Datum, "
                               "fecha or 日期)")
    imported.add_argument("--value-column", metavar="NAME",
                          help="the column of values, in any case (default: value, Wert, "
                               "valeur, valor or 值, else the KPI's ID or title)")
    imported.add_argument("--note-column", metavar="NAME", help="a column of notes (optional)")
    imported.add_argument("--date-format", metavar="FORMAT",
                          help="how the dates are written when the file cannot tell: "
                               "DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY or YYYY-MM-DD, or a "
                               "strptime format (default: found from the column)")
    imported.add_argument("--decimal", choices=(",", "."), metavar="MARK",
                          help="the decimal mark, `,` or `.`, when the file cannot tell "
                               "(`1.234`) (default: found from the column)")
    imported.add_argument("--sheet", metavar="NAME",
                          help="the .xlsx workbook's sheet (default: the first)")
    for parser_ in (add, imported):
        parser_.add_argument("--replace", action="store_true",
                             help="change the value of a date that has another one")
        _root_option(parser_)
        _settings_arguments(parser_, audience=False)

    checkin = commands.add_parser(
        "checkin", help="record a check-in on a goal or battle: confidence, note, and its "
                        "KPI's value",
        description="Add a check-in (date, confidence 1-10, note, by) to a goal's or battle's "
                    "`checkins` and, with --value, the value to its KPI's measurements, keeping "
                    "every other byte of both files. Both are written only if the strategy "
                    "then checks without a new error. Exit status: 0 recorded, 1 refused (the "
                    "findings are printed), 2 usage error.")
    checkin.add_argument("entity", nargs="?", metavar="ENTITY",
                         help="the goal's or battle's ID, or its exact title")
    checkin.add_argument("--confidence", metavar="N",
                         help="how confident you are that it will be reached: 1 to 10")
    checkin.add_argument("--value", metavar="V", help="the KPI's value on that date")
    checkin.add_argument("--date", metavar="YYYY-MM-DD",
                         help="the day of the check-in (default: --as-of, SST_AS_OF, today)")
    checkin.add_argument("--note", help="why: what changed since the last check-in")
    checkin.add_argument("--by", metavar="PERSON", help="who checks in: a person's ID")
    checkin.add_argument("--replace", action="store_true",
                         help="change the KPI's value on a date that has another one")
    checkin.add_argument("--from-issue", metavar="EVENT.json",
                         help="read the check-in from a GitHub `issues` event of the Check-in "
                              "issue form (the workflow's $GITHUB_EVENT_PATH)")
    checkin.add_argument("--comment-file", metavar="OUT.md",
                         help="with --from-issue: write the comment to post on the issue "
                              "(what changed, or why it was refused)")
    checkin.add_argument("--write-form", action="store_true",
                         help="write .github/ISSUE_TEMPLATE/checkin.yml, the Check-in issue "
                              "form, with the strategy's goals and battles")
    _root_option(checkin)
    _settings_arguments(checkin, audience=False)

    owners = commands.add_parser(
        "codeowners", help="print or write CODEOWNERS: owners review their strategy files",
        description="Make the owner of each goal, KPI, battle, tactic, risk and path (their "
                    "`github` in people.yaml) a required reviewer of its file, and the "
                    "strategy's owners (the `codeowners_default` option, else the goals' "
                    "owners) of every other strategy file: strategy.yaml, people.yaml. SST "
                    "keeps its own block in CODEOWNERS and leaves every other line alone.")
    _root_option(owners, deprecated_argument=True)
    owners.add_argument("--write", action="store_true",
                        help="update the committed CODEOWNERS (default: .github/CODEOWNERS)")
    owners.add_argument("--strategy-dir", metavar="DIR", help="the strategy folder under ROOT")

    render = commands.add_parser(
        "render", help="write the strategy pages into a folder, for any Markdown site generator",
        description="Check the strategy, then write every generated page (Markdown with inline "
                    "SVG), the stylesheet, a navigation file (.nav.yml) and an index of links "
                    "into DIR: the input of `zensical build`, or of any generator. Unchanged "
                    "files are left alone; DIR must hold only files sst render wrote.")
    _root_option(render, deprecated_argument=True)
    render.add_argument("--out", required=True, metavar="DIR",
                        help="the folder to write, e.g. docs/strategy")
    render.add_argument("--watch", action="store_true",
                        help="render again whenever a strategy file, a template or mkdocs.yml "
                             "changes (beside `zensical serve`); stop with Ctrl-C")
    _settings_arguments(render)
    _language_option(render)

    rule = commands.add_parser(
        "rule", help="what a rule code means: what it finds, why, an example, how to fix",
        description="Print the documentation of a rule (by code or name), or of every rule. "
                    "Exit status 2 for a code no rule has.")
    shown = rule.add_mutually_exclusive_group(required=True)
    shown.add_argument("code", nargs="?", metavar="CODE", help="a rule code or name: SST023, "
                                                               "stale-kpi")
    shown.add_argument("--all", action="store_true", help="every rule, in code order")
    shown.add_argument("--table", action="store_true",
                       help="the Markdown table of every rule, each code linking to its "
                            "page in docs/manual/rules/")
    shown.add_argument("--manual", metavar="DIR",
                       help="write the manual's pages (an index and one page per rule) into DIR")

    status = commands.add_parser("status", help="goals and battles with their health")
    _root_option(status, deprecated_argument=True)
    _settings_arguments(status)
    status.add_argument("--due", action="store_true",
                        help="list the measurements, reviews and actions due, with their owners")
    status.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _language_option(status)

    digest = commands.add_parser(
        "digest", help="what each owner owes this week, for a chat channel or an issue",
        description="The measurements, reviews, actions and check-ins due by the end of the "
                    "week, by owner, overdue first: as Markdown (a GitHub issue or job "
                    "summary), or posted to a Slack, Microsoft Teams or Mattermost incoming "
                    f"webhook. The webhook URL is a secret: give it in ${DIGEST_WEBHOOK} rather "
                    "than on the command line; SST never prints it. Exit status: 0 printed or "
                    "posted, 2 a usage error or a webhook that did not take the message.")
    _root_option(digest)
    _settings_arguments(digest)
    _language_option(digest)
    digest.add_argument("--format", choices=DIGEST_FORMATS, default="markdown",
                        help="markdown, or the JSON body of a chat's webhook; without a "
                             "webhook, the JSON is printed (default: markdown)")
    digest.add_argument("--webhook", metavar="URL",
                        help=f"post to this incoming webhook (default: ${DIGEST_WEBHOOK}, "
                             "used with a chat format only)")
    digest.add_argument("--always", action="store_true",
                        help="post a short 'nothing due' message when nothing is due "
                             "(default: post nothing then)")

    closing = commands.add_parser(
        "close", help="write the retrospective of a period that has ended",
        description="At or after the period's end, write strategy/retros/<period>.md: each "
                    "goal's and battle's final status and score, the execution score, and "
                    "headings for what worked, what did not and what carries forward. Never "
                    "overwrites a retrospective. Exit status: 0 written, 1 the strategy has "
                    "errors (nothing written), 2 the period has not ended (the message gives "
                    "the date it can run) or the file exists.")
    _root_option(closing)
    _settings_arguments(closing, audience=False)
    closing.add_argument("--period", metavar="START..END",
                         help="the period to close (default: the period in strategy.yaml)")
    _language_option(closing)

    lsp = commands.add_parser(
        "lsp", help="the language server an editor starts: findings, completion, hover",
        description="Serve the Language Server Protocol on standard input and output: the "
                    "check's findings as the files are typed, completion of fields and of the "
                    "IDs each reference field takes, hover and go-to-definition on IDs and "
                    "`[[id]]` links. Editors start it themselves (docs/manual/editors.md).")
    lsp.add_argument("--stdio", action="store_true",
                     help="accepted for editors that pass it: standard input and output are "
                          "the only transport")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _total_output()
    arguments = _parser().parse_args(argv)
    problem = _take_root(arguments) or _not_text(arguments)
    if problem:
        print(f"sst: {problem}", file=sys.stderr)
        return EXIT_USAGE
    command: Callable[[argparse.Namespace], int] = COMMANDS[arguments.command]
    try:
        return command(arguments)
    except ConfigError as error:  # it may quote a file's text: no raw escape sequence
        print(f"sst: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # never a traceback, never a success
        print(f"sst: internal error: {type(error).__name__}: {one_line(str(error))}. "
              "Please report it with the file that caused it.", file=sys.stderr)
        return EXIT_INTERNAL


def _total_output() -> None:
    """Printing never fails: a file name that is not UTF-8 (`\\udce9` once decoded) that some
    output does not spell out itself reaches a strict UTF-8 stream as `\\udce9`, which is
    still valid JSON, instead of ending the command with an internal error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _take_root(arguments: argparse.Namespace) -> str | None:
    """`--root`, or the deprecated ROOT argument, as `arguments.root` ("." without either);
    what is wrong when both are given and differ."""
    given = getattr(arguments, DEPRECATED_ROOT, None)
    if given is not None and arguments.root not in (None, given):
        return f"the repository is given twice, as ROOT `{_as_typed(given)}` and as --root " \
               f"`{_as_typed(arguments.root)}`: give it once, with --root"
    if hasattr(arguments, "root"):
        arguments.root = given if given is not None else (arguments.root or ".")
    return None


def _not_text(arguments: argparse.Namespace) -> str | None:
    """What is wrong with the first argument holding bytes that are not UTF-8, if one does.

    Python keeps such bytes as lone surrogates, which no file SST writes, no message it prints
    and no name it compares can hold: refused here, once, for every command.
    """
    for name, value in vars(arguments).items():
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            char = ord(value[error.start])
            byte = f"byte 0x{char - 0xDC00:02X}" if 0xDC80 <= char <= 0xDCFF else \
                f"U+{char:04X}"
            shown = _as_typed(value)
            return (f"{name.replace('_', '-')}: `{shown}` is not UTF-8 text ({byte}): SST reads "
                    "and writes UTF-8 only; retype it, or rename the file or folder it names")
    return None


def _as_typed(value: str) -> str:
    """The argument as the user typed it, each byte that is not UTF-8 written \\xNN."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate given from Python, not from a command line
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _settings(root: Path, arguments: argparse.Namespace) -> Settings:
    if not root.is_dir():
        raise ConfigError(f"{root}: no such folder")
    settings = load_settings(root, {"as_of": getattr(arguments, "as_of", None),
                                    "strategy_dir": getattr(arguments, "strategy_dir", None),
                                    "audience": getattr(arguments, "audience", None)})
    return settings


def _language(root: Path, arguments: argparse.Namespace, zensical_first: bool = False
              ) -> Language:
    """--lang, else the site's theme.language (Zensical's first for `sst render`), else English;
    a language with no catalogue gives English words in its own dates and numbers."""
    from .core.language import Language, known_language
    from .core.read.config import read_theme_language

    wanted = getattr(arguments, "lang", None)
    if wanted is not None:
        if not known_language(wanted):
            raise ConfigError(f"--lang {_as_typed(wanted)}: no such language: give a code such "
                              "as en, fr, de, es or zh")
        return Language.of(wanted)
    return Language.of(read_theme_language(root, zensical_first))


def _checked(root: Path, settings: Settings, changed: frozenset[str] = frozenset(),
             cache: ReadCache | None = None) -> CheckResult:
    if not (root / settings.strategy_dir).is_dir():
        raise ConfigError(f"{root / settings.strategy_dir}: no strategy folder here "
                          "(set strategy_dir, or run sst in the repository)")
    return check_tree(root, settings, changed=changed, cache=cache)


def _model_for(arguments: argparse.Namespace) -> tuple[Path, Settings, Model]:
    """The repository, its settings and its model, for the commands that read the strategy."""
    root = Path(arguments.root)
    settings = _settings(root, arguments)
    return root, settings, _checked(root, settings).model


def _colour(choice: str) -> bool:
    return choice == "always" or (
        choice == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)


def _check(arguments: argparse.Namespace) -> int:
    root = Path(arguments.root)
    settings = _settings(root, arguments)
    changed: frozenset[str] = frozenset()
    if arguments.base is not None:
        from .core.change.revisions import changed_files

        changed = changed_files(root, arguments.base, strategy_dir=settings.strategy_dir)
    result = _checked(root, settings, changed)
    sys.stdout.write(format_findings(result.findings, arguments.format, result.files,
                                     _colour(arguments.color)))
    for place, note in defaulted_baselines(result.model):  # no rule code: an info line
        print(f"{one_line(str(place))}: info {one_line(note)}", file=sys.stderr)
    if arguments.write_schemas is not None:
        _write_schemas(root, Path(arguments.write_schemas) if arguments.write_schemas else None,
                       result.model)
    return EXIT_FINDINGS if result.errors else EXIT_CLEAN


def _refresh_schemas(root: Path, settings: Settings) -> None:
    """A new ID joins the repository's editor schemas, where it keeps them (.sst/schemas)."""
    from .core.edit.editor_schemas import SCHEMA_FOLDER, write_schemas

    if (root / SCHEMA_FOLDER).is_dir():
        for path, verb in write_schemas(root / SCHEMA_FOLDER, _checked(root, settings).model):
            print(f"{verb} {path.relative_to(root).as_posix()}")


def _write_schemas(root: Path, folder: Path | None, model: Model) -> None:
    """The editor schemas of the strategy's IDs; what changed on standard error, so that
    `--format json` stays one JSON object."""
    from .core.edit.editor_schemas import SCHEMA_FOLDER, write_schemas

    folder = folder or root / SCHEMA_FOLDER
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--write-schemas {folder}: is a file, not a folder")
    changed = write_schemas(folder, model)
    for path, verb in changed:
        print(f"{verb} {path.as_posix()}", file=sys.stderr)
    if not changed:
        print(f"the schemas in {folder.as_posix()} are up to date", file=sys.stderr)


def _diff(arguments: argparse.Namespace) -> int:
    from .core.change import diff_report
    from .core.change.diff import diff_results
    from .core.change.revisions import changed_files, check_revision

    root = Path(arguments.root)
    settings = _settings(root, arguments)
    base_name = arguments.base
    changed = changed_files(root, arguments.base, arguments.head, settings.strategy_dir)
    head_name = arguments.head or "working tree"
    # both sides place a finding about several files alike: on the ones the change touched;
    # a file the change left alone is read once, for both sides
    if arguments.head:
        known: Known = {}
        base = check_revision(root, arguments.base, settings, changed, known)
        head = check_revision(root, arguments.head, settings, changed, known)
    else:
        work_tree = ReadCache()
        head = _checked(root, settings, changed, work_tree)
        base = check_revision(root, arguments.base, settings, changed, work_tree=work_tree)
    diff = diff_results(base, head, settings)
    report = diff_report.as_json if arguments.format == "json" else diff_report.as_markdown
    sys.stdout.write(report(diff, base_name, head_name))
    return EXIT_CLEAN


def _new(arguments: argparse.Namespace) -> int:
    from .core.edit.scaffold import new_entity

    owner = arguments.kind in OWNER_KINDS
    misplaced = [f"--{name}" for name in (("title", "markdown") if owner else
                                          ("name", "team", "role", "github"))
                 if getattr(arguments, name)]
    if misplaced:
        raise ConfigError(f"sst new {arguments.kind} takes no {misplaced[0]}: "
                          + ("a person or team has --name" if owner else
                             "--name, --team, --role and --github are for a person or a team"))
    if owner:
        return _new_owner(arguments)
    root, settings, model = _model_for(arguments)
    strategy = model.strategy
    # the comments in the site's language, where a starter speaks it
    language = starter_language(read_theme_language(root) or DEFAULT_LANGUAGE)
    created = new_entity(root, settings.strategy_dir, arguments.kind, arguments.id,
                         arguments.title, arguments.markdown, settings.as_of,
                         strategy.period_end if strategy else None,
                         language if language in STARTER_LANGUAGES else DEFAULT_LANGUAGE)
    print(f"wrote {created.path.relative_to(root).as_posix()}")
    _refresh_schemas(root, settings)
    if created.placeholders:
        print("fill in these fields (they read TODO), then run `sst check`: "
              + ", ".join(created.placeholders))
    return EXIT_CLEAN


def _new_owner(arguments: argparse.Namespace) -> int:
    from .core.edit.measurements import EditRefused
    from .core.edit.people_file import NewOwner, record_owner

    root = Path(arguments.root)
    settings = _settings(root, arguments)
    _checked(root, settings)  # a missing strategy folder is said as every command says it
    new = NewOwner(arguments.kind, arguments.id, arguments.name or "", arguments.team,
                   arguments.role, arguments.github)
    try:
        edit = record_owner(root, settings, new)
    except EditRefused as refused:
        for found in refused.findings:
            print(text_line(found), file=sys.stderr)
        print(f"sst: nothing written: the {new.kind} would bring {len(refused.findings)} "
              "error(s)", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"added {new.kind} {new.id} to {edit.file}")
    _refresh_schemas(root, settings)
    return EXIT_CLEAN


def _init(arguments: argparse.Namespace) -> int:
    from .core.edit.editor_schemas import add_schemas
    from .core.edit.scaffold import GITIGNORE, init_repository
    from .core.read.config import apply_environment

    target = Path(arguments.dir)
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target}: is a file, not a folder")
    # the starter is dated from SST_AS_OF where it is set, as every command is
    today = apply_environment(Settings(), os.environ).as_of
    done = init_repository(target, today, lang=arguments.lang)
    # the editor schemas list the starter's IDs: written once its files are there
    schemas_added, schemas_left = add_schemas(target, Settings(as_of=today))
    added, left = [*done.added, *schemas_added], [*done.left, *schemas_left]
    print(f"added {len(added)} files to {target}: a starter strategy repository.")
    for name in added:
        print(f"  {name}")
    if left:
        print(f"left {len(left)} files as they were:")
    for name in left:
        print(f"  {name}{_left_hint(target, name, GITIGNORE)}")
    print(f"next: cd {target} && sst check && mkdocs serve")
    return EXIT_CLEAN


def _left_hint(target: Path, name: str, gitignore: str) -> str:
    """What the team may want to add by hand to a file init left as it was."""
    if name == "mkdocs.yml":
        return " (add `- sst` to its plugins to publish the strategy)"
    if name == ".gitignore":
        have = set((target / name).read_text(encoding="utf-8", errors="replace").split())
        lacking = [line for line in gitignore.split() if line not in have]
        return f" (it does not ignore {', '.join(lacking)})" if lacking else ""
    return ""


def _export(arguments: argparse.Namespace) -> int:
    from .core.report import export

    root, settings, model = _model_for(arguments)
    # the data keeps its slugs; --lang adds the words for them (labels)
    language = _language(root, arguments) if arguments.lang else None
    out = Path(arguments.out) if arguments.out else None
    if arguments.format == "json":
        text = export.as_json(model, settings, language, root)
        if out is None:
            sys.stdout.write(text)
        else:
            _write(out, text)
        return EXIT_CLEAN
    if out is None:
        raise ConfigError("--format csv needs --out: a .zip file or a new folder")
    if out.suffix == ".zip":
        _write(out, export.csv_zip(model, settings, language, root))
    else:
        for name, text in export.csv_tables(model, settings, language, root).items():
            _write(out / name, text)
    print(f"wrote {out}")
    return EXIT_CLEAN


def _write(path: Path, content: str | bytes) -> None:
    try:
        write_new(path, content)
    except WouldOverwrite:
        raise ConfigError(f"{path}: exists already: SST never overwrites a file") from None


def _kpi(arguments: argparse.Namespace) -> int:
    from .core.edit.measurement_import import read_measurements, report_lines
    from .core.edit.measurements import EditRefused, NewMeasurement, parse_day, parse_value, record

    root, settings, model = _model_for(arguments)
    if arguments.kpi_command == "add":
        additions = [NewMeasurement(parse_day(arguments.date), parse_value(arguments.value),
                                    arguments.note)]
    else:
        imported = read_measurements(
            Path(arguments.csv), arguments.date_column, arguments.value_column,
            arguments.note_column, arguments.date_format, arguments.decimal, arguments.sheet,
            _kpi_names(model, arguments.kpi))
        print("\n".join(report_lines(Path(arguments.csv), imported)))
        additions = imported.measurements
    try:
        edit = record(root, settings, arguments.kpi, additions, arguments.replace)
    except EditRefused as refused:
        for found in refused.findings:
            print(text_line(found), file=sys.stderr)
        print(f"sst: nothing written: the change would bring {len(refused.findings)} error(s)",
              file=sys.stderr)
        return EXIT_FINDINGS
    where = edit.path.relative_to(root).as_posix()
    print(f"{where}: {len(edit.added)} added, {len(edit.replaced)} replaced, "
          f"{len(edit.unchanged)} already recorded")
    return EXIT_CLEAN


def _kpi_names(model: Model, kpi_id: str) -> tuple[str, ...]:
    """The KPI's ID and title: a sheet's column named so holds its values."""
    from .core.model.model import Kpi

    kpi = model.get(kpi_id, Kpi)
    return (kpi.id, kpi.title) if kpi is not None else ()


def _checkin(arguments: argparse.Namespace) -> int:
    from .core.edit.checkin import NewCheckin, parse_confidence
    from .core.edit.measurements import parse_day, parse_value

    given = [f"--{name.replace('_', '-')}" for name in ("confidence", "value", "date", "note", "by")
             if getattr(arguments, name) is not None] + (["ENTITY"] if arguments.entity else [])
    if arguments.write_form or arguments.from_issue:
        mode = "--write-form" if arguments.write_form else "--from-issue"
        if given or (arguments.write_form and arguments.from_issue):
            raise ConfigError(f"{mode} takes no {(given or ['--from-issue'])[0]}: the "
                              f"{'strategy' if arguments.write_form else 'issue'} gives it")
        return _checkin_form(arguments) if arguments.write_form else _checkin_issue(arguments)
    if arguments.comment_file:
        raise ConfigError("--comment-file goes with --from-issue EVENT.json")
    if not arguments.entity or arguments.confidence is None:
        raise ConfigError("sst checkin needs ENTITY and --confidence N (1 to 10), e.g. "
                          "sst checkin revenue-2026 --value 71000 --confidence 7")
    root = Path(arguments.root)
    settings = _settings(root, arguments)
    new = NewCheckin(
        date=parse_day(arguments.date or arguments.as_of or os.environ.get("SST_AS_OF")
                       or date.today().isoformat()),
        confidence=parse_confidence(arguments.confidence),
        note=(arguments.note or "").strip() or None, by=arguments.by or None,
        value=parse_value(arguments.value) if arguments.value is not None else None)
    return _record_checkin(root, settings, arguments.entity, new, arguments.replace)


def _record_checkin(root: Path, settings: Settings, wanted: str, new: NewCheckin,
                    replace: bool = False) -> int:
    from .core.edit.checkin import record_checkin
    from .core.edit.measurements import EditRefused

    if not (root / settings.strategy_dir).is_dir():
        raise ConfigError(f"{root / settings.strategy_dir}: no strategy folder here "
                          "(set strategy_dir, or run sst in the repository)")
    try:
        done = record_checkin(root, settings, wanted, new, replace)
    except EditRefused as refused:
        for found in refused.findings:
            print(text_line(found), file=sys.stderr)
        print(f"sst: nothing written: the check-in would bring {len(refused.findings)} "
              "error(s)", file=sys.stderr)
        return EXIT_FINDINGS
    entity = done.entity
    changed = ", ".join(edit.file for edit in done.changed) or "nothing changed: recorded already"
    print(f"{entity.kind} {entity.id}: check-in of {new.date.isoformat()}, confidence "
          f"{new.confidence}: {changed}")
    return EXIT_CLEAN


def _checkin_issue(arguments: argparse.Namespace) -> int:
    """--from-issue: the check-in an issue form sent; the comment for the workflow to post, in
    every outcome (what changed, the findings, or why the issue could not be read)."""
    from .core.edit import checkin_issue
    from .core.edit.checkin import record_checkin
    from .core.edit.measurements import EditRefused

    root = Path(arguments.root)
    comment = Path(arguments.comment_file) if arguments.comment_file else None
    try:
        event = checkin_issue.read_event(Path(arguments.from_issue))
        settings = _settings(root, arguments)
        request = checkin_issue.checkin_of_event(event, _checked(root, settings).model,
                                                 arguments.from_issue)
        done = record_checkin(root, settings, request.wanted, request.new)
    except ConfigError as error:
        _write_comment(comment, checkin_issue.comment_error(str(error)))
        raise
    except EditRefused as refused:
        for found in refused.findings:
            print(text_line(found), file=sys.stderr)
        print(f"sst: nothing written: the check-in would bring {len(refused.findings)} "
              "error(s)", file=sys.stderr)
        _write_comment(comment, checkin_issue.comment_refused(refused.findings))
        return EXIT_FINDINGS
    _write_comment(comment, checkin_issue.comment_done(request, done))
    changed = ", ".join(edit.file for edit in done.changed) or "nothing changed: recorded already"
    print(f"issue #{request.number}: {done.entity.kind} {done.entity.id}: check-in of "
          f"{request.new.date.isoformat()}: {changed}")
    return EXIT_CLEAN


def _write_comment(path: Path | None, text: str) -> None:
    if path is None:
        return
    if path.exists():  # asked for by name: the workflow's comment file of this run
        replace_file(path, text)
    else:
        write_new(path, text)


def _checkin_form(arguments: argparse.Namespace) -> int:
    from .core.edit.checkin_form import FORM_FILE, choices_of_model, form_text

    root, _, model = _model_for(arguments)
    text = form_text(choices_of_model(model))
    path = root / FORM_FILE
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        print(f"{FORM_FILE} is up to date")
    elif path.exists():
        replace_file(path, text)
        print(f"updated {FORM_FILE}")
    else:
        _write(path, text)
        print(f"wrote {FORM_FILE}")
    return EXIT_CLEAN


def _codeowners(arguments: argparse.Namespace) -> int:
    from .core.edit import codeowners
    from .core.model import reviewers

    root, settings, model = _model_for(arguments)
    path = reviewers.find(root) or root / reviewers.LOCATIONS[0]
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = codeowners.updated(current, model, settings)
    if not arguments.write:
        sys.stdout.write(text)
        return EXIT_CLEAN
    if text == current:
        print(f"{path.relative_to(root).as_posix()} is up to date")
    elif path.is_file():  # an empty file too: it exists, so it is replaced, not created
        replace_file(path, text)
        print(f"updated {path.relative_to(root).as_posix()}")
    else:
        _write(path, text)
        print(f"wrote {path.relative_to(root).as_posix()}")
    return EXIT_CLEAN


def _render(arguments: argparse.Namespace) -> int:
    if not arguments.watch:
        return _render_once(arguments)
    from .core.read.config import config_file
    from .core.render.dependencies import stamp
    from .core.render.watch import Kept, watch

    root = Path(arguments.root)
    settings = _settings(root, arguments)
    kept = Kept()  # files read and pages rendered, for the next render
    inputs = [root / settings.strategy_dir, *([root / settings.templates_dir]
                                             if settings.templates_dir else [])]
    config = config_file(root)

    def render() -> None:
        try:
            _render_once(arguments, kept)  # findings and refusals printed; we keep watching
        except ConfigError as error:
            print(f"sst: {error}", file=sys.stderr)
        print(f"watching {settings.strategy_dir}/ for changes (Ctrl-C to stop)", flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a watch ends
        watch(render, lambda: stamp([*inputs, *([config] if config else [])]))
    return EXIT_CLEAN


def _render_once(arguments: argparse.Namespace, kept: Kept | None = None) -> int:
    """One `sst render`; in a watch, KEPT holds what the last render read and rendered."""
    from .core.health.history import status_history
    from .core.read.config import read_site_settings
    from .core.read.docs_tree import Forbidden, scan_tree
    from .core.render import SiteView
    from .core.render.edit_links import default_edit_uri, source_url_for
    from .core.render.output import FolderRefused, rendered_files, write_folder

    root = Path(arguments.root)
    settings = _settings(root, arguments)
    out = Path(arguments.out)
    strategy = (root / settings.strategy_dir).resolve()
    real_out = Path(os.path.realpath(out))  # never raises: a loop is refused when writing
    if real_out == strategy or real_out.is_relative_to(strategy):
        raise ConfigError(f"{out}: is inside the strategy folder: write the pages elsewhere, "
                          f"e.g. {settings.docs_dir}/strategy")
    result = _checked(root, settings, cache=None if kept is None else kept.read_cache(
        root.resolve(), settings.strategy_dir, settings.max_file_size))
    for found in result.findings:
        print(text_line(found), file=sys.stderr)
    if result.errors:
        print(f"sst: nothing written: the strategy has {result.errors} error(s)", file=sys.stderr)
        return EXIT_FINDINGS
    # whatever severity SST001 is given: the generator would copy a link's target into the site
    _, unsafe = scan_tree(root / settings.docs_dir, Forbidden.of(root, settings.strategy_dir))
    if unsafe:
        for found in unsafe:
            if found not in result.findings:  # SST001 turned off or down in the rules
                print(text_line(found), file=sys.stderr)
        print(f"sst: nothing written: {len(unsafe)} file(s) under {settings.docs_dir} may not be "
              "published", file=sys.stderr)
        return EXIT_FINDINGS
    site = read_site_settings(root)
    edit_uri = (site.edit_uri if site.edit_uri is not None
                else default_edit_uri(site.repo_url, settings.docs_dir))
    # raw HTML links as `.md` sources: the generator resolves them as it does Markdown links
    view = SiteView(result.model, settings, directory_urls=None,
                    language=_language(root, arguments, zensical_first=True),
                    history=status_history(result.model, settings, root))
    templates = [root / settings.templates_dir] if settings.templates_dir else []
    try:
        rendered = rendered_files(view, templates, source_url_for(
            root, root / settings.docs_dir, site.repo_url, edit_uri),
            None if kept is None else kept.pages, context=(site.repo_url, edit_uri))
        written = write_folder(out, rendered, root=root)
    except FolderRefused as refused:
        print(f"sst: {refused}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{out}: {len(written.written)} written, {len(written.unchanged)} unchanged, "
          f"{len(written.removed)} removed")
    return EXIT_CLEAN


def _status(arguments: argparse.Namespace) -> int:
    from .core.report.status import due_text, status_text

    root, settings, model = _model_for(arguments)
    language = _language(root, arguments)
    if arguments.due:
        sys.stdout.write(due_text(model, settings, _colour(arguments.color), language))
    else:
        sys.stdout.write(status_text(model, settings, _colour(arguments.color), language))
    return EXIT_CLEAN


def _close(arguments: argparse.Namespace) -> int:
    from .core.edit.close import close_period, parse_period

    period = parse_period(arguments.period) if arguments.period else None
    root = Path(arguments.root)
    settings = _settings(root, arguments)
    result = _checked(root, settings)
    if result.errors:  # a broken strategy's results are no record to keep
        errors = [f for f in result.findings if f.severity == "error"]
        sys.stderr.write(format_findings(errors, "text", result.files))
        print("sst: nothing written: fix these errors (sst check), then close the period",
              file=sys.stderr)
        return EXIT_FINDINGS
    closed = close_period(root, result.model, settings, _language(root, arguments), period)
    print(f"wrote {closed.rel}: write what worked, what did not and what carries forward "
          "under its headings")
    return EXIT_CLEAN


def _digest(arguments: argparse.Namespace) -> int:
    from .core.read.config import read_site_settings
    from .core.report.digest import PAYLOADS, as_markdown, digest_of, headline
    from .core.report.webhook import WebhookError, post_json

    chat = arguments.format in PAYLOADS
    # the environment's webhook only for a chat format: a job summary's step may hold it too
    url = arguments.webhook or (os.environ.get(DIGEST_WEBHOOK) if chat else None)
    if url and not chat:
        raise ConfigError("--webhook: Markdown is printed, not posted: give --format slack, "
                          "teams or mattermost")
    root, settings, model = _model_for(arguments)
    language = _language(root, arguments)
    digest = digest_of(model, settings, read_site_settings(root), language)
    if not chat:
        sys.stdout.write(as_markdown(digest))
        return EXIT_CLEAN
    payload = PAYLOADS[arguments.format](digest)
    if not url:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
                         + "\n")
        return EXIT_CLEAN
    if not digest.count and not arguments.always:
        print(f"{headline(digest)}: nothing posted (--always posts it)")
        return EXIT_CLEAN
    try:
        posted = post_json(url, payload)
    except WebhookError as error:
        print(f"sst: {error}", file=sys.stderr)
        return EXIT_USAGE
    tries = f" after {posted.attempts} tries" if posted.attempts > 1 else ""
    print(f"{headline(digest)}: posted to the {arguments.format} webhook "
          f"(HTTP {posted.status}{tries})")
    return EXIT_CLEAN


def _rule(arguments: argparse.Namespace) -> int:
    from .core.codes import closest_code, rule_table
    from .core.rules import manual

    if arguments.all:
        sys.stdout.write(manual.every_rule_markdown())
    elif arguments.table:
        sys.stdout.write(manual.repository_table())
    elif arguments.manual:
        written, unchanged, removed = manual.write_manual(Path(arguments.manual))
        print(f"{arguments.manual}: {len(written)} written, {len(unchanged)} unchanged, "
              f"{len(removed)} removed")
    else:
        table = rule_table()
        wanted = arguments.code.strip()
        by_name = {rule.name: rule for rule in table.values()}
        found = table.get(wanted.upper()) or by_name.get(wanted.lower())
        if found is None:
            close = closest_code(wanted.upper() if wanted[:3].lower() == "sst" else wanted)
            hint = f"did you mean `{close}`? " if close else ""
            raise ConfigError(f"no rule `{wanted}`: {hint}(`sst rule --all` lists every rule)")
        sys.stdout.write(manual.rule_markdown(found))
    return EXIT_CLEAN


def _lsp(arguments: argparse.Namespace) -> int:
    from .lsp.server import serve  # pygls is loaded only for the editor's server

    return serve()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _check, "diff": _diff, "new": _new, "init": _init, "export": _export,
    "kpi": _kpi, "codeowners": _codeowners, "status": _status, "render": _render,
    "rule": _rule, "digest": _digest, "checkin": _checkin, "lsp": _lsp,
    "close": _close,
}


if __name__ == "__main__":
    raise SystemExit(main())
