"""An optional abstractive summary through any OpenAI-compatible chat endpoint, checked against the facts.

The default brief is extractive and offline.  Given an endpoint (Ollama,
vLLM, a llama.cpp server: anything that serves ``/chat/completions``) and a
model name, the model writes a short summary from the brief's numbered facts
only.  Every sentence it writes is then checked: it must say what one of the
facts says (by the same similarity that groups claims) and every number in it
must be a number of that fact.  A sentence that passes carries that fact's
citations; one that fails is dropped from the summary and kept in
``unsupported``, so nothing the sources do not say reaches the reader unmarked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from newsweave.brief.model import Brief, Cited
from newsweave.clean.sentences import split_sentences
from newsweave.corroborate.similarity import similarity_matrix
from newsweave.reading.numbers import numbers

SUPPORTED = 0.6
TIMEOUT_SECONDS = 120.0
_YEARS = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor)\b|n't\b", re.IGNORECASE)
_FACT_MARK = re.compile(r"\s*\[(?:F?\d+(?:,\s*)?)+\]")
_INSTRUCTIONS = (
    "You write a short, neutral news summary of three to five sentences. Use only the numbered facts "
    "given; add nothing else, no opinions and no background. Keep names, numbers and dates exactly as "
    "the facts give them."
)


class SummaryError(Exception):
    """The endpoint could not be reached or did not answer as the protocol says."""


@dataclass(frozen=True)
class Endpoint:
    """Where the model runs: the API's base URL (``http://localhost:11434/v1``), model name and key."""

    url: str
    model: str
    api_key: str | None = None


def summarise(brief: Brief, endpoint: Endpoint) -> Brief:
    """``brief`` with ``text`` (checked sentences with citations) and ``unsupported`` filled in."""
    facts = _facts(brief)
    if not facts:
        return brief
    reply = _complete(endpoint, _prompt(brief, facts))
    sentences = [" ".join(reply[start:end].split()) for start, end in split_sentences(reply)]
    kept, dropped = check(sentences, facts)
    brief.text, brief.unsupported = kept, dropped
    return brief


def _facts(brief: Brief) -> list[Cited]:
    found = [Cited(brief.lede.text, brief.lede.citations)] if brief.lede else []
    found += [Cited(fact.text, fact.citations) for fact in brief.facts]
    found += [claim for claims in brief.single_source.values() for claim in claims]
    return found


def _prompt(brief: Brief, facts: list[Cited]) -> str:
    lines = [f"Headline: {brief.headline}", "Facts:"]
    lines += [f"F{number}. {fact.text}" for number, fact in enumerate(facts, start=1)]
    return "\n".join(lines)


def _complete(endpoint: Endpoint, prompt: str) -> str:
    if endpoint.api_key and not endpoint.api_key.isascii():
        raise SummaryError("the API key has characters an HTTP header cannot carry")
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    body = {"model": endpoint.model, "temperature": 0,
            "messages": [{"role": "system", "content": _INSTRUCTIONS}, {"role": "user", "content": prompt}]}
    url = endpoint.url.rstrip("/") + "/chat/completions"
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise SummaryError(f"{url}: {error}") from error
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise SummaryError(f"{url}: the answer is not an OpenAI-style chat completion") from error
    if not isinstance(content, str) or not content.strip():
        raise SummaryError(f"{url}: the answer has no text")
    return content


def check(sentences: list[str], facts: list[Cited]) -> tuple[list[Cited], list[str]]:
    """Split generated sentences into those a fact supports (with its citations) and the rest."""
    sentences = [_FACT_MARK.sub("", sentence).strip() for sentence in sentences if sentence.strip()]
    if not sentences:
        return [], []
    scores = similarity_matrix(sentences + [fact.text for fact in facts])[:len(sentences), len(sentences):]
    kept, dropped = [], []
    for row, sentence in zip(scores, sentences, strict=True):
        best = int(row.argmax())
        if row[best] >= SUPPORTED and says_no_more(sentence, facts[best].text):
            kept.append(Cited(sentence, facts[best].citations))
        else:
            dropped.append(sentence)
    return kept, dropped


def says_no_more(sentence: str, fact: str) -> bool:
    """The sentence's numbers (with their units), years and negation are the fact's own."""
    stated = [(number.value, number.unit) for number in numbers(fact)]
    for number in numbers(sentence):
        if not any(value == number.value and (unit == number.unit or None in (unit, number.unit))
                   for value, unit in stated):
            return False
    if not set(_YEARS.findall(sentence)) <= set(_YEARS.findall(fact)):
        return False
    return bool(_NEGATION.search(sentence)) == bool(_NEGATION.search(fact))
