"""What an analyst checks before handing a briefing or a comparison on, on the official corpus.

Each test reads the real texts (the shared corpus workspace, copied, since comparing caches the
workspace's links), builds the real outputs (briefing PDFs, the links export, the compare
command) and checks them the way a reader would: what leads, which figures are listed, whether
the numbers agree between views, and whether the pages are full.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from policylens.brief import BriefOptions, build_brief
from policylens.brief.content import gather
from policylens.brief.style import FRAME_HEIGHT, MARGIN, PAGE
from policylens.compare import compare_theme, select_documents
from policylens.leads import explains
from policylens.link_cache import links
from policylens.linking import MIN_CONFIDENCE, load_provisions
from policylens.workspace import Workspace

EU, EO, SB, METI = "eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047", "jp-meti-ai-guidelines-v1.0"
SAMPLES = {"incident-compute": ("incident_reporting", "compute_reporting"),
           "provenance-testing-security": ("content_provenance", "testing_evaluation", "security")}
# Below this share of its frame filled, a page (other than the last) counts as mostly empty.
LEAST_FILL = 1 / 3


@pytest.fixture(scope="module")
def analyst_workspace(corpus_workspace, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("analyst") / "ws.sqlite"
    shutil.copy(corpus_workspace, path)
    return path


@pytest.fixture(scope="module")
def ws(analyst_workspace):
    workspace = Workspace(analyst_workspace)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def briefs(ws, tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """The sample briefings: name -> (PDF, gathered content)."""
    out = {}
    folder = tmp_path_factory.mktemp("briefs")
    for name, themes in SAMPLES.items():
        options = BriefOptions(themes=themes, date="2026-01-15")
        path = folder / f"{name}.pdf"
        build_brief(ws, options, path)
        content = gather(ws, options, select_documents(ws, None), progress=lambda *_: None, cancel=lambda: False)
        out[name] = (path, content)
    return out


def _pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def _doc(content, theme: str, doc: str):
    section = next(t for t in content.themes if t.theme == theme)
    return next(d for d in section.documents if d.standing.doc == doc)


def test_eu_incident_reporting_leads_with_the_providers_duty_and_lists_its_limits(briefs):
    path, content = briefs["incident-compute"]
    eu = _doc(content, "incident_reporting", EU)
    assert eu.quoted[0].provision.cite == "Art. 73(1)"
    assert "refer" in eu.quoted[0].lead.reason and "15 days" in eu.quoted[0].lead.reason
    limits = {(row.provision.cite, row.quantity.label) for row in eu.quantities}
    assert {("Art. 73(2)", "15 days"), ("Art. 73(3)", "2 days"), ("Art. 73(4)", "10 days")} <= limits
    summary = _pages(path)[0].split("1. Incident reporting")[0]
    eu_row = summary[summary.index("EU AI Act In force system provider"):summary.index("METI/MIC AI Guidelines Non")]
    assert eu_row.index("Art. 73(1)") < eu_row.index("Art. 73(2)")
    for figure in ("not later than 15 days", "not later than two days", "not later than 10 days"):
        assert figure in eu_row, figure


def test_compute_quantities_compared_lists_each_instruments_threshold(briefs):
    path, content = briefs["incident-compute"]
    theme = next(t for t in content.themes if t.theme == "compute_reporting")
    rows = {(r.standing.doc, r.quantity.label, r.provision.cite) for r in theme.quantities}
    assert (EU, "10^25 operations", "Art. 51(2)") in rows
    assert (EO, "10^26 operations", "Sec. 4.2(b)(i)") in rows
    sb = {(label, cite.split("(1)")[0]) for doc, label, cite in rows if doc == SB}
    assert ("10^26 operations", "§ 22602(e)") in sb and ("USD 100,000,000", "§ 22602(e)") in sb
    text = " ".join(_pages(path))
    table = text[text.index("Quantities compared", text.index("2. Compute thresholds")):]
    for written in ("greater than 10^25", "greater than 10^26", "$100,000,000"):
        assert written in table, written


def test_a_definitions_date_is_no_deadline(briefs):
    _, content = briefs["incident-compute"]
    sb = _doc(content, "compute_reporting", SB)
    assert not [e for e in sb.events if e.provision.cite.startswith("§ 22602(e)")]


def test_no_recital_example_or_definition_is_quoted_as_a_duty(ws, briefs):
    """Across every theme of every document, and in the sample briefings."""
    provisions = load_provisions(ws)
    found = links(ws)
    themes = sorted({t for p in provisions for t in p.themes})
    for theme in themes:
        for section in compare_theme(ws, theme, provisions=provisions, found_links=found).documents:
            for lead in section.leads:
                assert "/rec-" not in lead.provision.id and "recital" not in lead.provision.cite.lower()
                if explains(lead.provision):
                    assert lead.kind == "explanation" and not lead.is_operative, lead.provision.id
    for path, content in briefs.values():
        quoted = [c for t in content.themes for d in t.documents for c in d.quoted]
        assert not [c for c in quoted if c.lead.kind == "explanation" and not c.annotations]
        assert "univariate linear function" not in " ".join(_pages(path))


def test_a_provision_others_refer_to_is_cited_before_them(ws):
    """In every theme of every document, wherever references do not run in a circle."""
    provisions = load_provisions(ws)
    found = links(ws)
    checked = 0
    for theme in sorted({t for p in provisions for t in p.themes}):
        for section in compare_theme(ws, theme, provisions=provisions, found_links=found).documents:
            place = {lead.provision.id: n for n, lead in enumerate(section.leads)}
            by_node = {}
            for lead in section.leads:
                by_node.setdefault(lead.provision.id.split("#")[0], []).append(lead.provision)
            for lead in section.leads:
                for ref in lead.provision.refs:
                    for target in by_node.get(ref, ()):
                        back = lead.provision.id.split("#")[0] in target.refs
                        if target.id != lead.provision.id and not back:
                            checked += 1
                            assert place[target.id] < place[lead.provision.id], (theme, target.cite, lead.provision.cite)
    assert checked > 20


def test_a_pair_has_one_confidence_in_export_inspector_compare_and_brief(ws, briefs, analyst_workspace, tmp_path):
    from policylens_ui import related

    comparison = compare_theme(ws, "incident_reporting")
    pair = next(p for p in comparison.pairs if {p.source.doc, p.target.doc} == {EU, SB})
    assert 0 < pair.confidence < 1

    out = tmp_path / "links.jsonl"
    subprocess.run([sys.executable, "-m", "policylens", "--workspace", str(analyst_workspace), "export", "links",
                    "-o", str(out)], check=True, capture_output=True)
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    ends = {pair.source.id, pair.target.id}
    scores = {round(r["score"], 6) for r in exported if {r["source"], r["target"]} == ends}
    assert scores == {round(pair.confidence, 6)}
    assert all(0 <= r["score"] <= 1 for r in exported)

    class Inspector:        # what the inspector reads: the context's links and nodes
        links = dict(__import__("policylens.linking", fromlist=["counterparts"]).counterparts(links(ws)))
        node = staticmethod(ws.node)
    shown = {target.id: confidence for _, found in related.counterparts(Inspector, pair.source.id)
             for target, confidence, _ in found}
    assert round(shown[pair.target.id], 6) == round(pair.confidence, 6)

    path, content = briefs["incident-compute"]
    theme = next(t for t in content.themes if t.theme == "incident_reporting")
    in_brief = next(p for p in theme.pairs if {p.source.id, p.target.id} == ends)
    assert in_brief.confidence == pair.confidence
    assert f"confidence {pair.confidence:.2f}" in " ".join(_pages(path))


def test_pairs_are_listed_once_and_none_below_the_minimum(ws):
    for theme in ("incident_reporting", "compute_reporting", "transparency_disclosure"):
        pairs = compare_theme(ws, theme).pairs
        keys = [frozenset((p.source.id, p.target.id)) for p in pairs]
        assert len(keys) == len(set(keys))
        assert all(p.confidence >= MIN_CONFIDENCE for p in pairs)
        assert [p.confidence for p in pairs] == sorted((p.confidence for p in pairs), reverse=True)


def _fill(image) -> float:
    """The share of the page's text frame, from its top, down to the lowest inked row."""
    scale = image.height / PAGE[1]
    top, bottom = int(MARGIN * scale), int((MARGIN + FRAME_HEIGHT) * scale)
    pixels = image.load()
    for y in range(bottom, top, -1):
        if any(pixels[x, y] < 200 for x in range(image.width)):
            return (y - top) / (bottom - top)
    return 0.0


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) renders the pages")
def test_no_page_but_the_last_is_mostly_empty(briefs, tmp_path):
    from PIL import Image

    for name, (path, _) in briefs.items():
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), str(tmp_path / name)], check=True)
        images = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(images) == len(PdfReader(path).pages)
        fills = [_fill(Image.open(image).convert("L")) for image in images]
        assert all(fill >= LEAST_FILL for fill in fills[:-1]), (name, [round(f, 2) for f in fills])


def test_title_says_what_and_where(briefs):
    path, _ = briefs["incident-compute"]
    assert PdfReader(path).metadata.title == "Incident reporting and compute thresholds: EU, Japan, US, California"
