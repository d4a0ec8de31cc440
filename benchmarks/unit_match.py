"""Print, per catalogued document, the share of gold provision units that PolicyLens's units match.

Each catalogued instrument is read from its preferred file (or the format given with --format),
parsed with its structure profile and finalized into units; the units are then scored with the
shared scorer (``shared/tools/score.py``), whose ``unit_match`` counts a gold unit as matched
when one predicted unit covers at least 80% of its text and lies at least 70% inside it.
Profiles that are not written yet, and files that cannot be read, are reported and skipped.

  PYTHONPATH=. python3 benchmarks/unit_match.py [--format md] [--show-misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def load_scorer(tools_dir: Path):
    spec = importlib.util.spec_from_file_location("score", tools_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue() -> list[dict]:
    text = resources.files("corpus").joinpath("catalogue.json").read_text(encoding="utf-8")
    return json.loads(text)["instruments"]


def units_of(entry: dict, corpus_dir: Path, wanted_format: str | None):
    """The finalized units of one catalogued instrument, or the reason there are none."""
    from policylens.ingest.reader import read_source
    from policylens.ingest.source import IngestError
    from policylens.structure import parse

    sources = entry["sources"]
    chosen = [s for s in sources if s["format"] == wanted_format] if wanted_format else []
    chosen = chosen or [s for s in sources if s.get("preferred")] or sources
    path = corpus_dir / chosen[0]["filename"]
    try:
        source = read_source(path)
        nodes = parse(source, entry["id"], entry["profile"])
    except ModuleNotFoundError as exc:
        return None, f"profile or reader not available ({exc.name})"
    except IngestError as exc:
        return None, str(exc)
    return [n for n in nodes if n.is_unit], path.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("POLICYLENS_CORPUS_DIR", SHARED / "corpus")))
    parser.add_argument("--gold", type=Path, default=SHARED / "gold")
    parser.add_argument("--tools", type=Path, default=SHARED / "tools")
    parser.add_argument("--format", help="read this format instead of the preferred one (md, txt, html, pdf)")
    parser.add_argument("--show-misses", action="store_true", help="list the gold units left unmatched")
    args = parser.parse_args()
    scorer = load_scorer(args.tools)
    for entry in catalogue():
        started = time.perf_counter()
        units, origin = units_of(entry, args.corpus, args.format)
        seconds = time.perf_counter() - started
        if units is None:
            print(f"{entry['id']:<30} skipped: {origin}")
            continue
        preds = [{"doc": u.doc, "section": u.section, "text": u.text, "id": u.id} for u in units]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
            out.write("\n".join(json.dumps(p) for p in preds))
        try:
            row = scorer.score_provisions(str(args.gold), out.name).get(entry["id"])
        finally:
            os.unlink(out.name)
        match = row["unit_match"] if row else None
        gold = row["gold_units"] if row else 0
        print(f"{entry['id']:<30} {origin:<32} units={len(units):<5} gold={gold:<4} "
              f"unit_match={match}  ({seconds:.1f} s)")
        if args.show_misses and row:
            show_misses(scorer, args.gold, entry["id"], preds)


def show_misses(scorer, gold_dir: Path, doc: str, preds: list[dict]) -> None:
    """Gold units of ``doc`` that no prediction matches (ignoring sections, to show near misses)."""
    units, _, _ = scorer.load_gold(str(gold_dir))
    gold = [u for u in units if u["doc"] == doc]
    for unit in gold:
        unit["_sh"], unit["_stem_sh"] = scorer.shingles(unit["text"]), scorer.shingles(unit.get("stem", ""))
    for pred in preds:
        pred["_sh"] = scorer.shingles(pred["text"])
    matched, _ = scorer.match(gold, preds)
    for index, unit in enumerate(gold):
        if index not in matched:
            print(f"    miss {unit['cite']}: {unit['text'][:100]}")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
