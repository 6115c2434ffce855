"""YAML mistakes in plain words: each mistake people make, the exact message, code and place,
in a `.yaml` file and in a `.md` file's front matter (one line lower: below its `---`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import findings, write

from sst_plugin.core.read import yaml_values
from sst_plugin.core.read.yaml_values import read_yaml

TACTIC = """\
title: Flyers
battle: launch
category: acquisition
owner: ann
win_criteria: One in ten flyers brings a customer
actions:
  - action: Print the flyers
    owner: ann
    due: 2026-03-01
"""
KPI = """\
title: Footfall
unit: visitors
direction: increase
frequency: weekly
owner: ann
"""

# (name, folder, file text, the piece to replace, what to write instead,
#  code, line, column, message: {line N} is a line of the .yaml file, moved in front matter)
MISTAKES = [
    ("colon in a value", "tactics", TACTIC, "title: Flyers", "title: Flyers: the street",
     "SST001", 1, 14, 'a colon followed by a space inside a value starts a new field: put the '
     'value in quotes, as in `title: "Flyers: the street"`'),
    ("colon in a list item", "tactics", TACTIC, "action: Print the flyers",
     "action: Print: the flyers", "SST001", 7, 18, 'a colon followed by a space inside a value '
     'starts a new field: put the value in quotes, as in `action: "Print: the flyers"`'),
    ("% unit", "kpis", KPI, "unit: visitors", "unit: %",
     "SST001", 2, 7, 'a value cannot start with %: quote it, as in `unit: "%"`'),
    ("@ handle", "tactics", TACTIC, "owner: ann\nwin", "owner: @ann\nwin",
     "SST001", 4, 8, 'a value cannot start with @: quote it, as in `owner: "@ann"`'),
    ("backtick", "tactics", TACTIC, "title: Flyers", "title: `sst` flyers",
     "SST001", 1, 8, 'a value cannot start with `: quote it, as in `title: "`sst` flyers"`'),
    ("| text", "tactics", TACTIC, "win_criteria: One", "win_criteria: | One",
     "SST001", 5, 15, 'a value cannot start with |: quote it, as in '
     '`win_criteria: "| One in ten flyers brings a customer"`'),
    ("> text", "tactics", TACTIC, "win_criteria: One in ten", "win_criteria: > 10",
     "SST001", 5, 15, 'a value cannot start with >: quote it, as in '
     '`win_criteria: "> 10 flyers brings a customer"`'),
    ("*bold*", "tactics", TACTIC, "title: Flyers", "title: *New* flyers",
     "SST001", 1, 8, 'a value cannot start with *: quote it, as in `title: "*New* flyers"`'),
    ("*alias", "tactics", TACTIC, "title: Flyers", "title: *flyers",
     "SST001", 1, 8, "a value cannot start with *: quote it (YAML reads `*flyers` as an "
     "alias, and aliases are not allowed in strategy files)"),
    ("& co", "tactics", TACTIC, "title: Flyers", "title: & co flyers",
     "SST001", 1, 8, 'a value cannot start with &: quote it, as in `title: "& co flyers"`'),
    ("!tag", "tactics", TACTIC, "title: Flyers", "title: !Flyers",
     "SST001", 1, 8, "a value cannot start with !: quote it (YAML reads !Flyers as a tag, "
     "and tags are not allowed in strategy files)"),
    ("tab indent", "tactics", TACTIC, "    owner: ann", "\towner: ann",
     "SST001", 8, 1, "a tab indents this line: YAML needs spaces for indentation: replace the "
     "tab with spaces"),
    ("comma in { }", "tactics", TACTIC,
     "  - action: Print the flyers\n    owner: ann\n    due: 2026-03-01",
     "  - {action: Print 5,000 cards, owner: ann, due: 2026-03-01}",
     "SST002", 7, 14, 'inside { } a comma ends the value: quote `Print 5,000 cards`, as in '
     '`action: "Print 5,000 cards"`'),
    ("dedented key", "tactics", TACTIC, "    due:", "   due:",
     "SST001", 9, 4, "`due` lines up with no field above it: indent it like `owner` on {line 8} "
     "(4 spaces), or like the field it belongs beside"),
    ("dedented to the list", "tactics", TACTIC, "    due:", "  due:",
     "SST001", 9, 3, "`due` lines up with no field above it: indent it like `owner` on {line 8} "
     "(4 spaces), or like the field it belongs beside"),
    ("indented deeper", "tactics", TACTIC, "battle: launch", "  battle: launch",
     "SST001", 2, 3, "`battle` is indented deeper than the field above it, so YAML reads it as "
     "part of that field's value: line it up with the fields it belongs with (or, if the colon "
     "is part of the value above, quote that value)"),
    ("unclosed quote", "tactics", TACTIC, "title: Flyers", 'title: "Flyers',
     "SST001", 1, 8, 'the quote " opened here is never closed: add the closing " at the end of '
     "the value"),
    ("unclosed [", "tactics", TACTIC, "title: Flyers", "title: Flyers\ntags: [print, paper",
     "SST001", 2, 7, "the [ opened here is never closed: add ] after the last item"),
    ("unclosed {", "tactics", TACTIC, "title: Flyers", "title: Flyers\nmetric: {kpi: x",
     "SST001", 2, 9, "the { opened here is never closed: add } after the last item"),
    ("text after a quote", "tactics", TACTIC, "title: Flyers", 'title: "Flyers" for all',
     "SST001", 1, 17, 'text after the closing ": put the whole value inside the quotes, and '
     'write \\" for a " inside them'),
    ("' inside ' '", "tactics", TACTIC, "title: Flyers", "title: 'Ann's flyers'",
     "SST001", 1, 13, "a ' inside a value in single quotes ends it: write it twice (it''s), or "
     "put the value in double quotes"),
    ("no colon", "tactics", TACTIC, "owner: ann\nwin", "owner ann\nwin",
     "SST001", 4, 1, "`owner ann` has no colon: write it as `name: value`, or, "
     "if it continues the value above, indent it under that value"),
    ("a value's second line dedented", "tactics", TACTIC, "title: Flyers",
     "title: Flyers for the\nwhole street", "SST001", 2, 1, "`whole street` has no colon: "
     "write it as `name: value`, or, if it continues the value above, indent it under that "
     "value"),
    ("list on its field's line", "tactics", TACTIC, "actions:\n  - action:",
     "actions: - action:", "SST001", 6, 10, "a list cannot start on the line of its field "
     "name: move this `- ` item to the next line, indented below the field"),
    ("no space after a colon", "tactics", TACTIC, "owner: ann\nwin", "owner:ann\nwin",
     "SST001", 4, 6, "a field name's colon needs a space after it: write `owner: ann`"),
    ("no space after the first colon", "tactics", TACTIC, "title: Flyers", "title:Flyers",
     "SST001", 1, 6, "a field name's colon needs a space after it: write `title: Flyers`"),
    ("no space after -", "tactics", TACTIC, "  - action:", "  -action:",
     "SST001", 7, 3, "a list item needs a space after `-`: write `- action: Print the flyers`"),
]


def _shifted(message: str, offset: int) -> str:
    """`{line 8}` → `line 8`, or `line 9` in front matter."""
    for line in range(1, 20):
        message = message.replace(f"{{line {line}}}", f"line {line + offset}")
    return message


@pytest.mark.parametrize("suffix", [".yaml", ".md"])
@pytest.mark.parametrize(("folder", "text", "old", "new", "code", "line", "column", "message"),
                         [row[1:] for row in MISTAKES], ids=[row[0] for row in MISTAKES])
def test_a_yaml_mistake_is_said_in_plain_words_at_its_place(
        repo: Path, suffix: str, folder: str, text: str, old: str, new: str, code: str,
        line: int, column: int, message: str) -> None:
    assert old in text
    broken = text.replace(old, new, 1)
    offset = 1 if suffix == ".md" else 0
    rel = f"strategy/{folder}/flyers{suffix}"
    write(repo, rel, f"---\n{broken}---\nWhy we print.\n" if offset else broken)
    found = [(f.code, f.place.line, f.place.column, f.message)
             for f in findings(repo) if f.place and f.place.file == rel]
    assert found == [(code, line + offset, column, _shifted(message, offset))]


@pytest.mark.parametrize("suffix", [".yaml", ".md"])
def test_the_mistakes_fixed_as_told_are_clean(repo: Path, suffix: str) -> None:
    """What each message says to write reads: the quoted values are the fix."""
    fixed = TACTIC.replace("title: Flyers", 'title: "Flyers: the street"').replace(
        "  - action: Print the flyers\n    owner: ann\n    due: 2026-03-01",
        '  - {action: "Print 5,000 cards", owner: ann, due: 2026-03-01}')
    rel = f"strategy/tactics/flyers{suffix}"
    write(repo, rel, f"---\n{fixed}---\nWhy we print.\n" if suffix == ".md" else fixed)
    kpi = KPI.replace("unit: visitors", 'unit: "%"')
    write(repo, f"strategy/kpis/footfall{suffix}", f"---\n{kpi}---\n" if suffix == ".md" else kpi)
    assert [f for f in findings(repo) if f.place and "flyers" in f.place.file] == []


@pytest.mark.parametrize(("folder", "text", "old", "new", "code", "line", "column", "message"),
                         [row[1:] for row in MISTAKES], ids=[row[0] for row in MISTAKES])
def test_pure_python_pyyaml_gives_the_same_words(
        monkeypatch: pytest.MonkeyPatch, folder: str, text: str, old: str, new: str, code: str,
        line: int, column: int, message: str) -> None:
    """Where libyaml is not installed, PyYAML's own parser words its errors differently: the
    plain words and places stay the same."""
    monkeypatch.setattr(yaml_values, "_EventLoader", yaml.SafeLoader)
    found = read_yaml(text.replace(old, new, 1), "f.yaml")
    assert [(f.code, f.place.line, f.place.column, f.message) for f in found.findings
            if f.place] == [(code, line, column, _shifted(message, 0))]


@pytest.mark.parametrize("newline", ["\r", "\x85", "\u2028", "\r\n"])
def test_lines_are_counted_as_the_parser_counts_them(newline: str) -> None:
    # lone carriage returns once sent the plain words past the end of a line (found by the
    # fuzzer): PyYAML breaks lines at CR, NEL and the Unicode separators too
    text = newline.join(["title: Fix the desk", "unit:" + newline * 3 + " EUR",
                         "direction: *(UR"]) + "\n"
    found = read_yaml(text, "k.yaml", located=False).findings
    assert [(f.code, f.place.line) for f in found] == [("SST001", 6)]
    assert "a value cannot start with *" in found[0].message
