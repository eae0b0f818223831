"""The Spark schemas name the columns the row functions return, in their order."""

from __future__ import annotations

import pytest

pytest.importorskip("pyspark")

from newsweave.spark import schemas


@pytest.mark.parametrize("name", sorted(schemas.COLUMNS_OF))
def test_schema_matches_its_row_function(name):
    assert getattr(schemas, name).fieldNames() == schemas.COLUMNS_OF[name]
