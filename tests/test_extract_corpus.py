"""Obligation extraction pinned on real provisions of the four official texts.

Each test finds its provision in the document as PolicyLens ingests it, so the sentences are the
official wording, not copies.  The documents are parsed and extracted once per session.
"""

from __future__ import annotations

import json

import pytest

from policylens import catalogue
from policylens.extract import Extraction, extract_document
from policylens.ingest.reader import read_source
from policylens.structure import parse
from policylens.tasks import Cancelled

EU, EO, SB, METI = ("eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047",
                    "jp-meti-ai-guidelines-v1.0")


def units(extracted, doc_id, *, cite=None, section=None, contains=""):
    nodes, extractions = extracted(doc_id)
    found = [e for e in extractions
             if (cite is None or nodes[e.node_id].cite == cite)
             and (section is None or nodes[e.node_id].section == section)
             and contains in e.text]
    assert found, f"no unit {cite or section} containing {contains!r} in {doc_id}"
    return found


def test_recital_should_is_none(extracted):
    for e in units(extracted, EU, section="Recital 75", contains="should"):
        assert e.modality == "none"
        assert e.cues["modality"] == "recital"


def test_shall_not_apply_is_scope_not_prohibition(extracted):
    (e,) = units(extracted, EU, cite="Art. 53(2)", contains="This exception shall not apply")
    assert e.modality == "none"
    assert e.cues["modality"].startswith("shall_not_apply")


def test_exemptions_are_permissions(extracted):
    (exempt,) = units(extracted, EU, cite="Art. 27(3)", contains="may be exempt")
    assert (exempt.modality, exempt.actor_role) == ("permission", "deployer")
    (preclude,) = units(extracted, EU, cite="Art. 31(4)", contains="shall not preclude")
    assert preclude.modality == "permission"


def test_a_stem_elaborating_a_dated_duty_keeps_its_time_limit(extracted):
    """"Within 365 days …, the Secretary of HHS shall develop a strategy … The strategy shall, at
    a minimum:" dates the strategy's items; so do stems after sentences about the same thing
    ("The memorandum shall outline … In particular, the memorandum shall:")."""
    for cite, date in (("Sec. 8(b)(v)(A)", "2024-10-29"), ("Sec. 8(c)(i)(A)", "2023-11-29"),
                       ("Sec. 4.8(a)", "2024-07-26"), ("Sec. 4.1(a)(ii)(A)", "2024-07-26")):
        (item,) = units(extracted, EO, cite=cite)
        assert item.deadline_date == date, cite


def test_items_continuing_the_stem_past_an_inserted_clause_or_an_opening_condition(extracted):
    """"a protocol that does all of the following: (A) Specifies protections … that, if
    successfully implemented, would …" continues its stem as (B) to (I) do; "(D) If the protocol
    is materially modified, conspicuously publish …" is an imperative after its condition."""
    for cite, opening in (("§ 22603(a)(3)(A)", "Specifies protections"), ("§ 22603(a)(7)(D)", "If the safety")):
        (item,) = units(extracted, SB, cite=cite, contains=opening)
        assert (item.modality, item.actor_role) == ("obligation", "model_developer"), cite


def test_a_right_or_power_conferred_is_a_permission(extracted):
    """"Any affected person … shall have the right to obtain …" and "National competent
    authorities shall have the power to suspend …" confer a right and a power, not duties."""
    (right,) = units(extracted, EU, cite="Art. 86(1)", contains="shall have the right to obtain")
    (power,) = units(extracted, EU, cite="Art. 57(11)", contains="shall have the power to")
    assert (right.modality, power.modality) == ("permission", "permission")
    assert power.actor_role == "public_authority"


def test_meti_imperative_bullet_is_recommendation_of_developers(extracted):
    (e,) = units(extracted, METI, section="Part 3",
                 contains="Take reasonable measures to control the quality of the data")
    assert e.modality == "recommendation"
    assert (e.actor_role, e.actor_explicit) == ("model_developer", False)


def test_eo_actor_behind_appositions(extracted):
    for e in units(extracted, EO, cite="Sec. 4.1(a)(i)(A)"):
        assert e.modality == "obligation"
        assert e.actor_text.startswith("the Secretary of Commerce, acting through the Director")
        assert "in coordination with" not in e.actor_text
        assert (e.actor_role, e.actor_explicit) == ("public_authority", False)


def test_eo_sentence_binding_two_actors_gives_two_units(extracted):
    parts = units(extracted, EO, cite="Sec. 7.3(c)")
    assert [(e.part, e.modality) for e in parts] == [(0, "obligation"), (1, "recommendation")]
    assert "Housing and Urban Development" in parts[0].actor_text
    assert "Consumer Financial Protection Bureau" in parts[1].actor_text
    items = units(extracted, EO, cite="Sec. 7.3(c)(ii)")
    assert [e.modality for e in items] == ["obligation", "recommendation"]


def test_eo_deadline_counts_from_the_order(extracted):
    (e,) = units(extracted, EO, cite="Sec. 10.1(f)(ii)", contains="Within 90 days of the date")
    assert e.deadline_text == "Within 90 days of the date of this order"
    assert e.deadline_date == "2024-01-28"
    for item in units(extracted, EO, cite="Sec. 4.1(a)(ii)(B)"):
        assert item.deadline_date == "2024-07-26"      # inherited through two stems


def test_eu_definition_defines_and_is_none(extracted):
    (e,) = units(extracted, EU, cite="Art. 3(3)")
    assert e.modality == "none"
    assert e.defines == "provider"


def test_cross_reference_resolves_to_node(extracted):
    nodes, _ = extracted(EU)
    (e,) = units(extracted, EU, cite="Art. 27(1)", contains="referred to in Article 6(2)")
    assert any(nodes[r].cite == "Art. 6(2)" for r in e.refs)
    (sb,) = units(extracted, SB, cite="§ 22604(a)(3)")
    sb_nodes, _ = extracted(SB)
    assert "§ 22604(a)(1)" in {sb_nodes[r].cite for r in sb.refs}
    # a section is cited as itself, not as the part that holds it
    (eo,) = units(extracted, EO, cite="Sec. 4.5(d)")
    eo_nodes, _ = extracted(EO)
    assert "Sec. 4.5" in {eo_nodes[r].cite for r in eo.refs}


def test_compute_cluster_operator_role_and_inherited_items(extracted):
    (stem,) = units(extracted, SB, cite="§ 22604(a)")
    assert (stem.modality, stem.actor_role, stem.actor_explicit) == (
        "obligation", "compute_provider", True)
    (item,) = units(extracted, SB, cite="§ 22604(a)(1)(A)")
    assert (item.modality, item.actor_role, item.actor_explicit) == (
        "obligation", "compute_provider", False)


def test_extraction_round_trips_through_json():
    e = Extraction(node_id="x/1", part=1, modality="permission", themes=["security"],
                   refs=["x/2"], cues={"modality": "may"})
    assert Extraction.from_dict(json.loads(json.dumps(e.to_dict()))) == e


def test_cancel_stops_extraction(corpus_dir):
    entry = dict(catalogue.by_id(EO).raw)
    nodes = parse(read_source(corpus_dir / "us-eo-14110.md"), EO, entry["profile"])
    seen = []
    with pytest.raises(Cancelled):
        extract_document(nodes, entry, progress=lambda done, total: seen.append(done),
                         cancel=lambda: bool(seen))
    assert seen and seen[-1] < sum(n.is_unit for n in nodes)


def test_points_beside_a_subparagraph_take_its_stem(extracted):
    nodes, _ = extracted(EU)
    (intro,) = units(extracted, EU, cite="Art. 9(5), second subparagraph")
    assert intro.modality == "none"         # "the following shall be ensured:" only announces
    for label in "abc":
        (item,) = units(extracted, EU, cite=f"Art. 9(5)({label})")
        assert nodes[item.node_id].stem == intro.text
        assert (item.modality, item.actor_role) == ("obligation", "system_provider")


def test_items_take_the_modal_of_the_sentence_that_opens_their_list(extracted):
    (board,) = units(extracted, EU, cite="Art. 66(d)")
    assert board.modality == "permission"                   # "… the Board may in particular:"
    (regard,) = units(extracted, EU, cite="Art. 100(1)(d)")
    assert regard.modality == "obligation"                  # "… due regard shall be given to"


def test_month_may_is_not_a_permission(extracted):
    for e in units(extracted, EU, contains="of 30 May 2018"):
        assert e.modality == "none"


def test_neither_nor_subject_is_a_prohibition(extracted):
    (e,) = units(extracted, EU, cite="Art. 31(5)", contains="Neither")
    assert (e.modality, e.actor_role) == ("prohibition", "assessment_body")


def test_hereby_authorized_is_a_permission(extracted):
    (e,) = units(extracted, EO, cite="Sec. 4.2(e)", contains="is hereby authorized")
    assert (e.modality, e.actor_role, e.actor_explicit) == ("permission", "public_authority", True)


def test_constitutive_rules_are_none(extracted):
    (term,) = units(extracted, EU, cite="Art. 65(3)", contains="for a period of three years")
    (committee,) = units(extracted, EU, cite="Art. 98(1)", contains="assisted by a committee")
    (extended,) = units(extracted, EU, cite="Art. 97(2)", contains="tacitly extended")
    (members,) = units(extracted, SB, cite="Gov. Code § 11547.6.1(g)(1)")
    assert [e.modality for e in (term, committee, extended, members)] == ["none"] * 4
    for item in units(extracted, SB, cite="Gov. Code § 11547.6.1(g)(1)(A)"):
        assert item.modality == "none"


def test_list_that_is_the_subject_of_its_stem(extracted):
    (stem,) = units(extracted, EO, cite="Sec. 4.3(a)", contains="the following actions shall")
    assert stem.modality == "none"
    (item,) = units(extracted, EO, cite="Sec. 4.3(a)(iii)")
    assert (item.modality, item.deadline_date) == ("obligation", "2024-04-27")


def test_meti_imperatives_beyond_the_verb_list(extracted):
    (guarantee,) = units(extracted, METI, section="Part 4", contains="Guarantee the accuracy")
    assert (guarantee.modality, guarantee.actor_role) == ("recommendation", "system_provider")
    (so,) = units(extracted, METI, contains="so identify the factors")
    assert so.modality == "recommendation"
    (example,) = units(extracted, METI, section="Part 3", contains="may include, for example")
    assert example.modality == "none"


def test_meti_bullet_addressee_comes_from_its_heading(extracted):
    (e,) = units(extracted, METI, contains="Provide opportunities to improve their own")
    assert (e.actor_role, e.actor_explicit) == ("any_ai_actor", False)


def test_items_continuing_a_relative_clause_or_noun_phrase_inherit(extracted):
    (describes,) = units(extracted, SB, cite="§ 22603(a)(3)(H)")
    (description,) = units(extracted, SB, cite="§ 22603(f)(2)(C)")
    for e in (describes, description):
        assert (e.modality, e.actor_role) == ("obligation", "model_developer")


def test_the_conditions_of_a_classification_are_no_duties(extracted):
    """Art. 6(1): an AI system "shall be considered to be high-risk where both of the following
    conditions are fulfilled: … (b) the product … is required to undergo a third-party
    conformity assessment": a condition, not a duty of this Regulation."""
    assert {e.modality for e in units(extracted, EU, section="Article 6") if e.text.startswith("the product whose")} == {"none"}


def test_provider_in_the_general_purpose_model_chapter(extracted):
    (e,) = units(extracted, EU, cite="Art. 52(1)", contains="That notification shall include")
    assert e.actor_role == "model_developer"
    (annex,) = units(extracted, EU, cite="Annex IV(1)(e)")
    assert (annex.modality, annex.actor_role) == ("obligation", "system_provider")
    # downstream providers build AI systems on the model: providers of systems, also in that chapter
    (complaint,) = units(extracted, EU, cite="Art. 89(2)", contains="Downstream providers shall have the right")
    assert (complaint.modality, complaint.actor_role) == ("permission", "system_provider")


def test_deadline_counted_from_a_dated_event_of_another_provision(extracted):
    (e,) = units(extracted, EO, cite="Sec. 4.5(b)", contains="Within 180 days of submitting the report")
    assert e.deadline_date == "2024-12-23"      # 4.5(a): 240 days after the order, then 180 days
    (chained,) = units(extracted, EO, cite="Sec. 4.5(c)", contains="Within 180 days of the development")
    assert chained.deadline_date == "2025-06-21"


def test_a_glossary_entry_defines_its_heading(extracted):
    """METI states a term as a heading and its meaning below it: the entry's first unit
    defines the term, the explanation that follows defines nothing."""
    (meaning, explanation) = units(extracted, METI, cite="Preface, AI developer")
    assert meaning.defines == "AI developer" and meaning.modality == "none"
    assert explanation.defines == ""
    first, *rest = units(extracted, METI, cite="Part 1, AI system")
    assert first.defines == "AI system" and not any(e.defines for e in rest)
    (model, *_) = units(extracted, METI, cite="Part 1, AI model (ML model)")
    assert model.defines == "AI model"   # the words provisions use, not the bracketed alias


def test_a_pronoun_after_a_where_clause_is_the_actor_that_clause_names_first(extracted):
    """"If the Commission becomes aware of a general-purpose AI model …, it may decide": "it" is the
    Commission, the clause's subject, not the model's provider named last before it, and "it may"
    with an actor to stand for is a permission, not a possibility."""
    eu = "eu-ai-act-2024-1689"
    designates = units(extracted, eu, cite="Art. 52(1)", contains="If the Commission becomes aware")[0]
    assert (designates.modality, designates.actor_role) == ("permission", "public_authority")
    informed = units(extracted, eu, cite="Art. 76(3)(a)", contains="to suspend or terminate")[0]
    assert (informed.modality, informed.actor_role) == ("permission", "public_authority")
    ceases = units(extracted, eu, cite="Art. 36(3)", contains="Where a notified body decides to cease")[0]
    assert (ceases.modality, ceases.actor_role) == ("obligation", "assessment_body")


def test_an_act_to_be_liberally_construed_binds_no_one(extracted):
    construed = units(extracted, "us-ca-sb1047", contains="shall be liberally construed")[0]
    assert construed.modality == "none"


def test_the_actor_of_it_past_participles_passives_and_overlapping_terms(extracted):
    """Art. 82(1): "Where, having performed an evaluation …, after consulting the relevant national
    public authority …, the market surveillance authority … finds …, it shall": the authority that
    finds, not the one consulted.  Art. 46(6): "it shall be withdrawn by the market surveillance
    authority": the agent acts.  Art. 41(6): "a Member State", not "a Member".  Art. 97(3): a
    decision that "shall take effect" binds no one."""
    eu = "eu-ai-act-2024-1689"
    finds = units(extracted, eu, cite="Art. 82(1)", contains="after consulting the relevant national")[0]
    assert finds.actor_text == "market surveillance authority"
    withdrawn = units(extracted, eu, cite="Art. 46(6)", contains="it shall be withdrawn")[0]
    assert withdrawn.actor_text.startswith("the market surveillance authority")
    member = units(extracted, eu, cite="Art. 41(6)", contains="Where a Member State considers")[0]
    assert member.actor_text == "Member State"
    effect = units(extracted, eu, cite="Art. 97(3)", contains="It shall take effect")[0]
    assert effect.modality == "none"
