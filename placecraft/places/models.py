"""The spine: a place, its organisations, and people's memberships of them."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placecraft.core.models import TimeStamped

if TYPE_CHECKING:
    from placecraft.accounts.models import User
from placecraft.places import gss

HEX_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
HEX_COLOUR = RegexValidator(HEX_PATTERN, "Enter a colour as # and six hex digits, like #1d70b8.")


def _relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_relative_luminance(hex_colour) + 0.05)


class Place(TimeStamped):
    """A geography that works through missions; everything else is scoped to one place."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=60, unique=True)
    gss_codes = models.JSONField(
        "GSS codes",
        default=list,
        blank=True,
        help_text="ONS codes of the areas the place covers.",
    )
    brand_colour = models.CharField(max_length=7, default="#1d70b8", validators=[HEX_COLOUR])
    logo = models.ImageField(upload_to="logos/", blank=True)
    logo_alt = models.CharField("logo description", max_length=150, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Marks every page of the place as illustrative data."
    )
    admins: models.ManyToManyField[User, PlaceAdmin] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PlaceAdmin", related_name="place_admin_of", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for code in self.gss_codes or []:
            problem = gss.gss_problem(str(code))
            if problem:
                errors["gss_codes"] = problem
                break
        if self.brand_colour and HEX_PATTERN.match(self.brand_colour):
            ratio = contrast_with_white(self.brand_colour)
            if ratio < 4.5:
                errors["brand_colour"] = (
                    f"White text on {self.brand_colour} has a contrast ratio of {ratio:.1f}:1; "
                    "choose a darker colour (at least 4.5:1) so the header stays readable."
                )
        if self.logo and not self.logo_alt:
            errors["logo_alt"] = "Describe the logo for people who cannot see it."
        if errors:
            raise ValidationError(errors)


class PlaceAdmin(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "user"], name="unique_place_admin")]

    def __str__(self) -> str:
        return f"{self.user} administers {self.place}"


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    STRATEGIC_AUTHORITY = "strategic-authority", "Strategic authority"
    PUBLIC_SECTOR_BODY = "public-sector-body", "Public sector body"
    VCSE = "vcse", "Voluntary, community or social enterprise (VCSE)"
    COMMUNITY_GROUP = "community-group", "Community group"
    SME = "sme", "Small or medium business"
    LARGE_BUSINESS = "large-business", "Large business or employer"
    UNIVERSITY = "university", "University or research organisation"
    FUNDER = "funder", "Funder"


_GSS_RULES: dict[str, dict[str, str] | None] = {
    OrganisationKind.COUNCIL: gss.COUNCIL_PREFIXES,
    OrganisationKind.STRATEGIC_AUTHORITY: gss.STRATEGIC_AUTHORITY_PREFIXES,
}


class Organisation(TimeStamped):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        blank=True,
        help_text="For councils and strategic authorities: the ONS code, like E06000014.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="unique_organisation_slug"),
            models.UniqueConstraint(fields=["place", "name"], name="unique_organisation_name"),
        ]
        # The first few of each kind by name (the scoping comparison's examples), read in this
        # order rather than sorted: thousands of organisations in a large authority.
        indexes = [
            models.Index(fields=["place", "kind", "name", "id"], name="places_org_kind_idx"),
            # The few with an area code (the councils and authorities), by name, for the names
            # of the areas figures are given for: without it every partner is read to find them.
            models.Index(
                fields=["place", "name"],
                condition=~models.Q(gss_code=""),
                name="places_org_area_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_authority(self) -> bool:
        return self.kind in (OrganisationKind.COUNCIL, OrganisationKind.STRATEGIC_AUTHORITY)

    def clean(self) -> None:
        if not self.gss_code:
            return
        self.gss_code = self.gss_code.strip().upper()
        allowed = _GSS_RULES.get(self.kind)
        problem = gss.gss_problem(self.gss_code, allowed)
        if problem:
            raise ValidationError({"gss_code": problem})


class Role(models.TextChoices):
    """Roles within an organisation, from least to most trusted."""

    VIEWER = "viewer", "Viewer"
    CONTRIBUTOR = "contributor", "Contributor"
    LEAD = "lead", "Lead"
    ADMIN = "admin", "Admin"


ROLE_RANK: dict[str, int] = {Role.VIEWER: 1, Role.CONTRIBUTOR: 2, Role.LEAD: 3, Role.ADMIN: 4}


class Membership(TimeStamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.organisation}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _default_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.PLACECRAFT_INVITATION_DAYS)


class Invitation(TimeStamped):
    """An emailed link that makes its recipient a member. Only a hash of the token is kept."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    hash_token: ClassVar = staticmethod(_hash_token)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address per organisation.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="unique_open_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class PrivacyNotice(models.Model):
    """What the place's privacy notice says, as its administrators completed it. An empty
    section is shown with the starting wording in ``places.privacy``; retention periods are not
    stored here but read from what the purge commands do."""

    place = models.OneToOneField(Place, on_delete=models.CASCADE, related_name="privacy_notice")
    controller_name = models.CharField(
        _("data controller"),
        max_length=200,
        blank=True,
        help_text=_("The organisation responsible for the personal data, usually the council."),
    )
    controller_contact = models.TextField(
        _("how to contact the controller"),
        blank=True,
        help_text=_("A postal address and an email address people can write to."),
    )
    dpo_contact = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Their name or role, and how to reach them."),
    )
    accounts = models.TextField(blank=True)
    ideas = models.TextField(blank=True)
    ballots = models.TextField(blank=True)
    panel_pools = models.TextField(blank=True)
    surveys = models.TextField(blank=True)
    partner_data = models.TextField(blank=True)
    rights = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Privacy notice of {self.place}"
