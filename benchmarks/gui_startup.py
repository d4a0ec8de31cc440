"""Start-up time of the desktop application on a workspace that already holds the corpus.

Measures, in a fresh process each run, the time from launching Python's import of the
application to a shown, responsive main window with the first document rendered in the reader
(the event loop has processed all pending events).  Target: at most 2 s.

    python3 benchmarks/gui_startup.py --workspace W [--runs 5]

The workspace is copied to a temporary folder (the window writes its link cache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import sys, time
start = time.perf_counter()
from PySide6.QtCore import QSettings
from policylens_ui.app import make_application, open_window
app = make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = open_window(sys.argv[1], settings)
window.show()
app.processEvents()
shown = time.perf_counter() - start
rendered = window.reader.current_document()
print(f"{shown:.4f} {rendered}")
window.ctx.tasks.cancel_all()
window.ctx.tasks.wait()
"""


def one_run(workspace: Path, settings: Path) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(workspace), str(settings)], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), out[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "workspace.sqlite"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{args.workspace}{suffix}").exists():
                shutil.copy(f"{args.workspace}{suffix}", f"{copy}{suffix}")
        one_run(copy, Path(tmp) / "warm.ini")  # warm the OS file cache and the link cache
        times = []
        for n in range(args.runs):
            seconds, doc = one_run(copy, Path(tmp) / f"settings-{n}.ini")
            times.append(seconds)
    print(f"start-up to a usable window ({doc} in the reader), {args.runs} runs: "
          f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
          f"(target ≤ 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
