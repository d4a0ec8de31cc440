"""Annotating in the real main window on the real corpus: create, edit, delete with undo and redo,
the margin and the panel, the tag filter, export/import through the File menu's slots, About,
and restoring a damaged workspace from its backup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from policylens_ui.app import make_application, open_context  # noqa: E402
from policylens_ui.context import AppContext  # noqa: E402
from policylens_ui.main_window import MainWindow  # noqa: E402
from policylens_ui.models.obligations import RecordRole  # noqa: E402
from policylens_ui.views.annotation_editor import AnnotationEditor, AnnotationInput  # noqa: E402
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from policylens import __version__, annotations  # noqa: E402
from policylens.workspace import CorruptWorkspace, Workspace  # noqa: E402

EU = "eu-ai-act-2024-1689"
TASK_TIMEOUT_MS = 60_000


def copy_workspace(source: Path, dest_dir: Path) -> Path:
    dest = dest_dir / source.name
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{dest}{suffix}")
    return dest


@pytest.fixture()
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def window(qtbot, workspace_copy, tmp_path, settings):
    """The main window on a copy of the corpus workspace.  Cross-jurisdiction links are not
    computed (``open_window`` would start that): nothing here needs counterparts."""
    make_application()
    win = MainWindow(AppContext(workspace_copy(), settings))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def unit_using(window, doc_id: str, word: str) -> str:
    for node in window.ctx.nodes(doc_id):
        if node.is_unit and f" {word} " in node.text and node.id in window.reader._text_starts:
            return node.id
    raise AssertionError(f"no unit of {doc_id} shows '{word}'")


def select_in_reader(window, node_id: str, word: str) -> None:
    """Select the first ``word`` of the provision as a user dragging over it would."""
    reader = window.reader
    shown = " ".join(window.ctx.node(node_id).text.split())
    at = reader._text_starts[node_id] + shown.index(f" {word} ") + 1
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(at)
    cursor.setPosition(at + len(word), QTextCursor.MoveMode.KeepAnchor)
    reader.text.setTextCursor(cursor)


def answer_editor(note: str, tags: str, colour: str = "green") -> None:
    """Fill in the annotation editor once it is open, and save."""
    def fill() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, AnnotationEditor), editor
        editor.note.setPlainText(note)
        editor.tags.setText(tags)
        editor.colour.setCurrentIndex(editor.colour.findText(colour))
        editor.accept()
    QTimer.singleShot(50, fill)


def panel_ids(window) -> list[str]:
    return [a.id for a in window.annotations_panel.placed.annotations()]


def test_annotating_selected_text_shows_it_and_undo_redo_keep_its_id(qtbot, window):
    window.ctx.open_document(EU)
    node_id = unit_using(window, EU, "deployers")
    window.ctx.open_provision(node_id)
    select_in_reader(window, node_id, "deployers")

    answer_editor("Check who counts as a deployer here.", "deployers, follow-up")
    window.annotate_action.trigger()

    stored = annotations.list_annotations(window.ctx.ws, node=node_id)
    assert len(stored) == 1
    created = stored[0]
    assert created.exact == "deployers" and created.tags == ["deployers", "follow-up"]
    assert created.color == annotations.record.PALETTE["green"]
    assert panel_ids(window) == [created.id]
    reader = window.reader
    assert reader._blocks[node_id] in reader.text.markers
    quotes = [s.cursor.selectedText() for s in reader.text.extraSelections()]
    assert "deployers" in quotes

    window.undo_action.trigger()
    assert annotations.get(window.ctx.ws, created.id) is None
    assert panel_ids(window) == []
    assert reader.text.markers == {}

    window.redo_action.trigger()
    assert annotations.get(window.ctx.ws, created.id) == created
    assert panel_ids(window) == [created.id]
    assert reader._blocks[node_id] in reader.text.markers

    window.ctx.open_provision(node_id)
    assert window.annotations_panel.selected() == created
    window.ctx.open_provision(next(n.id for n in window.ctx.nodes(EU) if n.is_unit and n.id != node_id))
    assert window.annotations_panel.selected() is None


def test_annotating_without_selection_takes_the_whole_provision(window):
    window.ctx.open_document(EU)
    node_id = unit_using(window, EU, "providers")
    window.ctx.open_provision(node_id)
    created = window.reader.annotate(AnnotationInput("whole clause", [], "#64b5f6"))
    assert created.node_id == node_id
    assert created.exact == window.ctx.node(node_id).text


def test_annotating_from_the_obligations_table_takes_its_current_row(window):
    view = window.obligations
    window.tabs.setCurrentWidget(view)
    view.ensure_loaded()
    view.table.selectRow(3)
    record = view.selected_records()[0]
    answer_editor("from the table", "table")
    window.annotate_action.trigger()
    created = annotations.list_annotations(window.ctx.ws, tag="table")
    assert [a.node_id for a in created] == [record["id"].split("#")[0]]
    assert window.tabs.currentWidget() is view


def test_edit_from_the_panel_and_undo_it(window):
    node_id = unit_using(window, EU, "providers")
    original = window.ctx.annotations.create(node_id, note="first", tags=["risk"])
    panel = window.annotations_panel
    assert panel.select(original.id)
    edited = panel.apply_edit(original.id, AnnotationInput("second", ["risk", "gpai"], "#f48fb1"))
    assert annotations.get(window.ctx.ws, original.id).note == "second"
    assert edited.modified > original.modified
    assert "second" in panel.placed.index(0).data()

    window.undo_action.trigger()
    assert annotations.get(window.ctx.ws, original.id) == original
    assert "first" in panel.placed.index(0).data()
    window.redo_action.trigger()
    assert annotations.get(window.ctx.ws, original.id) == edited


def test_delete_from_the_panel_and_undo_restores_it_exactly(window):
    node_id = unit_using(window, EU, "providers")
    original = window.ctx.annotations.create(node_id, note="keep me", tags=["audit"])
    panel = window.annotations_panel
    panel.select(original.id)
    panel.delete_selected()
    assert annotations.get(window.ctx.ws, original.id) is None
    assert panel_ids(window) == []

    window.undo_action.trigger()
    assert annotations.get(window.ctx.ws, original.id) == original
    assert panel_ids(window) == [original.id]


def test_tag_filters_the_obligations_table_and_the_panel(window):
    tagged = unit_using(window, EU, "providers")
    other = next(n.id for n in window.ctx.nodes(EU) if n.is_unit and not n.id.startswith(tagged))
    window.ctx.annotations.create(tagged, note="to audit", tags=["audit"])
    window.ctx.annotations.create(other, note="later", tags=["later"])
    view = window.obligations
    window.tabs.setCurrentWidget(view)
    view.ensure_loaded()
    everything = view.proxy.rowCount()

    view.tag_combo.setCurrentIndex(view.tag_combo.findData("audit"))
    shown = [view.proxy.index(row, 0).data(RecordRole) for row in range(view.proxy.rowCount())]
    assert 1 <= view.proxy.rowCount() < everything
    assert all(r["id"].split("#")[0] == tagged or r["id"].startswith(tagged + "/") for r in shown)

    view.tag_combo.setCurrentIndex(0)
    assert view.proxy.rowCount() == everything

    window.annotations_panel.set_tag("later")
    assert [a.node_id for a in window.annotations_panel.placed.annotations()] == [other]


def test_export_then_import_through_the_file_menu_reports_conflicts(qtbot, window, tmp_path):
    first = window.ctx.annotations.create(unit_using(window, EU, "providers"), note="mine", tags=["a"])
    second = window.ctx.annotations.create(unit_using(window, EU, "deployers"), note="theirs", tags=["b"])
    path = tmp_path / "shared.jsonld"
    task = window.export_annotations(path)
    with qtbot.waitSignal(task.finished, timeout=TASK_TIMEOUT_MS):
        pass
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["total"] == 2

    window.ctx.annotations.edit(first.id, note="mine, edited after sharing")
    window.ctx.annotations.delete(second.id)
    task = window.import_annotations(path)
    with qtbot.waitSignal(task.finished, timeout=TASK_TIMEOUT_MS):
        pass

    assert annotations.get(window.ctx.ws, second.id) == second
    assert annotations.get(window.ctx.ws, first.id).note == "mine, edited after sharing"
    assert sorted(panel_ids(window)) == sorted([first.id, second.id])
    report = window.last_message
    assert "1 added" in report.text() and "edited both here and in the file" in report.text()
    assert "conflict:" in report.informativeText() and first.id[:8] in report.informativeText()
    assert not window.ctx.annotations.stack.canUndo()


def test_importing_a_file_that_is_not_annotations_says_why(qtbot, window, tmp_path):
    path = tmp_path / "notes.jsonld"
    path.write_text("this is not JSON", encoding="utf-8")
    window.ctx.annotations.create(unit_using(window, EU, "providers"), note="kept")
    task = window.import_annotations(path)
    with qtbot.waitSignal(task.finished, timeout=TASK_TIMEOUT_MS):
        pass
    report = window.last_message
    assert report.windowTitle() == "Import failed"
    assert str(path) in report.text() and "went wrong" not in report.text()
    assert len(panel_ids(window)) == 1


def test_about_names_version_instruments_and_model(window):
    box = window.show_about()
    text = box.text()
    assert f"PolicyLens {__version__}" in text
    assert "Vetoed" in text and "Revoked" in text
    assert "spaCy" in text


def test_a_damaged_workspace_is_restored_from_its_backup_when_the_user_agrees(workspace_copy, tmp_path, settings):
    make_application()
    path = workspace_copy()
    Workspace(path).close()   # opening takes the first backup
    with open(path, "r+b") as damaged:
        damaged.seek(path.stat().st_size // 2)
        damaged.write(b"\xff" * 65_536)

    with pytest.raises(CorruptWorkspace):
        open_context(path, settings, confirm_restore=lambda exc: False)
    asked = []
    ctx = open_context(path, settings, confirm_restore=lambda exc: asked.append(exc) or True)
    try:
        assert asked and asked[0].backups
        assert {d.id for d in ctx.documents()} >= {EU}
        assert list(tmp_path.glob(f"{path.name}.damaged-*"))
    finally:
        ctx.close()


def test_a_busy_workspace_is_shown_with_the_command_line_message(window, monkeypatch):
    import subprocess
    import sys

    from policylens_ui.views import annotations_panel
    shown = []
    monkeypatch.setattr(annotations_panel.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    original = window.ctx.annotations.create(unit_using(window, EU, "providers"), note="first")
    window.ctx.ws.db.execute("PRAGMA busy_timeout = 200")
    code = (f"import sqlite3, time; db = sqlite3.connect({str(window.ctx.ws.path)!r}, isolation_level=None); "
            "db.execute('BEGIN IMMEDIATE'); db.execute('UPDATE documents SET title = title'); "
            "print('locked', flush=True); time.sleep(30)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert window.annotations_panel.apply_edit(original.id, AnnotationInput("second", [], "#f48fb1")) is None
    finally:
        holder.kill()
        holder.wait()
    assert shown == [f"{window.ctx.ws.path}: the workspace is busy: another PolicyLens is writing to it; "
                     "try again when it has finished (nothing was changed)"]
    assert annotations.get(window.ctx.ws, original.id).note == "first"
