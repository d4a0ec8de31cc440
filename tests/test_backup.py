"""Rolling backups, detecting a damaged workspace on open, and restoring it."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest

from policylens import annotations as notes
from policylens import backup, catalogue
from policylens.cli import main
from policylens.pipeline import prepare
from policylens.workspace import CorruptWorkspace, Workspace

EO = "us-eo-14110"


@pytest.fixture()
def annotated(tmp_path, corpus_dir):
    """A workspace with the Executive Order and a few annotations, closed (WAL checkpointed)."""
    path = tmp_path / "w.sqlite"
    ready = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id(EO))
    with Workspace(path) as ws:
        ws.store_document(ready.doc, ready.nodes)
        units = [n for n in ready.nodes if n.is_unit and n.text]
        for node in units[:5]:
            notes.create(ws, node.id, note=f"on {node.cite}", tags=["backed-up"])
    return path


def _annotation_ids(path):
    with Workspace(path, backups=False) as ws:
        return {a.id for a in notes.list_annotations(ws)}


def _damage_pages(path, first=40, count=12):
    """Overwrite some pages in the middle of the file with noise, as a failing disk might."""
    size = path.stat().st_size
    page = 4096
    assert size > (first + count) * page
    with open(path, "r+b") as fh:
        fh.seek(first * page)
        fh.write(os.urandom(count * page))


def test_a_fresh_workspace_is_not_backed_up_but_an_existing_one_is_once(annotated):
    assert backup.backups(annotated) == []  # created in this session: nothing to lose yet
    Workspace(annotated).close()
    Workspace(annotated).close()
    kept = backup.backups(annotated)
    assert len(kept) == 1 and backup.is_sound(kept[0])
    assert backup.due(annotated, timedelta(0)) and not backup.due(annotated)


def test_rotation_keeps_the_newest(annotated):
    taken = [backup.rotate(annotated, keep=3) for _ in range(6)]
    assert backup.backups(annotated) == taken[:-4:-1]
    assert backup.latest(annotated) == taken[-1]
    assert not list(backup.folder(annotated).glob("*.partial"))


def test_a_backup_holds_what_was_committed_through_an_open_connection(annotated):
    with Workspace(annotated, backups=False) as ws:
        made = notes.create(ws, f"{EO}/sec-1/s1", note="just written")
        copy = backup.take(annotated, ws.db)
    with Workspace(copy, backups=False) as restored:
        assert notes.get(restored, made.id) == made


def test_damaged_file_is_detected_on_open_and_restored(annotated, capsys):
    ids = _annotation_ids(annotated)
    Workspace(annotated).close()  # the automatic backup on open
    _damage_pages(annotated)
    with pytest.raises(CorruptWorkspace) as damaged:
        Workspace(annotated)
    assert damaged.value.backups == backup.backups(annotated) and len(damaged.value.backups) == 1
    assert "damaged" in str(damaged.value) and "policylens workspace restore" in str(damaged.value)

    base = ["--workspace", str(annotated)]
    assert main(base + ["annotations", "list"]) == 2
    assert "workspace restore" in capsys.readouterr().err
    assert main(base + ["workspace", "check"]) == 1
    assert "DAMAGED" in capsys.readouterr().out
    assert main(base + ["workspace", "restore"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and ".damaged-" in out
    assert _annotation_ids(annotated) == ids
    assert main(base + ["workspace", "check"]) == 0
    assert list(annotated.parent.glob("w.sqlite.damaged-*")), "the damaged file must be kept"


def test_a_destroyed_header_is_detected_too(annotated):
    Workspace(annotated).close()
    with open(annotated, "r+b") as fh:
        fh.write(b"\0" * 100)
    with pytest.raises(CorruptWorkspace, match="damaged"):
        Workspace(annotated)
    used, _ = backup.restore(annotated)
    assert used == backup.latest(annotated)
    assert len(_annotation_ids(annotated)) == 5


def test_restore_refuses_a_damaged_backup_and_a_missing_one(annotated, tmp_path):
    with pytest.raises(backup.BackupError, match="no sound backup"):
        backup.restore(annotated)
    copy = backup.take(annotated)
    _damage_pages(copy, first=20, count=30)
    with pytest.raises(backup.BackupError, match="damaged too"):
        backup.restore(annotated, copy)
    assert backup.latest(annotated) is None
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.restore(annotated, tmp_path / "nope.sqlite")
    assert sqlite3.connect(annotated).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_command_with_an_explicit_backup(annotated, tmp_path, capsys):
    chosen = backup.take(annotated)
    with Workspace(annotated, backups=False) as ws:
        for ann in notes.list_annotations(ws):
            notes.delete(ws, ann.id)
    assert main(["--workspace", str(annotated), "workspace", "restore", "--from", str(chosen)]) == 0
    assert len(_annotation_ids(annotated)) == 5


def test_a_backup_that_cannot_be_made_is_reported_and_the_workspace_still_opens(annotated, capsys):
    backup.folder(annotated).write_text("not a folder", encoding="utf-8")   # a file where the backups go
    assert main(["--workspace", str(annotated), "list"]) == 0
    captured = capsys.readouterr()
    assert "policylens: warning:" in captured.err and "could not make the backup folder" in captured.err
    assert "opened without a new backup" in captured.err and "us-eo-14110" in captured.out
