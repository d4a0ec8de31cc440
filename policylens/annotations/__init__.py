"""The analyst's annotations: notes, tags and colours on provisions, kept in the workspace.

``store`` holds the operations (create, update, delete, restore, list, tags, reanchor_document);
``anchoring`` finds an annotation's text again in a changed document; ``exchange`` writes and
reads W3C Web Annotation JSON-LD files for sharing with colleagues.
"""

from policylens.annotations.record import (
    ANCHORED,
    ORPHANED,
    Annotation,
    AnnotationError,
)
from policylens.annotations.store import (
    ReanchorReport,
    create,
    delete,
    get,
    list_annotations,
    reanchor_document,
    resolve,
    restore,
    tags,
    update,
)

__all__ = ["ANCHORED", "ORPHANED", "Annotation", "AnnotationError", "ReanchorReport", "create", "delete",
           "get", "list_annotations", "reanchor_document", "resolve", "restore", "tags", "update"]
