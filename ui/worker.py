"""Long work off the GUI thread: the one worker abstraction the application uses.

A ``Task`` wraps a core function that accepts ``progress(fraction, message)`` and ``cancel()``
callbacks and knows nothing of Qt.  The ``TaskRunner`` runs tasks one at a time on a private
``QThreadPool`` (so writes to the workspace are serialised, as in Anki's TaskManager); each task
opens its own ``Workspace`` on the same file (SQLite WAL lets the GUI keep reading meanwhile).
Results, progress and errors come back to the GUI thread through queued signals.  Errors a user
can cause arrive as plain messages; anything else is logged with its traceback and reported in one
sentence.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from policylens.annotations import AnnotationError
from policylens.ingest.source import IngestError
from policylens.tasks import Cancelled
from policylens.workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)

# fn(workspace, progress, cancel) -> result
WorkFn = Callable[[Workspace, Callable[[float, str], None], Callable[[], bool]], Any]

PROGRESS_INTERVAL_S = 0.05


def user_error_types() -> tuple[type[BaseException], ...]:
    """Exceptions whose message is written for the user.  A DownloadError or a BriefError can only
    come from a task that imported ``policylens.download`` or ``policylens.brief``, so each is
    looked up only once its module is loaded (importing them here would load the ingestion
    pipeline and the PDF renderer at start-up)."""
    found: list[type[BaseException]] = [IngestError, WorkspaceError, AnnotationError, OSError]
    for module_name, error_name in (("policylens.download", "DownloadError"), ("policylens.brief", "BriefError")):
        module = sys.modules.get(module_name)
        if module is not None:
            found.append(getattr(module, error_name))
    return tuple(found)


def user_message(exc: BaseException) -> str:
    """The text shown to the user for an error raised by the core."""
    if isinstance(exc, user_error_types()):
        return str(exc)
    return f"Something went wrong: {exc.__class__.__name__}: {exc}"


class Task(QObject):
    """One piece of background work, observed from the GUI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after succeeded, failed or cancelled
    ended = Signal(object)   # this task, after finished: the runner forgets it once every listener has heard

    def __init__(self, title: str, work: WorkFn, workspace_path: Path, parent: QObject | None = None,
                 changes_workspace: bool = True):
        super().__init__(parent)
        self.title = title
        self.changes_workspace = changes_workspace  # False for caches that can be rebuilt at will
        self.work = work
        self.workspace_path = Path(workspace_path)
        self.message = ""
        self._stop = threading.Event()
        self._last_emit = 0.0
        self.progressed.connect(self._remember)

    def cancel(self) -> None:
        """Ask the work to stop at its next check; what it has not finished is not stored."""
        self._stop.set()

    def is_cancel_requested(self) -> bool:
        return self._stop.is_set()

    def _remember(self, _fraction: float, message: str) -> None:
        self.message = message

    def _report(self, fraction: float, message: str) -> None:
        """Called on the worker thread; rate-limited so the GUI is never flooded."""
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or fraction >= 1.0 or message != self.message:
            self._last_emit = now
            self.progressed.emit(max(0.0, min(1.0, fraction)), message)

    def run_here(self) -> None:
        """Do the work on the calling thread, reporting through the signals."""
        try:
            with Workspace(self.workspace_path) as ws:
                result = self.work(ws, self._report, self.is_cancel_requested)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:
            if not isinstance(exc, user_error_types()):  # a programming error: keep the traceback
                log.exception("task %r failed", self.title)
            self.failed.emit(user_message(exc))
        else:
            self.succeeded.emit(result)
        self.finished.emit()
        self.ended.emit(self)


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run_here()


class TaskRunner(QObject):
    """Runs tasks one after another on a background thread and tells the GUI what runs now."""

    started = Signal(object)   # Task
    finished = Signal(object)  # Task

    def __init__(self, workspace_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace_path = Path(workspace_path)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.active: list[Task] = []

    def submit(self, title: str, work: WorkFn, changes_workspace: bool = True) -> Task:
        """Queue ``work``; it starts when the event loop next runs, so every signal the caller
        connects on return is in place before the task can finish, however quick it is."""
        task = Task(title, work, self.workspace_path, self, changes_workspace)
        task.ended.connect(self._done)   # queued to this thread, behind the finished signal's own deliveries
        self.active.append(task)
        self.started.emit(task)
        QTimer.singleShot(0, self, lambda: self._start(task))
        return task

    def _start(self, task: Task) -> None:
        if task.is_cancel_requested():   # cancelled, or the window closed, before it began
            task.cancelled.emit()
            task.finished.emit()
            task.ended.emit(task)
            return
        self.pool.start(_Runnable(task))

    def busy(self) -> bool:
        return bool(self.active)

    def changing_workspace(self) -> bool:
        """True while a task that stores user-visible data (an import) runs."""
        return any(task.changes_workspace for task in self.active)

    def cancel_all(self) -> None:
        for task in self.active:
            task.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        return self.pool.waitForDone(timeout_ms)

    @Slot(object)
    def _done(self, task: Task) -> None:
        """Runs on the GUI thread after the listeners of ``task.finished``: deleting the task any
        earlier could drop their queued calls (the window then never reloaded)."""
        if task in self.active:
            self.active.remove(task)
        self.finished.emit(task)
        task.deleteLater()
