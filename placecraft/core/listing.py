"""For long lists whose rows are prepared in Python rather than by template tags: an object's
address from one ``reverse`` for the whole list, and dates written as the templates' ``date``
filter writes them.

A list of 50 rows that reverses an address and formats a date in every row spends more time on
those tags than on the queries behind the whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils import timezone


def address_for(name: str, *args: Any) -> Callable[[Any], str]:
    """``reverse(name, args=[*args, key])`` for any key, from one ``reverse`` with a stand-in
    key (the URL's last argument must be the key, as an integer or a slug)."""
    before, after = reverse(name, args=[*args, 0]).rsplit("/0/", 1)
    return lambda key: f"{before}/{key}/{after}"


# The site is written in English (LANGUAGE_CODE en-gb): the month names the date filter gives,
# spelled out rather than taken from the process's locale.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = ("", *(name[:3] for name in MONTHS[1:]))


def _local(value: date) -> date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value: object) -> str:
    """As ``date:"j M Y"`` writes it: 4 Mar 2026 (and nothing for what is not a date)."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    return f"{value.day} {SHORT_MONTHS[value.month]} {value.year}"


def long_date(value: object) -> str:
    """As ``date:"j F Y"`` writes it: 4 March 2026 (and nothing for what is not a date)."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def month_year(value: date) -> str:
    """As ``date:"M Y"`` writes it: Mar 2026."""
    value = _local(value)
    return f"{SHORT_MONTHS[value.month]} {value.year}"


# Currencies written with their symbol; any other is written with its ISO 4217 code.
CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(value: object, currency: str = "GBP") -> str:
    """£75,000 or £1,234.50: pence only when there are some. Other currencies by their symbol
    (€2,500) or, without one, their code (PLN 120,000). Nothing for what is not a number."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    whole = amount == amount.to_integral_value()
    figure = f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}"
    code = (currency or "GBP").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    written = f"{symbol}{figure}" if symbol else f"{code} {figure}"
    return f"-{written}" if amount < 0 else written
