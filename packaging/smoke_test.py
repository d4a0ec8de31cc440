"""Prove a built bundle works on this machine: ``python3 packaging/smoke_test.py dist/policylens``.

It runs the bundled executable with a clean environment (fresh HOME, no PYTHONPATH), so nothing
from the build machine's Python can stand in for what the bundle lacks:

1. ``policylens --version`` prints the version of ``policylens.__version__``;
2. ``policylens corpus import`` of the official texts (the bundled copy if the build has one) into a
   temporary workspace succeeds and extracts obligations, which needs spaCy, its pipeline and the
   curated lexicons from inside the bundle;
3. ``policylens brief`` writes a briefing PDF whose cover names this version (reportlab and its fonts);
4. under ``xvfb-run`` the desktop application opens that workspace and shows a window titled
   "PolicyLens" (found with ``xwininfo``), of which a screenshot is saved (``import``).

Needs xvfb-run (apt xvfb), xwininfo (x11-utils) and import/identify (imagemagick).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
BUNDLED_TEXTS_DIRNAME = "corpus-texts"
WINDOW_TITLE = "PolicyLens"
WINDOW_TIMEOUT_S = 90
IMPORT_TIMEOUT_S = 900
SCREEN = "1920x1080x24"
# "0x600007 "PolicyLens — workspace": ("policylens" "PolicyLens")  1180x720+50+40  +50+40"
TREE_LINE = re.compile(r'^\s*(0x[0-9a-f]+) "([^"]*)".*?\s(\d+)x(\d+)[+-]\d+[+-]\d+', re.MULTILINE)
MIN_WINDOW = (400, 300)
MIN_SCREENSHOT_COLOURS = 16
BRIEFING_THEME = "incident_reporting"


class SmokeTestFailure(RuntimeError):
    """The bundle did not do what an installation must do."""


def clean_environment(home: Path) -> dict[str, str]:
    """An environment like a fresh user account's: no Python paths, an empty home folder."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(home / ".runtime")}
    (home / ".runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    if "DISPLAY" in os.environ:  # inside xvfb-run: its display and the cookie that opens it
        env.update({name: os.environ[name] for name in ("DISPLAY", "XAUTHORITY") if name in os.environ})
        env["QT_QPA_PLATFORM"] = "xcb"
    return env


def run_bundle(executable: Path, args: list[str], env: dict[str, str], timeout: float) -> str:
    """Run the bundled command; its standard output, or SmokeTestFailure with what it printed."""
    result = subprocess.run([str(executable), *args], env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    if result.returncode != 0:
        raise SmokeTestFailure(f"'policylens {' '.join(args)}' exited {result.returncode}:\n"
                               f"{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return result.stdout


def check_version(executable: Path, version: str, env: dict[str, str]) -> None:
    printed = run_bundle(executable, ["--version"], env, timeout=120).strip()
    if printed != f"PolicyLens {version}":
        raise SmokeTestFailure(f"--version printed {printed!r}, expected 'PolicyLens {version}'")
    print(f"ok: --version prints {printed!r}")


def texts_to_import(bundle: Path, corpus_dir: Path | None) -> Path:
    """The bundled official texts if the build has them, else the folder the builder named."""
    for candidate in (*bundle.glob(f"*/{BUNDLED_TEXTS_DIRNAME}"), corpus_dir,
                      Path(os.environ.get("POLICYLENS_CORPUS_DIR", REPO.parent / "shared" / "corpus"))):
        if candidate is not None and Path(candidate).is_dir():
            return Path(candidate)
    raise SmokeTestFailure("no official texts to import: build with --corpus-dir or set POLICYLENS_CORPUS_DIR")


def check_import(executable: Path, texts: Path, workspace: Path, env: dict[str, str]) -> None:
    """Import the texts headless and confirm obligations were extracted with the bundled spaCy."""
    started = time.monotonic()
    report = run_bundle(executable, ["--workspace", str(workspace), "corpus", "import", str(texts)], env,
                        timeout=IMPORT_TIMEOUT_S)
    imported = [line for line in report.splitlines() if line.startswith("imported ")]
    if not imported:
        raise SmokeTestFailure(f"corpus import of {texts} imported nothing:\n{report}")
    units = [json.loads(line) for line in run_bundle(
        executable, ["--workspace", str(workspace), "export", "provisions", "--format", "jsonl"], env,
        timeout=300).splitlines() if line.strip()]
    obligations = sum(1 for unit in units if unit.get("modality") == "obligation")
    if not obligations:
        raise SmokeTestFailure(f"{len(units)} provision units exported, none is an obligation")
    print(f"ok: corpus import of {texts} ({len(imported)} documents, {len(units)} units, "
          f"{obligations} obligations) in {time.monotonic() - started:.0f} s")


def check_briefing(executable: Path, workspace: Path, version: str, env: dict[str, str]) -> None:
    """Write a briefing PDF with the bundled reportlab and fonts; its cover must name this version."""
    from pypdf import PdfReader

    pdf = workspace.with_name("briefing.pdf")
    run_bundle(executable, ["--workspace", str(workspace), "brief", "--theme", BRIEFING_THEME, "-o", str(pdf)],
               env, timeout=300)
    reader = PdfReader(pdf)
    if f"PolicyLens {version}" not in reader.pages[0].extract_text():
        raise SmokeTestFailure(f"the briefing's cover does not name 'PolicyLens {version}'")
    print(f"ok: briefing on {BRIEFING_THEME} written ({len(reader.pages)} pages, cover names {version})")


def visible_windows(title: str) -> list[tuple[str, str, int, int]]:
    """(id, title, width, height) of the X windows whose title contains ``title``."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=True).stdout
    found = []
    for window_id, name, width, height in TREE_LINE.findall(tree):
        if title in name and int(width) >= MIN_WINDOW[0] and int(height) >= MIN_WINDOW[1]:
            state = subprocess.run(["xwininfo", "-id", window_id], capture_output=True, text=True,
                                   check=False).stdout
            if "IsViewable" in state:
                found.append((window_id, name, int(width), int(height)))
    return found


def screenshot_colours(path: Path) -> int:
    return int(subprocess.run(["identify", "-format", "%k", str(path)], capture_output=True, text=True,
                              check=True).stdout.strip() or 0)


def check_window(executable: Path, workspace: Path, env: dict[str, str], screenshot: Path) -> None:
    """Start the desktop application on the X display and wait for its main window (needs DISPLAY)."""
    log = screenshot.with_suffix(".log")
    with open(log, "w") as output:
        app = subprocess.Popen([str(executable), "--workspace", str(workspace)], env=env,
                               stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        windows = []
        while not windows and app.poll() is None and time.monotonic() < deadline:
            time.sleep(1)
            windows = visible_windows(WINDOW_TITLE)
        if not windows:
            reason = f"exited {app.returncode}" if app.returncode is not None else \
                f"showed no window titled {WINDOW_TITLE!r} in {WINDOW_TIMEOUT_S} s"
            raise SmokeTestFailure(f"the desktop application {reason}:\n{log.read_text()[-4000:]}")
        time.sleep(3)  # let the first paint finish before the screenshot
        subprocess.run(["import", "-window", "root", str(screenshot)], check=True)
        colours = screenshot_colours(screenshot)
        if colours < MIN_SCREENSHOT_COLOURS:
            raise SmokeTestFailure(f"the screenshot {screenshot} has only {colours} colours: nothing drawn")
        _, name, width, height = windows[0]
        print(f"ok: window {name!r} ({width}x{height}) shown; screenshot {screenshot} ({colours} colours)")
    finally:
        app.terminate()
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


def smoke_test(bundle: Path, version: str, corpus_dir: Path | None = None,
               screenshot: Path | None = None) -> int:
    """Run the checks on ``bundle``; returns 0 when all pass, 1 otherwise (printing why)."""
    executable = bundle / "policylens"
    screenshot = (screenshot or bundle.parent / "smoke-test" / "main-window.png").resolve()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="policylens-smoke-") as scratch:
        home = Path(scratch) / "home"
        workspace = Path(scratch) / "workspace.sqlite"
        env = clean_environment(home)
        try:
            check_version(executable, version, env)
            check_import(executable, texts_to_import(bundle, corpus_dir), workspace, env)
            check_briefing(executable, workspace, version, env)
            gui = [sys.executable, __file__, str(bundle), "--window-only", "--workspace", str(workspace),
                   "--home", str(home), "--screenshot", str(screenshot)]
            subprocess.run(["xvfb-run", "--auto-servernum", "--server-args", f"-screen 0 {SCREEN}", *gui],
                           check=True, timeout=WINDOW_TIMEOUT_S + 120)
        except (SmokeTestFailure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
    print("smoke test passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the built folder, e.g. dist/policylens")
    parser.add_argument("--corpus-dir", type=Path, help="official texts to import when the bundle has none")
    parser.add_argument("--screenshot", type=Path, help="where to save the screenshot of the main window")
    parser.add_argument("--window-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.window_only:  # the part that runs inside xvfb-run
        try:
            check_window(args.bundle / "policylens", args.workspace, clean_environment(args.home),
                         args.screenshot)
        except SmokeTestFailure as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
        return 0
    for tool in ("xvfb-run", "xwininfo", "import", "identify"):
        if shutil.which(tool) is None:
            print(f"smoke test needs {tool} (apt: xvfb x11-utils imagemagick)", file=sys.stderr)
            return 1
    sys.path.insert(0, str(REPO))
    from policylens import __version__
    return smoke_test(args.bundle, __version__, args.corpus_dir, args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
