"""The Qt models over the real corpus: contract (qtmodeltester) and filtering behaviour."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from policylens_ui.models.library import ItemKindRole, LibraryFilter, LibraryModel  # noqa: E402
from policylens_ui.models.obligations import (  # noqa: E402
    ObligationsModel,
    ObligationsProxy,
    natural_key,
)

from policylens.export import provision_records  # noqa: E402


@pytest.fixture(scope="module")
def records(corpus_workspace):
    from policylens.workspace import Workspace

    with Workspace(corpus_workspace) as ws:
        return list(provision_records(ws)), {d.id: d.short_name for d in ws.documents()}


@pytest.fixture()
def obligations(qapp, records):
    model = ObligationsModel(*records)
    proxy = ObligationsProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_obligations_model_contract(qtmodeltester, obligations):
    model, proxy = obligations
    qtmodeltester.check(model)
    proxy.set_filter(modality="prohibition")
    qtmodeltester.check(proxy)


def test_every_provision_is_a_row(obligations, records):
    model, proxy = obligations
    assert model.rowCount() == len(records[0]) > 1000
    assert proxy.rowCount() == model.rowCount()


def test_filters_narrow_the_rows_as_the_records_say(obligations, records):
    model, proxy = obligations
    rows = records[0]
    proxy.set_filter(modality="prohibition")
    expected = sum(1 for r in rows if r["modality"] == "prohibition")
    assert 0 < proxy.rowCount() == expected < model.rowCount()

    proxy.set_filter(doc="us-ca-sb1047")
    assert proxy.rowCount() == sum(1 for r in rows if r["modality"] == "prohibition" and r["doc"] == "us-ca-sb1047")

    proxy.set_filter(doc="", modality="", text="serious incident")
    matching = [r for r in rows if "serious" in r["text"].lower() and "incident" in r["text"].lower()]
    assert len(matching) <= proxy.rowCount() < model.rowCount()
    assert len(matching) > 0

    proxy.set_filter(text="", deadline="dated")
    assert proxy.rowCount() == sum(1 for r in rows if r["deadline_date"])

    proxy.set_filter(deadline="")
    assert proxy.rowCount() == model.rowCount()


def test_sorting_by_citation_orders_rows(obligations):
    model, proxy = obligations
    proxy.set_filter(doc="us-eo-14110")
    proxy.sort(2)
    cites = [proxy.index(r, 2).data() for r in range(proxy.rowCount())]
    assert cites == sorted(cites, key=natural_key)
    last_sec_2 = max(i for i, c in enumerate(cites) if c.startswith("Sec. 2"))
    first_sec_10 = min(i for i, c in enumerate(cites) if c.startswith("Sec. 10"))
    assert last_sec_2 < first_sec_10


def test_library_tree_contract_and_filter(qapp, qtmodeltester, corpus_workspace):
    from policylens.workspace import Workspace

    model = LibraryModel()
    with Workspace(corpus_workspace) as ws:
        model.load(ws.documents(), ws.nodes)
        qtmodeltester.check(model)
        documents = ws.documents()
    kinds = {model.index(r, 0).data(ItemKindRole) for r in range(model.rowCount())}
    assert kinds == {"jurisdiction"}
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(shown) == len({d.jurisdiction for d in documents})

    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("Article 5")
    assert 0 < proxy.rowCount() < model.rowCount()
    eu = proxy.index(0, 0)
    assert "Union" in eu.data()
    qtmodeltester.check(proxy)
    proxy.setFilterFixedString("Article 73")        # the tree writes it "Art. 73 — Reporting of …"
    assert _shown(proxy, "Art. 73 — ")
    proxy.setFilterFixedString("Section 4.2")
    assert _shown(proxy, "Sec. 4.2 — ")


def _shown(proxy, prefix: str) -> bool:
    """Whether a row starting with ``prefix`` is in the filtered tree (at any depth)."""
    pending = [proxy.index(r, 0) for r in range(proxy.rowCount())]
    while pending:
        index = pending.pop()
        if (index.data() or "").startswith(prefix):
            return True
        pending += [proxy.index(r, 0, index) for r in range(proxy.rowCount(index))]
    return False


def test_vetoed_and_revoked_documents_show_their_status(qapp, corpus_workspace):
    from policylens.workspace import Workspace

    model = LibraryModel()
    with Workspace(corpus_workspace) as ws:
        model.load(ws.documents(), ws.nodes)
    labels = []
    for r in range(model.rowCount()):
        group = model.index(r, 0)
        labels += [model.index(c, 0, group).data() for c in range(model.rowCount(group))]
    assert any("SB-1047" in label and "Vetoed" in label for label in labels)
    assert any("EO 14110" in label and "Revoked" in label for label in labels)


def test_a_catalogued_status_reads_in_the_catalogues_words_in_every_model(qapp, corpus_workspace, records):
    """METI's guidelines v1.0 are non-binding and superseded: the library, the obligations table
    and its tooltip say "Non-binding (superseded)", as the reader's banner and briefings do."""
    from policylens_ui.models.obligations import DOC_COLUMN, STATUS_COLUMN, ObligationsModel
    from PySide6.QtCore import Qt

    from policylens.facts import facts_of
    from policylens.workspace import Workspace

    meti = "jp-meti-ai-guidelines-v1.0"
    model = LibraryModel()
    with Workspace(corpus_workspace) as ws:
        model.load(ws.documents(), ws.nodes)
        expected = facts_of(ws.document(meti)).status_label
    assert expected == "Non-binding (superseded)"
    labels = [model.index(c, 0, model.index(r, 0)).data()
              for r in range(model.rowCount()) for c in range(model.rowCount(model.index(r, 0)))]
    assert any(label.startswith("METI") and label.endswith(f"[{expected}]") for label in labels)
    table = ObligationsModel(records[0], {meti: "METI"})
    row = next(n for n, record in enumerate(table._records) if record["doc"] == meti)
    assert table.index(row, STATUS_COLUMN).data() == expected
    assert table.index(row, DOC_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == f"METI: {expected}"
