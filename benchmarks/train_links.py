"""Fit the link model (``policylens_corpus/link_model.json``) and measure it out of fold.

    PYTHONPATH=. python3 benchmarks/train_links.py --workspace WS.sqlite [--baseline OLD_LINKS.jsonl] [--write]

WS.sqlite must hold the four instruments (``policylens corpus import ../shared/corpus``) and the
wider corpus (``policylens corpus import ../shared/corpus-wider``).

Labelled pairs come from three sources, each cluster a set of provisions an analyst puts side by
side; a directed pair (a → b) asks for b among a's counterparts in b's document:

* the shared dev crosswalk ``../shared/gold`` and the wider dev crosswalk ``../shared/gold-wider``,
  whose members are resolved to provision units by the shared scorer's text matching;
* this repository's own clusters, ``benchmarks/link_labels.jsonl``, labelled from the official
  texts by ``../shared/docs/obligations.md`` and stored as document ids, citations and unit ids
  only; and its own "none" entries, a provision and the documents that have no counterpart of
  it (a compute-cluster definition in guidelines that set no compute rules).  Those marked
  ``"split": "held-out"`` are never trained or tuned on and are reported apart.

Every candidate in the target document is a training row (label 1 for the cluster's members).  The
model ranks each query's candidates by a linear score fitted as a conditional logit (``fit``),
which is then calibrated so that the confidence is the chance that a crosswalk lists the pair.
Its L2 strength and the minimum confidence are chosen by two cross-validations that each keep test
clusters out of training: five folds of whole clusters, and one fold per document that leaves
out that document and every cluster it is in.  The strength is the strongest whose recall is
within one standard error of the best one's on the same queries (``regularisation``).  Only
out-of-fold figures are printed, next to the figures of the links in ``--baseline`` (an export of
another linker, such as the hand-set one of commit b9ea9f2) on the same pairs.  ``--write``
stores the model fitted on all training clusters.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OWN_LABELS = REPO / "benchmarks" / "link_labels.jsonl"
MODEL_PATH = REPO / "corpus" / "link_model.json"
STRENGTHS = (1.0, 10.0, 100.0, 300.0)
CLUSTER_FOLDS = 5


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Query:
    """One directed labelled pair group: a source provision and its counterparts in a document."""

    cluster: str
    origin: str            # "dev", "wider", "own" or "own held-out"
    source: str            # provision id, or "" when the member resolved to no operative unit
    target_doc: str
    positives: frozenset   # provision ids; none where the target document has no counterpart
    source_doc: str = ""
    expects_none: bool = False           # a "none" entry: the target document has no counterpart
    features: np.ndarray | None = None   # candidates × features
    candidates: list[str] | None = None


def load_clusters(ws, gold_dirs: list[Path]) -> list[tuple[str, str, list[tuple[str, str | None]], list[str]]]:
    """(cluster id, origin, [(doc, provision id or None)], documents without a counterpart) for
    every labelled cluster and "none" entry."""
    from policylens.export import provision_records

    score = _scorer()
    records = list(provision_records(ws))
    known = {r["id"] for r in records}
    by_cite: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        by_cite[(r["doc"], r["cite"])].append(r["id"])
    for record in records:
        record["_sh"] = score.shingles(record["text"])
    out = []
    for gold in gold_dirs:
        origin = "wider" if "wider" in gold.name else "dev"
        for cluster in score.load_gold(str(gold))[2]:
            members = []
            for member in cluster["members"]:
                member["_sh"], member["_stem_sh"] = score.shingles(member["text"]), set()
                candidates = [r for r in records if r["doc"] == member["doc"]]
                matched, _ = score.match([member], candidates)
                members.append((member["doc"], candidates[matched[0]]["id"] if 0 in matched else None))
            out.append((cluster["id"], origin, members, []))
    for line in OWN_LABELS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cluster = json.loads(line)
        origin = "own held-out" if cluster.get("split") == "held-out" else "own"
        members = [(m["doc"], _resolve(m, known, by_cite)) for m in cluster.get("members") or [cluster["source"]]]
        out.append((cluster["id"], origin, members, cluster.get("no_counterpart_in", [])))
    return out


def _resolve(member: dict, known: set[str], by_cite: dict) -> str | None:
    """A labelled member's unit: by its id or, when a change in how the document is cut renamed
    it, the unit with its citation whose id ends most like the stored one (".../4/b/v/s2" is
    still the paragraph's second sentence)."""
    if member["unit"] in known:
        return member["unit"]
    stored = member["unit"].split("/")[::-1]

    def common_ending(unit: str) -> int:
        return next((n for n, (x, y) in enumerate(zip(unit.split("/")[::-1], stored)) if x != y),
                    min(len(stored), unit.count("/") + 1))

    found = max(by_cite.get((member["doc"], member["cite"]), ()), key=common_ending, default=None)
    print(f"note: {member['unit']} is not in the workspace; {member['cite']} gives {found}")
    return found


def queries_of(clusters, operative: set[str]) -> list[Query]:
    found = []
    for cluster_id, origin, members, absent in clusters:
        for doc_a, a in members:
            for doc_b in sorted({d for d, _ in members} - {doc_a}):
                positives = frozenset(b for d, b in members if d == doc_b and b in operative)
                found.append(Query(cluster_id, origin, a if a in operative else "", doc_b, positives, doc_a))
            for doc_b in absent:
                found.append(Query(cluster_id, origin, a if a in operative else "", doc_b, frozenset(), doc_a, True))
    return found


def attach_features(queries: list[Query], corpus) -> None:
    from policylens.linking import features_between
    from policylens.pair_features import FEATURES

    wanted = defaultdict(list)
    for q in queries:
        if q.source and (q.positives or q.expects_none):
            wanted[(q.source_doc, q.target_doc)].append(q)
    for (doc_a, doc_b), group in wanted.items():
        features = features_between(corpus, doc_a, doc_b)
        rows = {p.id: i for i, p in enumerate(corpus.documents[doc_a].provisions)}
        targets = [p.id for p in corpus.documents[doc_b].provisions]
        columns = np.arange(len(targets))
        for q in group:
            i = rows[q.source]
            q.features = np.stack([features.at(name, i, columns).astype(np.float64) for name in FEATURES], axis=1)
            q.candidates = targets


def fit(queries: list[Query], strength: float) -> tuple[np.ndarray, float]:
    """Weights (on the raw features) and intercept of the model: a ranking fitted over each
    query's candidates, then calibrated into a chance.

    The ranking is a conditional logit: within a query, the chance that a candidate is the one
    an analyst lists is the softmax of the candidates' linear scores, and each counterpart of the
    query is a target of its own (weighted so that every query counts once).  It is what the
    linker does with the model (rank one provision's candidates), so a query with many
    candidates counts no more than one with few, and each query's counterparts need only beat
    that query's other candidates.  The fit is L2-regularised on standardised features, by
    Newton's method.  The scores are then calibrated (``calibrate``) over every candidate of
    every query, "none" entries included, so that the confidence is the chance that a crosswalk
    lists the pair."""
    x = np.concatenate([q.features for q in queries])
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    labels = [np.array([c in q.positives for c in q.candidates]) for q in queries]
    ranked = [((q.features - mean) / scale, positive) for q, positive in zip(queries, labels) if q.positives]

    def objective(w):
        loss, gradient, hessian = 0.5 * strength * w @ w, strength * w, np.diag(np.full(len(w), strength + 1e-6))
        for design, positive in ranked:
            score = design @ w
            top = score.max()
            share = np.exp(score - top)
            total = share.sum()
            share /= total
            loss += float(np.log(total) + top - score[positive].mean())
            expected = design.T @ share
            gradient += expected - design[positive].mean(axis=0)
            hessian += design.T @ (design * share[:, None]) - np.outer(expected, expected)
        return loss, gradient, hessian

    w = _newton(objective, np.zeros(x.shape[1])) / scale
    slope, intercept = calibrate(np.concatenate([q.features @ w for q in queries]),
                                 np.concatenate(labels).astype(float))
    return slope * w, intercept


def calibrate(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the logistic regression of ``labels`` on ``scores`` (Platt
    scaling): the chance that a pair with this score is listed."""
    design = np.stack([scores, np.ones_like(scores)], axis=1)

    def objective(w):
        z = design @ w
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        return (float(np.logaddexp(0, z).sum() - labels @ z), design.T @ (p - labels),
                design.T @ (design * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2))

    slope, intercept = _newton(objective, np.array([1.0, np.log(labels.mean() / (1 - labels.mean()))]))
    return float(slope), float(intercept)


def _newton(objective, start: np.ndarray) -> np.ndarray:
    """Minimise a smooth convex ``objective`` (returning loss, gradient, Hessian) by Newton's
    method, halving a step until the loss falls."""
    w = start.copy()
    current, gradient, hessian = objective(w)
    for _ in range(50):
        step = np.linalg.solve(hessian, gradient)
        size = 1.0
        while objective(w - size * step)[0] > current and size > 1e-4:
            size /= 2
        w = w - size * step
        previous = current
        current, gradient, hessian = objective(w)
        if previous - current < 1e-7:
            break
    return w


def rank(q: Query, corpus, weights: np.ndarray, intercept: float) -> tuple[list[str], list[float]]:
    """The top five of the query as the linker ranks them with this model."""
    from policylens.linking import rank_rows

    doc = corpus.documents[q.target_doc]
    source = corpus.documents[q.source_doc]
    row = 1 / (1 + np.exp(-np.clip(q.features @ weights + intercept, -30, 30)))
    index = [p.id for p in source.provisions].index(q.source)
    row = row.astype(np.float32)
    _, ranked, scores, _ = rank_rows(doc, row[None, :], np.array([index not in source.items]), 5)
    return [q.candidates[j] for j in ranked.tolist()], scores.tolist()


def outcome(q: Query, ranked: list[str], scores: list[float]) -> tuple[tuple[bool, ...], tuple[float, ...]]:
    """Whether each of the top five is a counterpart, and its confidence."""
    return tuple(t in q.positives for t in ranked[:5]), tuple(scores[:5])


MISS = ((), ())


def folds(queries: list[Query]) -> dict[str, list[tuple[list[Query], list[Query]]]]:
    """(train, test) splits of the trainable queries: whole clusters out, and one document with
    every cluster it is in out."""
    clusters = sorted({q.cluster for q in queries})
    by_cluster = {c: i % CLUSTER_FOLDS for i, c in enumerate(clusters)}
    out = {"clusters left out": [], "documents and their clusters left out": []}
    for k in range(CLUSTER_FOLDS):
        test = [q for q in queries if by_cluster[q.cluster] == k]
        out["clusters left out"].append(([q for q in queries if by_cluster[q.cluster] != k], test))
    members = defaultdict(set)
    for q in queries:
        members[q.cluster] |= {q.source_doc, q.target_doc}
    for doc in sorted({d for ds in members.values() for d in ds}):
        test = [q for q in queries if doc in (q.source_doc, q.target_doc)]
        train = [q for q in queries if doc not in members[q.cluster]]
        out["documents and their clusters left out"].append((train, test))
    return out


def summary(results: list[tuple[Query, tuple]], minimum: float) -> dict:
    """Over the queries with a counterpart: recall@1 and @5 when nothing is offered where the
    best candidate is below ``minimum``, and the share offered one.  Over all queries: the
    precision of the best links offered (an offer where the document has no counterpart is
    wrong), and the share of "none" queries where nothing is offered."""
    def offered(scores):
        return bool(scores) and scores[0] >= minimum

    positive = [(hits, scores) for q, (hits, scores) in results if not q.expects_none]
    none = [scores for q, (_, scores) in results if q.expects_none]
    n = len(positive) or 1
    first = sum(hits[0] for hits, scores in positive if offered(scores))
    top = sum(any(hits) for hits, scores in positive if offered(scores))
    shown = sum(offered(scores) for _, scores in positive) + sum(offered(scores) for scores in none)
    out = {"pairs": len(positive), "recall@1": round(first / n, 3), "recall@5": round(top / n, 3),
           "offered": round(sum(offered(scores) for _, scores in positive) / n, 3),
           "precision@1 offered": round(first / shown, 3) if shown else None}
    if none:
        out["none withheld"] = f"{sum(not offered(scores) for scores in none)}/{len(none)}"
    return out


def baseline_outcomes(path: Path | None, queries: list[Query]):
    """Outcomes of another linker's exported links on the same queries."""
    if path is None:
        return None
    ranked = defaultdict(list)
    doc = {}
    for q in queries:
        doc.update({c: q.target_doc for c in (q.candidates or ())})
    sources = {q.source for q in queries}
    with open(path, encoding="utf-8") as f:
        for line in f:
            link = json.loads(line)
            if link["source"] in sources and link["target"] in doc:
                ranked[(link["source"], doc[link["target"]])].append((-link["score"], link["target"]))
    out = {}
    for q in queries:
        order = [t for _, t in sorted(ranked.get((q.source, q.target_doc), []))]
        out[id(q)] = (q, (tuple(t in q.positives for t in order[:5]), (1.0,) * len(order[:5])))
    return out


def evaluate(queries, corpus, strength):
    """Out-of-fold outcomes per scheme, each (query, outcome) once per fold it is tested in."""
    found = {}
    for scheme, splits in folds(queries).items():
        outcomes = []
        for train, test in splits:
            train = [q for q in train if q.features is not None]
            weights, intercept = fit(train, strength)
            for q in test:
                result = outcome(q, *rank(q, corpus, weights, intercept)) if q.features is not None else MISS
                outcomes.append((q, result))
        found[scheme] = outcomes
    return found


def recall_per_query(outcomes: dict[str, list]) -> np.ndarray:
    """Per query with a counterpart, in a fixed order: whether it is found first plus whether it
    is found among the five (0, 1 or 2), averaged over the folds that test it (once where whole
    clusters are left out, once for each of its two documents where documents are)."""
    tested: dict[int, list[float]] = defaultdict(list)
    for found in outcomes.values():
        for q, (hits, _) in found:
            if not q.expects_none:
                tested[id(q)].append(float(bool(hits) and hits[0]) + float(any(hits)))
    return np.array([np.mean(values) for values in tested.values()])


def regularisation(recall: dict[float, np.ndarray]) -> float:
    """The strongest L2 strength whose out-of-fold recall (``recall_per_query``) falls short of
    the best strength's by no more than one standard error of their difference over the same
    queries: where cross-validation cannot tell strengths apart, the simpler model."""
    best = max(recall, key=lambda strength: recall[strength].mean())

    def close_to_best(strength: float) -> bool:
        shortfall = recall[best] - recall[strength]
        return shortfall.mean() <= shortfall.std(ddof=1) / np.sqrt(len(shortfall))
    return max(strength for strength in recall if close_to_best(strength))


def choose_minimum(outcomes: list) -> float:
    """The minimum confidence that best balances the two things an offer must get right, out of
    fold: where a counterpart exists, it is among the five offered (recall@5); where none
    exists, nothing is offered (the share of "none" queries withheld).  Their harmonic mean is
    maximised on a grid of hundredths."""
    def balance(level):
        figures = summary(outcomes, level)
        withheld, asked = (int(x) for x in figures["none withheld"].split("/"))
        recall, specificity = figures["recall@5"], withheld / asked
        return 2 * recall * specificity / (recall + specificity) if recall + specificity else 0.0
    return max((round(float(level), 2) for level in np.arange(0.0, 0.5, 0.01)), key=lambda level: (balance(level), -level))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--gold", type=Path, action="append",
                        help="crosswalk folders (default: ../shared/gold and ../shared/gold-wider)")
    parser.add_argument("--baseline", type=Path, help="links export of another linker to compare with")
    parser.add_argument("--write", action="store_true", help=f"store the model in {MODEL_PATH.relative_to(REPO)}")
    args = parser.parse_args()

    from policylens.linking import analyse, load_provisions
    from policylens.pair_features import FEATURES
    from policylens.workspace import Workspace

    with Workspace(args.workspace) as ws:
        provisions = load_provisions(ws)
        clusters = load_clusters(ws, args.gold or [SHARED / "gold", SHARED / "gold-wider"])
    corpus = analyse(provisions)
    queries = queries_of(clusters, {p.id for p in provisions})
    attach_features(queries, corpus)
    trainable = [q for q in queries if q.origin != "own held-out"]
    held_out = [q for q in queries if q.origin == "own held-out"]
    print(f"{len(clusters)} clusters, {len(trainable)} directed pairs for training and cross-validation, "
          f"{len(held_out)} held out; {sum(q.features is None for q in queries)} without a resolvable source "
          "or counterpart (misses)")
    baseline = baseline_outcomes(args.baseline, queries)

    per_strength, recall = {}, {}
    for strength in STRENGTHS:
        per_strength[strength] = evaluate(trainable, corpus, strength)
        recall[strength] = recall_per_query(per_strength[strength])
        print(f"L2 strength {strength:>6}: " + "  ".join(
            f"{scheme}: r@1 {summary(o, 0.0)['recall@1']} r@5 {summary(o, 0.0)['recall@5']}"
            for scheme, o in per_strength[strength].items()))
    chosen = regularisation(recall)
    outcomes = per_strength[chosen]
    minimum = choose_minimum([r for o in outcomes.values() for r in o])
    print(f"\nchosen: L2 strength {chosen}, minimum confidence {minimum}")
    everything = [r for o in outcomes.values() for r in o]
    for level in sorted({0.0, 0.02, 0.05, 0.08, 0.12, 0.2, 0.3, minimum}):
        print(f"  at minimum {level:<5}" + "  ".join(f"{k} {v}" for k, v in summary(everything, level).items()))
    print()
    report = {}
    for scheme, found in outcomes.items():
        for origin in ("all", "dev", "wider", "own"):
            part = [(q, r) for q, r in found if origin == "all" or q.origin == origin]
            if not part:
                continue
            row = {"learnt, all offered": summary(part, 0.0),
                   "learnt, above minimum": summary(part, minimum)}
            if baseline:
                row["hand-set baseline"] = summary([baseline[id(q)] for q, _ in part], 0.0)
            report[f"{scheme} / {origin}"] = row
    weights, intercept = fit([q for q in trainable if q.features is not None], chosen)
    final = [(q, outcome(q, *rank(q, corpus, weights, intercept)) if q.features is not None else MISS)
             for q in held_out]
    if final:
        row = {"learnt, all offered": summary(final, 0.0),
               "learnt, above minimum": summary(final, minimum)}
        if baseline:
            row["hand-set baseline"] = summary([baseline[id(q)] for q, _ in final], 0.0)
        report["own held-out clusters (never trained or tuned on)"] = row
    for name, rows in report.items():
        print(name)
        for label, figures in rows.items():
            print(f"  {label:<24}" + "  ".join(f"{k} {v}" for k, v in figures.items()))
    if args.write:
        model = {
            "features": list(FEATURES), "weights": [round(float(w), 6) for w in weights],
            "intercept": round(intercept, 6), "min_confidence": minimum,
            "l2_strength": chosen,
            "trained_on": sorted({f"{q.origin}: {q.cluster}" for q in trainable}),
            "out_of_fold": report,
        }
        MODEL_PATH.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL_PATH.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
