from newsweave.progress import progress_counter


def test_disabled_counter_accepts_counts_silently(capsys):
    with progress_counter("reading", enabled=False) as advance:
        advance(5)
    assert capsys.readouterr() == ("", "")


def test_counter_is_silent_when_stderr_is_not_a_terminal(capsys):
    with progress_counter("reading") as advance:
        advance(3)
    assert capsys.readouterr().err == ""
