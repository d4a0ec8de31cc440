"""Corresponding provisions across documents: for every provision, its best counterparts in each
other document, with a score and an explanation an analyst can check.

Analysts call two provisions counterparts when they do the same regulatory job (who reports
incidents, how a compute threshold is set, who watermarks synthetic content), whatever words
each instrument uses.  The score therefore fuses two views of every provision:

* its wording: TF-IDF cosine over stemmed words and word pairs (its list stem and heading count
  less), after the legal synonyms of ``policylens_corpus/synonyms.json`` have folded different
  instruments' words for one idea into one concept ("AI safety incident" and "serious incident";
  "developer" and "provider of a general-purpose AI model"); the folded phrase's own words and
  the definitions of the terms the provision uses count too, less;
* its function: cosine over the concepts it names (with their broader concepts: "secure by
  design" is also "security") and the themes extraction gave it, so that provisions on the same
  job meet even when they share few words;

and adds the views of the duty itself: the headings it sits under, its frame (the act it
requires, "report", and what it acts on, "serious incidents"), and the structured fields of
extraction (roles, modality, quantities, deadlines, triggers, definitions).  Each view becomes a
feature of a candidate pair (``policylens.pair_features``), and a linear model fitted on
analysts' crosswalks (``policylens.ranker``) weighs them into one 0–1 confidence, the number every
view shows; where even the best candidate stays below the model's minimum, the source has no
counterpart in that document.  The features that carried a link explain it.
Ranking then offers each idea of the target document once: the best item of a stem that
announces a list stands for it when it scores nearly as well (otherwise the whole list is the
counterpart), a verbatim repeat or restatement gives way to its first statement, a paragraph's
later sentence to its opening one, and what they displace follows the distinct candidates.

The links between two documents depend on those two alone (each document is analysed on its
own, and term weights are counted over the pair), so ``policylens.link_cache`` caches them per
pair of documents and adding a document links only its own pairs.

Everything is deterministic and runs offline in Python, numpy and scipy.  (A sentence-embedding
model, all-MiniLM-L6-v2, was measured as a further view: alone it found a tenth of the dev
crosswalk's best counterparts, and added at any weight it lowered recall@1, so none ships.)
Explanatory text (recitals, preambles, digests, covers, prefaces) is neither a source nor a
target, except the definitions it gives: analysts put operative provisions side by side.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np
from scipy import sparse

from policylens import curated, ranker
from policylens.citations import article
from policylens.definitions import uses
from policylens.export import document_records, nearest_heading
from policylens.extract.themes import BROAD_HEADING_KINDS
from policylens.labels import in_sentence, role_label, theme_label
from policylens.pair_features import FEATURES, SHORT_PROVISION_TERMS, PairFeatures, Side, Values, frame, pair_features
from policylens.quantities import Quantity, find_quantities
from policylens.model import Node
from policylens.workspace import Workspace

# Raised whenever the links or the classes of an analysis change: the cached links and the stored
# analyses (``policylens.analysed_documents``) are both keyed by it.
LINKER_VERSION = "11"
# Top-level parts of a document that explain rather than regulate.
EXPLANATORY_KINDS = frozenset({"recital", "preamble", "closing", "front", "preface", "digest", "cover"})
# A heading is shared by every provision of its article or part, so it counts least.
TEXT_WEIGHT, STEM_WEIGHT, HEADING_WEIGHT = 1.0, 0.5, 0.3
# Function features: concepts named in the text, stem and heading, and extracted themes.
FUNCTION_TEXT, FUNCTION_CONTEXT, FUNCTION_THEME = 1.0, 0.5, 0.6
CACHED_TOP = 5
# Counterparts a view shows per provision and other document (the inspector, ``counterparts``).
SHOWN_PER_DOCUMENT = 2
# Where the best candidate's confidence is below the model's minimum (chosen on held-out folds by
# benchmarks/train_links.py), a provision has no counterpart; views show no link below it.
MIN_CONFIDENCE = ranker.model().min_confidence
BIGRAM_WEIGHT = 0.4
# A provision's wording also holds the definitions of the terms it uses, this much: a duty to keep a
# "safety and security protocol" carries the "technical and organizational protocols" that define
# one (chosen by cross-validation).
DEFINITION_WEIGHT = 0.3
# A concept also counts, this much less, as each of its broader concepts.
BROADER_WEIGHT = 0.6
# The words of a phrase folded into a concept ("chemical, biological, radiological or nuclear" into
# critical harm) still count, this much, in the wording: a provision on CBRN weapons should
# meet another on CBRN risks more than one on any other critical harm (chosen by cross-validation).
PHRASE_WORD_WEIGHT = 0.5
SHOWN_TERMS = 4
# Ranking offers each idea once: candidates considered per source and target document (times
# ``top``), how close a list item must score to the idea it stands for, how similar two
# provisions must be to count as a verbatim repeat, and how close a paragraph's opening unit must
# score to stand for a later sentence.
CANDIDATE_POOL, ITEM_SHARE, REPEAT_COSINE, OPENING_SHARE = 3, 0.6, 0.9, 0.5
REPEAT_SKETCH_SIZE, REPEAT_SKETCH_SLACK, REPEAT_SKETCH_SEED = 256, 0.15, 14110
# A text of at least this many words that opens another provision's text restates it.
RESTATEMENT_WORDS = 6
STOP_WORDS = frozenset("""
a about above after again against all also an and any are as at be been before being below between both
but by can could did do does doing down during each either few for from further had has have having he
her here hers him his how i if in into is it its itself may me might more most must my no nor not of off
on once only or other our ours out over own same shall she should so some such than that the their them
then there these they this those through to too under until up upon very was we were what when where
whether which while who whom why will with within would you your thereof therein thereto hereby herein
pursuant referred accordance article articles paragraph paragraphs subparagraph point points section sections
subsection subsections subdivision chapter regulation order bill act code annex including include includes
following applicable relevant appropriate appropriately set laid down out well e g i ii iii iv v vi
""".split())


@dataclass(frozen=True)
class Provision:
    """One operative provision unit as linking and comparison see it: verbatim text, citation,
    extracted fields and quantities (``id`` is the provisions export id)."""

    id: str
    doc: str
    cite: str
    heading: str
    text: str
    stem: str
    modality: str
    role: str
    themes: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    deadline_text: str = ""
    deadline_date: str = ""
    defines: str = ""
    condition: str = ""
    refs: tuple[str, ...] = ()     # node ids of the provisions it cross-refers to
    in_definition: bool = False    # part of a glossary entry (its notes and examples too)

    @property
    def is_definition(self) -> bool:
        """Whether the provision says what a term means (extracted, or "… means …" wording)."""
        return bool(self.defines) or bool(DEFINITION_WORDING.match(self.text))


DEFINITION_WORDING = re.compile(r"\s*(?:the terms?\s+)?[‘“\"'][^’”\"']{1,80}[’”\"'](?:[^.;:]{0,80})?\s+means?\b", re.I)


class Link(NamedTuple):
    """``target`` is the ``rank``-th best counterpart (1 = best) of ``source`` in ``target_doc``;
    ``score`` is its confidence.  A named tuple: a corpus of fifteen documents has close to a
    million of them, and a tuple is made and read several times faster than a dataclass."""

    source: str
    target: str
    source_doc: str
    target_doc: str
    score: float
    rank: int
    theme: str = ""
    why: str = ""

    @property
    def confidence(self) -> float:
        """The score every view shows: the model's 0–1 confidence (``policylens.ranker``)."""
        return self.score

    @property
    def is_counterpart(self) -> bool:
        """Whether the link reaches MIN_CONFIDENCE: below it, views show the source as having no
        counterpart in the target document, and the export keeps the candidate for the record."""
        return self.score >= MIN_CONFIDENCE

    def to_dict(self) -> dict:
        """The JSON Lines record of ``policylens export links``; its score is the confidence."""
        return {"source": self.source, "target": self.target, "score": round(self.score, 6),
                "counterpart": self.is_counterpart, "theme": self.theme, "why": self.why}


@dataclass(frozen=True)
class Synonyms:
    phrases_by_first_word: dict   # first word -> [(phrase words, concept id)], longest first
    labels: dict                  # concept id -> label shown in explanations
    compatible_roles: frozenset
    broader: dict                 # concept id -> every broader concept id, nearest first


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    """The legal synonyms of ``policylens_corpus/synonyms.json``, compiled once."""
    data = json.loads(curated.text("synonyms.json"))
    concepts = data["concepts"]
    by_first: dict[str, list] = defaultdict(list)
    for cid, concept in concepts.items():
        for phrase in concept["phrases"]:
            words = tuple(_words(phrase))
            by_first[words[0]].append((words, cid))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    labels = {cid: c["label"] for cid, c in concepts.items()}
    pairs = frozenset(frozenset(p) for p in data["compatible_roles"])
    return Synonyms(dict(by_first), labels, pairs, {cid: _ancestors(cid, concepts) for cid in concepts})


def _ancestors(cid: str, concepts: dict) -> tuple[str, ...]:
    """The broader concepts of ``cid``, transitively, each once (a cycle stops the walk)."""
    found: list[str] = []
    pending = list(concepts[cid].get("broader", ()))
    while pending:
        parent = pending.pop(0)
        if parent != cid and parent not in found and parent in concepts:
            found.append(parent)
            pending += concepts[parent].get("broader", ())
    return tuple(found)


def synonyms_digest() -> str:
    return hashlib.sha256(curated.text("synonyms.json").encode()).hexdigest()[:16]


# -- text analysis -----------------------------------------------------------------------------
WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    """The lower-case words of a text: runs of ASCII letters and digits (hyphens, quotes, spaces
    and every other character separate them)."""
    return WORD.findall(text.lower())


SUFFIXES = ("ational", "ization", "isation", "ations", "ation", "ments", "ment", "ness", "ities", "ity",
            "ings", "ing", "ers", "er", "ies", "ied", "ed", "es", "s", "ly", "al", "e")


def stem_word(word: str) -> str:
    """A light suffix-stripping stemmer: enough to meet "report/reports/reporting", cheap to run."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The terms of a text in order: synonym concepts (``@serious_incident``) and stemmed content
    words."""
    return [term for term, _, _ in _terms_with_words(text)]


@dataclass
class _ReadableForms:
    """A readable word for each stem of the texts a document's wording is read from, for
    explanations: its shortest form (the words of the phrases folded into concepts included,
    which the wording also weighs).  A heading or list stem is read for every provision under
    it, but its words are noted once."""

    surface: dict[str, str] = field(default_factory=dict)
    noted: set[str] = field(default_factory=set)

    def note(self, text: str) -> None:
        if text in self.noted:
            return
        self.noted.add(text)
        for term, word, phrase_words in _terms_with_words(text):
            for stem, readable in ((term, word), *phrase_words):
                if readable and _shorter(readable, self.surface.get(stem)):
                    self.surface[stem] = readable


@lru_cache(maxsize=16384)
def _terms_with_words(text: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """Each term of ``text`` with the word it was stemmed from ("" for a concept) and, for a
    concept, the content words of the phrase that named it (stemmed, with the word).  Cached: a
    heading or list stem is read once for each provision under it."""
    by_first = synonyms().phrases_by_first_word
    words = _words(text)
    out, i = [], 0
    while i < len(words):
        word = words[i]
        for phrase, concept in by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(_concept_term(phrase, concept))
                i += len(phrase)
                break
        else:
            i += 1
            term = _word_term(word)
            if term:
                out.append(term)
    return tuple(out)


@lru_cache(maxsize=65536)
def _word_term(word: str) -> tuple[str, str, tuple] | None:
    """A word's entry among a text's terms (``_terms_with_words``): its stem and itself; None for
    a word that is no content word."""
    return (stem_word(word), word, ()) if _is_content(word) else None


@lru_cache(maxsize=4096)
def _concept_term(phrase: tuple[str, ...], concept: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """A synonym phrase's entry among a text's terms: its concept, and its content words stemmed."""
    return "@" + concept, "", tuple((stem_word(w), w) for w in phrase if _is_content(w))


def _is_content(word: str) -> bool:
    """Whether a word can say what a provision is about: not a stop word, a number or a word of
    one or two letters."""
    return word not in STOP_WORDS and len(word) > 2 and not word.isdigit()


def concepts(text: str) -> set[str]:
    """The synonym concepts a text names, with their broader concepts ("secure by design" →
    ``secure_by_design`` and ``security``)."""
    broader = synonyms().broader
    named = {term[1:] for term in terms(text) if term.startswith("@")}
    return named | {parent for cid in named for parent in broader[cid]}


def _shorter(word: str, than: str | None) -> bool:
    """Whether ``word`` is a better readable form of a stem than ``than``: shorter, then first in
    alphabetical order, so that the choice does not depend on the order of reading."""
    return than is None or (len(word), word) < (len(than), than)


def _features(text: str, weight: float, into: dict[str, float], forms: _ReadableForms,
              concepts: dict[str, float] | None = None) -> int:
    """Add the weighted terms and word pairs of ``text`` to ``into`` (and its concepts, with their
    broader concepts, to ``concepts``), and its words to its document's readable ``forms``;
    return its number of terms."""
    bag, named, length = _unit_bags(text)
    forms.note(text)
    for term, share in bag:
        into[term] = into.get(term, 0.0) + weight * share
    if concepts is not None:
        for term, share in named:
            concepts[term] = concepts.get(term, 0.0) + weight * share
    return length


@lru_cache(maxsize=16384)
def _unit_bags(text: str) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...], int]:
    """The terms (with the words of phrases folded into concepts), broader concepts and word pairs
    of ``text`` with their weights at weight 1, its concepts with their broader concepts, and
    its number of terms.  Cached, like ``_terms_with_words``."""
    found = _terms_with_words(text)
    broader = synonyms().broader
    bag: dict[str, float] = {}
    named: dict[str, float] = {}
    for term, _, phrase_words in found:
        bag[term] = bag.get(term, 0.0) + 1.0
        for stem, _ in phrase_words:
            bag[stem] = bag.get(stem, 0.0) + PHRASE_WORD_WEIGHT
        if term.startswith("@"):
            named[term] = named.get(term, 0.0) + 1.0
            for parent in broader[term[1:]]:
                broader_term = "@" + parent
                bag[broader_term] = bag.get(broader_term, 0.0) + BROADER_WEIGHT
                named[broader_term] = named.get(broader_term, 0.0) + BROADER_WEIGHT
    in_order = [term for term, _, _ in found]
    for first, second in zip(in_order, in_order[1:]):
        pair = f"{first} {second}"
        bag[pair] = bag.get(pair, 0.0) + BIGRAM_WEIGHT
    return tuple(bag.items()), tuple(named.items()), len(found)


# -- provisions --------------------------------------------------------------------------------
def load_provisions(ws: Workspace, docs: list[str] | None = None) -> list[Provision]:
    """The operative provision units of ``docs`` (default: every document), with their quantities."""
    wanted = set(docs or [d.id for d in ws.documents()])
    found = []
    for doc in ws.documents():
        if doc.id not in wanted:
            continue
        nodes = ws.nodes(doc.id)
        by_id = {n.id: n for n in nodes}
        explanatory = _explanatory_nodes(by_id)
        for record in document_records(ws, doc, nodes):
            node_id = record["id"].split("#")[0]
            if node_id in explanatory:
                continue
            found.append(Provision(
                id=record["id"], doc=doc.id, cite=record["cite"], heading=_subject_heading(node_id, by_id),
                text=record["text"], stem=record["stem"], modality=record["modality"],
                role=record["actor_role"], themes=tuple(record["themes"]),
                quantities=tuple(find_quantities(record["text"])),
                deadline_text=record["deadline_text"], deadline_date=record["deadline_date"],
                defines=record["defines"] or "", condition=record["condition"] or "",
                refs=tuple(record["refs"]), in_definition=_within_definition(node_id, by_id)))
    return found


def _within_definition(node_id: str, by_id: dict[str, Node]) -> bool:
    node = by_id[node_id]
    while True:
        if node.kind == "definition":
            return True
        if not node.parent or node.parent not in by_id:
            return False
        node = by_id[node.parent]


def _explanatory_nodes(by_id: dict[str, Node]) -> set[str]:
    """The nodes in or under a part that explains rather than regulates (a preamble, a recital
    however deep the reader placed it), except definitions: a term an introduction defines ("AI
    developer: Business operators who develop AI systems") governs every provision that uses it,
    like any other definition."""
    out = set()
    for node in by_id.values():
        current, explains, defined = node, node.kind in EXPLANATORY_KINDS, node.kind == "definition"
        while current.parent and current.parent in by_id:
            current = by_id[current.parent]
            explains = explains or current.kind in EXPLANATORY_KINDS
            defined = defined or current.kind == "definition"
        if explains and not defined:
            out.add(node.id)
    return out


def _subject_heading(node_id: str, by_id: dict[str, Node]) -> str:
    """The nearest heading that says what a provision is about: an article's, a section's or a
    glossary entry's title, not a chapter's or a whole bill's ("Safe and Secure Innovation for
    Frontier Artificial Intelligence Models Act" heads every section of SB-1047 and would make
    each one look like a security provision)."""
    return nearest_heading(by_id[node_id], by_id, BROAD_HEADING_KINDS)


# -- scoring -----------------------------------------------------------------------------------
@dataclass
class _Bags:
    """One view of one document before weighting: every provision's terms with their sublinear
    frequency, as coordinates over the document's own vocabulary, and how many provisions name
    each term.  Weighting waits for the other document of a pair (``_pair_rows``)."""

    vocabulary: np.ndarray          # the terms (str objects), by coordinate
    hashes: np.ndarray              # each term's hash, to find two documents' shared terms
    row_index: np.ndarray
    term_index: np.ndarray
    frequency: np.ndarray
    provisions_naming: np.ndarray
    size: int
    # Per coordinate, whether the provision says the term itself rather than only in the
    # definitions it uses (None: every term is its own).
    said: np.ndarray | None = None

    @classmethod
    def of(cls, counters: list[dict[str, float]], said: list[set[str]] | None = None) -> _Bags:
        every_term = list(chain.from_iterable(counters))
        index = dict.fromkeys(every_term)   # the terms, in the order of their first use
        for coordinate, term in enumerate(index):
            index[term] = coordinate
        term_index = np.fromiter(map(index.__getitem__, every_term), dtype=np.int64, count=len(every_term))
        weight = np.fromiter(chain.from_iterable(counter.values() for counter in counters), dtype=np.float32,
                             count=len(every_term))
        frequency = np.where(weight >= 1, 1.0 + np.log(np.maximum(weight, 1.0)), weight).astype(np.float32)
        rows = np.repeat(np.arange(len(counters), dtype=np.int64), [len(counter) for counter in counters])
        own = None if said is None else np.fromiter(
            (term in own_terms for counter, own_terms in zip(counters, said) for term in counter), dtype=bool,
            count=len(every_term))
        vocabulary = np.array(list(index), dtype=object)
        return cls(vocabulary, _term_hashes(vocabulary), rows, term_index, frequency,
                   np.bincount(term_index, minlength=len(index)).astype(np.float32), len(counters),
                   None if own is None or own.all() else own)

    def __getstate__(self) -> dict:
        """Pickled without ``hashes``: a string's hash differs from one process to the next."""
        state = dict(self.__dict__)
        del state["hashes"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, hashes=_term_hashes(state["vocabulary"]))


def _term_hashes(vocabulary: np.ndarray) -> np.ndarray:
    return np.fromiter(map(hash, vocabulary), dtype=np.int64, count=len(vocabulary))


@dataclass
class AnalysedDocument:
    """One document's provisions as linking sees them: each view's terms, their term counts,
    and which provisions are items of which list stem (by position in ``provisions``)."""

    id: str = ""
    provisions: list[Provision] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    views: dict[str, _Bags] = field(default_factory=dict)
    sections: np.ndarray | None = None
    side: Side | None = None
    items: dict[int, np.ndarray] = field(default_factory=dict)
    opening: dict[int, int] = field(default_factory=dict)
    repeats: dict[int, set[int]] = field(default_factory=dict)
    # Per provision, as arrays: its id, whether it has repeats, whether it is a list stem, its
    # paragraph's opening unit (-1: it opens its own), and its set of themes (a code into theme_sets).
    ids: np.ndarray | None = None
    repeated: np.ndarray | None = None
    list_stem: np.ndarray | None = None
    opening_of: np.ndarray | None = None
    theme_sets: list[tuple[str, ...]] = field(default_factory=list)
    theme_codes: np.ndarray | None = None
    surface: dict[str, str] = field(default_factory=dict)   # a readable word for each stem

    def find_items(self) -> None:
        """The items of every list stem, at any depth (a provision's list stem is the provision
        whose text is its ``stem``, the nearest one before it), and the opening unit of the
        paragraph of each later sentence or subparagraph.

        Only a stem that announces its list ("Providers shall:") says nothing without its
        items; a principle stated in full whose bullets elaborate it (METI's "Invest in and
        implement robust security management …." over "Consider operational measures …") is a
        provision like any other, and none of its bullets stands for it."""
        last_with_text: dict[str, int] = {}
        parent: dict[int, int] = {}
        first_unit: dict[str, int] = {}
        for index, p in enumerate(self.provisions):
            opening = first_unit.setdefault(_paragraph(p.id), index)
            if opening != index:
                self.opening[index] = opening
            if p.stem and p.stem in last_with_text:
                parent[index] = last_with_text[p.stem]
            last_with_text[p.text] = index
        for index in parent:
            ancestor = parent[index]
            while True:
                self.items.setdefault(ancestor, []).append(index)
                if ancestor not in parent:
                    break
                ancestor = parent[ancestor]
        self.items = {stem: np.array(items) for stem, items in self.items.items()
                      if self.provisions[stem].text.rstrip().endswith(":")}

    def index_positions(self) -> None:
        """The per-provision arrays ranking reads for a whole document at once."""
        size = len(self.provisions)
        self.ids = np.array([p.id for p in self.provisions], dtype=object)
        self.repeated = np.array([i in self.repeats for i in range(size)], dtype=bool)
        self.list_stem = np.array([i in self.items for i in range(size)], dtype=bool)
        self.opening_of = np.array([self.opening.get(i, -1) for i in range(size)], dtype=np.int64)
        codes = {}
        self.theme_codes = np.array([codes.setdefault(p.themes, len(codes)) for p in self.provisions], dtype=np.int64)
        self.theme_sets = list(codes)

    def best_item(self, stem: int, row: np.ndarray) -> int | None:
        """The item of list stem ``stem`` scoring best in ``row`` (None for a provision that
        is no list stem)."""
        items = self.items.get(stem)
        return None if items is None else int(items[np.argmax(row[items])])

    def find_repeats(self) -> None:
        """For each provision, the others whose wording, weighted within this document, has a
        cosine with it of at least REPEAT_COSINE (verbatim repeats), and then their restatements.

        Comparing every pair exactly would cost more than linking itself, so the rows are first
        sketched into a few hundred dimensions (a fixed random projection, which keeps cosines
        to within a few hundredths) and only the pairs the sketch finds close are compared."""
        bags = self.views["wording"]
        weights = bags.frequency * _idf((bags.provisions_naming, bags.size))[bags.term_index]
        values = weights / _row_norms(bags, weights)[bags.row_index]
        rng = np.random.default_rng(REPEAT_SKETCH_SEED)
        bucket = rng.integers(0, REPEAT_SKETCH_SIZE, len(bags.vocabulary))
        sign = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), len(bags.vocabulary))
        sketch = np.zeros((bags.size, REPEAT_SKETCH_SIZE), dtype=np.float32)
        np.add.at(sketch, (bags.row_index, bucket[bags.term_index]), sign[bags.term_index] * values)
        close = np.argwhere(np.triu(sketch @ sketch.T, 1) >= REPEAT_COSINE - REPEAT_SKETCH_SLACK)
        if len(close):
            rows = sparse.csr_matrix((values, (bags.row_index, bags.term_index)), shape=(bags.size, len(bags.vocabulary)))
            exact = np.asarray(rows[close[:, 0]].multiply(rows[close[:, 1]]).sum(axis=1)).ravel()
            for j, k in close[exact >= REPEAT_COSINE].tolist():
                self.repeats.setdefault(j, set()).add(k)
                self.repeats.setdefault(k, set()).add(j)
        self._find_restatements()

    def _find_restatements(self) -> None:
        """Provisions whose whole wording opens another provision's (a principle stated once with
        a cross-reference appended, "… standards. ("2) Safety")", and once without) are repeats
        too, however much their headings differ.  Sorted, the texts a text opens follow it in one
        run (a space sorts before any letter or digit)."""
        texts = sorted((" ".join(_words(p.text)), index)
                       for index, p in enumerate(self.provisions))
        for at, (text, j) in enumerate(texts):
            if len(text.split(" ")) < RESTATEMENT_WORDS:
                continue
            for longer, k in texts[at + 1:]:
                if longer != text and not longer.startswith(text + " "):   # "standard" opens no "standards"
                    break
                self.repeats.setdefault(j, set()).add(k)
                self.repeats.setdefault(k, set()).add(j)


VIEWS = ("wording", "function", "heading", "frame")


@dataclass
class Corpus:
    """Every document as linking sees it."""

    documents: dict[str, AnalysedDocument]


def analyse(provisions: list[Provision]) -> Corpus:
    """Every view of every provision, per document.  Nothing here depends on the other documents,
    so the links between two documents depend on those two alone: adding a third changes none
    of them, and only its own pairs need linking."""
    documents: dict[str, AnalysedDocument] = {}
    bags: dict[str, dict[str, list[dict[str, float]]]] = defaultdict(lambda: {view: [] for view in VIEWS})
    glossaries, used = _definitions_used(provisions)
    meanings: dict[tuple[str, str], dict[str, float]] = {}   # (document, term): its definition's weighted terms
    said: dict[str, list[set[str]]] = defaultdict(list)   # per provision, the wording terms of its own words
    forms: dict[str, _ReadableForms] = defaultdict(_ReadableForms)   # per document
    for p in provisions:
        document = documents.setdefault(p.doc, AnalysedDocument(p.doc))
        readable = forms[p.doc]
        words: dict[str, float] = {}
        concepts: dict[str, float] = {}
        length = _features(p.text, TEXT_WEIGHT, words, readable, concepts)
        if p.defines and p.defines.lower() not in p.text.lower():   # a glossary entry's term is its heading
            length += _features(p.defines, TEXT_WEIGHT, words, readable, concepts)
        context: dict[str, float] = {}
        if p.stem:
            _features(p.stem, STEM_WEIGHT, words, readable, context)
        if p.heading:
            _features(p.heading, HEADING_WEIGHT, words, readable, context)
        said[p.doc].append(set(words))
        for term in used.get(p.id, ()):
            if (p.doc, term) not in meanings:
                meanings[p.doc, term] = {}
                _features(glossaries[p.doc][term], DEFINITION_WEIGHT, meanings[p.doc, term], readable)
            for meant, weight in meanings[p.doc, term].items():
                words[meant] = words.get(meant, 0.0) + weight
        function = {t: FUNCTION_TEXT * w for t, w in concepts.items()}
        for term, weight in context.items():
            function[term] = function.get(term, 0.0) + FUNCTION_CONTEXT * weight
        for theme in p.themes:
            function["#" + theme] = function.get("#" + theme, 0.0) + FUNCTION_THEME
        duty = frame(p.text)
        duty_terms = Counter(terms(duty.object_text))
        if duty.verb:
            duty_terms["^" + duty.verb] = 1.0
        for view, bag in zip(VIEWS, (words, function, Counter(terms(p.heading)), duty_terms)):
            bags[p.doc][view].append(bag)
        document.provisions.append(p)
        document.lengths.append(length)
    for doc, document in documents.items():
        document.surface = forms[doc].surface
        document.views = {view: _Bags.of(counters, said[doc] if view == "wording" else None)
                          for view, counters in bags[doc].items()}
        document.find_items()
        document.find_repeats()
        document.index_positions()
        document.sections = _sections(document.provisions)
        document.side = _side(document)
    return Corpus(documents)


def _definitions_used(provisions: list[Provision]) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Per document, each term it defines and the text of its (first) definition; and per
    provision (not itself a definition), the defined terms of its document that it uses, in its
    text or the words that introduce its list."""
    glossaries: dict[str, dict[str, str]] = defaultdict(dict)
    for p in provisions:
        if p.defines:
            glossaries[p.doc].setdefault(p.defines, p.text)
    longest_first = {doc: tuple(sorted(glossary, key=len, reverse=True)) for doc, glossary in glossaries.items()}
    used = {p.id: uses(f"{p.stem} {p.text}", longest_first[p.doc])
            for p in provisions if p.doc in longest_first and not p.defines}
    return glossaries, used


def _side(document: AnalysedDocument) -> Side:
    """A document's per-provision fields as ``pair_features`` compares them."""
    provisions = document.provisions
    return Side(
        roles=Values.of([p.role for p in provisions]), modalities=Values.of([p.modality for p in provisions]),
        themes=Values.of([frozenset(p.themes) for p in provisions]),
        definition=np.array([p.is_definition or p.in_definition for p in provisions], dtype=np.float32),
        quantity_kinds=Values.of([frozenset(quantity_kind(q) for q in p.quantities) for p in provisions]),
        deadline=np.array([bool(p.deadline_text) for p in provisions], dtype=np.float32),
        trigger=np.array([bool(p.condition) for p in provisions], dtype=np.float32),
        verbs=Values.of([frame(p.text).verb for p in provisions]),
        list_stem=document.list_stem.astype(np.float32),
        later_sentence=np.array([i in document.opening for i in range(len(provisions))], dtype=np.float32),
        brevity=np.sqrt(np.minimum(1.0, np.array(document.lengths, dtype=np.float32) / SHORT_PROVISION_TERMS)),
        operative=np.array([p.modality not in ("", "none") for p in provisions], dtype=np.float32),
        opens_section=_opening_units(document.sections))


def _opening_units(sections: np.ndarray) -> np.ndarray:
    """1 for the first provision of each section."""
    opening = np.zeros(len(sections), dtype=np.float32)
    opening[np.unique(sections, return_index=True)[1]] = 1.0
    return opening


def _sections(provisions: list[Provision]) -> np.ndarray:
    """Per provision, a code for the article or section it belongs to: the one its subject heading
    names or, in a document whose sections have no headings, its citation up to the first
    subdivision ("§ 22606(a)(1)" → "§ 22606")."""
    codes: dict[tuple[str, str], int] = {}
    return np.array([codes.setdefault((p.heading, "" if p.heading else article(p.cite)), len(codes))
                     for p in provisions], dtype=np.int64)


def _paragraph(provision_id: str) -> str:
    """The paragraph a provision unit belongs to: its sentences (``…/s2``) and subparagraphs
    (``…/sub2``) make up one paragraph, which its opening unit states."""
    return re.sub(r"/(?:s|sub)\d+$", "", provision_id.split("#")[0])


def _idf(*documents: tuple[np.ndarray, int]) -> np.ndarray:
    """Inverse document frequency with every instrument counting alike: a term's frequency is
    the mean of its share of provisions in each document (given per document as how many of its
    provisions name each term, and its number of provisions), so that the EU AI Act's length
    does not make its everyday words look rare in the other document (or theirs look common)."""
    share = sum((naming + 1.0) / (size + 1.0) for naming, size in documents) / len(documents)
    return (np.log(1.0 / share) + 1.0).astype(np.float32)


def _row_norms(bags: _Bags, weights: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.bincount(bags.row_index, weights * weights, minlength=bags.size)).astype(np.float32)
    norms[norms == 0] = 1.0
    return norms


def _pair_rows(a: _Bags, b: _Bags) -> tuple[sparse.csr_matrix, sparse.csr_matrix, list[str],
                                             sparse.csr_matrix, sparse.csr_matrix]:
    """Both documents' rows of one view, TF-IDF weighted over the two documents and L2-normalised,
    as sparse matrices over the terms they share (the only ones a cosine between them can use);
    those terms; and both documents' rows of the terms each provision says itself (``said``)."""
    a_in_b = _positions_in(a, b)
    b_in_a = np.full(len(b.vocabulary), -1, dtype=np.int64)
    b_in_a[a_in_b[a_in_b >= 0]] = np.flatnonzero(a_in_b >= 0)
    naming_a_in_b = np.append(b.provisions_naming, 0.0)[a_in_b]   # index -1 (absent) reads the 0
    naming_b_in_a = np.append(a.provisions_naming, 0.0)[b_in_a]
    idf_a = _idf((a.provisions_naming, a.size), (naming_a_in_b, b.size))
    idf_b = _idf((naming_b_in_a, a.size), (b.provisions_naming, b.size))
    shared = np.flatnonzero(a_in_b >= 0)
    column_a = np.full(len(a.vocabulary), -1, dtype=np.int64)
    column_a[shared] = np.arange(len(shared))
    column_b = np.append(column_a, -1)[b_in_a]
    rows, said = [], []
    for bags, idf, column in ((a, idf_a, column_a), (b, idf_b, column_b)):
        weights = bags.frequency * idf[bags.term_index]
        values = weights / _row_norms(bags, weights)[bags.row_index]
        keep = column[bags.term_index] >= 0
        rows.append(_rows_of(bags, values, keep, column, len(shared)))
        said.append(rows[-1] if bags.said is None else _rows_of(bags, values, keep & bags.said, column, len(shared)))
    return rows[0], rows[1], a.vocabulary[shared].tolist(), said[0], said[1]


def _rows_of(bags: _Bags, values: np.ndarray, kept: np.ndarray, column: np.ndarray, width: int) -> sparse.csr_matrix:
    """The ``kept`` coordinates of a document's bags, with their weighted ``values``, as a sparse
    matrix of its provisions over ``width`` shared terms (``column``: each term's place there)."""
    return sparse.csr_matrix((values[kept], (bags.row_index[kept], column[bags.term_index[kept]])),
                             shape=(bags.size, width), dtype=np.float32)


def _positions_in(a: _Bags, b: _Bags) -> np.ndarray:
    """Per term of ``a``, its coordinate in ``b`` (-1: ``b`` lacks it).  The terms are matched by
    their hashes (sorted numbers intersect far faster than words are looked up one by one), and
    each match is checked on the words, so two terms whose hashes collide never meet."""
    _, in_a, in_b = np.intersect1d(a.hashes, b.hashes, return_indices=True)
    same = a.vocabulary[in_a] == b.vocabulary[in_b]
    a_in_b = np.full(len(a.vocabulary), -1, dtype=np.int64)
    a_in_b[in_a[same]] = in_b[same]
    return a_in_b


def quantity_kind(quantity: Quantity) -> str:
    """What a quantity measures for comparison: a fine is a fine whether written as an amount or
    as a share of turnover; other quantities compare within their kind."""
    return "fine" if quantity.purpose == "fine" else quantity.kind


def link_provisions(provisions: list[Provision], top: int = 5) -> list[Link]:
    """The ``top`` best counterparts of every provision in every other document, best first, each
    with its confidence (views show only those that reach MIN_CONFIDENCE)."""
    corpus = analyse(provisions)
    ids = sorted(corpus.documents)
    return [link for x, doc_a in enumerate(ids) for doc_b in ids[x + 1:]
            for link in link_pair(corpus, doc_a, doc_b, top).links()]


def link_pair(corpus: Corpus, doc_a: str, doc_b: str, top: int) -> PairLinks:
    """The ``top`` best counterparts of every provision of either document in the other."""
    model = ranker.model()
    views, words_a, words_b, names = _cosines(corpus, doc_a, doc_b)
    a, b = corpus.documents[doc_a], corpus.documents[doc_b]
    features = pair_features(views, a.side, b.side, synonyms().compatible_roles)
    scores = model.confidence(features)
    forward = rank_rows(b, scores, ~a.list_stem, top)
    backward = rank_rows(a, scores.T, ~b.list_stem, top)
    surface = {}   # a readable word for each shared stem: the shorter of the two documents' forms
    for stem in names:
        for word in (a.surface.get(stem), b.surface.get(stem)):
            if word and _shorter(word, surface.get(stem)):
                surface[stem] = word
    whys = _explanations(a, b, forward, backward, _Carried(model, features), (words_a, words_b), names, surface)
    return PairLinks((a.id, b.id), (a.ids, b.ids), (
        Ranked(*forward, _shared_themes(a, b, forward.rows, forward.columns), whys[0]),
        Ranked(*backward, _shared_themes(b, a, backward.rows, backward.columns), whys[1])))


def features_between(corpus: Corpus, source_doc: str, target_doc: str) -> PairFeatures:
    """The pair features of every provision of ``source_doc`` (rows) against every provision of
    ``target_doc`` (columns), as the model sees them; for training and measuring it."""
    first, second = sorted((source_doc, target_doc))
    views, *_ = _cosines(corpus, first, second)
    a, b = corpus.documents[first], corpus.documents[second]
    features = pair_features(views, a.side, b.side, synonyms().compatible_roles)
    return features if first == source_doc else features.transposed()


def _cosines(corpus: Corpus, doc_a: str, doc_b: str):
    """The cosine matrix of every view between two documents; and, for explanations, the wording
    rows of the words each provision says itself, restricted to the terms the two documents
    share, and those terms' names."""
    a, b = corpus.documents[doc_a], corpus.documents[doc_b]
    views = {}
    for view in VIEWS:
        rows_a, rows_b, shared, said_a, said_b = _pair_rows(a.views[view], b.views[view])
        views[view] = (rows_a @ rows_b.T).toarray()
        if view == "wording":
            views["section"] = _section_cosines(rows_a, a.sections, rows_b, b.sections)
            words_a, words_b, names = said_a, said_b, shared
    return views, words_a, words_b, names


def _section_cosines(rows_a: sparse.csr_matrix, sections_a: np.ndarray,
                     rows_b: sparse.csr_matrix, sections_b: np.ndarray) -> np.ndarray:
    """Per pair of provisions, the wording cosine of their whole sections (each section the sum
    of its provisions' rows)."""
    whole = []
    for rows, sections in ((rows_a, sections_a), (rows_b, sections_b)):
        membership = sparse.csr_matrix((np.ones(len(sections), dtype=np.float32), (sections, np.arange(len(sections)))),
                                       shape=(int(sections.max(initial=-1)) + 1, len(sections)))
        summed = membership @ rows
        norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
        whole.append(sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ summed)
    return (whole[0] @ whole[1].T).toarray()[sections_a][:, sections_b]


@dataclass
class _Carried:
    """What each explained reason added to the confidence of given pairs of two documents."""

    model: ranker.Model
    features: PairFeatures

    def __call__(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return np.maximum(self.model.contributions(self.features, rows, columns), 0.0) @ _REASON_OF_FEATURE


def _explanations(a: AnalysedDocument, b: AnalysedDocument, forward: Offered, backward: Offered,
                  carried_by: _Carried, wording: tuple[sparse.csr_matrix, sparse.csr_matrix], names: list[str],
                  surface: dict) -> tuple[list[str | None], list[str | None]]:
    """The explanation of each link offered from ``a`` to ``b`` (``forward``) and back
    (``backward``); None below the minimum confidence.  Two thirds of the links explained are
    pairs of provisions linked both ways, each one pair to the features: what its reasons carried
    and its shared terms are found once, in ``a`` × ``b`` order, for both of its explanations."""
    explained = [np.flatnonzero(offered.scores >= MIN_CONFIDENCE) for offered in (forward, backward)]
    codes = np.concatenate([forward.rows[explained[0]] * len(b.provisions) + forward.columns[explained[0]],
                            backward.columns[explained[1]] * len(b.provisions) + backward.rows[explained[1]]])
    pairs, pair_of = np.unique(codes, return_inverse=True)
    rows, columns = np.divmod(pairs, len(b.provisions))
    reasons = _strongest_first(carried_by(rows, columns))
    shared_terms = _shared_terms(*wording, rows, columns, names, surface)
    in_a, in_b, pair_of = rows.tolist(), columns.tolist(), pair_of.ravel().tolist()
    whys: tuple[list[str | None], list[str | None]] = ([None] * len(forward.rows), [None] * len(backward.rows))
    for k, pair in zip(explained[0].tolist(), pair_of[:len(explained[0])]):
        whys[0][k] = explain(a.provisions[in_a[pair]], b.provisions[in_b[pair]], reasons[pair], shared_terms[pair])
    for k, pair in zip(explained[1].tolist(), pair_of[len(explained[0]):]):
        whys[1][k] = explain(b.provisions[in_b[pair]], a.provisions[in_a[pair]], reasons[pair], shared_terms[pair])
    return whys


def _strongest_first(carried: np.ndarray) -> list[list[str]]:
    """Per pair (a row of what each of the REASONS carried), the reasons that raised its
    confidence, strongest first (ties in the order of REASONS)."""
    order = np.argsort(-carried, axis=1, kind="stable").tolist()
    counts = np.count_nonzero(carried > 0, axis=1).tolist()
    return [[REASONS[r] for r in reasons[:count]] for reasons, count in zip(order, counts)]


class Offered(NamedTuple):
    """The counterparts ``rank_rows`` offers, as flat columns ordered by row and rank: the
    ``ranks[k]``-th best counterpart of source row ``rows[k]`` is target column ``columns[k]``,
    with its score."""

    rows: np.ndarray
    columns: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray


class Ranked(NamedTuple):
    """One document's links into another, as columns: the ``ranks``-th best counterpart of
    provision ``rows[k]`` (by position in its document) is provision ``columns[k]`` of the other,
    with its score, theme and explanation (None below the minimum confidence)."""

    rows: np.ndarray
    columns: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    themes: list[str]
    whys: list[str | None]


class PairLinks(NamedTuple):
    """The links between two documents, both ways: ``directions[0]`` from the first to the
    second, ``directions[1]`` back; ``ids`` holds each document's provision ids by position.
    Columns of positions keep the link cache small and quick to write and read
    (``link_cache.encoded``): a million links as rows would repeat their ids and the note on
    weak candidates in every record."""

    documents: tuple[str, str]
    ids: tuple[np.ndarray, np.ndarray]
    directions: tuple[Ranked, Ranked]

    def links(self) -> list[Link]:
        found: list[Link] = []
        for (source, target), (source_ids, target_ids), ranked in zip(
                (self.documents, self.documents[::-1]), (self.ids, self.ids[::-1]), self.directions):
            count = len(ranked.rows)
            found += map(tuple.__new__, repeat(Link), zip(   # Link._make without its Python frame per link
                source_ids[ranked.rows].tolist(), target_ids[ranked.columns].tolist(),
                repeat(source, count), repeat(target, count), ranked.scores.tolist(), ranked.ranks.tolist(),
                ranked.themes, [BELOW_MINIMUM if why is None else why for why in ranked.whys]))
        return found

    @classmethod
    def empty(cls, doc_a: str, doc_b: str) -> PairLinks:
        """No links: one of the documents has no operative provision."""
        nothing = Ranked(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64), [], [])
        return cls((doc_a, doc_b), (np.array([], dtype=object),) * 2, (nothing, nothing))


def _shared_themes(a: AnalysedDocument, b: AnalysedDocument, rows: np.ndarray, columns: np.ndarray) -> list[str]:
    """The theme each link is filed under: the source's first theme the target shares, else its
    first theme, else none; found once per distinct pair of sets of themes among the links."""
    pairs = a.theme_codes[rows] * len(b.theme_sets) + b.theme_codes[columns]
    distinct, code = np.unique(pairs, return_inverse=True)
    themes = []
    for left, right in zip(*np.divmod(distinct, len(b.theme_sets))):
        p, q = a.theme_sets[left], b.theme_sets[right]
        themes.append(next((t for t in p if t in q), p[0] if p else ""))
    return np.array(themes, dtype=object)[code.ravel()].tolist() if themes else []


def _shared_terms(rows_a: sparse.csr_matrix, rows_b: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray,
                  names: list[str], surface: dict) -> list[str]:
    """Per pair, the part of its explanation that names the SHOWN_TERMS terms adding most to its
    wording cosine, strongest first (ties by term), or "" when none says anything.  All pairs
    are sorted at once, and each distinct term is made readable (``_readable``) once."""
    overlap = rows_a[rows].multiply(rows_b[columns]).tocsr()
    pair = np.repeat(np.arange(overlap.shape[0]), np.diff(overlap.indptr))
    order = np.lexsort((overlap.indices, -overlap.data, pair))
    place = np.arange(len(order)) - overlap.indptr[pair[order]]   # rank of each term within its pair
    keep = order[(place < SHOWN_TERMS) & (overlap.data[order] > 0)]
    distinct, where = np.unique(overlap.indices[keep], return_inverse=True)
    readable = np.array([_readable(names[term], surface) for term in distinct.tolist()], dtype=object)
    shown = readable[where.ravel()].tolist()
    ends = np.cumsum(np.bincount(pair[keep], minlength=overlap.shape[0])).tolist()
    named = ([term for term in shown[start:end] if term] for start, end in zip([0] + ends[:-1], ends))
    return ["shared terms: " + ", ".join(dict.fromkeys(terms)) if terms else "" for terms in named]


def _readable(term: str, surface: dict) -> str:
    """A term (a stem, a concept or a pair of them) in words; "" for a pair of one word twice
    ("AI AI"), which says nothing."""
    words = [_display(part, surface) for part in term.split(" ")]
    return " ".join(words) if len(set(words)) == len(words) else ""


def rank_rows(b: AnalysedDocument, scores: np.ndarray, items_first: np.ndarray, top: int) -> Offered:
    """The ``top`` counterparts in ``b`` of every source row of ``scores`` (confidences), best
    first, each idea once (``_distinct_first``).  ``items_first`` says per row whether a
    list stem's best item may stand for it (not for a source that is a list stem itself).

    Each row's candidates are its ``top * CANDIDATE_POOL`` best.  Where none of its ``top`` best
    can give way to another statement of its idea (``_needs_reordering``), they are the answer,
    ranked for all such rows at once; only the others go through ``_distinct_first``."""
    count, targets = scores.shape
    pool = min(top * CANDIDATE_POOL, targets)
    if count == 0 or pool == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Offered(empty, empty, np.zeros(0), empty)
    candidates = _pools(scores, pool)
    order = np.argsort(-np.take_along_axis(scores, candidates, axis=1), axis=1, kind="stable")
    ranked = np.take_along_axis(candidates, order, axis=1)   # best first, ties by position
    offered = min(top, pool)
    best = ranked[:, :offered]
    reorder = _needs_reordering(b, scores, best, items_first)
    simple = np.flatnonzero(~reorder)
    kept = scores[simple[:, None], best[simple]].astype(np.float64)
    for k in range(1, offered):   # each score strictly below the one ranked before it
        kept[:, k] = np.minimum(kept[:, k], kept[:, k - 1] * (1 - 1e-6))
    reordered_rows, reordered_columns, reordered_scores, reordered_ranks = [], [], [], []
    rows_to_reorder = np.flatnonzero(reorder)
    for i, candidates, first in zip(rows_to_reorder.tolist(), ranked[rows_to_reorder].tolist(),
                                    items_first[rows_to_reorder].tolist()):
        columns, row_scores = _distinct_first(b, candidates, scores[i], first, top)
        reordered_rows += [i] * len(columns)
        reordered_columns += columns
        reordered_scores += row_scores
        reordered_ranks += range(1, len(columns) + 1)
    parts = [(np.repeat(simple, offered), best[simple].ravel(), kept.ravel(), np.tile(np.arange(1, offered + 1), len(simple))),
             (np.array(reordered_rows, dtype=np.int64), np.array(reordered_columns, dtype=np.int64),
              np.array(reordered_scores, dtype=np.float64), np.array(reordered_ranks, dtype=np.int64))]
    rows, columns, shown_scores, ranks = (np.concatenate(arrays) for arrays in zip(*parts))
    sequence = np.lexsort((ranks, rows))
    return Offered(rows[sequence], columns[sequence], shown_scores[sequence], ranks[sequence])


def _pools(scores: np.ndarray, pool: int) -> np.ndarray:
    """Per row, the columns of its ``pool`` best scores, in column order (of scores tied with
    the last of them, the first columns).  A partition of the values and a mask cost a fraction
    of sorting the columns' positions."""
    threshold = np.partition(scores, scores.shape[1] - pool, axis=1)[:, scores.shape[1] - pool][:, None]
    chosen = scores > threshold
    tied = scores == threshold
    wanted = pool - np.count_nonzero(chosen, axis=1)
    for i in np.flatnonzero(np.count_nonzero(tied, axis=1) > wanted).tolist():
        tied[i, np.flatnonzero(tied[i])[wanted[i]:]] = False
    chosen |= tied
    return np.nonzero(chosen)[1].reshape(len(scores), pool)


def _needs_reordering(b: AnalysedDocument, scores: np.ndarray, best: np.ndarray, items_first: np.ndarray) -> np.ndarray:
    """Per row, whether one of its best candidates ``best`` (columns) may give way to another
    statement of its idea: it has repeats, it is a list stem whose item may stand for it, or its
    paragraph's opening unit scores at least OPENING_SHARE of it."""
    opening = b.opening_of[best]
    with_opening = opening >= 0
    rows = np.arange(len(best))[:, None]
    opening_close = with_opening & (scores[rows, np.where(with_opening, opening, best)]
                                    >= OPENING_SHARE * scores[rows, best])
    return (b.repeated[best] | (b.list_stem[best] & items_first[:, None]) | opening_close).any(axis=1)


def _distinct_first(b: AnalysedDocument, ranked: list[int], row: np.ndarray,
                    items_first: bool, top: int) -> tuple[list[int], list[float]]:
    """Reorder ``ranked`` candidates so that each idea in the target document is offered once
    before any is offered twice.

    A list stem and its own items ("shall do all of the following:" and "(2) Assess whether …"),
    a principle the document repeats (verbatim, or restated without its cross-references) in
    another part, and a paragraph's sentences are one counterpart for an analyst.  The idea is
    offered where it is first stated: a repeat gives way to its first statement (the same words,
    which score lower only for where they stand), a later sentence to its paragraph's opening
    one when that scores at least OPENING_SHARE of it.  Unless the source is a list stem itself (``items_first``
    false; its counterpart is then a stem too), that statement's best item then stands for it
    when the item scores at least ITEM_SHARE of the idea (the item says what the stem
    announces).  The chosen provision takes the idea's score; the candidates it displaced follow
    all the distinct ones.  Scores stay in rank order; the ``top`` best are returned."""
    emitted: dict[int, float] = {}
    offered: set[int] = set()
    taken: set[int] = set()   # the offered provisions and their repeats (repeats are mutual)
    deferred: list[int] = []
    for j in ranked:
        if len(emitted) == top:
            break
        if j in taken:
            deferred.append(j)
            continue
        score = float(row[j])
        first = _first_statement(b, j, row, score, offered)
        item = b.best_item(first, row) if items_first else None
        chosen = item if item is not None and row[item] >= ITEM_SHARE * score else first
        if chosen in taken:   # the item already stood for, or repeats, an offered idea
            deferred.append(j)
            continue
        emitted[chosen] = max(score, float(row[chosen]))
        for k in (j, first, chosen):
            if k not in offered:
                offered.add(k)
                taken.add(k)
                taken.update(b.repeats.get(k, ()))
        deferred += [k for k in dict.fromkeys((j, first)) if k != chosen]
    order = list(emitted.items()) + [(j, float(row[j])) for j in dict.fromkeys(deferred) if j not in emitted]
    return _in_rank_order(order[:top])


def _in_rank_order(order: list[tuple[int, float]]) -> tuple[list[int], list[float]]:
    """The targets and their scores, each score strictly below the one ranked before it."""
    targets, scores = [], []
    for j, score in order:
        if scores:
            score = min(score, scores[-1] * (1 - 1e-6))
        targets.append(j)
        scores.append(score)
    return targets, scores


def _first_statement(b: AnalysedDocument, j: int, row: np.ndarray, score: float, offered: set[int]) -> int:
    """Where the idea of candidate ``j`` (scoring ``score``) is first stated: its earliest
    repeat, or its paragraph's opening unit when that scores close enough to stand for it."""
    repeats = b.repeats.get(j)
    first = min((k for k in repeats if k < j), default=j) if repeats else j
    opening = b.opening.get(j)
    if opening is not None and opening not in offered and row[opening] >= OPENING_SHARE * score:
        first = min(first, opening)
    return first


# A candidate below MIN_CONFIDENCE is kept for the record, not explained: no view shows it.
BELOW_MINIMUM = "below the minimum confidence: no counterpart"


def explain(p: Provision, q: Provision, reasons: list[str], shared_terms: str) -> str:
    """Why two provisions correspond, in words: a part for each of the ``reasons`` (those of the
    REASONS whose features raised their confidence, strongest first: shared terms, themes,
    roles, the act both require, quantities, deadlines, triggers, definitions, headings) that
    has something to show.  A low-ranked candidate that shares none of them says so.
    ``shared_terms`` is the part that names their key shared terms (``_shared_terms``)."""
    parts = [part for part in (_reason(reason, p, q, shared_terms) for reason in reasons) if part]
    return "; ".join(parts) or "nothing in common but their length and place: the least unlikely of weak candidates"


# What each feature tells an analyst; features that explain nothing on their own (the pair's
# brevity, its being later sentences) raise a link without a reason to show.
_EXPLAINED_BY = {
    "wording": "terms", "wording_vs_best": "terms", "wording_beyond_hubs": "terms", "short_wording": "terms",
    "function": "terms", "function_vs_best": "terms", "function_beyond_hubs": "terms",
    "themes": "themes", "same_role": "roles", "compatible_role": "roles", "frame": "act", "same_verb": "act",
    "same_quantity_kind": "quantities", "both_deadlines": "deadlines", "both_triggers": "triggers",
    "both_definitions": "definitions", "heading": "headings",
}
REASONS = tuple(dict.fromkeys(_EXPLAINED_BY.values()))
_REASON_OF_FEATURE = np.array([[float(_EXPLAINED_BY.get(f) == r) for r in REASONS] for f in FEATURES], dtype=np.float32)


def _reason(reason: str, p: Provision, q: Provision, shared_terms: str) -> str:
    """One part of an explanation, or "" when the pair gives nothing to show for it."""
    if reason == "terms":
        return shared_terms
    if reason == "themes":
        shared = [theme_label(t) for t in p.themes if t in q.themes]
        return "shared theme: " + ", ".join(in_sentence(label) for label in shared) if shared else ""
    if reason == "roles" and p.role and q.role:
        if p.role == q.role:
            return f"same role: {role_label(p.role)}"
        return f"compatible roles: {role_label(p.role)} ↔ {role_label(q.role)}"
    if reason == "act":
        left, right = frame(p.text), frame(q.text)
        return f"same act: {left.verb}" if left.verb and left.verb == right.verb else ""
    if reason == "quantities":
        kinds = {quantity_kind(x) for x in p.quantities} & {quantity_kind(x) for x in q.quantities}
        shown = []
        for kind in sorted(kinds):
            left = next(x for x in p.quantities if quantity_kind(x) == kind)
            right = next(x for x in q.quantities if quantity_kind(x) == kind)
            shown.append(f"{kind.replace('_', ' ')}: {left.text} ↔ {right.text}")
        return "; ".join(shown)
    if reason == "deadlines" and p.deadline_text and q.deadline_text:
        return f"time limits: {p.deadline_text} ↔ {q.deadline_text}"
    if reason == "triggers" and p.condition and q.condition:
        return "both apply on a trigger"
    if reason == "definitions" and p.is_definition and q.is_definition:
        return "both define a term"
    if reason == "headings" and p.heading and q.heading:
        return f"headings: {p.heading} ↔ {q.heading}"
    return ""


def _display(term: str, surface: dict) -> str:
    if term.startswith("@"):
        return synonyms().labels.get(term[1:], term[1:])
    return surface.get(term, term)


def clear_text_caches() -> None:
    """Forget the terms and frames read from texts so far (as in a new process)."""
    for cached in (_terms_with_words, _unit_bags, _word_term, _concept_term, frame):
        cached.cache_clear()


# -- what views show --------------------------------------------------------------------------
def shown_by_document(group: list[Link]) -> dict[str, list[Link]]:
    """Per target document of one source's links (in their order), the counterparts views show:
    the best SHOWN_PER_DOCUMENT that reach MIN_CONFIDENCE, best first.  An empty list says the
    source has no counterpart in that document."""
    out: dict[str, list[Link]] = {}
    for link in group:
        shown = out.setdefault(link.target_doc, [])
        if link.rank <= SHOWN_PER_DOCUMENT and link.is_counterpart:
            shown.append(link)
    return {doc: sorted(shown, key=lambda link: -link.score) for doc, shown in out.items()}


def counterparts(found: list[Link]) -> dict[str, list[Link]]:
    """Links grouped by source provision id, each group best first (rank, then document)."""
    grouped: dict[str, list[Link]] = defaultdict(list)
    for link in found:
        grouped[link.source].append(link)
    for group in grouped.values():
        group.sort(key=lambda l: (l.rank, -l.score, l.target_doc))
    return dict(grouped)
