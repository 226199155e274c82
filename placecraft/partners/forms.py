"""Forms for partners, commitments, funding, grants, contracts and pooled data.

They style themselves (``style_fields``) only once their choices are narrowed to what the person
may pick: styling reads ``errors``, which validates, and validating before the narrowing would
accept a value from outside it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from placecraft.accounts.models import User
from placecraft.core.forms import style_fields
from placecraft.core.models import Visibility
from placecraft.core.widgets import LongCheckboxes, LongSelect
from placecraft.missions.models import Mission
from placecraft.partners.currencies import currency_problem
from placecraft.partners.models import (
    Arrangement,
    CommitmentStatus,
    GrantRule,
    PartnerContact,
)
from placecraft.places.forms import OrganisationNameField, OrganisationNamesField
from placecraft.places.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_CONTRIBUTORS = 50


class Form(forms.Form):
    template_name = "components/form_fields.html"
    widths: dict[str, str] = {}

    def styled(self) -> None:
        style_fields(self)


class ModelForm(forms.ModelForm):  # type: ignore[type-arg]
    template_name = "components/form_fields.html"
    widths: dict[str, str] = {}

    def styled(self) -> None:
        style_fields(self)


def _mission_field(missions: QuerySet[Mission], *, multiple: bool, label: str) -> forms.Field:
    if multiple:
        return forms.ModelMultipleChoiceField(
            queryset=missions,
            label=label,
            required=False,
            widget=LongCheckboxes(label_from=("title",)),
        )
    return forms.ModelChoiceField(
        queryset=missions,
        label=label,
        widget=LongSelect(label_from=("title",)),
        empty_label="Choose a mission",
        error_messages={
            "required": "Choose the mission",
            "invalid_choice": "Choose a mission from the list",
        },
    )


def _organisation_field(
    organisations: QuerySet[Organisation], label: str
) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        queryset=organisations,
        label=label,
        widget=LongSelect,
        empty_label=None,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )


def _clean_currency(value: str) -> str:
    code = (value or "").strip().upper()
    problem = currency_problem(code)
    if problem:
        raise forms.ValidationError(problem[0].upper() + problem[1:])
    return code


class ProfileForm(Form):
    what_we_do = forms.CharField(
        label="What you do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few sentences for the partner registry. Markdown.",
    )
    what_we_offer = forms.CharField(
        label="What you can offer the missions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="People, places, data, money or know-how. Markdown.",
    )

    def __init__(self, *args: Any, missions: QuerySet[Mission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missions_of_interest"] = _mission_field(
            missions, multiple=True, label="Missions you are interested in"
        )
        self.styled()


class ContactForm(ModelForm):
    widths = {"phone": "govuk-input--width-20"}

    class Meta:
        model = PartnerContact
        fields = ["name", "role", "email", "phone", "is_public"]
        error_messages = {"name": {"required": "Enter the contact's name"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.styled()


class CommitmentForm(Form):
    widths = {
        "pledged_amount": "govuk-input--width-10",
        "currency": "govuk-input--width-4",
        "update_every_days": "govuk-input--width-4",
    }

    title = forms.CharField(
        label="What you will do",
        max_length=200,
        error_messages={"required": "Say what you will do"},
    )
    description = forms.CharField(
        label="More detail (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the date as a real date, like 2026-03-31"},
    )
    measure_of_success = forms.CharField(
        label="How you will know it worked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resources_pledged = forms.CharField(
        label="What you are putting in",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Money, staff time, buildings, data, volunteers.",
    )
    pledged_amount = forms.DecimalField(
        label="Money pledged (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"invalid": "Enter the amount as a number, like 25000"},
    )
    currency = forms.CharField(label="Currency", initial="GBP", max_length=20)
    status = forms.ChoiceField(
        choices=CommitmentStatus.choices, initial=CommitmentStatus.ACTIVE, label="Status"
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.PARTNERS,
        widget=forms.RadioSelect,
        label="Who can see it",
    )
    update_every_days = forms.IntegerField(
        label="Days between updates",
        initial=90,
        min_value=7,
        max_value=730,
        help_text="You will be reminded when an update is this many days overdue.",
    )

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Organisation] | None,
        missions: QuerySet[Mission],
        owners: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        if partners is not None:
            fields["partner"] = _organisation_field(partners, "Partner making the commitment")
        fields["mission"] = _mission_field(missions, multiple=False, label="Mission")
        self.fields = {**fields, **self.fields}
        self.fields["owner"] = forms.ModelChoiceField(
            queryset=owners,
            required=False,
            widget=LongSelect(label_from=("name", "email")),
            label="Person responsible (optional)",
            empty_label="The partner's admins",
            help_text="Reminders go to this person.",
        )
        self.styled()

    def clean_currency(self) -> str:
        return _clean_currency(self.cleaned_data.get("currency", ""))

    def values(self) -> dict[str, Any]:
        skip = {"partner", "mission"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class CommitmentUpdateForm(Form):
    on = forms.DateField(
        label="Date",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date of the update",
            "invalid": "Enter the date as a real date, like 2026-03-31",
        },
    )
    status = forms.ChoiceField(choices=CommitmentStatus.choices, label="Status now")
    progress = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what has happened since the last update"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Figures, a report, photos: what shows the progress.",
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        error_messages={"invalid": "Enter a full web address, like https://example.org/report"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.styled()


class FundingLineForm(Form):
    widths = {"amount": "govuk-input--width-10", "currency": "govuk-input--width-4"}

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter a name"}
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        help_text="Where the money comes from, like “UK Shared Prosperity Fund”.",
        error_messages={"required": "Say where the money comes from"},
    )
    amount = forms.DecimalField(
        label="Amount",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount as a number, like 250000",
        },
    )
    currency = forms.CharField(label="Currency", initial="GBP", max_length=20)
    period_start = forms.DateField(
        label="From",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter when the period starts", "invalid": "Enter a real date"},
    )
    period_end = forms.DateField(
        label="To",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter when the period ends", "invalid": "Enter a real date"},
    )
    arrangement = forms.ChoiceField(
        choices=Arrangement.choices, widget=forms.RadioSelect, initial=Arrangement.SINGLE
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        label="Who can see it",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation] | None,
        missions: QuerySet[Mission],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields = {
                "organisation": _organisation_field(owners, "Recorded by"),
                **self.fields,
            }
        self.fields["missions"] = _mission_field(
            missions, multiple=True, label="Missions it serves"
        )
        self.fields["missions"].required = True
        self.fields["missions"].error_messages["required"] = "Choose at least one mission"
        # A place has hundreds of organisations: a box to name the few that pay in, checked
        # against the place's organisations, rather than a checkbox for every one of them.
        self.fields["contributors"] = OrganisationNamesField(
            organisations=organisations,
            max_names=MAX_CONTRIBUTORS,
            label="Organisations putting money in (optional)",
            help_text="For pooled and co-funded lines. One organisation a line, by its name in "
            "the partner registry.",
        )
        self.styled()

    def clean_currency(self) -> str:
        return _clean_currency(self.cleaned_data.get("currency", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return cleaned

    def values(self) -> dict[str, Any]:
        skip = {"organisation", "missions", "contributors"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class ImportForm(Form):
    file = forms.FileField(
        label="File",
        error_messages={"required": "Choose a file to import"},
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        label="Who can see what is imported",
    )

    def __init__(
        self, *args: Any, owners: QuerySet[Organisation], help_text: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _organisation_field(owners, "Import for"), **self.fields}
        self.fields["file"].help_text = help_text
        self.styled()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return upload


class MissionsForm(Form):
    def __init__(self, *args: Any, missions: QuerySet[Mission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missions"] = _mission_field(missions, multiple=True, label="Missions")
        self.styled()


class GrantRuleForm(Form):
    kind = forms.ChoiceField(
        choices=GrantRule.Kind.choices, widget=forms.RadioSelect, label="Match on"
    )
    value = forms.CharField(
        label="Word, identifier or name to match",
        max_length=200,
        help_text="Matching ignores capital letters. Keywords match anywhere in the title or "
        "description; recipients and funders match their whole identifier or name.",
        error_messages={"required": "Enter what to match"},
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation],
        missions: QuerySet[Mission],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "organisation": _organisation_field(owners, "For the grants imported by"),
            "mission": _mission_field(missions, multiple=False, label="Link matching grants to"),
            **self.fields,
        }
        self.styled()


class SocialValueForm(Form):
    title = forms.CharField(
        label="The commitment",
        max_length=200,
        error_messages={"required": "Say what the supplier committed to"},
    )
    measure_of_success = forms.CharField(
        label="How success will be measured",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resources_pledged = forms.CharField(
        label="What the supplier offered", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the date as a real date, like 2026-03-31"},
    )

    def __init__(
        self,
        *args: Any,
        suppliers: QuerySet[Organisation],
        missions: QuerySet[Mission],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A place has hundreds of organisations (thousands in a large authority): the supplier
        # is named in a box, suggested from the contract and checked against the place's
        # organisations, rather than chosen from a list of every one of them.
        self.fields = {
            "supplier": OrganisationNameField(
                organisations=suppliers,
                label="Supplier",
                help_text="Its name in the partner registry. The commitment becomes theirs to "
                "update. Add the supplier to the place's organisations first if it is not there.",
                error_messages={"required": "Enter the supplier's name"},
            ),
            "mission": _mission_field(missions, multiple=False, label="Mission"),
            **self.fields,
        }
        self.styled()


class PoolDataForm(Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns geography_code,period,value (optionally lower,upper), as for any "
        "indicator import. UTF-8.",
        error_messages={"required": "Choose a CSV file"},
    )

    def __init__(self, *args: Any, links: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "link": forms.ChoiceField(
                choices=[("", "Choose an indicator"), *links],
                label="Mission indicator",
                error_messages={"required": "Choose the indicator the figures are for"},
            ),
            **self.fields,
        }
        self.styled()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return upload
