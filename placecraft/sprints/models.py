"""Mission sprints: a small team, protected time, a senior champion and one timebound problem tied
to a mission; its board of work items, weekly check-ins, retrospective, and the learning entries
it feeds back to the organisation and its partners."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from placecraft.core.models import TimeStamped, Visibility


class Practice(models.TextChoices):
    AGILE = "agile", "Agile delivery"
    TEST_AND_LEARN = "test-and-learn", "Test and learn"
    USER_RESEARCH = "user-research", "User research"
    PROTOTYPING = "prototyping", "Prototyping"
    DATA_ANALYSIS = "data-analysis", "Data analysis"
    SERVICE_DESIGN = "service-design", "Service design"
    INNOVATION_TOOLS = "innovation-tools", "Innovation tools"
    CO_DESIGN = "co-design", "Co-design with residents"


class Sprint(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="sprints")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="sprints"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sprints",
        help_text="The mission this sprint's problem serves.",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    problem = models.TextField(
        "problem statement", help_text="The problem or challenge, in a sentence or two."
    )
    start_date = models.DateField()
    end_date = models.DateField(help_text="A sprint is timebound: it always has an end date.")
    champion_name = models.CharField(
        "senior champion",
        max_length=150,
        blank=True,
        help_text="A director or chief officer who gives the team cover and clears blockers.",
    )
    champion_role = models.CharField("champion's role", max_length=150, blank=True)
    champion_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="championed_sprints",
        help_text="If the champion uses Placecraft, they are told about blockers.",
    )
    practices = models.JSONField(default=list, blank=True)
    # The summary can be public while the working pages stay with the team.
    summary_public = models.BooleanField(
        "publish the sprint summary",
        default=False,
        help_text="Anyone can read the summary page: problem, outcome, learning and retrospective.",
    )
    outcome = models.TextField("what the sprint achieved", blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_sprint_slug"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="sprint_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["place", "visibility"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})
        if self.organisation_id and self.place_id and self.organisation.place_id != self.place_id:
            raise ValidationError({"organisation": "Choose an organisation in this place."})
        if self.mission is not None and self.place_id and self.mission.place_id != self.place_id:
            raise ValidationError({"mission": "Choose a mission in this place."})
        unknown = set(self.practices or []) - set(Practice.values)
        if unknown:
            raise ValidationError({"practices": "Choose practices from the list."})

    @property
    def practice_labels(self) -> list[str]:
        return [Practice(p).label for p in self.practices or [] if p in Practice.values]

    def phase(self, today: date | None = None) -> str:
        return sprint_phase(self.start_date, self.end_date, today or timezone.localdate())


def sprint_phase(start_date: date, end_date: date, today: date) -> str:
    """A sprint's stage on a day; also for lists that read sprints as plain rows."""
    if today < start_date:
        return "Not started"
    if today > end_date:
        return "Finished"
    return "Active"


class TeamMember(models.Model):
    """A person on the sprint team, from a department of the owner or from a partner."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    department = models.CharField(
        "department or service",
        max_length=150,
        blank=True,
        help_text="For example “Adult social care”. Leave empty for a partner organisation.",
    )
    role = models.CharField("role in the team", max_length=150, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        "protected hours a week",
        default=0,
        validators=[MaxValueValidator(60)],
        help_text="Hours agreed with their manager, with usual work covered.",
    )

    class Meta:
        ordering = ["organisation__name", "department", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> tuple[int, str]:
        """Where the person comes from: their organisation and, inside it, their department."""
        return (self.organisation_id, self.department.strip().lower())


class WorkStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class WorkItem(TimeStamped):
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="work_items")
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=WorkStatus.choices, default=WorkStatus.TODO)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class CheckIn(TimeStamped):
    """The weekly check-in: what we did, what we learned, blockers for the champion."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="check_ins")
    week_of = models.DateField(help_text="The Monday of the week.")
    did = models.TextField("what we did")
    learned = models.TextField("what we learned", blank=True)
    blockers = models.TextField(
        "blockers for the champion",
        blank=True,
        help_text="What is in the way that someone with authority could clear.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["sprint", "week_of"],
                name="one_check_in_a_week",
                violation_error_message="There is already a check-in for that week.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sprint}: week of {self.week_of:%d %b %Y}"


class Retrospective(TimeStamped):
    sprint = models.OneToOneField(Sprint, on_delete=models.CASCADE, related_name="retrospective")
    held_on = models.DateField()
    went_well = models.TextField("what worked")
    did_not_go_well = models.TextField("what did not work", blank=True)
    blockers_overcome = models.TextField("blockers and how we overcame them", blank=True)
    next_steps = models.TextField("what happens next", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Retrospective of {self.sprint}"


class LearningSource(models.TextChoices):
    """Where a learning entry came from. Other apps (the learning log) add their own kinds."""

    SPRINT = "sprint", "Sprint"
    CHECK_IN = "check-in", "Sprint check-in"
    RETROSPECTIVE = "retrospective", "Sprint retrospective"
    EVENT = "event", "Event"
    EXERCISE = "exercise", "Framework exercise"
    OTHER = "other", "Other"


class LearningKind(models.TextChoices):
    WORKED = "worked", "What worked"
    DID_NOT_WORK = "did-not-work", "What did not work"
    BLOCKER = "blocker", "A blocker and how it was overcome"
    INSIGHT = "insight", "Insight"


class Learning(TimeStamped):
    """One thing learned, fed back to the organisation and, where shared, its partners.

    General on purpose (see docs/decisions/0010-learning-entries.md): a sprint is one source among
    several, named by ``source_type`` and ``source_id``, so the place-wide learning log can list
    entries from sprints, events and exercises alike.
    """

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="learnings")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="learnings"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    shared_with = models.ManyToManyField(
        "places.Organisation",
        blank=True,
        related_name="learnings_shared",
        verbose_name="also share with",
        help_text="Partner organisations that may read this even when it is private.",
    )
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_type = models.CharField(
        max_length=20, choices=LearningSource.choices, default=LearningSource.OTHER
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="learnings"
    )
    kind = models.CharField(
        max_length=16, choices=LearningKind.choices, default=LearningKind.INSIGHT
    )
    title = models.CharField(max_length=200)
    what_we_tried = models.TextField("what we tried", blank=True)
    what_happened = models.TextField("what happened", blank=True)
    what_we_learned = models.TextField("what we learned")
    what_we_will_change = models.TextField("what we will change", blank=True)
    recorded_on = models.DateField(default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["place", "visibility"]),
            models.Index(fields=["source_type", "source_id"]),
            # The learning logs list a place's entries newest first, a page at a time.
            models.Index(fields=["place", "-recorded_on", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title
