"""Annotations and the safety of the workspace file: ``annotations …`` and ``workspace …``."""

from __future__ import annotations

import json
from pathlib import Path

from policylens import backup
from policylens.annotations import (
    ORPHANED,
    AnnotationError,
    create,
    delete,
    list_annotations,
    resolve,
    update,
)
from policylens.annotations.exchange import collection, export_file, import_file
from policylens.annotations.record import PALETTE
from policylens.commands import UserError, open_workspace
from policylens.usertext import escaped

COLORS = f"#rrggbb or one of {', '.join(PALETTE)}"


def register(commands) -> None:
    group = commands.add_parser("annotations", help="add, list, edit, share your notes and tags on provisions")
    actions = group.add_subparsers(dest="annotations_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="annotate a provision, or a passage of it",
                             description="Attach a note and tags to the provision cited as CITATION "
                             "(e.g. 'Art. 9(2)(b)'), or with --quote to that passage of it.")
    add.add_argument("citation")
    add.add_argument("--doc", help="document id (needed when several documents have that citation)")
    add.add_argument("--note", default="", help="the note (plain text or light Markdown)")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for several)")
    add.add_argument("--quote", help="annotate only this passage of the provision (exact text)")
    add.add_argument("--color", help=f"highlight colour: {COLORS} (default yellow)")
    add.add_argument("--author", help="who wrote it (default: your user name)")
    add.set_defaults(handler=add_cmd)

    lst = actions.add_parser("list", help="list annotations, in reading order")
    lst.add_argument("--tag", help="only those with this tag")
    lst.add_argument("--doc", help="only those on this document id")
    lst.add_argument("--orphaned", action="store_true",
                     help="only those whose text is no longer in their document, with their quote")
    lst.set_defaults(handler=list_cmd)

    remove = actions.add_parser("remove", help="delete an annotation")
    remove.add_argument("id", help="annotation id (or its first characters, as 'list' shows them)")
    remove.set_defaults(handler=remove_cmd)

    edit = actions.add_parser("edit", help="change an annotation's note, tags or colour")
    edit.add_argument("id", help="annotation id (or its first characters)")
    edit.add_argument("--note", help="the new note")
    edit.add_argument("--tag", action="append", help="the new tags, replacing the old (repeat for several)")
    edit.add_argument("--no-tags", action="store_true", help="remove all tags")
    edit.add_argument("--color", help=f"the new colour: {COLORS}")
    edit.set_defaults(handler=edit_cmd)

    export = actions.add_parser("export", help="write annotations as a W3C Web Annotation (JSON-LD) file",
                                description="Write the annotations to share them: a colleague imports the "
                                "file with 'policylens annotations import'.")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: print)")
    export.add_argument("--doc", help="only the annotations on this document id")
    export.set_defaults(handler=export_cmd)

    imp = actions.add_parser("import", help="merge a colleague's annotation file into the workspace",
                             description="Merge a W3C Web Annotation file written by 'annotations export'. "
                             "Annotations both sides have keep the newer edit; conflicts are listed. Those "
                             "on documents you do not have are kept as orphans until you add the document. "
                             "A damaged or unexpected file is refused and changes nothing.")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=import_cmd)

    ws_group = commands.add_parser("workspace", help="check the workspace file, restore it from a backup")
    ws_actions = ws_group.add_subparsers(dest="workspace_command", metavar="ACTION", required=True)
    check = ws_actions.add_parser("check", help="run SQLite's full integrity check and list the backups")
    check.set_defaults(handler=check_cmd)
    restore = ws_actions.add_parser(
        "restore", help="replace a damaged workspace with a backup",
        description="Replace the workspace with its newest sound backup (or FILE). The replaced file is "
        "kept beside it, renamed '.damaged-<time>'.")
    restore.add_argument("--from", dest="from_file", type=Path, metavar="FILE", help="the backup to restore")
    restore.set_defaults(handler=restore_cmd)


def add_cmd(args) -> int:
    with open_workspace(args) as ws:
        node = _provision(ws, args.citation, args.doc, args.quote)
        ann = _checked(lambda: create(ws, node.id, note=args.note, tags=args.tag, quote=args.quote,
                                      color=args.color, author=args.author))
        print(f"{ann.id}\t{node.doc}\t{node.cite}")
    return 0


def list_cmd(args) -> int:
    with open_workspace(args) as ws:
        found = _checked(lambda: list_annotations(ws, doc=args.doc, tag=args.tag,
                                                  state=ORPHANED if args.orphaned else None))
        for ann in found:
            where = ann.cite or ann.node_id
            state = " [orphaned]" if ann.state == ORPHANED else ""
            quote = ann.exact if len(ann.exact) <= 80 else ann.exact[:77] + "…"
            note = ann.note.splitlines()[0] if ann.note else ""
            print(escaped(f"{ann.id[:8]}\t{ann.doc}\t{where}{state}\t{', '.join(ann.tags)}\t{note}\t“{quote}”"))
        if not found:
            print("no annotations")
    return 0


def remove_cmd(args) -> int:
    with open_workspace(args) as ws:
        ann = _checked(lambda: delete(ws, resolve(ws, args.id).id))
        print(f"removed {ann.id} on {ann.cite or ann.node_id}")
    return 0


def edit_cmd(args) -> int:
    tags = [] if args.no_tags else args.tag
    if args.note is None and tags is None and args.color is None:
        raise UserError("nothing to change: give --note, --tag, --no-tags or --color")
    with open_workspace(args) as ws:
        ann = _checked(lambda: update(ws, resolve(ws, args.id).id, note=args.note, tags=tags, color=args.color))
        print(f"edited {ann.id} on {ann.cite or ann.node_id}")
    return 0


def export_cmd(args) -> int:
    with open_workspace(args) as ws:
        if args.output:
            count = export_file(ws, args.output, doc=args.doc)
            print(f"wrote {count} annotation(s) to {args.output}")
        else:
            print(json.dumps(collection(ws, doc=args.doc), ensure_ascii=False, indent=1))
    return 0


def import_cmd(args) -> int:
    with open_workspace(args) as ws:
        report = _checked(lambda: import_file(ws, args.file))
    for line in report.lines():
        print(line)
    return 0


def check_cmd(args) -> int:
    path = args.workspace
    if not path.exists():
        raise UserError(f"{path}: there is no workspace file")
    if not path.is_file():
        raise UserError(f"{path}: this is not a workspace file (a workspace is one SQLite file)")
    found = backup.problems(path)
    print(f"{path}: " + ("sound" if not found else "DAMAGED"))
    for problem in found[:20]:
        print(f"  {problem}")
    kept = backup.backups(path)
    print(f"{len(kept)} backup(s) in {backup.folder(path)}")
    for item in kept:
        print(f"  {item.name}\t{item.stat().st_size // 1024} KB")
    if found:
        print("Restore the newest backup with 'policylens workspace restore'.")
    return 1 if found else 0


def restore_cmd(args) -> int:
    try:
        used, aside = backup.restore(args.workspace, args.from_file)
    except backup.BackupError as exc:
        raise UserError(str(exc)) from exc
    print(f"restored {args.workspace} from {used}")
    if aside:
        print(f"the replaced file was kept as {aside}")
    return 0


def _provision(ws, citation: str, doc: str | None, quote: str | None):
    found = ws.find_cite(citation, doc)
    if not found:
        raise UserError(f"no provision cited as '{citation}'" + (f" in {doc}" if doc else ""))
    docs = sorted({n.doc for n in found})
    if len(docs) > 1:
        raise UserError(f"'{citation}' exists in several documents ({', '.join(docs)}); choose one with --doc")
    if quote:
        holding = [n for n in found if quote in n.text]
        if not holding:
            raise UserError(f"the text '{quote[:60]}' is not in {found[0].cite}")
        return min(holding, key=lambda n: len(n.text))
    return found[0]


def _checked(action):
    try:
        return action()
    except AnnotationError as exc:
        raise UserError(str(exc)) from exc
