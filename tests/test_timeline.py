"""The timeline dates EO deadlines, EU application dates and SB-1047 start dates."""

from __future__ import annotations

from datetime import date

from policylens.cli import main
from policylens.export import provision_records
from policylens.extract.deadlines import add_period, period_end
from policylens.quantities import find_quantities
from policylens.timeline import timeline
from policylens.workspace import Workspace


def _dates(events, doc, cite):
    return {e.date for e in events if e.provision.doc == doc and e.provision.cite == cite}


def test_eo_deadlines_count_from_the_date_of_the_order(workspace):
    events = timeline(workspace, docs=["us-eo-14110"])
    assert "2024-01-28" in _dates(events, "us-eo-14110", "Sec. 4.2(a)")   # within 90 days of 2023-10-30
    assert all(e.standing.status == "revoked" for e in events)


def test_eu_application_dates_of_article_113(workspace):
    events = timeline(workspace, docs=["eu-ai-act-2024-1689"], as_adopted=True)   # as the text states them
    assert _dates(events, "eu-ai-act-2024-1689", "Art. 113(a)") == {"2025-02-02"}
    assert _dates(events, "eu-ai-act-2024-1689", "Art. 113(b)") == {"2025-08-02"}
    assert _dates(events, "eu-ai-act-2024-1689", "Art. 113(c)") == {"2027-08-02"}


def test_sb1047_beginning_dates(workspace):
    events = timeline(workspace, docs=["us-ca-sb1047"])
    begins = [e for e in events if e.phrase.lower().startswith("beginning")]
    assert begins and all(e.date == "2026-01-01" for e in begins)


def test_events_are_in_date_order_and_filter_by_role(workspace):
    events = timeline(workspace)
    assert [e.date for e in events] == sorted(e.date for e in events)
    filtered = timeline(workspace, roles=["public_authority"])
    assert all(e.provision.role in ("", "public_authority") for e in filtered)
    assert len(filtered) <= len(events)


def test_the_ai_acts_application_dates_are_application_dates(workspace):
    events = timeline(workspace, docs=["eu-ai-act-2024-1689"], as_adopted=True)
    applies = {(e.provision.cite, e.date) for e in events if e.kind == "applies_from"}
    assert ("Art. 113(a)", "2025-02-02") in applies
    assert ("Art. 113(c)", "2027-08-02") in applies
    assert all(e.kind == "deadline" for e in events if e.provision.cite == "Art. 56(9)")


def test_a_definitions_date_is_not_on_the_timeline(workspace):
    """SB-1047 defines a covered model by what was trained "before January 1, 2027": a fact of the
    definition, not anyone's deadline."""
    events = timeline(workspace, docs=["us-ca-sb1047"])
    assert events and not any(e.provision.cite.startswith("§ 22602(e)(1)") for e in events)
    assert not any(e.provision.is_definition for e in events)


RULES = """Rules on incident reporting

Sec. 1. The provider shall report every serious incident by 31 June 2026.

Sec. 2. The agency shall issue guidance within twenty days of the date of this order.

Sec. 3. The agency shall publish a register within 1 year of the date of this order.
"""


def test_periods_count_in_calendar_terms_and_a_date_that_does_not_exist_is_no_date(tmp_path):
    """An added order dated 29 February: a year later is 28 February, twenty days later is 20 March;
    "by 31 June" is a time limit as written, with no date, and does not stop the import."""
    source, path = tmp_path / "rules.txt", tmp_path / "w.sqlite"
    source.write_text(RULES, encoding="utf-8")
    assert main(["--workspace", str(path), "add", str(source), "--date", "2024-02-29"]) == 0
    with Workspace(path) as ws:
        (doc,) = ws.documents()
        deadlines = {r["cite"]: (r["deadline_text"], r["deadline_date"]) for r in provision_records(ws)}
        events = timeline(ws, docs=[doc.id])
    assert deadlines == {"Sec. 1": ("by 31 June 2026", ""),
                         "Sec. 2": ("within twenty days of the date of this order", "2024-03-20"),
                         "Sec. 3": ("within 1 year of the date of this order", "2025-02-28")}
    assert {(e.provision.cite, e.date) for e in events} == {("Sec. 2", "2024-03-20"), ("Sec. 3", "2025-02-28")}


def test_the_timeline_counts_a_period_as_extraction_does():
    """Where extraction gave no date, the timeline dates "not later than 6 months after the date of
    this order" itself: in calendar months, as extraction counts "within 6 months of" (not 180 days)."""
    (limit,) = [q for q in find_quantities("not later than 6 months after the date of this order")
                if q.kind == "time_limit"]
    assert period_end(date(2023, 10, 30), limit.text) == date(2024, 4, 30)
    assert add_period("within 6 months of the date of this order", "2023-10-30") == "2024-04-30"


def test_a_clause_is_on_the_timeline_once_per_date(workspace):
    """Sec. 10.2(b) sets 45 days in its first sentence; its second sentence, which opens the list
    of the task force's purposes, carries that limit on but is the same date, not a second event."""
    events = timeline(workspace, docs=["us-eo-14110"])
    keys = [(e.date, e.provision.cite, e.phrase) for e in events]
    assert len(keys) == len(set(keys))
    assert [e.date for e in events if e.provision.cite == "Sec. 10.2(b)"] == ["2023-12-14"]
