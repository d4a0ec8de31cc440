"""Corresponding provisions across documents: for every provision, its best counterparts in each
other document, with a score and an explanation an analyst can check.

The score combines two kinds of evidence:

* lexical similarity: TF-IDF cosine over stemmed words and word pairs of the provision (its list
  stem and heading count less), after the legal synonyms of ``policylens_corpus/synonyms.json``
  have folded different instruments' words for one idea into one term ("AI safety incident" and
  "serious incident"; "developer" and "provider of a general-purpose AI model");
* the structured fields of extraction: shared themes, compatible actor roles, and quantities of
  the same kind (two compute thresholds, two reporting time limits).

Everything is deterministic and runs offline in pure Python and numpy; the whole corpus links in
about a second.  Explanatory text (recitals, preambles, digests, covers, prefaces) is neither a
source nor a target: analysts put operative provisions side by side.
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

from policylens import curated
from policylens.export import provision_records
from policylens.quantities import Quantity, find_quantities
from policylens.workspace import Workspace

LINKER_VERSION = "1"
# Top-level parts of a document that explain rather than regulate.
EXPLANATORY_KINDS = frozenset({"recital", "preamble", "closing", "front", "preface", "digest", "cover"})
TEXT_WEIGHT, STEM_WEIGHT, HEADING_WEIGHT = 1.0, 0.5, 0.4
THEME_WEIGHT, ROLE_WEIGHT, SAME_ROLE_WEIGHT, QUANTITY_WEIGHT = 0.25, 0.05, 0.08, 0.15
CACHED_TOP = 5
BIGRAM_WEIGHT = 0.7
SHOWN_TERMS = 4
SHORT_PROVISION_TERMS = 8
HUB_NEIGHBOURS, HUB_PENALTY = 10, 0.5
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


@dataclass(frozen=True)
class Link:
    """``target`` is the ``rank``-th best counterpart (1 = best) of ``source`` in ``target_doc``."""

    source: str
    target: str
    source_doc: str
    target_doc: str
    score: float
    rank: int
    theme: str = ""
    why: str = ""

    def to_dict(self) -> dict:
        """The JSON Lines record of ``policylens export links``."""
        return {"source": self.source, "target": self.target, "score": round(self.score, 6),
                "theme": self.theme, "why": self.why}


@dataclass(frozen=True)
class Synonyms:
    phrases_by_first_word: dict   # first word -> [(phrase words, concept id)], longest first
    labels: dict                  # concept id -> label shown in explanations
    compatible_roles: frozenset


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    """The legal synonyms of ``policylens_corpus/synonyms.json``, compiled once."""
    data = json.loads(curated.text("synonyms.json"))
    by_first: dict[str, list] = defaultdict(list)
    for cid, concept in data["concepts"].items():
        for phrase in concept["phrases"]:
            words = tuple(WORD.findall(_normalise(phrase)))
            by_first[words[0]].append((words, cid))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    labels = {cid: c["label"] for cid, c in data["concepts"].items()}
    pairs = frozenset(frozenset(p) for p in data["compatible_roles"])
    return Synonyms(dict(by_first), labels, pairs)


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


def _features(text: str, weight: float, into: Counter, surface: dict) -> int:
    """Add the weighted terms and word pairs of ``text`` to ``into``; return its number of terms."""
    found = terms(text, surface)
    for term in found:
        into[term] += weight
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
        explanatory = _explanatory_nodes(ws, doc.id)
        for record in provision_records(ws, doc.id):
            if record["id"].split("#")[0] in explanatory:
                continue
            found.append(Provision(
                id=record["id"], doc=doc.id, cite=record["cite"], heading=record["heading"],
                text=record["text"], stem=record["stem"], modality=record["modality"],
                role=record["actor_role"], themes=tuple(record["themes"]),
                quantities=tuple(find_quantities(record["text"])),
                deadline_text=record["deadline_text"], deadline_date=record["deadline_date"]))
    return found


def _explanatory_nodes(ws: Workspace, doc_id: str) -> set[str]:
    nodes = ws.nodes(doc_id)
    by_id = {n.id: n for n in nodes}
    out = set()
    for node in nodes:
        top = node
        while top.parent and top.parent in by_id:
            top = by_id[top.parent]
        if top.kind in EXPLANATORY_KINDS:
            out.add(node.id)
    return out


# -- scoring -----------------------------------------------------------------------------------
@dataclass
class _Vectors:
    """Sparse TF-IDF rows of one document's provisions: per-row dicts (for explanations) and the
    same entries as coordinate arrays over the corpus vocabulary (for the products)."""

    provisions: list[Provision] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    row_index: np.ndarray | None = None
    term_index: np.ndarray | None = None
    values: np.ndarray | None = None


def _vectorise(provisions: list[Provision]) -> tuple[dict[str, _Vectors], dict, list[str]]:
    surface: dict[str, str] = {}
    counts, lengths = [], []
    for p in provisions:
        bag: Counter = Counter()
        lengths.append(_features(p.text, TEXT_WEIGHT, bag, surface))
        if p.stem:
            _features(p.stem, STEM_WEIGHT, bag, surface)
        if p.heading:
            _features(p.heading, HEADING_WEIGHT, bag, surface)
        counts.append(bag)
    df = Counter(term for bag in counts for term in bag)
    vocabulary = sorted(df)
    index = {term: i for i, term in enumerate(vocabulary)}
    total = len(counts)
    idf = {term: math.log((total + 1) / (n + 1)) + 1.0 for term, n in df.items()}
    by_doc: dict[str, _Vectors] = {}
    for p, bag, length in zip(provisions, counts, lengths):
        row = {t: (1.0 + math.log(w) if w >= 1 else w) * idf[t] for t, w in bag.items()}
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        vectors = by_doc.setdefault(p.doc, _Vectors())
        vectors.provisions.append(p)
        vectors.lengths.append(length)
        vectors.rows.append({t: v / norm for t, v in row.items()})
    for vectors in by_doc.values():
        entries = [(r, index[t], v) for r, row in enumerate(vectors.rows) for t, v in row.items()]
        vectors.row_index = np.array([e[0] for e in entries], dtype=np.int64)
        vectors.term_index = np.array([e[1] for e in entries], dtype=np.int64)
        vectors.values = np.array([e[2] for e in entries], dtype=np.float32)
    return by_doc, surface, vocabulary


def _dense(a: _Vectors, b: _Vectors, vocabulary_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two documents' rows restricted to the terms they share (the only ones a cosine
    between them can use), as dense matrices, and the vocabulary index of each column."""
    shared = np.intersect1d(a.term_index, b.term_index)
    column = np.full(vocabulary_size, -1, dtype=np.int64)
    column[shared] = np.arange(len(shared))
    dense = []
    for vectors in (a, b):
        matrix = np.zeros((len(vectors.rows), len(shared)), dtype=np.float32)
        keep = column[vectors.term_index] >= 0
        matrix[vectors.row_index[keep], column[vectors.term_index[keep]]] = vectors.values[keep]
        dense.append(matrix)
    return dense[0], dense[1], shared


def _without_hubs(scores: np.ndarray) -> np.ndarray:
    """Cross-domain similarity local scaling: a provision that is close to everything in the
    other document (a hub) is worth less as anyone's best match.  The result stays symmetric."""
    k = min(HUB_NEIGHBOURS, scores.shape[0], scores.shape[1])
    if k == 0:
        return scores
    row_mean = -np.partition(-scores, k - 1, axis=1)[:, :k].mean(axis=1)
    col_mean = -np.partition(-scores, k - 1, axis=0)[:k, :].mean(axis=0)
    adjusted = 2 * scores - HUB_PENALTY * (row_mean[:, None] + col_mean[None, :])
    return np.where((scores > 0) & (adjusted > 0), adjusted, 0.0).astype(np.float32)


def _brevity(vectors: _Vectors) -> np.ndarray:
    """Damping for very short provisions ("standards", "These efforts shall include:"), whose few
    terms make them look similar to everything that mentions one of them."""
    lengths = np.array(vectors.lengths, dtype=np.float32)
    return np.sqrt(np.minimum(1.0, lengths / SHORT_PROVISION_TERMS))


def _structure_scores(a: list[Provision], b: list[Provision]) -> np.ndarray:
    """The extraction signals as a factor ≥ 1 per pair: shared themes, roles, quantity kinds."""
    themes_a, themes_b = _indicator(a, b, lambda p: p.themes)
    shared = themes_a @ themes_b.T
    union = themes_a.sum(1)[:, None] + themes_b.sum(1)[None, :] - shared
    factor = 1.0 + THEME_WEIGHT * np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    roles_a, roles_b = _indicator(a, b, lambda p: (p.role,) if p.role else ())
    roles = sorted({p.role for p in a + b if p.role})
    compatible = synonyms().compatible_roles
    affinity = np.array([[SAME_ROLE_WEIGHT if r == s else ROLE_WEIGHT if frozenset((r, s)) in compatible
                          else 0.0 for s in roles] for r in roles], dtype=np.float32).reshape(len(roles), len(roles))
    factor += roles_a @ affinity @ roles_b.T
    kinds_a, kinds_b = _indicator(a, b, lambda p: {q.kind for q in p.quantities})
    counts = kinds_a.sum(1)[:, None]
    factor += QUANTITY_WEIGHT * np.divide(kinds_a @ kinds_b.T, counts, out=np.zeros((len(a), len(b)),
                                          dtype=np.float32), where=counts > 0)
    return factor


def _indicator(a: list[Provision], b: list[Provision], values) -> tuple[np.ndarray, np.ndarray]:
    """0/1 matrices of which provision has which value (theme, role, quantity kind)."""
    index = {v: i for i, v in enumerate(sorted({v for p in a + b for v in values(p)}))}
    out = []
    for group in (a, b):
        matrix = np.zeros((len(group), len(index)), dtype=np.float32)
        for r, p in enumerate(group):
            for v in values(p):
                matrix[r, index[v]] = 1.0
        out.append(matrix)
    return out[0], out[1]


def link_provisions(provisions: list[Provision], top: int = 5) -> list[Link]:
    """The ``top`` best counterparts of every provision in every other document, best first."""
    by_doc, surface, vocabulary = _vectorise(provisions)
    found = []
    ids = sorted(by_doc)
    for x, doc_a in enumerate(ids):
        for doc_b in ids[x + 1:]:
            vec_a, vec_b = by_doc[doc_a], by_doc[doc_b]
            dense_a, dense_b, shared = _dense(vec_a, vec_b, len(vocabulary))
            scores = ((dense_a @ dense_b.T) * _structure_scores(vec_a.provisions, vec_b.provisions)
                      * np.outer(_brevity(vec_a), _brevity(vec_b)))
            scores = _without_hubs(scores)
            names = [vocabulary[t] for t in shared]
            found += _best(vec_a, vec_b, dense_a, dense_b, scores, top, names, surface)
            found += _best(vec_b, vec_a, dense_b, dense_a, scores.T, top, names, surface)
    return found


def _best(a: _Vectors, b: _Vectors, dense_a: np.ndarray, dense_b: np.ndarray, scores: np.ndarray,
          top: int, names: list[str], surface: dict) -> list[Link]:
    keep = min(top, scores.shape[1])
    candidates = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
    found = []
    for i, row in enumerate(candidates):
        ranked = [j for j in sorted(row.tolist(), key=lambda j: (-scores[i, j], j)) if scores[i, j] > 0]
        if not ranked:
            continue
        overlap = dense_a[i][None, :] * dense_b[ranked]
        strongest = np.argsort(-overlap, axis=1, kind="stable")[:, :SHOWN_TERMS]
        for rank, (j, columns) in enumerate(zip(ranked, strongest), start=1):
            key_terms = [names[c] for c in columns if overlap[rank - 1, c] > 0]
            p, q = a.provisions[i], b.provisions[j]
            shared_themes = [t for t in p.themes if t in q.themes]
            found.append(Link(
                source=p.id, target=q.id, source_doc=p.doc, target_doc=q.doc,
                score=float(scores[i, j]), rank=rank, theme=(shared_themes or list(p.themes) or [""])[0],
                why=explain(p, q, key_terms, surface)))
    return found


def explain(p: Provision, q: Provision, key_terms: list[str], surface: dict) -> str:
    """Why two provisions correspond, in words: themes, roles, key terms, quantities."""
    parts = []
    shared_themes = [t for t in p.themes if t in q.themes]
    if shared_themes:
        parts.append("shared theme: " + ", ".join(t.replace("_", " ") for t in shared_themes))
    if p.role and q.role:
        if p.role == q.role:
            parts.append(f"same role: {p.role.replace('_', ' ')}")
        elif frozenset((p.role, q.role)) in synonyms().compatible_roles:
            parts.append(f"compatible roles: {p.role.replace('_', ' ')} ↔ {q.role.replace('_', ' ')}")
    words = [" ".join(_display(t, surface) for t in term.split(" ")) for term in key_terms]
    if words:
        parts.append("shared terms: " + ", ".join(dict.fromkeys(words)))
    kinds = {x.kind for x in p.quantities} & {x.kind for x in q.quantities}
    for kind in sorted(kinds):
        left = next(x for x in p.quantities if x.kind == kind)
        right = next(x for x in q.quantities if x.kind == kind)
        parts.append(f"{kind.replace('_', ' ')}: {left.text} ↔ {right.text}")
    return "; ".join(parts)


def _display(term: str, surface: dict) -> str:
    if term.startswith("@"):
        return synonyms().labels.get(term[1:], term[1:])
    return surface.get(term, term)


# -- workspace entry point with cache ----------------------------------------------------------
def cache_key(ws: Workspace, docs: list[str]) -> str:
    """Links depend on the documents' texts, their extraction and the linker's own data."""
    parts = [LINKER_VERSION, synonyms_digest()]
    for doc in ws.documents():
        if doc.id in docs:
            parts.append(f"{doc.id}:{doc.sha256}:{ws.extractor_version(doc.id)}")
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
