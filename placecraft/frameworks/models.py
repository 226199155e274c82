"""Frameworks as stored, immutable versions, and the exercises that apply them.

A framework file (see docs/frameworks.md) becomes a ``FrameworkVersion``: the whole definition as
JSON, its content hash and one ``Prompt`` row per prompt, so answers can point at the exact words
people saw. Versions are never edited: a change is a new version. An organisation's adaptation
is a version too, with the version it came from as ``parent``.

An ``Exercise`` applies one version to a subject, in workshop mode (a facilitator and named
participants answer together, and agree actions) or survey mode (anonymous respondents through
a link, one per team if wanted).
"""

from __future__ import annotations

import secrets
from datetime import date
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placecraft.core.models import TimeStamped, Visibility
from placecraft.frameworks import schema
from placecraft.frameworks.content import framework_from_dict


class Framework(TimeStamped):
    """A framework's identity across all its versions (the slug in its file)."""

    slug = models.SlugField(max_length=50, unique=True)
    toolset = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["toolset", "title"]

    def __str__(self) -> str:
        return self.title


class FrameworkVersion(models.Model):
    """One immutable version. ``organisation`` is empty for the shipped versions (loaded from
    the files) and set for an organisation's own adaptation."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    definition = models.JSONField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_versions",
    )
    note = models.TextField("what changed", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework", "organisation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                condition=Q(organisation__isnull=True),
                name="unique_shipped_framework_version",
            ),
            models.UniqueConstraint(
                fields=["framework", "organisation", "number"],
                condition=Q(organisation__isnull=False),
                name="unique_adapted_framework_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.label})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def label(self) -> str:
        if self.organisation_id is None:
            return f"version {self.number}"
        return f"{self.organisation}'s adaptation {self.number}"

    @cached_property
    def content(self) -> schema.Framework:
        return framework_from_dict(self.definition)


class Prompt(models.Model):
    """A prompt within one version, addressed by its stable slug."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="prompts")
    slug = models.SlugField(max_length=50)
    section = models.SlugField(max_length=50)
    kind = models.CharField(max_length=16)
    position = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="unique_prompt_slug"),
        ]

    def __str__(self) -> str:
        return self.slug


class Mode(models.TextChoices):
    WORKSHOP = "workshop", "Workshop: a facilitator and named participants answer together"
    SURVEY = "survey", "Survey: many people answer anonymously through a link"


class ExerciseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def new_token() -> str:
    return secrets.token_urlsafe(18)


# Survey codes are read off paper and typed in: capitals and digits, without the look-alikes
# (0/O, 1/I/L). Ten of them give about 10^15 codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


class ResponseAccess(models.TextChoices):
    CODES = "codes", _("One response per invited person, with a single-use code for each")
    LINK = "link", _("An open link: anyone who has it can answer")


# The longest free-text answers a survey or workshop takes (a long page of text each).
ANSWER_TEXT_MAX = 5000
EVIDENCE_TEXT_MAX = 2000

# An open link takes at most this many responses unless the organiser sets another cap.
DEFAULT_RESPONSE_CAP = 1000


class Exercise(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="exercises"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=16, choices=Mode.choices)
    # What the exercise looks at. A kind from schema.SUBJECTS and an id whose meaning the kind's
    # provider knows (placecraft/frameworks/subjects.py), so missions and sprints can plug in.
    subject_type = models.CharField(max_length=16)
    subject_id = models.BigIntegerField(null=True, blank=True)
    round_label = models.CharField("round", max_length=100, blank=True)
    round_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=ExerciseStatus.choices, default=ExerciseStatus.OPEN
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.TextField(blank=True, help_text="One name per line.")
    # The secret in the survey link for respondents not in a team.
    survey_token = models.CharField(max_length=40, unique=True, default=new_token)
    # Exercises made before codes existed keep their open links (see migration 0003).
    response_access = models.CharField(
        _("how people answer"),
        max_length=8,
        choices=ResponseAccess.choices,
        default=ResponseAccess.CODES,
    )
    response_cap = models.PositiveIntegerField(
        _("most responses an open link takes"), default=DEFAULT_RESPONSE_CAP
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-round_date", "-created_at"]
        indexes = [models.Index(fields=["place", "organisation"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ExerciseStatus.OPEN

    @property
    def is_survey(self) -> bool:
        return self.mode == Mode.SURVEY

    @property
    def participant_names(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class SurveyTeam(models.Model):
    """A group of respondents with their own link, such as a directorate."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="teams")
    label = models.CharField(max_length=100)
    token = models.CharField(max_length=40, unique=True, default=new_token)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "label"], name="unique_team_label"),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyCode(models.Model):
    """A single-use code for one invited person, printed or sent by email.

    It records only whether it has been used: not when, not by whom, not which response it
    gave, and not the address it was sent to, so a used code cannot be matched to answers.
    """

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="codes")
    team = models.ForeignKey(
        SurveyTeam, null=True, blank=True, on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code)
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["team__label", "code"]
        indexes = [models.Index(fields=["exercise", "used"])]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One set of answers: an anonymous survey respondent, or a workshop's shared record.

    A survey response deliberately holds no user, no IP address and no time: nothing that could
    link it to a person. ``key`` is random and only used to list responses in an order that does
    not reveal when each was given.
    """

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(
        SurveyTeam, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    key = models.CharField(max_length=24, default=new_token)

    class Meta:
        indexes = [models.Index(fields=["exercise", "team"])]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class ChecklistState(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly-met", "Partly met"
    NOT_MET = "not-met", "Not met"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    rating = models.IntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=ChecklistState.choices, blank=True)
    evidence = models.TextField(blank=True)
    current_stage = models.SlugField(max_length=50, blank=True)
    target_stage = models.SlugField(max_length=50, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "prompt"], name="unique_answer"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.prompt_id}"

    @property
    def is_empty(self) -> bool:
        return not (
            self.text
            or self.rating is not None
            or self.state
            or self.evidence
            or self.current_stage
            or self.target_stage
        )


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Action(TimeStamped):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="actions")
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="framework_actions",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    # A mission's id, chosen from the missions the "mission" subject provider offers the user
    # (placecraft/frameworks/subjects.py), so this app does not depend on the missions app.
    mission_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today
