"""Torch's thread settings, chosen by quotetrack: the OpenMP wait policy before torch loads, the thread counts after.

Torch's CPU wheels run their intra-op threads on GNU OpenMP (libgomp, see `torch.__config__.parallel_info()`),
which reads its environment once, when torch is imported. By default an idle libgomp thread spins for about
300,000 rounds (a few milliseconds) before it sleeps; on a CPU shared with other jobs that spinning takes the core
from the thread it waits for, and 2 torch threads fell from 157 to 54 words/s beside other jobs while passive
waiting held (docs/performance.md, 2026-12-04). Variables the user set always win.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import MutableMapping

# Idle threads sleep at once instead of spinning (libgomp then uses a spin count of 0; GOMP_SPINCOUNT still wins).
OPENMP_DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE"}


def prefer_passive_waiting(environ: MutableMapping[str, str] = os.environ) -> dict[str, str]:
    """Set OPENMP_DEFAULTS where `environ` lacks them and return what was set; effective only before torch loads."""
    chosen = {name: value for name, value in OPENMP_DEFAULTS.items() if name not in environ}
    environ.update(chosen)
    return chosen


def set_threads(threads: int) -> None:
    """`threads` intra-op torch threads, and one inter-op thread (Stanza runs one model call at a time)."""
    import torch

    torch.set_num_threads(max(1, threads))
    if torch.get_num_interop_threads() != 1:
        with contextlib.suppress(RuntimeError):  # torch allows it once, before any inter-op work
            torch.set_num_interop_threads(1)
