"""A date kept in one box can be typed as people write dates: 7 Dec 2026, 7 December 2026,
07/12/2026 or 2026-12-07 all mean the same day."""

from __future__ import annotations

from datetime import date

from django import forms

from placecraft.core.forms import GovukForm, WrittenDateField


class When(GovukForm):
    on = WrittenDateField(label="Date")


def test_dates_written_as_people_write_them_are_understood():
    for typed in ("7 Dec 2026", "7 December 2026", "07/12/2026", "2026-12-07", " 7 dec 2026 "):
        form = When({"on": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["on"] == date(2026, 12, 7)


def test_a_date_that_cannot_be_read_says_how_to_write_one():
    form = When({"on": "31 Feb 2026"})
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter a real date, for example 7 December 2026."]
    assert isinstance(When().fields["on"], forms.DateField)
