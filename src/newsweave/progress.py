"""A progress display on the terminal, silent everywhere else.

Ingest runs for minutes on a large crawl; a person at a terminal wants to see it
move, while pipes, logs and tests want no escape codes.  The count is of records
read, since the total of a stream is not known in advance.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

Advance = Callable[[int], None]


@contextmanager
def progress_counter(label: str, enabled: bool = True) -> Iterator[Advance]:
    """Yield a function that advances a count; shows it only on an interactive stderr."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _count: None
        return
    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda count: progress.advance(task, count)
