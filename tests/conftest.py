"""Shared fixtures: the official texts live outside the repository (../shared/corpus by default)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


# Qt tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


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
