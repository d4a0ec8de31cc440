"""How theme and role ids read for people (``policylens_corpus/labels.json``), and how a list of
names or a long text is shortened for a line.

Every view, export for reading (briefings, explanations) and CLI table uses these, so a theme is
called the same everywhere.
"""

from __future__ import annotations

from functools import lru_cache

from policylens import curated


@lru_cache(maxsize=1)
def _labels() -> dict:
    return curated.load("labels.json")


def theme_label(theme: str) -> str:
    """"Testing and evaluation" for ``testing_evaluation``; an unknown id is made readable."""
    return _labels()["themes"].get(theme) or theme.replace("_", " ").capitalize()


def theme_short_label(theme: str) -> str:
    """The theme as a title names it ("Compute thresholds" for ``compute_reporting``)."""
    return _labels().get("short_themes", {}).get(theme) or theme_label(theme)


def role_label(role: str) -> str:
    """"public authority" for ``public_authority``; empty for no role."""
    return _labels()["roles"].get(role) or role.replace("_", " ")


def themes() -> list[str]:
    """Every theme id of the spec, in the spec's order."""
    return list(_labels()["themes"])


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "incident reporting", but "AI literacy"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def listed(words: list[str]) -> str:
    """"a, b and c": names in running text."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def clipped(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis where it is longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
