"""Every document read has a budget: lines per PDF page, time per page and per file, memory per
file; a file over one is refused by name and page with the reason, and nothing of it is stored.
The reading processes stop with the program, even when it is killed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from policylens import budget, workers
from policylens.cli import main
from policylens.importer import add_file, import_folder
from policylens.ingest.pdf import read_pdf
from policylens.ingest.source import IngestError
from policylens.tasks import Cancelled, never_cancel
from policylens.workspace import Workspace

PARAGRAPH = ("Section {n}. The provider shall notify the authority within 15 days of any serious incident "
             "involving the system.\n\n")


def lines_pdf(path: Path, lines: int) -> Path:
    """A one-page PDF whose page draws ``lines`` one-letter lines: a few KB compressed."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 1 Tf 1 TL 10 780 Td (x) Tj " + b"T* (x) Tj " * (lines - 1) + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    writer.write(path)
    return path


def text_file(path: Path, megabytes: float) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        n = 0
        while out.tell() < megabytes * 2**20:
            out.write(PARAGRAPH.format(n=n))
            n += 1
    return path


def test_a_page_of_too_many_lines_is_refused_at_once_by_page(tmp_path):
    path = lines_pdf(tmp_path / "lines.pdf", 900_000)
    assert path.stat().st_size < 50_000
    start = time.monotonic()
    with Workspace(tmp_path / "w.sqlite") as ws:
        with pytest.raises(IngestError) as refused:
            add_file(ws, path)
        assert ws.documents() == [] and ws.nodes() == []
    assert refused.value.reason == ("page 1 holds 900,000 text lines; PolicyLens reads pages of up to 20,000 "
                                    "lines, so the file was not added")
    assert str(refused.value).startswith("lines.pdf: ")
    assert time.monotonic() - start < 60   # it was a hang: killed after 150 s


def test_a_folder_with_such_a_file_imports_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines_pdf(folder / "lines.pdf", 900_000)
    text_file(folder / "rules.txt", 0.01)
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = import_folder(ws, folder)
        assert report.imported == ["user-rules"]
        assert report.failed == [("lines.pdf", "page 1 holds 900,000 text lines; PolicyLens reads pages of up "
                                               "to 20,000 lines, so the file was not added")]


def test_a_page_that_reads_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "PAGE_SECONDS", 0.0)   # every page is over time at its first operator
    with pytest.raises(IngestError, match=r"page 1 took longer than 0 s to read"):
        read_pdf(lines_pdf(tmp_path / "slow.pdf", 100))


def test_a_page_within_the_budget_reads(tmp_path):
    source = read_pdf(lines_pdf(tmp_path / "fine.pdf", 2_000))
    assert len(source.lines) > 1000


def test_a_file_that_reads_too_long_is_stopped_and_its_worker_killed(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "DOCUMENT_SECONDS", 0.5)
    path = text_file(tmp_path / "long.txt", 8)
    start = time.monotonic()
    (index, prepared, reason), = workers.prepare_all([(path, {})], never_cancel)
    assert prepared is None and reason.startswith("reading it took longer than")
    assert time.monotonic() - start < 5
    assert multiprocessing.active_children() == []


def test_a_file_that_needs_too_much_memory_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MEMORY_BYTES", 200 * 2**20)
    big, small = text_file(tmp_path / "big.txt", 16), text_file(tmp_path / "small.txt", 0.01)
    results = {index: (prepared, reason) for index, prepared, reason in
               workers.prepare_all([(big, {}), (small, {})], never_cancel)}
    assert results[0] == (None, "reading it needed more than 200 MB of memory, the most PolicyLens gives one file")
    assert results[1][0] is not None and results[1][1] == ""


def test_cancelling_kills_the_workers(tmp_path):
    path = text_file(tmp_path / "long.txt", 8)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        list(workers.prepare_all([(path, {}), (path, {})], cancel))
    assert multiprocessing.active_children() == []


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _left_after(pids: set[int], seconds: float) -> list[int]:
    """Those of ``pids`` still running after ``seconds`` (then killed, so the test leaves none)."""
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def _import_two_files(tmp_path, **popen) -> subprocess.Popen:
    """``policylens corpus import`` of a folder of two 19 MB text files, started as a process."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("one.txt", "two.txt"):
        text_file(folder / name, 19)
    # A process started with Ctrl+C ignored (a background job) passes that on, and the import would
    # ignore it too; started from a handler, the import has Ctrl+C as a terminal gives it.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([sys.executable, "-m", "policylens", "--workspace", str(tmp_path / "w.sqlite"),
                                 "corpus", "import", str(folder)], stdout=subprocess.DEVNULL, **popen)
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the workers")
def test_workers_die_with_a_killed_import(tmp_path):
    run = _import_two_files(tmp_path, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_children(run.pid)) < 3 and time.monotonic() < deadline:   # two readers, one tracker
            time.sleep(0.1)
        helpers = _children(run.pid)
        assert len(helpers) >= 2
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    assert _left_after(helpers, 5) == []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the workers")
def test_ctrl_c_during_an_import_is_one_message_and_stops_the_workers(tmp_path):
    run = _import_two_files(tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not _children(run.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    helpers = _children(run.pid)   # the first reader, its interpreter still starting
    os.killpg(run.pid, signal.SIGINT)   # what Ctrl+C in the terminal does: every process of the group
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and "Traceback" not in err
    assert err.strip().splitlines() == ["policylens: interrupted; each document already imported is complete, "
                                        "nothing is half-stored"]
    assert _left_after(helpers, 5) == []


def test_a_reader_interrupted_while_it_starts_still_reads(tmp_path):
    path = text_file(tmp_path / "rules.txt", 0.01)
    worker = workers._Worker(path, {})
    os.kill(worker.process.pid, signal.SIGINT)   # its interpreter has barely begun to start
    worker.ready.poll(60)
    prepared, reason = worker.result()
    assert reason == "" and prepared.doc.id == "user-rules"


def test_a_link_to_a_device_is_not_called_missing(tmp_path, capsys):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert main(["--workspace", str(tmp_path / "w.sqlite"), "add", str(link)]) == 2
    assert "is not a regular file (it is a folder, a device or a pipe, or a link to one)" in capsys.readouterr().err


@pytest.mark.parametrize("page", [
    "<html><head><title>Rules</title><body>" + "<div>" * 1000 + "Section 1. The provider shall keep records.",
    "<div><a href='#s1'>Section 1. The provider shall keep records of each system.",
])
def test_html_of_unclosed_elements_keeps_its_text(tmp_path, page):
    path = tmp_path / "unclosed.html"
    path.write_text(page, encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        add_file(ws, path)
        assert [n.text for n in ws.nodes(units_only=True)][0].startswith("The provider shall keep records")
