"""Parse a document of any drafting style into a provision tree with its own citations.

Every user-added file goes through this reader.  It knows no instrument; it knows how
instruments are written:

* ``layout.blocks`` rebuilds the paragraphs a reader sees (PDF lines joined, page furniture
  and footnotes set apart);
* ``numbering.read_label`` recognises the label opening each paragraph — a named heading
  (``Sec. 552.051.``, ``Commitment 3``, ``GOVERN 1.1:``), a code section (``22757.12.``), an
  outline number or an enumerator — and ``numbering.split_inline`` cuts lists run into one
  paragraph;
* nesting is decided by the sequence itself: a label goes where it continues an open list
  (after ``(h)`` comes the letter ``(i)``, after ``(iv)`` the numeral ``(v)``), otherwise it
  opens a new list one level down; where the label alone cannot tell, the labels that follow
  and the indentation of the page decide;
* named headings nest by the hierarchy every legislature shares (part > chapter > section),
  and an instrument's own keywords by their numbers (``Measure 1.2`` sits in ``Commitment 1``,
  ``GOVERN 1.1`` in ``GOVERN 1``);
* unnumbered paragraphs belong to the heading or titled item they follow; a list that follows
  a paragraph ending in a colon hangs from it, so that its items carry that paragraph as stem.

Citations use the document's own numbering: ``Sec. 552.051(b)(2)``, ``Measure 1.2(3)``,
``Section 3(a)(i)(F)``, ``GOVERN 1.1``, ``Bus. & Prof. Code § 22757.12(a)``.  A node's
``section`` is the unit such a citation starts from.  Text before any heading becomes
"Para. 1", "Para. 2", … so that nothing is dropped, and the parser never fails on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice

from policylens.ingest.legend import brackets_delete, is_legend
from policylens.ingest.source import SourceText
from policylens.model import Node
from policylens.structure.contents import tables_of_contents
from policylens.structure.layout import Block, blocks
from policylens.structure.numbering import (DIVISION_RANKS, ENDS_CLAUSE, SECTION_KEYWORDS, SECTION_RANK,
                                            TITLE_FOLLOWS, Label, bids, is_elision, is_title, ocr_roman, own_keywords,
                                            read_bare_section, read_label, split_inline, split_title)
from policylens.structure.units import (AMENDING_CLAUSE, inserts_quotation, is_list_stem, quotation_closed,
                                       split_sentences, unique_id)

_ITEM_RANK = 100.0            # items rank below every heading
_HEADING_CHARS = 160          # longer paragraphs are never headings
_X_TOLERANCE = 4.0            # points: labels this close are set at the same indentation
_LABEL_CHAR = (3.0, 7.0)      # points: the narrowest and widest a label's character is printed
_LIST_CONTINUES = re.compile(r"[;,]\s*(?:and|or)$", re.I)    # an item's "…; and", which no title ends with
_TITLE_ITEM_WORDS = 10       # an item of nothing but a title this short heads the text after it
_LOOKAHEAD = 40               # paragraphs searched for the label that settles an ambiguous one
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Exhibit|Box|Chart)\s+\d+[A-Za-z]?(?:[.:]|\s+[-–—])", re.I)
# what opens a sentence and no title ("This chapter expires …", "This Code comes into force …")
_SENTENCE_OPENING = r"(?!(?:This|That|These|The|A|An|Each|Every|No|Any|It|Nothing)\b)"
# a heading's title in sentence case before the text it heads: "Developer duty to avoid
# algorithmic discrimination - required documentation. (1) On and after …"
_SENTENCE_CASE_TITLE = re.compile(rf"^{_SENTENCE_OPENING}(?P<title>[A-Z][^.;:()]{{2,120}}?)\.\s+"
                                  r"(?P<body>(?:\([0-9a-zA-Z]{1,3}\)\s|[0-9]{1,2}\.\s|[A-Z]).+)$", re.S)
# a heading's whole text a short phrase in sentence case
_SHORT_TITLE = re.compile(rf"^{_SENTENCE_OPENING}[A-Z][^.;:()\d]{{2,80}}\.$")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,6})$", re.I)
# a citation that ends in an outline number: "Section 4.1", "Sec. 2.0"
_CITED_NUMBER = re.compile(r"^(?P<keyword>.*?\s)(?P<number>[0-9]{1,2}(?:\.[0-9]{1,3})+)$")
# the text a bill's legend says it deletes
_BRACKETED = re.compile(r"\s*\[[^\[\]]{1,400}\]")
# the marks a legislature prints before a new or amended section's text
_NEW_SECTION = re.compile(r"^NEW SECTION\.\s+(?=(?:Section|SECTION|Sec\.)\s*\d)")
_EDITORIAL_MARKS = re.compile(r"^(?:\((?:NEW|New|Effective [^()]{3,60}|Amended[^()]{0,60}|Repealed[^()]{0,60})\)\s*)+")
_EDITORS_NOTE = re.compile(r"^(?:\((?:Source|Amended|Added|Repealed|Deleted)\b[^()]*\)|\[(?:This|Amended|Added|Newly|Deleted|"
                           r"Enforcement|Repealed)\b[^\[\]]*\]|<(?:Amended|Added|Newly|Deleted)\b[^<>]*>)\.?$")
_STATES = re.compile(r"\b(?:shall|must|may|will|is|are|was|were|means|has|have|does|do)\b", re.I)
_UNFINISHED_TITLE = re.compile(r"(?<![-\w])(?:and|or|of|for|to|in|on|with|the|a|an)$")
_NOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$", re.S)
_KINDS = {"sec.": "section", "§": "section", "code": "section", "art.": "article"}
_CODE_NAMES = {
    "business and professions": "Bus. & Prof.", "government": "Gov.", "labor": "Lab.",
    "health and safety": "Health & Saf.", "civil": "Civ.", "penal": "Pen.", "education": "Educ.",
    "insurance": "Ins.", "public utilities": "Pub. Util.", "welfare and institutions": "Welf. & Inst.",
    "corporations": "Corp.", "financial": "Fin.", "vehicle": "Veh.", "revenue and taxation": "Rev. & Tax.",
    "elections": "Elec.", "civil procedure": "Code Civ. Proc.", "evidence": "Evid.",
}
_CODE_REFERENCE = re.compile(r"\b(?:of|to) the ((?:[A-Z][a-z]+ )+(?:and [A-Z][a-z]+ )?)Code\b")
# The words that enact an instrument; what comes before them introduces it and binds no one.
_ENACTING_FORMULA = re.compile(
    r"(?:\bha(?:ve|s) (?:adopted this (?:regulation|directive|decision|recommendation)|agreed as follows)"
    r"|\bdo(?:es)? (?:hereby )?enact as follows|\bhereby enacts?\b[^.]*"
    r"|\bbe it (?:further )?(?:enacted|ordained|resolved) by\b[^.]*|\bit is hereby ordered (?:as follows|that))"
    r"\s*[:,]?\s*$", re.I)
_WHEREAS = re.compile(r"^whereas\s*:?\s*$", re.I)
# What may come before an instrument's enacting formula; its first article or section ends the
# search, so that a model bill quoted in an appendix enacts nothing before it.
_DIVISION_KINDS = frozenset({"chapter", "part", "title", "book", "division", "subtitle", "subchapter", "subpart"})
_INTRODUCTORY_KINDS = frozenset({"heading", "paragraph", "point", "bullet", "sentence", "note", "figure",
                                 "fragment", "front"})


@dataclass
class _Open:
    """An element whose children may still follow: a heading or an enumerated item."""

    node: Node
    rank: float
    number: str = ""                  # heading or outline number ("1.2"), for nesting by prefix
    style: tuple = ()                 # item: (form, reading style)
    value: int = 0                    # item: position in its list
    x: float = 0.0                    # where its label is printed (0 when unknown)
    body_x: float = 0.0               # where its text runs on
    container: bool = False           # holds paragraphs: a heading or a titled item
    list_parent: Node | None = None   # the node its list hangs from
    keyword: str = ""
    size: float = 0.0
    stem_holder: Node | None = None   # the last paragraph inside it, which a new list hangs from
    inserts: frozenset | None = None  # amending: the keywords of the headings before it; the
                                      # headings after it of other keywords are what it inserts


@dataclass
class _State:
    doc_id: str
    body_size: float
    nodes: list[Node] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    paragraphs: int = 0
    code_name: str = ""               # the code the sections being inserted belong to
    principal_code: str = ""          # the first code the instrument inserts sections into
    quoting: bool = False             # in the quotation of the text an amendment inserts
    pending_title: Node | None = None
    pending_type: tuple[float, bool] = (0.0, False)   # size and weight its title is set in
    keywords: set[str] = field(default_factory=set)   # of the instrument's own headings so far
    outline_top: int = 0              # the highest top number of an outline section so far
    bare_section: float = 0.0         # the number of the last section printed as a bare number ("5 (1) …")
    own_keywords: frozenset = frozenset()   # the words it numbers paragraphs by ("Provision 1.1")
    top_heading: Node | None = None   # an unlabelled heading that holds text outside any section
    last_paragraph: Node | None = None   # the last "Para. N" since that heading, which bullets follow


def parse(source: SourceText, doc_id: str) -> list[Node]:
    """The document's provisions in reading order, parents before children."""
    paragraphs, body_size = blocks(source)
    paragraphs = _without_deleted_text(paragraphs)
    state = _State(doc_id, body_size)
    notes: list[tuple[int | None, str]] = []
    contents = tables_of_contents(paragraphs)
    state.own_keywords = own_keywords([block.text for block in paragraphs])
    for index, block in enumerate(paragraphs):
        if index in contents:
            if contents[index] is not None:
                _add_contents(state, block, [paragraphs[i].text for i in contents[index]])
            continue
        pieces = split_inline(block.text)
        following = partial(_labels_after, paragraphs, index)
        for number, piece in enumerate(pieces):
            inline = number > 0
            _feed(state, block, piece, following, inline)
        notes.extend((block.page, text) for text in block.notes)
    notes.extend((note.page, f"{note.label} {note.text}") for note in source.footnotes if note.label)
    for page, text in notes:
        _footnote(state, page, text)
    _gather_cover(state)
    _mark_preamble(state)
    return state.nodes


def _without_deleted_text(paragraphs: list[Block]) -> list[Block]:
    """A bill that says it prints deleted text in brackets ("Matter in brackets [ ] is old law to be
    omitted", "deleted language is in [brackets]") is read as it will stand: "[December 31, 2023]
    January 1, 2026" is January 1, 2026.  Other brackets stay."""
    legend = next((block for block in paragraphs if brackets_delete(block.text)), None)
    if legend is None:
        return paragraphs
    return [block if block is legend else replace(block, text=_BRACKETED.sub("", block.text).strip())
            for block in paragraphs if block is legend or _BRACKETED.sub("", block.text).strip()]


def _add_contents(state: _State, block: Block, entries: list[str]) -> None:
    """A table of contents, set apart from the instrument as its cover is."""
    title = block.text
    entries = [entry for entry in entries if not _PAGE_NUMBER.match(entry)]
    _add(state, kind="front", cite=title, section=title, heading=title, text=" ".join(entries),
         parent=None, page=block.page, slug=title)


def _mark_preamble(state: _State) -> None:
    """What an instrument says before its enacting formula ("HAVE ADOPTED THIS REGULATION:",
    "The people of the State of California do enact as follows:", "BE IT ENACTED BY THE
    LEGISLATURE …") is its preamble: the citations of its authority, a bill's digest, a
    regulation's recitals.  It explains and binds no one, so its paragraphs, points and bullets
    become preamble, and the numbered points after "Whereas:" recitals, cited as such ("Recital
    12").  Only a formula before the instrument's first article or section counts, and a list it
    announces is the instrument itself; a chapter or part before it is the bill's number in the
    statutes ("CHAPTER 417"), front matter that holds nothing after the formula.  An instrument
    with no formula (a code of practice) may still open with recitals: the points after its
    "Whereas:" are recitals too."""
    nodes = state.nodes
    divisions: list[Node] = []     # a chapter or part before the formula: a chaptered bill's "CHAPTER 417"
    introduction = len(nodes)
    for position, node in enumerate(nodes):
        if _ENACTING_FORMULA.search(node.text) or node.kind not in _INTRODUCTORY_KINDS | _DIVISION_KINDS:
            introduction = position
            break
        if node.kind in _DIVISION_KINDS:
            divisions.append(node)
    whereas = next((position for position, node in enumerate(nodes[:introduction + 1])
                    if _WHEREAS.match(node.text)), None)
    if introduction == len(nodes) or nodes[introduction].kind not in _INTRODUCTORY_KINDS:
        if whereas is not None:     # no formula: the recitals run until their list ends
            _mark_recitals(nodes, whereas, len(nodes))
        return
    formula = introduction
    enacting = nodes[formula]
    for node in nodes[formula + 1:]:
        if node.parent == enacting.id:   # a list the formula announces is the instrument itself
            node.parent = enacting.parent
            node.stem = "" if node.stem == enacting.text else node.stem
    for division in divisions:          # the bill's number in the statutes, holding only its front matter
        division.kind = "front"
        for node in nodes[formula + 1:]:
            if node.parent == division.id:
                node.parent = division.parent
    if whereas is not None:
        _mark_recitals(nodes, whereas, formula)
    for node in nodes[:formula + 1]:
        if node.kind in ("paragraph", "point", "bullet"):
            node.kind = "preamble"


def _mark_recitals(nodes: list[Node], whereas: int, limit: int) -> None:
    """The run of numbered points (titled or not) right after the "Whereas:" paragraph, hanging
    from it or from what holds it, each numbered after the one before, are recitals cited
    "Recital 12" or "Recital (a)"; what they hold (their footnotes, which come last, included) is
    cited from them.  The run ends at the first other node before ``limit`` ("The Signatories
    commit as follows:", the first article)."""
    holders = {nodes[whereas].id, nodes[whereas].parent}
    renamed: dict[str, tuple[str, str]] = {}   # node id -> (its citation, the recital's)
    previous, ended = "", False
    for position, node in enumerate(nodes):
        if position <= whereas or (ended or position >= limit) and node.parent not in renamed:
            continue
        label = node.label.strip("()")
        if node.parent in holders and node.kind in ("point", "section") and label and _follows(previous, label):
            renamed[node.id] = (node.cite, f"Recital {label}" if label[:1].isdigit() else f"Recital ({label})")
            node.kind, previous = "recital", label
        elif node.parent in renamed:
            renamed[node.id] = renamed[node.parent]
        else:
            # a page's running head between two recitals does not end them; a heading, a
            # point numbered otherwise or a paragraph that announces something ("The
            # Signatories commit as follows:") does
            ended = node.kind not in ("fragment", "figure", "note") and not (
                node.kind == "paragraph" and not node.text.rstrip().endswith(":"))
            continue
        old, new = renamed[node.id]
        node.cite, node.section = new + node.cite[len(old):] if node.cite.startswith(old) else new, new


def _follows(previous: str, label: str) -> bool:
    """Whether ``label`` numbers the point after ``previous`` ("" before the first): 3 after 2, c
    after b, 2a after 2 and 3 after 2a; a number after a letter or a letter after a number does
    not."""
    if not previous:
        return True
    inserted = re.fullmatch(r"([0-9]+)[A-Za-z]{1,2}", label)
    if inserted:    # "(2a)" inserted after "(2)"
        return inserted.group(1) == previous
    previous = re.sub(r"(?<=[0-9])[A-Za-z]{1,2}$", "", previous)    # "(3)" after "(2a)"
    if previous.isdigit() or label.isdigit():
        return previous.isdigit() and label.isdigit() and int(label) == int(previous) + 1
    if len(previous) == len(label) == 1:
        return ord(label.lower()) == ord(previous.lower()) + 1
    return True


def _gather_cover(state: _State) -> None:
    """A first page, or first pages, of nothing but lines set as headings (a title, its
    subtitle, the names of a code's chairs) is a cover, not a run of sections: those headings
    become one cover, set apart from the instrument like a bill's digest.  A page that holds
    anything else, or a heading that anything is placed under, ends the cover."""
    nodes = state.nodes
    parents = {node.parent for node in nodes}
    pages: dict[int | None, bool] = {}
    for node in nodes:
        alone = node.kind == "heading" and node.parent is None and not node.text and node.id not in parents
        pages[node.page] = pages.get(node.page, True) and alone
    count = 0
    while count < len(nodes) and nodes[count].page is not None and pages[nodes[count].page]:
        count += 1
    if count < 2 or count == len(nodes):
        return
    lines = [node.heading for node in nodes[:count]]
    cover = Node(id=unique_id(f"{state.doc_id}/cover", state.used_ids, separator="-"), doc=state.doc_id,
                 kind="front", cite="Cover", section="Cover", text=" ".join(lines), page=nodes[0].page)
    state.nodes[:count] = [cover]


def _feed(state: _State, block: Block, text: str, following, inline: bool) -> None:
    text = _NEW_SECTION.sub("", text)   # "NEW SECTION. Section 2. Definitions. …": Montana's mark of an added section
    heading_style = not inline and _heading_style(block, text, state.body_size)
    label = read_label(text, heading_style=heading_style, own_keywords=state.own_keywords)
    if state.bare_section and not inline and (label is None or label.kind == "item" and label.form == "."
                                                and _numbers_next_section(state, label)):
        label = read_bare_section(text, state.bare_section) or label
    if label and label.bare:
        state.bare_section = label.value
    if label and label.kind == "item" and heading_style:
        label = _as_top_section(state, label, following)
    if label and label.separator == TITLE_FOLLOWS and label.keyword == "Section" and label.number.isdigit() \
            and any(o.keyword == "outline" for o in state.stack):
        # "1 Scope" after "0.1 General": the next top section of the document's outline
        label = Label("outline", label.rest, number=label.number, readings=[("outline", 1)])
    if label and label.kind == "outline" and _restates_heading(state, label):
        text = label.rest       # "3.1(1) A Member must …" under "Principle 3.1": its (1)
        label = read_label(text)
    if label and label.kind == "outline":
        label = _as_subheading(state, label)
    titled = label and label.kind == "outline" and (heading_style or is_title(label.rest) or _names_only(label.rest))
    if label and label.kind == "outline" and (titled or _continues_outline(state, label)):
        _outline_heading(state, block, label, following, titled)
    elif label and label.kind in ("heading", "code"):
        _heading(state, block, label, heading_style, following)
    elif label:
        _item(state, block, label, heading_style, following, inline)
    elif _completes_title(state, block, text, heading_style):
        state.pending_title.heading = f"{state.pending_title.heading} {text}".strip()
        state.pending_title = None
    elif heading_style:
        _unlabelled_heading(state, block, text)
    else:
        _paragraph(state, block, text)


def _numbers_next_section(state: _State, label: Label) -> bool:
    """Whether "4." is the section after "3.—(1) …" rather than an item: outside any section, or
    numbered next while no list numbered so is open."""
    in_section = any(SECTION_RANK <= o.rank < _ITEM_RANK for o in state.stack)
    listed = any(o.style == (".", "digit") for o in state.stack)
    return not in_section or (not listed and ("digit", int(state.bare_section) + 1) in label.readings)


def _names_only(text: str) -> bool:
    """A few words in sentence case without a verb or a sentence's ending: the title of a section
    numbered 4.1 in a plain-text standard ("4.1 Understanding the organization and its context")."""
    return _is_fragment(text) and not _STATES.search(text) and text[:1].isupper()


def _completes_title(state: _State, block: Block, text: str, heading_style: bool) -> bool:
    """Whether an unlabelled line is the title of the heading before it: set as a heading under
    a bare "CHAPTER 5", or in the same type as a title it completes ("… documentation and" /
    "transparency"), or, in plain text, a line of capitals under a bare "PART 17"."""
    pending = state.pending_title
    if pending is None:
        return False
    if heading_style:
        return not pending.heading or (state.pending_type == (block.size, block.bold) and (
            bool(_UNFINISHED_TITLE.search(pending.heading)) or text.split()[0].islower()))
    return not pending.heading and (text.isupper() and is_title(text) or _is_fragment(text) and text[:1].isupper())


def _heading_style(block: Block, text: str, body_size: float) -> bool:
    """Set apart as a heading: bold or larger type, short, and not ending a clause."""
    if len(text) > _HEADING_CHARS or text.rstrip().endswith((";", ",")):
        return False
    larger = bool(body_size and block.size and block.size >= body_size + 0.5)
    return block.bold and len(text) < 100 or larger


# -- headings ---------------------------------------------------------------------------------

def _heading(state: _State, block: Block, label: Label, heading_style: bool, following, *,
             rank: float | None = None, keyword: str = "") -> None:
    """Open a named heading: close what ranks at or below it and place it in what remains.
    ``rank`` and ``keyword`` are given for numbered section headings (see ``_outline_heading``)."""
    keyword = keyword or label.rank_keyword
    known = keyword in DIVISION_RANKS or keyword in SECTION_KEYWORDS or keyword == "outline"
    if rank is None:
        rank = float(DIVISION_RANKS.get(keyword, SECTION_RANK))
    inserting = next((o for o in reversed(state.stack) if o.inserts is not None), None)
    if inserting and keyword != inserting.keyword and keyword not in inserting.inserts:
        # the text an amending section inserts keeps its own hierarchy inside that section,
        # which the section's next sibling closes, or a heading of a kind the instrument itself
        # used before it ("TITLE II" after "TITLE I … SEC. 101. … to read as follows:")
        rank = inserting.rank + (1 + rank) / 1000
    else:
        state.keywords.add(keyword)
    if "." in label.number and not label.joined and keyword != "outline":
        # numbered within an open heading: of an instrument's own keyword ("Measure 1.2" in
        # "Commitment 1"), or of the same keyword ("Sec. 4.1" in "Sec. 4")
        prefix = label.number.rsplit(".", 1)[0]
        parent = next((o for o in reversed(state.stack) if o.number == prefix and o.rank < _ITEM_RANK
                       and (not known or o.keyword == keyword)), None)
        if parent:
            rank = parent.rank + 0.5
    while state.stack and state.stack[-1].rank >= rank:
        state.stack.pop()
    title, body = _title_and_body(label, heading_style)
    name = label.name
    if label.kind == "code" and state.code_name != state.principal_code:
        name = f"{state.code_name} Code {name}"
    enclosing = _innermost_heading(state)
    section = name if keyword == "outline" else _section_for(keyword, known, name, enclosing)
    node = _add(state, kind=_KINDS.get(keyword, keyword if known and keyword != "outline" else "section"),
                label=label.number,
                cite=name, section=section, heading=title, parent=enclosing.node if enclosing else None,
                page=block.page, slug=name)
    state.stack.append(_Open(node, rank, number=label.number, container=True, keyword=keyword,
                             size=block.size, x=block.x, body_x=block.body_x))
    # a title on the next line, or the rest of one that runs on to it in the same type
    # ("… documentation and" / "transparency", "… matters each AI" / "business actor works on")
    state.pending_title = None if body else node
    state.pending_type = (block.size, block.bold)
    state.top_heading = state.last_paragraph = None
    body = _EDITORIAL_MARKS.sub("", body) if body else body     # "(NEW) (Effective October 1, 2025) (a) …"
    if body:
        nested = read_label(body)
        if nested and nested.kind == "item":
            _item(state, block, nested, False, following, inline=True)
        else:
            node.text = body
            _note_amending_clause(state, body)


def _as_top_section(state: _State, label: Label, following) -> Label:
    """"2. Audience" set as a heading, where the document numbers its sections 1.1, 1.2.1, is
    its section 2, not an item "(2)" of whatever precedes it: a sectioned document whose
    subsections run 1.1, 1.2 numbers its top sections 1, 2.  It is one when the outline around
    it agrees: an open section numbered from the one before (1.2.4 before 2), or, for the first,
    its first subsection next (1.1 after 1).  The next item of a numbered list ("1. Risk
    Measurement", "2. Risk Tolerance" set in bold inside 1.2) is no section."""
    number = next((value for style, value in label.readings if style == "digit"), None)
    if number is None or label.form != "." or not is_title(label.rest):
        return label
    if number != state.outline_top + 1 or any(o.style == (".", "digit") and o.value == number - 1
                                              for o in state.stack):
        return label    # not the next top section, or the next item of a numbered list
    opens_next = next((later.number == f"{number}.1" for later, _ in following(("outline",))), False)
    if not (state.outline_top or opens_next):
        return label
    return Label("outline", label.rest, number=str(number), readings=[("outline", 1)])


def _restates_heading(state: _State, label: Label) -> bool:
    """Whether a paragraph's outline number is that of the heading it sits in, printed again
    before the paragraph's own number or text ("Principle 3.1 — Governance", then "3.1(1) A
    Member …"; "Principle 3.3 — Fair treatment", then "3.3 A Member must not …")."""
    heading = _innermost_heading(state)
    return bool(heading and "." in label.number and heading.node.cite.endswith(f" {label.number}")
                and heading.keyword != "outline" and heading.keyword not in DIVISION_RANKS)


def _continues_outline(state: _State, label: Label) -> bool:
    """Whether a numbered paragraph is the next section of an open section of the document's
    outline ("4.2 Agency personnel shall not:" after the section "4.1 Approved tools"), not a
    paragraph inside it.  A section numbered "4.0" holds its "4.1", "4.2"."""
    prefix, depth = label.number.rsplit(".", 1)[0], label.number.count(".")
    return any(o.keyword == "outline" and o.number.count(".") == depth and o.number.rsplit(".", 1)[0] == prefix
               and not o.number.endswith(".0") and o.number != label.number for o in state.stack)


def _as_subheading(state: _State, label: Label) -> Label:
    """"4.1." under "Sec. 4." is that section's subsection "Sec. 4.1", named like its parent.
    A number that continues an open section of the document's own outline (5.3 after 5.2) is
    that outline's, even inside a keyword heading of the same number ("MAP 5")."""
    if "." not in label.number:
        return label
    prefix = label.number.rsplit(".", 1)[0]
    if any(o.keyword == "outline" and o.number.count(".") == label.number.count(".")
           and o.number.rsplit(".", 1)[0] == prefix for o in state.stack):
        return label
    parent = next((o for o in reversed(state.stack) if o.rank < _ITEM_RANK and o.number == prefix), None)
    if parent is None or not parent.keyword or parent.keyword == "outline":
        return label
    return Label("heading", label.rest, keyword=parent.node.cite.split(" ")[0], number=label.number,
                 separator=TITLE_FOLLOWS if _names_only(label.rest) else ".")


def _outline_heading(state: _State, block: Block, label: Label, following, titled: bool = True) -> None:
    """"5.2 Map", "1.2 Challenges for AI Risk Management": a numbered section heading of a
    document that numbers its sections 1, 1.1, 1.1.2.  It takes the place of the open section it
    continues (5.2 after 5.1, whatever was opened inside 5.1) or opens inside the one its number
    extends; otherwise it ranks just above an instrument's own keywords, which such sections
    hold (the NIST framework's "GOVERN 1" rows sit in its section 5.1).  An untitled one
    ("4.2 Agency personnel shall not:") opens with its text."""
    parts = label.number.split(".")
    prefix = ".".join(parts[:-1])
    rank = SECTION_RANK - 0.5
    if parts[0].isdigit():
        state.outline_top = max(state.outline_top, int(parts[0]))
    for entry in reversed(state.stack):
        if entry.keyword != "outline":
            continue
        siblings = entry.number.split(".")
        if len(siblings) == len(parts) and ".".join(siblings[:-1]) == prefix:
            rank = entry.rank       # the next section at this level
            break
        if entry.number == prefix:
            rank = entry.rank + 0.1  # a subsection
            break
    heading = Label("heading", label.rest, keyword="Section", number=label.number)
    _heading(state, block, heading, titled, following, rank=rank, keyword="outline")


def _title_and_body(label: Label, heading_style: bool) -> tuple[str, str]:
    if label.title or label.bare:     # a bare number's text is all text ("6 A person who … with respect to")
        return label.title, (label.rest or "").strip()
    rest = label.rest.strip()
    if not rest:
        return "", ""
    if label.separator == ":":
        return "", rest
    if label.separator == TITLE_FOLLOWS and len(rest) <= _HEADING_CHARS and not ENDS_CLAUSE.search(rest):
        return rest, ""     # "Part 2—Obligations of deployers", "10  Deployer must notify"
    if heading_style and len(rest) <= _HEADING_CHARS:
        return rest, ""
    title, body = split_title(rest)
    if title:
        return title, body
    phrase = _SENTENCE_CASE_TITLE.match(rest) if label.separator == "." else None
    if phrase and not _STATES.search(phrase.group("title")):
        return phrase.group("title"), phrase.group("body")   # "6-1-1701. Definitions. As used …"
    if label.separator == "." and _SHORT_TITLE.match(rest) and not _STATES.search(rest) and not bids(rest):
        return rest[:-1], ""    # "§ 59.1-607. Definitions.", "§ 59.1-608. Operating standards for developers."
    if (rest.isupper() or is_title(rest)) and len(rest) <= _HEADING_CHARS:
        return rest.rstrip("."), ""
    if not label.separator and not ENDS_CLAUSE.search(rest) and len(rest.split()) <= 12:
        return rest, ""     # "Section 2 Duties of suppliers": a title in sentence case
    return "", rest


def _section_for(keyword: str, known: bool, name: str, enclosing: _Open | None) -> str:
    """The unit a citation of this heading starts from: the innermost section-level heading
    (Section, Sec., Article, §); for an instrument's own keywords the outermost of them."""
    if keyword in SECTION_KEYWORDS:
        return name
    if not known and enclosing and enclosing.node.section and not _is_division(enclosing):
        return enclosing.node.section
    return name


def _is_division(entry: _Open) -> bool:
    return entry.keyword in DIVISION_RANKS and entry.keyword not in SECTION_KEYWORDS


def _innermost_heading(state: _State) -> _Open | None:
    return next((o for o in reversed(state.stack) if o.rank < _ITEM_RANK), None)


def _note_amending_clause(state: _State, text: str) -> None:
    """An amending clause ("Title 11, Business & Commerce Code, is amended by adding Subtitle D
    to read as follows:") inserts the text after it into the section that says so, chapters and
    sections included, until that section's next sibling or a heading of a kind the instrument
    used before it (see ``_heading``).  Remember the code it inserts sections into ("… is added
    to Division 8 of the Business and Professions Code, to read:"), to name the code sections
    that follow.  The first code the instrument inserts into is the one it is mainly about, and
    its sections keep their bare numbers, as the bill's own profile cites them ("§ 22603(a)" beside
    "Gov. Code § 11547.6(c)")."""
    heading = _innermost_heading(state)
    if heading is not None and AMENDING_CLAUSE.search(text):
        heading.inserts = frozenset(state.keywords)
    match = _CODE_REFERENCE.search(text)
    if match and "to read" in text:
        words = match.group(1).strip().lower()
        state.code_name = _CODE_NAMES.get(words, match.group(1).strip())
        state.principal_code = state.principal_code or state.code_name


def _unlabelled_heading(state: _State, block: Block, text: str) -> None:
    """A title without a number.  Set larger than the sections open around it, it begins a new
    part of the document; otherwise it is a subheading that closes the lists above it."""
    headings = [o for o in state.stack if o.rank < _ITEM_RANK]
    larger = not headings or (block.size and block.size > max(o.size for o in headings) + 0.9)
    if larger or not headings:
        state.stack.clear()
    else:
        while state.stack and not state.stack[-1].container:
            state.stack.pop()
        if _display_type(block.size, state.body_size):
            _close_sized_siblings(state, block.size)
    owner = state.stack[-1] if state.stack else None
    node = _add(state, kind="heading", cite=owner.node.cite if owner else text[:80],
                section=owner.node.section if owner else text[:80], heading=text,
                parent=owner.node if owner else None, page=block.page, slug=f"heading {text[:40]}")
    if owner is None:
        state.top_heading, state.last_paragraph = node, None
    else:
        owner.stem_holder = None
    state.pending_title = None


def _display_type(size: float, body_size: float) -> bool:
    """Set in display type, as a document's chapter titles are, well above its body."""
    return bool(size and body_size and size >= body_size * 1.5)


def _close_sized_siblings(state: _State, size: float) -> None:
    """Close the open headings an unnumbered title of ``size`` is a sibling of: one set no
    smaller than a heading whose numbered divisions are set smaller than it ("Glossary" in the
    20-point type of "Commitment 10", whose measures are set in 12 points).  Where a document
    sets its divisions in the type of what holds them, or a heading has none open, size says
    nothing of level, and the title stays inside."""
    headings = [(depth, o) for depth, o in enumerate(state.stack) if o.rank < _ITEM_RANK and o.size]
    for position, (depth, entry) in enumerate(headings):
        divided = any(inner.size < entry.size - 0.9 for _, inner in headings[position + 1:])
        if divided and entry.size <= size + 0.5:
            del state.stack[depth:]
            return


# -- enumerated items -------------------------------------------------------------------------

def _item(state: _State, block: Block, label: Label, heading_style: bool, following,
          inline: bool) -> None:
    state.pending_title = None
    x = 0.0 if inline else block.x
    base = next((i for i in range(len(state.stack) - 1, -1, -1) if state.stack[i].rank < _ITEM_RANK), -1)
    depth, style, value = _place(state.stack, base + 1, label, x, following)
    sibling = state.stack[depth] if depth < len(state.stack) and state.stack[depth].style == style else None
    del state.stack[depth:]
    container = state.stack[-1] if state.stack else None
    # an item continuing a list hangs where its first item does; a new list from what announces it
    list_parent = sibling.list_parent if sibling else _list_parent(state, container, label)
    printed = _printed_label(label, style)
    title, text = (label.title, label.rest) if label.title else _item_title(label.rest, heading_style)
    text = "" if is_elision(text) else text     # "(b) * * *": only the place of what is amended
    if container is None and label.kind == "bullet":   # after the paragraph or heading before it
        anchor = state.last_paragraph or state.top_heading
        section = anchor.section if anchor else f"Bullet {value}"
        cite = f"{anchor.cite}, bullet {value}" if anchor else section
    elif container is None and list_parent is not None and list_parent.kind == "paragraph":
        cite, section = f"{list_parent.cite}({printed})", list_parent.section
    elif container is None:
        cite = section = f"Section {printed}" if title else f"Para. {printed}"
    elif label.kind == "bullet":
        cite, section = f"{container.node.cite}, bullet {value}", container.node.section
    else:
        cite = _outline_cite(container.node.cite, printed) if label.kind == "outline" else ""
        cite = cite or (f"{container.node.cite}({printed})" if container.node.cite else f"({printed})")
        section = container.node.section
    slug = f"bullet-{value}" if label.kind == "bullet" else printed
    node = _add(state, kind="bullet" if label.kind == "bullet" else ("section" if title and container is None
                                                                    else "point"),
                label=printed if label.kind != "bullet" else "", cite=cite, section=section,
                heading=title, text=text, parent=list_parent, page=block.page, slug=slug,
                under=container.node if container else None)
    number = label.number if label.kind == "outline" else ""
    state.stack.append(_Open(node, _ITEM_RANK, number=number, style=style, value=value, x=x,
                             body_x=block.body_x if not inline else 0.0, container=bool(title),
                             list_parent=list_parent, size=block.size))
    if container is not None:
        container.stem_holder = None
    nested = read_label(text)
    if nested is not None and nested.kind == "item":
        node.text = ""      # "(c) (1) A member …", "3.—(1) A deployer …": the first item of a list inside this one
        _item(state, block, nested, False, following, inline=True)
        return
    _note_amending_clause(state, text)


def _list_parent(state: _State, container: _Open | None, label: Label) -> Node | None:
    """What a new list hangs from: the paragraph just before it when that paragraph announces
    it ("… shall:"), else the heading or item it sits in.  Outside any heading, only points
    ("(1)", "(a)") hang from a numbered paragraph; "1." and "A." number paragraphs of their own."""
    if container is None:
        holder = state.last_paragraph if label.form == "()" else None
    else:
        holder = container.stem_holder
    if holder is not None and holder is state.nodes[-1]:
        sentences = split_sentences(holder.text)
        if sentences and is_list_stem(sentences[-1]):
            return holder
    return container.node if container else state.top_heading


def _place(stack: list[_Open], base: int, label: Label, x: float, following) -> tuple[int, tuple, int]:
    """(depth in the stack, style, position) for a new item: where it continues an open list,
    or one level below the innermost open element when it starts a new one."""
    if label.kind == "bullet":
        for depth in range(len(stack) - 1, base - 1, -1):
            entry = stack[depth]
            if entry.style == ("bullet", "bullet") and (not x or not entry.x or abs(entry.x - x) <= _X_TOLERANCE):
                return depth, entry.style, entry.value + 1
            if entry.style[:1] == ("bullet",) and x and entry.x and x > entry.x + _X_TOLERANCE:
                break
        return len(stack), ("bullet", "bullet"), 1
    if label.kind == "outline":
        return _place_outline(stack, base, label)
    options = []   # (score, depth, style, value)
    for reading_style, value in label.readings:
        style = (label.form, reading_style)
        ocr = reading_style == "roman" and label.misread
        for depth in range(len(stack) - 1, base - 1, -1):
            entry = stack[depth]
            if entry.style == style and (entry.value == value - 1 or (label.inserted and entry.value == value)):
                options.append([_x_fit(entry.x, x, same_level=True), depth, style, value, ocr])
                break
        if value == 1:
            top = stack[-1] if len(stack) > base else None
            options.append([_x_fit(top.x if top else 0.0, x, same_level=False), len(stack), style,
                            value, ocr])
    if not options:
        for depth in range(len(stack) - 1, base - 1, -1):
            if stack[depth].style[0] == label.form and stack[depth].style[1] in (
                    s for s, _ in label.readings):
                return depth, stack[depth].style, label.readings[0][1]
        style = (label.form, label.readings[0][0])
        return len(stack), style, label.readings[0][1]
    if len(options) > 1:
        successors = {(style, value + 1) for _, _, style, value, _ in options}
        for later, later_x in following():
            if x and later_x and not _same_column(x, label.label, later_x, later.label):
                continue    # printed at another indentation: an item of another list
            hits = [(later.form, s) for s, v in later.readings if ((later.form, s), v) in successors]
            if hits:
                for option in options:
                    # a misread numeral is continued only by labels misread the same way
                    if option[2] in hits and option[4] == later.misread:
                        option[0] += 1
                break
    best = max(options, key=lambda o: (o[0], not o[4], o[1]))
    return best[1], best[2], best[3]


def _same_column(x: float, printed: str, later_x: float, later_printed: str) -> bool:
    """Whether two labels of one form are set in one column: starting at the same indentation,
    or ending there, as numerals set flush right on their full stop are ("i." then "iii.", each
    extra character a type's width further left)."""
    if abs(later_x - x) <= _X_TOLERANCE:
        return True
    extra = len(later_printed) - len(printed)
    if extra == 0:
        return False
    shift = x - later_x if extra > 0 else later_x - x
    return _LABEL_CHAR[0] * abs(extra) - _X_TOLERANCE <= shift <= _LABEL_CHAR[1] * abs(extra) + _X_TOLERANCE


def _x_fit(open_x: float, x: float, *, same_level: bool) -> float:
    """How well the indentation agrees: a sibling is printed where its list is, a child further in."""
    if not open_x or not x:
        return 0.0
    if same_level:
        return 2.0 if abs(open_x - x) <= _X_TOLERANCE else (-2.0 if x > open_x + _X_TOLERANCE else 0.0)
    return 2.0 if x > open_x + _X_TOLERANCE else (-2.0 if abs(open_x - x) <= _X_TOLERANCE else 0.0)


def _place_outline(stack: list[_Open], base: int, label: Label) -> tuple[int, tuple, int]:
    """Dotted outline numbers nest by their prefixes: 1.2.1 in 1.2, 1.3 after 1.2."""
    parts = label.number.split(".")
    prefix = ".".join(parts[:-1])
    for depth in range(len(stack) - 1, base - 1, -1):
        number = stack[depth].number
        if number == prefix or (not prefix and number):
            return depth + 1, ("outline", "outline"), len(parts)
        if number and number.count(".") == label.number.count(".") and number.rsplit(".", 1)[0] == prefix:
            return depth, ("outline", "outline"), len(parts)
    return len(stack), ("outline", "outline"), len(parts)


def _outline_cite(container_cite: str, number: str) -> str:
    """The citation of a paragraph numbered in the outline of the heading it sits in: its own
    number stands for its whole place ("4.1.1" in "Section 4.1" is "Section 4.1.1"; "2.1" in
    "Section 2.0" is "Section 2.1"), or "" where the heading is not numbered in that outline."""
    heading = _CITED_NUMBER.match(container_cite)
    if not heading:
        return ""
    outline = heading.group("number").removesuffix(".0")
    return f"{heading.group('keyword')}{number}" if number.startswith(f"{outline}.") else ""


def _printed_label(label: Label, style: tuple) -> str:
    if label.kind == "outline":
        return label.number
    if style[1] == "roman":
        return ocr_roman(label.label)
    return label.label


def _item_title(rest: str, heading_style: bool) -> tuple[str, str]:
    """An item's own title, if it has one ("Chief AI Officers. Within 60 days …"), and its text."""
    rest = rest.strip()
    if heading_style and len(rest) <= _HEADING_CHARS and not ENDS_CLAUSE.search(rest):
        return rest, ""
    title, body = split_title(rest)
    if title and (len(title.split()) >= 2 or title.isupper() and len(title) > 3):
        return title, body      # "Chief AI Officers. Within 60 days …", "(b) CONSENT.—A covered entity …"
    if len(rest.split()) <= _TITLE_ITEM_WORDS and not ENDS_CLAUSE.search(rest) and re.search(r"[A-Za-z]{3}", rest) \
            and not _LIST_CONTINUES.search(rest) and (rest.isupper() or is_title(rest)):
        return rest, ""         # "I. INTRODUCTION", "A. Unlawful Trade Practices Act": a memo's part and its title
    return "", rest


def _labels_after(paragraphs: list[Block], index: int, kinds: tuple[str, ...] = ("item",)):
    """The labels of ``kinds`` opening the paragraphs after ``index`` with the indentation they
    are printed at (0 for labels inside a paragraph), up to the next named heading."""
    for block in islice(paragraphs, index + 1, index + 1 + _LOOKAHEAD):
        for number, piece in enumerate(split_inline(block.text)):
            label = read_label(piece)
            if label is None:
                continue
            if label.kind in ("heading", "code"):
                return
            if label.kind in kinds:
                yield label, (0.0 if number else block.x)


# -- unnumbered text --------------------------------------------------------------------------

def _paragraph(state: _State, block: Block, text: str) -> None:
    """Unnumbered text: a paragraph of the element it belongs to, a caption, or a stray label;
    or the quotation of the text an amendment inserts, which belongs to the provision inserting it."""
    state.pending_title = None
    last = state.nodes[-1] if state.nodes else None
    if last is not None and (state.quoting or inserts_quotation(last.text, text)):
        last.text = f"{last.text} {text}"
        state.quoting = not quotation_closed(text)
        return
    if _CAPTION.match(text):
        owner = _owner(state, block)
        _add(state, kind="figure", cite=owner.node.cite if owner else "",
             section=owner.node.section if owner else "", text=text,
             parent=owner.node if owner else None, page=block.page, slug="figure")
        return
    if _is_fragment(text):
        owner = _owner(state, block)
        _add(state, kind="fragment", cite=owner.node.cite if owner else "",
             section=owner.node.section if owner else "", text=text,
             parent=owner.node if owner else state.top_heading, page=block.page, slug="fragment")
        return
    owner = _owner(state, block)
    if owner is None:
        state.paragraphs += 1
        name = f"Para. {state.paragraphs}"
        node = _add(state, kind="paragraph", label=str(state.paragraphs), cite=name, section=name,
                    text=text, parent=state.top_heading, page=block.page, slug=f"para-{state.paragraphs}")
        state.last_paragraph = node
    else:
        node = _add(state, kind="paragraph", cite=owner.node.cite, section=owner.node.section,
                    text=text, parent=owner.node, page=block.page, slug="text")
        if not owner.container and text[:1].islower():
            node.stem = owner.node.text    # the flush end of an item, after its own sublist
        owner.stem_holder = node
    if _ENACTING_FORMULA.search(text):
        state.keywords.clear()      # the headings before it ("CHAPTER 417") are the bill's, not the law's
    _note_amending_clause(state, text)


def _owner(state: _State, block: Block) -> _Open | None:
    """The open element an unnumbered paragraph belongs to, closing the lists it ends: a
    paragraph printed inside an item's indentation stays in that item, and so does one after a
    numbered division of a heading (``_divides``) unless printed outside it; otherwise it
    belongs to the innermost heading or titled item."""
    while state.stack:
        entry = state.stack[-1]
        if entry.container:
            return entry
        if block.body_x and entry.x and block.body_x > entry.x + _X_TOLERANCE:
            return entry
        if _divides(state.stack) and not _printed_outside(block, entry):
            return entry
        state.stack.pop()
    return None


def _printed_outside(block: Block, entry: _Open) -> bool:
    """Whether a paragraph is printed left of an item: of its number, or, where its lines hang
    indented under their number, of its text (where the page says where anything stands)."""
    if not entry.x:
        return False
    hanging = entry.body_x > entry.x + _X_TOLERANCE
    return block.x <= (entry.body_x if hanging else entry.x) - _X_TOLERANCE   # four spaces in a text file


def _divides(stack: list[_Open]) -> bool:
    """Whether the innermost open item is one of the numbered divisions of the heading it sits in
    (a regulation's "1.", a statute's "(a)"), not an item of a list that a paragraph or the
    heading's own text announces, nor a bullet: the text between two divisions belongs to the
    first of them (its second subparagraph, a statute's flush language), and so do the lists in
    that text."""
    entry, below = stack[-1], stack[-2] if len(stack) > 1 else None
    if below is None or below.rank >= _ITEM_RANK or entry.list_parent is not below.node or entry.style[:1] == ("bullet",):
        return False
    sentences = split_sentences(below.node.text)
    return not (sentences and is_list_stem(sentences[-1]))   # "This chapter applies to a person who:"


def _footnote(state: _State, page: int | None, text: str) -> None:
    """A footnote as a provision of the element whose text carries its reference mark
    ("… the agency's AI Use Case Inventory;20"), cited "Section 3(a)(i)(E), fn. 20"."""
    match = _NOTE.match(text)
    if not match:
        return
    number, body = match.group(1), match.group(2)
    if len(body.split()) < 3:
        return      # a stray reference mark or a number broken off a line, not a note
    mark = re.compile(rf"(?<=[^\W\d]|[.,;:)\"”’])\s?{number}(?!\d)")
    nearby = [n for n in reversed(state.nodes) if (n.text or n.heading) and n.kind not in ("note", "fragment", "figure")
              and (page is None or n.page is None or page - 1 <= n.page <= page)]
    owner = next((n for n in nearby if mark.search(n.text) or mark.search(n.heading)), None)
    if owner is None:
        return
    owner.notes.append(text)
    _add(state, kind="note", label=number, cite=f"{owner.cite}, fn. {number}", section=owner.section,
         text=body, parent=owner, page=page, slug=f"fn-{number}")


def _is_fragment(text: str) -> bool:
    """A few words without a sentence's ending (a name, a table's cell label, a stray line), an
    editor's note in brackets ("(Source: P.A. 103-736, eff. 1-1-25.)", "[This Article Newly Inserted
    by Act No. 21103]"), or a bill's typographic legend."""
    words = text.split()
    return len(words) <= 8 and not ENDS_CLAUSE.search(text) or bool(_EDITORS_NOTE.match(text)) or is_legend(text)


def _add(state: _State, *, kind: str, cite: str, section: str, slug: str, parent: Node | None,
         page, label: str = "", heading: str = "", text: str = "", under: Node | None = None) -> Node:
    """Create a node with an id built from its citation path and record it in reading order."""
    anchor = under or parent
    base = f"{anchor.id}/{_slug(slug)}" if anchor is not None else f"{state.doc_id}/{_slug(slug)}"
    node = Node(id=unique_id(base, state.used_ids, separator="-"), doc=state.doc_id, kind=kind,
                label=label, cite=cite, section=section, heading=heading, text=text,
                parent=parent.id if parent is not None else None, page=page)
    state.nodes.append(node)
    state.quoting = False       # whatever a quotation left open, the next element ends it
    return node


def _slug(name: str) -> str:
    """A readable id part: "Sec. 552.051" → "sec-552.051", a heading's first words for a heading
    (so that an id does not depend on how many headings come before it)."""
    slug = re.sub(r"[^a-z0-9.]+", "-", name.lower().replace("§", "s"))
    slug = re.sub(r"\.(?=-)|(?<=-)\.", "", slug).strip("-.")
    return slug[:60].strip("-.") or "x"
