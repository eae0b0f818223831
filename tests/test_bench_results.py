"""The result envelope: every figure file says what machine, versions, commit and command it comes from."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from results import envelope, file_digest, read_results, write_result


def test_the_envelope_names_machine_versions_commit_and_command(tmp_path):
    started = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    result = envelope("speed_10k", {"x": 1}, ["bench/x.py"], 12.34, "full", started)
    assert result["schema"] == 1 and result["step"] == "speed_10k" and result["figures"] == {"x": 1}
    assert result["started"] == "2026-11-30T20:00:00+00:00" and result["wall_s"] == 12.3
    assert result["machine"]["usable_cores"] >= 1 and result["machine"]["memory_gb"] > 0
    assert result["packages"]["newsweave"] and result["packages"]["datasketch"]
    assert len(result["git"]["commit"]) == 40 and isinstance(result["git"]["dirty"], bool)
    write_result(tmp_path / "results/speed_10k.json", result)
    assert read_results(tmp_path / "results") == {"speed_10k": result}


def test_the_corpus_digest_is_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"abc")
    assert file_digest(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
