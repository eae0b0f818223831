"""Copy detection quality on news_cluster_dev: real wire copies plus seeded synthetic reprints.

Ground truth has two parts.  *Real* pairs: every pair of dev articles whose cleaned texts
share at least 20 % of the smaller one's 4-word shingles was read side by side and
labelled in ``bench/data/copies/real_pairs.jsonl`` (copy / same_wire / distinct /
different_event, one reason each); pairs below that share only quotes, tweets or
boilerplate.  *Synthetic* copies: dev articles reprinted with the edits outlets make
(new headline, ending trimmed, only the top kept, page furniture, a dateline, quote
marks changed, "said" made "says", a paragraph of their own, and combinations), seeded
so that every run builds the same corpus.

Everything goes through the real pipeline (``newsweave.pipeline.ingest`` into a
temporary store, so cleaning applies); the copy groups are read back from the store and
scored against the gold clustering, side by side with exact all-pairs comparison
(every pair through ``verify.compare``, the same thresholds: no LSH).

    .venv/bin/python bench/copies_eval.py [--per-kind 30] [--seed 7] [--sweep] [--json out.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import newsweave.copies as copies
from newsweave import evaluation
from newsweave.copies import verify
from newsweave.copies.shingles import shingle_hashes, shingle_set, words
from newsweave.pipeline import ingest
from newsweave.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared/data/news_cluster_dev"
PAIRS = ROOT / "bench/data/copies/real_pairs.jsonl"
PAIRS_DEV = ROOT.parent / "shared/data/article_pairs_dev/pairs.jsonl"

Record = dict
Clustering = dict[str, str]

# --------------------------------------------------------------------------- synthetic copies

FURNITURE = [
    "ADVERTISEMENT", "Advertisement", "Story continues below advertisement", "Share this article",
    "Share on Facebook Share on Twitter Share via Email", "Click here to sign up for our daily newsletter",
    "Follow us on Twitter and Facebook for the latest news.",
    "Interested in News? Add News as an interest to stay up to date on the latest News news, video, "
    "and analysis from ABC News.",
    "Get daily updates directly to your inbox + Subscribe Thank you for subscribing! Could not subscribe, "
    "try again later Invalid Email",
]
TEASERS = ["Also Read | {}", "RELATED: {}", "READ MORE: {}", "[{}]"]
DATELINES = ["WASHINGTON (AP) — ", "NEW YORK (Reuters) - ", "LONDON (AFP) — ", "LOS ANGELES (AP) — ",
             "CHICAGO — ", "SYDNEY, Australia (AP) — "]
HEADLINE_PREFIXES = ["WATCH: ", "UPDATE: ", "Report: ", "", ""]
# Past <-> present reporting verbs, as outlets switch them.
VERBS = {"said": "says", "told": "tells", "added": "adds", "explained": "explains", "wrote": "writes",
         "announced": "announces", "reported": "reports", "noted": "notes"}
_VERB = {direction: re.compile(r"\b(" + "|".join(pattern) + r")\b")
         for direction, pattern in (("present", VERBS), ("past", {v: k for k, v in VERBS.items()}))}
SINGLE_KINDS = ["headline", "trim_end", "top_only", "furniture", "dateline", "quotes", "said_says",
                "own_paragraph"]
KINDS = [*SINGLE_KINDS, "combined"]
MIN_BASE_WORDS = 80
MIN_COPY_WORDS = 40


@dataclass
class Draft:
    """A copy being made: the base's title and paragraphs, edited in place."""

    title: str
    paragraphs: list[str]
    others: list[Record]
    rng: random.Random
    edits: list[str] = field(default_factory=list)


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def count_words(parts: Iterable[str]) -> int:
    return sum(len(words(part)) for part in parts)


def new_headline(d: Draft) -> None:
    """Outlets rewrite headlines: another prefix, the lead's first words, or shuffled clauses."""
    lead = " ".join(d.paragraphs[0].split()[:10]).rstrip(",.;:")
    d.title = d.rng.choice([d.rng.choice(HEADLINE_PREFIXES) + d.title, lead, d.title.upper()])


def trim_end(d: Draft) -> None:
    """Cut the ending: keep 55-90 % of the words, at a sentence end."""
    d.paragraphs = keep_words(d.paragraphs, int(count_words(d.paragraphs) * d.rng.uniform(0.55, 0.9)))


def top_only(d: Draft) -> None:
    """Keep only the top: the first 2-4 paragraphs (more when they are under 45 words)."""
    kept = d.paragraphs[:d.rng.randint(2, 4)]
    rest = d.paragraphs[len(kept):]
    while rest and count_words(kept) < 45:
        kept.append(rest.pop(0))
    d.paragraphs = kept


def furniture(d: Draft) -> None:
    """Insert 2-4 lines of page furniture, some naming other stories' headlines."""
    for _ in range(d.rng.randint(2, 4)):
        if d.rng.random() < 0.4:
            line = d.rng.choice(TEASERS).format(d.rng.choice(d.others)["title"])
        else:
            line = d.rng.choice(FURNITURE)
        d.paragraphs.insert(d.rng.randint(1, len(d.paragraphs)), line)


def dateline(d: Draft) -> None:
    d.paragraphs[0] = d.rng.choice(DATELINES) + d.paragraphs[0]


def quotes(d: Draft) -> None:
    """Curly quotes made straight, or straight ones curly."""
    text = "\n".join(d.paragraphs)
    if re.search("[“”‘’]", text):
        text = re.sub("[“”]", '"', re.sub("[‘’]", "'", text))
    else:
        text = re.sub(r'"(\S[^"]*?)"', r"“\1”", text).replace("'", "’")
    d.paragraphs = text.split("\n")


def said_says(d: Draft) -> None:
    """Reporting verbs switched to the present ("said" -> "says"), or back to the past."""
    text = "\n".join(d.paragraphs)
    past = len(_VERB["present"].findall(text))
    direction, table = ("present", VERBS) if past >= len(_VERB["past"].findall(text)) else \
        ("past", {v: k for k, v in VERBS.items()})
    text = _VERB[direction].sub(lambda m: table[m.group(1)], text)
    d.paragraphs = text.split("\n")


@cache
def own_paragraphs(path: Path = PAIRS_DEV) -> tuple[str, ...]:
    """Paragraphs of 25-90 words from English articles that are not in the corpus.

    An outlet's own paragraph must be text no other corpus article has: taken from a dev
    article, it would make its copy a genuine copy of that article too.
    """
    pool = []
    for pair in load_jsonl(path):
        if pair["lang1"] == pair["lang2"] == "en":
            pool += [p for text in (pair["text1"], pair["text2"]) for p in paragraphs(text)
                     if 25 <= len(p.split()) <= 90]
    return tuple(pool)


def own_paragraph(d: Draft) -> None:
    """The outlet adds a paragraph of its own (25-90 words of an article outside the corpus)."""
    paragraph = d.rng.choice(own_paragraphs())
    d.paragraphs.insert(d.rng.choice([1, len(d.paragraphs) // 2, len(d.paragraphs)]), paragraph)


def combined(d: Draft) -> None:
    """Two to four of the edits above, in a random order, as real reprints stack them."""
    for kind in d.rng.sample([k for k in SINGLE_KINDS], d.rng.randint(2, 4)):
        EDITS[kind](d)
        d.edits.append(kind)


EDITS: dict[str, Callable[[Draft], None]] = {
    "headline": new_headline, "trim_end": trim_end, "top_only": top_only, "furniture": furniture,
    "dateline": dateline, "quotes": quotes, "said_says": said_says, "own_paragraph": own_paragraph,
    "combined": combined,
}


def keep_words(parts: list[str], limit: int) -> list[str]:
    """The paragraphs up to about ``limit`` words, the last one cut after a sentence end."""
    kept, total = [], 0
    for part in parts:
        size = len(words(part))
        if total + size <= limit:
            kept.append(part)
            total += size
            continue
        sentences = re.split(r"(?<=[.!?])\s+", part)
        partial = []
        for sentence in sentences:
            if total >= limit:
                break
            partial.append(sentence)
            total += len(words(sentence))
        if partial:
            kept.append(" ".join(partial))
        break
    return kept


def eligible(base: Record, kind: str) -> bool:
    """Bases an edit can show on: long enough, with something to change."""
    parts = paragraphs(base["maintext"])
    if count_words(parts) < MIN_BASE_WORDS:
        return False
    if kind == "top_only":
        return len(parts) >= 5
    if kind == "said_says":
        return len(_VERB["present"].findall(base["maintext"]) + _VERB["past"].findall(base["maintext"])) >= 2
    return True


def make_copy(base: Record, kind: str, number: int, dev: list[Record], rng: random.Random) -> Record | None:
    """One synthetic reprint of ``base`` by another outlet, or None when it would be too short."""
    others = [r for r in dev if r["id"] != base["id"]]
    draft = Draft(base["title"], paragraphs(base["maintext"]), others, rng)
    EDITS[kind](draft)
    if kind != "combined":
        draft.edits.append(kind)
    if count_words(draft.paragraphs) < MIN_COPY_WORDS:
        return None
    return {
        "id": f"copy-{number:04d}-{kind}", "base": base["id"], "kind": kind, "edits": draft.edits,
        "url": f"https://reprint-{rng.randint(1, 12):02d}.example/story/{number}",
        "source_domain": f"reprint-{rng.randint(1, 12):02d}.example", "title": draft.title,
        "date_publish": later(base.get("date_publish"), rng), "language": "en",
        "maintext": "\n".join(draft.paragraphs),
    }


def later(date: str | None, rng: random.Random) -> str | None:
    """A reprint's date: 1-48 hours after the original's (None stays None)."""
    if not date:
        return None
    return (datetime.fromisoformat(date) + timedelta(hours=rng.randint(1, 48))).isoformat()


def synthesize(dev: list[Record], per_kind: int, seed: int) -> list[Record]:
    """``per_kind`` copies of distinct random bases for each edit kind, reproducibly."""
    made: list[Record] = []
    for kind in KINDS:
        rng = random.Random(f"{seed}-{kind}")
        bases = [base for base in dev if eligible(base, kind)]
        rng.shuffle(bases)
        count = 0
        for base in bases:
            if count == per_kind:
                break
            record = make_copy(base, kind, len(made), dev, rng)
            if record is not None:
                made.append(record)
                count += 1
    return made


# --------------------------------------------------------------------------- clusterings


class Union:
    """Union-find over string ids: connected components of links."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def clusters(self) -> Clustering:
        return {item: self.find(item) for item in self.parent}


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def gold_clustering(
    ids: list[str], synthetic: list[Record], pairs: list[dict], labels: set[str]
) -> Clustering:
    """Real pairs with one of ``labels`` and each synthetic copy with its base, as components."""
    union = Union(ids)
    for pair in pairs:
        if pair["label"] in labels:
            union.join(pair["a"], pair["b"])
    for record in synthetic:
        union.join(record["id"], record["base"])
    return union.clusters()


@dataclass
class Stored:
    """The ingested corpus as the store holds it: cleaned texts and newsweave's groups."""

    texts: dict[str, str]
    lsh: Clustering
    seconds: float


def run_pipeline(records: list[Record]) -> Stored:
    """Ingest ``records`` into a fresh temporary store; read back texts and copy groups."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        with Store(Path(folder) / "copies.db") as store:
            start = time.perf_counter()
            summary = ingest(store, [str(path)])
            seconds = time.perf_counter() - start
            assert summary.ok and summary.new == len(records), summary.line()
            rows = store.db.execute(
                "SELECT external_id, id, coalesce(copy_of, id), text FROM articles"
            ).fetchall()
    by_stored = {stored: external for external, stored, _, _ in rows}
    texts = {external: text for external, _, _, text in rows}
    lsh = {external: by_stored[group] for external, _, group, _ in rows}
    return Stored(texts, lsh, seconds)


def exact_all_pairs(texts: dict[str, str]) -> Clustering:
    """The reference: every pair compared on exact shingle sets with ``verify.compare``."""
    prints = {key: copies.fingerprint(text) for key, text in texts.items()}
    union = Union(texts)
    usable = [(key, found.shingles) for key, found in prints.items() if found is not None]
    for (a, sa), (b, sb) in itertools.combinations(usable, 2):
        if verify.compare(sa, sb) is not None:
            union.join(a, b)
    return union.clusters()


# --------------------------------------------------------------------------- metrics


def kind_recall(synthetic: list[Record], found: Clustering) -> dict[str, tuple[int, int]]:
    """Per edit kind: copies in their base's cluster, of all copies of that kind."""
    result: dict[str, tuple[int, int]] = {}
    for kind in KINDS:
        made = [r for r in synthetic if r["kind"] == kind]
        hits = sum(found[r["id"]] == found[r["base"]] for r in made)
        result[kind] = (hits, len(made))
    return result


def distinct_linked(events: dict[str, str], gold: Clustering, found: Clustering) -> tuple[int, int]:
    """Same-event pairs that are not copies (nor the same wire story) yet were linked, of all such."""
    pairs = [(a, b) for a, b in itertools.combinations(sorted(events), 2)
             if events[a] == events[b] and gold[a] != gold[b]]
    return sum(found[a] == found[b] for a, b in pairs), len(pairs)


def scores(gold: Clustering, found: Clustering) -> dict[str, float]:
    """Pairwise precision / recall / F1 with pair counts, and ARI (``newsweave.evaluation``)."""
    return {**evaluation.pairwise(found, gold).to_dict(), "ari": evaluation.adjusted_rand(found, gold)}


# --------------------------------------------------------------------------- threshold studies


SWEEP = [(0.5, 0.6), (0.5, 0.65), (0.5, 0.7), (0.5, 0.75), (0.5, 0.8), (0.5, 0.85), (0.5, 0.9),
         (0.4, 0.75), (0.6, 0.75), (0.7, 0.75)]


def threshold_sweep(
    corpus: list[Record], texts: dict[str, str], gold: Clustering, events: dict[str, str], lenient: Clustering
) -> list[dict]:
    """Scores of both systems over a grid of (near Jaccard, containment) thresholds.

    The pipeline is run again at each point: LSH only proposes, so its result can differ
    from exact all-pairs where a looser threshold accepts pairs LSH never proposes.
    """
    rows = []
    saved = verify.NEAR_JACCARD, verify.CONTAINMENT
    try:
        for jaccard, containment in SWEEP:
            verify.NEAR_JACCARD, verify.CONTAINMENT = jaccard, containment
            for name, found in (("exact all-pairs", exact_all_pairs(texts)),
                                ("newsweave (LSH)", run_pipeline(corpus).lsh)):
                rows.append({"near_jaccard": jaccard, "containment": containment, "system": name,
                             **scores(gold, found),
                             "distinct_same_event_linked": distinct_linked(events, lenient, found)[0]})
    finally:
        verify.NEAR_JACCARD, verify.CONTAINMENT = saved
    return rows


def short_text_study(texts: dict[str, str], real: list[str], gold: Clustering) -> list[dict]:
    """What linking very short texts would do: each real article's first N words as a brief.

    A brief of a story is truly a copy of that story's articles; compared with every other
    real article, any link to an article outside its gold cluster is a false link.  This
    shows why ``MIN_WORDS`` exists: with few shingles, one shared quote is a "copy".
    """
    fulls = {key: copies.fingerprint(texts[key]) for key in real}
    rows = []
    for size in (10, 15, 20, 25, 30, 40, 60):
        wrong = right = briefs = 0
        for key in real:
            tokens = words(texts[key])
            if len(tokens) <= size:
                continue
            brief = shingle_set(shingle_hashes(tokens[:size]))
            briefs += 1
            for other in real:
                found = fulls[other]
                if other == key or found is None or verify.compare(brief, found.shingles) is None:
                    continue
                if gold[other] == gold[key]:
                    right += 1
                else:
                    wrong += 1
        rows.append({"words": size, "briefs": briefs, "false_links": wrong, "true_links": right})
    return rows


PAIR_OVERLAP = 0.45


def pair_overlaps(path: Path = PAIRS_DEV) -> list[dict]:
    """Same-language pairs of article_pairs_dev (SemEval 2022 task 8) sharing many shingles.

    Other outlets and languages than the dev set, rated by people from 1 (same story) to
    4: where independent articles end and copies begin, on data nothing here was tuned on.
    """
    rows = []
    for pair in load_jsonl(path):
        first, second = copies.fingerprint(pair["text1"]), copies.fingerprint(pair["text2"])
        if pair["lang1"] != pair["lang2"] or first is None or second is None:
            continue
        a, b = first.shingles, second.shingles
        shared = len(set(a.tolist()) & set(b.tolist()))
        containment = shared / min(len(a), len(b))
        if containment >= PAIR_OVERLAP:
            rows.append({"containment": containment, "jaccard": shared / (len(a) + len(b) - shared),
                         "overall": pair["Overall"], "language": pair["lang1"],
                         "titles": f"{pair['text1'].strip()[:40]!r} | {pair['text2'].strip()[:40]!r}"})
    return sorted(rows, key=lambda row: -row["containment"])


# --------------------------------------------------------------------------- report


def evaluate(per_kind: int, seed: int, sweep: bool) -> dict:
    dev = load_jsonl(DEV / "articles.jsonl")
    events = {row["id"]: row["event"] for row in load_jsonl(DEV / "gold.jsonl")}
    pairs = load_jsonl(PAIRS)
    synthetic = synthesize(dev, per_kind, seed)
    corpus = [{k: v for k, v in r.items() if k not in ("base", "kind", "edits")} for r in dev + synthetic]
    random.Random(seed).shuffle(corpus)
    stored = run_pipeline(corpus)
    ids = list(stored.texts)
    golds = {"strict": gold_clustering(ids, synthetic, pairs, {"copy"}),
             "lenient": gold_clustering(ids, synthetic, pairs, {"copy", "same_wire"})}
    start = time.perf_counter()
    exact = exact_all_pairs(stored.texts)
    exact_seconds = time.perf_counter() - start
    systems = {"newsweave (LSH)": stored.lsh, "exact all-pairs": exact}
    real_ids = [r["id"] for r in dev]
    report = {
        "corpus": {"real": len(dev), "synthetic": len(synthetic), "seed": seed, "per_kind": per_kind,
                   "edits": Counter(e for r in synthetic for e in r["edits"])},
        "seconds": {"ingest": stored.seconds, "exact_all_pairs": exact_seconds},
        "systems": {},
    }
    for name, found in systems.items():
        report["systems"][name] = {
            **{f"{label}": scores(gold, found) for label, gold in golds.items()},
            "real_only": scores({i: golds["strict"][i] for i in real_ids}, {i: found[i] for i in real_ids}),
            "kinds": kind_recall(synthetic, found),
            "distinct_same_event_linked": distinct_linked(events, golds["lenient"], found),
        }
    if sweep:
        report["sweep"] = threshold_sweep(corpus, stored.texts, golds["strict"], events, golds["lenient"])
        report["pair_overlaps"] = pair_overlaps()
        report["short_texts"] = short_text_study(stored.texts, real_ids, golds["lenient"])
    return report


def print_report(report: dict) -> None:
    corpus, seconds = report["corpus"], report["seconds"]
    print(f"corpus: {corpus['real']} real + {corpus['synthetic']} synthetic; "
          f"ingest {seconds['ingest']:.1f} s, exact all-pairs {seconds['exact_all_pairs']:.1f} s")
    print("| system | gold | precision | recall | F1 | ARI | wrong pairs | missed pairs |")
    print("|---|---|---|---|---|---|---|---|")
    for name, result in report["systems"].items():
        for label in ("strict", "lenient", "real_only"):
            s = result[label]
            missed = s["gold_pairs"] - (s["found_pairs"] - s["wrong_pairs"])
            print(f"| {name} | {label} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | "
                  f"{s['ari']:.4f} | {s['wrong_pairs']} | {missed} |")
    print("\n| edit kind | " + " | ".join(report["systems"]) + " |")
    print("|---|" + "---|" * len(report["systems"]))
    for kind in KINDS:
        cells = [f"{r['kinds'][kind][0]}/{r['kinds'][kind][1]}" for r in report["systems"].values()]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    for name, result in report["systems"].items():
        linked, total = result["distinct_same_event_linked"]
        print(f"{name}: same-event distinct pairs linked: {linked} of {total}")
    if "sweep" in report:
        print("\n| near Jaccard | containment | system | P | R | F1 | ARI | wrong pairs | same-event |")
        print("|---|---|---|---|---|---|---|---|---|")
    for row in report.get("sweep", []):
        print(f"| {row['near_jaccard']} | {row['containment']} | {row['system']} | {row['precision']:.4f} | "
              f"{row['recall']:.4f} | {row['f1']:.4f} | {row['ari']:.4f} | {row['wrong_pairs']} | "
              f"{row['distinct_same_event_linked']} |")
    for row in report.get("pair_overlaps", []):
        print(f"article_pairs_dev, containment {row['containment']:.3f} Jaccard {row['jaccard']:.3f} "
              f"Overall {row['overall']:.2f} ({row['language']}) {row['titles']}")
    for row in report.get("short_texts", []):
        print(f"brief of {row['words']} words: {row['briefs']} briefs, {row['true_links']} true links, "
              f"{row['false_links']} false links")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=30, help="synthetic copies per edit kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sweep", action="store_true", help="also the threshold and short-text studies")
    parser.add_argument("--json", type=Path, help="write the full report here")
    args = parser.parse_args()
    report = evaluate(args.per_kind, args.seed, args.sweep)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=list), encoding="utf-8")


if __name__ == "__main__":
    main()
