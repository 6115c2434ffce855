"""Snippet includes: SST002 for a `--8<--` line in a strategy file.

pymdownx.snippets replaces a line `--8<-- "path"` (or a block of paths between two `--8<--`
lines) by the text of that file, before any other Markdown processing: in a body or a text
field, it would publish another strategy file's raw text, restricted or not, or mkdocs.yml.
The escaped form `;--8<--` is refused too: a strategy file never needs one.

Passes:  `objective: Cut here -8<- and sell`  (not at the start of a line)
Fails:   a body line `--8<-- "strategy/risks/secret.md"`
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Place
from .registry import Context, Report, also
from .texts import field_name, text_values

# pymdownx's markers: any run of `;`, then `-8<-` with any number of dashes, alone or before a
# blank and a path; section markers (`--8<-- [start:x]`) begin the same way
SNIPPET_LINE = re.compile(r"^[ \t]*;*-+8<-+(?:[ \t]|\r?$)", re.MULTILINE)
ADVICE = ("a snippet include (`--8<--`) is not allowed in strategy files: it would publish "
          "another file's text past the audience rules; write the text itself")


@also("SST002")
def snippet_lines(context: Context) -> Iterator[Report]:
    for document in context.documents:
        for path, text in text_values(document):
            if SNIPPET_LINE.search(text):
                yield Report(document.place(*path), f"`{field_name(path)}`: {ADVICE}")
        for match in SNIPPET_LINE.finditer(document.body):
            line = document.body.count("\n", 0, match.start())
            column = len(match.group()) - len(match.group().lstrip(" \t")) + 1
            yield Report(Place(document.file, document.body_line + line, column), ADVICE)
