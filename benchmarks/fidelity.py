"""How faithfully the EU AI Act provisions parsed from the PDF reproduce the EUR-Lex HTML, and how long it takes.

  PYTHONPATH=. python3 benchmarks/fidelity.py [--corpus DIR] [--show N]

Reads the OJ PDF with ``read_pdf``, builds the tree with ``structure.eu.parse``, writes every node that
has text to a temporary JSON-lines file and prints two figures:

(a) the shared scorer (``shared/tools/fidelity.py``) run as it is against the HTML edition;
(b) the same word-multiset comparison with one difference in how the HTML is read.  The shared scorer
    counts only text inside ``<p>`` elements, but EUR-Lex prints the list items of Annex I and Annex X
    as ``<td><span>…</span></td>`` table cells with no ``<p>``, so about 1,900 words of the Act count
    as "extra" in (a).  (b) also counts, as body text, a ``<span>`` that opens directly in a table cell
    outside any ``<p>``; every other rule (skipped classes, bare labels, the start at "Having regard to
    the Treaty", the word pattern) is the shared scorer's own code.

Node text leaves out enumerators ("1.", "(a)"), which stay in ``Node.label``; EUR-Lex keeps a
paragraph's number inside its ``<p>``, so most words missing under (b) are such numbers: the count
of missing words that are bare numbers is printed too.

Also times reading every PDF of the corpus and counts, per PDF, suspected split words: a piece of
one or two letters next to another piece that together spell a word the same document prints
whole ("in vestigate", "design s").  With ``--nodes N`` lists the N nodes that carry the most
words the HTML lacks under (b).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from policylens.ingest.pdf import read_pdf
from policylens.structure import eu

REPO = Path(__file__).resolve().parents[1]
DOC_ID = "eu-ai-act-2024-1689"
_LETTERS = re.compile(r"[^\W\d_]+")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
_LEADING_LETTERS = re.compile(r"^[^\W\d_]+")


def suspected_splits(lines) -> list[str]:
    """Adjacent pieces, one of at most two letters, that together spell a word the document prints whole."""
    tokens = [token for line in lines for token in line.text.split()]
    printed = {word.lower() for token in tokens for word in _LETTERS.findall(token)}
    suspects = []
    for left, right in zip(tokens, tokens[1:]):
        head, tail = _TRAILING_LETTERS.search(left), _LEADING_LETTERS.match(right)
        if head and tail and min(len(head.group(0)), len(tail.group(0))) <= 2:
            if (head.group(0) + tail.group(0)).lower() in printed:
                suspects.append(f"{head.group(0)} {tail.group(0)}")
    return suspects


def load_tool(path: Path):
    """The shared scorer as a module, so that (b) reuses its parser, skip rules and word pattern."""
    spec = importlib.util.spec_from_file_location("shared_fidelity", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell_aware_body(tool):
    """The shared scorer's HTML body reader, also counting ``<span>`` text that sits directly in a table cell."""

    class BodyWithCells(tool.Body):
        def __init__(self):
            super().__init__()
            self.open_cells = 0
            self.span_depth = 0   # > 0 while collecting a table-cell span (nested spans counted)

        def handle_starttag(self, tag, attrs):
            if tag == "td":
                self.open_cells += 1
            if tag == "span" and self.span_depth:
                self.span_depth += 1
            elif tag == "span" and self.cur is None and self.open_cells:
                self.cur, self.cur_skip, self.span_depth, self.depth = [], False, 1, 0
                return
            super().handle_starttag(tag, attrs)

        def handle_endtag(self, tag):
            if tag == "td":
                self.open_cells -= 1
            if tag == "span" and self.span_depth:
                self.span_depth -= 1
                if self.span_depth == 0:
                    text = "".join(self.cur)
                    if not tool.LABEL.match(text):
                        self.paras.append(text)
                    self.cur = None
                return
            super().handle_endtag(tag)

    return BodyWithCells


def html_words(tool, body_class, html: Path) -> Counter:
    """Word multiset of the HTML body from "Having regard to the Treaty" on, as the shared scorer reads it."""
    body = body_class()
    body.feed(html.read_text(encoding="utf-8"))
    start = next(i for i, para in enumerate(body.paras) if "Having regard to the Treaty" in para)
    return Counter(word for para in body.paras[start:] for word in tool.words(para))


def main() -> None:
    default_corpus = Path(os.environ.get("POLICYLENS_CORPUS_DIR", REPO.parent / "shared" / "corpus"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus, help="folder of the official texts")
    parser.add_argument("--tool", type=Path, default=REPO.parent / "shared" / "tools" / "fidelity.py",
                        help="the shared fidelity scorer")
    parser.add_argument("--show", type=int, default=0, help="list the N most over/under-represented words")
    parser.add_argument("--nodes", type=int, default=0, help="list the N nodes with most words the HTML lacks")
    args = parser.parse_args()

    for pdf in sorted(args.corpus.glob("*.pdf")):
        started = time.perf_counter()
        source = read_pdf(pdf)
        seconds = time.perf_counter() - started
        suspects = Counter(suspected_splits(source.lines))
        print(f"read {pdf.name}: {len(source.lines)} lines, {len(source.footnotes)} footnotes, "
              f"{source.metadata['page_count']} pages in {seconds:.2f} s; "
              f"{sum(suspects.values())} suspected split words {suspects.most_common(5)}")

    started = time.perf_counter()
    source = read_pdf(args.corpus / f"{DOC_ID}.pdf")
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    nodes = eu.parse(source, DOC_ID)
    parse_seconds = time.perf_counter() - started
    print(f"EU AI Act: read {read_seconds:.2f} s, parsed {len(nodes)} nodes in {parse_seconds:.2f} s")

    html = args.corpus / f"{DOC_ID}.html"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for node in nodes:
            if node.text:
                handle.write(json.dumps({"id": node.id, "doc": node.doc, "cite": node.cite,
                                         "text": node.text}, ensure_ascii=False) + "\n")
        provisions = handle.name
    try:
        command = [sys.executable, str(args.tool), provisions, str(html), "--doc", DOC_ID, "--show", str(args.show)]
        print("(a) shared scorer, <p> text only:")
        print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="")
    finally:
        os.unlink(provisions)

    tool = load_tool(args.tool)
    expected = html_words(tool, cell_aware_body(tool), html)
    produced = Counter(word for node in nodes if node.text for word in tool.words(node.text))
    common = sum((expected & produced).values())
    print("(b) same method, table-cell <span> text counted as body text:")
    print(f"html_words={sum(expected.values())} provision_words={sum(produced.values())} "
          f"recall={common / sum(expected.values()):.4f} precision={common / sum(produced.values()):.4f}")
    missing = expected - produced
    numbers = sum(count for word, count in missing.items() if word.isdigit())
    print(f"missing words that are bare numbers (mostly paragraph numbers kept in Node.label): "
          f"{numbers} of {sum(missing.values())}")
    if args.show:
        print("missing from provisions:", missing.most_common(args.show))
        print("extra in provisions:   ", (produced - expected).most_common(args.show))
    if args.nodes:
        extra = produced - expected
        ranked = []
        for node in nodes:
            own = Counter(tool.words(node.text))
            # a word the provisions over-produce is charged to its nodes in proportion to their use of it
            unexpected = sum(count * extra[word] / produced[word] for word, count in own.items() if extra[word])
            if unexpected:
                ranked.append((unexpected, node))
        for unexpected, node in sorted(ranked, key=lambda pair: -pair[0])[:args.nodes]:
            print(f"{unexpected:6.1f}  {node.id}  p.{node.page}  {node.text[:140]!r}")


if __name__ == "__main__":
    main()
