"""The `sst` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.check import check_tree
from .core.config import ConfigError, load_settings
from .core.formats import FORMATS, format_findings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sst", description="Strategy as code: check and publish a strategy repository.")
    parser.add_argument("--version", action="version", version=f"sst {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check", help="check the strategy against the schemas and rules",
        description="Check the strategy of the repository at ROOT. Exit status: 0 no error, "
                    "1 at least one error-severity finding, 2 usage or configuration error.")
    check.add_argument("root", nargs="?", default=".", metavar="ROOT",
                       help="the repository (default: the current folder)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="how to print findings (default: text)")
    check.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="the date the checks hold for (default: mkdocs.yml, SST_AS_OF, today)")
    check.add_argument("--strategy-dir", metavar="DIR", help="the strategy folder under ROOT")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text format (default: on a terminal only)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return _check(arguments)
    except ConfigError as error:
        print(f"sst: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # never a traceback, never a success
        print(f"sst: internal error: {type(error).__name__}: {error}. "
              "Please report it with the file that caused it.", file=sys.stderr)
        return EXIT_INTERNAL


def _check(arguments: argparse.Namespace) -> int:
    root = Path(arguments.root)
    if not root.is_dir():
        raise ConfigError(f"{root}: no such folder")
    settings = load_settings(root, {"as_of": arguments.as_of,
                                    "strategy_dir": arguments.strategy_dir})
    if not (root / settings.strategy_dir).is_dir():
        raise ConfigError(f"{root / settings.strategy_dir}: no strategy folder here "
                          "(set strategy_dir, or run `sst check` in the repository)")
    result = check_tree(root, settings)
    colour = arguments.color == "always" or (
        arguments.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(format_findings(result.findings, arguments.format, result.files, colour))
    return EXIT_FINDINGS if result.errors else EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
