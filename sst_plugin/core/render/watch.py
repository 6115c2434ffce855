"""Rendering again when the strategy changes: `sst render --watch`, beside `zensical serve`,
which rebuilds from the pages once they change but knows nothing of the strategy files."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..read.read import ReadCache
from .dependencies import Incremental, Stamp


@dataclass
class Kept:
    """What one render of a watch keeps for the next: the strategy files read (read again when
    their modification time or size changes) and the pages rendered (rendered again where an
    edit may change them: dependencies.py)."""

    pages: Incremental = field(default_factory=Incremental)
    read: ReadCache = field(default_factory=ReadCache)
    read_limits: tuple[object, ...] = ()

    def read_cache(self, *limits: object) -> ReadCache:
        """The cache of files read with these limits (strategy folder, file size): other limits,
        read everything again."""
        if limits != self.read_limits:
            self.read, self.read_limits = ReadCache(), limits
        return self.read


def watch(render: Callable[[], object], inputs: Callable[[], Stamp], interval: float = 1.0,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """RENDER now, then again after each change of INPUTS, looking every INTERVAL seconds.

    Polling, not inotify: it works alike on every system and in containers, and a strategy is
    a few thousand files at most. Runs until interrupted.
    """
    last = inputs()
    render()
    while True:
        sleep(interval)
        now = inputs()
        if now != last:
            last = now
            render()
