"""Time to build a three-theme briefing across every instrument in a workspace.

    PYTHONPATH=. python3 benchmarks/brief.py --workspace WS.sqlite [--themes a,b,c] [-o brief.pdf]

Target: at most 3 s on a 2-core machine for incident_reporting, testing_evaluation and
transparency_disclosure across the four catalogued instruments.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

THEMES = "incident_reporting,testing_evaluation,transparency_disclosure"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--themes", default=THEMES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path, help="keep the PDF here")
    args = parser.parse_args()

    from policylens.brief import BriefOptions, build_brief
    from policylens.workspace import Workspace

    options = BriefOptions(themes=tuple(args.themes.split(",")), author="Benchmark")
    with tempfile.TemporaryDirectory() as tmp, Workspace(args.workspace, backups=False) as ws:
        out = args.output or Path(tmp) / "brief.pdf"
        timings, stages = [], {}
        for _ in range(args.runs):
            start = time.perf_counter()
            marks: list[tuple[float, str]] = []
            result = build_brief(ws, options, out, progress=lambda f, m, marks=marks: marks.append(
                (time.perf_counter(), m)))
            timings.append(time.perf_counter() - start)
            stages = {m: t - start for t, m in marks}
        print(f"{len(result.documents)} documents, {len(result.themes)} themes: {result.pages} pages, "
              f"{result.clauses_quoted} clauses quoted, {result.clauses_listed} listed, "
              f"{out.stat().st_size / 1024:.0f} KiB")
        print(f"  build: best {min(timings):.2f} s, runs {', '.join(f'{t:.2f}' for t in timings)} s (target ≤ 3 s)")
        print("  last run, time at each stage:")
        for message, seconds in stages.items():
            print(f"    {seconds:6.2f} s  {message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
