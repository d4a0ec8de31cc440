"""A workspace another process is writing to, and a disk with no room: one-line messages that
name the workspace and say what was kept, never a traceback, and nothing half-written."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from policylens import annotations as notes
from policylens import workspace
from policylens.cli import main
from policylens.importer import add_file
from policylens.workspace import Workspace, WorkspaceBusy, WorkspaceFull

SMALL = "Section 1. Scope\n\nThe provider shall keep records.\n\nSection 2. Duties\n\nThe deployer must report.\n"


def _bigger(sections: int) -> str:
    return SMALL + "".join(f"Section {n}. Duty {n}\n\nThe provider shall keep records of item {n} for ten "
                           "years after the system is placed on the market.\n\n" for n in range(3, sections))


@pytest.fixture()
def ws_path(tmp_path):
    (tmp_path / "rules.txt").write_text(SMALL, encoding="utf-8")
    path = tmp_path / "w.sqlite"
    with Workspace(path) as ws:
        add_file(ws, tmp_path / "rules.txt")
    return path


def _hold_write_lock(path, seconds: float) -> subprocess.Popen:
    """Another process that takes the workspace's write lock and keeps it for ``seconds``."""
    code = textwrap.dedent(f"""
        import sqlite3, sys, time
        db = sqlite3.connect({str(path)!r}, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE documents SET title = title")
        print("locked", flush=True)
        time.sleep({seconds})
        db.execute("COMMIT")
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_writer_waits_for_a_short_transaction_of_another_process(ws_path, capsys):
    holder = _hold_write_lock(ws_path, 1.0)
    try:
        assert main(["--workspace", str(ws_path), "annotations", "add", "Section 1", "--note", "waited"]) == 0
    finally:
        holder.wait(10)
    with Workspace(ws_path) as ws:
        assert [a.note for a in notes.list_annotations(ws)] == ["waited"]


def test_a_busy_workspace_is_a_message_not_a_traceback(ws_path, monkeypatch, capsys):
    monkeypatch.setattr(workspace, "BUSY_TIMEOUT_S", 0.2)
    holder = _hold_write_lock(ws_path, 30)
    try:
        code = main(["--workspace", str(ws_path), "annotations", "add", "Section 1", "--note", "n"])
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert err == (f"policylens: {ws_path}: the workspace is busy: another PolicyLens is writing to it; "
                   "try again when it has finished (nothing was changed)\n")
    with Workspace(ws_path) as ws:
        assert notes.list_annotations(ws) == []


def test_a_full_disk_at_commit_rolls_back_and_says_so(ws_path):
    with Workspace(ws_path) as ws:
        node = ws.find_cite("Section 1")[0]
        pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
        ws.db.execute(f"PRAGMA max_page_count = {pages}")   # the file may not grow: a full disk
        with pytest.raises(WorkspaceFull, match=r"database or disk is full.*holds what it held before"):
            notes.create(ws, node.id, note="x" * 90_000)
        assert not ws.db.in_transaction and notes.list_annotations(ws) == []
        ws.db.execute("PRAGMA max_page_count = 1073741823")
        notes.create(ws, node.id, note="room again")   # the workspace is usable as it was
        assert [a.note for a in notes.list_annotations(ws)] == ["room again"]


def _limited(max_bytes: int):
    """Run a child with files capped at ``max_bytes`` (what a nearly full disk looks like to SQLite)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return limit


@pytest.mark.parametrize("room, says", [
    (100_000, "could not back up the workspace into w.sqlite.backups (disk I/O error); nothing was imported, "
              "the workspace is as it was"),
    (2_000_000, "the workspace could not be written (disk I/O error); nothing of this change was stored and "
                "the workspace holds what it held before"),
])
def test_no_room_for_the_backup_or_the_document_is_one_line(ws_path, tmp_path, room, says):
    (tmp_path / "more.txt").write_text(_bigger(3000), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "policylens", "--workspace", "w.sqlite", "add", "more.txt"],
                         cwd=tmp_path, capture_output=True, text=True, preexec_fn=_limited(room), timeout=300)
    assert run.returncode == 2
    assert run.stderr.startswith(f"policylens: w.sqlite: {says}")
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
    with Workspace(ws_path) as ws:
        assert [d.id for d in ws.documents()] == ["user-rules"]
    assert not list((tmp_path / "w.sqlite.backups").glob("*.partial"))


def test_busy_while_opening_is_not_reported_as_damage(ws_path, monkeypatch):
    monkeypatch.setattr(workspace, "BUSY_TIMEOUT_S", 0.2)
    # an exclusive lock is what a checkpoint or a schema change holds; opening must wait, then say busy
    db = sqlite3.connect(ws_path, isolation_level=None)
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
    db.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with pytest.raises(WorkspaceBusy):
            Workspace(ws_path, backups=False)
        assert time.monotonic() - start < 10
    finally:
        db.execute("ROLLBACK")
        db.close()


def test_checking_a_folder_says_it_is_no_workspace(tmp_path, capsys):
    assert main(["--workspace", str(tmp_path), "workspace", "check"]) == 2
    err = capsys.readouterr().err
    assert err == f"policylens: {tmp_path}: this is not a workspace file (a workspace is one SQLite file)\n"
