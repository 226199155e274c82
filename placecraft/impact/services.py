"""Workflows for the risk register, the learning log, the library and self-assessments. Each
runs in one transaction and writes the audit log; reminders are recorded before they are sent
so that none goes out twice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.frameworks import services as framework_services
from placecraft.frameworks.models import Exercise, FrameworkVersion, Mode
from placecraft.impact.models import (
    LearningTags,
    Origin,
    Resource,
    ResourceToolset,
    Risk,
    RiskReminder,
    RiskStatus,
    Theme,
)
from placecraft.notifications.services import notify
from placecraft.places.models import Membership, Organisation, Place, Role
from placecraft.sprints import services as sprints_services
from placecraft.sprints.models import Learning, LearningSource

SHIFTING = "shifting-towards-impact"

RISK_FIELDS = [
    "title",
    "visibility",
    "mission",
    "acting",
    "acting_likelihood",
    "acting_impact",
    "not_acting",
    "not_acting_likelihood",
    "not_acting_impact",
    "owner",
    "mitigations",
    "appetite",
    "review_date",
    "last_reviewed_on",
    "status",
]


def create_risk(
    *, actor: User, place: Place, organisation: Organisation, data: Mapping[str, Any]
) -> Risk:
    with transaction.atomic():
        risk = Risk(place=place, organisation=organisation, **data)
        risk.full_clean()
        risk.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=risk,
            place=place,
            organisation=organisation,
            changes=audit.field_changes({}, audit.snapshot(risk, RISK_FIELDS)),
        )
    return risk


def update_risk(*, actor: User, risk: Risk, data: Mapping[str, Any]) -> Risk:
    with transaction.atomic():
        before = audit.snapshot(risk, RISK_FIELDS)
        for key, value in data.items():
            setattr(risk, key, value)
        risk.full_clean()
        risk.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=risk,
            place=risk.place,
            organisation=risk.organisation,
            changes=audit.field_changes(before, audit.snapshot(risk, RISK_FIELDS)),
        )
    return risk


def review_risk(*, actor: User, risk: Risk, next_review: date, today: date | None = None) -> Risk:
    """Record that the risk was reviewed today and when it will be looked at next."""
    today = today or timezone.localdate()
    if next_review <= today:
        raise ValidationError({"next_review": "The next review must be after today."})
    return update_risk(
        actor=actor, risk=risk, data={"last_reviewed_on": today, "review_date": next_review}
    )


def _risk_recipients(risk: Risk) -> list[User]:
    if risk.owner_id is not None and risk.owner is not None and risk.owner.is_active:
        return [risk.owner]
    # Without an owner, the organisation's leads and admins are told.
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=risk.organisation_id, role__in=[Role.LEAD, Role.ADMIN]
        ).select_related("user")
        if m.user.is_active
    ]


def send_risk_reminders(*, today: date | None = None) -> list[RiskReminder]:
    """Tell each open, overdue risk's owner that its review is due: once per review date.

    The reminder row is created first, inside the same transaction as the notification, and the
    unique constraint turns a second (or concurrent) run into a no-op for that person."""
    today = today or timezone.localdate()
    overdue = Risk.objects.filter(status=RiskStatus.OPEN, review_date__lt=today).select_related(
        "place", "owner", "organisation"
    )
    sent: list[RiskReminder] = []
    for risk in overdue:
        url = reverse("risk_detail", args=[risk.place.slug, risk.pk])
        for user in _risk_recipients(risk):
            try:
                with transaction.atomic():
                    reminder = RiskReminder.objects.create(
                        risk=risk, review_date=risk.review_date, recipient=user
                    )
                    notify(
                        user=user,
                        kind="risk-review",
                        title=f"Risk review overdue: {risk.title}",
                        body=f"The review of this risk was due on {risk.review_date:%-d %B %Y}.",
                        url=url,
                    )
            except IntegrityError:
                continue
            sent.append(reminder)
    return sent


# Learning -----------------------------------------------------------------------------------


# The sprints model names fewer sources than the log knows; the rest are "other" there, and the
# exact origin is kept in LearningTags.
SOURCE_FOR_ORIGIN: dict[str, str] = {
    Origin.SPRINT: LearningSource.SPRINT,
    Origin.EXERCISE: LearningSource.EXERCISE,
}


def themes_from_text(place: Place, text: str) -> list[Theme]:
    """Themes named in a comma-separated list, created in the place as needed."""
    themes = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        slug = slugify(name)[:80]
        if not slug:
            continue
        theme, _ = Theme.objects.get_or_create(place=place, slug=slug, defaults={"name": name})
        themes.append(theme)
    return themes


def record_learning_entry(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation,
    data: Mapping[str, Any],
    origin: str,
    origin_label: str = "",
    themes: Sequence[Theme] = (),
    shared_with: list[Organisation] | None = None,
) -> Learning:
    """A learning entry in the sprints app's model, with the log's origin and themes."""
    data = {"source_type": SOURCE_FOR_ORIGIN.get(origin, LearningSource.OTHER), **data}
    with transaction.atomic():
        learning = sprints_services.record_learning(
            actor=actor,
            place=place,
            organisation=organisation,
            data=data,
            shared_with=shared_with,
        )
        tags = LearningTags(learning=learning, origin=origin, origin_label=origin_label)
        tags.full_clean(exclude=["learning"])
        tags.save()
        tags.themes.set([t for t in themes if t.place_id == place.pk])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=learning,
            place=place,
            organisation=organisation,
            changes={
                "origin": origin,
                "origin_label": origin_label,
                "themes": [t.name for t in themes],
            },
        )
    return learning


# Library ------------------------------------------------------------------------------------


def add_resource(
    *,
    actor: User,
    place: Place,
    organisation: Organisation,
    data: Mapping[str, Any],
    toolsets: Sequence[int] = (),
) -> Resource:
    with transaction.atomic():
        resource = Resource(place=place, organisation=organisation, added_by=actor, **data)
        resource.full_clean()
        resource.save()
        ResourceToolset.objects.bulk_create(
            [ResourceToolset(resource=resource, toolset=n) for n in sorted(set(toolsets))]
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=resource,
            place=place,
            organisation=organisation,
            changes={
                "title": resource.title,
                "category": resource.category,
                "toolsets": sorted(set(toolsets)),
            },
        )
    return resource


# Self-assessment ----------------------------------------------------------------------------


def shifting_version() -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.filter(framework__slug=SHIFTING, organisation=None)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError("The shifting towards impact framework has not been loaded.")
    return version


def start_self_assessment(
    *,
    actor: User,
    place: Place,
    organisation: Organisation,
    mode: str,
    round_label: str,
    round_date: date,
    visibility: str,
) -> Exercise:
    """A leadership workshop or a staff survey of the organisation, through the frameworks
    engine, so answers, the five-response rule and actions all work as for any exercise."""
    who = "Leadership workshop" if mode == Mode.WORKSHOP else "Staff survey"
    return framework_services.create_exercise(
        actor=actor,
        place=place,
        organisation=organisation,
        version=shifting_version(),
        data={
            "title": f"{who}: shifting towards impact, {round_label}",
            "mode": mode,
            "subject_type": "organisation",
            "subject_id": organisation.pk,
            "round_label": round_label,
            "round_date": round_date,
            "visibility": visibility,
            "facilitator": actor if mode == Mode.WORKSHOP else None,
        },
    )
