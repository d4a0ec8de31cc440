"""The general reader on real documents it was not written for: a statute as plain text, a code
of practice, a scanned memorandum and a framework in tables (../shared/corpus-wider), scored
against the labelled sample in ../shared/gold-wider with the shared scorer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policylens.citations import titled
from policylens.ingest.reader import read_source
from policylens.structure import parse
from policylens.structure.numbering import read_label

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TX = "us-tx-hb149"


@pytest.fixture(scope="module")
def wider_trees(wider_sources):
    return {doc: parse(read_source(path), doc, "generic") for doc, path in wider_sources.items()}


def test_units_and_citations_match_the_labelled_sample(wider_trees, shared_scorer, tmp_path):
    predictions = tmp_path / "provisions.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for nodes in wider_trees.values():
            for node in nodes:
                if node.is_unit:
                    out.write(json.dumps({"id": node.id, "doc": node.doc, "section": node.section,
                                          "cite": node.cite, "text": node.text, "stem": node.stem}) + "\n")
    scores = shared_scorer.score_provisions(str(SHARED / "gold-wider"), str(predictions))
    for doc in wider_trees:
        assert scores[doc]["unit_match"] >= 0.95, (doc, scores[doc])
        assert scores[doc]["cite_acc"] >= 0.95, (doc, scores[doc])


def test_citations_in_each_documents_own_numbering(wider_trees):
    cites = {doc: {n.cite for n in nodes} for doc, nodes in wider_trees.items()}
    assert {"Sec. 552.051(d)(3)", "Sec. 552.105(e)(2)(D)", "Sec. 553.051"} <= cites[TX]
    assert {"Commitment 1", "Measure 1.1(2)(c)", "Measure 1.2(1)(a)"} <= cites["eu-gpai-cop-safety"]
    # the scan's OCR layer prints the roman "ii" as "11" and "iii" as "111": cited as printed in the original
    assert {"Section 3(a)(i)(F)(5)", "Section 3(a)(ii)(C)", "Section 3(b)(iii)"} <= cites["us-omb-m-25-21"]
    assert {"GOVERN 1", "GOVERN 1.1", "MAP 5.2", "MEASURE 2.13", "MANAGE 4.3"} <= cites["us-nist-ai-rmf-1.0"]
    sections = {n.section for n in wider_trees["eu-gpai-cop-safety"] if n.cite.startswith("Measure 1.")}
    assert sections == {"Commitment 1"}


def test_a_table_row_is_one_unit_with_its_identifier(wider_trees):
    nodes = wider_trees["us-nist-ai-rmf-1.0"]
    row = [n for n in nodes if n.is_unit and n.cite == "GOVERN 4"]
    assert len(row) == 1   # the cell broken across a page, with the table's caption repeated, is one unit
    assert row[0].text.endswith("that considers and communicates AI risk.")


def test_a_section_is_named_by_its_citation_and_heading_each_once(wider_trees):
    """The library and the reader name a section "Commitment 1 — …"; a heading without a number
    is cited by its own words, and is shown once ("OVERVIEW", not "OVERVIEW — OVERVIEW")."""
    titles = {}
    for nodes in wider_trees.values():
        for node in nodes:
            heading = " ".join(node.heading.split())
            if heading:
                title = titles[(node.doc, node.cite)] = titled(node.cite, node.heading)
                assert title.startswith(node.cite) and title.count(heading) == 1, (node.cite, heading, title)
    assert titles[("us-omb-m-25-21", "OVERVIEW")] == "OVERVIEW"
    assert re.fullmatch(r"Commitment 1 — \S.+", titles[("eu-gpai-cop-safety", "Commitment 1")])
    assert sum(" — " in title for title in titles.values()) >= 20


def test_a_first_page_of_titles_alone_is_one_cover(wider_trees):
    """The code of practice's first page (its title and the names of its chairs) and the
    framework's (its title) are covers, not a dozen sections; the framework's title page, which
    also holds text, and the memorandum's first page, which opens the memo, are read as before."""
    for doc in ("eu-gpai-cop-safety", "us-nist-ai-rmf-1.0"):
        nodes = wider_trees[doc]
        cover = nodes[0]
        assert [n.cite for n in nodes if n.page == 1] == ["Cover"], doc
        assert cover.kind == "front" and not cover.is_unit and len(cover.text.split()) >= 10, (doc, cover)
        assert all(n.parent != cover.id for n in nodes), doc
    cop, framework = wider_trees["eu-gpai-cop-safety"], wider_trees["us-nist-ai-rmf-1.0"]
    assert cop[1].cite == "Objectives" and cop[1].kind == "heading" and cop[1].page == 2
    assert [n.kind for n in framework[1:4]] == ["heading"] * 3 and {n.page for n in framework[1:4]} == {2}
    assert not any(n.kind == "front" for n in wider_trees["us-omb-m-25-21"])


def test_tables_of_contents_are_set_apart_from_the_text(wider_trees, tmp_path):
    """The framework's table of contents and its lists of tables and figures (entries with their
    pages, run into one paragraph by the PDF) are front matter, not paragraphs; an act's plain-text
    contents, a list of its parts and sections, ends where the body's "PART 1" comes again, so that
    its sections are read once and its enacting formula still opens the act."""
    framework = wider_trees["us-nist-ai-rmf-1.0"]
    front = [(n.cite, n.page) for n in framework if n.kind == "front"]
    assert front == [("Cover", 1), ("Table of Contents", 4), ("List of Tables", 4), ("List of Figures", 5)]
    assert not any(n.is_unit and n.text.startswith(("Executive Summary 1", "Fig. 1 Examples")) for n in framework)
    path = tmp_path / "act.txt"
    path.write_text("Frontier AI (Safety) Act 2024\n\nCONTENTS\n\nPART 1\n\nFRONTIER MODELS\n\n1 Overview\n\n"
                    "2 Meaning of “frontier model”\n\nPART 2\n\nGENERAL\n\n3 Extent, commencement and short title\n\n"
                    "BE IT ENACTED by the King’s most Excellent Majesty as follows:—\n\nPART 1\n\nFRONTIER MODELS\n\n"
                    "1 Overview\n\n(1) This Part imposes duties on developers.\n\n2 Meaning of “frontier model”\n\n"
                    "(1) In this Act “frontier model” means a model trained with over 10^26 operations.\n\n"
                    "PART 2\n\nGENERAL\n\n3 Extent, commencement and short title\n\n(1) This Act extends to England.\n",
                    encoding="utf-8")
    act = parse(read_source(path), "act", "generic")
    assert [n.cite for n in act if n.kind == "front"] == ["CONTENTS"]
    assert [n.cite for n in act if n.kind in ("part", "section")] == [
        "Part 1", "Section 1", "Section 2", "Part 2", "Section 3"]
    assert [n.kind for n in act if n.text.startswith("BE IT ENACTED")] == ["preamble"]


def test_a_bills_initials_before_its_number_end_no_sentence(wider_trees):
    """The statute opens with its bill number: one unit, not "H.B." and "No. 149"."""
    tx = wider_trees[TX]
    assert tx[0].cite == "Para. 1" and tx[0].is_unit and not any(n.parent == tx[0].id for n in tx)
    assert re.fullmatch(r"H\.B\. No\. \d+", tx[0].text)


def test_footnotes_are_kept_with_the_provision_that_cites_them(wider_trees):
    notes = [n for n in wider_trees["us-omb-m-25-21"] if n.kind == "note"]
    assert notes and all(re.search(r", fn\. \d+$", n.cite) for n in notes)
    by_id = {n.id: n for n in wider_trees["us-omb-m-25-21"]}
    for note in notes:
        assert re.search(rf"\D{note.label}\b", by_id[note.parent].text)


def test_blank_lines_or_one_line_per_subdivision_give_the_same_provisions(wider_sources, tmp_path):
    lines = wider_sources[TX].read_text(encoding="utf-8").splitlines()
    variant = tmp_path / "hb149-blank-lines.txt"
    variant.write_text("\n\n".join(lines) + "\n", encoding="utf-8")

    def units(path):
        return [(n.cite, n.section, n.text) for n in parse(read_source(path), "tx", "generic") if n.is_unit]

    one_per_line = units(wider_sources[TX])
    assert one_per_line == units(variant)
    assert len({cite for cite, _, _ in one_per_line}) > 150


def test_a_code_section_takes_the_name_of_its_code_unless_the_bill_is_mainly_about_that_code(tmp_path):
    path = tmp_path / "bill.txt"
    path.write_text(
        "SECTION 1. Chapter 25.1 (commencing with Section 22757.10) is added to Division 8 of the "
        "Business and Professions Code, to read:\n\n"
        "CHAPTER 25.1. Transparency in Frontier Artificial Intelligence\n\n"
        "22757.12. (a) A large frontier developer shall write, implement, and clearly and "
        "conspicuously publish on its internet website a frontier AI framework that applies to the "
        "large frontier developer's frontier models and describes how the large frontier developer "
        "approaches all of the following:\n\n"
        "(1) Incorporating national standards, international standards, and industry-consensus best practices.\n\n"
        "(2) Defining and assessing thresholds used by the large frontier developer.\n\n"
        "SEC. 2. Section 11546.8 is added to the Government Code, to read:\n\n"
        "11546.8. (a) There is established a consortium.\n", encoding="utf-8")
    nodes = parse(read_source(path), "bill", "generic")
    cites = [n.cite for n in nodes if n.is_unit]
    # the code the bill inserts into first is the one it is about: its sections keep bare numbers
    assert "§ 22757.12(a)(2)" in cites
    assert "Gov. Code § 11546.8(a)" in cites
    item = next(n for n in nodes if n.cite == "§ 22757.12(a)(1)")
    assert item.section == "§ 22757.12"
    assert item.stem.endswith("approaches all of the following:")


@pytest.mark.parametrize("labels, cites", [
    # after "(h)" the letter "(i)"; after "(iv)" the numeral "(v)"
    (["(a)", "(h)", "(i)", "(j)"], ["(a)", "(h)", "(i)", "(j)"]),
    (["(a)", "(i)", "(ii)", "(iii)", "(iv)", "(v)", "(b)"], ["(a)", "(a)(i)", "(a)(ii)", "(a)(iii)",
                                                            "(a)(iv)", "(a)(v)", "(b)"]),
    (["(1)", "(A)", "(i)", "(ii)", "(B)", "(2)"], ["(1)", "(1)(A)", "(1)(A)(i)", "(1)(A)(ii)", "(1)(B)", "(2)"]),
    (["1.", "a.", "i.", "ii.", "b.", "2."], ["(1)", "(1)(a)", "(1)(a)(i)", "(1)(a)(ii)", "(1)(b)", "(2)"]),
])
def test_nesting_follows_the_sequence_of_labels(tmp_path, labels, cites):
    path = tmp_path / "rule.txt"
    body = [f"{label} The operator shall keep record number {k} of the system;" for k, label in enumerate(labels)]
    path.write_text("Rule 7. Records\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    nodes = [n for n in parse(read_source(path), "rule", "generic") if n.kind == "point"]
    assert [n.cite for n in nodes] == [f"Rule 7{cite}" for cite in cites]


@pytest.mark.parametrize("text, name, rest, heading_style", [
    ("Sec. 552.051. DISCLOSURE TO CONSUMERS. (a) In this section", "Sec. 552.051",
     "DISCLOSURE TO CONSUMERS. (a) In this section", False),
    ("SECTION 1. This Act may be cited as", "Section 1", "This Act may be cited as", False),
    ("22757.12. (a) A large frontier developer shall", "§ 22757.12", "(a) A large frontier developer shall", False),
    ("GOVERN 1.1: Legal and regulatory requirements", "GOVERN 1.1", "Legal and regulatory requirements", False),
    # an instrument's own keyword in running type needs a colon or heading type to number anything
    ("Measure 3.2 Model evaluations", "Measure 3.2", "Model evaluations", True),
    ("GV-1.1-001 Align GAI development with applicable laws", "GV-1.1-001",
     "Align GAI development with applicable laws", False),
    # a cybersecurity framework's subcategory, a company standard's requirement, a standard's control
    ("GV.OC-01: The organizational mission is understood", "GV.OC-01", "The organizational mission is understood", False),
    ("RS3.2 Report each incident within 10 business days.", "RS3.2", "Report each incident within 10 business days.", False),
    ("A.6.2.8 AI system recording of event logs", "A.6.2.8", "AI system recording of event logs", False),
    ("A.1.2. Governance", "A.1.2", "Governance", False),
    ("A.2 Policies related to AI", "A.2", "Policies related to AI", False),
])
def test_named_headings_of_any_keyword(text, name, rest, heading_style):
    label = read_label(text, heading_style=heading_style)
    assert (label.kind in ("heading", "code"), label.name, label.rest) == (True, name, rest)


@pytest.mark.parametrize("text", ["Section 3 of this Act applies to", "COVID-19 pandemic has shown", "V2.1 of this profile adds",
                                  "A.2 percent of the budget", "H.R. 1 was enacted", "JUN 14 2023",
                                  "January 1, 2026, the department", "Figure 1. Process", "1.5 million people"])
def test_running_text_is_not_a_label(text):
    label = read_label(text)
    assert label is None or label.kind not in ("heading", "code", "outline")


@pytest.mark.parametrize("text", ["✓", "✓ ✓", "✔ ✗"])
def test_a_tables_ticks_open_no_item(text):
    assert read_label(text) is None


def _units_that_are_not_provisions(nodes):
    """Units made of a heading alone, page furniture, or a lower-case line cut from the unit before."""
    bad = []
    recurring: dict[str, int] = {}
    kinds = {node.id: node.kind for node in nodes}
    for node in nodes:
        if node.is_unit:
            recurring[node.text] = recurring.get(node.text, 0) + 1
    for node in nodes:
        if not node.is_unit:
            continue
        text = node.text.strip()
        label = read_label(text)
        if not text or (label is not None and label.kind in ("heading", "code") and not label.rest):
            bad.append(("heading alone", node.cite, text))
        elif re.fullmatch(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?", text, re.I) or (
                recurring[node.text] >= 3 and len(text.split()) <= 6 and not re.search(r"[.;:]$", text)):
            bad.append(("furniture", node.cite, text))
        elif text[:1].islower() and node.kind in ("paragraph", "sentence") and not node.stem \
                and kinds.get(node.parent) not in ("point", "bullet"):
            bad.append(("fragment", node.cite, text))
    return bad


def test_no_unit_is_a_heading_furniture_or_fragment_in_the_wider_corpus(wider_trees):
    for doc, nodes in wider_trees.items():
        assert _units_that_are_not_provisions(nodes) == [], doc


def test_no_unit_is_a_heading_furniture_or_fragment_in_the_official_corpus(extracted):
    for doc in ("eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047", "jp-meti-ai-guidelines-v1.0"):
        nodes, _ = extracted(doc)
        assert _units_that_are_not_provisions(list(nodes.values())) == [], doc



def test_a_short_file_with_one_subdivision_per_line_is_read_line_by_line(tmp_path):
    path = tmp_path / "rule.txt"
    path.write_text("Sec. 1. SCOPE. (a) This rule applies to deployers.\n(b) It does not apply to:\n"
                    "(1) research; or\n(2) testing.\nSec. 2. DUTIES. A deployer shall keep records.\n",
                    encoding="utf-8")
    units = [(n.cite, n.text) for n in parse(read_source(path), "rule", "generic") if n.is_unit]
    assert units == [("Sec. 1(a)", "This rule applies to deployers."), ("Sec. 1(b)", "It does not apply to:"),
                     ("Sec. 1(b)(1)", "research; or"), ("Sec. 1(b)(2)", "testing."),
                     ("Sec. 2", "A deployer shall keep records.")]


def test_a_framework_numbers_its_sections_as_its_outline_does(wider_trees):
    """"2. Audience", set as a heading between 1.2.4 and 3.1, is section 2, not an item of 1.2.4;
    "5.3 Measure" after "5.2 Map" is section 5.3, though the table row "MAP 5" is still open."""
    nodes = wider_trees["us-nist-ai-rmf-1.0"]
    sections = {n.cite: n.heading for n in nodes if n.kind == "section" and n.cite.startswith("Section")}
    assert {"Section 1": "Framing Risk", "Section 1.2.4": "Organizational Integration and Management of Risk",
            "Section 2": "Audience", "Section 4": "Effectiveness of the AI RMF", "Section 5": "AI RMF Core",
            "Section 5.3": "Measure", "Section 6": "AI RMF Profiles"}.items() <= sections.items()
    cites = {n.cite for n in nodes}
    assert not any(c.startswith(("Part 1.", "Section 3.7(", "MAP 5.3", "MANAGE 4.3(")) for c in cites)
    measure = {n.section for n in nodes if n.cite.startswith("MEASURE ")}
    assert measure == {"Section 5.3"}
    profiles = next(n for n in nodes if n.is_unit and n.text.startswith("AI RMF use-case profiles"))
    assert profiles.cite == "Section 6"


def _path(nodes, cite):
    by_id = {n.id: n for n in nodes}
    node = next(n for n in nodes if n.cite == cite and n.kind != "sentence")
    chain = []
    while node.parent:
        node = by_id[node.parent]
        chain.append(node.cite)
    return chain


def test_what_an_amending_section_inserts_stays_inside_it(wider_trees, corpus_dir):
    """"SECTION 4. Title 11 … is amended by adding Subtitle D to read as follows:" holds the
    subtitle and its chapters; "SECTION 5." is the bill's next section, not a part of chapter 554."""
    texas = wider_trees[TX]
    assert _path(texas, "Sec. 552.051") == ["Subchapter B", "Chapter 552", "Subtitle D", "Section 4"]
    assert _path(texas, "Section 5") == []
    assert _path(texas, "Sec. 325.011") == ["Section 5"]
    # the amending clause introduces the inserted text, not a list: no inserted provision has it as stem
    assert not any(n.stem.endswith("to read as follows:") for n in texas)
    bill = parse(read_source(corpus_dir / "us-ca-sb1047-enrolled.pdf"), "us-ca-sb1047", "generic")
    assert _path(bill, "§ 22603") == ["Chapter 22.6", "Sec. 3"]
    assert _path(bill, "Sec. 4") == []


def test_a_code_without_an_enacting_formula_still_opens_with_recitals(wider_trees):
    """The code of practice's "Whereas:" introduces its recitals (a) to (j), titled or not: they
    are cited as recitals, not as sections "a" to "j" or paragraphs "h" and "i"."""
    nodes = wider_trees["eu-gpai-cop-safety"]
    recitals = [n.cite for n in nodes if n.kind == "recital"]
    assert recitals == [f"Recital ({letter})" for letter in "abcdefghij"]
    assert {n.section for n in nodes if n.is_unit and n.text.startswith("the probability and severity")} == \
        {"Recital (i)"}


def test_a_title_that_runs_on_to_the_next_line_is_one_title(wider_trees):
    titles = {n.cite: n.heading for n in wider_trees["eu-gpai-cop-safety"] if n.kind in ("section", "appendix")}
    assert titles["Commitment 10"] == "Additional documentation and transparency"
    assert titles["Appendix 4"] == "Security mitigation objectives and measures"
    assert not any(n.kind == "heading" and n.heading in ("transparency", "measures")
                   for n in wider_trees["eu-gpai-cop-safety"])


def test_numerals_set_flush_right_continue_their_list(wider_trees):
    """The memorandum's scan prints "i.", "ii.", "iii." ending in one column ("1." at 79 pt,
    "11." at 75, "111." at 73): read as roman numerals, not as items 1, 11 and 111."""
    cites = {n.cite for n in wider_trees["us-omb-m-25-21"]}
    assert {"Section 2(b)(i)", "Section 2(b)(i)(D)", "Section 2(b)(ii)", "Section 2(b)(iii)"} <= cites
    assert not {"Section 2(b)(1)", "Section 2(b)(11)", "Section 2(b)(111)"} & cites


def test_a_title_in_chapter_type_closes_the_headings_set_no_larger(wider_trees, corpus_dir):
    """The code's "Glossary", set in the 20-point type of its commitments, ends Commitment 10:
    its definitions are not Measure 10.2's, and the points of a definition hang from it.  A
    second line of a chapter title in the same type ("… matters each AI" / "business actor
    works on") completes the title rather than closing the chapter."""
    nodes = wider_trees["eu-gpai-cop-safety"]
    glossary = [n for n in nodes if n.is_unit and n.text.startswith(("‘near miss’", "‘model’ a general",
                                                                          "an executive function"))]
    assert len(glossary) == 3 and not any(n.section.startswith(("Commitment", "Measure")) for n in glossary)
    by_id = {n.id: n for n in nodes}
    executive = next(n for n in glossary if n.text.startswith("an executive function"))
    assert by_id[executive.parent].text.startswith("‘management body’")
    assert re.fullmatch(r"Para\. \d+\(1\)", executive.cite)
    meti = parse(read_source(corpus_dir / "jp-meti-ai-guidelines-v1.0-en.pdf"), "jp-meti-ai-guidelines-v1.0",
                 "generic")
    part = next(n for n in meti if n.cite == "Part 2" and n.kind == "part" and n.page == 12)
    assert part.heading.endswith("matters each AI business actor works on")
    assert _path(meti, "Part 2(C)") == ["Part 2"]
