from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from placecraft.core.forms import GovukForm


class BoardPackForm(GovukForm):
    mission = forms.ChoiceField(label="Mission", required=False)
    date_from = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, missions: list[tuple[str, str]], **kwargs: Any) -> None:
        today = date.today()
        kwargs.setdefault("initial", {"date_from": today - timedelta(days=90), "date_to": today})
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = [("", "The whole portfolio"), *missions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data
