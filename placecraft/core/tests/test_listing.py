"""Rows prepared in Python say what the template tags they replace would have said."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.urls import reverse

from placecraft.core import listing


def test_addresses_are_those_reverse_gives():
    address = listing.address_for("risk_detail", "testshire")
    for key in (1, 20, 4031):
        assert address(key) == reverse("risk_detail", args=["testshire", key])
    # A slug as the key, and an address that goes on after it.
    edit = listing.address_for("mission_edit", "testshire")
    assert edit("clean-air") == reverse("mission_edit", args=["testshire", "clean-air"])


def date_filter(value: object, format: str) -> str:
    """As a template writes it (in local time: the template engine converts datetimes)."""
    return Template("{{ value|date:format }}").render(Context({"value": value, "format": format}))


def test_dates_are_written_as_the_date_filter_writes_them():
    # Late on a summer evening in UTC is the next day in London.
    for value in (date(2026, 3, 4), date(2025, 12, 31), datetime(2026, 7, 1, 23, 30, tzinfo=UTC)):
        assert listing.short_date(value) == date_filter(value, "j M Y")
        assert listing.long_date(value) == date_filter(value, "j F Y")
    assert listing.short_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == "2 Jul 2026"
    for nothing in (None, "", "2026-03-04"):
        assert listing.short_date(nothing) == date_filter(nothing, "j M Y") == ""
        assert listing.long_date(nothing) == ""


def test_the_date_filters_write_what_the_date_filter_writes():
    value = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    template = Template("{{ value|short_date }} / {{ value|long_date }} / {{ nothing|short_date }}")
    assert (
        template.render(Context({"value": value, "nothing": None})) == "2 Jul 2026 / 2 July 2026 / "
    )


def test_every_month_is_named_as_the_date_filter_names_it():
    for month in range(1, 13):
        value = date(2026, month, 9)
        assert listing.short_date(value) == date_filter(value, "j M Y")
        assert listing.long_date(value) == date_filter(value, "j F Y")
        assert listing.month_year(value) == date_filter(value, "M Y")
