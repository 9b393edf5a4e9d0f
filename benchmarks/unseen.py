"""Documents no renderer has seen: each benchmark round renders one of these, so neither
Typst's memoised layout nor Precis's parsed paragraphs serve it from a cache."""

from __future__ import annotations

from typing import Any

from generators.content.model import Summary

KEPT_AS_IS = {"url", "email", "published", "grade", "marking", "language"}
"""Fields a number would make invalid."""


def numbered(summary: Summary, n: int) -> Summary:
    """The summary with every sentence in it numbered `n`."""

    def number(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key in KEPT_AS_IS else f"{value} {n}"
        if isinstance(value, dict):
            return {k: number(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [number(v, key) for v in value]
        return value

    return Summary.model_validate(number(summary.model_dump()))
