"""Extraction on drafting styles beyond the four seed instruments: a code of practice's
commitments, a memorandum's directions, a framework's outcome statements and a statute's own
definitions of its actors (../shared/corpus-wider, scored against ../shared/gold-wider)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policylens.extract import actor as actor_module
from policylens.extract import extract_document
from policylens.extract.references import CiteIndex, find_references
from policylens.extract.style import definition_role, drafting_style, promise_cue
from policylens.ingest.reader import read_source
from policylens.structure import parse

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def wider(wider_sources):
    """doc id -> (nodes by id, extractions), read as an analyst's own documents: no catalogue
    entry says what kind of instrument each is."""
    result = {}
    for doc, path in wider_sources.items():
        nodes = parse(read_source(path), doc, "generic")
        info = {"id": doc, "profile": "generic", "status": "unknown", "dates": {}}
        result[doc] = ({n.id: n for n in nodes}, extract_document(nodes, info))
    return result


def find(wider, doc, cite, start):
    nodes, extractions = wider[doc]
    return next(e for e in extractions if nodes[e.node_id].cite == cite and e.text.startswith(start))


def read_own(tmp_path, text: str, doc: str = "own") -> tuple[dict, list]:
    """(nodes by id, extractions) of ``text`` added as the analyst's own document, with no
    catalogue entry to say what it is."""
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    nodes = parse(read_source(path), doc, "generic")
    return {n.id: n for n in nodes}, extract_document(nodes, {"id": doc, "profile": "generic",
                                                              "status": "unknown", "dates": {}})


def test_the_kind_of_document_is_read_from_how_it_presents_itself(wider):
    kinds = {}
    for doc, (nodes, extractions) in wider.items():
        defines = {e.node_id: e.defines for e in extractions if e.defines}
        kinds[doc] = drafting_style(list(nodes.values()), {}, defines).kind
    assert kinds == {"us-tx-hb149": "statute", "eu-gpai-cop-safety": "code_of_practice",
                     "us-omb-m-25-21": "guidance", "us-nist-ai-rmf-1.0": "framework"}


def test_a_signatorys_will_and_commit_to_are_obligations_of_the_signatories(wider):
    commit = find(wider, "eu-gpai-cop-safety", "Commitment 1", "Signatories commit to adopting")
    assert (commit.modality, commit.actor_role, commit.actor_explicit) == ("obligation", "model_developer", True)
    content = find(wider, "eu-gpai-cop-safety", "Measure 1.1", "The Framework will contain")
    assert (content.modality, content.actor_role, content.actor_explicit) == ("obligation", "model_developer", False)
    item = find(wider, "eu-gpai-cop-safety", "Measure 1.1(2)(a)", "a description and justification")
    assert (item.modality, item.actor_role) == ("obligation", "model_developer")
    may = find(wider, "eu-gpai-cop-safety", "Measure 1.1(2)(c)(i)", "may consist")
    assert may.modality == "permission"


def test_what_signatories_recognise_is_not_a_commitment():
    assert promise_cue("The Signatories recognise that information they submit will be understood "
                       "as subject to change.") is None
    assert promise_cue("how the Signatories develop models will change materially") is None
    assert promise_cue("Signatories will report their measures to the AI Office.").group(0) == "will"


def test_a_codes_commitments_in_the_forms_codes_write_them(tmp_path):
    """Signatories commit "also", through a relative clause on their name, and in a stem that
    ends "Signatories commit:"; and they are the providers the code is for, not the downstream
    providers and authorities they give information to."""
    _, extractions = read_own(tmp_path, (
        "Code of Practice: Transparency\n\nMeasure 1.1 Documentation\n\n"
        "(1) Signatories will provide the information to downstream providers and to the AI Office.\n\n"
        "(2) Signatories also commit to supporting the work of the AI Office.\n\n"
        "(3) Signatories that have not yet placed a general-purpose AI model on the market will complete the "
        "form before placing it on the market.\n\n"
        "(4) To that end, Signatories commit:\n\n(a) to keep the documentation for ten years; and\n\n"
        "(b) to share it with providers of AI systems who integrate the model.\n\n"
        "(5) The Signatories recognise that providers of general-purpose AI models play a role in the value chain.\n"))
    assert next(e.actor_text for e in extractions if "also commit" in e.text) == "Signatories"
    assert [(e.text[:20], e.modality, e.actor_role) for e in extractions if e.modality != "none"] == [
        ("Signatories will pro", "obligation", "model_developer"),
        ("Signatories also com", "obligation", "model_developer"),
        ("Signatories that hav", "obligation", "model_developer"),
        ("to keep the document", "obligation", "model_developer"),
        ("to share it with pro", "obligation", "model_developer")]


def test_a_memorandum_binds_agencies_but_not_with_its_issuers_will(wider):
    must = find(wider, "us-omb-m-25-21", "Section 3(a)(i)", "Within 60 days")
    assert (must.modality, must.actor_role) == ("obligation", "public_authority")
    intent = find(wider, "us-omb-m-25-21", "Section 3(b)(ii)", "0MB will provide templates")
    assert intent.modality == "none"


def test_a_frameworks_outcome_statements_are_recommendations_to_any_ai_actor(wider):
    row = find(wider, "us-nist-ai-rmf-1.0", "GOVERN 1.1", "Legal and regulatory requirements")
    assert (row.modality, row.actor_role, row.actor_explicit) == ("recommendation", "any_ai_actor", False)
    assert "framework" in row.cues["modality"]
    nodes, extractions = wider["us-nist-ai-rmf-1.0"]
    narrative = [e for e in extractions if e.text.startswith("GOVERN is a cross-cutting function")]
    assert narrative and narrative[0].modality == "none"
    assert nodes[narrative[0].node_id].section == "Section 5.1"   # the framework's own numbered section


def test_roles_come_from_the_documents_own_definitions():
    assert definition_role("a person who deploys an artificial intelligence system for use in this state.") == "deployer"
    assert definition_role("a person who has trained, or initiated the training of, a frontier model") == "model_developer"
    assert definition_role("a person who develops an artificial intelligence system that is offered, sold, "
                           "leased, given, or otherwise provided in this state.") == "system_provider"
    assert definition_role("a retina or iris scan, fingerprint, voiceprint") == ""
    # who develops "an AI system or a general-purpose AI model" supplies systems (the AI Act's provider)
    assert definition_role("a natural or legal person, public authority, agency or other body that develops an AI "
                           "system or a general-purpose AI model or that has an AI system or a general-purpose AI "
                           "model developed and places it on the market") == "system_provider"
    assert definition_role("a person that develops a foundation model") == "model_developer"
    assert definition_role("a person that develops a general-purpose AI model or an AI system") == "system_provider"
    assert definition_role("a person that develops, using computing systems it operates, a frontier model") \
        == "model_developer"
    # a sandbox's participant "may test an artificial intelligence system": it supplies one
    assert definition_role("a person whose application to participate in the program is approved and who "
                           "may test an artificial intelligence system under this chapter.") == "system_provider"


def test_a_participant_the_statute_defines_bears_its_own_duties(wider):
    report = find(wider, "us-tx-hb149", "Sec. 553.102(a)", "A program participant shall provide")
    assert (report.actor_text, report.actor_role) == ("A program participant", "system_provider")
    item = find(wider, "us-tx-hb149", "Sec. 553.102(b)(1)", "metrics")
    assert (item.modality, item.actor_role) == ("obligation", "system_provider")


def test_the_subject_of_the_clause_after_a_full_one_bears_the_duty(wider):
    support = find(wider, "us-tx-hb149", "Sec. 554.001(b)", "The council is administratively attached")
    assert (support.modality, support.actor_text, support.actor_role) == ("obligation", "the department",
                                                                          "public_authority")


def test_a_sentence_that_names_its_own_actor_is_not_given_the_one_before(tmp_path):
    """Ministers, a treaty's Parties, an act's Institute and an insurer or a business, named as the
    subject, bear their own duties; none inherits the developer of the sentence before."""
    nodes, extractions = read_own(tmp_path, (
        "Sec. 4. DUTIES.\n\n(1) A developer must give the Institute the results of each evaluation.\n\n"
        "(2) The Institute may publish a summary of the results.\n\n"
        "(3) The Minister must consult the Institute before making regulations.\n\n"
        "(4) Each Party shall adopt measures to ensure transparency.\n\n"
        "(5) An insurer shall respond to a complaint.\n\n(6) Businesses must notify consumers of a breach.\n"))
    actors = {nodes[e.node_id].cite: (e.actor_text, e.actor_role) for e in extractions}
    assert actors == {"Sec. 4(1)": ("A developer", "model_developer"), "Sec. 4(2)": ("The Institute", "public_authority"),
                      "Sec. 4(3)": ("The Minister", "public_authority"), "Sec. 4(4)": ("Each Party", "public_authority"),
                      "Sec. 4(5)": ("An insurer", "other"), "Sec. 4(6)": ("Businesses", "other")}


def test_a_role_by_its_function_with_the_reason_shown(wider):
    public = find(wider, "us-tx-hb149", "Sec. 552.054(b)", "A governmental entity may not develop or deploy")
    assert (public.modality, public.actor_role) == ("prohibition", "deployer")
    assert "defines 'Governmental entity'" in public.cues["actor"]["source"]
    anyone = find(wider, "us-tx-hb149", "Sec. 552.056(b)", "A person may not develop or deploy")
    assert anyone.actor_role == "any_ai_actor"
    # the function may be in the actor's own relative clause: an agency offering an AI system to
    # the public deploys it
    agency = find(wider, "us-tx-hb149", "Sec. 552.051(b)", "A governmental agency that makes available")
    assert (agency.modality, agency.actor_role) == ("obligation", "deployer")
    assert "makes an AI system available" in agency.cues["actor"]["source"]


def test_a_things_subject_carries_the_actor_of_the_provision_it_refers_to(wider):
    nodes, _ = wider["us-tx-hb149"]
    agency = "A governmental agency that makes available an artificial intelligence system"
    for cite, start in (("Sec. 552.051(e)", "A disclosure under Subsection (b) may"),
                        ("Sec. 552.051(d)(1)", "must be clear"), ("Sec. 552.051(d)(3)", "may not use")):
        unit = find(wider, "us-tx-hb149", cite, start)
        assert unit.actor_text.startswith(agency) and unit.actor_role == "deployer", cite
        assert "Sec. 552.051(b)" in unit.cues["actor"]["source"]
        assert not unit.actor_explicit


def cited(wider, doc, cite, start):
    nodes, _ = wider[doc]
    return {nodes[r].cite for r in find(wider, doc, cite, start).refs}


def test_a_general_documents_references_resolve_by_its_own_numbering(wider):
    # a bare level stands for the citing unit's own level of the same kind
    assert cited(wider, "us-tx-hb149", "Sec. 552.104(b)(1)", "before the 60th day") == {"Sec. 552.104(a)"}
    assert cited(wider, "us-tx-hb149", "Sec. 553.051(e)", "Notwithstanding") >= {"Sec. 553.051(c)",
                                                                                 "Sec. 553.051(d)"}
    # a labelled number stands for the document's own cite under that label
    assert cited(wider, "us-tx-hb149", "Sec. 552.103(a)", "If the attorney general receives") == {"Sec. 552.102"}
    assert cited(wider, "eu-gpai-cop-safety", "Measure 10.2", "If and insofar") == {"Commitment 1", "Commitment 7"}
    assert cited(wider, "us-omb-m-25-21", "Section 4(a)(iii)", "") >= {"Section 4(a)(ii)"}
    # another instrument's sections are not this document's
    assert cited(wider, "us-tx-hb149", "Sec. 552.056(a)(1)", "\"Financial institution\"") == set()
    assert cited(wider, "us-omb-m-25-21", "Section 3(b)(ii)", "Consistent with Section 104") == set()


def test_legal_effects_are_not_duties(wider):
    assert find(wider, "us-tx-hb149", "Sec. 552.105(e)", "A defendant").modality == "none"



def test_scores_on_the_labelled_sample(wider, shared_scorer, tmp_path):
    predictions = tmp_path / "provisions.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for nodes, extractions in wider.values():
            for e in extractions:
                node = nodes[e.node_id]
                out.write(json.dumps({"id": e.node_id, "doc": node.doc, "section": node.section,
                                      "cite": node.cite, "text": e.text, "stem": node.stem,
                                      "modality": e.modality, "actor_role": e.actor_role,
                                      "themes": e.themes}) + "\n")
    row = shared_scorer.score_provisions(str(SHARED / "gold-wider"), str(predictions))["ALL"]
    assert row["f1"] >= 0.92 and row["modality_acc"] >= 0.95, row
    assert row["role_acc_explicit"] >= 0.9 and row["role_acc_implicit"] >= 0.9, row


def test_the_shipped_theme_model_was_chosen_by_leaving_documents_out():
    from policylens import curated
    from policylens.extract.theme_model import MODEL_FILE, model

    learned = model()
    assert learned is not None and learned.blend > 0
    figures = curated.load(MODEL_FILE)["cross_validation"]
    assert figures["mean_theme_hit"] > figures["lexicon_only"]
    assert len(figures["per_document"]) >= 8


def test_themes_for_wording_no_lexicon_entry_was_written_for():
    from policylens.extract.themes import choose_themes

    themes, why = choose_themes("The operator shall notify the regulator of any serious malfunction "
                                "of the system within 72 hours of becoming aware of it.", "", [])
    assert "incident_reporting" in themes
    assert all(why[t] for t in themes)     # each theme says which words chose it
    themes, _ = choose_themes("Each licensee shall keep logs of the model's inputs and outputs "
                              "for five years.", "", [])
    assert "documentation_records" in themes


def test_a_new_kind_or_date_reads_the_obligations_again(tmp_path, capsys):
    from policylens.cli import main

    source = tmp_path / "commitments.txt"
    source.write_text("Commitment 1 Reporting\n\nSignatories will report serious incidents to the "
                      "supervisory office within 60 days of the issuance of this memorandum.\n",
                      encoding="utf-8")
    workspace = tmp_path / "ws.sqlite"
    base = ["--workspace", str(workspace)]

    def exported():
        out = tmp_path / "p.jsonl"
        assert main(base + ["export", "provisions", "--doc", "user-notes", "-o", str(out)]) == 0
        return [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    assert main(base + ["add", str(source), "--id", "user-notes", "--title", "Notes"]) == 0
    before = exported()
    assert [(r["modality"], r["deadline_date"]) for r in before] == [("none", "")]
    assert main(base + ["edit", "user-notes", "--kind", "code_of_practice", "--date", "2025-04-03"]) == 0
    assert "extracted again" in capsys.readouterr().out
    after = exported()
    assert [(r["id"], r["modality"], r["actor_text"], r["deadline_date"]) for r in after] == [
        (before[0]["id"], "obligation", "Signatories", "2025-06-02")]


def test_short_titles_findings_definitions_penalties_and_bodies_are_not_duties(tmp_path):
    path = tmp_path / "bill.txt"
    path.write_text(
        "SECTION 1. This Act may be cited as the Frontier Safety Act.\n"
        "SECTION 2. The Legislature finds and declares all of the following:\n"
        "(a) Artificial intelligence may pose risks to public safety.\n"
        "(b) Synthetic content may mislead consumers and must be labelled.\n"
        "SECTION 3. Section 22757.12 of the Business and Professions Code is amended to read:\n"
        "22757.12. (a) \"Frontier developer\" means a person who has trained a frontier model.\n"
        "(b) \"Frontier model\" shall include any foundation model trained using more than 10^26 operations.\n"
        "(c) A frontier developer shall publish a frontier AI framework on its internet website.\n"
        "(d) A frontier developer that violates this section is liable for a civil penalty of up to "
        "one million dollars per violation.\n"
        "(e) There is established within the Government Operations Agency a consortium.\n",
        encoding="utf-8")
    nodes = parse(read_source(path), "bill", "generic")
    by_id = {n.id: n for n in nodes}
    modality = {by_id[e.node_id].cite: e.modality
                for e in extract_document(nodes, {"id": "bill", "profile": "generic", "dates": {}})}
    assert modality == {
        "Section 1": "none", "Section 2": "none", "Section 2(a)": "none", "Section 2(b)": "none",
        "Section 3": "none", "§ 22757.12(a)": "none", "§ 22757.12(b)": "none",
        "§ 22757.12(c)": "obligation", "§ 22757.12(d)": "none", "§ 22757.12(e)": "none"}


def test_a_time_limit_counts_from_a_scanned_memos_issuance_though_its_words_run_together(wider):
    """The memorandum's text layer reads "Within 270 days ofthe issuance of this memorandum": the
    limit still counts from the day the memo was issued."""
    from policylens import catalogue
    from policylens.extract.deadlines import find_deadline

    nodes, _ = wider["us-omb-m-25-21"]
    text = next(n.text for n in nodes.values() if n.cite == "Section 3(b)(iv)" and "270 days" in n.text)
    assert "ofthe issuance" in text
    phrase, iso, _ = find_deadline(text, {"dates": catalogue.by_id("us-omb-m-25-21").dates})
    assert phrase.startswith("Within 270 days") and iso == "2025-12-29"
    # run together inside the phrase too, a limit from entry into force counts from that date
    regulation = {"dates": {"adopted": "2024-06-13", "entered_into_force": "2024-08-01"}}
    assert find_deadline("within 30 days ofthe date of entry intoforce of this Regulation", regulation)[1] == \
        "2024-08-31"


@pytest.mark.parametrize("text, phrase, iso", [
    # abbreviated months and ordinal days, as statutes and rules of other drafting styles write them
    ("Beginning Jan. 1, 2026, a developer shall publish a report.", "Beginning Jan. 1, 2026", "2026-01-01"),
    ("The Commissioner must publish the code by 6th April 2030.", "by 6th April 2030", "2030-04-06"),
    # a scan's OCR reads the day's "1" as "l"
    ("Agencies must submit their plans no later than December l, 2024.", "no later than December l, 2024",
     "2024-12-01"),
    # counts in words and figures, periods after an event, business days that no calendar counts
    ("The insurer shall respond within thirty (30) calendar days after receiving a request.",
     "within thirty (30) calendar days after receiving a request", ""),
    ("A business must notify consumers no later than 45 days after discovery of the breach.",
     "no later than 45 days after discovery of the breach", ""),
    ("The intermediary shall act within twenty-four hours of receiving an order.",
     "within twenty-four hours of receiving an order", ""),
    ("The agency shall respond within a period of fifteen business days from the date of receipt.",
     "within a period of fifteen business days from the date of receipt", ""),
    ("Not later than one hundred and eighty days after the date of this order, the Secretary shall report.",
     "Not later than one hundred and eighty days after the date of this order", "2024-04-27"),
    ("As soon as reasonably practicable, the developer must report the incident to the Institute.",
     "As soon as reasonably practicable", ""),
    ("The employer shall give notice at least 10 business days before the tool is first used.",
     "at least 10 business days before the tool is first used", ""),
])
def test_time_limits_as_other_drafting_styles_write_them(text, phrase, iso):
    from policylens.extract.deadlines import find_deadline

    assert find_deadline(text, {"dates": {"signed": "2023-10-30"}})[:2] == (phrase, iso)


def test_on_or_before_a_date_is_a_time_limit_not_a_trigger(tmp_path):
    from policylens.extract.conditions import find_condition

    assert find_condition("On or before January 1, 2026, a developer shall publish a statement.") == ""
    assert find_condition("A developer shall, before 1 August 2026, register the system.") == ""
    assert find_condition("Before beginning to train a covered model, the developer shall implement "
                          "protocols.") == "Before beginning to train a covered model"
    # "even if" concedes; it triggers nothing
    assert find_condition("A business is responsible for discriminatory outcomes, even if it did not develop "
                          "the system.") == ""


def test_a_trigger_runs_on_past_the_commas_inside_it():
    """"Before, or concurrently with, deploying …" is one trigger, as is one with alternatives
    ("…, or is falsified"); a clause joined by "and" is no part of it."""
    from policylens.extract.conditions import find_condition

    assert find_condition("Before, or concurrently with, deploying a new frontier model, a large frontier developer "
                          "shall publish a transparency report.") == \
        "Before, or concurrently with, deploying a new frontier model"
    assert find_condition("Where an importer has reason to consider that a system is not in conformity, or is "
                          "falsified, the importer shall not place it on the market.") == \
        "Where an importer has reason to consider that a system is not in conformity, or is falsified"
    assert find_condition("If relevant, and within 30 days, the agency shall describe the planned measures.") == \
        "If relevant"


def test_an_abbreviated_month_ends_no_sentence(tmp_path):
    _, extractions = read_own(tmp_path, "Sec. 1. DUTIES.\n\n(a) Beginning Jan. 1, 2026, a developer shall publish a "
                                        "report.\n")
    assert [(e.text, e.deadline_date) for e in extractions if e.modality != "none"] == [
        ("Beginning Jan. 1, 2026, a developer shall publish a report.", "2026-01-01")]


@pytest.mark.parametrize("text, phrase", [
    ("Within 180 days of the date of this order and in consultation with relevant agencies, the Secretary "
     "shall issue guidance.", "Within 180 days of the date of this order"),
    ("within 60 days ofthe issuance of this memorandum, agencies must report.",
     "within 60 days ofthe issuance of this memorandum"),
    # counted from an event, the limit runs to the clause's end
    ("within 30 days of receiving a complaint and the supporting documents, the office shall respond.",
     "within 30 days of receiving a complaint and the supporting documents"),
])
def test_a_time_limit_counted_from_the_instrument_ends_with_it(text, phrase):
    from policylens.extract.deadlines import find_deadline

    assert find_deadline(text, {"dates": {"signed": "2023-10-30", "issued": "2025-04-03"}})[0] == phrase


def test_a_duty_released_as_not_necessary_is_a_permission(wider):
    """"Such publication is not necessary if …" releases the signatory from a duty, as "shall not be
    required to" does (obligations.md): a permission, not a statement."""
    released = find(wider, "eu-gpai-cop-safety", "Measure 10.2", "For Frameworks, such publication is not necessary")
    assert released.modality == "permission"


def test_will_apply_a_thing_is_a_duty_and_a_how_clause_states_none(wider):
    """"Signatories will apply the criteria" is a duty, unlike a scope rule ("shall apply to …",
    "shall apply instead"); a cue inside a "how" clause ("how they are expected to be used", "how
    system output may be utilized") is not the sentence's own."""
    applies = find(wider, "eu-gpai-cop-safety", "Measure 4.1", "Signatories will apply the systemic risk")
    assert (applies.modality, applies.actor_role) == ("obligation", "model_developer")
    expected = find(wider, "eu-gpai-cop-safety", "Measure 1.3(1)", "This assessment will take into account how")
    assert expected.modality == "obligation"
    utilized = find(wider, "us-nist-ai-rmf-1.0", "MAP 2.2", "Information about the AI system")
    assert utilized.modality == "recommendation"


def test_it_and_they_stand_for_the_subject_of_the_condition_they_follow(wider):
    """"If an agency already has an appeals process …, it may extend it" permits the agency; where
    the pronoun follows no condition with an actor for subject, or the verb states a possibility,
    "may" stays a possibility ("organizations … may face challenges")."""
    extend = find(wider, "us-omb-m-25-21", "Section 4(b)(vi)", "If an agency already has an appeals")
    assert (extend.modality, extend.actor_role) == ("permission", "public_authority")
    face = find(wider, "us-nist-ai-rmf-1.0", "Section 1.2.4", "In addition, small to medium-sized organizations")
    assert face.modality == "none"


@pytest.mark.parametrize("sentence, modality, role", [
    # the subject of the nearest condition, past an inserted phrase naming another actor
    ("Where, at the request of the Commission, a provider has submitted the technical documentation, "
     "it shall keep it up to date.", "obligation", "system_provider"),
    ("Upon receiving an appeal from an affected person, if an agency determines that the decision was "
     "wrong, it shall correct the decision.", "obligation", "public_authority"),
    # a possibility, though an actor is the condition's subject
    ("Where a deployer relies on the output of a high-risk AI system, it may infringe fundamental rights.",
     "none", ""),
    ("If a provider integrates a general-purpose AI model, they may need to adapt the documentation.",
     "none", ""),
    # "how to" opens no clause of its own
    ("Guidance on how to comply with this Regulation shall be published by the AI Office.",
     "obligation", "public_authority"),
    # a scope rule however it continues
    ("The reporting obligation shall apply each year to providers.", "none", ""),
])
def test_pronouns_possibilities_and_scope_rules_in_sentences_of_their_own(tmp_path, sentence, modality, role):
    _, extractions = read_own(tmp_path, f"RULES\n\nSection 1. Rules\n\n{sentence}\n")
    found = [e for e in extractions if e.text == sentence]
    assert [(e.modality, e.actor_role) for e in found] == [(modality, role)]


def test_a_rule_of_construction_and_the_purposes_it_lists_are_no_duties(wider):
    """"This subtitle shall be broadly construed … to promote its underlying purposes, which are
    to: (1) facilitate …": how to read the law, not a duty of anyone, nor are the purposes."""
    construed = find(wider, "us-tx-hb149", "Sec. 551.003", "This subtitle shall be broadly construed")
    purpose = find(wider, "us-tx-hb149", "Sec. 551.003(1)", "facilitate and advance")
    assert construed.modality == purpose.modality == "none"


def test_references_that_loop_back_to_the_unit_being_read_end(tmp_path):
    """A time limit counted from an event under the section that holds it, and two provisions
    whose subjects refer to each other, are read once each instead of recursing for ever."""
    _, extractions = read_own(tmp_path, "AN ACT relating to notices.\n\n"
                              "Sec. 2. NOTICES. (a) Within 30 days of the notice under Section 2, the department "
                              "shall publish a report.\n(b) A report under Subsection (c) must be published online.\n"
                              "(c) A report under Subsection (b) must be written in plain language.\n")
    found = {e.text[:12]: e for e in extractions}
    assert found["Within 30 da"].actor_role == "public_authority"
    assert found["A report und"].modality == "obligation"


STATUTE = """AN ACT relating to notices.

Sec. 5. NOTICES. (a) The department shall adopt rules.
(1) A rule must be published.
(2) A rule must be dated.
(b) A developer shall send a notice.
(1) The notice must be written.
(2) The notice must be signed.
(A) A signature may be electronic.
(B) A signature may be handwritten.
(i) in ink; or
(ii) in pencil.
(3) The notice must be sent by mail.

Sec. 5.12. FEES. The department may set fees.

Sec. 51.2. RECORDS. The department shall keep records.
"""


@pytest.fixture(scope="module")
def statute(tmp_path_factory):
    path = tmp_path_factory.mktemp("statute") / "notices.txt"
    path.write_text(STATUTE, encoding="utf-8")
    nodes = parse(read_source(path), "notices", "generic")
    return {n.id: n for n in nodes}, CiteIndex(nodes)


@pytest.mark.parametrize("phrase, from_cite, expected", [
    ("the notice under subsection (a)(2)", "Sec. 5(b)(2)(B)(ii)", {"Sec. 5(a)(2)"}),
    ("as required by paragraph (3)", "Sec. 5(b)(2)(B)(ii)", {"Sec. 5(b)(3)"}),
    ("clause (i)", "Sec. 5(b)(2)(B)(ii)", {"Sec. 5(b)(2)(B)(i)"}),
    ("Subparagraphs (A) and (B)", "Sec. 5(b)(2)(A)", {"Sec. 5(b)(2)(A)", "Sec. 5(b)(2)(B)"}),
    ("Section 5.12 of this Act", "Sec. 5(a)", {"Sec. 5.12"}),
    ("under § 51.2", "Sec. 5(a)", {"Sec. 51.2"}),
    ("Sections 5.12 and 51.2", "Sec. 5(a)", {"Sec. 5.12", "Sec. 51.2"}),
    # another instrument's sections and levels are not this document's
    ("Section 5 of the Clayton Act", "Sec. 5(a)", set()),
    ("section 5 of title 47, United States Code", "Sec. 5(a)", set()),
    ("Section 5.12 and Section 51.2 of Executive Order 14179", "Sec. 5(a)", set()),
    ("paragraph (1) of section 12 of the Clayton Act", "Sec. 5(b)(2)", set()),
    ("Section 5(b), Insurance Code", "Sec. 5(a)", set()),
    ("Article 5 of Regulation (EU) 2016/679", "Sec. 5(a)", set()),
    ("subsection 2", "Sec. 5(a)", set()),
])
def test_references_by_the_numbering_grammar(statute, phrase, from_cite, expected):
    nodes, index = statute
    found = {nodes[hit].cite for _, hit in find_references(phrase, from_cite, "generic", index)}
    assert found == expected


def test_only_a_things_subject_takes_the_actor_of_an_earlier_provision_it_refers_to(tmp_path):
    nodes, extractions = read_own(
        tmp_path, "AN ACT relating to rules.\n\nSec. 7. RULES. (a) The department shall adopt rules.\n"
                  "(b) A notice under Subsection (d) must be posted.\n(c) The rules must be published annually.\n"
                  "(d) A developer shall send a notice.\n(e) An applicant under Subsection (a) may request a hearing.\n"
                  "(f) A report under Subsection (d) must be signed.\n")
    by_cite = {nodes[e.node_id].cite: e for e in extractions}
    # reading ahead to (d) for (b) does not make the developer the last actor before (c)
    assert by_cite["Sec. 7(c)"].actor_role == "public_authority"
    assert "refers to" not in by_cite["Sec. 7(e)"].cues["actor"]["source"]
    report = by_cite["Sec. 7(f)"]
    assert (report.actor_text, report.actor_role) == ("A developer", "model_developer")
    assert "Sec. 7(d)" in report.cues["actor"]["source"]


def test_a_verb_inside_a_relative_clause_ends_no_clause():
    assert actor_module.subject_before("A developer that has deployed a system, and a deployer ") == \
        "A developer that has deployed a system"
    assert actor_module.subject_before("The council is attached to the department, and the department ") == \
        "the department"


def test_who_tests_systems_for_others_checks_them():
    assert definition_role("a person who tests artificial intelligence systems for compliance with this "
                           "chapter on behalf of the department") == "assessment_body"


def test_a_condition_with_a_verb_of_its_own_is_not_the_subject(wider):
    certify = find(wider, "us-tx-hb149", "Section 9(b)", "If, as authorized by Subsection (a)")
    assert (certify.actor_text, certify.actor_role) == ("the state agency", "public_authority")


def test_a_party_no_lexicon_names_is_the_subject_as_written(wider):
    processor = find(wider, "us-tx-hb149", "Section 3(a)", "A processor shall adhere")
    assert (processor.modality, processor.actor_text, processor.actor_role) == ("obligation", "A processor", "other")
    item = find(wider, "us-tx-hb149", "Section 3(a)(1)", "assisting the controller")
    assert (item.actor_text, item.actor_role) == ("A processor", "other")


def test_a_sentence_with_a_second_actors_own_clause_is_two_units(wider):
    nodes, extractions = wider["us-tx-hb149"]
    parts = [e for e in extractions if nodes[e.node_id].cite == "Sec. 554.002(c)"]
    assert [(e.part, e.modality, e.actor_text) for e in parts] == [
        (0, "obligation", "The governor"), (1, "obligation", "the council")]
    assert parts[0].text == "The governor shall appoint a chair from among the members"
    assert parts[1].text.startswith("the council shall elect a vice chair")
    waived = [e for e in extractions if nodes[e.node_id].cite == "Sec. 553.051(e)"]
    assert [(e.modality, e.actor_role) for e in waived] == [("none", ""), ("permission", "public_authority")]
    assert waived[1].text.startswith("the attorney general or a state agency may file")


def _units_of(tmp_path, body: str) -> list:
    _, extractions = read_own(tmp_path, f"AN ACT relating to records.\n\nSec. 3. RECORDS. {body}\n")
    return [e for e in extractions if not e.text.startswith("AN ACT")]


@pytest.mark.parametrize("body, expected", [
    # a thing, passive or active, is no actor of its own
    ("(a) The logs shall be retained for six months.", [("obligation", "")]),
    ("(a) Any contract shall include a termination clause.", [("obligation", "")]),
    # one actor's two duties, a passive second clause, and a list's stem stay one unit
    ("(a) A developer shall keep the logs, and the developer shall report incidents.",
     [("obligation", "A developer")]),
    ("(a) The department shall designate an officer, and the governor shall be informed of the designation.",
     [("obligation", "The department")]),
])
def test_what_stays_one_unit_and_what_names_no_actor(tmp_path, body, expected):
    found = [(e.modality, e.actor_text) for e in _units_of(tmp_path, body.replace("\\\n", "\n"))]
    assert found == expected


def test_each_clause_of_a_split_sentence_keeps_its_own_time_limit_and_the_last_actor_carries_on(tmp_path):
    units = _units_of(tmp_path, "(a) The department shall notify the council within 15 days, and the council "
                                "shall assess the notice.\n(b) It shall meet at least quarterly.")
    assert [(e.actor_text, e.deadline_text) for e in units] == [
        ("The department", "within 15 days"), ("the council", ""), ("the council", "")]


def test_a_condition_naming_the_only_actor_is_not_the_subject(tmp_path):
    (unit,) = _units_of(tmp_path, "(a) If, as authorized by law, the agency does not act, the report shall be published.")
    assert "does not act" not in unit.actor_text


def test_a_lists_stem_with_two_clauses_does_not_double_its_items(tmp_path):
    units = _units_of(tmp_path, "(a) The department shall keep records, and the governor shall do all of the "
                                "following:\n(1) publish them;\n(2) sign them.")
    assert [e.part for e in units] == [0, 0, 0]


@pytest.mark.parametrize("body, expected", [
    # verbs whose object is the list announce it, past a purpose or extent they state, but not past a
    # second duty, nor where the verbs have an object of their own
    ("(a) The provider shall keep the following records for the purpose of demonstrating compliance, "
     "and shall make them available to the authority:\n(1) its logs;\n(2) its evaluations.",
     ["obligation", "obligation", "obligation"]),
    ("(a) The employer shall conduct annual bias audits covering the following:\n(1) hiring;\n(2) promotion.",
     ["obligation", "obligation", "obligation"]),
    ("(a) The provider shall keep track of the following information, to the extent it is not already "
     "documented, for the purpose of evidencing compliance:\n(1) its processes;\n(2) its decisions.",
     ["none", "obligation", "obligation"]),
    ("(a) The provider shall draw up and keep up-to-date the following information:\n(1) its model's "
     "architecture;\n(2) its training data.", ["none", "obligation", "obligation"]),
    ("(a) The provider shall conduct audits and report the following:\n(1) their scope;\n(2) their results.",
     ["obligation", "obligation", "obligation"]),
    # a duty of its own before the list is a unit
    ("(a) The auditor shall produce an audit report including all of the following:\n(1) findings;\n"
     "(2) the auditor's signature.", ["obligation", "obligation", "obligation"]),
    # an item giving the stem's actor an office constitutes it
    ("(a) Each Chief AI Officer must:\n(1) serve as the senior advisor on AI to the head of the agency;\n"
     "(2) report annually to the Director;\n(3) serve as the agency's liaison and ensure that the agency "
     "reports;\n(4) serve on the deployer a compliance notice.",
     ["none", "none", "obligation", "obligation", "obligation"]),
    ("(a) The report shall:\n(1) serve as the basis for any follow-up;\n(2) be published.",
     ["none", "obligation", "obligation"]),
    ("(a) The Council shall:\n(1) include as members the chief officers of each agency;\n(2) meet quarterly.",
     ["none", "none", "obligation"]),
    # the conditions of a rule that imposes no duty impose none, whatever their verbs
    ("(a) A model shall be considered a covered model where both of the following conditions are met:\n"
     "(1) its developer is required to file a report under federal law;\n(2) it was trained on public data.",
     ["none", "none", "none"]),
    ("(a) An entity shall be considered a high-impact deployer if—\n(1) the entity is required to register "
     "under section 5; and\n(2) it deploys a covered model.", ["none", "none", "none"]),
    # the conditions of a permission are the permission's
    ("(a) The council may suspend a program if:\n(1) the participant has not reported;\n"
     "(2) the participant has caused harm.", ["permission", "permission", "permission"]),
])
def test_what_a_lists_stem_and_its_items_state(tmp_path, body, expected):
    assert [e.modality for e in _units_of(tmp_path, body)] == expected


@pytest.fixture(scope="module")
def guidelines(corpus_dir):
    """METI's AI Guidelines for Business read as an analyst's own document: no catalogue entry,
    its status unknown, its kind guessed from its opening."""
    nodes = parse(read_source(corpus_dir / "jp-meti-ai-guidelines-v1.0-en.pdf"), "own-guidelines", "generic")
    info = {"id": "own-guidelines", "profile": "generic", "status": "unknown", "dates": {}}
    return {n.id: n for n in nodes}, extract_document(nodes, info)


def test_guidelines_advise_with_their_imperatives_where_a_memorandum_directs(guidelines, wider):
    nodes, extractions = guidelines
    assert drafting_style(list(nodes.values()), {}, {}).advisory
    for start in ("Refrain from improperly inputting personal data", "Conform to instructions for use specified",
                  "Understand the degrees of precision and risks of AI"):
        unit = next(e for e in extractions if e.text.startswith(start))
        assert unit.modality == "recommendation", start
    # a bullet is an item of its own, not the end of the table row's title before it
    assert not [e for e in extractions if e.text.startswith("Proper use (of AI) that considers safety •")]
    assert not drafting_style(list(nodes.values()), {"status": "in_force"}, {}).advisory
    memo_nodes, _ = wider["us-omb-m-25-21"]
    memo = drafting_style(list(memo_nodes.values()), {"status": "unknown"}, {})
    assert memo.kind == "guidance" and not memo.advisory


def test_a_note_label_is_not_an_imperative(tmp_path):
    nodes, extractions = read_own(tmp_path, "AI Guidelines for Business\n\n"
                                            "Note 1: A model is acquired as a result of training.\n\n"
                                            "Consider the risks of each model before deploying it.\n\n"
                                            "Conduct two red-team exercises each year.\n\n"
                                            "Retain 12 months of logs.\n\n"
                                            "I) to XI): Comply with them within the appropriate scope.\n")
    modality = {e.text[:8]: e.modality for e in extractions}
    assert modality == {"Note 1: ": "none", "Consider": "recommendation", "Conduct ": "recommendation",
                        "Retain 1": "recommendation", "to XI): ": "recommendation"}   # "I)" read as its label


def test_what_shall_not_be_considered_in_a_decision_is_still_prohibited(tmp_path):
    nodes, extractions = read_own(tmp_path, "Sec. 1. RULES.\n\n"
                                            "(a) An applicant's age shall not be considered in any decision.\n\n"
                                            "(b) A retention schedule shall not be amended without the board's approval.\n\n"
                                            "(c) Such a system shall not be considered to be high-risk.\n")
    modality = {nodes[e.node_id].cite: e.modality for e in extractions}
    assert modality == {"Sec. 1(a)": "prohibition", "Sec. 1(b)": "prohibition", "Sec. 1(c)": "none"}


@pytest.mark.parametrize("opening, status, advises", [
    ("These guidelines implement OMB Memorandum M-24-10. They do not create binding obligations.", "unknown", True),
    ("These non-binding guidelines explain the measures of Directive (EU) 2022/2555.", "unknown", True),
    ("Compliance with these guidelines is mandatory for every contractor.", "unknown", False),
    ("These guidelines describe good practice for operators.", "revoked", True),
    ("These guidelines describe good practice for operators.", "in_force", False),
    ("MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES", "unknown", False),
])
def test_whether_guidance_advises_follows_its_status_or_what_it_says_of_itself(opening, status, advises, tmp_path):
    path = tmp_path / "guidance.md"
    path.write_text(f"# Guidance on automated tools\n\n{opening}\n\n## Practices\n\n- Review every output.\n",
                    encoding="utf-8")
    nodes = parse(read_source(path), "guidance", "generic")
    style = drafting_style(nodes, {"kind": "guidance", "status": status}, {})
    assert style.advisory == advises


def test_a_framework_outside_its_tables_states_what_its_core_recommends(wider):
    """Section 5.3's prose describes the MEASURE function ("The MEASURE function employs …"):
    no outcome statement of a table row, so no recommendation unless it says "should"."""
    nodes, extractions = wider["us-nist-ai-rmf-1.0"]
    prose = [e for e in extractions if nodes[e.node_id].cite == "Section 5.3"]
    modality = {opening: next(e.modality for e in prose if e.text.startswith(opening))
                for opening in ("The MEASURE function employs", "Processes developed or adopted")}
    assert modality == {"The MEASURE function employs": "none", "Processes developed or adopted": "recommendation"}
    # "are considered for settings where …" is an outcome to reach, not a deeming rule
    tracking = find(wider, "us-nist-ai-rmf-1.0", "MEASURE 3.2", "Risk tracking approaches are considered")
    assert (tracking.modality, tracking.actor_role) == ("recommendation", "any_ai_actor")


def test_a_modal_inside_a_quoted_example_is_not_the_sentences_own(wider, tmp_path):
    row = find(wider, "us-nist-ai-rmf-1.0", "MAP 1.6", "System requirements (e.g., “the system shall")
    assert row.modality == "recommendation"
    nodes, extractions = read_own(tmp_path, "Sec. 1. RULES.\n\n"
                                            "(a) Notices (such as \"the operator shall stop\") are posted by the owner.\n\n"
                                            "(b) The rule now reads: \"The operator shall stop the system.\"\n\n"
                                            "(c) A system is considered a high-risk system.\n")
    modality = {nodes[e.node_id].cite: e.modality for e in extractions}
    assert modality == {"Sec. 1(a)": "none", "Sec. 1(b)": "obligation", "Sec. 1(c)": "none"}


def test_an_actor_named_after_the_head_of_the_subject_is_not_its_actor(wider):
    decision = find(wider, "us-nist-ai-rmf-1.0", "Section 3", "The decision to commission or deploy")
    assert decision.actor_role == "any_ai_actor"       # "to commission" names no Commission
    assert actor_module.role_of("The Secretary of Commerce", head_only=True)[0] == "public_authority"


def test_items_of_a_persons_prohibition_take_the_role_of_what_they_do(wider):
    """"A person may not: (1) develop or distribute an artificial intelligence system …": anyone in
    the value chain, as in "a person may not develop or deploy"."""
    for cite in ("Sec. 552.057(1)", "Sec. 552.057(2)"):
        item = next(e for e in wider["us-tx-hb149"][1] if wider["us-tx-hb149"][0][e.node_id].cite == cite)
        assert (item.modality, item.actor_role) == ("prohibition", "any_ai_actor")
        assert "distributes an AI system" in item.cues["actor"]["source"]


def test_a_codes_recitals_explain_and_bind_no_one(wider):
    nodes, extractions = wider["eu-gpai-cop-safety"]
    recitals = [e for e in extractions if nodes[e.node_id].section.startswith("Recital")]
    assert len(recitals) > 30 and {e.modality for e in recitals} == {"none"}


def test_a_codes_will_that_foretells_binds_no_one(wider):
    """"Demonstrating external validity will differ for different systemic risks …" and "the
    model's use … will change" say what is expected, not what the signatories commit to."""
    nodes, extractions = wider["eu-gpai-cop-safety"]
    foretold = [e for e in extractions if e.text.startswith(("Demonstrating external validity will differ",
                                                             "the model’s use and/or integrations"))]
    assert len(foretold) == 2 and {e.modality for e in foretold} == {"none"}
    assert find(wider, "eu-gpai-cop-safety", "Measure 7.6", "Signatories will update").modality == "obligation"


def test_a_codes_will_with_an_object_promises(tmp_path):
    _, extractions = read_own(tmp_path, "Code of Practice for General-Purpose AI Models\n\nCommitment 1 Testing\n\n"
                                        "Signatories will change their default settings where a risk is found. "
                                        "Signatories will regularly change access credentials. "
                                        "Risks will differ across deployment contexts.\n")
    assert [e.modality for e in extractions if e.text.startswith(("Signatories", "Risks"))] == [
        "obligation", "obligation", "none"]


def test_a_stem_naming_another_actor_than_the_dated_duty_is_not_dated(wider):
    """"Within 90 days …, the Director of OMB … shall convene … The Chief AI Officer Council
    shall:" — the council's standing duties have no time limit; nor does a stem two sentences
    after the dated one, past a sentence about something else (Section 3(a)(ii))."""
    nodes, extractions = wider["us-omb-m-25-21"]
    dated = {nodes[e.node_id].cite: e.deadline_date for e in extractions if e.modality != "none"}
    assert dated["Section 3(c)(i)(B)"] == "" and dated["Section 3(a)(ii)(C)"] == ""


@pytest.mark.parametrize("sentence, modality, role", [
    # legal effects stay legal effects
    ("A developer that complies with the standard shall be considered in compliance with this section.", "none", ""),
    ("An AI system shall be considered for the purposes of this Act a high-risk system.", "none", ""),
    # a request to be considered in time is a duty to consider it
    ("Each request for human review shall be considered within 30 days.", "obligation", ""),
    # only "shall have the right / power" confers one
    ("A provider does not have the right to refuse an inspection.", "none", ""),
    ("The Commission shall have the power to inspect the premises of any provider.", "permission", "public_authority"),
    # the subject's own head names the actor; a role term used as a verb does not
    ("Representatives of the Member States shall attend meetings of the Board.", "obligation", "public_authority"),
    # a public body that develops and distributes stays a public body
    ("The Secretary of Energy shall develop and distribute AI models for open research.", "obligation",
     "public_authority"),
    # when a provision operates and which prevails are scope rules; the penalties' qualities are duties
    ("This section shall become operative only upon an appropriation in a budget act.", "none", ""),
    ("This subdivision shall remain in effect only until January 1, 2030.", "none", ""),
    ("The definition in the Act shall prevail in the event of any conflicting interpretation.", "none", ""),
    ("Human judgment shall prevail over the output of the system.", "obligation", ""),
    ("This part shall become effective on July 1, 2026.", "none", ""),
    ("The measures shall remain in force and Member States shall review them every two years.",
     "obligation", ""),
    ("A developer may not change the settings of a deployed system.", "prohibition", "model_developer"),
    ("An employee may not be required to waive any right under this chapter.", "prohibition", ""),
    ("The penalties provided for shall be effective, proportionate and dissuasive.", "obligation", ""),
    # a body's composition is no duty; what a report must include is
    ("When relevant, the board must include representatives from the following disciplines: law, ethics.",
     "none", ""),
    ("The report must include a description of the risks.", "obligation", ""),
    # "may either" states a possibility; "may not" prohibits
    ("The ground truth may either not exist or not be available.", "none", ""),
    ("An AI system may not be used to score natural persons.", "prohibition", ""),
    # "may not be" with an adjective tells a possibility; with a noun phrase it may forbid
    ("The list of sources may not be exhaustive at any given time.", "none", ""),
    ("The organization developing the system may not be transparent about its methods.", "none", ""),
    ("An applicant's zip code may not be a factor in any hiring decision.", "prohibition", ""),
    # an order's recitals bind no one, whatever their modal verbs
    ("WHEREAS, artificial intelligence may transform how the State serves its residents and agencies should "
     "prepare for it;", "none", ""),
    # a management-system standard binds "the organization" that applies it
    ("The organization shall determine the interested parties relevant to the AI management system.",
     "obligation", "any_ai_actor"),
    # a statute's exemptions and powers, and what only names a violation or the act
    ("Subsections (2) and (4) of this section do not require a developer to disclose a trade secret.",
     "permission", "model_developer"),
    ("The attorney general has exclusive authority to enforce this part.", "permission", "public_authority"),
    ("Each violation shall constitute a separate violation.", "none", ""),
    ("This act shall be known, and may be cited, as the Frontier AI Act.", "none", ""),
])
def test_rights_effects_and_actors_of_a_sentence_of_its_own(tmp_path, sentence, modality, role):
    _, extractions = read_own(tmp_path, f"Sec. 1. RULES.\n\n(a) {sentence}\n")
    (unit,) = extractions
    assert (unit.modality, unit.actor_role) == (modality, role)


def test_a_stem_with_its_own_timing_is_not_dated_by_the_duty_before_it(tmp_path):
    nodes, extractions = read_own(tmp_path, "Sec. 4. SAFETY.\n\n(a) Within 60 days of the date of this order, the "
                                            "Secretary of State shall submit a report. Thereafter, on an ongoing "
                                            "basis, the Secretary of State shall:\n\n(i) engage with allies; and"
                                            "\n\n(ii) publish guidance.\n")
    dated = {e.text[:12]: e.deadline_text for e in extractions}
    assert dated["Within 60 da"] and not dated["engage with "] and not dated["publish guid"]


def test_the_date_a_duty_applies_from_is_recorded(tmp_path):
    """"On and after February 1, 2026, a developer … shall" (Colorado's drafting) and "As of" give
    the date the duty applies from, as "Beginning …" does (obligations.md)."""
    _, extractions = read_own(tmp_path, "6-1-1702. Developer duty. (1) On and after February 1, 2026, a developer of "
                                        "a high-risk artificial intelligence system shall use reasonable care.\n"
                                        "(2) As of January 1, 2027, a deployer shall notify consumers.\n")
    assert [(e.modality, e.deadline_date) for e in extractions] == [("obligation", "2026-02-01"),
                                                                     ("obligation", "2027-01-01")]


@pytest.mark.parametrize("stem, item, role", [
    ("A person may not:", "distribute an artificial intelligence system designed to impersonate a government official.",
     "supply_chain"),
    ("The Department of Education shall:", "distribute artificial intelligence tools to public schools.",
     "public_authority"),
])
def test_who_distributes_an_ai_system(tmp_path, stem, item, role):
    nodes, extractions = read_own(tmp_path, f"Sec. 6. CONDUCT.\n\n(a) {stem}\n\n(1) {item}\n")
    (unit,) = [e for e in extractions if nodes[e.node_id].cite == "Sec. 6(a)(1)"]
    assert unit.actor_role == role


def test_an_item_that_is_a_clause_of_its_stems_verb_inherits_its_duty(tmp_path):
    """"A developer shall make available a statement summarizing: (I) The types of systems …; (II)
    How the developer manages known risks …": the "how" clause completes the stem as the noun
    phrase before it does."""
    nodes, extractions = read_own(tmp_path, (
        "6-1-1702. Developer duty.\n\n(4)(a) A developer shall make available a statement summarizing:\n\n"
        "(I) The types of high-risk artificial intelligence systems that the developer has developed; and\n\n"
        "(II) How the developer manages known or reasonably foreseeable risks of algorithmic discrimination.\n"))
    duties = {nodes[e.node_id].cite: (e.modality, e.actor_role) for e in extractions}
    assert duties["§ 6-1-1702(4)(a)(II)"] == duties["§ 6-1-1702(4)(a)(I)"] == duties["§ 6-1-1702(4)(a)"]
    assert duties["§ 6-1-1702(4)(a)(II)"][0] == "obligation"


def test_a_stem_mentioning_recurring_things_keeps_the_time_limit(tmp_path):
    nodes, extractions = read_own(tmp_path, "Sec. 4. PLANS.\n\n(a) Within 180 days of the date of this order, the "
                                            "Secretary shall develop a plan. The plan shall, for every covered "
                                            "agency, include:\n\n(i) an inventory of AI use cases; and\n\n"
                                            "(ii) a description of risk controls.\n")
    dated = {nodes[e.node_id].cite: e.deadline_text for e in extractions}
    assert dated["Sec. 4(a)(i)"] == dated["Sec. 4(a)(ii)"] == "Within 180 days of the date of this order"


def test_a_codes_will_not_binds_its_signatories_not_to_act_and_the_conditions_it_holds_on(tmp_path):
    _, extractions = read_own(tmp_path, "Code of Practice for General-Purpose AI Models\n\nCommitment 1 Testing\n\n"
                                        "(1) Signatories will report their evaluations to the AI Office.\n"
                                        "(2) Signatories will not take any retaliation against evaluators as long "
                                        "as the evaluators:\n(a) do not disrupt the model;\n(b) publish findings "
                                        "responsibly.\n(3) Signatories will not be required to publish their weights.\n")
    assert [e.modality for e in extractions if not e.text.startswith("Code of")] == [
        "obligation", "prohibition", "prohibition", "prohibition", "permission"]


@pytest.mark.parametrize("body, expected", [
    # a duty not to act, however it is worded
    ("(a) The members of the board shall refrain from any action incompatible with their duties.",
     ["prohibition"]),
    # the validity of a document is a legal effect; validating one is a duty
    ("(a) Certificates shall be valid for the period they indicate.\n(b) Any supplement shall remain valid, "
     "provided that the certificate is valid.\n(c) The provider shall validate the data.",
     ["none", "none", "obligation"]),
    # designating a body for a role constitutes it; acting in a way is a duty
    ("(a) The Supervisor shall act as the competent authority for their supervision.\n(b) The provider shall "
     "act in accordance with the plan.", ["none", "obligation"]),
    # "that" as a determiner opens no clause of its own
    ("(a) Whenever the authorities intend to provide guidance in areas covered by other law, the authorities "
     "under that law shall be consulted.", ["obligation"]),
    # what other drafting styles write for definitions, legal effects, caps, permissions and efforts
    ("(a) \"Deployer\" shall mean a person who uses an AI system.", ["none"]),
    ("(a) Words used in this Act shall have the same meaning as in the Data Act.", ["none"]),
    ("(a) The validity of the remaining provisions shall not be affected.", ["none"]),
    ("(a) The provider shall not be held liable for the conduct of third parties.", ["none"]),
    ("(a) The amount of a penalty must not exceed £18 million.", ["none"]),
    ("(a) The Board shall be comprised of nine members.", ["none"]),
    ("(a) The processing of biometric data is only permitted where the subject consents.", ["permission"]),
    ("(a) The Minister shall endeavour to promote AI literacy.", ["recommendation"]),
    ("(a) A business may still be liable under the Act for deceptive practices.", ["none"]),
    ("(a) A provider may be subject to administrative fines of up to 10 000 000 EUR.", ["none"]),
    # a statute's presumptions, defences, penalties, names and exclusions bind no one ...
    ("(a) There shall be a rebuttable presumption that a developer used reasonable care.", ["none"]),
    ("(a) It shall be an affirmative defense that the deployer cured the violation.", ["none"]),
    ("(a) A developer that violates this section shall be liable for a civil penalty of not more than $20,000.",
     ["none"]),
    ("(a) This act shall be known as the AI Accountability Act.", ["none"]),
    ("(a) A violation of this section shall constitute an unfair trade practice.", ["none"]),
    ("(a) Such term shall not include:\n\n(1) anti-malware software; or\n\n(2) a calculator.", ["none", "none", "none"]),
    # ... while making something "a civil rights violation for" an actor forbids it
    ("(a) It is a civil rights violation for an employer to use an automated tool that discriminates.",
     ["prohibition"]),
    # a statute's exemption from what it requires, but not its savings clause
    ("(a) Nothing in this chapter requires a developer to disclose a trade secret.", ["permission"]),
    ("(a) Nothing in this section shall be construed to require a deployer to disclose information.", ["permission"]),
    ("(a) Nothing in this section shall be construed to limit the authority of the attorney general.", ["none"]),
    # a body named for AI may act, while AI itself may only be a risk
    ("(a) The Office of Responsible AI may grant an exception to a team.", ["permission"]),
    ("(a) Generative AI may pose risks to privacy.", ["none"]),
    ("(a) The Office shall aim to ensure that the codes cover the obligations.", ["obligation"]),
])
def test_duties_not_to_act_legal_effects_and_designations(tmp_path, body, expected):
    assert [e.modality for e in _units_of(tmp_path, body)] == expected


def test_a_stem_ending_in_a_dash_only_announces_its_list(tmp_path):
    """Commonwealth drafting ends a stem with a dash ("must—", "namely:—"): only a stem that says
    nothing but its list is no unit of its own; "must give notice to the Commissioner—" is."""
    nodes, extractions = read_own(tmp_path, (
        "Sec. 3. NOTICE.\n\n(1) A notification under subsection (1) must—\n\n(a) identify the developer, and\n\n"
        "(b) describe the measures.\n\n(2) An intermediary shall observe the following due diligence, namely:—\n\n"
        "(a) publish its rules;\n\n(b) inform users.\n\n(3) A deployer must give notice to the Commissioner—\n\n"
        "(a) before use; and\n\n(b) after any change.\n"))
    assert [(nodes[e.node_id].cite, e.modality) for e in extractions] == [
        ("Sec. 3(1)", "none"), ("Sec. 3(1)(a)", "obligation"), ("Sec. 3(1)(b)", "obligation"),
        ("Sec. 3(2)", "none"), ("Sec. 3(2)(a)", "obligation"), ("Sec. 3(2)(b)", "obligation"),
        ("Sec. 3(3)", "obligation"), ("Sec. 3(3)(a)", "obligation"), ("Sec. 3(3)(b)", "obligation")]


def test_items_that_finish_their_stems_sentence_carry_its_duty(tmp_path):
    """A Canadian bill's stem ends mid-sentence, with no colon: "… must, in accordance with the
    regulations, establish measures with respect to" / "(a) the manner in which data is
    anonymized; and": the items finish the sentence and carry its duty and actor."""
    nodes, extractions = read_own(tmp_path, (
        "Sec. 6. ANONYMIZED DATA.\n\n(1) A person who processes anonymized data must, in accordance with the "
        "regulations, establish measures with respect to\n\n(a) the manner in which data is anonymized; and\n\n"
        "(b) the use or management of anonymized data.\n"))
    items = [(nodes[e.node_id].cite, e.modality, e.actor_text) for e in extractions if nodes[e.node_id].cite != "Sec. 6(1)"]
    assert items == [("Sec. 6(1)(a)", "obligation", "A person who processes anonymized data"),
                     ("Sec. 6(1)(b)", "obligation", "A person who processes anonymized data")]


def test_a_citation_clause_a_commencement_and_a_substituted_word_bind_no_one(tmp_path):
    """"These rules may be called …", "They shall come into force on …" and "for "must" substitute
    "may"" (a word quoted alone is mentioned, not used) are no permission or duty."""
    nodes, extractions = read_own(tmp_path, (
        "1. Short title and commencement.—(1) These rules may be called the AI Safeguards Rules, 2026.\n\n"
        "(2) They shall come into force on the date of their publication.\n\n"
        "2. In regulation 5 of the 2018 Regulations, for \"must\" substitute \"may\".\n\n"
        "3. A deployer must inform a person that they are interacting with an AI system.\n"))
    assert [(nodes[e.node_id].cite, e.modality) for e in extractions] == [
        ("Section 1(1)", "none"), ("Section 1(2)", "none"), ("Section 2", "none"), ("Section 3", "obligation")]


def test_the_text_an_amendment_inserts_is_quoted_in_the_provision_that_inserts_it(tmp_path):
    """"the following paragraph is added: ‘3. When adopting … shall be taken into account.’" is one
    unit, an amendment, not a duty of the amending instrument."""
    nodes, extractions = read_own(tmp_path, "Article 108\n\nAmendment to Regulation (EU) 2018/1139\n\n"
                                            "Regulation (EU) 2018/1139 is amended as follows:\n\n"
                                            "(1) in Article 17, the following paragraph is added:\n\n"
                                            "‘3. When adopting implementing acts pursuant to paragraph 1, the "
                                            "requirements of that Regulation shall be taken into account.’;\n\n"
                                            "(2) in Article 19, the following paragraph is added:\n\n"
                                            "‘4. When adopting delegated acts, the requirements shall be taken into "
                                            "account.’.\n")
    inserting = [(nodes[e.node_id].cite, e.modality) for e in extractions if "is added" in e.text]
    assert inserting == [("Article 108(1)", "none"), ("Article 108(2)", "none")]
    assert not [e for e in extractions if e.text.startswith(("‘", "When adopting"))]


def test_a_clause_printed_in_capitals_reads_as_in_ordinary_case(tmp_path):
    """Colorado prints the law a bill adds in capitals: its duties, actors, roles and dates read
    as they do in ordinary case, and what is quoted from it keeps the document's capitals."""
    statute = ("6-1-1701. DEFINITIONS. AS USED IN THIS PART 17, UNLESS THE CONTEXT OTHERWISE REQUIRES:\n\n"
               "(1) \"DEVELOPER\" MEANS A PERSON DOING BUSINESS IN THIS STATE THAT DEVELOPS AN ARTIFICIAL "
               "INTELLIGENCE SYSTEM.\n\n6-1-1702. DEVELOPER DUTY. (1) ON AND AFTER JUNE 30, 2026, A DEVELOPER OF A "
               "HIGH-RISK ARTIFICIAL INTELLIGENCE SYSTEM SHALL MAKE AVAILABLE TO THE DEPLOYER:\n\n"
               "(a) A GENERAL STATEMENT DESCRIBING THE USES OF THE SYSTEM; AND\n\n"
               "(b) DOCUMENTATION DISCLOSING THE TYPE OF DATA USED TO TRAIN THE SYSTEM.\n\n"
               "(2) A DEVELOPER MAY NOT SELL THE DATA.\n")
    nodes, extractions = read_own(tmp_path, statute)
    assert [(nodes[e.node_id].cite, e.modality, e.actor_role, e.deadline_date) for e in extractions][2:] == [
        ("§ 6-1-1702(1)", "obligation", "system_provider", "2026-06-30"),
        ("§ 6-1-1702(1)(a)", "obligation", "system_provider", "2026-06-30"),
        ("§ 6-1-1702(1)(b)", "obligation", "system_provider", "2026-06-30"),
        ("§ 6-1-1702(2)", "prohibition", "system_provider", "")]
    duty = extractions[-1]
    assert (duty.text, duty.actor_text) == ("A DEVELOPER MAY NOT SELL THE DATA.", "A DEVELOPER")


def test_a_memorandum_names_its_offices_as_actors(tmp_path):
    """A government's memorandum binds the offices it names by name ("DHS Components", "Component
    Heads", "The CAIO" of "Chief AI Officer (CAIO)"); not a thing it spells out ("The RFI" of "a
    request for information (RFI)"), nor a word capitalised only because it opens the sentence
    ("Vendors")."""
    nodes, extractions = read_own(tmp_path, (
        "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES\n\nSection 1. Roles\n\n"
        "(a) Each agency shall designate a Chief AI Officer (CAIO) and publish a request for information (RFI) "
        "on its use of AI.\n\n(b) The CAIO must maintain an inventory of AI use cases.\n\n"
        "(c) DHS Components must not use AI to profile individuals.\n\n"
        "(d) Component Heads must ensure that their Components comply with this memorandum.\n\n"
        "(e) Vendors shall not use agency data to train commercial models.\n\n"
        "(f) The RFI shall seek comment on procurement practices.\n"))
    actors = {nodes[e.node_id].cite: (e.actor_text, e.actor_role) for e in extractions}
    assert actors["Section 1(b)"] == ("The CAIO", "public_authority")
    assert actors["Section 1(c)"] == ("DHS Components", "public_authority")
    assert actors["Section 1(d)"] == ("Component Heads", "public_authority")
    assert actors["Section 1(e)"] == ("Vendors", "other")
    assert actors["Section 1(f)"][0] != "The RFI"
