"""Text printed in capitals, read in ordinary case.

Colorado prints the law a bill adds in capitals ("ON AND AFTER JUNE 30, 2026, A DEVELOPER OF A
HIGH-RISK ARTIFICIAL INTELLIGENCE SYSTEM SHALL …"), and other documents print whole clauses so.
The tagger reads every capitalised word as a proper noun and the actor lexicon knows its terms in
ordinary case, so extraction reads such a unit in sentence case and gives back what it found in
the document's own letters: the lowering keeps every character in its place."""

from __future__ import annotations

import re
from dataclasses import replace

from policylens.extract.record import Extraction

_CAPITALS_SHARE = 0.9      # of a text's letters in upper case (a cross-reference's "(3)(d)" aside)
_CAPITALS_WORDS = 4        # fewer words is a heading's or a label's, not a clause's
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"“]?([a-z])")


def in_capitals(text: str) -> bool:
    """Whether a clause is printed in capitals."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return len(text.split()) >= _CAPITALS_WORDS and bool(letters) and upper >= _CAPITALS_SHARE * len(letters)


def sentence_case(text: str) -> str:
    """The text in lower case, each sentence's first letter capitalised; every character keeps
    its place."""
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _SENTENCE_START.sub(lambda m: m.group(0)[:-1] + m.group(1).upper(), lowered)


def read_in_sentence_case(nodes) -> tuple[list, dict[str, tuple[str, str]]]:
    """The nodes with every text and stem printed in capitals put in sentence case, and the
    printed text and stem of each node so changed (by id)."""
    printed: dict[str, tuple[str, str]] = {}
    read = []
    for node in nodes:
        text = sentence_case(node.text) if in_capitals(node.text) else node.text
        stem = sentence_case(node.stem) if in_capitals(node.stem) else node.stem
        if (text, stem) == (node.text, node.stem):
            read.append(node)
        else:
            printed[node.id] = (node.text, node.stem)
            read.append(replace(node, text=text, stem=stem))
    return read, printed


def as_printed(extraction: Extraction, printed: tuple[str, str]) -> Extraction:
    """An extraction of a unit read in sentence case, with its quoted words (text, actor,
    condition, time limit, defined term) in the letters the document prints them in, found in
    its text or in the stem it inherits them from."""
    readings = [(original, sentence_case(original)) for original in printed]

    def restore(value: str) -> str:
        for original, read in readings:
            at = read.find(value) if value else -1
            if at >= 0:
                return original[at:at + len(value)]
        return value

    return replace(extraction, text=restore(extraction.text), actor_text=restore(extraction.actor_text),
                   condition=restore(extraction.condition), deadline_text=restore(extraction.deadline_text),
                   defines=restore(extraction.defines))
