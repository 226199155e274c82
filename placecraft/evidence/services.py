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
from placecraft.evidence.models import (
    ImportStatus,
    Indicator,
    MissionIndicator,
    PendingImport,
    Target,
)
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


# Imports -------------------------------------------------------------------------------------
#
# The web import runs in two background tasks so no request waits on a big file: upload
# (start_import) → check_import (a dry run that counts, checks every row and builds the preview)
# → the uploader confirms (confirm_import) → run_import. Each stage records its state and
# progress on the PendingImport row, which the progress page shows.

ERRORS_KEPT = importer.MAX_ERRORS


def _rows_in(pending: PendingImport) -> int:
    """Lines in the file less the header, counted in big chunks: a good estimate of the rows
    (blank lines and quoted line breaks aside) in a fraction of a second for a million rows."""
    lines, last = 0, b"\n"
    with pending.file.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def summary_of(result: importer.ImportResult) -> dict[str, Any]:
    return {
        "rows": result.rows,
        "added": result.added,
        "replaced": result.replaced,
        "geographies": result.geographies,
        "first_period": result.first_period,
        "last_period": result.last_period,
        "seconds": round(result.seconds, 1),
        "preview": [
            {
                "row": row[0],
                "area": row[1],
                "period": row[2],
                "value": row[5],
                "lower": row[6],
                "upper": row[7],
            }
            for row in result.preview
        ],
    }


def _save_file(pending: PendingImport, indicator: Indicator, upload: UploadedFile) -> None:
    upload.seek(0)
    # A random name: in DEBUG the media folder is served, and uploads must not be guessable.
    pending.file.save(f"{indicator.pk}-{secrets.token_hex(16)}.csv", upload, save=True)


def start_import(*, actor: User, indicator: Indicator, upload: UploadedFile) -> PendingImport:
    """Keep an uploaded file and queue its check; nothing is read in the request."""
    from placecraft.evidence.tasks import check_import_task

    with transaction.atomic():
        pending = PendingImport(
            indicator=indicator,
            uploaded_by=actor,
            original_name=os.path.basename(upload.name or "data.csv")[:200],
            status=ImportStatus.QUEUED,
            message="Waiting for a worker to check the file.",
        )
        _save_file(pending, indicator, upload)
        pending_id = pending.pk
        transaction.on_commit(lambda: check_import_task.enqueue(pending_id))
    return pending


def progress_recorder(pending_id: int) -> importer.Progress:
    """Progress for the importer: one UPDATE of the upload's row each time it reports (every
    importer.PROGRESS_EVERY rows), committed at once so the progress page sees it."""

    def record(rows: int, what: str) -> None:
        PendingImport.objects.filter(pk=pending_id).update(rows_done=rows, message=f"{what}.")

    return record


def _reject(pending: PendingImport, failure: importer.ImportFailed) -> None:
    pending.status = ImportStatus.REJECTED
    pending.errors = [{"row": e.row, "message": e.message} for e in failure.errors[:ERRORS_KEPT]]
    pending.error_count = failure.total
    pending.message = "The file has problems, so nothing was imported."
    # The file is of no further use: the person fixes it and uploads it again.
    pending.file.delete(save=False)
    pending.save(update_fields=["status", "errors", "error_count", "message", "file", "updated_at"])


def check_import(pending_id: int) -> PendingImport:
    """The first task: count the rows, check every one and record the preview (or the
    problems). Nothing is written to the observations."""
    pending = PendingImport.objects.select_related("indicator").get(pk=pending_id)
    if pending.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
        return pending  # already checked (a task run twice)
    pending.status = ImportStatus.CHECKING
    pending.rows_done = 0
    pending.row_count = _rows_in(pending)
    pending.message = "Reading the file."
    pending.save(update_fields=["status", "rows_done", "row_count", "message", "updated_at"])
    try:
        with pending.file.open("rb") as stream:
            result = importer.import_observations(
                indicator=pending.indicator,
                stream=stream,
                dry_run=True,
                progress=progress_recorder(pending.pk),
            )
    except importer.ImportFailed as failure:
        _reject(pending, failure)
        return pending
    pending.status = ImportStatus.CHECKED
    pending.row_count = pending.rows_done = result.rows
    pending.summary = summary_of(result)
    pending.message = "Every row passed the checks."
    pending.save(
        update_fields=["status", "row_count", "rows_done", "summary", "message", "updated_at"]
    )
    return pending


def confirm_import(*, actor: User, pending: PendingImport) -> PendingImport:
    """Queue the import of a checked file. Raises ValidationError unless it is waiting for
    confirmation (so a second click, or a stale page, imports nothing twice)."""
    from placecraft.evidence.tasks import run_import_task

    with transaction.atomic():
        claimed = PendingImport.objects.filter(pk=pending.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORT_QUEUED,
            rows_done=0,
            message="Waiting for a worker to import the figures.",
            updated_at=timezone.now(),
        )
        if not claimed:
            raise ValidationError("This file is not waiting to be imported.")
        transaction.on_commit(lambda: run_import_task.enqueue(pending.pk))
    pending.refresh_from_db()
    return pending


def run_import(pending_id: int) -> PendingImport:
    """The second task: import the confirmed file, all or nothing."""
    pending = PendingImport.objects.select_related("indicator", "uploaded_by").get(pk=pending_id)
    if pending.status not in (ImportStatus.IMPORT_QUEUED, ImportStatus.IMPORTING):
        return pending
    pending.status = ImportStatus.IMPORTING
    pending.rows_done = 0
    pending.message = "Reading the file."
    pending.save(update_fields=["status", "rows_done", "message", "updated_at"])
    try:
        with pending.file.open("rb") as stream:
            result = importer.import_observations(
                indicator=pending.indicator,
                stream=stream,
                actor=pending.uploaded_by,
                progress=progress_recorder(pending.pk),
            )
    except importer.ImportFailed as failure:
        _reject(pending, failure)
        return pending
    pending.status = ImportStatus.DONE
    pending.rows_done = pending.row_count = result.rows
    pending.summary = summary_of(result)
    pending.imported_at = timezone.now()
    pending.message = (
        f"{result.rows:,} figure{'s' if result.rows != 1 else ''} imported "
        f"({result.added:,} new, {result.replaced:,} replaced)."
    )
    pending.file.delete(save=False)
    pending.save()
    return pending


def import_failed(pending_id: int, message: str) -> None:
    """Record that a task broke (a bug or an outage, not a problem in the file)."""
    PendingImport.objects.filter(pk=pending_id).update(
        status=ImportStatus.FAILED, message=message[:500], updated_at=timezone.now()
    )


def import_file(
    *, actor: User | None, indicator: Indicator, stream: IO[bytes]
) -> importer.ImportResult:
    return importer.import_observations(indicator=indicator, stream=stream, actor=actor)
