"""Each document's analysis for linking (``linking.analyse``), kept so that linking a new or
changed document does not analyse the others again.

An analysis is kept in memory for the session and in the workspace for later sessions: reading
the analyses of fifteen documents back takes about a tenth of a second, analysing them again
about two and a half seconds of pure Python.  Both are keyed by the document's stamp
(``link_cache.document_stamps``: its checksum, its extraction and the linker's version), so a
changed document or linker is simply analysed again.

The stored form is a compressed pickle, and unpickling runs whatever the bytes say.  So each row
is signed with a key that this installation keeps in the user's data folder, never in a
workspace, and only a row carrying this installation's signature is unpickled.  A workspace made
elsewhere (a colleague's file, a download) is therefore never unpickled: its rows fail the check
and the analyses are made again, as they are for a damaged row or one that an older version
wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import secrets
import tempfile
import threading
import zlib
from functools import cache

from policylens.linking import AnalysedDocument, analyse, load_provisions
from policylens.paths import user_data_dir
from policylens.workspace import Workspace, WorkspaceBusy, WorkspaceFull

log = logging.getLogger(__name__)

KEY_FILE = "link-analyses.key"
_KEY_BYTES = 32
_SIGNATURE_BYTES = hashlib.sha256().digest_size


class _Refused(ValueError):
    """A stored analysis that this installation did not write, or that is not what it claims."""


@cache
def signing_key() -> bytes:
    """This installation's key for the stored analyses, made on first use.  Where the data
    folder cannot be written, a key for this session alone: its analyses are then made again in
    the next one."""
    path = user_data_dir() / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == _KEY_BYTES:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        with os.fdopen(handle, "wb") as out:
            out.write(key)
        os.replace(temporary, path)
    except OSError as error:
        log.info("stored link analyses will last this session only: cannot write %s (%s)", path, error)
    return key


def _signature(body: bytes) -> bytes:
    return hmac.new(signing_key(), body, hashlib.sha256).digest()


def stored_form(document: AnalysedDocument | None) -> bytes:
    """An analysis (None: a document without operative provisions) as the workspace stores it:
    its signature, then the compressed pickle."""
    body = zlib.compress(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return _signature(body) + body


def from_stored_form(data: bytes, doc: str) -> AnalysedDocument | None:
    """The analysis of ``doc`` stored as ``data`` (``stored_form``); ``_Refused`` unless this
    installation signed it and it is an analysis of ``doc``."""
    signature, body = data[:_SIGNATURE_BYTES], data[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _signature(body)):
        raise _Refused("not signed by this installation")
    document = pickle.loads(zlib.decompress(body))
    if document is not None and not (isinstance(document, AnalysedDocument) and document.id == doc):
        raise _Refused("not an analysis of this document")
    return document


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
        """Write one analysis not yet in the workspace (False: none is left); one that cannot be
        written now, the workspace busy or its disk full, waits for the next linking."""
        with self._lock:
            if not self._unstored:
                return False
            stamp, doc = self._unstored.popitem()
            document = self._by_stamp[stamp]
        try:
            with ws.transaction() as db:
                db.execute("INSERT OR REPLACE INTO link_documents (stamp, doc, analysis) VALUES (?, ?, ?)",
                           (stamp, doc, stored_form(document)))
        except (WorkspaceBusy, WorkspaceFull) as error:   # it is kept in memory; the next linking tries again
            log.info("could not store the analysis of %s: %s", doc, error)
        return True

    @staticmethod
    def _stored(ws: Workspace, doc: str, stamp: str) -> tuple[bool, AnalysedDocument | None]:
        row = ws.db.execute("SELECT analysis FROM link_documents WHERE stamp = ?", (stamp,)).fetchone()
        if row is None:
            return False, None
        try:
            return True, from_stored_form(row[0], doc)
        except Exception as error:   # derived data: whatever is wrong with the row, analyse again
            log.info("analysing %s again: its stored analysis cannot be used (%s)", doc, error)
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
