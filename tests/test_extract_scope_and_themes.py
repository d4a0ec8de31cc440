"""Scope, composition and possibility rules, nested guideline bullets and theme signals, pinned
on the official wording of the four texts (found as PolicyLens ingests them, never copied)."""

from __future__ import annotations

from test_extract_corpus import EO, EU, METI, SB, units  # noqa: F401


def test_nested_guideline_bullets_carry_the_advice_of_the_bullet_above(extracted):
    """A bullet listing items of information, two levels under "provide and explain information
    summarizing the items listed below", is advice to give that information."""
    nodes, _ = extracted(METI)
    (e,) = units(extracted, METI, cite="Part 2 C-6)(2), bullet 1.1.2")
    assert nodes[e.node_id].stem
    assert e.modality == "recommendation"
    (top,) = units(extracted, METI, cite="Part 2 D I), bullet 1", contains="Specifically")
    assert top.modality == "recommendation"


def test_an_example_under_advice_states_no_rule(extracted):
    (e,) = units(extracted, METI, cite="Part 2 C-1)(5), bullet 1.1", contains="For example")
    assert e.modality == "none"


def test_amending_clause_is_not_the_stem_of_the_inserted_code_section(extracted):
    nodes, _ = extracted(SB)
    for cite in ("Gov. Code § 11547.6.1(d)", "Gov. Code § 11547.6.1(f)(2)",
                 "Gov. Code § 11547.6.1(a)"):
        for e in units(extracted, SB, cite=cite):
            assert "to read" not in nodes[e.node_id].stem


def test_what_a_named_facility_includes_is_constitutive(extracted):
    (stem,) = units(extracted, SB, cite="Gov. Code § 11547.6.1(d)")
    assert stem.modality == "none" and stem.cues["modality"].startswith("composition")
    (item,) = units(extracted, SB, cite="Gov. Code § 11547.6.1(d)(1)")
    assert item.modality == "none"
    # the contents of a document remain a duty of whoever draws it up
    (notice,) = units(extracted, EU, cite="Art. 52(1)", contains="That notification shall include")
    assert notice.modality == "obligation"


def test_this_shall_not_include_narrows_a_category(extracted):
    (e,) = units(extracted, EU, cite="Annex III(1)(a), second subparagraph")
    assert e.modality == "none"
    # a named document that shall not include certain data is still a prohibition
    (reports,) = units(extracted, EU, cite="Art. 5(7)", contains="Those annual reports shall not")
    assert reports.modality == "prohibition"


def test_may_be_required_to_is_a_possibility_not_a_rule(extracted):
    (eu,) = units(extracted, EU, cite="Art. 69(2)", contains="may be required to pay fees")
    assert eu.modality == "none"
    (meti,) = units(extracted, METI, section="Part 3", contains="may be required to explain")
    assert meti.modality == "none"


def test_article_title_sets_the_theme_of_its_paragraphs(extracted):
    (serious,) = units(extracted, EU, cite="Art. 73(3)")
    assert serious.themes[0] == "incident_reporting"
    (robust,) = units(extracted, EU, cite="Art. 15(1)")
    assert robust.themes[0] == "security"


def test_category_names_and_chapter_titles_add_no_theme(extracted):
    """"High-risk AI systems" and "for the purposes of law enforcement" name the systems and uses
    a rule covers, and SB-1047's chapter title ("Safe and Secure Innovation …") heads every
    section: none makes a unit about risk, enforcement, security or innovation."""
    (rep,) = units(extracted, EU, cite="Annex VIII, Section B(3)")
    assert "risk_management" not in rep.themes
    (remote,) = units(extracted, EU, cite="Art. 5(2)", contains="for the purposes of law enforcement")
    assert "enforcement_penalties" not in remote.themes
    (other_laws,) = units(extracted, SB, cite="§ 22606(e)")
    assert not {"risk_management", "security", "innovation_support"} & set(other_laws.themes)


def test_an_item_is_sorted_by_its_own_subject_before_its_stem_or_institutions(extracted):
    """A long policy stem, or words that run through every provision ("guidelines",
    "coordination"), do not outrank what the item itself is about."""
    (risks,) = units(extracted, EO, cite="Sec. 2(a)", contains="addresses AI’s risks")
    assert risks.themes[0] == "risk_management"
    (testbeds,) = units(extracted, EO, cite="Sec. 4.1(a)(ii)(B)")
    assert testbeds.themes[0] == "testing_evaluation"


def test_what_an_obligation_does_not_cover_is_scope(extracted):
    (scope,) = units(extracted, EU, cite="Art. 26(5)", contains="shall not cover")
    assert scope.modality == "none"
    assert scope.cues["modality"].startswith("category_shall_not_include")


def test_fine_tuning_is_no_fine_and_a_civil_penalty_is_enforcement(extracted):
    """"Fine-tuning" shares its first word with "fine"; a penalty amount's own subject is the
    penalty, however much harm and compute the conditions that trigger it mention."""
    (derivative,) = units(extracted, SB, cite="§ 22602(f)(2)")
    assert "enforcement_penalties" not in derivative.themes
    (penalty,) = units(extracted, SB, cite="§ 22606(a)(1)")
    assert penalty.themes[0] == "enforcement_penalties"


def test_themes_scoring_alike_come_in_the_same_order_in_every_run():
    # The theme scores are gathered from sets, whose order changes between processes: two
    # themes scoring alike must still come out in one order, so that exports are reproducible.
    from policylens.extract.themes import pick
    alike = {"innovation_support": 0.5, "fairness_rights": 0.5, "security": 0.1}
    assert pick(alike, 0.8) == pick(dict(reversed(list(alike.items()))), 0.8) == ["fairness_rights", "innovation_support"]


def test_a_themes_reasons_are_words_the_text_uses(extracted):
    """The inspector explains a theme by the words that weighed: "heading: serious", never the
    model's cut-down "heading: seriou"."""
    import re

    nodes, extractions = extracted(EU)
    words = set()
    for e in extractions:
        for reasons in (e.cues.get("themes") or {}).values():
            words |= {w for reason in reasons
                      for w in re.findall(r"[a-z0-9]+", reason.removeprefix("heading: ").removeprefix("stem: "))}
    corpus_words = {w for n in nodes.values() for w in re.findall(r"[a-z0-9]+", f"{n.text} {n.stem} {n.heading}".lower())}
    assert len(words) > 100
    assert words <= corpus_words | {"section"}, sorted(words - corpus_words)[:10]


def test_what_shall_not_be_considered_or_construed_is_a_legal_effect_not_a_prohibition(extracted):
    (derogation,) = units(extracted, EU, cite="Art. 6(3)", contains="By derogation from paragraph 2")
    assert derogation.modality == "none"
    (cumulative,) = units(extracted, SB, cite="§ 22608", contains="shall not be construed")
    assert cumulative.modality == "none"
