"""Owners who gate changes: a committed CODEOWNERS block that matches the strategy."""

from __future__ import annotations

from collections.abc import Iterator

from ..reviewers import block_lines, block_of
from ..findings import Finding, Place, finding
from .registry import Context, rule


@rule("SST030")
def stale_codeowners(context: Context) -> Iterator[Finding]:
    committed = context.codeowners
    if committed is None:
        return
    span = block_of(committed.text)
    if span is None:
        return  # a CODEOWNERS that SST does not manage
    start, end = span
    lines = committed.text.split("\n")[start:end + 1]
    if lines != block_lines(context.model):
        yield finding("SST030", Place(committed.file, start + 1, 1),
                      "the sst block of CODEOWNERS no longer matches the owners in the "
                      "strategy: run `sst codeowners --write` and commit the result")
