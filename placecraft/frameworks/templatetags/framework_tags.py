"""``{{ mean|two_places }}`` for the results and comparison tables, which print an average
rating in every cell."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

_HUNDREDTHS = Decimal("0.01")


@register.filter(is_safe=True)
def two_places(value: float | int) -> str:
    """What ``floatformat:2`` prints for an average rating: the same rounding (half up, of the
    number as written), without the filter's locale lookups, which cost more than the rest of
    a cell. A rating is far below a thousand, so there is no grouping to do, and our one
    locale writes the decimal point as a point."""
    rounded = Decimal(str(value)).quantize(_HUNDREDTHS, ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}"  # never "-0.00"
