"""Save a PNG of each main view of the application, for the README and for visual review.

Run under a virtual display with a workspace that holds the corpus:

    xvfb-run -a -s "-screen 0 1600x1000x24" python3 scripts/screenshots.py --workspace W --out docs/screenshots

The workspace is copied to a temporary folder first (the window writes its link cache).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from policylens_ui.app import make_application, open_window
from policylens_ui.main_window import apply_palette
from policylens_ui.models.library import ItemIdRole

WINDOW_SIZE = (1500, 920)
SHOWCASE_PROVISION = ("eu-ai-act-2024-1689", "Art. 26(1)")
SEARCH_QUERY = "incident"
COUNTERPARTS_ARTICLE = ("eu-ai-act-2024-1689", "Art. 55")


def settle(app: QApplication, window, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()
    window.ctx.tasks.wait(120_000)
    for _ in range(rounds):
        app.processEvents()


def save(window, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    window.grab().save(str(path))
    print(f"saved {path}")


def annotate_showcase(window, node_id: str | None) -> None:
    """Two notes for the annotations screenshot: one on a phrase of the showcase provision, one on
    the whole provision after it (written to the temporary copy of the workspace only)."""
    if node_id is None:
        return
    text = window.ctx.node(node_id).text
    words = list(re.finditer(r"\S+", text))
    phrase = (words[min(2, len(words) - 1)].start(), words[min(11, len(words) - 1)].end())
    window.ctx.annotations.create(node_id, note="Who checks this in practice? Ask the market surveillance "
                                  "authority.", tags=["deployers", "follow-up"], color="orange",
                                  start=phrase[0], end=phrase[1], author="analyst")
    window.reader.next_provision(1)
    window.ctx.annotations.create(window.reader.current, note="Compare with the EO 14110 reporting duty.",
                                  tags=["compare"], color="blue", author="analyst")
    window.ctx.open_provision(node_id)
    window.annotations_panel.select(window.annotations_panel.placed.annotations()[0].id)


def show_relations(window, doc_ids: tuple[str, ...]) -> list[int]:
    """A wide library with the relations of ``doc_ids`` unfolded, the reader on the first; returns
    the pane sizes to go back to."""
    library = window.library
    sizes = window.splitter.sizes()
    window.splitter.setSizes([460, sizes[1] + sizes[0] - 460] + sizes[2:])
    library.tree.collapseAll()
    library.tree.expandToDepth(0)
    model = library.proxy
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        for n in range(model.rowCount(group)):
            if model.index(n, 0, group).data(ItemIdRole) in doc_ids:
                library.tree.expand(model.index(n, 0, group))
    window.ctx.open_document(doc_ids[0])
    library.select_document(doc_ids[0])
    return sizes


def show_version_diff(app, window, folder: Path, out: Path) -> None:
    """The diff window on EO 14110 against a copy of its text with one clause reworded and one removed."""
    text = (Path(window.ctx.document("us-eo-14110").source_path).with_suffix(".txt")).read_text("utf-8")
    start = text.index("(d)\xa0 The Chair may create")
    edited = folder / "us-eo-14110-edited.txt"
    edited.write_text(text[:start].replace("shall serve as Chair of the White House AI Council",
                                           "shall chair the White House AI Council")
                      + text[text.index("Sec. 13.", start):], "utf-8")
    dialog = window.library.compare_versions("us-eo-14110")
    dialog.resize(1300, 760)
    dialog.compare_with(str(edited))
    settle(app, window)
    dialog.table.selectRow(0)
    settle(app, window)
    dialog.grab().save(str(out / "diff.png"))
    print(f"saved {out / 'diff.png'}")
    dialog.close()


def take(workspace: Path, out: Path) -> None:
    app = make_application()
    settings_dir = Path(tempfile.mkdtemp(prefix="policylens-shots-"))
    settings = QSettings(str(settings_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(workspace, settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app, window)

    doc_id, cite = SHOWCASE_PROVISION
    found = window.ctx.ws.find_cite(cite, doc_id)
    if found:
        window.ctx.open_provision(found[0].id)
        units = [n for n in window.ctx.nodes(doc_id) if n.id.startswith(found[0].id + "/") and n.is_unit]
        target = units[0].id if units else found[0].id
        window.ctx.open_provision(target)
    settle(app, window)
    save(window, out, "reader")

    annotate_showcase(window, target if found else None)
    settle(app, window)
    save(window, out, "annotations")

    window.ctx.open_document("us-ca-sb1047")
    window.reader.next_provision(12)
    settle(app, window)
    save(window, out, "reader-vetoed")
    sizes = show_relations(window, ("us-ca-sb1047", "us-eo-14110", "us-omb-m-25-21", "eu-gpai-cop-safety"))
    settle(app, window)
    save(window, out, "relations")
    window.splitter.setSizes(sizes)

    show_version_diff(app, window, settings_dir, out)

    window.tabs.setCurrentWidget(window.obligations)
    window.obligations.modality_combo.setCurrentIndex(window.obligations.modality_combo.findData("obligation"))
    window.obligations.search.setText("incident")
    window.obligations.apply_filters()
    window.obligations.table.selectRow(0)
    settle(app, window)
    save(window, out, "obligations")

    window.tabs.setCurrentWidget(window.reader)
    window.palette_dialog.start()
    window.palette_dialog.query.setText(SEARCH_QUERY)
    window.palette_dialog._search()
    settle(app, window)
    window.palette_dialog.grab().save(str(out / "search.png"))
    print(f"saved {out / 'search.png'}")
    window.palette_dialog.hide()

    for n, (title, _view) in enumerate(window.analysis_views, start=2):
        window.tabs.setCurrentIndex(n)
        settle(app, window)
        save(window, out, title.lower())
        if title == "Timeline":
            view = _view.ensure_created()
            view.doc_combo.setCurrentIndex(view.doc_combo.findData("eu-ai-act-2024-1689"))
            settle(app, window)
            save(window, out, "timeline-amended")
        if title == "Graph":
            view = _view.ensure_created()
            view.mode_combo.setCurrentIndex(view.mode_combo.findData("counterparts"))
            view.doc_combo.setCurrentIndex(view.doc_combo.findData(COUNTERPARTS_ARTICLE[0]))
            view.article_combo.setCurrentIndex(view.article_combo.findData(COUNTERPARTS_ARTICLE[1]))
            settle(app, window)
            save(window, out, "graph-counterparts")

    apply_palette(app, True)
    window.dark_action.setChecked(True)
    window.tabs.setCurrentWidget(window.reader)
    window.reader.reload()
    window.inspector.reload()
    if found:
        window.ctx.open_provision(target)
    settle(app, window)
    save(window, out, "reader-dark")
    apply_palette(app, False)
    window.ctx.tasks.wait()
    window.close()

    empty = settings_dir / "empty.sqlite"
    welcome = open_window(empty, settings)
    welcome.resize(*WINDOW_SIZE)
    welcome.show()
    settle(app, welcome)
    save(welcome, out, "welcome")
    welcome.close()
    QTimer.singleShot(0, app.quit)
    shutil.rmtree(settings_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True, help="workspace file with the corpus imported")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder for the PNGs")
    args = parser.parse_args(argv)
    if not args.workspace.is_file():
        print(f"{args.workspace}: no such workspace file", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / args.workspace.name
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{args.workspace}{suffix}")
            if source.exists():
                shutil.copy(source, f"{copy}{suffix}")
        take(copy, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
