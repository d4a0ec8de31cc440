"""read_pdf on the official PDFs: furniture gone, footnotes set aside, split words mended, bad files refused."""

from __future__ import annotations

import io
import re
import shutil

import pypdf
import pytest
from reportlab.pdfgen import canvas

from policylens.ingest.pdf import read_pdf
from policylens.ingest.source import IngestError

EU_PDF = "eu-ai-act-2024-1689.pdf"
SB1047_PDF = "us-ca-sb1047-enrolled.pdf"
METI_PDF = "jp-meti-ai-guidelines-v1.0-en.pdf"


@pytest.fixture(scope="session")
def eu_source(corpus_dir):
    return read_pdf(corpus_dir / EU_PDF)


@pytest.fixture(scope="session")
def sb1047_source(corpus_dir):
    return read_pdf(corpus_dir / SB1047_PDF)


@pytest.fixture(scope="session")
def meti_source(corpus_dir):
    return read_pdf(corpus_dir / METI_PDF)


def _words(source) -> set[str]:
    return {word for line in source.lines for word in line.text.split()}


def test_eu_journal_furniture_is_removed(eu_source):
    texts = [line.text for line in eu_source.lines]
    assert not any("OJ L, 12.7.2024" in text for text in texts)
    assert not any(text.startswith("ELI:") for text in texts)
    assert not any(re.fullmatch(r"\d+/144", text) for text in texts)
    assert "L series" not in texts and "Official Journal" not in texts
    assert any(text.startswith("Having regard to the Treaty") for text in texts)


def test_sb1047_running_heads_and_job_number_are_removed(sb1047_source):
    texts = [line.text for line in sb1047_source.lines]
    assert not any(re.search(r"— \d+ — SB 1047|SB 1047 — \d+ —", text) for text in texts)
    assert "88" not in texts


def test_meti_page_numbers_are_removed(meti_source):
    assert not any(re.fullmatch(r"\d{1,2}", line.text) for line in meti_source.lines)


def test_eu_footnotes_are_taken_out_of_the_running_text(eu_source):
    first = eu_source.footnotes[0]
    assert (first.label, first.text, first.page) == ("1", "OJ C 517, 22.12.2021, p. 56.", 1)
    assert [int(note.label) for note in eu_source.footnotes] == list(range(1, len(eu_source.footnotes) + 1))
    assert not any(line.text.startswith("(1) OJ C 517") for line in eu_source.lines)
    assert any(line.text.endswith("Economic and Social Committee (1),") for line in eu_source.lines)


def test_meti_footnotes_are_taken_out_of_the_running_text(meti_source):
    notes = {note.label: note for note in meti_source.footnotes}
    assert notes["3"].text.startswith("Non-business users need to pay close attention")
    assert notes["3"].page == 6
    assert not any(line.text.startswith("3 Non-business users") for line in meti_source.lines)


def test_sb1047_split_words_are_joined(sb1047_source):
    words = _words(sb1047_source)
    text = " ".join(line.text for line in sb1047_source.lines)
    for whole in ("Innovation", "Government", "developer", "covered", "would"):
        assert whole in words
    for split in ("Inno vation", "Go vernment", "de veloper", "co vered", "w ould"):
        assert split not in text


def test_sb1047_words_after_stretched_word_spacing_stay_whole(sb1047_source):
    """SB-1047 sets justified lines in pieces with stretched word spacing; the gaps are measured with it."""
    text = " ".join(line.text for line in sb1047_source.lines)
    assert "among other things, investigate the feasibility" in text
    assert "California-based businesses, and residents" in text
    assert "comply with various requirements" in text
    assert "do things they did not say or do" in text
    assert "The provisions of this act are severable." in text
    for split in ("in vestigate", "b usinesses", "v arious", "the y did", "af fecting", "pro visions", "se verable"):
        assert split not in text


def test_meti_split_words_are_joined(meti_source):
    text = " ".join(line.text for line in meti_source.lines)
    assert "intended by the AI provider" in text
    assert "each AI business actor designs the AI management" in text
    assert "continuously monitors and evaluates" in text
    for split in ("inte nded", "incl uding", "design s", "monitor s", "evaluate s", " th e "):
        assert split not in text


def test_eu_words_are_never_glued_together(eu_source):
    """The EU PDF has no split words, so nothing may be joined: "a real-world" is two words."""
    text = " ".join(line.text for line in eu_source.lines)
    assert "areal-" not in text
    assert "a real-world" in text and "trade mark" in text and "data sheets" in text


def test_real_hyphens_and_two_word_terms_survive(eu_source):
    text = " ".join(line.text for line in eu_source.lines)
    assert "high-risk AI systems" in text
    assert "registered trade name" in text
    assert "limitations on the re-use of the personal data" in text


def test_lines_carry_page_position_and_type(eu_source):
    pages = [line.page for line in eu_source.lines]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 144
    article_title = next(i for i, line in enumerate(eu_source.lines) if line.text == "Article 9")
    heading = eu_source.lines[article_title + 1]
    assert heading.text == "Risk management system" and heading.bold
    assert all(line.size > 0 and line.x > 0 and line.y > 0 for line in eu_source.lines)
    assert eu_source.metadata["page_count"] == 144
    assert eu_source.metadata["title"].startswith("Regulation (EU) 2024/1689")


def _assert_refused(path, reason_part):
    with pytest.raises(IngestError) as caught:
        read_pdf(path)
    assert caught.value.path == path
    assert path.name in str(caught.value)
    assert reason_part in caught.value.reason


def test_encrypted_pdf_is_refused(tmp_path, corpus_dir):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(corpus_dir / SB1047_PDF))
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _assert_refused(path, "password-protected")


def test_truncated_pdf_is_refused(tmp_path, corpus_dir):
    data = (corpus_dir / SB1047_PDF).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    _assert_refused(path, "incomplete")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _assert_refused(path, "empty")


def test_file_that_is_not_a_pdf_is_refused(tmp_path, corpus_dir):
    path = tmp_path / "notes.pdf"
    shutil.copy(corpus_dir / "us-eo-14110.txt", path)
    _assert_refused(path, "not a PDF")


def test_pdf_without_text_layer_is_refused(tmp_path):
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.rect(100, 100, 300, 400, fill=1)
    drawing.showPage()
    drawing.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    _assert_refused(path, "OCR")


def test_too_many_pages_is_refused(corpus_dir):
    with pytest.raises(IngestError) as caught:
        read_pdf(corpus_dir / SB1047_PDF, max_pages=10)
    assert "28 pages" in caught.value.reason


def test_a_raised_exponent_reads_as_a_power(eu_source):
    """The OJ prints "10<sup>25</sup>"; read as runs it would become "1025" (Art. 51(2))."""
    texts = [line.text for line in eu_source.lines]
    assert any("10^25" in t for t in texts)
    assert not any(re.search(r"\b1025\b(?!/)", t) for t in texts)  # "No 1025/2012" stays as printed


def test_a_short_scans_running_head_goes_even_when_misread(tmp_path):
    """A three-page directive prints its running head on every page after the first, and OCR
    reads its number "139-06" once as "l39-06": the head is furniture all the same."""
    path = tmp_path / "directive.pdf"
    drawing = canvas.Canvas(str(path))
    heads = [None, "Policy Statement 139-06 Revision 00", "Policy Statement l39-06 Revision 00"]
    for page, head in enumerate(heads, start=1):
        if head:
            drawing.setFont("Helvetica", 9)
            drawing.drawString(72, 800, head)
        drawing.setFont("Helvetica", 11)
        for row in range(30):
            drawing.drawString(72, 740 - 20 * row, f"Components shall keep {'ab'[page % 2] * (row + 1 + 30 * page)} records.")
        drawing.showPage()
    drawing.save()
    texts = [line.text for line in read_pdf(path).lines]
    assert not [text for text in texts if "Policy Statement" in text]
    assert len([text for text in texts if text.startswith("Components shall")]) == 90
