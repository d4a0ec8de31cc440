"""Briefing PDFs: the document an analyst hands on, every statement quoted with its citation.

* ``build_brief(ws, options, out, *, progress=None, cancel=None) -> BriefResult``
* ``render_first_page_png(pdf_path, out_png, *, width_px=600) -> Path`` for a preview

``content`` chooses what is quoted; ``cover``, ``sections``, ``figure`` and ``appendix`` lay it
out; ``document`` is the page frame and outline; ``fonts`` and ``style`` the look.
"""

from policylens.brief.build import build_brief
from policylens.brief.options import BriefError, BriefOptions, BriefResult
from policylens.brief.preview import render_first_page_png

__all__ = ["BriefError", "BriefOptions", "BriefResult", "build_brief", "render_first_page_png"]
