"""Start a project of one's own: `precis init`, `precis new` and `precis schema --out`.

What these write works where it is written: the example and the skeleton name their JSON Schema
by a path beside them, and the schema is written there too.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel

from .build.output import write_error
from .content.loader import SLUG, suggest_slug
from .content.model import Summary
from .content.skeleton import SKELETON
from .errors import PrecisError
from .theme.loader import DEFAULT_FILES, TEMPLATES, packaged
from .theme.model import ThemeSettings

CONTENT = Path("content")
SUMMARY_SCHEMA = "summary.schema.json"
THEME_SCHEMA = "theme.schema.json"
EXAMPLE = "durham-child-protection.yaml"
"""The bundled example: a real review, every fact from its press release."""


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def example_bytes() -> bytes:
    return importlib.resources.files("generators.content").joinpath("example", EXAMPLE).read_bytes()


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all: never overwrites."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PrecisError([write_error(path, exc)]) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(tmp, path)  # fails if `path` exists, where a rename would replace it
    except FileExistsError:
        raise PrecisError.at(
            path, 1, 1, "already exists; Precis never overwrites it (edit it, or move it away)"
        ) from None
    except OSError as exc:
        raise PrecisError([write_error(path, exc)]) from None
    finally:
        os.unlink(tmp)


def init_project(folder: Path, *, templates: bool = False) -> list[Path]:
    """A new project in `folder`: the example summary and its schema in `content/`, a
    `.gitignore` for `build/`, and with `templates`, copies of the default templates to edit."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PrecisError.at(
            folder,
            1,
            1,
            "is not an empty folder; give the name of a new one, e.g. `precis init my-reviews`",
        )
    files = {
        CONTENT / EXAMPLE: example_bytes(),
        CONTENT / SUMMARY_SCHEMA: schema_text(Summary).encode(),
        Path(".gitignore"): b"/build/\n",
    }
    if templates:
        files |= {TEMPLATES / name: packaged(name).read_bytes() for name in DEFAULT_FILES}
        files[TEMPLATES / THEME_SCHEMA] = schema_text(ThemeSettings).encode()
    written = []
    for name, data in files.items():
        write_new(folder / name, data)
        written.append(folder / name)
    return written


def new_summary(folder: Path, slug: str) -> list[Path]:
    """A commented skeleton `folder/SLUG.yaml`, and the schema its first line names if the
    folder lacks it."""
    target = folder / f"{slug}.yaml"
    if not SLUG.fullmatch(slug):
        raise PrecisError.at(
            target,
            1,
            1,
            f"`{slug}` is not a valid slug (lowercase letters, digits and hyphens); "
            f"try `{suggest_slug(slug)}`",
        )
    write_new(target, SKELETON.encode())
    written = [target]
    schema = folder / SUMMARY_SCHEMA
    if not schema.exists():
        write_new(schema, schema_text(Summary).encode())
        written.append(schema)
    return written
