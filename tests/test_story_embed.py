"""Multilingual lead embeddings: unit vectors, nothing for empty text, translations close, the lead cut."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
import pytest

from newsweave.stories.embed import DIMENSIONS, LEAD_CHARS, BackgroundEmbedder, embed, lead_text, serve

ENGLISH = "The central bank raised interest rates to fight inflation."
GERMAN = "Die Zentralbank hat die Zinsen erhöht, um die Inflation zu bekämpfen."
FRENCH = "La banque centrale a relevé ses taux d'intérêt pour lutter contre l'inflation."
UNRELATED = "The football team won the championship after a dramatic penalty shootout."
TEXTS = [ENGLISH, GERMAN, FRENCH, UNRELATED, "", "   \n"]


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return embed(TEXTS)


def test_shape_dtype_and_unit_length(vectors):
    assert vectors.shape == (len(TEXTS), DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors[:4], axis=1) == pytest.approx(np.ones(4), abs=1e-4)


def test_empty_texts_give_zero_vectors(vectors):
    assert not vectors[4].any() and not vectors[5].any()
    assert embed([]).shape == (0, DIMENSIONS)


def test_translations_are_closer_than_an_unrelated_sentence(vectors):
    english, german, french, unrelated = vectors[:4]
    for translation in (german, french):
        assert float(english @ translation) > float(english @ unrelated) + 0.2
        assert float(english @ translation) > 0.6


def test_embedding_does_not_depend_on_batch_or_threads(vectors):
    alone = embed([GERMAN], threads=2)[0]
    assert float(alone @ vectors[1]) == pytest.approx(1.0, abs=1e-4)


def test_background_embedder_gives_what_embed_gives(vectors):
    embedder = BackgroundEmbedder()
    try:
        result = embedder.submit([ENGLISH, "", UNRELATED]).result(timeout=120)
    finally:
        embedder.close()
    assert result.shape == (3, DIMENSIONS)
    assert float(result[0] @ vectors[0]) == pytest.approx(1.0, abs=1e-4)
    assert not result[1].any()
    assert float(result[2] @ vectors[3]) == pytest.approx(1.0, abs=1e-4)


def test_lead_text_is_title_then_lead_cut_at_a_word_boundary():
    text = " ".join(f"word{i:03d}" for i in range(200))  # 7 characters a word, 1600 characters
    lead = lead_text("A title", text)
    title, _, body = lead.partition("\n")
    assert title == "A title"
    assert len(body) <= LEAD_CHARS
    assert text.startswith(body)
    assert body.split()[-1] in text.split()  # a whole word, not half of one
    assert len(body) > LEAD_CHARS - 8  # and only the last partial word went
    assert lead_text(None, text) == body


def test_lead_text_keeps_short_text_whole_and_strips():
    assert lead_text("Title", "  Short text.  ") == "Title\n  Short text."
    assert lead_text(None, "  Short text.  ") == "Short text."
    assert lead_text(None, "abcdefghij" * 40, lead_chars=25) == "abcdefghij" * 2 + "abcde"
    assert lead_text(None, "one two three", lead_chars=8) == "one two"
    assert lead_text(None, "one two three", lead_chars=6) == "one"


def test_a_very_long_title_is_cut_too():
    title = " ".join(["headline"] * 100)
    lead = lead_text(title, "Body text.")
    first, _, body = lead.partition("\n")
    assert len(first) <= LEAD_CHARS and title.startswith(first) and first.endswith("headline")
    assert body == "Body text."


def test_a_worker_that_cannot_start_fails_the_future_not_the_caller(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    embedder = BackgroundEmbedder()
    try:
        future = embedder.submit(["A sentence."])
        with pytest.raises(OSError):
            future.result(timeout=30)
    finally:
        embedder.close()


def test_serve_answers_length_prefixed_requests():
    texts = ["Putin visited Pyongyang.", ""]
    payload = json.dumps(texts).encode("utf-8")
    source = io.BytesIO(len(payload).to_bytes(8, "little") + payload)
    sink = io.BytesIO()
    serve(source, sink)
    answer = sink.getvalue()
    size = int.from_bytes(answer[:8], "little")
    vectors = np.frombuffer(answer[8:8 + size], dtype="<f4").reshape(2, DIMENSIONS)
    assert np.allclose(vectors, embed(texts), atol=1e-6)
