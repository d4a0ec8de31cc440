"""Quantities are found and normalised in the real provisions that set thresholds and amounts."""

from __future__ import annotations

import pytest

from policylens.quantities import find_quantities


def _quantities(ws, cite, doc):
    nodes = [n for n in ws.find_cite(cite, doc) if n.is_unit]
    assert nodes, f"{cite} not found in {doc}"
    return [q for n in nodes for q in find_quantities(n.text)]


def _kinds(quantities, kind):
    return [q for q in quantities if q.kind == kind]


def test_eu_art_51_threshold_survives_the_lost_superscript(workspace):
    # The Official Journal PDF prints 10^25 as "1025" once its superscript is gone.
    compute = _kinds(_quantities(workspace, "Art. 51(2)", "eu-ai-act-2024-1689"), "training_compute")
    assert [(q.value, q.unit, q.qualifier) for q in compute] == [(1e25, "operations", "greater than")]
    assert compute[0].label == "10^25 operations"


def test_eu_regulation_numbers_are_not_compute(workspace):
    # "Regulation (EU) No 1025/2012" has the same digits as 10^25 but is a citation.
    assert not _kinds(_quantities(workspace, "Art. 40(2)", "eu-ai-act-2024-1689"), "training_compute")


def test_eo_4_2_b_general_and_biological_thresholds(workspace):
    compute = _kinds(_quantities(workspace, "Sec. 4.2(b)(i)", "us-eo-14110"), "training_compute")
    assert sorted(q.value for q in compute) == [1e23, 1e26]
    cluster = _quantities(workspace, "Sec. 4.2(b)(ii)", "us-eo-14110")
    assert [q.value for q in _kinds(cluster, "compute_capacity")] == [1e20]
    assert [q.value for q in _kinds(cluster, "network_bandwidth")] == [1e11]


def test_sb1047_covered_model_compute_and_cost(workspace):
    found = _quantities(workspace, "§ 22602(e)(1)(A)(i)", "us-ca-sb1047")
    assert [q.value for q in _kinds(found, "training_compute")] == [1e26]
    money = _kinds(found, "money")
    assert [(q.value, q.unit, q.purpose) for q in money] == [(100_000_000, "USD", "cost")]
    fine_tuned = _kinds(_quantities(workspace, "§ 22602(e)(1)(A)(ii)", "us-ca-sb1047"), "training_compute")
    assert [q.value for q in fine_tuned] == [3e25]


def test_eu_art_99_fine_and_turnover_share(workspace):
    found = _quantities(workspace, "Art. 99(3)", "eu-ai-act-2024-1689")
    money = _kinds(found, "money")
    assert [(q.value, q.unit, q.purpose, q.qualifier) for q in money] == [(35_000_000, "EUR", "fine", "up to")]
    assert [q.value for q in _kinds(found, "turnover_share")] == [7]


@pytest.mark.parametrize("cite,days", [("Art. 73(2)", 15), ("Art. 73(3)", 2), ("Art. 73(4)", 10)])
def test_eu_art_73_reporting_time_limits(workspace, cite, days):
    limits = _kinds(_quantities(workspace, cite, "eu-ai-act-2024-1689"), "time_limit")
    assert [q.value for q in limits] == [days]
    assert limits[0].qualifier == "not later than"


def test_sb1047_incident_report_within_72_hours(workspace):
    limits = _kinds(_quantities(workspace, "§ 22603(g)", "us-ca-sb1047"), "time_limit")
    assert limits and all(q.value == 3 and q.text == "72 hours" for q in limits)


def test_retention_is_a_period_not_a_time_limit(workspace):
    found = _quantities(workspace, "Art. 18(1)", "eu-ai-act-2024-1689")
    assert [(q.kind, q.value) for q in found] == [("period", 3650)]
