"""Fit the link confidence: the chance that a hand-made crosswalk lists a proposed pair.

    PYTHONPATH=. python3 benchmarks/calibrate_links.py --workspace WS.sqlite [--gold DIR ...]

Every provision of a crosswalk cluster is resolved to its provision unit (the shared scorer's
text matching); its top five counterparts in each other document of the cluster are labelled
1 when the crosswalk puts that counterpart in the same cluster and 0 otherwise.  A logistic
curve of the raw link score (Platt scaling) is fitted to these labels by Newton's method, and
its two constants are printed for ``CONFIDENCE_SLOPE`` and ``CONFIDENCE_OFFSET`` in
``policylens/linking.py``, with the labelled pairs' agreement at a few confidence levels.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled_pairs(ws, gold_dirs: list[Path]) -> list[tuple[float, int]]:
    from policylens.export import provision_records
    from policylens.linking import link_provisions, load_provisions

    score = _scorer()
    records = list(provision_records(ws))
    for record in records:
        record["_sh"] = score.shingles(record["text"])
    clusters = [c for gold in gold_dirs for c in score.load_gold(str(gold))[2]]
    found = link_provisions(load_provisions(ws), 5)
    by_source = defaultdict(list)
    for link in found:
        by_source[(link.source, link.target_doc)].append(link)
    out = []
    for cluster in clusters:
        members = []
        for member in cluster["members"]:
            member["_sh"], member["_stem_sh"] = score.shingles(member["text"]), set()
            candidates = [r for r in records if r["doc"] == member["doc"]]
            matched, _ = score.match([member], candidates)
            if 0 in matched:
                members.append((member["doc"], candidates[matched[0]]["id"]))
        ids = {pid for _, pid in members}
        docs = {doc for doc, _ in members}
        for doc, pid in members:
            for other in docs - {doc}:
                for link in by_source.get((pid, other), ()):
                    out.append((link.score, int(link.target in ids)))
    return out


def fit(pairs: list[tuple[float, int]], steps: int = 50) -> tuple[float, float]:
    """Logistic regression of label on score (Newton's method, a weak prior towards zero)."""
    x = np.array([s for s, _ in pairs])
    y = np.array([l for _, l in pairs], dtype=float)
    w = np.zeros(2)
    design = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + 0.01 * w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 0.01 * np.eye(2)
        w -= np.linalg.solve(hessian, gradient)
    return float(w[0]), float(w[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--gold", type=Path, action="append", help="folder with crosswalk*.jsonl (repeatable)")
    args = parser.parse_args()
    from policylens.workspace import Workspace

    with Workspace(args.workspace) as ws:
        pairs = labelled_pairs(ws, args.gold or [SHARED / "gold"])
    slope, offset = fit(pairs)
    positives = sum(l for _, l in pairs)
    print(f"{len(pairs)} labelled pairs, {positives} listed by the crosswalk")
    print(f"CONFIDENCE_SLOPE, CONFIDENCE_OFFSET = {slope:.3f}, {offset:.3f}")
    for low, high in ((0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 1.01)):
        band = [l for s, l in pairs if low <= 1 / (1 + math.exp(-(slope * s + offset))) < high]
        if band:
            print(f"  confidence {low:.1f}–{min(high, 1):.1f}: {len(band):3d} pairs, {sum(band) / len(band):.2f} listed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
