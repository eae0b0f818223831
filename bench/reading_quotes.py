"""Quote precision and recall on the hand-annotated dev quotes, through ``newsweave read``.

The gold set is ``tests/data/quotes_dev.jsonl`` (see ``quotes_dev.md`` for how it
was made): every quotation of the first 19 articles of ``news_cluster_dev``.
Those articles are written to a JSON Lines file and read with
``newsweave read --format jsonl`` (cleaning included, as users run it); the quotes
found are scored per kind (direct, reported) with ``newsweave.reading.scoring``.

    .venv/bin/python bench/reading_quotes.py [--json bench/out/reading_quotes.json] [--misses]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from newsweave.reading.scoring import score_quotes

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/data/quotes_dev.jsonl"
ARTICLES = ROOT.parent / "shared/data/news_cluster_dev/articles.jsonl"
SELECTED = 19


def selected_articles() -> list[dict]:
    with ARTICLES.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()][:SELECTED]


def read_quotes(articles: list[dict]) -> list[dict]:
    """Every quote ``newsweave read`` finds, tagged with the article's dev id."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "selected.jsonl"
        path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "newsweave", "read", str(path), "--format", "jsonl"],
                                capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_url = {article["url"]: article["id"] for article in articles}
    return [{"id": by_url[record["url"]], **quote} for record in records for quote in record["quotes"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Write the figures here as JSON.")
    parser.add_argument("--misses", action="store_true", help="Print missed and unmatched quotes.")
    args = parser.parse_args()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = read_quotes(selected_articles())
    figures = {kind: score_quotes(gold, found, kind).to_dict() for kind in ("direct", "reported")}
    for kind, scores in figures.items():
        print(f"{kind:>9}: " + "  ".join(f"{name} {value}" for name, value in scores.items()))
    if args.misses:
        _print_misses(gold, found)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _print_misses(gold: list[dict], found: list[dict]) -> None:
    from newsweave.reading.scoring import normalise, quoted_start, same_speaker

    for item in gold:
        hits = [q for q in found if q["id"] == item["id"] and q["kind"] == item["kind"]
                and quoted_start(item["starts"]) in normalise(q["text"])]
        if not hits:
            print(f"MISS {item['kind']:<8} {item['speaker']!s:<25} {item['starts']}")
        elif not same_speaker(item["speaker"], hits[0]["speaker"]):
            got = hits[0]["speaker"]
            print(f"SPKR {item['kind']:<8} {item['speaker']!s:<25} got {got!s}: {item['starts']}")
    for quote in found:
        if not any(q["id"] == quote["id"] and q["kind"] == quote["kind"]
                   and quoted_start(q["starts"]) in normalise(quote["text"]) for q in gold):
            print(f"EXTRA {quote['kind']:<8} {quote['speaker']!s:<25} {quote['text'][:90]}")


if __name__ == "__main__":
    main()
