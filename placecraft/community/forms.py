from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from placecraft.community.models import (
    Component,
    Forum,
    IdeaStatus,
    Process,
    Programme,
    ResponseStatus,
)
from placecraft.community.spam import SpamProtectedForm
from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.core.widgets import LongCheckboxes, LongSelect
from placecraft.missions.access import visible_missions
from placecraft.panels.access import visible_panels
from placecraft.panels.models import PopulationFigure
from placecraft.places import access
from placecraft.places.models import Organisation, Place

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _organisations(form: forms.BaseForm, user: Any, place: Place) -> None:
    field = form.fields["organisation"]
    field.queryset = access.writable_organisations(user, place)  # type: ignore[attr-defined]


def _missions(form: forms.BaseForm, user: Any, place: Place, name: str = "missions") -> None:
    field = form.fields[name]
    field.queryset = visible_missions(user, place)  # type: ignore[attr-defined]
    field.required = False


def area_choices(place: Place) -> list[tuple[str, str]]:
    areas = PopulationFigure.objects.filter(place=place, feature__iexact="area").values_list(
        "value", flat=True
    )
    return [("", "Choose an area (optional)"), *((a, a) for a in areas)]


class ProcessForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation running it", widget=LongSelect
    )
    components = forms.MultipleChoiceField(
        choices=Component.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What the process includes",
        required=False,
    )

    class Meta:
        model = Process
        fields = [
            "title",
            "description",
            "who_can_take_part",
            "organisation",
            "visibility",
            "components",
            "ideas_open",
            "missions",
            "panels",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "who_can_take_part": forms.Textarea(attrs={"rows": 2}),
            "visibility": forms.RadioSelect,
            "missions": LongCheckboxes(label_from=("title",)),
            "panels": LongCheckboxes(label_from=("title",)),
        }

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self, user, place)
        _missions(self, user, place)
        self.fields["panels"].queryset = visible_panels(user, place)  # type: ignore[attr-defined]
        self.fields["panels"].required = False
        if self.instance.pk:
            del self.fields["organisation"]

    def values(self) -> dict[str, Any]:
        skip = {"organisation", "missions", "panels"}
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n not in skip}


class PhaseForm(GovukForm):
    title = forms.CharField(max_length=150)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label="Starts on", help_text="For example, 2026-03-01")
    ends_on = forms.DateField(label="Ends on", help_text="For example, 2026-04-30")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The phase must end after it starts")
        return data


class IdeaForm(SpamProtectedForm, GovukForm):
    title = forms.CharField(
        label="Your idea in a few words",
        max_length=150,
        error_messages={"required": "Enter a title for your idea"},
    )
    description = forms.CharField(
        label="Describe your idea",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="What would you change, and who would it help?",
        error_messages={"required": "Describe your idea"},
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        help_text="Where the idea is about, if it is about one place.",
    )
    area = forms.ChoiceField(label="Area (optional)", required=False, choices=[])
    mission: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Which mission is it for? (optional)",
        widget=LongSelect(label_from=("title",)),
    )
    widths = {"postcode": "govuk-input--width-10"}

    def __init__(self, *args: Any, process: Process, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = area_choices(process.place)
        if len(choices) > 1:
            self.fields["area"].choices = choices  # type: ignore[attr-defined]
        else:
            self.fields["area"] = forms.CharField(
                label="Area (optional)", max_length=100, required=False
            )
        missions = visible_missions(user, process.place)
        linked = process.missions.all()
        self.fields["mission"].queryset = (  # type: ignore[attr-defined]
            missions.filter(pk__in=linked) if linked.exists() else missions
        )

    def clean_postcode(self) -> str:
        code = " ".join(self.cleaned_data.get("postcode", "").upper().split())
        if code and not POSTCODE.match(code):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return code

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "description", "postcode", "area", "mission")
        }


class CommentForm(GovukForm):
    body = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write your comment"},
    )


class ReportForm(GovukForm):
    reason = forms.CharField(
        label="What is wrong with it?",
        max_length=300,
        error_messages={"required": "Say what is wrong with it"},
    )
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class HideForm(GovukForm):
    reason = forms.CharField(
        label="Reason, shown in its place",
        max_length=300,
        error_messages={"required": "Say why it is hidden"},
    )


class IdeaResponseForm(GovukForm):
    status = forms.ChoiceField(
        choices=[c for c in IdeaStatus.choices if c[0] != IdeaStatus.OPEN],
        widget=forms.RadioSelect,
        label="Decision",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Responding for", widget=LongSelect
    )
    body = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: accepted into the spring budget, or not taken forward because…",
    )

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self, user, place)


class ProjectFromIdeaForm(GovukForm):
    round: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Participatory budget"
    )
    cost = forms.IntegerField(label="Estimated cost", min_value=1)
    widths = {"cost": "govuk-input--width-10"}

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]


class SprintFromIdeaForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation running the sprint",
        widget=LongSelect,
    )
    start = forms.DateField(label="Starts on", help_text="For example, 2026-03-01")
    end = forms.DateField(label="Ends on", help_text="For example, 2026-04-30")

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self, user, place)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The sprint must end after it starts")
        return data


class ForumForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation running it", widget=LongSelect
    )

    class Meta:
        model = Forum
        fields = [
            "title",
            "description",
            "kind",
            "organisation",
            "visibility",
            "process",
            "panel",
            "missions",
            "questions_open",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            # Read as plain rows, not model instances through a server-side cursor.
            "process": LongSelect(label_from=("title",)),
            "panel": LongSelect(label_from=("title",)),
            "missions": LongCheckboxes(label_from=("title",)),
        }

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self, user, place)
        _missions(self, user, place)
        from placecraft.community.access import visible_processes

        self.fields["process"].queryset = visible_processes(user, place)  # type: ignore[attr-defined]
        self.fields["panel"].queryset = visible_panels(user, place)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == "panel" and not data.get("panel"):
            self.add_error("panel", "Choose the panel whose sessions these are")
        return data

    def values(self) -> dict[str, Any]:
        skip = {"organisation", "missions"}
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n not in skip}


class SessionForm(GovukForm):
    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(label="Starts at", help_text="For example, 2026-03-01 18:30")
    venue = forms.CharField(max_length=200, required=False)
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Event people register for (optional)",
        help_text="An event run by an organisation you add content for.",
        widget=LongSelect(label_from=("title",)),
    )
    agenda = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="Markdown."
    )
    minutes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="After the session. Markdown.",
    )

    def __init__(
        self, *args: Any, place: Place, user: Any, current_event: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        from placecraft.openness.models import Event

        # The events of the organisations the person works for, not every event in the place
        # (hundreds); the session's own event stays offered whoever runs it.
        offered = Q(organisation__in=access.writable_organisations(user, place).values("pk"))
        if current_event is not None:
            offered |= Q(pk=current_event)
        self.fields["event"].queryset = access.visible(  # type: ignore[attr-defined]
            Event.objects.all(), user, place
        ).filter(offered)


class EvidenceForm(GovukForm):
    title = forms.CharField(max_length=200)
    indicator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="A mission indicator (optional)",
        help_text="An indicator of the forum's missions or of an organisation you add content for.",
        widget=LongSelect(),
    )
    url = forms.URLField(label="Or a web address (optional)", required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, place: Place, user: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from placecraft.evidence.models import Indicator, MissionIndicator

        # The indicators the forum's missions track and those of the person's organisations,
        # not every indicator in the place (thousands).
        tracked = MissionIndicator.objects.filter(mission__forums=forum).values("indicator_id")
        offered = Q(pk__in=tracked) | Q(
            organisation__in=access.writable_organisations(user, place).values("pk")
        )
        self.fields["indicator"].queryset = access.visible(  # type: ignore[attr-defined]
            Indicator.objects.all(), user, place
        ).filter(offered)


class RecommendationForm(GovukForm):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), help_text="Markdown.")
    mission: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Mission (optional)",
        widget=LongSelect(label_from=("title",)),
    )

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _missions(self, user, place, "mission")


class RecommendationResponseForm(GovukForm):
    status = forms.ChoiceField(
        choices=[c for c in ResponseStatus.choices if c[0] != ResponseStatus.AWAITING],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label="The council's response", widget=forms.Textarea(attrs={"rows": 5})
    )


class QuestionForm(SpamProtectedForm, GovukForm):
    text = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Write your question"},
    )


class AnswerForm(GovukForm):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class ProgrammeForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation giving the grants",
        widget=LongSelect,
    )
    criteria = forms.CharField(
        label="Assessment criteria",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One per line: the criterion, then optionally its maximum score and weight, "
        "like “Reaches people we rarely hear from, 5, 2”.",
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "description",
            "organisation",
            "visibility",
            "process",
            "missions",
            "budget",
            "max_award",
            "closes_on",
            "status",
            "identifier_prefix",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
            "process": LongSelect(label_from=("title",)),
            "missions": LongCheckboxes(label_from=("title",)),
        }

    def __init__(self, *args: Any, place: Place, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organisations(self, user, place)
        _missions(self, user, place)
        from placecraft.community.access import visible_processes

        self.fields["process"].queryset = visible_processes(user, place)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organisation"]
            del self.fields["criteria"]

    def clean_criteria(self) -> list[tuple[str, int, int]]:
        rows = []
        for number, line in enumerate((self.cleaned_data.get("criteria") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.rsplit(",", 2)]
            numbers = [p for p in parts[1:] if p.isdigit()]
            title = line.strip() if len(numbers) != len(parts) - 1 else parts[0]
            if len(numbers) != len(parts) - 1:
                numbers = []
            rows.append(
                (
                    title,
                    int(numbers[0]) if numbers else 5,
                    int(numbers[1]) if len(numbers) > 1 else 1,
                )
            )
            if not title:
                raise forms.ValidationError(f"Line {number} has no criterion")
        return rows

    def values(self) -> dict[str, Any]:
        skip = {"organisation", "missions", "criteria"}
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n not in skip}


class ApplicationForm(SpamProtectedForm, GovukForm):
    group_name = forms.CharField(label="Name of your group", max_length=200)
    charity_number = forms.CharField(
        label="Charity number (if you have one)", max_length=20, required=False
    )
    company_number = forms.CharField(
        label="Company number (if you have one)", max_length=20, required=False
    )
    postcode = forms.CharField(label="Your group's postcode", max_length=10, required=False)
    contact_email = forms.EmailField(label="Email address to contact you")
    title = forms.CharField(label="Project title", max_length=200)
    summary = forms.CharField(
        label="What will you do, and who will it help?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    mission: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Which mission does it serve? (optional)",
        widget=LongSelect(label_from=("title",)),
    )
    budget = forms.CharField(
        label="Budget",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One line per item: what it is, a comma, then the amount in pounds. For "
        "example: Hall hire for 10 sessions, 400",
    )
    widths = {
        "postcode": "govuk-input--width-10",
        "charity_number": "govuk-input--width-10",
        "company_number": "govuk-input--width-10",
    }

    def __init__(self, *args: Any, programme: Programme, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only missions the applicant may see: a programme's private missions stay unnamed.
        missions = visible_missions(user, programme.place)
        linked = programme.missions.all()
        self.fields["mission"].queryset = (  # type: ignore[attr-defined]
            missions.filter(pk__in=linked) if linked.exists() else missions
        )

    def clean_budget(self) -> list[tuple[str, Decimal]]:
        lines = []
        for number, line in enumerate(self.cleaned_data["budget"].splitlines(), 1):
            if not line.strip():
                continue
            item, _, amount = line.rpartition(",")
            try:
                value = Decimal(amount.strip().lstrip("£").replace(" ", ""))
            except ArithmeticError:
                value = Decimal(-1)
            if not item.strip() or value <= 0:
                raise forms.ValidationError(
                    f"Line {number} of the budget needs an item, a comma and an amount, like "
                    "“Hall hire, 400”"
                )
            lines.append((item.strip()[:200], value.quantize(Decimal("0.01"))))
        if not lines:
            raise forms.ValidationError("Add at least one budget line")
        return lines

    def values(self) -> dict[str, Any]:
        names = (
            "group_name",
            "charity_number",
            "company_number",
            "postcode",
            "contact_email",
            "title",
            "summary",
            "mission",
        )
        return {n: self.cleaned_data[n] for n in names}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("award", "Award a grant"), ("decline", "Do not fund")],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        required=False, min_value=Decimal("0.01"), decimal_places=2, label="Amount awarded"
    )
    conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("decision") == "award" and not data.get("amount"):
            self.add_error("amount", "Enter the amount awarded")
        return data


class GrantReportForm(GovukForm):
    body = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 6}))
    spent = forms.DecimalField(label="Amount spent", min_value=Decimal(0), decimal_places=2)
    widths = {"spent": "govuk-input--width-10"}


class FeedbackForm(SpamProtectedForm, GovukForm):
    body = forms.CharField(
        label="Your feedback on this update",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write your feedback"},
    )
    area = forms.CharField(label="Your area (optional)", max_length=100, required=False)


class ModerateFeedbackForm(GovukForm):
    decision = forms.ChoiceField(choices=[("publish", "Publish"), ("hide", "Hide")])
    reason = forms.CharField(required=False, max_length=300)
