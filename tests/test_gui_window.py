"""The real main window on the real corpus, driven as a user would with pytest-qt."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from policylens_ui.app import make_application, open_window  # noqa: E402
from policylens_ui.main_window import WELCOME_PAGE, WORKSPACE_PAGE  # noqa: E402
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent, QFont, QGuiApplication  # noqa: E402

TASK_TIMEOUT_MS = 180_000
EU = "eu-ai-act-2024-1689"


@pytest.fixture()
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def start(qtbot, path: Path, settings: QSettings):
    make_application()
    window = open_window(path, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy(), timeout=TASK_TIMEOUT_MS)


@pytest.fixture()
def window(qtbot, workspace_copy, tmp_path, settings):
    win = start(qtbot, workspace_copy(), settings)
    yield win
    idle(qtbot, win)
    win.close()


def first_unit_with_modality(window, doc_id: str, modality: str) -> str:
    extractions = window.ctx.extractions(doc_id)
    for node in window.ctx.nodes(doc_id):
        parts = extractions.get(node.id) or []
        if node.is_unit and parts and parts[0].get("modality") == modality:
            return node.id
    raise AssertionError(f"no {modality} in {doc_id}")


def test_opens_on_the_library_with_status(window):
    assert window.pages.currentIndex() == WORKSPACE_PAGE
    assert window.library.model.rowCount() >= 3
    window.ctx.open_document("us-ca-sb1047")
    assert window.reader.current_document() == "us-ca-sb1047"
    assert window.reader.banner.isVisible()
    assert "VETOED" in window.reader.banner.text()


def test_clicking_a_provision_shows_its_fields(qtbot, window):
    node_id = first_unit_with_modality(window, EU, "obligation")
    window.ctx.open_document(EU)
    reader = window.reader
    block = reader.text.document().findBlockByNumber(reader._blocks[node_id])
    reader.text.setTextCursor(reader.text.textCursor())
    cursor = reader.text.textCursor()
    cursor.setPosition(block.position() + block.length() - 2)
    reader.text.setTextCursor(cursor)
    reader.text.ensureCursorVisible()
    point = reader.text.cursorRect(cursor).center()
    qtbot.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    shown = window.inspector.browser.toPlainText()
    node = window.ctx.node(node_id)
    assert node.cite in shown
    assert "Modality" in shown and "Obligation" in shown
    assert "because:" in shown or not window.ctx.extractions(EU)[node_id][0].get("cues")
    assert window.inspector.provision_id == node_id


def test_opening_another_document_clears_the_inspector_of_the_last_ones_provision(window):
    node_id = first_unit_with_modality(window, EU, "obligation")
    window.ctx.open_provision(node_id)
    assert window.inspector.provision_id == node_id
    window.ctx.open_document(EU)   # the same document: the provision stays in view
    assert window.inspector.provision_id == node_id
    window.ctx.open_document("us-ca-sb1047")
    assert window.inspector.provision_id is None
    assert "Select a provision" in window.inspector.browser.toPlainText()


def test_inspector_references_are_links(qtbot, window):
    extractions = window.ctx.extractions(EU)
    source = next(nid for nid, parts in extractions.items() if parts[0].get("refs"))
    target = extractions[source][0]["refs"][0]
    window.ctx.open_provision(source)
    assert f"provision:{target}" in window.inspector.browser.toHtml()
    with qtbot.waitSignal(window.ctx.provisionRequested) as signal:
        window.inspector._link(QUrl(f"provision:{target}"))
    assert signal.args == [target]
    assert window.reader.current == window.ctx.node(target).id or window.reader.current.startswith(target)


def test_obligations_table_filters(qtbot, window):
    window.tabs.setCurrentWidget(window.obligations)
    table = window.obligations
    total = table.proxy.rowCount()
    assert total == len(window.ctx.records())
    table.modality_combo.setCurrentIndex(table.modality_combo.findData("prohibition"))
    prohibitions = sum(1 for r in window.ctx.records() if r["modality"] == "prohibition")
    assert 0 < table.proxy.rowCount() == prohibitions < total
    qtbot.keyClicks(table.search, "biometric")
    qtbot.waitUntil(lambda: table.proxy.rowCount() < prohibitions, timeout=2000)
    assert "of" in table.count_label.text()
    table.table.selectAll()
    table.copy_selection()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert len(copied) == table.proxy.rowCount() + 1


def test_csv_export_uses_the_export_writer(window, tmp_path):
    table = window.obligations
    table.ensure_loaded()
    table.doc_combo.setCurrentIndex(table.doc_combo.findData("us-eo-14110"))
    path = tmp_path / "eo.csv"
    count = table.export_csv(path, table.selected_records(all_if_none=True))
    lines = path.read_text("utf-8").splitlines()
    assert count == table.proxy.rowCount() > 0
    assert lines[0].startswith("id,doc,doc_status")
    assert all(",us-eo-14110,revoked," in line for line in lines[1:4])


def test_ctrl_k_jumps_to_a_provision(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette_dialog
    assert palette.isVisible()
    qtbot.keyClicks(palette.query, "whistleblower")
    qtbot.waitUntil(lambda: palette.results_model.rowCount() > 0 and
                    palette.results_model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) is not None, timeout=3000)
    kind, target = palette.results_model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert kind == "provision"
    assert window.inspector.provision_id == target
    assert window.reader.current_document() == window.ctx.node(target).doc


def test_citation_search_finds_the_article(qtbot, window):
    window.palette_dialog.start()
    qtbot.keyClicks(window.palette_dialog.query, "Article 5")
    window.palette_dialog.open_current()
    assert window.reader.current_document() == EU


def test_the_palette_finds_a_citation_however_spelled_and_lists_a_clause_once(qtbot, window):
    palette = window.palette_dialog
    palette.start()
    targets = []
    for query in ("Article 73", "Art 73", "art. 73"):
        palette.query.setText(query)
        palette._search()
        targets.append(palette.results_model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1))
    assert targets == [("provision", f"{EU}/art-73")] * 3
    palette.query.setText("incident")
    palette._search()
    rows = [palette.results_model.index(n, 0).data() for n in range(palette.results_model.rowCount())]
    assert len(rows) > 20 and len(rows) == len(set(rows))


def test_keyboard_moves_between_provisions(qtbot, window):
    window.ctx.open_document("us-eo-14110")
    window.reader.next_provision(1)
    first = window.reader.current
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.reader.current != first
    assert window.inspector.provision_id == window.reader.current


def test_window_state_is_remembered(qtbot, workspace_copy, tmp_path, settings):
    path = workspace_copy()
    first = start(qtbot, path, settings)
    first.ctx.open_document("us-ca-sb1047")
    first.tabs.setCurrentWidget(first.obligations)
    idle(qtbot, first)
    first.close()
    second = start(qtbot, path, settings)
    assert second.tabs.currentWidget() is second.obligations
    assert not settings.value("window/geometry").isEmpty()
    assert second.ctx.recent_documents()[0] == "us-ca-sb1047"
    assert second.reader.current_document() == "us-ca-sb1047"
    idle(qtbot, second)
    second.close()


# -- importing through the worker ------------------------------------------------------------
@pytest.fixture()
def small_text(corpus_dir, tmp_path) -> Path:
    """A short user document cut from the official EO 14110 text (sections 1 and 2)."""
    lines = (corpus_dir / "us-eo-14110.txt").read_text("utf-8").splitlines()
    start_at = next(i for i, line in enumerate(lines) if line.strip().startswith("Section 1."))
    end_at = next(i for i, line in enumerate(lines) if line.strip().startswith("Sec. 3."))
    path = tmp_path / "ai-policy-excerpt.txt"
    path.write_text("\n".join(lines[start_at:end_at]) + "\n", "utf-8")
    return path


def drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(QPoint(200, 200)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_welcome_then_drop_a_file_imports_it(qtbot, tmp_path, settings, small_text):
    window = start(qtbot, tmp_path / "empty.sqlite", settings)
    assert window.pages.currentIndex() == WELCOME_PAGE
    with qtbot.waitSignal(window.actions_.reported, timeout=TASK_TIMEOUT_MS) as report:
        drop(window, [small_text])
        assert window.welcome.tasks.isVisible()
    summary, lines = report.args
    assert "imported 1" in summary.lower(), lines
    idle(qtbot, window)
    # the workspace page replaces the welcome screen once the views have reloaded
    qtbot.waitUntil(lambda: window.pages.currentIndex() == WORKSPACE_PAGE, timeout=TASK_TIMEOUT_MS)
    docs = window.ctx.documents()
    assert [d.status for d in docs] == ["unknown"]
    assert window.reader.current_document() == docs[0].id
    window.close()


def test_a_task_that_ends_at_once_still_reaches_slow_listeners(qtbot, tmp_path, settings):
    """On a loaded machine the GUI thread may connect to a task only after the work is done: the
    task must not have started before then, or its signals are lost and a view waits forever."""
    window = start(qtbot, tmp_path / "empty.sqlite", settings)
    task = window.ctx.run_task("quick", lambda ws, progress, cancel: 42, changes_workspace=False)
    time.sleep(0.5)   # the GUI thread is busy elsewhere; a started task would be done by now
    with qtbot.waitSignal(task.succeeded, timeout=TASK_TIMEOUT_MS) as done:
        pass
    assert done.args == [42]
    idle(qtbot, window)
    window.close()


def test_refused_files_reach_the_user_as_messages(qtbot, tmp_path, settings):
    window = start(qtbot, tmp_path / "empty.sqlite", settings)
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    with qtbot.waitSignal(window.actions_.reported, timeout=TASK_TIMEOUT_MS) as report:
        window.actions_.add_files([empty])
    summary, lines = report.args
    assert "1 failed" in summary
    assert any(line.startswith("failed empty.txt:") and "Traceback" not in line for line in lines)
    with qtbot.waitSignal(window.actions_.failed, timeout=2000) as failure:
        window.actions_.add_files([tmp_path / "notes.docx"])
    assert "PDF, HTML, Markdown" in failure.args[0]
    idle(qtbot, window)
    assert window.pages.currentIndex() == WELCOME_PAGE
    window.close()


def test_cancelling_an_import_keeps_nothing(qtbot, tmp_path, settings, corpus_dir):
    window = start(qtbot, tmp_path / "empty.sqlite", settings)
    task = window.actions_.import_folder(corpus_dir)
    with qtbot.waitSignal(task.cancelled, timeout=TASK_TIMEOUT_MS):
        window.task_panel.cancel()
    idle(qtbot, window)
    assert window.ctx.documents() == []
    assert window.pages.currentIndex() == WELCOME_PAGE
    window.close()


def test_a_backup_that_could_not_be_made_is_shown_in_the_status_bar(qtbot, workspace_copy, settings):
    """A file stands where the rolling backups go: the workspace opens, and the window says that
    no backup was made, rather than letting the backups stop unseen."""
    from policylens import backup

    path = workspace_copy()
    backup.folder(path).write_text("not a folder", encoding="utf-8")
    window = start(qtbot, path, settings)
    message = window.statusBar().currentMessage()
    assert message.startswith("Backup not made:") and "opened without a new backup" in message
    idle(qtbot, window)
    window.close()


def test_the_centre_leaves_the_library_and_inspector_room_at_a_laptops_width(qtbot, window):
    """At 1440 pixels the library (300) and inspector (360) keep most of their room whichever tab
    was opened: no tab's tool bar asks the centre for a thousand pixels."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        view = page.ensure_created() if hasattr(page, "ensure_created") else page
        if hasattr(view, "mode_combo"):
            view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
        idle(qtbot, window)
    assert window.tabs.minimumSizeHint().width() <= 1440 - 220 - 360


def test_each_unit_of_a_sentence_with_two_actors_shows_its_own_clause(window):
    eo = "us-eo-14110"
    node_id = next(nid for nid, parts in window.ctx.extractions(eo).items()
                   if len(parts) == 2 and parts[1]["text"].startswith("the Secretary of Homeland Security shall carry out"))
    window.ctx.open_provision(node_id)
    shown = window.inspector.browser.toPlainText()
    assert "Unit 1 of 2" in shown and "Unit 2 of 2" in shown
    assert "“the Secretary of Homeland Security shall carry out these actions" in shown
    assert "“The Secretary of Defense shall carry out the actions" in shown


def test_the_reader_marks_each_clause_of_a_sentence_with_two_actors(window):
    """"The Secretary of Defense shall …, and the Secretary of Homeland Security shall …": both
    actors are underlined and both modal verbs emphasised, each in its own clause."""
    eo = "us-eo-14110"
    node_id = next(nid for nid, parts in window.ctx.extractions(eo).items()
                   if len(parts) == 2 and parts[1]["text"].startswith("the Secretary of Homeland Security shall carry out"))
    window.ctx.open_document(eo)
    reader = window.reader
    block = reader.text.document().findBlockByNumber(reader._blocks[node_id])
    underlined, bold = [], []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.charFormat().fontUnderline():
            underlined.append(fragment.text())
        if fragment.charFormat().fontWeight() == QFont.Weight.Bold:
            bold.append(fragment.text())
        it += 1
    assert underlined == ["The Secretary of Defense", "the Secretary of Homeland Security"]
    assert bold == ["shall", "shall"]


def test_opening_a_workspace_an_older_version_read_extracts_it_again_then_links(qtbot, workspace_copy, settings):
    from policylens import structure
    from policylens.workspace import Workspace

    path = workspace_copy("older.sqlite")
    with Workspace(path) as ws:
        ws.db.execute("UPDATE extractions SET data = json_set(data, '$.modality', 'none') WHERE doc = 'us-ca-sb1047'")
        ws.db.execute("UPDATE documents SET pipeline_version = ? WHERE id = 'us-ca-sb1047'",
                      (f"{structure.VERSION}/0.older",))
        ws.db.commit()
    window = start(qtbot, path, settings)
    assert window.ctx.tasks.busy()
    qtbot.waitUntil(lambda: window.ctx.links is not None, timeout=TASK_TIMEOUT_MS)
    modalities = {parts[0]["modality"] for parts in window.ctx.extractions("us-ca-sb1047").values()}
    assert "obligation" in modalities
    idle(qtbot, window)
    window.close()
