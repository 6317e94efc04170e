#!/bin/sh
# citetool in a pipeline: "-" is standard input, data goes to standard output, messages to
# standard error. Here: the article page → BibTeX → an APA reference list numbered by nl,
# then the same list in Markdown with only the references that have a DOI.
# Usage: sh examples/pipeline.sh   (from anywhere; needs citetool on PATH)
set -eu
cd "$(dirname "$0")"
CITETOOL=${CITETOOL:-citetool}

$CITETOOL format --to bibtex socsci-9-1.txt | $CITETOOL format --style apa - | nl -w1 -s'. '
$CITETOOL format --style apa --output-format markdown - < refs.bib | grep 'https://doi.org/'
