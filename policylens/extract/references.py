"""Cross-references to provisions of the same document, resolved to node ids through cites.

Handles the drafting styles of the corpus: "referred to in Article 6(2)", "point (a) of
paragraph 1", "paragraph 3 of this Article", "Annex III", "point 2 of Annex III",
"subsection 4.1(a)", "section 10.1(b) of this order", "subdivision (e) of Section 22603",
"paragraph (1)".  References to other acts ("Article 9 of Regulation (EU) 2016/679") are skipped.

A document read by the general reader has no profile of its own, so its references are read by
one numbering grammar instead: a label and a number ("Section 552.102", "pursuant to Measure 2.1",
"Appendix 3.5", "Commitments 1 and 7") resolve to the document's own cite under that label, and a
bare level ("Subsection (b)", "paragraph (2)") to the level of the citing unit's own cite whose
numbering is of the same kind, so that "Subsection (a)" in Sec. 552.104(b)(1) is Sec. 552.104(a).
"""

from __future__ import annotations

import re

_OTHER_ACT = re.compile(r"^\s*(?:of|to|in)\s+(?:Regulation|Directive|Decision|the Treaty|TFEU|"
                        r"TEU|the Charter|Council|Title|Public Law|the [A-Z][a-z]+ (?:and [A-Z]"
                        r"[a-z]+ )?Code|\d+ U\.S\.C)", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(?:point \(([a-z])\) of )?Articles? (\d+[a-z]?)((?:\(\d+[a-z]?\))?)"
                      r"((?:\([a-z]\))?)")
_PARAGRAPH_EU = re.compile(r"\b(?:point \(([a-z])\) of )?paragraph (\d+)(?:, (?:first|second|"
                           r"third) subparagraph)?(?:, point \(([a-z])\))?(?! of (?:Article|"
                           r"Annex))")
_ANNEX = re.compile(r"\b(?:(?:point|Section) (\d+|[A-Z])(?:\s?\(([a-z])\))? of )?Annex "
                    r"([IVXL]+)\b")
_EO_SECTION = re.compile(r"\b(?:sub)?sections? (\d+(?:\.\d+)?)((?:\([a-z]+\))*)(?! of (?:the|"
                         r"title|Public))", re.IGNORECASE)
_SB_SECTION = re.compile(r"\b(?:(?:subdivision|paragraph) \(([a-z0-9]+)\) of )?Section "
                         r"(\d{4,6}(?:\.\d+)?)")
_SB_LOCAL = re.compile(r"\b(subdivision|paragraph|subparagraph) \(([a-zA-Z0-9]+)\)(?! of)")


# The general reader's grammar: a label and the numbers it governs ("Sections 3 and 4(b)").  A
# capital standing for a number ("Appendix A") is not the first word of a sentence ("…, A person").
_POINT = r"\([0-9A-Za-z]{1,5}\)"
_POINTS = rf"(?:{_POINT})+"
_NUMBER = rf"(?:\d+(?:\.\d+)*[a-z]?|[A-Z](?![\w’'-]))(?:\s?{_POINT})*"
_NEXT_NUMBER = rf"(?:\d+(?:\.\d+)*[a-z]?|[A-Z](?![\w’'-]|\s+[a-z]))(?:\s?{_POINT})*"
_LIST = r"(?:,|,? and|,? or)\s+"
_LABELLED = re.compile(
    r"(?<!\w)(?P<label>(?:[Ss]ub)?[Ss]ections?|Sec\.|§§?|[Aa]rticles?|Art\.|Measures?|Commitments?|"
    rf"Appendix|Appendices|Parts?|Chapters?)\s+(?P<numbers>(?>{_NUMBER}(?:{_LIST}{_NEXT_NUMBER})*))")
_LEVEL = re.compile(
    r"\b(?:[Ss]ub)?(?:[Ss]ections?|[Dd]ivisions?|[Pp]aragraphs?|[Ss]ubdivisions?|[Cc]lauses?)\s+"
    rf"(?P<numbers>(?>{_POINTS}(?:{_LIST}{_POINTS})*))")
# what follows a reference to another instrument: "Section 82.002(a), Insurance Code", "Article 73
# AI Act", "Section 3 of Executive Order 14179", "section 230 of title 47": after the numbers (and any
# further ones listed), "of" anything but "this" or "these", or the instrument's name
_ELSEWHERE = re.compile(
    rf"^(?:\s*{_LIST}(?:(?:[A-Z][a-z]+s?|recitals?|points?|paragraphs?|sections?|articles?|"
    r"§§?|Art\.|Sec\.)\s+)?(?:\d[\w().]*|\(\w{1,5}\)[\w()]*|[A-Z]\b))*"
    r"(?:\s*,?\s+of\s*(?!\s*(?:this|these)\b)"
    r"|\s*(?:,\s*|\s+)(?:[A-Z0-9&][\w.&'’-]*\s+){0,8}?"
    r"(?:Code|Act|Constitution|Regulation|Directive|Order|U\.S\.C|Memorandum|Circular|Law)\b)")
_LABEL_FORMS = {"section": ("Sec.", "Section", "§"), "sec.": ("Sec.", "Section", "§"),
                "§": ("§", "Sec.", "Section"), "§§": ("§", "Sec.", "Section"), "article": ("Art.", "Article"), "art.": ("Art.", "Article"),
                "appendices": ("Appendix",)}


_SENTENCE_ID = re.compile(r"s\d+")


def _key(cite: str) -> str:
    """``cite`` without case, spaces and punctuation, but with the dots between digits: "Sec. 5.12"
    and "Sec. 51.2" are different sections."""
    return re.sub(r"[^a-z0-9()§.]|(?<!\d)\.|\.(?!\d)", "", cite.lower())


class CiteIndex:
    """Node ids by normalised cite, for one document."""

    def __init__(self, nodes):
        self.by_cite: dict[str, str] = {}
        for node in nodes:
            if node.cite and not _SENTENCE_ID.fullmatch(node.id.rsplit("/", 1)[-1]):
                self.by_cite.setdefault(_key(node.cite), node.id)
            elif node.cite:     # a sentence shares its provision's cite: the provision is cited
                self.by_cite.setdefault(_key(node.cite), node.parent or node.id)

    def find(self, *candidates: str) -> str:
        for cite in candidates:
            hit = self.by_cite.get(_key(cite))
            if hit:
                return hit
        return ""


def _numbers(text: str) -> list[str]:
    """The numbers a reference lists, each with its points, spaces removed ("3", "4(b)")."""
    return [n.replace(" ", "") for n in re.findall(_NUMBER, text)]


def _label_forms(label: str) -> tuple[str, ...]:
    base = label.lower().removeprefix("sub")
    base = base.rstrip("s") if base not in ("§§", "appendices") else base
    return _LABEL_FORMS.get(base, (base.capitalize(),))


def _narrowing(number: str) -> list[str]:
    """``number`` and each shorter form, down to its bare number: "4(b)(ii)", "4(b)", "4"."""
    forms = [number]
    while forms[-1].endswith(")"):
        forms.append(forms[-1][:forms[-1].rindex("(")])
    return forms


def _kind(point: str) -> str:
    """The kind of numbering of one level: "(2)" digits, "(b)" letters, "(ii)" roman numerals, and
    the same in capitals ("(B)", "(II)")."""
    token = point.strip("()")
    if token.isdigit():
        return "digit"
    kind = "roman" if re.fullmatch(r"[ivxl]{2,}", token, re.IGNORECASE) else "letter"
    return kind.upper() if token.isupper() else kind


def _same_kind(a: str, b: str) -> bool:
    """Whether two levels are numbered alike; a single "i", "v" or "x" may be a letter or a numeral."""
    ka, kb = _kind(a), _kind(b)
    if ka == kb:
        return True
    single = [p for p in (a, b) if re.fullmatch(r"\([ivxIVX]\)", p)]
    return ka.isupper() == kb.isupper() and {ka.lower(), kb.lower()} == {"roman", "letter"} and \
        (a if ka.lower() == "letter" else b) in single


def _level_candidates(cite: str, points: str) -> list[str]:
    """Cites that a bare level ("(b)", "(a)(2)") may stand for from a unit cited ``cite``: its
    own level of the same kind replaced, deepest first; without one, the level added below it."""
    base = re.match(r"[^(]*", cite).group(0).rstrip()
    levels = re.findall(r"\([^)]*\)", cite[len(base):].lstrip())
    first = re.match(r"\([^)]*\)", points).group(0)
    found = [base + "".join(levels[:depth]) + points for depth in range(len(levels) - 1, -1, -1)
             if _same_kind(levels[depth], first)]
    return found or [base + "".join(levels) + points]


def _general_references(text: str, cite: str, add) -> None:
    """The general reader's references: labelled numbers, then bare levels of the citing unit."""
    for m in _LABELLED.finditer(text):
        numbers = _numbers(m.group("numbers"))
        # "subsection 4.5(a)" names a section; "subsection 2" a level of one not named
        if _ELSEWHERE.match(text[m.end():m.end() + 90]) or m.group("label").lower().startswith("sub") and \
                not any("." in n or "(" in n for n in numbers):
            continue
        for number in numbers:
            add(m.group(0), *(f"{form} {n}" for n in _narrowing(number) for form in _label_forms(m.group("label"))))
    for m in _LEVEL.finditer(text):
        if _ELSEWHERE.match(text[m.end():m.end() + 90]):
            continue
        for points in re.findall(_POINTS, m.group("numbers").replace(" ", "")):
            add(m.group(0), *_level_candidates(cite, points))


def _article_of(cite: str) -> str:
    m = re.match(r"Art\. (\d+[a-z]?)", cite)
    return m.group(1) if m else ""


def find_references(text: str, cite: str, profile: str, index: CiteIndex) -> list[tuple[str, str]]:
    """(phrase, node id) for each resolvable reference in ``text`` of a unit cited ``cite``."""
    found: list[tuple[str, str]] = []

    def add(phrase: str, *candidates: str) -> None:
        hit = index.find(*candidates)
        if hit and hit not in (h for _, h in found):
            found.append((phrase, hit))

    for m in _ARTICLE.finditer(text):
        if _OTHER_ACT.match(text[m.end():]) or "this Article" in m.group(0):
            continue
        point = m.group(1) or (m.group(4) or "").strip("()")
        art, para = m.group(2), m.group(3)
        full = f"Art. {art}{para}" + (f"({point})" if point else "")
        add(m.group(0), full, f"Art. {art}{para}", f"Art. {art}")
    art = _article_of(cite)
    if art:
        for m in _PARAGRAPH_EU.finditer(text):
            point = m.group(1) or m.group(3)
            base = f"Art. {art}({m.group(2)})"
            add(m.group(0), base + (f"({point})" if point else ""), base)
    for m in _ANNEX.finditer(text):
        annex = f"Annex {m.group(3)}"
        point = f"({m.group(1)})" if m.group(1) else ""
        add(m.group(0), annex + point + (f"({m.group(2)})" if m.group(2) else ""), annex + point,
            annex)
    if profile == "eo":
        for m in _EO_SECTION.finditer(text):
            add(m.group(0), f"Sec. {m.group(1)}{m.group(2)}", f"Sec. {m.group(1)}")
    if profile == "generic":
        _general_references(text, cite, add)
    if profile == "sb1047":
        for m in _SB_SECTION.finditer(text):
            sub = f"({m.group(1)})" if m.group(1) else ""
            add(m.group(0), f"§ {m.group(2)}{sub}", f"§ {m.group(2)}",
                f"Gov. Code § {m.group(2)}{sub}", f"Gov. Code § {m.group(2)}")
        section = re.match(r"((?:Gov\. Code )?§ [\d.]+)((?:\([^)]+\))*)", cite)
        if section:
            levels = re.findall(r"\([^)]+\)", section.group(2))
            depth = {"subdivision": 0, "paragraph": 1, "subparagraph": 2}
            for m in _SB_LOCAL.finditer(text):
                keep = levels[:depth[m.group(1).lower()]]
                add(m.group(0), section.group(1) + "".join(keep) + f"({m.group(2)})")
    return found
