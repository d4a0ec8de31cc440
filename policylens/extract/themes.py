"""One or two theme ids per unit, scored from the theme terms of ``themes.json``."""

from __future__ import annotations

import re
from functools import lru_cache

from policylens.extract.lexicon import lexicon

UNIT_WEIGHT, STEM_WEIGHT, HEADING_WEIGHT = 1.0, 0.3, 0.3
# a second theme is kept only when it scores at least this share of the first
SECOND_THEME_SHARE = 0.5


@lru_cache(maxsize=1)
def _theme_regexes() -> dict:
    """One alternation per theme, so that a text is scanned once per theme."""
    return {theme: re.compile(r"(?<![a-z0-9])(?:" + "|".join(
        f"(?:{term})" for term, _, _ in terms) + ")")
        for theme, terms in lexicon().theme_terms.items()}


def _term_weight(theme: str, found: str) -> float:
    for term, regex, weight in lexicon().theme_terms[theme]:
        if regex.match(found):
            return weight
    return 1.0


@lru_cache(maxsize=4096)
def _text_scores(text: str) -> tuple:
    """(theme, score, matched terms) for ``text``; cached since stems and headings repeat."""
    names = lexicon().not_theme_terms
    lowered = (names.sub(" ", text) if names else text).lower()
    result = []
    for theme, regex in _theme_regexes().items():
        per_term: dict = {}
        for m in regex.finditer(lowered):
            per_term[m.group(0)] = per_term.get(m.group(0), 0) + 1
        if per_term:
            score = sum(_term_weight(theme, f) * min(h, 3) for f, h in per_term.items())
            result.append((theme, score, tuple(per_term)))
    return tuple(result)


def theme_scores(text: str, weight: float, scores: dict, evidence: dict) -> None:
    """Add the weighted term matches of ``text`` to ``scores`` and note the matched terms."""
    for theme, score, terms in _text_scores(text):
        scores[theme] = scores.get(theme, 0.0) + weight * score
        evidence.setdefault(theme, []).extend(terms)


def choose_themes(text: str, stem: str, headings: list[str]) -> tuple[list[str], dict]:
    """The best one or two themes for a unit and the terms that chose them."""
    scores: dict = {}
    evidence: dict = {}
    theme_scores(text, UNIT_WEIGHT, scores, evidence)
    if stem:
        theme_scores(stem, STEM_WEIGHT, scores, evidence)
    for heading in headings:
        theme_scores(heading, HEADING_WEIGHT, scores, evidence)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    chosen = [t for t, s in ranked[:2] if s >= SECOND_THEME_SHARE * ranked[0][1]] if ranked else []
    return chosen, {t: sorted(set(evidence[t]))[:5] for t in chosen}
