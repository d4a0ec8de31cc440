"""The learnt link model: a logistic regression over the pair features, shipped as
``policylens_corpus/link_model.json`` and rebuilt by ``benchmarks/train_links.py``.

Its output is the confidence every view shows: the chance that an analyst's crosswalk lists the
pair, fitted on labelled crosswalk pairs (whose provenance the file records).  A source whose best
candidate in a document stays below ``min_confidence`` (chosen on held-out folds) is shown as
having no counterpart there.  A logistic regression keeps every weight readable, and each link's
explanation comes from the features whose weighted values carried it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from policylens import curated
from policylens.pair_features import FEATURES

MODEL_FILE = "link_model.json"


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    min_confidence: float

    def logits(self, features: dict[str, np.ndarray]) -> np.ndarray:
        """The model's log-odds for every pair of the feature matrices."""
        if tuple(self.weights) != FEATURES:
            raise ValueError(f"{MODEL_FILE} was fitted on other features; rebuild it with benchmarks/train_links.py")
        total = None
        for name, weight in self.weights.items():
            term = weight * features[name]
            total = term if total is None else total + term
        return (total + self.intercept).astype(np.float32)

    def confidence(self, features: dict[str, np.ndarray]) -> np.ndarray:
        """The 0–1 confidence of every pair."""
        return 1.0 / (1.0 + np.exp(-self.logits(features)))

    def contributions(self, features: dict[str, np.ndarray], rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """How much each feature (columns in FEATURES order) added to the log-odds of each pair
        (``rows[k]``, ``columns[k]``)."""
        return np.stack([weight * np.asarray(features[name][rows, columns], dtype=np.float32)
                         for name, weight in self.weights.items()], axis=1)


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
