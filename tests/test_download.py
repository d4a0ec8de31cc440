"""Downloading the official texts, for real, from an HTTP server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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
