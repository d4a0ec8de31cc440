"""The extraction lexicons (modal cues, actor roles, themes, time limits), loaded once.

They are data in ``policylens_corpus`` so that analysts can read and extend them; this module
only compiles them into spaCy matchers and regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policylens import curated


def _read(name: str) -> dict:
    return curated.load(name)


@dataclass(frozen=True)
class RoleTerm:
    regex: re.Pattern
    role: str


@dataclass(frozen=True)
class Lexicon:
    cues: list[dict]
    epistemic_may_verbs: frozenset
    deontic_may_be_words: frozenset
    subordinators: frozenset
    imperative_verbs: frozenset
    imperative_lead_adverbs: frozenset
    role_terms: list[RoleTerm]
    activity_cues: list[tuple[re.Pattern, str, str]]
    definition_functions: list[tuple[re.Pattern, str, str]]   # function in a definition, role, name
    profile_default_role: dict
    # heading, role, the role it becomes, how the actors it does not apply to are named at first
    heading_refinements: list[tuple[re.Pattern, str, str, re.Pattern]]
    operator_roles: frozenset
    non_actor_heads: frozenset
    theme_terms: dict          # theme id -> list of (term, compiled regex, weight)
    not_theme_terms: re.Pattern | None   # office names removed before themes are scored
    instrument_date_phrases: list[str]
    eu_application_dates: dict


def _word_start(pattern: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + pattern + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicons (cached)."""
    modal, roles, themes, deadlines = (_read(n) for n in (
        "modal_cues.json", "roles.json", "themes.json", "deadlines.json"))
    weights = themes.get("weights", {})
    theme_terms = {
        theme: [(term, _word_start(term), float(weights.get(term, 1.0))) for term in terms]
        for theme, terms in themes["themes"].items()}
    return Lexicon(
        cues=modal["cues"],
        epistemic_may_verbs=frozenset(modal["epistemic_may_verbs"]),
        deontic_may_be_words=frozenset(modal["deontic_may_be_words"]),
        subordinators=frozenset(modal["subordinators"]),
        imperative_verbs=frozenset(modal["imperative_verbs"]),
        imperative_lead_adverbs=frozenset(modal["imperative_lead_adverbs"]),
        role_terms=[RoleTerm(_word_start(t["pattern"] + r")(?![a-z]"), t["role"])
                    for t in roles["terms"]],
        activity_cues=[(re.compile(c["pattern"], re.IGNORECASE), c["role"], c["name"])
                       for c in roles["activity_cues"]],
        definition_functions=[(re.compile(c["pattern"], re.IGNORECASE), c["role"], c["name"])
                              for c in roles["definition_functions"] if "pattern" in c],
        profile_default_role=roles["profile_default"],
        heading_refinements=[(_word_start(r["heading"]), r["role"], r["becomes"], _word_start(r["unless"]))
                             for r in roles.get("heading_refinements", [])],
        operator_roles=frozenset(roles["operator_roles"]),
        non_actor_heads=frozenset(roles["non_actor_heads"]),
        theme_terms=theme_terms,
        not_theme_terms=re.compile("|".join(themes["not_theme_terms"]["patterns"]))
        if themes.get("not_theme_terms") else None,
        instrument_date_phrases=deadlines["instrument_date_phrases"],
        eu_application_dates=deadlines["eu_application_dates"],
    )


def expand_pattern(pattern: list[dict]) -> list[list[str]]:
    """The word sequences a token pattern (LOWER / TEXT, IN, OP "?") stands for."""
    sequences: list[list[str]] = [[]]
    for token in pattern:
        spec = token.get("LOWER", token.get("TEXT"))
        words = spec["IN"] if isinstance(spec, dict) else [spec]
        grown = [seq + [w] for seq in sequences for w in words]
        sequences = grown + (sequences if token.get("OP") == "?" else [])
    return sequences


@lru_cache(maxsize=1)
def cue_matcher():
    """A spaCy ``PhraseMatcher`` (on lowercase text) over every phrase of the cue patterns."""
    from spacy.matcher import PhraseMatcher

    from policylens.extract.nlp import load_pipeline

    nlp = load_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for cue in lexicon().cues:
        phrases = [" ".join(words) for words in expand_pattern(cue["pattern"])]
        matcher.add(cue["name"], [nlp.make_doc(p) for p in phrases])
    return matcher


@lru_cache(maxsize=1)
def cue_exclusions() -> dict:
    """Cue name -> words that may not follow it ("has to be" is not a duty)."""
    return {c["name"]: frozenset(c["not_followed_by"]) for c in lexicon().cues
            if c.get("not_followed_by")}


@lru_cache(maxsize=1)
def cue_modalities() -> dict:
    return {cue["name"]: cue["modality"] for cue in lexicon().cues}
