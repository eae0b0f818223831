"""The quality gate: dev-data figures against their pinned floors in ``bench/floors.toml``.

Each figure is measured as its benchmark measures it (the same bench code, the same
data), so a change that costs quality fails ``make test`` instead of surfacing at the
next benchmark run.  Quotes and corroboration are gated in their own test modules.
The dev-data tests are marked ``slow`` (together about 45 s on 2 cores): ``-m "not slow"``
leaves them out of a quick run.  ``pytest -s`` prints every figure beside its floor.
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from newsweave.evaluation import bcubed
from support import DEV_DATA, FLOORS, ROOT, assert_floors

sys.path.insert(0, str(ROOT / "bench"))

MIN_PAIRS = 40  # language pairs with fewer pairs swing too much to gate
EXTRACTION_EVERY = 3  # every 3rd page: 330 of 990 (bench/floors.toml [extraction] says why)
EXTRACTION_PROCESSES = 2

slow = pytest.mark.slow


def test_every_floor_says_today_and_how_it_is_measured():
    """A floor is only reviewable next to today's figure and the command that measures it."""
    lines = FLOORS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[\w-]+ = ", line):
            comment = lines[number - 1]
            assert comment.startswith("# today ") and ".venv/bin/python" in comment, line


def test_a_figure_below_its_floor_or_above_its_ceiling_fails_with_its_name():
    with pytest.raises(AssertionError, match=r"stories.bcubed_recall = 0.5000 is below its floor 0.92"):
        assert_floors("stories", {"bcubed_precision": 1.0, "bcubed_recall": 0.5, "bcubed_f1": 1.0})
    with pytest.raises(AssertionError, match=r"same_event_linked_max = 1 is above its ceiling 0"):
        assert_floors("copies", {"ari_strict": 1.0, "precision_strict": 1.0, "same_event_linked_max": 1})
    with pytest.raises(AssertionError, match="floors"):
        assert_floors("stories", {"bcubed_precision": 1.0})


@slow
def test_stories_on_the_ingest_path(dev_store):
    """BCubed of each article's story, as ``newsweave ingest`` stored it, against the gold events."""
    with (DEV_DATA / "news_cluster_dev" / "gold.jsonl").open(encoding="utf-8") as lines:
        gold = {str(row["id"]): row["event"] for row in map(json.loads, lines)}
    found = {a.external_id: a.story or f"unplaced:{a.id}" for a in dev_store.iter_articles()}
    precision, recall, f1 = bcubed(found, gold)
    assert_floors("stories", {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1})


@slow
def test_copies_with_seeded_reprints():
    """Copy groups of the dev articles plus 270 seeded reprints, and no same-event pair linked."""
    import copies_eval

    result = copies_eval.evaluate(30, 7, False)["systems"]["newsweave (LSH)"]
    linked, _ = result["distinct_same_event_linked"]
    assert_floors(
        "copies",
        {
            "ari_strict": result["strict"]["ari"],
            "precision_strict": result["strict"]["precision"],
            "same_event_linked_max": linked,
        },
    )


@slow
def test_pair_similarity_by_language():
    """Pearson of ``newsweave compare --pairs`` with the human rating, overall and per language pair."""
    import stories_eval

    table = stories_eval.pair_scores()["by_language_pair"]
    assert_floors("pairs", {name: row["pearson"] for name, row in table.items() if row["pairs"] >= MIN_PAIRS})


@slow
def test_extraction_on_a_fixed_subset_of_pages():
    """newsweave's snippet scores on every 3rd extraction_dev page, scored by bench/extraction.py."""
    import extraction

    data = extraction.DEFAULT_DATA
    pages = list(json.loads((data / "evaldata.json").read_text(encoding="utf-8")).items())[::EXTRACTION_EVERY]
    work = [("newsweave", data / "html" / f"{item['file']}.gz") for _, item in pages]
    score = extraction.Score()
    for (url, item), (text, seconds) in zip(pages, extraction._map(work, EXTRACTION_PROCESSES), strict=True):
        extraction.score_page(score, url, item, text, seconds)
    assert_floors(
        "extraction",
        {"precision": score.precision, "recall": score.recall, "f1": score.f1, "failed_max": score.failed},
    )
