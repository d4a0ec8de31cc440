"""Desktop details a user meets at once, driven offscreen with pytest-qt on the corpus workspace:
role names as the labels write them, the provision an annotation is about, theme names not
clipped, and the compare view's leading clause and confidences."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from policylens.linking import MIN_CONFIDENCE  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

TASK_TIMEOUT_MS = 180_000


def shown(qtbot, ctx, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not ctx.tasks.busy(), timeout=TASK_TIMEOUT_MS)
    QApplication.processEvents()
    return widget


def test_graph_names_roles_as_the_labels_write_them(qtbot, ctx):
    from policylens_ui.views.graph_view import GraphView

    view = shown(qtbot, ctx, GraphView(ctx))
    roles = {key: item.label for key, item in view.node_items.items() if item.kind == "role"}
    assert roles["role:any_ai_actor"].startswith("Any AI actor (")
    assert roles["role:public_authority"].startswith("Public authority (")


def test_an_expanded_theme_shows_which_provisions_correspond(qtbot, ctx):
    from PySide6.QtCore import Qt

    from policylens_ui.views.graph_view import EXPANSION_CAP, GraphView

    view = shown(qtbot, ctx, GraphView(ctx))
    item = view.node_items["theme:incident_reporting"]
    view.canvas.ensureVisible(item)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.canvas.mapFromScene(item.sceneBoundingRect().center()))
    shown_ids = {key for key, node in view.node_items.items() if node.kind == "provision"}
    assert 0 < len(shown_ids) <= EXPANSION_CAP
    joined = [(a, b, c) for a, b, c in view.facts.correspondences if a in shown_ids and b in shown_ids]
    assert joined and all(MIN_CONFIDENCE <= c <= 1 for _, _, c in joined)
    assert len({view.facts.provisions[a].doc for a, _, _ in joined} | {view.facts.provisions[b].doc for _, b, _ in joined}) >= 2


def test_annotation_dialog_names_the_provision(qtbot, ctx):
    from policylens_ui.views.annotation_editor import AnnotationEditor

    node = ctx.node("eu-ai-act-2024-1689/art-73/1")
    dialog = shown(qtbot, ctx, AnnotationEditor(node.cite, node.text[:60], []))
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Art. 73(1)" in text for text in texts), texts


def test_brief_dialog_shows_whole_theme_and_document_names(qtbot, ctx):
    from policylens_ui.views.brief_dialog import BriefDialog

    dialog = shown(qtbot, ctx, BriefDialog(ctx))
    for widget in (dialog.themes, dialog.documents):
        assert widget.horizontalScrollBar().maximum() == 0
        for n in range(widget.count()):
            rect = widget.visualItemRect(widget.item(n))
            assert rect.right() <= widget.viewport().width(), widget.item(n).text()
    dialog.close()


def test_compare_view_shows_the_leading_clause_and_confidences(qtbot, ctx):
    from policylens_ui.views.compare import CompareView

    view = shown(qtbot, ctx, CompareView(ctx))
    view.show_theme("incident_reporting")
    qtbot.waitUntil(lambda: "incident_reporting" in view.comparisons, timeout=TASK_TIMEOUT_MS)
    text = view.side_by_side.toPlainText()
    assert "Leads: Art. 73(1) — states a duty of the system provider" in text
    assert "(confidence 0." in text and "score" not in text


def test_original_page_opens_at_the_provision(qtbot, ctx, corpus_dir):
    from policylens.page_position import position_on_page
    from policylens_ui.views.pdf_page import PdfPageDialog

    pdf = corpus_dir / "eu-ai-act-2024-1689.pdf"
    low = ctx.node("eu-ai-act-2024-1689/art-73/1")        # starts near the foot of its page
    at = position_on_page(pdf, low.page, low.text)
    assert at is not None and at > 0.7
    high = next(n for n in (ctx.node(f"eu-ai-act-2024-1689/art-73/{k}") for k in range(2, 12))
                if n and n.page and (position_on_page(pdf, n.page, n.text) or 1) < 0.3)
    assert position_on_page(pdf, high.page, "words that are on no page of this act") is None

    dialog = shown(qtbot, ctx, PdfPageDialog(pdf, low.page, "EU AI Act Art. 73(1)", text=low.text))
    bar = dialog.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert bar.value() > bar.maximum() / 2
    top = shown(qtbot, ctx, PdfPageDialog(pdf, high.page, "EU AI Act", text=high.text))
    QApplication.processEvents()
    assert top.scroll.verticalScrollBar().value() < bar.value()
