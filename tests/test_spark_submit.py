"""The spark-submit script runs ``newsweave spark run`` with the script's arguments."""

from __future__ import annotations

import pytest

from newsweave.spark.submit import run


def test_arguments_go_to_spark_run(capsys):
    with pytest.raises(SystemExit) as stopped:
        run(["--help"])
    assert stopped.value.code == 0
    assert "Usage: newsweave spark run [OPTIONS] INPUTS..." in capsys.readouterr().out


def test_a_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as stopped:
        run(["--window-days", "0"])
    assert stopped.value.code == 2
    assert "--window-days" in capsys.readouterr().err
