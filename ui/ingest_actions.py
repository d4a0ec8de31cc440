"""Bringing texts into the workspace from the GUI: import a folder, add files, download.

Each action wraps the core function (``import_folder``, ``add_file``, ``download_corpus``) in a
background task and turns its ``ImportReport`` into a message: a status-bar line when all went
well, a dialog listing every refused file, checksum difference or failed download otherwise.
"""

from __future__ import annotations

from pathlib import Path

from policylens_ui.context import AppContext
from policylens_ui.worker import Task
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from policylens import catalogue
from policylens.ingest.source import IngestError
from policylens.tasks import check

# The ingestion pipeline (spaCy, pypdf) is imported by the tasks that use it, on the worker
# thread, so that opening the window stays fast.


def readable_files(paths: list[Path]) -> list[Path]:
    """The files PolicyLens can read among those the user dropped or chose."""
    from policylens.ingest.reader import file_format

    return [p for p in paths if p.is_file() and file_format(p) is not None]


def summary(report) -> str:
    parts = []
    if report.imported:
        parts.append(f"imported {len(report.imported)} document(s)")
    if report.unchanged:
        parts.append(f"{len(report.unchanged)} already up to date")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    return (", ".join(parts) or "nothing to import").capitalize()


class IngestActions(QObject):
    """The import, add and download commands, shared by the welcome screen, menus and drops."""

    reported = Signal(str, list)   # one-line summary, detailed lines
    failed = Signal(str)           # a message for the user

    def __init__(self, ctx: AppContext, window: QWidget):
        super().__init__(window)
        self.ctx = ctx
        self.window = window

    def import_folder(self, folder: Path) -> Task:
        def work(ws, progress, cancel):
            from policylens.importer import import_folder

            return import_folder(ws, Path(folder), progress=progress, cancel=cancel)

        return self._run(f"Importing {Path(folder).name}", work)

    def add_files(self, paths: list[Path]) -> Task | None:
        files = readable_files([Path(p) for p in paths])
        if not files:
            self._show_failure("PolicyLens reads PDF, HTML, Markdown and plain-text files; "
                               "none of the dropped files is one of those.")
            return None

        def work(ws, progress, cancel):
            from policylens.importer import ImportReport, add_file

            total = ImportReport()
            for n, path in enumerate(files):
                check(cancel)

                def step(fraction: float, message: str, n=n) -> None:
                    progress((n + fraction) / len(files), message)
                try:
                    report = add_file(ws, path, progress=step, cancel=cancel)
                except IngestError as exc:
                    total.failed.append((path.name, exc.reason))
                    continue
                for name in ("imported", "unchanged", "alternatives", "skipped", "failed", "warnings"):
                    getattr(total, name).extend(getattr(report, name))
            return total

        title = f"Adding {files[0].name}" if len(files) == 1 else f"Adding {len(files)} files"
        return self._run(title, work)

    def download(self, dest_dir: Path | None = None, base_url: str | None = None) -> Task:
        dest = Path(dest_dir) if dest_dir else self.ctx.workspace_path.parent / "sources"
        def work(ws, progress, cancel):
            from policylens.download import download_corpus

            return download_corpus(ws, dest, base_url=base_url, progress=progress, cancel=cancel)

        return self._run("Downloading the official texts", work)

    def confirm_download(self) -> Task | None:
        hosts = sorted({s.url.split("/")[2] for i in catalogue.downloadable() for s in [i.preferred_source]})
        answer = QMessageBox.question(
            self.window, "Download the official texts",
            "PolicyLens will download each instrument's official file from its publisher "
            f"({', '.join(hosts)}), check it against the catalogue and import it.\n\n"
            "This is the only action that uses the internet. Continue?")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.download()

    # -- reporting ----------------------------------------------------------------------------
    def _run(self, title: str, work) -> Task:
        task = self.ctx.run_task(title, work)
        task.succeeded.connect(self._report)
        task.failed.connect(self._show_failure)
        task.cancelled.connect(lambda: self._status(f"{title}: cancelled; nothing was changed"))
        return task

    def _report(self, report) -> None:
        line = summary(report)
        details = report.lines()
        self.reported.emit(line, details)
        self._status(line)
        if report.failed or report.warnings:
            box = QMessageBox(QMessageBox.Icon.Warning, "Import finished with problems",
                              line + ".", QMessageBox.StandardButton.Ok, self.window)
            box.setInformativeText("\n".join(f"• {d}" for d in details if d.startswith(("failed", "warning"))))
            box.setDetailedText("\n".join(details))
            box.open()

    def _show_failure(self, message: str) -> None:
        self.failed.emit(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "PolicyLens", message, QMessageBox.StandardButton.Ok,
                          self.window)
        box.open()

    def _status(self, message: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar:
            bar().showMessage(message, 10_000)
