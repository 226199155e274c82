"""Workflows for participatory budgeting. Each runs in one transaction and writes the audit log;
counting is queued as a background task once the transaction that closes voting has committed.

Ballots never go into the audit log with their content (the vote is secret); the log records
that a ballot was cast on paper, or that codes were issued, without saying how anyone voted.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from placecraft.budgeting import counting
from placecraft.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotType,
    Channel,
    CodeBatch,
    CountStatus,
    Feasibility,
    PaperEntry,
    PaperStatus,
    Phase,
    Project,
    ProjectResult,
    Round,
    Rule,
    VotingCode,
    hash_code,
    new_code,
    phase_index,
)
from placecraft.budgeting.pabulib import Election, Voter
from placecraft.budgeting.pabulib import Project as PbProject
from placecraft.core import audit
from placecraft.core.listing import money
from placecraft.core.models import AuditEvent

if TYPE_CHECKING:
    from placecraft.accounts.models import User
    from placecraft.places.models import Organisation, Place

ROUND_FIELDS = [
    "title",
    "summary",
    "visibility",
    "budget",
    "currency",
    "area_name",
    "areas",
    "ideas_from",
    "feasibility_from",
    "voting_from",
    "voting_until",
    "results_from",
    "delivery_from",
    "ballot_type",
    "min_choices",
    "max_choices",
    "points_per_voter",
    "max_points_per_project",
    "rule",
    "min_score",
    "tie_break",
    "tie_seed",
    "allow_changes",
    "min_age",
]
PROJECT_FIELDS = [
    "title",
    "description",
    "cost",
    "category",
    "area",
    "location",
    "feasibility",
    "feasibility_reason",
]

# The pabulib META name of each of our rules, for export and for ``count_pb --rule recorded``.
PABULIB_RULE = {
    Rule.MES: "equalshares/add1",
    Rule.GREEDY: "greedy",
    Rule.GREEDY_THRESHOLD: "greedy-threshold",
    Rule.GREEDY_NO_SKIP: "greedy-no-skip",
}


class VoteRefused(ValidationError):
    """A ballot that cannot be accepted, with a message that can be shown to the voter."""


NOT_A_CODE = "This is not a voting code for this vote. Check you typed it as printed."


class CodeAlreadyUsed(VoteRefused):
    def __init__(self) -> None:
        super().__init__(
            "This voting code has already been used. Each code can be used once. If you did not "
            "use it, contact the council."
        )


# --------------------------------------------------------------------------------------------
# Rounds and projects
# --------------------------------------------------------------------------------------------


def _round_snapshot(round: Round) -> dict[str, Any]:
    return audit.snapshot(round, ROUND_FIELDS)


def create_round(
    *, actor: User | None, place: Place, organisation: Organisation, data: dict[str, Any]
) -> Round:
    missions = data.pop("missions", None)
    with transaction.atomic():
        round = Round(place=place, organisation=organisation, **data)
        round.full_clean()
        round.save()
        if missions is not None:
            round.missions.set(missions)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=round,
            place=place,
            organisation=organisation,
            changes=audit.field_changes({}, _round_snapshot(round)),
        )
    return round


def update_round(*, actor: User, round: Round, data: dict[str, Any]) -> Round:
    """Change a round's details. Its ballot settings (``Round.LOCKED_FIELDS``) refuse to change
    once voting has opened: checked here against the stored row, and again by ``full_clean``."""
    missions = data.pop("missions", None)
    with transaction.atomic():
        stored = Round.objects.select_for_update().get(pk=round.pk)
        if stored.is_locked:
            changed = [
                name
                for name in Round.LOCKED_FIELDS
                if name in data and data[name] != getattr(stored, name)
            ]
            if changed:
                raise ValidationError(
                    {
                        name: "This was locked when voting opened and cannot change."
                        for name in changed
                    }
                )
        before = _round_snapshot(stored)
        for key, value in data.items():
            setattr(stored, key, value)
        stored.full_clean()
        stored.save()
        if missions is not None:
            stored.missions.set(missions)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=stored,
            place=stored.place,
            organisation=stored.organisation,
            changes=audit.field_changes(before, _round_snapshot(stored)),
        )
    return stored


def set_phase(*, actor: User | None, round: Round, phase: str) -> Round:
    """Move a round to another phase. Phases go forward only, except between ideas and
    feasibility; voting can open only with projects on the ballot. Closing voting (moving to
    counting) queues the count."""
    if phase not in PHASE_ORDER:
        raise ValidationError("Choose a phase from the list.")
    with transaction.atomic():
        stored = Round.objects.select_for_update().get(pk=round.pk)
        old = stored.phase
        if phase == old:
            return stored
        early = {Phase.IDEAS, Phase.FEASIBILITY}
        if phase_index(phase) < phase_index(old) and not (old in early and phase in early):
            raise ValidationError(
                f"A round cannot go back from {stored.get_phase_display().lower()}."
            )
        if phase_index(phase) >= phase_index(Phase.VOTING) and not stored.is_locked:
            if not stored.projects.filter(feasibility=Feasibility.FEASIBLE).exists():
                raise ValidationError(
                    "Mark at least one project as feasible before voting opens: only feasible "
                    "projects are on the ballot."
                )
            stored.full_clean()
        stored.phase = phase
        closing = phase_index(old) <= phase_index(Phase.VOTING) < phase_index(phase)
        if closing:
            stored.count_status = CountStatus.QUEUED
            stored.count_progress = 0
            stored.count_message = "Waiting for a worker to start counting."
        stored.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=stored,
            place=stored.place,
            organisation=stored.organisation,
            changes={"phase": {"from": old, "to": phase}},
        )
        if closing:
            _enqueue_count(stored.pk)
    return stored


def _enqueue_count(round_id: int) -> None:
    from placecraft.budgeting.tasks import count_round_task

    transaction.on_commit(lambda: count_round_task.enqueue(round_id))


def recount(*, actor: User, round: Round) -> Round:
    """Count a closed round again (after a failure, or after paper ballots were confirmed)."""
    if not round.is_closed:
        raise ValidationError("Votes can only be counted once voting has closed.")
    with transaction.atomic():
        Round.objects.filter(pk=round.pk).update(
            count_status=CountStatus.QUEUED,
            count_progress=0,
            count_message="Waiting for a worker to start counting.",
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=round,
            place=round.place,
            organisation=round.organisation,
            changes={"count": "requested"},
        )
        _enqueue_count(round.pk)
    round.refresh_from_db()
    return round


def _next_reference(round: Round) -> str:
    numbers = [int(r) for r in round.projects.values_list("reference", flat=True) if r.isdigit()]
    return str(max(numbers, default=0) + 1)


def create_project(
    *,
    actor: User | None,
    round: Round,
    title: str,
    cost: int,
    description: str = "",
    category: str = "",
    area: str = "",
    location: str = "",
    feasibility: str = Feasibility.PENDING,
    feasibility_reason: str = "",
    reference: str = "",
) -> Project:
    """Add a project to a round: for officers entering projects, and for the ideas process
    (issue 8) turning an idea into a project. Refused once voting has opened, because the
    ballot must be the same for every voter."""
    with transaction.atomic():
        stored = Round.objects.select_for_update().get(pk=round.pk)
        if stored.is_locked:
            raise ValidationError("Projects cannot be added once voting has opened.")
        project = Project(
            round=stored,
            reference=reference or _next_reference(stored),
            title=title,
            description=description,
            cost=cost,
            category=category,
            area=area,
            location=location,
            feasibility=feasibility,
            feasibility_reason=feasibility_reason,
        )
        project.full_clean()
        project.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=project,
            place=stored.place,
            organisation=stored.organisation,
            changes=audit.field_changes({}, audit.snapshot(project, PROJECT_FIELDS)),
        )
    return project


def update_project(*, actor: User, project: Project, data: dict[str, Any]) -> Project:
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=project.round_id)
        project = Project.objects.get(pk=project.pk)
        before = audit.snapshot(project, PROJECT_FIELDS)
        if round.is_locked:
            # The ballot is fixed once voting opens: words may be corrected, the rest may not.
            fixed = [k for k in ("cost", "feasibility") if k in data and data[k] != before[k]]
            if fixed:
                raise ValidationError(
                    {k: "This cannot change once voting has opened." for k in fixed}
                )
        for key, value in data.items():
            setattr(project, key, value)
        project.full_clean()
        project.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=project,
            place=round.place,
            organisation=round.organisation,
            changes=audit.field_changes(before, audit.snapshot(project, PROJECT_FIELDS)),
        )
    return project


# --------------------------------------------------------------------------------------------
# Voting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """A voter's choices: project ids in the voter's order, and points for cumulative ballots."""

    projects: tuple[int, ...]
    points: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Eligibility:
    area: str = ""
    connection: str = ""
    confirmed_age: bool = False


def choice_problems(
    round: Round, choices: Choices, costs: dict[int, int] | None = None
) -> list[str]:
    """Every way the choices break the round's rules, so a voter can fix them all at once."""
    if costs is None:
        costs = dict(
            round.projects.filter(feasibility=Feasibility.FEASIBLE).values_list("pk", "cost")
        )
    chosen = choices.projects
    problems: list[str] = []
    if len(set(chosen)) != len(chosen):
        problems.append("Choose each project once.")
    if any(p not in costs for p in chosen):
        # Nothing else can be checked against projects that are not on the ballot.
        return [*problems, "Choose only projects on this ballot."]
    if round.ballot_type == BallotType.CUMULATIVE:
        points = choices.points or ()
        if len(points) != len(chosen) or any(p <= 0 for p in points):
            problems.append("Give each project you choose at least one point.")
        total = round.points_per_voter or 0
        if sum(points) > total:
            problems.append(f"You have {total} points to share out; you gave {sum(points)}.")
        most = round.max_points_per_project
        if most and any(p > most for p in points):
            problems.append(f"Give any one project at most {most} points.")
    elif choices.points is not None:
        problems.append("This ballot does not use points.")
    if len(chosen) < round.min_choices:
        problems.append(
            f"Choose at least {round.min_choices} project{'s' if round.min_choices != 1 else ''}."
        )
    if round.max_choices is not None and len(chosen) > round.max_choices:
        problems.append(f"Choose at most {round.max_choices} projects.")
    if round.ballot_type == BallotType.KNAPSACK:
        spent = sum(costs[p] for p in chosen)
        if spent > round.budget:
            problems.append(
                f"The projects you chose cost {money(spent, round.currency)} together, more "
                f"than the budget of {money(round.budget, round.currency)}. Remove some to fit."
            )
    return problems


def check_choices(round: Round, choices: Choices, costs: dict[int, int] | None = None) -> None:
    """Raise VoteRefused, naming every problem, unless the choices are a valid ballot."""
    problems = choice_problems(round, choices, costs)
    if problems:
        raise VoteRefused(problems)


def code_problem(round: Round, code: str) -> str:
    """Why a voting code cannot be used in this round, or "" when it can (for now: casting
    the ballot checks again under a lock)."""
    found = find_code(round, code)
    if found is None:
        return NOT_A_CODE
    if found.used_at is not None:
        return CodeAlreadyUsed().messages[0]
    return ""


def check_eligibility(round: Round, eligibility: Eligibility) -> None:
    if round.min_age and not eligibility.confirmed_age:
        raise VoteRefused(f"Confirm that you are {round.min_age} or older to vote.")
    if not eligibility.connection:
        raise VoteRefused(
            f"Say whether you live, work or study in {round.area_name or 'the area'}."
        )
    if round.areas and eligibility.area not in round.areas:
        raise VoteRefused("Choose your neighbourhood from the list.")


def _still_open(round_id: int) -> None:
    # Read after the ballot row is written: the insert holds a key-share lock on the round, and
    # the count takes FOR UPDATE on it before reading ballots, so a ballot either commits
    # before the count reads (and is counted) or sees that voting has closed and rolls back.
    if not Round.objects.filter(pk=round_id, phase=Phase.VOTING).exists():
        raise VoteRefused("Voting has closed.")


def _hold_round_for_ballot(round_id: int) -> None:
    """Take on the round the lock that inserting a ballot takes through its foreign key
    (FOR KEY SHARE on PostgreSQL), so replacing a ballot blocks closing and counting (FOR
    UPDATE on the round) exactly as casting one does. SQLite serialises writes anyway."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Round._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [round_id])  # noqa: S608


@dataclass(frozen=True)
class Cast:
    ballot: Ballot
    changed: bool  # True when an earlier ballot was replaced


def cast_ballot(*, round: Round, voter: User, choices: Choices, eligibility: Eligibility) -> Cast:
    """A signed-in resident's ballot. With ``allow_changes`` a second ballot replaces the first
    in one update; otherwise it is refused. The unique constraint on (round, voter) keeps one
    ballot per person even when two requests race."""
    if not round.is_open:
        raise VoteRefused("Voting is not open.")
    check_choices(round, choices)
    check_eligibility(round, eligibility)
    fields = {
        "projects": list(choices.projects),
        "points": list(choices.points) if choices.points is not None else None,
        "area": eligibility.area,
        "connection": eligibility.connection,
        "confirmed_age": eligibility.confirmed_age,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                _hold_round_for_ballot(round.pk)
                existing = (
                    Ballot.objects.select_for_update().filter(round=round, voter=voter).first()
                )
                if existing is not None:
                    if not round.allow_changes:
                        raise VoteRefused(
                            "You have already voted in this round, and ballots cannot be changed."
                        )
                    for key, value in fields.items():
                        setattr(existing, key, value)
                    existing.changed_at = timezone.now()
                    existing.save(update_fields=[*fields, "changed_at"])
                    _still_open(round.pk)
                    return Cast(existing, changed=True)
                ballot = Ballot.objects.create(
                    round=round, voter=voter, channel=Channel.ACCOUNT, **fields
                )
                _still_open(round.pk)
                return Cast(ballot, changed=False)
        except IntegrityError:
            continue  # another request by the same person got in first: replace (or refuse) it
    raise VoteRefused("You have already voted in this round.")


def find_code(round: Round, code: str) -> VotingCode | None:
    return VotingCode.objects.filter(round=round, code_hash=hash_code(code)).first()


def cast_ballot_with_code(
    *, round: Round, code: str, choices: Choices, eligibility: Eligibility
) -> Ballot:
    """A ballot cast with a one-use code, no account needed. The code row is locked, and the
    ballot's unique link to the code refuses a second use even if two requests race."""
    if not round.is_open:
        raise VoteRefused("Voting is not open.")
    check_choices(round, choices)
    check_eligibility(round, eligibility)
    digest = hash_code(code)
    try:
        with transaction.atomic():
            found = (
                VotingCode.objects.select_for_update().filter(round=round, code_hash=digest).first()
            )
            if found is None:
                raise VoteRefused(NOT_A_CODE)
            if found.used_at is not None:
                raise CodeAlreadyUsed()
            ballot = Ballot.objects.create(
                round=round,
                code=found,
                channel=Channel.CODE,
                projects=list(choices.projects),
                points=list(choices.points) if choices.points is not None else None,
                area=eligibility.area,
                connection=eligibility.connection,
                confirmed_age=eligibility.confirmed_age,
            )
            found.used_at = timezone.now()
            found.save(update_fields=["used_at"])
            _still_open(round.pk)
    except IntegrityError:
        raise CodeAlreadyUsed() from None
    return ballot


@dataclass(frozen=True)
class IssuedCodes:
    batch: CodeBatch
    codes: list[str]  # the only time the plain codes exist: printed, never stored


def issue_codes(*, actor: User, round: Round, label: str, size: int) -> IssuedCodes:
    if not 1 <= size <= 5000:
        raise ValidationError({"size": "Issue between 1 and 5,000 codes at a time."})
    if round.is_closed:
        raise ValidationError("Voting has closed: no more codes can be issued.")
    codes = [new_code() for _ in range(size)]
    with transaction.atomic():
        batch = CodeBatch.objects.create(round=round, label=label, size=size, created_by=actor)
        VotingCode.objects.bulk_create(
            [VotingCode(round=round, batch=batch, code_hash=hash_code(c)) for c in codes]
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=batch,
            place=round.place,
            organisation=round.organisation,
            changes={"label": label, "size": size},
        )
    return IssuedCodes(batch, codes)


def purge_codes(*, round: Round) -> int:
    """Delete a closed round's voting codes (retention). Ballots stay, and stay counted."""
    if not round.is_closed:
        raise ValidationError("Codes can only be purged once voting has closed.")
    with transaction.atomic():
        deleted, _ = VotingCode.objects.filter(round=round).delete()
        audit.record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            obj=round,
            place=round.place,
            organisation=round.organisation,
            changes={"voting codes purged": deleted},
        )
    return deleted


def enter_paper_ballot(
    *, actor: User, round: Round, serial: str, choices: Choices, area: str = ""
) -> PaperEntry:
    """First officer: type in a paper ballot. It is not counted until a second officer checks
    it against the paper and confirms."""
    if not round.is_open:
        raise ValidationError("Paper ballots can be entered only while voting is open.")
    check_choices(round, choices)
    try:
        with transaction.atomic():
            entry = PaperEntry.objects.create(
                round=round,
                serial=serial.strip(),
                projects=list(choices.projects),
                points=list(choices.points) if choices.points is not None else None,
                area=area,
                entered_by=actor,
            )
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=entry,
                place=round.place,
                organisation=round.organisation,
            )
    except IntegrityError:
        raise ValidationError(
            {"serial": f"Ballot paper {serial} has already been entered."}
        ) from None
    return entry


def confirm_paper_ballot(*, actor: User, entry: PaperEntry) -> Ballot:
    with transaction.atomic():
        entry = PaperEntry.objects.select_for_update().select_related("round").get(pk=entry.pk)
        if entry.status != PaperStatus.PENDING:
            raise ValidationError("This paper ballot has already been checked.")
        if entry.entered_by_id == actor.pk:
            raise ValidationError(
                "A second officer must confirm this ballot: you entered it yourself."
            )
        if not entry.round.is_open:
            raise ValidationError("Voting has closed.")
        entry.status = PaperStatus.CONFIRMED
        entry.checked_by = actor
        entry.checked_at = timezone.now()
        entry.save(update_fields=["status", "checked_by", "checked_at", "updated_at"])
        ballot = Ballot.objects.create(
            round=entry.round,
            channel=Channel.PAPER,
            paper_entry=entry,
            projects=entry.projects,
            points=entry.points,
            area=entry.area,
            external_id=f"paper-{entry.serial}",
        )
        _still_open(entry.round_id)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=entry,
            place=entry.round.place,
            organisation=entry.round.organisation,
            changes={"status": {"from": "pending", "to": "confirmed"}},
        )
    return ballot


def reject_paper_ballot(*, actor: User, entry: PaperEntry) -> PaperEntry:
    with transaction.atomic():
        entry = PaperEntry.objects.select_for_update().select_related("round").get(pk=entry.pk)
        if entry.status != PaperStatus.PENDING:
            raise ValidationError("This paper ballot has already been checked.")
        if entry.entered_by_id == actor.pk:
            raise ValidationError("A second officer must check this ballot.")
        entry.status = PaperStatus.REJECTED
        entry.checked_by = actor
        entry.checked_at = timezone.now()
        entry.save(update_fields=["status", "checked_by", "checked_at", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=entry,
            place=entry.round.place,
            organisation=entry.round.organisation,
            changes={"status": {"from": "pending", "to": "rejected"}},
        )
    return entry


def turnout(round: Round) -> int:
    """The only figure shown while voting is open: how many ballots have been cast."""
    return Ballot.objects.filter(round=round).count()


# --------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------


def _fraction(value: Decimal) -> Fraction:
    return Fraction(str(value))


def election_for(round: Round, ballots: Sequence[tuple[Any, ...]] | None = None) -> Election:
    """The round as a pabulib election: projects on the ballot, every ballot cast."""
    projects = list(round.projects.filter(feasibility=Feasibility.FEASIBLE).order_by("id"))
    ref = {p.pk: p.reference for p in projects}
    meta = dict(round.pabulib_meta)
    meta["budget"] = str(round.budget.normalize() if round.budget % 1 else int(round.budget))
    meta["vote_type"] = round.vote_type
    meta.setdefault("description", round.title)
    meta.setdefault("currency", round.currency)
    if round.rule in PABULIB_RULE:
        meta["rule"] = PABULIB_RULE[Rule(round.rule)]
    if round.rule == Rule.GREEDY_THRESHOLD or round.min_score:
        meta["min_project_score_threshold"] = str(round.min_score)
    if round.max_choices and "max_length" not in meta:
        meta["max_length"] = str(round.max_choices)
    if ballots is None:
        ballots = list(
            round.ballots.order_by("id").values_list(
                "pk", "external_id", "projects", "points", "extra"
            )
        )
    voters = []
    for pk, external_id, chosen, points, extra in ballots:
        voters.append(
            Voter(
                id=external_id or str(pk),
                vote=tuple(ref[p] for p in chosen if p in ref),
                points=tuple(points)
                if points is not None and round.vote_type == "cumulative"
                else None,
                extra=extra or {},
            )
        )
    return Election(
        meta=meta,
        budget=_fraction(round.budget),
        vote_type=round.vote_type,  # type: ignore[arg-type]
        projects=tuple(
            PbProject(
                id=p.reference,
                cost=int(p.cost),
                name=p.title,
                selected=None if p.recorded_selected is None else int(p.recorded_selected),
                extra={k: str(v) for k, v in p.pabulib_extra.items()},
            )
            for p in projects
        ),
        voters=tuple(voters),
    )


def election_for_publication(round: Round) -> Election:
    """The round as a pabulib election fit to publish: every ballot, in a random order, each
    under a random eight-digit voter id. Nothing ties a published ballot to its database row,
    to when it was cast (the database order), or to how it was cast (paper, code, account):
    the channel is never written, and paper ballots' serial numbers are dropped with their ids.
    """
    election = election_for(round)
    rng = secrets.SystemRandom()
    voters = list(election.voters)
    rng.shuffle(voters)
    ids = rng.sample(range(10**7, 10**8), len(voters))
    return replace(
        election,
        voters=tuple(
            voter._replace(id=str(new_id)) for voter, new_id in zip(voters, ids, strict=True)
        ),
    )


def tie_break_for(round: Round) -> counting.TieBreak:
    """The round's published tie-break rule, as the counting engine takes it."""
    order = tuple(c for c in round.tie_break.split(",") if c)
    return counting.TieBreak(order=order, seed=round.tie_seed)  # type: ignore[arg-type]


def _comparison_rule(round: Round, main: str) -> str | None:
    """The rule shown beside the round's own: greedy beside MES, MES beside greedy."""
    if round.vote_type == "ordinal":
        return None if main in ("greedy",) else "greedy"
    return "greedy" if main.startswith(("mes", "equalshares")) else "mes"


def count_round(round_id: int, progress: Callable[[int, str], None] | None = None) -> Round:
    """Count a closed round by its rule (and the comparison rule), store every project's result
    and the summary figures, and record progress on the round as it goes."""
    started = time.perf_counter()

    def report(percent: int, message: str) -> None:
        Round.objects.filter(pk=round_id).update(
            count_status=CountStatus.RUNNING, count_progress=percent, count_message=message
        )
        if progress:
            progress(percent, message)

    report(5, "Reading the ballots.")
    with transaction.atomic():
        # FOR UPDATE waits for ballots still being written (see _still_open).
        round = Round.objects.select_for_update().get(pk=round_id)
        if not round.is_closed:
            raise ValidationError("Voting has not closed.")
        ballots = list(
            round.ballots.order_by("id").values_list(
                "pk", "external_id", "projects", "points", "extra"
            )
        )
        areas = list(round.ballots.order_by("id").values_list("area", flat=True))
    election = election_for(round, ballots)
    rule = round.rule
    report(20, f"Counting {len(ballots):,} ballots.")
    ties = tie_break_for(round)
    main = counting.count(election, rule, ties)
    other_rule = _comparison_rule(round, main.rule)
    report(60, "Counting again by the comparison rule.")
    other = counting.count(election, other_rule, ties) if other_rule else None
    report(85, "Saving the results.")
    projects = {p.reference: p for p in round.projects.filter(feasibility=Feasibility.FEASIBLE)}
    votes = Counter(ref for voter in election.voters for ref in voter.vote)
    winners = set(main.winners)
    with_winner = [any(ref in winners for ref in voter.vote) for voter in election.voters]
    per_area: dict[str, list[int]] = {}
    for area, hit in zip(areas, with_winner, strict=True):
        bucket = per_area.setdefault(area or "Not given", [0, 0])
        bucket[0] += 1
        bucket[1] += int(hit)
    summary = {
        "rule": main.rule,
        "comparison_rule": other.rule if other else "",
        "voters": len(election.voters),
        "with_winner": sum(with_winner),
        "areas": [
            {"area": area, "voters": n, "with_winner": k}
            for area, (n, k) in sorted(per_area.items())
        ],
        "winners": list(main.winners),
        "total_cost": main.total_cost,
        "comparison_winners": list(other.winners) if other else [],
        "comparison_total_cost": other.total_cost if other else 0,
        "comparison_with_winner": sum(
            any(ref in set(other.winners) for ref in voter.vote) for voter in election.voters
        )
        if other
        else 0,
        "per_voter_budget": float(main.per_voter_budget) if main.per_voter_budget else None,
        "completion_steps": main.completion_steps,
        "notes": list(main.notes),
        "budget_left": float(main.budget - main.total_cost),
    }
    rows = []
    for result, is_main in ((main, True), (other, False)):
        if result is None:
            continue
        for ref, outcome in result.projects.items():
            rows.append(
                ProjectResult(
                    project=projects[ref],
                    rule=result.rule,
                    is_main=is_main,
                    votes=votes.get(ref, 0),
                    score=outcome.score,
                    selected=outcome.status == "selected",
                    position=outcome.position,
                    effective_votes=outcome.effective_votes,
                    status=outcome.status,
                    reason=outcome.reason[:400],
                )
            )
    with transaction.atomic():
        ProjectResult.objects.filter(project__round_id=round_id).delete()
        ProjectResult.objects.bulk_create(rows, batch_size=1000)
        seconds = time.perf_counter() - started
        Round.objects.filter(pk=round_id).update(
            count_status=CountStatus.DONE,
            count_progress=100,
            count_message=f"Counted {len(ballots):,} ballots.",
            counted_at=timezone.now(),
            count_seconds=seconds,
            count_summary=summary,
        )
        if round.phase == Phase.COUNTING:
            Round.objects.filter(pk=round_id).update(phase=Phase.RESULTS)
    round.refresh_from_db()
    return round


def count_failed(round_id: int, message: str) -> None:
    Round.objects.filter(pk=round_id).update(
        count_status=CountStatus.FAILED, count_message=message[:300]
    )


# --------------------------------------------------------------------------------------------
# pabulib interchange
# --------------------------------------------------------------------------------------------


def _recorded_rule(election: Election) -> str:
    try:
        counting.recorded_rule(election.meta)
    except counting.UnknownRuleError:
        return Rule.GREEDY if election.vote_type == "ordinal" else Rule.MES
    return Rule.RECORDED


def import_election(
    *, actor: User | None, place: Place, organisation: Organisation, election: Election, name: str
) -> Round:
    """A closed round from a parsed pabulib file: projects and ballots, all or nothing.
    Ballots are bulk-inserted so a city's tens of thousands import in seconds."""
    ballot_type = {
        "approval": BallotType.APPROVAL,
        "cumulative": BallotType.CUMULATIVE,
        "ordinal": BallotType.ORDINAL,
    }[election.vote_type]
    meta = election.meta
    title = meta.get("description") or f"{meta.get('country', '')} {meta.get('unit', '')}".strip()
    with transaction.atomic():
        round = Round(
            place=place,
            organisation=organisation,
            visibility="private",
            title=(title or name)[:200],
            summary=f"Imported from the pabulib file {name}.",
            budget=Decimal(str(float(election.budget)))
            if election.budget.denominator != 1
            else Decimal(election.budget.numerator),
            currency=meta.get("currency", "")[:3].upper() or "PLN",
            area_name=meta.get("unit", meta.get("subunit", ""))[:150],
            phase=Phase.COUNTING,
            ballot_type=ballot_type,
            min_choices=int(meta["min_length"]) if meta.get("min_length", "").isdigit() else 0,
            max_choices=int(meta["max_length"]) if meta.get("max_length", "").isdigit() else None,
            points_per_voter=int(meta["max_sum_points"])
            if meta.get("max_sum_points", "").isdigit()
            else (1 if ballot_type == BallotType.CUMULATIVE else None),
            rule=_recorded_rule(election),
            min_score=int(meta["min_project_score_threshold"])
            if meta.get("min_project_score_threshold", "").isdigit()
            else 0,
            allow_changes=False,
            pabulib_meta=dict(meta),
            imported_from=name[:300],
            count_status=CountStatus.QUEUED,
            count_message="Waiting for a worker to start counting.",
        )
        if round.max_choices is not None and round.max_choices < round.min_choices:
            round.max_choices = None
        round.save()
        Project.objects.bulk_create(
            [
                Project(
                    round=round,
                    reference=p.id,
                    title=(p.name or f"Project {p.id}")[:300],
                    cost=p.cost,
                    category=p.extra.get("category", "")[:150],
                    area=p.extra.get("district", p.extra.get("subunit", ""))[:150],
                    feasibility=Feasibility.FEASIBLE,
                    pabulib_extra=p.extra,
                    recorded_selected=None if p.selected is None else bool(p.selected),
                )
                for p in election.projects
            ],
            batch_size=1000,
        )
        pk_of = dict(round.projects.values_list("reference", "pk"))
        area_column = next(
            (
                c
                for c in ("neighborhood", "district", "subunit")
                if any(c in v.extra for v in election.voters[:1])
            ),
            "",
        )
        _insert_ballots(
            round,
            [
                (
                    [pk_of[p] for p in v.vote],
                    list(v.points) if v.points is not None else None,
                    v.extra.get(area_column, "")[:150] if area_column else "",
                    v.id[:60],
                    v.extra,
                )
                for v in election.voters
            ],
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=round,
            place=place,
            organisation=organisation,
            changes={"imported from": name, "ballots": len(election.voters)},
        )
        _enqueue_count(round.pk)
    return round


def _insert_ballots(
    round: Round, rows: Sequence[tuple[list[int], list[int] | None, str, str, dict[str, str]]]
) -> None:
    """Insert imported ballots with one prepared statement: going through model instances
    costs several times longer for a city's tens of thousands of ballots."""
    table = Ballot._meta.db_table
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    # Only our own table name and fixed casts are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (round_id, channel, projects, points, area, connection, "  # noqa: S608
        "confirmed_age, external_id, extra, cast_at) VALUES "
        f"(%s, %s, %s{json_cast}, %s{json_cast}, %s, '', %s, %s, %s{json_cast}, %s)"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                sql,
                [
                    (
                        round.pk,
                        Channel.IMPORTED.value,
                        json.dumps(projects),
                        json.dumps(points),
                        area,
                        False,
                        external_id,
                        json.dumps(extra),
                        now,
                    )
                    for projects, points, area, external_id, extra in rows[start : start + 5000]
                ],
            )


def winners_for_export(round: Round) -> list[str] | None:
    """The references of the round's winners (its stored count), or None if not counted."""
    if round.count_status != CountStatus.DONE:
        return None
    return list(
        ProjectResult.objects.filter(project__round=round, is_main=True, selected=True)
        .order_by("position")
        .values_list("project__reference", flat=True)
    )
