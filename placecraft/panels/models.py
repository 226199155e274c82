"""Citizens' panels: the pool of people who may be selected, the quotas, and each selection run.

The pool's answers to the stratification questions (``PoolMember``) are kept apart from their
contact details (``PoolContact``): the transparency report and the selection read only the
answers, and contact details can be purged or erased without touching the published results.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placecraft.core.models import TimeStamped, Visibility


class PanelStatus(models.TextChoices):
    RECRUITING = "recruiting", "Recruiting"
    READY = "ready", "Ready to select"
    SELECTED = "selected", "Selected"
    PURGED = "purged", "Pool data purged"


class SelectionMethod(models.TextChoices):
    LEXIMIN = "leximin", _("Leximin (the fairest)")
    MAXIMIN = "maximin", _("Maximin")


class Panel(TimeStamped):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="panels")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="panels"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the panel is for. Markdown.")
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="panels")
    size = models.PositiveIntegerField("panel size", default=30)
    status = models.CharField(
        max_length=12, choices=PanelStatus.choices, default=PanelStatus.RECRUITING
    )
    registration_open = models.BooleanField(
        default=False, help_text="Residents can volunteer through the public registration form."
    )
    household_columns = models.JSONField(
        default=list,
        blank=True,
        help_text="Address columns: at most one person per household is selected.",
    )
    # Chosen when the panel is set up, fixed once it is first drawn (services.update_panel).
    method = models.CharField(
        _("lottery method"),
        max_length=12,
        choices=SelectionMethod.choices,
        default=SelectionMethod.LEXIMIN,
        help_text=_(
            "Leximin makes the volunteers least likely to be chosen as likely as the quotas "
            "allow, then the next least likely, and so on. Maximin looks after only the least "
            "likely. Both meet every quota."
        ),
    )
    retention_days = models.PositiveIntegerField(
        default=365,
        help_text="Days after selection before contact details and unselected answers are purged.",
    )
    purged_at = models.DateTimeField(null=True, blank=True)
    # The pool's make-up as the public pages show it: {feature: {value: people}} for the
    # ``published_size`` people in the pool when it was last brought up to date. Volunteering
    # brings it up to date only each time the pool reaches a multiple of
    # services.PUBLISH_STEP, so one registration never shows (services.register_volunteer).
    published_size = models.PositiveIntegerField(default=0)
    published_makeup = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["place", "visibility"])]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """One quota: how many people with ``feature`` = ``value`` the panel must hold."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="categories")
    feature = models.CharField(max_length=100)
    value = models.CharField(max_length=100)
    min = models.PositiveIntegerField()
    max = models.PositiveIntegerField()
    min_flex = models.PositiveIntegerField(default=0)
    max_flex = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "feature", "value"], name="unique_panel_category"
            ),
            models.CheckConstraint(condition=models.Q(min__lte=models.F("max")), name="min_le_max"),
        ]

    def __str__(self) -> str:
        return f"{self.feature}: {self.value} ({self.min}–{self.max})"


class PoolSource(models.TextChoices):
    IMPORTED = "imported", "Imported"
    REGISTERED = "registered", "Registered online"


class PoolMember(models.Model):
    """A person in the pool, by a reference (the id column of an imported file, or one we give
    a volunteer) and their answers. No names or contact details here."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="pool")
    reference = models.CharField(max_length=64)
    features = models.JSONField(default=dict)
    # The normalised address, only to keep one person per household; blank when not given.
    household = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=12, choices=PoolSource.choices)
    row = models.PositiveIntegerField(default=0)
    selected = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    probability = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reference"], name="unique_pool_reference")
        ]
        indexes = [models.Index(fields=["panel", "selected"])]

    def __str__(self) -> str:
        return self.reference


class PoolTally(models.Model):
    """How many people in a panel's pool gave each combination of answers, kept by the database
    itself: triggers on the pool table (migration 0002) add and take away one for every insert,
    change and delete, whichever code or cascade makes it. Publishing a pool's make-up
    (services.publish_makeup) reads these few rows instead of grouping every person in the pool.

    A combination may be split over more than one row on SQLite (the answers are compared as
    written); whoever reads the rows adds them up by answer, so that changes nothing."""

    # No database constraint and no cascade: the triggers keep the rows, and take a row away
    # when its count falls to nought (so deleting a pool removes its rows).
    panel = models.ForeignKey(
        Panel, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    features = models.JSONField(default=dict)
    n = models.IntegerField()

    # Worked out from the pool: a place's archive leaves it out, and restoring the pool
    # rebuilds it (places/archive.py).
    derived = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "features"], name="panels_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.n} × {self.features}"


class PoolContact(models.Model):
    """How to reach a person in the pool, held apart from their answers."""

    member = models.OneToOneField(PoolMember, on_delete=models.CASCADE, related_name="contact")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_contacts",
    )
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Contact for {self.member}"


class SelectionKind(models.TextChoices):
    PANEL = "panel", "Panel selection"
    REPLACEMENT = "replacement", "Replacements"


class SelectionStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    INFEASIBLE = "infeasible", "Quotas cannot be met"
    FAILED = "failed", "Failed"


class SelectionRun(models.Model):
    """One lottery: requested on the web (and run by the worker) or from the command line.
    Everything the transparency report publishes is kept here."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="selections")
    kind = models.CharField(max_length=12, choices=SelectionKind.choices, default="panel")
    status = models.CharField(
        max_length=12, choices=SelectionStatus.choices, default=SelectionStatus.QUEUED
    )
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=60, blank=True)
    message = models.CharField(max_length=300, blank=True)
    current = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    withdrawn = models.JSONField(default=list, blank=True)
    selected = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField(default=dict, blank=True)
    quotas = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    pool_size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    software = models.CharField(max_length=200, blank=True)
    algorithm = models.CharField(max_length=20, default="maximin")
    # The distribution the panel was drawn from, in published form: {"groups": [[pool ids]],
    # "panels": [[[[group, count], …], probability], …]} (selection.py; docs/verify-a-panel.md).
    distribution = models.JSONField(default=dict, blank=True)
    # Why the panel is drawn again, or why people are replaced: copied onto the draw's record.
    reason = models.TextField(blank=True)
    # The seed published before this run was asked for, which the run had to use.
    seed_announcement = models.ForeignKey(
        "SeedAnnouncement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The fingerprint of the pool and quotas the run read (see services.pool_fingerprint).
    pool_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.panel} (seed {self.seed})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (SelectionStatus.QUEUED, SelectionStatus.RUNNING)

    @property
    def percent(self) -> int | None:
        if self.status == SelectionStatus.DONE:
            return 100
        if self.current is None or not self.total:
            return None
        return min(99, round(100 * self.current / self.total))


class SeedAnnouncement(models.Model):
    """A seed fixed and made public before a draw (a number read out at a meeting, tomorrow's
    lottery numbers…), so nobody can say it was chosen after seeing the result. The next draw of
    the panel must use it. Like draws, announcements are never changed (migration 0003)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="seed_announcements")
    seed = models.BigIntegerField()
    published_where = models.CharField(
        "where it was published", max_length=300, help_text="Where the seed was made public."
    )
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["announced_at", "id"]

    def __str__(self) -> str:
        return f"Seed {self.seed} for {self.panel}"


class Draw(models.Model):
    """One lottery that chose people for a panel: the first draw, a draw again (with its
    reason) or replacements. Written once when the draw is made and never changed: the database
    refuses any update except the account link being cleared when that account is erased
    (migration 0003). The transparency page lists every draw of a panel in order."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=SelectionKind.choices)
    run = models.OneToOneField(SelectionRun, on_delete=models.CASCADE, related_name="draw")
    seed = models.BigIntegerField()
    seed_announcement = models.ForeignKey(
        SeedAnnouncement, null=True, blank=True, on_delete=models.CASCADE, related_name="draws"
    )
    pool_hash = models.CharField(max_length=64)
    pool_size = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    algorithm = models.CharField(max_length=20)
    software = models.CharField(max_length=200, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_command_line = models.BooleanField(default=False)
    drawn_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    withdrawn = models.JSONField(default=list, blank=True)
    selected = models.JSONField(default=list)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="unique_panel_draw_number"),
        ]

    def __str__(self) -> str:
        return f"Draw {self.number} of {self.panel} (seed {self.seed})"

    @property
    def seed_published_before(self) -> bool:
        return self.seed_announcement_id is not None


class PopulationFigure(models.Model):
    """The place's population by a feature (area, age group…): what a panel and the people who
    take part are compared with. ``share`` is a percentage of the population."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="population_figures"
    )
    feature = models.CharField(max_length=100)
    value = models.CharField(max_length=100)
    share = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["feature", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "feature", "value"], name="unique_population_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feature}: {self.value} {self.share}%"
