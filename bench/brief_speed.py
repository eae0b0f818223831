"""Brief speed: a 20-article story's brief once its articles are read.

In process: the 20 articles of the two largest dev events (``f1_crash``, 11, and
``cubs_win_championship``, first 9) are read first (not timed) and then briefed
as one story, about 600 claims: ``build_brief`` (corroboration included) and the
three renderers, timed cold (first call: the sentence encoder loads) and warm
(best of three).  Through the command line: the dev set is ingested, every
article read (``export claims``), and ``newsweave story ID --format md`` timed as
a whole process on the largest story newsweave formed.

    .venv/bin/python bench/brief_speed.py [--json bench/out/brief_speed.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import report

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/news_cluster_dev"
EVENTS = ("f1_crash", "cubs_win_championship")
STORY_SIZE = 20


def twenty_articles():
    from newsweave.pipeline import extract

    events = {json.loads(line)["id"]: json.loads(line)["event"] for line in (DATA / "gold.jsonl").open()}
    rows = {json.loads(line)["url"]: json.loads(line)["id"] for line in (DATA / "articles.jsonl").open()}
    articles = [a for a in extract([str(DATA / "articles.jsonl")]) if events[rows[a.url]] in EVENTS]
    articles.sort(key=lambda a: EVENTS.index(events[rows[a.url]]))
    return articles[:STORY_SIZE]


def in_process() -> dict:
    from newsweave.brief import build_brief
    from newsweave.brief.html import to_html
    from newsweave.brief.markdown import to_markdown
    from newsweave.reading import read_articles
    from newsweave.reading.stored import ReadArticle

    articles = twenty_articles()
    items = [ReadArticle(a, r) for a, r in zip(articles, read_articles(articles), strict=True)]
    keys = {a.id: a.source or a.id for a in articles}
    times = []
    for _ in range(4):
        start = time.perf_counter()
        brief = build_brief("bench", items, keys)
        to_markdown(brief), json.dumps(brief.to_dict()), to_html(brief)
        times.append(time.perf_counter() - start)
    return {"articles": len(items), "claims": sum(len(i.reading.claims) for i in items),
            "facts": len(brief.facts), "cold_seconds": round(times[0], 2),
            "warm_seconds": round(min(times[1:]), 2)}


def through_cli() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "news.db")
        cli = [sys.executable, "-m", "newsweave", "--db", db, "-q"]
        subprocess.run([*cli, "ingest", str(DATA / "articles.jsonl")], check=True)
        subprocess.run([*cli, "export", "claims", "-o", str(Path(folder) / "claims.jsonl")], check=True)
        stories = subprocess.run([*cli, "stories", "--json", "--limit", "0"], check=True, capture_output=True,
                                 text=True).stdout.splitlines()
        largest = max((json.loads(line) for line in stories), key=lambda story: story["article_count"])
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([*cli, "story", largest["id"]], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return {"story_articles": largest["article_count"], "cli_seconds_best": round(min(times), 2),
            "cli_seconds_worst": round(max(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = {**in_process(), **through_cli()}
    report(figures, args.json)


if __name__ == "__main__":
    main()
