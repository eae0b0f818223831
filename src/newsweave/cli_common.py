"""What every command shares: the options given before it, the store, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from newsweave.model import Failure
from newsweave.store import Store, StoreError
from newsweave.writer_lock import StoreBusy

# sysexits.h EX_TEMPFAIL: another ingest or import is writing; the same command can be retried.
BUSY_EXIT = 75


class Context:
    """Options given before the command."""

    def __init__(self, db: str, quiet: bool) -> None:
        self.db = db
        self.quiet = quiet

    @contextmanager
    def store(self, busy_hint: str = "try again when it has finished") -> Iterator[Store]:
        """The store, or exit 1 with one line when it cannot be opened.

        A command refused because another ingest is writing exits with BUSY_EXIT
        instead, so that a script can tell "try again later" from a failure;
        ``busy_hint`` ends that line with what this command can do about it.
        """
        try:
            store = Store(self.db)
        except StoreError as error:
            fail(str(error))
        try:
            yield store
        except StoreBusy as busy:
            fail(f"{busy}; {busy_hint}", BUSY_EXIT)
        finally:
            store.close()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line and exit."""
    click.echo(f"newsweave: {message}", err=True)
    sys.exit(code)


def report(failure: Failure) -> None:
    """Print one input failure as one line on stderr."""
    click.echo(f"newsweave: {failure}", err=True)


def listing_options(noun: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options of a listing command: ``--json`` (one ``noun`` per line), ``--limit``, ``--offset``."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        command = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)(command)
        command = click.option(
            "--limit", type=click.IntRange(min=0), default=50, show_default=True, help="0 for all."
        )(command)
        json_help = f"JSON Lines, one {noun} per line."
        return click.option("--json", "as_json", is_flag=True, help=json_help)(command)

    return decorate
