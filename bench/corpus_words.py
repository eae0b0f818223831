"""Per-language word tables for the synthetic corpus: tokens, stopwords, frequency classes, names.

A story instance swaps a share of its content words for other real words; to keep texts
plausible the replacement comes from the same language, a similar frequency band and (in
English) the same suffix class, so frequent words stay frequent and "-ing" stays "-ing".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from copies_eval import VERBS

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Single CJK characters (no spaces to split on) or runs of other word characters.
TOKEN = re.compile(f"([{_CJK}]|[^\\W{_CJK}]+)")
CJK_CHAR = re.compile(f"[{_CJK}]")
SENTENCE_END = re.compile(r"[.!?\n:。！？]")

ENGLISH_STOPWORDS = frozenset(
    """a about above after again against all almost also although am among an and another any anyone
    anything are around as at be because been before being below between both but by can cannot could
    did do does doing done down during each either else even ever every few for from further get gets
    got had has have having he her here hers herself him himself his how however i if in into is it its
    itself just last least less like many may me might more most much must my myself neither never next
    no nor not now of off often on once one only onto or other others our ours ourselves out over own
    per quite rather same shall she should since so some still such than that the their theirs them
    themselves then there these they this those though through thus to too toward towards under until
    up upon us very was we well were what whatever when where whether which while who whom whose why
    will with within without would yet you your yours yourself yourselves s t d ll re ve m don didn
    doesn isn wasn aren weren hasn haven hadn won wouldn couldn shouldn mustn ain o""".split()
) | {verb for pair in VERBS.items() for verb in pair}  # kept so that "said" -> "says" reprints still apply
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALENDAR = frozenset(word.lower() for word in MONTHS + WEEKDAYS)
OTHER_STOPWORDS = 100  # non-English: the most frequent word types stand in for a stopword list
SUFFIXES = ("ing", "ed", "ly", "s")
BAND_EDGES = (50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200)
MIN_CLASS = 20


def split(text: str) -> list[str]:
    """Separators at even positions, tokens at odd ones: ``"".join`` gives ``text`` back."""
    return TOKEN.split(text)


def case_of(token: str) -> int:
    """0 lower, 1 capitalised, 2 all capitals (two letters or more)."""
    if len(token) > 1 and token.isupper():
        return 2
    return 1 if token[:1].isupper() else 0


@dataclass(frozen=True)
class Vocabulary:
    """One language's content words, sorted by frequency class, in three case forms."""

    language: str
    stopwords: frozenset[str]
    names: frozenset[str]
    index: dict[str, int]
    word_class: np.ndarray
    class_start: np.ndarray
    class_size: np.ndarray
    forms: np.ndarray

    def replacements(self, keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A random word index of the same class for each word index in ``keys``."""
        classes = self.word_class[keys]
        offsets = (rng.random(len(keys)) * self.class_size[classes]).astype(np.int64)
        return self.class_start[classes] + offsets


def token_stream(texts: Iterable[str]) -> Iterable[tuple[str, bool]]:
    """Every token of ``texts`` and whether it starts a sentence."""
    for text in texts:
        parts = split(text)
        for position in range(1, len(parts), 2):
            yield parts[position], position == 1 or bool(SENTENCE_END.search(parts[position - 1]))


def name_keys(texts: list[str], stopwords: frozenset[str], german: bool) -> frozenset[str]:
    """Lowercased types written capitalised inside a sentence and never in lower case.

    German capitalises every noun, so there a name must also be rare: in at most two texts.
    """
    inside, lower = set(), set()
    for token, initial in token_stream(texts):
        if token.islower():
            lower.add(token)
        elif token[:1].isupper() and not initial and token.isalpha():
            inside.add(token.lower())
    found = inside - lower - stopwords - CALENDAR
    if german:
        spread = Counter(key for text in texts for key in {t.lower() for t in split(text)[1::2]})
        found = {key for key in found if spread[key] <= 2}
    return frozenset(found)


def classes(words: list[str], english: bool) -> list[tuple[int, str]]:
    """(band, suffix) per word of ``words`` (sorted most frequent first); small classes merged."""
    bands = [int(np.searchsorted(BAND_EDGES, rank, side="right")) for rank in range(len(words))]
    suffixes = [next((s for s in SUFFIXES if w.endswith(s)), "") if english else "" for w in words]
    sizes = Counter(zip(bands, suffixes, strict=True))
    return [(b, s if sizes[b, s] >= MIN_CLASS else "*") for b, s in zip(bands, suffixes, strict=True)]


def vocabulary(language: str, texts: list[str]) -> Vocabulary:
    """The word tables of ``language`` built from its real ``texts`` (bodies, not headlines)."""
    counts = Counter(token.lower() for token, _ in token_stream(texts) if token.isalpha())
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    english = language == "en"
    stopwords = ENGLISH_STOPWORDS if english else frozenset(ranked[:OTHER_STOPWORDS])
    names = name_keys(texts, stopwords, language == "de")
    content = [
        key
        for key in ranked
        if key not in stopwords
        and key not in names
        and key not in CALENDAR
        and (len(key) > 1 or CJK_CHAR.fullmatch(key))
    ]
    labelled = sorted(zip(classes(content, english), content, strict=True))
    labels = sorted({label for label, _ in labelled})
    number = {label: n for n, label in enumerate(labels)}
    words = [word for _, word in labelled]
    word_class = np.array([number[label] for label, _ in labelled], dtype=np.int64)
    class_start = np.searchsorted(word_class, np.arange(len(labels)), side="left")
    class_size = np.bincount(word_class, minlength=len(labels))
    forms = np.array(words + [w.capitalize() for w in words] + [w.upper() for w in words], dtype=object)
    return Vocabulary(
        language,
        stopwords,
        names,
        {w: i for i, w in enumerate(words)},
        word_class,
        class_start,
        class_size,
        forms,
    )
