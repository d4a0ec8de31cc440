"""``build_brief``: gather the content, lay it out, write the PDF, all or nothing."""

from __future__ import annotations

from pathlib import Path

from policylens.brief.appendix import appendix
from policylens.brief.content import gather
from policylens.brief.cover import brief_title, cover
from policylens.brief.document import BriefTemplate
from policylens.brief.options import BriefError, BriefOptions, BriefResult
from policylens.brief.sections import theme_sections
from policylens.compare import select_documents
from policylens.labels import theme_label, themes
from policylens.output import replacing
from policylens.tasks import CancelFn, ProgressFn, check, never_cancel, no_progress
from policylens.workspace import Workspace


def build_brief(ws: Workspace, options: BriefOptions, out: Path, *, progress: ProgressFn | None = None,
                cancel: CancelFn | None = None) -> BriefResult:
    """Write the briefing PDF to ``out``.  The file appears only when complete: a cancelled or
    failed build (``tasks.Cancelled``, ``BriefError``) leaves any earlier file at ``out`` as it was."""
    progress = progress or no_progress
    cancel = cancel or never_cancel
    documents = _documents(ws, options)
    progress(0.0, "Reading the comparison")
    content = gather(ws, options, documents, progress=progress, cancel=cancel)
    check(cancel)
    progress(0.7, "Laying out the pages")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out, suffix=".pdf") as temporary:
        template = BriefTemplate(str(temporary), title=brief_title(content), author=options.author,
                                 subject=", ".join(theme_label(t) for t in options.themes))
        template.build(cover(content) + theme_sections(content) + appendix(content))
        check(cancel)
    progress(1.0, f"Wrote {template.pages} pages")
    return BriefResult(
        path=out, pages=template.pages, themes=tuple(options.themes), documents=tuple(d.id for d in documents),
        clauses_quoted=sum(len(d.quoted) for t in content.themes for d in t.documents),
        clauses_listed=sum(len(d.listed) for t in content.themes for d in t.documents),
        annotations=len(content.annotations), outline=tuple(template.outline))


def _documents(ws: Workspace, options: BriefOptions):
    if not options.themes:
        raise BriefError("choose at least one theme for the briefing")
    known = themes()
    unknown = [t for t in options.themes if t not in known]
    if unknown:
        raise BriefError(f"unknown theme {', '.join(unknown)}; themes are: {', '.join(known)}")
    try:
        documents = select_documents(ws, list(options.docs) if options.docs else None)
    except KeyError as exc:
        raise BriefError(f"documents {exc.args[0]}") from exc
    if not documents:
        raise BriefError("the workspace holds no documents yet: import the official texts first")
    return documents
