"""Getting texts into the workspace: ``corpus import``, ``corpus download``, ``corpus catalogue``, ``add``."""

from __future__ import annotations

from pathlib import Path

from policylens import catalogue
from policylens.commands import ConsoleProgress, UserError, add_fact_options, open_workspace, print_report
from policylens.ingest.source import IngestError


def register(commands) -> None:
    corpus = commands.add_parser("corpus", help="get the official texts of the catalogued instruments")
    actions = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", help="ingest every regulation file in a folder",
        description="Ingest every PDF, HTML, Markdown or text file in DIR. Files whose checksum the "
        "catalogue knows become that instrument; others become your own documents. Of several files of "
        "one instrument the preferred one is ingested and the others recorded as alternative sources. "
        "Re-importing unchanged files does nothing.")
    imp.add_argument("folder", type=Path, metavar="DIR")
    imp.set_defaults(handler=import_cmd)
    dl = actions.add_parser(
        "download", help="download the official texts from the publishers",
        description="Fetch each instrument's official file, verify its checksum (or, for a file the "
        "publisher has regenerated, its structure) and ingest it. The only command that uses the internet.")
    dl.add_argument("--base-url", help="fetch files by name from this address instead of the publishers "
                                       "(a mirror or a local server)")
    dl.add_argument("--dest", type=Path, help="folder to keep the downloaded files in "
                                              "(default: 'sources' beside the workspace)")
    dl.add_argument("--only", help="comma-separated instrument ids (default: all)")
    dl.add_argument("--accept-unknown", action="store_true",
                    help="import a file whose checksum the catalogue does not know even when the workspace "
                         "holds a verified copy (the verified file is kept as an alternative source)")
    dl.set_defaults(handler=download_cmd)
    cat = actions.add_parser("catalogue", help="list the catalogued instruments, their status and sources")
    cat.set_defaults(handler=catalogue_cmd)

    add = commands.add_parser("add", help="add one regulation file (PDF, HTML, Markdown or text)")
    add.add_argument("file", type=Path)
    add.add_argument("--title", help="title to show (default: as the document states it, else the file name)")
    add.add_argument("--jurisdiction", help="jurisdiction to file it under, e.g. US-TX "
                                            "(default: as the document states it, else Other)")
    add.add_argument("--id", dest="doc_id", help="document id (default: from the title or file name)")
    add_fact_options(add)
    add.set_defaults(handler=add_cmd)


def catalogue_cmd(args) -> int:
    from policylens.relations import name_of, relations_of
    for inst in catalogue.instruments():
        print(f"{inst.id}\t{inst.short_name}\t{inst.jurisdiction}\t{inst.status_label}\t"
              f"{catalogue.KIND_LABELS[inst.kind]}")
        print(f"    {inst.status_note}")
        for relation in relations_of(inst.id):
            print(f"    {relation.label}: {name_of(relation.other)}" + (f" ({relation.date})" if relation.date else ""))
        if not inst.sources and inst.landing_url:
            print(f"    {inst.landing_url}")
        for src in inst.sources:
            mark = "preferred" if src.preferred else "alternative"
            print(f"    {src.format:<4} {mark:<11} {src.url}")
    return 0


def import_cmd(args) -> int:
    from policylens.importer import import_folder
    return _run(args, lambda ws, progress: import_folder(ws, args.folder, progress=progress))


def download_cmd(args) -> int:
    from policylens.download import download_corpus
    dest = args.dest or Path(args.workspace).parent / "sources"
    only = [i.strip() for i in args.only.split(",")] if args.only else None
    known = [i.id for i in catalogue.downloadable()]
    if only and set(only) - set(known):
        raise UserError(f"unknown instrument {', '.join(sorted(set(only) - set(known)))}; "
                        f"the catalogue has {', '.join(known)}")
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        raise UserError(f"--base-url must start with http:// or https:// (got '{args.base_url}')")
    return _run(args, lambda ws, progress: download_corpus(ws, dest, base_url=args.base_url, instruments=only,
                                                           accept_unknown=args.accept_unknown,
                                                           progress=progress))


def add_cmd(args) -> int:
    from policylens.importer import add_file
    return _run(args, lambda ws, progress: add_file(ws, args.file, title=args.title,
                                                    jurisdiction=args.jurisdiction, doc_id=args.doc_id,
                                                    status=args.status, kind=args.kind, date=args.date,
                                                    progress=progress))


def _run(args, work) -> int:
    progress = ConsoleProgress()
    with open_workspace(args) as ws:
        try:
            report = work(ws, progress)
        except IngestError as exc:
            raise UserError(str(exc)) from exc
        finally:
            progress.done()
    return print_report(report)
