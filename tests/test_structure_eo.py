"""The EO 14110 profile on the official Markdown and plain-text renderings."""

from __future__ import annotations

import re

import pytest

from policylens.ingest.text import read_text
from policylens.structure import eo, parse

DOC = "us-eo-14110"
CITE = re.compile(r"^Sec\. \d{1,2}(?:\.\d)?(?:\((?:[a-z]{1,2}|[ivx]+|[A-Z]|\d{1,2})\))*$")


@pytest.fixture(scope="module")
def tree(corpus_dir):
    return eo.parse(read_text(corpus_dir / "us-eo-14110.md"), DOC)


def by_cite(nodes, cite):
    found = [n for n in nodes if n.cite == cite and n.kind != "sentence"]
    assert found, f"{cite} not found"
    return found[0]


def test_sections_and_subsections_present(tree):
    sections = {n.cite: n for n in tree if n.kind == "section"}
    assert list(sections) == [f"Sec. {n}" for n in range(1, 14)]
    assert sections["Sec. 1"].heading == "Purpose"
    assert sections["Sec. 4"].id == f"{DOC}/sec-4"
    subsections = {n.cite for n in tree if n.kind == "subsection"}
    expected = ({f"Sec. 4.{n}" for n in range(1, 9)} | {f"Sec. 5.{n}" for n in range(1, 4)}
                | {f"Sec. 7.{n}" for n in range(1, 4)} | {"Sec. 10.1", "Sec. 10.2"})
    assert subsections == expected
    assert by_cite(tree, "Sec. 4.7").heading.endswith("Federal Data for AI Training")
    assert by_cite(tree, "Sec. 4.7").text.startswith("To improve public data access")


def test_preamble_and_closing(tree):
    assert tree[0].kind == "preamble" and tree[0].section == "Preamble"
    assert tree[0].text.startswith("By the authority vested in me as President")
    assert tree[-1].kind == "closing"
    assert tree[-1].text == "JOSEPH R. BIDEN JR. THE WHITE HOUSE, October 30, 2023."


def test_nested_paragraph_levels(tree):
    item = by_cite(tree, "Sec. 4.2(a)(i)(B)")
    assert item.section == "Sec. 4.2"
    assert item.kind == "clause"
    assert item.parent == by_cite(tree, "Sec. 4.2(a)(i)").id
    assert by_cite(tree, "Sec. 4.2(d)(i)(B)(4)").kind == "subclause"
    assert by_cite(tree, "Sec. 4.1(a)(i)(A)").text.startswith("developing a companion resource")
    assert by_cite(tree, "Sec. 2(a)").text.startswith("Artificial Intelligence must be safe")


def test_letter_i_and_roman_i_told_apart(tree):
    # (i) after (h) is the ninth letter; a first (i) under a letter is roman
    assert by_cite(tree, "Sec. 10.1(i)").parent == f"{DOC}/sec-10.1"
    assert by_cite(tree, "Sec. 10.1(i)").text.startswith("The initial means, instructions")
    assert by_cite(tree, "Sec. 3(i)").parent == f"{DOC}/sec-3"
    assert by_cite(tree, "Sec. 3(v)").parent == f"{DOC}/sec-3"
    assert by_cite(tree, "Sec. 3(k)(ii)").parent == by_cite(tree, "Sec. 3(k)").id
    assert by_cite(tree, "Sec. 12(c)(xxix)").parent == by_cite(tree, "Sec. 12(c)").id
    assert by_cite(tree, "Sec. 3(gg)").parent == f"{DOC}/sec-3"


def test_cites_ids_and_text_are_well_formed(tree):
    ids = [n.id for n in tree]
    assert len(ids) == len(set(ids))
    known = set()
    for node in tree:
        assert node.parent is None or node.parent in known, node.id   # parents come first
        known.add(node.id)
        if node.kind not in ("preamble", "closing"):
            assert CITE.match(node.cite), node.cite
            assert node.cite.startswith(node.section)
        if node.heading:
            assert node.heading not in node.text
        assert not re.match(r"^\((?:[a-z]{1,2}|[ivx]+|[A-Z]|\d+)\)\s", node.text), node.cite


def test_text_rendering_gives_the_same_tree(corpus_dir, tree):
    plain = eo.parse(read_text(corpus_dir / "us-eo-14110.txt"), DOC)
    assert [(n.id, n.text) for n in plain] == [(n.id, n.text) for n in tree]


def test_finalized_units_carry_stems(corpus_dir):
    units = [n for n in parse(read_text(corpus_dir / "us-eo-14110.md"), DOC, "eo") if n.is_unit]
    member = next(u for u in units if u.cite == "Sec. 12(c)(i)")
    assert member.text == "the Secretary of State;"
    assert member.stem.startswith("In addition to the Chair, the White House AI Council shall consist")
    assert member.stem.endswith(":")
    assert not any(u.kind in ("section", "subsection") for u in units)
