"""A learned theme classifier: one logistic regression per theme over a unit's words.

The theme lexicon (``themes.json``) names the words that decide a theme; on its own it fits
the provisions it was written from better than the ones it was not.  This model weighs the
unit's words, its list stem's words and its nearest heading's words, with weights fitted on
labelled provisions; a unit's themes are chosen from the lexicon's scores and the model's
probabilities together, blended as leave-one-document-out cross-validation chose
(``scripts/train_themes.py`` fits the weights and prints those figures).  The weights ship as
``theme_model.json`` in ``policylens_corpus``; each theme the model gives is explained by the
features that weighed most for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from policylens import curated

MODEL_FILE = "theme_model.json"
_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")
_STOP = frozenset("""
the and of to in for or a an be is are by on with as that this any such its their it at from
shall may must should will which who whom whose these those each all other than not no into
under where when has have been being was were also including include includes within upon
""".split())


def _stem(word: str) -> str:
    """A crude suffix strip so that "reporting", "reported" and "reports" share one feature."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def features(text: str, stem: str, heading: str) -> dict[str, float]:
    """The features of one unit: its words and word pairs, and its stem's and nearest
    heading's words, marked as such."""
    found: dict[str, float] = {}
    own = words(text)
    for word in own:
        found[f"w:{word}"] = 1.0
    for first, second in zip(own, own[1:]):
        found[f"b:{first} {second}"] = 1.0
    for word in words(stem):
        found[f"s:{word}"] = 1.0
    for word in words(heading):
        found[f"h:{word}"] = 1.0
    return found


@dataclass(frozen=True)
class ThemeModel:
    themes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict            # feature -> tuple of one weight per theme
    blend: float             # how much the model's probability counts beside the lexicon's share
    second_share: float      # a second theme is given when it scores this share of the first
    version: str

    def scores(self, feats: dict[str, float], lexicon_scores: dict[str, float]) -> dict[str, float]:
        """Each theme's score: the lexicon's score as a share of the best one, plus the
        model's probability times ``blend``."""
        top = max(lexicon_scores.values(), default=0.0)
        probabilities = self.probabilities(feats)
        return {theme: (lexicon_scores.get(theme, 0.0) / top if top else 0.0)
                + self.blend * probabilities.get(theme, 0.0)
                for theme in set(probabilities) | set(lexicon_scores)}

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        totals = list(self.bias)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row:
                for i, weight in enumerate(row):
                    totals[i] += weight * value
        return {theme: 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))
                for theme, total in zip(self.themes, totals)}

    def why(self, theme: str, feats: dict[str, float], text: str, stem: str, heading: str,
            limit: int = 4) -> list[str]:
        """The features that weighed most for ``theme``, in the words the unit, its stem and its
        heading use (``features`` made them from those texts)."""
        i = self.themes.index(theme)
        ranked = sorted(((self.weights[name][i] * value, name) for name, value in feats.items()
                         if name in self.weights and self.weights[name][i] > 0), reverse=True)
        return [_readable(name, text, stem, heading) for _, name in ranked[:limit]]


def _readable(feature: str, text: str, stem: str, heading: str) -> str:
    """A feature as the words it was made from: "h:seriou" → "heading: serious"."""
    kind, _, value = feature.partition(":")
    source, prefix = {"w": (text, ""), "b": (text, ""), "s": (stem, "stem: "), "h": (heading, "heading: ")}.get(
        kind, ("", ""))
    written = _written(source)
    return prefix + " ".join(written.get(part, part) for part in value.split())


@lru_cache(maxsize=1024)
def _written(text: str) -> dict[str, str]:
    """Each stem of ``text`` with the first word it was made from.  Cached: a unit's reasons for
    two themes read the same texts, and a heading or stem serves many units."""
    written: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        written.setdefault(_stem(word), word)
    return written


@lru_cache(maxsize=1)
def model() -> ThemeModel | None:
    """The shipped model, or None when the package carries none (themes then come from the
    lexicon alone)."""
    try:
        raw = curated.load(MODEL_FILE)
    except FileNotFoundError:
        return None
    return ThemeModel(themes=tuple(raw["themes"]), bias=tuple(raw["bias"]),
                      weights={name: tuple(row) for name, row in raw["weights"].items()},
                      blend=raw["blend"], second_share=raw["second_share"], version=raw["version"])
