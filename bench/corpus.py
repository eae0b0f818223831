"""A reproducible synthetic corpus in news-please JSON Lines, built from real articles.

Speed benchmarks need many thousands of articles; the development set has 122.
Each synthetic article draws its title, paragraphs and outlet from real articles
(seeded, so every run builds the same file), which keeps realistic lengths,
furniture lines and outlets while every text and URL is new.

    python bench/corpus.py --articles 20000 -o bench/out/corpus.jsonl

By default a quarter of each article's words are replaced by random words of the
same vocabulary (``--distinct``), so that the articles are not copies of each other.
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


def distinct_words(text: str, rate: float, vocabulary: list[str], rng: random.Random) -> str:
    """Replace ``rate`` of each paragraph's words by random words of ``vocabulary``.

    Synthetic articles reuse real paragraphs, so without this every article shares
    whole paragraphs (and leads) with dozens of others: a corpus of copies.
    """
    if rate <= 0:
        return text
    paragraphs = []
    for paragraph in text.split("\n"):
        tokens = paragraph.split()
        for position in rng.sample(range(len(tokens)), round(len(tokens) * rate)):
            tokens[position] = rng.choice(vocabulary)
        paragraphs.append(" ".join(tokens))
    return "\n".join(paragraphs)


def synthesize(
    count: int, seed: int = 13, dev: list[dict] | None = None, distinct: float = 0.0
) -> list[dict]:
    """``count`` records whose parts come from randomly chosen real articles.

    ``distinct`` > 0 makes their texts distinct by replacing that share of words.
    """
    dev = dev or load_dev()
    rng = random.Random(seed)
    vocabulary = sorted({word for record in dev for word in record["maintext"].split()})
    words_rng = random.Random(seed + 1)
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
            "maintext": distinct_words(
                "\n".join(rng.choice(paragraphs) for _ in range(length)), distinct, vocabulary, words_rng
            ),
        })
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--distinct", type=float, default=0.25, help="share of words replaced per article")
    parser.add_argument("-o", "--output", type=Path, default=Path("bench/out/corpus.jsonl"))
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as stream:
        for record in synthesize(args.articles, args.seed, distinct=args.distinct):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.articles} articles to {args.output}")


if __name__ == "__main__":
    main()
