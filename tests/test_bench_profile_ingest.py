"""The sampling profile of ingest: samples summed by stage and by the function on top of the stack."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from support import DEV_ARTICLES, ROOT

sys.path.insert(0, str(ROOT / "bench"))

import profile_ingest

MAIN = 'process 1:"python -m newsweave ingest x"'
WORKER = 'process 2:"python -m newsweave.stories.worker"'
PIPELINE = "ingest (newsweave/pipeline.py:90)"
AHEAD = "<module> (newsweave/stories/worker.py:12)"
STACKS = [
    (MAIN, PIPELINE, "prepare (newsweave/pipeline.py:70)", "judge (newsweave/clean/furniture.py:12)", 6),
    (
        MAIN,
        PIPELINE,
        "process (newsweave/stories/stage.py:50)",
        "_choose (newsweave/stories/cluster.py:130)",
        3,
    ),
    (MAIN, 1),
    (WORKER, AHEAD, "serve (newsweave/stories/embed.py:140)", "embed (newsweave/stories/embed.py:60)", 8),
    (WORKER, AHEAD, "loads (json/__init__.py:346)", 2),
]
RAW = "".join(";".join(stack[:-1]) + f" {stack[-1]}\n" for stack in STACKS)


def test_samples_are_summed_by_stage_and_by_top_function(tmp_path):
    raw = tmp_path / "stacks.txt"
    raw.write_text(RAW)
    figures = profile_ingest.summarise(raw)
    assert figures["samples"] == 20
    assert figures["by_stage"] == {
        "worker: embed": 0.4,
        "clean": 0.3,
        "stories: place": 0.15,
        "worker: other": 0.1,
        "other (start-up, imports, idle waits)": 0.05,
    }
    assert figures["top_self"][0] == {"function": "embed (newsweave/stories/embed.py:60)", "share": 0.4}


@pytest.mark.skipif(
    shutil.which("py-spy") is None and not Path(sys.executable).with_name("py-spy").exists(),
    reason="py-spy is in the bench extra",
)
@pytest.mark.slow
def test_a_real_ingest_is_profiled(tmp_path):
    raw = tmp_path / "stacks.txt"
    try:
        profile_ingest.record(DEV_ARTICLES, raw, tmp_path / "p.db")
    except SystemExit as error:
        if "Permission denied" in str(error) or "Operation not permitted" in str(error):
            pytest.skip(f"py-spy may not trace processes here: {error}")
        raise
    figures = profile_ingest.summarise(raw)
    assert figures["samples"] > 50
    stages = figures["by_stage"]
    stories = stages.get("stories: features", 0) + stages.get("stories: place", 0)
    assert stages.get("clean", 0) > 0 and stories > 0
