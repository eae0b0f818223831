"""Reading speed: ``newsweave read`` on the dev articles, beside spaCy alone on the same texts.

Corpus: the 122 articles of ``news_cluster_dev`` repeated 4 times (488 articles,
3,270 characters each on average), written to a JSON Lines file.  Each repetition
ends with its own line ("Edition 2."), so that no two texts are the same: reading
parses identical texts once, which would flatter the figure.  Timed:

- ``newsweave read FILE --format jsonl --processes P`` as a whole process (start-up,
  reading, cleaning, spaCy, quotes, claims, dates, JSON output), for P = 1 and 2;
- the floor: spaCy alone (the same model and components, ``nlp.pipe`` with the same
  batch size and processes) over the same cleaned texts, in one process, model loaded.

``OPENBLAS_NUM_THREADS=1``: with two processes on two cores, extra BLAS threads only
compete for the cores.

    .venv/bin/python bench/reading_speed.py [--repeat 4] [--json bench/out/reading_speed.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import report

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared/data/news_cluster_dev/articles.jsonl"
ENVIRONMENT = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}


def corpus(path: Path, repeat: int) -> int:
    rows = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for row in rows:
                text = row["maintext"] + f"\nEdition {copy + 1}."
                out.write(json.dumps({**row, "id": f"{row['id']}-{copy}", "maintext": text},
                                     ensure_ascii=False) + "\n")
    return len(rows) * repeat


def time_cli(path: Path, processes: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsweave", "read", str(path), "--format", "jsonl",
                    "--processes", str(processes)], env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_spacy_alone(path: Path, processes: int) -> float:
    script = (
        "import sys, time\n"
        "from newsweave.pipeline import extract\n"
        "from newsweave.reading.nlp import MAX_CHARS, english\n"
        "texts = [a.text[:MAX_CHARS] for a in extract([sys.argv[1]])]\n"
        "nlp = english()\n"
        "start = time.perf_counter()\n"
        "for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])): pass\n"
        "print(time.perf_counter() - start)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path), str(processes)], env=ENVIRONMENT,
                            check=True, capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        count = corpus(path, args.repeat)
        figures = {"articles": count}
        for processes in (1, 2):
            seconds = time_cli(path, processes)
            figures[f"cli_{processes}p_seconds"] = round(seconds, 1)
            figures[f"cli_{processes}p_per_second"] = round(count / seconds, 1)
        alone = time_spacy_alone(path, 2)
        figures["spacy_alone_2p_seconds"] = round(alone, 1)
        figures["spacy_alone_2p_per_second"] = round(count / alone, 1)
        figures["cli_over_spacy_alone"] = round(figures["cli_2p_seconds"] / alone, 2)
    report(figures, args.json)


if __name__ == "__main__":
    main()
