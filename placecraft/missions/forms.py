from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from placecraft.accounts.models import User
from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.core.widgets import LongCheckboxes, LongSelect
from placecraft.missions.models import (
    BoardMember,
    CoOwnerInvitation,
    Mission,
    MissionStatus,
    ProgressUpdate,
    ReferenceOutcome,
)
from placecraft.places.forms import OrganisationNameField
from placecraft.places.models import Membership, Organisation, Place, Role

LEAD_ROLES = [Role.CONTRIBUTOR, Role.LEAD, Role.ADMIN]


def organisation_choices(place: Place) -> QuerySet[Organisation]:
    """The place's organisations as choices: the two columns a checkbox needs, nothing more
    (a box of typed names reads what its check needs itself: ``places.forms``)."""
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
            "co_owners": _(
                "Organisations that share ownership of the mission. An organisation you tick is "
                "asked first, and becomes a co-owner when one of its admins accepts. Only an "
                "admin of the owner organisation can change the owner or the co-owners."
            ),
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
            # Django's select reads its first option to decide on ``required``, running the
            # owners' query twice; this one reads the owners once, as plain rows.
            "organisation": LongSelect,
            "co_owners": LongCheckboxes,
            "leads": LongCheckboxes(label_from=("name", "email")),
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
        # Organisations asked to co-own and yet to answer: listed above the form, and kept
        # ticked, so that saving the form again keeps them asked.
        self.invited: list[tuple[int, str]] = (
            list(
                CoOwnerInvitation.objects.filter(
                    mission=self.instance, state=CoOwnerInvitation.State.PENDING
                ).values_list("organisation_id", "organisation__name")
            )
            if self.instance.pk
            else []
        )
        if self.invited and not self.is_bound:
            self.initial["co_owners"] = [
                *self.instance.co_owners.values_list("pk", flat=True),
                *(pk for pk, _name in self.invited),
            ]
        self.fields["title"].error_messages["required"] = "Enter the mission's title"
        self.fields["statement"].error_messages["required"] = "Enter the mission statement"
        self.fields["ambition"].error_messages["required"] = "Say what will be true, and by when"
        self.fields["horizon_year"].error_messages["required"] = "Enter the year, like 2035"

    def _lead_choices(self, place: Place, owners: QuerySet[Organisation]) -> QuerySet[User]:
        """Contributors of the organisations that own the mission or could: the owners the
        person may choose, the mission's co-owners and any just ticked. Everyone in the place
        would be thousands of checkboxes. Current leads stay listed whatever their role now.

        The people are read as a UNION of one simple part per source, each found through an
        index: an OR across them makes PostgreSQL scan every membership and every person."""
        organisations: list[Any] = [owners.values("pk")]
        posted = _posted_ids(self, "co_owners")
        if posted:
            organisations.append(posted)
        if self.instance.pk:
            organisations.append(self.instance.co_owners.values("pk"))
        members = Membership.objects.filter(organisation__place=place, role__in=LEAD_ROLES)
        people = [
            members.filter(organisation__in=chosen).values("user_id").order_by()
            for chosen in organisations
        ]
        if self.instance.pk:
            people.append(self.instance.leads.values("pk").order_by())
        first, *others = people
        return (
            User.objects.filter(pk__in=first.union(*others) if others else first)
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
        widget=LongCheckboxes(label_from=("title",)),
        label="Missions in the place this mission contributes to",
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=ReferenceOutcome.objects.all(),
        required=False,
        widget=LongCheckboxes(label_from=("title",)),
        label="National missions and other outcomes it contributes to",
    )

    def __init__(self, *args: Any, missions: QuerySet[Mission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributes_to"].queryset = missions  # type: ignore[attr-defined]


class BoardMemberForm(GovukModelForm):
    # Named in a box and checked against the place's organisations: a strategic authority has
    # thousands, too many to choose from a list.
    organisation = OrganisationNameField(
        required=False,
        label="Organisation (optional)",
        help_text="Its name or identifier in the partner registry. Leave empty for a resident "
        "in their own right.",
    )

    class Meta:
        model = BoardMember
        fields = ["name", "role", "organisation", "represents", "is_public"]

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].organisations = organisation_choices(place)  # type: ignore[attr-defined]
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
