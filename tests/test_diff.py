"""Version diff on real texts: two official formats of one order, and edited copies of it for each
kind of change."""

from __future__ import annotations

import csv
import json

import pytest

from policylens.cli import main
from policylens.diff import compare_versions

EO = "us-eo-14110"


@pytest.fixture()
def eo_text(corpus_dir) -> str:
    return (corpus_dir / "us-eo-14110.txt").read_text("utf-8")


def _edited(tmp_path, text: str, *edits: tuple[str, str]):
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "us-eo-14110-edited.txt"
    path.write_text(text, "utf-8")
    return path


def _summary(**changed) -> dict:
    counts = {"unchanged": 546, "reworded": 0, "moved": 0, "added": 0, "removed": 0}
    for status, n in changed.items():
        counts[status] += n
    counts["unchanged"] -= sum(n for s, n in changed.items() if s != "added")
    return counts


def test_the_markdown_and_text_releases_of_the_order_have_the_same_provisions(corpus_workspace, corpus_dir, capsys):
    assert main(["--workspace", str(corpus_workspace), "diff", EO, str(corpus_dir / "us-eo-14110.txt"),
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == _summary()
    assert len(report["provisions"]) == 546 and {p["status"] for p in report["provisions"]} == {"unchanged"}
    assert report["sections"]["Sec. 4.2"] == {"unchanged": 33}


def test_a_reworded_clause_shows_the_words_that_changed(workspace, tmp_path, eo_text):
    path = _edited(tmp_path, eo_text, ("shall serve as Chair of the White House AI Council",
                                       "shall chair the White House AI Council"))
    result = compare_versions(workspace, EO, str(path))
    assert result.summary == _summary(reworded=1)
    change = next(c for c in result.changes if c.status == "reworded")
    assert change.old.cite == change.new.cite == "Sec. 12(b)"
    assert "[-serve as Chair of-] {+chair+}" in change.marked()
    assert result.by_section()["Sec. 12"] == {"unchanged": 33, "reworded": 1}


def test_removed_added_and_moved_clauses(workspace, tmp_path, eo_text):
    removed = eo_text[eo_text.index("(d)\xa0 The Chair may create"):eo_text.index("Sec. 13.")]
    b = eo_text[eo_text.index("(b)\xa0 This order shall be implemented"):eo_text.index("(c)\xa0 This order is not")]
    c = eo_text[eo_text.index("(c)\xa0 This order is not"):eo_text.rindex("\n", 0, eo_text.index("JOSEPH"))]
    path = _edited(tmp_path, eo_text, (removed, ""),
                   (b + c, c.replace("(c)", "(b)", 1) + "\n\n     " + b.replace("(b)", "(c)", 1)),
                   ("JOSEPH", "     (d)  This order shall be reviewed every two years.\n\nJOSEPH"))
    result = compare_versions(workspace, EO, str(path))
    assert result.summary == _summary(removed=1, added=1, moved=2)
    by_status = {s: [c for c in result.changes if c.status == s] for s in ("removed", "added", "moved")}
    assert [c.old.cite for c in by_status["removed"]] == ["Sec. 12(d)"]
    assert [(c.new.cite, c.new.text) for c in by_status["added"]] == [
        ("Sec. 13(d)", "This order shall be reviewed every two years.")]
    assert sorted((c.old.cite, c.new.cite) for c in by_status["moved"]) == [
        ("Sec. 13(b)", "Sec. 13(c)"), ("Sec. 13(c)", "Sec. 13(b)")]
    order = [c.status for c in result.changes]
    assert order.index("removed") < order.index("moved") < order.index("added")   # in document order


def test_csv_and_text_reports(corpus_workspace, tmp_path, eo_text, capsys):
    path = _edited(tmp_path, eo_text, ("shall serve as Chair of the White House AI Council",
                                       "shall chair the White House AI Council"))
    out = tmp_path / "diff.csv"
    assert main(["--workspace", str(corpus_workspace), "diff", EO, str(path), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 546 and [r["new_cite"] for r in rows if r["status"] == "reworded"] == ["Sec. 12(b)"]
    assert main(["--workspace", str(corpus_workspace), "diff", EO, str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("545 unchanged, 1 reworded, 0 moved, 0 added, 0 removed")
    assert "  Sec. 12: 33 unchanged, 1 reworded" in lines
    assert lines[-1].startswith("reworded  Sec. 12(b): The Assistant")
    assert main(["--workspace", str(corpus_workspace), "diff", EO, "no-such-doc"]) == 2


def test_the_version_diff_window_lists_filters_shows_and_exports_the_changes(qtbot, workspace_copy, tmp_path, eo_text):
    pytest.importorskip("pytestqt")
    from policylens_ui.app import make_application
    from policylens_ui.context import AppContext
    from policylens_ui.views.library import LibraryView
    from PySide6.QtCore import QSettings

    make_application()
    ctx = AppContext(workspace_copy(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        path = _edited(tmp_path, eo_text, ("shall serve as Chair of the White House AI Council",
                                           "shall chair the White House AI Council"))
        library = LibraryView(ctx)
        qtbot.addWidget(library)
        dialog = library.compare_versions(EO)
        with qtbot.waitSignal(dialog.compare_with(str(path)).succeeded, timeout=120_000):
            pass
        assert dialog.model.rowCount() == 546 and dialog.proxy.rowCount() == 1   # changed ones by default
        assert "545 unchanged, 1 reworded" in dialog.summary.text() and "Sec. 12: 1 reworded" in dialog.summary.text()
        dialog.table.selectRow(0)
        shown = dialog.detail.toHtml()
        assert "REWORDED" in shown and "line-through" in shown and "serve as Chair of" in shown
        dialog.filter.setCurrentIndex(dialog.filter.findData("all"))
        assert dialog.proxy.rowCount() == 546
        out = tmp_path / "diff.csv"
        dialog.export_csv(str(out))
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert [r["old_cite"] for r in rows if r["status"] == "reworded"] == ["Sec. 12(b)"]
    finally:
        ctx.close()


def test_a_new_version_keeps_the_old_one_to_compare_with_and_the_annotations_follow(
        qtbot, workspace_copy, tmp_path, eo_text, capsys):
    from policylens.annotations import store
    from policylens.importer import add_file
    from policylens.workspace import MIGRATIONS, Workspace

    path = workspace_copy()
    own = eo_text + "\nSec. 14.  Review.  The analyst's own addition.\n"   # not the catalogued file
    draft = tmp_path / "eo-draft.txt"
    draft.write_text(own, "utf-8")
    with Workspace(path) as ws:
        assert ws.schema_version == len(MIGRATIONS)
        doc_id = add_file(ws, draft).imported[0]
        assert ws.previous_versions(doc_id) == []
        node = next(n for n in ws.nodes(doc_id, units_only=True) if n.cite == "Sec. 12(b)")
        store.create(ws, node.id, note="who chairs?", start=0, end=13)
        first_sha = ws.document(doc_id).sha256
        draft.write_text(own.replace("shall serve as Chair of the White House AI Council",
                                         "shall chair the White House AI Council"), "utf-8")
        assert add_file(ws, draft).imported == [doc_id]       # the same file, a new version
        versions = ws.previous_versions(doc_id)
        assert [v["sha256"] for v in versions] == [first_sha]
        assert len(ws.previous_nodes(doc_id, first_sha)) == len(ws.nodes(doc_id))
        assert [a.node_id for a in store.list_annotations(ws, doc=doc_id)] == [node.id]
    assert main(["--workspace", str(path), "diff", f"{doc_id}@previous", doc_id, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["old"] == f"{doc_id}@previous" and report["summary"]["reworded"] == 1
    assert {k: v for k, v in report["summary"].items() if k != "unchanged"} == {
        "reworded": 1, "moved": 0, "added": 0, "removed": 0}
    assert main(["--workspace", str(path), "diff", "us-eo-14110@previous", doc_id]) == 2
    assert "has no previous version" in capsys.readouterr().err
    _previous_in_the_window(qtbot, path, tmp_path, doc_id)
    with Workspace(path) as ws:
        ws.remove_document(doc_id)
        assert ws.previous_versions(doc_id) == []


def _previous_in_the_window(qtbot, path, tmp_path, doc_id) -> None:
    """The compare window offers the previous version first and compares it with the current one."""
    pytest.importorskip("pytestqt")
    from policylens_ui.app import make_application
    from policylens_ui.context import AppContext
    from policylens_ui.views.version_diff import VersionDiffDialog
    from PySide6.QtCore import QSettings

    make_application()
    ctx = AppContext(path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        dialog = VersionDiffDialog(ctx, doc_id)
        qtbot.addWidget(dialog)
        assert dialog.against.itemText(0).startswith("Previous version (replaced ")
        with qtbot.waitSignal(dialog.compare_with(*dialog.against.itemData(0)).succeeded, timeout=120_000):
            pass
        assert dialog.summary.text().startswith(f"{doc_id}@previous → {doc_id}: ")
        assert dialog.proxy.rowCount() == 1
    finally:
        ctx.close()


def test_the_eu_acts_html_edition_reads_as_the_same_provisions_as_its_pdf(corpus_workspace, corpus_dir, capsys):
    """EUR-Lex HTML through the EU profile: the same articles, annexes and recitals as the OJ PDF,
    most provisions word for word under the same citation (the rest: footnote calls the HTML
    drops, definitions and annex points it lays out as tables)."""
    assert main(["--workspace", str(corpus_workspace), "diff", "eu-ai-act-2024-1689",
                 str(corpus_dir / "eu-ai-act-2024-1689.html"), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    total = sum(summary.values())
    assert summary["unchanged"] >= 0.9 * total
    assert summary["added"] + summary["removed"] <= 0.02 * total
