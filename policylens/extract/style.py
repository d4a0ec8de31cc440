"""How a document binds its readers: its drafting style and the parties it names.

The same words bind differently in different kinds of instrument.  In a statute or a
memorandum "will" states what someone intends ("OMB will provide templates"); in a code of
practice the signatories' "will" and "commit to" are the commitments they sign up to.  A
framework states outcomes ("Legal and regulatory requirements … are understood, managed, and
documented") that it recommends to anyone who uses it.  So extraction first decides what kind
of document it reads — from the catalogue or the analyst when they know it, otherwise from how
the document presents itself in its opening text — and who its addressees are.

Roles come from the document's own definitions too: a statute that defines "'Deployer' means a
person who deploys an artificial intelligence system" tells what role its deployers play,
whatever its vocabulary.  Each defined actor term is mapped to a role through the function its
definition describes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policylens.extract import actor as actors
from policylens.extract.lexicon import lexicon
from policylens.structure.numbering import DIVISION_RANKS, SECTION_KEYWORDS

_OPENING_NODES = 60       # how much of the opening text says what kind of document it is
# How an instrument names its own kind in its opening text; the earliest sign wins.
_KIND_SIGNS = (
    ("code_of_practice", re.compile(r"\bcodes? of (?:practice|conduct)\b", re.I)),
    ("executive_order", re.compile(r"\bby the authority vested in me\b|^executive order \d", re.I | re.M)),
    ("guidance", re.compile(r"\bmemorandum for\b|\bguidelines? for\b|\bguidance (?:for|on|to)\b", re.I)),
    ("statute", re.compile(r"\bbe it enacted\b|\ban act (?:to|relating)\b|\b(?:house|senate|assembly) bill\b"
                           r"|\b[HS]\.\s?B\. No\.|\bthis act\b|\bthe legislature finds\b", re.I)),
    ("regulation", re.compile(r"\bhave adopted this regulation\b|^regulation \((?:eu|ec)\)", re.I | re.M)),
    # a framework names itself in its title, not in passing ("publish a frontier AI framework")
    ("framework", re.compile(r"^[^\n]{0,80}\bframework\b[^\n]{0,60}$", re.I | re.M)),
)
# Kinds whose unlabelled outcome statements and imperatives advise rather than bind.
ADVISORY_KINDS = frozenset({"framework", "policy"})
# Guidance advises when it is known not to bind, or when, its status not saying, it says it does
# not bind, or presents itself as guidelines or good practice rather than as a memorandum that
# directs its addressees (mentioning another's memorandum or directive does not make it one).
_NOT_BINDING = re.compile(r"\bnon-?binding\b|\bnot (?:create )?(?:legally )?binding\b|\bvoluntary\b|\badvisory\b", re.I)
_MANDATORY = re.compile(r"\b(?:is|are) mandatory\b|\bmust comply with (?:these|this)\b|\b(?:is|are) (?:legally )?binding\b", re.I)
_ADVISING = re.compile(r"\bguidelines?\b|\bguide\b|\bgood practices?\b|\bbest practices?\b", re.I)
_DIRECTING = re.compile(r"\bmemorandum for\b|^\s*memorandum\b|\bthis (?:memorandum|directive|instruction)\b", re.I | re.M)
_BINDING_STATUSES = frozenset({"in_force", "enacted", "adopted"})
# Roles that a code's signatories do not take: the authorities and auditors it reports to.
_NOT_SIGNATORY_ROLES = frozenset({"public_authority", "assessment_body", "other", ""})
_PROMISE = re.compile(r"\b(?:will|commits? to|commits?(?=\s*:)|undertakes? to|pledges? to|agrees? to)\b", re.I)
# "will" foretelling rather than promising: a verb of change or difference used without an object
# ("Demonstrating external validity will differ for …", "… have changed or will change materially");
# "Signatories will change their default settings" promises
_FORETOLD = re.compile(r"\s+(?:\w+ly\s+|also\s+)?(?:differ|vary|change|depend|increase|decrease|exist|happen|"
                       r"occur|arise|emerge|evolve)\b(?=\s*(?:[,.;:)]|$|\w+ly\b|(?:for|in|on|over|across|from|"
                       r"between|among|by|with|depending|due|according|as|and|or|if|when|once|but)\b))", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]")
_SUBORDINATORS = frozenset("that which who whom whose how whether if when where why as once "
                           "until unless because while although so".split())
_ADDRESSEE = re.compile(r"\b([A-Z][a-z]+(?:ies|ers|ors|ants|ents|s))\s+(?:also\s+|further\s+|hereby\s+)?(?:will|commits? to)\b")
# a clause opened by its subject, a party, and a relative clause on it ("Signatories that have not
# yet placed a model …", "A signatory who withdraws …"), whose "that" or "who" subordinates nothing
_RELATIVE_SUBJECT = re.compile(r"^\s*(?:(?:A|An|The|Each|Any|Every)\s+)?[A-Za-z]+(?:ies|ory|ers?|ors?|ants?|ents)\s+(?:that|who)\b",
                               re.I)
# words before an actor that make it a party the addressees serve, not one of them
_SERVED = re.compile(r"(?:\b(?:to|for|from|by|with|towards)\s+(?:the\s+|its\s+|any\s+|such\s+|other\s+)?|\btheir\s+"
                     r"|\bdownstream\s+)[“\"]?$", re.I)
_HEAD_WORDS = 2           # words that may stand before a defined term heading an actor phrase ("each large")
_MEANING = re.compile(r"\b(?:means|shall mean|refers to)\b\s*(.*)$", re.I | re.S)


@dataclass(frozen=True)
class DefinedActor:
    term: str
    role: str
    cite: str
    meaning: str


@dataclass
class DraftingStyle:
    """What kind of instrument a document is and whom it addresses."""

    kind: str = ""                    # statute, regulation, executive_order, code_of_practice, guidance, framework, policy
    kind_reason: str = ""             # "catalogue" or the words the document uses of itself
    advises: bool = False             # guidance that does not bind (``advisory``)
    addressee: str = ""               # the party whose "will" binds it ("Signatories")
    addressee_role: str = ""
    defined: list[DefinedActor] = field(default_factory=list)

    @property
    def promissory(self) -> bool:
        """Whether the addressee's "will" and "commit to" are commitments."""
        return self.kind == "code_of_practice" and bool(self.addressee)

    @property
    def advisory(self) -> bool:
        """Whether what the document recommends without a modal verb (its imperatives, its
        outcome statements) advises rather than binds."""
        return self.kind in ADVISORY_KINDS or (self.kind == "guidance" and self.advises)

    def defined_role(self, actor_text: str) -> DefinedActor | None:
        """The document's definition of the longest defined term that heads the actor phrase
        ("A large frontier developer", not "the interests of providers")."""
        lowered = actor_text.lower()
        hits = []
        for defined in self.defined:
            match = re.search(rf"\b{re.escape(defined.term.lower())}s?\b", lowered)
            if match and len(lowered[:match.start()].split()) <= _HEAD_WORDS:
                hits.append(defined)
        return max(hits, key=lambda d: len(d.term)) if hits else None


def drafting_style(nodes, info: dict, definitions: dict[str, str]) -> DraftingStyle:
    """The style of a document, from its catalogue entry or its own text.  ``definitions`` maps
    the id of each defining unit to the term it defines."""
    units = [n for n in nodes if n.is_unit]
    kind = _normal_kind(info.get("kind", ""))
    reason = "catalogue" if kind else ""
    if not kind:
        kind, reason = _kind_from_opening(nodes, info.get("title", ""))
    style = DraftingStyle(kind=kind, kind_reason=reason,
                          advises=kind == "guidance" and _guidance_advises(nodes, info))
    style.defined = _defined_actors(units, definitions)
    if kind == "code_of_practice":
        subjects = Counter(m.group(1) for n in units for m in _ADDRESSEE.finditer(n.text))
        if subjects:
            style.addressee = subjects.most_common(1)[0][0]
            style.addressee_role = _addressee_role(units, style.addressee)
    return style


def _normal_kind(kind: str) -> str:
    return re.sub(r"[\s-]+", "_", (kind or "").strip().lower())


def _kind_from_opening(nodes, title: str) -> tuple[str, str]:
    opening = "\n".join([title] + [t for n in nodes[:_OPENING_NODES] for t in (n.heading, n.text) if t])
    found = []
    for kind, sign in _KIND_SIGNS:
        match = sign.search(opening)
        if match:
            found.append((match.start(), kind, match.group(0)))
    if not found:
        return "", ""
    _, kind, words = min(found)
    return kind, f"the document calls itself '{words.strip()}'"


def _guidance_advises(nodes, info: dict) -> bool:
    """Guidance is advisory when its status says it does not bind; bound when its status says it
    is in force (an agency memorandum's imperatives direct the agencies it is addressed to); and
    otherwise (unknown, a draft, revoked) as its opening says: not when it says compliance is
    mandatory; when it says it does not bind, or calls itself guidelines or good practice and not
    a memorandum or directive."""
    status = info.get("status") or "unknown"
    if status == "non_binding" or status in _BINDING_STATUSES:
        return status == "non_binding"
    opening = "\n".join([info.get("title", "")] + [t for n in nodes[:_OPENING_NODES] for t in (n.heading, n.text) if t])
    if _MANDATORY.search(opening):
        return False
    return bool(_NOT_BINDING.search(opening)) or (bool(_ADVISING.search(opening)) and not _DIRECTING.search(opening))


def _addressee_role(units, addressee: str) -> str:
    """The role of a code's signatories: the actor named most, and most specifically, in the
    sentences that speak of them ("The Signatories recognise that providers of general-purpose AI
    models with systemic risk should …") or, where those name none, in the whole code.  The
    authorities they report to do not count, nor the parties they serve, named after "to",
    "for", "from" or "downstream" ("information to downstream providers")."""
    for speaking_of_them in (True, False):
        counts = Counter()
        for node in units:
            if speaking_of_them and addressee.lower() not in node.text.lower():
                continue
            for start, _, role, term in actors.named_actors(node.text, first_only=False):
                if role in _NOT_SIGNATORY_ROLES or term.lower() in addressee.lower() \
                        or _SERVED.search(node.text, 0, start):
                    continue
                counts[role] += len(term.split())     # "providers of general-purpose AI models" says more than "users"
        if counts:
            return counts.most_common(1)[0][0]
    return ""


def _defined_actors(units, definitions: dict[str, str]) -> list[DefinedActor]:
    """Each defined term whose definition describes an actor, with the role its function gives."""
    found = []
    for node in units:
        term = definitions.get(node.id)
        meaning = _MEANING.search(node.text)
        if not term or not meaning:
            continue
        role = definition_role(meaning.group(1))
        if role:
            found.append(DefinedActor(term, role, node.cite, meaning.group(1)[:120]))
    return found


def definition_role(meaning: str) -> str:
    """The role the function a definition describes gives its term: "a person who deploys an
    artificial intelligence system" is a deployer, "a person that has trained … a frontier
    model" a model developer; a definition that names no actor gives none."""
    head = meaning[:200]
    if not re.match(r"\s*(?:an?|the|any|each)?\s*(?:natural or legal |individual, )?"
                    r"(?:person|entity|entities|company|companies|organi[sz]ation|developer|deployer|"
                    r"provider|operator|department|agency|office|board|individual|body|"
                    r"officer|official|\w+ (?:developer|deployer|provider|operator))\b", head, re.I):
        return ""
    for regex, role, _ in lexicon().definition_functions:
        if regex.search(head):
            return role
    role, _ = actors.role_of(head)
    return role if role not in ("", "other") else ""


def promise_cue(text: str) -> re.Match | None:
    """The first "will" or "commit to" in a main clause of ``text`` (not in a clause opened by
    "that", "how", "whether" …, where it tells what is recognised or foreseen, nor one that
    foretells: "… will differ for different systemic risks").  A sentence's subject may carry a
    relative clause ("Signatories that have not yet placed a model … will complete the Form")."""
    for match in _PROMISE.finditer(text):
        if _FORETOLD.match(text, match.end()):
            continue
        start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, match.start())), default=0)
        relative = _RELATIVE_SUBJECT.match(text, start) if start == 0 else None
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text[relative.end() if relative else start:match.start()])}
        if not words & _SUBORDINATORS:
            return match
    return None


def is_outcome_row(node, by_id) -> bool:
    """A row of a framework's core: a unit under an identifier the instrument coins for itself
    ("GOVERN 1.1"), not under the parts and sections that hold its narrative."""
    current = node
    while current is not None:
        before_number = re.match(r"^(.*?)\s*\d", current.cite or "")
        words = before_number.group(1).split() if before_number else []
        keyword = words[-1].lower() if words else ""
        if current.kind == "section" and current.label and any(c.isdigit() for c in current.label):
            return keyword not in DIVISION_RANKS and keyword not in SECTION_KEYWORDS \
                and keyword not in ("para.", "§") and not keyword[:1].isdigit()
        current = by_id.get(current.parent)
    return False
