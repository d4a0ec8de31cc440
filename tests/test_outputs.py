"""Output paths: only regular files are written, links stay links, the umask is honoured.

The special files are made inside the test folder (a FIFO, and as root a character device that is a
copy of /dev/null), so that a regression replaces nothing outside it."""

from __future__ import annotations

import os
import stat

import pytest

from policylens.brief import BriefOptions, build_brief
from policylens.cli import main
from policylens.output import OutputError, open_output
from policylens.workspace import Workspace


@pytest.fixture()
def ws_path(tmp_path):
    path = tmp_path / "w.sqlite"
    Workspace(path).close()
    return path


def _export_commands(ws_path, out):
    return [
        ["--workspace", str(ws_path), "annotations", "export", "-o", str(out)],
        ["--workspace", str(ws_path), "export", "provisions", "-o", str(out)],
        ["--workspace", str(ws_path), "export", "links", "-o", str(out)],
        ["--workspace", str(ws_path), "export", "graph", "--format", "gexf", "-o", str(out)],
    ]


def test_a_fifo_given_as_output_is_refused_and_stays_a_fifo(ws_path, tmp_path, capsys):
    (tmp_path / "out").mkdir()
    fifo = tmp_path / "out" / "pipe"
    os.mkfifo(fifo)
    for argv in _export_commands(ws_path, fifo):
        assert main(argv) == 2, argv
        assert "is a pipe, not a regular file" in capsys.readouterr().err
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["pipe"]   # no temporary left behind


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_a_device_given_as_output_is_refused_and_stays_a_device(ws_path, tmp_path, capsys):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    for argv in _export_commands(ws_path, device):
        assert main(argv) == 2, argv
        assert "is a device, not a regular file" in capsys.readouterr().err
        assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_briefing_into_a_fifo_is_refused(corpus_workspace, tmp_path):
    fifo = tmp_path / "brief.pdf"
    os.mkfifo(fifo)
    with Workspace(corpus_workspace) as ws, pytest.raises(OutputError, match="is a pipe"):
        build_brief(ws, BriefOptions(themes=("incident_reporting",), docs=("us-eo-14110",)), fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_a_symlink_is_written_through_and_stays_a_link(ws_path, tmp_path):
    real = tmp_path / "real.jsonld"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.jsonld"
    link.symlink_to(real)
    assert main(["--workspace", str(ws_path), "annotations", "export", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"AnnotationCollection"' in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640   # the replaced file's permissions are kept


def test_a_new_output_gets_the_umask_permissions(ws_path, tmp_path):
    previous = os.umask(0o022)
    try:
        for argv in _export_commands(ws_path, tmp_path / "out"):
            (tmp_path / "out").unlink(missing_ok=True)
            assert main(argv) == 0, argv
            assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o644, argv
    finally:
        os.umask(previous)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("before", encoding="utf-8")
    with pytest.raises(RuntimeError), open_output(out, encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("disk went away")
    assert out.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_named_and_nothing_is_made(tmp_path):
    with pytest.raises(FileNotFoundError, match="No such file or directory") as missing, \
            open_output(tmp_path / "no" / "out.txt"):
        pass
    assert missing.value.filename == str(tmp_path / "no" / "out.txt") and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_folder_that_cannot_be_written_names_the_output(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(PermissionError) as refused, open_output(locked / "out.txt"):
        pass
    assert refused.value.filename == str(locked / "out.txt")
