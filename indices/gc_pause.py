"""`paused_gc()`: the cyclic garbage collector held off while a computation allocates many acyclic objects.

The collector is process-wide, so a pause is never a library side effect: only the explicit batch APIs take it
(`indices.carbon.compute_batch`, `indices.store.compute_batch`), and a caller that owns the process (a benchmark,
a one-shot command) may take it around its own work. `tests/indices/test_gc_pause.py` holds that.

Deriving a battery's indices or a batch of footprints allocates hundreds of thousands of small dicts and tuples;
with the collector on, every few hundred allocations it rescans them (and the rest of the heap), which cost a
third of the time of one battery at 10,000 sites. Everything those computations build is acyclic, so reference
counting frees it anyway; any cycle made meanwhile is collected once the collector is back on.

Pauses nest and may overlap across threads: the collector is re-enabled when the last one ends, and only if it
was enabled when the first one began. Before it is, what the computation returned (a result of a hundred thousand
objects) is moved to the oldest generation with `gc.freeze()` + `gc.unfreeze()`, which costs nothing: left in the
youngest, the first collection after the pause would traverse all of it (a tenth of a second at 10,000 sites)
only to find what reference counting frees anyway. A cycle made meanwhile waits for the next full collection.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.freeze()
                gc.unfreeze()
                gc.enable()
