"""Workflows for partners, commitments, funding, grants, contracts and pooled data. Each runs in
one transaction and writes the audit log; notifications are sent through the notifications app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent, Visibility
from placecraft.missions.models import Mission
from placecraft.partners.models import (
    OPEN_COMMITMENT_STATUSES,
    Commitment,
    CommitmentReminder,
    CommitmentSource,
    CommitmentUpdate,
    Contract,
    DataContribution,
    FundingLine,
    Grant,
    GrantMission,
    GrantRule,
    PartnerContact,
    PartnerProfile,
)
from placecraft.places.models import Membership, Organisation, Place, Role

PROFILE_FIELDS = ["what_we_do", "what_we_offer"]
COMMITMENT_FIELDS = [
    "title",
    "description",
    "mission",
    "due_date",
    "measure_of_success",
    "resources_pledged",
    "pledged_amount",
    "currency",
    "status",
    "owner",
    "visibility",
    "update_every_days",
]
FUNDING_FIELDS = [
    "name",
    "source",
    "amount",
    "currency",
    "period_start",
    "period_end",
    "arrangement",
    "visibility",
    "notes",
]


# Profiles and contacts -----------------------------------------------------------------------


def profile_for(organisation: Organisation) -> PartnerProfile:
    """The partner's profile, or an unsaved empty one (nothing is written on a read)."""
    found = PartnerProfile.objects.filter(organisation=organisation).first()
    return found or PartnerProfile(organisation=organisation)


def update_profile(
    *,
    actor: User | None,
    organisation: Organisation,
    data: Mapping[str, Any],
    missions: Iterable[Mission] | None = None,
) -> PartnerProfile:
    with transaction.atomic():
        profile, _ = PartnerProfile.objects.get_or_create(organisation=organisation)
        before = audit.snapshot(profile, PROFILE_FIELDS)
        before["missions of interest"] = ", ".join(
            sorted(m.title for m in profile.missions_of_interest.all())
        )
        for key, value in data.items():
            setattr(profile, key, value)
        profile.full_clean()
        profile.save()
        if missions is not None:
            profile.missions_of_interest.set(list(missions))
        after = audit.snapshot(profile, PROFILE_FIELDS)
        after["missions of interest"] = ", ".join(
            sorted(m.title for m in profile.missions_of_interest.all())
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=profile,
            place=organisation.place,
            organisation=organisation,
            changes=audit.field_changes(before, after),
        )
    return profile


def add_contact(
    *, actor: User | None, organisation: Organisation, data: Mapping[str, Any]
) -> PartnerContact:
    with transaction.atomic():
        contact = PartnerContact(organisation=organisation, **data)
        if contact.email and contact.user_id is None:
            contact.user = User.objects.filter(email__iexact=contact.email).first()
        contact.full_clean()
        contact.save()
        # Names and addresses stay out of the audit log: it outlives an erasure.
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=organisation,
            place=organisation.place,
            organisation=organisation,
            changes={"contact added": contact.role or "contact"},
        )
    return contact


def remove_contact(*, actor: User | None, contact: PartnerContact) -> None:
    organisation = contact.organisation
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=organisation,
            place=organisation.place,
            organisation=organisation,
            changes={"contact removed": contact.role or "contact"},
        )
        contact.delete()


# Action plans (the frameworks engine) ---------------------------------------------------------

ACTION_PLAN_FRAMEWORK = "enabling-partners"


def start_action_plan(*, actor: User, partner: Organisation) -> Any:
    """An exercise of the *enabling partners* framework about ``partner``, owned by it. The
    frameworks engine shows only the sections whose ``applies_to`` includes the partner's kind."""
    from placecraft.frameworks import services as frameworks
    from placecraft.frameworks.models import FrameworkVersion, Mode

    version = (
        FrameworkVersion.objects.filter(framework__slug=ACTION_PLAN_FRAMEWORK, organisation=None)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError("The enabling partners framework has not been loaded.")
    return frameworks.create_exercise(
        actor=actor,
        place=partner.place,
        organisation=partner,
        version=version,
        data={
            "title": f"{partner.name}: action plan",
            "mode": Mode.WORKSHOP,
            "subject_type": "partner",
            "subject_id": partner.pk,
            "round_label": f"{timezone.localdate():%B %Y}",
            "round_date": timezone.localdate(),
            "visibility": Visibility.PARTNERS,
            "facilitator": actor,
        },
    )


def action_plan_sections(partner: Organisation) -> list[Any]:
    """The sections of the latest enabling-partners version that apply to the partner's kind."""
    from placecraft.frameworks.models import FrameworkVersion

    version = (
        FrameworkVersion.objects.filter(framework__slug=ACTION_PLAN_FRAMEWORK, organisation=None)
        .order_by("-number")
        .first()
    )
    if version is None:
        return []
    return [
        section
        for section in version.content.sections
        if not section.applies_to or partner.kind in section.applies_to
    ]


# Commitments ----------------------------------------------------------------------------------


def _snapshot(commitment: Commitment) -> dict[str, Any]:
    return audit.snapshot(commitment, COMMITMENT_FIELDS)


def create_commitment(
    *,
    actor: User | None,
    partner: Organisation,
    mission: Mission,
    data: Mapping[str, Any],
    source: str = CommitmentSource.PARTNER,
    contract: Contract | None = None,
) -> Commitment:
    with transaction.atomic():
        commitment = Commitment(
            place=partner.place,
            organisation=partner,
            mission=mission,
            source=source,
            contract=contract,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **data,
        )
        commitment.full_clean()
        commitment.save()
        commitment.update_due = commitment.next_update_due()
        commitment.save(update_fields=["update_due"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=commitment,
            place=partner.place,
            organisation=partner,
            changes=audit.field_changes({}, _snapshot(commitment)),
        )
    return commitment


def update_commitment(
    *, actor: User | None, commitment: Commitment, data: Mapping[str, Any]
) -> Commitment:
    with transaction.atomic():
        before = _snapshot(commitment)
        for key, value in data.items():
            setattr(commitment, key, value)
        commitment.full_clean()
        commitment.update_due = commitment.next_update_due()
        commitment.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=commitment,
            place=commitment.place,
            organisation=commitment.organisation,
            changes=audit.field_changes(before, _snapshot(commitment)),
        )
    return commitment


def add_commitment_update(
    *, actor: User | None, commitment: Commitment, data: Mapping[str, Any]
) -> CommitmentUpdate:
    """A dated progress report; it sets the commitment's status and restarts the update clock."""
    with transaction.atomic():
        update = CommitmentUpdate(
            commitment=commitment,
            author=actor if actor is not None and actor.is_authenticated else None,
            **data,
        )
        update.full_clean()
        update.save()
        old_status = commitment.status
        commitment.status = update.status
        commitment.last_update_at = timezone.now()
        commitment.update_due = commitment.next_update_due()
        commitment.save(update_fields=["status", "last_update_at", "update_due", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=commitment,
            place=commitment.place,
            organisation=commitment.organisation,
            changes={
                "progress update": f"{update.on.isoformat()}",
                **(
                    {"status": {"from": old_status, "to": update.status}}
                    if old_status != update.status
                    else {}
                ),
            },
        )
    return update


def _reminder_recipients(commitment: Commitment) -> list[User]:
    if commitment.owner is not None and commitment.owner.is_active:
        return [commitment.owner]
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id=commitment.organisation_id, role=Role.ADMIN, user__is_active=True
        ).select_related("user")
    ]


def send_commitment_reminders(
    *, today: date | None = None, place: Place | None = None
) -> list[CommitmentReminder]:
    """Notify whoever is responsible for each open commitment whose update is overdue.

    A reminder is keyed by commitment, the date the update fell due and the recipient, and is
    recorded in the same transaction as the notification: a second run (even a simultaneous one)
    hits the unique constraint and sends nothing. Once an update is posted the due date moves on,
    so the next reminder is for the next due date."""
    from placecraft.notifications.services import notify

    today = today or timezone.localdate()
    overdue = Commitment.objects.filter(
        status__in=OPEN_COMMITMENT_STATUSES, update_due__lt=today
    ).select_related("place", "owner", "mission", "organisation")
    if place is not None:
        overdue = overdue.filter(place=place)
    sent: list[CommitmentReminder] = []
    for commitment in overdue:
        assert commitment.update_due is not None
        key = commitment.update_due.isoformat()
        url = reverse("commitment_update", args=[commitment.place.slug, commitment.pk])
        for user in _reminder_recipients(commitment):
            try:
                with transaction.atomic():
                    reminder = CommitmentReminder.objects.create(
                        commitment=commitment, due_key=key, recipient=user
                    )
                    notify(
                        user=user,
                        kind="reminder",
                        title=f"Update due: {commitment}"[:200],
                        body=(
                            f"{commitment.organisation}'s commitment to “{commitment.mission}” "
                            f"was due an update by {commitment.update_due:%-d %B %Y}. Say how it "
                            "is going, with any evidence, so partners can see progress."
                        ),
                        url=url,
                    )
            except IntegrityError:
                continue  # already reminded about this due date
            sent.append(reminder)
    return sent


# Funding lines --------------------------------------------------------------------------------


def save_funding_line(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation,
    data: Mapping[str, Any],
    missions: Iterable[Mission],
    contributors: Iterable[Organisation] = (),
    line: FundingLine | None = None,
) -> FundingLine:
    with transaction.atomic():
        created = line is None
        line = line or FundingLine(place=place, organisation=organisation)
        before = {} if created else audit.snapshot(line, FUNDING_FIELDS)
        for key, value in data.items():
            setattr(line, key, value)
        line.full_clean()
        line.save()
        line.missions.set(list(missions))
        line.contributors.set(list(contributors))
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=line,
            place=place,
            organisation=line.organisation,
            changes=audit.field_changes(before, audit.snapshot(line, FUNDING_FIELDS)),
        )
    return line


# Grants: linking to missions -------------------------------------------------------------------


def set_grant_missions(*, actor: User | None, grant: Grant, missions: Iterable[Mission]) -> None:
    """Link by hand: the chosen missions become hand links; rule links to other missions stay."""
    chosen = {m.pk: m for m in missions}
    with transaction.atomic():
        existing = {link.mission_id: link for link in grant.mission_links.all()}
        for mission_id, link in existing.items():
            if mission_id not in chosen and link.rule_id is None:
                link.delete()
        for mission_id, mission in chosen.items():
            found = existing.get(mission_id)
            if found is None:
                GrantMission.objects.create(grant=grant, mission=mission)
            elif found.rule_id is not None:
                found.rule = None  # confirmed by hand: it stays if the rule goes
                found.save(update_fields=["rule"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=grant,
            place=grant.place,
            organisation=grant.organisation,
            changes={"missions": ", ".join(sorted(m.title for m in chosen.values()))},
        )


def create_grant_rule(
    *, actor: User | None, place: Place, organisation: Organisation, data: Mapping[str, Any]
) -> tuple[GrantRule, int]:
    """Store a rule and apply it to the organisation's grants; returns it and the new links."""
    with transaction.atomic():
        rule = GrantRule(
            place=place,
            organisation=organisation,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **data,
        )
        rule.full_clean()
        rule.save()
        linked = apply_grant_rules(
            grants=Grant.objects.filter(organisation=organisation), rules=[rule]
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=rule,
            place=place,
            organisation=organisation,
            changes={"rule": str(rule), "grants linked": linked},
        )
    return rule, linked


def delete_grant_rule(*, actor: User | None, rule: GrantRule) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=rule,
            place=rule.place,
            organisation=rule.organisation,
        )
        rule.delete()  # its links go with it; links confirmed by hand have no rule


def apply_grant_rules(*, grants: Iterable[Grant], rules: Iterable[GrantRule]) -> int:
    rules = list(rules)
    grants = list(grants)
    if not rules or not grants:
        return 0
    existing = set(
        GrantMission.objects.filter(grant__in=grants).values_list("grant_id", "mission_id")
    )
    new = []
    for grant in grants:
        for rule in rules:
            key = (grant.pk, rule.mission_id)
            if key not in existing and rule.matches(grant):
                existing.add(key)
                new.append(GrantMission(grant=grant, mission_id=rule.mission_id, rule=rule))
    GrantMission.objects.bulk_create(new)
    return len(new)


# Contracts ------------------------------------------------------------------------------------


def set_contract_missions(
    *, actor: User | None, contract: Contract, missions: Iterable[Mission]
) -> None:
    missions = list(missions)
    with transaction.atomic():
        contract.missions.set(missions)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=contract,
            place=contract.place,
            organisation=contract.organisation,
            changes={"missions": ", ".join(sorted(m.title for m in missions))},
        )


def record_social_value(
    *,
    actor: User | None,
    contract: Contract,
    supplier: Organisation,
    mission: Mission,
    data: Mapping[str, Any],
) -> Commitment:
    """Turn the social value a supplier offered in a contract into the supplier's commitment to
    a mission, so it is followed up like any other commitment."""
    if supplier.place_id != contract.place_id:
        raise ValidationError({"supplier": "The supplier must be an organisation in this place."})
    with transaction.atomic():
        commitment = create_commitment(
            actor=actor,
            partner=supplier,
            mission=mission,
            data=data,
            source=CommitmentSource.CONTRACT,
            contract=contract,
        )
        if not contract.missions.filter(pk=mission.pk).exists():
            contract.missions.add(mission)
    return commitment


def match_organisation(place: Place, names: list[str]) -> Organisation | None:
    """The place's organisation called by the first of ``names`` that matches one (capitals
    ignored), in one query however many names a contract lists."""
    names = [n.strip() for n in names if n.strip()]
    if not names:
        return None
    match = Q()
    for name in names:
        match |= Q(name__iexact=name)
    found = {o.name.casefold(): o for o in Organisation.objects.filter(place=place).filter(match)}
    return next((found[n.casefold()] for n in names if n.casefold() in found), None)


# Pooled data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributed:
    contribution: DataContribution
    result: Any  # placecraft.evidence.importer.ImportResult


def contribute_observations(
    *,
    actor: User,
    partner: Organisation,
    mission: Mission,
    indicator: Any,
    stream: IO[bytes],
    file_name: str,
) -> Contributed:
    """Import a partner's figures into a mission's indicator through the evidence importer (all
    or nothing: ``ImportFailed`` leaves nothing behind) and record that they came from it."""
    from placecraft.evidence import services as evidence

    with transaction.atomic():
        result = evidence.import_file(actor=actor, indicator=indicator, stream=stream)
        contribution = DataContribution.objects.create(
            place=partner.place,
            organisation=partner,
            mission=mission,
            indicator=indicator,
            file_name=file_name[:200],
            rows=result.rows,
            replaced=result.replaced,
            geographies=result.geographies,
            first_period=result.first_period or "",
            last_period=result.last_period or "",
            contributed_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=contribution,
            place=partner.place,
            organisation=partner,
            changes={"indicator": str(indicator), "rows": result.rows, "mission": str(mission)},
        )
    return Contributed(contribution=contribution, result=result)
