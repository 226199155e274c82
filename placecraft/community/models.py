"""Community power: participatory processes, ideas with moderation, deliberative forums with
recommendations and the council's responses, community grants, and feedback on progress.

Ideas, comments, questions and feedback are residents' own words: shown through ``|markdown``
(sanitised) or plain escaping, and moderated by hiding with a reason that stays visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from placecraft.core.models import TimeStamped, Visibility

if TYPE_CHECKING:
    from placecraft.accounts.models import User


def shown_name(author_id: int | None, author: User | None, author_name: str, area: str = "") -> str:
    """The name shown next to a resident's words: their display name as it is now (so a change in
    their account reaches everything they posted), or what was kept when the account went."""
    if author_id is not None and author is not None:
        return author.public_name(area)
    return author_name or gettext("A resident")


class Component(models.TextChoices):
    IDEAS = "ideas", "Ideas"
    BUDGET = "budget", "Participatory budget"
    PANEL = "panel", "Citizens' panel"
    FORUMS = "forums", "Forums"
    SURVEY = "survey", "Survey"
    FEEDBACK = "feedback", "Feedback on progress"


class Process(TimeStamped):
    """A participatory process: how residents shape one or more missions over a period."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="processes")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="processes"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(help_text="Markdown.")
    who_can_take_part = models.TextField(
        "who can take part", help_text="For example: anyone who lives, works or studies here."
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="processes")
    components = models.JSONField(default=list, blank=True)
    ideas_open = models.BooleanField("open for ideas", default=True)
    panels = models.ManyToManyField("panels.Panel", blank=True, related_name="processes")
    pb_rounds = models.ManyToManyField("budgeting.Round", blank=True, related_name="processes")
    survey = models.ForeignKey(
        "frameworks.Exercise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A survey run with the frameworks engine.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_process_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def component_labels(self) -> list[str]:
        labels = dict(Component.choices)
        return [labels[c] for c in self.components if c in labels]


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class IdeaStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONSIDERING = "considering", "Being considered"
    ACCEPTED = "accepted", "Accepted"
    NOT_TAKEN_FORWARD = "not-taken-forward", "Not taken forward"
    DONE = "done", "Done"


class Idea(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150)
    description = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=100, blank=True)
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    status = models.CharField(max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    support_count = models.PositiveIntegerField(default=0)
    pb_project = models.ForeignKey(
        "budgeting.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sprint = models.ForeignKey(
        "sprints.Sprint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["process", "-created_at"]),
            # Who has taken part, by area (the representation page): counted from the index.
            models.Index(fields=["process", "area"], name="community_idea_area_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def shown_name(self) -> str:
        return shown_name(self.author_id, self.author, self.author_name, self.area)


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.idea_id}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.idea}"

    @property
    def shown_name(self) -> str:
        return shown_name(self.author_id, self.author, self.author_name)


class IdeaResponse(models.Model):
    """The council's answer to an idea, in public: what it decided and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    body = models.TextField()
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.idea_id}"


class Report(models.Model):
    """A resident reports an idea, comment, question or piece of feedback to the moderators."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Report: {self.reason}"


class Block(models.Model):
    """A person barred from posting in a place's community pages."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "user"], name="one_block")]

    def __str__(self) -> str:
        return f"Block of {self.user_id}"


# Forums -------------------------------------------------------------------------------------


class ForumKind(models.TextChoices):
    PANEL = "panel", "Sessions of a citizens' panel"
    OPEN = "open", "Open forum"
    ACCOUNTABILITY = "accountability", "Accountability forum"


class Forum(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="forums")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="forums"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    kind = models.CharField(max_length=16, choices=ForumKind.choices, default=ForumKind.OPEN)
    panel = models.ForeignKey(
        "panels.Panel", null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="forums")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Markdown.")
    questions_open = models.BooleanField(
        "collect questions beforehand",
        default=False,
        help_text="Residents can send questions for the council to answer at the forum.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    event = models.ForeignKey(
        "openness.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The event people register for.",
    )
    agenda = models.TextField(blank=True, help_text="Markdown.")
    minutes = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """An item in a session's evidence pack: a mission's indicator or any document."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    url = models.URLField("web address", blank=True)
    indicator = models.ForeignKey(
        "evidence.Indicator", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ResponseStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Accepted in part"
    NOT_ACCEPTED = "not-accepted", "Not accepted"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"


class Recommendation(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="recommendations")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Markdown.")
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    made_on = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.AWAITING
    )
    response = models.TextField("the council's response", blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="unique_recommendation")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Question(models.Model):
    """A resident's question for an accountability forum, answered by the council there."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


# Community grants ---------------------------------------------------------------------------


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", "Open for applications"
    ASSESSING = "assessing", "Assessing"
    AWARDED = "awarded", "Awards made"
    CLOSED = "closed", "Closed"


class Programme(TimeStamped):
    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="grant_programmes"
    )
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="grant_programmes"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes"
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Markdown.")
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    max_award = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    closes_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.OPEN
    )
    identifier_prefix = models.CharField(
        "360Giving prefix",
        max_length=60,
        default="360G-placecraft",
        help_text="Your 360Giving publisher prefix; grant identifiers start with it.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    max_score = models.PositiveSmallIntegerField(default=5)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Not funded"


class Application(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group_name = models.CharField("name of your group", max_length=200)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    contact_email = models.EmailField()
    title = models.CharField("project title", max_length=200)
    summary = models.TextField("what you will do")
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.group_name})"


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.amount}"


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "assessor"], name="one_score_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Award(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="award")
    identifier = models.CharField(max_length=120, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    awarded_on = models.DateField(default=timezone.localdate)
    conditions = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.identifier


class GrantReport(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    body = models.TextField("what happened")
    spent = models.DecimalField(max_digits=12, decimal_places=2)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"Report on {self.award_id}"


# Feedback on progress -----------------------------------------------------------------------


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


class Feedback(models.Model):
    """A resident's feedback on a mission's progress update; published after moderation."""

    update = models.ForeignKey(
        "missions.ProgressUpdate", on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    area = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Feedback on {self.update_id}"

    @property
    def shown_name(self) -> str:
        return shown_name(self.author_id, self.author, self.author_name, self.area)
