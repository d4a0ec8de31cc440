"""Relations and dates as amended in the desktop application: the status banner, the library and
the timeline, driven with pytest-qt on the corpus."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication  # noqa: E402

EU, EO, SB = "eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047"


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy(), timeout=180_000)
    QApplication.processEvents()


def test_the_status_banner_names_what_replaced_a_vetoed_bill_and_a_revoked_order(qtbot, ctx):
    from policylens_ui.views.status_banner import StatusBanner

    banner = StatusBanner()
    qtbot.addWidget(banner)
    banner.show_document(ctx.document(SB), ctx.ws)
    assert "Vetoed — never became law. Enacted successor: SB 53 (2025-09-29)." in banner.text()
    banner.show_document(ctx.document(EO), ctx.ws)
    assert "Revoked by: EO 14148 (2025-01-20); Successor: EO 14179 (2025-01-23)." in banner.text()
    banner.show_document(ctx.document(EU), ctx.ws)
    assert "Amended by: Digital Omnibus on AI (2026-06-29)." in banner.text()


def test_the_library_lists_relations_under_each_document_and_opens_those_in_the_workspace(qtbot, ctx):
    from policylens_ui.models.library import ItemIdRole, ItemKindRole
    from policylens_ui.views.library import LibraryView
    from policylens import relations

    relations.record(ctx.ws, _user_doc(ctx), "implements", EU)
    ctx.refresh()
    view = LibraryView(ctx)
    qtbot.addWidget(view)
    model = view.proxy

    def children(doc_id):
        for row in range(model.rowCount()):
            group = model.index(row, 0)
            for n in range(model.rowCount(group)):
                doc = model.index(n, 0, group)
                if doc.data(ItemIdRole) == doc_id:
                    return [model.index(k, 0, doc) for k in range(model.rowCount(doc))]
        raise AssertionError(doc_id)

    from PySide6.QtCore import Qt

    document = next(model.index(n, 0, model.index(r, 0)) for r in range(model.rowCount())
                    for n in range(model.rowCount(model.index(r, 0)))
                    if model.index(n, 0, model.index(r, 0)).data(ItemIdRole) == SB)
    assert document.data(Qt.ItemDataRole.ToolTipRole).splitlines()[1:3] == [
        "Statute, 2024-09-03", "Vetoed. Enrolled 2024-09-03; vetoed by the Governor 2024-09-29. Never became law."]
    sb = [i for i in children(SB) if i.data(ItemKindRole) == "relation"]
    assert [i.data() for i in sb] == ["↳ Successor: SB 53 (not in the workspace)"]
    eu = [i for i in children(EU) if i.data(ItemKindRole) == "relation"]
    assert eu[0].data() == "↳ Amended by: Digital Omnibus on AI (not in the workspace)"
    mine = next(i for i in eu if i.data(ItemIdRole) == _user_doc(ctx))
    with qtbot.waitSignal(view.documentActivated) as opened:
        view._activate(mine)
    assert opened.args == [_user_doc(ctx)]
    with qtbot.assertNotEmitted(view.documentActivated):
        view._activate(sb[0])


def _user_doc(ctx) -> str:
    """A user document in the workspace (added once per test workspace)."""
    found = [d.id for d in ctx.ws.documents() if not d.catalogued]
    if found:
        return found[0]
    from pathlib import Path

    from policylens.importer import add_file

    source = Path(ctx.document(EO).source_path).with_suffix(".txt")
    draft = Path(ctx.workspace_path).parent / "eo-draft.txt"
    draft.write_text(source.read_text() + "\nSec. 14. Added.\n")
    return add_file(ctx.ws, draft, status="draft").imported[0]


def test_the_timeline_strikes_through_the_dates_the_omnibus_moved(qtbot, ctx):
    from policylens_ui.views.timeline import LANE_LABEL_WIDTH, TimelineView

    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    idle(qtbot, ctx)
    moved = [m for m in view.markers if m.event.change and m.event.change.original]
    assert {(m.event.date, m.event.change.original) for m in moved} == {
        ("2027-12-02", "2026-08-02"), ("2028-08-02", "2027-08-02"), ("2027-08-02", "2026-08-02")}
    assert "<s>2026-08-02</s> <b>2027-12-02</b>" in next(m for m in moved if m.event.date == "2027-12-02").toolTip()
    # each original date is struck through once in its lane, however many clauses moved from it
    struck = [i for i in view.canvas.scene().items() if hasattr(i, "font") and i.font().strikeOut()]
    assert sorted(i.text() for i in struck) == ["2026-08-02", "2027-08-02"]
    boxes = [i.sceneBoundingRect() for i in struck]
    assert not any(a.intersects(b) for n, a in enumerate(boxes) for b in boxes[n + 1:])
    # nor does a struck date cover a marker, in its row or the next, whatever the zoom and filter
    for role in range(view.role_combo.count()):
        view.role_combo.setCurrentIndex(role)
        idle(qtbot, ctx)
        for px_per_day in (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0):
            view.px_per_day = px_per_day
            view.draw()
            struck = [i for i in view.canvas.scene().items() if hasattr(i, "font") and i.font().strikeOut()]
            painted = [m.sceneBoundingRect().adjusted(1, 1, -1, -1) for m in view.markers]
            covering = [i.text() for i in struck if i.sceneBoundingRect().left() < LANE_LABEL_WIDTH]
            if px_per_day >= 0.1:   # below, markers crowd every place around a mark
                covering += [i.text() for i in struck for m in painted if i.sceneBoundingRect().intersects(m)]
            assert not covering, (view.role_combo.currentText(), px_per_day, covering)
    view.role_combo.setCurrentIndex(0)
    idle(qtbot, ctx)
    view.as_adopted.setChecked(True)
    idle(qtbot, ctx)
    assert not any(m.event.change for m in view.markers)
    assert any(m.event.date == "2027-08-02" and m.event.provision.cite == "Art. 113(c)" for m in view.markers)


def test_the_compare_view_shows_the_moved_dates_under_the_instrument():
    from policylens_ui.views.compare import moved_dates_html

    html = moved_dates_html(EU)
    assert "<s>2026-08-02</s> <b>2027-12-02</b>" in html and "<s>2027-08-02</s> <b>2028-08-02</b>" in html
    assert "Digital Omnibus on AI" in html and moved_dates_html(SB) == ""


def test_the_document_facts_dialog_edits_a_user_documents_facts_and_relations(qtbot, ctx):
    from policylens_ui.views.library import LibraryView

    doc_id = _user_doc(ctx)
    ctx.refresh()
    view = LibraryView(ctx)
    qtbot.addWidget(view)
    dialog = view.edit_facts(doc_id)
    signed = ctx.ws.document(doc_id).date   # the order's own: "THE WHITE HOUSE, / October 30, 2023."
    dialog.status.setCurrentIndex(dialog.status.findData("enacted"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("statute"))
    dialog.date.setText("2026-13-01")
    dialog.save()   # refused: not a date; nothing stored
    assert ctx.ws.document(doc_id).date == signed and dialog.isVisible()
    dialog.date.setText("2026-11-30")
    dialog.relation_type.setCurrentIndex(dialog.relation_type.findData("successor_of"))
    dialog.other.setCurrentIndex(dialog.other.findData(EO))
    dialog.add_relation()
    assert [dialog.relations.item(n).text() for n in range(dialog.relations.count())] == ["Successor of: EO 14110"]
    dialog.save()   # stored off the GUI thread, and read again since its kind and date changed
    assert dialog.error.text() == "" and not dialog.isVisible()
    idle(qtbot, ctx)
    doc = ctx.ws.document(doc_id)
    assert (doc.status, doc.kind, doc.date) == ("enacted", "statute", "2026-11-30")
    from policylens.relations import relations_of
    assert [(r.type, r.other) for r in relations_of(EO, ctx.ws) if r.user] == [("succeeded_by", doc_id)]


def test_the_obligations_table_gives_deadlines_as_amended(qapp, corpus_workspace):
    from policylens_ui.models.obligations import DEADLINE_COLUMN, ObligationsModel
    from PySide6.QtCore import Qt

    from policylens.export import provision_records
    from policylens.workspace import Workspace

    with Workspace(corpus_workspace) as ws:
        model = ObligationsModel(list(provision_records(ws, EU)), {EU: "EU AI Act"})
    cells = {}
    for row, record in enumerate(model._records):
        index = model.index(row, DEADLINE_COLUMN)
        cells[record["cite"]] = (index.data(), index.data(Qt.ItemDataRole.ToolTipRole))
    shown, tip = cells["Art. 113(c)"]
    assert shown == "2028-08-02 (was 2027-08-02)" and "Digital Omnibus on AI" in tip
    assert cells["Art. 113(a)"][0] == "2025-02-02"


def test_two_documents_of_one_jurisdiction_are_linked_in_the_window(qtbot, tmp_path, corpus_dir, wider_sources):
    """The order and the memorandum that implements it are both federal US instruments: the
    inspector still lists the memorandum's counterparts in the order, as the graph and the
    'counterparts' command do."""
    from policylens_ui.app import make_application
    from policylens_ui.context import AppContext
    from policylens_ui.related import counterparts
    from PySide6.QtCore import QSettings

    from policylens import catalogue
    from policylens.pipeline import prepare
    from policylens.workspace import Workspace

    omb = "us-omb-m-25-21"
    path = tmp_path / "federal.sqlite"
    with Workspace(path) as ws:
        for doc_id, source in ((EO, corpus_dir / "us-eo-14110.md"), (omb, wider_sources[omb])):
            ready = prepare(source, instrument=catalogue.by_id(doc_id))
            ws.store_document(ready.doc, ready.nodes)
    make_application()
    ctx = AppContext(path, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    try:
        assert {d.jurisdiction for d in ctx.documents()} == {"US"}
        assert ctx.load_links() is not None
        idle(qtbot, ctx)
        units = [n for n in ctx.nodes(omb) if n.is_unit]
        found = [counterparts(ctx, n.id) for n in units]
        assert sum(any(doc == EO and shown for doc, shown in per_doc) for per_doc in found) >= 20
    finally:
        ctx.close()
