"""Reading the curated data shipped in ``policylens_corpus`` (catalogue, lexicons, synonyms).

One reader for every file, so that the data's digest can version what is derived from it:
extraction results and links are rebuilt when the lexicons they came from change.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def text(name: str) -> str:
    """The text of a curated data file."""
    return resources.files("policylens_corpus").joinpath(name).read_text("utf-8")


def load(name: str) -> dict:
    """A curated JSON file, parsed."""
    return json.loads(text(name))


def digest(*names: str) -> str:
    """A short checksum of the named files, for versioning results derived from them."""
    sha = hashlib.sha256()
    for name in names:
        sha.update(text(name).encode("utf-8"))
    return sha.hexdigest()[:12]
