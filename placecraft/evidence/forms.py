from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.core.widgets import LongSelect
from placecraft.evidence.models import Indicator, MissionIndicator
from placecraft.evidence.periods import ACCEPTED_FORMS, PeriodError, parse_period
from placecraft.places import gss
from placecraft.places.models import Organisation, Place

TARGET_SLOTS = 3


class IndicatorForm(GovukModelForm):
    widths = {"decimal_places": "govuk-input--width-2", "unit": "govuk-input--width-20"}

    class Meta:
        model = Indicator
        fields = [
            "name",
            "organisation",
            "definition",
            "unit",
            "direction",
            "category",
            "source",
            "source_url",
            "geography_level",
            "frequency",
            "decimal_places",
            "visibility",
        ]
        labels = {"organisation": "Owner organisation"}
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "direction": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }

    def __init__(
        self, *args: Any, place: Place, owners: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.place = place
        self.fields["organisation"].queryset = owners  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = "Enter the indicator's name"
        self.fields["definition"].error_messages["required"] = (
            "Say exactly what the indicator measures"
        )
        self.fields["unit"].error_messages["required"] = "Enter the unit, like % or years"

    def cleaned_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImportForm(GovukForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns geography_code, period, value, and optionally lower and upper. "
        f"Periods as {ACCEPTED_FORMS}. Saved as CSV UTF-8.",
        error_messages={"required": "Choose a CSV file to upload"},
        # An empty file gets the importer's own row-numbered explanation.
        allow_empty_file=True,
    )


def _period(value: str, field: str) -> str:
    try:
        return parse_period(value).code
    except PeriodError as problem:
        raise forms.ValidationError(str(problem)) from None


class MissionIndicatorForm(GovukModelForm):
    widths = {
        "geography_code": "govuk-input--width-10",
        "baseline_period": "govuk-input--width-10",
        "baseline_value": "govuk-input--width-10",
        "tolerance_percent": "govuk-input--width-4",
    }

    class Meta:
        model = MissionIndicator
        fields = [
            "indicator",
            "geography_code",
            "headline",
            "baseline_period",
            "baseline_value",
            "trajectory",
            "tolerance_percent",
        ]
        labels = {"baseline_period": "Baseline period", "baseline_value": "Baseline value"}
        help_texts = {"baseline_period": f"Write it as {ACCEPTED_FORMS}."}
        widgets = {"trajectory": forms.RadioSelect, "indicator": LongSelect}

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A place can hold hundreds of indicators: Meta.widgets makes this a LongSelect.
        field = self.fields["indicator"]
        field.empty_label = None  # type: ignore[attr-defined]
        field.queryset = indicators  # type: ignore[attr-defined]
        if self.instance.pk:
            # The indicator of a tracked link is fixed: offer only that one.
            field.queryset = indicators.filter(pk=self.instance.indicator_id)  # type: ignore[attr-defined]
            field.disabled = True
            targets = list(self.instance.targets.all())
        else:
            targets = []
        for i in range(1, TARGET_SLOTS + 1):
            existing = targets[i - 1] if len(targets) >= i else None
            self.fields[f"target_{i}_period"] = forms.CharField(
                label=f"Target {i}: period",
                required=False,
                initial=existing.period if existing else "",
                help_text="Like 2030 or 2030/31. Leave empty if not needed." if i == 1 else "",
                widget=forms.TextInput(),
            )
            self.fields[f"target_{i}_value"] = forms.FloatField(
                label=f"Target {i}: value",
                required=False,
                initial=existing.value if existing else None,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.widths = {
                **self.widths,
                f"target_{i}_period": "govuk-input--width-10",
                f"target_{i}_value": "govuk-input--width-10",
            }
        self.fields["geography_code"].error_messages["required"] = (
            "Enter the area's GSS code, like E06000014"
        )

    def clean_geography_code(self) -> str:
        code: str = self.cleaned_data["geography_code"].strip().upper()
        problem = gss.gss_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_baseline_period(self) -> str:
        value: str = self.cleaned_data.get("baseline_period", "").strip()
        return _period(value, "baseline_period") if value else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        half_baseline = bool(cleaned.get("baseline_period")) != (
            cleaned.get("baseline_value") is not None
        )
        if half_baseline and "baseline_period" not in self.errors:
            self.add_error(
                "baseline_value", "Give both the baseline period and its value, or neither"
            )
        targets: list[tuple[str, float]] = []
        for i in range(1, TARGET_SLOTS + 1):
            period = (cleaned.get(f"target_{i}_period") or "").strip()
            value = cleaned.get(f"target_{i}_value")
            if not period and value is None:
                continue
            if not period or value is None:
                self.add_error(
                    f"target_{i}_period", f"Give both the period and the value of target {i}"
                )
                continue
            try:
                targets.append((_period(period, f"target_{i}_period"), value))
            except forms.ValidationError as problem:
                self.add_error(f"target_{i}_period", problem)
        if targets and not cleaned.get("baseline_period"):
            self.add_error(
                "baseline_period", "Set a baseline so the trajectory has somewhere to start"
            )
        if len({p for p, _ in targets}) != len(targets):
            self.add_error("target_1_period", "Each target needs a different period")
        self.targets = targets
        return cleaned

    def cleaned_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "indicator"}
