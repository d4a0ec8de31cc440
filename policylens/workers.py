"""Reading files in worker processes that can be stopped, and that stop with the program.

Reading and parsing a file (``pipeline.prepare``) is pure, and for a hostile or broken file it
can be endless or hungry for memory.  So every file is read in a process of its own, at most
``WORKERS`` at a time, which

- has ``budget.MEMORY_BYTES`` of address space: a file that needs more fails alone, with a reason;
- is killed after ``budget.DOCUMENT_SECONDS``, and the file reported as taking too long to read;
- is killed when the caller stops for any reason (cancel, an error, Ctrl+C), and exits by itself
  when the process that started it has gone, even by SIGKILL, so no worker outlives an import.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import resource_tracker
from multiprocessing.connection import wait
from pathlib import Path

from policylens import budget
from policylens.ingest.source import IngestError
from policylens.pipeline import Prepared, prepare
from policylens.tasks import CancelFn, check

WORKERS = 2                # the machines PolicyLens runs on have two cores or more
PARENT_POLL_S = 0.5        # how often a worker looks whether its parent is still there

_context = multiprocessing.get_context("spawn")   # no copy of the caller's threads and open files


def prepare_all(requests: list[tuple[Path, dict]], cancel: CancelFn,
                while_waiting=None) -> Iterator[tuple[int, Prepared | None, str]]:
    """Read each (path, ``prepare`` keyword arguments) in a worker, largest file first; yield
    (index into ``requests``, the Prepared document or None, the reason it was refused) as each
    finishes.  ``while_waiting`` is called once, after the first workers have started."""
    order = sorted(range(len(requests)), key=lambda i: -_size(requests[i][0]))
    running: dict[int, _Worker] = {}
    try:
        while order or running:
            while order and len(running) < WORKERS:
                index = order.pop(0)
                running[index] = _Worker(*requests[index])
            if while_waiting:
                while_waiting()
                while_waiting = None
            check(cancel)
            ready = wait([w.ready for w in running.values()], timeout=0.1)
            for index, worker in list(running.items()):
                if worker.ready in ready or worker.overdue():
                    del running[index]
                    yield index, *worker.result()
    finally:
        for worker in running.values():
            worker.stop()


class _Worker:
    """One process reading one file."""

    def __init__(self, path: Path, kwargs: dict):
        self.path = path
        self.started = time.monotonic()
        self.ready, child_end = _context.Pipe(duplex=False)
        self.process = _context.Process(target=_read, args=(child_end, os.getpid(), budget.MEMORY_BYTES, path, kwargs),
                                        daemon=True, name=f"policylens-read {Path(path).name}")
        with _no_interrupts():   # the new process is born with Ctrl+C held back, until _read ignores it
            self.process.start()
        child_end.close()
        self.deadline = self.started + budget.DOCUMENT_SECONDS

    def overdue(self) -> bool:
        return time.monotonic() > self.deadline

    def result(self) -> tuple[Prepared | None, str]:
        try:
            if self.ready.poll():
                return self.ready.recv()
        except (EOFError, OSError):
            pass   # the process ended without an answer
        finally:
            self.stop()
        if self.overdue():
            return None, (f"reading it took longer than {budget.DOCUMENT_SECONDS / 60:.0f} minutes, so it was "
                          "stopped; PolicyLens reads each file within that time")
        return None, f"reading it stopped unexpectedly (the reading process ended with code {self.process.exitcode})"

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.ready.close()


def _read(conn, parent: int, memory_bytes: int, path: Path, kwargs: dict) -> None:
    """In the worker: read one file and send (Prepared or None, reason) back.  Ctrl+C in a terminal
    reaches every process of the program; the caller handles it and stops this one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _limit_memory(memory_bytes)
    try:
        answer = prepare(path, **kwargs), ""
    except IngestError as exc:
        answer = None, exc.reason
    except MemoryError:
        answer = None, (f"reading it needed more than {memory_bytes / 2**20:,.0f} MB of memory, the most "
                        "PolicyLens gives one file")
    conn.send(answer)
    conn.close()


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Block SIGINT in this thread while a process is started: the child inherits the mask, so a
    Ctrl+C that arrives while its interpreter is still starting cannot kill it with a traceback."""
    if not hasattr(signal, "pthread_sigmask"):   # Windows has no signal masks: _read ignores it when it runs
        yield
        return
    resource_tracker.ensure_running()   # first: starting it unblocks SIGINT in the calling thread
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exit_with(parent: int) -> None:
    """End this worker as soon as the process that started it is gone (its parent changes)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _limit_memory(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:   # Windows: the time limit still applies
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or memory_bytes < hard:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
