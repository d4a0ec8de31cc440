"""One or two theme ids per unit: the theme terms of ``themes.json`` score a unit, and the
learned model of ``theme_model`` decides with them and the unit's own words."""

from __future__ import annotations

import re
from functools import lru_cache

from policylens.extract.lexicon import lexicon
from policylens.extract.theme_model import features, model

UNIT_WEIGHT, STEM_WEIGHT = 1.0, 0.5
# A long stem (a policy statement whose paragraphs are its items) names many subjects; what it
# adds to each theme is capped, so that it cannot outweigh the item's own words.
STEM_CAP = 2.0
# The nearest heading above a unit (an article's or a subsection's title: "Human oversight",
# "Reporting of serious incidents") says what its provisions are about; headings further up
# say it less and less.
NEAREST_HEADING_WEIGHT, OUTER_HEADING_WEIGHT = 0.8, 0.2
# Titles of whole chapters, parts and titles cover too much to sort one unit: the title of a
# bill's only chapter would add its themes to every section of the bill.  (An annex's title is
# as specific as an article's: "Technical documentation referred to in Article 11(1)".)
BROAD_HEADING_KINDS = frozenset({"chapter", "part", "title", "division", "document",
                                 "preface", "preamble"})
# Themes whose terms run through every kind of provision ("guidance", "standards", "policy",
# "coordinate") count less, so that a unit's specific subject comes first.
BACKGROUND_THEMES = {"governance_institutions": 0.8}
# a second theme is kept only when it scores at least this share of the first
SECOND_THEME_SHARE = 0.55


_WORD_REST = re.compile(r"[a-z0-9]*")


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
        written: dict = {}
        for m in regex.finditer(lowered):
            per_term[m.group(0)] = per_term.get(m.group(0), 0) + 1
            # a term may be a word's beginning ("authenticat"): the evidence is the word as written
            written[m.group(0) + _WORD_REST.match(lowered, m.end()).group(0)] = None
        if per_term:
            score = sum(_term_weight(theme, f) * min(h, 3) for f, h in per_term.items())
            result.append((theme, score, tuple(written)))
    return tuple(result)


def theme_scores(text: str, weight: float, scores: dict, evidence: dict,
                 cap: float = float("inf")) -> None:
    """Add the weighted term matches of ``text`` (at most ``cap`` per theme before weighting) to
    ``scores`` and note the matched terms."""
    for theme, score, terms in _text_scores(text):
        scores[theme] = scores.get(theme, 0.0) + weight * min(score, cap)
        evidence.setdefault(theme, []).extend(terms)


def heading_weights(headings: list[tuple[str, str]]) -> list[tuple[str, float]]:
    """Each (kind, heading) above a unit, nearest first, with the weight its terms get."""
    weighted, nearest = [], True
    for kind, heading in headings:
        if kind in BROAD_HEADING_KINDS:
            continue
        weighted.append((heading, NEAREST_HEADING_WEIGHT if nearest else OUTER_HEADING_WEIGHT))
        nearest = False
    return weighted


def lexicon_scores(text: str, stem: str, headings: list[tuple[str, str]]) -> tuple[dict, dict]:
    """(theme -> score, theme -> matched terms) of a unit by the theme lexicon.

    ``headings`` are the (node kind, heading) pairs above the unit, nearest first."""
    scores: dict = {}
    evidence: dict = {}
    theme_scores(text, UNIT_WEIGHT, scores, evidence)
    if stem:
        theme_scores(stem, STEM_WEIGHT, scores, evidence, STEM_CAP)
    for heading, weight in heading_weights(headings):
        theme_scores(heading, weight, scores, evidence)
    for theme, factor in BACKGROUND_THEMES.items():
        if theme in scores:
            scores[theme] *= factor
    return scores, evidence


def nearest_heading(headings: list[tuple[str, str]]) -> str:
    """The title that says most specifically what a unit is about (see ``heading_weights``)."""
    weighted = heading_weights(headings)
    return weighted[0][0] if weighted else ""


def choose_themes(text: str, stem: str, headings: list[tuple[str, str]]) -> tuple[list[str], dict]:
    """The best one or two themes for a unit and why: the lexicon's scores blended with the
    learned model's probabilities over the unit's words, stem and heading, explained by the
    matched terms and the words that weighed most; the lexicon alone when no model ships."""
    scores, evidence = lexicon_scores(text, stem, headings)
    learned = model()
    if learned is None:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        chosen = [t for t, s in ranked[:2] if s >= SECOND_THEME_SHARE * ranked[0][1]] if ranked else []
        return chosen, {t: sorted(set(evidence[t]))[:5] for t in chosen}
    heading = nearest_heading(headings)
    feats = features(text, stem, heading)
    chosen = pick(learned.scores(feats, scores), learned.second_share)
    return chosen, {t: sorted(set(evidence.get(t, [])))[:3] + learned.why(t, feats, text, stem, heading, 3)
                    for t in chosen}


def pick(scores: dict[str, float], second_share: float) -> list[str]:
    """The best-scoring theme, and the next when it scores nearly as well; of themes scoring
    alike, the first by name, so that a unit reads the same in every run (the scores come
    from sets, whose order changes between processes)."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [t for t, s in ranked[:2] if s > 0 and s >= second_share * ranked[0][1]]
