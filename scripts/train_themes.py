"""Fit the theme model and print the leave-one-document-out figures it was chosen by.

    cd /work/main && PYTHONPATH=. python3 scripts/train_themes.py [--shared ../shared] [--write]

Labelled provisions come from the gold samples in ../shared/gold and ../shared/gold-wider (unit
level) and from ``scripts/theme_labels.json`` (this project's own labels: whole sections of the
catalogued instruments given the themes the extraction spec assigns to their subject, stored as
document ids, section names and theme ids, never text).  Each gold unit is resolved to the
provision PolicyLens reads from the same document, so that its stem and headings are those the
extractor sees.

For every candidate setting, each gold document in turn is left out of training entirely (its
gold units and its own section labels) and its gold units are scored: theme hit as
``score.py`` counts it.  The setting with the best mean over documents is fitted on everything
and, with --write, saved as ``corpus/theme_model.json``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from policylens import catalogue
from policylens.extract import theme_model
from policylens.extract.themes import lexicon_scores, nearest_heading, pick
from policylens.ingest.reader import read_source
from policylens.structure import parse

REPO = Path(__file__).resolve().parents[1]
L2 = (0.3, 1.0, 3.0)
BLENDS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)      # 0: the lexicon alone
SHARES = (0.35, 0.55)
MIN_COUNT = 2


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _shingles(text: str) -> set[str]:
    n = _norm(text)
    return {n[i:i + 8] for i in range(max(len(n) - 7, 1))}


def read_documents(shared: Path) -> dict:
    """doc id -> finalized provision nodes, for every document that has gold."""
    trees = {}
    for inst in catalogue.instruments():
        source = inst.preferred_source
        if inst.profile != "generic" and source and (shared / "corpus" / source.filename).is_file():
            trees[inst.id] = parse(read_source(shared / "corpus" / source.filename), inst.id, inst.profile)
    wider = shared / "corpus-wider"
    # SOURCES.md there names each file's document id: "| `file` | `id` | …"
    for name, doc in re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", (wider / "SOURCES.md").read_text("utf-8"), re.M):
        trees[doc] = parse(read_source(wider / name), doc, "generic")
    return trees


def example(node, by_id) -> dict:
    headings, current = [], by_id.get(node.parent)
    while current is not None:
        if current.heading:
            headings.append((current.kind, current.heading))
        current = by_id.get(current.parent)
    scores, _ = lexicon_scores(node.text, node.stem, headings)
    return theme_model.features(node.text, node.stem, nearest_heading(headings)), scores


def gold_examples(shared: Path, trees: dict) -> list[dict]:
    """Each gold unit with themes, resolved to the provision PolicyLens reads."""
    rows = []
    for folder in ("gold", "gold-wider"):
        for path in sorted((shared / folder).glob("*.units.jsonl")):
            for line in path.read_text("utf-8").splitlines():
                unit = json.loads(line)
                nodes = trees.get(unit["doc"])
                if not unit.get("themes") or nodes is None:
                    continue
                rows.append(unit)
    examples = []
    for doc in {u["doc"] for u in rows}:
        nodes = trees[doc]
        by_id = {n.id: n for n in nodes}
        units = [(n, _shingles(n.text)) for n in nodes if n.is_unit]
        for unit in (u for u in rows if u["doc"] == doc):
            target = _shingles(unit["text"])
            best = max(units, key=lambda pair: len(target & pair[1]) / len(target | pair[1]))
            if len(target & best[1]) / len(target | best[1]) < 0.5:
                continue
            feats, scores = example(best[0], by_id)
            examples.append({"doc": doc, "node": best[0].id, "themes": unit["themes"],
                             "features": feats, "lexicon": scores, "gold": True})
    return examples


def own_examples(trees: dict, gold_nodes: set[str]) -> list[dict]:
    labels = json.loads((REPO / "scripts" / "theme_labels.json").read_text("utf-8"))["labels"]
    examples = []
    for label in labels:
        nodes = trees.get(label["doc"], [])
        by_id = {n.id: n for n in nodes}
        for node in nodes:
            if node.is_unit and node.section == label["section"] and node.id not in gold_nodes \
                    and len(node.text.split()) >= 6:
                feats, scores = example(node, by_id)
                examples.append({"doc": label["doc"], "node": node.id, "themes": label["themes"],
                                 "features": feats, "lexicon": scores, "gold": False})
    return examples


def fit(train: list[dict], themes: list[str], l2: float, min_count: int):
    """One-vs-rest logistic regression (weighted log loss, L2), fitted by Adam on sparse rows."""
    counts = defaultdict(int)
    for row in train:
        for name in row["features"]:
            counts[name] += 1
    vocab = sorted(name for name, n in counts.items() if n >= min_count)
    index = {name: i for i, name in enumerate(vocab)}
    rows, cols = [], []
    for r, row in enumerate(train):
        for name in row["features"]:
            if name in index:
                rows.append(r)
                cols.append(index[name])
    rows, cols = np.array(rows), np.array(cols)
    y = np.zeros((len(train), len(themes)))
    for r, row in enumerate(train):
        for theme in row["themes"]:
            y[r, themes.index(theme)] = 1.0
    weight = np.array([1.0 if row["gold"] else 0.5 for row in train])[:, None]
    n = weight.sum()
    w, b = np.zeros((len(vocab), len(themes))), np.zeros(len(themes))
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for step in range(1, 251):
        logits = np.zeros((len(train), len(themes)))
        np.add.at(logits, rows, w[cols])
        err = (1.0 / (1.0 + np.exp(-(logits + b))) - y) * weight
        g_w = np.zeros_like(w)
        np.add.at(g_w, cols, err[rows])
        g_w = g_w / n + l2 * w / n
        g_b = err.sum(axis=0) / n
        for param, grad, m, v in ((w, g_w, moments[0], moments[1]), (b, g_b, moments[2], moments[3])):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= 0.05 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return vocab, w, b


def as_model(vocab, w, b, themes, blend, second_share) -> theme_model.ThemeModel:
    weights = {name: tuple(float(round(v, 3)) for v in w[i]) for i, name in enumerate(vocab)
               if np.abs(w[i]).max() >= 0.02}
    return theme_model.ThemeModel(tuple(themes), tuple(float(round(v, 3)) for v in b), weights,
                                  blend, second_share, "")


def hit_rate(model, rows) -> float:
    hits = sum(bool(set(pick(model.scores(r["features"], r["lexicon"]), model.second_share))
                    & set(r["themes"])) for r in rows)
    return hits / len(rows) if rows else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    trees = read_documents(args.shared)
    gold = gold_examples(args.shared, trees)
    own = own_examples(trees, {g["node"] for g in gold})
    themes = sorted({t for row in gold + own for t in row["themes"]})
    docs = sorted({g["doc"] for g in gold})
    print(f"{len(gold)} gold units resolved in {len(docs)} documents; {len(own)} units from own section labels")
    results = []
    for l2, own_labels in ((l2, own_labels) for l2 in L2 for own_labels in (True, False)):
        fitted = {}
        for doc in docs:
            train = [r for r in gold + (own if own_labels else []) if r["doc"] != doc]
            fitted[doc] = fit(train, themes, l2, MIN_COUNT)
        for blend in BLENDS:
            for share in SHARES:
                per_doc = {doc: hit_rate(as_model(*fitted[doc], themes, blend, share),
                                         [g for g in gold if g["doc"] == doc]) for doc in docs}
                setting = {"l2": l2, "own_labels": own_labels, "blend": blend, "second_share": share}
                results.append((sum(per_doc.values()) / len(docs), setting, per_doc))
    lexicon_only = next(r for r in results if r[1]["blend"] == 0 and r[1]["second_share"] == 0.55)
    mean, best, per_doc = max(results, key=lambda r: r[0])
    print(f"chosen {best}\n{'document (left out)':30} {'lexicon':>8} {'chosen':>8}")
    for doc in docs:
        print(f"{doc:30} {lexicon_only[2][doc]:8.3f} {per_doc[doc]:8.3f}")
    print(f"{'mean':30} {lexicon_only[0]:8.3f} {mean:8.3f}")
    if args.write:
        train = gold + (own if best["own_labels"] else [])
        model = as_model(*fit(train, themes, best["l2"], MIN_COUNT), themes, best["blend"],
                         best["second_share"])
        out = {"_about": "Theme model fitted by scripts/train_themes.py; see policylens/extract/theme_model.py.",
               "version": f"{len(train)}-{best['l2']}-{best['blend']}-{best['second_share']}",
               "themes": list(model.themes), "bias": list(model.bias), "blend": best["blend"],
               "second_share": best["second_share"], "weights": model.weights,
               "cross_validation": {"mean_theme_hit": round(mean, 3), "lexicon_only": round(lexicon_only[0], 3),
                                    "per_document": {d: round(v, 3) for d, v in per_doc.items()}}}
        (REPO / "corpus" / theme_model.MODEL_FILE).write_text(json.dumps(out, separators=(",", ":")), "utf-8")
        print(f"wrote corpus/{theme_model.MODEL_FILE}: {len(model.weights)} features")


if __name__ == "__main__":
    main()
