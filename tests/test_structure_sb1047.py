"""The SB-1047 profile on the enrolled bill: bill sections, code sections and their items."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policylens.ingest.pdf import read_pdf
from policylens.ingest.source import IngestError, Line, SourceText
from policylens.structure import sb1047

DOC = "us-ca-sb1047"


def squashed(text: str) -> str:
    """Text without spaces: the PDF's letter spacing may still split a word."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def source(corpus_dir) -> SourceText:
    return read_pdf(corpus_dir / "us-ca-sb1047-enrolled.pdf")


@pytest.fixture(scope="module")
def nodes(source):
    return sb1047.parse(source, DOC)


@pytest.fixture(scope="module")
def by_cite(nodes):
    return {n.cite: n for n in nodes}


def test_code_sections_of_chapter_22_6_are_present(nodes):
    sections = [n.section for n in nodes if n.kind == "code_section"]
    assert sections == ["§ 22602", "§ 22603", "§ 22604", "§ 22606", "§ 22607", "§ 22608",
                        "§ 22609", "Gov. Code § 11547.6", "Gov. Code § 11547.6.1"]
    assert not any(n.section == "§ 22605" for n in nodes)


def test_bill_sections_1_to_8_are_present(nodes):
    assert [n.cite for n in nodes if n.kind == "bill_section"] == [f"SEC. {i}" for i in range(1, 9)]


def test_nested_items_carry_full_citations(by_cite):
    item = by_cite["§ 22604(a)(1)(A)"]
    assert item.kind == "subparagraph"
    assert item.id == f"{DOC}/bpc-22604/a/1/A"
    assert squashed(item.text).startswith("Theidentityoftheprospectivecustomer")
    assert item.parent == f"{DOC}/bpc-22604/a/1"
    board = by_cite["Gov. Code § 11547.6(c)(1)(A)"]
    assert board.id == f"{DOC}/gov-11547.6/c/1/A"
    assert board.section == "Gov. Code § 11547.6"
    assert squashed(board.text).startswith("Amemberoftheopen-sourcecommunity")


def test_list_stem_is_the_parents_own_text(by_cite):
    stem = by_cite["§ 22604(a)"].text
    assert squashed(stem).startswith("Apersonthatoperatesacomputingclustershallimplement")
    assert stem.endswith(":")
    assert "(1)" not in stem and "Obtain" not in stem


def test_ambiguous_roman_labels_are_resolved_by_sequence(by_cite):
    # (i) after (h) is a subdivision; (i) under a subparagraph that ends with a colon is a clause
    assert squashed(by_cite["§ 22602(i)"].text).startswith("“Developer”means")
    assert by_cite["§ 22602(e)(1)(B)(i)(I)"].kind == "subclause"
    assert by_cite["§ 22603(a)(3)(I)"].kind == "subparagraph"


def test_wrapped_cross_references_do_not_open_items(nodes, by_cite):
    # "… in subparagraph / (A) shall be operative" stays inside clause (ii)
    assert "(A)shallbeoperative" in squashed(by_cite["§ 22602(e)(1)(B)(ii)"].text)
    assert "§ 22606(f)" not in by_cite


def test_definitions_are_subdivisions(by_cite):
    definition = by_cite["§ 22602(d)"]
    assert definition.kind == "subdivision"
    assert squashed(definition.text).startswith("“Computingcluster”means")


def test_digest_is_kept_apart_from_operative_text(nodes):
    digest = [n for n in nodes if n.kind == "digest"]
    assert digest and all(n.section == "Digest" for n in digest)
    assert any("Legislative Counsel" in n.text or "This bill would" in n.text for n in digest)
    first_bill_section = next(i for i, n in enumerate(nodes) if n.kind == "bill_section")
    assert all(n.kind == "digest" for n in nodes[:first_bill_section])


def test_uncodified_text_becomes_paragraphs(by_cite):
    assert squashed(by_cite["SEC. 6, para. 1"].text).startswith("Theprovisionsofthisactare")
    assert squashed(by_cite["SEC. 8, para. 2"].text).startswith("Informationinunredacted")


def test_no_page_furniture_in_text(nodes):
    furniture = re.compile(r"—\s*\d+\s*—|SB 1047 —|^88\b| 88$")
    assert [n.cite for n in nodes if furniture.search(n.text)] == []


def test_ids_unique_pages_set_parents_first(nodes):
    ids = [n.id for n in nodes]
    assert len(ids) == len(set(ids))
    assert all(n.page for n in nodes)
    seen = set()
    for n in nodes:
        assert n.parent is None or n.parent in seen
        seen.add(n.id)


def test_same_tree_without_line_positions(source, nodes):
    """Readers that cannot measure positions (x = 0) must yield the same citations."""
    flat = replace(source, lines=[Line(text=ln.text, page=ln.page) for ln in source.lines])
    assert [n.cite for n in sb1047.parse(flat, DOC) if n.kind != "digest"] == \
        [n.cite for n in nodes if n.kind != "digest"]


def test_other_text_is_rejected(source):
    wrong = replace(source, lines=[Line(text="Article 1 Subject matter", page=1)])
    with pytest.raises(IngestError, match="enacting clause"):
        sb1047.parse(wrong, DOC)
