"""How a section's name is shown: its citation and its title, each once."""

from __future__ import annotations

import pytest

from policylens.citations import titled


@pytest.mark.parametrize("cite, heading, shown", [
    ("Art. 26", "Obligations of deployers of high-risk AI systems",
     "Art. 26 — Obligations of deployers of high-risk AI systems"),
    ("OVERVIEW", "OVERVIEW", "OVERVIEW"),
    # a title without a number is cited after its section, in its own words
    ("Part 2 B, Activities to be implemented by each AI business actor",
     "Activities to be implemented by each AI business actor",
     "Part 2 B, Activities to be implemented by each AI business actor"),
    ("Sec. 3", "", "Sec. 3"),
])
def test_a_sections_name_shows_its_citation_and_title_once(cite, heading, shown):
    assert titled(cite, heading) == shown
