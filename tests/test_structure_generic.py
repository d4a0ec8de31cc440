"""The fallback profile: the EUR-Lex HTML of the AI Act, Markdown headings, and odd input."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylens.ingest.html import read_html
from policylens.ingest.reader import read_source
from policylens.ingest.source import Line, SourceText
from policylens.ingest.text import read_text
from policylens.structure import generic, parse
from policylens.structure.numbering import read_label

DOC = "eu-ai-act-2024-1689"


@pytest.fixture(scope="module")
def eu_tree(corpus_dir):
    return parse(read_html(corpus_dir / "eu-ai-act-2024-1689.html"), DOC, "generic")


def find(nodes, cite):
    return next(n for n in nodes if n.cite == cite and n.kind != "sentence")


def parse_own(tmp_path, name: str, text: str) -> list:
    """The tree of ``text`` saved as the analyst's own file ``name`` (.txt or .md), as the
    general reader reads it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(read_text(path), path.stem, "generic")


def test_eur_lex_html_articles_chapters_and_annexes(eu_tree):
    articles = [n for n in eu_tree if n.kind == "article"]
    assert [n.cite for n in articles] == [f"Article {k}" for k in range(1, 114)]
    assert find(eu_tree, "Article 5").heading == "Prohibited AI practices"
    chapters = [n.cite for n in eu_tree if n.kind == "chapter"]
    assert chapters[0] == "Chapter I" and chapters[-1] == "Chapter XIII" and len(chapters) == 13
    assert len([n for n in eu_tree if n.kind == "annex"]) == 13
    assert find(eu_tree, "Article 5").parent == find(eu_tree, "Chapter II").id


def test_eur_lex_points_nest_with_document_labels(eu_tree):
    point = find(eu_tree, "Article 5(1)(h)(iii)")
    assert point.section == "Article 5"
    assert point.text.startswith("the localisation or identification of a person")
    assert point.parent == find(eu_tree, "Article 5(1)(h)").id
    assert point.stem.startswith("the use of ‘real-time’ remote biometric identification")
    assert find(eu_tree, "Article 5(1)(a)").stem == "The following AI practices shall be prohibited:"
    ids = [n.id for n in eu_tree]
    assert len(ids) == len(set(ids))


def source_of(*texts, bold=()):
    return SourceText(path=Path("memo.txt"), format="txt",
                      lines=[Line(text=t, bold=i in bold) for i, t in enumerate(texts)])


def test_document_without_headings_gives_numbered_paragraphs():
    nodes = generic.parse(source_of("The agency shall publish a plan.",
                                    "It may consult the public.", "A third paragraph."), "memo")
    assert [n.cite for n in nodes] == ["Para. 1", "Para. 2", "Para. 3"]
    assert [n.section for n in nodes] == ["Para. 1", "Para. 2", "Para. 3"]


def test_named_and_bold_headings_with_items():
    nodes = generic.parse(source_of(
        "Guidance on AI procurement", "Section 2 Duties of suppliers",
        "1. Suppliers shall:", "(a) keep records;", "(b) report incidents.",
        "2. The agency may audit suppliers.", bold=(0,)), "memo")
    cites = [n.cite for n in nodes]
    assert cites == ["Guidance on AI procurement", "Section 2", "Section 2(1)", "Section 2(1)(a)",
                     "Section 2(1)(b)", "Section 2(2)"]
    section = nodes[1]
    assert section.heading == "Duties of suppliers"
    assert section.parent is None   # a bold title ranks below labelled headings, not above them
    assert all(n.section == "Section 2" for n in nodes[1:])


def test_markdown_headings_from_the_text_reader(tmp_path):
    nodes = parse_own(tmp_path, "policy.md",
                      "# Model policy\n\nThis policy applies to every team that builds models.\n\n"
                      "## 1. Testing\n\nTeams must test each model before release.\n\n"
                      "- run the safety suite;\n- record the results.\n")
    headings = [n for n in nodes if n.kind in ("heading", "section")]
    assert [h.heading for h in headings] == ["Model policy", "Testing"]
    bullets = [n for n in nodes if n.kind == "bullet"]
    assert [b.cite for b in bullets] == ["Section 1, bullet 1", "Section 1, bullet 2"]
    assert all(b.stem == "" and b.is_unit for b in bullets)


@pytest.mark.parametrize("texts", [
    (),
    ("",),
    ("(((", "§", "1.", "Article", "ARTICLE 5", "- x", "(zz) q", "(I) y", "(ii) z", "(a)"),
    ("(b) an item before anything", "(iv) another", "3. numbered", "text after"),
    ("Part 3", "Chapter II", "Part 4", "Annex I", "Article 9", "1.1 Scope", "(a) x"),
])
def test_odd_input_never_crashes(texts):
    nodes = parse(source_of(*texts), "odd", "generic")
    ids = [n.id for n in nodes]
    assert len(ids) == len(set(ids))
    known = set()
    for node in nodes:
        assert node.parent is None or node.parent in known
        known.add(node.id)


def test_what_precedes_the_enacting_formula_is_preamble_and_the_whereas_points_are_recitals(eu_tree):
    formula = next(n for n in eu_tree if n.text.strip() == "HAVE ADOPTED THIS REGULATION:")
    assert formula.kind == "preamble"
    recitals = [n for n in eu_tree if n.kind == "recital"]
    assert [n.cite for n in recitals] == [f"Recital {number}" for number in range(1, 181)]
    sixth = find(eu_tree, "Recital 6")
    assert sixth.section == "Recital 6" and sixth.text.startswith("Given the major impact that AI can have")
    assert all(n.section == "Recital 6" for n in eu_tree if n.parent == sixth.id)
    assert find(eu_tree, "Article 5(1)").kind != "preamble"   # the enacting terms themselves are untouched


def test_a_bills_title_before_its_enacting_clause_is_preamble_and_a_memo_without_one_has_none(tmp_path):
    bill = parse_own(tmp_path, "bill.txt", "AN ACT relating to the use of artificial intelligence.\n\n"
                                           "BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF TEXAS:\n\n"
                                           "SECTION 1. A developer shall disclose each system it offers.\n")
    kinds = {n.text[:6]: n.kind for n in bill if n.text}
    assert kinds["AN ACT"] == kinds["BE IT "] == "preamble"
    assert kinds["A deve"] != "preamble"
    memo = parse_own(tmp_path, "memo.txt", "Agencies must inventory their AI use cases.\n\nThe inventory is due annually.\n")
    assert not [n for n in memo if n.kind == "preamble"]


def test_the_text_between_two_numbered_paragraphs_belongs_to_the_first_with_its_points(eu_tree):
    # Art. 6(3): "By derogation from paragraph 2 …", then "The first subparagraph shall apply where
    # any of the following conditions is fulfilled:" and its points (a) to (d), then paragraph 4
    second = next(n for n in eu_tree if n.text.startswith("The first subparagraph shall apply where any of the"))
    assert second.cite == "Article 6(3)"
    assert find(eu_tree, "Article 6(3)(d)").text.startswith("the AI system is intended to perform a preparatory task")
    assert not [n for n in eu_tree if n.cite == "Article 6(a)"]
    assert find(eu_tree, "Article 6(4)").text.startswith("A provider who considers")


def test_a_statutes_flush_language_stays_in_its_subsection_and_a_lists_closing_paragraph_does_not(tmp_path):
    statute = parse_own(
        tmp_path, "statute.txt",
        "Sec. 5. DUTIES.\n\n(a) A developer shall:\n\n(1) keep records; and\n\n(2) report incidents.\n\n"
        "The records shall be kept for three years.\n\n(b) A deployer shall notify consumers.\n\n"
        "Sec. 6. PROGRAM.\n\nThe program includes:\n\n(1) training; and\n\n(2) outreach.\n\n"
        "The department shall run the program.\n")
    cites = {n.text[:12]: n.cite for n in statute if n.text and n.kind != "sentence"}
    assert cites["The records "] == "Sec. 5(a)"          # flush language of subsection (a)
    assert cites["A deployer s"] == "Sec. 5(b)"
    assert cites["The departme"] == "Sec. 6"             # after a list a paragraph announces


def test_a_bullet_outside_any_numbered_heading_is_cited_after_the_paragraph_before_it(tmp_path):
    memo = parse_own(tmp_path, "memo.txt", "Agencies face three challenges:\n\n• cost;\n\n• skills; and\n\n• data.\n")
    bullets = [n.cite for n in memo if n.kind == "bullet"]
    assert bullets == ["Para. 1, bullet 1", "Para. 1, bullet 2", "Para. 1, bullet 3"]


def test_what_an_enacting_formula_announces_is_enacted_and_a_formula_after_the_first_chapter_counts_for_nothing(tmp_path):
    nodes = parse_own(tmp_path, "ordinance.txt",
                      "AN ORDINANCE on automated decision systems.\n\nBe it ordained by the City Council:\n\n"
                      "(a) Each department shall publish an inventory of its systems.\n\n"
                      "(b) A department shall not use facial recognition.\n")
    kinds = {n.text[:8]: n.kind for n in nodes if n.text and n.kind != "sentence"}
    assert kinds == {"AN ORDIN": "preamble", "Be it or": "preamble", "Each dep": "point", "A depart": "point"}
    formula = next(n for n in nodes if n.text.startswith("Be it ordained"))
    assert all(n.parent != formula.id and not n.stem for n in nodes if n.kind == "point")
    report = parse_own(tmp_path, "report.md",   # a model bill in an appendix, after the report's own sections
                       "# Best practices\n\n## 1. Employers\n\nEmployers should audit each tool.\n\n"
                       "## Appendix A. Model bill\n\nBe it enacted by the Legislature of the State of ____:\n\n"
                       "Section 1. An employer shall not use an unaudited tool.\n")
    assert not [n for n in report if n.kind in ("preamble", "recital")]


def test_text_after_a_list_the_heading_announces_or_printed_left_of_the_items_returns_to_the_heading(tmp_path):
    announced = parse_own(tmp_path, "announced.txt",
                          "Sec. 4. APPLICABILITY. This chapter applies only to a person who:\n\n"
                          "(1) does business in this state; or\n\n(2) produces a product used in this state.\n\n"
                          "A person to whom this chapter applies shall register with the department.\n")
    cites = {n.text[:8]: n.cite for n in announced if n.text and n.kind != "sentence"}
    assert cites["A person"] == "Sec. 4"
    indented = parse_own(tmp_path, "indented.txt",
                         "Sec. 4. REGISTRATION.\n\n    (a) A developer shall register.\n\n"
                         "    (b) A deployer shall register.\n\nThe department shall publish the register.\n")
    cites = {n.text[:8]: n.cite for n in indented if n.text and n.kind != "sentence"}
    assert cites["The depa"] == "Sec. 4"


def test_a_bullet_under_a_heading_without_number_is_cited_after_that_heading(tmp_path):
    guide = parse_own(tmp_path, "guide.md",
                      "# Use of generative AI\n\n## Purpose\n\nThese guidelines explain the rules.\n\n"
                      "## Do\n\n- Check outputs.\n\n## Do not\n\n- Enter personal data.\n")
    bullets = [n.cite for n in guide if n.kind == "bullet"]
    assert bullets == ["Do, bullet 1", "Do not, bullet 1"]


def _parent_cites(nodes, kinds) -> dict:
    """Citation -> the citation of what holds it (None at the top), for the nodes of ``kinds``."""
    by_id = {n.id: n for n in nodes}
    return {n.cite: (by_id[n.parent].cite if n.parent else None) for n in nodes if n.kind in kinds}


def _titles_and_parents(nodes, kinds) -> dict:
    """Citation -> (title, the citation of what holds it), for the nodes of ``kinds``."""
    parents = _parent_cites(nodes, kinds)
    return {n.cite: (n.heading, parents[n.cite]) for n in nodes if n.kind in kinds}


def _headings_in_pdf(path, lines) -> None:
    """A PDF of ``lines``: (kind, text) with kind "heading" (13 pt bold), "list" (12 pt bold) or
    "body" (10 pt), as a framework sets them."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf, y = canvas.Canvas(str(path), pagesize=letter), 740
    for kind, text in lines:
        font, size, gap = {"heading": ("Helvetica-Bold", 13, 12), "list": ("Helvetica-Bold", 12, 8),
                           "body": ("Helvetica", 10, 6)}[kind]
        pdf.setFont(font, size)
        pdf.drawString(72, y, text)
        y -= size * 1.4 + gap
    pdf.save()


def test_a_bold_numbered_list_inside_a_section_is_no_run_of_top_sections(tmp_path):
    path = tmp_path / "framework.pdf"
    _headings_in_pdf(path, [
        ("heading", "1. Framing Risk"), ("body", "This section explains how risks are framed."),
        ("heading", "1.1 Understanding Risk"), ("body", "Risk is a composite measure."),
        ("heading", "1.2 Challenges"), ("body", "Several challenges arise for organizations."),
        ("list", "1. Risk Measurement"), ("body", "Organizations should measure risks."),
        ("list", "2. Risk Tolerance"), ("body", "Organizations should define their risk tolerance."),
        ("heading", "1.3 Integration"), ("body", "Organizations should integrate risk management."),
        ("heading", "2. Audience"), ("body", "This framework is intended for AI actors."),
        ("heading", "3. Trustworthiness"), ("heading", "3.1 Valid and Reliable"),
        ("body", "AI systems should be validated before deployment."),
    ])
    nodes = parse(read_source(path), "framework", "generic")
    placed = _parent_cites(nodes, ("section", "point"))
    assert placed == {"Section 1": None, "Section 1.1": "Section 1", "Section 1.2": "Section 1",
                      "Section 1.2(1)": "Section 1.2", "Section 1.2(2)": "Section 1.2",
                      "Section 1.3": "Section 1", "Section 2": None, "Section 3": None,
                      "Section 3.1": "Section 3"}


def _typeset_pdf(path, lines) -> None:
    """A PDF of ``lines``: (size in points, text), bold above 11 points."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf, y = canvas.Canvas(str(path), pagesize=letter), 740
    for size, text in lines:
        pdf.setFont("Helvetica-Bold" if size > 11 else "Helvetica", size)
        pdf.drawString(72, y, text)
        y -= size * 1.4 + 10
    pdf.save()


@pytest.mark.parametrize("lines, inside", [
    # "Glossary" in the type of "Commitment 1", whose measures are set smaller: the commitment's sibling
    ([(20, "Commitment 1 Testing"), (10, "Signatories will test their models."),
      (12, "Measure 1.1 Evaluations"), (10, "Signatories will evaluate their models."),
      (20, "Glossary"), (10, "'Model' means a general-purpose AI model.")], None),
    # an annex's subheadings in the annex's own type, and a section's in the type of its divisions
    ([(20, "Annex I High-risk areas"), (10, "The following areas are high-risk."),
      (20, "Biometrics"), (10, "'Model' means a general-purpose AI model.")], "Annex I"),
    ([(20, "4 Governance"), (10, "Organisations should govern AI."), (20, "4.1 Roles"),
      (10, "Roles should be assigned."), (20, "Guidance"), (10, "'Model' means a general-purpose AI model.")],
     "Section 4.1"),
])
def test_a_title_in_chapter_type_closes_only_a_heading_divided_in_smaller_type(tmp_path, lines, inside):
    path = tmp_path / "document.pdf"
    _typeset_pdf(path, lines)
    nodes = parse(read_source(path), "document", "generic")
    by_id = {n.id: n for n in nodes}
    definition = next(n for n in nodes if n.text.startswith("'Model' means"))
    holders = []
    node = definition
    while node.parent:
        node = by_id[node.parent]
        holders.append(node.cite)
    assert (inside in holders) if inside else not any(c.startswith(("Commitment", "Measure")) for c in holders)


def test_a_title_runs_on_only_to_a_lowercase_word(tmp_path):
    path = tmp_path / "guide.pdf"
    body = [(10, "Actors should respect human rights."), (10, "Actors should protect privacy."),
            (10, "Actors should be accountable.")]
    _typeset_pdf(path, [(20, "Part 2 Matters each AI"), (20, "business actor works on"), *body,
                        (20, "Section 4 Patient-facing tools"), (20, "mHealth applications"), *body])
    titles = [n.heading for n in parse(read_source(path), "guide", "generic") if n.kind in ("part", "section")]
    assert titles == ["Matters each AI business actor works on", "Patient-facing tools"]


def test_an_amending_section_inserts_up_to_a_heading_of_a_kind_used_before_it(tmp_path):
    """"TITLE II" after "SEC. 101. … is amended to read as follows:" is the bill's next title, and
    "ARTICLE 2." after an Illinois section that adds a section is the bill's next article."""
    bill = parse_own(tmp_path, "bill.txt", "TITLE I—RESEARCH\n\nSEC. 101. AMENDMENT.\n\n"
                     "Section 5 of the Act is amended to read as follows:\n\n(a) The Director shall fund research.\n\n"
                     "TITLE II. AI SAFETY\n\nSEC. 201. DUTIES.\n\nA developer shall test each model.\n")
    parents = _parent_cites(bill, ("title", "section"))
    assert parents == {"Title I": None, "Sec. 101": "Title I", "Title II": None, "Sec. 201": "Title II"}   # "TITLE I—…"
    act = parse_own(tmp_path, "act.txt", "ARTICLE 1. AMENDATORY PROVISIONS\n\nSection 1-10. The Consumer Fraud Act is "
                    "amended by adding Section 2AAA to read as follows:\n\nA deployer shall notify consumers.\n\n"
                    "ARTICLE 2. NEW PROVISIONS\n\nSection 2-5. The Department shall issue guidance.\n")
    assert next(n for n in act if n.cite == "Article 2").parent is None


def test_recitals_end_where_their_numbering_does(tmp_path):
    """A code's own commitments after its recitals are no recitals; a decision's recitals in plain
    text, between "Whereas:" and its formula, are."""
    code = parse_own(tmp_path, "code.md", "# Code of Practice for AI Developers\n\nWhereas:\n\n"
                     "(a) Advanced AI models may pose systemic risks;\n\n(b) Signatories wish to comply.\n\n"
                     "The Signatories commit as follows:\n\n1. Signatories shall assess systemic risks.\n\n"
                     "2. Signatories shall report serious incidents.\n")
    assert [n.cite for n in code if n.kind == "recital"] == ["Recital (a)", "Recital (b)"]
    assert not any(n.kind == "recital" for n in code if n.text.startswith("Signatories shall"))
    decision = parse_own(tmp_path, "decision.txt", "COMMISSION DECISION of 22 January 2024\n\nTHE EUROPEAN COMMISSION,\n\n"
                         "Whereas:\n\n(1) Artificial intelligence should be trustworthy.\n\n"
                         "(2) The Commission should establish an Office.\n\nHAS ADOPTED THIS DECISION:\n\n"
                         "Article 1\n\nThe Office is established.\n")
    assert [n.cite for n in decision if n.kind == "recital"] == ["Recital 1", "Recital 2"]


def test_a_finished_title_keeps_the_subheading_after_it(tmp_path):
    nodes = parse_own(tmp_path, "rules.md", "## Sec. 3. Requirements for Tier A\n\n### General Requirements\n\n"
                      "A developer of a Tier A model shall keep records.\n")
    assert next(n for n in nodes if n.cite == "Sec. 3" and n.kind == "section").heading == "Requirements for Tier A"
    assert any(n.kind == "heading" and n.heading == "General Requirements" for n in nodes)


def test_a_colorado_style_bill_with_hyphenated_code_sections(tmp_path):
    """Code sections numbered title-article-section ("6-1-1702."), titles in sentence case before
    their subsections, "add part 17 … as follows:" as an amending clause and the capitals line
    under a bare "PART 17" as its title."""
    nodes = parse_own(tmp_path, "co.txt", (
        "SECTION 1. In Colorado Revised Statutes, add part 17 to article 1 of title 6 as follows:\n\n"
        "PART 17\nARTIFICIAL INTELLIGENCE\n\n"
        "6-1-1701. Definitions. As used in this part 17, unless the context otherwise requires:\n"
        "(1) \"Deployer\" means a person doing business in this state that deploys a high-risk system.\n\n"
        "6-1-1702. Developer duty to avoid algorithmic discrimination - required documentation. (1) On and "
        "after February 1, 2026, a developer shall use reasonable care.\n"
        "(2) A developer shall make available to the deployer:\n(a) A general statement; and\n(b) Documentation.\n\n"
        "SECTION 2. Act subject to petition - effective date. This act takes effect on the day following "
        "the expiration of the ninety-day period.\n"))
    sections = _titles_and_parents(nodes, ("section", "part"))
    assert sections == {"Section 1": ("", None), "Part 17": ("ARTIFICIAL INTELLIGENCE", "Section 1"),
                        "§ 6-1-1701": ("Definitions", "Part 17"),
                        "§ 6-1-1702": ("Developer duty to avoid algorithmic discrimination - required documentation",
                                       "Part 17"),
                        "Section 2": ("Act subject to petition - effective date", None)}
    units = [n.cite for n in nodes if n.is_unit]
    assert units == ["Section 1", "§ 6-1-1701", "§ 6-1-1701(1)", "§ 6-1-1702(1)", "§ 6-1-1702(2)",
                     "§ 6-1-1702(2)(a)", "§ 6-1-1702(2)(b)", "Section 2"]


def test_an_australian_act_numbers_sections_before_their_titles(tmp_path):
    nodes = parse_own(tmp_path, "act.txt", (
        "Part 1—Preliminary\n\n1 Short title\n\nThis Act may be cited as the AI Safety Act 2026.\n\n"
        "Part 2—Obligations of deployers\n\nDivision 1—General obligations\n\n10 Deployer must notify\n\n"
        "(1) A deployer of a high-risk AI system must notify the Commissioner within 28 days.\n\n"
        "(2) A deployer must keep records.\n\n11 Records\n\nA deployer must keep records for 7 years.\n"))
    headings = _titles_and_parents(nodes, ("part", "division", "section"))
    assert headings == {"Part 1": ("Preliminary", None), "Section 1": ("Short title", "Part 1"),
                        "Part 2": ("Obligations of deployers", None),
                        "Division 1": ("General obligations", "Part 2"),
                        "Section 10": ("Deployer must notify", "Division 1"), "Section 11": ("Records", "Division 1")}
    assert [n.cite for n in nodes if n.is_unit] == ["Section 1", "Section 10(1)", "Section 10(2)", "Section 11"]


def test_recitals_run_past_a_page_running_head(tmp_path):
    nodes = parse_own(tmp_path, "directive.txt", (
        "THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,\n\nWhereas:\n\n"
        "(1) Artificial intelligence should be trustworthy.\n\n(2) Providers should keep logs.\n\n"
        "L 123/4 EN Official Journal of the European Union 12.3.2026\n\n"
        "(3) The Commission should report.\n\nHAVE ADOPTED THIS DIRECTIVE:\n\nArticle 1\n\n"
        "Member States shall ensure effective remedies.\n"))
    assert [n.cite for n in nodes if n.kind == "recital"] == ["Recital 1", "Recital 2", "Recital 3"]


def test_a_rule_numbered_with_a_dash_holds_its_subrules(tmp_path):
    """Commonwealth drafting prints a rule's number, its title if any and a dash before its first
    subrule: "3.—(1) …" (a UK statutory instrument), "3. Due diligence by intermediary.—(1) …"
    (Indian rules), "3A. Grievance officer.—The intermediary …"."""
    uk = parse_own(tmp_path, "si.txt", (
        "1. These Regulations may be cited as the AI (Transparency) Regulations 2026.\n\n"
        "2. In these Regulations, \"deployer\" means a person who uses an AI system.\n\n"
        "3.—(1) A deployer must inform a person that they are interacting with an AI system.\n\n"
        "(2) The information in paragraph (1) must be given before the interaction begins.\n\n"
        "(3) A deployer may decide not to inform a person where—\n\n(a) it is obvious; or\n\n"
        "(b) the system is used for detecting crime.\n\n"
        "4. In regulation 5 of the 2018 Regulations, for \"must\" substitute \"may\".\n"))
    # the rules numbered "N." after a dashed one are its siblings, numbered as sections are
    assert [n.cite for n in uk if n.is_unit] == ["Para. 1", "Para. 2", "Section 3(1)", "Section 3(2)", "Section 3(3)",
                                                 "Section 3(3)(a)", "Section 3(3)(b)", "Section 4"]
    assert next(n for n in uk if n.cite == "Section 3(1)").text.startswith("A deployer must inform")
    rules = parse_own(tmp_path, "rules.txt", (
        "1. Short title and commencement.—(1) These rules may be called the AI Safeguards Rules, 2026.\n\n"
        "(2) They shall come into force on the date of their publication.\n\n"
        "3. Due diligence by intermediary.—(1) An intermediary shall observe the following, namely:—\n\n"
        "(a) the intermediary shall publish its rules;\n\n(b) the intermediary shall inform users.\n\n"
        "(2) The intermediary shall label synthetic content.\n\n"
        "3A. Grievance officer.—The intermediary shall appoint a Grievance Officer.\n\n"
        "4. The Board may review these rules – as well as the guidance issued under them.\n"))
    assert {n.cite: n.heading for n in rules if n.kind == "section"} == {
        "Section 1": "Short title and commencement", "Section 3": "Due diligence by intermediary",
        "Section 3A": "Grievance officer", "Section 4": ""}
    assert [n.cite for n in rules if n.is_unit] == ["Section 1(1)", "Section 1(2)", "Section 3(1)", "Section 3(1)(a)",
                                                    "Section 3(1)(b)", "Section 3(2)", "Section 3A", "Section 4"]
    # a dash inside a sentence ("… these rules – as well as …") is no rule's dash
    assert next(n for n in rules if n.cite == "Section 4").text.startswith("The Board may review these rules –")


def test_numbers_inserted_by_an_amendment_continue_their_list(tmp_path):
    """"(2A)" inserted between "(2)" and "(3)", and a recital "(2a)" between recitals 2 and 3, sit
    in their list; an OCR'd roman "1v." is still the numeral iv, not a "1" with a letter."""
    act = parse_own(tmp_path, "act.txt", (
        "Sec. 5. DUTIES.\n\n(1) A provider shall keep logs.\n\n(2) A provider shall test each model.\n\n"
        "(2A) A provider shall label synthetic content.\n\n(3) A provider shall report incidents.\n"))
    assert [n.cite for n in act if n.is_unit] == ["Sec. 5(1)", "Sec. 5(2)", "Sec. 5(2A)", "Sec. 5(3)"]
    directive = parse_own(tmp_path, "directive.txt", (
        "THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,\n\nWhereas:\n\n"
        "(1) Artificial intelligence should be trustworthy.\n\n(2) Providers should keep logs.\n\n"
        "(2a) National courts should be able to order disclosure.\n\n(3) The Commission should report.\n\n"
        "HAVE ADOPTED THIS DIRECTIVE:\n\nArticle 1\n\nMember States shall ensure effective remedies.\n"))
    assert [n.cite for n in directive if n.kind == "recital"] == ["Recital 1", "Recital 2", "Recital 2a", "Recital 3"]
    ocr = read_label("1v. Agencies should develop a policy.")
    assert ocr.readings == [("roman", 4)] and not ocr.inserted


def test_a_title_alone_after_its_number_is_the_headings_title(tmp_path):
    """"§ 59.1-607. Definitions." is the section's title, not a unit; so is "Subject matter" on
    the line under a bare "Article 1".  "§ 12. This chapter expires …" stays its text."""
    code = parse_own(tmp_path, "va.txt", (
        "§ 59.1-607. Definitions.\n\nAs used in this chapter, \"deployer\" means any person that deploys a system.\n\n"
        "§ 59.1-608. Operating standards for developers.\n\nA. Each developer shall use reasonable care.\n\n"
        "§ 59.1-612. This chapter expires on July 1, 2030.\n"))
    assert {n.cite: n.heading for n in code if n.kind == "section"} == {
        "§ 59.1-607": "Definitions", "§ 59.1-608": "Operating standards for developers", "§ 59.1-612": ""}
    assert [n.cite for n in code if n.is_unit] == ["§ 59.1-607", "§ 59.1-608(A)", "§ 59.1-612"]
    articles = parse_own(tmp_path, "reg.txt", "Article 1\n\nSubject matter\n\n1. This Regulation lays down rules.\n\n"
                         "Article 2\n\nTransposition\n\nMember States shall bring into force the necessary laws.\n")
    assert {n.cite: n.heading for n in articles if n.kind == "article"} == {
        "Article 1": "Subject matter", "Article 2": "Transposition"}


def test_a_pdf_items_lower_case_labels_open_items_after_a_clause_ends(tmp_path):
    """Lines printed at the body's leading: "a)" and "i." after a stem's colon or dash open items,
    as "(a)" does; a line in lower case after an unfinished one still runs on."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "standard.pdf"
    pdf, y = canvas.Canvas(str(path), pagesize=A4), 780
    for gap, text in [(0, "6.1.2 AI risk assessment"),
                      (10, "The organization shall define an AI risk assessment process that:"),
                      (0, "a) is informed by the AI policy;"), (0, "b) identifies risks that"),
                      (0, "prevent achieving its objectives;"), (0, "c) analyses the risks."),
                      (10, "The deployer must—"), (0, "i. review the assessment; and"), (0, "ii. publish its results.")]:
        y -= gap
        pdf.setFont("Helvetica-Bold" if text.startswith("6.1.2") else "Helvetica", 10)
        pdf.drawString(72, y, text)
        y -= 12
    pdf.save()
    nodes = parse(read_source(path), "standard", "generic")
    assert [(n.cite, n.text) for n in nodes if n.is_unit] == [
        ("Section 6.1.2", "The organization shall define an AI risk assessment process that:"),
        ("Section 6.1.2(a)", "is informed by the AI policy;"),
        ("Section 6.1.2(b)", "identifies risks that prevent achieving its objectives;"),
        ("Section 6.1.2(c)", "analyses the risks."), ("Section 6.1.2", "The deployer must—"),
        ("Section 6.1.2(i)", "review the assessment; and"), ("Section 6.1.2(ii)", "publish its results.")]


def test_a_title_in_brackets_or_before_a_dash_is_set_apart_from_the_text(tmp_path):
    """"Article 31 (Obligation to Ensure Transparency) (1) …" (an act in translation) titles its
    article and runs its first paragraph on; "Article 5 (1) The provider …" runs on without a title,
    while "Section 3 (a) of this Act applies" is running text; a bill's "(b) CONSENT.—A covered
    entity …" has a title of one word."""
    act = parse_own(tmp_path, "act.txt", (
        "CHAPTER III OBLIGATIONS\n\n"
        "Article 31 (Obligation to Ensure Transparency) (1) A business operator shall notify users in advance.\n\n"
        "(2) A business operator shall label generated outputs.\n\n"
        "Article 32 (Relationship to Other Acts) Except as otherwise provided, this Act shall apply.\n\n"
        "Article 33 (1) The provider shall keep records.\n\n(2) Section 3 (a) of this Act applies to the provider.\n"))
    assert {n.cite: n.heading for n in act if n.kind == "article"} == {
        "Article 31": "Obligation to Ensure Transparency", "Article 32": "Relationship to Other Acts", "Article 33": ""}
    assert [n.cite for n in act if n.is_unit] == ["Article 31(1)", "Article 31(2)", "Article 32", "Article 33(1)",
                                                  "Article 33(2)"]
    bill = parse_own(tmp_path, "bill.txt", "SEC. 3. CONSUMER DATA.\n\n(a) IN GENERAL.—A covered entity shall not deploy "
                     "a high-impact system.\n\n(b) CONSENT.—A covered entity may not change the purpose of collection.\n")
    assert [(n.cite, n.heading, n.text[:17]) for n in bill if n.kind == "point"] == [
        ("Sec. 3(a)", "IN GENERAL", "A covered entity "), ("Sec. 3(b)", "CONSENT", "A covered entity ")]


def test_a_memos_numbered_titles_head_the_text_after_them(tmp_path):
    """"I. INTRODUCTION" and "A. Unlawful Trade Practices Act" in a plain-text memo are its parts,
    holding the paragraphs and bullets after them; "H. R. 9999" on a bill's cover is no title."""
    memo = parse_own(tmp_path, "memo.txt", (
        "MEMORANDUM\n\nI. INTRODUCTION\n\nThis advisory explains how existing laws apply to AI.\n\n"
        "II. APPLICATION OF EXISTING LAWS\n\nA. Unlawful Trade Practices Act\n\n"
        "A business that markets an AI product may violate the Act if it:\n\n• Fails to disclose a defect;\n\n"
        "• Misrepresents a product.\n\nB. Consumer Privacy Act\n\nA controller must obtain consent.\n"))
    assert {n.cite: n.heading for n in memo if n.heading} == {
        "Section I": "INTRODUCTION", "Section II": "APPLICATION OF EXISTING LAWS",
        "Section II(A)": "Unlawful Trade Practices Act", "Section II(B)": "Consumer Privacy Act"}
    assert [n.cite for n in memo if n.is_unit] == ["Section I", "Section II(A)", "Section II(A), bullet 1",
                                                   "Section II(A), bullet 2", "Section II(B)"]
    listed = parse_own(tmp_path, "listed.txt", "13-2-1. Division established.\n\n(2) The division shall enforce the "
                       "following:\n\n(a) Chapter 5, Unfair Practices Act;\n\n(b) Chapter 72, Artificial Intelligence "
                       "Policy Act; and\n\n(c) Section 13-2-12.\n")
    assert [n.text for n in listed if n.kind == "point" and n.label in "abc"] == [
        "Chapter 5, Unfair Practices Act;", "Chapter 72, Artificial Intelligence Policy Act; and", "Section 13-2-12."]
    bill = parse_own(tmp_path, "bill.txt", "H. R. 9999\n\nA BILL\n\nTo establish a Commission.\n\n"
                     "Be it enacted by the Senate and House of Representatives in Congress assembled,\n\n"
                     "SECTION 1. SHORT TITLE.\n\nThis Act may be cited as the AI Safety Act.\n")
    assert not any(n.heading == "R. 9999" for n in bill)


def test_sections_printed_as_a_bare_number_before_their_text(tmp_path):
    """A Canadian bill prints "5 (1) The following definitions apply …" and then "6 A person who …":
    once a section's number has stood alone before its first subsection, later numbers before a
    sentence open sections too; a marginal note above a section is no unit of its own."""
    bill = parse_own(tmp_path, "bill.txt", (
        "PART 1\n\nDefinitions\n\n5 (1) The following definitions apply in this Part.\n\n"
        "(2) A person is responsible for a system if they make it available.\n\nAnonymized data\n\n"
        "6 A person who processes anonymized data must establish measures with respect to\n\n"
        "(a) the manner in which data is anonymized; and\n\n(b) the use of anonymized data.\n\n"
        "Assessment\n\n7 A person who is responsible for a system must assess whether it is a high-impact system.\n\n"
        "Records\n\n10 (1) A person must keep records.\n"))
    assert [n.cite for n in bill if n.is_unit] == ["Section 5(1)", "Section 5(2)", "Section 6", "Section 6(a)",
                                                   "Section 6(b)", "Section 7", "Section 10(1)"]
    plain = parse_own(tmp_path, "plain.txt", "PART 1\n\n12 Angry Men is a film about a jury.\n")
    assert not any(n.kind == "section" for n in plain)


def test_an_amended_rules_run_in_titles_and_elided_text(tmp_path):
    """A federal rule prints "(11) Decision support interventions—(i) Decision support
    intervention selection. Enable …" and "(b) * * *": the titles in sentence case are set apart,
    the item run on after a title or dash is the first of its list, and the elision mark is no text.
    A short imperative ("Retire safely.") is a duty, not a title."""
    rule = parse_own(tmp_path, "rule.txt", (
        "§ 170.315 Certification criteria.\n\n* * * * *\n\n(b) * * *\n\n"
        "(11) Decision support interventions—(i) Decision support intervention selection. Enable a limited set "
        "of users to select interventions.\n\n(ii) Decision support configuration. (A) Enable interventions "
        "based on the following data:\n\n(1) Problems;\n\n(2) Medications.\n\n(B) Developers may provide users "
        "with the ability to configure interventions.\n\n(iii) Feedback loops. Enable a user to provide feedback.\n\n"
        "(c) Retire safely. The Chief Information Officer must approve each retirement.\n"))
    points = {n.cite: (n.heading, n.text[:20]) for n in rule if n.kind == "point"}
    assert points == {
        "§ 170.315(b)": ("", ""), "§ 170.315(b)(11)": ("Decision support interventions", ""),
        "§ 170.315(b)(11)(i)": ("Decision support intervention selection", "Enable a limited set"),
        "§ 170.315(b)(11)(ii)": ("Decision support configuration", ""),
        "§ 170.315(b)(11)(ii)(A)": ("", "Enable interventions"),
        "§ 170.315(b)(11)(ii)(A)(1)": ("", "Problems;"), "§ 170.315(b)(11)(ii)(A)(2)": ("", "Medications."),
        "§ 170.315(b)(11)(ii)(B)": ("", "Developers may provi"),
        "§ 170.315(b)(11)(iii)": ("Feedback loops", "Enable a user to pro"),
        "§ 170.315(c)": ("", "Retire safely. The C")}


def test_a_plain_text_standard_numbers_its_clauses_as_an_outline(tmp_path):
    """A standard's clauses "4.1 Understanding the organization and its context" carry titles in
    sentence case; "1 Scope" after the introduction's "0.1 General" is the outline's next top clause,
    not a part of 0.1; the body's "Foreword" after the contents is the body's own."""
    standard = parse_own(tmp_path, "standard.txt", (
        "Contents\n\nForeword\nIntroduction\n1 Scope\n4 Context of the organization\n\n"
        "Foreword\n\nISO and IEC shall not be held responsible for identifying patent rights.\n\n"
        "Introduction\n\n0.1 General\n\nArtificial intelligence is increasingly applied across all sectors.\n\n"
        "1 Scope\n\nThis document specifies requirements for an AI management system.\n\n"
        "4 Context of the organization\n\n4.1 Understanding the organization and its context\n\n"
        "The organization shall determine external and internal issues.\n\n"
        "4.2 Understanding the needs of interested parties\n\nThe organization shall determine the interested parties.\n"))
    sections = _titles_and_parents(standard, ("section",))
    assert sections == {"Section 0.1": ("General", None), "Section 1": ("Scope", None),
                        "Section 4": ("Context of the organization", None),
                        "Section 4.1": ("Understanding the organization and its context", "Section 4"),
                        "Section 4.2": ("Understanding the needs of interested parties", "Section 4")}
    assert [n.text for n in standard if n.kind == "front"] == ["Foreword Introduction 1 Scope 4 Context of the organization"]
    # its lists are set with em dashes
    listed = parse_own(tmp_path, "listed.txt", "4.2 Interested parties\n\nThe organization shall determine:\n\n"
                       "— the interested parties;\n\n— their requirements.\n")
    assert [n.cite for n in listed if n.kind == "bullet"] == ["Section 4.2, bullet 1", "Section 4.2, bullet 2"]


def test_rules_numbered_with_a_dash_are_sections_of_their_part(tmp_path):
    """In "PART II" a rule "3. Due diligence.—(1) …" is cited "3(1)", not as an item of the part,
    and a rule printed "4. These rules apply …" after an open rule "3.—(1) …" is the next rule."""
    rules = parse_own(tmp_path, "rules.txt", (
        "PART I\n\nPRELIMINARY\n\n2.—(1) In these rules, \"user\" means any person.\n\n"
        "(2) Words not defined have the meanings in the Act.\n\n3. These rules apply to intermediaries.\n\n"
        "PART II\n\nDUE DILIGENCE\n\n4. Due diligence by intermediary.—(1) An intermediary shall observe the following:\n\n"
        "(a) publish its rules;\n\n(b) inform users.\n"))
    parents = _parent_cites(rules, ("part", "section"))
    assert parents == {"Part I": None, "Section 2": "Part I", "Section 3": "Part I", "Part II": None,
                       "Section 4": "Part II"}
    assert [n.cite for n in rules if n.is_unit] == ["Section 2(1)", "Section 2(2)", "Section 3", "Section 4(1)",
                                                    "Section 4(1)(a)", "Section 4(1)(b)"]


def test_a_codes_own_numbering_word_and_a_date_that_looks_like_a_number(tmp_path):
    """A code numbering its paragraphs "Provision 1.1", "Provision 1.2", "Provision 2.1" uses that
    word as its own keyword though no title follows it; a date on its cover ("12 November 2025")
    or signature ("Published 14 March 2025") numbers nothing."""
    code = parse_own(tmp_path, "code.txt", (
        "Code of Practice for AI Security\n\n12 November 2025\n\nPublished 14 March 2025\n\n"
        "Principle 1: Raise awareness of AI security threats\n\n"
        "Provision 1.1 Organisations shall include AI security content in their training.\n\n"
        "Provision 1.2 Organisations shall raise awareness of the threats set out in Annex A.\n\n"
        "Principle 2: Design for security\n\nProvision 2.1 Developers shall assess security risks.\n"))
    assert _parent_cites(code, ("section",)) == {"Principle 1": None, "Provision 1.1": "Principle 1",
                                                "Provision 1.2": "Principle 1", "Principle 2": None,
                                                "Provision 2.1": "Principle 2"}
    assert not any(n.cite.startswith(("Section 12", "Published")) for n in code)


def test_a_list_bullet_drawn_apart_from_its_text_opens_its_item(tmp_path):
    """reportlab draws a list's bullet as a glyph of its own, a little off the baseline of the item's
    text (and pypdf reads it as U+007F): each item is one bullet with its text."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    path = tmp_path / "guidance.pdf"
    SimpleDocTemplate(str(path)).build([
        Paragraph("Organisations should:", style), Paragraph("document their models;", style, bulletText="•"),
        ListFlowable([ListItem(Paragraph("test their systems;", style)),
                      ListItem(Paragraph("report incidents.", style))], bulletType="bullet")])
    nodes = parse(read_source(path), "guidance", "generic")
    assert [(n.kind, n.text) for n in nodes if n.is_unit] == [
        ("paragraph", "Organisations should:"), ("bullet", "document their models;"),
        ("bullet", "test their systems;"), ("bullet", "report incidents.")]


def test_a_code_of_short_paragraphs_keeps_them_apart(tmp_path):
    """Where most paragraphs are one line long, the gaps between paragraphs outnumber the line
    spacing inside them: the spacing is measured where a sentence runs on to the next line, so
    each one-line provision stays a paragraph of its own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "code.pdf"
    pdf, y = canvas.Canvas(str(path), pagesize=A4), 780
    pdf.setFont("Helvetica", 10)
    for lines in [["Developers shall document each model they release and the data it was",
                   "trained on, the evaluations it passed and the risks that remain, and keep that",
                   "documentation for the life of the model and for ten years after it is withdrawn",
                   "from the market, and give it to the regulator on request."],
                  ["System operators shall monitor each deployed system and record the incidents",
                   "it causes, the users it affects and the measures taken, and report those incidents",
                   "to the regulator within 72 hours of becoming aware of them."]] + \
            [[f"Provision {n}.1 Developers shall meet requirement {n} before release."] for n in range(1, 11)]:
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 12
        y -= 7
    pdf.save()
    nodes = parse(read_source(path), "code", "generic")
    provisions = [n.text for n in nodes if n.cite.startswith("Provision") and n.is_unit]
    assert provisions == [f"Developers shall meet requirement {n} before release." for n in range(1, 11)]


def test_a_bills_section_marks_run_in_subdivisions_and_deleted_text(tmp_path):
    """"Section 1. (NEW) (Effective October 1, 2025) (a) …" (a Connecticut act) and "§ 1551.
    Duties of developers. 1. On and after …" (a New York bill) run their first subdivision on after
    the section's marks or title; where the bill says deleted text stands in brackets, it is read
    as it will stand. Legends of the bill's type are no provisions."""
    bill = parse_own(tmp_path, "bill.txt", (
        "Section 1. (NEW) (Effective October 1, 2025) (a) As used in this section, \"developer\" means a person.\n\n"
        "(b) A developer shall use reasonable care.\n\n§ 1551. Duties of developers. 1. On and after February 1, "
        "2026, a developer shall publish a statement.\n\n2. A developer shall notify the attorney general.\n\n"
        "Sec. 6. (a) Not later than [December 31, 2023] January 1, 2026, the commissioner shall submit a report.\n\n"
        "Matter in brackets [ ] is old law to be omitted.\n\nCapital letters or bold & italic numbers indicate new "
        "material added to existing law; dashes through words indicate deletions from existing law.\n"))
    assert not [n.text for n in bill if n.is_unit and "law" in n.text]
    units = {}
    for node in bill:
        if node.is_unit:
            units.setdefault(node.cite, node.text)
    assert list(units)[:5] == ["Section 1(a)", "Section 1(b)", "§ 1551(1)", "§ 1551(2)", "Sec. 6(a)"]
    assert units["Section 1(a)"].startswith("As used in this section")
    assert units["Sec. 6(a)"] == "Not later than January 1, 2026, the commissioner shall submit a report."
    assert next(n for n in bill if n.cite == "§ 1551").heading == "Duties of developers"


def test_a_chaptered_bills_number_in_the_statutes_is_front_matter(tmp_path):
    """A California chaptered bill opens "Senate Bill No. 1188 / CHAPTER 417 / An act to add …"
    and its digest before "THE PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS:": the chapter
    number holds the bill's front matter, not its sections, and the chapter the bill adds to the
    code stays inside the section that adds it."""
    bill = parse_own(tmp_path, "bill.txt", (
        "Senate Bill No. 1188\n\nCHAPTER 417\n\nAn act to add Chapter 25.1 to the Business and Professions Code.\n\n"
        "LEGISLATIVE COUNSEL'S DIGEST\n\n(1) This bill would require a covered provider to offer a detection tool.\n\n"
        "THE PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS:\n\n"
        "SECTION 1. The Legislature finds and declares that synthetic content may mislead consumers.\n\n"
        "SEC. 2. Chapter 25.1 (commencing with Section 22757.10) is added to Division 8 of the Business and "
        "Professions Code, to read:\n\nCHAPTER 25.1. Synthetic Content\n\n"
        "22757.10. A covered provider shall make available an AI detection tool.\n"))
    assert _parent_cites(bill, ("front", "section", "chapter")) == {
        "Chapter 417": None, "Section 1": None, "Sec. 2": None, "Chapter 25.1": "Sec. 2", "§ 22757.10": "Chapter 25.1"}
    assert next(n for n in bill if n.text.startswith("This bill would require")).kind == "preamble"


def test_a_frameworks_tables_in_smaller_type_do_not_set_its_body_size(tmp_path):
    """A profile whose table cells, several to a row in 9 points, outweigh its 10-point paragraphs:
    the body is the paragraphs' type, so they are read as paragraphs, not as headings."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from policylens.structure.layout import blocks

    path = tmp_path / "profile.pdf"
    pdf, y = canvas.Canvas(str(path), pagesize=A4), 780
    for _ in range(3):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, y, "Organizations should document the provenance of synthetic content they publish.")
        y -= 20
        for row in range(6):
            pdf.setFont("Helvetica", 9)
            pdf.drawString(72, y, f"GV-1.{row}-001")
            pdf.drawString(150, y, "Establish a review process for provenance techniques and tools")
            pdf.drawString(430, y, "Information Integrity; Privacy")
            y -= 12
        y -= 8
    pdf.save()
    paragraphs, body_size = blocks(read_source(path))
    assert body_size == 10.0
    nodes = parse(read_source(path), "profile", "generic")
    assert not any(n.kind == "heading" and n.heading.startswith("Organizations should") for n in nodes)


def test_a_standards_controls_and_a_frameworks_subcategories_are_cited_by_their_identifiers(tmp_path):
    """"A.5.3 Documentation of AI system impact assessments" (a management-system standard's
    control, its title beside it) and "GV.OC-01: The organizational mission is understood" (a
    cybersecurity framework's subcategory) number what follows them; a control's title heads it
    rather than being a unit."""
    standard = parse_own(tmp_path, "standard.txt", (
        "Annex A\n\nA.5 Assessing impacts of AI systems\n\nA.5.3 Documentation of AI system impact assessments\n\n"
        "Control: The organization shall document the results of AI system impact assessments.\n\n"
        "A.5.4 Assessing AI system impact on individuals\n\n"
        "Control: The organization shall assess the potential impacts of AI systems on individuals.\n\n"
        "GV.OC-01: The organizational mission is understood and informs risk management.\n\n"
        "GV.OC-02: Internal and external stakeholders are understood.\n"))
    units = [(n.cite, n.text) for n in standard if n.is_unit]
    assert [cite for cite, _ in units] == ["A.5.3", "A.5.4", "GV.OC-01", "GV.OC-02"]
    assert units[0][1].startswith("Control: The organization shall document")
    assert next(n for n in standard if n.cite == "A.5.3" and not n.is_unit).heading == \
        "Documentation of AI system impact assessments"


def test_a_number_inserted_with_a_decimal_continues_its_list(tmp_path):
    """Colorado inserts "(7.5)" between "(7)" and "(8)" when it amends a list of definitions."""
    statute = parse_own(tmp_path, "statute.txt", (
        "6-1-1701. Definitions. As used in this part 17, unless the context otherwise requires:\n\n"
        "(7) \"Deployer\" means a person that deploys a system.\n\n"
        "(7.5) \"Red teaming\" means adversarial testing of a system.\n\n"
        "(8) \"Developer\" means a person that develops a system.\n"))
    assert [n.cite for n in statute if n.is_unit] == ["§ 6-1-1701", "§ 6-1-1701(7)", "§ 6-1-1701(7.5)", "§ 6-1-1701(8)"]


def test_a_directives_outline_numbers_are_its_citations(tmp_path):
    """A state directive numbers its sections 1.0, 2.0 and their paragraphs 2.1, 4.1.1, 4.1.2A:
    each number is its paragraph's whole address ("Section 4.1.1", not "Section 4.1(4.1.1)"); a
    numbered paragraph after a titled section of the same level ("4.2 … shall not:" after "4.1
    Approved tools") is the next section; and a one-word run-in title ("Training.") heads its
    paragraph."""
    directive = parse_own(tmp_path, "directive.txt", (
        "1.0 PURPOSE\n\nThis directive sets requirements for generative AI.\n\n2.0 SCOPE\n\n"
        "2.1 This directive applies to all Executive Branch agencies.\n\n4.0 REQUIREMENTS\n\n4.1 Approved tools\n\n"
        "4.1.1 Agencies shall use only approved tools.\n\n4.1.2 Each agency shall keep an inventory of tools.\n\n"
        "4.1.2A Agencies shall update the inventory within 30 days.\n\n4.2 Agency personnel shall not:\n\n"
        "(a) enter restricted data into a public tool; or\n\n(b) make a final decision with a tool.\n\n"
        "4.3 Training. Before receiving access to a tool, each employee must complete training.\n"))
    units = {n.cite: n for n in directive if n.is_unit}
    assert list(units) == ["Section 1.0", "Section 2.1", "Section 4.1.1", "Section 4.1.2", "Section 4.1.2A",
                           "Section 4.2", "Section 4.2(a)", "Section 4.2(b)", "Section 4.3"]
    assert (units["Section 4.3"].heading, units["Section 4.3"].text[:23]) == ("Training", "Before receiving access")


def test_a_numbered_requirement_in_the_imperative_is_no_title(tmp_path):
    """"1.1 Assign an overall owner for AI use." states a requirement, however short, while
    "1.2 Record keeping." names what follows it."""
    standard = parse_own(tmp_path, "standard.txt", (
        "Section 1. Accountability.\n\n1.1 Assign an overall owner for AI use within the organisation.\n\n"
        "1.2 Record keeping.\n\nDevelopers must keep records of each release.\n"))
    units = {n.cite: n.text for n in standard if n.is_unit}
    assert units["Section 1.1"] == "Assign an overall owner for AI use within the organisation."
    assert next(n for n in standard if n.cite == "Section 1.2" and not n.is_unit).heading == "Record keeping"


def test_a_paragraph_printing_its_headings_number_again_belongs_to_it(tmp_path):
    """A code numbers its paragraphs "3.1(1)", "3.2(2A)" under "Principle 3.1 — Governance", or
    prints "3.3 A Member must not …" under "Principle 3.3 —": the number restates the heading's,
    and the paragraph is the heading's (1), (2A) or text."""
    code = parse_own(tmp_path, "code.txt", (
        "Principle 3.1 — Governance\n\n3.1(1) A Member must maintain a written AI governance policy.\n\n"
        "3.1(2) A Member must designate a Responsible Person.\n\nPrinciple 3.2 — Inventory\n\n"
        "3.2(1) A Member must keep an inventory of every AI System.\n\n"
        "3.2(2A) Where the AI System is a Third-Party Model, the Member must obtain its documentation.\n\n"
        "Principle 3.3 — Fair treatment\n\n3.3 A Member must not use an AI System to set prices unfairly.\n"))
    units = {n.cite: n.text for n in code if n.is_unit}
    assert list(units) == ["Principle 3.1(1)", "Principle 3.1(2)", "Principle 3.2(1)", "Principle 3.2(2A)",
                           "Principle 3.3"]
    assert units["Principle 3.1(1)"].startswith("A Member must maintain")
    assert units["Principle 3.3"].startswith("A Member must not use")


def test_a_narrow_cells_wrapped_word_is_no_page_furniture(tmp_path):
    """A table's narrow column wraps "… the organization's" / "cybersecurity risks …" onto a line
    of one word on every page; that word is text, not a column head repeated as furniture."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "profile.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for page, (title, subject) in enumerate((("Governance", "suppliers"), ("Protection", "data stores"),
                                             ("Recovery", "backups")), start=1):
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(72, 720, f"Section {page}. {title}")
        pdf.setFont("Helvetica", 10)
        lines = [f"This section sets out what the profile expects of {subject} in the area of {title.lower()},"
                 f" point {n}." for n in range(8)]
        lines += [f"Organizations that rely on {subject} should manage the", "cybersecurity",
                  f"risks of their {subject} with care, and they should record how and when",
                  f"they have done so for the {title.lower()} board."]
        lines += [f"The {title.lower()} board reviews the records of {subject} each year, item {n}." for n in range(8)]
        for row, line in enumerate(lines):     # the wrapped word sits well inside the page, not at its edge
            pdf.drawString(72, 690 - 14 * row, line)
        pdf.showPage()
        pdf.showPage()
    pdf.save()
    texts = [n.text for n in parse(read_source(path), "profile", "generic") if n.is_unit]
    assert sum("cybersecurity risks" in text for text in texts) == 3


def test_a_numbered_paragraphs_first_sentence_is_no_title(tmp_path):
    """"1.3 This Code comes into force on 1 July 2025. Principle 3.4 applies from …": a sentence
    opened as sentences are ("This", "The", "Each") is text, not the paragraph's title."""
    code = parse_own(tmp_path, "code.txt", (
        "Part 1 — Status and application\n\n1.1 This Code is made by the Council of the Association.\n\n"
        "1.3 This Code comes into force on 1 July 2025. Principle 3.4 applies from 1 January 2026.\n"))
    units = [n.text for n in code if n.is_unit]
    assert any(text.startswith("This Code comes into force on 1 July 2025") for text in units)


def test_a_glossary_rows_bold_term_and_its_meaning_are_one_definition(tmp_path):
    """A glossary table sets each term in bold and its meaning beside it in regular type. A row
    whose meaning fits on one line is a definition, not a heading named after the term."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "code.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawString(70, 700, "Part 2 — Glossary")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(70, 676, "2.1 In this Code, the terms in the table below have the meanings given to them.")
    for row, (term, meaning) in enumerate((("“Member”", "a firm admitted to full or associate membership of the Association."),
                                           ("“Responsible Person”", "the individual designated under Principle 3.1(2)."),
                                           ("“Consumer”", "an individual acting for purposes wholly outside a trade."))):
        y = 650 - 20 * row
        pdf.setFont("Helvetica-Bold", 9)
        pdf.drawString(74, y, term)
        pdf.setFont("Helvetica", 9)
        pdf.drawString(204, y, meaning)
    pdf.save()
    units = [n.text for n in parse(read_source(path), "code", "generic") if n.is_unit]
    assert "“Member” a firm admitted to full or associate membership of the Association." in units
    assert "“Responsible Person” the individual designated under Principle 3.1(2)." in units


def test_a_new_section_mark_opens_its_section(tmp_path):
    """Montana marks each section a bill adds "NEW SECTION. Section 2. Definitions. …": the mark
    does not hide the section's number."""
    bill = parse_own(tmp_path, "bill.txt", (
        "NEW SECTION. Section 1. Short title. [Sections 1 through 3] may be cited as the Right to Compute Act.\n"
        "NEW SECTION. Section 2. Limits. (1) Government actions that restrict computation must be narrowly tailored.\n"
        "(2) A deployer shall implement a risk management policy.\n"
        "NEW SECTION. Section 3. Shutdown. A deployer shall be able to shut the system down.\n"))
    assert list(dict.fromkeys(n.cite for n in bill if n.is_unit)) == ["Section 1", "Section 2(1)", "Section 2(2)",
                                                                      "Section 3"]
