"""Turn a profile's provision tree into provision units, the same way for every document.

``shared/docs/obligations.md`` defines a unit as one sentence or one enumerated item.  Profile
parsers give each node its own text; here that text is split into sentences, one-sentence nodes
become units themselves, and list items get the ``stem`` that introduces their list, so that an
item such as "(b) evaluate their underwriting models for bias;" can be read with the duty that
governs it.

Sentence splitting is a plain regular-expression scan, because legal abbreviations defeat general
sentence splitters ("U.S.C. 4501", "Art. 5", "Sec. 4.2", "e.g. the", "Pub. L. 117") and the whole
corpus has to split in well under a second.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policylens.model import Node

# Kinds that group provisions; with children they are never units themselves.
CONTAINER_KINDS = frozenset({
    "document", "book", "title", "subtitle", "chapter", "subchapter", "section", "subsection",
    "article", "annex", "appendix", "schedule", "part", "subpart", "division", "heading",
})
# Kinds that are never units, whatever they hold: titles and headings, and text around the
# instrument (a bill's digest, a cover, figure captions).  An enactment's preamble and closing
# formula are units: they are part of the text, and the extractor labels them "none".
NON_UNIT_KINDS = frozenset({"heading", "title", "document", "digest", "front", "figure", "fragment"})

# Abbreviations after which a full stop never ends a sentence.
_ABBREVIATIONS = frozenset("""
art. arts. e.g. i.e. u.s.c. u.s. c.f.r. sec. secs. pub. l. inc. dr. mr. mrs. ms. cf. vs. v. co.
ltd. gov. bus. prof. st. jr. sr. corp. dept. ed. eds. op. cit. div. subdiv. cl. pt. tit. subch.
approx. subpara. subsec. reg. dir. ibid. viz. ca. rev. stat. oj u.k. e.u. eff. sens. reps. rep. sen.
""".split())
# Abbreviations that stand before a number ("No. 3", "p. 12", "Jan. 1"); before a word they may end a sentence.
_NUMBER_ABBREVIATIONS = frozenset("no. nos. p. pp. para. paras. vol. fig. ch. n. ver. jan. feb. mar. apr. jun. jul. aug. sep. "
                                   "sept. oct. nov. dec.".split())
# Candidate ends: a full stop, question or exclamation mark, with closing quotes or brackets,
# followed by white space and something that can open a sentence.  A footnote reference may
# stand between the stop and the space when the stop follows a word ("… definition.27 A …").
_CANDIDATE_END = re.compile(r"(?:[.?!][\"'”’)\]]*|(?<=[A-Za-z)\"”’])[.?!]\d{1,3})(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_REFERENCE_MARK = re.compile(r"^\d{1,6}\.?$")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"^[\"'“‘(\[]?[A-Z]\.$")
# A bill's or order's initials before its number: "H.B. No. 149", "S.B. 1047", "E.O. 14110".
_INITIALISM = re.compile(r"^[\"'“‘(\[]?(?:[A-Z]\.){2,}$")
_LONE_LETTER_AFTER = re.compile(r"\s+[A-Z][,;)]")
_ENUMERATOR_BEFORE = re.compile(r"^(?:\([A-Za-z0-9]{1,5}\)|\d{1,3}|[a-z])\.?$")
# a label printed in running text: "(a)", "1", "i", "U-2)", "C-5)"
_LABEL_WORD = re.compile(r"^(?:\([A-Za-z0-9]{1,5}\)|[A-Za-z]{0,2}-?\d{1,3}\)?|[ivxIVX]{1,5}\)?|[a-zA-Z]\)?)$")
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
_QUOTATION_OPENS = re.compile(r":\s*[‘“]")
_CLOSING_MARK = re.compile(r"[’”](?![A-Za-z])")     # not the apostrophe of "provider’s"
# a list's stem: "… shall:", "… the following", or a sentence its items finish ("… establish
# measures with respect to" / "(a) the manner in which data is anonymized; and")
_STEM_END = re.compile(r"(?:[:—–]|:\s*[-—–]|\bfollowing\W*|\b(?:shown|listed|set out) below\W*"
                       r"|\b(?:to|of|for|with|by|from|under|about|between|including|namely|respecting|concerning))\s*$",
                       re.I)
# "Section 11547.6 is added to the Government Code, to read:", "… is amended to read as
# follows:" and "In Colorado Revised Statutes, add part 17 to article 1 of title 6 as follows:"
# introduce the text of a code section, not a list: what they insert is read on its own.
AMENDING_CLAUSE = re.compile(r"(?:\bto read(?: as follows)?|^(?:in [^,]+, )?(?:amend|add|repeal and reenact)\b(?:[^.]|\.(?=\d))*"
                             r"\bas follows|\b(?:is|are) (?:hereby )?(?:amended|added)\b(?:[^.]|\.(?=\d))*\bas follows)\W*$", re.I)
# "in Article 17, the following paragraph is added:", "Article 5 is replaced by the following:":
# the quotation after it is the text the amendment inserts, part of the provision that inserts it
_INSERTING_CLAUSE = re.compile(r"\b(?:the following [\w ]{0,30}?(?:is|are) (?:added|inserted)|"
                               r"(?:is|are) replaced by the following)\s*:\s*$", re.I)
_ENDS_QUOTATION = re.compile(r"[’”]\s*[;.,]?\s*(?:and|or)?\s*$")
# Kinds of list item that elaborate the item above them (a guideline's nested bullets).
_ELABORATING_KINDS = frozenset({"bullet"})


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order; joined with spaces they give back the text's words."""
    text = text.strip()
    if not text:
        return []
    sentences = []
    start = 0
    for match in _CANDIDATE_END.finditer(text):
        end = match.end()
        if _ends_sentence(text, start, match):
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return _with_reference_marks_kept(sentences)


def _with_reference_marks_kept(sentences: list[str]) -> list[str]:
    """A footnote's reference mark printed after a full stop ("… agencies. 2"), or a number cut
    off by an abbreviation ("Executive Order (E.O.) 14179."), belongs to the sentence before
    it; a bare number is never a sentence of its own."""
    kept: list[str] = []
    for sentence in sentences:
        if kept and _REFERENCE_MARK.match(sentence):
            kept[-1] = f"{kept[-1]} {sentence}"
        else:
            kept.append(sentence)
    return kept


def inserts_quotation(text: str, following: str) -> bool:
    """Whether ``following`` opens the quotation that ``text`` announces it inserts."""
    return bool(_INSERTING_CLAUSE.search(text)) and following.lstrip().startswith(("‘", "“"))


def quotation_closed(text: str) -> bool:
    """Whether ``text`` ends the quotation of inserted text ("… into account.’;")."""
    return bool(_ENDS_QUOTATION.search(text))


def _inside_quotation(text: str, start: int, end: int) -> bool:
    """Whether ``end`` falls inside a quotation opened after a colon in the sentence begun at
    ``start`` ("… the following paragraph is added: ‘3. When adopting … into account.’"): the
    quoted text, its full stops included, belongs to the sentence that quotes it."""
    opened = None
    for opened in _QUOTATION_OPENS.finditer(text, start, end):
        pass
    return opened is not None and not _CLOSING_MARK.search(text, opened.end(), end)


def _ends_sentence(text: str, start: int, match: re.Match) -> bool:
    """Whether the candidate full stop at ``match`` really ends the sentence begun at ``start``."""
    if _inside_quotation(text, start, match.start()):
        return False
    if text[match.start()] != ".":
        return True
    word = _WORD_BEFORE.search(text, start, match.start() + 1)
    if not word:
        return False
    token = word.group(1)
    bare = token.lstrip("\"'“‘([").lower()
    if bare in _ABBREVIATIONS or _INITIAL.match(token):
        return False
    following = _NEXT_TOKEN.match(text, match.end())
    if bare in _NUMBER_ABBREVIATIONS or _INITIALISM.match(token):
        if following and (any(char.isdigit() for char in following.group(1))
                          or following.group(1).lower() in _NUMBER_ABBREVIATIONS):
            return False   # "No. 3", "Circular No. A-130", "p. 12", "H.B. No. 149", "S.B. 1047"
    if _LONE_LETTER_AFTER.match(text, match.end()):
        return False   # "div. G, title LXXII": a letter that labels something, not a sentence
    if text[start:match.start()].strip() == token[:-1] and _ENUMERATOR_BEFORE.match(token):
        return False   # "1." or "(a)." opening the text is a label, not a sentence
    opening = text[start:match.start()].split()
    if 1 < len(opening) <= 3 and all(_LABEL_WORD.match(word) for word in opening):
        return False   # "U-2) i." opening a guideline's bullet: its labels, not a sentence
    return True


def is_list_stem(sentence: str) -> bool:
    """Whether a sentence introduces a list ("… shall:", "… the following", "… establish measures
    with respect to", which its items finish)."""
    sentence = sentence.strip()
    return bool(_STEM_END.search(sentence)) and not AMENDING_CLAUSE.search(sentence)


def _elaborated_sentence(sentences: list[str], kids: list[Node]) -> str:
    """The sentence a list item's nested bullets elaborate: its last one.

    A guideline item ("Provide information … (for example, the items listed below) …") often
    introduces its bullets without a colon; the bullets still belong to that item's advice.
    """
    if not sentences or not any(k.kind in _ELABORATING_KINDS for k in kids):
        return ""
    return sentences[-1]


def finalize(nodes: list[Node]) -> list[Node]:
    """The tree with sentence units added, units marked, stems assigned and reading order set."""
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    result: list[Node] = []
    used_ids: set[str] = set()
    known_ids = {n.id for n in nodes}
    roots = [n for n in nodes if n.parent is None or n.parent not in known_ids]

    def is_list_item(node: Node) -> bool:
        return bool(node.label) and node.kind not in CONTAINER_KINDS and node.kind != "sentence"

    def visit(node: Node, inherited_stem: str, parent_id: str | None) -> None:
        kids = children.get(node.id, [])
        sentences = split_sentences(node.text)
        own_stem = ""
        if sentences and is_list_stem(sentences[-1]) and any(is_list_item(k) for k in kids):
            own_stem = sentences[-1]
        elif is_list_item(node):
            own_stem = _elaborated_sentence(sentences, kids)
        node = replace(node, notes=list(node.notes), stem=node.stem or inherited_stem,
                       parent=parent_id)
        node.id = unique_id(node.id, used_ids)
        node.order = len(result)
        container = node.kind in CONTAINER_KINDS and bool(kids)
        unit_capable = node.kind not in NON_UNIT_KINDS and not container
        if unit_capable and len(sentences) == 1:
            node.is_unit = True
            result.append(node)
        else:
            node.is_unit = False
            result.append(node)
            if node.kind not in NON_UNIT_KINDS:
                for number, sentence in enumerate(sentences, start=1):
                    result.append(Node(
                        id=unique_id(f"{node.id}/s{number}", used_ids), doc=node.doc,
                        kind="sentence", label="", cite=node.cite, section=node.section,
                        text=sentence, stem=node.stem, page=node.page, parent=node.id,
                        is_unit=True, order=len(result)))
        for kid in kids:
            visit(kid, (own_stem or node.stem) if is_list_item(kid) else node.stem, node.id)

    for root in roots:
        visit(root, "", None)
    return result


def unique_id(node_id: str, used: set[str], separator: str = "~") -> str:
    """``node_id``, or it with a numeric suffix when a sibling already took it (stable by order)."""
    candidate, number = node_id, 2
    while candidate in used:
        candidate = f"{node_id}{separator}{number}"
        number += 1
    used.add(candidate)
    return candidate
