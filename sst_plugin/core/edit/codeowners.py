"""`sst codeowners`: the committed CODEOWNERS with SST's block written in, every other line
left alone (the block itself is reviewers.py's)."""

from __future__ import annotations

from ..model.model import Model
from ..model.reviewers import block_lines, block_of
from ..read.config import Settings


def updated(text: str, model: Model, settings: Settings) -> str:
    """The CODEOWNERS text with SST's block replaced, or appended; other lines untouched."""
    block = block_lines(model, settings)
    lines = text.split("\n") if text else []
    span = block_of(text)
    if span is not None:
        start, end = span
        return "\n".join([*lines[:start], *block, *lines[end + 1:]])
    if lines and lines[-1] == "":
        lines.pop()
    separator = [""] if lines else []
    return "\n".join([*lines, *separator, *block, ""])
