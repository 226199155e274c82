"""Workflows for missions. Each runs in one transaction and writes the audit log; email is sent
only once the transaction has committed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent, Visibility
from placecraft.missions import access
from placecraft.missions.models import (
    Alignment,
    BoardMember,
    CoOwnerInvitation,
    Mission,
    MissionStatus,
    ProgressUpdate,
    ReferenceOutcome,
    ReminderSent,
    StatusChange,
)
from placecraft.notifications.services import notify
from placecraft.places import access as places_access
from placecraft.places.models import Membership, Organisation, Place, Role

MISSION_FIELDS = [
    "title",
    "statement",
    "ambition",
    "why_it_matters",
    "get_involved",
    "horizon_year",
    "visibility",
    "organisation",
    "update_every_days",
]


# Paths under /missions/ that are pages of their own, not missions.
RESERVED_SLUGS = {"new", "alignment", "scoping", "invitations"}


def unique_slug(place: Place, title: str) -> str:
    base = slugify(title)[:70] or "mission"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Mission.objects.filter(place=place, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _audit(
    actor: User | None,
    action: str,
    mission: Mission,
    changes: dict[str, Any] | None = None,
    *,
    also_for: Organisation | None = None,
) -> None:
    """Record the change under the mission's owner and, when ownership moved, under the
    organisation that owned it before, so that both can see what happened to it."""
    owners = [mission.organisation]
    if also_for is not None and also_for.pk != mission.organisation_id:
        owners.append(also_for)
    for organisation in owners:
        audit.record(
            actor=actor,
            action=action,
            obj=mission,
            place=mission.place,
            organisation=organisation,
            changes=changes,
        )


def _invite_co_owner(actor: User | None, mission: Mission, organisation: Organisation) -> bool:
    """Ask an organisation to co-own the mission; True if it became a co-owner at once.

    Someone who administers the organisation consents for it as they ask; otherwise its
    admins are told and the organisation is added only when one of them accepts. Missions made
    by the system (seeding, imports: no actor) take their co-owners as given."""
    if actor is None or places_access.principal(actor).has_role(organisation.pk, Role.ADMIN):
        mission.co_owners.add(organisation)
        return True
    CoOwnerInvitation.objects.create(mission=mission, organisation=organisation, invited_by=actor)
    url = reverse("mission_invitations", args=[mission.place.slug])
    admins = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related(
        "user"
    )
    for membership in admins:
        notify(
            user=membership.user,
            kind="invitation",
            title=_("%(owner)s asks %(organisation)s to co-own the mission “%(mission)s”")
            % {
                "owner": mission.organisation.name,
                "organisation": organisation.name,
                "mission": mission.title,
            },
            url=url,
        )
    return False


def pending_co_owner_ids(mission: Mission) -> list[int]:
    return list(
        CoOwnerInvitation.objects.filter(
            mission=mission, state=CoOwnerInvitation.State.PENDING
        ).values_list("organisation_id", flat=True)
    )


def create_mission(
    *,
    actor: User | None,
    place: Place,
    data: dict[str, Any],
    co_owners: Iterable[Organisation] = (),
    leads: Iterable[User] = (),
) -> Mission:
    with transaction.atomic():
        mission = Mission(
            place=place, slug=data.pop("slug", None) or unique_slug(place, data["title"]), **data
        )
        mission.status_changed_by = actor if actor and actor.is_authenticated else None
        mission.full_clean()
        mission.save()
        invited = [o.name for o in co_owners if not _invite_co_owner(actor, mission, o)]
        mission.leads.set(list(leads))
        StatusChange.objects.create(
            mission=mission, from_status="", to_status=mission.status, by=mission.status_changed_by
        )
        changes = audit.field_changes({}, audit.snapshot(mission, MISSION_FIELDS))
        if invited:
            changes["co-owners invited"] = ", ".join(sorted(invited))
        _audit(actor, AuditEvent.Action.CREATE, mission, changes)
    return mission


_VISIBILITY_RANK: dict[str, int] = {
    Visibility.PRIVATE: 0,
    Visibility.PARTNERS: 1,
    Visibility.PUBLIC: 2,
}


def _check_ownership_change(
    actor: User,
    mission: Mission,
    data: dict[str, Any],
    co_owners_changed: bool,
) -> None:
    """Refuse, field by field, changes to who owns or may see the mission that need an admin
    of its owner: a named lead or a co-owner's contributor cannot take the mission over."""
    problems: dict[str, str] = {}
    manages = access.can_manage_ownership(actor, mission)
    owner = data.get("organisation", mission.organisation)
    if owner is not None and owner.pk != mission.organisation_id and not manages:
        problems["organisation"] = _(
            "Only an admin of %(owner)s can give the mission to another organisation."
        ) % {"owner": mission.organisation.name}
    if co_owners_changed and not manages:
        problems["co_owners"] = _(
            "Only an admin of %(owner)s can change the mission's co-owners."
        ) % {"owner": mission.organisation.name}
    visibility = data.get("visibility", mission.visibility)
    narrows = _VISIBILITY_RANK[visibility] < _VISIBILITY_RANK[mission.visibility]
    if narrows and not access.can_narrow_visibility(actor, mission):
        problems["visibility"] = _(
            "Only an admin of %(owner)s can hide this shared mission from people who can see "
            "it now."
        ) % {"owner": mission.organisation.name}
    if problems:
        raise ValidationError(problems)


def update_mission(
    *,
    actor: User,
    mission: Mission,
    data: dict[str, Any],
    co_owners: Iterable[Organisation] | None = None,
    leads: Iterable[User] | None = None,
) -> Mission:
    with transaction.atomic():
        current = {o.pk: o for o in mission.co_owners.all()}
        pending = set(pending_co_owner_ids(mission))
        wanted = None if co_owners is None else {o.pk: o for o in co_owners}
        co_owners_changed = wanted is not None and set(wanted) != set(current) | pending
        _check_ownership_change(actor, mission, data, co_owners_changed)
        old_owner = mission.organisation
        before = audit.snapshot(mission, MISSION_FIELDS)
        for key, value in data.items():
            setattr(mission, key, value)
        mission.full_clean()
        mission.save()
        changes = audit.field_changes(before, audit.snapshot(mission, MISSION_FIELDS))
        if wanted is not None and co_owners_changed:
            dropped = [org for pk, org in current.items() if pk not in wanted]
            mission.co_owners.remove(*dropped)
            CoOwnerInvitation.objects.filter(
                mission=mission, state=CoOwnerInvitation.State.PENDING
            ).exclude(organisation_id__in=list(wanted)).update(
                state=CoOwnerInvitation.State.WITHDRAWN, decided_by=actor, decided_at=timezone.now()
            )
            invited = [
                org.name
                for pk, org in wanted.items()
                if pk not in current
                and pk not in pending
                and not _invite_co_owner(actor, mission, org)
            ]
            old = sorted(o.name for o in current.values())
            new = sorted(o.name for o in mission.co_owners.all())
            if old != new:
                changes["co-owners"] = {"from": ", ".join(old), "to": ", ".join(new)}
            if invited:
                changes["co-owners invited"] = ", ".join(sorted(invited))
        if leads is not None:
            old = sorted(str(u) for u in mission.leads.all())
            mission.leads.set(list(leads))
            new = sorted(str(u) for u in leads)
            if old != new:
                changes["leads"] = {"from": ", ".join(old), "to": ", ".join(new)}
        _audit(actor, AuditEvent.Action.UPDATE, mission, changes, also_for=old_owner)
    return mission


def answer_co_ownership(
    *, actor: User, invitation: CoOwnerInvitation, accept: bool
) -> CoOwnerInvitation:
    """An admin of the invited organisation accepts (it becomes a co-owner) or declines."""
    with transaction.atomic():
        invitation = (
            CoOwnerInvitation.objects.select_for_update()
            .select_related("mission__place", "mission__organisation", "organisation")
            .get(pk=invitation.pk)
        )
        if invitation.state != CoOwnerInvitation.State.PENDING:
            raise ValidationError(_("This invitation has already been answered or withdrawn."))
        mission = invitation.mission
        if accept and invitation.organisation_id != mission.organisation_id:
            mission.co_owners.add(invitation.organisation)
        invitation.state = (
            CoOwnerInvitation.State.ACCEPTED if accept else CoOwnerInvitation.State.DECLINED
        )
        invitation.decided_by = actor
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["state", "decided_by", "decided_at"])
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            mission,
            {
                "co-owner invitation": f"{invitation.organisation.name}: "
                f"{invitation.get_state_display()}"
            },
            also_for=invitation.organisation,
        )
    return invitation


def change_status(*, actor: User | None, mission: Mission, status: str, note: str = "") -> Mission:
    with transaction.atomic():
        mission = (
            Mission.objects.select_for_update()
            .select_related("place", "organisation")
            .get(pk=mission.pk)
        )
        mission.check_transition(status)
        old = mission.status
        mission.status = status
        mission.status_changed_at = timezone.now()
        mission.status_changed_by = actor if actor and actor.is_authenticated else None
        mission.save(
            update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"]
        )
        StatusChange.objects.create(
            mission=mission,
            from_status=old,
            to_status=status,
            by=mission.status_changed_by,
            note=note,
            at=mission.status_changed_at,
        )
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            mission,
            {"status": {"from": old, "to": status}, **({"note": note} if note else {})},
        )
    return mission


def _would_cycle(mission: Mission, targets: list[Mission]) -> Mission | None:
    """The first target from which ``mission`` can already be reached (so linking would loop)."""
    edges: dict[int, set[int]] = {}
    for from_id, to_id in (
        Alignment.objects.filter(from_mission__place_id=mission.place_id)
        .exclude(from_mission=mission)
        .values_list("from_mission_id", "to_mission_id")
    ):
        edges.setdefault(from_id, set()).add(to_id)
    for target in targets:
        seen, stack = set(), [target.pk]
        while stack:
            current = stack.pop()
            if current == mission.pk:
                return target
            if current in seen:
                continue
            seen.add(current)
            stack.extend(edges.get(current, ()))
    return None


def set_alignment(
    *,
    actor: User | None,
    mission: Mission,
    contributes_to: Iterable[Mission],
    outcomes: Iterable[ReferenceOutcome],
    notes: dict[int, str] | None = None,
) -> Mission:
    targets = list(contributes_to)
    notes = notes or {}
    for target in targets:
        if target.place_id != mission.place_id:
            raise ValidationError(
                {"contributes_to": "A mission can only contribute to missions in the same place."}
            )
        if target.pk == mission.pk:
            raise ValidationError({"contributes_to": "A mission cannot contribute to itself."})
    loop = _would_cycle(mission, targets)
    if loop is not None:
        raise ValidationError(
            {
                "contributes_to": f"“{loop}” already contributes to this mission, so this would make a loop."  # noqa: E501
            }
        )
    with transaction.atomic():
        before = sorted(m.title for m in mission.contributes_to.all())
        before_outcomes = sorted(o.title for o in mission.reference_outcomes.all())
        Alignment.objects.filter(from_mission=mission).exclude(to_mission__in=targets).delete()
        for target in targets:
            Alignment.objects.update_or_create(
                from_mission=mission, to_mission=target, defaults={"note": notes.get(target.pk, "")}
            )
        outcome_list = list(outcomes)
        mission.reference_outcomes.set(outcome_list)
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            mission,
            audit.field_changes(
                {
                    "contributes to": ", ".join(before),
                    "national and other outcomes": ", ".join(before_outcomes),
                },
                {
                    "contributes to": ", ".join(sorted(m.title for m in targets)),
                    "national and other outcomes": ", ".join(sorted(o.title for o in outcome_list)),
                },
            ),
        )
    return mission


def add_board_member(*, actor: User | None, mission: Mission, data: dict[str, Any]) -> BoardMember:
    with transaction.atomic():
        member = BoardMember(mission=mission, **data)
        if member.organisation is not None and member.organisation.place_id != mission.place_id:
            raise ValidationError({"organisation": "Choose an organisation in the place."})
        member.full_clean()
        member.save()
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            mission,
            {"board": {"from": "", "to": f"added {member.name} ({member.get_role_display()})"}},
        )
    return member


def remove_board_member(*, actor: User | None, member: BoardMember) -> None:
    with transaction.atomic():
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            member.mission,
            {"board": {"from": f"{member.name} ({member.get_role_display()})", "to": "removed"}},
        )
        member.delete()


def add_update(*, actor: User | None, mission: Mission, data: dict[str, Any]) -> ProgressUpdate:
    with transaction.atomic():
        update = ProgressUpdate(
            mission=mission, author=actor if actor and actor.is_authenticated else None, **data
        )
        update.full_clean()
        update.save()
        latest = (
            ProgressUpdate.objects.filter(mission=mission)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        Mission.objects.filter(pk=mission.pk).update(last_update_at=latest)
        mission.last_update_at = latest
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=update,
            place=mission.place,
            organisation=mission.organisation,
            changes={"period": update.period_label, "status": update.status},
        )
    return update


# Reminders ----------------------------------------------------------------------------------


def _recipients(mission: Mission) -> list[User]:
    leads = [u for u in mission.leads.all() if u.is_active and u.email]
    return leads


def send_update_reminders(
    *, today: date | None = None, place: Place | None = None
) -> list[ReminderSent]:
    """Email each lead of every mission whose progress update (or indicator data) is overdue.

    A reminder is keyed by mission, kind, the date it fell due and the recipient, and recorded
    before the email is sent on commit: running this twice (even at the same time) sends nothing
    the second time, and a new reminder is only sent once the mission falls due again."""
    from placecraft.evidence.selectors import stale_data_for_missions

    today = today or timezone.localdate()
    missions = (
        Mission.objects.filter(status__in=[MissionStatus.ACTIVE, MissionStatus.PAUSED])
        .select_related("place", "organisation")
        .prefetch_related("leads")
    )
    if place is not None:
        missions = missions.filter(place=place)
    mission_list = list(missions)
    stale_data = stale_data_for_missions(mission_list, today=today)
    sent: list[ReminderSent] = []
    for mission in mission_list:
        due: list[tuple[str, str, str]] = []
        if mission.is_stale(today):
            due.append(
                (
                    ReminderSent.Kind.UPDATE,
                    mission.update_due().isoformat(),
                    f"The last progress update for “{mission}” was due by "
                    f"{mission.update_due():%-d %B %Y}.",
                )
            )
        for name, period in stale_data.get(mission.pk, []):
            due.append(
                (
                    ReminderSent.Kind.DATA,
                    f"{name}:{period}"[:100],
                    f"The latest figure for “{name}” is for {period}: newer data may be out.",
                )
            )
        for kind, key, text in due:
            for user in _recipients(mission):
                try:
                    with transaction.atomic():
                        reminder = ReminderSent.objects.create(
                            mission=mission, kind=kind, due_key=key, recipient=user
                        )
                        transaction.on_commit(partial(_send_reminder, user, mission, text))
                except IntegrityError:
                    continue  # already reminded about this one
                sent.append(reminder)
    return sent


def _send_reminder(user: User, mission: Mission, text: str) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse(
        "update_create", args=[mission.place.slug, mission.slug]
    )
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Update due: {mission}",
        message=(
            f"Hello {user.name or user.email},\n\n{text}\n\n"
            "Partners and residents see a “stale” marker next to the mission until it is brought "
            f"up to date. You can post a progress update here:\n{url}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
