"""Shared fixtures: the official texts live outside the repository (../shared/corpus by default)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

# Qt tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never write into the user's own data folder (the key that signs stored link analyses lives
# there); processes the tests start share this one.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="policylens-tests-")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus"


def corpus_path() -> Path:
    return Path(os.environ.get("POLICYLENS_CORPUS_DIR", DEFAULT_CORPUS))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of official texts; tests that need it skip with the reason when it is absent."""
    path = corpus_path()
    if not (path / "eu-ai-act-2024-1689.pdf").is_file():
        reason = f"official texts not found in {path} (set POLICYLENS_CORPUS_DIR)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run the tests that need them")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def wider_sources() -> dict[str, Path]:
    """Document id -> file of ../shared/corpus-wider, as its SOURCES.md names them; tests that
    need them skip with the reason when the folder is absent (in CI they must run)."""
    folder = SHARED / "corpus-wider"
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", (folder / "SOURCES.md").read_text("utf-8"), re.M) \
        if (folder / "SOURCES.md").is_file() else []
    if not rows or not all((folder / name).is_file() for name, _ in rows):
        reason = f"the wider corpus is not in {folder}"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run the tests that need it")
        pytest.skip(reason)
    return {doc: folder / name for name, doc in rows}


@pytest.fixture(scope="session")
def shared_scorer():
    """../shared/tools/score.py, imported (its ``score_provisions`` scores an export)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_workspace(corpus_dir, tmp_path_factory):
    """A workspace file with the whole official corpus imported once for the test session.

    Tests must not modify it; those that change documents build their own workspace."""
    from policylens.importer import import_folder
    from policylens.workspace import Workspace

    path = tmp_path_factory.mktemp("workspace") / "corpus.sqlite"
    with Workspace(path) as ws:
        report = import_folder(ws, corpus_dir)
    assert not report.failed, report.failed
    return path


@pytest.fixture()
def workspace(corpus_workspace):
    """The shared corpus workspace, opened read-mostly for one test."""
    from policylens.workspace import Workspace

    ws = Workspace(corpus_workspace)
    yield ws
    ws.close()


@pytest.fixture()
def workspace_copy(corpus_workspace, tmp_path):
    """A function giving a private copy of the corpus workspace, for tests that write to it
    (annotations, link caches, re-imports)."""

    def copy(name: str = "copy.sqlite") -> Path:
        dest = tmp_path / name
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{corpus_workspace}{suffix}").exists():
                shutil.copy(f"{corpus_workspace}{suffix}", f"{dest}{suffix}")
        return dest

    return copy


@pytest.fixture()
def ctx(qtbot, workspace_copy, tmp_path):
    """For the desktop tests: the application's context on a private copy of the corpus
    workspace, with settings of its own."""
    from policylens_ui.app import make_application
    from policylens_ui.context import AppContext
    from PySide6.QtCore import QSettings

    make_application()
    context = AppContext(workspace_copy(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    yield context
    context.close()


@pytest.fixture(scope="session")
def extracted(corpus_dir):
    """doc id -> (nodes by id, extractions) of an official text, read and extracted on first use."""
    from policylens import catalogue
    from policylens.extract import extract_document
    from policylens.ingest.reader import read_source
    from policylens.structure import parse

    cache = {}

    def get(doc_id):
        if doc_id not in cache:
            inst = catalogue.by_id(doc_id)
            nodes = parse(read_source(corpus_dir / inst.preferred_source.filename), doc_id, inst.profile)
            cache[doc_id] = ({n.id: n for n in nodes}, extract_document(nodes, dict(inst.raw)))
        return cache[doc_id]
    return get
