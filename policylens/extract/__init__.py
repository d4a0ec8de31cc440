"""Obligation extraction: modality, actor, themes, conditions, time limits, references and
defined terms for every provision unit, as ``shared/docs/obligations.md`` defines them."""

from __future__ import annotations

from policylens import curated
from policylens.extract.capitals import as_printed, read_in_sentence_case
from policylens.extract.document import DocumentExtractor
from policylens.extract.record import Extraction

__all__ = ["VERSION", "Extraction", "extract_document"]

# Stored results carry this version; a workspace re-extracts a document whose results were made
# by other rules or other lexicons.  Bump the number when the code's behaviour changes.
VERSION = "27." + curated.digest("modal_cues.json", "roles.json", "themes.json", "deadlines.json",
                                "theme_model.json")


def extract_document(nodes, doc_info: dict, *, progress=None, cancel=None) -> list[Extraction]:
    """One or more ``Extraction`` per unit node of a document's finalized tree.

    ``doc_info`` is the catalogue entry (id, profile, dates, deadline_base) or a similar dict
    for a user document (profile "generic").  ``progress(done, total)`` is called as units are
    done; ``cancel()`` returning True stops the work by raising ``policylens.tasks.Cancelled``.
    Clauses printed in capitals are read in sentence case (``capitals``)."""
    from policylens.extract.nlp import load_pipeline

    nodes, printed = read_in_sentence_case(nodes)
    found = DocumentExtractor(nodes, doc_info, load_pipeline()).extract(progress, cancel)
    return [as_printed(e, printed[e.node_id]) if e.node_id in printed else e for e in found]
