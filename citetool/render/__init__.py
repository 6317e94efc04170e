"""CSL rendering: finding a style and running citeproc-py with our rules.

Where each part of the CSL 1.0.2 specification is implemented:

- loading a style, dependent styles: styles.py; validating it: validation.py
- Locale, terms (locale files, fallback): locales.py; terms in cs:text: text.py
- Rendering elements, cs:text and variables: text.py
- citation-label made for a record without one (Appendix IV, Variables): labels.py
- Date, date-part, date ranges: dates.py
- Number, label, page ranges, locators: numbers.py, number_end.py (marks after numbers)
- Names, name, et-al, name-part formatting, particles: names.py
- Layout, group, macro, choose: compiled.py (each compiled once into closures; a choose's
  branches settled once per item shape), conditions.py (the tests of cs:if)
- Substitute: groups.py; memoized lookups: lookups.py
- Text-case: textcase.py
- Sorting: sorting.py
- Disambiguation, year suffixes: disambiguation.py
- Citation: cite positions, grouping and collapsing, locators: citations.py
- Bibliography: subsequent-author-substitute, second-field-align: bibliography.py
- Punctuation, quotes: punctuation.py
- Output formats (text, HTML, Markdown), rich text markup: output.py, richtext.py, markdown.py
- Input variables (CSL-JSON as citeproc-py reads it, fields in a note's first lines):
  source.py; record text kept whole past our private-use marks: sheltered.py
- Entry points (render_bibliography, render_citations) and citeproc-py's hooks: engine.py
- Large bibliographies on several cores: parallel.py
"""
