"""Markdown, plain-text and HTML readers on the official files and on bad input."""

from __future__ import annotations

import pytest

from policylens.ingest.html import read_html
from policylens.ingest.language import looks_english
from policylens.ingest.reader import read_source
from policylens.ingest.source import IngestError
from policylens.ingest.text import read_text

FRENCH = ("Le présent règlement a pour objet d'améliorer le fonctionnement du marché intérieur en "
          "établissant un cadre juridique uniforme, en particulier pour le développement, la mise "
          "sur le marché, la mise en service et l'utilisation de systèmes d'intelligence "
          "artificielle dans l'Union, conformément aux valeurs de l'Union.")
JAPANESE = ("本ガイドラインは、AIの安全安心な活用が促進されるよう、我が国におけるAIガバナンスの統一的な"
            "指針を示すものである。AI開発者、AI提供者及びAI利用者は、それぞれの立場で取り組むべき事項を"
            "確認し、適切なAIガバナンスを構築することが期待される。")


def _paragraphs(tmp_path, name: str, text: str) -> list[str]:
    """The paragraphs the text reader makes of ``text`` saved as the analyst's file ``name``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [line.text for line in read_text(path).lines]


def test_markdown_front_matter_and_markup_removed(corpus_dir):
    source = read_text(corpus_dir / "us-eo-14110.md")
    body = "\n".join(line.text for line in source.lines)
    assert source.format == "md"
    assert source.metadata["date"] == "2023-10-30"
    assert source.metadata["source_url"].startswith("https://")
    assert source.metadata["title"].endswith("Use of Artificial Intelligence")
    assert source.lines[0].text.startswith("By the authority vested in me")
    for markup in ("<figure", "<sup", "source_url:", "*et seq", "&amp;", "\\_"):
        assert markup not in body
    assert "greater than 10^26 integer or floating-point operations" in body
    assert "50 U.S.C. 4501 et seq., including" in body


def test_markdown_and_text_renderings_read_the_same(corpus_dir):
    markdown = read_text(corpus_dir / "us-eo-14110.md")
    plain = read_text(corpus_dir / "us-eo-14110.txt")
    assert [line.text for line in markdown.lines] == [line.text for line in plain.lines]


def test_paragraphs_are_unwrapped_and_keep_indentation(corpus_dir):
    lines = read_text(corpus_dir / "us-eo-14110.txt").lines
    item = next(line for line in lines if line.text.startswith("(A) developing a companion resource"))
    subsection = next(line for line in lines if line.text.startswith("4.1. Developing Guidelines"))
    assert item.text.endswith("NIST AI 100-1, for generative AI;")   # two source lines joined
    assert item.x > subsection.x > 0
    assert lines[-1].text == "October 30, 2023."


def test_a_statutes_wrapped_lines_are_joined_however_the_legislature_indents_them(tmp_path):
    """The Illinois General Assembly indents an item's first line deeper than its continuation
    lines, and a note in brackets stands alone; the New York Senate numbers its lines in the margin
    and breaks words at the line's end. Each paragraph comes back whole: a cross-reference that
    wraps before "(a)" is no item, a word broken by the line ("ar-" / "tificial") is one word
    again, and "high-" / "risk" stays "high-risk"."""
    assert _paragraphs(tmp_path, "illinois.txt",
        "    Section 5. The Illinois Human Rights Act is amended by\nchanging Section 2-101 as follows:\n\n"
        "    (775 ILCS 5/2-101)\n    Sec. 2-101. Definitions. The following definitions are\n"
        "applicable in this Article.\n        (A) Employee.\n            (1) \"Employee\" includes:\n"
        "                (a) Any individual performing services for\n            remuneration within this State;\n"
        "                (b) An apprentice, unless excluded under subsection\n            (a) of Section 2-102.\n"
        "    (Source: P.A. 103-736, eff. 1-1-25.)\n") == [
        "Section 5. The Illinois Human Rights Act is amended by changing Section 2-101 as follows:",
        "(775 ILCS 5/2-101)", "Sec. 2-101. Definitions. The following definitions are applicable in this Article.",
        "(A) Employee.", "(1) \"Employee\" includes:",
        "(a) Any individual performing services for remuneration within this State;",
        "(b) An apprentice, unless excluded under subsection (a) of Section 2-102.",
        "(Source: P.A. 103-736, eff. 1-1-25.)"]
    assert _paragraphs(tmp_path, "new_york.txt", "".join(f"{number:5d}  {text}\n" for number, text in enumerate([
        "  Section 1. The general business law is amended by adding a new",
        "article 45 to read as follows:", "                         ARTICLE 45",
        "  § 1550. Definitions. As used in this article, a high-",
        "risk artificial intelligence decision system is one that is ar-",
        "tificial intelligence used to make a consequential decision.",
        "  1. \"Artificial intelligence\" means a machine-based system."], start=1))) == [
        "Section 1. The general business law is amended by adding a new article 45 to read as follows:",
        "ARTICLE 45",
        "§ 1550. Definitions. As used in this article, a high-risk artificial intelligence decision system is one "
        "that is artificial intelligence used to make a consequential decision.",
        "1. \"Artificial intelligence\" means a machine-based system."]


def test_a_bills_page_furniture_is_not_text(tmp_path):
    """A legislature's text file keeps its printed pages' furniture: the first page's legend at its
    foot and each later page's running head, both cutting a sentence in two. The sentence comes
    back whole, the running heads go, and the legend stands before the text, apart from it."""
    assert _paragraphs(tmp_path, "bill.txt",
        "  5. \"High-risk system\" means any system that makes a consequential\ndecision. Such term\n\n"
        "        EXPLANATION--Matter in italics (underscored) is new; matter in brackets\n"
        "                             [ ] is old law to be omitted.\n"
        "                                                                  LBD11873-04-5\n\n"
        "       S. 7263--A                          2\n\nshall not include:\n"
        "  (a) an anti-fraud technology; or\n  (b) a calculator.\n"
        "  6. \"Deployer\" means any person that deploys a high-risk\n\n"
        "       S. 7263--A                          3\n\nsystem in this state.\n") == [
        "EXPLANATION--Matter in italics (underscored) is new; matter in brackets [ ] is old law to be omitted.",
        "LBD11873-04-5",
        "5. \"High-risk system\" means any system that makes a consequential decision. Such term shall not include:",
        "(a) an anti-fraud technology; or", "(b) a calculator.",
        "6. \"Deployer\" means any person that deploys a high-risk system in this state."]
    assert _paragraphs(tmp_path, "headed.txt", "Sec. 1. A developer shall report.\n\nSec. 2. A deployer shall notify."
                       "\n\nSec. 3. A person may appeal.\n") == [
        "Sec. 1. A developer shall report.", "Sec. 2. A deployer shall notify.", "Sec. 3. A person may appeal."]


def test_bom_is_tolerated(tmp_path):
    path = tmp_path / "order.txt"
    path.write_bytes("\ufeffThe Secretary shall publish the report within 90 days of the date of this order."
                     .encode("utf-8"))
    assert read_text(path).lines[0].text.startswith("The Secretary shall")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    ("The provider shall keep the logs for six months.".encode("cp1252") + b"\x93\xff\xfe", "UTF-8"),
])
def test_unreadable_text_files_are_refused(tmp_path, content, reason):
    path = tmp_path / "bad-input.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_text(path)
    assert reason in caught.value.reason
    assert "bad-input.txt" in str(caught.value)


def test_oversized_text_file_is_refused(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(IngestError, match="huge.md.*21 MB.*up to 20 MB"):
        read_source(path)


@pytest.mark.parametrize("text", [FRENCH, JAPANESE])
def test_non_english_text_is_refused(tmp_path, text):
    path = tmp_path / "guidelines.md"
    path.write_text(f"# Titre\n\n{text}\n\n{text}\n", encoding="utf-8")
    with pytest.raises(IngestError, match="guidelines.md: the text does not look like English"):
        read_source(path)


def test_language_check_on_real_english(corpus_dir):
    english = " ".join(line.text for line in read_text(corpus_dir / "us-eo-14110.txt").lines)
    assert looks_english(english)
    assert not looks_english(FRENCH)
    assert not looks_english(JAPANESE)


def test_eur_lex_html_gives_headings_points_and_footnotes(corpus_dir):
    source = read_html(corpus_dir / "eu-ai-act-2024-1689.html")
    texts = [line.text for line in source.lines]
    start = texts.index("Article 5")
    assert source.lines[start].bold
    assert texts[start + 1] == "Prohibited AI practices"
    assert texts[start + 2] == "1. The following AI practices shall be prohibited:"
    assert texts[start + 3].startswith("(a) the placing on the market")   # cells of one row joined
    assert not any(t.startswith(("function", "var ")) for t in texts)
    assert any(note.label == "1" and note.text.startswith("OJ C 517") for note in source.footnotes)
    assert "Committee of the Regions," in " ".join(texts)        # call-out "(3)" taken out
    assert texts[-1] == "ISSN 1977-0677 (electronic edition)"


def test_html_reader_refuses_french_and_empty_pages(tmp_path):
    french = tmp_path / "reglement.html"
    french.write_text(f"<html><body><p>{FRENCH}</p><p>{FRENCH}</p></body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match="reglement.html: the text does not look like English"):
        read_source(french)
    empty = tmp_path / "blank.html"
    empty.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    with pytest.raises(IngestError, match="blank.html"):
        read_html(empty)


def test_a_bill_printing_its_new_law_in_capitals_keeps_its_paragraphs(tmp_path):
    """Colorado prints the law a bill adds in capitals, wrapped like any paragraph, and a footer
    naming the bill on every page. A wrapped line of capitals runs on to the next; only a short
    one ("ARTIFICIAL INTELLIGENCE") is a heading of its own, and the footers go."""
    assert _paragraphs(tmp_path, "bill.txt",
        "PART 17\nARTIFICIAL INTELLIGENCE\n\n"
        "     6-1-1701. DEFINITIONS. AS USED IN THIS PART 17, UNLESS THE CONTEXT\nOTHERWISE REQUIRES:\n"
        "     (1) \"CONSUMER\" MEANS AN INDIVIDUAL WHO IS A COLORADO RESIDENT AND WHO\nACTS IN A PERSONAL CONTEXT.\n"
        "     (2) \"DEVELOPER\" MEANS A PERSON DOING BUSINESS IN THIS STATE THAT\n\n"
        "PAGE 2-SENATE BILL 25-118\n\n"
        "DEVELOPS AN ARTIFICIAL INTELLIGENCE SYSTEM.\n"
        "     6-1-1702. DEVELOPER DUTY. (1) A DEVELOPER SHALL USE REASONABLE CARE TO\n\n"
        "PAGE 3-SENATE BILL 25-118\n\n"
        "PROTECT CONSUMERS.\n") == [
        "PART 17", "ARTIFICIAL INTELLIGENCE",
        "6-1-1701. DEFINITIONS. AS USED IN THIS PART 17, UNLESS THE CONTEXT OTHERWISE REQUIRES:",
        "(1) \"CONSUMER\" MEANS AN INDIVIDUAL WHO IS A COLORADO RESIDENT AND WHO ACTS IN A PERSONAL CONTEXT.",
        "(2) \"DEVELOPER\" MEANS A PERSON DOING BUSINESS IN THIS STATE THAT DEVELOPS AN ARTIFICIAL INTELLIGENCE SYSTEM.",
        "6-1-1702. DEVELOPER DUTY. (1) A DEVELOPER SHALL USE REASONABLE CARE TO PROTECT CONSUMERS."]
