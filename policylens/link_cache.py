"""The links of a workspace: computed per pair of documents, stored in the workspace's link cache,
and read back for every view (the inspector, compare, the graph, briefings, exports).

The links between two documents depend on those two alone (``policylens.linking``), so each pair
is cached under a key made of the two documents' checksums and extraction versions and the
linker's own versions, and only the pairs of a new or changed document are linked.  Each
document's analysis is kept until the document changes (``policylens.analysed_documents``), so
adding one analyses that one alone.  Pairs are linked in threads: most of their work is numpy
and scipy, which run outside the interpreter lock, while the next document is analysed in Python.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager

import numpy as np
from threadpoolctl import threadpool_limits

from policylens import ranker
from policylens.analysed_documents import AnalysedDocuments
from policylens.linking import (
    CACHED_TOP,
    LINKER_VERSION,
    Corpus,
    Link,
    PairLinks,
    Ranked,
    clear_text_caches,
    link_pair,
    link_provisions,
    load_provisions,
    synonyms_digest,
)
from policylens.model import Document
from policylens.tasks import CancelFn, ProgressFn, check, never_cancel, no_progress
from policylens.workspace import Workspace

# Pairs of documents linked at once, each in a thread of its own: most of a pair's work is numpy
# and scipy on whole matrices, which run outside the interpreter lock.
LINKING_THREADS = max(1, min(4, os.cpu_count() or 1))
# How often linking looks whether the user cancelled while pairs are being linked.
CANCEL_POLL_SECONDS = 0.1
# Linking two documents of m and n provisions holds about 32 bytes for each of their m × n
# pairs.  Pairs are linked side by side only while their m × n add up to at most this (about
# 2 GB); a larger pair (a document of tens of thousands of provisions) is linked alone.
PAIRS_AT_ONCE = 64_000_000


def document_stamps(ws: Workspace, documents: list[Document]) -> dict[str, str]:
    """Per document, what its provisions as linking sees them depend on: its text, its
    extraction (the rules' version, and the kind and date that decide how its words bind) and
    the linker's own code and data."""
    linker = f"{LINKER_VERSION}:{synonyms_digest()}"
    return {doc.id: f"{linker}:{doc.id}:{doc.sha256}:{ws.pipeline_version(doc.id)}:{doc.kind}:{doc.date}"
            for doc in documents}


def pair_keys(stamps: dict[str, str]) -> dict[tuple[str, str], str]:
    """The cache key of each pair of the documents of ``stamps`` (in its order): the links
    between two documents depend on the two documents and the link model, and on nothing else in
    the workspace."""
    ids, model = list(stamps), ranker.digest()
    return {(a, b): hashlib.sha256("|".join((model, stamps[a], stamps[b])).encode()).hexdigest()
            for x, a in enumerate(ids) for b in ids[x + 1:]}


_analysed = AnalysedDocuments()


def forget_analysed_documents() -> None:
    """Drop the analyses held in memory and the texts' cached terms and frames, so that the next
    linking starts as in a new process (which reads the analyses stored in the workspace)."""
    _analysed.forget()
    clear_text_caches()


def links(ws: Workspace, *, top: int = 5, docs: list[str] | None = None, cache: bool = True,
          progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> list[Link]:
    """The ``top`` counterparts of every provision in each other document.

    With ``cache`` the links of each pair of documents are read from (or stored in) the
    workspace's link cache, keyed by the two documents' checksums and extractor versions, so only
    the pairs of a new or changed document are linked (``update_link_cache``).  Pass
    ``cache=False`` on a workspace that must not be written."""
    if not cache or top > CACHED_TOP:
        return link_provisions(load_provisions(ws, docs), top)
    pairs = update_link_cache(ws, docs=docs, progress=progress, cancel=cancel)
    found: list[Link] = []
    for key, computed in pairs.items():   # in the same order whether computed now or read from the cache
        found += computed.links() if computed else _read_pair(ws, key)
    return [link for link in found if link.rank <= top]


def update_link_cache(ws: Workspace, *, docs: list[str] | None = None, progress: ProgressFn = no_progress,
                      cancel: CancelFn = never_cancel) -> dict[str, PairLinks | None]:
    """Link the pairs of ``docs`` (default: every document) that the link cache lacks,
    LINKING_THREADS at a time, and store them; drop the links of documents no longer in the
    workspace.  Returns the cache key of every pair of
    ``docs``, in order, with its links if they were computed now (None: read them from the
    cache).  The documents are analysed once per stamp (``AnalysedDocuments``)."""
    everything = sorted(ws.documents(), key=lambda d: d.id)
    present = document_stamps(ws, everything)
    _analysed.keep_only(ws, present)   # a removed or changed document's analysis goes
    _forget_removed(ws, set(present))   # and so do a removed document's links
    wanted = set(docs or present)
    stamps = {doc: stamp for doc, stamp in present.items() if doc in wanted}
    keys = pair_keys(stamps)
    stored = {key for (key,) in ws.db.execute("SELECT key FROM link_pairs")}
    missing = [pair for pair, key in keys.items() if key not in stored]
    computed: dict[str, PairLinks | None] = dict.fromkeys(keys.values())
    if not missing:
        _store_analyses(ws)   # those of a linking cancelled before it wrote them
        return computed
    involved = sorted({doc for pair in missing for doc in pair})
    corpus = Corpus({})
    steps = iter(range(1, len(involved) + len(missing) + 1))   # documents read, then pairs stored

    budget = _PairBudget(PAIRS_AT_ONCE)

    def link(doc_a: str, doc_b: str) -> PairLinks:
        a, b = corpus.documents.get(doc_a), corpus.documents.get(doc_b)
        if not (a and b):
            return PairLinks.empty(doc_a, doc_b)   # a document without operative provisions
        with budget.holding(len(a.provisions) * len(b.provisions)):
            check(cancel)
            return link_pair(corpus, doc_a, doc_b, CACHED_TOP)

    def step(message: str) -> None:
        progress(0.05 + 0.9 * next(steps) / (len(involved) + len(missing)), message)

    def store(future) -> None:
        pair = future.result()
        key = keys[pending.pop(future)]
        _write_pair(ws, key, pair)
        computed[key] = pair
        step(f"linked {' and '.join(pair.documents)}")

    # Each document is analysed in this thread (pure Python) while the pairs of those analysed
    # before it are linked in the pool (mostly numpy, outside the interpreter lock).  The pool
    # already keeps every core busy, so numpy's BLAS library starts no threads of its own
    # (``threadpool_limits``): on two cores its extra threads spun idle for a third of the CPU
    # time of a full relink.
    pending: dict = {}
    pool = ThreadPoolExecutor(max_workers=LINKING_THREADS, thread_name_prefix="link")
    with threadpool_limits(limits=1, user_api="blas"):
        try:
            for doc in involved:
                check(cancel)
                corpus.documents[doc] = _analysed.document(ws, doc, stamps[doc])
                step(f"read {doc}")
                for pair in missing:
                    if doc in pair and all(d in corpus.documents for d in pair):
                        pending[pool.submit(link, *pair)] = pair
                for future in [f for f in pending if f.done()]:
                    store(future)
            while pending:
                wrote = _analysed.store_one(ws)   # the new analyses are written while the pool links
                done, _ = wait(list(pending), timeout=0 if wrote else CANCEL_POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    store(future)
                check(cancel)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    _store_analyses(ws)
    return computed


def _store_analyses(ws: Workspace) -> None:
    while _analysed.store_one(ws):
        pass


class _PairBudget:
    """Lets a pair of documents be linked while the pairs being linked beside it stay within
    ``limit`` provision pairs, or alone."""

    def __init__(self, limit: int):
        self.limit = limit
        self.in_use = 0
        self._changed = threading.Condition()

    @contextmanager
    def holding(self, pairs: int):
        with self._changed:
            self._changed.wait_for(lambda: self.in_use == 0 or self.in_use + pairs <= self.limit)
            self.in_use += pairs
        try:
            yield
        finally:
            with self._changed:
                self.in_use -= pairs
                self._changed.notify_all()


def _read_pair(ws: Workspace, key: str) -> list[Link]:
    row = ws.db.execute("SELECT links FROM link_pairs WHERE key = ?", (key,)).fetchone()
    return decoded(row[0]).links() if row is not None else []


def _write_pair(ws: Workspace, key: str, found: PairLinks) -> None:
    """Store one pair's links in place of any earlier set of the same two documents."""
    doc_a, doc_b = found.documents
    with ws.transaction() as db:
        db.execute("DELETE FROM link_pairs WHERE doc_a = ? AND doc_b = ?", (doc_a, doc_b))
        db.execute("INSERT OR REPLACE INTO link_pairs (key, doc_a, doc_b, linker_version, links) VALUES (?, ?, ?, ?, ?)",
                   (key, doc_a, doc_b, LINKER_VERSION, encoded(found)))


# How the cache stores each numeric column of a pair's links (linking.Ranked): its dtype, as
# base64 of its bytes.  A million scores written as JSON numbers take longer to format and parse
# than to compute.
_STORED_AS = {"rows": "<i4", "columns": "<i4", "scores": "<f8", "ranks": "<i2"}


def encoded(pair: PairLinks) -> str:
    """One pair's links as the JSON text the cache stores."""
    directions = [{**{name: base64.b64encode(np.ascontiguousarray(getattr(ranked, name), dtype=dtype).tobytes()).decode()
                      for name, dtype in _STORED_AS.items()},
                   "themes": ranked.themes, "whys": ranked.whys} for ranked in pair.directions]
    return json.dumps({"documents": pair.documents, "ids": [ids.tolist() for ids in pair.ids],
                       "directions": directions}, ensure_ascii=False, separators=(",", ":"))


def decoded(text: str) -> PairLinks:
    """The pair's links from the cache's JSON text (``encoded``)."""
    data = json.loads(text)
    directions = tuple(Ranked(**{name: np.frombuffer(base64.b64decode(stored[name]), dtype=dtype).astype(
                                     np.int64 if dtype[1] == "i" else np.float64) for name, dtype in _STORED_AS.items()},
                              themes=stored["themes"], whys=stored["whys"]) for stored in data["directions"])
    return PairLinks(tuple(data["documents"]), tuple(np.array(ids, dtype=object) for ids in data["ids"]), directions)


def _forget_removed(ws: Workspace, present: set[str]) -> None:
    """Drop the links of documents no longer in the workspace (``present`` holds those in it)."""
    stale = [key for key, doc_a, doc_b in ws.db.execute("SELECT key, doc_a, doc_b FROM link_pairs")
             if doc_a not in present or doc_b not in present]
    if stale:
        with ws.transaction() as db:
            db.executemany("DELETE FROM link_pairs WHERE key = ?", [(key,) for key in stale])
