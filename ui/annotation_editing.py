"""Creating, editing and deleting annotations from the GUI, with undo and redo.

Every change goes straight to the workspace through ``policylens.annotations`` (one transaction
each) before it is put on the ``QUndoStack``, so a failure is reported before anything is recorded
and nothing is ever held only in memory.  Undo and redo are further core calls: undoing a
creation deletes, undoing an edit or a deletion puts back the earlier annotation with ``restore``
(same id, same times).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from policylens import annotations
from policylens.annotations import Annotation, AnnotationError
from policylens.workspace import Workspace, WorkspaceError


class AnnotationEditing(QObject):
    """The one way the GUI changes annotations; ``changed`` tells views to show the new state."""

    changed = Signal()
    failed = Signal(str)   # an undo or redo the workspace refused, in words for the user

    def __init__(self, ws: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.stack = QUndoStack(self)

    def create(self, node_id: str, *, note: str = "", tags=(), color: str | None = None,
               start: int | None = None, end: int | None = None, author: str | None = None) -> Annotation:
        """Annotate a provision (or ``text[start:end]`` of it); raises AnnotationError.  The author
        is the operating system's user unless given."""
        created = annotations.create(self.ws, node_id, note=note, tags=tags, color=color, start=start, end=end,
                                     author=author)
        self.stack.push(_Command(self, f"annotate {created.cite or created.node_id}", before=None, after=created))
        self.changed.emit()
        return created

    def edit(self, ann_id: str, *, note: str | None = None, tags=None, color: str | None = None) -> Annotation:
        before = self._existing(ann_id)
        after = annotations.update(self.ws, ann_id, note=note, tags=tags, color=color)
        if after != before:
            self.stack.push(_Command(self, f"edit note on {after.cite or after.node_id}", before=before, after=after))
            self.changed.emit()
        return after

    def delete(self, ann_id: str) -> Annotation:
        removed = annotations.delete(self.ws, ann_id)
        self.stack.push(_Command(self, f"delete note on {removed.cite or removed.node_id}", before=removed,
                                 after=None))
        self.changed.emit()
        return removed

    def forget_history(self) -> None:
        """Drop undo history that no longer applies (after an import replaced annotations)."""
        self.stack.clear()
        self.changed.emit()

    def _existing(self, ann_id: str) -> Annotation:
        found = annotations.get(self.ws, ann_id)
        if found is None:
            raise AnnotationError(f"there is no annotation {ann_id}")
        return found

    def _put(self, ann: Annotation | None, replacing: Annotation | None) -> None:
        """Make the workspace hold ``ann`` where it held ``replacing`` (either may be None)."""
        try:
            if ann is not None:
                annotations.restore(self.ws, ann)
            elif replacing is not None and annotations.get(self.ws, replacing.id) is not None:
                annotations.delete(self.ws, replacing.id)
        except (AnnotationError, WorkspaceError) as exc:
            self.failed.emit(str(exc))
        self.changed.emit()


class _Command(QUndoCommand):
    """One annotation change: ``before`` → ``after`` (None for "did not exist").  Already done
    when pushed, so the first ``redo`` (which QUndoStack.push calls) does nothing."""

    def __init__(self, editing: AnnotationEditing, text: str, *, before: Annotation | None,
                 after: Annotation | None):
        super().__init__(text)
        self.editing, self.before, self.after = editing, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editing._put(self.after, self.before)

    def undo(self) -> None:
        self.editing._put(self.before, self.after)
