"""The numbering grammar of legislative and policy drafting: what label opens a paragraph.

Every drafting style numbers its text with a small set of devices, whatever the instrument:

* **named headings**, a keyword and a number: ``SECTION 1.``, ``Sec. 552.051.``, ``Article 5``,
  ``§ 22757.12``, ``CHAPTER 551.``, and the keywords an instrument invents for itself
  (``Commitment 3``, ``Measure 3.2``, ``GOVERN 1.1:``, ``Principle 4``);
* **code sections** printed as a bare number: ``22757.12.`` (a codified section of a state code);
* **enumerators**: ``(a)``, ``(1)``, ``(A)``, ``(i)``, ``(I)``, ``(b-1)``, ``a.``, ``a)``, ``1.``,
  ``1)``, ``i.``, dotted outline numbers ``1.1``/``1.1.2``, and bullets; numbers inserted by a
  later amendment between two others (``(2A)``, ``(2a)``, ``(b-1)``, ``(7.5)``);
* **dashed numbers**, as Commonwealth drafting prints a numbered rule whose subrules follow at
  once: ``3.—(1) A deployer must …``, ``3. Due diligence by intermediary.—(1) …``.

``read_label`` recognises one of them at the start of a paragraph.  An enumerator's *readings*
are every (style, position) it may stand for — ``(i)`` is the ninth letter or the first roman
numeral, and in a scan read by OCR ``1.`` may be the roman ``i.`` and ``11.`` the roman ``ii.`` —
so that the parser can decide from the sequence which list a label continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from policylens import curated

# A paragraph's end that closes a sentence or clause (a footnote's number may follow), which a
# heading's or a title's does not.
ENDS_CLAUSE = re.compile(r"(?:[.;:!?,][\"'”’)\]]*|[—–])(?:\s?\d{1,3})?$")
# Keywords whose rank in the hierarchy every legislature shares (lower ranks enclose higher).
DIVISION_RANKS = {"part": 0, "book": 0, "title": 0, "subtitle": 1, "division": 1, "annex": 1,
                  "appendix": 1, "schedule": 1, "chapter": 2, "subchapter": 3, "subpart": 3}
SECTION_RANK = 4
# Keywords naming the unit a citation starts from (the ``section`` of a provision).
SECTION_KEYWORDS = frozenset({"section", "sec.", "§", "article", "art.", "annex", "appendix",
                              "schedule", "rule", "regulation", "code"})
# How a keyword is printed in citations, whatever its case in the document.
_PRINTED = {"sec.": "Sec.", "art.": "Art.", "§": "§", "§§": "§"}
# Words that stand before a number without numbering anything.
_NOT_HEADINGS = frozenset("""
figure fig. table box exhibit page pages p. pp. no. nos. vol. step phase version ver. level tier
grade gs year years day days month months january february march april may june july august ver
september october november december jan feb mar apr jun jul aug sep sept oct nov dec law act order executive public pub. u.s.c. c.f.r. stat.
note notes footnote line lines item items paragraph paragraphs subsection subsections clause
clauses point points sections articles chapters parts round column row
""".split())

_KNOWN_KEYWORD = (r"sub(?:title|chapter|part)|part|book|title|division|chapter|annex|appendix|"
                  r"schedule|section|sec\.|article|art\.|rule|regulation")
_NUMBER = r"(?:[0-9]+(?:[A-Z]{1,5}|[a-z])?(?:[.\-][0-9]+(?:[A-Z]{1,5}|[a-z])?)*|[IVXLC]+|[A-Z])"
_KEYWORD_HEADING = re.compile(
    rf"^(?P<keyword>(?i:{_KNOWN_KEYWORD})|§§?|[A-Z][a-z]+|[A-Z]{{2,}})(?:\s+|(?=[0-9])|(?<=[.§]))(?P<number>{_NUMBER})"
    r"(?P<sep>[.:]?)(?=\s|$)\s*(?P<rest>.*)$", re.S)
_DASHED_TITLE = re.compile(rf"^((?i:{_KNOWN_KEYWORD})\s*{_NUMBER})\s*[—–]\s*(?=[A-Z])")
# an identifier a framework or standard coins for a table row or a control: "GV-1.1-001", "MP-2.3"
# (two number groups at least, so that "COVID-19" is not one), "GV.OC-01" (a category's letters
# after the function's), "A1.1" and "RS3.2" (letters glued to an outline number), "A.2.2" and
# "A.2 Policies related to AI" (an annex's letter before its outline number)
_IDENTIFIER = re.compile(r"^(?:(?P<keyword>[A-Z]{2,6}(?:\.[A-Z]{2,6})?)(?P<joint>-)(?P<number>[0-9]+(?:\.[0-9]+)+(?:-[0-9]+)*"
                         r"|[0-9]+(?:-[0-9]+)+|(?<=\.[A-Z]{2}-)[0-9]{2}|(?<=\.[A-Z]{3}-)[0-9]{2})"
                         r"|(?P<glued>[A-Z]{1,3})(?P<outline>[0-9]{1,2}(?:\.[0-9]{1,3})+)"
                         r"|(?P<annex>[A-Z])\.(?P<annex_number>[0-9]{1,2}(?:\.[0-9]{1,3})+\.?|[0-9]{1,2}(?=\s+[A-Z])))"
                         r"(?P<sep>[.:]?)(?=\s|$)\s*(?P<rest>.*)$", re.S)
# a codified section printed as its bare number: "22757.12." or "22604." (a list's "12." is not),
# or as title, article and section joined by hyphens: "6-1-1701.", "47-18-101.", "59.1-575."
_CODE_SECTION = re.compile(r"^(?P<number>[0-9]{3,}(?:\.[0-9]+)+|[0-9]{4,}|[0-9]{1,3}[A-Z]?(?:\.[0-9]+)?(?:-[0-9]+[A-Z]?){2,}"
                           r"|[0-9]{1,3}(?:\.[0-9]+)+-[0-9]{2,}[A-Z]?)\.(?=\s|$)\s*(?P<rest>.*)$", re.S)
_OUTLINE = re.compile(r"^(?P<number>[0-9]{1,2}(?:\.[0-9]{1,3})+[A-Z]?)\.?(?=\s|\([0-9]{1,2}[A-Z]?\)\s)\s*(?P<rest>\S.*)$", re.S)
# The separator of a heading whose number is followed by nothing but its title: "TITLE I—AI
# RESEARCH", "10  Deployer must notify".
TITLE_FOLLOWS = "—"
# a line of nothing but a section number and its title in sentence case
_NUMBERED_TITLE = re.compile(r"^(?P<number>[0-9]{1,3}[A-Z]{0,2})\s{1,3}(?P<title>[A-Z][A-Za-z0-9’'“”()\-, ]{2,80}[A-Za-z0-9)”])$")
# a section's number and its first subsection, as Canadian and Commonwealth acts print them
_BARE_SECTION = re.compile(r"^(?P<number>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s+(?P<rest>\(1\)\s+[A-Z“\"].*)$", re.S)
# a section's number before its text, once the document has numbered sections so
_BARE_NUMBER = re.compile(r"^(?P<number>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s+(?P<rest>[A-Z“\"][a-z ].*)$", re.S)
# "4. In regulation 5 …" where a document's sections are numbered "3.—(1)"
_DOTTED_NUMBER = re.compile(r"^(?P<number>[0-9]{1,3})\.\s+(?P<rest>[A-Z“\"].*)$", re.S)
_PAREN = re.compile(r"^\((?P<label>[A-Za-z]{1,4}|[0-9]{1,3}(?:[A-Z]{1,2}|[a-z]|\.[0-9]{1,2})?|[A-Za-z0-9]{1,4}-[0-9]{1,2})\)\s*(?P<rest>.*)$",
                    re.S)
_DOTTED = re.compile(r"^(?P<label>[A-Za-z]|[ivxIVX1l]{1,5}|[0-9]{1,3})(?P<punct>[.)])(?=\s)\s*(?P<rest>\S.*)$", re.S)
# "3.—(1) …", "3. Due diligence by intermediary.—(1) …", "43A. Compensation.—Where …": the number of
# a rule, the title it may carry, and a dash before its text
_DASHED = re.compile(r"^(?P<label>[0-9]{1,3}[A-Z]{0,2})\.\s*(?:(?P<title>[A-Z][^—–.;:]{1,100}?)[.,]\s?)?(?:—|–|--)\s*"
                     r"(?P<rest>\S.*)$", re.S)
# a heading's title in brackets after its number, its first word capitalised, before its text or nothing
_BRACKETED_TITLE = re.compile(r"^\((?P<title>[A-Z][a-z]*(?: [A-Za-z,’'\-]+){1,12})\)(?:\s+(?P<body>\S.*)|\s*)$", re.S)
# the first item of the text run on after a heading's number: "Article 5 (1) The provider …"
# (not "Section 3 (a) of this Act …")
_FIRST_ITEM = re.compile(r"^\((?:1|a|A|i)\)\s+[A-Z“\"]")
# "12 November 2025", "Published 14 March 2025": a day and its month, not a number and a title
_MONTH_FIRST = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
                          r"(?:\s+\d{4}\b|,?\s*$)")
# letters glued to a number that name a version or a model, not a row: "V2.1", "GPT4.5"
_NOT_IDENTIFIERS = frozenset({"V", "VER", "GPT", "R", "S", "H"})
_OWN_KEYWORD = re.compile(r"^([A-Z][a-z]+) ([0-9]{1,2}(?:\.[0-9]{1,3})*)\b(?![.,]?\s*[a-z])")
_OWN_KEYWORD_USES = 3
_STATING = re.compile(r"\b(?:shall|must|may|will|is|are|means)\b")
_ELISION = re.compile(r"^[*.…\s]+$")
# a table's ticks and crosses ("✓ ✓"), which mark cells rather than open items
_MARKS_ONLY = re.compile(r"^[✓✔✗✘×xX☐☑☒\s]+$")
_BULLET = re.compile(r"^[-•*–—·▪●◦■□➢►✓]\s*(?P<rest>\S.*)$", re.S)

_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")
_INSERTED = re.compile(r"^([0-9]+)(?:[A-Z]{1,2}|[a-z]|\.[0-9]{1,2})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_OCR_ROMAN = re.compile(r"^[ivx1l]+$")


@dataclass
class Label:
    """The label that opens a paragraph, and the text after it."""

    kind: str                  # heading | code | outline | item | bullet
    rest: str                  # the text after the label
    keyword: str = ""          # heading: the keyword as printed ("Sec.", "Commitment")
    number: str = ""           # heading, code, outline: the number ("552.051", "1.1")
    label: str = ""            # item: the enumerator as printed ("a", "b-1", "11" where OCR misread "ii")
    title: str = ""            # the title printed apart from the text: between an item's dashed number
                               # and its dash, or in brackets after a heading's number
    form: str = ""             # item: how it is punctuated: "()", ".", ")"
    separator: str = ""        # heading: what followed the number (".", ":" or TITLE_FOLLOWS)
    joined: bool = False       # heading: keyword and number printed as one identifier ("GV-1.1-001")
    joint: str = "-"           # what joins them: "-" ("GV-1.1-001"), "." ("A.2.2") or nothing ("A1.1")
    bare: bool = False         # heading: a section's number printed without a keyword before its text
                               # ("5 (1) …", "3.—(1) …", "3. Due diligence by intermediary.—(1) …")
    readings: list[tuple[str, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """How citations name a heading: "Sec. 552.051", "Commitment 1", "§ 22757.12"."""
        if self.kind == "code":
            return f"§ {self.number}"
        if self.joined:
            return f"{self.keyword}{self.joint}{self.number}"
        key = self.keyword.lower()
        printed = _PRINTED.get(key) or (self.keyword.capitalize() if key in DIVISION_RANKS
                                        or key in SECTION_KEYWORDS else self.keyword)
        return f"{printed} {self.number}"

    @property
    def value(self) -> float:
        """A section number's value, an inserted letter left out: "3A" → 3.0, "4.1" → 4.1."""
        return float(re.match(r"[0-9]+(?:\.[0-9]+)?", self.number).group(0))

    @property
    def inserted(self) -> bool:
        """Numbered between two others by a later amendment ("b-1" after "b", "2A" after "2"): it
        continues its list at the position of the label it follows."""
        return "-" in self.label or bool(_INSERTED.match(self.label)) and not self.misread

    @property
    def misread(self) -> bool:
        """Printed with digits or letters that an OCR engine reads for roman numerals."""
        return self.label in ("l", "m") or (any(c.isdigit() for c in self.label)
                                             and any(s == "roman" for s, _ in self.readings))

    @property
    def rank_keyword(self) -> str:
        return "code" if self.kind == "code" else self.keyword.lower().replace("§§", "§")


def read_label(text: str, *, heading_style: bool = False, own_keywords: frozenset[str] = frozenset()) -> Label | None:
    """The label opening ``text``, or None.  ``heading_style`` says the paragraph is set as a
    heading (bold or larger type), which lets an unknown keyword ("Commitment 1") count, as does
    its being one of ``own_keywords``, the words the document numbers its paragraphs by."""
    code = _CODE_SECTION.match(text)
    if code:
        return Label("code", code.group("rest"), number=code.group("number"), separator=".")
    heading = _keyword_heading(text, heading_style, own_keywords)
    if heading:
        return heading
    identifier = _IDENTIFIER.match(text)
    if identifier and identifier.group("glued") not in _NOT_IDENTIFIERS:
        keyword, joint, number = next(identifier.group(*names) for names in (
            ("keyword", "joint", "number"), ("glued", "joint", "outline"), ("annex", "joint", "annex_number"))
            if identifier.group(names[0]))
        # a row of a framework's table ("GV-1.1-001 Align …") states its text; a control's or
        # clause's identifier ("A.5.3 Documentation of AI system impact assessments") may carry a title
        separator = ":" if joint else identifier.group("sep") or ("." if number.endswith(".") else "")
        return Label("heading", identifier.group("rest"), keyword=keyword, number=number.rstrip("."),
                     separator=separator, joined=True, joint=joint or ("." if identifier.group("annex") else ""))
    outline = _OUTLINE.match(text)
    if outline and not _looks_like_quantity(outline.group("rest")):
        number = outline.group("number")
        return Label("outline", outline.group("rest"), number=number,
                     readings=[("outline", len(number.split(".")))])
    dashed = _DASHED.match(text)
    if dashed and not _STATING.search(dashed.group("title") or ""):
        return Label("heading", dashed.group("rest"), keyword="Section", number=dashed.group("label"),
                     title=dashed.group("title") or "", bare=True)
    paren = _PAREN.match(text)
    if paren:
        label = paren.group("label")
        readings = label_readings(label)
        if readings:
            return Label("item", paren.group("rest"), label=label, form="()", readings=readings)
    dotted = _DOTTED.match(text)
    if dotted:
        label = dotted.group("label")
        readings = label_readings(label, ocr=True)
        if readings:
            return Label("item", dotted.group("rest"), label=label, form=dotted.group("punct"),
                         readings=readings)
    bullet = _BULLET.match(text)
    if bullet and not is_elision(text) and not _MARKS_ONLY.match(text):
        return Label("bullet", bullet.group("rest"), form="bullet", readings=[("bullet", 0)])
    bare = _BARE_SECTION.match(text)
    if bare:    # "5 (1) The following definitions apply in this Part."
        return Label("heading", bare.group("rest"), keyword="Section", number=bare.group("number"), bare=True)
    titled = _NUMBERED_TITLE.match(text)
    if titled and len(titled.group("title").split()) <= 8 and not _looks_like_quantity(titled.group("title")) \
            and not _MONTH_FIRST.match(titled.group("title")):
        # "10  Deployer must notify": a section as Australian and New Zealand acts print it
        return Label("heading", titled.group("title"), keyword="Section", number=titled.group("number"),
                     separator=TITLE_FOLLOWS)
    return None


def read_bare_section(text: str, after: float) -> Label | None:
    """"6 A person who …", "4. In regulation 5 …": the section numbered after section ``after`` of a
    document that prints its sections' numbers without a keyword ("5 (1) …", "3.—(1) …"), or None."""
    match = _BARE_NUMBER.match(text) or _DOTTED_NUMBER.match(text)
    if not match or float(match.group("number")) <= after:
        return None
    return Label("heading", match.group("rest"), keyword="Section", number=match.group("number"), bare=True)


def own_keywords(texts: list[str]) -> frozenset[str]:
    """The words a document numbers its paragraphs by, though no legislature does: "Provision 1.1",
    "Provision 1.2", "Provision 2.1" opening three paragraphs or more, each numbered otherwise."""
    numbers: dict[str, set[str]] = {}
    for text in texts:
        match = _OWN_KEYWORD.match(text)
        if match and match.group(1).lower() not in _NOT_HEADINGS:
            numbers.setdefault(match.group(1), set()).add(match.group(2))
    return frozenset(word for word, seen in numbers.items() if len(seen) >= _OWN_KEYWORD_USES)


def _keyword_heading(text: str, heading_style: bool, own: frozenset[str] = frozenset()) -> Label | None:
    # "TITLE I—AI RESEARCH": a dash after the number of a known keyword separates its title
    dashed = _DASHED_TITLE.match(text)
    match = _KEYWORD_HEADING.match(f"{dashed.group(1)} {text[dashed.end():]}" if dashed else text)
    if not match:
        return None
    keyword, number, sep, rest = (match.group("keyword"), match.group("number"),
                                  TITLE_FOLLOWS if dashed else match.group("sep"), match.group("rest"))
    key = keyword.lower()
    if key in _NOT_HEADINGS or _MONTH_FIRST.match(rest):
        return None     # "Published 14 March 2025" is a date, not heading 14
    known = key in DIVISION_RANKS or key in SECTION_KEYWORDS or key.startswith("§")
    if not known and not text[len(keyword):len(keyword) + 1].isspace():
        return None     # "HB3912 EnrolledLRB104 …": an instrument's own keyword stands apart from its number
    if not known:
        # an instrument's own keyword numbers something only when set as a heading, when the
        # number is followed by a colon ("GOVERN 1.1:"), or when nothing but a title follows
        if not (heading_style or sep == ":" or not rest or (keyword.isupper() and len(keyword) > 2)
                or is_title(rest) or keyword in own):
            return None
        if not number[0].isdigit():
            return None
    elif not sep and rest and not heading_style and not is_title(rest) and not keyword.isupper():
        # "Section 3 of this Act applies …" is running text, not the heading of section 3
        if rest[:1].islower() or rest.startswith("of ") or \
                rest.startswith("(") and not (_BRACKETED_TITLE.match(rest) or _FIRST_ITEM.match(rest)):
            return None
    caption = _BRACKETED_TITLE.match(rest) if not sep else None
    if caption:     # "Article 31 (Obligation to Ensure Transparency) (1) A business operator …"
        return Label("heading", caption.group("body"), keyword=keyword, number=number.rstrip("."),
                     title=caption.group("title"))
    if rest.startswith("(") and not sep and not known:
        return None
    return Label("heading", rest, keyword=keyword, number=number.rstrip("."), separator=sep)


def _looks_like_quantity(rest: str) -> bool:
    """"1.5 million people" opens with a number, not an outline label."""
    return bool(re.match(r"(?:million|billion|percent|per|%|x\b|times)", rest, re.I))


def is_title(text: str) -> bool:
    """A short heading title: upper case or Title Case words without a sentence's ending."""
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120 or text.rstrip().endswith((";", ",", ":")):
        return False
    if text.isupper():
        return True
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals >= max(1, len(words) * 0.6) and not text.rstrip().endswith(".")


def label_readings(label: str, *, ocr: bool = False) -> list[tuple[str, int]]:
    """Every (style, position) an enumerator can stand for: "i" is letter 9 or roman 1, "aa" is
    letter 27, "B" is capital 2, "12" is number 12, "b-1" follows "b".  With ``ocr``, digits
    and "l" that an OCR engine may have read for "i" also read as roman numerals ("11" → ii)."""
    readings: list[tuple[str, int]] = []
    inserted = None if ocr else _INSERTED.match(label)    # OCR's "1v." is "iv.", not "1" and a letter
    base = label.split("-")[0] if "-" in label else (inserted.group(1) if inserted else label)
    if base.isdigit():
        readings.append(("digit", int(base)))
    elif base.islower():
        if len(base) == 1:
            readings.append(("lower", ord(base) - 96))
        elif len(set(base)) == 1:
            readings.append(("lower", 26 * (len(base) - 1) + ord(base[0]) - 96))
        if _ROMAN.match(base):
            readings.append(("roman", roman_value(base)))
    elif base.isupper() and base.isalpha():
        if len(base) == 1:
            readings.append(("upper", ord(base) - 64))
        elif len(set(base)) == 1:
            readings.append(("upper", 26 * (len(base) - 1) + ord(base[0]) - 64))
        if _ROMAN.match(base.lower()):
            readings.append(("upper-roman", roman_value(base.lower())))
    if ocr and (_OCR_ROMAN.match(base) and not base.isalpha() or base in ("l", "m")):
        fixed = ocr_roman(base)
        if _ROMAN.match(fixed):
            readings.append(("roman", roman_value(fixed)))
    return readings


def ocr_roman(label: str) -> str:
    """The roman numeral an OCR'd label stands for ("11" → "ii", "m" → "iii"), or the label
    unchanged."""
    fixed = "iii" if label == "m" else label.replace("1", "i").replace("l", "i")
    return fixed if _ROMAN.match(fixed) else label


_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with via".split())
_TITLE_WORD = r"(?:[A-Z0-9][\w'’&/\-]*|[a-z]{1,4})"
_LEADING_TITLE = re.compile(rf"^(?P<title>{_TITLE_WORD}(?:[ ,;]+{_TITLE_WORD}){{0,11}})\.(?:\s+|\s*[—–]\s*|--)(?P<body>[A-Z(\"“].*)$", re.S)


# a run-in title in sentence case, closed by a full stop or a dash
_RUN_IN_TITLE = re.compile(r"^(?P<title>[A-Z][a-z’'\-]+(?: (?:[a-z’'\-]+|[A-Z]{2,}s?|[A-Z][a-z]+)){1,5})"
                           r"(?:\.\s+|\.?\s*[—–]\s*|\.--)(?P<body>[A-Z(“\"].*)$", re.S)
# words that make a phrase a sentence, not a title
_VERB_WORDS = re.compile(r"\b(?:shall|must|may|will|is|are|was|were|be|been|has|have|had|does|do|did|means|"
                         r"includes?|should|can|could|would|not|no|this|that|these|those|it|they|we|you)\b", re.I)


def is_elision(text: str) -> bool:
    """"* * * * *": the mark of text left out, as an amending rule prints around what it changes."""
    return bool(_ELISION.match(text))


def _is_noun_phrase(phrase: str) -> bool:
    """Whether a short phrase names something rather than says or bids something: no verb of a
    sentence, no imperative first nor its object second ("Retire safely.", "Plan the system."), no
    adverb last."""
    words = phrase.lower().split()
    bids = words[0] in _imperative_verbs() or words[1] in ("the", "a", "an", "its", "their", "all", "each")
    return not _VERB_WORDS.search(phrase) and not bids and not words[-1].endswith("ly")


_OBJECT_OPENERS = frozenset("a an the all any each every and or their its your that whether how".split())
_TITLE_WORDS = 6    # a title's length at most: a longer phrase opened by a verb bids


def bids(text: str) -> bool:
    """Whether a text opens with an imperative ("Assign an overall owner …", "Define acceptance
    criteria that reflect …"): a requirement, not a title.  A verb that also names a topic
    ("Record keeping.", "Review of the AI policy.") opens a title."""
    words = re.findall(r"[A-Za-z]+", text.lower())
    return len(words) > 1 and words[0] in _imperative_verbs() and (
        words[1] in _OBJECT_OPENERS or len(words) > _TITLE_WORDS)


@lru_cache(maxsize=1)
def _imperative_verbs() -> frozenset[str]:
    return frozenset(curated.load("modal_cues.json")["imperative_verbs"])


def split_title(text: str) -> tuple[str, str]:
    """A heading's or item's own title and the body after it: "DISCLOSURE TO CONSUMERS. (a) In
    this section …" → ("DISCLOSURE TO CONSUMERS", "(a) In this section …"), "CONSENT.—A covered
    entity …" → ("CONSENT", "A covered entity …"); "Chief AI Officers.
    Within 60 days …" → ("Chief AI Officers", "Within 60 days …"); in sentence case, a phrase of two
    to six words without a verb: "Decision support interventions—(i) …", "Risk analysis. A health IT
    developer must …".  A text that opens with a sentence has no title."""
    match = _LEADING_TITLE.match(text)
    if not match:
        phrase = _RUN_IN_TITLE.match(text)
        if phrase and _is_noun_phrase(phrase.group("title")):
            return phrase.group("title"), phrase.group("body")     # "Feedback loops. Enable a user …"
        return "", text
    title = match.group("title")
    words = title.replace(",", " ").replace(";", " ").split()
    small = sum(1 for w in words if w in _SMALL_WORDS)
    lower = sum(1 for w in words if w[:1].islower() and w not in _SMALL_WORDS)
    if lower or small == len(words) or (len(words) == 1 and not title.isupper() and not _names_a_topic(title)):
        return "", text
    return title, match.group("body")


# words that open a sentence and may stand alone before a full stop, not a topic's name
_DISCOURSE_WORDS = frozenset("""therefore however moreover furthermore accordingly otherwise thereafter hereafter
instead nevertheless consequently notwithstanding""".split())


def _names_a_topic(word: str) -> bool:
    """Whether one word before a full stop is a run-in title ("Disclosure. Agencies should …",
    "Training. Before receiving access …"): a noun of five letters or more, not an imperative
    ("Review."), an adverb or a word that links sentences ("Therefore.")."""
    lowered = word.lower()
    return word.isalpha() and len(word) >= 5 and not lowered.endswith("ly") \
        and lowered not in _imperative_verbs() and lowered not in _DISCOURSE_WORDS


def roman_value(label: str) -> int:
    """The value of a lower-case roman numeral ("iv" → 4)."""
    total = 0
    for char, following in zip(label, label[1:] + " "):
        value = _ROMAN_VALUES[char]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total


_INLINE = re.compile(r"(?:(?<=[:;])|(?<=[:;] and)|(?<=[:;] or)|(?<=\.))\s+(?=\(([A-Za-z]{1,4}|[0-9]{1,3})\)\s+\S)")


def split_inline(text: str) -> list[str]:
    """A paragraph that runs several enumerated items together ("Such estimates: (i) may …;
    and (ii) may …"), cut where each item begins.  An item begins after a colon, a semicolon
    or a full stop, and only a run that starts a list and then continues it is cut, so that a
    reference such as "Subsection (b)" or "point (a)" is never taken for a label."""
    cuts = []
    expected: set[tuple[str, int]] = set()
    for match in _INLINE.finditer(text):
        readings = label_readings(match.group(1))
        if not cuts:
            if any(value == 1 for _, value in readings):
                cuts.append(match.end())
                expected = {(style, 2) for style, value in readings if value == 1}
            continue
        hit = [(style, value) for style, value in readings if (style, value) in expected]
        if hit:
            cuts.append(match.end())
            expected = {(style, value + 1) for style, value in hit}
    if len(cuts) < 2:
        return [text]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]

