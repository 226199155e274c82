"""Forms for participatory budgeting, rendered as GOV.UK Frontend components."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from placecraft.budgeting.models import BallotType, Connection, Phase, Project, Round, Rule
from placecraft.budgeting.services import Choices, Eligibility, choice_problems, code_problem
from placecraft.core.forms import GovukForm, GovukModelForm, style_fields
from placecraft.core.listing import money
from placecraft.core.widgets import LongCheckboxes
from placecraft.places.models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(GovukModelForm):
    areas_text = forms.CharField(
        label="Neighbourhoods",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line. Voters say which they belong to, so results can be shown per area.",
    )

    class Meta:
        model = Round
        fields = [
            "organisation",
            "title",
            "summary",
            "visibility",
            "budget",
            "currency",
            "area_name",
            "missions",
            "ideas_from",
            "feasibility_from",
            "voting_from",
            "voting_until",
            "results_from",
            "delivery_from",
            "ballot_type",
            "min_choices",
            "max_choices",
            "points_per_voter",
            "max_points_per_project",
            "rule",
            "min_score",
            "tie_break",
            "tie_seed",
            "allow_changes",
            "min_age",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
            "ballot_type": forms.RadioSelect,
            "rule": forms.RadioSelect,
            "tie_break": forms.RadioSelect,
            "missions": LongCheckboxes(label_from=("title",)),
            "ideas_from": DateInput,
            "feasibility_from": DateInput,
            "voting_from": DateInput,
            "voting_until": DateInput,
            "results_from": DateInput,
            "delivery_from": DateInput,
        }
        labels = {
            "min_choices": "Fewest projects a voter must choose",
            "max_choices": "Most projects a voter may choose",
            "points_per_voter": "Points each voter shares out (cumulative ballots)",
            "max_points_per_project": "Most points for any one project (cumulative ballots)",
            "rule": "How votes are counted",
            "min_age": "Minimum age to vote",
            "area_name": "Area",
        }
        help_texts = {
            "ballot_type": "This and the counting rule lock when voting opens.",
            "max_choices": "Leave empty for no limit.",
            "missions": "The missions you can change, and any the budget already supports.",
        }

    widths = {
        "budget": "govuk-input--width-10",
        "currency": "govuk-input--width-4",
        "min_choices": "govuk-input--width-4",
        "max_choices": "govuk-input--width-4",
        "points_per_voter": "govuk-input--width-4",
        "max_points_per_project": "govuk-input--width-4",
        "min_score": "govuk-input--width-5",
        "min_age": "govuk-input--width-3",
        "tie_seed": "govuk-input--width-20",
    }

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        missions: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
        self.fields["missions"].queryset = missions  # type: ignore[attr-defined]
        self.fields["missions"].required = False
        self.fields["ballot_type"].choices = [  # type: ignore[attr-defined]
            c for c in BallotType.choices if c[0] != BallotType.ORDINAL
        ]
        self.fields["rule"].choices = [  # type: ignore[attr-defined]
            c for c in Rule.choices if c[0] != Rule.RECORDED
        ]
        if self.instance.pk:
            self.fields["areas_text"].initial = "\n".join(self.instance.areas)
            del self.fields["organisation"]
            if self.instance.is_locked:
                for name in Round.LOCKED_FIELDS:
                    if name in self.fields:
                        self.fields[name].disabled = True
                        self.fields[name].help_text = "Locked when voting opened."
        style_fields(self)

    def cleaned_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["areas"] = [
            line.strip() for line in data.pop("areas_text", "").splitlines() if line.strip()
        ]
        return data


class ProjectForm(GovukModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "cost",
            "category",
            "area",
            "location",
            "feasibility",
            "feasibility_reason",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "feasibility": forms.RadioSelect,
            "feasibility_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"feasibility_reason": "Reason for the feasibility decision"}

    widths = {"cost": "govuk-input--width-10"}

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            for name in ("cost", "feasibility"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed once voting opened."

    def cleaned_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PhaseForm(GovukForm):
    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.RadioSelect)


class CodeBatchForm(GovukForm):
    label = forms.CharField(
        max_length=150, help_text="For example, ‘Letters to Eastside households, May’."
    )
    size = forms.IntegerField(label="How many codes", min_value=1, max_value=5000, initial=50)
    widths = {"size": "govuk-input--width-5"}


def _project_label(project: Project, currency: str) -> str:
    return f"{project.title} ({money(project.cost, currency)})"


class ChoicesForm(GovukForm):
    """The ballot itself: tick boxes, or points per project for cumulative ballots."""

    def __init__(self, *args: Any, round: Round, projects: list[Project], **kwargs: Any) -> None:
        self.round = round
        self.projects = projects
        super().__init__(*args, **kwargs)
        if round.ballot_type == BallotType.CUMULATIVE:
            for project in projects:
                self.fields[f"points_{project.pk}"] = forms.IntegerField(
                    label=_project_label(project, round.currency),
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                self.widths = {**self.widths, f"points_{project.pk}": "govuk-input--width-3"}
        else:
            help_text = "Choose at least {} project{}".format(
                round.min_choices, "" if round.min_choices == 1 else "s"
            )
            if round.max_choices:
                help_text += f" and at most {round.max_choices}"
            if round.ballot_type == BallotType.KNAPSACK:
                help_text += (
                    f". Together they must cost no more than the budget of "
                    f"{money(round.budget, round.currency)}"
                )
            self.fields["projects"] = forms.MultipleChoiceField(
                label="Projects you support",
                choices=[(str(p.pk), _project_label(p, round.currency)) for p in projects],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=help_text + ".",
            )
        self._extra_fields()
        style_fields(self)

    def _extra_fields(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        field = self.error_field()
        if field is None or field not in self.errors:
            # Checked with every other answer, so the voter sees every problem at once.
            for problem in choice_problems(self.round, self.choices()):
                self.add_error(field, problem)
        return cleaned

    def choices(self) -> Choices:
        if self.round.ballot_type == BallotType.CUMULATIVE:
            given = [(p.pk, self.cleaned_data.get(f"points_{p.pk}") or 0) for p in self.projects]
            given = [(pk, pts) for pk, pts in given if pts > 0]
            return Choices(tuple(pk for pk, _ in given), tuple(pts for _, pts in given))
        return Choices(tuple(int(pk) for pk in self.cleaned_data.get("projects", [])))

    def error_field(self) -> str | None:
        return None if self.round.ballot_type == BallotType.CUMULATIVE else "projects"


class BallotForm(ChoicesForm):
    """The ballot with the voter's self-declared eligibility."""

    def _extra_fields(self) -> None:
        round = self.round
        area = round.area_name or "the area"
        self.fields["connection"] = forms.ChoiceField(
            label=f"How are you connected to {area}?",
            choices=Connection.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Say whether you live, work or study in {area}."},
        )
        if round.areas:
            self.fields["area"] = forms.ChoiceField(
                label="Your neighbourhood",
                choices=[("", "Choose your neighbourhood")] + [(a, a) for a in round.areas],
                error_messages={"required": "Choose your neighbourhood from the list."},
            )
        if round.min_age:
            self.fields["confirmed_age"] = forms.BooleanField(
                label=f"I am {round.min_age} or older",
                error_messages={"required": f"Confirm that you are {round.min_age} or older."},
            )

    def eligibility(self) -> Eligibility:
        return Eligibility(
            area=self.cleaned_data.get("area", ""),
            connection=self.cleaned_data.get("connection", ""),
            confirmed_age=bool(self.cleaned_data.get("confirmed_age")),
        )


class CodeBallotForm(BallotForm):
    def _extra_fields(self) -> None:
        self.fields["code"] = forms.CharField(
            label="Your voting code",
            max_length=40,
            help_text="As printed on your letter or card, for example ABCD-EFGH-JKLM.",
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            error_messages={"required": "Enter your voting code."},
        )
        self.widths = {**self.widths, "code": "govuk-input--width-20"}
        super()._extra_fields()
        # The code comes first on the page.
        self.order_fields(["code"])

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        problem = code_problem(self.round, code)
        if problem:
            raise forms.ValidationError(problem)
        return code


class PaperForm(ChoicesForm):
    def _extra_fields(self) -> None:
        self.fields["serial"] = forms.CharField(
            label="Ballot paper number",
            max_length=60,
            help_text="The number printed on the paper, so it cannot be entered twice.",
        )
        self.widths = {**self.widths, "serial": "govuk-input--width-10"}
        if self.round.areas:
            self.fields["area"] = forms.ChoiceField(
                label="Neighbourhood written on the paper",
                choices=[("", "Not given")] + [(a, a) for a in self.round.areas],
                required=False,
            )
        self.order_fields(["serial"])
