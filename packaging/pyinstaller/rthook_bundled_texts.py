"""Runtime hook: tell the application where a build with ``--corpus-dir`` put the official texts.

The core reads only the environment variable, so it never needs to know it runs frozen.
"""

import os
import sys
from pathlib import Path

_texts = Path(getattr(sys, "_MEIPASS", "")) / "corpus-texts"
if _texts.is_dir():
    os.environ.setdefault("POLICYLENS_BUNDLED_TEXTS", str(_texts))
