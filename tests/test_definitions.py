"""Defined terms used by a provision, on the real corpus."""

from __future__ import annotations

from policylens.definitions import definitions, terms_used, uses

EU = "eu-ai-act-2024-1689"
SB1047 = "us-ca-sb1047"


def first_unit_using(ws, doc_id: str, *words: str, outside: str = "") -> str:
    for node in ws.nodes(doc_id):
        text = node.text.lower()
        if node.is_unit and all(w in text for w in words) and not (outside and node.id.startswith(outside)):
            return node.id
    raise AssertionError(f"no provision of {doc_id} uses {words}")


def test_eu_provision_gets_provider_and_deployer_from_article_3(workspace):
    node_id = first_unit_using(workspace, EU, "provider", "deployer", outside=f"{EU}/art-3/")
    found = {term.casefold(): definer for term, definer in terms_used(workspace, node_id)}
    assert found["provider"].cite == "Art. 3(3)"
    assert found["deployer"].cite == "Art. 3(4)"


def test_sb1047_provision_gets_the_covered_model_definition(workspace):
    node_id = first_unit_using(workspace, SB1047, "covered model", outside=f"{SB1047}/bpc-22602/")
    found = {term.casefold(): definer for term, definer in terms_used(workspace, node_id)}
    assert found["covered model"].cite.startswith("§ 22602")
    assert "covered model" in found["covered model"].text.lower()


def test_a_definition_is_not_listed_for_itself_and_terms_are_listed_once(workspace):
    term, definer = next(pair for pair in definitions(workspace, EU) if pair[0].casefold() == "provider")
    terms = [t.casefold() for t, d in terms_used(workspace, definer.id)]
    assert all(d.id != definer.id for _, d in terms_used(workspace, definer.id))
    assert len(terms) == len(set(terms))


def test_unknown_provision_has_no_terms(workspace):
    assert terms_used(workspace, f"{EU}/no-such-article") == []


def test_a_term_is_found_however_its_letters_are_cased():
    assert uses("Providers of HIGH-RISK AI SYSTEMS shall", ["AI system", "deployer"]) == ["AI system"]
    # letters the pattern folds to ASCII ones are not lost by the quick substring test
    assert uses("Aİ systems and ſafety", ["AI system", "safety"]) == ["AI system", "safety"]
