from newsweave.corroborate.agreement import disagreement
from newsweave.reading.model import Claim, DateMention, NumberMention


def claim(numbers=(), dates=(), stance="stated", attribution=None) -> Claim:
    return Claim(
        "x", 0, 1, numbers=tuple(numbers), dates=tuple(dates), stance=stance, attribution=attribution
    )


def test_numbers_of_one_unit_must_share_a_value():
    twelve, fifteen = NumberMention("12 people", 12, "people"), NumberMention("15 people", 15, "people")
    assert disagreement(claim([twelve]), claim([fifteen])) == "numbers differ: 12 people / 15 people"
    assert disagreement(claim([twelve]), claim([twelve, fifteen])) is None
    assert disagreement(claim([twelve]), claim([NumberMention("3 cars", 3, "cars")])) is None


def test_days_written_out_must_agree_but_relative_and_coarser_dates_do_not_count():
    first = DateMention("March 4, 2024", "2024-03-04", "day")
    second = DateMention("March 5, 2024", "2024-03-05", "day")
    assert disagreement(claim(dates=[first]), claim(dates=[second])).startswith("dates differ: March 4, 2024")
    monday = DateMention("Monday", "2024-03-04", "day")
    tuesday = DateMention("Tuesday", "2024-03-05", "day")
    assert disagreement(claim(dates=[monday]), claim(dates=[tuesday])) is None
    march = DateMention("March", "2024-03", "month")
    assert disagreement(claim(dates=[first]), claim(dates=[march])) is None


def test_a_denial_against_a_statement():
    assert disagreement(claim(stance="denied", attribution="Moscow"), claim()) == "denied by Moscow"
    assert disagreement(claim(stance="alleged"), claim()) is None


def test_numbers_without_a_unit_and_approximate_numbers_do_not_conflict():
    from newsweave.reading.numbers import numbers

    def counted(text: str) -> Claim:
        return Claim(text, 0, len(text), numbers=tuple(numbers(text)))

    assert disagreement(counted("The storm killed 12 and injured 30 people."),
                        counted("The storm killed 12 people and injured 30.")) is None
    assert disagreement(counted("More than 100 people died."), counted("105 people died.")) is None
    assert disagreement(counted("100 people died."), counted("105 people died.")) is not None
