"""The catalogue of known instruments."""

from __future__ import annotations

from policylens import catalogue


def test_four_instruments_with_status():
    by_id = {i.id: i for i in catalogue.instruments()}
    assert by_id["eu-ai-act-2024-1689"].status == "in_force"
    assert by_id["us-eo-14110"].status == "revoked"
    assert by_id["us-ca-sb1047"].status == "vetoed"
    assert by_id["jp-meti-ai-guidelines-v1.0"].status == "non_binding"
    assert by_id["us-eo-14110"].deadline_base == "2023-10-30"
    for inst in catalogue.instruments():
        assert inst.status_label and inst.status_note
        assert not inst.sources or sum(s.preferred for s in inst.sources) == 1
        assert all(s.url.startswith("https://") for s in inst.sources)
    assert set(by_id) >= {i.id for i in catalogue.downloadable()} >= {
        "eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047", "jp-meti-ai-guidelines-v1.0"}


def test_preferred_sources_are_the_authentic_pdf_and_the_markdown_release():
    assert catalogue.by_id("eu-ai-act-2024-1689").preferred_source.format == "pdf"
    assert catalogue.by_id("us-eo-14110").preferred_source.format == "md"


def test_checksums_match_the_official_files(corpus_dir):
    sums = dict(reversed(line.split()) for line in (corpus_dir / "SHA256SUMS").read_text().splitlines() if line)
    for name, sha in sums.items():
        found = catalogue.by_sha256(sha)
        assert found is not None, name
        assert found[1].filename == name
