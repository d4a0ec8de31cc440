"""Deontic modality of one sentence: the first modal cue that governs a main clause.

Cues come from ``modal_cues.json`` through spaCy's ``Matcher``.  A cue inside a relative or
adverbial clause ("a threshold that a model shall exceed", "as the Chair may designate") does not
decide the sentence; neither does an epistemic "may" ("AI may pose risks").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policylens.extract.actor import pronoun_referent, role_of
from policylens.extract.lexicon import (
    cue_exclusions,
    cue_matcher,
    cue_modalities,
    lexicon,
)

_SEGMENT_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–"})
_FINITE_WORDS = frozenset({"is", "are", "was", "were", "has", "have", "had", "do", "does", "did",
                           "not", "can", "could", "would", "will"})
_LIST_AS_SUBJECT = re.compile(r"\bthe following\b", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"^(?:for example|for instance|e\.g\.|to the extent|as appropriate|where appropriate|consistent with|in accordance with|"
    r"as necessary|at a minimum|inter alia|in particular|at least|as a minimum|where relevant|"
    r"where applicable|as follows)", re.IGNORECASE)
# a sentence the items finish: its last word before the colon needs what follows
# (its items are the verbs or the predicate: "… may bring an action … to:", "… the person has:";
# "an assessment consisting of:" has stated its duty, and its items say what the assessment holds)
_UNFINISHED = re.compile(r"\b(?:to|the|a|an|and|or|has|have|is|are|be)\s*:$", re.IGNORECASE)
_SHORT_STEM_WORDS = 15
# "…, provided that:", "… if the involvement of their model led to:": the rule is stated and the
# items are its conditions
CONDITION_CLAUSE = r"\b(?:provided that|if|where|when|unless|whenever|as long as|so long as|on condition that)\b[^,;]*"
_CONDITIONS_FOLLOW = re.compile(CONDITION_CLAUSE + ":$", re.IGNORECASE)
# "undertake the following:", "implement the following minimum practices for … use cases:",
# "keep track of the following information, to the extent …, for the purpose of …:", "draw up and
# keep up-to-date the following information:": verbs whose object is the list, past a purpose or
# extent that adds no duty of its own; two verbs joined share it only when the first has no object
# of its own ("conduct audits and report the following" states a duty before the list)
_NO_MODAL = r"(?:(?!\b(?:shall|must|will|may|should)\b)[^.;:])"
_PARTICLE = r"(?:\s+(?:up|out|down|off|back|forward|in|on|over|to-date|up-to-date))?"
_LIST_VERBS = rf"(?:(?:\w+\s+){{1,3}}|\w+{_PARTICLE}\s+(?:and|or|and/or)\s+\w+{_PARTICLE}\s+)"
_FOLLOWING_LIST = re.compile(rf"^{_LIST_VERBS}(?:all |each |any |both )?(?:of )?(?:the following|as follows)\b"
                             rf"(?:{_NO_MODAL}{{0,100}}|{_NO_MODAL}{{0,60}}\s(?:for the purposes? of|to the extent|"
                             rf"in order to)\b{_NO_MODAL}*)$", re.IGNORECASE)
_ADVERB = re.compile(r"\b(?!only\b)\w+ly\b")
_ANNOUNCE_ONLY = re.compile(
    r"^(?:(?:do|include|contain|comprise|consist of|cover|specify|address|meet|provide for|"
    r"set out|take into account|be)(?:\s+|$))?(?:(?:all|both|each|any|one|more|or|at least|"
    r"at a minimum|of|the|following|elements|criteria|information|aspects|items|conditions|"
    r"requirements|as follows|items|listed|shown|below)\s*)*$", re.IGNORECASE)


FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})
_STATEMENT_TAGS = frozenset({"VBZ", "VBP", "MD"})


@dataclass
class Cue:
    name: str
    modality: str
    start: int          # token index
    end: int
    phrase: str
    start_char: int
    end_char: int


def find_cues(doc) -> list[Cue]:
    """All cue matches in ``doc``, longest first at each start, without overlaps (cached on the
    doc, which several decisions consult)."""
    if "cues" in doc.user_data:
        return doc.user_data["cues"]
    names, exclusions = cue_modalities(), cue_exclusions()
    spans = []
    for match_id, start, end in cue_matcher()(doc):
        name = doc.vocab.strings[match_id]
        if name in exclusions and end < len(doc) and doc[end].lower_ in exclusions[name]:
            continue
        if _is_month(doc, start):
            continue
        spans.append((start, -(end - start), name, end))
    spans.sort()
    cues, taken_until = [], -1
    for start, _, name, end in spans:
        if start < taken_until:
            continue
        span = doc[start:end]
        cues.append(Cue(name, names[name], start, end, span.text, span.start_char, span.end_char))
        taken_until = end
    doc.user_data["cues"] = cues
    return cues


def _is_month(doc, index: int) -> bool:
    """"30 May 2018", "May 1, 2024": the month, not the modal verb."""
    if doc[index].text != "May":
        return False
    before = doc[index - 1].text if index else ""
    after = doc[index + 1].text if index + 1 < len(doc) else ""
    return before.isdigit() or after.rstrip(",").isdigit()


def _segment_start(doc, index: int) -> int:
    i = index - 1
    while i >= 0 and doc[i].text not in _SEGMENT_BREAKS:
        i -= 1
    return i + 1


def in_subordinate_clause(doc, cue: Cue) -> bool:
    """Whether the cue sits in a relative/adverbial clause opened in its own comma segment."""
    seg = _segment_start(doc, cue.start)
    subs = lexicon().subordinators
    for j in range(cue.start - 1, seg - 1, -1):
        word = doc[j].lower_
        if word not in subs or (word == "how" and j + 1 < cue.start and doc[j + 1].lower_ == "to"):
            continue        # "guidance on how to comply … shall be published": no clause of its own
        if word == "that" and doc[j].tag_ == "DT":
            continue        # "the authorities under that Union law shall be consulted": a determiner
        if word == "that" and j == seg and j + 1 < cue.start and doc[j + 1].lower_ not in (
                "the", "a", "an", "each", "any", "it", "they", "such"):
            return False        # "That implementing act shall …": a determiner
        between = doc[j + 1:cue.start]
        if {t.lower_ for t in between} & _FINITE_WORDS:
            return False
        return not any(t.tag_ in FINITE_TAGS for t in between)
    return False


def needs_tags(doc, has_stem: bool, guideline: bool = False) -> bool:
    """Whether deciding the sentence needs part-of-speech tags: a cue that may sit in a
    relative clause ("a person that operates a cluster shall …"), a capitalised list item
    without cue whose finite verb tells a statement from a noun phrase continuing its stem, or,
    in a guideline, a sentence without cue that may open with an imperative verb the lexicon
    does not list, or a "may not be" whose next word tells a possibility from a prohibition."""
    cues = find_cues(doc)
    if not cues:
        return (has_stem or guideline) and bool(len(doc)) and doc[0].text[:1].isupper() and \
            not is_imperative(doc)
    subs = lexicon().subordinators
    for cue in cues:
        if cue.name == "may_not" and _word_after_may_not(doc, cue) < len(doc) - 1:
            return True
        seg = _segment_start(doc, cue.start)
        span = [t.lower_ for t in doc[seg:cue.start]]
        if any(w in subs for w in span) and not set(span) & _FINITE_WORDS:
            return True
    return False


def has_finite_verb(doc) -> bool:
    """Whether a tagged sentence has a finite verb outside relative clauses (a statement of its
    own, not a fragment that continues its list stem).  A verb that opens the item continues
    its stem ("a protocol that does all of the following: Describes …"), and a past form after a
    noun is a participle ("the process used by the signing officer").  A clause inserted
    between commas ("procedures that, if successfully implemented, would comply") interrupts the
    one it stands in, which goes on after it.  An item opened by "how", "whether" or "where" is
    a clause its stem's verb governs ("a statement summarizing: … How the developer manages
    known risks …")."""
    subs = lexicon().subordinators
    in_clause = bool(len(doc)) and (doc[0].lower_ == "whether" or doc[0].tag_ in ("WDT", "WP", "WRB"))
    interrupted = None    # whether the clause an inserted one interrupts is subordinate
    for tok in doc[1:]:
        if tok.text in _SEGMENT_BREAKS:
            inserted = tok.text == "," and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in subs
            if inserted and interrupted is None:
                interrupted = in_clause
            elif not inserted and interrupted is not None:
                in_clause, interrupted = interrupted, None
                continue
            in_clause = False
        elif tok.lower_ in subs or tok.tag_ in ("WDT", "WP", "WRB"):
            in_clause = True
        elif tok.tag_ in _STATEMENT_TAGS and not in_clause:
            return True
    return False


_ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})


def _word_after_may_not(doc, cue: Cue) -> int:
    """The index of the "be" of "may not (always) be", or len(doc) when no "be" follows."""
    i = cue.end
    while i < len(doc) and doc[i].lower_ in lexicon().imperative_lead_adverbs | {"also", "always", "necessarily"}:
        i += 1
    return i if i < len(doc) and doc[i].lower_ == "be" else len(doc)


def is_epistemic_may(doc, cue: Cue) -> bool:
    """Whether a bare "may" states a possibility rather than a permission, or "may not be" with
    an adjective after it ("The list may not be exhaustive", "may not be able to") one rather
    than a prohibition.  A noun phrase after it says nothing either way: "An applicant's zip
    code may not be a factor in any hiring decision" forbids."""
    lex = lexicon()
    if cue.name == "may_not":
        i = _word_after_may_not(doc, cue)
        return i < len(doc) - 1 and doc[i + 1].tag_ in _ADJECTIVE_TAGS and doc[i + 1].lower_ not in lex.deontic_may_be_words
    if cue.name != "may":
        return False
    before = doc[cue.start - 1].lower_ if cue.start else ""
    # "If an agency has a process, it may extend it": the pronoun is the agency, which may act
    stands_for_actor = before in ("it", "they") and pronoun_referent(doc[:cue.start].text, before)
    # "AI may pose risks", but "The Office of Responsible AI may grant an exception": a body named for AI
    names_actor = before == "ai" and bool(role_of(doc[_segment_start(doc, cue.start):cue.start].text, head_only=True)[0])
    if before in ("ai", "there", "this", "which", "it", "that", "these", "risks", "they") and not (
            stands_for_actor or names_actor):
        return True
    i = cue.end
    while i < len(doc) and doc[i].lower_ in lex.imperative_lead_adverbs | {"also", "well", "even", "either"}:
        i += 1
    if i >= len(doc):
        return True
    nxt = doc[i].lower_
    if nxt == "be" and i + 1 < len(doc):
        after = doc[i + 1].lower_
        return not (after in lex.deontic_may_be_words or (after.endswith("ed") and after
                                                          not in lex.epistemic_may_verbs))
    return nxt in lex.epistemic_may_verbs


_POSSIBILITY_MODALS = frozenset({"may", "might", "could"})


def is_possible_duty(doc, cue: Cue) -> bool:
    """"Any party … may be required to explain": the possibility of a duty that some other rule
    or circumstance would impose, not a duty the sentence lays down."""
    return cue.modality == "obligation" and doc[cue.start].lower_ == "be" and \
        cue.start > 0 and doc[cue.start - 1].lower_ in _POSSIBILITY_MODALS


def governing_cues(doc) -> list[Cue]:
    """The cues that can decide the sentence, in order."""
    return [c for c in find_cues(doc)
            if not in_subordinate_clause(doc, c) and not is_epistemic_may(doc, c)
            and not is_possible_duty(doc, c) and not is_quoted(doc.text, c)]


def is_quoted(text: str, cue: Cue) -> bool:
    """"Requirements (e.g., “the system shall respect privacy”) are elicited": a cue inside a
    quotation the sentence goes on after is an example it mentions, not its own rule, and so is
    a word quoted alone (… for "must" substitute "may").  Text quoted to the sentence's end (an
    amendment's "… to read: “The provider shall …”") is."""
    for opening, closing in (("“", "”"), ('"', '"')):
        start = text.rfind(opening, 0, cue.start_char)
        if start <= 0 or (opening == closing and text.count(opening, 0, cue.start_char) % 2 == 0):
            continue
        if opening != closing and text.find(closing, start, cue.start_char) != -1:
            continue
        end = text.find(closing, cue.end_char)
        if end != -1 and (re.search(r"[A-Za-z]", text[end + 1:]) or len(text[start + 1:end].split()) <= 2):
            return True
    return False


def starts_with_no(doc, cue: Cue) -> bool:
    """"No decision … may be taken", "Neither a body nor its staff shall …": a negated subject
    turns shall/may/must into a prohibition."""
    if cue.modality not in ("obligation", "permission") or cue.name not in ("shall", "may", "must"):
        return False
    seg = _segment_start(doc, cue.start)
    if seg < len(doc) and doc[seg].lower_ == "no":
        return True
    return len(doc) > 0 and doc[0].lower_ == "neither" and any(
        t.lower_ == "nor" for t in doc[1:cue.start])


def announces_list_only(text: str, cue_start: int, cue_end: int) -> bool:
    """A stem such as "Providers … shall:" that only introduces its list is not a unit itself:
    what follows its cue (at ``cue_start``–``cue_end`` in ``text``) announces the list ("shall
    include:", "will continuously:", "must undertake the following:", "must—") or leaves the sentence
    for the items to finish ("… may bring an action in the name of this state to:")."""
    # Commonwealth drafting ends a stem with a dash: "must—", "namely:—", "unless the context otherwise requires,—"
    stripped = re.sub(r"\s*[,:]?\s*(?:—|–|--)$", ":", text.rstrip())
    if not (stripped.endswith(":") or stripped.lower().endswith("following")):
        return False
    if stripped.endswith(":") and _LIST_AS_SUBJECT.search(text[:cue_start]):
        return True         # "The following AI practices shall be prohibited:": the items are the rule
    if stripped.endswith(":") and _UNFINISHED.search(stripped[cue_end:]) \
            and len(stripped[cue_end:].split()) <= _SHORT_STEM_WORDS \
            and not _CONDITIONS_FOLLOW.search(stripped[cue_end:]):
        return True
    rest = _ADVERB.sub(" ", stripped[cue_end:].rstrip(":")).strip(" ,")
    if _FOLLOWING_LIST.match(rest):
        return True
    segments = [s.strip() for s in rest.split(",")]
    kept = " ".join(s for s in segments if s and not _QUALIFIER.match(s))
    return bool(_ANNOUNCE_ONLY.match(kept))


def is_imperative(doc) -> bool:
    """Whether the main clause opens with a bare verb ("Take reasonable measures …"), also after
    leading adverbial clauses closed by commas ("To maintain …, and ensure …, take …")."""
    if not len(doc):
        return False
    starts = [0]
    colon = next((t.i for t in doc[:8] if t.text.endswith(":")), None)
    if colon and all(_LABEL_TOKEN.match(t.text) for t in doc[:colon]):
        starts.append(colon + 1)   # "I) to XI): Comply with them …": after the items it speaks to
    if doc[0].lower_ in _ADVERBIAL_OPENERS:
        starts += [t.i + 1 for t in doc if t.text == ","]
    starts += [t.i + 1 for t in doc[1:] if t.lower_ == "so" and doc[t.i - 1].text == ","]
    return any(_bare_verb_at(doc, i) for i in starts)


_LABEL_TOKEN = re.compile(r"^(?:[IVXLCivxlc]{1,6}|\d{1,3}|[A-Za-z]|[()\-–]|to|and)$")
_ADVERBIAL_OPENERS = frozenset({"to", "in", "when", "if", "while", "during", "bearing", "based",
                                "as", "for", "after", "before", "with", "throughout",
                                "depending", "upon", "once", "where"})
_NOT_AFTER_VERB = frozenset({"is", "are", "was", "were", "shall", "may", "should", "must", "will",
                             "of", "can"})


def _bare_verb_at(doc, i: int) -> bool:
    """A verb in its base form at ``i``: one of the lexicon's imperative verbs, or, in a tagged
    sentence, any word the tagger reads as a base-form verb ("Guarantee the accuracy …").  A
    word numbered like a heading labels what comes next ("Note 1:", "Step 2."); "Conduct two
    exercises" and "Provide 30 days' notice" stay imperatives."""
    lex = lexicon()
    while i < len(doc) and (doc[i].lower_ in lex.imperative_lead_adverbs or
                            doc[i].tag_ == "RB" and doc[i].lower_.endswith("ly")):
        i += 1      # "conspicuously publish …"
    if i >= len(doc) or (i + 1 < len(doc) and (doc[i + 1].lower_ in _NOT_AFTER_VERB or _numbers_a_label(doc, i + 1))):
        return False
    return doc[i].lower_ in lex.imperative_verbs or doc[i].tag_ == "VB"


def _numbers_a_label(doc, i: int) -> bool:
    """Whether the number at ``i`` ends a label: a colon, full stop or bracket follows it."""
    return doc[i].like_num and (i + 1 == len(doc) or doc[i + 1].text in (":", ".", ")"))


_TERM_OF_OFFICE = re.compile(
    r"\b(?:shall|is|are) be (?:designated|appointed|elected|nominated|selected)\b[^.;]*"
    r"\bfor (?:a|an initial|one) (?:term|period|mandate) of\b", re.IGNORECASE)


def states_term_of_office(text: str, cue: Cue) -> bool:
    """"Each representative shall be designated … for a period of three years": a term of office
    constitutes the body; it is not a duty."""
    return cue.name == "shall" and bool(_TERM_OF_OFFICE.search(text, cue.start_char))


_COMPOSITION_VERBS = frozenset({"include", "comprise", "consist", "encompass"})


def states_composition(doc, cue: Cue) -> bool:
    """"CalCompute shall include … a fully owned and hosted cloud platform": what a named
    programme or facility is made of constitutes it; it is not a duty.  The subject is a single
    proper name written with an inner capital (a coined name or an acronym), unlike a document
    ("That notification shall include …"), whose contents are a duty of whoever draws it up."""
    if cue.name != "shall" or cue.start != 1 or cue.end >= len(doc):
        return False
    subject = doc[0].text
    return doc[cue.end].lower_ in _COMPOSITION_VERBS and any(c.isupper() for c in subject[1:])


def cue_beyond_insertion(doc, cue: Cue) -> Cue | None:
    """"The consortium shall, consistent with state constitutional law, consist of 14 members":
    the cue that "shall" forms with the words after a comma-enclosed insertion, if it is not a
    plain "shall" (so a constitutive or scope rule is not read as a duty)."""
    if cue.name != "shall" or cue.end >= len(doc) or doc[cue.end].text != ",":
        return None
    close = next((t.i for t in doc[cue.end + 1:] if t.text == ","), None)
    if close is None or close + 1 >= len(doc):
        return None
    from spacy.tokens import Doc

    words = [doc[cue.start].text] + [t.text for t in doc[close + 1:close + 6]]
    joined = Doc(doc.vocab, words=words)
    for found in find_cues(joined):
        if found.start == 0 and found.end > 1 and found.modality == "none":
            return Cue(found.name, found.modality, cue.start, cue.end, cue.phrase,
                       cue.start_char, cue.end_char)
    return None

