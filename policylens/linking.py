"""Corresponding provisions across documents: for every provision, its best counterparts in each
other document, with a score and an explanation an analyst can check.

Analysts call two provisions counterparts when they do the same regulatory job (who reports
incidents, how a compute threshold is set, who watermarks synthetic content), whatever words
each instrument uses.  The score therefore fuses two views of every provision:

* its wording: TF-IDF cosine over stemmed words and word pairs (its list stem and heading count
  less), after the legal synonyms of ``policylens_corpus/synonyms.json`` have folded different
  instruments' words for one idea into one concept ("AI safety incident" and "serious incident";
  "developer" and "provider of a general-purpose AI model");
* its function: cosine over the concepts it names (with their broader concepts: "secure by
  design" is also "security") and the themes extraction gave it, so that provisions on the same
  job meet even when they share few words;

and adds the views of the duty itself: the headings it sits under, its frame (the act it
requires, "report", and what it acts on, "serious incidents"), and the structured fields of
extraction (roles, modality, quantities, deadlines, triggers, definitions).  Each view becomes a
feature of a candidate pair (``policylens.pair_features``), and a logistic regression fitted on
analysts' crosswalks (``policylens.ranker``) weighs them into one 0–1 confidence, the number every
view shows; where even the best candidate stays below the model's minimum, the source has no
counterpart in that document.  The features that carried a link explain it.
Ranking then offers each idea of the target document once: the best item of a stem that
announces a list stands for it when it scores nearly as well (otherwise the whole list is the
counterpart), a verbatim repeat or restatement gives way to its first statement, a paragraph's
later sentence to its opening one, and what they displace follows the distinct candidates.

Everything is deterministic and runs offline in pure Python and numpy.  (A sentence-embedding
model, all-MiniLM-L6-v2, was measured as a further view: alone it found a tenth of the dev
crosswalk's best counterparts, and added at any weight it lowered recall@1, so none ships.)
Explanatory text (recitals, preambles, digests, covers, prefaces) is neither a source nor a
target, except the definitions it gives: analysts put operative provisions side by side.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from policylens import curated, ranker
from policylens.export import nearest_heading, provision_records
from policylens.extract.themes import BROAD_HEADING_KINDS
from policylens.model import Node
from policylens.pair_features import FEATURES, SHORT_PROVISION_TERMS, Side, frame, pair_features
from policylens.quantities import Quantity, find_quantities
from policylens.workspace import Workspace

LINKER_VERSION = "6"
# Top-level parts of a document that explain rather than regulate.
EXPLANATORY_KINDS = frozenset({"recital", "preamble", "closing", "front", "preface", "digest", "cover"})
# A heading is shared by every provision of its article or part, so it counts least.
TEXT_WEIGHT, STEM_WEIGHT, HEADING_WEIGHT = 1.0, 0.5, 0.3
# Function features: concepts named in the text, stem and heading, and extracted themes.
FUNCTION_TEXT, FUNCTION_CONTEXT, FUNCTION_THEME = 1.0, 0.5, 0.6
CACHED_TOP = 5
# Where the best candidate's confidence is below the model's minimum (chosen on held-out folds by
# benchmarks/train_links.py), a provision has no counterpart; views show no link below it.
MIN_CONFIDENCE = ranker.model().min_confidence
BIGRAM_WEIGHT = 0.4
# A concept also counts, this much less, as each of its broader concepts.
BROADER_WEIGHT = 0.6
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


@dataclass(frozen=True)
class Link:
    """``target`` is the ``rank``-th best counterpart (1 = best) of ``source`` in ``target_doc``;
    ``score`` is its confidence."""

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

    def to_dict(self) -> dict:
        """The JSON Lines record of ``policylens export links``; its score is the confidence."""
        return {"source": self.source, "target": self.target, "score": round(self.score, 6),
                "theme": self.theme, "why": self.why}


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
            words = tuple(WORD.findall(_normalise(phrase)))
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


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", " ").replace("”", " ")
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    return re.sub(r"\s+", " ", text)


SUFFIXES = ("ational", "ization", "isation", "ations", "ation", "ments", "ment", "ness", "ities", "ity",
            "ings", "ing", "ers", "er", "ies", "ied", "ed", "es", "s", "ly", "al", "e")


def stem_word(word: str) -> str:
    """A light suffix-stripping stemmer: enough to meet "report/reports/reporting", cheap to run."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


@lru_cache(maxsize=65536)
def _stem_cached(word: str) -> str:
    return stem_word(word)


def terms(text: str, surface: dict | None = None) -> list[str]:
    """The terms of a text in order: synonym concepts (``@serious_incident``) and stemmed content
    words.  ``surface`` collects a readable word for each stem, for explanations."""
    by_first = synonyms().phrases_by_first_word
    words = WORD.findall(_normalise(text))
    out, i = [], 0
    while i < len(words):
        word = words[i]
        for phrase, concept in by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append("@" + concept)
                i += len(phrase)
                break
        else:
            i += 1
            if word not in STOP_WORDS and len(word) > 2 and not word.isdigit():
                stem = _stem_cached(word)
                out.append(stem)
                if surface is not None:
                    surface.setdefault(stem, word)
    return out


def concepts(text: str) -> set[str]:
    """The synonym concepts a text names, with their broader concepts ("secure by design" →
    ``secure_by_design`` and ``security``)."""
    broader = synonyms().broader
    named = {term[1:] for term in terms(text) if term.startswith("@")}
    return named | {parent for cid in named for parent in broader[cid]}


def _features(text: str, weight: float, into: Counter, surface: dict, concepts: Counter | None = None) -> int:
    """Add the weighted terms and word pairs of ``text`` to ``into`` (and its concepts, with their
    broader concepts, to ``concepts``); return its number of terms."""
    found = terms(text, surface)
    broader = synonyms().broader
    for term in found:
        into[term] += weight
        if term.startswith("@"):
            for parent in broader[term[1:]]:
                into["@" + parent] += weight * BROADER_WEIGHT
            if concepts is not None:
                concepts[term] += weight
                for parent in broader[term[1:]]:
                    concepts["@" + parent] += weight * BROADER_WEIGHT
    for first, second in zip(found, found[1:]):
        into[f"{first} {second}"] += weight * BIGRAM_WEIGHT
    return len(found)


# -- provisions --------------------------------------------------------------------------------
def load_provisions(ws: Workspace, docs: list[str] | None = None) -> list[Provision]:
    """The operative provision units of ``docs`` (default: every document), with their quantities."""
    wanted = set(docs or [d.id for d in ws.documents()])
    found = []
    for doc in ws.documents():
        if doc.id not in wanted:
            continue
        by_id = {n.id: n for n in ws.nodes(doc.id)}
        explanatory = _explanatory_nodes(by_id)
        for record in provision_records(ws, doc.id):
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
    """The nodes under a part that explains rather than regulates, except definitions: a term
    an introduction defines ("AI developer: Business operators who develop AI systems") governs
    every provision that uses it, like any other definition."""
    out = set()
    for node in by_id.values():
        top, defined = node, node.kind == "definition"
        while top.parent and top.parent in by_id:
            top = by_id[top.parent]
            defined = defined or top.kind == "definition"
        if top.kind in EXPLANATORY_KINDS and not defined:
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
class _Rows:
    """Sparse, L2-normalised TF-IDF rows of one document's provisions in one view: per-row dicts
    (for explanations) and the same entries as coordinate arrays over the view's vocabulary."""

    rows: list[dict] = field(default_factory=list)
    row_index: np.ndarray | None = None
    term_index: np.ndarray | None = None
    values: np.ndarray | None = None


@dataclass
class _Document:
    """One document's provisions as linking sees them: both views, their term counts, and which
    provisions are items of which list stem (by position in ``provisions``)."""

    provisions: list[Provision] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    wording: _Rows = field(default_factory=_Rows)
    function: _Rows = field(default_factory=_Rows)
    heading: _Rows = field(default_factory=_Rows)
    frame: _Rows = field(default_factory=_Rows)
    side: Side | None = None
    items: dict[int, np.ndarray] = field(default_factory=dict)
    opening: dict[int, int] = field(default_factory=dict)
    repeats: dict[int, set[int]] = field(default_factory=dict)

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

    def best_item(self, stem: int, row: np.ndarray) -> int | None:
        """The item of list stem ``stem`` scoring best in ``row`` (None for a provision that
        is no list stem)."""
        items = self.items.get(stem)
        return None if items is None else int(items[np.argmax(row[items])])

    def find_repeats(self, vocabulary_size: int) -> None:
        """For each provision, the others whose wording rows have a cosine with it of at least
        REPEAT_COSINE (verbatim repeats), and then their restatements.

        Comparing every pair exactly would cost more than linking itself, so the rows are first
        sketched into a few hundred dimensions (a fixed random projection, which keeps cosines
        to within a few hundredths) and only the pairs the sketch finds close are compared."""
        rows = self.wording
        rng = np.random.default_rng(REPEAT_SKETCH_SEED)
        bucket = rng.integers(0, REPEAT_SKETCH_SIZE, vocabulary_size)
        sign = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), vocabulary_size)
        sketch = np.zeros((len(rows.rows), REPEAT_SKETCH_SIZE), dtype=np.float32)
        np.add.at(sketch, (rows.row_index, bucket[rows.term_index]), sign[rows.term_index] * rows.values)
        close = np.argwhere(np.triu(sketch @ sketch.T, 1) >= REPEAT_COSINE - REPEAT_SKETCH_SLACK)
        for j, k in close.tolist():
            rj, rk = rows.rows[j], rows.rows[k]
            if sum(v * rk.get(t, 0.0) for t, v in rj.items()) >= REPEAT_COSINE:
                self.repeats.setdefault(j, set()).add(k)
                self.repeats.setdefault(k, set()).add(j)
        self._find_restatements()

    def _find_restatements(self) -> None:
        """Provisions whose whole wording opens another provision's (a principle stated once with
        a cross-reference appended, "… standards. ("2) Safety")", and once without) are repeats
        too, however much their headings differ.  Sorted, the texts a text opens follow it in one
        run (a space sorts before any letter or digit)."""
        texts = sorted((" ".join(WORD.findall(_normalise(p.text))), index)
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
    """Every document's views, with each view's vocabulary (column index → term)."""

    documents: dict[str, _Document]
    vocabularies: dict[str, list[str]]
    surface: dict


def analyse(provisions: list[Provision]) -> Corpus:
    """Every view of every provision, weighted by inverse document frequency over the corpus."""
    surface: dict[str, str] = {}
    wording, function, headings, frames, lengths = [], [], [], [], []
    for p in provisions:
        words, concepts = Counter(), Counter()
        lengths.append(_features(p.text, TEXT_WEIGHT, words, surface, concepts))
        if p.defines and p.defines.lower() not in p.text.lower():   # a glossary entry's term is its heading
            lengths[-1] += _features(p.defines, TEXT_WEIGHT, words, surface, concepts)
        context = Counter()
        if p.stem:
            _features(p.stem, STEM_WEIGHT, words, surface, context)
        if p.heading:
            _features(p.heading, HEADING_WEIGHT, words, surface, context)
        bag = Counter({t: FUNCTION_TEXT * w for t, w in concepts.items()})
        for term, weight in context.items():
            bag[term] += FUNCTION_CONTEXT * weight
        for theme in p.themes:
            bag["#" + theme] += FUNCTION_THEME
        wording.append(words)
        function.append(bag)
        headings.append(Counter(terms(p.heading)))
        duty = frame(p.text)
        frames.append(Counter(terms(duty.object_text)) + Counter({"^" + duty.verb: 1.0} if duty.verb else {}))
    documents: dict[str, _Document] = {}
    for p, length in zip(provisions, lengths):
        document = documents.setdefault(p.doc, _Document())
        document.provisions.append(p)
        document.lengths.append(length)
    for document in documents.values():
        document.find_items()
        document.side = _side(document)
    vocabularies = {view: _weigh(provisions, bags, documents, view)
                    for view, bags in zip(VIEWS, (wording, function, headings, frames))}
    for document in documents.values():
        document.find_repeats(len(vocabularies["wording"]))
    return Corpus(documents, vocabularies, surface)


def _side(document: _Document) -> Side:
    """A document's per-provision fields as ``pair_features`` compares them."""
    provisions = document.provisions
    return Side(
        roles=[p.role for p in provisions], modalities=[p.modality for p in provisions],
        themes=[frozenset(p.themes) for p in provisions],
        definition=np.array([p.is_definition or p.in_definition for p in provisions], dtype=np.float32),
        quantity_kinds=[frozenset(quantity_kind(q) for q in p.quantities) for p in provisions],
        deadline=np.array([bool(p.deadline_text) for p in provisions], dtype=np.float32),
        trigger=np.array([bool(p.condition) for p in provisions], dtype=np.float32),
        verbs=[frame(p.text).verb for p in provisions],
        list_stem=np.array([i in document.items for i in range(len(provisions))], dtype=np.float32),
        later_sentence=np.array([i in document.opening for i in range(len(provisions))], dtype=np.float32),
        brevity=np.sqrt(np.minimum(1.0, np.array(document.lengths, dtype=np.float32) / SHORT_PROVISION_TERMS)))


def _paragraph(provision_id: str) -> str:
    """The paragraph a provision unit belongs to: its sentences (``…/s2``) and subparagraphs
    (``…/sub2``) make up one paragraph, which its opening unit states."""
    return re.sub(r"/(?:s|sub)\d+$", "", provision_id.split("#")[0])


def _weigh(provisions: list[Provision], bags: list[Counter], documents: dict[str, _Document],
           view: str) -> list[str]:
    """TF-IDF rows of ``bags`` into each document's ``view``; returns the view's vocabulary."""
    idf = _balanced_idf(provisions, bags)
    vocabulary = sorted(idf)
    index = {term: i for i, term in enumerate(vocabulary)}
    for p, bag in zip(provisions, bags):
        row = {t: (1.0 + math.log(w) if w >= 1 else w) * idf[t] for t, w in bag.items()}
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        getattr(documents[p.doc], view).rows.append({t: v / norm for t, v in row.items()})
    for document in documents.values():
        rows = getattr(document, view)
        entries = [(r, index[t], v) for r, row in enumerate(rows.rows) for t, v in row.items()]
        rows.row_index = np.array([e[0] for e in entries], dtype=np.int64)
        rows.term_index = np.array([e[1] for e in entries], dtype=np.int64)
        rows.values = np.array([e[2] for e in entries], dtype=np.float32)
    return vocabulary


def _balanced_idf(provisions: list[Provision], bags: list[Counter]) -> dict[str, float]:
    """Inverse document frequency with every instrument counting alike: a term's frequency is
    the mean of its share of provisions in each document, so that the EU AI Act's length does
    not make its everyday words look rare in the others (or theirs look common)."""
    per_doc: dict[str, Counter] = defaultdict(Counter)
    sizes: Counter = Counter()
    for p, bag in zip(provisions, bags):
        per_doc[p.doc].update(bag.keys())
        sizes[p.doc] += 1
    terms_seen = {term for counts in per_doc.values() for term in counts}
    share = {term: sum((per_doc[d][term] + 1) / (sizes[d] + 1) for d in sizes) / len(sizes) for term in terms_seen}
    return {term: math.log(1.0 / value) + 1.0 for term, value in share.items()}


def _dense(a: _Rows, b: _Rows, vocabulary_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two documents' rows restricted to the terms they share (the only ones a cosine
    between them can use), as dense matrices, and the vocabulary index of each column."""
    shared = np.intersect1d(a.term_index, b.term_index)
    column = np.full(vocabulary_size, -1, dtype=np.int64)
    column[shared] = np.arange(len(shared))
    dense = []
    for rows in (a, b):
        matrix = np.zeros((len(rows.rows), len(shared)), dtype=np.float32)
        keep = column[rows.term_index] >= 0
        matrix[rows.row_index[keep], column[rows.term_index[keep]]] = rows.values[keep]
        dense.append(matrix)
    return dense[0], dense[1], shared


def quantity_kind(quantity: Quantity) -> str:
    """What a quantity measures for comparison: a fine is a fine whether written as an amount or
    as a share of turnover; other quantities compare within their kind."""
    return "fine" if quantity.purpose == "fine" else quantity.kind


def link_provisions(provisions: list[Provision], top: int = 5) -> list[Link]:
    """The ``top`` best counterparts of every provision in every other document, best first.  A
    provision whose best candidate in a document stays below MIN_CONFIDENCE has no counterpart
    there; views show only the links that reach it, the export lists the others with their
    confidence."""
    corpus = analyse(provisions)
    model = ranker.model()
    found = []
    ids = sorted(corpus.documents)
    for x, doc_a in enumerate(ids):
        for doc_b in ids[x + 1:]:
            views, words_a, words_b, names = _cosines(corpus, doc_a, doc_b)
            a, b = corpus.documents[doc_a], corpus.documents[doc_b]
            features = pair_features(views, a.side, b.side, synonyms().compatible_roles)
            scores = model.confidence(features)
            carried = _Carried(model, features)
            found += _best(a, b, scores, carried, top, (words_a, words_b), names, corpus.surface)
            found += _best(b, a, scores.T, carried.transposed(), top, (words_b, words_a), names, corpus.surface)
    return found


def features_between(corpus: Corpus, source_doc: str, target_doc: str) -> dict[str, np.ndarray]:
    """The pair features of every provision of ``source_doc`` (rows) against every provision of
    ``target_doc`` (columns), as the model sees them; for training and measuring it."""
    first, second = sorted((source_doc, target_doc))
    views, *_ = _cosines(corpus, first, second)
    a, b = corpus.documents[first], corpus.documents[second]
    features = pair_features(views, a.side, b.side, synonyms().compatible_roles)
    return features if first == source_doc else {name: matrix.T for name, matrix in features.items()}


def _cosines(corpus: Corpus, doc_a: str, doc_b: str):
    """The cosine matrix of every view between two documents, with the wording rows restricted
    to their shared terms and those terms' names (for explanations)."""
    a, b = corpus.documents[doc_a], corpus.documents[doc_b]
    views = {}
    for view in VIEWS:
        rows_a, rows_b, shared = _dense(getattr(a, view), getattr(b, view), len(corpus.vocabularies[view]))
        views[view] = rows_a @ rows_b.T
        if view == "wording":
            words_a, words_b, names = rows_a, rows_b, [corpus.vocabularies[view][t] for t in shared]
    return views, words_a, words_b, names


@dataclass
class _Carried:
    """What each explained reason added to the confidence of given pairs of two documents."""

    model: ranker.Model
    features: dict[str, np.ndarray]
    flipped: bool = False

    def transposed(self) -> _Carried:
        return _Carried(self.model, self.features, not self.flipped)

    def __call__(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        if self.flipped:
            rows, columns = columns, rows
        return np.maximum(self.model.contributions(self.features, rows, columns), 0.0) @ _REASON_OF_FEATURE


def _best(a: _Document, b: _Document, scores: np.ndarray, carried_by: _Carried, top: int,
          dense: tuple[np.ndarray, np.ndarray], names: list[str], surface: dict) -> list[Link]:
    """Each provision of ``a``'s counterparts in ``b``, from the pairs' confidences ``scores``."""
    dense_a, dense_b = dense
    chosen = []
    for i in np.flatnonzero(scores.max(axis=1, initial=0.0) >= MIN_CONFIDENCE).tolist():   # else: no counterpart
        ranked, shown_scores = rank_row(b, scores[i], i not in a.items, top)
        chosen += [(i, j, score, rank) for rank, (j, score) in enumerate(zip(ranked, shown_scores), start=1)]
    if not chosen:
        return []
    rows, columns = (np.array(c, dtype=np.int64) for c in zip(*[(i, j) for i, j, _, _ in chosen]))
    carried = carried_by(rows, columns)
    key_terms = _key_terms(dense_a, dense_b, rows, columns, names)
    found = []
    for k, (i, j, score, rank) in enumerate(chosen):
        p, q = a.provisions[i], b.provisions[j]
        shared_themes = [t for t in p.themes if t in q.themes]
        reasons = {REASONS[r]: float(carried[k, r]) for r in np.flatnonzero(carried[k])}
        found.append(Link(
            source=p.id, target=q.id, source_doc=p.doc, target_doc=q.doc,
            score=score, rank=rank, theme=(shared_themes or list(p.themes) or [""])[0],
            why=explain(p, q, reasons, key_terms[k], surface)))
    return found


def _key_terms(dense_a: np.ndarray, dense_b: np.ndarray, rows: np.ndarray, columns: np.ndarray,
               names: list[str], chunk: int = 2048) -> list[list[str]]:
    """The SHOWN_TERMS terms that add most to the wording cosine of each pair, strongest first
    (in chunks of pairs, so that the products stay small)."""
    out = []
    for start in range(0, len(rows), chunk):
        overlap = dense_a[rows[start:start + chunk]] * dense_b[columns[start:start + chunk]]
        shown = min(SHOWN_TERMS, overlap.shape[1])
        if shown == 0:
            out += [[] for _ in range(len(overlap))]
            continue
        best = np.argpartition(-overlap, shown - 1, axis=1)[:, :shown]
        values = np.take_along_axis(overlap, best, axis=1)
        order = np.lexsort((best, -values), axis=1)
        for terms_of, values_of in zip(np.take_along_axis(best, order, axis=1), np.take_along_axis(values, order, axis=1)):
            out.append([names[c] for c, v in zip(terms_of.tolist(), values_of.tolist()) if v > 0])
    return out


def rank_row(b: _Document, row: np.ndarray, items_first: bool, top: int) -> tuple[list[int], list[float]]:
    """The ``top`` counterparts in ``b`` of one source whose confidences are ``row``, best first,
    each idea once (``_distinct_first``), with their scores."""
    pool = min(top * CANDIDATE_POOL, row.shape[0])
    if pool == 0:
        return [], []
    candidates = np.argpartition(-row, pool - 1)[:pool]
    ranked = sorted(candidates.tolist(), key=lambda j: (-row[j], j))
    return _distinct_first(b, ranked, row, items_first, top)


def _distinct_first(b: _Document, ranked: list[int], row: np.ndarray,
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
    deferred: list[int] = []
    def already_offered(k: int) -> bool:
        return k in offered or any(r in offered for r in b.repeats.get(k, ()))

    for j in ranked:
        if len(emitted) == top:
            break
        if already_offered(j):
            deferred.append(j)
            continue
        score = float(row[j])
        first = _first_statement(b, j, row, score, offered)
        item = b.best_item(first, row) if items_first else None
        chosen = item if item is not None and row[item] >= ITEM_SHARE * score else first
        if already_offered(chosen):   # the item already stood for, or repeats, an offered idea
            deferred.append(j)
            continue
        emitted[chosen] = max(score, float(row[chosen]))
        offered.update((j, first, chosen))
        deferred += [k for k in dict.fromkeys((j, first)) if k != chosen]
    order = list(emitted.items()) + [(j, float(row[j])) for j in dict.fromkeys(deferred) if j not in emitted]
    targets, scores = [], []
    for j, score in order[:top]:
        if scores:
            score = min(score, scores[-1] * (1 - 1e-6))
        targets.append(j)
        scores.append(score)
    return targets, scores


def _first_statement(b: _Document, j: int, row: np.ndarray, score: float, offered: set[int]) -> int:
    """Where the idea of candidate ``j`` (scoring ``score``) is first stated: its earliest
    repeat, or its paragraph's opening unit when that scores close enough to stand for it."""
    first = min((k for k in b.repeats.get(j, ()) if k < j), default=j)
    opening = b.opening.get(j)
    if opening is not None and opening not in offered and row[opening] >= OPENING_SHARE * score:
        first = min(first, opening)
    return first


def explain(p: Provision, q: Provision, carried: dict[str, float], key_terms: list[str], surface: dict) -> str:
    """Why two provisions correspond, in words, from the REASONS whose features raised their
    confidence (``carried``: how much each added), strongest first: shared terms, themes,
    roles, the act both require, quantities, deadlines, triggers, definitions, headings.  A
    low-ranked candidate that shares none of them says so."""
    parts = []
    for reason in sorted(carried, key=lambda r: -carried[r]):
        part = _reason(reason, p, q, key_terms, surface)
        if part:
            parts.append(part)
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


def _reason(reason: str, p: Provision, q: Provision, key_terms: list[str], surface: dict) -> str:
    """One part of an explanation, or "" when the pair gives nothing to show for it."""
    if reason == "terms":
        shown = [[_display(t, surface) for t in term.split(" ")] for term in key_terms]
        words = [" ".join(parts) for parts in shown if len(set(parts)) == len(parts)]   # not "AI AI"
        return "shared terms: " + ", ".join(dict.fromkeys(words)) if words else ""
    if reason == "themes":
        shared = [t for t in p.themes if t in q.themes]
        return "shared theme: " + ", ".join(t.replace("_", " ") for t in shared) if shared else ""
    if reason == "roles" and p.role and q.role:
        if p.role == q.role:
            return f"same role: {p.role.replace('_', ' ')}"
        return f"compatible roles: {p.role.replace('_', ' ')} ↔ {q.role.replace('_', ' ')}"
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


# -- workspace entry point with cache ----------------------------------------------------------
def cache_key(ws: Workspace, docs: list[str]) -> str:
    """Links depend on the documents' texts, their extraction and the linker's own data."""
    parts = [LINKER_VERSION, synonyms_digest(), ranker.digest()]
    for doc in ws.documents():
        if doc.id in docs:
            parts.append(f"{doc.id}:{doc.sha256}:{ws.pipeline_version(doc.id)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def links(ws: Workspace, *, top: int = 5, docs: list[str] | None = None, cache: bool = True) -> list[Link]:
    """The ``top`` counterparts of every provision in each other document.

    With ``cache`` the result is read from (or stored in) the workspace's link cache, keyed by the
    documents' checksums and extractor versions, so it is recomputed only after a document or the
    extraction changed.  Pass ``cache=False`` on a workspace that must not be written.
    """
    docs = sorted(docs or [d.id for d in ws.documents()])
    if not cache or top > CACHED_TOP:
        return link_provisions(load_provisions(ws, docs), top)
    key = cache_key(ws, docs)
    stored = _read_cache(ws, key)
    if stored is None:
        stored = link_provisions(load_provisions(ws, docs), CACHED_TOP)
        _write_cache(ws, key, stored)
    return [link for link in stored if link.rank <= top]


def counterparts(found: list[Link]) -> dict[str, list[Link]]:
    """Links grouped by source provision id, each group best first (rank, then document)."""
    grouped: dict[str, list[Link]] = defaultdict(list)
    for link in found:
        grouped[link.source].append(link)
    for group in grouped.values():
        group.sort(key=lambda l: (l.rank, -l.score, l.target_doc))
    return dict(grouped)


def _read_cache(ws: Workspace, key: str) -> list[Link] | None:
    if not ws.db.execute("SELECT 1 FROM link_sets WHERE key = ?", (key,)).fetchone():
        return None
    rows = ws.db.execute(
        "SELECT source, target, source_doc, target_doc, score, rank, theme, why FROM links "
        "WHERE key = ? ORDER BY rowid", (key,))
    return [Link(*row) for row in rows]


def _write_cache(ws: Workspace, key: str, found: list[Link]) -> None:
    with ws.transaction() as db:
        db.execute("DELETE FROM links")
        db.execute("DELETE FROM link_sets")
        db.execute("INSERT INTO link_sets (key, linker_version) VALUES (?, ?)", (key, LINKER_VERSION))
        db.executemany(
            "INSERT INTO links VALUES (?,?,?,?,?,?,?,?,?)",
            [(key, l.source, l.target, l.source_doc, l.target_doc, l.score, l.rank, l.theme, l.why)
             for l in found])
