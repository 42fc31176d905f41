"""Forked worker processes: the check's file loading and the two sites' builds use both cores.

A worker is forked (it inherits what the parent has loaded; nothing but its task's arguments
and result is pickled) and dies with its parent, so a killed command leaves no process behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a forked worker: be killed when the parent process dies, even by kill -9 (Linux
    prctl PR_SET_PDEATHSIG), instead of working on for a minute into a deleted folder."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes that die with this one."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent,
                               initargs=(os.getpid(),))
