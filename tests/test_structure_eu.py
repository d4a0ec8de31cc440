"""The EU AI Act tree built from the OJ PDF: every unit once, citations right, headings apart."""

from __future__ import annotations

import copy
import re

import pytest

from policylens.ingest.pdf import read_pdf
from policylens.structure import eu
from policylens.structure.units import finalize

DOC = "eu-ai-act-2024-1689"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]


@pytest.fixture(scope="module")
def nodes(corpus_dir):
    return eu.parse(read_pdf(corpus_dir / f"{DOC}.pdf"), DOC)


@pytest.fixture(scope="module")
def by_id(nodes):
    return {node.id: node for node in nodes}


def _sections(nodes, kind):
    return [node.section for node in nodes if node.kind == kind]


def test_every_article_annex_and_recital_once_in_order(nodes):
    assert _sections(nodes, "article") == [f"Article {n}" for n in range(1, 114)]
    assert _sections(nodes, "recital") == [f"Recital {n}" for n in range(1, 181)]
    assert _sections(nodes, "annex") == [f"Annex {numeral}" for numeral in ROMAN]
    assert [node.label for node in nodes if node.kind == "chapter"] == ROMAN


def test_ids_unique_and_parents_come_first(nodes):
    seen = set()
    for node in nodes:
        assert node.id not in seen
        assert node.parent is None or node.parent in seen
        seen.add(node.id)


def test_pages_never_go_back(nodes):
    pages = [node.page for node in nodes if node.page is not None]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 144


def test_article_9_paragraph_2_point_b(by_id):
    article = by_id[f"{DOC}/art-9"]
    assert article.heading == "Risk management system" and article.cite == "Art. 9"
    point = by_id[f"{DOC}/art-9/2/b"]
    assert point.cite == "Art. 9(2)(b)" and point.kind == "point" and point.parent == f"{DOC}/art-9/2"
    assert point.text.startswith("the estimation and evaluation of the risks that may emerge")
    assert point.section == "Article 9"


def test_article_5_list_with_subpoints_and_closing_subparagraph(by_id):
    paragraph = by_id[f"{DOC}/art-5/1"]
    assert paragraph.text == "The following AI practices shall be prohibited:"
    subpoint = by_id[f"{DOC}/art-5/1/h/i"]
    assert subpoint.cite == "Art. 5(1)(h)(i)"
    assert subpoint.text.startswith("the targeted search for specific victims of abduction")
    closing = by_id[f"{DOC}/art-5/1/sub2"]
    assert closing.cite == "Art. 5(1), second subparagraph" and closing.parent == paragraph.id
    assert closing.text.startswith("Point (h) of the first subparagraph is without prejudice")
    assert f"{DOC}/art-5/1/i" not in by_id


def test_definitions_are_numbered_points_of_article_3(by_id):
    assert by_id[f"{DOC}/art-3/1"].text.startswith("‘AI system’ means")
    assert by_id[f"{DOC}/art-3/68"].text.startswith("‘downstream provider’ means")
    assert by_id[f"{DOC}/art-3/45/a"].parent == f"{DOC}/art-3/45"


def test_annex_points(by_id):
    annex = by_id[f"{DOC}/annex-iii"]
    assert annex.heading == "High-risk AI systems referred to in Article 6(2)"
    point = by_id[f"{DOC}/annex-iii/1/a"]
    assert point.cite == "Annex III(1)(a)" and point.text == "remote biometric identification systems."
    assert by_id[f"{DOC}/annex-viii/section-a"].kind == "section"


def test_headings_are_not_text(nodes):
    for node in nodes:
        if node.heading:
            assert not node.text.startswith(node.heading)
    titles = [node for node in nodes if re.fullmatch(r"(Article \d+|CHAPTER [IVX]+|SECTION \d+|ANNEX [IVX]+)\b.*",
                                                     node.text) and len(node.text.split()) < 8]
    assert titles == []
    article_4 = next(node for node in nodes if node.id == f"{DOC}/art-4")
    assert article_4.heading == "AI literacy"
    assert article_4.text.startswith("Providers and deployers of AI systems shall take measures")


def test_preamble_and_closing_are_kept_apart(nodes, by_id):
    preamble = [node for node in nodes if node.kind == "preamble"]
    assert any(node.text.startswith("Having regard to the Treaty") for node in preamble)
    assert all(node.section == "Preamble" for node in preamble)
    closing = [node for node in nodes if node.kind == "closing"]
    assert any(node.text == "Done at Brussels, 13 June 2024." for node in closing)
    assert by_id[f"{DOC}/art-113"].text.startswith("This Regulation shall enter into force")


def test_footnotes_are_attached_to_the_node_that_cites_them(nodes, by_id):
    recital_9 = by_id[f"{DOC}/recital-9"]
    assert any(note.startswith("Regulation (EC) No 765/2008") for note in recital_9.notes)
    committee = next(node for node in nodes if node.text.endswith("Economic and Social Committee (1),"))
    assert committee.notes == ["OJ C 517, 22.12.2021, p. 56."]


def test_quoted_footnote_of_an_amendment_is_a_note(nodes, by_id):
    article = [node for node in nodes if node.id.startswith(f"{DOC}/art-102")]
    carrier = next(node for node in article if "(*)" in node.text)
    # the inserted subparagraph is quoted in the provision that inserts it, as one unit
    assert carrier.text.startswith("In Article 4(3) of Regulation (EC) No 300/2008")
    assert "is added: ‘When adopting detailed measures related to technical specifications" in carrier.text
    assert len(carrier.notes) == 1 and carrier.notes[0].startswith("Regulation (EU) 2024/1689 of the European")
    assert not any(node.text.startswith("(*)") for node in nodes)


def test_numbered_titles_in_annexes_are_headings(by_id):
    overview = by_id[f"{DOC}/annex-vii/2"]
    assert overview.heading == "Overview"
    assert overview.text.startswith("The approved quality management system for the design")
    assert by_id[f"{DOC}/annex-vii/4"].heading == "Control of the technical documentation."
    assert by_id[f"{DOC}/annex-vii/4/4.1"].text.startswith("In addition to the application referred to in point 3")
    assert by_id[f"{DOC}/annex-x/3"].heading == "Eurodac"
    assert by_id[f"{DOC}/annex-x"].heading.startswith("Union legislative acts on large-scale IT systems")
    assert by_id[f"{DOC}/annex-x"].text == ""
    assert by_id[f"{DOC}/annex-vii/4/4.2/c"].text == "the technical documentation referred to in Annex IV."
    assert by_id[f"{DOC}/annex-vii/4/4.3"].text.startswith("The technical documentation shall be examined")
    fines = by_id[f"{DOC}/art-101/3"]  # a one-line paragraph that says something is not a title
    assert fines.heading == "" and fines.text.startswith("Fines imposed in accordance with this Article")


def test_signatures_are_not_provision_text(nodes):
    closing = [node for node in nodes if node.kind == "closing"]
    assert closing[-1].heading.startswith("For the European Parliament The President R. METSOLA")
    assert not any("METSOLA" in node.text or "MICHEL" in node.text for node in nodes)


def test_the_enacting_formula_follows_the_recitals_in_reading_order(nodes):
    finalized = finalize(copy.deepcopy(nodes))
    order = [n.id for n in finalized]
    enacting = next(n for n in finalized if n.text.startswith("HAVE ADOPTED THIS REGULATION"))
    assert enacting.parent is None and enacting.cite == "Enacting formula"
    assert order.index(enacting.id) > order.index(f"{enacting.doc}/recital-180")
    assert order.index(enacting.id) < order.index(f"{enacting.doc}/art-1")
