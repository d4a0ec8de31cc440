"""The desktop packaging files: Linux integration, the PyInstaller spec and the release version.

These check the files a release is built from without building it (that takes minutes; see
packaging/README.md); the validators run when installed and are skipped with the reason otherwise.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from policylens import __version__

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "io.github.policylens.PolicyLens"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
ICON = REPO / "ui" / "resources" / f"{APP_ID}.svg"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "pyinstaller" / "policylens.spec"
INSTALL_SH = LINUX / "install.sh"
SVG_NS = "{http://www.w3.org/2000/svg}"
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network",
                   "Office", "Science", "Settings", "System", "Utility"}


def load_script(path: Path):
    """A packaging script as a module (packaging/ is not a package, so it cannot shadow PyPI's)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry(path: Path = DESKTOP_FILE) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # desktop entry keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def spec_constants(*names: str) -> dict:
    """Module-level constants of the spec, evaluated with HERE and REPO as the spec defines them."""
    scope = {"Path": Path, "HERE": SPEC.parent, "REPO": REPO}
    found = {}
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in names:
            found[node.targets[0].id] = eval(compile(ast.Expression(node.value), str(SPEC), "eval"), scope)
    return found


def test_desktop_entry_launches_the_installed_command_with_the_shipped_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "PolicyLens"
    assert entry["Terminal"] == "false"
    program = entry["Exec"].split()[0]
    assert program in pyproject()["project"]["scripts"], f"Exec runs {program!r}, which is not installed"
    # 'policylens FILE' is not a command the CLI accepts, so no file field codes.
    assert "%" not in entry["Exec"]
    assert entry["Icon"] == ICON.stem
    categories = [c for c in entry["Categories"].split(";") if c]
    assert entry["Categories"].endswith(";")
    assert len(MAIN_CATEGORIES.intersection(categories)) == 1, categories


def test_desktop_entry_passes_desktop_file_validate():
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate not installed (apt desktop-file-utils)")
    result = subprocess.run([validator, str(DESKTOP_FILE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


def test_icon_is_a_square_svg():
    root = ET.parse(ICON).getroot()
    assert root.tag == f"{SVG_NS}svg"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height > 0
    assert len(list(root.iter())) > 3, "the icon draws nothing"


def test_metainfo_describes_this_application_at_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == desktop_entry()["Exec"].split()[0]
    releases = root.findall("releases/release")
    assert releases, "metainfo lists no release"
    newest = releases[0]
    assert newest.get("version") == __version__, (
        f"metainfo's newest release is {newest.get('version')}, policylens.__version__ is {__version__}")
    dates = [date.fromisoformat(r.get("date")) for r in releases]
    assert dates == sorted(dates, reverse=True), "releases must be listed newest first"


def test_metainfo_passes_appstreamcli_validate():
    validator = shutil.which("appstreamcli")
    if validator is None:
        pytest.skip("appstreamcli not installed (apt appstream)")
    result = subprocess.run([validator, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_spec_files_and_packages_exist():
    constants = spec_constants("LAUNCHER", "RUNTIME_HOOKS", "DYNAMIC_PACKAGES")
    assert constants["LAUNCHER"].is_file()
    assert all(hook.is_file() for hook in constants["RUNTIME_HOOKS"])
    setuptools = pyproject()["tool"]["setuptools"]
    for name in constants["DYNAMIC_PACKAGES"]:
        assert name in setuptools["packages"], f"spec collects {name}, which pyproject does not install"
    for name, folder in setuptools["package-dir"].items():
        assert (REPO / folder / "__init__.py").is_file(), f"{name} maps to missing {folder}/"
    for name, patterns in setuptools["package-data"].items():
        folder = REPO / setuptools["package-dir"].get(name, name)
        assert any(any(folder.glob(p)) for p in patterns), f"package data of {name} matches no file"


def test_spec_bundles_the_pipeline_that_extraction_loads():
    from policylens.extract.nlp import MODEL_NAMES

    assert "from policylens.extract.nlp import MODEL_NAMES" in SPEC.read_text()
    assert any(importlib.util.find_spec(name) for name in MODEL_NAMES), "no spaCy pipeline to bundle"


def test_desktop_integration_is_laid_out_for_install_sh(tmp_path):
    build = load_script(PACKAGING / "build.py")
    bundle = tmp_path / "policylens"
    bundle.mkdir()
    build.add_desktop_integration(bundle)
    assert (bundle / "install.sh").is_file()
    assert (bundle / "share" / "applications" / DESKTOP_FILE.name).is_file()
    assert (bundle / "share" / "icons" / "hicolor" / "scalable" / "apps" / ICON.name).is_file()
    assert (bundle / "share" / "metainfo" / METAINFO.name).is_file()
    archive = build.pack(bundle, __version__)
    assert archive.name.startswith(f"PolicyLens-{__version__}-")


@pytest.mark.skipif(sys.platform != "linux", reason="install.sh installs on Linux")
def test_install_sh_installs_and_uninstalls_a_bundle(tmp_path):
    build = load_script(PACKAGING / "build.py")
    bundle = tmp_path / "unpacked" / "policylens"
    bundle.mkdir(parents=True)
    program = bundle / "policylens"
    program.write_text("#!/bin/sh\necho PolicyLens\n")
    program.chmod(0o755)
    build.add_desktop_integration(bundle)
    prefix = tmp_path / "prefix"
    env = {**os.environ, "PREFIX": str(prefix)}

    subprocess.run(["sh", str(bundle / "install.sh")], env=env, check=True, capture_output=True)
    installed = prefix / "lib" / "policylens" / "policylens"
    launched = subprocess.run([prefix / "bin" / "policylens"], capture_output=True, text=True, check=True)
    assert launched.stdout == "PolicyLens\n"
    desktop = prefix / "share" / "applications" / DESKTOP_FILE.name
    assert desktop_entry(desktop)["Exec"] == str(installed)
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / ICON.name).is_file()

    subprocess.run(["sh", str(bundle / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists() and not desktop.exists()


def test_smoke_test_recognises_the_main_window_in_xwininfo_output():
    smoke = load_script(PACKAGING / "smoke_test.py")
    tree = ('     0x400007 "PolicyLens — workspace.sqlite": ("policylens" "PolicyLens")  1440x900+0+0  +0+0\n'
            '     0x400003 "Qt Selection Owner for policylens": ()  3x3+0+0  +0+0\n')
    assert smoke.TREE_LINE.findall(tree) == [("0x400007", "PolicyLens — workspace.sqlite", "1440", "900"),
                                             ("0x400003", "Qt Selection Owner for policylens", "3", "3")]


def test_bundled_package_data_keeps_its_folder_so_the_window_icon_is_found(tmp_path):
    """The spec's ``package_data`` puts each file where the package looks it up at run time
    (``policylens_ui/resources/<id>.svg`` for the window icon), not flat in the package folder."""
    tree = ast.parse(SPEC.read_text())
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "package_data")
    scope = {"Path": Path, "REPO": REPO, "SETUPTOOLS": pyproject()["tool"]["setuptools"]}
    exec(compile(ast.Module([function], []), str(SPEC), "exec"), scope)
    staging = tmp_path / "staged"
    shutil.copytree(REPO / "ui", staging / "policylens_ui")
    placed = {Path(dest) / Path(source).name for source, dest in scope["package_data"](staging)}
    assert Path("policylens_ui") / "resources" / ICON.name in placed
