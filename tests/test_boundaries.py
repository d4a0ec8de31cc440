"""The wall between the core and the GUI, and the packaging that ships both."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_core_never_imports_qt():
    code = (
        "import pkgutil, importlib, sys\n"
        "import policylens\n"
        "for m in pkgutil.walk_packages(policylens.__path__, 'policylens.'):\n"
        "    if m.name != 'policylens.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6', 'policylens_ui')))\n"
        "print(len(list(pkgutil.walk_packages(policylens.__path__))), bad)\n"
        "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_source_has_no_qt_import():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt\d)", re.M)
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "policylens").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_package_is_listed_for_installation():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    dirs = {"policylens": "policylens", "ui": "policylens_ui", "corpus": "policylens_corpus"}
    found = set()
    for folder, package in dirs.items():
        for init in (REPO / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / folder)
            found.add(".".join((package, *rel.parts)))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_pyside6_survives_many_void_calls():
    """PySide6 6.12.0 on Python 3.11 corrupts None's refcount on void-returning calls and aborts
    ("Fatal Python error: none_dealloc") after a few thousand; the pinned range must not."""
    code = ("from PySide6.QtCore import QObject\n"
            "o = QObject()\n"
            "for _ in range(20000):\n"
            "    o.setObjectName('x')\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
