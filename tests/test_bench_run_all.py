"""The benchmark driver: steps by mode, each result wrapped in the envelope, a failed step reported."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import run_all

WRITE_FIGURES = "import json, sys; json.dump({'answer': 42}, open(sys.argv[1], 'w'))"


def test_modes_choose_their_steps():
    full = {step.name for step in run_all.steps() if "full" in step.modes}
    quick = {step.name for step in run_all.steps() if "quick" in step.modes}
    assert {"speed_10k", "speed_100k", "extraction", "stories_quality", "copies_quality"} <= full
    assert "speed_10k" in quick and "speed_100k" not in quick and "extraction_quick" in quick
    listed = subprocess.run(
        [sys.executable, "bench/run_all.py", "--mode", "quick", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "speed_10k: .venv/bin/python bench/pipeline_speed.py" in listed.replace(
        sys.executable, ".venv/bin/python"
    )


def test_a_step_result_is_kept_in_the_envelope(tmp_path):
    step = run_all.Step("probe", (sys.executable, "-c", WRITE_FIGURES, "{out}"))
    assert run_all.run_step(step, "quick", tmp_path)
    result = json.loads((tmp_path / "probe.json").read_text())
    assert result["figures"] == {"answer": 42} and result["step"] == "probe" and result["mode"] == "quick"
    assert result["command"][0] == ".venv/bin/python" and result["command"][-1].endswith("probe.figures.json")
    assert len(result["machine"]["load"]) == 3 and result["git"]["commit"]


def test_a_failing_step_is_reported_and_keeps_no_result(tmp_path, capsys):
    step = run_all.Step("broken", (sys.executable, "-c", "raise SystemExit(4)"))
    assert not run_all.run_step(step, "quick", tmp_path)
    assert not (tmp_path / "broken.json").exists()
    assert "FAILED (exit 4)" in capsys.readouterr().out
