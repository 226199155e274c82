"""Working in the open and building confidence: weeknotes (with Atom feeds and an email digest),
stories told with the consent of the people in them, events with registrations, and champions."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

from placecraft.core.models import TimeStamped, Visibility


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PublishStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# Weeknotes ----------------------------------------------------------------------------------


class Weeknote(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="weeknotes")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="weeknotes"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    week_of = models.DateField(help_text="The Monday of the week the note is about.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="weeknotes",
    )
    team_name = models.CharField(
        "written by (team)",
        max_length=150,
        blank=True,
        help_text="Leave empty when you write as yourself.",
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="weeknotes")
    sprint = models.ForeignKey(
        "sprints.Sprint", null=True, blank=True, on_delete=models.SET_NULL, related_name="weeknotes"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["place", "status", "visibility", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED

    @property
    def byline(self) -> str:
        person = self.author.name if self.author_id and self.author.name else ""  # type: ignore[union-attr]
        if self.team_name and person:
            return f"{person}, {self.team_name}"
        return self.team_name or person or "Unknown author"


class DigestSubscription(TimeStamped):
    """Someone who gets a weekly email of the place's public weeknotes. Confirmed by a link sent
    to the address, so nobody can sign someone else up."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=48, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "email"], name="unique_digest_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.place})"


class DigestSend(models.Model):
    """A claim on one subscriber's digest for one week, made *before* the email goes out. The
    unique constraint is what stops a second run (or two at once) from sending it again."""

    subscription = models.ForeignKey(
        DigestSubscription, on_delete=models.CASCADE, related_name="sends"
    )
    week = models.DateField(help_text="The Monday of the week the digest covers.")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    weeknotes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "week"], name="one_digest_a_week"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.subscription} week of {self.week}"


# Stories ------------------------------------------------------------------------------------


class ConsentUse(models.TextChoices):
    WEBSITE = "website", "On the place's public website"
    SOCIAL = "social", "On social media"
    PRINT = "print", "In print and at events"
    REPORTS = "reports", "In reports to the mission board and partners"


class Story(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="stories")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="stories"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.CharField(max_length=300, help_text="One or two sentences for lists.")
    narrative = models.TextField(help_text="Markdown.")
    is_case_study = models.BooleanField(
        "case study",
        default=False,
        help_text="Marks the story as a case study others can learn from.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    unpublished_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_story_slug"),
        ]
        # The lists: a place's published stories, newest first.
        indexes = [models.Index(fields=["place", "status", "visibility", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class Voice(TimeStamped):
    """A person whose words or image are in a story, and their consent: who gave it, when, and
    to what use. Withdrawing it unpublishes the story at once."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="voices")
    name = models.CharField("name in the story", max_length=150)
    description = models.CharField(
        max_length=200, blank=True, help_text="For example “parent, Ashby”."
    )
    consent_given_by = models.CharField(
        "consent given by",
        max_length=150,
        help_text="The person themselves, or a parent or carer for a child.",
    )
    consent_given_on = models.DateField("date consent was given")
    consent_uses = models.JSONField("uses consented to", default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_consent(self) -> bool:
        return self.withdrawn_at is None

    @property
    def use_labels(self) -> list[str]:
        return [ConsentUse(u).label for u in self.consent_uses if u in ConsentUse.values]

    def clean(self) -> None:
        if not self.consent_uses or set(self.consent_uses) - set(ConsentUse.values):
            raise ValidationError({"consent_uses": "Choose at least one use the person agreed to."})


MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def validate_image_size(file: object) -> None:
    size = getattr(file, "size", 0) or 0
    if size > MAX_IMAGE_BYTES:
        raise ValidationError("The image must be smaller than 5 MB.")


class StoryImage(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    # Raster images only: SVG can carry script, so it is refused by extension and by Pillow.
    image = models.ImageField(
        upload_to="stories/%Y/%m/",
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp"]),
            validate_image_size,
        ],
    )
    alt_text = models.CharField(
        "alternative text",
        max_length=300,
        help_text="Describe what the image shows for someone who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.alt_text

    def clean(self) -> None:
        if not (self.alt_text or "").strip():
            raise ValidationError({"alt_text": "Describe the image."})


# Events -------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    CONVENING = "convening", "Annual convening"
    CELEBRATION = "celebration", "Celebration"
    FORUM = "forum", "Forum"
    WORKSHOP = "workshop", "Workshop"
    OTHER = "other", "Other"


class Event(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="events")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="events"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices, default=EventKind.CONVENING)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.CharField(max_length=300)
    agenda = models.TextField(blank=True, help_text="Markdown.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    accessibility = models.TextField(
        "access information",
        blank=True,
        help_text="Step-free access, hearing loop, quiet room, toilets, parking…",
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit."
    )
    registration_open = models.BooleanField(default=True)
    write_up = models.TextField("write-up", blank=True, help_text="After the event. Markdown.")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_event_slug"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["place", "visibility", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "The event must end after it starts."})

    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    accessibility_needs = models.TextField(
        "access needs",
        blank=True,
        help_text="Anything we should arrange so you can take part. Only the organisers see this.",
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    token = models.CharField(max_length=48, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} for {self.event}"


class CommitmentKind(models.TextChoices):
    RESTATED = "restated", "Restated at the event"
    MADE = "made", "Made at the event"


class EventCommitment(models.Model):
    """A commitment restated or made at an event. Linked to the partner's commitment record
    (placecraft.partners) when there is one; otherwise the words said at the event are kept here."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=10, choices=CommitmentKind.choices)
    commitment = models.ForeignKey(
        "partners.Commitment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_mentions",
    )
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name="partner"
    )
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField("the commitment", max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return self.text


# Champions ----------------------------------------------------------------------------------


class ChampionSector(models.TextChoices):
    PUBLIC = "public", "Public sector"
    HEALTH = "health", "Health and care"
    VCSE = "vcse", "Voluntary and community sector"
    BUSINESS = "business", "Business"
    EDUCATION = "education", "Education and research"
    FAITH = "faith", "Faith group"
    RESIDENT = "resident", "Resident"
    OTHER = "other", "Other"


class Champion(TimeStamped):
    """Someone inside or outside the system who champions a mission. Listed publicly only with
    their agreement, recorded by date."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="champions")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.CASCADE,
        related_name="champions",
        verbose_name="recorded by",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    sector = models.CharField(max_length=16, choices=ChampionSector.choices)
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Their job or group, for example “Head teacher, Moorside Primary”.",
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="champions")
    what_they_do = models.TextField("what they do for the mission", help_text="Markdown.")
    story = models.TextField("their story", blank=True, help_text="Markdown.")
    agreed_on = models.DateField(
        "date they agreed to be listed",
        null=True,
        blank=True,
        help_text="A champion is only shown publicly once they have agreed.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_champion_slug"),
        ]
        indexes = [models.Index(fields=["place", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.visibility == Visibility.PUBLIC and self.agreed_on is None:
            raise ValidationError(
                {"agreed_on": "Record when they agreed before making them public."}
            )
        if self.agreed_on and self.agreed_on > date.today():
            raise ValidationError({"agreed_on": "The date cannot be in the future."})
