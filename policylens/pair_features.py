"""What a candidate pair of provisions has in common, as numbers a ranking model can weigh.

Linking computes several views of every provision (its wording, the concepts and themes it names,
its heading, the duty's frame) and extraction gives it a role, a modality, quantities, a
deadline and a trigger.  For two documents A and B, every view becomes a ``len(A) × len(B)``
matrix: a cosine, how close the pair comes to the best each of its provisions finds in the other
document, and whether the structured fields agree.  The ranking
model (``policylens.ranker``) adds these matrices up with learnt weights, so the same numbers
rank the pairs and explain each link.

Relative features ("as close as the best candidate", "each is the other's nearest") carry over between documents of very different sizes and styles; absolute ones (a shared
quantity, a cosine) say whether anything corresponds at all.  The section features let the
model weigh the article as well as the clause: the right article is among the best candidates
far more often than the right clause, and the clause an analyst picks within it often opens
the section or states its duty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# The features, in the order of the model's weights; each is a len(A) × len(B) matrix.
# Every feature is symmetric (the pair (p, q) has the value of (q, p)), so that a pair has one
# confidence whichever of its provisions is the source.
FEATURES = (
    "wording", "wording_vs_best", "wording_hubs", "wording_beyond_hubs", "short_wording",
    "function", "function_vs_best", "function_beyond_hubs",
    "heading", "frame", "same_verb",
    "themes", "same_role", "compatible_role", "same_modality",
    "both_definitions", "definition_vs_duty", "same_quantity_kind", "both_deadlines", "both_triggers",
    "list_stems", "later_sentences", "brevity",
    "section", "section_vs_best", "operative", "opens_section",
)
# How close a provision is to everything in the other document (a hub) is the mean of its best
# HUB_NEIGHBOURS cosines there.
HUB_NEIGHBOURS = 10
# Below this many terms a provision ("standards", "These efforts shall include:") is short.
SHORT_PROVISION_TERMS = 8

# Words that bind an actor to the duty that follows them.
BINDING = re.compile(
    r"\b(?:shall|must|should|may|will|(?:is|are|be) (?:required|encouraged|expected|obliged|permitted) to|"
    r"commits? to|agrees? to|undertakes? to|(?:is|are) responsible for)[\s,]+(?:not\s+)?", re.I)
# Words after the binding word that are not yet the verb ("shall, within 90 days …, establish").
NOT_YET_VERB = frozenset("also be have promptly immediately further additionally jointly either only "
                         "continue endeavour endeavor seek".split())
OPENS_CLAUSE = frozenset("within in by as to through after upon consistent where when no "
                         "subject pursuant not".split())
# Verbs for one regulatory act in different instruments' words, folded to the first of each group.
VERB_GROUPS = (
    "report notify inform submit communicate share",
    "publish disclose post display reveal",
    "assess evaluate test examine review audit measure analyze analyse",
    "document record keep maintain retain log",
    "establish implement adopt develop create design put set institute",
    "monitor oversee supervise track",
    "label mark watermark",
    "prevent prohibit avoid refrain mitigate minimize minimise reduce address",
    "ensure guarantee",
    "consider take",
    "use deploy operate",
    "provide make give",
    "train",
    "identify detect determine",
    "protect secure safeguard",
)


def _base(word: str) -> str:
    """A verb without its inflection ("reports", "reported", "reporting" → "report")."""
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)] + replacement
    return word


FOLDED_VERBS = {_base(word): group.split()[0] for group in VERB_GROUPS for word in group.split()}


@dataclass(frozen=True)
class Frame:
    """A duty's frame: the act it requires (a folded verb such as ``report``), and the words of
    what it acts on ("serious incident", "framework")."""

    verb: str
    object_text: str


@lru_cache(maxsize=65536)
def frame(text: str) -> Frame:
    """The governing verb after the first binding word ("shall", "must", "is encouraged to") or,
    in an imperative ("Consider …", "Establish …"), the opening verb; and the next words.  A
    provision with neither has no frame."""
    binding = BINDING.search(text)
    words = re.findall(r"[A-Za-z][A-Za-z\-]*|[,;:.]", text[binding.end():] if binding else text)
    at, skipping = 0, False
    while at < len(words):
        word = words[at].lower()
        if skipping:
            skipping = word != ","
        elif word in OPENS_CLAUSE:
            skipping = True
        elif word not in NOT_YET_VERB and word not in ",;:." and not word.endswith("ly"):
            break
        at += 1
    if at == len(words):
        return Frame("", "")
    verb = _base(words[at].lower())
    if not binding and verb not in FOLDED_VERBS:
        return Frame("", "")
    return Frame(FOLDED_VERBS.get(verb, verb), " ".join(w for w in words[at + 1:at + 9] if w not in ",;:."))


def relative(matrix: np.ndarray) -> np.ndarray:
    """Each cosine as a share of the best its source row reaches, averaged with its share of
    the best its target column reaches: 1 for a pair each of whose provisions is the other's
    nearest."""
    rows = matrix.max(axis=1, keepdims=True) if matrix.shape[1] else np.zeros((matrix.shape[0], 1))
    cols = matrix.max(axis=0, keepdims=True) if matrix.shape[0] else np.zeros((1, matrix.shape[1]))
    return (np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
            + np.divide(matrix, cols, out=np.zeros_like(matrix), where=cols > 0)) / 2


def hubness(matrix: np.ndarray) -> np.ndarray:
    """Per target column, the mean of its HUB_NEIGHBOURS best cosines with the source rows."""
    k = min(HUB_NEIGHBOURS, matrix.shape[0])
    if k == 0:
        return np.zeros(matrix.shape[1], dtype=np.float32)
    return -np.partition(-matrix, k - 1, axis=0)[:k, :].mean(axis=0)


def hubs(matrix: np.ndarray) -> np.ndarray:
    """Per pair, the sum of how close its source and its target are to their nearest neighbours
    in the other document."""
    return hubness(matrix.T)[:, None] + hubness(matrix)[None, :]


@dataclass
class Side:
    """One document's per-provision fields, as arrays, for the pairwise comparisons."""

    roles: list[str]
    modalities: list[str]
    themes: list[frozenset]
    definition: np.ndarray          # says what a term means, or belongs to a glossary entry
    quantity_kinds: list[frozenset]
    deadline: np.ndarray
    trigger: np.ndarray
    verbs: list[str]
    list_stem: np.ndarray
    later_sentence: np.ndarray
    brevity: np.ndarray
    operative: np.ndarray           # requires, forbids, permits or recommends something
    opens_section: np.ndarray       # the first unit of its article or section


def _compare(left: list, right: list, compare) -> np.ndarray:
    """``compare(x, y)`` for every pair of values of the two lists.  Documents repeat a few
    values (roles, sets of themes) thousands of times, so each distinct pair is compared once."""
    left_values, right_values = list(dict.fromkeys(left)), list(dict.fromkeys(right))
    table = np.array([[compare(x, y) for y in right_values] for x in left_values],
                     dtype=np.float32).reshape(len(left_values), len(right_values))
    return table[_codes(left, left_values)[:, None], _codes(right, right_values)[None, :]]


def _same(left: list[str], right: list[str]) -> np.ndarray:
    """1 where two non-empty values are equal."""
    values = {v: i for i, v in enumerate(dict.fromkeys(left + right))}
    codes_a, codes_b = _codes(left, values), _codes(right, values)
    empty = values.get("", -1)
    return ((codes_a[:, None] == codes_b[None, :]) & (codes_a[:, None] != empty)).astype(np.float32)


def _codes(values: list, vocabulary) -> np.ndarray:
    index = vocabulary if isinstance(vocabulary, dict) else {v: i for i, v in enumerate(vocabulary)}
    return np.array([index[v] for v in values], dtype=np.int64)


def _overlap(left: list[frozenset], right: list[frozenset]) -> tuple[np.ndarray, np.ndarray]:
    """How many members every pair of sets of the two lists shares, and the size of their union,
    from the lists' incidence matrices (shared members by a product, the union by
    inclusion–exclusion)."""
    members = {m: i for i, m in enumerate(sorted(set().union(*left, *right)))}
    incidence = []
    for sets in (left, right):
        matrix = np.zeros((len(sets), len(members)), dtype=np.float32)
        for row, found in enumerate(sets):
            matrix[row, [members[m] for m in found]] = 1.0
        incidence.append(matrix)
    shared = incidence[0] @ incidence[1].T
    return shared, incidence[0].sum(axis=1)[:, None] + incidence[1].sum(axis=1)[None, :] - shared


def pair_features(views: dict[str, np.ndarray], a: Side, b: Side, compatible_roles: frozenset) -> dict[str, np.ndarray]:
    """The FEATURES of every pair (a provision of ``a``, one of ``b``) as matrices; ``views``
    holds the cosine matrices ``wording``, ``function``, ``heading``, ``frame`` and ``section``
    (the wording of the two provisions' whole articles or sections).

    ``*_beyond_hubs`` is cross-domain similarity local scaling: twice the cosine less how close
    each provision is to its nearest neighbours (``*_hubs``), so that a pair of provisions close
    to everything (hubs) counts less than a pair close to each other only."""
    out = {}
    for view in ("wording", "function"):
        out[view] = views[view]
        out[f"{view}_vs_best"] = relative(views[view])
        closeness = hubs(views[view])
        if view == "wording":
            out["wording_hubs"] = closeness
        out[f"{view}_beyond_hubs"] = 2 * views[view] - closeness
    out["short_wording"] = views["wording"] * np.outer(a.brevity, b.brevity)
    out["heading"], out["frame"] = views["heading"], views["frame"]
    out["same_verb"] = _same(a.verbs, b.verbs)
    shared, union = _overlap(a.themes, b.themes)
    out["themes"] = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    out["same_role"] = _same(a.roles, b.roles)
    out["compatible_role"] = _compare(a.roles, b.roles, lambda r, s: float(frozenset((r, s)) in compatible_roles))
    out["same_modality"] = _same(a.modalities, b.modalities)
    out["both_definitions"] = np.outer(a.definition, b.definition)
    out["definition_vs_duty"] = (a.definition[:, None] != b.definition[None, :]).astype(np.float32)
    out["same_quantity_kind"] = (_overlap(a.quantity_kinds, b.quantity_kinds)[0] > 0).astype(np.float32)
    out["both_deadlines"] = np.outer(a.deadline, b.deadline)
    out["both_triggers"] = np.outer(a.trigger, b.trigger)
    out["list_stems"] = a.list_stem[:, None] + b.list_stem[None, :]
    out["later_sentences"] = a.later_sentence[:, None] + b.later_sentence[None, :]
    out["brevity"] = a.brevity[:, None] + b.brevity[None, :]
    out["section"] = views["section"]
    out["section_vs_best"] = relative(views["section"])
    out["operative"] = a.operative[:, None] + b.operative[None, :]
    out["opens_section"] = a.opens_section[:, None] + b.opens_section[None, :]
    return out
