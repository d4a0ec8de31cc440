"""The learnt link model: a weighted sum of the pair features turned into a chance by the logistic
function, shipped as ``policylens_corpus/link_model.json`` and rebuilt by
``benchmarks/train_links.py`` (which fits the weights to rank each provision's candidates, then
calibrates them).

Its output is the confidence every view shows: the chance that an analyst's crosswalk lists the
pair, fitted on labelled crosswalk pairs (whose provenance the file records).  A source whose best
candidate in a document stays below ``min_confidence`` (chosen on held-out folds) is shown as
having no counterpart there.  A linear model keeps every weight readable, and each link's
explanation comes from the features whose weighted values carried it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from policylens import curated
from policylens.pair_features import FEATURES, PairFeatures

MODEL_FILE = "link_model.json"


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    min_confidence: float

    def logits(self, features: PairFeatures) -> np.ndarray:
        """The model's log-odds for every pair."""
        if tuple(self.weights) != FEATURES:
            raise ValueError(f"{MODEL_FILE} was fitted on other features; rebuild it with benchmarks/train_links.py")
        return features.weighted_sum(self.weights) + np.float32(self.intercept)

    def confidence(self, features: PairFeatures) -> np.ndarray:
        """The 0–1 confidence of every pair, 1 / (1 + exp(-logit)), computed in place."""
        values = self.logits(features)
        np.negative(values, out=values)
        np.exp(values, out=values)
        values += 1.0
        return np.reciprocal(values, out=values)

    def contributions(self, features: PairFeatures, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """How much each feature (columns in FEATURES order) added to the log-odds of each pair
        (``rows[k]``, ``columns[k]``)."""
        return np.stack([weight * features.at(name, rows, columns) for name, weight in self.weights.items()], axis=1)


def from_dict(data: dict) -> Model:
    """A model from its JSON form (it ranks only if fitted on today's FEATURES)."""
    return Model(dict(zip(data["features"], data["weights"])), data["intercept"], data["min_confidence"])


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model."""
    return from_dict(json.loads(curated.text(MODEL_FILE)))


def digest() -> str:
    """A short checksum of the shipped model, for the link cache's key."""
    return curated.digest(MODEL_FILE)
