"""Scoring quotes against a hand-made gold set: precision, recall and speaker accuracy.

A gold quote names its article, its kind, its first words (``starts``, verbatim)
and its speaker.  A found quote matches a gold one of the same article and kind
when it contains the gold's first words (spaces and quote marks made uniform);
each found quote matches at most one gold quote.  A speaker is right when the
names agree ignoring case and a leading "the"; leniently, when the words of one
are all in the other ("Thurman" for "Uma Thurman", "Kim" for "Kim Jong Un").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_MARKS = re.compile(r"[\"“”„«»]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteScores:
    """Counts and rates for one kind of quote."""

    gold: int
    found: int
    matched: int
    speaker_right: int
    speaker_lenient: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched quotes with the right speaker."""
        return self.speaker_right / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "found": self.found, "matched": self.matched,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "speaker_accuracy": round(self.speaker_accuracy, 3),
                "speaker_lenient": round(self.speaker_lenient / self.matched, 3) if self.matched else 0.0}


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _MARKS.sub('"', text.replace("’", "'").replace("‘", "'"))).strip()


def quoted_start(starts: str) -> str:
    """The gold's first words up to a closing mark (kept in ``starts`` only to make it unique)."""
    text = normalise(starts)
    return text.split('"')[0].strip() or text


def same_speaker(gold: str | None, found: str | None, lenient: bool = False) -> bool:
    if gold is None or found is None:
        return gold is found
    a, b = _name(gold), _name(found)
    if a == b:
        return True
    if not lenient or not a or not b:
        return False
    words_a, words_b = set(a.split()), set(b.split())
    return words_a <= words_b or words_b <= words_a


def _name(text: str) -> str:
    text = text.lower().strip()
    return text[4:] if text.startswith("the ") else text


def score_quotes(gold: Sequence[dict], found: Iterable[dict], kind: str) -> QuoteScores:
    """Score found quotes ``{"id", "kind", "text", "speaker"}`` against ``gold`` of one ``kind``."""
    wanted = [item for item in gold if item["kind"] == kind]
    candidates = [item for item in found if item["kind"] == kind]
    unused = list(range(len(candidates)))
    matched = right = lenient = 0
    for item in wanted:
        start = quoted_start(item["starts"])
        hit = next((index for index in unused if candidates[index]["id"] == item["id"]
                    and start in normalise(candidates[index]["text"])), None)
        if hit is None:
            continue
        unused.remove(hit)
        matched += 1
        right += same_speaker(item["speaker"], candidates[hit]["speaker"])
        lenient += same_speaker(item["speaker"], candidates[hit]["speaker"], lenient=True)
    return QuoteScores(len(wanted), len(candidates), matched, right, lenient)
