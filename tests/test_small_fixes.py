"""Small things a user meets at once, each checked as the user meets it: the command line run as a
process on the corpus workspace, the desktop application started without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from policylens.linking import MIN_CONFIDENCE

EU = "eu-ai-act-2024-1689"


def run(*args, workspace, env=None):
    return subprocess.run([sys.executable, "-m", "policylens", "--workspace", str(workspace), *args],
                          capture_output=True, text=True, timeout=300, env=env)


def test_matrix_cells_are_never_cut(corpus_workspace):
    out = run("compare", "--matrix", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "METI/MIC AI Guidelines" in lines[0] and "Non-binding (superseded)" in lines[1]
    conformity = next(line for line in lines if line.startswith("conformity_audit "))
    # the EU cell names every modality it counts, up to the closing parenthesis
    assert conformity.split()[1].isdigit() and "rec" in conformity and conformity.count("(") == conformity.count(")")


def test_search_prints_words_not_markers_and_says_when_it_stops(corpus_workspace):
    out = run("search", "serious incident", "--doc", EU, "--limit", "3", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 3
    assert "[serious]" not in out.stdout and "serious incident" in out.stdout.lower()
    assert "showing the first 3 matches" in out.stderr
    few = run("search", "univariate", workspace=corpus_workspace)
    assert few.stdout.strip() and "showing the first" not in few.stderr


def test_list_counts_the_provisions_the_export_writes(corpus_workspace):
    listed = {line.split("\t")[0]: int(line.split("\t")[4].split()[0])
              for line in run("list", workspace=corpus_workspace).stdout.splitlines()}
    for doc in ("us-eo-14110", "us-ca-sb1047"):
        exported = run("export", "provisions", "--doc", doc, workspace=corpus_workspace).stdout.splitlines()
        assert listed[doc] == len(exported)


def test_thresholds_lists_a_figure_once_per_clause_in_the_texts_units(corpus_workspace):
    out = run("thresholds", "--kind", "time_limit", "--kind", "period", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    assert len([line for line in lines if "SB-1047 § 22603(g) " in line and "72 hours" in line]) == 1
    assert len(lines) == len(set(lines))
    assert any("15 working days" in line and "Art. 79(2)" in line for line in lines)
    assert not any("1460" in line for line in lines)


def test_compare_prints_a_deadline_once_and_the_leading_clause_with_its_reason(corpus_workspace):
    out = run("compare", "--theme", "incident_reporting", "--docs", f"{EU},us-ca-sb1047", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    assert "Leads: Art. 73(1) — states a duty of the system provider" in out.stdout
    assert "time limit: within 72 hours" not in out.stdout and "deadline: within 72 hours" in out.stdout
    pairs = out.stdout.split("Corresponding provisions (confidence 0–1)")[1].splitlines()[1:]
    confidences = [float(line.rsplit("  (", 1)[1].split(")")[0]) for line in pairs]
    assert confidences and all(round(MIN_CONFIDENCE, 2) <= c <= 1 for c in confidences)


def test_the_application_without_a_display_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = run(workspace=tmp_path / "ws.sqlite", env=env)
    assert out.returncode == 2
    assert "no graphical display" in out.stderr and "xvfb-run policylens" in out.stderr
    assert "xcb" not in out.stderr and "Traceback" not in out.stderr


def test_links_export_scores_are_confidences(corpus_workspace, tmp_path):
    import shutil

    copy = tmp_path / "ws.sqlite"
    shutil.copy(corpus_workspace, copy)
    out = run("export", "links", "--top", "1", "--docs", f"{EU},us-ca-sb1047", workspace=copy)
    scores = [json.loads(line)["score"] for line in out.stdout.splitlines()]
    assert scores and all(0 < s < 1 for s in scores)


def test_a_citation_spelled_out_finds_the_abbreviated_one(workspace):
    from policylens.citations import citation_forms

    for query, cite, doc in (("Article 73", "Art. 73", EU), ("section 4.2", "Sec. 4.2", "us-eo-14110"),
                             ("Section 22603", "§ 22603", "us-ca-sb1047"), ("Art 5", "Art. 5", EU)):
        node = workspace.find_cite(cite, doc)[0]
        assert node.cite.lower() in citation_forms(query), (query, node.cite)
    assert citation_forms("serious incident") == ("serious incident",)
