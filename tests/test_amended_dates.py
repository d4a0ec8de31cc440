"""Dates as amended: the EU AI Act's application dates moved by the Digital Omnibus on AI, on the
timeline, the command line and briefing covers, and relations as graph edges and cover lines."""

from __future__ import annotations

import subprocess

from policylens.amendments import changes, moved_dates
from policylens.cli import main
from policylens.graph import build_graph
from policylens.timeline import timeline

EU = "eu-ai-act-2024-1689"
ACT = "Digital Omnibus on AI (adopted by the European Parliament on 2026-06-16 and by the Council on 2026-06-29)"


def test_each_recorded_change_names_a_provision_of_the_real_text(workspace):
    ids = {n.id for n in workspace.nodes(EU, units_only=True)}
    assert len(changes()) == 5
    assert all(c.provision in ids for c in changes()), [c.provision for c in changes() if c.provision not in ids]
    assert [(c.original, c.amended) for c in moved_dates(EU)] == [
        ("2026-08-02", "2027-12-02"), ("2027-08-02", "2028-08-02"), ("2026-08-02", "2027-08-02")]


def test_the_timeline_gives_the_high_risk_dates_as_amended_and_as_adopted(workspace):
    today = {(e.date, e.provision.cite): e for e in timeline(workspace, [EU])}
    annex_iii = today[("2027-12-02", "Art. 113, second subparagraph")]
    assert annex_iii.change.original == "2026-08-02" and "Annex III" in annex_iii.phrase
    assert ("2026-08-02", "Art. 113, second subparagraph") in today   # the general date still stands
    annex_i = today[("2028-08-02", "Art. 113(c)")]
    assert annex_i.change.original == "2027-08-02" and annex_i.phrase == "from 2 August 2027"
    assert ("2027-08-02", "Art. 113(c)") not in today
    assert today[("2027-08-02", "Art. 57(1)")].change.original == "2026-08-02"
    added = today[("2026-12-02", "Art. 5(1)")]
    assert added.change.original == "" and "child sexual abuse material" in added.phrase
    assert today[("2026-12-02", "Art. 50(2)")].kind == "deadline"

    adopted = {(e.date, e.provision.cite) for e in timeline(workspace, [EU], as_adopted=True)}
    assert ("2027-08-02", "Art. 113(c)") in adopted and ("2026-08-02", "Art. 57(1)") in adopted
    assert not {("2027-12-02", "Art. 113, second subparagraph"), ("2028-08-02", "Art. 113(c)"),
                ("2026-12-02", "Art. 5(1)")} & adopted
    assert len(today) == len(adopted) + 3   # one date carved out, two added; the moved ones replace


def test_policylens_timeline_cites_the_omnibus_beside_the_dates_it_moved(corpus_workspace, capsys):
    assert main(["--workspace", str(corpus_workspace), "timeline", "--docs", EU]) == 0
    lines = capsys.readouterr().out.splitlines()
    annex_iii = next(line for line in lines if line.startswith("2027-12-02"))
    assert "Art. 113, second subparagraph" in annex_iii and f"[was 2026-08-02; {ACT}]" in annex_iii
    annex_i = next(line for line in lines if line.startswith("2028-08-02  applies_from"))
    assert "Art. 113(c)" in annex_i and f"[was 2027-08-02; {ACT}]" in annex_i
    assert main(["--workspace", str(corpus_workspace), "timeline", "--docs", EU, "--as-adopted"]) == 0
    assert "Omnibus" not in capsys.readouterr().out


def test_relations_between_documents_are_graph_edges(workspace_copy, corpus_dir, tmp_path):
    from policylens import relations
    from policylens.importer import add_file
    from policylens.workspace import Workspace

    with Workspace(workspace_copy()) as ws:
        draft = tmp_path / "draft.txt"
        draft.write_text((corpus_dir / "us-eo-14110.txt").read_text() + "\nSec. 14. Added.\n")
        doc_id = add_file(ws, draft, status="draft").imported[0]
        relations.record(ws, doc_id, "implements", EU, date="2026-12-01")
        graph = build_graph(ws, docs=[EU, doc_id], top_links=1)
        edges = [(u, v, d) for u, v, d in graph.edges(data=True) if d["kind"] == "implements"]
        assert edges == [(f"doc:{doc_id}", f"doc:{EU}", {"kind": "implements", "date": "2026-12-01", "note": ""})]


def test_the_briefing_cover_names_successors_and_strikes_the_moved_dates(corpus_workspace, tmp_path):
    out = tmp_path / "brief.pdf"
    assert main(["--workspace", str(corpus_workspace), "brief", "--theme", "incident_reporting",
                 "--docs", f"{EU},us-ca-sb1047,us-eo-14110", "-o", str(out)]) == 0
    text = " ".join(subprocess.run(["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Enacted successor: SB 53 (2025-09-29)" in text
    assert "Revoked by: EO 14148 (2025-01-20); Successor: EO 14179 (2025-01-23)" in text
    assert "Dates as amended by Digital Omnibus on AI" in text and "2026-08-02 2027-12-02" in text


def test_compare_gives_a_moved_deadline_as_amended(corpus_workspace, workspace, capsys):
    assert main(["--workspace", str(corpus_workspace), "compare", "--theme", "innovation_support", "--docs", EU]) == 0
    assert f"deadline: by 2 August 2026 (2027-08-02; was 2026-08-02; {ACT})" in capsys.readouterr().out
    from policylens_ui.views.compare import provision_html

    from policylens.linking import load_provisions
    sandbox = next(p for p in load_provisions(workspace, [EU]) if p.id == f"{EU}/art-57/1/s1")
    assert "Deadline: <s>2026-08-02</s> 2027-08-02" in provision_html(sandbox)
