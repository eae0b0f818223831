from newsweave.clean.recurring import MIN_ARTICLES, LineStats, article_line_keys, line_key, recurring_filter

PROMPT = "Keep up with our coverage by following the desk"


def test_line_key_folds_typography_and_skips_long_lines():
    assert line_key("It\u2019s \u201cover\u201d") == line_key("IT'S \"over\"")
    assert line_key("x" * 400) is None
    assert line_key("ok") is None


def test_line_becomes_recurring_after_enough_articles_of_one_source():
    stats = LineStats()
    for _ in range(MIN_ARTICLES - 1):
        stats.add("example.com", article_line_keys([PROMPT]))
    assert not stats.is_recurring("example.com", line_key(PROMPT))
    stats.add("example.com", article_line_keys([PROMPT]))
    assert stats.is_recurring("example.com", line_key(PROMPT))
    assert not stats.is_recurring("other.org", line_key(PROMPT))


def test_filter_drops_recurring_lines_but_not_from_reprints():
    stats = LineStats()
    body = ["One story line here.", "Another fresh line of the story.", "A third line of the story."]
    for _ in range(MIN_ARTICLES):
        stats.add("example.com", article_line_keys([PROMPT]))
    assert recurring_filter(stats, "example.com", [*body, PROMPT]) == {3}
    for _ in range(MIN_ARTICLES):
        stats.add("example.com", article_line_keys(body))
    assert recurring_filter(stats, "example.com", [*body, PROMPT]) == set()
    assert recurring_filter(stats, None, [PROMPT]) == set()


def test_loader_supplies_stored_counts_and_pending_tracks_increments():
    key = line_key(PROMPT)
    stats = LineStats(lambda source: {key: MIN_ARTICLES} if source == "example.com" else {})
    assert stats.is_recurring("example.com", key)
    stats.add("example.com", {key})
    assert stats.take_pending() == {("example.com", key): 1}
    assert stats.take_pending() == {}
