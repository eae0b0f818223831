"""The script to hand to ``spark-submit``: ``newsweave spark run`` with spark-submit's master and settings.

    spark-submit --master yarn --archives env.tar.gz#env ... \\
        "$(python -c 'import newsweave.spark.submit as m; print(m.__file__)')" \\
        s3a://bucket/cc-news/2024-01/ --output s3a://bucket/newsweave/2024-01

The arguments are those of ``newsweave spark run`` (without ``--master``,
which spark-submit sets).  See docs/SPARK.md.
"""

from __future__ import annotations

import sys

from newsweave.cli import main


def run(arguments: list[str] | None = None) -> None:
    """Run ``newsweave spark run`` with ``arguments`` (default: this script's)."""
    main(["spark", "run", *(sys.argv[1:] if arguments is None else arguments)], prog_name="newsweave")


if __name__ == "__main__":
    run()
