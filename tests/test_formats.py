"""The output formats are found, not listed: a new format is one new package."""

from __future__ import annotations

from pathlib import Path

import generators.formats
from generators.formats import FORMATS, _discover


def test_every_format_package_and_only_those_is_discovered() -> None:
    folder = Path(generators.formats.__file__).parent
    packages = sorted(p.name for p in folder.iterdir() if (p / "__init__.py").is_file())
    found = _discover()
    assert [type(f).__module__.split(".")[2] for f in found.values()] == packages
    assert found.keys() == FORMATS.keys() == {"pdf", "docx"}
