"""Cross-references to provisions of the same document, resolved to node ids through cites.

Handles the drafting styles of the corpus: "referred to in Article 6(2)", "point (a) of
paragraph 1", "paragraph 3 of this Article", "Annex III", "point 2 of Annex III",
"subsection 4.1(a)", "section 10.1(b) of this order", "subdivision (e) of Section 22603",
"paragraph (1)".  References to other acts ("Article 9 of Regulation (EU) 2016/679") are skipped.
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


def _key(cite: str) -> str:
    return re.sub(r"[^a-z0-9()§]", "", cite.lower())


class CiteIndex:
    """Node ids by normalised cite, for one document."""

    def __init__(self, nodes):
        self.by_cite: dict[str, str] = {}
        for node in nodes:
            if node.cite and not node.id.rsplit("/", 1)[-1].startswith("s"):
                self.by_cite.setdefault(_key(node.cite), node.id)
            elif node.cite:
                self.by_cite.setdefault(_key(node.cite), node.parent or node.id)

    def find(self, *candidates: str) -> str:
        for cite in candidates:
            hit = self.by_cite.get(_key(cite))
            if hit:
                return hit
        return ""


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
