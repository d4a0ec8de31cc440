"""Sharing annotations: W3C Web Annotation JSON-LD files, and merging a colleague's file.

The file is one ``AnnotationCollection`` whose single page holds the annotations.  Each target
names the document (``urn:policylens:doc:<id>``, with the sha256 of the version annotated, a
PolicyLens extension term) and selects the provision with a FragmentSelector refined by a
TextQuoteSelector and a TextPositionSelector, so a colleague's copy can re-anchor.

A file read from elsewhere is checked completely before anything is written: a file that is not
exactly this shape, or exceeds the size limits, is refused as a whole and changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from policylens import __version__, usertext
from policylens.annotations.anchoring import Tree, place
from policylens.annotations.record import (
    DEFAULT_COLOR,
    MAX_CONTEXT,
    MAX_ID,
    MAX_NAME,
    MAX_NOTE,
    MAX_QUOTE,
    MAX_TAG,
    MAX_TAGS,
    ORPHANED,
    Annotation,
    AnnotationError,
    clean_color,
    format_time,
    new_id,
    now,
    parse_time,
)
from policylens.annotations.store import (
    INSERT_SQL,
    REPLACE_SQL,
    from_row,
    list_annotations,
    to_row,
)
from policylens.model import DOC_ID
from policylens.output import open_output
from policylens.workspace import Workspace

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_PREFIX = "urn:policylens:doc:"
UUID_PREFIX = "urn:uuid:"
STYLE_CLASS = "policylens-highlight"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ITEMS = 100_000

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHA256 = re.compile(r"(?:[0-9a-f]{64})?")
_STYLESHEET = re.compile(r"\." + STYLE_CLASS + r" \{ background-color: (#[0-9a-f]{6}) \}")


class AnnotationFileError(AnnotationError):
    """An annotation file that cannot be imported, and why."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass
class MergeReport:
    """What importing a file did, annotation by annotation."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)     # their newer edit replaced ours
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)        # our newer edit kept, theirs ignored
    conflicts: list[str] = field(default_factory=list)   # edited on both sides: which version was kept
    orphaned: list[str] = field(default_factory=list)    # imported but not placed (document missing or changed)

    def lines(self) -> list[str]:
        out = [f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
               f"{len(self.kept)} kept (yours was newer)"]
        out += [f"conflict: {c}" for c in self.conflicts]
        if self.orphaned:
            out.append(f"{len(self.orphaned)} orphaned (their document is not in the workspace or its text "
                       "changed); they attach when the document is added — see 'annotations list --orphaned'")
        return out


# -- writing ---------------------------------------------------------------------------------

def collection(ws: Workspace, *, doc: str | None = None) -> dict:
    """The workspace's annotations (or one document's) as a JSON-LD AnnotationCollection."""
    items = [to_jsonld(a) for a in list_annotations(ws, doc=doc)]
    return {
        "@context": ANNO_CONTEXT, "id": UUID_PREFIX + new_id(), "type": "AnnotationCollection",
        "label": "PolicyLens annotations", "generator": {"type": "Software", "name": f"PolicyLens {__version__}"},
        "generated": now(), "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def export_file(ws: Workspace, path: Path | str, *, doc: str | None = None) -> int:
    """Write the collection to ``path`` (atomically: a reader never sees half a file); the count."""
    data = collection(ws, doc=doc)
    with open_output(path, encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    return data["total"]


def to_jsonld(ann: Annotation) -> dict:
    body = []
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/markdown"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in ann.tags]
    motivation = "commenting" if ann.note else "tagging" if ann.tags else "highlighting"
    refined = [{"type": "TextQuoteSelector", "exact": ann.exact, "prefix": ann.prefix, "suffix": ann.suffix}]
    if ann.start is not None:
        refined.append({"type": "TextPositionSelector", "start": ann.start, "end": ann.end})
    return {
        "id": UUID_PREFIX + ann.id, "type": "Annotation", "motivation": motivation,
        "created": ann.created, "modified": ann.modified, "creator": {"type": "Person", "name": ann.author},
        "stylesheet": {"type": "CssStylesheet", "value": f".{STYLE_CLASS} {{ background-color: {ann.color} }}"},
        "body": body,
        "target": {
            "type": "SpecificResource", "styleClass": STYLE_CLASS,
            "source": {"id": DOC_PREFIX + ann.doc, "type": "Text", "sha256": ann.doc_sha256},
            "selector": {"type": "FragmentSelector", "value": ann.node_id, "label": ann.cite,
                         "refinedBy": refined},
        },
    }


# -- reading ---------------------------------------------------------------------------------

def read_file(path: Path | str) -> list[Annotation]:
    """The annotations in a JSON-LD file, or AnnotationFileError naming the file and the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AnnotationFileError(path, f"the file is {size // 2**20} MB; annotation files are at most "
                                            f"{MAX_FILE_BYTES // 2**20} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise AnnotationFileError(path, "the file does not exist") from None
    except UnicodeDecodeError:
        raise AnnotationFileError(path, "the file is not UTF-8 text") from None
    except OSError as exc:
        raise AnnotationFileError(path, f"the file cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise AnnotationFileError(path, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") \
            from None
    except RecursionError:
        raise AnnotationFileError(path, "the JSON is nested far too deeply to be an annotation file") from None
    except ValueError as exc:
        raise AnnotationFileError(path, str(exc)) from None
    try:
        return parse_collection(data)
    except AnnotationError as exc:
        raise AnnotationFileError(path, str(exc)) from None


def parse_collection(data) -> list[Annotation]:
    """Annotations from a decoded collection; AnnotationError names the first problem found."""
    root = _object(data, "the file", {"@context", "type", "first"}, {"id", "label", "generator", "generated", "total"})
    if root["@context"] != ANNO_CONTEXT:
        raise AnnotationError(f"'@context' must be \"{ANNO_CONTEXT}\" (a W3C Web Annotation file)")
    _const(root["type"], "AnnotationCollection", "the file's 'type'")
    page = _object(root["first"], "'first'", {"type", "items"}, {"id", "startIndex", "partOf"})
    _const(page["type"], "AnnotationPage", "'first.type'")
    items = page["items"]
    if not isinstance(items, list):
        raise AnnotationError("'first.items' must be a list of annotations")
    if len(items) > MAX_ITEMS:
        raise AnnotationError(f"the file holds {len(items)} annotations; at most {MAX_ITEMS} can be imported at once")
    if "total" in root and root["total"] != len(items):
        raise AnnotationError(f"'total' says {root['total']!r} but the file holds {len(items)} annotations")
    parsed, seen = [], set()
    for n, item in enumerate(items, 1):
        ann = parse_annotation(item, f"annotation {n}")
        if ann.id in seen:
            raise AnnotationError(f"annotation {n}: the id {ann.id} appears twice")
        seen.add(ann.id)
        parsed.append(ann)
    return parsed


def parse_annotation(item, where: str) -> Annotation:
    obj = _object(item, where, {"id", "type", "created", "modified", "target"},
                  {"motivation", "creator", "stylesheet", "body"})
    ann_id = _text(obj["id"], f"{where}: 'id'", 100)
    if not (ann_id.startswith(UUID_PREFIX) and _UUID.fullmatch(ann_id[len(UUID_PREFIX):])):
        raise AnnotationError(f"{where}: 'id' must be urn:uuid: followed by a lower-case UUID")
    where = f"{where} ({ann_id[len(UUID_PREFIX):]})"
    _const(obj["type"], "Annotation", f"{where}: 'type'")
    if "motivation" in obj and obj["motivation"] not in ("commenting", "tagging", "highlighting"):
        raise AnnotationError(f"{where}: 'motivation' must be commenting, tagging or highlighting")
    created = _time(obj["created"], f"{where}: 'created'")
    modified = _time(obj["modified"], f"{where}: 'modified'")
    author = ""
    if "creator" in obj:
        creator = _object(obj["creator"], f"{where}: 'creator'", {"type", "name"}, set())
        _const(creator["type"], "Person", f"{where}: 'creator.type'")
        author = _text(creator["name"], f"{where}: 'creator.name'", MAX_NAME)
    color = DEFAULT_COLOR
    if "stylesheet" in obj:
        sheet = _object(obj["stylesheet"], f"{where}: 'stylesheet'", {"type", "value"}, set())
        _const(sheet["type"], "CssStylesheet", f"{where}: 'stylesheet.type'")
        match = _STYLESHEET.fullmatch(_text(sheet["value"], f"{where}: 'stylesheet.value'", 200))
        if not match:
            raise AnnotationError(f"{where}: 'stylesheet.value' must be "
                                  f"'.{STYLE_CLASS} {{ background-color: #rrggbb }}'")
        color = clean_color(match.group(1))
    note, tags = _bodies(obj.get("body", []), where)
    doc, sha256, node_id, cite, quote, position = _target(obj["target"], where)
    return Annotation(id=ann_id[len(UUID_PREFIX):], doc=doc, node_id=node_id, doc_sha256=sha256, cite=cite,
                      note=note, tags=tags, color=color, author=author, created=created, modified=modified,
                      **quote, **position)


def _bodies(bodies, where: str) -> tuple[str, list[str]]:
    if not isinstance(bodies, list) or len(bodies) > MAX_TAGS + 1:
        raise AnnotationError(f"{where}: 'body' must be a list of at most {MAX_TAGS + 1} bodies")
    note, tags = None, []
    for n, body in enumerate(bodies, 1):
        at = f"{where}: body {n}"
        obj = _object(body, at, {"type", "purpose", "value"}, {"format"})
        _const(obj["type"], "TextualBody", f"{at} 'type'")
        if obj["purpose"] == "commenting":
            if note is not None:
                raise AnnotationError(f"{at}: an annotation has one note, this is a second one")
            if obj.get("format", "text/markdown") not in ("text/markdown", "text/plain"):
                raise AnnotationError(f"{at}: 'format' must be text/markdown or text/plain")
            note = _text(obj["value"], f"{at} 'value'", MAX_NOTE, multiline=True)
        elif obj["purpose"] == "tagging":
            if "format" in obj:
                raise AnnotationError(f"{at}: a tag has no 'format'")
            tag = " ".join(_text(obj["value"], f"{at} 'value'", MAX_TAG).split())
            if not tag or tag.casefold() in {t.casefold() for t in tags}:
                raise AnnotationError(f"{at}: empty or repeated tag")
            tags.append(tag)
        else:
            raise AnnotationError(f"{at}: 'purpose' must be commenting or tagging")
    return note or "", tags


def _target(target, where: str):
    obj = _object(target, f"{where}: 'target'", {"type", "source", "selector"}, {"styleClass"})
    _const(obj["type"], "SpecificResource", f"{where}: 'target.type'")
    if "styleClass" in obj:
        _const(obj["styleClass"], STYLE_CLASS, f"{where}: 'target.styleClass'")
    source = _object(obj["source"], f"{where}: 'target.source'", {"id", "type"}, {"sha256"})
    _const(source["type"], "Text", f"{where}: 'target.source.type'")
    source_id = _text(source["id"], f"{where}: 'target.source.id'", MAX_ID + len(DOC_PREFIX))
    doc = source_id[len(DOC_PREFIX):]
    if not source_id.startswith(DOC_PREFIX) or not DOC_ID.fullmatch(doc):
        raise AnnotationError(f"{where}: 'target.source.id' must be {DOC_PREFIX} followed by a document id")
    sha256 = _text(source.get("sha256", ""), f"{where}: 'target.source.sha256'", 64)
    if not _SHA256.fullmatch(sha256):
        raise AnnotationError(f"{where}: 'target.source.sha256' must be 64 lower-case hex digits")
    sel = _object(obj["selector"], f"{where}: 'target.selector'", {"type", "value", "refinedBy"}, {"label"})
    _const(sel["type"], "FragmentSelector", f"{where}: 'target.selector.type'")
    node_id = _text(sel["value"], f"{where}: 'target.selector.value'", MAX_ID)
    if not node_id.startswith(doc + "/"):
        raise AnnotationError(f"{where}: the provision '{node_id[:60]}' is not in document '{doc}'")
    cite = _text(sel.get("label", ""), f"{where}: 'target.selector.label'", MAX_ID)
    refined = sel["refinedBy"]
    if not isinstance(refined, list) or not 1 <= len(refined) <= 2:
        raise AnnotationError(f"{where}: 'refinedBy' must list a TextQuoteSelector and a TextPositionSelector")
    quote, position = None, {"start": None, "end": None}
    for selector in refined:
        kind = selector.get("type") if isinstance(selector, dict) else None
        at = f"{where}: {kind or 'selector'}"
        if kind == "TextQuoteSelector" and quote is None:
            q = _object(selector, at, {"type", "exact"}, {"prefix", "suffix"})
            quote = {"exact": _text(q["exact"], f"{at} 'exact'", MAX_QUOTE, multiline=True),
                     "prefix": _text(q.get("prefix", ""), f"{at} 'prefix'", MAX_CONTEXT, multiline=True),
                     "suffix": _text(q.get("suffix", ""), f"{at} 'suffix'", MAX_CONTEXT, multiline=True)}
        elif kind == "TextPositionSelector" and position["start"] is None:
            p = _object(selector, at, {"type", "start", "end"}, set())
            position = {"start": _count(p["start"], f"{at} 'start'"), "end": _count(p["end"], f"{at} 'end'")}
        else:
            raise AnnotationError(f"{where}: 'refinedBy' must hold one TextQuoteSelector and at most one "
                                  "TextPositionSelector")
    if quote is None:
        raise AnnotationError(f"{where}: 'refinedBy' has no TextQuoteSelector")
    if position["start"] is not None and position["end"] - position["start"] != len(quote["exact"]):
        raise AnnotationError(f"{where}: the TextPositionSelector does not span the quoted text")
    return doc, sha256, node_id, cite, quote, position


def _object(value, where: str, required: set[str], optional: set[str]) -> dict:
    if not isinstance(value, dict):
        raise AnnotationError(f"{where} must be a JSON object, not {_kind(value)}")
    missing = sorted(required - value.keys())
    if missing:
        raise AnnotationError(f"{where} lacks {', '.join(repr(m) for m in missing)}")
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        shown = ", ".join(repr(u[:40]) for u in unknown[:3])
        raise AnnotationError(f"{where} has unknown field{'s' if len(unknown) > 1 else ''} {shown}")
    return value


def _text(value, where: str, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise AnnotationError(f"{where} must be text, not {_kind(value)}")
    if len(value) > limit:
        raise AnnotationError(f"{where} is {len(value)} characters long; the limit is {limit}")
    trouble = usertext.problem(value, multiline=multiline)
    if trouble:
        raise AnnotationError(f"{where} {trouble}")
    return value


def _count(value, where: str) -> int:
    if type(value) is not int or not 0 <= value <= 10 * MAX_QUOTE:
        raise AnnotationError(f"{where} must be a whole number from 0 to {10 * MAX_QUOTE}")
    return value


def _time(value, where: str) -> str:
    return format_time(parse_time(_text(value, where, 40)))


def _const(value, expected: str, where: str) -> None:
    if value != expected:
        raise AnnotationError(f"{where} must be \"{expected}\", not {json.dumps(value)[:40]}")


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        repeated = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(f"the field '{repeated[:40]}' appears twice in one object")
    return dict(pairs)


def _no_constant(name: str):
    raise ValueError(f"'{name}' is not a number JSON allows")


# -- merging ---------------------------------------------------------------------------------

def import_file(ws: Workspace, path: Path | str) -> MergeReport:
    """Merge a colleague's annotation file into the workspace, in one transaction."""
    return merge(ws, read_file(path))


def merge(ws: Workspace, incoming: list[Annotation]) -> MergeReport:
    """Add new annotations; for ids both sides have, keep the newer edit and report conflicts.

    Incoming annotations are placed in the documents as this workspace holds them; those whose
    document is missing are kept as orphans until it is added (``reanchor_document``)."""
    report = MergeReport()
    trees: dict[str, Tree | None] = {}
    with ws.transaction() as db:
        for theirs in incoming:
            row = db.execute("SELECT * FROM annotations WHERE id = ?", (theirs.id,)).fetchone()
            ours = from_row(row) if row else None
            if ours is not None:
                if parse_time(theirs.modified) <= parse_time(ours.modified):
                    if theirs.modified == ours.modified:
                        report.unchanged.append(theirs.id)
                    else:
                        report.kept.append(theirs.id)
                        if _wording(theirs) != _wording(ours):
                            report.conflicts.append(f"{_name(ours)}: edited on both sides; your newer edit "
                                                    f"({ours.modified[:16]}) was kept")
                    continue
                if _wording(theirs) != _wording(ours):
                    report.conflicts.append(f"{_name(ours)}: edited on both sides; their newer edit "
                                            f"({theirs.modified[:16]}) replaced yours")
            if theirs.doc not in trees:
                doc = ws.document(theirs.doc)
                trees[theirs.doc] = Tree(ws.nodes(theirs.doc), doc.sha256) if doc else None
            tree = trees[theirs.doc]
            placed = place(theirs, tree) if tree else theirs.edited(state=ORPHANED)
            db.execute(REPLACE_SQL if ours else INSERT_SQL, to_row(placed))
            (report.updated if ours else report.added).append(theirs.id)
            if placed.state == ORPHANED:
                report.orphaned.append(theirs.id)
    return report


def _wording(ann: Annotation) -> tuple:
    return ann.note, ann.tags, ann.color


def _name(ann: Annotation) -> str:
    return f"{ann.id[:8]} on {ann.cite or ann.node_id}"
