"""The manifest of a synthetic corpus: what was asked, what came out, and a checksum to trace it.

Benchmark figures quote a corpus; the manifest says which (sha256, parameters) and what is
in it (stories, copy share, languages, dates), so a figure can be read against its data.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from results import file_digest


def histogram(values: list[int]) -> dict[str, int]:
    return {str(size): count for size, count in sorted(Counter(values).items())}


def min_same_seed_gap(records: list[dict], gold: list[dict]) -> float:
    """The smallest gap in days between the starts of two instances of one seed."""
    starts: dict[str, str] = {}
    seed_of: dict[str, str] = {}
    for record, line in zip(records, gold, strict=True):
        starts.setdefault(line["story"], record["date_publish"])
        seed_of[line["story"]] = line["seed"]
    by_seed: dict[str, list[datetime]] = {}
    for story, start in starts.items():
        by_seed.setdefault(seed_of[story], []).append(datetime.fromisoformat(start))
    gaps = [
        (b - a).total_seconds() / 86400
        for found in by_seed.values()
        for a, b in zip(sorted(found), sorted(found)[1:], strict=False)
    ]
    return round(min(gaps), 2) if gaps else None


def manifest(path: Path, records: list[dict], gold: list[dict], params: dict, extra: dict) -> dict:
    """Parameters, checksum, counts and shape of the corpus written at ``path``."""
    kinds = Counter(line["kind"] for line in gold)
    copies = sum(count for kind, count in kinds.items() if kind.startswith("copy:"))
    stories = Counter(line["story"] for line in gold)
    groups = Counter(line["copy_group"] for line in gold)
    dates = [record["date_publish"] for record in records]
    seeds = Counter(line["seed"] for line in gold)
    return {
        "file": path.name,
        "sha256": file_digest(path),
        "params": params,
        "articles": len(records),
        "originals": kinds["original"],
        "copies": copies,
        "copy_share": round(copies / len(records), 4),
        "kinds": dict(sorted(kinds.items())),
        "copy_group_sizes": histogram([size for size in groups.values() if size > 1]),
        "stories": len(stories),
        "story_sizes": histogram(list(stories.values())),
        "seeds_used": len(seeds),
        "pair_seed_share": round(sum(c for s, c in seeds.items() if s.startswith("pair-")) / len(gold), 4),
        "languages": dict(Counter(line["language"] for line in gold).most_common()),
        "language_undeclared": sum(record["language"] is None for record in records),
        "outlets": len({record["source_domain"] for record in records}),
        "date_range": [min(dates), max(dates)],
        "min_same_seed_gap_days": min_same_seed_gap(records, gold),
        **extra,
    }
