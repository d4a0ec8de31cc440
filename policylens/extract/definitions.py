"""Defined terms: "'provider' means …", "“Covered model” means …", "X has the same meaning as …"."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"^(?:\(?[0-9a-z]{1,4}[).]\s*)?(?:[^‘'“\"]{0,60}?)[‘'“\"]([^’'”\"]{1,80})"
                     r"[’'”\"]\s*(?:\([^)]*\)\s*)?(?:means|shall mean|has the (?:same )?meaning|"
                     r"refers to|includes|shall include|does not include|shall not include)\b")


def defined_term(text: str) -> str:
    """The term ``text`` defines, or ""."""
    m = _QUOTED.match(text.strip())
    return m.group(1).strip() if m else ""
