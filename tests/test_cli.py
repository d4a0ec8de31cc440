"""The headless command line, run as a user runs it (a real process, a real workspace file)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys


def run(*args, workspace):
    return subprocess.run([sys.executable, "-m", "policylens", "--workspace", str(workspace), *args],
                          capture_output=True, text=True, timeout=300)


def test_list_shows_each_document_with_its_status(corpus_workspace):
    out = run("list", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split("\t")[:2] for line in out.stdout.splitlines())
    assert set(lines) == {"eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047", "jp-meti-ai-guidelines-v1.0"}
    assert "Vetoed" in out.stdout and "Revoked" in out.stdout and "In force" in out.stdout


def test_show_prints_a_provision_with_its_points(corpus_workspace):
    out = run("show", "Art. 9(2)", workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    assert "EU AI Act (In force)" in out.stdout
    assert "Art. 9(2)(a):" in out.stdout and "Art. 9(2)(d):" in out.stdout


def test_show_takes_a_citation_as_an_analyst_writes_it(corpus_workspace):
    written = run("show", "Article 9(2)", workspace=corpus_workspace)
    assert written.returncode == 0, written.stderr
    assert written.stdout == run("show", "Art. 9(2)", workspace=corpus_workspace).stdout


def test_show_reports_an_unknown_citation(corpus_workspace):
    out = run("show", "Art. 999", workspace=corpus_workspace)
    assert out.returncode == 2 and "no provision cited as 'Art. 999'" in out.stderr


def test_search_finds_serious_incidents(corpus_workspace):
    out = run("search", "serious incident", "--doc", "eu-ai-act-2024-1689", workspace=corpus_workspace)
    assert out.returncode == 0
    assert any(line.split("\t")[1].startswith("Art. 73") for line in out.stdout.splitlines())


def test_counterparts_lists_each_documents_best_clauses_and_where_there_are_none(corpus_workspace, tmp_path):
    from policylens.linking import MIN_CONFIDENCE

    workspace = tmp_path / "ws.sqlite"
    shutil.copy(corpus_workspace, workspace)   # linking writes the workspace's link cache
    out = run("counterparts", "Art. 73", "--doc", "eu-ai-act-2024-1689", workspace=workspace)
    assert out.returncode == 0, out.stderr
    clauses = re.split(r"^(?=EU AI Act )", out.stdout, flags=re.M)[1:]
    assert clauses[0].startswith("EU AI Act Art. 73(1)\n")
    assert all(clause.startswith("EU AI Act Art. 73(") for clause in clauses)
    # the duty to report serious incidents meets SB-1047's 72-hour report, shown as article, then clause
    assert "  SB-1047 § 22603 — best clause § 22603(g)  (confidence" in clauses[0]
    confidences = [float(c) for c in re.findall(r"\(confidence (\d\.\d\d);", out.stdout)]
    assert confidences and min(confidences) >= round(MIN_CONFIDENCE, 2)
    assert any(re.search(r"^  no counterpart in \S", clause, re.M) for clause in clauses)

    out = run("counterparts", "Recital 12", "--doc", "eu-ai-act-2024-1689", workspace=workspace)
    assert out.returncode == 0 and "is not linked: it explains rather than regulates" in out.stdout
    out = run("counterparts", "Art. 999", workspace=workspace)
    assert out.returncode == 2 and "no provision cited as 'Art. 999'" in out.stderr


def test_export_provisions_jsonl_and_csv(corpus_workspace, tmp_path):
    out = run("export", "provisions", "--doc", "us-ca-sb1047", "-o", str(tmp_path / "p.jsonl"),
              workspace=corpus_workspace)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records and {r["doc"] for r in records} == {"us-ca-sb1047"}
    assert {"id", "section", "cite", "path", "text", "stem", "page", "modality", "actor_role",
            "themes", "deadline_date", "doc_status"} <= set(records[0])
    csv_out = run("export", "provisions", "--format", "csv", "--doc", "us-ca-sb1047", workspace=corpus_workspace)
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert len(rows) == len(records)
    assert [r["id"] for r in rows] == [r["id"] for r in records]


def test_an_unusable_workspace_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(b"not a database" * 200)
    out = run("list", workspace=bad)
    assert out.returncode == 2 and "broken.sqlite" in out.stderr and "Traceback" not in out.stderr


def test_import_then_add_reports_each_file(corpus_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_dir / "us-eo-14110.md", folder)
    shutil.copy(corpus_dir / "us-eo-14110.txt", folder)
    ws = tmp_path / "w.sqlite"
    out = run("corpus", "import", str(folder), workspace=ws)
    assert out.returncode == 0, out.stderr
    assert "imported us-eo-14110" in out.stdout
    assert "alternative source us-eo-14110.txt recorded for us-eo-14110" in out.stdout
    again = run("corpus", "import", str(folder), workspace=ws)
    assert "unchanged us-eo-14110" in again.stdout and "imported" not in again.stdout


def test_an_unwritable_output_is_a_message_not_a_traceback(corpus_workspace, tmp_path):
    out = run("export", "provisions", "--doc", "us-ca-sb1047", "-o", str(tmp_path / "no" / "such" / "p.jsonl"),
              workspace=corpus_workspace)
    assert out.returncode == 2 and "No such file or directory" in out.stderr and "Traceback" not in out.stderr


def test_download_refuses_unknown_instruments_and_addresses(tmp_path):
    out = run("corpus", "download", "--only", "nope", workspace=tmp_path / "w.sqlite")
    assert out.returncode == 2 and "unknown instrument nope" in out.stderr
    out = run("corpus", "download", "--base-url", "mirror.local", workspace=tmp_path / "w.sqlite")
    assert out.returncode == 2 and "http://" in out.stderr


def test_arguments_that_name_nothing_are_refused(corpus_workspace, tmp_path):
    out = run("search", "incident", "--doc", "nope", workspace=corpus_workspace)
    assert out.returncode == 2 and "no document 'nope'" in out.stderr
    out = run("thresholds", "--kind", "nope", workspace=corpus_workspace)
    assert out.returncode == 2 and "invalid choice" in out.stderr
    out = run("brief", "--theme", "security", "--date", "2024-13-45", "-o", str(tmp_path / "b.pdf"),
              workspace=corpus_workspace)
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr and not (tmp_path / "b.pdf").exists()


def test_a_command_on_a_workspace_an_older_version_read_extracts_it_again(workspace_copy):
    from policylens import structure
    from policylens.workspace import Workspace

    path = workspace_copy()
    with Workspace(path) as ws:
        ws.db.execute("UPDATE extractions SET data = json_set(data, '$.modality', 'none') WHERE doc = 'us-ca-sb1047'")
        ws.db.execute("UPDATE documents SET pipeline_version = ? WHERE id = 'us-ca-sb1047'",
                      (f"{structure.VERSION}/0.older",))
        ws.db.commit()
    out = run("export", "provisions", "--doc", "us-ca-sb1047", workspace=path)
    assert out.returncode == 0, out.stderr
    assert "extracted 1 document again with this version's rules: us-ca-sb1047" in out.stderr
    assert any(json.loads(line)["modality"] == "obligation" for line in out.stdout.splitlines())
    again = run("list", workspace=path)
    assert "again" not in again.stderr


def test_a_workspace_that_cannot_be_brought_up_to_date_is_read_as_it_is(corpus_workspace, monkeypatch, capsys):
    from policylens import importer
    from policylens.cli import main
    from policylens.workspace import WorkspaceError

    def refuse(ws, **_):
        raise WorkspaceError(f"{corpus_workspace}: the workspace file is read-only; nothing was changed")

    monkeypatch.setattr(importer, "extract_outdated", refuse)
    assert main(["--workspace", str(corpus_workspace), "list"]) == 0
    out = capsys.readouterr()
    assert "us-ca-sb1047" in out.out
    assert "results an older version extracted are shown as they are" in out.err and "read-only" in out.err
