"""Who bears a duty: the addressee named before the modal, and its normalised role.

Legal drafting puts long adverbials and appositions around the subject ("Within 270 days …, to
help ensure …, the Secretary of Commerce, acting through the Director of NIST, in coordination
with …, shall:").  The span before the modal is cut at commas outside brackets; leading
adverbial segments are dropped, the first remaining segment is the subject and an "acting
through" segment stays with it.  A subject counts as an actor only when its head names one of
the roles in ``roles.json`` ("The risk management system shall …" names none).
"""

from __future__ import annotations

import re

from policylens.extract.lexicon import lexicon

_ADVERBIAL_START = re.compile(
    r"^(?:within|to|in|where|when|whenever|if|for|as|after|before|until|on|by|without|with|once|"
    r"prior|pursuant|subject|consistent|including|through|during|following|unless|"
    r"notwithstanding|except|however|further|furthermore|moreover|therefore|thus|accordingly|"
    r"finally|also|at|upon|beginning|commencing|no later|not later|based|given|depending|"
    r"taking|bearing|whereas|so|because|while|whether|although|since|under|from|regardless|"
    r"thereafter|annually|additionally|similarly|likewise|specifically|instead|then|"
    r"in particular|where appropriate|as appropriate|to the extent)\b", re.IGNORECASE)
_KEEP_WITH_SUBJECT = re.compile(r"^(?:acting through|through the|acting by)\b", re.IGNORECASE)
_PRONOUNS = frozenset({"it", "they", "he", "she", "its"})
_LEADING_JOINERS = re.compile(r"^(?:and|or|but|then)\s+", re.IGNORECASE)
_AGENT = re.compile(r"^\s*be\s+(?:\w+\s+){0,2}?\w+(?:ed|en|wn|up)\s+(?:up\s+)?by\s+(.+)$", re.IGNORECASE)
_AFTER_IMPORTANT = re.compile(r"^\s*(?:the |each |all |any )?(.+)$", re.IGNORECASE)


def split_commas(text: str) -> list[str]:
    """``text`` cut at commas that are not inside brackets."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def named_actors(text: str, *, first_only: bool = True) -> list[tuple[int, int, str, str]]:
    """(start, end, role, term) of the actor terms ``text`` names.  A term inside or across a
    longer one ("a person" in "a person that operates a computing cluster", "a Member" across
    "Member State") yields to it.  With ``first_only`` each term is looked for once (enough for a
    short actor phrase)."""
    found = []
    for term in lexicon().role_terms:
        matches = [term.regex.search(text)] if first_only else term.regex.finditer(text)
        found.extend((m.start(), m.end(), term.role, m.group(0)) for m in matches if m)
    return [f for f in found if not any(o[0] < f[1] and f[0] < o[1] and
                                        (o[1] - o[0]) > (f[1] - f[0]) for o in found)]


def role_of(actor_text: str, *, head_only: bool = False) -> tuple[str, str]:
    """The role of an actor phrase and the term that decided it (leftmost, then longest)."""
    kept = named_actors(actor_text)
    if not kept:
        return "", ""
    start, _, role, term = min(kept)
    if head_only and len(actor_text[:start].split()) > 3:
        return "", ""
    operators = {r for _, _, r, _ in kept} & lexicon().operator_roles
    if role in operators and len(operators) > 1:
        return "any_ai_actor", term      # "providers or deployers": several operator types
    return role, term


def subject_before(prefix: str) -> str:
    """The subject phrase of the clause that ends where the modal cue begins.

    A pronoun just before the cue is the subject.  Otherwise leading adverbial segments are
    skipped; the first remaining segment that names an actor is the subject (a list such as
    "safe, secure, and trustworthy AI systems" inside an adverbial does not); without one, the
    last segment is (a thing: "The risk management system")."""
    segments = _last_clause([s for s in split_commas(prefix) if s])
    segments = [_LEADING_JOINERS.sub("", s) for s in segments]
    if segments and segments[-1].strip().lower() in _PRONOUNS:
        return segments[-1].strip()     # "Where an authority is informed by the provider, …, it may"
    candidates = [i for i, seg in enumerate(segments) if not _ADVERBIAL_START.match(seg)]
    if not candidates:
        return ""
    named = [i for i in candidates if role_of(segments[i], head_only=True)[0]]
    # "If, as authorized by …, the state agency does not implement …, the state agency, …, shall":
    # a segment with a verb of its own is the condition's clause, not the subject
    unnamed_last = not _states_clause(segments[candidates[-1]]) and candidates[-1] not in named
    chosen = next((i for i in named if not _states_clause(segments[i])),
                  candidates[-1] if not named or unnamed_last else named[0])
    kept = [segments[chosen]]
    for seg in segments[chosen + 1:]:
        if not _KEEP_WITH_SUBJECT.match(seg):
            break
        kept.append(seg)
    return _TRAILING_ADVERB.sub("", ", ".join(kept).strip())     # "Signatories also commit to"


# an adverb between the subject and its verb, which is no part of the subject
_TRAILING_ADVERB = re.compile(r"(?:\s+(?:also|further|hereby|jointly|therefore|thus|each|both|all))+$", re.I)


def _states_clause(segment: str) -> bool:
    """Whether a segment has a finite verb of its own, outside any relative clause."""
    return bool(_FINITE.search(_RELATIVE.split(segment, maxsplit=1)[0]))


def _last_clause(segments: list[str]) -> list[str]:
    """The segments of the clause the modal ends: "The council is attached to the department, and
    the department shall" starts again after the full clause ("…, and the department").  A verb
    inside a relative clause ("A person who is a resident, and any entity …") ends no clause."""
    for n in range(len(segments) - 1, 0, -1):
        if _CLAUSE_JOINER.match(segments[n]) and _states_clause(segments[n - 1]):
            return segments[n:]
    return segments


# A conjunction that may open a new clause with a subject of its own ("and the council"), and the
# finite verbs that show the segment before it was a clause of its own rather than part of a list
# of actors.
CLAUSE_OPENER = r"(?:and|but)\s+(?=(?:the|a|an|each|any|every|such|that|this|no)\b)"
_CLAUSE_JOINER = re.compile(rf"^{CLAUSE_OPENER}", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|shall|will|must|may|can|does|do)\b", re.IGNORECASE)


# Words that open a condition whose subject a following "it" or "they" stands for, and the
# participle that opens a phrase without a subject of its own ("consulting …", "having performed …").
_PARTICIPLE = re.compile(r"^(?:having\b|being\b|\w+ing\b)", re.IGNORECASE)
_CONDITION_OPENERS = frozenset({"where", "if", "when", "whenever", "once", "unless", "after", "before",
                                "while", "until", "since"})


def _is_plural(term: str) -> bool:
    """Whether an actor term names several ("providers", "Signatories"), for "they" against "it"."""
    last = term.lower().split()[-1] if term.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def pronoun_referent(prefix: str, pronoun: str, parties: tuple[tuple[str, str], ...] = ()) -> tuple[str, str] | None:
    """(actor term, role) that "it" or "they" at the end of ``prefix`` stands for: the subject of
    the nearest condition before it ("Where a market surveillance authority has been informed by
    the provider …, it may"; "If Signatories have …, they may"), when that subject is an actor
    (a term of the role lexicon, or one of ``parties``: (term, role) such as a code of practice's
    "Signatories") and agrees in number with the pronoun.  None when the sentence has no such
    condition: the pronoun may then be anything ("it may infringe rights")."""
    segments = [seg for seg in split_commas(prefix) if seg]
    if segments and segments[-1].lower() == pronoun.lower():
        segments = segments[:-1]
    # the nearest condition with a subject: "after consulting the national authority" has none
    conditions = [n for n, seg in enumerate(segments) if seg.split()[0].lower() in _CONDITION_OPENERS
                  and not (len(seg.split()) > 1 and _PARTICIPLE.match(seg.split()[1]))]
    if not conditions:
        return None
    n = conditions[-1]
    words = segments[n].split(maxsplit=1)
    # "Where, having performed an evaluation, after consulting …, the market surveillance authority
    # finds …": the subject may follow the opener past inserted phrases
    subject = words[1] if len(words) > 1 else next(
        (seg for seg in segments[n + 1:] if not _ADVERBIAL_START.match(seg) and not _PARTICIPLE.match(seg)), "")
    head = " ".join(subject.lower().split()[:3])
    found = next(((term, role) for term, role in parties if term and term.lower() in head), None)
    if found is None:
        role, term = role_of(subject, head_only=True)
        found = (term, role) if role and not _head_is_thing(subject, term) else None
    return found if found and _is_plural(found[0]) == (pronoun.lower() == "they") else None


# cues that exempt the party named after them from a duty, and that party
_EXEMPTING_CUES = frozenset({"does_not_require", "nothing_requires", "nothing_shall_be_construed_to_require"})
_EXEMPTED = re.compile(r"\s*([^,;.]{2,80}?)\s+to\b")


def explicit_actor(text: str, cue_start_char: int, cue_end_char: int, cue_name: str):
    """(actor_text, role, how) named by the sentence for the cue at the given offsets, or None.

    ``how`` is "subject", "agent" (passive "shall be approved by the Board"), "pronoun" (to be
    resolved by the caller), "important_for" ("it is important for AI developers to") or
    "exempted" ("Nothing in this part requires a developer to")."""
    after = text[cue_end_char:]
    if cue_name == "it_is_important":
        words = _AFTER_IMPORTANT.match(after)
        if words:
            role, term = role_of(after[:120], head_only=True)
            if role:
                phrase = _trim_to_term(after, term)
                return phrase, role_of(phrase)[0] or role, "important_for"
        return None
    if cue_name in _EXEMPTING_CUES:     # "Nothing in this part requires a developer to …"
        exempted = _EXEMPTED.match(after)
        role, _ = role_of(exempted.group(1), head_only=True) if exempted else ("", "")
        return (exempted.group(1), role, "exempted") if role else None
    subject = subject_before(text[:cue_start_char])
    if subject and subject.lower() not in _PRONOUNS:
        role, term = role_of(subject, head_only=True)
        if role and not _head_is_thing(subject, term):
            return subject, role, "subject"
    agent = _AGENT.match(after)
    if agent:      # "it shall be withdrawn by the market surveillance authority": the agent acts
        phrase = re.split(r"[,;.]| before | after | within | in accordance", agent.group(1))[0]
        role, term = role_of(phrase, head_only=True)
        if role:
            return phrase.strip(), role, "agent"
    if subject.lower() in _PRONOUNS:
        return subject, "", "pronoun"
    return None


def _head_is_thing(subject: str, term: str) -> bool:
    """"Risks … for providers" or "The use of …": the head noun is not the actor term.  Nor is
    a term used as a verb ("The decision to commission …")."""
    idx = subject.lower().find(term.lower())
    if subject.lower()[:max(idx, 0)].endswith("to "):
        return True
    before = subject.lower()[:max(idx, 0)].split()[:2]
    return any(w in lexicon().non_actor_heads for w in before if w not in (
        "the", "any", "this", "these", "those", "such", "it", "they", "that", "each", "all"))


def _head_noun(subject: str) -> str:
    """The head noun of a subject phrase: its last word before the first modifier ("disclosure"
    in "A disclosure under Subsection (b)")."""
    head = re.split(_MODIFIER, subject.lower(), maxsplit=1)[0]
    words = [w for w in re.findall(r"[a-z]+", head) if w not in _DETERMINERS]
    return words[-1] if words else ""


def head_is_thing(subject: str) -> bool:
    """"A disclosure under Subsection (b)", "The report referred to in paragraph 1": a subject
    whose head noun is a thing, not an actor."""
    return _head_noun(subject) in lexicon().non_actor_heads | _THING_HEADS


def names_a_party(subject: str) -> bool:
    """"A processor", "Each licensee", "Businesses": a subject whose head noun names someone by what
    they do (an agent noun) or names a business or an individual, though the role lexicon does not
    know it; not a thing ("The logs", "The identification number")."""
    if not subject or subject.lower() in _PRONOUNS or is_thing(subject) or head_is_thing(subject):
        return False
    head = _head_noun(subject)
    if head in _PARTY_HEADS:
        return True
    word = head.removesuffix("s")
    return len(word) > 4 and word.endswith(_AGENT_SUFFIXES) and not word.endswith("ment") and \
        word not in _NOT_AGENTS


# a proper name's words: capitalised words, acronyms ("CAIOs", "DHS"), an acronym in brackets, and
# the small words names are made with
_NAME_WORD = re.compile(r"^(?:[A-Z][A-Za-z’'&\-]*|\([A-Z]{2,8}s?\)|of|for|and|the|on|&)$")
_DETERMINER_OPENING = re.compile(r"^(?:The|Each|Every|All|Any|A|An)\s+")
# what a document's named things and AI systems are called, which no office is
_NAMED_THING_HEADS = frozenset("""ai genai ml llm llms gai inventory inventories strategy report reports guidance
standard standards form forms template templates list register memorandum directive charter program programme
schedule appendix annex section table figure data information content output outputs tool tools system systems
model models application applications case cases website portal platform""".split())


# a name and the acronym a document gives it in brackets: "Request for Information (RFI)"
_ACRONYM_DEFINED = re.compile(r"((?:[\w\-]+\s+){1,8})\(([A-Z]{2,8})s?\)")


def acronyms(texts) -> dict[str, str]:
    """The acronyms a document spells out once in brackets, each with its name: the shortest
    run of words before the brackets whose initials give its letters ("Chief AI Officer (CAIO)",
    "a request for information (RFI)")."""
    found: dict[str, str] = {}
    for text in texts:
        for name, acronym in _ACRONYM_DEFINED.findall(text):
            words = name.split()
            for start in range(len(words) - 1, -1, -1):
                rest = words[start:]
                spellings = ("".join(w[0] for w in rest if w[:1].isupper()),        # Chief AI Officer: CAO
                             "".join(w if w.isupper() else w[0] for w in rest if w[:1].isupper()),   # CAIO
                             "".join(w[0].upper() for w in rest))                   # Request for Information: RFI
                if acronym in spellings:
                    found.setdefault(acronym, " ".join(rest))
                    break
    return found


def spelled_out(subject: str, known: dict[str, str]) -> str:
    """The subject with each acronym the document spells out replaced by its name ("The RFI" →
    "The Request for Information")."""
    return re.sub(r"\b([A-Z]{2,8})(s?)\b", lambda m: known[m.group(1)] + m.group(2) if m.group(1) in known
                  else m.group(0), subject)


def names_an_office(subject: str, capitalised: frozenset[str] = frozenset()) -> bool:
    """"DHS Components", "The CAIO", "Component Heads", "The General Services Administration
    (GSA)": a subject that is a proper name, as a government document names its offices and
    bodies; not a thing ("The Framework") nor an AI system ("Generative AI").  One word opening
    a sentence is a name only if it is an acronym or the document capitalises it mid-sentence
    too (``capitalised``): "Components" where it writes "their Components", not "Vendors"."""
    name = _DETERMINER_OPENING.sub("", subject.strip())
    words = name.split()
    if not words or not words[0][:1].isupper() or not all(_NAME_WORD.match(w) for w in words):
        return False
    named = len(words) > 1 or words[0].rstrip("s").isupper() or words[0] in capitalised
    return named and not (is_thing(subject) or head_is_thing(subject) or _head_noun(subject) in _NAMED_THING_HEADS)


def is_passive(after_cue: str) -> bool:
    """Whether the words after a modal make it passive ("shall be retained", "may not be
    amended"): its grammatical subject is then what is acted on."""
    return bool(re.match(r"\s*(?:not\s+)?(?:(?:\w+ly|also|only|further|then|still|thereafter|therefore)\s+)?be\b",
                         after_cue, re.IGNORECASE))


def is_thing(subject: str) -> bool:
    """"The Framework", "This assessment": a subject whose head is a thing, not an actor."""
    words = [w for w in re.findall(r"[a-z]+", subject.lower()) if w not in _DETERMINERS]
    return bool(words) and words[-1] in lexicon().non_actor_heads | _THING_HEADS


_DETERMINERS = frozenset({"the", "a", "an", "any", "this", "these", "those", "such", "each", "all",
                          "their", "its", "our", "further", "in", "addition"})
_THING_HEADS = frozenset({"assessment", "determination", "process", "plan", "estimates", "policy",
                          "review", "evaluation", "evaluations", "analysis", "mitigations", "notice",
                          "notices", "disclosure", "disclosures", "statement", "statements", "request",
                          "requests", "summary", "description", "record", "records", "declaration",
                          "certificate", "copy", "submission", "publication", "form", "application"})
# endings of agent nouns: processor, licensee, applicant, respondent, scientist, custodian, holder
_AGENT_SUFFIXES = ("or", "ee", "ant", "ent", "ist", "ian", "er")
# parties named without an agent noun's ending
_PARTY_HEADS = frozenset("business businesses company companies individual individuals entity entities".split())
# things whose names end like an agent's
_NOT_AGENTS = frozenset("""
number order register chapter matter parameter letter paper marker filter layer cluster power error
factor sector vector indicator center centre content component document element event incident
instrument extent intent consent percent checklist plant grant variant warrant identifier
""".split())
# words that end a subject's head noun and begin what modifies it
_MODIFIER = re.compile(r"\b(?:under|referred|pursuant|required|in|of|to|for|by|from|with|that|which|who|"
                       r"made|provided|issued|described|submitted|set|as|on)\b")


def _trim_to_term(after: str, term: str) -> str:
    """The phrase naming the actor after "it is important for/that": up to the term's end."""
    idx = after.lower().find(term.lower())
    return after[:idx + len(term)].strip(" ,")


_VERB = r"(?:develop|develops|build|builds|train|trains|deploy|deploys|use|uses|operate|operates|procure|procures|" \
        r"make available|makes available|distribute|distributes)"
# the duty's own verbs governing an AI system: "(may not) use or deploy an artificial intelligence system"
_AI_DUTY = re.compile(
    rf"^\s*(?:not\s+)?(?:\w+ly\s+)?(?P<verbs>{_VERB}(?:\s*,?\s*(?:or|and|and/or)?\s+{_VERB})*)\s+"
    r"(?:an?|the|any|such|its|their|that)?\s*(?:\w+\s+){0,2}?"
    r"(?:artificial intelligence|ai|automated decision|algorithmic)\b[\w -]{0,20}?"
    r"\b(?:systems?|models?|tools?|technolog(?:y|ies))\b", re.IGNORECASE)
_DEVELOPS = re.compile(r"\b(?:develop|develops|build|builds|train|trains)\b", re.IGNORECASE)
_USES = re.compile(r"\b(?:deploy|deploys|use|uses|operate|operates|procure|procures)\b", re.IGNORECASE)
_OFFERS = re.compile(r"\bmakes? available\b", re.IGNORECASE)
_DISTRIBUTES = re.compile(r"\bdistributes?\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+", re.IGNORECASE)


def role_by_function(role: str, duty: str, actor_text: str = "") -> tuple[str, str]:
    """The role an actor takes from what it does with an AI system, when its own name says only
    who it is: "a governmental entity may not use or deploy an AI system" regulates a deployer; "a
    person may not develop or deploy an AI system" any actor of the value chain; "a governmental
    agency that makes available an AI system" deploys it; "a person may not develop or distribute
    an AI system" is again any actor of the value chain, and one who only distributes it is of the
    supply chain (a public body distributing tools stays a public body).  ``duty`` is the text
    after the modal cue, ``actor_text`` the actor as named; the verbs of the duty, or of the
    actor's own relative clause, must govern the AI system.
    Returns (role, reason), the reason empty when the role stands."""
    if role not in ("", "other", "public_authority"):
        return role, ""
    relative = _RELATIVE.search(actor_text)
    match = _AI_DUTY.match(duty) or (_AI_DUTY.match(actor_text[relative.end():]) if relative else None)
    if not match:
        return role, ""
    verbs = match.group("verbs")
    develops, uses, offers, distributes = (bool(r.search(verbs)) for r in (_DEVELOPS, _USES, _OFFERS, _DISTRIBUTES))
    if distributes and not (uses or develops or offers):
        # a distributor is of the supply chain; a public body distributing tools stays one
        return ("supply_chain", "distributes an AI system") if role != "public_authority" else (role, "")
    if offers and not (uses or develops):
        # an authority that makes an AI system available deploys it; anyone else supplies it
        return ("deployer", "makes an AI system available") if role == "public_authority" else \
            ("system_provider", "makes an AI system available")
    if uses and (not develops or role == "public_authority"):
        return "deployer", "uses or deploys an AI system"
    if develops and (uses or offers or distributes) and role != "public_authority":
        return "any_ai_actor", "develops and deploys or distributes an AI system"
    return role, ""


def activity_role(text: str) -> tuple[str, str]:
    """A role implied by the activity a unit regulates ("the use of … for law enforcement")."""
    for regex, role, name in lexicon().activity_cues:
        if regex.search(text):
            return role, name
    return "", ""


def refine_by_headings(role: str, actor_text: str, headings: list[str]) -> str:
    """The role a bare term takes under the headings of its chapter ("the provider" in the
    chapter on general-purpose AI models is the model's provider, though not a "downstream
    provider", who builds an AI system on the model)."""
    for heading_regex, from_role, to_role, unless in lexicon().heading_refinements:
        if role == from_role and "system" not in actor_text.lower() and not unless.match(actor_text) and \
                any(heading_regex.search(h) for h in headings):
            return to_role
    return role

