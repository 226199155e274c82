from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from placecraft.community.spam import SpamProtectedForm
from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.core.widgets import LongCheckboxes
from placecraft.missions.access import visible_missions
from placecraft.panels.models import Panel
from placecraft.panels.pool import Categories
from placecraft.places import access
from placecraft.places.models import Organisation, Place


class PanelForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation running the panel"
    )
    widths = {"size": "govuk-input--width-4", "retention_days": "govuk-input--width-4"}

    class Meta:
        model = Panel
        fields = [
            "title",
            "description",
            "organisation",
            "visibility",
            "size",
            "method",
            "registration_open",
            "retention_days",
            "missions",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
            "method": forms.RadioSelect,
            "missions": LongCheckboxes(label_from=("title",)),
        }
        labels = {"registration_open": "Open the public registration form"}

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = access.writable_organisations(user, place)
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["missions"].queryset = visible_missions(user, place)  # type: ignore[attr-defined]
        self.fields["missions"].required = False
        if self.instance.pk:
            del self.fields["organisation"]
            if self.instance.draws.exists():
                self.fields["method"].disabled = True
                self.fields["method"].help_text = _(
                    "The panel has been drawn, so its lottery method is fixed."
                )

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("missions", "organisation")
        }


class QuotasForm(GovukForm):
    text = forms.CharField(
        label="Quotas",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One line per group: feature,value,min,max. For example: age,16-29,5,8",
    )


class SelectForm(GovukForm):
    size = forms.IntegerField(label="Panel size", min_value=1, max_value=1000)
    seed = forms.IntegerField(
        label="Random seed",
        required=False,
        min_value=0,
        max_value=2**62,
        help_text="Leave empty for a new random seed. The seed is published so anyone can "
        "repeat the draw.",
    )
    reason = forms.CharField(
        label=_("Why is the panel being drawn again?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Published with the draw. The earlier draw stays on the public record."),
        error_messages={"required": _("Say why the panel is being drawn again")},
    )
    widths = {"size": "govuk-input--width-4", "seed": "govuk-input--width-10"}

    def __init__(self, *args: Any, redraw: bool, published_seed: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not redraw:
            del self.fields["reason"]
        if published_seed is not None:
            self.fields["seed"].initial = published_seed
            self.fields["seed"].help_text = _(
                "The seed %(seed)s was published before the draw, so the draw uses it."
            ) % {"seed": published_seed}


class SeedForm(GovukForm):
    seed = forms.IntegerField(
        label=_("Random seed"),
        min_value=0,
        max_value=2**62,
        help_text=_("A whole number, for example one read out at a public meeting."),
        error_messages={"required": _("Enter the seed")},
    )
    published_where = forms.CharField(
        label=_("Where has it been published?"),
        max_length=300,
        help_text=_("For example: read out at the full council meeting on 3 March."),
        error_messages={"required": _("Say where the seed has been published")},
    )
    widths = {"seed": "govuk-input--width-10"}


class ReplaceForm(GovukForm):
    withdrawn = forms.MultipleChoiceField(
        label="Who has left the panel?", widget=forms.CheckboxSelectMultiple
    )
    seed = forms.IntegerField(
        label="Random seed",
        required=False,
        min_value=0,
        max_value=2**62,
        help_text="Leave empty for a new random seed.",
    )
    reason = forms.CharField(
        label=_("Why are they being replaced? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Published with the draw."),
    )
    widths = {"seed": "govuk-input--width-10"}

    def __init__(self, *args: Any, references: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].choices = [(r, r) for r in references]  # type: ignore[attr-defined]


class RegistrationForm(SpamProtectedForm, GovukForm):
    """The stratification questions, then contact details (stored separately), then consent."""

    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only one person per household can be selected.",
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    consent = forms.BooleanField(
        label="I agree to my answers being used to select the panel, and to being contacted "
        "about it. My contact details are kept apart from my answers and deleted after the "
        "retention period.",
        error_messages={"required": "Tick the box to agree, or you cannot join the pool"},
    )
    widths = {"postcode": "govuk-input--width-10"}

    def __init__(self, *args: Any, categories: Categories, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions: dict[str, forms.Field] = {}
        for i, (feature, quotas) in enumerate(categories.features.items()):
            questions[f"q{i}"] = forms.ChoiceField(
                label=feature,
                choices=[(q.value, q.value) for q in quotas],
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{feature}”"},
            )
        self.feature_names = {f"q{i}": f for i, f in enumerate(categories.features)}
        self.fields = {**questions, **self.fields}

    def answers(self) -> dict[str, str]:
        return {feature: self.cleaned_data[key] for key, feature in self.feature_names.items()}


class PopulationForm(GovukForm):
    text = forms.CharField(
        label="Population figures",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="One line per group: feature,value,share (a percentage),source. Use the same "
        "feature names as your panels' quotas, and “area” for areas.",
    )
