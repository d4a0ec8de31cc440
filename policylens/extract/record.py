"""The result of extraction for one provision unit (or one part of it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class Extraction:
    """What a provision unit obliges, permits or recommends, with the evidence for each field.

    ``part`` is 0, or 1.. when one sentence binds two actors differently ("the Secretary of HUD
    shall, and the Director of the CFPB is encouraged to, issue …") and so yields two units.
    ``cues`` maps a field name to the evidence that decided it (pattern name, matched phrase,
    source of an inherited actor, matched theme terms) so that the reason can be shown.
    """

    node_id: str
    part: int = 0
    text: str = ""
    modality: str = "none"          # obligation | prohibition | permission | recommendation | none
    actor_text: str = ""
    actor_explicit: bool = False
    actor_role: str = ""
    themes: list[str] = field(default_factory=list)
    condition: str = ""
    deadline_text: str = ""
    deadline_date: str = ""         # ISO date or ""
    refs: list[str] = field(default_factory=list)   # resolved node ids of the same document
    defines: str = ""               # the term a definition defines, or ""
    cues: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Extraction:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
