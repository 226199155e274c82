"""Workflows for community power. Each runs in one transaction and writes the audit log;
people are told of answers to their ideas through notifications once the transaction commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from placecraft.accounts.models import User
from placecraft.community.models import (
    Application,
    ApplicationStatus,
    Award,
    Block,
    BudgetLine,
    Comment,
    Criterion,
    Evidence,
    Feedback,
    FeedbackStatus,
    Forum,
    GrantReport,
    Idea,
    IdeaResponse,
    IdeaStatus,
    Phase,
    Process,
    Programme,
    Question,
    Recommendation,
    Report,
    Score,
    Session,
    Support,
)
from placecraft.core import audit
from placecraft.core.models import AuditEvent, Visibility
from placecraft.places.models import Organisation, Place

PROCESS_FIELDS = ["title", "description", "who_can_take_part", "visibility", "ideas_open"]


def _record(
    actor: User | None,
    action: str,
    obj: Any,
    owner: Process | Forum | Programme,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        place=owner.place,
        organisation=owner.organisation,
        changes=changes or {},
    )


def _unique_slug(place: Place, title: str) -> str:
    base = slugify(title)[:70] or "process"
    slug, n = base, 2
    while Process.objects.filter(place=place, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _notify(user: User | None, *, kind: str, title: str, url: str) -> None:
    if user is None:
        return
    from placecraft.notifications.services import notify

    transaction.on_commit(lambda: notify(user=user, kind=kind, title=title, url=url))


# Processes ----------------------------------------------------------------------------------


def save_process(
    *,
    actor: User | None,
    place: Place,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    process: Process | None = None,
    missions: Sequence[Any] | None = None,
    panels: Sequence[Any] | None = None,
    pb_rounds: Sequence[Any] | None = None,
) -> Process:
    with transaction.atomic():
        created = process is None
        if process is None:
            assert organisation is not None
            process = Process(
                place=place, organisation=organisation, slug=_unique_slug(place, data["title"])
            )
        before = {} if created else audit.snapshot(process, PROCESS_FIELDS)
        for key, value in data.items():
            setattr(process, key, value)
        process.full_clean()
        process.save()
        if missions is not None:
            process.missions.set(missions)
        if panels is not None:
            process.panels.set(panels)
        if pb_rounds is not None:
            process.pb_rounds.set(pb_rounds)
        _record(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            process,
            process,
            audit.field_changes(before, audit.snapshot(process, PROCESS_FIELDS)),
        )
    return process


def add_phase(*, actor: User, process: Process, data: Mapping[str, Any]) -> Phase:
    with transaction.atomic():
        phase = Phase(process=process, **data)
        phase.full_clean()
        phase.save()
        _record(actor, AuditEvent.Action.CREATE, phase, process, {"phase": phase.title})
    return phase


# Ideas --------------------------------------------------------------------------------------


def submit_idea(*, author: User, process: Process, data: Mapping[str, Any]) -> Idea:
    if not process.ideas_open:
        raise ValidationError("This process is not taking ideas at the moment.")
    with transaction.atomic():
        idea = Idea(process=process, author=author, **data)
        idea.author_name = author.public_name(idea.area)
        idea.full_clean()
        idea.save()
        _record(author, AuditEvent.Action.CREATE, idea, process, {"title": idea.title})
    return idea


def toggle_support(*, user: User, idea: Idea) -> bool:
    """Support an idea, or withdraw support; True when the person now supports it."""
    with transaction.atomic():
        deleted, _ = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
            return False
        try:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=user)
        except IntegrityError:  # a double click raced us: already supported
            return True
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    return True


def add_comment(*, author: User, idea: Idea, body: str) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.create(
            idea=idea, author=author, author_name=author.public_name(), body=body
        )
        _record(author, AuditEvent.Action.CREATE, comment, idea.process)
    return comment


def report(
    *,
    reporter: User,
    place: Place,
    reason: str,
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> Report:
    return Report.objects.create(
        place=place, idea=idea, comment=comment, reporter=reporter, reason=reason
    )


def hide(*, actor: User, target: Idea | Comment | Question, reason: str) -> None:
    """Hide a post: the reason is shown in its place, the words are kept for the record."""
    if not reason.strip():
        raise ValidationError("Say why it is hidden: the reason is shown in its place.")
    owner = (
        target.forum
        if isinstance(target, Question)
        else (target.process if isinstance(target, Idea) else target.idea.process)
    )
    with transaction.atomic():
        target.hidden_at = timezone.now()
        target.hidden_reason = reason.strip()
        target.save(update_fields=["hidden_at", "hidden_reason"])
        filters: dict[str, Any] = {"idea": target} if isinstance(target, Idea) else {}
        if isinstance(target, Comment):
            filters = {"comment": target}
        if filters:
            Report.objects.filter(resolved_at__isnull=True, **filters).update(
                resolved_at=timezone.now()
            )
        _record(actor, AuditEvent.Action.UPDATE, target, owner, {"hidden": reason.strip()})


def dismiss_reports(*, actor: User, report_ids: Sequence[int], place: Place) -> int:
    return Report.objects.filter(pk__in=report_ids, place=place, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def block_user(*, actor: User, place: Place, user: User, reason: str) -> Block:
    with transaction.atomic():
        block, _ = Block.objects.get_or_create(
            place=place, user=user, defaults={"reason": reason, "by": actor}
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=block,
            place=place,
            changes={"blocked": reason},
        )
    return block


def respond_to_idea(
    *, actor: User, idea: Idea, status: str, body: str, organisation: Organisation
) -> IdeaResponse:
    with transaction.atomic():
        response = IdeaResponse.objects.create(
            idea=idea, status=status, body=body, organisation=organisation, author=actor
        )
        old = idea.status
        idea.status = status
        idea.status_changed_at = timezone.now()
        idea.save(update_fields=["status", "status_changed_at"])
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            idea,
            idea.process,
            {"status": {"from": old, "to": status}},
        )
        if idea.author_id and idea.author_id != actor.pk:
            _notify(
                idea.author,
                kind="idea-response",
                title=f"{organisation} has responded to your idea “{idea.title}”",
                url=reverse("idea_detail", args=[idea.process.place.slug, idea.pk]),
            )
    return response


def idea_to_project(*, actor: User, idea: Idea, round: Any, cost: int) -> Any:
    """Put the idea on a participatory budget's ballot through the budgeting app's service."""
    from placecraft.budgeting.services import create_project

    with transaction.atomic():
        project = create_project(
            actor=actor,
            round=round,
            title=idea.title[:300],
            cost=cost,
            description=idea.description,
            # The postcode a resident gave stays with the organisers; the ballot shows the area.
            area=idea.area,
        )
        idea.pb_project = project
        idea.save(update_fields=["pb_project"])
        respond_to_idea(
            actor=actor,
            idea=idea,
            status=IdeaStatus.ACCEPTED,
            body=f"Accepted into the participatory budget “{round.title}” as project "
            f"{project.reference}.",
            organisation=round.organisation,
        )
    return project


def idea_to_sprint(
    *, actor: User, idea: Idea, organisation: Organisation, start: date, end: date
) -> Any:
    """Take the idea on as a sprint's problem through the sprints app's service."""
    from placecraft.sprints.services import create_sprint

    with transaction.atomic():
        base = slugify(idea.title)[:70] or "sprint"
        sprint = create_sprint(
            actor=actor,
            place=idea.process.place,
            organisation=organisation,
            data={
                "title": idea.title[:200],
                "slug": f"{base}-idea-{idea.pk}"[:80],
                "problem": idea.description,
                "start_date": start,
                "end_date": end,
                "mission": idea.mission,
            },
        )
        idea.sprint = sprint
        idea.save(update_fields=["sprint"])
        respond_to_idea(
            actor=actor,
            idea=idea,
            status=IdeaStatus.ACCEPTED,
            body=f"Accepted as the problem for the mission sprint “{sprint.title}”.",
            organisation=organisation,
        )
    return sprint


# Forums -------------------------------------------------------------------------------------


def save_forum(
    *,
    actor: User | None,
    place: Place,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    forum: Forum | None = None,
    missions: Sequence[Any] | None = None,
) -> Forum:
    with transaction.atomic():
        created = forum is None
        if forum is None:
            assert organisation is not None
            forum = Forum(place=place, organisation=organisation)
        for key, value in data.items():
            setattr(forum, key, value)
        forum.full_clean()
        forum.save()
        if missions is not None:
            forum.missions.set(missions)
        _record(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            forum,
            forum,
            {"title": forum.title},
        )
    return forum


def save_session(
    *,
    actor: User | None,
    forum: Forum,
    data: Mapping[str, Any],
    session: Session | None = None,
) -> Session:
    with transaction.atomic():
        created = session is None
        session = session or Session(forum=forum)
        for key, value in data.items():
            setattr(session, key, value)
        session.full_clean()
        session.save()
        _record(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            session,
            forum,
            {"session": session.title},
        )
    return session


def add_evidence(*, actor: User | None, session: Session, data: Mapping[str, Any]) -> Evidence:
    with transaction.atomic():
        item = Evidence(session=session, **data)
        item.full_clean()
        item.save()
        _record(actor, AuditEvent.Action.CREATE, item, session.forum, {"evidence": item.title})
    return item


def add_recommendation(
    *, actor: User | None, forum: Forum, data: Mapping[str, Any]
) -> Recommendation:
    with transaction.atomic():
        Forum.objects.select_for_update().get(pk=forum.pk)
        number = (forum.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
        recommendation = Recommendation(forum=forum, number=number, **data)
        recommendation.full_clean()
        recommendation.save()
        _record(
            actor, AuditEvent.Action.CREATE, recommendation, forum, {"title": recommendation.title}
        )
    return recommendation


def respond_to_recommendation(
    *, actor: User, recommendation: Recommendation, status: str, response: str
) -> Recommendation:
    with transaction.atomic():
        old = recommendation.status
        recommendation.status = status
        recommendation.response = response
        recommendation.responded_at = timezone.now()
        recommendation.responded_by = actor
        recommendation.save(update_fields=["status", "response", "responded_at", "responded_by"])
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            recommendation,
            recommendation.forum,
            {"status": {"from": old, "to": status}},
        )
    return recommendation


def ask_question(*, author: User, forum: Forum, text: str) -> Question:
    if not forum.questions_open:
        raise ValidationError("This forum is not collecting questions.")
    with transaction.atomic():
        question = Question.objects.create(forum=forum, author=author, text=text)
        _record(author, AuditEvent.Action.CREATE, question, forum)
    return question


def answer_question(*, actor: User, question: Question, answer: str) -> Question:
    with transaction.atomic():
        question.answer = answer
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_at"])
        _record(actor, AuditEvent.Action.UPDATE, question, question.forum, {"answered": True})
        _notify(
            question.author,
            kind="question-answered",
            title=f"Your question to “{question.forum.title}” has been answered",
            url=reverse("forum_detail", args=[question.forum.place.slug, question.forum_id]),
        )
    return question


# Community grants ---------------------------------------------------------------------------


def save_programme(
    *,
    actor: User | None,
    place: Place,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    programme: Programme | None = None,
    missions: Sequence[Any] | None = None,
    criteria: Sequence[tuple[str, int, int]] = (),
) -> Programme:
    with transaction.atomic():
        created = programme is None
        if programme is None:
            assert organisation is not None
            programme = Programme(place=place, organisation=organisation)
        for key, value in data.items():
            setattr(programme, key, value)
        programme.full_clean()
        programme.save()
        if missions is not None:
            programme.missions.set(missions)
        for title, max_score, weight in criteria:
            Criterion.objects.create(
                programme=programme, title=title, max_score=max_score, weight=weight
            )
        _record(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            programme,
            programme,
            {"title": programme.title},
        )
    return programme


def apply_for_grant(
    *,
    applicant: User,
    programme: Programme,
    data: Mapping[str, Any],
    lines: Sequence[tuple[str, Decimal]],
) -> Application:
    if programme.status != "open" or programme.closes_on < timezone.localdate():
        raise ValidationError("This programme is not taking applications.")
    if not lines:
        raise ValidationError("Add at least one budget line.")
    total = sum((amount for _, amount in lines), Decimal(0))
    if total > programme.max_award:
        raise ValidationError(
            f"The budget adds up to {total:,.2f}, more than the most this programme awards "
            f"({programme.max_award:,.2f})."
        )
    with transaction.atomic():
        application = Application(programme=programme, applicant=applicant, **data)
        application.full_clean()
        application.save()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, item=item, amount=amount) for item, amount in lines
        )
        _record(
            applicant,
            AuditEvent.Action.CREATE,
            application,
            programme,
            {"amount requested": str(total)},
        )
    return application


def requested(application: Application) -> Decimal:
    return sum((line.amount for line in application.budget_lines.all()), Decimal(0))


def score_application(
    *, assessor: User, application: Application, scores: Mapping[int, tuple[int, str]]
) -> None:
    criteria = {c.pk: c for c in application.programme.criteria.all()}
    with transaction.atomic():
        for criterion_id, (value, comment) in scores.items():
            criterion = criteria[criterion_id]
            if not 0 <= value <= criterion.max_score:
                raise ValidationError(f"Score “{criterion.title}” from 0 to {criterion.max_score}.")
            Score.objects.update_or_create(
                application=application,
                criterion=criterion,
                assessor=assessor,
                defaults={"score": value, "comment": comment},
            )
        _record(
            assessor,
            AuditEvent.Action.UPDATE,
            application,
            application.programme,
            {"scored": len(scores)},
        )


def weighted_score(application: Application) -> float | None:
    """The mean over assessors of the weighted share of the maximum, as a percentage."""
    criteria = {c.pk: c for c in application.programme.criteria.all()}
    scores = list(application.scores.all())
    if not scores or not criteria:
        return None
    by_assessor: dict[int | None, list[Score]] = {}
    for s in scores:
        by_assessor.setdefault(s.assessor_id, []).append(s)
    total_weight = sum(c.weight * c.max_score for c in criteria.values()) or 1
    results = [
        100 * sum(criteria[s.criterion_id].weight * s.score for s in mine) / total_weight
        for mine in by_assessor.values()
    ]
    return sum(results) / len(results)


def award_grant(
    *, actor: User, application: Application, amount: Decimal, conditions: str = ""
) -> Award:
    programme = application.programme
    with transaction.atomic():
        if Award.objects.filter(application=application).exists():
            raise ValidationError("This application has already been awarded.")
        award = Award.objects.create(
            application=application,
            identifier=f"{programme.identifier_prefix}-{programme.pk}-{application.pk}",
            amount=amount,
            conditions=conditions,
        )
        application.status = ApplicationStatus.AWARDED
        application.save(update_fields=["status"])
        _record(actor, AuditEvent.Action.UPDATE, application, programme, {"awarded": str(amount)})
        _notify(
            application.applicant,
            kind="grant-awarded",
            title=f"Your application “{application.title}” has been awarded a grant",
            url=reverse(
                "application_detail", args=[programme.place.slug, programme.pk, application.pk]
            ),
        )
    return award


def decline_application(*, actor: User, application: Application) -> None:
    with transaction.atomic():
        application.status = ApplicationStatus.DECLINED
        application.save(update_fields=["status"])
        _record(
            actor,
            AuditEvent.Action.UPDATE,
            application,
            application.programme,
            {"status": "declined"},
        )


def report_on_grant(*, actor: User, award: Award, body: str, spent: Decimal) -> GrantReport:
    with transaction.atomic():
        report_ = GrantReport.objects.create(
            award=award, body=body, spent=spent, submitted_by=actor
        )
        _record(
            actor,
            AuditEvent.Action.CREATE,
            report_,
            award.application.programme,
            {"spent": str(spent)},
        )
    return report_


def grant_record(award: Award) -> dict[str, Any]:
    """One awarded grant in the 360Giving Data Standard's shape."""
    application = award.application
    programme = application.programme
    recipient: dict[str, Any] = {
        "id": _recipient_id(application),
        "name": application.group_name,
    }
    if application.charity_number:
        recipient["charityNumber"] = application.charity_number
    if application.company_number:
        recipient["companyNumber"] = application.company_number
    if application.postcode:
        recipient["postalCode"] = application.postcode
    record: dict[str, Any] = {
        "id": award.identifier,
        "title": application.title,
        "description": application.summary,
        "currency": programme.currency,
        "amountAppliedFor": float(requested(application)),
        "amountAwarded": float(award.amount),
        "awardDate": award.awarded_on.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {
                "id": f"{programme.identifier_prefix}-org-{programme.organisation.slug}",
                "name": programme.organisation.name,
            }
        ],
        "grantProgramme": [{"title": programme.title, "code": f"programme-{programme.pk}"}],
    }
    # An open-data file: only public missions are named, whoever downloads it.
    missions = [m for m in programme.missions.all() if m.visibility == Visibility.PUBLIC]
    chosen = application.mission
    if chosen is not None and chosen.visibility == Visibility.PUBLIC and chosen not in missions:
        missions.append(chosen)
    if missions:
        record["classifications"] = [
            {"vocabulary": "Placecraft mission", "code": m.slug, "title": m.title} for m in missions
        ]
    return record


def _recipient_id(application: Application) -> str:
    if application.charity_number:
        return f"GB-CHC-{application.charity_number}"
    if application.company_number:
        return f"GB-COH-{application.company_number}"
    return f"{application.programme.identifier_prefix}-group-{application.pk}"


def grants_360(programme: Programme) -> dict[str, Any]:
    """The programme's awarded grants as a 360Giving JSON package, through the partners app's
    exporter so both exports share one package shape."""
    from placecraft.partners.giving import grants_package

    awards = (
        Award.objects.filter(application__programme=programme)
        .select_related("application__mission", "application__programme__organisation")
        .prefetch_related("application__budget_lines")
        .order_by("awarded_on", "pk")
    )
    return grants_package(
        (grant_record(a) for a in awards),
        publisher_name=programme.organisation.name,
        publisher_prefix=programme.identifier_prefix,
    )


# Feedback on progress -----------------------------------------------------------------------


def leave_feedback(*, author: User, update: Any, body: str, area: str = "") -> Feedback:
    with transaction.atomic():
        feedback = Feedback.objects.create(
            update=update,
            author=author,
            author_name=author.public_name(area),
            body=body,
            area=area,
        )
        audit.record(
            actor=author,
            action=AuditEvent.Action.CREATE,
            obj=feedback,
            place=update.mission.place,
            organisation=update.mission.organisation,
        )
    return feedback


def moderate_feedback(
    *, actor: User, feedback: Feedback, publish: bool, reason: str = ""
) -> Feedback:
    if not publish and not reason.strip():
        raise ValidationError("Say why it is hidden: the reason is shown in its place.")
    with transaction.atomic():
        feedback.status = FeedbackStatus.PUBLISHED if publish else FeedbackStatus.HIDDEN
        feedback.hidden_reason = "" if publish else reason.strip()
        feedback.moderated_at = timezone.now()
        feedback.save(update_fields=["status", "hidden_reason", "moderated_at"])
        mission = feedback.update.mission
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=feedback,
            place=mission.place,
            organisation=mission.organisation,
            changes={"status": feedback.status},
        )
    return feedback
