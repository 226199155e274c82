"""Workflows for citizens' panels: pools (imported or recruited), quotas, selection runs,
replacements and the purge of pool data. The lottery itself is in ``selection.py``; the web
request only records a run and enqueues it (``tasks.run_selection_task``)."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.panels.models import (
    Category,
    Draw,
    Panel,
    PanelStatus,
    PoolContact,
    PoolMember,
    PoolSource,
    PoolTally,
    PopulationFigure,
    SeedAnnouncement,
    SelectionKind,
    SelectionRun,
    SelectionStatus,
)
from placecraft.panels.pool import Categories, Pool, PoolFormatError, Quota, Respondent
from placecraft.panels.pool import read_categories as read_categories_file
from placecraft.panels.pool import read_pool as read_pool_file
from placecraft.panels.selection import (
    DEFAULT_BACKEND,
    InfeasibleQuotas,
    Progress,
    SelectionRefused,
    replacements,
    select_panel,
    software_versions,
)
from placecraft.places.models import Organisation, Place

PANEL_FIELDS = ["title", "description", "size", "visibility", "registration_open", "method"]
# Address columns recognised in an imported people file, in the Foundation's spellings too.
ADDRESS_COLUMNS = (
    "address",
    "address1",
    "address_line_1",
    "primary_address1",
    "postcode",
    "primary_zip",
)
# At most one progress write per interval: the solver reports thousands of steps.
PROGRESS_INTERVAL = 0.5


def _record(actor: User | None, action: str, panel: Panel, changes: dict[str, Any]) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=panel,
        place=panel.place,
        organisation=panel.organisation,
        changes=changes,
    )


def new_seed() -> int:
    """A seed nobody chose: published with the panel so anyone can repeat the draw."""
    return secrets.randbelow(10**9)


def create_panel(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation,
    data: Mapping[str, Any],
    missions: Sequence[Any] = (),
) -> Panel:
    with transaction.atomic():
        panel = Panel(place=place, organisation=organisation, **data)
        panel.full_clean()
        panel.save()
        if missions:
            panel.missions.set(missions)
        _record(
            actor,
            AuditEvent.Action.CREATE,
            panel,
            audit.field_changes({}, audit.snapshot(panel, PANEL_FIELDS)),
        )
    return panel


def update_panel(
    *, actor: User, panel: Panel, data: Mapping[str, Any], missions: Sequence[Any] | None = None
) -> Panel:
    with transaction.atomic():
        before = audit.snapshot(panel, PANEL_FIELDS)
        if "method" in data and data["method"] != panel.method and panel.draws.exists():
            raise ValidationError(
                {
                    "method": _(
                        "The panel has been drawn, so its lottery method can no longer change."
                    )
                }
            )
        for key, value in data.items():
            setattr(panel, key, value)
        panel.full_clean()
        panel.save()
        if missions is not None:
            panel.missions.set(missions)
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            panel,
            audit.field_changes(before, audit.snapshot(panel, PANEL_FIELDS)),
        )
    return panel


# Quotas and pools ---------------------------------------------------------------------------


def categories_of(panel: Panel) -> Categories:
    return Categories(
        tuple(
            Quota(c.feature, c.value, c.min, c.max, c.min_flex, c.max_flex, c.order)
            for c in panel.categories.all()
        )
    )


def categories_csv(panel: Panel) -> str:
    lines = ["feature,value,min,max"]
    lines += [f"{c.feature},{c.value},{c.min},{c.max}" for c in panel.categories.all()]
    return "\n".join(lines) + "\n"


def _replace_categories(panel: Panel, categories: Categories) -> None:
    panel.categories.all().delete()
    Category.objects.bulk_create(
        Category(
            panel=panel,
            feature=q.feature,
            value=q.value,
            min=q.min,
            max=q.max,
            min_flex=q.min_flex,
            max_flex=q.max_flex,
            order=i,
        )
        for i, q in enumerate(categories.quotas)
    )


def _has_selection(panel: Panel) -> bool:
    return panel.selections.filter(status=SelectionStatus.DONE).exists()


def set_quotas(*, actor: User, panel: Panel, text: str) -> Categories:
    """Replace the quotas from ``feature,value,min,max`` text. Everyone already in the pool must
    still fit a category, so a recruited pool is never silently orphaned."""
    categories = read_categories_file(text, filename="the quotas")
    features = categories.features
    misfits = 0
    for member in panel.pool.all():
        for feature, quotas in features.items():
            if member.features.get(feature) not in {q.value for q in quotas}:
                misfits += 1
                break
    if misfits:
        raise ValidationError(
            f"{misfits} people in the pool have answers that do not match these categories. "
            "Keep the existing features and values, or import the pool again."
        )
    with transaction.atomic():
        _replace_categories(panel, categories)
        _record(actor, AuditEvent.Action.UPDATE, panel, {"quotas": categories_csv(panel)})
    return categories


def household_key(columns: Mapping[str, str], household_columns: Sequence[str]) -> str:
    folded = {k.casefold(): v for k, v in columns.items()}
    parts = [" ".join(folded.get(c.casefold(), "").split()).casefold() for c in household_columns]
    return " | ".join(parts) if any(parts) else ""


def import_pool(
    *,
    actor: User | None,
    panel: Panel,
    people: bytes | str,
    categories: bytes | str,
    people_name: str = "people.csv",
    categories_name: str = "categories.csv",
) -> int:
    """Replace the panel's quotas and pool from Sortition Foundation CSV files, all or nothing.

    Raises PoolFormatError (row-numbered) for a bad file, ValidationError once a panel has been
    selected (the published report must keep matching its pool)."""
    parsed_categories = read_categories_file(categories, filename=categories_name)
    # Read once to learn the header, then again requiring the address columns present.
    probe = read_pool_file(people, parsed_categories, filename=people_name)
    header = {name.casefold() for person in probe.respondents[:1] for name in person.columns}
    household_columns = [c for c in ADDRESS_COLUMNS if c in header]
    pool = probe
    if _has_selection(panel):
        raise ValidationError(
            "This panel has already been selected; import the pool into a new panel."
        )
    with transaction.atomic():
        panel.pool.all().delete()
        _replace_categories(panel, parsed_categories)
        PoolMember.objects.bulk_create(
            (
                PoolMember(
                    panel=panel,
                    reference=person.id,
                    features=dict(person.features),
                    household=household_key(person.columns, household_columns),
                    source=PoolSource.IMPORTED,
                    row=person.row,
                )
                for person in pool
            ),
            batch_size=500,
        )
        panel.household_columns = household_columns
        panel.status = PanelStatus.READY
        panel.save(update_fields=["household_columns", "status", "updated_at"])
        # An organiser's import is published whole: it tells nobody about one volunteer.
        publish_makeup(panel)
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            panel,
            {"pool imported": len(pool), "quotas": len(parsed_categories.quotas)},
        )
    return len(pool)


def register_volunteer(
    *,
    panel: Panel,
    answers: Mapping[str, str],
    name: str,
    email: str,
    phone: str = "",
    address: str = "",
    postcode: str = "",
    user: User | None = None,
) -> PoolMember:
    """A resident volunteers: their answers go into the pool under a reference, their contact
    details into a separate record (with the time they consented)."""
    if not panel.registration_open:
        raise ValidationError("Registration for this panel has closed.")
    allowed = categories_of(panel).features
    for feature, quotas in allowed.items():
        if answers.get(feature) not in {q.value for q in quotas}:
            raise ValidationError(f"Answer the question “{feature}”.")
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        count = PoolMember.objects.filter(panel=locked).count()
        reference = f"V{count + 1:05d}"
        while PoolMember.objects.filter(panel=locked, reference=reference).exists():
            count += 1
            reference = f"V{count + 1:05d}"
        member = PoolMember.objects.create(
            panel=locked,
            reference=reference,
            features={feature: answers[feature] for feature in allowed},
            household=household_key({"address": address, "postcode": postcode}, ["address"])
            if address
            else "",
            source=PoolSource.REGISTERED,
        )
        PoolContact.objects.create(
            member=member,
            user=user if user is not None and user.is_authenticated else None,
            name=name,
            email=email.strip().lower(),
            phone=phone,
            address=address,
            postcode=postcode.strip().upper(),
            consent_at=timezone.now(),
        )
        if address and "address" not in locked.household_columns:
            locked.household_columns = [*locked.household_columns, "address"]
            locked.save(update_fields=["household_columns", "updated_at"])
        if PoolMember.objects.filter(panel=locked).count() % PUBLISH_STEP == 0:
            publish_makeup(locked)
    return member


def load_pool(panel: Panel, *, exclude_withdrawn: bool = False) -> tuple[Pool, Categories]:
    """The panel's pool and quotas in the shapes the lottery reads."""
    categories = categories_of(panel)
    members = PoolMember.objects.filter(panel=panel).order_by("reference")
    if exclude_withdrawn:
        members = members.filter(withdrawn=False)
    respondents = tuple(
        Respondent(m.reference, m.row, dict(m.features), {"household": m.household})
        for m in members
    )
    return Pool(respondents), categories


def fingerprint(pool: Pool, categories: Categories) -> str:
    """SHA-256 of the pool (each person's reference, answers and household) and the quotas,
    written as compact JSON with sorted keys, people in reference order and quotas in their
    order. Anyone holding the same pool and quotas gets the same 64 hex digits; any change to
    either gives different ones."""
    document = {
        "pool": sorted(
            [person.id, dict(person.features), person.columns.get("household", "")]
            for person in pool
        ),
        "quotas": [
            [q.feature, q.value, q.min, q.max, q.min_flex, q.max_flex] for q in categories.quotas
        ],
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def pool_fingerprint(panel: Panel) -> str:
    """The fingerprint of the panel's pool and quotas as they are now."""
    return fingerprint(*load_pool(panel))


# Selection ----------------------------------------------------------------------------------


def _refuse_if_running(panel: Panel) -> None:
    running = panel.selections.filter(
        status__in=[SelectionStatus.QUEUED, SelectionStatus.RUNNING]
    ).exists()
    if running:
        raise ValidationError("A selection for this panel is already running.")


def pending_announcement(panel: Panel) -> SeedAnnouncement | None:
    """The seed published for the next draw, if one has been published and not yet used."""
    return panel.seed_announcements.filter(draws__isnull=True).order_by("-announced_at").first()


def announce_seed(
    *, actor: User, panel: Panel, seed: int, published_where: str
) -> SeedAnnouncement:
    """Fix the seed of the panel's next draw and say where it was made public. It cannot be
    replaced until a draw has used it."""
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        pending = pending_announcement(locked)
        if pending is not None:
            raise ValidationError(
                _(
                    "The seed %(seed)s has already been published for the next draw. It cannot "
                    "be changed; it is used by the next draw."
                )
                % {"seed": pending.seed}
            )
        announcement = SeedAnnouncement.objects.create(
            panel=locked,
            seed=seed,
            published_where=published_where.strip(),
            announced_by=actor,
        )
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            locked,
            {"seed published": {"seed": seed, "where": announcement.published_where}},
        )
    return announcement


def _seed_for_draw(panel: Panel, seed: int | None) -> tuple[int, SeedAnnouncement | None]:
    """The published seed when there is one (a different seed is refused), else the seed
    given, else a new one."""
    announcement = pending_announcement(panel)
    if announcement is None:
        return (new_seed() if seed is None else seed), None
    if seed is not None and seed != announcement.seed:
        raise ValidationError(
            _("The seed %(seed)s was published before this draw, so the draw must use it.")
            % {"seed": announcement.seed}
        )
    return announcement.seed, announcement


def panel_needs_reason(panel: Panel) -> bool:
    """Whether the panel has been drawn already, so drawing it again needs a reason."""
    return panel.draws.filter(kind=SelectionKind.PANEL).exists()


REDRAW_WITHOUT_REASON = gettext_noop(
    "This panel has already been drawn. Say why it is being drawn again: the earlier draw "
    "stays on the record."
)


def request_selection(
    *,
    actor: User | None,
    panel: Panel,
    size: int,
    seed: int | None = None,
    reason: str = "",
    method: str | None = None,
    background: bool = True,
) -> SelectionRun:
    """Record a selection run and hand it to the worker once this transaction commits (or, with
    ``background=False``, leave it for the caller to run, as the command line does).

    A panel already drawn is drawn again only with a reason; a seed published beforehand is
    the seed used. The lottery method is the panel's; ``method`` (from the command line) may
    choose it only before the panel's first draw, after which it is fixed."""
    if panel.status == PanelStatus.PURGED:
        raise ValidationError("The pool data has been purged; no new selection is possible.")
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        _refuse_if_running(locked)
        if not locked.pool.exists():
            raise ValidationError("The pool is empty: import a pool or open registration first.")
        if panel_needs_reason(locked) and not reason.strip():
            raise ValidationError(_(REDRAW_WITHOUT_REASON))
        seed, announcement = _seed_for_draw(locked, seed)
        if method is not None and method != locked.method:
            if locked.draws.exists():
                raise ValidationError(
                    _(
                        "The panel was drawn by %(method)s, so it is drawn again by %(method)s: "
                        "the method is fixed at the first draw."
                    )
                    % {"method": locked.method}
                )
            before = audit.snapshot(locked, PANEL_FIELDS)
            locked.method = method
            locked.full_clean()
            locked.save(update_fields=["method"])
            _record(
                actor,
                AuditEvent.Action.UPDATE,
                locked,
                audit.field_changes(before, audit.snapshot(locked, PANEL_FIELDS)),
            )
        run = SelectionRun.objects.create(
            panel=locked,
            kind=SelectionKind.PANEL,
            size=size,
            seed=seed,
            algorithm=locked.method,
            reason=reason.strip(),
            seed_announcement=announcement,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
            message="Waiting for the worker to start",
        )
        _record(actor, AuditEvent.Action.UPDATE, panel, {"selection requested": {"seed": seed}})
        if background:
            _enqueue(run.pk)
    return run


def request_replacements(
    *,
    actor: User | None,
    panel: Panel,
    withdrawn: Sequence[str],
    seed: int | None = None,
    reason: str = "",
) -> SelectionRun:
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        _refuse_if_running(locked)
        on_panel = set(
            locked.pool.filter(selected=True, withdrawn=False).values_list("reference", flat=True)
        )
        unknown = sorted(set(withdrawn) - on_panel)
        if not withdrawn or unknown:
            raise ValidationError("Choose people who are on the panel.")
        seed, announcement = _seed_for_draw(locked, seed)
        run = SelectionRun.objects.create(
            panel=locked,
            kind=SelectionKind.REPLACEMENT,
            size=len(withdrawn),
            seed=seed,
            algorithm=locked.method,
            reason=reason.strip(),
            seed_announcement=announcement,
            withdrawn=sorted(withdrawn),
            requested_by=actor if actor is not None and actor.is_authenticated else None,
            message="Waiting for the worker to start",
        )
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            panel,
            {"replacements requested": {"seed": seed, "withdrawn": sorted(withdrawn)}},
        )
        _enqueue(run.pk)
    return run


def _enqueue(run_id: int) -> None:
    from placecraft.panels.tasks import run_selection_task

    transaction.on_commit(lambda: run_selection_task.enqueue(run_id))


def _progress_writer(run_id: int) -> Callable[[Progress], None]:
    last = [0.0]

    def write(progress: Progress) -> None:
        now = time.monotonic()
        if progress.stage not in ("checking", "done") and now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        SelectionRun.objects.filter(pk=run_id).update(
            stage=progress.stage[:60],
            message=progress.message[:300],
            current=progress.current,
            total=progress.total,
        )

    return write


def run_selection(
    run_id: int,
    *,
    progress: Callable[[Progress], None] | None = None,
    from_command_line: bool = False,
) -> SelectionRun:
    """Run a recorded selection: called by the worker (and by ``select_panel``). Infeasible
    quotas are stored as the run's outcome with their explanation, not raised. A run that
    would draw an already drawn panel again without a reason is refused."""
    run = SelectionRun.objects.select_related("panel__place", "panel__organisation").get(pk=run_id)
    panel = run.panel
    if run.kind == SelectionKind.PANEL and not run.reason.strip() and panel_needs_reason(panel):
        selection_failed(run_id, _(REDRAW_WITHOUT_REASON))
        return SelectionRun.objects.get(pk=run_id)
    run.started_at = timezone.now()
    SelectionRun.objects.filter(pk=run_id).update(
        status=SelectionStatus.RUNNING, started_at=run.started_at, message="Starting"
    )
    writer = _progress_writer(run_id)

    def report(p: Progress) -> None:
        writer(p)
        if progress is not None:
            progress(p)

    household = ["household"] if panel.household_columns else None
    try:
        if run.kind == SelectionKind.REPLACEMENT:
            pool, categories = load_pool(panel)
            pool_hash = fingerprint(pool, categories)
            current = list(
                panel.pool.filter(selected=True, withdrawn=False).values_list(
                    "reference", flat=True
                )
            )
            draw = replacements(
                current,
                run.size,
                pool=pool,
                categories=categories,
                withdrawn=run.withdrawn,
                seed=run.seed,
                household_key=household,
                algorithm=run.algorithm,
                progress=report,
            )
            outcome: dict[str, Any] = {
                "selected": list(draw.replacements),
                "probabilities": draw.probabilities,
                "quotas": [_quota_json(q) for q in draw.quotas],
                "pool_size": len(draw.probabilities),
                "software": software_versions(DEFAULT_BACKEND, run.algorithm),
                "pool_hash": pool_hash,
            }
            new_panel = set(draw.panel)
        else:
            pool, categories = load_pool(panel)
            pool_hash = fingerprint(pool, categories)
            selection = select_panel(
                pool,
                categories,
                size=run.size,
                seed=run.seed,
                household_key=household,
                algorithm=run.algorithm,
                progress=report,
            )
            outcome = {
                "selected": list(selection.selected),
                "probabilities": selection.probabilities,
                "quotas": [_quota_json(q) for q in selection.quotas],
                "pool_size": len(pool),
                "software": selection.software,
                "pool_hash": pool_hash,
                "distribution": {
                    "groups": [list(group) for group in selection.groups],
                    "panels": [
                        [[list(pair) for pair in take], probability]
                        for take, probability in selection.panels
                    ],
                },
            }
            new_panel = set(selection.selected)
    except (InfeasibleQuotas, SelectionRefused) as error:
        problems = list(getattr(error, "problems", ())) or [str(error)]
        suggestions = list(getattr(error, "suggestions", ()))
        SelectionRun.objects.filter(pk=run_id).update(
            status=SelectionStatus.INFEASIBLE,
            finished_at=timezone.now(),
            problems=problems,
            suggestions=suggestions,
            message="The quotas cannot all be met",
        )
        return SelectionRun.objects.get(pk=run_id)
    _store_outcome(run, outcome, new_panel, from_command_line=from_command_line)
    return SelectionRun.objects.get(pk=run_id)


def _quota_json(check: Any) -> dict[str, Any]:
    return {
        "feature": check.feature,
        "value": check.value,
        "min": check.min,
        "max": check.max,
        "in_pool": check.in_pool,
        "selected": check.selected,
        "met": check.met,
    }


def _store_outcome(
    run: SelectionRun, outcome: dict[str, Any], new_panel: set[str], *, from_command_line: bool
) -> None:
    panel = run.panel
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        started = run.started_at or timezone.now()
        finished = timezone.now()
        last = locked.draws.aggregate(last=Max("number"))["last"] or 0
        # The public record of this draw, written once (the database refuses changes to it).
        Draw.objects.create(
            panel=locked,
            number=last + 1,
            kind=run.kind,
            run=run,
            seed=run.seed,
            seed_announcement_id=run.seed_announcement_id,
            pool_hash=outcome["pool_hash"],
            pool_size=outcome["pool_size"],
            size=run.size,
            algorithm=run.algorithm,
            software=outcome.get("software", ""),
            run_by_id=run.requested_by_id,
            from_command_line=from_command_line,
            drawn_at=finished,
            reason=run.reason,
            withdrawn=list(run.withdrawn),
            selected=list(outcome["selected"]),
        )
        SelectionRun.objects.filter(pk=run.pk).update(
            pool_hash=outcome["pool_hash"],
            status=SelectionStatus.DONE,
            finished_at=finished,
            seconds=(finished - started).total_seconds(),
            selected=outcome["selected"],
            probabilities=outcome["probabilities"],
            quotas=outcome["quotas"],
            pool_size=outcome["pool_size"],
            software=outcome.get("software", ""),
            distribution=outcome.get("distribution", {}),
            stage="done",
            message=f"Selected {len(outcome['selected'])} people",
        )
        members = list(panel.pool.all())
        for member in members:
            if run.kind == SelectionKind.PANEL:
                member.selected = member.reference in new_panel
                member.withdrawn = False
                member.probability = outcome["probabilities"].get(member.reference, 0.0)
            else:
                if member.reference in run.withdrawn:
                    member.withdrawn = True
                if member.reference in outcome["selected"]:
                    member.selected = True
        PoolMember.objects.bulk_update(
            members, ["selected", "withdrawn", "probability"], batch_size=500
        )
        Panel.objects.filter(pk=panel.pk).update(status=PanelStatus.SELECTED)
        _record(
            run.requested_by,
            AuditEvent.Action.UPDATE,
            panel,
            {run.kind: {"seed": run.seed, "selected": outcome["selected"]}},
        )


def selection_failed(run_id: int, message: str) -> None:
    SelectionRun.objects.filter(pk=run_id).update(
        status=SelectionStatus.FAILED, finished_at=timezone.now(), message=message[:300]
    )


def latest_selection(panel: Panel) -> SelectionRun | None:
    return (
        panel.selections.filter(kind=SelectionKind.PANEL, status=SelectionStatus.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


# Published make-up of a pool ------------------------------------------------------------------

# The public pages describe the pool as it was when it last reached a multiple of PUBLISH_STEP
# people (or was imported), so the figures move only when ten more have joined, never with one
# registration; and a group of fewer than SMALLEST_GROUP is never given as a number.
PUBLISH_STEP = 10
SMALLEST_GROUP = 5


def publish_makeup(panel: Panel) -> None:
    """Bring the published make-up up to date with the whole pool, read from its tallies."""
    makeup: dict[str, dict[str, int]] = {}
    size = panel.pool.count()
    for features, n in PoolTally.objects.filter(panel=panel).values_list("features", "n"):
        for feature, value in features.items():
            makeup.setdefault(feature, {})
            makeup[feature][value] = makeup[feature].get(value, 0) + n
    panel.published_size, panel.published_makeup = size, makeup
    Panel.objects.filter(pk=panel.pk).update(published_size=size, published_makeup=makeup)


@dataclass(frozen=True)
class PoolFigures:
    size: int  # how many people the figures describe: a multiple of PUBLISH_STEP
    counts: dict[tuple[str, str], int]

    def count(self, feature: str, value: str) -> int | None:
        """How many of them gave this answer; None for a group too small to publish."""
        n = self.counts.get((feature, value), 0)
        return n if n >= SMALLEST_GROUP else None

    def share(self, feature: str, value: str) -> float | None:
        n = self.count(feature, value)
        return None if n is None or not self.size else 100 * n / self.size


def published_pool_figures(panel: Panel) -> PoolFigures:
    """The pool's make-up as the public pages may show it (see PUBLISH_STEP)."""
    counts = {
        (feature, value): n
        for feature, values in panel.published_makeup.items()
        for value, n in values.items()
    }
    return PoolFigures(panel.published_size, counts)


# Retention ----------------------------------------------------------------------------------


def purge_due(*, now: datetime | None = None) -> list[Panel]:
    """Panels whose pool data has been kept as long as promised after selection."""
    now = now or timezone.now()
    due = []
    for panel in Panel.objects.filter(purged_at__isnull=True, status=PanelStatus.SELECTED):
        last = latest_selection(panel)
        if (
            last
            and last.finished_at
            and last.finished_at + timedelta(days=panel.retention_days) <= now
        ):
            due.append(panel)
    return due


def purge_pool(*, actor: User | None, panel: Panel) -> int:
    """Delete every contact record and the answers of people not selected. The published
    report (seed, quotas, every reference's probability) is kept on the selection runs."""
    with transaction.atomic():
        contacts = PoolContact.objects.filter(member__panel=panel).delete()[0]
        unselected = panel.pool.filter(selected=False).delete()[0]
        panel.status = PanelStatus.PURGED
        panel.registration_open = False
        panel.purged_at = timezone.now()
        panel.save(update_fields=["status", "registration_open", "purged_at", "updated_at"])
        _record(
            actor,
            AuditEvent.Action.DELETE,
            panel,
            {"contacts purged": contacts, "unselected answers purged": unselected},
        )
    return contacts + unselected


# Population figures -------------------------------------------------------------------------


def set_population(*, actor: User, place: Place, text: str) -> int:
    """Replace the place's population figures from ``feature,value,share[,source]`` lines."""
    rows: list[PopulationFigure] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.strip().splitlines(), start=1):
        cells = [c.strip() for c in line.split(",")]
        if number == 1 and cells[:3] == ["feature", "value", "share"]:
            continue
        if len(cells) < 3 or not cells[0] or not cells[1]:
            errors.append(f"Line {number}: give a feature, a value and a share.")
            continue
        try:
            share = float(cells[2].rstrip("%"))
        except ValueError:
            errors.append(f"Line {number}: “{cells[2]}” is not a number.")
            continue
        if not 0 <= share <= 100:
            errors.append(f"Line {number}: a share is a percentage from 0 to 100.")
            continue
        if (cells[0], cells[1]) in seen:
            errors.append(f"Line {number}: {cells[0]} = {cells[1]} is given twice.")
            continue
        seen.add((cells[0], cells[1]))
        rows.append(
            PopulationFigure(
                place=place,
                feature=cells[0],
                value=cells[1],
                share=Decimal(str(round(share, 2))),
                source=",".join(cells[3:])[:300],
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        PopulationFigure.objects.filter(place=place).delete()
        PopulationFigure.objects.bulk_create(rows)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=place,
            place=place,
            changes={"population figures": len(rows)},
        )
    return len(rows)


def population_text(place: Place) -> str:
    lines = ["feature,value,share,source"]
    lines += [
        f"{f.feature},{f.value},{f.share},{f.source}"
        for f in PopulationFigure.objects.filter(place=place)
    ]
    return "\n".join(lines) + "\n"


__all__ = ["PoolFormatError"]
