"""Agreement between two partitions of the same articles (adjusted Rand index)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsweave.model import Article
from newsweave.spark.parity import adjusted_rand, parity, result_partitions, store_partitions
from newsweave.store import Store


def test_identical_partitions_score_one_whatever_the_names():
    assert adjusted_rand({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"}) == 1.0


def test_known_value():
    # The classic example: [0,0,1,1] vs [0,0,1,2] gives 0.5714...
    first = {"a": "0", "b": "0", "c": "1", "d": "1"}
    second = {"a": "0", "b": "0", "c": "1", "d": "2"}
    assert adjusted_rand(first, second) == pytest.approx(0.5714285714)


def test_disagreement_scores_below_zero_and_few_keys_score_one():
    assert adjusted_rand({"a": "1", "b": "1", "c": "2", "d": "2"},
                         {"a": "1", "b": "2", "c": "1", "d": "2"}) < 0
    assert adjusted_rand({"a": "1"}, {"a": "2"}) == 1.0


def test_parity_of_a_result_folder_and_a_store(tmp_path):
    (tmp_path / "out" / "articles").mkdir(parents=True)
    table = pa.table({"id": ["a", "b", "c"], "copy_of": [None, "a", None], "story": ["s", "s", "t"]})
    pq.write_table(table, tmp_path / "out" / "articles" / "part-0.parquet")
    copies, stories = result_partitions(tmp_path / "out")
    assert copies == {"a": "a", "b": "a", "c": "c"} and stories == {"a": "s", "b": "s", "c": "t"}
    with Store(str(tmp_path / "s.db")) as store:
        store.insert_articles([Article(text=f"text {key}", id=key) for key in ("a", "b", "d")])
        store.db.execute("UPDATE articles SET story = 's'")
        store.db.execute("UPDATE articles SET copy_of = 'a' WHERE id = 'b'")
        assert store_partitions(store)[0] == {"a": "a", "b": "a", "d": "d"}
        agreement = parity(tmp_path / "out", store)
    assert (agreement.articles, agreement.only_one_side, agreement.copies) == (2, 2, 1.0)
