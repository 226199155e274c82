"""Workflows for sprints. Each runs in one transaction and writes the audit log; notifications
go out once the transaction has committed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.frameworks import services as framework_services
from placecraft.frameworks.models import Exercise, Mode
from placecraft.places.models import Organisation, Place
from placecraft.sprints import health
from placecraft.sprints.models import (
    CheckIn,
    Learning,
    Retrospective,
    Sprint,
    TeamMember,
    WorkItem,
    WorkStatus,
)

SPRINT_FIELDS = [
    "title",
    "slug",
    "problem",
    "start_date",
    "end_date",
    "mission",
    "champion_name",
    "champion_role",
    "champion_user",
    "practices",
    "visibility",
    "summary_public",
    "outcome",
]


def _record(
    actor: User | None, action: str, obj: models.Model, sprint: Sprint, changes: dict[str, Any]
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        place=sprint.place,
        organisation=sprint.organisation,
        changes=changes,
    )


def create_sprint(
    *, actor: User | None, place: Place, organisation: Organisation, data: Mapping[str, Any]
) -> Sprint:
    with transaction.atomic():
        sprint = Sprint(place=place, organisation=organisation, **data)
        sprint.full_clean()
        sprint.save()
        _record(
            actor,
            AuditEvent.Action.CREATE,
            sprint,
            sprint,
            audit.field_changes({}, audit.snapshot(sprint, SPRINT_FIELDS)),
        )
    return sprint


def update_sprint(*, actor: User, sprint: Sprint, data: Mapping[str, Any]) -> Sprint:
    with transaction.atomic():
        before = audit.snapshot(sprint, SPRINT_FIELDS)
        for key, value in data.items():
            setattr(sprint, key, value)
        sprint.full_clean()
        sprint.save()
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            sprint,
            sprint,
            audit.field_changes(before, audit.snapshot(sprint, SPRINT_FIELDS)),
        )
    return sprint


def add_member(*, actor: User | None, sprint: Sprint, data: Mapping[str, Any]) -> TeamMember:
    with transaction.atomic():
        member = TeamMember(sprint=sprint, **data)
        if member.organisation.place_id != sprint.place_id:
            raise ValidationError({"organisation": "Choose an organisation in this place."})
        member.full_clean()
        member.save()
        _record(
            actor,
            AuditEvent.Action.CREATE,
            member,
            sprint,
            {
                "sprint": str(sprint),
                "organisation": str(member.organisation),
                "department": member.department,
                "hours_per_week": member.hours_per_week,
            },
        )
    return member


def remove_member(*, actor: User, member: TeamMember) -> None:
    sprint = member.sprint
    with transaction.atomic():
        _record(actor, AuditEvent.Action.REMOVE, member, sprint, {"sprint": str(sprint)})
        member.delete()


def add_work_item(*, actor: User | None, sprint: Sprint, title: str, notes: str = "") -> WorkItem:
    with transaction.atomic():
        last = sprint.work_items.aggregate(n=Max("position"))["n"] or 0
        item = WorkItem(sprint=sprint, title=title, notes=notes, position=last + 1)
        item.full_clean()
        item.save()
        _record(actor, AuditEvent.Action.CREATE, item, sprint, {"title": title})
    return item


def move_work_item(*, actor: User, item: WorkItem, status: str) -> WorkItem:
    if status not in WorkStatus.values:
        raise ValidationError({"status": "Choose to do, doing or done."})
    with transaction.atomic():
        before = item.status
        if before == status:
            return item
        last = (
            WorkItem.objects.filter(sprint_id=item.sprint_id, status=status).aggregate(
                n=Max("position")
            )["n"]
            or 0
        )
        item.status = status
        item.position = last + 1
        item.save(update_fields=["status", "position", "updated_at"])
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            item,
            item.sprint,
            {"status": {"from": before, "to": status}},
        )
    return item


def record_check_in(*, actor: User | None, sprint: Sprint, data: Mapping[str, Any]) -> CheckIn:
    """One check-in a week; blockers are sent to the champion, if they use Placecraft."""
    from placecraft.notifications.services import notify

    with transaction.atomic():
        check_in = CheckIn(sprint=sprint, author=actor, **data)
        check_in.full_clean()
        try:
            with transaction.atomic():
                check_in.save()
        except IntegrityError:
            raise ValidationError(
                {"week_of": "There is already a check-in for that week."}
            ) from None
        _record(
            actor,
            AuditEvent.Action.CREATE,
            check_in,
            sprint,
            {"week_of": str(check_in.week_of), "blockers": bool(check_in.blockers.strip())},
        )
        champion = sprint.champion_user
        if check_in.blockers.strip() and champion is not None and champion.is_active:
            notify(
                user=champion,
                kind="sprint-blocker",
                title=f"A blocker on the sprint “{sprint.title}”",
                body=check_in.blockers,
                url=reverse("sprint_check_ins", args=[sprint.place.slug, sprint.slug]),
            )
    return check_in


def save_retrospective(*, actor: User, sprint: Sprint, data: Mapping[str, Any]) -> Retrospective:
    with transaction.atomic():
        retro = Retrospective.objects.filter(sprint=sprint).first()
        created = retro is None
        if retro is None:
            retro = Retrospective(sprint=sprint, author=actor)
        fields = ["held_on", "went_well", "did_not_go_well", "blockers_overcome", "next_steps"]
        before = {} if created else audit.snapshot(retro, fields)
        for key, value in data.items():
            setattr(retro, key, value)
        retro.full_clean()
        retro.save()
        _record(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            retro,
            sprint,
            audit.field_changes(before, audit.snapshot(retro, fields)),
        )
    return retro


LEARNING_FIELDS = [
    "title",
    "kind",
    "what_we_tried",
    "what_happened",
    "what_we_learned",
    "what_we_will_change",
    "visibility",
    "mission",
    "source_type",
]


def record_learning(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation,
    data: Mapping[str, Any],
    shared_with: list[Organisation] | None = None,
) -> Learning:
    with transaction.atomic():
        learning = Learning(place=place, organisation=organisation, author=actor, **data)
        if learning.sprint_id and learning.mission_id is None:
            learning.mission_id = learning.sprint.mission_id  # type: ignore[union-attr]
        learning.full_clean()
        learning.save()
        if shared_with:
            learning.shared_with.set([o for o in shared_with if o.place_id == place.pk])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=learning,
            place=place,
            organisation=organisation,
            changes={
                **audit.field_changes({}, audit.snapshot(learning, LEARNING_FIELDS)),
                "shared_with": [str(o) for o in shared_with or []],
            },
        )
    return learning


def start_health_check(*, actor: User, sprint: Sprint) -> Exercise:
    """A health-check workshop on the sprint, run by the frameworks engine."""
    version = health.shipped_version()
    if version is None:
        raise ValidationError("The sprint team conditions framework has not been loaded.")
    return framework_services.create_exercise(
        actor=actor,
        place=sprint.place,
        organisation=sprint.organisation,
        version=version,
        data={
            "title": f"Health check: {sprint.title}",
            "mode": Mode.WORKSHOP,
            "subject_type": "sprint",
            "subject_id": sprint.pk,
            "visibility": sprint.visibility,
            "facilitator": actor,
            "participants": "\n".join(sprint.members.values_list("name", flat=True)),
        },
    )
