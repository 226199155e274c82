"""Participatory budgeting: rounds, their projects, ballots, voting codes, paper ballots and
counted results.

Rules that belong to one model live here: the ballot settings that lock once voting opens
(:meth:`Round.clean`), and the database constraints that make "one person, one ballot" true
whatever a form or a race does (one ballot per voter per round, one ballot per voting code, one
ballot per confirmed paper entry, a paper entry confirmed by a second officer).

A round belongs to a place and an owner organisation. Issue 8 may add participatory processes
that rounds sit inside; the link will be a nullable foreign key added then, so rounds made
before it keep working. Until then a round stands on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from placecraft.core.models import TimeStamped, Visibility


class Phase(models.TextChoices):
    IDEAS = "ideas", "Ideas"
    FEASIBILITY = "feasibility", "Feasibility and costing"
    VOTING = "voting", "Voting"
    COUNTING = "counting", "Counting"
    RESULTS = "results", "Results"
    DELIVERY = "delivery", "Delivery"


PHASE_ORDER = [choice.value for choice in Phase]


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


class BallotType(models.TextChoices):
    APPROVAL = "approval", "Approval: choose projects you support"
    KNAPSACK = "knapsack", "Knapsack: choose projects whose costs fit within the budget"
    CUMULATIVE = "cumulative", "Cumulative: share out points between projects"
    # Only for rounds imported from pabulib files; residents never vote this way here.
    ORDINAL = "ordinal", "Ranked (imported rounds only)"


class Rule(models.TextChoices):
    MES = "mes", "Method of Equal Shares, with the standard completion"
    GREEDY = "greedy", "Greedy: most votes first, skipping what does not fit"
    GREEDY_THRESHOLD = "greedy-threshold", "Greedy with a minimum score"
    GREEDY_NO_SKIP = "greedy-no-skip", "Greedy, stopping at the first project that does not fit"
    # The rule an imported file names in its META, with its parameters.
    RECORDED = "recorded", "The rule recorded in the imported file"


class TieBreakOrder(models.TextChoices):
    """How exact ties are settled (see ``counting.TieBreak``): the criteria, in order."""

    SUPPORTERS_COST_DRAW = (
        "supporters,cost,seed",
        _("More supporters first, then lower cost, then the order drawn from the seed"),
    )
    COST_SUPPORTERS_DRAW = (
        "cost,supporters,seed",
        _("Lower cost first, then more supporters, then the order drawn from the seed"),
    )
    DRAW = "seed", _("The order drawn from the seed alone")
    PROJECT_NUMBER = "id", _("Project number, lowest first (numbers compared as numbers)")


def new_tie_seed() -> str:
    """A seed for drawing the tie-break order: a random number anyone can read out."""
    return str(secrets.randbelow(10**9)).zfill(9)


class CountStatus(models.TextChoices):
    NOT_STARTED = "", "Not started"
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Counting"
    DONE = "done", "Counted"
    FAILED = "failed", "Failed"


class Round(TimeStamped):
    """One participatory budget: the money, the area, the phases and the ballot's rules."""

    # Settings that decide how ballots are cast and counted: they lock when voting opens, so
    # nobody can change the rules under voters' feet (CONSUL #5321: switching the ballot type
    # mid-vote let voters overspend).
    LOCKED_FIELDS = (
        "ballot_type",
        "min_choices",
        "max_choices",
        "points_per_voter",
        "max_points_per_project",
        "rule",
        "min_score",
        "budget",
        "tie_break",
        "tie_seed",
    )

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="pb_rounds")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, related_name="pb_rounds"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    missions = models.ManyToManyField("missions.Mission", blank=True, related_name="pb_rounds")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="What the money is for. You can use Markdown.")
    budget = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    area_name = models.CharField(
        "area", max_length=150, blank=True, help_text="The area the budget covers."
    )
    areas = models.JSONField(
        default=list,
        blank=True,
        help_text="Neighbourhoods voters can say they belong to, for results per area.",
    )
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.IDEAS)
    ideas_from = models.DateField(null=True, blank=True)
    feasibility_from = models.DateField(null=True, blank=True)
    voting_from = models.DateField(null=True, blank=True)
    voting_until = models.DateField(null=True, blank=True)
    results_from = models.DateField(null=True, blank=True)
    delivery_from = models.DateField(null=True, blank=True)

    ballot_type = models.CharField(
        max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    min_choices = models.PositiveIntegerField(default=1)
    max_choices = models.PositiveIntegerField(null=True, blank=True)
    points_per_voter = models.PositiveIntegerField(null=True, blank=True)
    max_points_per_project = models.PositiveIntegerField(null=True, blank=True)
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.MES)
    min_score = models.PositiveIntegerField(
        default=0, help_text="For greedy with a minimum score: the fewest votes a winner needs."
    )
    # Published on the "how we counted" page, and locked with the rule when voting opens.
    tie_break = models.CharField(
        _("how exact ties are settled"),
        max_length=40,
        choices=TieBreakOrder.choices,
        default=TieBreakOrder.SUPPORTERS_COST_DRAW,
    )
    tie_seed = models.CharField(
        _("seed for the drawn order"),
        max_length=100,
        default=new_tie_seed,
        help_text=_(
            "Published with the results so anyone can redraw the order. You may replace it with "
            "a number announced in advance."
        ),
    )
    allow_changes = models.BooleanField(
        "voters may change their ballot until voting closes", default=True
    )
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)

    count_status = models.CharField(
        max_length=10, choices=CountStatus.choices, default=CountStatus.NOT_STARTED, blank=True
    )
    count_progress = models.PositiveSmallIntegerField(default=0)
    count_message = models.CharField(max_length=300, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    count_seconds = models.FloatField(null=True, blank=True)
    # Figures from the count that explain it (share of voters with a winner, per area, MES's
    # per-voter budget and completion steps): computed once by the count, read by the pages.
    count_summary = models.JSONField(default=dict, blank=True)

    # pabulib META of an imported round (or empty), kept for recounts and export.
    pabulib_meta = models.JSONField(default=dict, blank=True)
    imported_from = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="pb_round_budget_positive"),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=F("min_choices")),
                name="pb_round_choices_in_order",
            ),
            models.CheckConstraint(
                condition=Q(voting_from__isnull=True)
                | Q(voting_until__isnull=True)
                | Q(voting_until__gte=F("voting_from")),
                name="pb_round_voting_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.VOTING

    @property
    def is_locked(self) -> bool:
        """Voting has opened at some point: the ballot settings can no longer change."""
        return phase_index(self.phase) >= phase_index(Phase.VOTING)

    @property
    def is_closed(self) -> bool:
        """Voting is over: counts may be shown."""
        return phase_index(self.phase) > phase_index(Phase.VOTING)

    @property
    def has_results(self) -> bool:
        return self.is_closed and self.count_status == CountStatus.DONE

    def locked_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.LOCKED_FIELDS}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ballot_type == BallotType.CUMULATIVE and not self.points_per_voter:
            errors["points_per_voter"] = "Say how many points each voter can share out."
        if (
            self.max_choices is not None
            and self.min_choices is not None
            and self.max_choices < self.min_choices
        ):
            errors["max_choices"] = "The most projects must be at least the fewest."
        if self.voting_from and self.voting_until and self.voting_until < self.voting_from:
            errors["voting_until"] = "Voting must close on or after the day it opens."
        if self.pk:
            stored = Round.objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS, "phase").first()
            if stored and phase_index(stored["phase"]) >= phase_index(Phase.VOTING):
                for name in self.LOCKED_FIELDS:
                    if stored[name] != getattr(self, name):
                        errors[name] = (
                            "This cannot change: it was locked when voting opened, so every "
                            "ballot is cast and counted under the same rules."
                        )
        if errors:
            raise ValidationError(errors)

    @property
    def vote_type(self) -> str:
        """The pabulib vote type of this round's ballots."""
        if self.ballot_type == BallotType.CUMULATIVE:
            return "cumulative"
        if self.ballot_type == BallotType.ORDINAL:
            return "ordinal"
        return "approval"


class Feasibility(models.TextChoices):
    PENDING = "pending", "Not yet assessed"
    FEASIBLE = "feasible", "Feasible"
    NOT_FEASIBLE = "not-feasible", "Not feasible"


class Project(TimeStamped):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="projects")
    # The project's id in pabulib files; ties by project number compare it as a number.
    reference = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="You can use Markdown.")
    cost = models.PositiveBigIntegerField(help_text="In whole units of the round's currency.")
    category = models.CharField(max_length=150, blank=True)
    area = models.CharField(max_length=150, blank=True)
    location = models.CharField(
        max_length=300, blank=True, help_text="Where it would happen, in words."
    )
    feasibility = models.CharField(
        max_length=12, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    feasibility_reason = models.TextField(
        blank=True, help_text="Shown to the public: why the project is or is not feasible."
    )
    # Other columns of an imported pabulib file, and the outcome the file recorded.
    pabulib_extra = models.JSONField(default=dict, blank=True)
    recorded_selected = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "reference"], name="unique_pb_project_ref"),
            models.CheckConstraint(condition=Q(cost__gt=0), name="pb_project_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def on_ballot(self) -> bool:
        return self.feasibility == Feasibility.FEASIBLE

    def clean(self) -> None:
        if self.feasibility == Feasibility.NOT_FEASIBLE and not self.feasibility_reason.strip():
            raise ValidationError(
                {"feasibility_reason": "Say why the project is not feasible: residents see it."}
            )


class CodeBatch(models.Model):
    """Voting codes issued together, for a letter drop or an event. Only hashes are kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="code_batches")
    label = models.CharField(max_length=150)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "code batches"

    def __str__(self) -> str:
        return f"{self.label} ({self.size} codes)"


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper by people
CODE_LENGTH = 12


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    """Keyed with SECRET_KEY so a stolen database alone cannot be searched for codes."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class VotingCode(models.Model):
    """A one-use code: whoever holds it may cast one ballot, without an account."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Voting code {self.pk}"


class Channel(models.TextChoices):
    ACCOUNT = "account", "Online, signed in"
    CODE = "code", "Online, with a voting code"
    PAPER = "paper", "Paper ballot"
    IMPORTED = "imported", "Imported"


class Connection(models.TextChoices):
    LIVE = "live", "I live in the area"
    WORK = "work", "I work in the area"
    STUDY = "study", "I study in the area"


class PaperStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a second officer"
    CONFIRMED = "confirmed", "Confirmed and counted"
    REJECTED = "rejected", "Rejected"


class PaperEntry(TimeStamped):
    """A paper ballot typed in by one officer; it counts once a second officer confirms it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    serial = models.CharField("ballot paper number", max_length=60)
    projects = models.JSONField(default=list)
    points = models.JSONField(null=True, blank=True)
    area = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=10, choices=PaperStatus.choices, default=PaperStatus.PENDING
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "paper entries"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "serial"],
                condition=~Q(status="rejected"),
                name="unique_pb_paper_serial",
            ),
            # The second officer must be a different person from the one who typed it in.
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("entered_by")),
                name="pb_paper_two_officers",
            ),
        ]

    def __str__(self) -> str:
        return f"Paper ballot {self.serial}"


class Ballot(models.Model):
    """One voter's choices. ``projects`` holds project ids in the voter's order; ``points`` is
    parallel to it for cumulative ballots. Stored as JSON on one row so a ballot is replaced in
    one atomic update, and a city's 60,000 ballots import in one bulk insert."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pb_ballots",
    )
    code = models.OneToOneField(
        VotingCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="ballot"
    )
    paper_entry = models.OneToOneField(
        PaperEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="ballot"
    )
    projects = models.JSONField(default=list)
    points = models.JSONField(null=True, blank=True)
    # Self-declared eligibility, recorded with the ballot.
    area = models.CharField(max_length=150, blank=True)
    connection = models.CharField(max_length=8, choices=Connection.choices, blank=True)
    confirmed_age = models.BooleanField(default=False)
    external_id = models.CharField(max_length=60, blank=True)  # pabulib voter_id
    extra = models.JSONField(default=dict, blank=True)  # other pabulib voter columns
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # One person, one ballot: enforced here, whatever the form or a race does.
            models.UniqueConstraint(
                fields=["round", "voter"],
                condition=Q(voter__isnull=False),
                name="unique_pb_ballot_per_voter",
            ),
            models.UniqueConstraint(
                fields=["round", "external_id"],
                condition=~Q(external_id=""),
                name="unique_pb_ballot_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"Ballot {self.pk} in {self.round_id}"


class ProjectResult(models.Model):
    """How a project fared under one rule: the round's own rule, and greedy beside it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    rule = models.CharField(max_length=40)
    is_main = models.BooleanField(default=True)
    votes = models.PositiveIntegerField()
    score = models.PositiveBigIntegerField()
    selected = models.BooleanField()
    position = models.PositiveIntegerField(null=True, blank=True)
    effective_votes = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=60)
    reason = models.CharField(max_length=400)

    class Meta:
        ordering = ["project_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "is_main"], name="unique_pb_result"),
        ]

    def __str__(self) -> str:
        return f"{self.project} under {self.rule}"
