"""Each document's analysis for linking (``linking.analyse``), kept so that linking a new or
changed document does not analyse the others again.

An analysis is kept in memory for the session and in the workspace for later sessions: reading
the analyses of fifteen documents back takes about a tenth of a second, analysing them again
about two and a half seconds of pure Python.  Both are keyed by the document's stamp
(``link_cache.document_stamps``: its checksum, its extraction and the linker's version), so a
changed document or linker is simply analysed again.

The stored form is a compressed pickle, read by an unpickler that builds only the classes an
analysis is made of: a workspace file from elsewhere cannot make it run anything else.  An
analysis that cannot be read (a newer numpy, a damaged row) is derived data and is made again.
"""

from __future__ import annotations

import io
import logging
import pickle
import threading
import zlib

from policylens.linking import AnalysedDocument, analyse, load_provisions
from policylens.workspace import Workspace

log = logging.getLogger(__name__)

# The only classes a stored analysis may contain (module, name): the analysis's own dataclasses
# and numpy's arrays.
_ALLOWED = {
    ("policylens.linking", "AnalysedDocument"), ("policylens.linking", "Provision"),
    ("policylens.linking", "_Bags"), ("policylens.pair_features", "Side"),
    ("policylens.pair_features", "Values"), ("policylens.quantities", "Quantity"),
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy._core.numeric", "_frombuffer"),
}
# What reading a stored analysis can raise when the row is damaged or was written by another
# version of numpy or of the analysis's classes.
_UNREADABLE = (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, ImportError, TypeError,
               ValueError, IndexError, KeyError)


class _AnalysisUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"a stored analysis may not contain {module}.{name}")
        return super().find_class(module, name)


def stored_form(document: AnalysedDocument | None) -> bytes:
    """An analysis (None: a document without operative provisions) as the workspace stores it."""
    return zlib.compress(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL), 1)


def from_stored_form(data: bytes) -> AnalysedDocument | None:
    """The analysis stored as ``data`` (``stored_form``)."""
    return _AnalysisUnpickler(io.BytesIO(zlib.decompress(data))).load()


class AnalysedDocuments:
    """The documents analysed before, by stamp: in memory for those of the workspace linked last,
    and in the workspace's ``link_documents`` table for its current documents.

    A new analysis is written to the workspace later, by ``store_one``: linking calls it while
    its threads link pairs, so that writing (a fifth of a second for fifteen documents, mostly
    under the interpreter lock) does not hold up the analysis of the next document."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_stamp: dict[str, AnalysedDocument | None] = {}
        self._unstored: dict[str, str] = {}   # stamp → document id, analysed but not yet written

    def document(self, ws: Workspace, doc: str, stamp: str) -> AnalysedDocument | None:
        """The analysis of ``doc`` (None: it has no operative provision), analysed only if
        neither this session nor the workspace has it."""
        with self._lock:
            if stamp in self._by_stamp:
                return self._by_stamp[stamp]
        found, document = self._stored(ws, doc, stamp)
        if not found:
            document = analyse(load_provisions(ws, [doc])).documents.get(doc)
        with self._lock:
            self._by_stamp[stamp] = document
            if not found:
                self._unstored[stamp] = doc
        return document

    def store_one(self, ws: Workspace) -> bool:
        """Write one analysis not yet in the workspace; False when none is left."""
        with self._lock:
            if not self._unstored:
                return False
            stamp, doc = self._unstored.popitem()
            document = self._by_stamp[stamp]
        with ws.transaction() as db:
            db.execute("INSERT OR REPLACE INTO link_documents (stamp, doc, analysis) VALUES (?, ?, ?)",
                       (stamp, doc, stored_form(document)))
        return True

    @staticmethod
    def _stored(ws: Workspace, doc: str, stamp: str) -> tuple[bool, AnalysedDocument | None]:
        row = ws.db.execute("SELECT analysis FROM link_documents WHERE stamp = ?", (stamp,)).fetchone()
        if row is None:
            return False, None
        try:
            return True, from_stored_form(row[0])
        except _UNREADABLE as error:
            log.info("analysing %s again: its stored analysis cannot be read (%s)", doc, error)
            return False, None

    def keep_only(self, ws: Workspace, present: dict[str, str]) -> None:
        """Keep the analyses, in memory and in ``ws``, of the documents ``present`` in it (id →
        stamp) and drop the others.  One held in memory that ``ws`` lacks (another workspace
        with the same document was linked before) is to be written to it too."""
        stamps = set(present.values())
        stored = {stamp for (stamp,) in ws.db.execute("SELECT stamp FROM link_documents")}
        with self._lock:
            self._by_stamp = {stamp: document for stamp, document in self._by_stamp.items() if stamp in stamps}
            self._unstored = {stamp: doc for doc, stamp in present.items()
                              if stamp in self._by_stamp and stamp not in stored}
        stale = [(stamp,) for stamp in stored if stamp not in stamps]
        if stale:
            with ws.transaction() as db:
                db.executemany("DELETE FROM link_documents WHERE stamp = ?", stale)

    def forget(self) -> None:
        """Drop the analyses held in memory (those stored in workspaces stay)."""
        with self._lock:
            self._by_stamp.clear()
            self._unstored.clear()
