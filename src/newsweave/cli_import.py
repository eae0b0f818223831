"""The ``import`` command: load a Spark result folder into a new store."""

from __future__ import annotations

import click

from newsweave.cli_common import Context, fail
from newsweave.importing import SparkImportError, import_spark, open_result
from newsweave.progress import progress_counter


@click.command("import")
@click.argument("folder", metavar="DIR")
@click.pass_obj
def import_command(obj: Context, folder: str) -> None:
    """Load DIR, the Parquet result of the Spark job, into a store that holds no articles yet.

    The store then serves, briefs and ingests as one built by ingest.  All or
    nothing: a failed import leaves the store as it was.  Prints one summary line.
    """
    try:
        result = open_result(folder)  # a wrong folder is refused before the store is created
    except SparkImportError as error:
        fail(str(error))
    with obj.store() as store, progress_counter("importing", enabled=not obj.quiet) as advance:
        try:
            summary = import_spark(store, result, on_progress=advance)
        except SparkImportError as error:
            fail(str(error))
    if not obj.quiet:
        click.echo(summary.line(folder))
