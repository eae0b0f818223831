from newsweave.reading.vocabulary import DENY_VERBS, QUOTE_VERBS, REPORT_VERBS, SPEECH_VERBS


def test_speech_verbs_are_listed_in_every_form_news_uses():
    assert {"say", "says", "said", "saying", "told"} <= SPEECH_VERBS
    assert SPEECH_VERBS <= REPORT_VERBS <= QUOTE_VERBS | REPORT_VERBS
    assert {"called", "referred", "quoted"} <= QUOTE_VERBS
    assert {"denied", "rejects"} <= DENY_VERBS
