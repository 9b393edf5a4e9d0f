"""Precis: turn a structured summary of a review into a one-page PDF fact sheet and a Word briefing.

Content flows one way, and the folders are its stages:

- `content`: a YAML summary read with the position of every value, validated into the model;
- `theme`: how the documents look (the model generators read, apart from how it is loaded);
- `formats`: one package per output format, each turning a summary and a theme into bytes;
- `build`: what is stale, rendering in workers, atomic writes and the manifest.

On top sit the command line (`cli`, `console`, `watch`) and project scaffolding (`project`).
"""

__version__ = "0.2.0"
