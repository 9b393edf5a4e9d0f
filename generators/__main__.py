"""`python -m generators` runs the `precis` command."""

from .cli import main

main()
