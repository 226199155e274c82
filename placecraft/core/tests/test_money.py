"""Money is written one way everywhere: £75,000, pence only when there are some, and other
currencies by their symbol or, without one, their code."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template

from placecraft.core import listing


def test_money_is_written_one_way():
    assert listing.money(75000) == "£75,000"
    assert listing.money(Decimal("75000.00")) == "£75,000"
    assert listing.money(Decimal("1234.5")) == "£1,234.50"
    assert listing.money(Decimal("0.99"), "GBP") == "£0.99"
    assert listing.money(Decimal("-20"), "GBP") == "-£20"
    assert listing.money(2500, "EUR") == "€2,500"
    assert listing.money(Decimal("10.10"), "usd") == "$10.10"
    assert listing.money(120000, "PLN") == "PLN 120,000"
    assert listing.money(None) == ""


def test_the_money_filter_writes_the_same():
    rendered = Template("{{ a|money }} and {{ b|money:'EUR' }}").render(
        Context({"a": Decimal("75000.00"), "b": Decimal("12.5")})
    )
    assert rendered == "£75,000 and €12.50"
