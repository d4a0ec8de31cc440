"""What one sentence says on its own: its governing cue, named actor, limits and references.

This is the first pass of extraction; ``document.py`` then fills what the sentence leaves
unsaid from its list stem, its section and its headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policylens.extract import actor as actors
from policylens.extract.conditions import find_condition
from policylens.extract.definitions import defined_term
from policylens.extract.modality import (
    Cue,
    announces_list_only,
    cue_beyond_insertion,
    governing_cues,
    has_finite_verb,
    is_imperative,
    starts_with_no,
    states_composition,
    states_term_of_office,
)


@dataclass
class Party:
    """One addressee of a sentence with the modality that binds it."""

    modality: str
    cue: Cue | None
    cue_name: str
    actor_text: str = ""
    actor_role: str = ""
    actor_how: str = ""        # subject | agent | pronoun | important_for | "" (not named)
    span: tuple[int, int] | None = None   # the clause it states, where the sentence holds two


@dataclass
class SentenceFacts:
    parties: list[Party] = field(default_factory=list)   # empty: no governing cue
    imperative: bool = False
    announces_list_only: bool = False
    defines: str = ""
    condition: str = ""
    statement: bool = False       # a full sentence with its own finite verb (needs tags)
    first_clause_end: int = -1    # character offset of the first ";" (items: own cue must precede)


# a recital of an order or a code ("WHEREAS, artificial intelligence may …"), which binds no one
_RECITING = re.compile(r"^\W*whereas\b", re.I)


def read_sentence(text: str, doc) -> SentenceFacts:
    """The facts ``text`` states itself (``doc`` is its spaCy tokenisation)."""
    facts = SentenceFacts(defines=defined_term(text), condition=find_condition(text))
    facts.first_clause_end = text.find(";")
    cues = [] if _RECITING.match(text) else governing_cues(doc)
    if not cues:
        facts.imperative = is_imperative(doc)
        facts.statement = text[:1].isupper() and doc.has_annotation("TAG") and \
            not facts.imperative and has_finite_verb(doc)
        return facts
    first = cues[0]
    facts.parties.append(_party(text, doc, first))
    facts.announces_list_only = first.modality != "none" and announces_list_only(
        text, first.start_char, first.end_char)
    second = _second_party_cue(doc, first, cues[1:])
    if second is not None:
        party = _party(text, doc, second, prefix_start=doc[first.end + 2].idx)
        if party.actor_role and party.actor_text != facts.parties[0].actor_text:
            facts.parties.append(party)
    elif not text.rstrip().endswith(":"):     # a list's stem hands one party to its items
        found = _next_clause_party(text, doc, first, cues[1:])
        if found is not None and bare_actor(found[1].actor_text) != bare_actor(facts.parties[0].actor_text):
            joiner, party = found
            facts.parties[0].span = (0, len(text[:joiner.start()].rstrip()))
            party.span = (joiner.end(), len(text))
            facts.parties.append(party)
    return facts


def _next_clause_party(text: str, doc, first: Cue, rest: list[Cue]) -> tuple[re.Match, Party] | None:
    """"The governor shall appoint a chair, and the council shall elect a vice chair": a later
    clause joined by "and" or "but" that names its own actor as the subject of its own cue binds
    that actor too.  The joining words and the clause's party."""
    for cue in rest:
        joiners = list(_CLAUSE_JOIN.finditer(text, doc[first.end - 1].idx, cue.start_char))
        if not joiners:
            continue
        party = _party(text, doc, cue, prefix_start=joiners[-1].end())
        # "…, and the Commission shall be informed": a passive clause's subject is acted on
        if party.actor_how == "subject" and party.actor_role and not actors.is_passive(text[cue.end_char:]):
            return joiners[-1], party
    return None


def bare_actor(actor_text: str) -> str:
    """An actor without its determiner: "A developer" and "the developer" are one actor."""
    return re.sub(r"^(?:the|a|an|each|any|every|such|that|this|these|those)\s+", "", actor_text.strip().lower())


_CLAUSE_JOIN = re.compile(rf"[,;]\s+{actors.CLAUSE_OPENER}", re.IGNORECASE)


def _party(text: str, doc, cue: Cue, prefix_start: int = 0) -> Party:
    modality, name = cue.modality, cue.name
    beyond = cue_beyond_insertion(doc, cue)
    if beyond is not None:
        modality, name = beyond.modality, beyond.name
    elif states_term_of_office(text, cue):
        modality, name = "none", "term_of_office"
    elif states_composition(doc, cue):
        modality, name = "none", "composition"
    if starts_with_no(doc, cue):
        modality, name = "prohibition", "no_subject+" + cue.name
    party = Party(modality, cue, name)
    found = actors.explicit_actor(text[prefix_start:], cue.start_char - prefix_start,
                                  cue.end_char - prefix_start, cue.name)
    if found:
        party.actor_text, party.actor_role, party.actor_how = found
    return party


def _second_party_cue(doc, first: Cue, rest: list[Cue]) -> Cue | None:
    """"X shall, and Y is encouraged to, do …": the cue that binds the second actor."""
    if first.end + 2 >= len(doc) or doc[first.end].text != "," or doc[first.end + 1].lower_ != "and":
        return None
    for cue in rest:
        if cue.start - first.end > 25:
            return None
        if cue.end < len(doc) and doc[cue.end].text == ",":
            return cue
    return None
