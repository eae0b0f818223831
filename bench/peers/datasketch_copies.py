"""A plain datasketch copy finder, written as a user of the library would write it.

Streaming, as ingest is: each article of the corpus, in file order, is first
queried against the articles before it and then inserted.  Shingles are the
lowercase ``\\w+`` words of title + maintext in overlapping runs of four;
``MinHash(num_perm=128).update_batch`` over them, ``MinHashLSH(threshold=0.5)``
for candidates, and the article is linked to its best candidate when their
estimated Jaccard similarity is at least 0.5.  Links are joined into groups by
union-find whose root is the group's earliest article (in file order), and that
root's id is each article's label.  An article of fewer than four words has no
shingle and no MinHash worth comparing (an empty one matches every other empty
one), so it is left alone in its own group.

JSON parsing is timed apart (``parse_s``) so the ratio with newsweave's copy
stage, which parses nothing, can leave it out.

    python bench/peers/datasketch_copies.py CORPUS --result OUT.json [--labels LABELS.jsonl]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peers.measure import Measure, parser, write_labels, write_result

NUM_PERM = 128
THRESHOLD = 0.5
SHINGLE = 4
WORD = re.compile(r"\w+")
NOTES = (
    f"datasketch MinHash(num_perm={NUM_PERM}) + MinHashLSH(threshold={THRESHOLD}); lowercase \\w+ "
    f"word {SHINGLE}-shingles of title+maintext; query then insert per article in file order; link to "
    f"the best candidate with estimated Jaccard >= {THRESHOLD}; union-find, root = earliest article; "
    f"articles under {SHINGLE} words left alone"
)


def shingles(record: dict) -> set[bytes]:
    """The article's word 4-shingles, as bytes for hashing."""
    text = f"{record.get('title') or ''}\n{record.get('maintext') or ''}".lower()
    words = WORD.findall(text)
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def minhash(record: dict) -> MinHash | None:
    """The article's MinHash, or None when it has no shingle."""
    grams = shingles(record)
    if not grams:
        return None
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch(list(grams))
    return signature


def best_match(lsh: MinHashLSH, signatures: list[MinHash | None], signature: MinHash) -> int | None:
    """The earlier article most like ``signature`` (the earliest on a tie), if it reaches the threshold."""
    scored = [(signature.jaccard(signatures[c]), -c) for c in lsh.query(signature)]
    if not scored:
        return None
    score, negated = max(scored)
    return -negated if score >= THRESHOLD else None


def find(parents: list[int], node: int) -> int:
    """The root of ``node``'s group, halving the path on the way."""
    while parents[node] != node:
        parents[node] = parents[parents[node]]
        node = parents[node]
    return node


def union(parents: list[int], a: int, b: int) -> None:
    """Join two groups; the earlier root (smaller file position) stays the root."""
    ra, rb = find(parents, a), find(parents, b)
    if ra != rb:
        parents[max(ra, rb)] = min(ra, rb)


def copy_groups(measure: Measure, corpus: Path) -> tuple[list[str], list[int], int]:
    """Stream the corpus: the ids in file order, each one's group root position, and the links made."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    ids: list[str] = []
    signatures: list[MinHash | None] = []
    parents: list[int] = []
    links = 0
    for position, record in enumerate(measure.read_jsonl(corpus)):
        ids.append(str(record["id"]))
        parents.append(position)
        signature = minhash(record)
        signatures.append(signature)
        if signature is None:
            continue
        match = best_match(lsh, signatures, signature)
        if match is not None:
            union(parents, match, position)
            links += 1
        lsh.insert(position, signature)
    return ids, [find(parents, node) for node in range(len(ids))], links


def main(argv: list[str] | None = None) -> None:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    measure = Measure("datasketch")
    ids, roots, links = copy_groups(measure, args.corpus)
    groups = len(set(roots))
    copies = sum(1 for node, root in enumerate(roots) if root != node)
    result = measure.result(len(ids), NOTES, links=links, groups=groups, copies=copies)
    write_result(args.result, result)
    if args.labels:
        write_labels(args.labels, ((ids[node], ids[root]) for node, root in enumerate(roots)))


if __name__ == "__main__":
    main()
