"""Evidence: indicators, their observations, and the targets and trajectories a mission sets
against them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from placecraft.core.models import TimeStamped, Visibility
from placecraft.places import gss


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    ANNUAL = "annual", "Every year"
    FINANCIAL_YEAR = "financial-year", "Every financial year"
    QUARTERLY = "quarterly", "Every quarter"
    MONTHLY = "monthly", "Every month"
    OCCASIONAL = "occasional", "Occasionally"


# Days after the end of the latest period before the data counts as out of date: the usual
# publication lag plus one period. Operators can override these in settings.
DEFAULT_STALE_AFTER_DAYS = {
    Frequency.ANNUAL: 730,
    Frequency.FINANCIAL_YEAR: 730,
    Frequency.QUARTERLY: 270,
    Frequency.MONTHLY: 120,
    Frequency.OCCASIONAL: 1460,
}


class Category(models.TextChoices):
    WELLBEING = "wellbeing", "Wellbeing"
    HEALTH = "health", "Health"
    ENVIRONMENT = "environment", "Environment"
    ECONOMY = "economy", "Economy"
    INCLUSION = "inclusion", "Inclusion"
    EDUCATION = "education", "Education and skills"
    COMMUNITY = "community", "Community and place"


class GeographyLevel(models.TextChoices):
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    COMBINED_AUTHORITY = "combined-authority", "Combined or strategic authority"
    WARD = "ward", "Electoral ward"
    MSOA = "msoa", "Middle layer super output area"
    LSOA = "lsoa", "Lower layer super output area"
    REGION = "region", "Region"
    COUNTRY = "country", "Country"


class Indicator(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="indicators")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name="owner organisation",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    definition = models.TextField()
    unit = models.CharField(
        max_length=60, help_text="For example “%”, “years”, “tonnes CO₂e per person”."
    )
    direction = models.CharField("direction of good", max_length=8, choices=Direction.choices)
    source = models.CharField(max_length=300, blank=True)
    source_url = models.URLField("source web address", blank=True)
    geography_level = models.CharField(max_length=24, choices=GeographyLevel.choices)
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.ANNUAL)
    category = models.CharField(max_length=16, choices=Category.choices)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    catalogue_key = models.SlugField(
        max_length=80, blank=True, help_text="Set when added from the starter catalogue."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_indicator_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stale_after_days(self) -> int:
        return stale_after_days(self.frequency)

    def data_is_stale(self, latest_period_end: date | None, today: date | None = None) -> bool:
        return data_is_stale(self.frequency, latest_period_end, today)

    def format(self, value: float | None) -> str:
        return format_value(value, self.decimal_places)


def stale_after_days(frequency: str) -> int:
    overrides: dict[str, int] = getattr(settings, "PLACECRAFT_STALE_DATA_DAYS", {})
    return overrides.get(frequency, DEFAULT_STALE_AFTER_DAYS[frequency])  # type: ignore[index]


def data_is_stale(
    frequency: str, latest_period_end: date | None, today: date | None = None
) -> bool:
    """Whether an indicator of this frequency whose latest figure ends then is out of date (for
    pages that read indicators as plain rows; ``Indicator.data_is_stale`` for instances)."""
    if latest_period_end is None:
        return False
    return ((today or timezone.localdate()) - latest_period_end).days > stale_after_days(frequency)


def format_value(value: float | None, decimal_places: int) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimal_places}f}"


class Observation(models.Model):
    """One figure: an indicator's value for one area (GSS code) and one period.

    ``period`` is the canonical form (``2023``, ``2023-04``, ``2023-Q2``, ``2023/24``); the
    start and end dates let figures of any period be placed on a time axis."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    geography_code = models.CharField(max_length=9)
    period = models.CharField(max_length=7)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField()
    lower = models.FloatField(
        null=True, blank=True, help_text="Lower end of the confidence interval."
    )
    upper = models.FloatField(
        null=True, blank=True, help_text="Upper end of the confidence interval."
    )

    class Meta:
        ordering = ["indicator", "geography_code", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "geography_code", "period"], name="unique_observation"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "geography_code", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.geography_code} {self.period}: {self.value}"


class Trajectory(models.TextChoices):
    LINEAR = "linear", "Linear: a straight line from the baseline to each target"
    STEPPED = "stepped", "Stepped: each target holds until the next one is due"


class MissionIndicator(TimeStamped):
    """An indicator a mission tracks, for one area, with its baseline and how it should move."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="mission_indicators"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mission_links")
    geography_code = models.CharField(
        "area (GSS code)", max_length=9, help_text="The area the mission tracks, like E47000001."
    )
    headline = models.BooleanField(
        "headline indicator",
        default=True,
        help_text="Headline indicators appear on the public mission page with their charts.",
    )
    baseline_period = models.CharField(max_length=7, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    trajectory = models.CharField(
        max_length=8, choices=Trajectory.choices, default=Trajectory.LINEAR
    )
    tolerance_percent = models.PositiveSmallIntegerField(
        default=10,
        help_text="How far behind the trajectory still counts as close, as a percentage of the "
        "distance from baseline to target.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "indicator", "geography_code"], name="unique_mission_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} for {self.mission}"

    def clean(self) -> None:
        problem = gss.gss_problem(self.geography_code or "")
        if problem:
            raise ValidationError({"geography_code": problem})


class Target(models.Model):
    """A value the mission aims for by a date. Several targets make milestones."""

    mission_indicator = models.ForeignKey(
        MissionIndicator, on_delete=models.CASCADE, related_name="targets"
    )
    period = models.CharField(
        max_length=7, help_text="The period the target is for, like 2030 or 2030/31."
    )
    due = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["mission_indicator", "period"], name="unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.value} by {self.period}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Checking"
    CHECKED = "checked", "Checked: ready to import"
    REJECTED = "rejected", "Has problems"
    IMPORT_QUEUED = "import-queued", "Waiting to import"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


class PendingImport(TimeStamped):
    """An uploaded CSV on its way in: checked by a background task, previewed, confirmed by the
    person who uploaded it, then imported by a second task.

    The tasks record progress here (``rows_done`` of ``row_count``) every few thousand rows, so
    the progress page can show how far they have got without touching the observations."""

    RUNNING = (
        ImportStatus.QUEUED,
        ImportStatus.CHECKING,
        ImportStatus.IMPORT_QUEUED,
        ImportStatus.IMPORTING,
    )

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="pending_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # Rows of figures in the file (its lines less the header; exact once checked), and how many
    # the running task has read so far.
    row_count = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # What the check found: the totals and the first rows (see services.summary_of), and the
    # first problems with their row numbers ({"row", "message"}) and how many there were in all.
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.row_count:
            return 0
        return min(100, self.rows_done * 100 // self.row_count)
