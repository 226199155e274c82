"""Missions: what a place commits to, who owns and governs them, how they align, and how they
are going in the words of the people leading them."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placecraft.core.models import TimeStamped, Visibility


class ReferenceOutcome(models.Model):
    """An outcome from a set loaded as data, such as the UK government's five national missions.

    Sets live in ``placecraft/missions/data/*.yaml`` and are loaded by a migration (and again by
    ``load_reference_outcomes``), so places can align to them without typing them in.
    """

    set_slug = models.SlugField(max_length=60)
    set_title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["set_slug", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["set_slug", "slug"], name="unique_reference_outcome"),
        ]

    def __str__(self) -> str:
        return self.title


class MissionStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    SCOPING = "scoping", "Scoping"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    RETIRED = "retired", "Retired"


#: The GOV.UK tag colour of each status (grey for the closed ones).
STATUS_TAGS: dict[str, str] = {
    MissionStatus.ACTIVE: "govuk-tag--green",
    MissionStatus.PAUSED: "govuk-tag--yellow",
    MissionStatus.SCOPING: "govuk-tag--blue",
    MissionStatus.CANDIDATE: "govuk-tag--light-blue",
}


# Where a mission may go next. Completed and retired are final: a mission that comes back is a
# new candidate, so its history stays honest.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MissionStatus.CANDIDATE: (MissionStatus.SCOPING, MissionStatus.RETIRED),
    MissionStatus.SCOPING: (MissionStatus.ACTIVE, MissionStatus.CANDIDATE, MissionStatus.RETIRED),
    MissionStatus.ACTIVE: (MissionStatus.PAUSED, MissionStatus.COMPLETED, MissionStatus.RETIRED),
    MissionStatus.PAUSED: (MissionStatus.ACTIVE, MissionStatus.COMPLETED, MissionStatus.RETIRED),
    MissionStatus.COMPLETED: (),
    MissionStatus.RETIRED: (),
}


class Mission(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="missions")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name="owner organisation",
    )
    co_owners = models.ManyToManyField(
        "places.Organisation",
        blank=True,
        related_name="co_owned_missions",
        verbose_name="co-owner organisations",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    statement = models.TextField(help_text="The mission in a sentence or two.")
    ambition = models.TextField(help_text="What will be true, and by when.")
    why_it_matters = models.TextField("why it matters", blank=True)
    get_involved = models.TextField("how to get involved", blank=True)
    horizon_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year by which the ambition should be true.",
    )
    status = models.CharField(
        max_length=16, choices=MissionStatus.choices, default=MissionStatus.CANDIDATE
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_missions"
    )
    update_every_days = models.PositiveSmallIntegerField(
        "expected days between progress updates",
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text="After this many days without an update, the mission is marked as stale.",
    )
    contributes_to: models.ManyToManyField[Mission, Alignment] = models.ManyToManyField(
        "self", through="Alignment", symmetrical=False, related_name="contributions", blank=True
    )
    reference_outcomes = models.ManyToManyField(
        ReferenceOutcome,
        blank=True,
        related_name="missions",
        verbose_name="national missions and other outcomes",
    )
    # Denormalised so that lists can show freshness without one query per mission.
    last_update_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_mission_slug"),
        ]
        indexes = [models.Index(fields=["place", "visibility", "status"])]

    def __str__(self) -> str:
        return self.title

    def allowed_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    def check_transition(self, new_status: str) -> None:
        if new_status == self.status:
            raise ValidationError(
                {"status": f"The mission is already {self.get_status_display().lower()}."}
            )
        if new_status not in TRANSITIONS[self.status]:
            allowed = ", ".join(MissionStatus(s).label.lower() for s in TRANSITIONS[self.status])
            raise ValidationError(
                {
                    "status": f"A {self.get_status_display().lower()} mission cannot become "
                    f"{MissionStatus(new_status).label.lower()}"
                    + (f"; it can become {allowed}." if allowed else "; it is closed.")
                }
            )

    def update_due(self) -> date:
        """When the next progress update is due."""
        since = self.last_update_at or self.created_at or timezone.now()
        return (since + timedelta(days=self.update_every_days)).date()

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    def is_stale(self, today: date | None = None) -> bool:
        """True when an active or paused mission has gone too long without an update."""
        if self.status not in (MissionStatus.ACTIVE, MissionStatus.PAUSED):
            return False
        return (today or timezone.localdate()) > self.update_due()

    def clean(self) -> None:
        if self.organisation_id and self.place_id and self.organisation.place_id != self.place_id:
            raise ValidationError(
                {"organisation": "The owner must be an organisation in the place."}
            )


class StatusChange(models.Model):
    """The history of a mission's status: who moved it, when, and why."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=MissionStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=MissionStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.mission}: {self.from_status or 'new'} → {self.to_status}"


class Alignment(models.Model):
    """A mission contributes to another mission in the same place (for example a council's
    mission to the strategic authority's)."""

    from_mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="alignments_out"
    )
    to_mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="alignments_in")
    note = models.CharField("how it contributes", max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_mission", "to_mission"], name="unique_alignment"),
            models.CheckConstraint(
                condition=~models.Q(from_mission=models.F("to_mission")), name="alignment_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_mission} → {self.to_mission}"


class BoardRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice-chair", "Vice chair"
    MEMBER = "member", "Member"
    COMMUNITY_SEAT = "community-seat", "Community seat"
    ADVISER = "adviser", "Adviser"
    SECRETARIAT = "secretariat", "Secretariat"


class BoardMember(TimeStamped):
    """A seat on a mission board. Community seats are held by residents or community groups."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="board_members")
    name = models.CharField(max_length=150, help_text="The person's name as it should appear.")
    role = models.CharField(max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER)
    organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty for a resident holding a seat in their own right.",
    )
    represents = models.CharField(
        max_length=200, blank=True, help_text="For example “Eastside residents” or “young people”."
    )
    is_public = models.BooleanField(
        "show on the public mission page",
        default=True,
        help_text="Only list people publicly when they have agreed to it.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_community_seat(self) -> bool:
        return self.role == BoardRole.COMMUNITY_SEAT


class UpdateStatus(models.TextChoices):
    ON_TRACK = "on-track", "On track"
    SOME_RISK = "some-risk", "Some risk"
    OFF_TRACK = "off-track", "Off track"
    TOO_EARLY = "too-early", "Too early to say"


class ProgressUpdate(TimeStamped):
    """A periodic update in the lead's own words. Every figure on a mission page is shown next
    to the narrative of the latest update, so a colour is never the whole story."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="updates")
    period_label = models.CharField(
        "period covered", max_length=60, help_text="For example “April to June 2025”."
    )
    status = models.CharField(max_length=16, choices=UpdateStatus.choices)
    narrative = models.TextField(help_text="How the mission is going, in plain English. Markdown.")
    what_changed = models.TextField("what changed", blank=True)
    what_we_learned = models.TextField("what we learned", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["mission", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.mission}: {self.period_label}"

    def clean(self) -> None:
        if not (self.narrative or "").strip():
            raise ValidationError({"narrative": "Write how the mission is going."})


class ReminderSent(models.Model):
    """One reminder per mission, kind, due date and person: the reminders command records what
    it sent so that running it again (or twice at once) never emails anyone twice."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Progress update overdue"
        DATA = "data", "Indicator data out of date"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_key = models.CharField(max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "kind", "due_key", "recipient"], name="unique_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.mission} to {self.recipient}"


class CoOwnerInvitation(models.Model):
    """An organisation asked to share ownership of a mission. It becomes a co-owner only when
    one of its admins accepts: no organisation is named as an owner without its consent."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="co_owner_invitations"
    )
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="co_owner_invitations"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "organisation"],
                condition=models.Q(state="pending"),
                name="one_pending_co_owner_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} invited to co-own {self.mission}"
