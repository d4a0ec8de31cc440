"""Time to link a whole corpus and to link one added document, the link model's out-of-fold
figures, and the links' score on any crosswalk folders given.

    PYTHONPATH=. python3 benchmarks/links.py --workspace WS.sqlite [--gold DIR] [--gold DIR2] [--top 5]

WS.sqlite holds the corpus to time (``policylens corpus import ../shared/corpus`` and
``../shared/corpus-wider``).  Everything runs on a copy, so the timings are those of a cold
link cache:

* the links and graph of the corpus as it is;
* a full relink of FULL_RELINK documents: the corpus and second copies of the official files
  (each copy one byte longer, so that it is read as a document of its own) up to that number,
  analysed afresh as in a new process;
* adding one document to those: the copy with the most provisions is removed and added again,
  and only its pairs are linked (the links between two documents depend on those two alone):
  in the session that linked the others (their analyses are kept in memory, but the caches of
  words and frames read from texts are emptied, since the removed copy's texts are among them
  and a new document's would not be; the others' frames are then read again for explanations,
  so this figure is if anything a little high), as in a new
  process (which reads their analyses from the workspace), and as in a new process on a
  workspace without stored analyses (which analyses them all again);
* reading all the links of the fifteen documents back from the cache.

"Linking" is ``update_link_cache``: analysing the documents, linking the missing pairs and
storing them; ``links`` then reads every link back, which the last line times.  The CPU time
is printed too: on a busy machine it is the steadier figure.  The accuracy printed next is the
shipped model's out-of-fold table, as ``benchmarks/train_links.py`` measured it when it fitted
the model.  Each ``--gold`` folder is then scored with shared/tools/score.py; the shared dev and
wider crosswalks are training data of the model, so their scores measure agreement with what it
was fitted to, not accuracy.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
FULL_RELINK = 15


def timed(label: str, timings: dict, work):
    """Run ``work``, recording its wall-clock and CPU time under ``label``."""
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    timings[label] = (time.perf_counter() - start, time.process_time() - cpu)
    return result


def second_copies(folder: Path, wanted: int) -> list[tuple[str, Path]]:
    """Up to ``wanted`` (document id, file) pairs: the corpus's official files written again with
    one more byte, largest first, so that each is read as a user document of its own."""
    from policylens.ingest.reader import file_format

    sources = [p for d in ("corpus", "corpus-wider") for p in sorted((SHARED / d).iterdir())
               if file_format(p) is not None and p.suffix != ".md"]
    sources.sort(key=lambda p: -p.stat().st_size)
    copies = []
    for source in sources[:wanted]:
        copy = folder / f"copy-{source.name}"
        copy.write_bytes(source.read_bytes() + b"\n")
        copies.append((f"copy-{source.stem.lower()}-{source.suffix[1:]}"[:60], copy))
    return copies


def clear_link_cache(ws) -> None:
    """Drop the cached links and the stored analyses: linking starts from nothing."""
    with ws.transaction() as db:
        db.execute("DELETE FROM link_pairs")
        db.execute("DELETE FROM link_documents")


def forget_added(ws, added_id: str, *, analyses: bool) -> None:
    """As in a new process that has just added the document: no analysis in memory, and the
    added document neither analysed nor linked; with ``analyses``, none of the other documents'
    analyses stored in the workspace either."""
    from policylens.link_cache import forget_analysed_documents

    with ws.transaction() as db:
        db.execute("DELETE FROM link_pairs WHERE doc_a = ? OR doc_b = ?", (added_id, added_id))
        db.execute("DELETE FROM link_documents WHERE doc = ? OR ?", (added_id, analyses))
    forget_analysed_documents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--gold", type=Path, action="append",
                        help="folder with crosswalk*.jsonl clusters to score the links against (repeatable)")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()

    from pypdf import PdfReader

    from policylens import curated, ranker
    from policylens.export import provision_records, write_jsonl
    from policylens.graph import build_graph
    from policylens.importer import add_file
    from policylens.link_cache import forget_analysed_documents, links, update_link_cache
    from policylens.linking import clear_text_caches, link_provisions, load_provisions
    from policylens.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(args.workspace, tmp / "ws.sqlite")
        timings: dict[str, tuple[float, float]] = {}
        with Workspace(tmp / "ws.sqlite") as ws:
            clear_link_cache(ws)
            documents = len(ws.documents())
            provisions = timed("load provisions", timings, lambda: load_provisions(ws))
            found = timed("link (no cache)", timings, lambda: link_provisions(provisions, args.top))
            timed("links with cache write (cold)", timings, lambda: links(ws, top=args.top))
            timed("links from cache", timings, lambda: links(ws, top=args.top))
            graph = timed("graph (links cached)", timings, lambda: build_graph(ws, top_links=3))
            with open(tmp / "links.jsonl", "w", encoding="utf-8") as out:
                write_jsonl((link.to_dict() for link in found), out)
            with open(tmp / "provisions.jsonl", "w", encoding="utf-8") as out:
                write_jsonl(provision_records(ws), out)
            copies = second_copies(tmp, FULL_RELINK - documents)
            for doc_id, path in copies:
                add_file(ws, path, doc_id=doc_id)
            clear_link_cache(ws)
            forget_analysed_documents()
            total = len(ws.documents())
            timed(f"full relink of {total} documents", timings, lambda: update_link_cache(ws))
            added_id, added_path = max(copies, key=lambda c: sum(1 for _ in provision_records(ws, c[0])))
            pages = len(PdfReader(added_path).pages) if added_path.suffix == ".pdf" else None
            ws.remove_document(added_id)
            links(ws)
            add_file(ws, added_path, doc_id=added_id)
            added = sum(1 for _ in provision_records(ws, added_id))
            clear_text_caches()   # the copy's texts were read before; a new document's would not have been
            timed(f"adding one ({total - 1} + 1), same session", timings, lambda: update_link_cache(ws))
            forget_added(ws, added_id, analyses=False)
            timed(f"adding one ({total - 1} + 1), new process", timings, lambda: update_link_cache(ws))
            forget_added(ws, added_id, analyses=True)
            timed("the same, no analyses stored", timings, lambda: update_link_cache(ws))
            every = timed(f"reading all links of {total} documents", timings, lambda: links(ws))
        print(f"{documents} documents, {len(provisions)} provisions, {len(found)} links, "
              f"graph {graph.number_of_nodes()} nodes / {graph.number_of_edges()} edges")
        print(f"{total} documents: {len(every)} links")
        print(f"the added document: {added_path.name[len('copy-'):]}, {added} provision units"
              + (f", {pages} pages" if pages else ""))
        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
        print(f"  {'':<44}{'wall':>8}{'CPU':>8}")
        for name, (seconds, cpu) in timings.items():
            print(f"  {name:<44}{seconds:7.2f}s{cpu:7.2f}s")
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
