from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from placecraft.accounts.models import User
from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.missions.models import (
    BoardMember,
    Mission,
    MissionStatus,
    ProgressUpdate,
    ReferenceOutcome,
)
from placecraft.places.models import Membership, Organisation, Place, Role

LEAD_ROLES = [Role.CONTRIBUTOR, Role.LEAD, Role.ADMIN]


class ManyCheckboxes(forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes for long lists (hundreds of organisations or people), written in one
    pass instead of a template per option, which took most of a second for a place's
    organisations. Forms render it through ``missions/_fields.html``, which puts it in the
    usual fieldset with its legend, hint and errors."""

    many = True

    def __init__(self, *args: Any, label_from: tuple[str, ...] = ("name",), **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The columns a label is read from, the first that is not empty: rows are read as
        # plain values, not model instances, which were most of what remained of the cost.
        self.label_from = label_from

    def _options(self) -> Any:
        return _choice_rows(self.choices, self.label_from)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        css = escape(attrs.get("class", "govuk-checkboxes__input"))
        base = escape(attrs.get("id", f"id_{name}"))
        chosen = {str(v) for v in self.format_value(value)}
        name = escape(name)
        items = []
        for index, (text, label) in enumerate(self._options()):
            ident = f"{base}_{index}"
            checked = " checked" if text in chosen else ""
            items.append(
                f'<div class="govuk-checkboxes__item"><input class="{css}" id="{ident}"'
                f' type="checkbox" name="{name}" value="{escape(text)}"{checked}>'
                f'<label class="govuk-label govuk-checkboxes__label" for="{ident}">'
                f"{escape(label)}</label></div>"
            )
        return mark_safe("".join(items))


def _choice_rows(choices: Any, label_from: tuple[str, ...]) -> Any:
    """(value, label) pairs as text. A model field's choices are read as plain rows, with its
    empty label first when it has one; any other choices as they are."""
    queryset = getattr(choices, "queryset", None)
    if queryset is None:
        yield from ((str(value), str(label)) for value, label in choices)
        return
    empty = getattr(getattr(choices, "field", None), "empty_label", None)
    if empty is not None:
        yield "", str(empty)
    for row in queryset.values_list("pk", *label_from):
        yield str(row[0]), next((str(v) for v in row[1:] if v), "")


class ManySelect(forms.Select):
    """A GOV.UK select for long lists (every organisation in a place), written in one pass
    instead of a template per option. Rendered by ``components/field.html`` like any select."""

    def __init__(self, *args: Any, label_from: tuple[str, ...] = ("name",), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.label_from = label_from

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(text)}"{" selected" if text in chosen else ""}>'
            f"{escape(label)}</option>"
            for text, label in _choice_rows(self.choices, self.label_from)
        )
        return format_html('<select name="{}"{}>', name, flatatt(attrs)) + mark_safe(
            options + "</select>"
        )


def organisation_choices(place: Place) -> QuerySet[Organisation]:
    """The place's organisations as choices: the two columns a checkbox needs, nothing more."""
    return Organisation.objects.filter(place=place).only("pk", "name").order_by("name")


def _posted_ids(form: forms.BaseForm, name: str) -> list[int]:
    if not form.is_bound:
        return []
    key = form.add_prefix(name)
    values = form.data.getlist(key) if hasattr(form.data, "getlist") else form.data.get(key)
    if not isinstance(values, list | tuple):
        values = [] if values is None else [values]
    return [int(v) for v in values if str(v).isdigit()]


class MissionForm(GovukModelForm):
    template_name = "missions/_fields.html"
    widths = {"horizon_year": "govuk-input--width-4", "update_every_days": "govuk-input--width-4"}

    class Meta:
        model = Mission
        fields = [
            "title",
            "organisation",
            "co_owners",
            "statement",
            "ambition",
            "why_it_matters",
            "get_involved",
            "horizon_year",
            "visibility",
            "leads",
            "update_every_days",
        ]
        labels = {"organisation": "Owner organisation", "leads": "Mission leads"}
        help_texts = {
            "co_owners": "Organisations that share ownership of the mission.",
            "leads": "People who lead the mission day to day. They are reminded when an update is "
            "due. You can choose contributors of the owner organisation or of a co-owner: to "
            "choose someone from a new co-owner, save the co-owner first.",
            "why_it_matters": "For the public mission page. Markdown.",
            "get_involved": "How residents and partners can take part. Markdown.",
        }
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "ambition": forms.Textarea(attrs={"rows": 3}),
            "why_it_matters": forms.Textarea(attrs={"rows": 4}),
            "get_involved": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "co_owners": ManyCheckboxes,
            "leads": ManyCheckboxes(label_from=("name", "email")),
        }

    def __init__(
        self, *args: Any, place: Place, owners: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.place = place
        self.instance.place = place
        self.fields["organisation"].queryset = owners  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
        self.fields["co_owners"].queryset = organisation_choices(place)  # type: ignore[attr-defined]
        self.fields["leads"].queryset = self._lead_choices(place, owners)  # type: ignore[attr-defined]
        self.fields["title"].error_messages["required"] = "Enter the mission's title"
        self.fields["statement"].error_messages["required"] = "Enter the mission statement"
        self.fields["ambition"].error_messages["required"] = "Say what will be true, and by when"
        self.fields["horizon_year"].error_messages["required"] = "Enter the year, like 2035"

    def _lead_choices(self, place: Place, owners: QuerySet[Organisation]) -> QuerySet[User]:
        """Contributors of the organisations that own the mission or could: the owners the
        person may choose, the mission's co-owners and any just ticked. Everyone in the place
        would be thousands of checkboxes. Current leads stay listed whatever their role now."""
        organisations = Q(organisation__in=owners.values("pk")) | Q(
            organisation_id__in=_posted_ids(self, "co_owners")
        )
        people = Q(pk__in=[])
        if self.instance.pk:
            organisations |= Q(organisation__in=self.instance.co_owners.values("pk"))
            people = Q(pk__in=self.instance.leads.values("pk"))
        members = Membership.objects.filter(
            organisations, organisation__place=place, role__in=LEAD_ROLES
        )
        return (
            User.objects.filter(Q(pk__in=members.values("user_id")) | people)
            .only("pk", "name", "email")
            .order_by("name", "email")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner = cleaned.get("organisation")
        co_owners = cleaned.get("co_owners") or []
        if owner is not None and owner in co_owners:
            self.add_error(
                "co_owners", "The owner organisation does not need to be a co-owner too."
            )
        return cleaned

    def cleaned_values(self) -> dict[str, Any]:
        skip = {"co_owners", "leads"}
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in skip}


class StatusForm(GovukForm):
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the mission's history.",
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (MissionStatus(value).value, MissionStatus(value).label)
            for value in mission.allowed_statuses()
        ]
        self.fields["status"].error_messages["required"] = "Choose the mission's new status"


class AlignmentForm(GovukForm):
    contributes_to = forms.ModelMultipleChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Missions in the place this mission contributes to",
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=ReferenceOutcome.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="National missions and other outcomes it contributes to",
    )

    def __init__(self, *args: Any, missions: QuerySet[Mission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributes_to"].queryset = missions  # type: ignore[attr-defined]


class BoardMemberForm(GovukModelForm):
    class Meta:
        model = BoardMember
        fields = ["name", "role", "organisation", "represents", "is_public"]
        labels = {"organisation": "Organisation (optional)"}
        widgets = {"organisation": ManySelect}

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices(place)  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = "None: a resident in their own right"  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = "Enter the board member's name"

    def cleaned_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class UpdateForm(GovukModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["period_label", "status", "narrative", "what_changed", "what_we_learned"]
        labels = {"status": "Overall, how is the mission going?"}
        widgets = {
            "status": forms.RadioSelect,
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
            "what_we_learned": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["narrative"].error_messages["required"] = "Write how the mission is going"
        self.fields["period_label"].error_messages["required"] = (
            "Enter the period the update covers"
        )
        self.fields["status"].error_messages["required"] = "Choose how the mission is going"
        self.fields["status"].choices = self.fields["status"].choices[1:]  # type: ignore[attr-defined]

    def cleaned_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
