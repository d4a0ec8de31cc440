"""The welcome screen of an empty workspace, and an offline installation's bundled texts."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from policylens_ui.app import make_application  # noqa: E402
from policylens_ui.views.welcome import WelcomeView  # noqa: E402
from policylens_ui.worker import TaskRunner  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from policylens.paths import BUNDLED_TEXTS_ENV  # noqa: E402


def welcome(qtbot, tmp_path) -> WelcomeView:
    make_application()
    view = WelcomeView(TaskRunner(tmp_path / "w.sqlite"))
    qtbot.addWidget(view)
    view.show()
    return view


def test_bundled_texts_are_offered_and_imported_from_their_folder(qtbot, tmp_path, monkeypatch):
    texts = tmp_path / "corpus-texts"
    texts.mkdir()
    monkeypatch.setenv(BUNDLED_TEXTS_ENV, str(texts))
    view = welcome(qtbot, tmp_path)
    assert view.bundled_button.isVisible()
    with qtbot.waitSignal(view.importFolderRequested) as requested:
        qtbot.mouseClick(view.bundled_button, Qt.MouseButton.LeftButton)
    assert requested.args == [Path(texts)]


def test_without_bundled_texts_the_offer_is_not_shown(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(BUNDLED_TEXTS_ENV, raising=False)
    view = welcome(qtbot, tmp_path)
    assert not view.bundled_button.isVisible()
    assert view.import_button.isVisible() and view.download_button.isVisible()
