"""Precis: turn a structured summary of a review into a one-page PDF fact sheet and a Word briefing.

Content flows one way: `reader` parses YAML with positions, `loader` validates it into the
`model`, a generator from `registry` renders bytes, and `build` writes them atomically.
"""

__version__ = "0.2.0"
