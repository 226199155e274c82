"""Workflows for indicators, mission indicators, targets and imports. Each runs in one
transaction and writes the audit log."""

from __future__ import annotations

import os
import secrets
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.evidence import importer
from placecraft.evidence.models import Indicator, MissionIndicator, PendingImport, Target
from placecraft.evidence.periods import PeriodError, parse_period
from placecraft.missions.models import Mission
from placecraft.places.models import Place

INDICATOR_FIELDS = [
    "name",
    "definition",
    "unit",
    "direction",
    "source",
    "source_url",
    "geography_level",
    "frequency",
    "category",
    "decimal_places",
    "visibility",
    "organisation",
]


def unique_slug(place: Place, name: str) -> str:
    base = slugify(name)[:70] or "indicator"
    slug, n = base, 2
    while Indicator.objects.filter(place=place, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_indicator(*, actor: User | None, place: Place, data: dict[str, Any]) -> Indicator:
    with transaction.atomic():
        indicator = Indicator(
            place=place, slug=data.pop("slug", None) or unique_slug(place, data["name"]), **data
        )
        indicator.full_clean()
        indicator.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=indicator,
            place=place,
            organisation=indicator.organisation,
            changes=audit.field_changes({}, audit.snapshot(indicator, INDICATOR_FIELDS)),
        )
    return indicator


def update_indicator(*, actor: User, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    with transaction.atomic():
        before = audit.snapshot(indicator, INDICATOR_FIELDS)
        for key, value in data.items():
            setattr(indicator, key, value)
        indicator.full_clean()
        indicator.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=indicator,
            place=indicator.place,
            organisation=indicator.organisation,
            changes=audit.field_changes(before, audit.snapshot(indicator, INDICATOR_FIELDS)),
        )
    return indicator


def _period_end(code: str, field: str) -> tuple[str, Any]:
    try:
        period = parse_period(code)
    except PeriodError as problem:
        raise ValidationError({field: str(problem)}) from None
    return period.code, period.end


def link_indicator(
    *,
    actor: User | None,
    mission: Mission,
    indicator: Indicator,
    data: dict[str, Any],
    targets: list[tuple[str, float]] | None = None,
) -> MissionIndicator:
    """Track ``indicator`` on ``mission`` (or change how it is tracked), with its baseline and
    targets. Periods are in the import forms (2030, 2030/31, …); a target is due at the end of
    its period."""
    with transaction.atomic():
        link = (
            MissionIndicator.objects.filter(
                mission=mission, indicator=indicator, geography_code=data.get("geography_code", "")
            ).first()
            if "pk" not in data
            else MissionIndicator.objects.get(pk=data.pop("pk"))
        )
        created = link is None
        link = link or MissionIndicator(mission=mission, indicator=indicator)
        for key, value in data.items():
            setattr(link, key, value)
        if link.baseline_period:
            link.baseline_period, link.baseline_date = _period_end(
                link.baseline_period, "baseline_period"
            )
        else:
            link.baseline_date = None
        link.full_clean()
        link.save()
        if targets is not None:
            link.targets.all().delete()
            for code, value in targets:
                canonical, due = _period_end(code, "targets")
                Target.objects.create(
                    mission_indicator=link, period=canonical, due=due, value=value
                )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=link,
            place=mission.place,
            organisation=mission.organisation,
            changes={
                "area": link.geography_code,
                "headline": link.headline,
                "baseline": f"{link.baseline_value} in {link.baseline_period}"
                if link.baseline_period
                else "",
                "targets": ", ".join(f"{v} by {p}" for p, v in (targets or [])),
                "trajectory": link.trajectory,
            },
        )
    return link


def unlink_indicator(*, actor: User | None, link: MissionIndicator) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=link,
            place=link.mission.place,
            organisation=link.mission.organisation,
        )
        link.delete()


def stage_import(
    *, actor: User, indicator: Indicator, upload: UploadedFile
) -> tuple[PendingImport, importer.ImportResult]:
    """Check an uploaded file without importing it and keep it for confirmation.

    Raises ImportFailed (and keeps nothing) when the file has problems."""
    upload.seek(0)
    result = importer.import_observations(indicator=indicator, stream=upload, dry_run=True)
    pending = PendingImport(
        indicator=indicator,
        uploaded_by=actor,
        original_name=os.path.basename(upload.name or "data.csv")[:200],
        row_count=result.rows,
    )
    upload.seek(0)
    # A random name: in DEBUG the media folder is served, and uploads must not be guessable.
    pending.file.save(f"{indicator.pk}-{secrets.token_hex(16)}.csv", upload, save=True)
    return pending, result


def confirm_import(*, actor: User, pending: PendingImport) -> importer.ImportResult:
    with pending.file.open("rb") as stream:
        result = import_file(actor=actor, indicator=pending.indicator, stream=stream)
    pending.imported_at = timezone.now()
    pending.save(update_fields=["imported_at", "updated_at"])
    pending.file.delete(save=False)
    return result


def import_file(
    *, actor: User | None, indicator: Indicator, stream: IO[bytes]
) -> importer.ImportResult:
    return importer.import_observations(indicator=indicator, stream=stream, actor=actor)
