"""``newsweave spark run``: the pipeline as an Apache Spark job (the ``spark`` extra)."""

from __future__ import annotations

import click

from newsweave.cli_common import Context, fail
from newsweave.readers.options import ReadOptions, default_max_bytes


@click.group("spark")
def spark_group() -> None:
    """Run newsweave on Apache Spark (needs the spark extra and a Java runtime)."""


def _conf_pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, equals, setting = value.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="--conf")
        pairs.append((key.strip(), setting))
    return pairs


@spark_group.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, metavar="DIR", help="Where the Parquet result goes.")
@click.option(
    "--master",
    default=None,
    metavar="URL",
    help="Spark master URL [default: local[*], or the one spark-submit was given].",
)
@click.option(
    "--window-days",
    type=click.FloatRange(min=1.0),
    default=30.0,
    show_default=True,
    help="Stories are clustered in blocks of this many days, then merged across blocks.",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="Shuffle partitions [default: the cores in local mode, Spark's default on a cluster].",
)
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting; repeatable.")
@click.option("--overwrite", is_flag=True, help="Replace DIR when it is not empty.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Size cap for one document or record [default: 20 MiB or $NEWSWEAVE_MAX_BYTES].",
)
@click.pass_obj
def spark_run_command(
    obj: Context,
    inputs: tuple[str, ...],
    output: str,
    master: str | None,
    window_days: float,
    partitions: int | None,
    conf: tuple[str, ...],
    overwrite: bool,
    max_bytes: int | None,
) -> None:
    """Read INPUTS (JSON Lines, Parquet, WARC or any file newsweave reads; local, hdfs://, s3a://),
    clean them, find copies and stories, and write Parquet under DIR.

    Load DIR into a store with `newsweave import DIR`.  Prints one summary line;
    exits 1 when any input or record failed (the others are processed).
    """
    settings = _conf_pairs(conf)
    try:
        from newsweave.spark.job import JobOptions, run_job
        from newsweave.spark.output import OutputError
        from newsweave.spark.sources import java_reason
    except ImportError:
        fail("spark run needs the spark extra: pip install 'newsweave[spark]'")
    session = _started(master, settings, partitions)
    options = JobOptions(ReadOptions(max_bytes=max_bytes or default_max_bytes()), window_days)
    try:
        summary = run_job(session, list(inputs), output, options, overwrite=overwrite)
    except OutputError as error:
        fail(str(error))
    except Exception as error:  # noqa: BLE001 - a failed job is one line, not a Java stack trace
        fail(f"spark job failed ({java_reason(error)})")
    finally:
        session.stop()
    for where, reason in summary.failures:
        click.echo(f"newsweave: {where}: {reason}", err=True)
    if not obj.quiet:
        click.echo(f"{summary.line()}; written to {output}")
    if summary.failures:
        raise SystemExit(1)


def _started(master: str | None, settings: list[tuple[str, str]], partitions: int | None):
    """The Spark session, or one line saying why it could not start (most often: no Java)."""
    from newsweave.spark.session import spark_session

    try:
        return spark_session(master, settings, partitions)
    except Exception as error:  # noqa: BLE001 - py4j and pyspark raise plain exceptions here
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        fail(
            f"cannot start Spark with master {master or 'local[*]'} ({reason}); "
            "is a Java runtime (17+) installed?"
        )
