"""Periods in observation files, in four written forms.

| form      | example   | means                                          |
| --------- | --------- | ---------------------------------------------- |
| YYYY      | 2023      | calendar year, 1 January to 31 December 2023   |
| YYYY-MM   | 2023-04   | month, 1 to 30 April 2023                      |
| YYYY-Qn   | 2023-Q2   | calendar quarter n (Q1 is January to March)    |
| YYYY/YY   | 2023/24   | financial year, 1 April 2023 to 31 March 2024  |

Years run from 1900 to 2100. ``2023-q2`` and spaces around the text are accepted and written
back in the canonical form above. Anything else (``2023/25``, ``Q2 2023``, ``April 2023``) is
refused with a message saying which forms are accepted.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

ACCEPTED_FORMS = (
    "2023 (a year), 2023-04 (a month), 2023-Q2 (a quarter) or 2023/24 (a financial year)"
)

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_FINANCIAL = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date


class PeriodError(ValueError):
    pass


def _check_year(year: int, text: str) -> None:
    if not 1900 <= year <= 2100:
        raise PeriodError(
            f"“{text}” is not a period we can use: the year must be between 1900 and 2100."
        )


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """The period written as ``text``; raises PeriodError with a plain-English reason."""
    raw = text.strip()
    if m := _YEAR.match(raw):
        year = int(m[1])
        _check_year(year, raw)
        return Period(raw, date(year, 1, 1), date(year, 12, 31))
    if m := _MONTH.match(raw):
        year, month = int(m[1]), int(m[2])
        _check_year(year, raw)
        if not 1 <= month <= 12:
            raise PeriodError(f"“{raw}” is not a period: the month must be 01 to 12.")
        last = calendar.monthrange(year, month)[1]
        return Period(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))
    if m := _QUARTER.match(raw):
        year, quarter = int(m[1]), int(m[2])
        _check_year(year, raw)
        first_month = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first_month + 2)[1]
        return Period(
            f"{year:04d}-Q{quarter}", date(year, first_month, 1), date(year, first_month + 2, last)
        )
    if m := _FINANCIAL.match(raw):
        year, next_two = int(m[1]), int(m[2])
        _check_year(year, raw)
        if (year + 1) % 100 != next_two:
            raise PeriodError(
                f"“{raw}” is not a financial year: the second part should be {(year + 1) % 100:02d}, "  # noqa: E501
                f"as in {year}/{(year + 1) % 100:02d}."
            )
        return Period(f"{year:04d}/{next_two:02d}", date(year, 4, 1), date(year + 1, 3, 31))
    if not raw:
        raise PeriodError(f"The period is empty: write it as {ACCEPTED_FORMS}.")
    raise PeriodError(f"“{raw}” is not a period we recognise: write it as {ACCEPTED_FORMS}.")
