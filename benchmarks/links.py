"""Time to build the links and the graph of the whole corpus, the link model's out-of-fold
figures, and the links' score on any crosswalk folders given.

    PYTHONPATH=. python3 benchmarks/links.py --workspace WS.sqlite [--gold DIR] [--gold DIR2] [--top 5]

Works on a copy of the workspace (the link cache is written), so the timings are those of a
cold cache.  The CPU time of linking is printed too: on a busy machine it is the steadier figure.

The accuracy printed first is the shipped model's out-of-fold table, as
``benchmarks/train_links.py`` measured it when it fitted the model (clusters left out, documents
and their clusters left out, and the held-out clusters never trained on).  Each ``--gold``
folder is then scored with shared/tools/score.py; the shared dev and wider crosswalks are
training data of the model, so their scores are not a measure of accuracy, only of agreement
with what it was fitted to.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--gold", type=Path, action="append",
                        help="folder with crosswalk*.jsonl clusters to score the links against (repeatable)")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()

    from policylens import curated, ranker
    from policylens.export import provision_records, write_jsonl
    from policylens.graph import build_graph
    from policylens.linking import link_provisions, links, load_provisions
    from policylens.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(args.workspace, tmp / "ws.sqlite")
        with Workspace(tmp / "ws.sqlite") as ws:
            timings = {}
            start = time.perf_counter()
            provisions = load_provisions(ws)
            timings["load provisions"] = time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            found = link_provisions(provisions, args.top)
            timings["link"] = time.perf_counter() - start
            timings["link (CPU time of this process)"] = time.process_time() - cpu
            start = time.perf_counter()
            links(ws, top=args.top)
            timings["links with cache write (cold)"] = time.perf_counter() - start
            start = time.perf_counter()
            links(ws, top=args.top)
            timings["links from cache"] = time.perf_counter() - start
            start = time.perf_counter()
            graph = build_graph(ws, top_links=3)
            timings["graph (links cached)"] = time.perf_counter() - start
            with open(tmp / "links.jsonl", "w", encoding="utf-8") as out:
                write_jsonl((link.to_dict() for link in found), out)
            with open(tmp / "provisions.jsonl", "w", encoding="utf-8") as out:
                write_jsonl(provision_records(ws), out)
        print(f"{len(provisions)} provisions, {len(found)} links, graph {graph.number_of_nodes()} nodes / "
              f"{graph.number_of_edges()} edges")
        for name, seconds in timings.items():
            print(f"  {name:<32}{seconds:6.2f} s")
        print(f"  {'total (load + link + graph)':<32}"
              f"{timings['load provisions'] + timings['link'] + timings['graph (links cached)']:6.2f} s")
        print()
        model = json.loads(curated.text(ranker.MODEL_FILE))
        print(f"link model: minimum confidence {model['min_confidence']}; out-of-fold figures "
              f"({len(model['trained_on'])} training clusters):")
        for name, rows in model["out_of_fold"].items():
            print(f"  {name}")
            for label, figures in rows.items():
                print(f"    {label:<24}" + "  ".join(f"{k} {v}" for k, v in figures.items()))
        print()
        for gold in args.gold or []:
            result = subprocess.run(
                [sys.executable, str(SHARED / "tools" / "score.py"), "links", "--gold", str(gold),
                 "--pred", str(tmp / "links.jsonl"), "--provisions", str(tmp / "provisions.jsonl"),
                 "--k", "5", "--json"], capture_output=True, text=True, check=True)
            scores = json.loads(result.stdout)
            print(f"{gold}: " + "  ".join(f"{k}={v}" for k, v in scores.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
