"""A reproducible synthetic corpus in news-please JSON Lines, built from real articles.

Speed benchmarks need many thousands of articles; the development set has 122.
Each synthetic article draws its title, paragraphs and outlet from real articles
(seeded, so every run builds the same file), which keeps realistic lengths,
furniture lines and outlets while every text and URL is new.

    python bench/corpus.py --articles 20000 -o bench/out/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

DEV_ARTICLES = Path(__file__).resolve().parents[1].parent / "shared/data/news_cluster_dev/articles.jsonl"


def load_dev(path: Path = DEV_ARTICLES) -> list[dict]:
    """The real development articles."""
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def synthesize(count: int, seed: int = 13, dev: list[dict] | None = None) -> list[dict]:
    """``count`` records whose parts come from randomly chosen real articles."""
    dev = dev or load_dev()
    rng = random.Random(seed)
    paragraphs = [p for a in dev for p in a["maintext"].split("\n") if p.strip()]
    records = []
    for number in range(count):
        base = rng.choice(dev)
        length = max(3, len(base["maintext"].split("\n")))
        records.append({
            "id": f"synthetic-{number}",
            "url": f"https://{base['source_domain']}/synthetic/{number}",
            "source_domain": base["source_domain"],
            "title": f"{base['title']} ({number})",
            "date_publish": base.get("date_publish"),
            "language": base.get("language"),
            "maintext": "\n".join(rng.choice(paragraphs) for _ in range(length)),
        })
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("-o", "--output", type=Path, default=Path("bench/out/corpus.jsonl"))
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as stream:
        for record in synthesize(args.articles, args.seed):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.articles} articles to {args.output}")


if __name__ == "__main__":
    main()
