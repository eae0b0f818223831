import re
import subprocess
import sys
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.clean.normalize import for_matching
from newsweave.copies import shingles
from newsweave.copies.shingles import SHINGLE_WORDS, shingle_hashes, shingle_set, word_hashes, words

_WORD = re.compile(r"\w+")


def reference_words(text: str) -> list[str]:
    """The definition: the \\w+ runs of the matching form."""
    return _WORD.findall(for_matching(text))


def reference_shingles(tokens: list[str]) -> list[int]:
    """crc32 per word, a polynomial of four word hashes mod 2**64, folded to 32 bits."""
    hashed = [zlib.crc32(token.encode("utf-8")) for token in tokens]
    out = []
    for start in range(len(hashed) - SHINGLE_WORDS + 1):
        combined = sum(
            hashed[start + i] * pow(0x9E3779B1, SHINGLE_WORDS - 1 - i, 1 << 64) for i in range(SHINGLE_WORDS)
        ) % (1 << 64)
        out.append((combined ^ (combined >> 29)) & 0xFFFFFFFF)
    return out


TRICKY = [
    "The Minister said: “We’ll act” — today… at 10:30.",
    "Straße, ÄRGER und Öl; l’État; naïve café",
    "co\u00adoperate zero\u200bwidth join\u200dme word\u2060joiner \ufeffbom",
    "ΟΔΟΣ ΣΑΣ′Α ΚΟΣΜΟΣ’ ΣΟΦΟΣ´Α ΑΣ`Β",
    "İstanbul ǅemal ﬁne ﬀ ① x² ½ ＡＢＣ 𝐀𝐁 😀 emoji",
    "tabs\tand\u00a0nbsp\u2009thin\u3000ideographic\nnew  lines",
    "日本語の文章です。中文文本。한국어 텍스트",
    "snake_case 12,5 3.14 #hash @handle a-b a/b",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_words_are_the_word_runs_of_the_matching_form(text):
    assert words(text) == reference_words(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_words_match_the_definition_on_any_text(text):
    assert words(text) == reference_words(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Σ", "σ", "A", "a", "’", "′", "´", "`", "“", "—", "…", " ", "\u00ad", "İ",
                                 "\u0301", "ǅ", "ﬁ", "\u00a0", "1", "_", "ς", ".", "'"]), max_size=12))
def test_words_match_the_definition_on_sigma_and_quote_mixes(chars):
    text = "".join(chars)
    assert words(text) == reference_words(text)


def test_lone_surrogates_fall_back_to_the_regex():
    text = "broken \ud800 surrogate text here"
    assert words(text) == reference_words(text)


def test_shingle_hashes_follow_the_reference_and_are_uint32():
    tokens = words("One two three four five six, seven eight — one two three four.")
    got = shingle_hashes(tokens)
    assert got.dtype == np.uint32
    assert got.tolist() == reference_shingles(tokens)
    assert len(got) == len(tokens) - SHINGLE_WORDS + 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=6), max_size=30))
def test_shingle_hashes_match_the_reference_on_any_tokens(tokens):
    assert shingle_hashes(tokens).tolist() == reference_shingles(tokens)


def test_fewer_words_than_a_shingle_give_no_hashes():
    for tokens in ([], ["a"], ["a", "b", "c"]):
        got = shingle_hashes(tokens)
        assert got.dtype == np.uint32 and len(got) == 0


def test_word_order_matters_and_repeats_repeat():
    a = shingle_hashes("a b c d e".split())
    b = shingle_hashes("z b c d e".split())
    assert a[1] == b[1] and a[0] != b[0]
    assert shingle_hashes("b a c d".split())[0] != a[0]
    repeated = shingle_hashes("x y z w x y z w".split())
    assert repeated[0] == repeated[4]


def test_word_cache_overflow_changes_nothing(monkeypatch):
    tokens = words(TRICKY[1] + " " + TRICKY[4])
    expected = word_hashes(tokens).tolist()
    monkeypatch.setattr(shingles, "WORD_CACHE", 2)
    assert word_hashes(tokens).tolist() == expected
    assert word_hashes(tokens).tolist() == expected
    assert len(shingles._word_hashes) <= len(set(tokens))
    assert expected == [zlib.crc32(t.encode()) for t in tokens]


@pytest.mark.parametrize("values", [[], [7], [5, 5], [3, 1, 2, 3, 1], list(range(100, 0, -3)) * 2])
def test_shingle_set_is_the_sorted_distinct_values(values):
    hashes = np.array(values, dtype=np.uint32)
    got = shingle_set(hashes)
    assert got.tolist() == sorted(set(values))
    assert got.dtype == np.uint32


def test_hashes_are_the_same_in_another_process_with_another_hash_seed():
    text = "Die Regierung hat am Dienstag – nach langen Verhandlungen – ein Gesetz beschlossen."
    code = (
        "from newsweave.copies.shingles import shingle_hashes, words;"
        f"print(shingle_hashes(words({text!r})).tolist())"
    )
    for seed in ("1", "12345"):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                env={"PYTHONHASHSEED": seed, "PATH": ""})
        assert result.stdout.strip() == str(shingle_hashes(words(text)).tolist())
