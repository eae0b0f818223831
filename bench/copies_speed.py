"""Copy detection speed: newsweave's copy stage beside a plain datasketch MinHashLSH script.

Both systems index the same stored articles and then check the same query articles
against them, on one core (one Python thread, SQLite in-process), timed in CPU
seconds of the process (``time.process_time``), in one run:

* *newsweave, in memory*: ``fingerprint`` (shingles, MinHash band keys) and
  ``BandIndex.add`` per stored article; per query ``fingerprint``,
  ``BandIndex.query`` and ``verify.compare`` against each candidate's shingle set,
  the stored sets held in a dict.
* *newsweave, the real stage*: a store filled with the same articles
  (``Store.insert_articles``, not timed), ``CopyStage.process`` over them in chunks
  of ``CHUNK_SIZE`` as ``ingest`` calls it (timed: fingerprint, query, verify, add,
  saving keys and links), the store reopened (the index rebuilt from the stored
  keys, timed), then the queries stored and processed the same way.  Candidate
  shingle sets come from the stage's cache or, for older articles, from
  re-fingerprinting their stored text, as in production.
* *plain datasketch*: ``MinHashLSH(threshold=0.5, num_perm=128)`` and
  ``MinHash.update_batch`` over the same word 4-shingles as UTF-8 bytes (datasketch
  defaults: SHA-1 hash, affine32 permutations); candidates verified by the same
  ``verify.compare`` on the same shingle sets as newsweave's in-memory run (the
  query's set computed when it has a candidate, inside the timed verify step).

Index memory per article: ``BandIndex.memory_bytes()`` and, for both systems,
``tracemalloc`` (memory still allocated after building the index from precomputed
signatures, divided by the articles).

The corpus: ``bench/corpus.py``'s ``synthesize`` draws every paragraph from the
2,107 real paragraphs of ``shared/data/news_cluster_dev``, so at 100,000 articles
each paragraph recurs about 800 times and each lead paragraph opens ~47 articles:
as synthesized, every article shares its lead with dozens of others (60 candidates
per query, see ``--distinct 0``).  To make the articles distinct, ``--distinct``
(default 0.25) replaces that share of each article's words, at seeded random
positions, with random words of the same real vocabulary (a 4-word shingle then
survives with probability 0.32 and two articles sharing a paragraph share few runs
of four words, as independent reports do).  Queries: new articles built the same
way, and copies of randomly chosen stored articles, edited five ways (exact, near:
a dateline and one word in 25 changed, top half, extended by three new
paragraphs, first three paragraphs of a long article); each copy should be linked
to its source, which the script counts (recall by kind).

    python bench/copies_speed.py --json bench/out/copies_speed.json
    python bench/copies_speed.py --articles 10000 --queries 1000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import distinct_words, load_dev, synthesize
from newsweave.copies import CopyStage, compare, fingerprint
from newsweave.copies.index import BandIndex
from newsweave.copies.shingles import SHINGLE_WORDS, shingle_hashes, shingle_set, words
from newsweave.copies.signature import BANDS
from newsweave.model import Article
from newsweave.pipeline import CHUNK_SIZE
from newsweave.store import Store

COPY_KINDS = ("exact", "near", "top", "extended", "lead")


# --- corpus -----------------------------------------------------------------------------------------------

def build_corpus(articles: int, queries: int, copies: int, distinct: float, seed: int) -> dict:
    """Stored texts, query texts, and for each query the stored number it copies (or None) and its kind."""
    dev = load_dev()
    vocabulary = sorted({word for record in dev for word in record["maintext"].split()})
    new_count = queries - copies
    records = synthesize(articles + new_count + copies, seed=seed, dev=dev)
    rng = random.Random(seed + 1)
    texts = [distinct_words(record["maintext"], distinct, vocabulary, rng) for record in records]
    stored, new, spare = texts[:articles], texts[articles:articles + new_count], texts[articles + new_count:]
    long_enough = [n for n, text in enumerate(stored) if text.count("\n") >= 11]
    sources = rng.sample(long_enough, copies)
    query_items = [(text, None, "new") for text in new]
    for number, source in enumerate(sources):
        kind = COPY_KINDS[number % len(COPY_KINDS)]
        query_items.append((_edited(stored[source], kind, spare[number], vocabulary, rng), source, kind))
    rng.shuffle(query_items)
    return {
        "stored": stored,
        "queries": [text for text, _, _ in query_items],
        "sources": [source for _, source, _ in query_items],
        "kinds": [kind for _, _, kind in query_items],
    }


def _edited(text: str, kind: str, other: str, vocabulary: list[str], rng: random.Random) -> str:
    paragraphs = text.split("\n")
    if kind == "exact":
        return text
    if kind == "near":
        tokens = text.split(" ")
        for position in range(rng.randrange(25), len(tokens), 25):
            tokens[position] = rng.choice(vocabulary)
        return "LONDON (Wire) - " + " ".join(tokens)
    if kind == "top":
        return "\n".join(paragraphs[:max(2, len(paragraphs) // 2)])
    if kind == "extended":
        return "\n".join(paragraphs + other.split("\n")[:3])
    return "\n".join(paragraphs[:3])  # lead


# --- newsweave in memory ----------------------------------------------------------------------------------

def newsweave_index(stored: list[str]) -> tuple[float, BandIndex, dict[int, np.ndarray], np.ndarray]:
    """CPU seconds to fingerprint and index every stored text; the index, the shingle sets, the keys."""
    index = BandIndex(BANDS)
    shingles: dict[int, np.ndarray] = {}
    keys = np.zeros((len(stored), BANDS), dtype=np.uint32)
    start = time.process_time()
    for number, text in enumerate(stored):
        found = fingerprint(text)
        if found is None:
            continue
        index.add(number, found.keys.values)
        shingles[number] = found.shingles
        keys[number] = found.keys.values
    return time.process_time() - start, index, shingles, keys


def newsweave_queries(queries: list[str], index: BandIndex, shingles: dict[int, np.ndarray]) -> dict:
    """Signature, query and verify per query article, each step timed; the matches."""
    clock = time.process_time
    spent = {"signature": 0.0, "query": 0.0, "verify": 0.0}
    candidates, matches = [], []
    for text in queries:
        t0 = clock()
        found = fingerprint(text)
        t1 = clock()
        spent["signature"] += t1 - t0
        if found is None:
            candidates.append(0)
            matches.append({})
            continue
        numbers = index.query(found.keys.values)
        t2 = clock()
        verified = {}
        for number in numbers:
            match = compare(found.shingles, shingles[number])
            if match is not None:
                verified[number] = match.kind
        spent["query"] += t2 - t1
        spent["verify"] += clock() - t2
        candidates.append(len(numbers))
        matches.append(verified)
    return {"spent": spent, "candidates": candidates, "matches": matches}


# --- plain datasketch -------------------------------------------------------------------------------------

def datasketch_shingles(text: str) -> list[bytes]:
    """Word 4-shingles as UTF-8 bytes, over the same folded words as newsweave."""
    tokens = words(text)
    return [" ".join(tokens[i:i + SHINGLE_WORDS]).encode("utf-8")
            for i in range(len(tokens) - SHINGLE_WORDS + 1)]


def datasketch_minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=128)
    signature.update_batch(datasketch_shingles(text))
    return signature


def datasketch_index(stored: list[str], indexed: set[int]) -> tuple[float, MinHashLSH, np.ndarray]:
    """CPU seconds to MinHash and insert the stored texts newsweave indexed; the LSH, the signatures."""
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    values = np.zeros((len(stored), 128), dtype=np.uint32)
    start = time.process_time()
    for number, text in enumerate(stored):
        if number not in indexed:
            continue
        signature = datasketch_minhash(text)
        lsh.insert(number, signature, check_duplication=False)
        values[number] = signature.hashvalues
    return time.process_time() - start, lsh, values


def datasketch_queries(queries: list[str], lsh: MinHashLSH, shingles: dict[int, np.ndarray]) -> dict:
    clock = time.process_time
    spent = {"signature": 0.0, "query": 0.0, "verify": 0.0}
    candidates, matches = [], []
    for text in queries:
        t0 = clock()
        signature = datasketch_minhash(text)
        t1 = clock()
        numbers = lsh.query(signature)
        t2 = clock()
        verified = {}
        if numbers:
            tokens = words(text)
            mine = shingle_set(shingle_hashes(tokens))
            for number in numbers:
                match = compare(mine, shingles[number])
                if match is not None:
                    verified[number] = match.kind
        spent["signature"] += t1 - t0
        spent["query"] += t2 - t1
        spent["verify"] += clock() - t2
        candidates.append(len(numbers))
        matches.append(verified)
    return {"spent": spent, "candidates": candidates, "matches": matches}


# --- memory -----------------------------------------------------------------------------------------------

def traced_bytes(build: Callable[[], object]) -> tuple[int, int]:
    """Bytes still allocated by what ``build`` returns, and the peak while building (tracemalloc)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    built = build()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del built
    return current - before, peak - before


def band_index_from(keys: np.ndarray, numbers: list[int]) -> BandIndex:
    index = BandIndex(BANDS)
    for number in numbers:
        index.add(number, keys[number])
    return index


def lsh_from(values: np.ndarray, numbers: list[int]) -> MinHashLSH:
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    template = MinHash(num_perm=128)
    for number in numbers:
        signature = MinHash(hashvalues=values[number], permutations=template.permutations, scheme="affine32")
        lsh.insert(number, signature, check_duplication=False)
    return lsh


# --- the real stage ---------------------------------------------------------------------------------------

def stage_run(corpus: dict, workdir: Path, repeat: int) -> dict:
    """The copy stage on a real store: index the stored articles, rebuild, process the queries."""
    db = workdir / "copies.db"
    stored_articles = [_article(f"s{n}", text) for n, text in enumerate(corpus["stored"])]
    result: dict = {}
    with Store(db) as store:
        stage = CopyStage(store)
        spent = 0.0
        fill = time.process_time()
        for start in range(0, len(stored_articles), CHUNK_SIZE):
            chunk = stored_articles[start:start + CHUNK_SIZE]
            with store.transaction():
                new = store.insert_articles(chunk)
                t0 = time.process_time()
                stage.process((new[a.id], a) for a in chunk)
                spent += time.process_time() - t0
        result["store_fill_cpu_s"] = round(time.process_time() - fill - spent, 2)
        result["index_cpu_s"] = round(spent, 2)
        result["index_articles_per_s"] = round(len(stored_articles) / spent, 1)
        result["indexed"] = len(stage.index)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rebuilds = []
    for _ in range(repeat):
        with Store(db) as store:
            t0 = time.process_time()
            stage = CopyStage(store)
            rebuilds.append(time.process_time() - t0)
            result["memory_bytes_per_article_after_rebuild"] = round(stage.memory_per_article(), 1)
    result["rebuild_cpu_s"] = _figures(rebuilds)
    runs = []
    for attempt in range(repeat):
        copy = workdir / f"copies-{attempt}.db"
        copy.write_bytes(db.read_bytes())
        runs.append(_stage_queries(copy, corpus))
        copy.unlink()
    result["queries"] = _stage_summary(runs, len(corpus["queries"]))
    return result


def _stage_queries(db: Path, corpus: dict) -> dict:
    articles = [_article(f"q{n}", text) for n, text in enumerate(corpus["queries"])]
    with Store(db) as store:
        stage = CopyStage(store)
        reads = Counter()
        original_text = stage.records.text

        def counted_text(seq: int) -> str | None:
            reads["texts"] += 1
            return original_text(seq)

        stage.records.text = counted_text
        spent, links = 0.0, []
        for start in range(0, len(articles), CHUNK_SIZE):
            chunk = articles[start:start + CHUNK_SIZE]
            with store.transaction():
                new = store.insert_articles(chunk)
                t0 = time.process_time()
                links.extend(stage.process((new[a.id], a) for a in chunk))
                spent += time.process_time() - t0
        found = 0
        for n, source in enumerate(corpus["sources"]):
            if source is None:
                continue
            row = store.db.execute(
                "SELECT copy_of, copy_match FROM articles WHERE id = ?", (f"q{n}",)
            ).fetchone()
            found += f"s{source}" in row
    return {"cpu_s": spent, "links": len(links), "texts_read": reads["texts"], "copies_found": found}


def _stage_summary(runs: list[dict], count: int) -> dict:
    times = sorted(run["cpu_s"] for run in runs)
    median = times[len(times) // 2]
    last = runs[-1]
    return {
        "articles": count,
        "median_cpu_s": round(median, 3),
        "min_cpu_s": round(times[0], 3),
        "articles_per_s": round(count / median, 1),
        "links": last["links"],
        "stored_texts_refingerprinted": last["texts_read"],
        "planted_copies_linked_to_source": last["copies_found"],
    }


def _article(article_id: str, text: str) -> Article:
    return Article(text=text, id=article_id, url=f"https://example.org/{article_id}", source="example.org",
                   title=article_id)


# --- report -----------------------------------------------------------------------------------------------

def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median": round(ordered[len(ordered) // 2], 3), "min": round(ordered[0], 3)}


def _query_summary(runs: list[dict], corpus: dict) -> dict:
    totals = sorted(sum(run["spent"].values()) for run in runs)
    median = totals[len(totals) // 2]
    run = runs[0]
    count = len(corpus["queries"])
    steps = {step: round(statistics.median(r["spent"][step] for r in runs) / count * 1e6, 1)
             for step in run["spent"]}
    recall: Counter = Counter()
    planted: Counter = Counter()
    for source, kind, verified in zip(corpus["sources"], corpus["kinds"], run["matches"], strict=True):
        if source is not None:
            planted[kind] += 1
            recall[kind] += source in verified
    return {
        "articles": count,
        "median_cpu_s": round(median, 3),
        "min_cpu_s": round(totals[0], 3),
        "articles_per_s": round(count / median, 1),
        "us_per_article": steps,
        "candidates": sum(run["candidates"]),
        "candidates_per_query_mean": round(float(np.mean(run["candidates"])), 2),
        "candidates_per_query_max": int(max(run["candidates"])),
        "links": sum(len(m) for m in run["matches"]),
        "queries_with_links": sum(1 for m in run["matches"] if m),
        "planted_copies_found": {kind: f"{recall[kind]}/{planted[kind]}" for kind in COPY_KINDS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--copies", type=int, default=600, help="how many queries are edited copies")
    parser.add_argument("--distinct", type=float, default=0.25, help="share of words replaced per article")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the query runs and the rebuild")
    parser.add_argument("--skip-stage", action="store_true", help="no run of the real stage on a store")
    parser.add_argument("--skip-datasketch", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = build_corpus(args.articles, args.queries, args.copies, args.distinct, args.seed)
    report: dict = {
        "corpus": {
            "stored": len(corpus["stored"]), "queries": len(corpus["queries"]), "copies": args.copies,
            "distinct": args.distinct, "seed": args.seed,
            "mean_words": round(statistics.mean(len(t.split()) for t in corpus["stored"][:5000]), 1),
            "build_wall_s": round(time.perf_counter() - t0, 1),
        }
    }
    _progress("corpus", report["corpus"])

    seconds, index, shingles, keys = newsweave_index(corpus["stored"])
    indexed = sorted(shingles)
    runs = [newsweave_queries(corpus["queries"], index, shingles) for _ in range(args.repeat)]
    t0 = time.process_time()
    rebuilt = BandIndex(BANDS)
    rebuilt.add_many(np.array(indexed, dtype=np.uint32), keys[indexed])
    rebuild_s = time.process_time() - t0
    assert all(rebuilt.query(keys[n]) == index.query(keys[n]) for n in indexed[:200])
    retained, peak = traced_bytes(lambda: band_index_from(keys, indexed))
    report["newsweave"] = {
        "indexed": len(index),
        "index_cpu_s": round(seconds, 2),
        "index_articles_per_s": round(len(corpus["stored"]) / seconds, 1),
        "queries": _query_summary(runs, corpus),
        "memory_bytes_per_article": round(index.memory_bytes() / len(index), 1),
        "tracemalloc_bytes_per_article": round(retained / len(indexed), 1),
        "tracemalloc_peak_bytes_per_article": round(peak / len(indexed), 1),
        "rebuild_from_keys_cpu_s": round(rebuild_s, 3),
    }
    _progress("newsweave", report["newsweave"])

    if not args.skip_datasketch:
        seconds, lsh, values = datasketch_index(corpus["stored"], set(indexed))
        runs = [datasketch_queries(corpus["queries"], lsh, shingles) for _ in range(args.repeat)]
        del lsh
        retained, peak = traced_bytes(lambda: lsh_from(values, indexed))
        report["datasketch"] = {
            "lsh": "MinHashLSH(threshold=0.5, num_perm=128)",
            "index_cpu_s": round(seconds, 2),
            "index_articles_per_s": round(len(corpus["stored"]) / seconds, 1),
            "queries": _query_summary(runs, corpus),
            "tracemalloc_bytes_per_article": round(retained / len(indexed), 1),
            "tracemalloc_peak_bytes_per_article": round(peak / len(indexed), 1),
        }
        nw, ds = report["newsweave"], report["datasketch"]
        report["ratios_newsweave_to_datasketch"] = {
            "index_speed": round(nw["index_articles_per_s"] / ds["index_articles_per_s"], 2),
            "query_speed": round(nw["queries"]["articles_per_s"] / ds["queries"]["articles_per_s"], 2),
            "memory": round(nw["tracemalloc_bytes_per_article"] / ds["tracemalloc_bytes_per_article"], 3),
        }
        _progress("datasketch", report["datasketch"])
    del index, shingles

    if not args.skip_stage:
        out = Path(__file__).resolve().parent / "out"
        out.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out) as workdir:
            report["stage"] = stage_run(corpus, Path(workdir), args.repeat)
        _progress("stage", report["stage"])

    print(json.dumps(report, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def _progress(name: str, figures: dict) -> None:
    print(f"{name}: {json.dumps(figures)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
