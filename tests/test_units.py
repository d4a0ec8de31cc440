"""Sentence splitting, unit marking and list stems."""

from __future__ import annotations

import re

import pytest

from policylens.ingest.text import read_text
from policylens.model import Node
from policylens.structure import eo
from policylens.structure.units import finalize, is_list_stem, split_sentences


def words(text: str) -> list[str]:
    return re.sub(r"\s+", " ", text).strip().split(" ")


@pytest.mark.parametrize("text, expected", [
    ("Pursuant to 50 U.S.C. 4501 et seq., the Secretary shall act. The Director shall report.", 2),
    ("As set out in Art. 5 and Arts. 6 to 8 of Regulation (EU) 2016/679, No. 3 applies. It ends.", 2),
    ("Models trained with more than 10^26 operations, e.g. large ones, i.e. frontier ones, count.", 1),
    ("See Sec. 4.2(a) and 15 C.F.R. 7.4 of the U.S. Government rules. Then stop.", 2),
    ("Pub. L. 117-263, div. G, title LXXII, applies. Dr. Smith and Mr. Jones of Acme Co. Ltd. agree.", 2),
    ("It costs 2.5 times as much, cf. p. 12 and pp. 14-15 and para. 3. Next sentence.", 2),
    ("Is this allowed? No. It is prohibited!", 3),
    ("The term “model” means a system.” The next sentence begins here.", 2),
    # a guideline's bullet opening with its own labels: "U-2) i." is no sentence
    ("U-2) i. Proper use (of AI) that considers safety", 1),
    ("C-5) 1. Ensure security. Report incidents.", 2),
    ("In 2024 i. The end.", 2),
])
def test_abbreviations_do_not_end_sentences(text, expected):
    sentences = split_sentences(text)
    assert len(sentences) == expected, sentences
    assert words(" ".join(sentences)) == words(text)


def test_splitting_the_whole_order_keeps_every_word(corpus_dir):
    lines = read_text(corpus_dir / "us-eo-14110.txt").lines
    total = 0
    for line in lines:
        sentences = split_sentences(line.text)
        total += len(sentences)
        assert words(" ".join(sentences)) == words(line.text)
        for sentence in sentences:
            assert not re.search(r"\b(?:U\.S\.C|C\.F\.R|Sec|No)\.$", sentence), sentence
    assert total > 500


def test_stem_detection():
    assert is_list_stem("The Secretary of Commerce shall:")
    assert is_list_stem("the provider shall do all of the following")
    assert is_list_stem("These efforts shall include —")
    assert not is_list_stem("The Secretary shall publish a report.")


def node(node_id, kind, text, parent=None, label="", cite="Sec. 9"):
    return Node(id=node_id, doc="d", kind=kind, label=label, cite=cite, section="Sec. 9",
                text=text, parent=parent)


def test_finalize_units_stems_and_order():
    tree = [
        node("d/sec-9", "section", "It is the policy to protect privacy. Agencies shall:"),
        node("d/sec-9/a", "paragraph", "publish guidance; and", "d/sec-9", "a", "Sec. 9(a)"),
        node("d/sec-9/b", "paragraph", "Report annually. The report shall include:", "d/sec-9",
             "b", "Sec. 9(b)"),
        node("d/sec-9/b/i", "subparagraph", "the costs.", "d/sec-9/b", "i", "Sec. 9(b)(i)"),
    ]
    result = finalize(tree)
    assert [n.order for n in result] == list(range(len(result)))
    ids = [n.id for n in result]
    assert len(ids) == len(set(ids))
    section = result[0]
    assert not section.is_unit and section.text == tree[0].text
    sentences = [n for n in result if n.parent == "d/sec-9" and n.kind == "sentence"]
    assert [s.text for s in sentences] == ["It is the policy to protect privacy.", "Agencies shall:"]
    assert all(s.is_unit and s.cite == "Sec. 9" and s.id.startswith("d/sec-9/s") for s in sentences)
    item_a = next(n for n in result if n.id == "d/sec-9/a")
    assert item_a.is_unit and item_a.stem == "Agencies shall:"
    item_b_sentences = [n for n in result if n.parent == "d/sec-9/b"
                        and n.kind == "sentence"]
    assert [s.stem for s in item_b_sentences] == ["Agencies shall:", "Agencies shall:"]
    nested = next(n for n in result if n.id == "d/sec-9/b/i")
    assert nested.stem == "The report shall include:"     # the nearest stem
    for unit in (n for n in result if n.is_unit):
        assert unit.stem not in unit.text or not unit.stem


def test_preamble_and_closing_are_units_but_digests_figures_and_headings_are_not():
    result = finalize([node("d/preamble", "preamble", "By the authority vested in me."),
                       node("d/closing", "closing", "THE WHITE HOUSE."),
                       node("d/digest", "digest", "This bill would require a developer to comply."),
                       node("d/figure", "figure", "Figure 3. Structure of these guidelines."),
                       node("d/heading", "heading", "When developing AI")])
    assert [n.id for n in result if n.is_unit] == ["d/preamble", "d/closing"]
    assert len(result) == 5


def test_finalize_is_stable(corpus_dir):
    source = read_text(corpus_dir / "us-eo-14110.md")
    first = finalize(eo.parse(source, "us-eo-14110"))
    second = finalize(eo.parse(source, "us-eo-14110"))
    assert [(n.id, n.text, n.stem) for n in first] == [(n.id, n.text, n.stem) for n in second]


def test_units_of_the_order(corpus_dir):
    result = finalize(eo.parse(read_text(corpus_dir / "us-eo-14110.md"), "us-eo-14110"))
    units = [n for n in result if n.is_unit]
    by_id = {n.id: n for n in result}
    assert len(units) > 400
    for unit in units:
        assert unit.kind not in ("section", "subsection")
        assert not unit.stem or unit.stem not in unit.text
        assert len(split_sentences(unit.text)) == 1, unit.id
    stemmed = [u for u in units if u.stem]
    assert len(stemmed) > 200
    # every stem is a sentence of an ancestor that ends by introducing its list
    for unit in stemmed:
        ancestor, found = by_id.get(unit.parent), False
        while ancestor and not found:
            found = unit.stem in split_sentences(ancestor.text)
            ancestor = by_id.get(ancestor.parent)
        assert found and is_list_stem(unit.stem), unit.id


def test_a_quotation_after_a_colon_belongs_to_the_sentence_that_quotes_it():
    text = ("in Article 17, the following paragraph is added: ‘3. When adopting acts. The requirements "
            "shall be taken into account.’; The next one. The provider’s duty. Another.")
    assert split_sentences(text) == [
        "in Article 17, the following paragraph is added: ‘3. When adopting acts. The requirements shall be "
        "taken into account.’; The next one.", "The provider’s duty.", "Another."]
