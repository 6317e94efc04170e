"""citetool: citations formatted exactly, from article pages, BibTeX, RIS and CSL-JSON."""
from __future__ import annotations

__version__ = "0.1.0"
