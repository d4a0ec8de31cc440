"""Progress of the running background task, with its cancel button."""

from __future__ import annotations

from policylens_ui.worker import Task, TaskRunner
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

PROGRESS_STEPS = 1000


class TaskPanel(QWidget):
    """Shows the task the runner is doing now; hidden when idle."""

    def __init__(self, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.task: Task | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setMinimumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.started.connect(self.follow)
        runner.finished.connect(self._finished)
        self.runner = runner
        self.hide()

    def follow(self, task: Task) -> None:
        if self.task is not None:
            return
        self.task = task
        self.label.setText(task.title)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        task.progressed.connect(self._progress)
        self.show()

    def cancel(self) -> None:
        if self.task:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(f"{self.task.title}: stopping…")

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * PROGRESS_STEPS))
        if self.task and message:
            self.label.setText(f"{self.task.title}: {message}")

    def _finished(self, task: Task) -> None:
        if task is self.task:
            self.task = None
            if self.runner.active:
                self.follow(self.runner.active[0])
            else:
                self.hide()
