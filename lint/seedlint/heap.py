"""Large temporary arrays go back to the system when freed, not to a heap that keeps them.

glibc's ``malloc`` serves a block of 128 KB or more with its own ``mmap`` and returns it
to the system on ``free``, but each such ``free`` raises that threshold to the block's
size (up to 32 MB). After the first large array of a huge document is freed, arrays of
up to 32 MB come from the heap, and a heap only shrinks from its top: on a 20 MB
single-line file the process kept about 260 MB it no longer used after A204's n-gram
arrays were freed, and every later rule and the reports ran on top of it. Fixing the
threshold (which also turns off its adjustment) keeps blocks of ``MMAP_THRESHOLD`` and
more out of the heap. Documents of ordinary size never allocate blocks that large, so
their runs are unchanged. Nothing happens where the C library is not glibc.
"""

from __future__ import annotations

import ctypes

MMAP_THRESHOLD = 4 << 20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h

_done = False


def bound_heap() -> bool:
    """Fix glibc's mmap threshold at ``MMAP_THRESHOLD`` (once per process); whether it
    was set."""
    global _done
    if _done:
        return True
    _done = True
    try:
        # glibc's own name: ``ctypes.util.find_library`` would run ``ldconfig`` first.
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: nothing to set
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
