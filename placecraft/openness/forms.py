from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator

from placecraft.core.forms import GovukForm
from placecraft.core.models import Visibility
from placecraft.core.widgets import LongCheckboxes, LongSelect
from placecraft.missions.access import visible_missions
from placecraft.missions.models import Mission
from placecraft.openness.models import (
    IMAGE_FORMATS,
    MAX_IMAGE_BYTES,
    ChampionSector,
    CommitmentKind,
    ConsentUse,
    EventKind,
    PublishStatus,
)
from placecraft.partners.models import Commitment
from placecraft.places.forms import OrganisationNameField
from placecraft.places.models import Organisation
from placecraft.sprints.access import visible_sprints
from placecraft.sprints.forms import NarrowedForm, monday
from placecraft.sprints.models import Sprint

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For example 2025-10-14 18:30",
    )


def _missions(place: Any, user: Any) -> Any:
    # Only missions the person may see. Choices need only the title: a mission's full row
    # (statement, ambition…) is wide.
    return visible_missions(user, place).only("pk", "title")


class OwnedForm(NarrowedForm):
    """Content owned by one of the organisations the person writes for; the owner is chosen
    when the content is created and does not change."""

    context_keys = ("place", "owners", "editing", "user")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="On behalf of", widget=LongSelect
    )

    def narrow(self, **context: Any) -> None:
        self.place = context["place"]
        if context.get("editing"):
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = context["owners"]  # type: ignore[attr-defined]
            self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
        self.user = context["user"]
        if "missions" in self.fields:
            self.fields["missions"].queryset = _missions(self.place, self.user)  # type: ignore[attr-defined]
        if "mission" in self.fields:
            self.fields["mission"].queryset = _missions(self.place, self.user)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data.pop("missions", None)
        return data


class WeeknoteForm(OwnedForm):
    title = forms.CharField(max_length=200)
    team_name = forms.CharField(
        label="Written by a team (optional)",
        max_length=150,
        required=False,
        help_text="Leave empty when you write as yourself.",
    )
    week_of = forms.DateField(label="Week beginning", help_text="For example 2025-05-12")
    body = forms.CharField(
        label="Weeknote",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What you did, what you learned, what is next. Markdown.",
    )
    missions = forms.ModelMultipleChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=LongCheckboxes(label_from=("title",)),
    )
    sprint = forms.ModelChoiceField(
        queryset=Sprint.objects.none(),
        required=False,
        widget=LongSelect(label_from=("title",)),
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(
        choices=[(PublishStatus.DRAFT, "Save as a draft"), (PublishStatus.PUBLISHED, "Publish")],
        widget=forms.RadioSelect,
        label="Publish now?",
    )
    widths = {"week_of": "govuk-input--width-10"}

    def narrow(self, **context: Any) -> None:
        super().narrow(**context)
        self.fields["sprint"].queryset = (  # type: ignore[attr-defined]
            visible_sprints(self.user, self.place).only("pk", "title")
        )

    def clean_week_of(self) -> Any:
        return monday(self.cleaned_data["week_of"])


class SubscribeForm(GovukForm):
    email = forms.EmailField(label="Email address", max_length=254)


class StoryForm(OwnedForm):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300, help_text="One or two sentences for lists.")
    narrative = forms.CharField(
        label="The story", widget=forms.Textarea(attrs={"rows": 14}), help_text="Markdown."
    )
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=LongSelect(label_from=("title",)),
    )
    is_case_study = forms.BooleanField(
        label="This is a case study others can learn from", required=False
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)


class VoiceForm(GovukForm):
    name = forms.CharField(label="Name as it appears in the story", max_length=150)
    description = forms.CharField(
        max_length=200, required=False, help_text="For example “parent, Ashby”."
    )
    consent_given_by = forms.CharField(
        label="Consent given by",
        max_length=150,
        help_text="The person themselves, or a parent or carer for a child.",
    )
    consent_given_on = forms.DateField(
        label="Date consent was given", help_text="For example 2025-05-12"
    )
    consent_uses = forms.MultipleChoiceField(
        label="Uses they agreed to",
        choices=ConsentUse.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    record_kept = forms.BooleanField(
        label="We keep a signed or recorded copy of this consent",
        error_messages={"required": "Keep a record of consent before adding someone's voice."},
    )
    widths = {"consent_given_on": "govuk-input--width-10"}

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("record_kept")
        return data


class WithdrawForm(GovukForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example how and when they asked.",
    )


class ImageForm(GovukForm):
    image = forms.ImageField(
        help_text="A JPEG, PNG or WebP photo, smaller than 5 MB.",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    alt_text = forms.CharField(
        label="Alternative text",
        max_length=300,
        help_text="Describe what the image shows for someone who cannot see it.",
    )
    caption = forms.CharField(max_length=300, required=False)
    credit = forms.CharField(max_length=150, required=False)

    def clean_image(self) -> Any:
        image = self.cleaned_data["image"]
        if image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError("The image must be smaller than 5 MB.")
        # Django's ImageField has already opened the file with Pillow (an SVG fails there);
        # this also refuses raster formats we do not publish.
        if getattr(image, "image", None) is not None and image.image.format not in IMAGE_FORMATS:
            raise forms.ValidationError("The image must be a JPEG, PNG or WebP.")
        return image


class EventForm(OwnedForm):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=EventKind.choices, label="Kind of event")
    summary = forms.CharField(max_length=300)
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=LongSelect(label_from=("title",)),
    )
    starts_at = _datetime_field("Starts")
    ends_at = _datetime_field("Ends")
    venue = forms.CharField(max_length=200)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    accessibility = forms.CharField(
        label="Access information",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loop, quiet room, toilets, parking…",
    )
    agenda = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown."
    )
    capacity = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty for no limit."
    )
    registration_open = forms.BooleanField(label="Registration is open", required=False)
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)
    write_up = forms.CharField(
        label="Write-up",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="After the event: what happened. Markdown.",
    )
    widths = {"capacity": "govuk-input--width-5"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", "The event must end after it starts.")
        return data


class RegistrationForm(GovukForm):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    accessibility_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything we should arrange so you can take part. Only the organisers see this.",
    )


class FindCommitmentsForm(GovukForm):
    """Narrows the existing commitments offered at an event: by partner, by mission or both."""

    partner = OrganisationNameField(
        required=False, help_text="Its name or identifier in the partner registry."
    )
    mission = forms.ChoiceField(required=False, widget=LongSelect)

    def __init__(
        self,
        *args: Any,
        place: Any,
        missions: list[tuple[str, str]],
        **kw: Any,
    ) -> None:
        kw.setdefault("auto_id", "find-%s")
        super().__init__(*args, **kw)
        self.fields["partner"].organisations = Organisation.objects.filter(place=place)  # type: ignore[attr-defined]
        self.fields["mission"].choices = [("", "Any mission"), *missions]  # type: ignore[attr-defined]


class CommitmentForm(NarrowedForm):
    """A commitment said at an event. The existing commitments offered are a short list the view
    chooses (the event's mission, the partners there, or what the person searched for); any
    commitment the person may see is still accepted, so a stale list never refuses a choice."""

    context_keys = ("place", "commitments", "offered", "missions")
    kind = forms.ChoiceField(choices=CommitmentKind.choices, widget=forms.RadioSelect)
    commitment: forms.ModelChoiceField[Commitment] = forms.ModelChoiceField(
        queryset=Commitment.objects.none(),
        required=False,
        widget=LongSelect,
        label="An existing partner commitment (optional)",
        help_text="Choose one when a partner restated a commitment already on record.",
        error_messages={"invalid_choice": "Choose a commitment from the list"},
    )
    organisation = OrganisationNameField(
        required=False,
        label="Partner",
        help_text="For a new commitment: the partner's name or identifier in the partner registry.",
    )
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=LongSelect(label_from=("title",)),
    )
    text = forms.CharField(
        label="The commitment, as said at the event", max_length=300, required=False
    )

    def narrow(self, **context: Any) -> None:
        place = context["place"]
        # Validation looks the chosen value up (one query); the options shown come from the
        # view's lists, written out without building a model instance per option.
        self.fields["commitment"].queryset = context["commitments"]  # type: ignore[attr-defined]
        self.fields["commitment"].widget.choices = [
            ("", "None: the partner made a new commitment"),
            *context["offered"],
        ]
        self.fields["organisation"].organisations = Organisation.objects.filter(place=place)  # type: ignore[attr-defined]
        self.fields["mission"].queryset = Mission.objects.filter(place=place)  # type: ignore[attr-defined]
        self.fields["mission"].widget.choices = [("", "No mission"), *context["missions"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("commitment"):
            if not data.get("organisation"):
                self.add_error(
                    "organisation", "Enter the partner, or choose an existing commitment."
                )
            if not data.get("text"):
                self.add_error("text", "Write the commitment, or choose an existing one.")
        return data


class ChampionForm(OwnedForm):
    name = forms.CharField(max_length=150)
    sector = forms.ChoiceField(choices=ChampionSector.choices)
    affiliation = forms.CharField(
        max_length=200,
        required=False,
        help_text="Their job or group, for example “Head teacher, Moorside Primary”.",
    )
    missions = forms.ModelMultipleChoiceField(
        queryset=Mission.objects.none(),
        required=False,
        widget=LongCheckboxes(label_from=("title",)),
    )
    what_they_do = forms.CharField(
        label="What they do for the mission",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
    )
    story = forms.CharField(
        label="Their story", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    agreed_on = forms.DateField(
        label="Date they agreed to be listed",
        required=False,
        help_text="Needed before they can be shown publicly. For example 2025-05-12",
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)
    widths = {"agreed_on": "govuk-input--width-10"}
