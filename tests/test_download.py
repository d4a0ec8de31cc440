"""Downloading the official texts, for real, from an HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from policylens import download
from policylens.cli import main
from policylens.download import download_corpus
from policylens.workspace import Workspace

EO = "us-eo-14110"
SB = "us-ca-sb1047"


class TruncatingHandler(SimpleHTTPRequestHandler):
    """Announces the whole file but sends only half of it, then hangs up."""

    def do_GET(self):
        data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.close_connection = True

    def log_message(self, *args):
        pass


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def serve(tmp_path):
    """Start a server on 127.0.0.1 for a folder; yields a function returning its base URL."""
    servers = []

    def start(folder, handler=QuietHandler):
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def mirror(tmp_path, corpus_dir):
    folder = tmp_path / "mirror"
    folder.mkdir()
    for name in ("us-eo-14110.md", "us-ca-sb1047-enrolled.pdf"):
        shutil.copy(corpus_dir / name, folder / name)
    return folder


def test_download_verifies_and_ingests(tmp_path, mirror, serve):
    base = serve(mirror)
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=base, instruments=[EO, SB])
        assert sorted(report.imported) == sorted([EO, SB]) and not report.failed and not report.warnings
        assert all(d.checksum_matched for d in ws.documents())
        again = download_corpus(ws, tmp_path / "sources", base_url=base, instruments=[EO, SB])
        assert sorted(again.unchanged) == sorted([EO, SB]) and not again.imported


def test_a_regenerated_file_with_the_right_structure_is_accepted_with_a_warning(tmp_path, mirror, serve):
    md = mirror / "us-eo-14110.md"
    md.write_text(md.read_text(encoding="utf-8").replace("modified_time:", "modified_time_x:"), encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=serve(mirror), instruments=[EO])
        assert report.imported == [EO]
        assert any("differs from the catalogued copy" in w for w in report.warnings)
        assert ws.document(EO).checksum_matched is False


def test_a_tampered_file_without_the_structure_is_refused(tmp_path, mirror, serve):
    md = mirror / "us-eo-14110.md"
    text = md.read_text(encoding="utf-8")
    md.write_text(text[: text.index("Sec. 5.")], encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=serve(mirror), instruments=[EO])
        assert not report.imported
        (name, reason), = report.failed
        assert "EO 14110" in reason and "Sec. 13" in reason
        assert ws.documents() == []
    assert list((tmp_path / "sources").iterdir()) == []


def test_a_truncated_download_is_refused(tmp_path, mirror, serve):
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=serve(mirror, TruncatingHandler),
                                 instruments=[SB])
        (name, reason), = report.failed
        assert "cut short" in reason
        assert ws.documents() == []
    assert list((tmp_path / "sources").iterdir()) == []


def test_a_dead_server_is_reported_and_nothing_is_stored(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=f"http://127.0.0.1:{port}",
                                 instruments=[EO, SB])
        assert len(report.failed) == 2
        assert all("could not reach the server" in reason for _, reason in report.failed)
        assert ws.documents() == []


def test_a_missing_file_on_the_server_is_reported(tmp_path, mirror, serve):
    (mirror / "us-ca-sb1047-enrolled.pdf").unlink()
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, tmp_path / "sources", base_url=serve(mirror), instruments=[SB])
        (name, reason), = report.failed
        assert "404" in reason


# -- limits: size, time, redirects, temporary files, verified copies ----------------------------

class HostileHandler(QuietHandler):
    """Serves what the test sets on ``server.behaviour``: a huge announced size, an endless body,
    a trickle, or a redirect."""

    def do_GET(self):
        kind, value = self.server.behaviour
        if kind == "redirect":
            self.send_response(302)
            self.send_header("Location", value)
            self.end_headers()
            return
        self.send_response(200)
        if kind == "announce":
            self.send_header("Content-Length", str(value))
        self.end_headers()
        try:
            if kind == "trickle":
                for _ in range(value):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:   # "announce" or "endless": far more than allowed, in blocks
                for _ in range(64):
                    self.wfile.write(b"\0" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


@pytest.fixture()
def hostile(tmp_path):
    """A server on 127.0.0.1 whose behaviour the test chooses; yields (set_behaviour, base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def behave(kind, value=None):
        server.behaviour = (kind, value)
    yield behave, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _download_refused(tmp_path, base, instrument=EO):
    sources = tmp_path / "sources"
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = download_corpus(ws, sources, base_url=base, instruments=[instrument])
        assert ws.documents() == [] and not report.imported
    assert list(sources.iterdir()) == []   # nothing of a refused download stays, not even a temporary file
    (name, reason), = report.failed
    return reason


def test_a_file_announced_larger_than_readable_is_not_downloaded(tmp_path, hostile):
    behave, base = hostile
    behave("announce", 10 * 2**30)
    reason = _download_refused(tmp_path, base)
    assert "the server offers 10,240 MB; PolicyLens reads files of this kind up to 20 MB" in reason


def test_a_body_larger_than_readable_is_stopped_at_the_limit(tmp_path, hostile, monkeypatch):
    monkeypatch.setitem(download.MAX_BYTES, "md", 100_000)
    behave, base = hostile
    behave("endless")
    reason = _download_refused(tmp_path, base)
    assert "the file is larger than 100,000 bytes" in reason


def test_a_trickling_server_meets_the_deadline(tmp_path, hostile, monkeypatch):
    monkeypatch.setattr(download, "DEADLINE_S", 1)
    behave, base = hostile
    behave("trickle", 50)
    start = time.monotonic()
    reason = _download_refused(tmp_path, base)
    assert "the download took longer than" in reason and time.monotonic() - start < 5


@pytest.mark.parametrize("target", ["ftp://127.0.0.1:1/us-eo-14110.md", "file:///etc/passwd"])
def test_redirects_lead_only_to_web_addresses(tmp_path, hostile, target):
    behave, base = hostile
    behave("redirect", target)
    reason = _download_refused(tmp_path, base)
    assert f"the server redirected to a {target.split(':')[0]}: address" in reason


def test_temporary_files_of_a_killed_download_are_removed(tmp_path, mirror, serve):
    sources = tmp_path / "sources"
    sources.mkdir()
    stale, fresh = sources / ".download-killed", sources / ".download-running"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    old = time.time() - download.DEADLINE_S - download.TIMEOUT_S - 60
    os.utime(stale, (old, old))
    with Workspace(tmp_path / "w.sqlite") as ws:
        download_corpus(ws, sources, base_url=serve(mirror), instruments=[EO])
    assert not stale.exists() and fresh.exists()   # another download may still be writing that one


def test_a_verified_copy_is_kept_unless_the_user_accepts_an_unknown_file(tmp_path, mirror, serve, capsys):
    base = serve(mirror)
    ws_path, sources = tmp_path / "w.sqlite", tmp_path / "sources"
    with Workspace(ws_path) as ws:
        assert download_corpus(ws, sources, base_url=base, instruments=[EO]).imported == [EO]
        verified = ws.document(EO)
    md = mirror / "us-eo-14110.md"
    md.write_text(md.read_text(encoding="utf-8").replace("modified_time:", "modified_time_x:"), encoding="utf-8")
    argv = ["--workspace", str(ws_path), "corpus", "download", "--base-url", base, "--only", EO,
            "--dest", str(sources)]
    assert main(argv) == 1
    assert "workspace holds a verified copy, which was kept" in capsys.readouterr().out
    with Workspace(ws_path) as ws:
        assert ws.document(EO).sha256 == verified.sha256 and ws.document(EO).checksum_matched
    assert [p.name for p in sources.iterdir()] == [Path(verified.source_path).name]

    assert main([*argv, "--accept-unknown"]) == 0
    assert "differs from the catalogued copy" in capsys.readouterr().out
    with Workspace(ws_path) as ws:
        now = ws.document(EO)
    assert now.sha256 != verified.sha256 and not now.checksum_matched
    assert [a["sha256"] for a in now.alternatives] == [verified.sha256]
    assert Path(verified.source_path).exists() and Path(now.source_path).exists()   # both files kept
