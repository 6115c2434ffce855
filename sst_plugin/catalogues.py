"""The message catalogues: `python -m sst_plugin.catalogues` extracts every marked message of
the code and the templates into `sst_plugin/locale/sst.pot`, then brings each language's `.po`
up to date with it (new messages added untranslated, vanished ones kept as obsolete `#~` lines).

`python -m sst_plugin.catalogues --add LANG` starts a catalogue for a new language.
tests/test_catalogues.py holds the `.pot` equal to what this extracts, and every `.po` complete.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .core.language import DEFAULT, DOMAIN

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
# what Babel reads: the Python code (core and the adapters) and the page templates
METHODS = [("core/**.py", "python"), ("mkdocs/**.py", "python"), ("cli.py", "python"),
           ("core/render/templates/**.j2", "jinja2")]
# the templates' whitespace as the renderer sets it, so that {% trans %} blocks read the same
OPTIONS = {"core/render/templates/**.j2": {"trimmed": "true", "trim_blocks": "true",
                                           "lstrip_blocks": "true"}}
# gettext's names, and our two markers for tables translated where they are shown
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "N_": None, "NP_": ((1, "c"), 2)}
COMMENT_TAGS = ["Translators:"]
HEADER = ("# The words SST writes on the strategy site, in `sst status`, `sst digest` and the\n"
          "# export's labels. Made by `python -m sst_plugin.catalogues`; see docs/manual/"
          "translating.md.\n#")


def extract() -> Catalog:
    """Every marked message of the package, with where it is used and its translator notes."""
    catalog = Catalog(project="SST", domain=DOMAIN, charset="utf-8", header_comment=HEADER,
                      msgid_bugs_address="", copyright_holder="", fuzzy=False)
    found = extract_from_dir(PACKAGE, METHODS, OPTIONS, KEYWORDS, COMMENT_TAGS,
                             strip_comment_tags=True)
    for file, line, message, comments, context in found:
        catalog.add(message, None, [(file, line)], auto_comments=comments, context=context)
    return catalog


def pot_text(catalog: Catalog) -> bytes:
    """The .pot as committed: sorted, no creation date, so that it changes only with messages."""
    out = _Buffer()
    write_po(out, catalog, width=100, sort_output=True, omit_header=False, no_location=False,
             include_lineno=False, ignore_obsolete=True)
    return _without_dates(out.getvalue())


def update(language: str, template: Catalog) -> bytes:
    """LANGUAGE's .po updated to TEMPLATE: its translations kept, new messages empty."""
    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language, domain=DOMAIN)
    else:
        catalog = Catalog(locale=Locale.parse(language), domain=DOMAIN, project="SST",
                          header_comment=HEADER, fuzzy=False)
        catalog.language_team = f"{Locale.parse(language).english_name} <>"
    # no fuzzy guesses: a message that changed is translated again, not matched to a near one
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    out = _Buffer()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=False)
    return _without_dates(out.getvalue())


def _without_dates(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(line for line in lines
                      if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sst_plugin.catalogues",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", metavar="LANG", help="start a catalogue for LANG (e.g. it)")
    arguments = parser.parse_args(argv)
    template = extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(pot_text(template))
    languages = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())
    if arguments.add:
        try:
            Locale.parse(arguments.add.replace("-", "_"))
        except ValueError as error:
            print(f"sst: --add {arguments.add}: {error}", file=sys.stderr)
            return 2
        languages = sorted({*languages, arguments.add})
    for language in languages:
        path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(update(language, template))
    print(f"{TEMPLATE.relative_to(PACKAGE.parent)}: {len(template)} messages; updated "
          + ", ".join(languages or [DEFAULT]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
