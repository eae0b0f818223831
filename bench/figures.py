"""Printing a benchmark's figures and keeping them as JSON, the same way for every script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def report(figures: dict[str, Any], path: Path | None) -> None:
    """Print ``name: value`` lines, and write the figures to ``path`` when given."""
    for name, value in figures.items():
        print(f"{name}: {value}")
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
