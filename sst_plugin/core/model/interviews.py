"""Customer interviews (spec §8) against the positioning's pains: which pain each one backs.

An interview names its pain as the positioning writes it, or by its first words: case, spacing
and a final full stop do not count, and the first words must fit one pain only. A pain the
positioning does not hold is no error: it is what the team heard, shown as "not in the
positioning", so that a pain many customers name is seen before the positioning is rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Interview, Strategy

_END = re.compile(r"[\s.!;:…]+$")


def pain_key(text: str) -> str:
    """A pain as compared: lower case, single spaces, no final full stop."""
    return _END.sub("", " ".join(text.split()).casefold())


def matching_pain(pains: Sequence[str], said: str) -> int | None:
    """The index of the pain an interview names: the same text, else the one pain that begins
    with its words (whole words: `stale` is not the beginning of `stale-free`)."""
    key = pain_key(said)
    if not key:
        return None
    keys = [pain_key(pain) for pain in pains]
    if key in keys:
        return keys.index(key)
    starts = [i for i, whole in enumerate(keys)
              if whole.startswith(key) and not whole[len(key)].isalnum()
              and whole[len(key)] != "-"]
    return starts[0] if len(starts) == 1 else None


@dataclass(frozen=True)
class PainEvidence:
    pain: str
    interviews: tuple[Interview, ...]  # those that name it, by date


@dataclass(frozen=True)
class InterviewEvidence:
    pains: tuple[PainEvidence, ...]  # every pain of the positioning, in its order
    matched: tuple[tuple[Interview, int | None], ...]  # each interview by date, and its pain


def evidence(strategy: Strategy) -> InterviewEvidence:
    pains = strategy.positioning.pains
    interviews = sorted(strategy.interviews, key=lambda i: (i.date, i.index))
    matched = tuple((interview, matching_pain(pains, interview.pain))
                    for interview in interviews)
    return InterviewEvidence(
        tuple(PainEvidence(pain, tuple(i for i, index in matched if index == n))
              for n, pain in enumerate(pains)),
        matched)
