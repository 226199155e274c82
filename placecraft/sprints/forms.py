from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from placecraft.core.forms import GovukForm, WrittenDateField, style_fields
from placecraft.core.models import Visibility
from placecraft.core.widgets import LongSelect
from placecraft.missions.access import visible_missions
from placecraft.missions.forms import organisation_choices
from placecraft.missions.models import Mission
from placecraft.places.forms import OrganisationNameField, OrganisationNamesField
from placecraft.places.models import Organisation, Place
from placecraft.sprints.models import (
    LearningKind,
    Practice,
    Sprint,
    WorkStatus,
)


class NarrowedForm(GovukForm):
    """A form whose choices depend on the place and the person.

    GovukForm styles (and so validates) a bound form inside ``__init__``; a subclass narrows its
    choices in ``narrow`` and the form is then validated and styled again, so a value outside the
    narrowed choices (another place's organisation) is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        context = {key: kwargs.pop(key) for key in list(kwargs) if key in self.context_keys}
        super().__init__(*args, **kwargs)
        self.narrow(**context)
        self._errors = None
        for field in self.fields.values():
            field.widget.attrs.pop("class", None)
            field.widget.attrs.pop("aria-describedby", None)
        style_fields(self)

    context_keys: tuple[str, ...] = ()

    def narrow(self, **context: Any) -> None:
        pass


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def unique_slug(queryset: QuerySet[Any], text: str, fallback: str) -> str:
    base = slugify(text)[:70] or fallback
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class SprintForm(NarrowedForm):
    context_keys = ("place", "owners", "instance", "user")
    title = forms.CharField(max_length=200)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation running the sprint"
    )
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        help_text="The mission the sprint's problem serves.",
        widget=LongSelect(label_from=("title",)),
    )
    problem = forms.CharField(
        label="Problem statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The problem or challenge, in a sentence or two.",
    )
    start_date = forms.DateField(
        label="Start date", help_text="For example 2025-04-07", widget=forms.DateInput()
    )
    end_date = forms.DateField(
        label="End date",
        help_text="A sprint is timebound: for example 2025-06-27",
        widget=forms.DateInput(),
    )
    champion_name = forms.CharField(
        label="Senior champion",
        max_length=150,
        required=False,
        help_text="A director or chief officer who gives the team cover and clears blockers.",
    )
    champion_role = forms.CharField(label="Champion's role", max_length=150, required=False)
    practices = forms.MultipleChoiceField(
        choices=Practice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Practices the team uses",
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)
    outcome = forms.CharField(
        label="What the sprint achieved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For the summary page. Markdown.",
    )
    summary_public = forms.BooleanField(
        label="Publish the sprint summary for anyone to read", required=False
    )
    widths = {"start_date": "govuk-input--width-10", "end_date": "govuk-input--width-10"}

    def narrow(self, **context: Any) -> None:
        self.place: Place = context["place"]
        self.instance: Sprint | None = context.get("instance")
        self.fields["organisation"].queryset = context["owners"]  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
        # Only missions the person may see are offered. A sprint linked to a mission its editor
        # cannot see keeps that link: the choice is left off the form rather than emptied.
        missions = visible_missions(context["user"], self.place).only("pk", "title")
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        if (
            self.instance is not None
            and self.instance.mission_id is not None
            and not missions.filter(pk=self.instance.mission_id).exists()
        ):
            del self.fields["mission"]
        if self.instance is not None:
            # The owner of an existing sprint does not change.
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        if self.instance is None:
            data["slug"] = unique_slug(
                Sprint.objects.filter(place=self.place), data["title"], "sprint"
            )
        return data

    @classmethod
    def initial_for(cls, sprint: Sprint) -> dict[str, Any]:
        return {
            name: getattr(sprint, name)
            for name in (
                "title",
                "mission",
                "problem",
                "start_date",
                "end_date",
                "champion_name",
                "champion_role",
                "practices",
                "visibility",
                "outcome",
                "summary_public",
            )
        }


class TeamMemberForm(NarrowedForm):
    context_keys = ("place",)
    name = forms.CharField(max_length=150)
    organisation = OrganisationNameField(
        help_text="Its name or identifier in the partner registry.",
        error_messages={"required": "Enter the team member’s organisation"},
    )
    department = forms.CharField(
        label="Department or service",
        max_length=150,
        required=False,
        help_text="For example “Adult social care”. Leave empty for a partner organisation.",
    )
    role = forms.CharField(label="Role in the team", max_length=150, required=False)
    hours_per_week = forms.IntegerField(
        label="Protected hours a week",
        min_value=0,
        max_value=60,
        initial=0,
        help_text="Hours agreed with their manager, with their usual work covered.",
    )
    widths = {"hours_per_week": "govuk-input--width-3"}

    def narrow(self, **context: Any) -> None:
        self.fields["organisation"].organisations = organisation_choices(context["place"])  # type: ignore[attr-defined]


class WorkItemForm(GovukForm):
    title = forms.CharField(
        label="New work item",
        max_length=200,
        error_messages={"required": _("Give the work item a title.")},
    )


class MoveForm(GovukForm):
    status = forms.ChoiceField(choices=WorkStatus.choices)


class CheckInForm(GovukForm):
    week_of = WrittenDateField(
        label="Week beginning", help_text=_("For example 11 May 2026 or 11/05/2026")
    )
    did = forms.CharField(label="What we did", widget=forms.Textarea(attrs={"rows": 3}))
    learned = forms.CharField(
        label="What we learned", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    blockers = forms.CharField(
        label="Blockers for the champion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is in the way that someone with authority could clear.",
    )
    widths = {"week_of": "govuk-input--width-10"}

    def clean_week_of(self) -> date:
        return monday(self.cleaned_data["week_of"])


class RetrospectiveForm(GovukForm):
    held_on = forms.DateField(label="Date held", help_text="For example 2025-06-27")
    went_well = forms.CharField(label="What worked", widget=forms.Textarea(attrs={"rows": 4}))
    did_not_go_well = forms.CharField(
        label="What did not work", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    blockers_overcome = forms.CharField(
        label="Blockers and how we overcame them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_steps = forms.CharField(
        label="What happens next", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    widths = {"held_on": "govuk-input--width-10"}


class LearningForm(NarrowedForm):
    context_keys = ("place", "exclude")
    title = forms.CharField(max_length=200, help_text="The lesson in a few words.")
    kind = forms.ChoiceField(choices=LearningKind.choices, widget=forms.RadioSelect)
    what_we_tried = forms.CharField(
        label="What we tried", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_happened = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_we_learned = forms.CharField(
        label="What we learned", widget=forms.Textarea(attrs={"rows": 3})
    )
    what_we_will_change = forms.CharField(
        label="What we will change", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)
    shared_with = OrganisationNamesField(
        label="Also share with these partners",
        help_text="Their names as shown in the partner registry, one on each line. They can "
        "read it even when it is private to your organisation.",
    )

    def narrow(self, **context: Any) -> None:
        self.fields["shared_with"].organisations = organisation_choices(context["place"]).exclude(  # type: ignore[attr-defined]
            pk=context["exclude"]
        )
