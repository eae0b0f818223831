"""The generated tables of docs/BENCHMARKS.md, rendered from ``bench/results/*.json`` only.

Each table sits between ``<!-- bench:begin NAME -->`` and ``<!-- bench:end NAME -->``
in the document; everything outside the markers (method, history, caveats) is
written by hand.  A test renders the committed results again and compares, so
the document cannot drift from the files it cites.

    .venv/bin/python bench/render.py          # rewrite the tables in place
    .venv/bin/python bench/render.py --check  # exit 1 when the document is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsweave.corroborate.align import SAME_FACT
from results import RESULTS, ROOT, read_results

DOCUMENT = ROOT / "docs/BENCHMARKS.md"
Results = dict[str, dict[str, Any]]
GOAL_RATIO, GOAL_PEAK_MB, GOAL_GROWTH = 15.0, 2048, 12.0


def caption(result: dict[str, Any]) -> str:
    """Where a table's figures come from: command, machine, versions, commit and date."""
    machine, git = result["machine"], result["git"]
    commit = (git.get("commit") or "?")[:10] + (" (uncommitted changes)" if git.get("dirty") else "")
    corpus = result["figures"].get("corpus") if isinstance(result["figures"], dict) else None
    parts = [
        f"`{' '.join(result['command'])}`",
        f"{machine['usable_cores']} cores, {machine['memory_gb']} GB, Python {machine['python']}, "
        f"load {machine['load'][0]} at start",
        f"newsweave at {commit}",
        f"{result['started'][:10]}",
        f"step took {result['wall_s']:.0f} s",
    ]
    if isinstance(corpus, dict) and corpus.get("sha256"):
        parts.insert(
            1, f"corpus {corpus['file']} ({corpus['articles']:,} articles, sha256 {corpus['sha256'][:12]})"
        )
    return "<sub>" + " · ".join(parts) + "</sub>"


def _f(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _speed(results: Results) -> list[tuple[str, dict[str, Any]]]:
    return [(size, results[f"speed_{size}"]) for size in ("10k", "100k") if f"speed_{size}" in results]


def goals(results: Results) -> list[dict[str, Any]]:
    """The issue's three goals, evaluated on the speed results present."""
    rows = []
    speed = dict(_speed(results))
    for size, result in speed.items():
        ratio = result["figures"]["ratios"]["e2e_over_floor_wall"]
        rows.append(
            {
                "goal": f"clean + copies + stories within {GOAL_RATIO:g}x the floor ({size}, wall)",
                "value": f"{ratio:.2f}x",
                "met": ratio <= GOAL_RATIO,
            }
        )
    if "100k" in speed:
        peak = speed["100k"]["figures"]["systems"]["newsweave"]["process"]["peak_mb_total"]
        rows.append(
            {
                "goal": "peak memory at 100,000 articles <= 2 GB (main + worker)",
                "value": f"{peak / 1024:.2f} GB",
                "met": peak <= GOAL_PEAK_MB,
            }
        )
    if "10k" in speed and "100k" in speed and not _same_code(speed["10k"], speed["100k"]):
        rows.append({"goal": "time from 10,000 to 100,000 articles grows <= 12x",
                     "value": "not comparable: measured on different commits or machines", "met": False})
    elif "10k" in speed and "100k" in speed:
        growth = (
            speed["100k"]["figures"]["systems"]["newsweave"]["process"]["wall_s"]
            / speed["10k"]["figures"]["systems"]["newsweave"]["process"]["wall_s"]
        )
        rows.append(
            {
                "goal": "time from 10,000 to 100,000 articles grows <= 12x",
                "value": f"{growth:.2f}x",
                "met": growth <= GOAL_GROWTH,
            }
        )
    return rows


def _same_code(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two results measured on one commit (without uncommitted changes) and one kind of machine."""
    machine = ("usable_cores", "cpu", "memory_gb")
    same_machine = all(a["machine"].get(k) == b["machine"].get(k) for k in machine)
    clean = not a["git"]["dirty"] and not b["git"]["dirty"]
    return a["git"]["commit"] == b["git"]["commit"] and clean and same_machine


def summary_table(results: Results) -> str:
    """The goals of the suite, each with its measured value and whether it is met."""
    rows = ["| goal | measured | met |", "|---|---:|---|"]
    rows += [f"| {g['goal']} | {g['value']} | {'yes' if g['met'] else '**no**'} |" for g in goals(results)]
    return "\n".join(rows)


def speed_table(results: Results) -> str:
    """Each system at each corpus size: wall, CPU, rate, peak memory, quality and ratio."""
    rows = [
        "| articles | system | what it does | wall s | CPU s | articles/s | peak MB | quality vs gold | "
        "newsweave / it |",
        "|---:|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for size, result in _speed(results):
        figures = result["figures"]
        systems, ratios, articles = figures["systems"], figures["ratios"], figures["corpus"]["articles"]
        for name, does, ratio in (
            ("floor", "read, ids, store + FTS5", ratios.get("e2e_over_floor_wall")),
            ("newsweave", "read, clean, copies, stories", None),
            ("datasketch", "MinHash LSH copies only", None),
            ("sklearn", "TF-IDF agglomerative stories only", ratios.get("e2e_over_sklearn")),
        ):
            if name in systems:
                rows.append(_system_row(size, articles, name, does, systems[name], ratio))
        for caption_line in _stage_ratios(ratios):
            rows.append(f"| {size} | | {caption_line} | | | | | | |")
    return "\n".join(rows) + "\n\n" + "\n\n".join(caption(r) for _, r in _speed(results))


def _system_row(
    size: str, articles: int, name: str, does: str, system: dict[str, Any], ratio: float | None
) -> str:
    process, inside = system["process"], system.get("inside", {})
    if inside.get("fits") is False:
        return (
            f"| {size} | {name} | {does} | does not fit: needs ~{inside.get('estimate_mb', 0) / 1024:.0f} GB "
            f"| | | | | |"
        )
    quality = system.get("quality", {})
    cells = []
    if "stories" in quality:
        cells.append(f"stories BCubed F1 {quality['stories']['bcubed_f1']:.3f}")
    if "copies" in quality:
        cells.append(f"copies ARI {quality['copies']['ari']:.3f}")
    rate = articles / process["wall_s"] if process["wall_s"] else 0
    return (
        f"| {size} | {name} | {does} | {process['wall_s']:.1f} | {process['cpu_s']:.1f} | {rate:,.0f} | "
        f"{process['peak_mb_total']:,} | {'; '.join(cells) or '—'} | {_f(ratio, 2) if ratio else ''} |"
    )


def _stage_ratios(ratios: dict[str, float]) -> list[str]:
    lines = []
    if "copies_stage_over_datasketch" in ratios:
        lines.append(
            f"newsweave copies stage / datasketch (less JSON parsing): "
            f"{ratios['copies_stage_over_datasketch']:.2f}"
        )
    if "stories_cpu_over_sklearn" in ratios:
        lines.append(
            "newsweave stories CPU (placing + the worker's embedding) / scikit-learn CPU (less parsing): "
            f"{ratios['stories_cpu_over_sklearn']:.2f}"
        )
    return lines


def stages_table(results: Results) -> str:
    """newsweave's own stage figures (``--timings``) at each corpus size."""
    speed = _speed(results)
    names: list[str] = []
    for _, result in speed:
        names += [n for n in result["figures"]["systems"]["newsweave"]["inside"]["stages"] if n not in names]
    header = "| stage | " + " | ".join(f"{size} wall s | {size} CPU s" for size, _ in speed) + " |"
    rows = [header, "|---|" + "---:|---:|" * len(speed)]
    for name in names:
        cells = []
        for _, result in speed:
            lap = result["figures"]["systems"]["newsweave"]["inside"]["stages"].get(name, {})
            cells += [_f(lap.get("wall_s"), 1), _f(lap.get("cpu_s"), 1)]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = []
    for _, result in speed:
        inside = result["figures"]["systems"]["newsweave"]["inside"]
        totals += [f"{inside['wall_s']:.1f}", f"{inside['cpu_s']:.1f} + worker {inside['worker_cpu_s']:.1f}"]
    rows.append("| **ingest, in-process** | " + " | ".join(totals) + " |")
    return "\n".join(rows)


def quality_table(results: Results) -> str:
    """The dev-data quality figures, each beside its peer where there is one."""
    rows = ["| figure (dev data) | newsweave | peer | peer is |", "|---|---:|---:|---|"]
    rows += (
        _extraction_rows(results) + _copies_rows(results) + _stories_rows(results) + _reading_rows(results)
    )
    sources = [
        results[s]
        for s in (
            "extraction",
            "copies_quality",
            "stories_quality",
            "quotes_quality",
            "corroboration_quality",
        )
        if s in results
    ]
    return "\n".join(rows) + "\n\n" + "\n\n".join(caption(r) for r in sources)


def _extraction_rows(results: Results) -> list[str]:
    if "extraction" not in results:
        return []
    figures = results["extraction"]["figures"]
    ours, peer = figures["newsweave"], figures["trafilatura"]
    rows = [
        f"| extraction {m} ({ours['pages']} pages) | {ours[m]:.3f} | {peer[m]:.3f} | trafilatura 2 defaults |"
        for m in ("precision", "recall", "f1")
    ]
    rows.append(
        f"| extraction seconds, summed per page | {ours['seconds']:.1f} | {peer['seconds']:.1f} | "
        f"ratio {ours['seconds'] / peer['seconds']:.2f} |"
    )
    return rows


def _copies_rows(results: Results) -> list[str]:
    if "copies_quality" not in results:
        return []
    systems = results["copies_quality"]["figures"]["systems"]
    ours, exact = systems["newsweave (LSH)"]["strict"], systems["exact all-pairs"]["strict"]
    return [
        f"| copies {m} (strict gold) | {ours[m]:.4f} | {exact[m]:.4f} | every pair compared exactly, no LSH |"
        for m in ("ari", "precision", "recall")
    ]


def _stories_rows(results: Results) -> list[str]:
    if "stories_quality" not in results:
        return []
    figures = results["stories_quality"]["figures"]
    ours, peer = (
        figures["clustering"]["newsweave"],
        figures["clustering"].get("tfidf_agglomerative_oracle", {}),
    )
    rows = [
        f"| stories BCubed {m} | {ours['bcubed_' + m]:.3f} | {_f(peer.get('bcubed_' + m))} | "
        f"TF-IDF agglomerative, its best threshold |"
        for m in ("precision", "recall", "f1")
    ]
    pairs = figures["pairs"]["by_language_pair"]
    rows += [
        f"| pairs Pearson, {lang} ({pairs[lang]['pairs']} pairs) | {pairs[lang]['pearson']:.3f} | | |"
        for lang in ("all", "en-en")
        if lang in pairs
    ]
    return rows


def _reading_rows(results: Results) -> list[str]:
    rows = []
    if "quotes_quality" in results:
        for kind, figures in results["quotes_quality"]["figures"].items():
            rows.append(
                f"| quotes {kind}: precision / recall / speaker | {figures['precision']:.3f} / "
                f"{figures['recall']:.3f} / {figures['speaker_accuracy']:.3f} | | |"
            )
    if "corroboration_quality" in results:
        chosen = _chosen_threshold(results["corroboration_quality"]["figures"])
        if chosen:
            rows.append(
                f"| corroboration precision / recall ({chosen['pairs']} claim pairs, threshold "
                f"{chosen['threshold']}) | {chosen['precision']:.3f} / {chosen['recall']:.3f} | | |"
            )
    return rows


def _chosen_threshold(rows: list[dict[str, Any]] | dict[str, Any]) -> dict[str, Any] | None:
    """The corroboration figures at the threshold newsweave ships, from the threshold sweep."""
    if isinstance(rows, dict):
        return rows
    return next(row for row in rows if abs(row["threshold"] - SAME_FACT) < 1e-9)


def profile_table(results: Results) -> str:
    """Where the sampled ingest spent its time: by stage, then by the function on top of the stack."""
    figures = results["profile_10k"]["figures"]
    rows = ["| where (py-spy samples, main process and worker) | share |", "|---|---:|"]
    rows += [f"| {stage} | {share:.1%} |" for stage, share in figures["by_stage"].items()]
    rows += ["", "| function on top of the stack | share |", "|---|---:|"]
    rows += [f"| `{row['function']}` | {row['share']:.1%} |" for row in figures["top_self"][:12]]
    return "\n".join(rows) + "\n\n" + caption(results["profile_10k"])


TABLES: dict[str, Callable[[Results], str]] = {
    "summary": summary_table,
    "quality": quality_table,
    "speed": speed_table,
    "stages": stages_table,
    "profile": profile_table,
}


def rendered(document: str, results: Results) -> str:
    """``document`` with every marked table replaced by its rendering from ``results``."""
    bodies = {
        name: table(results) if _has_inputs(name, results) else "_not measured yet: run `make bench`_"
        for name, table in TABLES.items()
    }
    return fill_marked(document, bodies, "bench", DOCUMENT.name)


def fill_marked(document: str, bodies: dict[str, str], prefix: str, name: str) -> str:
    """``document`` with the text between ``<!-- PREFIX:begin KEY -->`` and its end marker replaced."""
    for key, body in bodies.items():
        pattern = re.compile(rf"(<!-- {prefix}:begin {key} -->\n).*?(<!-- {prefix}:end {key} -->)", re.S)
        if not pattern.search(document):
            raise SystemExit(f"{name}: no <!-- {prefix}:begin {key} --> ... end markers")
        document = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), document)
    return document


def _has_inputs(name: str, results: Results) -> bool:
    if name in ("summary", "speed", "stages"):
        return bool(_speed(results))
    if name == "profile":
        return "profile_10k" in results
    return any(s in results for s in ("extraction", "copies_quality", "stories_quality"))


def update_document(folder: Path = RESULTS, document: Path = DOCUMENT) -> bool:
    """Rewrite the tables; True when something changed."""
    return update_marked(document, rendered, folder)


Renderer = Callable[[str, Results], str]


def update_marked(document: Path, render: Renderer, folder: Path = RESULTS) -> bool:
    """Rewrite ``document``'s marked tables with ``render``; True when something changed."""
    before = document.read_text(encoding="utf-8")
    after = render(before, read_results(folder))
    if after != before:
        document.write_text(after, encoding="utf-8")
    return after != before


def render_main(document: Path, render: Renderer, script: str) -> int:
    """The command line of a renderer: rewrite the tables, or ``--check`` that they are current."""
    parser = argparse.ArgumentParser(description=f"Render the measured tables of {document.name}.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the document is out of date")
    if parser.parse_args().check:
        current = document.read_text(encoding="utf-8")
        if render(current, read_results()) != current:
            print(f"{document} is out of date with bench/results/: run {script}", file=sys.stderr)
            return 1
        return 0
    update_marked(document, render)
    return 0


def main() -> int:
    return render_main(DOCUMENT, rendered, "bench/render.py")


if __name__ == "__main__":
    sys.exit(main())
