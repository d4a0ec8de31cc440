"""How faithfully the EU AI Act provisions parsed from the PDF reproduce the EUR-Lex HTML, and how long it takes.

  PYTHONPATH=. python3 benchmarks/fidelity.py [--corpus DIR] [--show N]

Reads the OJ PDF with ``read_pdf``, builds the tree with ``structure.eu.parse``, writes every node that
has text to a temporary JSON-lines file and runs the shared scorer (``shared/tools/fidelity.py``)
against the HTML edition.  Also times reading every PDF of the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policylens.ingest.pdf import read_pdf
from policylens.structure import eu

REPO = Path(__file__).resolve().parents[1]
DOC_ID = "eu-ai-act-2024-1689"


def main() -> None:
    default_corpus = Path(os.environ.get("POLICYLENS_CORPUS_DIR", REPO.parent / "shared" / "corpus"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus, help="folder of the official texts")
    parser.add_argument("--tool", type=Path, default=REPO.parent / "shared" / "tools" / "fidelity.py",
                        help="the shared fidelity scorer")
    parser.add_argument("--show", type=int, default=0, help="list the N most over/under-represented words")
    args = parser.parse_args()

    for pdf in sorted(args.corpus.glob("*.pdf")):
        started = time.perf_counter()
        source = read_pdf(pdf)
        print(f"read {pdf.name}: {len(source.lines)} lines, {len(source.footnotes)} footnotes, "
              f"{source.metadata['page_count']} pages in {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    source = read_pdf(args.corpus / f"{DOC_ID}.pdf")
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    nodes = eu.parse(source, DOC_ID)
    parse_seconds = time.perf_counter() - started
    print(f"EU AI Act: read {read_seconds:.2f} s, parsed {len(nodes)} nodes in {parse_seconds:.2f} s")

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for node in nodes:
            if node.text:
                handle.write(json.dumps({"id": node.id, "doc": node.doc, "cite": node.cite,
                                         "text": node.text}, ensure_ascii=False) + "\n")
        provisions = handle.name
    try:
        command = [sys.executable, str(args.tool), provisions, str(args.corpus / f"{DOC_ID}.html"),
                   "--doc", DOC_ID, "--show", str(args.show)]
        print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="")
    finally:
        os.unlink(provisions)


if __name__ == "__main__":
    main()
