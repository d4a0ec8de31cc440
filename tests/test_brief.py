"""Briefing PDFs built from the real corpus, read back with pypdf as a reader's PDF viewer would."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from policylens.annotations import create
from policylens.brief import (
    BriefError,
    BriefOptions,
    build_brief,
    render_first_page_png,
)
from policylens.brief.content import gather
from policylens.brief.sections import LISTED_CITES
from policylens.compare import compare_theme
from policylens.tasks import Cancelled, never_cancel, no_progress
from policylens.workspace import Workspace

THEMES = ("incident_reporting", "testing_evaluation", "transparency_disclosure")
NOTE = "Compare the reporting window with the EU's fifteen days before the minister's meeting."
JAPANESE_NOTE = "日本の指針では報告期限が定められていない。"
UNSELECTED_NOTE = "Private working note that must stay out of the briefing."
OFF_THEME_NOTE = "Background for the minister on how the regulation defines its subject matter."


CJK = "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"


def normalise(text: str) -> str:
    """Whitespace collapsed, and dropped between Japanese characters (a line break there is no space)."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return re.sub(f"(?<=[{CJK}]) (?=[{CJK}])", "", text)


@pytest.fixture(scope="module")
def annotated(corpus_workspace, tmp_path_factory):
    """A copy of the corpus workspace with annotations: two tagged for the brief (one in Japanese) on
    a clause the brief would otherwise only list, one tagged otherwise, one on an off-theme provision."""
    path = tmp_path_factory.mktemp("brief") / "annotated.sqlite"
    shutil.copy(corpus_workspace, path)
    with Workspace(path, backups=False) as ws:
        comparison = compare_theme(ws, "incident_reporting")
        eu = next(d for d in comparison.documents if d.standing.doc == "eu-ai-act-2024-1689")
        last = [p for g in eu.groups for p in g.provisions][-1]
        node = last.id.split("#")[0]
        create(ws, node, note=NOTE, tags=["brief"], author="Analyst A")
        create(ws, node, note=JAPANESE_NOTE, tags=["Brief", "jp"], author="分析官")
        create(ws, node, note=UNSELECTED_NOTE, tags=["private"])
        themed = {p.id.split("#")[0] for t in THEMES for d in compare_theme(ws, t).documents
                  for g in d.groups for p in g.provisions}
        off_theme = next(n for n in ws.nodes("eu-ai-act-2024-1689", units_only=True)
                         if n.id not in themed and n.section == "Article 1")
        create(ws, off_theme.id, note=OFF_THEME_NOTE, tags=["brief"])
    return path, last


@pytest.fixture(scope="module")
def brief(annotated, tmp_path_factory):
    path, annotated_clause = annotated
    out = tmp_path_factory.mktemp("brief-out") / "brief.pdf"
    options = BriefOptions(themes=THEMES, tags=("brief",), title="AI rules compared", author="Policy Unit",
                           date="2025-03-01")
    with Workspace(path, backups=False) as ws:
        result = build_brief(ws, options, out)
        content = gather(ws, options, ws.documents(), progress=no_progress, cancel=never_cancel)
    reader = PdfReader(out)
    pages = [page.extract_text() for page in reader.pages]
    return result, reader, pages, content, annotated_clause


def test_cover_shows_every_instruments_status_in_words(brief):
    _, _, pages, _, _ = brief
    first = pages[0]
    assert "AI rules compared" in first and "Policy Unit" in first and "2025-03-01" in first
    for label in ("In force", "Revoked", "Vetoed", "Non-binding"):
        assert label in first
    assert "Summary" in first and "Who is bound" in first


def test_every_quoted_clause_is_verbatim_with_its_citation(brief):
    _, _, pages, content, _ = brief
    text = normalise(" ".join(pages))
    quoted = [c for t in content.themes for d in t.documents for c in d.quoted]
    assert len(quoted) >= 3 * 4
    for clause in quoted:
        assert normalise(clause.provision.text) in text, clause.provision.cite
        assert clause.provision.cite in text
        if clause.page:
            assert f"source p. {clause.page}" in text


def test_long_lists_are_capped_and_the_rest_cited(brief):
    _, _, pages, content, _ = brief
    text = normalise(" ".join(pages))
    eu = next(d for d in content.themes[1].documents if d.standing.doc == "eu-ai-act-2024-1689")
    assert len(eu.quoted) <= 6 and eu.listed
    cites = set(p.cite for p in eu.listed)   # the sentences of one clause are one entry
    assert f"Not quoted: {len(cites)} more provisions on this theme" in text
    named = list(dict.fromkeys(p.cite for p in eu.listed))[:LISTED_CITES]
    again = [cite for cite in named if cite in {c.provision.cite for c in eu.quoted}]
    assert again, "a quoted clause has other sentences on the theme"
    assert all(f"{cite} (other sentences)" in text for cite in again)
    duties = [c.provision.modality in ("obligation", "prohibition") for c in eu.quoted]
    assert duties == sorted(duties, reverse=True), "duties are quoted first"


def test_outline_page_count_and_footer(brief):
    result, reader, pages, _, _ = brief
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Summary", "1. Incident reporting", "2. Testing and evaluation", "3. Transparency and disclosure",
                   "Other annotated provisions", "Appendix A. Sources", "Appendix B. Method"]
    assert list(result.outline) == top
    nested = [item.title for sub in reader.outline if isinstance(sub, list) for item in sub]
    assert "EU AI Act — European Union" in nested and "SB-1047 — California (US)" in nested
    assert result.pages == len(reader.pages) and 8 <= result.pages <= 25
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}" in page and "PolicyLens 0.1.0" in page


def test_text_copies_cleanly(brief):
    _, _, pages, _, _ = brief
    for page in pages:
        assert "\t" not in page
        assert not re.search("[\ufb00-\ufb06\ufffd]", page), "ligature or replacement glyph in the text"


def test_selected_annotations_appear_beside_their_clause(brief):
    result, _, pages, content, annotated_clause = brief
    text = normalise(" ".join(pages))
    assert NOTE in text and JAPANESE_NOTE in text and OFF_THEME_NOTE in text
    assert UNSELECTED_NOTE not in text
    assert result.annotations == 3
    eu = next(d for d in content.themes[0].documents if d.standing.doc == "eu-ai-act-2024-1689")
    beside = next(c for c in eu.quoted if c.provision.id == annotated_clause.id)
    assert {a.note for a in beside.annotations} == {NOTE, JAPANESE_NOTE}
    page = next(p for p in pages if NOTE in normalise(p))
    assert annotated_clause.cite in page


def test_fonts_are_embedded_including_japanese(brief):
    _, reader, _, _, _ = brief
    embedded = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.add(str(font["/BaseFont"]))
            else:
                pytest.fail(f"font {font.get('/BaseFont')} is not embedded")
    from policylens.brief.fonts import japanese_font
    name, embeddable = japanese_font()
    if not embeddable:
        pytest.skip("no Japanese TrueType font on this machine: the briefing names a CID font instead")
    from reportlab.pdfbase import pdfmetrics
    face = pdfmetrics.getFont(name).face.name
    face = face.decode() if isinstance(face, bytes) else face
    assert any(font.endswith("+" + face) for font in embedded), embedded


def test_sources_are_linked_with_checksums(brief, annotated):
    _, reader, pages, _, _ = brief
    text = normalise(" ".join(pages))
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
            if "/A" in annot.get_object()}
    with Workspace(annotated[0], backups=False) as ws:
        for doc in ws.documents():
            assert doc.sha256 in text and doc.ingested_at in text
    assert any("eur-lex.europa.eu" in u for u in uris) and any("leginfo.legislature.ca.gov" in u for u in uris)
    assert "automatic extraction" in text.lower()


def test_timeline_labels_never_overlap(brief):
    from policylens.brief.figure import label_layout
    _, _, _, content, _ = brief
    events = [e for t in content.themes for e in t.events]
    assert events
    for doc in {e.standing.doc for e in events}:
        lane = [e for e in events if e.standing.doc == doc]
        marks = label_layout(lane, lambda iso: int(iso[:4]) * 40 + int(iso[5:7]) * 3, 0, 10_000)
        for a in marks:
            for b in marks:
                if a is not b and a.row == b.row:
                    assert a.left + a.width <= b.left or b.left + b.width <= a.left


def test_unknown_theme_and_cancel_leave_no_file(corpus_workspace, tmp_path):
    out = tmp_path / "brief.pdf"
    with Workspace(corpus_workspace) as ws:
        with pytest.raises(BriefError, match="unknown theme"):
            build_brief(ws, BriefOptions(themes=("no_such_theme",)), out)
        with pytest.raises(Cancelled):
            build_brief(ws, BriefOptions(themes=("incident_reporting",)), out, cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_a_brief_and_its_preview_renders(corpus_workspace, tmp_path):
    out = tmp_path / "brief.pdf"
    run = subprocess.run([sys.executable, "-m", "policylens", "--workspace", str(corpus_workspace), "brief",
                          "--theme", "incident_reporting", "--docs", "us-ca-sb1047,us-eo-14110", "--author", "A. Analyst",
                          "-o", str(out)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    text = normalise(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert "Vetoed" in text and "Revoked" in text and "EU AI Act" not in text
    png = render_first_page_png(out, tmp_path / "first.png", width_px=300)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image
    assert Image.open(png).size[0] == 300


def test_a_place_with_two_instruments_is_named_once_on_the_cover(corpus_workspace, tmp_path):
    """The AI Act and a code of practice under it are both the European Union's: the cover's
    subtitle names the Union once, as the title does."""
    from policylens.importer import add_file

    path = tmp_path / "w.sqlite"
    shutil.copy(corpus_workspace, path)
    code = tmp_path / "code.txt"
    code.write_text("Code of practice on incidents\n\nMeasure 1. Signatories shall report serious incidents to "
                    "the AI Office within 15 days.\n", encoding="utf-8")
    out = tmp_path / "brief.pdf"
    with Workspace(path, backups=False) as ws:
        added = add_file(ws, code, jurisdiction="EU").imported[0]
        build_brief(ws, BriefOptions(themes=("incident_reporting",), docs=("eu-ai-act-2024-1689", added),
                                     date="2026-12-01"), out)
    cover = normalise(PdfReader(out).pages[0].extract_text())
    assert "Incident reporting: EU" in cover and "European Union" in cover
    assert "European Union, European Union" not in cover and "European Union and European Union" not in cover


def test_the_pairs_shown_are_those_above_the_minimum_the_text_states(brief):
    from policylens.linking import MIN_CONFIDENCE

    _, _, pages, content, _ = brief
    shown = [p.confidence for t in content.themes for p in t.pairs]
    assert shown and min(shown) >= MIN_CONFIDENCE
    text = normalise(" ".join(pages))
    stated = f"below {MIN_CONFIDENCE:.2f}"
    assert text.count(stated) >= 2 and "below 0.2 " not in text   # each theme's table, and the appendix


def test_a_title_keeps_an_acronym_in_a_later_themes_name():
    """"Incident reporting and AI literacy", not "… and ai literacy"."""
    from policylens.brief.content import BriefContent
    from policylens.brief.cover import brief_title

    content = BriefContent(BriefOptions(themes=("incident_reporting", "workforce_literacy")), [], [], [], [])
    assert brief_title(content).startswith("Incident reporting and AI literacy")


def test_markup_turns_every_control_character_into_a_space():
    """The briefing's markup clears what usertext calls control characters, C1 included: an
    escape or a NEL would reach the PDF as a box or break the copied text."""
    from policylens.brief.fonts import markup
    from policylens.usertext import CONTROL

    text = markup("report\x1bwithin\x85fifteen\tdays\rof\nawareness")
    assert not CONTROL.search(text) and not set("\t\r\n") & set(text)
    assert text.split() == ["report", "within", "fifteen", "days", "of", "awareness"]
