"""Paths and helpers shared by the tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "data"
EXAMPLE_A = EXAMPLES / "000_5b3158c098db9def.txt"
EXAMPLE_B = EXAMPLES / "003_8a82f7cbc04b8b6e.txt"


def gold() -> dict:
    """The careful reader's findings for the two example articles."""
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
