"""Which clauses of a document lead on a theme: the order in which an analyst would cite them.

An analyst asked "how does the EU handle incident reporting?" cites the provider's duty to
report (Art. 73(1)) before the deployer's duty to tell the provider, the authority's follow-up or
the definition of "serious incident".  The order is built from the fields extraction gives every
provision, not from any one instrument:

* what it does: a duty (obligation, prohibition) over a recommendation over a permission over a
  statement; a definition, or a note or worked example inside a glossary entry, explains a term
  and comes last, whatever modality its wording suggests;
* whom it binds: the role that bears most of the document's duties on the theme among the
  parties it regulates (public authorities' duties follow from theirs) is the core duty bearer;
* what it sets: a threshold, amount or time limit makes a clause one to cite;
* where the rule is stated: a provision that others on the theme refer to ("the report referred
  to in paragraph 1") states the rule they elaborate, so it leads every provision that refers to
  it, directly or through another;
* whether other documents have a counterpart of it.

``rank_leads`` returns every provision in that order with, in words, why it stands where it
does; the briefing, the compare view and the ``compare`` command all order clauses by it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policylens.labels import listed, role_label
from policylens.linking import DEFINITION_WORDING, Provision

DUTIES = ("obligation", "prohibition")
WHAT_IT_DOES = {"obligation": 4.0, "prohibition": 4.0, "recommendation": 3.0, "permission": 1.5, "none": 0.0}
# A statement that sets a figure ("shall be presumed to have high impact capabilities when … greater
# than 10^25") binds as much as a duty: it is the rule the duties apply.
SETS_RULE = 3.0
EXPLAINS = -6.0
CORE_ROLE = 1.5
SETS_FIGURE = 3.0
COUNTERPART = 0.6                 # per other document with a counterpart of at least …
CONFIDENT_PAIR = 0.5              # … this confidence; a weaker counterpart counts in proportion
REFERRED_TO, MOST_REFERRERS = 1.0, 3
# What a provision does comes before how much else speaks for it: the bonuses above order duties
# among duties, but never lift a permission or a recommendation above a duty or a figure's rule.
KIND_TIER = {"duty": 10.0, "rule": 10.0, "recommendation": 5.0}
# Kinds of quantity that state a rule's figure (a period of retention or a percentage rarely does).
RULE_FIGURES = frozenset({"training_compute", "compute_capacity", "network_bandwidth", "money", "turnover_share",
                          "time_limit"})
AUTHORITY = "public_authority"
# A note or worked example in a glossary entry ("Example: When a univariate linear function …").
ILLUSTRATION = re.compile(r"\s*(?:\(?for (?:example|instance|reference)\b|example\b|e\.g\.|note\s*\d*\s*:)", re.I)
SHOWN_REFERRERS = 3
STATES = "states the provision"
# Definition wording anywhere in a clause or its list stem ("Before January 1, 2027, “covered
# model” means …"): a date in it delimits a term, it is no deadline.
DEFINING = re.compile(r"[‘“\"'][^’”\"']{1,80}[’”\"']\s+means\b", re.I)


@dataclass(frozen=True)
class Lead:
    """A provision in citing order: ``reason`` says why it stands there, ``kind`` is what the
    clause is for a reader: ``duty``, ``recommendation``, ``permission``, ``rule`` (a statement
    that sets a figure or that duties refer to), ``statement`` or ``explanation``."""

    provision: Provision
    kind: str
    reason: str

    @property
    def is_operative(self) -> bool:
        """Whether the clause says what someone must, should or may do, or sets the rule's figure."""
        return self.kind in ("duty", "recommendation", "permission", "rule")


def duty_bearers(provisions: list[Provision]) -> list[tuple[str, int]]:
    """The roles the duties fall on, with how many each bears, most first; recommendations count
    for soft law that has no duties at all."""
    duties = [p for p in provisions if p.modality in DUTIES] or \
        [p for p in provisions if p.modality == "recommendation"]
    return Counter(p.role for p in duties if p.role).most_common()


def core_role(provisions: list[Provision]) -> str:
    """The role bearing most duties (``duty_bearers``) among the regulated parties; public
    authorities only when no one else bears any."""
    bearers = duty_bearers(provisions)
    best = [role for role, _ in bearers if role != AUTHORITY] or [role for role, _ in bearers]
    return best[0] if best else ""


def explains(p: Provision) -> bool:
    """A definition, or a note or example that illustrates a defined term."""
    return (p.is_definition or (p.in_definition and p.modality not in DUTIES) or bool(ILLUSTRATION.match(p.text))
            or bool(p.stem and DEFINITION_WORDING.match(p.stem)))


def in_definition_wording(p: Provision) -> bool:
    """Whether the clause is, or belongs to, a definition by its wording or its place."""
    return explains(p) or bool(DEFINING.search(p.stem) or DEFINING.search(p.text))


def rule_figures(p: Provision) -> list[str]:
    """The figures a provision sets, as written ("not later than 15 days", "greater than 10^25 …")."""
    return list(dict.fromkeys(" ".join(x for x in (q.qualifier, q.text) if x)
                              for q in p.quantities if q.kind in RULE_FIGURES))


def rank_leads(provisions: list[Provision],
               counterparts: dict[str, list[tuple[str, float]]] | None = None) -> list[Lead]:
    """``provisions`` (one document's, on one theme) in the order an analyst would cite them.

    ``counterparts`` maps a provision id to (name, confidence) of each other document where it
    has a corresponding provision: a link barely above the minimum says less than a sure one."""
    counterparts = counterparts or {}
    core = core_role(provisions)
    weights, kinds, notes = {}, {}, {}
    for p in provisions:
        weight, note = _own_weight(p, core, counterparts.get(p.id, []))
        kinds[p.id] = _kind(p)
        weights[p.id], notes[p.id] = weight + KIND_TIER.get(kinds[p.id], 0.0), note
    referrers = _referrers(provisions)
    for p in provisions:
        count = len(referrers.get(p.id, ()))
        if count:
            weights[p.id] += REFERRED_TO * min(count, MOST_REFERRERS)
    leads = []
    for p in _citing_order(provisions, weights, referrers):
        kind = kinds[p.id]
        if kind == "statement" and referrers.get(p.id):
            kind = "rule"
        words = notes[p.id]
        if words[0] == STATES and referrers.get(p.id):
            words = words[1:]
        reason = "; ".join(words[:1] + _referred_note(referrers.get(p.id, [])) + words[1:])
        leads.append(Lead(p, kind, reason))
    return leads


def _kind(p: Provision) -> str:
    if explains(p):
        return "explanation"
    if p.modality in DUTIES:
        return "duty"
    if p.modality in ("recommendation", "permission"):
        return p.modality
    return "rule" if rule_figures(p) else "statement"


def _own_weight(p: Provision, core: str, abroad: list[tuple[str, float]]) -> tuple[float, list[str]]:
    """The provision's weight from its own fields, and the words that say so."""
    figures = rule_figures(p)
    if explains(p):
        weight = EXPLAINS + (SETS_FIGURE if figures else 0.0)
        what = f"defines {p.defines}" if p.defines else "explains a term"
        words = [what + (f", setting {listed(figures)}" if figures else "")]
    else:
        weight = WHAT_IT_DOES.get(p.modality, 0.0) or (SETS_RULE if figures else 0.0)
        bearer = _bearer(p.role)
        words = [{"obligation": f"states a duty of {bearer}", "prohibition": f"states a prohibition for {bearer}",
                  "recommendation": f"recommends to {bearer}", "permission": f"allows {bearer}"}.get(
            p.modality, STATES)]
        if p.role and p.role == core:
            weight += CORE_ROLE
            words[0] += " (the core duty bearer)"
        if figures:
            weight += SETS_FIGURE
            if words[0] == STATES:
                words = []
            words.append(f"sets {listed(figures)}")
    if abroad:
        weight += COUNTERPART * sum(min(1.0, confidence / CONFIDENT_PAIR) for _, confidence in abroad)
        words.append(f"counterparts in {listed([name for name, _ in abroad])}")
    return weight, words


def _bearer(role: str) -> str:
    label = role_label(role) if role else ""
    if not label:
        return "no named actor"
    return label if label.startswith(("any ", "other")) else f"the {label}"


def _referrers(provisions: list[Provision]) -> dict[str, list[Provision]]:
    """For each provision, the other provisions of the list that refer to it."""
    by_node: dict[str, list[Provision]] = {}
    for p in provisions:
        by_node.setdefault(p.id.split("#")[0], []).append(p)
    found: dict[str, list[Provision]] = {}
    for p in provisions:
        for ref in p.refs:
            for target in by_node.get(ref, ()):
                if target.id != p.id and p not in found.get(target.id, []):
                    found.setdefault(target.id, []).append(p)
    return found


def _citing_order(provisions: list[Provision], weights: dict, referrers: dict[str, list[Provision]]) -> list[Provision]:
    """Heaviest first, except that a provision others refer to comes just before the first of
    them, through chains of references (73(3) refers to 73(2), which refers to 73(1))."""
    order = {p.id: n for n, p in enumerate(provisions)}
    ranked = sorted(provisions, key=lambda p: (-weights[p.id], order[p.id]))
    refers_to: dict[str, list[Provision]] = {}
    for target in ranked:
        for source in referrers.get(target.id, ()):
            refers_to.setdefault(source.id, []).append(target)
    placed: set[str] = set()
    out: list[Provision] = []

    def place(p: Provision, path: frozenset) -> None:
        if p.id in placed or p.id in path:
            return
        for target in refers_to.get(p.id, ()):
            place(target, path | {p.id})
        placed.add(p.id)
        out.append(p)

    for p in ranked:
        place(p, frozenset())
    return out


def _referred_note(sources: list[Provision]) -> list[str]:
    if not sources:
        return []
    cites = list(dict.fromkeys(s.cite for s in sources))
    shown = ", ".join(cites[:SHOWN_REFERRERS]) + (f" and {len(cites) - SHOWN_REFERRERS} more"
                                                 if len(cites) > SHOWN_REFERRERS else "")
    figures = list(dict.fromkeys(f for s in sources for f in rule_figures(s)))
    with_figures = f", which set {listed(figures)}" if figures else ""
    return [f"the rule that {shown} refer{'s' if len(cites) == 1 else ''} to{with_figures}"]
