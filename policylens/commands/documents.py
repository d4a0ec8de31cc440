"""What is known about each document: ``edit`` its facts, ``relations`` to other instruments."""

from __future__ import annotations

from policylens import importer, relations
from policylens.commands import UserError, add_fact_options, open_workspace
from policylens.facts import FactError, check, facts_of
from policylens.relations import LABELS, RelationError, name_of, relations_of
from policylens.usertext import escaped, problem


def register(commands) -> None:
    edit = commands.add_parser(
        "edit", help="change the title, jurisdiction, status, kind or date of a document you added",
        description="Change what PolicyLens records about one of your documents; its text, provisions and "
        "annotations stay as they are (a new kind or date re-reads its obligations, which they decide). Without options, print what is recorded. Catalogued instruments "
        "take their facts from the catalogue.")
    edit.add_argument("doc", metavar="ID", help="document id (see 'policylens list')")
    edit.add_argument("--title")
    edit.add_argument("--jurisdiction")
    add_fact_options(edit)
    edit.set_defaults(handler=edit_cmd)

    rel = commands.add_parser(
        "relations", help="what amends, supersedes, revokes, succeeds or implements what",
        description="List a document's relations to other instruments (from the catalogue and your own), "
        "or record and remove relations of the documents you added.")
    actions = rel.add_subparsers(dest="relations_command", metavar="ACTION", required=True)
    show = actions.add_parser("list", help="relations of one document, or of every document in the workspace")
    show.add_argument("doc", metavar="ID", nargs="?")
    show.set_defaults(handler=list_cmd)
    add = actions.add_parser("add", help="record that ID TYPE OTHER, e.g. 'my-draft implements eu-ai-act-2024-1689'")
    add.add_argument("doc", metavar="ID")
    add.add_argument("type", metavar="TYPE", choices=list(LABELS), help=", ".join(LABELS))
    add.add_argument("other", metavar="OTHER", help="the other document's id (in the workspace or the catalogue)")
    add.add_argument("--date", default="", metavar="YYYY-MM-DD", help="when the relation took effect")
    add.add_argument("--note", default="", help="e.g. the articles it amends or implements")
    add.set_defaults(handler=add_cmd)
    remove = actions.add_parser("remove", help="remove a relation you recorded")
    remove.add_argument("doc", metavar="ID")
    remove.add_argument("type", metavar="TYPE", choices=list(LABELS))
    remove.add_argument("other", metavar="OTHER")
    remove.set_defaults(handler=remove_cmd)


def edit_cmd(args) -> int:
    with open_workspace(args) as ws:
        doc = _document(ws, args.doc)
        changes = {k: getattr(args, k) for k in ("title", "jurisdiction", "status", "kind", "date")}
        if any(v is not None for v in changes.values()):
            if doc.catalogued:
                raise UserError(f"{doc.id} is a catalogued instrument; its facts come with the catalogue")
            for name in ("title", "jurisdiction"):
                trouble = problem(changes[name] or "")
                if trouble or changes[name] == "":
                    raise UserError(f"the {name} {trouble or 'cannot be empty'}")
            try:
                check(status=args.status, kind=args.kind, date=args.date)
            except FactError as exc:
                raise UserError(str(exc)) from exc
            if importer.set_facts(ws, doc.id, **changes):
                print(f"{doc.id}: extracted again, as its kind or date changed")
            doc = ws.document(doc.id)
        facts = facts_of(doc)
        print(escaped(f"{doc.id}\t{doc.title}\t{doc.jurisdiction}\t{facts.status_label}\t"
                      f"{facts.kind_label or 'kind not given'}\t{facts.date or 'no date'}"))
    return 0


def list_cmd(args) -> int:
    with open_workspace(args) as ws:
        ids = [_document(ws, args.doc).id] if args.doc else [d.id for d in ws.documents()]
        for doc_id in ids:
            found = relations_of(doc_id, ws)
            if args.doc and not found:
                print(f"{doc_id} has no recorded relations.")
            for r in found:
                status = facts_of(ws.document(r.other)).status_label if ws.document(r.other) else \
                    "not in the workspace"
                when = f" {r.date}" if r.date else ""
                note = f" — {r.note}" if r.note else ""
                mine = " [yours]" if r.user else ""
                print(escaped(f"{doc_id}\t{r.label}\t{name_of(r.other, ws)} ({r.other}; {status}){when}{note}{mine}"))
    return 0


def add_cmd(args) -> int:
    with open_workspace(args) as ws:
        try:
            r = relations.record(ws, args.doc, args.type, args.other, date=args.date, note=args.note)
        except (RelationError, FactError) as exc:
            raise UserError(str(exc)) from exc
        print(escaped(f"{args.doc}\t{r.label}\t{name_of(args.other, ws)}"))
    return 0


def remove_cmd(args) -> int:
    with open_workspace(args) as ws:
        try:
            removed = relations.forget(ws, args.doc, args.type, args.other)
        except RelationError as exc:
            raise UserError(str(exc)) from exc
        if not removed:
            raise UserError(f"no relation '{args.doc} {args.type} {args.other}' of yours is recorded")
        print(f"removed {args.doc} {args.type} {args.other}")
    return 0


def _document(ws, doc_id: str):
    doc = ws.document(doc_id)
    if doc is None:
        raise UserError(f"no document '{doc_id}' in the workspace (see 'policylens list')")
    return doc
