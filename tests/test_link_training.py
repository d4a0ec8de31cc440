"""How benchmarks/train_links.py fits the link model: weights that rank each provision's
candidates, then a calibration that turns the score into the chance a crosswalk lists the pair."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

TRAINING = Path(__file__).resolve().parents[1] / "benchmarks" / "train_links.py"


@pytest.fixture(scope="module")
def training():
    spec = importlib.util.spec_from_file_location("train_links", TRAINING)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # its dataclass looks itself up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _queries(training, rng, count: int):
    """Queries whose counterpart has the higher first feature; the second feature is the same for
    every candidate of a query but higher in queries with many candidates, as a document's size
    shifts a feature without saying which of its provisions is the counterpart."""
    found = []
    for n in range(count):
        size = int(rng.choice([20, 200]))
        candidates = [f"q{n}/c{j}" for j in range(size)]
        features = np.stack([rng.normal(size=size), np.full(size, float(size == 200))], axis=1)
        features[0, 0] += 5.0
        found.append(training.Query(f"cluster-{n}", "own", f"s{n}", "doc-b", frozenset(candidates[:1]),
                                    "doc-a", features=features, candidates=candidates))
    return found


def test_a_feature_that_never_varies_within_a_query_gets_no_weight(training):
    # It cannot tell one candidate of a provision from another, so ranking gives it nothing
    # (a regression over all candidates at once would let it lower every large query's scores).
    weights, _ = training.fit(_queries(training, np.random.default_rng(14), 300), 1.0)
    assert weights[0] > 1.0
    assert abs(weights[1]) < 1e-6


def test_the_ranking_puts_each_counterpart_first_and_the_confidence_is_calibrated(training):
    rng = np.random.default_rng(1689)
    queries = _queries(training, rng, 300)
    weights, intercept = training.fit(queries, 1.0)
    first = [int(np.argmax(q.features @ weights)) == 0 for q in queries]
    assert np.mean(first) > 0.95
    # Over every candidate, the mean confidence is the share of candidates that are counterparts.
    logits = np.concatenate([q.features @ weights + intercept for q in queries])
    assert np.mean(1 / (1 + np.exp(-logits))) == pytest.approx(len(queries) / len(logits), rel=0.02)


def test_calibration_recovers_the_chance_behind_a_score(training):
    rng = np.random.default_rng(26)
    scores = rng.uniform(-3, 3, size=40_000)
    labels = (rng.uniform(size=scores.size) < 1 / (1 + np.exp(-(2.0 * scores - 1.0)))).astype(float)
    slope, intercept = training.calibrate(scores, labels)
    assert slope == pytest.approx(2.0, abs=0.1)
    assert intercept == pytest.approx(-1.0, abs=0.1)
