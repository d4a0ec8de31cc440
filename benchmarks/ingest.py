"""Cold ingest + extraction of the whole official corpus, and a warm reopen of the workspace.

    python3 benchmarks/ingest.py [--corpus ../shared/corpus]

Cold: a new workspace file, ``import_folder`` on the corpus (reading, parsing, extraction, storage).
Warm: opening that workspace again and loading every provision with its extraction, which is what
the application and the exports do on start.  Prints seconds and words per second.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from pathlib import Path

from policylens.export import provision_records
from policylens.importer import import_folder
from policylens.workspace import Workspace

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("POLICYLENS_CORPUS_DIR", DEFAULT_CORPUS)))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        start = time.perf_counter()
        with Workspace(path) as ws:
            report = import_folder(ws, args.corpus)
        cold = time.perf_counter() - start
        if report.failed:
            raise SystemExit(f"import failed: {report.failed}")
        start = time.perf_counter()
        with Workspace(path) as ws:
            records = list(provision_records(ws))
        warm = time.perf_counter() - start
    words = sum(len(re.findall(r"\w+", r["text"])) for r in records)
    print(f"machine: {os.cpu_count()} cores")
    print(f"documents: {len(report.imported)}  provision units: {len(records)}  words: {words}")
    print(f"cold ingest + extract: {cold:.2f} s  ({words / cold:,.0f} words/s)")
    print(f"warm reopen (all provisions with extraction): {warm:.2f} s")


if __name__ == "__main__":
    main()
