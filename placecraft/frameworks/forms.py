from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from placecraft.core.forms import GovukForm
from placecraft.core.models import Visibility
from placecraft.frameworks import schema, subjects
from placecraft.frameworks.models import (
    ANSWER_TEXT_MAX,
    DEFAULT_RESPONSE_CAP,
    EVIDENCE_TEXT_MAX,
    ActionStatus,
    ExerciseStatus,
    FrameworkVersion,
    Mode,
    ResponseAccess,
    SurveyTeam,
)
from placecraft.places.models import Organisation, Place


class _BuiltForm(GovukForm):
    """A GOV.UK form whose fields or choices are set up in ``__init__`` (GovukForm validates
    only when asked, so the whole form is in place by then)."""


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _user_choices(users: Iterable[Any]) -> list[tuple[str, str]]:
    return [("", "Nobody yet")] + [(str(u.pk), u.name or u.email) for u in users]


class ExerciseForm(_BuiltForm):
    """Starting an exercise of one framework."""

    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter a title, like 'Mindset survey, spring 2025'"},
    )
    organisation = forms.TypedChoiceField(
        label="Run by", coerce=int, help_text="The organisation that owns the results."
    )
    version = forms.TypedChoiceField(label="Version of the framework", coerce=int)
    mode = forms.ChoiceField(label="How will you run it?", widget=forms.RadioSelect)
    subject = forms.ChoiceField(label="What is it about?")
    round_label = forms.CharField(
        label="Round (optional)",
        max_length=100,
        required=False,
        help_text="Name the round so you can compare it with later ones, like 'Spring 2025'.",
    )
    round_date = forms.DateField(
        label="Date of the round (optional)", required=False, widget=DATE_WIDGET
    )
    visibility = forms.ChoiceField(
        label="Who can see the results?",
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    participants = forms.CharField(
        label="Participants (workshops only, optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One name per line.",
    )
    response_access = forms.ChoiceField(
        label=_("How do people answer? (surveys only)"),
        choices=ResponseAccess.choices,
        initial=ResponseAccess.CODES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "With codes, each person you invite can answer once: you print the codes or send "
            "them by email. An open link can be answered by anyone who has it, up to a cap."
        ),
    )
    response_cap = forms.IntegerField(
        label=_("Most responses an open link takes (surveys only)"),
        min_value=1,
        max_value=100_000,
        required=False,
        initial=DEFAULT_RESPONSE_CAP,
    )
    widths = {
        "round_label": "govuk-input--width-20",
        "title": "govuk-!-width-two-thirds",
        "response_cap": "govuk-input--width-5",
    }

    def __init__(
        self,
        *args: Any,
        place: Place,
        user: Any,
        organisations: QuerySet[Organisation],
        versions: list[FrameworkVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        content = versions[0].content
        self.versions = {v.pk: v for v in versions}
        _choices(self, "organisation", [(o.pk, o.name) for o in organisations])
        _choices(self, "version", [(v.pk, f"{v.title}, {v.label}") for v in versions])
        _choices(self, "mode", [(m, label) for m, label in Mode.choices if m in content.modes])
        self.fields["mode"].initial = content.modes[0]
        _choices(self, "subject", subjects.choices(place, user, content.subjects))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version = self.versions.get(data.get("version", 0))
        if version and data.get("mode") and data["mode"] not in version.content.modes:
            self.add_error("mode", f"{version.title} cannot be run this way.")
        return data

    def cleaned_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind, pk = subjects.parse(data["subject"])
        return {
            "title": data["title"],
            "mode": data["mode"],
            "subject_type": kind,
            "subject_id": pk,
            "round_label": data["round_label"],
            "round_date": data["round_date"],
            "visibility": data["visibility"],
            "participants": data["participants"],
            "response_access": data["response_access"] or ResponseAccess.CODES,
            "response_cap": data["response_cap"] or DEFAULT_RESPONSE_CAP,
        }


class ExerciseEditForm(_BuiltForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    status = forms.ChoiceField(
        choices=ExerciseStatus.choices,
        widget=forms.RadioSelect,
        help_text="A closed survey takes no more responses; a closed workshop cannot be changed.",
    )
    round_label = forms.CharField(label="Round (optional)", max_length=100, required=False)
    round_date = forms.DateField(
        label="Date of the round (optional)", required=False, widget=DATE_WIDGET
    )
    visibility = forms.ChoiceField(
        label="Who can see the results?", choices=Visibility.choices, widget=forms.RadioSelect
    )
    facilitator = forms.ChoiceField(label="Facilitator (optional)", required=False)
    participants = forms.CharField(
        label="Participants (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One name per line.",
    )

    def __init__(
        self, *args: Any, members: Iterable[Any], survey: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(u.pk): u for u in members}
        _choices(self, "facilitator", _user_choices(self.members.values()))
        if survey:
            self.fields["response_access"] = forms.ChoiceField(
                label=_("How do people answer?"),
                choices=ResponseAccess.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields["response_cap"] = forms.IntegerField(
                label=_("Most responses an open link takes"),
                min_value=1,
                max_value=100_000,
                required=False,
            )

    def cleaned_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["facilitator"] = self.members.get(data["facilitator"] or "")
        # Left out of the submission: keep what the survey has.
        for name in ("response_access", "response_cap"):
            if name in data and not data[name]:
                del data[name]
        return data


class TeamForm(GovukForm):
    label = forms.CharField(
        label="Team name",
        max_length=100,
        help_text="Such as a directorate or service. Each team gets its own link.",
        error_messages={"required": "Enter the team's name"},
    )
    widths = {"label": "govuk-input--width-20"}


MAX_CODES = 500


class _CodesForm(_BuiltForm):
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args: Any, teams: Iterable[SurveyTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in teams}
        _choices(
            self,
            "team",
            [("", _("No team"))] + [(pk, t.label) for pk, t in self.teams.items()],
        )

    def chosen_team(self) -> SurveyTeam | None:
        return self.teams.get(self.cleaned_data["team"] or "")


class MakeCodesForm(_CodesForm):
    """Codes to print and hand out."""

    number = forms.IntegerField(
        label=_("How many codes?"),
        min_value=1,
        max_value=MAX_CODES,
        error_messages={"required": _("Enter how many codes to make")},
    )
    widths = {"number": "govuk-input--width-5"}


class SendCodesForm(_CodesForm):
    """One code by email to each address. The addresses are used to send and then forgotten."""

    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One a line. Each person gets their own code. The addresses are not kept, so "
            "nobody can later match a code to a person."
        ),
        error_messages={"required": _("Enter at least one email address")},
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").split()
        addresses = list(dict.fromkeys(a.strip().lower() for a in raw if a.strip()))
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(
                _("These are not email addresses: %(wrong)s"), params={"wrong": ", ".join(wrong)}
            )
        if len(addresses) > MAX_CODES:
            raise ValidationError(
                _("Send at most %(most)d codes at a time"), params={"most": MAX_CODES}
            )
        return addresses


class SurveyCodeForm(GovukForm):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("The code on your invitation, such as K7QM 4RTX 9P."),
        error_messages={"required": _("Enter your code")},
    )
    widths = {"code": "govuk-input--width-10"}


class ActionForm(_BuiltForm):
    title = forms.CharField(
        label="What will be done?",
        max_length=200,
        error_messages={"required": "Describe the action"},
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    due_date = forms.DateField(label="Due date (optional)", required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED)
    prompt = forms.ChoiceField(label="Prompt it answers (optional)", required=False)
    mission = forms.ChoiceField(label="Linked mission (optional)", required=False)

    def __init__(
        self,
        *args: Any,
        members: Iterable[Any],
        prompts: Iterable[Any],
        missions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(u.pk): u for u in members}
        self.prompts = {str(p.pk): p for p in prompts}
        _choices(self, "owner", _user_choices(self.members.values()))
        _choices(
            self,
            "prompt",
            (
                [("", "None")]
                + [
                    (pk, p.text[:90] + ("…" if len(p.text) > 90 else ""))
                    for pk, p in self.prompts.items()
                ]
            ),
        )
        if missions:
            _choices(self, "mission", [("", "None")] + [(str(pk), n) for pk, n in missions])
        else:
            # No missions to link to yet in this place.
            del self.fields["mission"]

    def cleaned_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        mission = data.get("mission")
        return {
            "title": data["title"],
            "owner": self.members.get(data["owner"] or ""),
            "due_date": data["due_date"],
            "status": data["status"],
            "prompt": self.prompts.get(data["prompt"] or ""),
            "mission_id": int(mission) if mission else None,
        }


# --- Answering a framework -------------------------------------------------------------------


TOO_LONG = _("Shorten your answer to %(limit_value)d characters or fewer (it has %(show_value)d)")


class AnswersForm(_BuiltForm):
    """One field (or a few) per prompt, built from a version's definition.

    ``required`` makes every non-reflection prompt compulsory (surveys); workshops can fill in
    what they have covered so far.
    """

    def __init__(
        self,
        *args: Any,
        framework: schema.Framework,
        required: bool,
        organisation_kind: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.framework = framework
        self.shown_sections = [
            s
            for s in framework.sections
            if not s.applies_to or organisation_kind is None or organisation_kind in s.applies_to
        ]
        super().__init__(*args, **kwargs)
        stages = [(s.slug, s.title) for s in framework.stages]
        for section in self.shown_sections:
            for prompt in section.prompts:
                self._add(prompt, required, stages)

    def _add(self, prompt: schema.Prompt, required: bool, stages: list[tuple[str, str]]) -> None:
        slug, text = prompt.slug, prompt.text
        answer = "Choose an answer"
        if prompt.kind == "reflection":
            self.fields[f"{slug}__text"] = forms.CharField(
                label=text,
                required=False,
                max_length=ANSWER_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=prompt.help or "",
                error_messages={"max_length": TOO_LONG},
            )
        elif prompt.kind == "rating" and prompt.scale:
            scale = self.framework.scale(prompt.scale)
            self.fields[f"{slug}__rating"] = forms.TypedChoiceField(
                label=text,
                coerce=int,
                empty_value=None,
                required=required,
                choices=[(p.value, p.label) for p in scale.points],
                widget=forms.RadioSelect(attrs={"small": True}),
                help_text=prompt.help or "",
                error_messages={"required": f"{answer} for: {text[:80]}"},
            )
        elif prompt.kind == "checklist":
            self.fields[f"{slug}__state"] = forms.ChoiceField(
                label=text,
                required=required,
                choices=schema.CHECKLIST_STATES,
                widget=forms.RadioSelect(attrs={"small": True}),
                help_text=prompt.help or "",
                error_messages={"required": f"{answer} for: {text[:80]}"},
            )
            self.fields[f"{slug}__evidence"] = forms.CharField(
                label="Evidence (optional)",
                required=False,
                max_length=EVIDENCE_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": TOO_LONG},
            )
        elif prompt.kind == "stage":
            described = [
                (level.stage, f"{dict(stages)[level.stage]}: {level.description}")
                for level in prompt.levels
            ]
            self.fields[f"{slug}__current_stage"] = forms.ChoiceField(
                label=f"{text} Where are we now?",
                required=required,
                choices=described,
                widget=forms.RadioSelect(attrs={"small": True}),
                help_text=prompt.help or "",
                error_messages={"required": f"Choose where you are now for: {text[:80]}"},
            )
            self.fields[f"{slug}__target_stage"] = forms.ChoiceField(
                label="Where do we aim to be?",
                required=required,
                choices=[(s, t) for s, t in stages],
                widget=forms.RadioSelect(attrs={"small": True}),
                error_messages={"required": f"Choose where you aim to be for: {text[:80]}"},
            )

    def sections(self) -> list[tuple[schema.Section, list[tuple[schema.Prompt, list[Any]]]]]:
        out = []
        for section in self.shown_sections:
            prompts = []
            for prompt in section.prompts:
                fields = [self[name] for name in self.fields if name.split("__")[0] == prompt.slug]
                prompts.append((prompt, fields))
            out.append((section, prompts))
        return out

    def answers(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for name, value in self.cleaned_data.items():
            slug, key = name.split("__")
            out.setdefault(slug, {})[key] = value
        return out

    @staticmethod
    def initial_from(answers: Iterable[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for answer in answers:
            slug = answer.prompt.slug
            for key in ("text", "rating", "state", "evidence", "current_stage", "target_stage"):
                value = getattr(answer, key)
                if value not in (None, ""):
                    initial[f"{slug}__{key}"] = value
        return initial


# --- Adapting a framework --------------------------------------------------------------------

NEW_PROMPTS = 3
NEW_KINDS = [
    ("reflection", "Reflection (free text)"),
    ("rating", "Rating"),
    ("checklist", "Checklist"),
]


class AdaptForm(_BuiltForm):
    """Reword, drop and add prompts. The result is checked by the file loader's own rules."""

    organisation = forms.TypedChoiceField(label="Adapt for", coerce=int)
    note = forms.CharField(
        label="What have you changed, and why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you have changed and why"},
    )

    def __init__(
        self,
        *args: Any,
        base: FrameworkVersion,
        organisations: QuerySet[Organisation],
        used_slugs: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        self.used_slugs = used_slugs
        content = base.content
        _choices(self, "organisation", [(o.pk, o.name) for o in organisations])
        for prompt in content.prompts:
            self.fields[f"keep__{prompt.slug}"] = forms.BooleanField(
                label="Keep this prompt", required=False, initial=True
            )
            self.fields[f"text__{prompt.slug}"] = forms.CharField(
                label="Wording",
                initial=prompt.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        sections = [(s.slug, s.title) for s in content.sections]
        kinds = [k for k in NEW_KINDS if k[0] != "rating" or content.scales]
        for i in range(1, NEW_PROMPTS + 1):
            self.fields[f"new{i}__text"] = forms.CharField(
                label=f"New prompt {i} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"new{i}__section"] = forms.ChoiceField(
                label=f"Section for new prompt {i}", choices=sections, required=False
            )
            self.fields[f"new{i}__kind"] = forms.ChoiceField(
                label=f"Kind of new prompt {i}", choices=kinds, required=False
            )

    def sections(self) -> list[tuple[schema.Section, list[tuple[schema.Prompt, Any, Any]]]]:
        return [
            (
                section,
                [(p, self[f"keep__{p.slug}"], self[f"text__{p.slug}"]) for p in section.prompts],
            )
            for section in self.base.content.sections
        ]

    def new_prompt_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"new{i}__text"], self[f"new{i}__section"], self[f"new{i}__kind"])
            for i in range(1, NEW_PROMPTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prompt in self.base.content.prompts:
            if (
                data.get(f"keep__{prompt.slug}")
                and not (data.get(f"text__{prompt.slug}") or "").strip()
            ):
                self.add_error(
                    f"text__{prompt.slug}", "Enter the wording, or untick 'Keep this prompt'"
                )
        kept = [p for p in self.base.content.prompts if data.get(f"keep__{p.slug}")]
        added = [i for i in range(1, NEW_PROMPTS + 1) if (data.get(f"new{i}__text") or "").strip()]
        if not kept and not added:
            raise forms.ValidationError("Keep or add at least one prompt.")
        return data

    def definition(self) -> dict[str, Any]:
        """The adapted definition, built from the base version's stored definition."""
        data = self.cleaned_data
        definition = copy.deepcopy(self.base.definition)
        scale = definition["scales"][0]["slug"] if definition.get("scales") else None
        taken = set(self.used_slugs)
        for section in definition["sections"]:
            kept = []
            for prompt in section["prompts"]:
                if data.get(f"keep__{prompt['slug']}"):
                    prompt["text"] = " ".join(data[f"text__{prompt['slug']}"].split())
                    kept.append(prompt)
            section["prompts"] = kept
        by_slug = {s["slug"]: s for s in definition["sections"]}
        for i in range(1, NEW_PROMPTS + 1):
            text = " ".join((data.get(f"new{i}__text") or "").split())
            if not text:
                continue
            kind = data.get(f"new{i}__kind") or "reflection"
            # A new slug that no version of this framework has used, so history never mixes.
            base_slug = slugify(text)[:40].strip("-") or "prompt"
            slug, n = base_slug, 2
            while slug in taken:
                slug, n = f"{base_slug}-{n}", n + 1
            taken.add(slug)
            section_slug = data.get(f"new{i}__section") or definition["sections"][0]["slug"]
            by_slug[section_slug]["prompts"].append(
                {
                    "slug": slug,
                    "kind": kind,
                    "text": text,
                    "help": None,
                    "scale": scale if kind == "rating" else None,
                    "if_not_met": None,
                    "levels": [],
                }
            )
        definition["sections"] = [s for s in definition["sections"] if s["prompts"]]
        result: dict[str, Any] = definition
        return result
