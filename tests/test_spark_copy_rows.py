"""The copy stage's row functions find what ``CopyStage`` finds."""

from __future__ import annotations

import pandas as pd

from newsweave.copies import compare, fingerprint
from newsweave.pipeline import extract
from newsweave.spark import copy_rows
from support import DEV_DATA

DEV_ARTICLES = DEV_DATA / "news_cluster_dev" / "articles.jsonl"


def test_fingerprints_and_verify_match_the_copy_stage():
    articles = [a for a in extract([str(DEV_ARTICLES)])][:40]
    frame = pd.DataFrame({"id": [a.id for a in articles], "text": [a.text for a in articles]})
    [prints] = copy_rows.fingerprints(iter([frame]))
    found = {a.id: fingerprint(a.text) for a in articles}
    assert set(prints["id"]) == {key for key, value in found.items() if value is not None}
    row = prints.iloc[0]
    assert row["copy_keys"] == found[row["id"]].keys.to_bytes()
    pairs = pd.DataFrame([(a, b, sa, sb) for a, sa in zip(prints["id"], prints["shingles"], strict=True)
                          for b, sb in zip(prints["id"], prints["shingles"], strict=True) if a < b],
                         columns=["a", "b", "sa", "sb"])
    [matches] = copy_rows.verify(iter([pairs]))
    expected = {(a, b) for a, b in zip(pairs["a"], pairs["b"], strict=True)
                if compare(found[a].shingles, found[b].shingles) is not None}
    assert set(zip(matches["a"], matches["b"], strict=True)) == expected
    assert expected  # the dev set holds copies


def test_short_texts_get_no_fingerprint():
    [prints] = copy_rows.fingerprints(iter([pd.DataFrame({"id": ["a"], "text": ["Too short to compare."]})]))
    assert prints.empty and list(prints.columns) == copy_rows.FINGERPRINT_COLUMNS
