"""The Compare, Graph and Timeline views and the briefing dialog, driven with pytest-qt on the corpus."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TASK_TIMEOUT_MS = 180_000
EO = "us-eo-14110"


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy(), timeout=TASK_TIMEOUT_MS)
    QApplication.processEvents()


def shown(qtbot, ctx, view):
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    idle(qtbot, ctx)
    return view


def test_matrix_shows_each_document_with_its_status_and_opens_a_theme_side_by_side(qtbot, ctx):
    from policylens_ui.views.compare import CompareView

    view = shown(qtbot, ctx, CompareView(ctx))
    table = view.table
    assert table.columnCount() == 4
    headers = [table.horizontalHeaderItem(c).text() for c in range(4)]
    assert any("SB-1047" in h and "VETOED" in h for h in headers), headers
    assert any("EO 14110" in h and "REVOKED" in h for h in headers), headers
    assert any("IN FORCE" in h for h in headers), headers
    # every line of a status is whole: no column is narrower than its widest status line
    from PySide6.QtGui import QFontMetrics

    from policylens_ui import theme
    metrics = QFontMetrics(theme.bold_font())
    status_lines = [line for h in headers for line in h.split("\n")[1:]]
    assert "NOT LAW" in status_lines and "…" not in "".join(status_lines)
    narrowest = min(table.horizontalHeader().sectionSize(c) for c in range(4))
    assert narrowest >= max(metrics.horizontalAdvance(line) for line in status_lines)

    row = view.matrix.themes.index("incident_reporting")
    table.scrollTo(table.model().index(row, 0))
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    idle(qtbot, ctx)
    assert view.current_theme == "incident_reporting"
    per_doc = view.shown_provisions()
    assert sum(1 for ids in per_doc.values() if ids) >= 3
    html = view.side_by_side.toHtml()
    assert "VETOED" in html and "Corresponding" in html

    clause = next(ids[0] for ids in per_doc.values() if ids)   # which documents have clauses is extraction's business
    with qtbot.waitSignal(view.provisionActivated) as signal:
        view.side_by_side.anchorClicked.emit(_anchor_to(view, clause))
    assert signal.args == [clause]


def _anchor_to(view, provision_id: str):
    """The link the side-by-side view printed for a clause (taken from the document, not rebuilt)."""
    from PySide6.QtCore import QUrl

    block = view.side_by_side.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href.endswith(provision_id):
                return QUrl(href)
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {provision_id} in the side-by-side view")


def test_clicking_a_theme_then_a_provision_node_opens_the_provision(qtbot, ctx):
    from policylens_ui.views.graph_view import EXPANSION_CAP, GraphView

    view = shown(qtbot, ctx, GraphView(ctx))
    kinds = {item.kind for item in view.node_items.values()}
    assert kinds == {"document", "theme", "role"}
    canvas = view.canvas

    def click(key):
        item = view.node_items[key]
        canvas.ensureVisible(item)
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=canvas.mapFromScene(item.sceneBoundingRect().center()))

    click("theme:incident_reporting")
    provisions = [key for key, item in view.node_items.items() if item.kind == "provision"]
    assert 0 < len(provisions) <= EXPANSION_CAP
    assert all("incident_reporting" in view.facts.provisions[key].themes for key in provisions)
    with qtbot.waitSignal(view.provisionActivated) as signal:
        click(provisions[0])
    assert signal.args == [provisions[0]]
    assert ctx.node(provisions[0]) is not None


def test_counterparts_mode_draws_an_articles_clauses_and_their_counterparts_per_jurisdiction(qtbot, ctx):
    from policylens_ui.views.graph_view import GraphView
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from policylens.citations import article

    view = shown(qtbot, ctx, GraphView(ctx))
    eu = "eu-ai-act-2024-1689"
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
    assert view.doc_combo.currentData() == view.source_document() != ""   # the document drawn is the one named
    view.doc_combo.setCurrentIndex(view.doc_combo.findData(eu))
    assert view.article_combo.isVisible()
    view.article_combo.setCurrentIndex(view.article_combo.findData("Art. 73"))
    assert view.article_combo.currentData() == "Art. 73"
    provisions = {key: view.facts.provisions[key] for key, item in view.node_items.items() if item.kind == "provision"}
    sources = [p for p in provisions.values() if p.doc == eu]
    assert sources and all(article(p.cite) == "Art. 73" for p in sources)
    others = {p.doc for p in provisions.values()} - {eu}
    assert others, "Art. 73 (serious incidents) has counterparts abroad"
    columns = {key[4:] for key, item in view.node_items.items() if item.kind == "document"}
    assert columns == others | {eu}
    # every drawn counterpart is one the links show above the minimum, and its edge is labelled
    # with that confidence
    labels = [item.text() for item in view.canvas.scene().items() if isinstance(item, QGraphicsSimpleTextItem)]
    shown_pairs = [(p.id, target, confidence) for p in sources for target, confidence, _, _ in view.facts.counterparts[p.id]
                   if target in provisions]
    assert len(labels) == len(shown_pairs)
    assert sorted(label.split(" ")[0] for label in labels) == sorted(f"{c:.2f}" for *_, c in shown_pairs)
    ctx.load_links()
    idle(qtbot, ctx)
    by_source = ctx.links
    for source, target, confidence in shown_pairs:
        link = next(l for l in by_source[source] if l.target == target)
        assert link.is_counterpart and link.rank == 1 and round(link.confidence, 2) == round(confidence, 2)
    assert "Art. 73" in view.status.text() and "clauses have counterparts" in view.status.text()

    view.mode_combo.setCurrentIndex(view.mode_combo.findData("overview"))
    assert not view.article_combo.isVisible()
    assert {item.kind for item in view.node_items.values()} == {"document", "theme", "role"}


def test_counterparts_of_more_clauses_than_fit_are_drawn_a_page_at_a_time(qtbot, ctx):
    """A theme with more clauses than one drawing holds: the status line says which are drawn
    and links to the next ones; another filter starts again from the first."""
    from policylens_ui.views.graph_view import COUNTERPART_CAP, GraphView

    view = shown(qtbot, ctx, GraphView(ctx))
    eu = "eu-ai-act-2024-1689"
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
    view.doc_combo.setCurrentIndex(view.doc_combo.findData(eu))
    view.theme_combo.setCurrentIndex(view.theme_combo.findData("incident_reporting"))

    def sources():
        return [key for key, item in view.node_items.items() if item.kind == "provision"
                and view.facts.provisions[key].doc == eu and item.pos().x() == 0]

    answered = [p.id for p in view.facts.provisions.values() if p.doc == eu
                and "incident_reporting" in p.themes and p.id in view.facts.counterparts]
    assert len(answered) > COUNTERPART_CAP
    assert sources() == answered[:COUNTERPART_CAP]
    assert f"clauses 1–{COUNTERPART_CAP} shown" in view.status.text() and "previous" not in view.status.text()
    view.status.linkActivated.emit(str(COUNTERPART_CAP))
    assert sources() == answered[COUNTERPART_CAP:2 * COUNTERPART_CAP]
    assert f"clauses {COUNTERPART_CAP + 1}–" in view.status.text() and "‹ previous" in view.status.text()
    # a start past the end shows the last page, from which every page can be reached again
    view.status.linkActivated.emit("1000")
    last_page = (len(answered) - 1) // COUNTERPART_CAP * COUNTERPART_CAP
    assert sources() == answered[last_page:]
    assert f'<a href="{last_page - COUNTERPART_CAP}">' in view.status.text()
    # a rebuilt graph starts from the first page
    view.reload()
    idle(qtbot, ctx)
    assert view.first_clause == 0 and sources() == answered[:COUNTERPART_CAP]
    view.article_combo.setCurrentIndex(view.article_combo.findData("Art. 73"))
    assert all(view.facts.provisions[key].cite.startswith("Art. 73") for key in sources())
    assert view.first_clause == 0


@pytest.mark.parametrize("cited", ["Art. 73", "Art. 55"])
def test_counterpart_labels_cover_neither_each_other_nor_a_box(qtbot, ctx, cited):
    """Where many clauses share one counterpart their edges converge, and labels placed at one
    fixed point of each edge lay on top of each other; each now takes the nearest free place."""
    from policylens_ui.views.graph_view import GraphView
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    view = shown(qtbot, ctx, GraphView(ctx))
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
    view.doc_combo.setCurrentIndex(view.doc_combo.findData("eu-ai-act-2024-1689"))
    view.article_combo.setCurrentIndex(view.article_combo.findData(cited))
    labels = [item.parentItem().sceneBoundingRect() for item in view.canvas.scene().items()
              if isinstance(item, QGraphicsSimpleTextItem)]
    boxes = [item.sceneBoundingRect() for item in view.node_items.values()]
    assert len(labels) > 10
    crossing = [(a, b) for n, a in enumerate(labels) for b in labels[n + 1:] if a.intersects(b)]
    assert not crossing, f"{len(crossing)} pairs of labels overlap"
    assert not [a for a in labels for b in boxes if a.intersects(b)]


def test_the_sentences_of_one_clause_are_told_apart_in_the_counterparts_graph(qtbot, ctx):
    """Art. 73(7) has three sentences, each a provision with that citation: the graph labels them
    "Art. 73(7)", "Art. 73(7), sentence 2" and so on, never the same box label twice in a column."""
    from collections import Counter

    from policylens_ui.views.graph_view import GraphView

    view = shown(qtbot, ctx, GraphView(ctx))
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
    view.doc_combo.setCurrentIndex(view.doc_combo.findData("eu-ai-act-2024-1689"))
    view.article_combo.setCurrentIndex(view.article_combo.findData("Art. 73"))
    boxes = [(round(item.pos().x()), item.label) for item in view.node_items.values() if item.kind == "provision"]
    assert len(boxes) > 10
    assert max(Counter(boxes).values()) == 1, Counter(boxes).most_common(3)
    assert any(label.endswith(", sentence 2") for _, label in boxes)


def test_timeline_dates_eo_deadlines(qtbot, ctx):
    from policylens_ui.views.timeline import TimelineView

    view = shown(qtbot, ctx, TimelineView(ctx))
    dated = view.events_of(EO)
    assert dated
    assert all(event.date >= "2023-10-30" for event in dated)   # counted from the order's date
    assert any(m.event.provision.doc == EO for m in view.markers)
    marker = next(m for m in view.markers if m.event.provision.doc == EO)
    assert marker.event.provision.cite in marker.toolTip()

    view.doc_combo.setCurrentIndex(view.doc_combo.findData(EO))
    idle(qtbot, ctx)
    assert view.events and {e.provision.doc for e in view.events} == {EO}


def test_brief_dialog_builds_a_pdf_with_a_preview(qtbot, ctx, tmp_path):
    pytest.importorskip("policylens.brief")
    from policylens_ui.views.brief_dialog import BriefDialog

    dialog = BriefDialog(ctx)
    qtbot.addWidget(dialog)
    out = tmp_path / "brief.pdf"
    dialog.output_edit.setText(str(out))
    dialog.title_edit.setText("Incident reporting across jurisdictions")
    assert dialog.options().themes == ("incident_reporting",)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ctx)
    assert out.read_bytes().startswith(b"%PDF"), dialog.message.text()
    assert dialog.open_button.isEnabled()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
