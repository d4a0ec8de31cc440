"""The inspector: everything PolicyLens knows about one provision, and why.

For each extracted field it shows the value and the cue that decided it (the extractor records
one per field), then the analyst's notes on it, the provisions this one refers to, the
definitions of terms it uses and its counterparts in other documents.  Every provision
mentioned is a link.
"""

from __future__ import annotations

import json
from html import escape

from policylens_ui import related, theme
from policylens_ui.context import AppContext
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from policylens.annotations import list_annotations
from policylens.citations import in_article
from policylens.definitions import terms_used
from policylens.export import EXTRACTED_FIELDS
from policylens.labels import clipped, role_label, theme_label

LINK_SCHEME = "provision"
FIELD_LABELS = {
    "modality": "Modality", "actor_text": "Actor", "actor_explicit": "Actor named", "actor_role": "Role",
    "themes": "Themes", "condition": "Condition", "deadline_text": "Deadline", "deadline_date": "Deadline date",
    "refs": "Refers to", "defines": "Defines",
}
SHOWN_FIELDS = [f for f in EXTRACTED_FIELDS if f not in ("refs", "actor_explicit")]
# the cue that explains each field (the actor cue explains the actor and its role once)
CUE_KEYS = {"actor_text": "actor", "actor_role": "role", "deadline_text": "deadline",
            "deadline_date": "deadline_date"}


def provision_link(provision_id: str, label: str) -> str:
    return f'<a href="{LINK_SCHEME}:{escape(provision_id, quote=True)}">{escape(label)}</a>'


def describe_cue(cue) -> str:
    """A cue in words: "shall: 'shall'", {"span": …, "source": "subject"}, {theme: [terms]}."""
    if cue in (None, "", [], {}):
        return ""
    if isinstance(cue, str):
        return cue
    if isinstance(cue, dict):
        if "source" in cue:
            said = [f"{k} “{v}”" for k, v in cue.items() if k != "source" and v]
            return f"{cue['source']}" + (f" ({', '.join(said)})" if said else "")
        return "; ".join(f"{k.replace('_', ' ')}: {describe_cue(v)}" for k, v in cue.items()
                         if v not in (None, "", [], {}))
    if isinstance(cue, list):
        return ", ".join(describe_cue(c) for c in cue)
    return json.dumps(cue, ensure_ascii=False)


class InspectorView(QWidget):
    provisionActivated = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.provision_id: str | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setFont(theme.body_font())
        self.browser.anchorClicked.connect(self._link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_nothing()
        ctx.workspaceChanged.connect(self.reload)
        ctx.linksChanged.connect(self.reload)
        ctx.annotations.changed.connect(self.reload)

    def show_nothing(self) -> None:
        self.provision_id = None
        self.browser.setHtml("<p><i>Select a provision to see what it requires, of whom, and why "
                             "PolicyLens read it that way.</i></p>")

    def reload(self) -> None:
        if self.provision_id and self.ctx.node(self.provision_id):
            self.show_provision(self.provision_id)
        else:
            self.show_nothing()

    def show_provision(self, provision_id: str) -> None:
        node = self.ctx.node(provision_id)
        if node is None:
            self.show_nothing()
            return
        self.provision_id = provision_id
        doc = self.ctx.document(node.doc)
        parts = self.ctx.extractions(node.doc).get(node.id) or []
        muted = theme.muted_text_colour().name()
        html = [f"<p>{theme.status_badge_html(doc.status, doc.id)} <b>{escape(doc.short_name)}</b></p>",
                f"<h2>{escape(node.cite or node.label)}</h2>"]
        if node.heading:
            html.append(f"<p><i>{escape(' '.join(node.heading.split()))}</i></p>")
        if node.stem:
            html.append(f"<p style='color:{muted}'>{escape(node.stem)} …</p>")
        html.append(f"<p>{escape(node.text)}</p>")
        if node.page:
            html.append(f"<p style='color:{muted}'>Page {node.page} of the original "
                        f"({escape(doc.source_format.upper())})</p>")
        if not parts and node.is_unit:
            html.append("<p><i>No extraction results for this provision yet.</i></p>")
        for number, part in enumerate(parts):
            html += self._part_html(number, len(parts), part, node.text)
        html += self._notes_html(node.id)
        html += self._refs_html(parts)
        html += self._definitions_html(node.id)
        html += self._counterparts_html(provision_id)
        if node.notes:
            html.append("<h3>Footnotes</h3>" + "".join(f"<p>{escape(n)}</p>" for n in node.notes))
        self.browser.setHtml("".join(html))

    def _part_html(self, number: int, count: int, part: dict, node_text: str) -> list[str]:
        """One unit's fields; where the sentence holds several, the clause this one states."""
        cues = part.get("cues") or {}
        muted = theme.muted_text_colour().name()
        title = f"Unit {number + 1} of {count}" if count > 1 else "Extracted fields"
        clause = part.get("text") or ""
        if clause and clause != node_text:
            title += f"<br><small style='color:{muted}'><i>“{escape(clause)}”</i></small>"
        rows = []
        for name in SHOWN_FIELDS:
            value = part.get(name)
            if name == "actor_text" and value and not part.get("actor_explicit"):
                value = f"{value} (not named in the provision: inherited)"
            elif name == "themes":
                value = ", ".join(theme_label(v) for v in value)
            elif name == "actor_role":
                value = role_label(value or "")
            if name == "modality":
                colour = theme.modality_accent(value)
                shown = (f"<b style='color:{colour.name()}'>{escape(theme.MODALITY_LABELS.get(value, value))}</b>"
                         if colour else escape(theme.MODALITY_LABELS.get(value, value or "")))
            else:
                shown = escape(str(value or "—"))
            cue = describe_cue(cues.get(CUE_KEYS.get(name, name)))
            cue_html = f"<br><small style='color:{muted}'>because: {escape(cue)}</small>" if cue else ""
            rows.append(f"<tr><td valign='top'><b>{FIELD_LABELS[name]}</b></td><td>{shown}{cue_html}</td></tr>")
        return [f"<h3>{title}</h3><table cellspacing='0' cellpadding='3'>{''.join(rows)}</table>"]

    def _notes_html(self, node_id: str) -> list[str]:
        notes = list_annotations(self.ctx.ws, node=node_id)
        if not notes:
            return []
        muted = theme.muted_text_colour().name()
        items = []
        for ann in notes:
            quote = f"<i>“{escape(clipped(ann.exact, 120))}”</i><br>" if ann.exact else ""
            tags = " ".join(f"#{escape(t)}" for t in ann.tags)
            items.append(f"<li><span style='color:{ann.color}'>■</span> {quote}{escape(ann.note) or '(no note)'}"
                         f"<br><small style='color:{muted}'>{tags} {escape(ann.author)}</small></li>")
        return [f"<h3>Your notes</h3><ul>{''.join(items)}</ul>"]

    def _refs_html(self, parts: list[dict]) -> list[str]:
        refs = list(dict.fromkeys(ref for part in parts for ref in part.get("refs", [])))
        if not refs:
            return []
        items = []
        for ref in refs:
            target = self.ctx.node(ref)
            label = target.cite if target and target.cite else ref
            items.append(f"<li>{provision_link(ref, label)}</li>")
        return [f"<h3>Refers to</h3><ul>{''.join(items)}</ul>"]

    def _definitions_html(self, node_id: str) -> list[str]:
        definitions = terms_used(self.ctx.ws, node_id)
        if not definitions:
            return []
        items = [f"<li><b>{escape(term)}</b> — {provision_link(target.id, target.cite)}: "
                 f"{escape(clipped(target.text, 220))}</li>" for term, target in definitions]
        return [f"<h3>Definitions of terms used</h3><ul>{''.join(items)}</ul>"]

    def _counterparts_html(self, node_id: str) -> list[str]:
        found = related.counterparts(self.ctx, node_id)
        if found is None:
            return []
        if not found:
            return ["<h3>Counterparts in other documents</h3><p><i>Not linked: it explains rather "
                    "than regulates.</i></p>"]
        items, absent = [], []
        for doc_id, shown in found:
            doc = self.ctx.document(doc_id)
            name = escape(doc.short_name if doc else doc_id)
            badge = theme.status_badge_html(doc.status, doc.id) if doc else ""
            if not shown:
                absent.append(f"{badge} <b>{name}</b>")
                continue
            for target, confidence, why in shown:
                cite = target.cite or target.id
                items.append(f"<li>{badge} <b>{name}</b> {escape(in_article(cite))}{provision_link(target.id, cite)} "
                             f"<small>(confidence {confidence:.2f}{', ' + escape(why) if why else ''})</small><br>"
                             f"{escape(clipped(target.text, 200))}</li>")
        if absent:
            items.append(f"<li>No counterpart in {', '.join(absent)} <small>(no candidate reaches the "
                         f"minimum confidence)</small></li>")
        return [f"<h3>Counterparts in other documents</h3><ul>{''.join(items)}</ul>"]

    def _link(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            self.provisionActivated.emit(url.toString()[len(LINK_SCHEME) + 1:])
