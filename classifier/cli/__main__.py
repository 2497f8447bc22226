"""`python -m classifier.cli`: the `classifier` command."""

from . import run

run()
