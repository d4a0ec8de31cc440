"""Filter latency of the obligations table over every provision of the workspace.

For each filter a user might type or pick, measures the time from the change to the proxy model
having its new rows (``set_filter`` + ``rowCount``), as the median of several repetitions.
Target: at most 50 ms.

    python3 benchmarks/table_filter.py --workspace W
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from policylens.export import provision_records  # noqa: E402
from policylens.workspace import Workspace  # noqa: E402

from policylens_ui.models.obligations import ObligationsModel, ObligationsProxy  # noqa: E402

FILTERS = [
    ("text 'risk'", {"text": "risk"}),
    ("text 'serious incident'", {"text": "serious incident"}),
    ("modality prohibition", {"modality": "prohibition"}),
    ("role model developer", {"role": "model_developer"}),
    ("theme security + text 'weights'", {"theme": "security", "text": "weights"}),
    ("dated deadlines", {"deadline": "dated"}),
    ("clear all", {}),
]
REPEAT = 9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with Workspace(args.workspace) as ws:
        records = list(provision_records(ws))
        names = {d.id: d.short_name for d in ws.documents()}
    model = ObligationsModel(records, names)
    proxy = ObligationsProxy()
    proxy.setSourceModel(model)
    print(f"{model.rowCount():,} provisions")
    empty = dict(doc="", modality="", role="", theme="", deadline="", text="")
    worst = 0.0
    for label, change in FILTERS:
        times = []
        for _ in range(REPEAT):
            proxy.set_filter(**empty)
            start = time.perf_counter()
            proxy.set_filter(**{**empty, **change})
            rows = proxy.rowCount()
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {label:34s} {rows:6,} rows  {median:6.1f} ms")
    start = time.perf_counter()
    proxy.sort(2)
    print(f"  sort by citation                          {(time.perf_counter() - start) * 1000:6.1f} ms")
    print(f"worst filter median {worst:.1f} ms (target ≤ 50 ms)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
