"""Extraction over a whole provision tree: sentence facts first, then what units inherit.

A unit that names no actor takes it from its list stem, else from the last actor named in its
section, else from the headings above it, else from the activity it regulates, else from the
role most named in its section, else from the document's convention.  Items take their stem's
modality, condition and time limit unless they state their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policylens.extract import actor as actors
from policylens.extract.conditions import find_condition
from policylens.extract.deadlines import add_period, eu_application_date, find_deadline
from policylens.extract.lexicon import lexicon
from policylens.extract.modality import CONDITION_CLAUSE, announces_list_only, needs_tags
from policylens.extract.reading import Party, SentenceFacts, bare_actor, read_sentence
from policylens.extract.record import Extraction
from policylens.extract.references import CiteIndex, find_references
from policylens.extract.style import DraftingStyle, drafting_style, is_outcome_row, promise_cue
from policylens.extract.themes import choose_themes
from policylens.tasks import Cancelled

NO_CUE = "no deontic cue"
_ROMAN = re.compile(r"\b([IVXL]+)\b")
# An item that only illustrates its stem ("For example, default settings, …") states no rule.
_ILLUSTRATION = re.compile(r"(?:for example|for instance|e\.g\.|examples? (?:of|include))\b", re.I)
_BRACKETED_ALIAS = re.compile(r"\s*\([^)]*\)\s*$")
# a commitment not to act: "Signatories will not take …", "… commit to never …"
_PROMISE_NEGATED = re.compile(r"\s+(?:not|never)\b", re.I)
# a stem announcing the conditions its rule applies on
_CONDITIONS_ANNOUNCED = re.compile(rf"(?:{CONDITION_CLAUSE}|\bconditions? (?:are|is) (?:fulfilled|met|satisfied))"
                                   r"\s*[:—–]$", re.I)
# an item that gives its stem's actor an office or a body its members ("CAIOs must: … (C) serve
# as the senior advisor on AI …", "act as the point of contact", "The Council shall: (A) include
# as members …") constitutes them, as "X shall serve as Chair" and "The Board shall be composed
# of …" do, rather than imposing a duty
_TAKES_OFFICE = re.compile(
    r"(?:serve|act) as (?:the |a |an |its |their )?(?:(?!(?:for|of|to|in|on|with|and|or)\b)[\w'’-]+\s+){0,4}?"
    r"(?:chair\w*|secretariat|registrar|liaison|representative|member|head|lead|point of contact|focal point|"
    r"designee|entity|body|\w{3,}(?:or|er|ary|ant|ist))\b|"
    r"include as (?:its )?members\b|be (?:composed|chaired|co-chaired) (?:of|by)\b", re.I)
# a second verb joined to the office, which is a duty ("… and ensure that the agency reports")
_AND_VERB = re.compile(r"\b(?:and|or)\s+(?:shall\s+|must\s+|will\s+)?([a-z]+)")


@dataclass
class Context:
    """What a node passes to the items of its list."""

    parties: list[dict] = field(default_factory=list)   # modality, actor, role, explicit, source
    condition: str = ""
    deadline: tuple = ("", "", "")
    stem_only: bool = False
    spans: list = field(default_factory=list)   # the clause each own party states, or None


# the stem of a legislature's findings: "The Legislature finds and declares all of the following:"
_FINDINGS = re.compile(r"\b(?:finds|declares|recogni[sz]es)(?:,? and (?:finds|declares))?(?: all of)? (?:the following|that)\W*$",
                       re.I)
# where _fill_actor only guesses who acts, from what comes before or from the document's habit
_GUESSED_SOURCES = frozenset({"previous sentence", "section convention", "document convention"})
# a word capitalised mid-sentence, after a word in lower case ("their Components")
_MID_SENTENCE_CAPITAL = re.compile(r"\b[a-z]+\s([A-Z][a-z]+)\b")
# Kinds of document a government addresses to its own offices, which it names by their names.
_GOVERNMENT_KINDS = frozenset({"guidance", "executive_order"})


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _only_takes_office(text: str) -> bool:
    """Whether an item only gives an office or members ("serve as the senior advisor on AI …"),
    with no duty joined to it ("serve as the agency's representative … and ensure that …")."""
    if not _TAKES_OFFICE.match(text):
        return False
    verbs = lexicon().imperative_verbs
    return not any(match.group(1) in verbs for match in _AND_VERB.finditer(text))


class DocumentExtractor:
    """Extracts every unit of one document's finalized tree."""

    def __init__(self, nodes, doc_info: dict, nlp):
        self.nodes = sorted(nodes, key=lambda n: n.order)
        self.info = doc_info or {}
        self.profile = self.info.get("profile", "generic")
        self.by_id = {n.id: n for n in self.nodes}
        self.children: dict = {}
        for n in self.nodes:
            self.children.setdefault(n.parent, []).append(n)
        self.index = CiteIndex(self.nodes)
        self.nlp = nlp
        self.facts: dict[str, SentenceFacts] = {}
        self.contexts: dict[str, Context] = {}
        self.reading: set[str] = set()       # ids whose context is being read (references may loop)
        self.section_roles: dict[str, Counter] = {}
        self.section_themes: dict[str, Counter] = {}
        self.style = DraftingStyle()

    # -- pass 1 ---------------------------------------------------------------------------
    def read_all(self, cancel=None) -> None:
        texts = [n for n in self.nodes if n.text and (n.is_unit or self._owns_stem(n))]
        entries_seen: set[str] = set()
        for i, (node, doc) in enumerate(self._docs(texts)):
            if cancel and i % 200 == 0 and cancel():
                raise Cancelled()
            facts = read_sentence(node.text, doc)
            if node.is_unit:
                facts.defines = facts.defines or self._glossary_term(node, entries_seen)
            self.facts[node.id] = facts
        self.style = drafting_style(self.nodes, self.info, {
            node_id: facts.defines for node_id, facts in self.facts.items() if facts.defines})
        self.capitalised = frozenset(word for node in texts for word in _MID_SENTENCE_CAPITAL.findall(node.text))
        self.acronyms = actors.acronyms(node.text for node in texts)
        for node in texts:
            facts = self.facts[node.id]
            if node.is_unit and facts.parties and facts.parties[0].actor_role:
                self.section_roles.setdefault(node.section, Counter())[
                    self._defined_or(facts.parties[0].actor_text, facts.parties[0].actor_role)] += 1

    def _docs(self, texts: list, chunk: int = 1024):
        """Each node with its spaCy doc, tagged when the sentence needs it, in order.  A chunk of
        docs at a time is held, not the whole document's: memory stays a small multiple of the
        text however long the document is."""
        for start in range(0, len(texts), chunk):
            nodes = texts[start:start + chunk]
            docs = [self.nlp.make_doc(n.text) for n in nodes]
            to_tag = [i for i, (n, doc) in enumerate(zip(nodes, docs)) if not self._is_recital(n) and needs_tags(
                doc, bool(n.stem), self.profile == "meti")]
            tagged = self.nlp.pipe((nodes[i].text for i in to_tag), batch_size=128,
                                   disable=["parser", "attribute_ruler"])
            for i, doc in zip(to_tag, tagged):
                docs[i] = doc
            yield from zip(nodes, docs)

    def _glossary_term(self, node, entries_seen: set[str]) -> str:
        """The term a glossary entry defines, for the entry's first unit: an entry states its
        term as a heading ("AI system"), then what it means ("A system (such as …) that …").
        An alias in brackets is not part of the term ("AI model (ML model)" defines "AI model",
        the words its provisions use)."""
        entry = next((a for a in self._ancestors(node) if a.kind == "definition"), None)
        if entry is None or not entry.heading or entry.id in entries_seen:
            return ""
        entries_seen.add(entry.id)
        return _BRACKETED_ALIAS.sub("", entry.heading)

    def _owns_stem(self, node) -> bool:
        return any(k.stem for k in self.children.get(node.id, []))

    # -- pass 2 ---------------------------------------------------------------------------
    def extract(self, progress=None, cancel=None) -> list[Extraction]:
        self.read_all(cancel)
        units = [n for n in self.nodes if n.is_unit]
        out: list[Extraction] = []
        last_actor: dict[str, dict] = {}
        for i, node in enumerate(units):
            if cancel and i % 50 == 0 and cancel():
                raise Cancelled()
            out.extend(self._extract_unit(node, last_actor))
            if progress and (i % 50 == 0 or i == len(units) - 1):
                progress(i + 1, len(units))
        return out

    def _extract_unit(self, node, last_actor: dict) -> list[Extraction]:
        ctx = self._context(node, last_actor)
        facts = self.facts[node.id]
        headings = self._headings(node)
        themes, theme_cues = choose_themes(node.text, node.stem, self._kinded_headings(node))
        if not themes and self.section_themes.get(node.section):
            themes = [self.section_themes[node.section].most_common(1)[0][0]]
            theme_cues = {themes[0]: ["section"]}
        for t in themes:
            self.section_themes.setdefault(node.section, Counter())[t] += 1
        refs = find_references(node.text, node.cite, self.profile, self.index)
        results = []
        for part, party in enumerate(ctx.parties):
            modality = "none" if ctx.stem_only else party["modality"]
            deontic = modality != "none"
            span = ctx.spans[part] if part < len(ctx.spans) else None
            text, condition, deadline = self._clause_facts(node, span, ctx, last_actor)
            cues = {"modality": party["cue"], "themes": theme_cues,
                    "refs": [p for p, _ in refs]}
            if ctx.stem_only:
                cues["modality"] = "list stem only: " + party["cue"]
            if deontic:
                cues["actor"] = {"span": party["actor_text"], "source": party["source"],
                                 "term": party.get("term", "")}
            if deadline[0]:
                cues["deadline"] = deadline[2]
            results.append(Extraction(
                node_id=node.id, part=part, text=text, modality=modality,
                actor_text=party["actor_text"] if deontic else "",
                actor_explicit=bool(party["explicit"]) if deontic else False,
                actor_role=actors.refine_by_headings(party["role"], party["actor_text"],
                                                     headings) if deontic else "",
                themes=themes, condition=condition if deontic else "",
                deadline_text=deadline[0], deadline_date=deadline[1],
                refs=[h for _, h in refs], defines=facts.defines, cues=cues))
        return results

    def _clause_facts(self, node, span, ctx: Context, last_actor) -> tuple[str, str, tuple]:
        """The text, condition and time limit of one unit of a sentence: the sentence's own, or,
        where the sentence holds a clause for each of two actors, those the clause states."""
        if not span:
            return node.text, ctx.condition, ctx.deadline
        clause = node.text[slice(*span)]
        deadline = self._dated_after_event(node, find_deadline(clause, self.info, self._application_date(node)),
                                           last_actor)
        return clause, find_condition(clause), deadline

    # -- inheritance ----------------------------------------------------------------------
    def _context(self, node, last_actor: dict) -> Context:
        if node.id in self.contexts:
            return self.contexts[node.id]
        if node.id in self.reading:
            # a reference back to a unit still being read ("within 30 days of the notice under
            # Section 2", inside Section 2): nothing is known of it yet
            return Context()
        self.reading.add(node.id)
        try:
            return self._read_context(node, last_actor)
        finally:
            self.reading.discard(node.id)

    def _read_context(self, node, last_actor: dict) -> Context:
        facts = self.facts.get(node.id) or read_sentence(node.text, self.nlp.make_doc(node.text))
        self.facts[node.id] = facts
        stem_ctx = self._stem_context(node, last_actor)
        ctx = Context()
        own_deadline = self._dated_after_event(node, find_deadline(
            node.text, self.info, self._application_date(node)), last_actor)
        # a stem sentence's time limit is the one the sentence before it sets ("Within 365 days …,
        # the Secretary shall develop a strategy. The strategy shall, at a minimum:"), before the
        # outer list's
        earlier = self._earlier_sentence_deadline(node)
        ctx.deadline = own_deadline if own_deadline[0] else earlier if earlier[0] else (
            stem_ctx.deadline if stem_ctx else earlier)
        ctx.condition = facts.condition or (stem_ctx.condition if stem_ctx else "")
        if self._is_recital(node) or facts.defines:
            ctx.parties = [self._party_dict("none", "recital" if not facts.defines
                                            else "definition")]
        elif self._condition_of_a_rule_of_no_duty(node, stem_ctx):
            ctx.parties = [self._party_dict("none", "condition of a rule that states no duty")]
        elif facts.parties and not self._item_defers_to_stem(facts, stem_ctx):
            ctx.stem_only = facts.announces_list_only
            for party in facts.parties:
                ctx.parties.append(self._own_party(node, party, stem_ctx, last_actor))
            ctx.spans = [party.span for party in facts.parties]
        elif self._stem_binds(stem_ctx) and self._takes_stem_modality(node, facts):
            ctx.parties = [self._inherit_party(node, p, last_actor) for p in stem_ctx.parties]
        elif facts.imperative and (self.profile == "meti" or self.style.advisory):
            ctx.parties = [self._fill_actor(node, self._party_dict(
                "recommendation", "imperative in non-binding guideline"), None, last_actor)]
        elif self.style.promissory and (promise := promise_cue(node.text)):
            ctx.parties = [self._promise_party(node, promise, stem_ctx, last_actor)]
            ctx.stem_only = announces_list_only(node.text, promise.start(), promise.end())
        elif self.style.advisory and is_outcome_row(node, self.by_id) and not self._is_caption(node):
            ctx.parties = [self._fill_actor(node, self._party_dict(
                "recommendation", f"outcome statement of a {self.style.kind.replace('_', ' ')} "
                                  f"({self.style.kind_reason})"), None, last_actor)]
        else:
            ctx.parties = [self._party_dict("none", NO_CUE)]
        named = [p for p in ctx.parties if p["modality"] != "none" and p["explicit"]]
        if named:   # the actor of the sentence's last clause is the one a following "it" means
            last_actor[node.section] = named[-1]
        self.contexts[node.id] = ctx
        return ctx

    def _dated_after_event(self, node, deadline: tuple, last_actor) -> tuple:
        """"Within 180 days of submitting the report required under subsection 4.5(a)": dated from
        the time limit of the provision the event refers to, when that one is dated."""
        phrase, iso, name = deadline
        if name != "within_period" or iso:
            return deadline
        for _, ref_id in find_references(phrase, node.cite, self.profile, self.index):
            start = self._provision_deadline(ref_id, last_actor)
            if start:
                return phrase, add_period(phrase, start), "within_period_of_dated_event"
        return deadline

    def _provision_deadline(self, node_id: str, last_actor) -> str:
        """The first dated time limit of a provision or of the units it holds."""
        pending = [node_id]
        while pending:
            current = self.by_id.get(pending.pop(0))
            if current is None:
                continue
            if current.is_unit:     # read ahead on a copy: who acted last is the reading order's
                date_found = self._context(current, dict(last_actor)).deadline[1]
                if date_found:
                    return date_found
            pending.extend(k.id for k in self.children.get(current.id, []))
        return ""

    def _inherit_party(self, node, stem_party: dict, last_actor) -> dict:
        """The party of the stem an item completes ("A person may not:" / "develop or distribute
        an AI system …"), in the role the item has it take by what it does with an AI system."""
        p = dict(stem_party, explicit=False, cue=f"inherited from stem: {stem_party['cue']}")
        if stem_party["modality"] == "none" or (
                stem_party["role"] and "convention" not in stem_party["source"]):
            role, reason = actors.role_by_function(p["role"], node.text, p["actor_text"])
            return dict(p, source="stem", role=role) if not reason else \
                dict(p, source=f"stem; role by function: {reason}", role=role)
        return self._fill_actor(node, dict(p, actor_text="", role=""), None, last_actor)

    def _own_party(self, node, party: Party, stem_ctx, last_actor) -> dict:
        p = self._party_dict(party.modality, f"{party.cue_name}: '{party.cue.phrase}'")
        if party.modality == "none":
            return p
        if party.actor_how == "pronoun":
            # the subject of the condition the pronoun follows, else the last actor of the section
            parties = ((self.style.addressee, self.style.addressee_role),) if self.style.addressee else ()
            named = actors.pronoun_referent(node.text[:party.cue.start_char], party.actor_text, parties)
            if named:
                term, role = named
                return self._with_definition(dict(p, actor_text=term, role=role, explicit=True,
                                                  source=f"pronoun '{party.actor_text}'"))
            prev = last_actor.get(node.section)
            if prev:
                return dict(p, actor_text=prev["actor_text"], role=prev["role"], explicit=True,
                            source=f"pronoun '{party.actor_text}'")
        elif party.actor_role:
            return self._explicit(node, party, dict(p, actor_text=party.actor_text,
                                                    role=party.actor_role, explicit=True,
                                                    source=party.actor_how))
        subject = actors.subject_before(node.text[:party.cue.start_char]) if party.cue else ""
        if subject and self.style.defined_role(subject) and not actors.is_thing(subject):
            return self._explicit(node, party, dict(p, actor_text=subject, role="", explicit=True,
                                                    source="subject"))
        referred = self._referred_party(node, subject or (node.stem if not self._stem_binds(stem_ctx) else ""))
        if referred:
            return dict(p, actor_text=referred["actor_text"], role=referred["role"],
                        source=f"the provision its subject refers to ({referred['cite']})")
        filled = self._fill_actor(node, p, stem_ctx, last_actor)
        office = self.style.kind in _GOVERNMENT_KINDS and actors.names_an_office(
            actors.spelled_out(subject, self.acronyms), self.capitalised)
        if filled["role"] and filled["source"] not in _GUESSED_SOURCES or \
                not (office or actors.names_a_party(subject)) or actors.is_passive(node.text[party.cue.end_char:]):
            return filled
        # the sentence names its own actor, a party no lexicon knows ("A processor"; in a
        # government's memorandum or order, an office it names, "DHS Components"): it bears the
        # duty, rather than whoever the sentence before named or the section's usual actor
        return self._explicit(node, party, dict(p, actor_text=subject, role="public_authority" if office else "other",
                                                explicit=True, source="subject (a party the role lexicon does not name)"))

    def _referred_party(self, node, subject: str) -> dict | None:
        """The named actor of an earlier provision that a thing's subject refers to: "A disclosure
        under Subsection (b) may be provided by …" is provided by whoever Subsection (b) binds.
        An actor's own subject ("An applicant under Subsection (a)") is no such thing."""
        if not actors.head_is_thing(subject):
            return None
        for _, ref_id in find_references(subject, node.cite, self.profile, self.index):
            ctx = self.contexts.get(ref_id)
            party = ctx.parties[:1] if ctx else []
            if party and party[0]["modality"] != "none" and party[0]["explicit"] and party[0]["role"]:
                return dict(party[0], cite=self.by_id[ref_id].cite)
        return None

    def _explicit(self, node, party: Party, p: dict) -> dict:
        """A named actor's role: by the document's definition of it, then by what the duty has it
        do with an AI system when its name says only who it is."""
        p = self._with_definition(p)
        role, reason = actors.role_by_function(p["role"], node.text[party.cue.end_char:],
                                               p["actor_text"])
        return dict(p, role=role, source=f"{p['source']}; role by function: {reason}") if reason else p

    def _with_definition(self, p: dict) -> dict:
        """``p`` with the role the document's definition of its actor gives, and the reason."""
        role = self._defined_or(p["actor_text"], p["role"])
        if role == p["role"] and p["role"]:
            return p
        defined = self.style.defined_role(p["actor_text"])
        return dict(p, role=role, source=f"{p['source']}; {defined.cite} defines '{defined.term}' "
                                         f"as {defined.meaning[:80]}…", term=defined.term)

    def _promise_party(self, node, promise, stem_ctx, last_actor) -> dict:
        """A code of practice's commitment: "Signatories will …" binds the signatories; "The
        Framework will contain …" binds them too, through the thing they draw up; "Signatories
        will not take any retaliation …" binds them not to."""
        style = self.style
        negated = _PROMISE_NEGATED.match(node.text, promise.end())
        p = self._party_dict("prohibition" if negated else "obligation",
                             f"commitment '{promise.group(0)}{negated.group(0) if negated else ''}' in a "
                             f"code of practice ({style.kind_reason})")
        subject = actors.subject_before(node.text[:promise.start()])
        if subject and style.addressee.lower()[:6] in subject.lower():
            return dict(p, actor_text=subject, role=style.addressee_role, explicit=True,
                        source="subject", term=style.addressee)
        if subject.lower() in ("they", "it"):
            return dict(p, actor_text=style.addressee, role=style.addressee_role, explicit=False,
                        source=f"pronoun '{subject}'", term=style.addressee)
        role, _ = actors.role_of(subject, head_only=True) if subject else ("", "")
        if role and not actors.is_thing(subject):
            return dict(p, actor_text=subject, role=self._defined_or(subject, role), explicit=True,
                        source="subject")
        filled = self._fill_actor(node, p, stem_ctx, last_actor)
        if filled["role"]:
            return filled
        return dict(p, actor_text=style.addressee, role=style.addressee_role,
                    source=f"addressee of the code ('{style.addressee}')", term=style.addressee)

    def _defined_or(self, actor_text: str, role: str) -> str:
        """The role the document's own definition gives the actor, where the shared lexicon has
        none, or — in a document read by the general reader — where the definition says
        otherwise; else ``role``."""
        defined = self.style.defined_role(actor_text) if actor_text else None
        if defined is None:
            return role
        if role in ("", "other") or self.profile == "generic":
            return defined.role
        return role

    def _is_caption(self, node) -> bool:
        return node.kind in ("figure", "fragment")

    def _fill_actor(self, node, p: dict, stem_ctx, last_actor) -> dict:
        if stem_ctx and stem_ctx.parties and stem_ctx.parties[0]["role"] and \
                "convention" not in stem_ctx.parties[0]["source"]:
            s = stem_ctx.parties[0]
            return dict(p, actor_text=s["actor_text"], role=s["role"], source="stem")
        role, name = actors.activity_role(node.text)
        if role:
            return dict(p, role=role, source=f"activity {name}")
        prev = last_actor.get(node.section)
        heading_party = self._heading_party(node, p)
        # a guideline addresses each bullet to the actor its headings name ("Matters related to
        # AI developers"), whoever an earlier sentence of the part mentioned
        if heading_party and (self.profile == "meti" or not prev):
            return heading_party
        if prev:
            return dict(p, actor_text=prev["actor_text"], role=prev["role"],
                        source="previous sentence")
        counts = self.section_roles.get(node.section)
        if counts:
            return dict(p, role=counts.most_common(1)[0][0], source="section convention")
        if self.style.addressee_role:
            return dict(p, actor_text=self.style.addressee, role=self.style.addressee_role,
                        source=f"addressee of the code ('{self.style.addressee}')")
        if self.style.advisory:
            return dict(p, role="any_ai_actor",
                        source=f"a {self.style.kind.replace('_', ' ')} advises whoever applies it")
        default = lexicon().profile_default_role.get(self.profile, "")
        return dict(p, role=default, source="document convention" if default else "")

    def _heading_party(self, node, p: dict) -> dict | None:
        for heading in self._headings(node):
            h_role, term = actors.role_of(heading)
            if h_role:
                return dict(p, actor_text=term, role=h_role, source="heading")
        return None

    @staticmethod
    def _party_dict(modality: str, cue: str) -> dict:
        return {"modality": modality, "cue": cue, "actor_text": "", "role": "",
                "explicit": False, "source": ""}

    def _earlier_sentence_deadline(self, node) -> tuple:
        """A stem sentence that elaborates a dated duty before it ("Within 365 days …, the
        Secretary shall develop a strategy. The strategy shall, at a minimum:") keeps that duty's
        time limit, through sentences between them with the stem's own subject ("The memorandum
        shall address … In particular, the memorandum shall:").  A stem naming another actor
        ("The Council shall:"), one that sets its own timing ("Thereafter, …") or one after a
        sentence about something else does not; nor do sentences that are not stems."""
        none = ("", "", "")
        if node.kind != "sentence" or not self._owns_stem(node) and not any(
                k.stem == node.text for k in self.children.get(node.parent, [])):
            return none
        if _OWN_TIMING.search(node.text):
            return none     # "Thereafter, on an ongoing basis, the Secretary shall:"
        siblings = self.children.get(node.parent, [])
        position = next(i for i, k in enumerate(siblings) if k.id == node.id)
        subject = self._subject(node)
        for before in reversed(siblings[:position]):
            ctx = self.contexts.get(before.id)
            if before.kind != "sentence" or ctx is None:
                return none
            earlier = self._subject(before)
            if ctx.deadline[0] and ctx.parties:
                named = bare_actor(ctx.parties[0]["actor_text"]) or earlier
                agrees = not actors.role_of(subject)[0] or named.startswith(subject) or subject.startswith(named)
                return ctx.deadline if agrees else none
            if earlier != subject:
                return none
        return none

    def _subject(self, node) -> str:
        """The subject of a sentence's governing cue, without its article ("" if it has none)."""
        facts = self.facts.get(node.id)
        if not facts or not facts.parties or not facts.parties[0].cue:
            return ""
        return bare_actor(actors.subject_before(node.text[:facts.parties[0].cue.start_char]))

    @staticmethod
    def _stem_binds(stem_ctx) -> bool:
        """Whether a stem states a rule its items carry on (a cue, even a scope rule)."""
        return bool(stem_ctx and stem_ctx.parties and stem_ctx.parties[0]["cue"] != NO_CUE)

    @staticmethod
    def _condition_of_a_rule_of_no_duty(node, stem_ctx) -> bool:
        """An item of "An AI system shall be considered high-risk where both of the following
        conditions are fulfilled:" states a condition of a classification, scope rule or legal
        effect, not a duty, whatever verb it uses ("… is required to undergo a third-party
        conformity assessment")."""
        if stem_ctx is None or not stem_ctx.parties or stem_ctx.parties[0]["modality"] != "none" \
                or stem_ctx.parties[0]["cue"] == NO_CUE:
            return False    # a stem with no cue at all ("When a provider …, where:") rules nothing out
        return bool(_CONDITIONS_ANNOUNCED.search(node.stem.rstrip()))

    @staticmethod
    def _item_defers_to_stem(facts, stem_ctx) -> bool:
        """An item's own cue after its first ";" ("…; this prohibition shall not apply to …")
        qualifies the item; the stem's rule still governs it."""
        if not DocumentExtractor._stem_binds(stem_ctx) or facts.first_clause_end < 0:
            return False
        cue = facts.parties[0].cue
        return cue is not None and cue.start_char > facts.first_clause_end

    @staticmethod
    def _takes_stem_modality(node, facts) -> bool:
        """A fragment continues its stem; a full statement of its own ("Promoting innovation
        will allow …") does not, nor does an item giving an office ("serve as the senior
        advisor …"), nor do later sentences of a multi-sentence item."""
        if facts.statement or _ILLUSTRATION.match(node.text) or _only_takes_office(node.text):
            return False
        return node.kind != "sentence" or node.id.endswith("/s1")

    def _stem_context(self, node, last_actor) -> Context | None:
        if not node.stem:
            return None
        target = _norm(node.stem)
        for parent in self._ancestors(node):
            if _norm(parent.text) == target:
                return self._context(parent, last_actor)
            for kid in self.children.get(parent.id, []):
                if kid.id != node.id and _norm(kid.text) == target:
                    return self._context(kid, last_actor)
        return None

    # -- document structure -----------------------------------------------------------------
    def _ancestors(self, node):
        seen = {node.id}
        parent = self.by_id.get(node.parent)
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            yield parent
            parent = self.by_id.get(parent.parent)

    def _headings(self, node) -> list[str]:
        return [a.heading for a in self._ancestors(node) if a.heading]

    def _kinded_headings(self, node) -> list[tuple[str, str]]:
        return [(a.kind, a.heading) for a in self._ancestors(node) if a.heading]

    def _is_recital(self, node) -> bool:
        """A recital or preamble, or an item of a legislature's findings ("The Legislature finds and
        declares all of the following: (b) Synthetic content may mislead consumers …"): it explains."""
        if node.kind in ("recital", "preamble") or node.section.startswith("Recital") or _FINDINGS.search(node.stem):
            return True
        return any(a.kind in ("recital", "preamble") for a in self._ancestors(node))

    def _application_date(self, node) -> str:
        if self.profile != "eu":
            return ""
        chapter = section = ""
        for a in self._ancestors(node):
            m = _ROMAN.search(a.label or a.cite or "")
            if a.kind == "chapter" and m:
                chapter = m.group(1)
            elif a.kind == "section" and (a.label or "").strip().isdigit():
                section = a.label.strip()
        article = node.section.split()[-1] if node.section.startswith("Article") else ""
        return eu_application_date(chapter, section, article)


# a stem that opens by setting its own timing: "Thereafter, on an ongoing basis, the Secretary shall:"
_OWN_TIMING = re.compile(r"^\W*(?:thereafter|on an ongoing basis|annually|periodically|continuously|each year"
                         r"|every \w+)\b", re.I)
