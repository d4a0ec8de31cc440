"""What a candidate pair of provisions has in common, as numbers a ranking model can weigh.

Linking computes several views of every provision (its wording, the concepts and themes it names,
its heading, the duty's frame) and extraction gives it a role, a modality, quantities, a
deadline and a trigger.  For two documents A and B, every feature has a value for each of the
``len(A) × len(B)`` pairs: a cosine, how close the pair comes to the best each of its provisions
finds in the other document, whether the structured fields agree.  Each feature is kept as a sum
of Parts (a cosine matrix, a sum or product of the two documents' per-provision values, a lookup
in a small table) rather than as a full matrix: the ranking model (``policylens.ranker``) adds
them up with learnt weights in a few passes over the pairs, and reads them at the few pairs
whose links it explains, so the same numbers rank the pairs and explain each link.

Relative features ("as close as the best candidate", "each is the other's nearest") carry over
between documents of very different sizes and styles; absolute ones (a shared quantity, a cosine) say whether anything corresponds at all.  The section features let the
model weigh the article as well as the clause: the right article is among the best candidates
far more often than the right clause, and the clause an analyst picks within it often opens
the section or states its duty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

# The features, in the order of the model's weights; each has a value for every pair of provisions.
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


def _halved_inverse_maxima(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half the inverse of each row's and each column's largest cosine (0 where it is 0): a
    cosine times their sum is its share of the best its source row reaches, averaged with its
    share of the best its target column reaches (1 for a pair each of whose provisions is the
    other's nearest)."""
    halves = []
    for axis in (1, 0):
        best = matrix.max(axis=axis) if matrix.shape[axis] else np.zeros(matrix.shape[1 - axis], dtype=np.float32)
        halves.append(np.divide(0.5, best, out=np.zeros_like(best), where=best > 0))
    return halves[0], halves[1]


def hubness(matrix: np.ndarray) -> np.ndarray:
    """Per target column, the mean of its HUB_NEIGHBOURS best cosines with the source rows."""
    k = min(HUB_NEIGHBOURS, matrix.shape[0])
    if k == 0:
        return np.zeros(matrix.shape[1], dtype=np.float32)
    return -np.partition(-matrix, k - 1, axis=0)[:k, :].mean(axis=0)


class Values(NamedTuple):
    """A field that takes a few values over a document's provisions (roles, sets of themes):
    its distinct values and each provision's code (index) among them."""

    distinct: list
    codes: np.ndarray

    @classmethod
    def of(cls, values: list) -> Values:
        index: dict = {}
        codes = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)
        return cls(list(index), codes)


@dataclass
class Side:
    """One document's per-provision fields, as arrays, for the pairwise comparisons."""

    roles: Values
    modalities: Values
    themes: Values                  # of frozensets
    definition: np.ndarray          # 1 (else 0): says what a term means, or belongs to a glossary entry
    quantity_kinds: Values          # of frozensets
    deadline: np.ndarray
    trigger: np.ndarray
    verbs: Values
    list_stem: np.ndarray
    later_sentence: np.ndarray
    brevity: np.ndarray
    operative: np.ndarray           # requires, forbids, permits or recommends something
    opens_section: np.ndarray       # the first unit of its article or section


# How a Part's factor combines the two documents' per-provision vectors.
ONE, SUM, PRODUCT, TABLE = "one", "sum", "product", "table"


class Part(NamedTuple):
    """One additive part of a feature over the pairs (i, j): ``coefficient`` × ``matrix[i, j]``
    (1 without a matrix) × a factor of the two documents' per-provision vectors: 1 (ONE),
    ``left[i] + right[j]`` (SUM), ``left[i] * right[j]`` (PRODUCT) or ``table[left[i], right[j]]``
    (TABLE; ``left`` and ``right`` are codes of the documents' values).

    Most features are such factors alone (a pair's being list stems is ``stem[i] + stem[j]``), so
    the model's sum of them needs only a few passes over the ``len(A) × len(B)`` pairs; and a
    feature's value at the few pairs a link explains is read without its whole matrix."""

    coefficient: float
    matrix: np.ndarray | None
    factor: str
    left: np.ndarray | None = None
    right: np.ndarray | None = None
    table: np.ndarray | None = None

    def at(self, rows, columns) -> np.ndarray:
        """The part's values at the pairs (``rows[k]``, ``columns[k]``) (numpy indexing)."""
        if self.factor == TABLE:
            value = self.table[self.left[rows], self.right[columns]]
        elif self.factor == SUM:
            value = self.left[rows] + self.right[columns]
        elif self.factor == PRODUCT:
            value = self.left[rows] * self.right[columns]
        else:
            value = np.float32(1.0)
        if self.matrix is not None:
            value = self.matrix[rows, columns] * value
        else:
            value = np.broadcast_to(value, np.broadcast(rows, columns).shape)
        return self.coefficient * np.asarray(value, dtype=np.float32)

    def transposed(self, flipped: dict[int, np.ndarray]) -> Part:
        """The part with rows and columns swapped; ``flipped`` holds each matrix's transpose."""
        return Part(self.coefficient, None if self.matrix is None else flipped[id(self.matrix)], self.factor,
                    self.right, self.left, None if self.table is None else self.table.T)


@dataclass(frozen=True)
class PairFeatures:
    """The FEATURES of every pair (a provision of document A, one of B), each as a sum of Parts."""

    shape: tuple[int, int]
    parts: dict[str, list[Part]]

    def at(self, name: str, rows, columns) -> np.ndarray:
        """Feature ``name`` at the pairs (``rows[k]``, ``columns[k]``); with one row and every
        column, that row's values."""
        return sum(part.at(rows, columns) for part in self.parts[name])

    def matrix(self, name: str) -> np.ndarray:
        """Feature ``name`` for every pair, as a ``len(A) × len(B)`` matrix."""
        rows, columns = np.arange(self.shape[0])[:, None], np.arange(self.shape[1])[None, :]
        return np.broadcast_to(self.at(name, rows, columns), self.shape)

    def transposed(self) -> PairFeatures:
        """The same features with B's provisions as the rows (each matrix transposed once, so
        that parts over one matrix still share it)."""
        flipped: dict[int, np.ndarray] = {}
        for parts in self.parts.values():
            for part in parts:
                if part.matrix is not None and id(part.matrix) not in flipped:
                    flipped[id(part.matrix)] = part.matrix.T
        return PairFeatures(self.shape[::-1], {name: [part.transposed(flipped) for part in parts]
                                               for name, parts in self.parts.items()})

    def weighted_sum(self, weights: dict[str, float]) -> np.ndarray:
        """Σ weights[name] × feature ``name`` for every pair.  Parts over one matrix are summed
        into one factor first, so each cosine matrix is read once, and the lookups of every
        table are merged into one."""
        by_matrix: dict[int, _Factor] = {}
        tables = []
        for name, weight in weights.items():
            for part in self.parts[name]:
                coefficient = weight * part.coefficient
                if part.factor == TABLE:
                    tables.append((coefficient, part))
                    continue
                if id(part.matrix) not in by_matrix:
                    by_matrix[id(part.matrix)] = _Factor(part.matrix, self.shape)
                by_matrix[id(part.matrix)].add(coefficient, part)
        total = np.zeros(self.shape, dtype=np.float32)
        for factor in by_matrix.values():
            factor.add_to(total)
        if tables:
            total += _merged_lookup(tables)
        return total


class _Factor:
    """The summed factor of every part over one matrix (or none)."""

    def __init__(self, matrix: np.ndarray | None, shape: tuple[int, int]):
        self.matrix = matrix
        self.constant = 0.0
        self.rows = np.zeros(shape[0], dtype=np.float32)
        self.columns = np.zeros(shape[1], dtype=np.float32)
        self.products: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, coefficient: float, part: Part) -> None:
        if part.factor == ONE:
            self.constant += coefficient
        elif part.factor == SUM:
            self.rows += coefficient * part.left
            self.columns += coefficient * part.right
        else:
            self.products.append((coefficient * part.left, part.right))

    def add_to(self, total: np.ndarray) -> None:
        if not self.products and not self.rows.any() and not self.columns.any():
            total += np.float32(self.constant) * (1.0 if self.matrix is None else self.matrix)
            return
        factor = (self.rows + np.float32(self.constant))[:, None] + self.columns[None, :]
        if self.products:
            left, right = (np.stack(vectors, axis=1).astype(np.float32) for vectors in zip(*self.products))
            factor += left @ right.T
        if self.matrix is not None:
            factor *= self.matrix
        total += factor


def _merged_lookup(tables: list[tuple[float, Part]]) -> np.ndarray:
    """Σ coefficient × table[left[i], right[j]] for every pair, by one lookup: each provision's
    codes in all tables become one code of the combinations that occur, and the tables one
    table over those combinations."""
    merged_codes, combinations = [], []
    for side in ("left", "right"):
        codes = np.stack([getattr(part, side) for _, part in tables], axis=1)
        occurring, code = np.unique(codes, axis=0, return_inverse=True)
        combinations.append(occurring)
        merged_codes.append(code.ravel())
    table = sum(coefficient * part.table[combinations[0][:, k][:, None], combinations[1][:, k][None, :]]
                for k, (coefficient, part) in enumerate(tables)).astype(np.float32)
    return table[merged_codes[0][:, None], merged_codes[1][None, :]]


def _lookup(left: Values, right: Values, compare) -> Part:
    """A TABLE part: ``compare(distinct values of left, distinct values of right)`` as a matrix.
    Documents repeat a few values (roles, sets of themes) thousands of times, so each distinct
    pair is compared once."""
    table = np.asarray(compare(left.distinct, right.distinct), dtype=np.float32).reshape(len(left.distinct), len(right.distinct))
    return Part(1.0, None, TABLE, left.codes, right.codes, table)


def _same(left_values: list[str], right_values: list[str]) -> np.ndarray:
    """1 where two non-empty values are equal."""
    union = {v: i for i, v in enumerate(dict.fromkeys(left_values + right_values))}
    left = np.array([union[v] for v in left_values], dtype=np.int64)
    right = np.array([union[v] for v in right_values], dtype=np.int64)
    return (left[:, None] == right[None, :]) & (left != union.get("", -1))[:, None]


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


def _jaccard(left: list[frozenset], right: list[frozenset]) -> np.ndarray:
    shared, union = _overlap(left, right)
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def pair_features(views: dict[str, np.ndarray], a: Side, b: Side, compatible_roles: frozenset) -> PairFeatures:
    """The FEATURES of every pair (a provision of ``a``, one of ``b``); ``views`` holds the
    cosine matrices ``wording``, ``function``, ``heading``, ``frame`` and ``section`` (the wording
    of the two provisions' whole articles or sections).

    ``*_vs_best`` is a cosine's share of the best each of its two provisions finds in the other
    document.  ``*_beyond_hubs`` is cross-domain similarity local scaling: twice the cosine less
    how close each provision is to its nearest neighbours (``*_hubs``), so that a pair of
    provisions close to everything (hubs) counts less than a pair close to each other only."""
    parts: dict[str, list[Part]] = {}
    for view in ("wording", "function"):
        cosines = views[view]
        parts[view] = [Part(1.0, cosines, ONE)]
        parts[f"{view}_vs_best"] = [Part(1.0, cosines, SUM, *_halved_inverse_maxima(cosines))]
        closeness = Part(1.0, None, SUM, hubness(cosines.T), hubness(cosines))
        if view == "wording":
            parts["wording_hubs"] = [closeness]
        parts[f"{view}_beyond_hubs"] = [Part(2.0, cosines, ONE), closeness._replace(coefficient=-1.0)]
    parts["short_wording"] = [Part(1.0, views["wording"], PRODUCT, a.brevity, b.brevity)]
    for view in ("heading", "frame"):
        parts[view] = [Part(1.0, views[view], ONE)]
    parts["same_verb"] = [_lookup(a.verbs, b.verbs, _same)]
    parts["themes"] = [_lookup(a.themes, b.themes, _jaccard)]
    parts["same_role"] = [_lookup(a.roles, b.roles, _same)]
    parts["compatible_role"] = [_lookup(a.roles, b.roles, lambda left, right: [
        [float(frozenset((r, s)) in compatible_roles) for s in right] for r in left])]
    parts["same_modality"] = [_lookup(a.modalities, b.modalities, _same)]
    parts["both_definitions"] = [Part(1.0, None, PRODUCT, a.definition, b.definition)]
    # Exactly one of the two is a definition: d(a) + d(b) - 2 d(a) d(b).
    parts["definition_vs_duty"] = [Part(1.0, None, SUM, a.definition, b.definition),
                                   Part(-2.0, None, PRODUCT, a.definition, b.definition)]
    parts["same_quantity_kind"] = [_lookup(a.quantity_kinds, b.quantity_kinds,
                                           lambda left, right: _overlap(left, right)[0] > 0)]
    parts["both_deadlines"] = [Part(1.0, None, PRODUCT, a.deadline, b.deadline)]
    parts["both_triggers"] = [Part(1.0, None, PRODUCT, a.trigger, b.trigger)]
    for name, field in (("list_stems", "list_stem"), ("later_sentences", "later_sentence"), ("brevity", "brevity"),
                        ("operative", "operative"), ("opens_section", "opens_section")):
        parts[name] = [Part(1.0, None, SUM, getattr(a, field), getattr(b, field))]
    parts["section"] = [Part(1.0, views["section"], ONE)]
    parts["section_vs_best"] = [Part(1.0, views["section"], SUM, *_halved_inverse_maxima(views["section"]))]
    return PairFeatures((len(a.brevity), len(b.brevity)), parts)
