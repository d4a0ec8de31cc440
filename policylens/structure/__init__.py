"""Parsing a document's text into a tree of provisions, one profile per drafting style.

Each profile module exposes ``parse(source, doc_id) -> list[Node]``: the tree in reading order,
parents first, each node with its own text.  ``units.finalize`` then splits sentences into
provision units and gives list items their stems, the same way for every profile.
"""

from __future__ import annotations

from importlib import import_module

from policylens.ingest.source import SourceText
from policylens.model import Node

PROFILES = ("eu", "eo", "sb1047", "meti", "generic")

# Bump when reading or parsing changes what a file turns into (texts, units, ids).
VERSION = "26"


def parse(source: SourceText, doc_id: str, profile: str) -> list[Node]:
    """The finalized provision tree of ``source`` under ``profile``."""
    if profile not in PROFILES:
        raise ValueError(f"unknown structure profile {profile!r}")
    from policylens.structure.units import finalize
    module = import_module(f"policylens.structure.{profile}")
    return finalize(module.parse(source, doc_id))


def sections(nodes: list[Node]) -> set[str]:
    """The top-level sections present in a tree (for structure checks and reports)."""
    return {n.section for n in nodes if n.section}
