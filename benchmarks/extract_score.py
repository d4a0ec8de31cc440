"""Extraction measured against the gold: ingest the official texts, extract, score.

    cd /work/main && PYTHONPATH=. python3 benchmarks/extract_score.py [--corpus DIR] [--out FILE]

Reads each catalogued instrument's preferred file from the corpus folder (default
../shared/corpus), parses it with its structure profile, runs ``extract_document``, writes the
provisions export and prints ``score.py provisions`` next to the timings (words per second).
Then it reads the wider corpus (../shared/corpus-wider) the way an analyst's added document is
read — the general reader, no catalogue entry — and scores it against ../shared/gold-wider; and
reads the four catalogued instruments' files the same way, scored against ../shared/gold, to see
how the general reader does on instruments it has its own profile for.
Wall times swing with the machine's load; CPU times (``time.process_time``) are the figures to
compare between versions.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from policylens.extract import extract_document
from policylens.extract.nlp import load_pipeline
from policylens.ingest.reader import read_source
from policylens.structure import parse
from policylens.suggest import offer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def provision_record(node, extraction) -> dict:
    suffix = f"#{extraction.part}" if extraction.part else ""
    return {"id": node.id + suffix, "doc": node.doc, "section": node.section, "cite": node.cite,
            "text": extraction.text, "stem": node.stem, "modality": extraction.modality,
            "actor_text": extraction.actor_text, "actor_explicit": extraction.actor_explicit,
            "actor_role": extraction.actor_role, "themes": extraction.themes,
            "condition": extraction.condition, "deadline_text": extraction.deadline_text,
            "deadline_date": extraction.deadline_date, "refs": extraction.refs,
            "defines": extraction.defines, "cues": extraction.cues}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--out", type=Path, default=Path("/tmp/policylens-provisions.jsonl"))
    ap.add_argument("--wider", type=Path, default=SHARED / "corpus-wider",
                    help="documents read as an analyst's own (no catalogue entry), scored against "
                         "--wider-gold")
    ap.add_argument("--wider-gold", type=Path, default=SHARED / "gold-wider")
    args = ap.parse_args()
    catalogue = json.loads((REPO / "corpus" / "catalogue.json").read_text("utf-8"))
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    load_pipeline()
    print(f"spaCy pipeline load: {time.perf_counter() - wall_start:.2f} s "
          f"(CPU {time.process_time() - cpu_start:.2f} s)")
    records, total_words, total_extract, total_extract_cpu = [], 0, 0.0, 0.0
    for entry in catalogue["instruments"]:
        preferred = [s["filename"] for s in entry.get("sources", []) if s.get("preferred")]
        if not preferred or not (args.corpus / preferred[0]).is_file():
            continue    # an instrument known to the catalogue whose text is not in this folder
        source_file = preferred[0]
        t0, c0 = time.perf_counter(), time.process_time()
        nodes = parse(read_source(args.corpus / source_file), entry["id"], entry["profile"])
        t1, c1 = time.perf_counter(), time.process_time()
        extractions = extract_document(nodes, entry)
        t2, c2 = time.perf_counter(), time.process_time()
        total_extract_cpu += c2 - c1
        by_id = {n.id: n for n in nodes}
        words = sum(len(n.text.split()) for n in nodes if n.is_unit)
        total_words += words
        total_extract += t2 - t1
        records += [provision_record(by_id[e.node_id], e) for e in extractions]
        deontic = sum(e.modality != "none" for e in extractions)
        print(f"{entry['id']:28} ingest {t1 - t0:5.2f} s (CPU {c1 - c0:5.2f})  "
              f"extract {t2 - t1:5.2f} s (CPU {c2 - c1:5.2f})  "
              f"{len(extractions):5} units ({deontic} deontic)  {words / (t2 - t1):8.0f} words/s")
    print(f"{'all':28} extract {total_extract:5.2f} s (CPU {total_extract_cpu:5.2f}) for "
          f"{total_words} words: {total_words / total_extract:.0f} words/s")
    print(f"{'cold ingest + extract':28} {time.perf_counter() - wall_start:5.2f} s "
          f"(CPU {time.process_time() - cpu_start:5.2f} s), spaCy load included")
    with args.out.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "provisions",
                    "--gold", str(args.gold), "--pred", str(args.out)], check=False)
    # the folder's SOURCES.md names each file's document id: "| `file` | `id` | …"
    wider = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", (args.wider / "SOURCES.md").read_text("utf-8"), re.M)
    score_as_own("wider corpus", [(args.wider / name, doc) for name, doc in wider], args.wider_gold,
                 args.out.with_name(args.out.stem + "-wider.jsonl"))
    seeds = [(args.corpus / preferred[0], entry["id"]) for entry in catalogue["instruments"]
             if (preferred := [s["filename"] for s in entry.get("sources", []) if s.get("preferred")])
             and (args.corpus / preferred[0]).is_file()]
    score_as_own("catalogued instruments", seeds, args.gold, args.out.with_name(args.out.stem + "-general.jsonl"))


def score_as_own(name: str, files: list[tuple[Path, str]], gold: Path, out: Path) -> None:
    """``files`` (path, document id) read the way an added document is: the general reader, the
    date the document states, and no catalogue entry telling the extractor what kind of
    instrument it is; scored against ``gold``."""
    records = []
    print(f"\n{name}, read as the analyst's own documents")
    for path, doc in files:
        c0 = time.process_time()
        source = read_source(path)
        nodes = parse(source, doc, "generic")
        offered = offer(source).date      # the date 'policylens add' reads from the document
        extractions = extract_document(nodes, {"id": doc, "profile": "generic",
                                               "dates": {"issued": offered} if offered else {}})
        by_id = {n.id: n for n in nodes}
        records += [provision_record(by_id[e.node_id], e) for e in extractions]
        print(f"{doc:28} read + extract CPU {time.process_time() - c0:5.2f} s  {len(extractions):5} units")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "provisions",
                    "--gold", str(gold), "--pred", str(out)], check=False)


if __name__ == "__main__":
    main()
