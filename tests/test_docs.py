"""The mapping tables in docs/formats.md say what the code does."""
from __future__ import annotations

from conftest import ROOT

from citetool.readers import bibtex as bibtex_reader
from citetool.readers import ris as ris_reader
from citetool.writers import bibtex as bibtex_writer
from citetool.writers import ris as ris_writer

DOC = (ROOT / "docs" / "formats.md").read_text("utf-8")


def test_every_type_mapping_is_documented():
    for entry_type, csl in bibtex_reader.CSL_TYPES.items():
        assert f"| `@{entry_type}` | `{csl}` |" in DOC
    for csl, entry_type in bibtex_writer.BIBTEX_TYPES.items():
        assert f"| `{csl}` | `@{entry_type}` |" in DOC
    for tag, csl in ris_reader.CSL_TYPES.items():
        assert f"| `{tag}` | `{csl}` |" in DOC
    for csl, tag in ris_writer.RIS_TYPES.items():
        assert f"| `{csl}` | `{tag}` |" in DOC


def test_every_bibtex_field_is_documented():
    for field in [*bibtex_reader.TEXT_FIELDS, *bibtex_reader.NAME_FIELDS,
                  *bibtex_reader.DATE_FIELDS]:
        assert f"| `{field}` |" in DOC


def test_readme_shows_real_output():
    from conftest import SEED

    from citetool import api

    readme = (ROOT / "README.md").read_text("utf-8")
    items = api.load([SEED]).items
    for style in ("mdpi", "apa"):
        assert f"\n{api.format_bibliography(items, style)}```" in readme
