from newsweave.identity import ID_LENGTH, article_id, canonical_url, source_of


def test_canonical_url_drops_tracking_fragment_and_case_noise():
    assert canonical_url("HTTP://WWW.Example.com:80/News/a/?utm_source=x&b=2&a=1#top") == (
        "https://www.example.com/News/a?a=1&b=2"
    )


def test_canonical_url_refuses_non_web_urls():
    assert canonical_url("ftp://example.com/a") is None
    assert canonical_url("not a url") is None
    assert canonical_url(None) is None


def test_source_is_host_without_www():
    assert source_of("https://www.cbsnews.com/news/x/") == "cbsnews.com"
    assert source_of("") is None


def test_id_from_url_ignores_content_and_tracking():
    first = article_id("https://example.com/a?utm_medium=rss", "T", "one text")
    assert first == article_id("https://example.com/a", "Other", "other text")
    assert len(first) == ID_LENGTH


def test_id_from_content_ignores_typography_and_spacing():
    assert article_id(None, "Title", "It\u2019s  here.") == article_id(None, "title", "It's here.")
    assert article_id(None, "Title", "It is here.") != article_id(None, "Title", "It is there.")
