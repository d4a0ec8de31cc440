"""One rule for user text: what can be entered can be exported and imported again, and control
characters never reach an XML file or a terminal raw."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from policylens import annotations as notes
from policylens import usertext
from policylens.cli import main
from policylens.importer import add_file
from policylens.ingest.source import IngestError
from policylens.workspace import Workspace

HTML = ("<html><head><title>Rules\x01 of\x1b[2J AI</title></head><body><h1>Section 1. Scope</h1>"
        "<p>The provider shall keep records of each \x07system.</p><h2>Section 2. Duties</h2>"
        "<p>(a) The deployer must report incidents within 15 days.</p></body></html>")


@pytest.fixture()
def ws_path(tmp_path):
    """A workspace holding one small user document whose title and text carry control characters."""
    source = tmp_path / "rules.html"
    source.write_text(HTML, encoding="utf-8")
    path = tmp_path / "w.sqlite"
    with Workspace(path) as ws:
        add_file(ws, source)
    return path


NOTES = ["plain", "tabs\tand\nlines\r\nkept", "escape \x1b[2J clears", "bell\x07", "nul\x00", "del\x7f",
         "c1 \x9b31m", "x" * 100_001]


def test_every_note_that_can_be_added_can_be_exported_and_imported(ws_path, tmp_path, capsys):
    accepted = []
    for note in NOTES:
        code = main(["--workspace", str(ws_path), "annotations", "add", "Section 1", "--note", note])
        err = capsys.readouterr().err
        if code == 0:
            accepted.append(note)
        else:
            assert "the note" in err and "\x1b" not in err and "Traceback" not in err
    for author in ("Ann", "Ann\x1b]0;owned\x07", "A" * 201):
        if main(["--workspace", str(ws_path), "annotations", "add", "Section 1", "--author", author]) == 0:
            accepted.append(author)
        capsys.readouterr()
    assert accepted == ["plain", "tabs\tand\nlines\r\nkept", "Ann"]
    out = tmp_path / "notes.jsonld"
    assert main(["--workspace", str(ws_path), "annotations", "export", "-o", str(out)]) == 0
    other = tmp_path / "other.sqlite"
    Workspace(other).close()
    assert main(["--workspace", str(other), "annotations", "import", str(out)]) == 0
    assert "3 added" in capsys.readouterr().out


def test_tags_with_control_characters_are_refused(ws_path, capsys):
    assert main(["--workspace", str(ws_path), "annotations", "add", "Section 1", "--tag", "a\x1bb"]) == 2
    assert "control character (\\x1b" in capsys.readouterr().err


def test_a_title_from_the_file_is_cleaned_and_one_typed_is_refused(ws_path, tmp_path):
    with Workspace(ws_path) as ws:
        title = ws.document("user-rules").title   # the <title> holds \x01 and \x1b, the page \x07
        assert title and not usertext.CONTROL.search(title)
        assert all("\x07" not in n.text for n in ws.nodes("user-rules"))
        with pytest.raises(IngestError, match="the title contains a control character"):
            add_file(ws, tmp_path / "rules.html", title="Bad\x1b title")
        with pytest.raises(IngestError, match="the jurisdiction contains a line break"):
            add_file(ws, tmp_path / "rules.html", jurisdiction="EU\nUS")


def _with_hostile_text(ws_path):
    """Control characters stored by an earlier version, which let them into titles and notes."""
    with Workspace(ws_path) as ws:
        ws.db.execute("UPDATE documents SET title = ?, short_name = ?", ("T\x00i\x1bt\x0ble", "S\x1b[2J"))
        ws.db.execute("UPDATE nodes_fts SET text = text || ?", (" \x1b[31m red\x00",))
        ws.db.execute("UPDATE nodes SET text = text || ?, heading = ?", (" \x1b[31m red\x00", "H\x08"))
        node = ws.find_cite("Section 1")[0]
        ann = notes.create(ws, node.id, note="ok")
        notes.restore(ws, ann.edited(note="clear \x1b[2J screen", tags=["t\x1b"]))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_graph_is_valid_xml_whatever_the_text_holds(ws_path, tmp_path, fmt):
    _with_hostile_text(ws_path)
    out = tmp_path / f"g.{fmt}"
    assert main(["--workspace", str(ws_path), "export", "graph", "--format", fmt, "-o", str(out)]) == 0
    root = ET.parse(out).getroot()   # a standard parser: raises on anything XML 1.0 cannot hold
    texts = [v for el in root.iter() for v in [el.text or "", *el.attrib.values()]]
    assert any("T\\x00i\\x1bt\\x0ble" in t for t in texts)


def test_terminal_listings_escape_control_characters(ws_path, capsys):
    _with_hostile_text(ws_path)
    for argv in (["annotations", "list"], ["list"], ["show", "Section 1"], ["search", "red"]):
        assert main(["--workspace", str(ws_path), *argv]) == 0, argv
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x00" not in out and "\x08" not in out, argv
        assert "\\x1b" in out, argv
