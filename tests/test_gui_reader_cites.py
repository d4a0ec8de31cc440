"""The reader's margin: long citations of documents in any numbering stay readable."""

from __future__ import annotations

from policylens_ui.views.reader import MARGIN_CHARS, margin_cite


def test_the_readers_margin_keeps_the_label_that_tells_a_provision_apart():
    assert margin_cite("Bus. & Prof. Code § 22757.12(a)(1)") == "§ 22757.12(a)(1)"
    assert margin_cite("Section 3(a)(i)(E), fn. 20") == "3(a)(i)(E), fn. 20"
    assert margin_cite("Measure 1.1(2)(c)(ii)") == "Measure 1.1(2)(c)(ii)"
    long = margin_cite("Section 3(a)(ii)(B)(iv)(C)(2), fn. 120")
    assert len(long) == MARGIN_CHARS and long.startswith("…") and long.endswith("fn. 120")
