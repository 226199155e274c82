from datetime import date

import pytest

from placecraft.evidence.periods import PeriodError, parse_period
from placecraft.evidence.progress import Status, Waypoint, assess, expected_value, trajectory_points


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2023", "2023", date(2023, 1, 1), date(2023, 12, 31)),
        (" 2023-02 ", "2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-q1", "2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2023-Q4", "2023-Q4", date(2023, 10, 1), date(2023, 12, 31)),
        ("2023/24", "2023/24", date(2023, 4, 1), date(2024, 3, 31)),
        ("1999/00", "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_accepted_period_forms(text, code, start, end):
    period = parse_period(text)
    assert (period.code, period.start, period.end) == (code, start, end)


@pytest.mark.parametrize(
    "text", ["", "23", "2023-13", "2023-Q5", "2023/25", "Q1 2023", "April 2023", "1850", "2023-1"]
)
def test_other_period_forms_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


BASE = Waypoint(date(2020, 1, 1), 50.0)
TARGETS = [Waypoint(date(2030, 1, 1), 70.0)]


def test_linear_trajectory_interpolates_and_holds_at_the_ends():
    assert expected_value(BASE, TARGETS, date(2019, 1, 1)) == 50.0
    assert expected_value(BASE, TARGETS, date(2025, 1, 1)) == pytest.approx(60.0, abs=0.01)
    assert expected_value(BASE, TARGETS, date(2035, 1, 1)) == 70.0


def test_stepped_trajectory_holds_each_milestone_until_the_next():
    targets = [Waypoint(date(2025, 1, 1), 60.0), Waypoint(date(2030, 1, 1), 70.0)]
    assert expected_value(BASE, targets, date(2024, 12, 31), stepped=True) == 50.0
    assert expected_value(BASE, targets, date(2025, 1, 1), stepped=True) == 60.0
    assert expected_value(BASE, targets, date(2029, 6, 1), stepped=True) == 60.0
    assert expected_value(BASE, targets, date(2030, 1, 1), stepped=True) == 70.0
    corners = trajectory_points(BASE, targets, stepped=True)
    assert [(p.when.year, p.value) for p in corners] == [
        (2020, 50),
        (2025, 50),
        (2025, 60),
        (2030, 60),
        (2030, 70),
    ]


@pytest.mark.parametrize(
    ("value", "higher", "status"),
    [
        (61.0, True, Status.ON_TRACK),  # expected 60, ahead
        (59.0, True, Status.CLOSE),  # 1 behind; tolerance is 10% of 20 = 2
        (57.0, True, Status.OFF_TRACK),  # 3 behind
        (59.0, False, Status.ON_TRACK),  # lower is better: below the line is ahead
        (61.5, False, Status.CLOSE),
        (63.0, False, Status.OFF_TRACK),
    ],
)
def test_status_is_derived_from_the_last_figure_against_the_trajectory(value, higher, status):
    targets = TARGETS if higher else [Waypoint(date(2030, 1, 1), 30.0)]
    expected = 60.0 if higher else 40.0
    shifted = value if higher else value - 20.0  # same gaps around an expected value of 40
    result = assess(
        latest=Waypoint(date(2025, 1, 1), shifted),
        baseline=BASE,
        targets=targets,
        higher_is_better=higher,
    )
    assert result.status == status
    assert result.expected == pytest.approx(expected, abs=0.01)


def test_no_data_and_no_target():
    assert (
        assess(latest=None, baseline=BASE, targets=TARGETS, higher_is_better=True).status
        == Status.NO_DATA
    )
    latest = Waypoint(date(2025, 1, 1), 1.0)
    assert (
        assess(latest=latest, baseline=None, targets=[], higher_is_better=True).status
        == Status.NO_TARGET
    )
