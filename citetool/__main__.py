"""``python -m citetool``: the same command line as the ``citetool`` script."""
from citetool.cli import main

main()
