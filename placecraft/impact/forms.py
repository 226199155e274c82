"""Forms for risks, learning entries, library resources and starting a self-assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.core.models import Visibility
from placecraft.core.toolkit import TOOLSETS
from placecraft.core.widgets import LongSelect
from placecraft.frameworks.models import Mode
from placecraft.impact.models import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    Origin,
    Resource,
    Risk,
)
from placecraft.missions.models import Mission
from placecraft.places.forms import OrganisationNamesField
from placecraft.places.models import Organisation
from placecraft.sprints.models import Learning, LearningKind

LIKELIHOOD = [(n, f"{n} – {label}") for n, label in LIKELIHOOD_LABELS.items()]
IMPACT = [(n, f"{n} – {label}") for n, label in IMPACT_LABELS.items()]


class RiskForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Owner organisation", empty_label=None
    )

    class Meta:
        model = Risk
        fields = [
            "organisation",
            "mission",
            "title",
            "acting",
            "acting_likelihood",
            "acting_impact",
            "not_acting",
            "not_acting_likelihood",
            "not_acting_impact",
            "mitigations",
            "appetite",
            "owner",
            "review_date",
            "visibility",
            "status",
        ]
        widgets = {
            "acting": forms.Textarea(attrs={"rows": 3}),
            "not_acting": forms.Textarea(attrs={"rows": 3}),
            "mitigations": forms.Textarea(attrs={"rows": 4}),
            "acting_likelihood": forms.Select(choices=LIKELIHOOD),
            "not_acting_likelihood": forms.Select(choices=LIKELIHOOD),
            "acting_impact": forms.Select(choices=IMPACT),
            "not_acting_impact": forms.Select(choices=IMPACT),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "appetite": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "status": forms.RadioSelect,
            "owner": LongSelect(label_from=("name", "email")),
            "mission": LongSelect(label_from=("title",)),
        }
        help_texts = {
            "owner": "Someone in one of your organisations, who reviews this risk and is "
            "reminded when a review is due.",
        }

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        missions: QuerySet[Mission],
        owners: QuerySet[Any],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        self.fields["mission"].empty_label = "None: a risk to the organisation"  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if editing:
            del self.fields["organisation"]
        else:
            del self.fields["status"]


class ReviewForm(GovukForm):
    next_review = forms.DateField(
        label="Next review date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When the owner should look at this risk again.",
    )


class LearningForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation", empty_label=None
    )
    origin = forms.ChoiceField(
        label="Where did this learning come from?", choices=Origin.choices, widget=forms.RadioSelect
    )
    origin_label = forms.CharField(
        label="Name of the sprint, forum, project or update",
        required=False,
        max_length=200,
    )
    themes = forms.CharField(
        label="Themes",
        required=False,
        help_text="Separate themes with commas, for example: data sharing, procurement.",
    )
    shared_with = OrganisationNamesField(
        label="Also share with these partner organisations",
        help_text="Their names as shown in the partner registry, one on each line.",
    )

    class Meta:
        model = Learning
        fields = [
            "organisation",
            "title",
            "kind",
            "mission",
            "what_we_tried",
            "what_happened",
            "what_we_learned",
            "what_we_will_change",
            "recorded_on",
            "visibility",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "what_we_tried": forms.Textarea(attrs={"rows": 3}),
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "what_we_learned": forms.Textarea(attrs={"rows": 3}),
            "what_we_will_change": forms.Textarea(attrs={"rows": 3}),
            "recorded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mission": LongSelect(label_from=("title",)),
        }
        labels = {"kind": "Was this something that worked or something that went wrong?"}

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        missions: QuerySet[Mission],
        partners: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        self.fields["shared_with"].organisations = partners  # type: ignore[attr-defined]
        self.fields["kind"].choices = LearningKind.choices  # type: ignore[attr-defined]


class LearningSearchForm(forms.Form):
    q = forms.CharField(label="Search learning", required=False, max_length=200)


class ResourceForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Added by organisation", empty_label=None
    )
    toolsets = forms.TypedMultipleChoiceField(
        label="Toolsets it helps with",
        choices=[(t.number, f"{t.number}: {t.title}") for t in TOOLSETS],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        fields = [
            "organisation",
            "title",
            "author",
            "year",
            "url",
            "category",
            "kind",
            "summary",
            "visibility",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "category": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class StartAssessmentForm(GovukForm):
    mode = forms.ChoiceField(
        label="How will you run it?",
        choices=[
            (Mode.WORKSHOP, "A leadership workshop: the leadership team agrees answers together"),
            (Mode.SURVEY, "A staff survey: anyone with the link answers anonymously"),
        ],
        widget=forms.RadioSelect,
    )
    round_label = forms.CharField(label="Round", max_length=100, help_text="For example “2026”.")
    round_date = forms.DateField(
        label="Date of the round", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.PRIVATE, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"round_date": date.today(), "visibility": Visibility.PRIVATE})
        super().__init__(*args, **kwargs)
