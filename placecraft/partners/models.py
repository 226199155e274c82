"""System mobilisation: partners' profiles and contacts, their commitments to missions, funding
lines, grants (360Giving) and contracts (OCDS) aligned to missions, and data partners pool.

A partner is any ``places.Organisation``: this app adds a profile to it rather than a second list.
Commitments, funding lines, grants and contracts are owned content (an organisation and a
visibility), so the access functions in ``placecraft.places.access`` decide who sees them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from placecraft.core.models import TimeStamped, Visibility
from placecraft.partners.currencies import currency_problem

if TYPE_CHECKING:
    from placecraft.missions.models import Mission


def validate_currency(value: str) -> None:
    problem = currency_problem(value)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:] + ".")


class PartnerProfile(TimeStamped):
    """What a partner does and which missions it cares about; kept by its own admins."""

    organisation = models.OneToOneField(
        "places.Organisation", on_delete=models.CASCADE, related_name="partner_profile"
    )
    what_we_do = models.TextField("what we do", blank=True)
    what_we_offer = models.TextField(
        "what we can offer the missions",
        blank=True,
        help_text="People, places, data, money or know-how you could bring.",
    )
    missions_of_interest = models.ManyToManyField(
        "missions.Mission", blank=True, related_name="interested_partners"
    )

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"


class PartnerContact(TimeStamped):
    """A named person to talk to. Personal data: shown to people working in the place, and to
    everyone only when marked public; exported and erased with the person's account."""

    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="partner_contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField("role or job title", max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_public = models.BooleanField(
        "show on the public profile",
        default=False,
        help_text="Only with the person's agreement. Otherwise only members of organisations in "
        "the place see this contact.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_contacts",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "In progress"
    AT_RISK = "at-risk", "At risk"
    MET = "met", "Met"
    NOT_MET = "not-met", "Not met"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_COMMITMENT_STATUSES = (
    CommitmentStatus.PROPOSED,
    CommitmentStatus.ACTIVE,
    CommitmentStatus.AT_RISK,
)


class CommitmentSource(models.TextChoices):
    PARTNER = "partner", "Made by the partner"
    CONTRACT = "contract", "Social value in a contract"
    EVENT = "event", "Made at an event"


#: The GOV.UK tag colour of each state (blue for one in progress).
STATUS_TAGS: dict[str, str] = {
    CommitmentStatus.MET: "govuk-tag--green",
    CommitmentStatus.AT_RISK: "govuk-tag--orange",
    CommitmentStatus.NOT_MET: "govuk-tag--red",
    CommitmentStatus.PROPOSED: "govuk-tag--light-blue",
    CommitmentStatus.WITHDRAWN: "govuk-tag--grey",
}


class Commitment(TimeStamped):
    """A partner's promise to act on a mission: what, by when, how success is measured and what
    it puts in. ``update_due`` is kept by the services so lists and reminders can find overdue
    commitments with one indexed query."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name="partner",
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="commitments"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    title = models.CharField("what we will do", max_length=200)
    description = models.TextField("more detail", blank=True)
    due_date = models.DateField("by when", null=True, blank=True)
    measure_of_success = models.TextField("how we will know it worked", blank=True)
    resources_pledged = models.TextField(
        "what we are putting in", blank=True, help_text="Money, staff time, buildings, data…"
    )
    pledged_amount = models.DecimalField(
        "money pledged", max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(max_length=3, default="GBP", validators=[validate_currency])
    status = models.CharField(
        max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_commitments",
        verbose_name="person responsible",
        help_text="Reminders go to this person, or to the partner's admins when empty.",
    )
    update_every_days = models.PositiveSmallIntegerField(
        "expected days between updates",
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    last_update_at = models.DateTimeField(null=True, blank=True)
    update_due = models.DateField(null=True, blank=True, db_index=True)
    source = models.CharField(
        max_length=16, choices=CommitmentSource.choices, default=CommitmentSource.PARTNER
    )
    contract = models.ForeignKey(
        "partners.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_value_commitments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["mission__title", "organisation__name", "title"]
        indexes = [
            # A mission's commitments, and the totals on the system map and the commitment list:
            # with the columns those add up included, the database can read them from the index
            # alone (once vacuumed) instead of fetching every visible commitment's whole row.
            models.Index(
                fields=["place", "mission", "organisation"],
                include=["visibility", "status", "pledged_amount", "currency"],
                name="partners_co_totals_idx",
            ),
            models.Index(fields=["place", "organisation"]),
            models.Index(fields=["status", "update_due"]),
            # The list's filter by status and its counts by status.
            models.Index(fields=["place", "status"]),
            # The list's default order, most recently updated first: a page is read from the
            # top of this index instead of sorting every visible commitment.
            models.Index(fields=["place", "-updated_at", "-id"], name="partners_co_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--blue")

    def next_update_due(self) -> date:
        since = self.last_update_at or self.created_at or timezone.now()
        return (since + timedelta(days=self.update_every_days)).date()

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.is_open
            and self.update_due is not None
            and self.update_due < (today or timezone.localdate())
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.organisation_id and self.place_id and self.organisation.place_id != self.place_id:
            errors["organisation"] = "The partner must be an organisation in this place."
        if self.mission_id and self.place_id and self.mission.place_id != self.place_id:
            errors["mission"] = "The mission must be one of this place's missions."
        if self.pledged_amount is not None and self.pledged_amount < 0:
            errors["pledged_amount"] = "Money pledged cannot be less than zero."
        if errors:
            raise ValidationError(errors)


class CommitmentUpdate(models.Model):
    """A dated progress report on a commitment, with its evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField("date", default=timezone.localdate)
    status = models.CharField(max_length=16, choices=CommitmentStatus.choices)
    progress = models.TextField("what has happened")
    evidence = models.TextField(
        "evidence", blank=True, help_text="What shows it: figures, a report, photos, a web link."
    )
    evidence_url = models.URLField("link to evidence", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.commitment} ({self.on})"


class CommitmentReminder(models.Model):
    """One reminder about one overdue update, to one person: the unique constraint is what stops
    a second run (even a simultaneous one) from reminding twice."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    due_key = models.CharField(max_length=20)  # the date the update fell due
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "due_key", "recipient"], name="unique_commitment_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder about {self.commitment_id} due {self.due_key}"


class Arrangement(models.TextChoices):
    SINGLE = "single", "Single funder"
    POOLED = "pooled", "Pooled fund"
    CO_FUNDED = "co-funded", "Co-funded"


class FundingLine(TimeStamped):
    """Money put behind missions: a budget line, a programme, a pooled fund."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name="recorded by",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    name = models.CharField(max_length=200)
    source = models.CharField(
        max_length=200, help_text="Where the money comes from, like “UK Shared Prosperity Fund”."
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP", validators=[validate_currency])
    period_start = models.DateField("from")
    period_end = models.DateField("to")
    arrangement = models.CharField(
        max_length=16, choices=Arrangement.choices, default=Arrangement.SINGLE
    )
    contributors = models.ManyToManyField(
        "places.Organisation",
        blank=True,
        related_name="funding_contributions",
        help_text="For pooled and co-funded lines: the organisations putting money in.",
    )
    missions = models.ManyToManyField("missions.Mission", related_name="funding_lines")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["source", "name"]
        indexes = [models.Index(fields=["place", "visibility"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The end of the period must be on or after its start."
        if self.amount is not None and self.amount < 0:
            errors["amount"] = "The amount cannot be less than zero."
        if errors:
            raise ValidationError(errors)


class DataImport(models.Model):
    """One file of grants or contracts, imported all or nothing."""

    class Kind(models.TextChoices):
        GRANTS = "360giving", "360Giving grants"
        CONTRACTS = "ocds", "OCDS contracts"

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=16)
    records = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"


class Grant(TimeStamped):
    """A grant as published in the 360Giving Data Standard. ``data`` keeps the whole original
    record so the export can give back everything the publisher said."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.CASCADE,
        related_name="imported_grants",
        verbose_name="imported by",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    data_import = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="grants"
    )
    identifier = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    description = models.TextField()
    currency = models.CharField(max_length=3, validators=[validate_currency])
    amount_awarded = models.DecimalField(max_digits=16, decimal_places=2)
    award_date = models.DateField()
    recipient_org_id = models.CharField("recipient organisation identifier", max_length=200)
    recipient_org_name = models.CharField("recipient organisation", max_length=300)
    funder_org_id = models.CharField("funding organisation identifier", max_length=200)
    funder_org_name = models.CharField("funding organisation", max_length=300)
    recipient_organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants_received",
        help_text="The organisation in the place that received it, when it is one.",
    )
    data = models.JSONField(default=dict)
    missions: models.ManyToManyField[Mission, GrantMission] = models.ManyToManyField(
        "missions.Mission", through="GrantMission", related_name="grants", blank=True
    )

    class Meta:
        ordering = ["-award_date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["place", "identifier"], name="unique_grant_identifier")
        ]
        indexes = [
            # The list's "grants by recipient" totals read only this index, already in group
            # order; lookups by place and recipient use it too.
            models.Index(
                fields=["place", "recipient_org_id", "recipient_org_name", "currency"],
                include=("visibility", "organisation", "amount_awarded"),
                name="partners_gr_recipients_idx",
            ),
            models.Index(fields=["place", "-award_date"]),
        ]

    def __str__(self) -> str:
        return self.title


class GrantRule(TimeStamped):
    """Link grants to a mission automatically: by a word in the title or description, by
    recipient or by funder (organisation identifier or name)."""

    class Kind(models.TextChoices):
        KEYWORD = "keyword", "A word or phrase in the title or description"
        RECIPIENT = "recipient", "The recipient (identifier or name)"
        FUNDER = "funder", "The funder (identifier or name)"

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="grant_rules"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["mission__title", "kind", "value"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value} → {self.mission}"

    def matches(self, grant: Grant) -> bool:
        needle = self.value.strip().casefold()
        if not needle:
            return False
        if self.kind == self.Kind.KEYWORD:
            return needle in f"{grant.title} {grant.description}".casefold()
        if self.kind == self.Kind.RECIPIENT:
            return needle in (
                grant.recipient_org_id.casefold(),
                grant.recipient_org_name.casefold(),
            )
        return needle in (grant.funder_org_id.casefold(), grant.funder_org_name.casefold())


class GrantMission(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="mission_links")
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="grant_links"
    )
    rule = models.ForeignKey(
        GrantRule, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )  # empty when linked by hand

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grant", "mission"], name="unique_grant_mission")
        ]

    def __str__(self) -> str:
        return f"{self.grant_id} → {self.mission_id}"


class Contract(TimeStamped):
    """A contracting process from an OCDS release (or a record's compiled release)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation",
        on_delete=models.CASCADE,
        related_name="imported_contracts",
        verbose_name="imported by",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    data_import = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    ocid = models.CharField("OCID", max_length=200)
    release_id = models.CharField(max_length=200)
    release_date = models.DateTimeField()
    tags = models.JSONField(default=list)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    buyer_name = models.CharField(max_length=300, blank=True)
    supplier_names = models.JSONField(default=list)
    value_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=40, blank=True)
    social_value = models.TextField(
        blank=True, help_text="Social value the supplier offered, from the release's data."
    )
    data = models.JSONField(default=dict)
    missions = models.ManyToManyField("missions.Mission", related_name="contracts", blank=True)

    class Meta:
        ordering = ["-release_date", "title"]
        constraints = [models.UniqueConstraint(fields=["place", "ocid"], name="unique_contract")]
        indexes = [models.Index(fields=["place", "-release_date"])]

    def __str__(self) -> str:
        return self.title


class DataContribution(models.Model):
    """A partner pooling figures into a mission's indicator through the evidence import.

    The evidence app's observations have no field saying who supplied them, so attribution lives
    here: which partner sent which file into which indicator, and what it covered."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.CASCADE, related_name="data_contributions"
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="data_contributions"
    )
    indicator = models.ForeignKey(
        "evidence.Indicator", on_delete=models.CASCADE, related_name="partner_contributions"
    )
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    replaced = models.PositiveIntegerField(default=0)
    geographies = models.PositiveIntegerField(default=0)
    first_period = models.CharField(max_length=7, blank=True)
    last_period = models.CharField(max_length=7, blank=True)
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contributed_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.indicator} ({self.rows} rows)"


class CommitmentTally(models.Model):
    """How many commitments each mission has in each state and visibility, kept by the
    database itself: triggers on the commitments table (migration 0006) add and take away one
    for every insert, change and delete, whichever code or cascade makes it. Pages that count a
    mission's commitments read a few of these rows instead of counting thousands.

    Read through ``access.commitment_counts``, which adds the commitments only their own
    organisation can see."""

    # No database constraints and no cascades: the triggers keep the rows, and take a row away
    # when its count falls to nought (so deleting a mission's commitments removes its rows).
    place = models.ForeignKey(
        "places.Place", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(max_length=16, choices=CommitmentStatus.choices)
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    n = models.IntegerField()

    # Worked out from the commitments: a place's archive leaves it out, and restoring the
    # commitments rebuilds it (places/archive.py).
    derived = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "status", "visibility"], name="partners_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.status} {self.visibility}: {self.n}"
