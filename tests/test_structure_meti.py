"""The METI profile on the AI Guidelines for Business v1.0: Parts, principles, items, bullets."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policylens.ingest.pdf import read_pdf
from policylens.ingest.source import IngestError, Line, SourceText
from policylens.structure import meti

DOC = "jp-meti-ai-guidelines-v1.0"


@pytest.fixture(scope="module")
def source(corpus_dir) -> SourceText:
    return read_pdf(corpus_dir / "jp-meti-ai-guidelines-v1.0-en.pdf")


@pytest.fixture(scope="module")
def nodes(source):
    return meti.parse(source, DOC)


@pytest.fixture(scope="module")
def by_cite(nodes):
    return {n.cite: n for n in nodes}


def squashed(text: str) -> str:
    """Text without spaces: the PDF's letter spacing may still split a word."""
    return re.sub(r"\s+", "", text)


def test_parts_1_to_5_follow_the_preface(nodes):
    parts = [n for n in nodes if n.kind == "part"]
    assert [n.cite for n in parts] == [f"Part {i}" for i in range(1, 6)]
    assert [n.id for n in parts] == [f"{DOC}/part-{i}" for i in range(1, 6)]
    assert parts[2].heading == "Matters Related to AI Developers"
    assert any(n.kind == "preface" and n.section == "Preface" for n in nodes)
    assert {n.kind for n in nodes[:2]} == {"front"}


def test_every_node_in_a_part_names_the_part_as_its_section(nodes):
    in_part_2 = [n for n in nodes if n.id.startswith(f"{DOC}/part-2/")]
    assert in_part_2 and all(n.section == "Part 2" for n in in_part_2)


def test_ten_common_guiding_principles(nodes):
    principles = [n for n in nodes if n.kind == "principle"]
    assert [n.cite for n in principles] == [f"Part 2 C-{i})" for i in range(1, 11)]
    assert principles[4].heading == "Ensuring security"
    assert principles[9].heading == "Innovation"


def test_hiroshima_items_of_section_d(by_cite):
    for roman in ("I", "VII", "XII"):
        assert f"Part 2 D {roman})" in by_cite
    assert squashed(by_cite["Part 2 D VII)"].text).startswith("Developanddeployreliablecontent")


def test_actor_items_of_parts_3_to_5(nodes, by_cite):
    labels = {n.label for n in nodes if n.kind == "item"}
    assert {"D-2) i.", "D-7) ii.", "P-2) i.", "P-7) ii.", "U-2) i.", "U-7) ii."} <= labels
    item = by_cite["Part 5 U-2) i."]
    assert item.id == f"{DOC}/part-5/u-2/i"
    assert item.heading == "Proper use (of AI) that considers safety"


def test_bullets_under_u_2(nodes):
    bullets = [n for n in nodes if n.parent == f"{DOC}/part-5/u-2/i"]
    assert [n.kind for n in bullets] == ["bullet"] * 3
    assert bullets[0].id == f"{DOC}/part-5/u-2/i/b1"
    assert bullets[0].cite == "Part 5 U-2) i., bullet 1"
    assert squashed(bullets[0].text).startswith("Conformtoinstructionsforuse")
    assert not bullets[0].text.startswith("•")


def test_wrapped_item_title_stays_in_the_heading(by_cite):
    item = by_cite["Part 5 U-4) i."]
    assert item.heading.endswith("privacy violation")
    assert item.text == ""


def test_numbered_points_and_their_bullets(by_cite, nodes):
    point = by_cite["Part 2 C-5)(1)"]
    assert squashed(point.heading) == "SecuritymeasuresrelevanttoAIsystemsandservices"
    bullets = [n for n in nodes if n.parent == point.id]
    assert len(bullets) == 3 and all(n.kind == "bullet" for n in bullets)


def test_footnote_goes_to_the_node_that_carries_its_marker(by_cite):
    point = by_cite["Part 2 C-5)(1)"]
    assert any(note.startswith("19 ") and "secure AI system development" in note
               for note in point.notes)
    assert not point.heading.endswith("19")


def test_list_introduction_ends_the_parents_own_text(by_cite):
    part5 = by_cite["Part 5"]
    assert part5.text.endswith("The matters important for AI business users are shown below.")
    assert squashed(part5.text).startswith("AIprovidersprovideAIbusinessusers")


def test_paragraph_after_a_list_carries_its_own_bullets(nodes):
    para = next(n for n in nodes if n.parent == f"{DOC}/part-5" and n.kind == "paragraph")
    assert para.text.startswith("Incidentally, AI business users")
    bullets = [n for n in nodes if n.parent == para.id]
    assert [squashed(b.text) for b in bullets] == ["I)toXI):Complywiththemwithintheappropriatescope.",
                                                    "XII):Complywithit."]


def test_paragraphs_under_a_title_without_a_number_are_numbered_on_in_their_section(nodes, by_cite):
    """"B. Principles" has one paragraph, then two unnumbered titles, each over paragraphs of its
    own: those are B's paragraphs 2 to 5, and no title keeps text to itself, where no unit would
    read it."""
    assert not [n.cite for n in nodes if n.kind == "heading" and n.text]
    titles = [n for n in nodes if n.parent == f"{DOC}/part-2/b" and n.kind == "heading"]
    assert [t.heading for t in titles] == ["Activities to be implemented by each AI business actor",
                                           "Activities expected to be implemented in cooperation with society"]
    under = [(n.cite, n.parent) for n in nodes if n.parent in {t.id for t in titles}]
    assert under == [("Part 2 B, para. 2", titles[0].id), ("Part 2 B, para. 3", titles[0].id),
                     ("Part 2 B, para. 4", titles[0].id), ("Part 2 B, para. 5", titles[1].id)]
    assert by_cite["Part 2 B, para. 5"].text.startswith("In order to enhance benefits from AI")
    # a bulleted title's text ends where the running text returns to the margin
    preface = [n.text for n in nodes if n.parent and n.parent.startswith(f"{DOC}/preface")
               and n.kind == "paragraph"]
    parts_3_to_5 = next(t for t in preface if t.startswith("These parts describe the precautions"))
    assert "For AI developers" not in parts_3_to_5
    assert any(t.startswith("For AI developers, AI providers, and AI business users") for t in preface)


def test_figure_text_does_not_join_running_text(by_cite):
    assert "Sustainability: A sustainable society" not in by_cite["Part 2 B"].text
    assert "Figure" not in by_cite["Part 2 A, para. 2"].text


def test_ids_unique_pages_set_parents_first(nodes):
    ids = [n.id for n in nodes]
    assert len(ids) == len(set(ids))
    assert all(n.page for n in nodes)
    seen = set()
    for n in nodes:
        assert n.parent is None or n.parent in seen
        seen.add(n.id)


def test_other_text_is_rejected(source):
    wrong = replace(source, lines=[Line(text="SECTION 1. This act shall be known", page=1)])
    with pytest.raises(IngestError, match="Preface"):
        meti.parse(wrong, DOC)


def test_the_preface_defines_the_three_ai_business_actors(by_cite, nodes):
    """The Preface defines who the guidelines address ("AI developer: Business operators who
    develop AI systems …"); its guide to the Parts is no definition."""
    for actor in ("AI developer", "AI provider", "AI business user"):
        entry = by_cite[f"Preface, {actor}"]
        assert entry.kind == "definition" and entry.heading == actor
    assert by_cite["Preface, Part 1"].kind == "heading"
    assert by_cite["Part 1, AI system"].kind == "definition"


def test_a_figure_between_a_term_and_its_meaning_is_not_part_of_the_entry(nodes):
    """The Preface's "Basic concepts" figure is drawn right after the "AI developer" term."""
    figure = next(n for n in nodes if n.kind == "figure" and "Support for voluntary" in n.text)
    assert figure.parent == f"{DOC}/preface"
    assert not any(n.parent == f"{DOC}/preface/def-ai-developer" and n.kind == "figure" for n in nodes)


def test_a_version_number_ends_no_sentence(extracted):
    """The preface names "AI Principles ver. 1.1": one sentence, not one ending at "ver."."""
    nodes, _ = extracted("jp-meti-ai-guidelines-v1.0")
    units = [n.text for n in nodes.values() if n.is_unit]
    assert any(" ver. 1" in text for text in units)
    assert not any(text.endswith(" ver.") for text in units)
