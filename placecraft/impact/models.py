"""Impact in uncertainty: the risk register (acting and not acting, side by side), the learning
log's themes and origins, and the resource library.

The learning entries themselves are the sprints app's general ``Learning`` model (see
docs/decisions and placecraft/sprints/models.py); this app adds what the log needs on top of it —
where an entry came from beyond sprints (a forum, a project, a progress update) and its themes —
in a one-to-one companion, so the two apps never write each other's tables.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from placecraft.core.models import TimeStamped, Visibility

# --- Risks -----------------------------------------------------------------------------------

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


class Appetite(models.TextChoices):
    """How much risk the organisation is willing to take in pursuit of this mission."""

    AVERSE = "averse", "Averse: avoid risk wherever possible"
    MINIMAL = "minimal", "Minimal: only the safest options"
    CAUTIOUS = "cautious", "Cautious: some risk for clear benefit"
    OPEN = "open", "Open: willing to try options with more risk for more benefit"
    EAGER = "eager", "Eager: actively seek innovation and accept the risks"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def band(score: int) -> tuple[str, str]:
    """A 5×5 score as a band: (label, GOV.UK tag colour)."""
    if score >= 15:
        return "High", "red"
    if score >= 8:
        return "Medium", "orange"
    if score >= 4:
        return "Low", "yellow"
    return "Very low", "green"


class Risk(TimeStamped):
    """A decision the place faces, with the risk of acting on it and the risk of not acting,
    each scored for likelihood and impact on the same 5×5 scale so they can be weighed."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="risks")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="risks"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
        help_text="Leave empty for a risk to the organisation as a whole.",
    )
    title = models.CharField(max_length=200, help_text="The decision or change at stake.")
    acting = models.TextField("the risk of acting", help_text="What could go wrong if we act.")
    acting_likelihood = models.PositiveSmallIntegerField(
        "likelihood if we act", validators=SCALE, default=3
    )
    acting_impact = models.PositiveSmallIntegerField(
        "impact if we act", validators=SCALE, default=3
    )
    not_acting = models.TextField(
        "the risk of not acting", help_text="What could go wrong, or get worse, if we do not act."
    )
    not_acting_likelihood = models.PositiveSmallIntegerField(
        "likelihood if we do not act", validators=SCALE, default=3
    )
    not_acting_impact = models.PositiveSmallIntegerField(
        "impact if we do not act", validators=SCALE, default=3
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
        help_text="The person who reviews this risk and is reminded when a review is due.",
    )
    mitigations = models.TextField(blank=True, help_text="What we are doing about it. Markdown.")
    appetite = models.CharField(
        "risk appetite", max_length=16, choices=Appetite.choices, default=Appetite.CAUTIOUS
    )
    review_date = models.DateField("next review")
    last_reviewed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        ordering = ["review_date", "title"]
        indexes = [
            models.Index(fields=["place", "status", "review_date"]),
            models.Index(fields=["mission", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acting_likelihood__gte=1, acting_likelihood__lte=5)
                & models.Q(acting_impact__gte=1, acting_impact__lte=5)
                & models.Q(not_acting_likelihood__gte=1, not_acting_likelihood__lte=5)
                & models.Q(not_acting_impact__gte=1, not_acting_impact__lte=5),
                name="risk_scores_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.organisation_id and self.place_id and self.organisation.place_id != self.place_id:
            raise ValidationError({"organisation": "Choose an organisation in this place."})
        if self.mission is not None and self.place_id and self.mission.place_id != self.place_id:
            raise ValidationError({"mission": "Choose a mission in this place."})

    @property
    def acting_score(self) -> int:
        return self.acting_likelihood * self.acting_impact

    @property
    def not_acting_score(self) -> int:
        return self.not_acting_likelihood * self.not_acting_impact

    @property
    def acting_band(self) -> tuple[str, str]:
        return band(self.acting_score)

    @property
    def not_acting_band(self) -> tuple[str, str]:
        return band(self.not_acting_score)

    @property
    def balance(self) -> str:
        """Which side weighs more, in words."""
        if self.not_acting_score > self.acting_score:
            return "Not acting is the bigger risk"
        if self.acting_score > self.not_acting_score:
            return "Acting is the bigger risk"
        return "The risks are evenly balanced"

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status == RiskStatus.OPEN and self.review_date < (today or timezone.localdate())


class RiskReminder(models.Model):
    """One reminder per risk, review date and person, so a review is never nagged about twice
    even when the reminders run twice at once."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reminders")
    review_date = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "review_date", "recipient"], name="unique_risk_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.risk} due {self.review_date}"


# --- Learning log ----------------------------------------------------------------------------


class Theme(models.Model):
    """A theme learning entries are tagged with, such as "data sharing" or "procurement"."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_learning_theme"),
        ]

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    """Where the learning came from: the sources the log gathers from, sprints among them."""

    SPRINT = "sprint", "A sprint"
    FORUM = "forum", "A forum or community event"
    PROJECT = "project", "A project"
    UPDATE = "update", "A mission progress update"
    EXERCISE = "exercise", "A self-assessment or survey"
    OTHER = "other", "Somewhere else"


class LearningTags(models.Model):
    """What the learning log adds to a sprints ``Learning`` entry: its origin and themes."""

    learning = models.OneToOneField(
        "sprints.Learning", on_delete=models.CASCADE, related_name="log_tags"
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.OTHER)
    origin_label = models.CharField(
        "name of the source",
        max_length=200,
        blank=True,
        help_text="For example the forum's or project's name.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="learnings")

    class Meta:
        verbose_name = "learning log tags"
        verbose_name_plural = "learning log tags"

    def __str__(self) -> str:
        return f"Tags of {self.learning_id}"


# --- Resource library ------------------------------------------------------------------------


class ResourceCategory(models.TextChoices):
    """The toolkit's background reading themes, as starting categories."""

    THEORY = "missions-theory", "Missions theory and setting missions"
    WAYS_OF_WORKING = "ways-of-working", "Mission-led ways of working"
    CASE_STUDIES = "case-studies", "International case studies"
    OTHER = "other", "Other reading"


class ResourceKind(models.TextChoices):
    READING = "reading", "Reading"
    CASE_STUDY = "case-study", "Case study"
    TOOL = "tool", "Tool or guide"


class Resource(TimeStamped):
    """A reading or case study. ``place`` is empty for the starter list every place sees;
    organisations add their own, with a visibility like any other content."""

    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    category = models.CharField(max_length=20, choices=ResourceCategory.choices)
    kind = models.CharField(
        max_length=12, choices=ResourceKind.choices, default=ResourceKind.READING
    )
    title = models.CharField(max_length=250)
    author = models.CharField("author or publisher", max_length=250)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField("web address", blank=True)
    summary = models.TextField(help_text="What it says and why it helps, in your own words.")
    starter_key = models.SlugField(max_length=80, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category", "title"]

    def __str__(self) -> str:
        return self.title


class ResourceToolset(models.Model):
    """A resource's toolset tags as rows, so filtering by toolset is a plain join on SQLite and
    PostgreSQL alike."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="toolset_tags")
    toolset = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "toolset"], name="unique_resource_toolset"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} in toolset {self.toolset}"
