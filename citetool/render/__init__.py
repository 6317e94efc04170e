"""CSL rendering: finding a style (:mod:`.styles`) and running citeproc-py with our fixes
(:mod:`.engine`)."""
