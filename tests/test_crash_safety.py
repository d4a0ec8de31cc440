"""A process killed while writing annotations loses nothing whose write had returned."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from policylens import annotations as notes
from policylens import catalogue
from policylens.pipeline import prepare
from policylens.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 12

# Creates annotations and edits the one before, printing each id (and note) once the call returned.
WRITER = """
import sys
from policylens import annotations
from policylens.workspace import Workspace

ws = Workspace(sys.argv[1])
nodes = sys.argv[2].split(",")
n = 0
previous = None
while True:
    made = annotations.create(ws, nodes[n % len(nodes)], note=f"note {n}", tags=["crash", str(n % 7)])
    print("created", made.id, made.note, flush=True)
    if previous is not None and n % 2:
        edited = annotations.update(ws, previous.id, note=f"edited {n}")
        print("edited", edited.id, edited.note, flush=True)
    previous = made
    n += 1
"""


def test_killed_writers_lose_no_returned_write(tmp_path, corpus_dir):
    path = tmp_path / "w.sqlite"
    ready = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id("us-eo-14110"))
    with Workspace(path) as ws:
        ws.store_document(ready.doc, ready.nodes)
    node_ids = ",".join(n.id for n in ready.nodes if n.is_unit and n.text)
    expected: dict[str, str] = {}
    rng = random.Random(14110)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), node_ids],
                                 stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
        time.sleep(rng.uniform(0.15, 0.5))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        for line in out.splitlines(keepends=True):
            if line.endswith("\n"):  # a line cut by the kill was not reported whole
                _, ann_id, note = line.rstrip("\n").split(" ", 2)
                expected[ann_id] = note
    assert len(expected) >= 3 * ROUNDS, "the writer hardly wrote anything: the test proved nothing"

    with Workspace(path) as ws:
        assert ws.db.execute("PRAGMA integrity_check").fetchall()[0][0] == "ok"
        stored = {a.id: a.note for a in notes.list_annotations(ws)}
    missing = expected.keys() - stored.keys()
    assert not missing, f"{len(missing)} annotations lost"
    # An edit that committed just before the kill may not have been reported: stored can be newer.
    older = {i: (stored[i], note) for i, note in expected.items() if _sequence(stored[i]) < _sequence(note)}
    assert not older, f"edits lost: {list(older.items())[:3]}"


def _sequence(note: str) -> int:
    return int(note.rsplit(" ", 1)[1])
