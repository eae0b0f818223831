"""The floor: parse a news-please corpus and store it, nothing else, in one process.

What any tool must at least do to hold a corpus in newsweave's store: the same
reader (``read_inputs``: JSON Lines parsing, news-please field mapping), the
same ids (``identify``), and ``Store.add_articles`` into a fresh store with the
same schema and FTS5 index (whose unicode61 tokenizer is the tokenising), in
chunks of ``CHUNK_SIZE`` as ingest stores them.  No language id, cleaning,
copies or stories, and no extra Python tokenising, which would raise the floor
and flatter newsweave's ratio to it.

    python bench/peers/floor.py CORPUS --result OUT.json [--db PATH]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsweave.model import Failure
from newsweave.pipeline import CHUNK_SIZE, chunks, identify
from newsweave.readers import ReadOptions, read_inputs
from newsweave.store import Store
from peers.measure import Measure, parser, write_result

NOTES = (
    "newsweave read_inputs + identify + Store.add_articles (same schema, FTS5) "
    f"in chunks of {CHUNK_SIZE}; no language id, cleaning, copies or stories"
)


def store_corpus(corpus: Path, db: Path) -> int:
    """Read, identify and store every article of ``corpus`` into ``db``; how many were stored.

    Records the reader cannot read are skipped, as ingest skips them (it only reports them).
    """
    stored = 0
    with Store(db) as store:
        for chunk in chunks(read_inputs([str(corpus)], ReadOptions()), CHUNK_SIZE):
            stored += store.add_articles(identify(r) for r in chunk if not isinstance(r, Failure))
    return stored


def run(corpus: Path, db: Path) -> dict:
    """Store ``corpus`` into the fresh store ``db``, measured."""
    if db.exists():
        raise SystemExit(f"{db} exists: the floor needs a fresh store")
    measure = Measure("floor")
    stored = store_corpus(corpus, db)
    return measure.result(stored, NOTES, parse_s=None, stored=stored, db=str(db))


def main(argv: list[str] | None = None) -> None:
    arguments = parser(__doc__.splitlines()[0], labels=False)
    arguments.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the fresh store to create (default: a temporary one, deleted after)",
    )
    args = arguments.parse_args(argv)
    if args.db is not None:
        write_result(args.result, run(args.corpus, args.db))
        return
    args.result.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.result.parent) as workdir:
        write_result(args.result, run(args.corpus, Path(workdir) / "floor.db") | {"db": None})


if __name__ == "__main__":
    main()
