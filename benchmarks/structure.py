"""Reading speed and structure quality: the seed corpus beside the wider corpus.

    cd /work/main && PYTHONPATH=. python3 benchmarks/structure.py [--shared DIR]

For each file of ../shared/corpus (read with its catalogue profile) and ../shared/corpus-wider
(read with the general reader, as any added document is), prints the time to read and parse it
(wall and CPU), its provision units and words per second; then scores the wider corpus against
../shared/gold-wider with the shared scorer (unit match and citation accuracy per document).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import tempfile
import time
from pathlib import Path

from policylens import catalogue
from policylens.ingest.reader import read_source
from policylens.structure import parse

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def timed_parse(path: Path, doc_id: str, profile: str):
    wall, cpu = time.perf_counter(), time.process_time()
    nodes = parse(read_source(path), doc_id, profile)
    return nodes, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args()
    jobs = []
    for inst in catalogue.instruments():
        source = inst.preferred_source
        if source and (args.shared / "corpus" / source.filename).is_file():
            jobs.append(("seed", inst.id, args.shared / "corpus" / source.filename, inst.profile))
    wider = args.shared / "corpus-wider"
    # SOURCES.md there names each file's document id: "| `file` | `id` | …"
    for name, doc_id in re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", (wider / "SOURCES.md").read_text("utf-8"), re.M):
        jobs.append(("wider", doc_id, wider / name, "generic"))
    print(f"{'corpus':6} {'document':28} {'profile':8} {'wall s':>7} {'CPU s':>7} {'units':>6} {'words':>7} {'words/s':>9}")
    trees = {}
    for corpus, doc_id, path, profile in jobs:
        nodes, wall, cpu = timed_parse(path, doc_id, profile)
        units = [n for n in nodes if n.is_unit]
        words = sum(len(n.text.split()) for n in units)
        print(f"{corpus:6} {doc_id:28} {profile:8} {wall:7.2f} {cpu:7.2f} {len(units):6} {words:7} "
              f"{words / wall:9.0f}")
        if corpus == "wider":
            trees[doc_id] = units
    spec = importlib.util.spec_from_file_location("score", args.shared / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for units in trees.values():
            for n in units:
                out.write(json.dumps({"id": n.id, "doc": n.doc, "section": n.section, "cite": n.cite,
                                      "text": n.text, "stem": n.stem}) + "\n")
    rows = score.score_provisions(str(args.shared / "gold-wider"), out.name)
    Path(out.name).unlink()
    print(f"\n{'gold-wider (dev sample)':28} {'units':>6} {'unit_match':>11} {'cite_acc':>9}")
    for doc, row in rows.items():
        print(f"{doc:28} {row['gold_units']:6} {row['unit_match']!s:>11} {row['cite_acc']!s:>9}")


if __name__ == "__main__":
    main()
