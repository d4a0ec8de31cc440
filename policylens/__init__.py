"""PolicyLens core: catalogue, ingestion, provisions, extraction, graph, workspace, export, CLI.

Nothing under this package imports Qt; the desktop application lives in ``policylens_ui``.
"""

__version__ = "0.1.0"
