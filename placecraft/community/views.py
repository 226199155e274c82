"""Community pages: processes and ideas with moderation, forums, community grants,
accountability ("you said, we did") and representation. Every view: access → form → service →
render or redirect; every form works as a plain POST."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from placecraft.community import access as community_access
from placecraft.community import services
from placecraft.community.forms import (
    AnswerForm,
    ApplicationForm,
    CommentForm,
    DecisionForm,
    EvidenceForm,
    FeedbackForm,
    ForumForm,
    GrantReportForm,
    HideForm,
    IdeaForm,
    IdeaResponseForm,
    ModerateFeedbackForm,
    PhaseForm,
    ProcessForm,
    ProgrammeForm,
    ProjectFromIdeaForm,
    QuestionForm,
    RecommendationForm,
    RecommendationResponseForm,
    ReportForm,
    SessionForm,
    SprintFromIdeaForm,
)
from placecraft.community.models import (
    Application,
    Award,
    Comment,
    Feedback,
    FeedbackStatus,
    Idea,
    Question,
    Recommendation,
    Report,
    Session,
    Support,
)
from placecraft.community.representation import representation as build_representation
from placecraft.community.spam import within_rate_limits
from placecraft.core.forms import GovukForm
from placecraft.core.http import AuthenticatedRequest
from placecraft.missions import access as mission_access
from placecraft.missions.models import ProgressUpdate
from placecraft.places import access

# Ideas: a few an hour from one address or account is plenty for a person; scripts want more.
IDEA_LIMITS = {"per_address": 10, "per_account": 5, "per": 3600}
COMMENT_LIMITS = {"per_address": 30, "per_account": 20, "per": 3600}


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


# Processes ----------------------------------------------------------------------------------


def process_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    processes = community_access.visible_processes(request.user, place_obj).select_related(
        "organisation"
    )
    return render(
        request,
        "community/process_list.html",
        {
            "place": place_obj,
            "processes": processes,
            "can_create": access.writable_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def process_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    community_access.require_moderator(request.user, place_obj)
    form = ProcessForm(request.POST or None, place=place_obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        process = services.save_process(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
            panels=list(form.cleaned_data["panels"]),
        )
        messages.success(request, f"“{process}” has been created.")
        return redirect("process_detail", place_obj.slug, process.slug)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "New participatory process"},
    )


@login_required
def process_edit(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    process = community_access.get_process(request.user, place_obj, slug, write=True)
    form = ProcessForm(
        request.POST or None, instance=copy.copy(process), place=place_obj, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.save_process(
            actor=request.user,
            place=place_obj,
            process=process,
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
            panels=list(form.cleaned_data["panels"]),
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("process_detail", place_obj.slug, process.slug)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Edit the process", "caption": process},
    )


@login_required
def phase_add(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    process = community_access.get_process(request.user, place_obj, slug, write=True)
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_phase(actor=request.user, process=process, data=form.cleaned_data)
        messages.success(request, "The phase has been added.")
        return redirect("process_detail", place_obj.slug, process.slug)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Add a phase", "caption": process},
    )


def process_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    process = community_access.get_process(request.user, place_obj, slug)
    ideas = Paginator(
        process.ideas.select_related("mission").only(
            "pk",
            "title",
            "area",
            "status",
            "support_count",
            "hidden_at",
            "hidden_reason",
            "created_at",
            "author_name",
            "mission__title",
            "process_id",
        ),
        25,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "community/process_detail.html",
        {
            "place": place_obj,
            "process": process,
            "phases": list(process.phases.all()),
            "missions": list(
                process.missions.filter(mission_access.mission_q(request.user, place_obj))
            ),
            "panels": list(process.panels.all()),
            "forums": list(
                community_access.visible_forums(request.user, place_obj).filter(process=process)
            ),
            "programmes": list(
                community_access.visible_programmes(request.user, place_obj).filter(process=process)
            ),
            "page": ideas,
            "can_edit": access.can_edit(request.user, process),
        },
    )


# Ideas --------------------------------------------------------------------------------------


@login_required
def idea_create(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    process = community_access.get_process(request.user, place_obj, slug)
    community_access.require_not_blocked(request.user, place_obj)
    if not process.ideas_open:
        raise PermissionDenied("This process is not taking ideas at the moment.")
    form = IdeaForm(request.POST or None, process=process, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not within_rate_limits(request, "idea", **IDEA_LIMITS):
            form.add_error(None, "You have sent a lot of ideas recently. Try again in an hour.")
        else:
            idea = services.submit_idea(author=request.user, process=process, data=form.values())
            messages.success(request, "Thank you: your idea has been published.")
            return redirect("idea_detail", place_obj.slug, idea.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Propose an idea",
            "caption": process,
            "intro": "Ideas are public. Please be kind: posts that break the rules are hidden "
            "with the reason shown.",
            "button": "Publish your idea",
            "shown_as": request.user.public_name(gettext("the area you choose")),
            "asks_postcode": True,
        },
    )


def idea_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea(request.user, place_obj, pk)
    mission_access.hide_unseen_links(request.user, place_obj, [idea], "mission", "sprint")
    can_moderate = community_access.can_moderate(request.user, idea.process)
    supported = (
        request.user.is_authenticated
        and Support.objects.filter(idea=idea, user=request.user).exists()
    )
    return render(
        request,
        "community/idea_detail.html",
        {
            "place": place_obj,
            "idea": idea,
            "process": idea.process,
            "comments": list(idea.comments.select_related("author")),
            "responses": list(idea.responses.select_related("organisation")),
            "supported": supported,
            "can_moderate": can_moderate,
            "comment_form": CommentForm(),
            "report_form": ReportForm(),
            "hide_form": HideForm(),
            "blocked": community_access.is_blocked(request.user, place_obj),
        },
    )


@login_required
@require_POST
def idea_support(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea(request.user, place_obj, pk)
    community_access.require_not_blocked(request.user, place_obj)
    if idea.is_hidden:
        raise PermissionDenied("This idea has been hidden.")
    now = services.toggle_support(user=request.user, idea=idea)
    messages.success(request, "You support this idea." if now else "Your support is withdrawn.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
@require_POST
def idea_comment(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea(request.user, place_obj, pk)
    community_access.require_not_blocked(request.user, place_obj)
    form = CommentForm(request.POST)
    if form.is_valid() and within_rate_limits(request, "comment", **COMMENT_LIMITS):
        services.add_comment(author=request.user, idea=idea, body=form.cleaned_data["body"])
        messages.success(request, "Your comment has been added.")
    elif form.is_valid():
        messages.error(request, "You have commented a lot recently. Try again in an hour.")
    else:
        messages.error(request, "Write your comment before sending it.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
@require_POST
def idea_report(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea(request.user, place_obj, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what is wrong with it.")
        return redirect("idea_detail", place_obj.slug, idea.pk)
    comment = None
    if form.cleaned_data.get("comment"):
        comment = Comment.objects.filter(idea=idea, pk=form.cleaned_data["comment"]).first()
        if comment is None:
            raise Http404("No such comment")
    if within_rate_limits(request, "report", per_address=20, per_account=20, per=3600):
        services.report(
            reporter=request.user,
            place=place_obj,
            reason=form.cleaned_data["reason"],
            idea=None if comment else idea,
            comment=comment,
        )
    messages.success(request, "Thank you: a moderator will look at it.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
@require_POST
def idea_hide(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    form = HideForm(request.POST)
    if form.is_valid():
        services.hide(actor=request.user, target=idea, reason=form.cleaned_data["reason"])
        messages.success(request, "The idea has been hidden; the reason is shown in its place.")
    else:
        messages.error(request, "Say why it is hidden.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
@require_POST
def comment_hide(request: AuthenticatedRequest, place: str, pk: int, comment: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    try:
        target = Comment.objects.get(idea=idea, pk=comment)
    except Comment.DoesNotExist:
        raise Http404("No such comment") from None
    form = HideForm(request.POST)
    if form.is_valid():
        services.hide(actor=request.user, target=target, reason=form.cleaned_data["reason"])
        messages.success(request, "The comment has been hidden.")
    else:
        messages.error(request, "Say why it is hidden.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
@require_POST
def idea_block_author(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    form = HideForm(request.POST)
    if idea.author is None or not form.is_valid():
        messages.error(request, "Say why the author is blocked.")
    else:
        services.block_user(
            actor=request.user,
            place=place_obj,
            user=idea.author,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "The author can no longer post in this place.")
    return redirect("idea_detail", place_obj.slug, idea.pk)


@login_required
def idea_respond(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    form = IdeaResponseForm(
        request.POST or None,
        place=place_obj,
        user=request.user,
        initial={"organisation": idea.process.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        services.respond_to_idea(
            actor=request.user,
            idea=idea,
            status=form.cleaned_data["status"],
            body=form.cleaned_data["body"],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, "Your response has been published.")
        return redirect("idea_detail", place_obj.slug, idea.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Respond to the idea", "caption": idea},
    )


@login_required
def idea_to_project(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    from placecraft.budgeting.models import Round

    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    rounds = access.visible(Round.objects.all(), request.user, place_obj).filter(
        organisation__in=access.writable_organisations(request.user, place_obj)
    )
    form = ProjectFromIdeaForm(request.POST or None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_to_project(
                actor=request.user,
                idea=idea,
                round=form.cleaned_data["round"],
                cost=form.cleaned_data["cost"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The idea is now a project in the participatory budget.")
            return redirect("idea_detail", place_obj.slug, idea.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Make the idea a budget project",
            "caption": idea,
        },
    )


@login_required
def idea_to_sprint(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    idea = community_access.get_idea_for_moderator(request.user, place_obj, pk)
    today = timezone.localdate()
    form = SprintFromIdeaForm(
        request.POST or None,
        place=place_obj,
        user=request.user,
        initial={"start": today, "end": today + timedelta(weeks=6)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_to_sprint(
                actor=request.user,
                idea=idea,
                organisation=form.cleaned_data["organisation"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The idea is now a mission sprint's problem.")
            return redirect("idea_detail", place_obj.slug, idea.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Make the idea a sprint", "caption": idea},
    )


@login_required
def moderation(request: AuthenticatedRequest, place: str) -> HttpResponse:
    """Open reports and feedback waiting for moderation, for the organisations the person may
    moderate for."""
    place_obj = access.get_place(place)
    community_access.require_moderator(request.user, place_obj)
    orgs = list(access.writable_organisations(request.user, place_obj).values_list("pk", flat=True))
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
        reports_mine = (
            Report.objects.filter(pk__in=ids, place=place_obj)
            .filter(models_q_for_orgs(orgs))
            .values_list("pk", flat=True)
        )
        services.dismiss_reports(actor=request.user, report_ids=list(reports_mine), place=place_obj)
        messages.success(request, "The reports have been dismissed.")
        return redirect("moderation", place_obj.slug)
    reports = (
        Report.objects.filter(place=place_obj, resolved_at__isnull=True)
        .filter(models_q_for_orgs(orgs))
        .select_related("idea", "comment__idea")
    )
    feedback = Feedback.objects.filter(
        status=FeedbackStatus.PENDING,
        update__mission__place=place_obj,
        update__mission__organisation_id__in=orgs,
    ).select_related("update__mission")
    return render(
        request,
        "community/moderation.html",
        {"place": place_obj, "reports": reports, "feedback": feedback},
    )


def models_q_for_orgs(orgs: list[int]) -> Any:
    from django.db.models import Q

    return Q(idea__process__organisation_id__in=orgs) | Q(
        comment__idea__process__organisation_id__in=orgs
    )


@login_required
@require_POST
def feedback_moderate(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    try:
        feedback = Feedback.objects.select_related("update__mission").get(
            pk=pk, update__mission__place=place_obj
        )
    except Feedback.DoesNotExist:
        raise Http404("No such feedback") from None
    mission = mission_access.get_mission(request.user, place_obj, feedback.update.mission.slug)
    if not mission_access.can_edit_mission(request.user, mission):
        raise PermissionDenied("Only the mission's owners can moderate its feedback.")
    form = ModerateFeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.moderate_feedback(
                actor=request.user,
                feedback=feedback,
                publish=form.cleaned_data["decision"] == "publish",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The feedback has been moderated.")
    else:
        messages.error(request, "Choose publish or hide.")
    return redirect("moderation", place_obj.slug)


# Forums -------------------------------------------------------------------------------------


def forum_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    forums = community_access.visible_forums(request.user, place_obj).select_related("organisation")
    return render(
        request,
        "community/forum_list.html",
        {
            "place": place_obj,
            "forums": forums,
            "can_create": access.writable_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def forum_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    community_access.require_moderator(request.user, place_obj)
    form = ForumForm(request.POST or None, place=place_obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        forum = services.save_forum(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, f"“{forum}” has been created.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request, "community/form.html", {"place": place_obj, "form": form, "heading": "New forum"}
    )


@login_required
def forum_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk, write=True)
    form = ForumForm(
        request.POST or None, instance=copy.copy(forum), place=place_obj, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.save_forum(
            actor=request.user,
            place=place_obj,
            forum=forum,
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Edit the forum", "caption": forum},
    )


def forum_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk)
    can_edit = access.can_edit(request.user, forum)
    sessions = list(
        forum.sessions.select_related("event").prefetch_related(
            Prefetch("evidence", queryset=_evidence_queryset())
        )
    )
    recommendations = list(forum.recommendations.select_related("mission"))
    mission_access.hide_unseen_links(request.user, place_obj, recommendations, "mission")
    return render(
        request,
        "community/forum_detail.html",
        {
            "place": place_obj,
            "forum": forum,
            "sessions": sessions,
            "recommendations": recommendations,
            "questions": list(forum.questions.all()),
            "missions": list(
                forum.missions.filter(mission_access.mission_q(request.user, place_obj))
            ),
            "can_edit": can_edit,
            "question_form": QuestionForm() if forum.questions_open else None,
            "hide_form": HideForm(),
        },
    )


def _evidence_queryset() -> Any:
    from placecraft.community.models import Evidence

    return Evidence.objects.select_related("indicator")


@login_required
def session_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    return _session_form(request, place, pk, None)


@login_required
def session_edit(request: AuthenticatedRequest, place: str, pk: int, session: int) -> HttpResponse:
    return _session_form(request, place, pk, session)


def _session_form(
    request: AuthenticatedRequest, place: str, pk: int, session_pk: int | None
) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk, write=True)
    session = None
    initial: dict[str, Any] = {}
    if session_pk is not None:
        try:
            session = Session.objects.get(forum=forum, pk=session_pk)
        except Session.DoesNotExist:
            raise Http404("No such session") from None
        initial = {
            f: getattr(session, f) for f in ("title", "starts_at", "venue", "agenda", "minutes")
        }
        initial["event"] = session.event_id
    form = SessionForm(
        request.POST or None,
        place=place_obj,
        user=request.user,
        initial=initial,
        current_event=session.event_id if session else None,
    )
    if request.method == "POST" and form.is_valid():
        services.save_session(
            actor=request.user, forum=forum, session=session, data=form.cleaned_data
        )
        messages.success(request, "The session has been saved.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Edit the session" if session else "Add a session",
            "caption": forum,
        },
    )


@login_required
def evidence_add(request: AuthenticatedRequest, place: str, pk: int, session: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk, write=True)
    try:
        session_obj = Session.objects.get(forum=forum, pk=session)
    except Session.DoesNotExist:
        raise Http404("No such session") from None
    form = EvidenceForm(request.POST or None, place=place_obj, user=request.user, forum=forum)
    if request.method == "POST" and form.is_valid():
        services.add_evidence(actor=request.user, session=session_obj, data=form.cleaned_data)
        messages.success(request, "Added to the evidence pack.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Add evidence", "caption": session_obj},
    )


@login_required
def recommendation_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk, write=True)
    form = RecommendationForm(request.POST or None, place=place_obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.add_recommendation(actor=request.user, forum=forum, data=form.cleaned_data)
        messages.success(request, "The recommendation has been recorded.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Record a recommendation", "caption": forum},
    )


@login_required
def recommendation_respond(
    request: AuthenticatedRequest, place: str, pk: int, rec: int
) -> HttpResponse:
    place_obj = access.get_place(place)
    recommendation = community_access.get_recommendation_for_editor(
        request.user, place_obj, pk, rec
    )
    form = RecommendationResponseForm(
        request.POST or None,
        initial={"status": recommendation.status, "response": recommendation.response},
    )
    if request.method == "POST" and form.is_valid():
        services.respond_to_recommendation(
            actor=request.user,
            recommendation=recommendation,
            status=form.cleaned_data["status"],
            response=form.cleaned_data["response"],
        )
        messages.success(request, "The response has been published.")
        return redirect("forum_detail", place_obj.slug, pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Respond to the recommendation",
            "caption": recommendation,
        },
    )


@login_required
@require_POST
def question_ask(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk)
    community_access.require_not_blocked(request.user, place_obj)
    if not forum.questions_open:
        raise PermissionDenied("This forum is not collecting questions.")
    form = QuestionForm(request.POST)
    if form.is_valid() and within_rate_limits(request, "question", **IDEA_LIMITS):
        services.ask_question(author=request.user, forum=forum, text=form.cleaned_data["text"])
        messages.success(request, "Thank you: your question will be answered at the forum.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    if form.is_valid():
        form.add_error(None, "You have asked a lot of questions recently. Try again later.")
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "Ask a question", "caption": forum},
    )


@login_required
def question_answer(request: AuthenticatedRequest, place: str, pk: int, q: int) -> HttpResponse:
    place_obj = access.get_place(place)
    forum = community_access.get_forum(request.user, place_obj, pk, write=True)
    try:
        question = Question.objects.get(forum=forum, pk=q)
    except Question.DoesNotExist:
        raise Http404("No such question") from None
    question.forum = forum
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        services.answer_question(
            actor=request.user, question=question, answer=form.cleaned_data["answer"]
        )
        messages.success(request, "The answer has been published.")
        return redirect("forum_detail", place_obj.slug, forum.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Answer the question",
            "caption": forum,
            "quote": question.text,
        },
    )


# Community grants ---------------------------------------------------------------------------


def programme_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    programmes = community_access.visible_programmes(request.user, place_obj).select_related(
        "organisation"
    )
    return render(
        request,
        "community/programme_list.html",
        {
            "place": place_obj,
            "programmes": programmes,
            "can_create": access.writable_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def programme_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    community_access.require_moderator(request.user, place_obj)
    form = ProgrammeForm(request.POST or None, place=place_obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = services.save_programme(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
            criteria=form.cleaned_data["criteria"],
        )
        messages.success(request, f"“{programme}” has been created.")
        return redirect("programme_detail", place_obj.slug, programme.pk)
    return render(
        request,
        "community/form.html",
        {"place": place_obj, "form": form, "heading": "New community grants programme"},
    )


def programme_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    programme = community_access.get_programme(request.user, place_obj, pk)
    can_edit = access.can_edit(request.user, programme)
    awards = list(
        Award.objects.filter(application__programme=programme)
        .select_related("application")
        .prefetch_related("reports")
        .order_by("awarded_on", "pk")
    )
    applications: list[Application] = []
    if can_edit:
        applications = list(
            programme.applications.prefetch_related("budget_lines", "scores").select_related(
                "award"
            )
        )
        criteria = list(programme.criteria.all())
        for application in applications:
            application.programme = programme
            programme._prefetched_objects_cache = {"criteria": criteria}  # type: ignore[attr-defined]
            application.total = services.requested(application)  # type: ignore[attr-defined]
            application.score = services.weighted_score(application)  # type: ignore[attr-defined]
    mine = []
    if request.user.is_authenticated and not can_edit:
        mine = list(programme.applications.filter(applicant=request.user))
    return render(
        request,
        "community/programme_detail.html",
        {
            "place": place_obj,
            "programme": programme,
            "criteria": list(programme.criteria.all()),
            "missions": list(
                programme.missions.filter(mission_access.mission_q(request.user, place_obj))
            ),
            "awards": awards,
            "awarded_total": sum(a.amount for a in awards),
            "applications": applications,
            "mine": mine,
            "can_edit": can_edit,
            "is_open": programme.status == "open" and programme.closes_on >= timezone.localdate(),
        },
    )


@login_required
def application_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    programme = community_access.get_programme(request.user, place_obj, pk)
    community_access.require_not_blocked(request.user, place_obj)
    form = ApplicationForm(
        request.POST or None,
        programme=programme,
        user=request.user,
        initial={"contact_email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        if not within_rate_limits(request, "grant", per_address=10, per_account=5, per=3600):
            form.add_error(None, "You have sent a lot of applications recently. Try again later.")
        else:
            try:
                application = services.apply_for_grant(
                    applicant=request.user,
                    programme=programme,
                    data=form.values(),
                    lines=form.cleaned_data["budget"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your application has been sent.")
                return redirect("application_detail", place_obj.slug, programme.pk, application.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Apply for a community grant",
            "caption": programme,
            "intro": f"Grants of up to £{programme.max_award:,.0f}. Closes on "
            f"{programme.closes_on:%-d %B %Y}.",
            "button": "Send your application",
        },
    )


def _scores_form(application: Application, user: Any, data: Any = None) -> GovukForm:
    form = GovukForm(data)
    existing = {s.criterion_id: s for s in application.scores.all() if s.assessor_id == user.pk}
    for criterion in application.programme.criteria.all():
        mine = existing.get(criterion.pk)
        form.fields[f"c{criterion.pk}"] = forms.IntegerField(
            label=f"{criterion.title} (0 to {criterion.max_score})",
            min_value=0,
            max_value=criterion.max_score,
            initial=mine.score if mine else None,
            help_text=criterion.description,
        )
        form.fields[f"n{criterion.pk}"] = forms.CharField(
            label=f"Comment on “{criterion.title}” (optional)",
            required=False,
            initial=mine.comment if mine else "",
        )
    form.widths = {f"c{c.pk}": "govuk-input--width-2" for c in application.programme.criteria.all()}
    return form


def application_detail(request: HttpRequest, place: str, pk: int, app: int) -> HttpResponse:
    place_obj = access.get_place(place)
    application = community_access.get_application(request.user, place_obj, pk, app)
    can_edit = access.can_edit(request.user, application.programme)
    award = getattr(application, "award", None) if application.status == "awarded" else None
    return render(
        request,
        "community/application_detail.html",
        {
            "place": place_obj,
            "programme": application.programme,
            "application": application,
            "lines": list(application.budget_lines.all()),
            "total": services.requested(application),
            "award": award,
            "reports": list(award.reports.all()) if award else [],
            "scores": list(application.scores.select_related("criterion")) if can_edit else [],
            "score": services.weighted_score(application) if can_edit else None,
            "can_edit": can_edit,
        },
    )


@login_required
def application_assess(
    request: AuthenticatedRequest, place: str, pk: int, app: int
) -> HttpResponse:
    place_obj = access.get_place(place)
    application = community_access.get_application(request.user, place_obj, pk, app, organiser=True)
    form = _scores_form(application, request.user, request.POST or None)
    decision = (
        DecisionForm(request.POST or None, prefix="decision")
        if request.POST.get("decision-decision")
        else DecisionForm(prefix="decision", initial={"amount": services.requested(application)})
    )
    if request.method == "POST" and "decision-decision" in request.POST:
        if decision.is_valid():
            try:
                if decision.cleaned_data["decision"] == "award":
                    services.award_grant(
                        actor=request.user,
                        application=application,
                        amount=decision.cleaned_data["amount"],
                        conditions=decision.cleaned_data["conditions"],
                    )
                else:
                    services.decline_application(actor=request.user, application=application)
            except ValidationError as error:
                decision.add_error(None, error)
            else:
                messages.success(request, "The decision has been recorded.")
                return redirect("programme_detail", place_obj.slug, pk)
        form = _scores_form(application, request.user)
    elif request.method == "POST" and form.is_valid():
        criteria = application.programme.criteria.all()
        services.score_application(
            assessor=request.user,
            application=application,
            scores={
                c.pk: (form.cleaned_data[f"c{c.pk}"], form.cleaned_data[f"n{c.pk}"])
                for c in criteria
            },
        )
        messages.success(request, "Your scores have been saved.")
        return redirect("application_detail", place_obj.slug, pk, application.pk)
    return render(
        request,
        "community/application_assess.html",
        {
            "place": place_obj,
            "programme": application.programme,
            "application": application,
            "form": form,
            "decision": decision,
            "lines": list(application.budget_lines.all()),
            "total": services.requested(application),
            "decided": application.status != "submitted",
        },
    )


@login_required
def grant_report_create(
    request: AuthenticatedRequest, place: str, pk: int, app: int
) -> HttpResponse:
    place_obj = access.get_place(place)
    application = community_access.get_application(request.user, place_obj, pk, app)
    award = Award.objects.filter(application=application).first()
    if award is None:
        raise Http404("This application has no award to report on")
    form = GrantReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_on_grant(
            actor=request.user,
            award=award,
            body=form.cleaned_data["body"],
            spent=form.cleaned_data["spent"],
        )
        messages.success(request, "Thank you: your grant report has been sent.")
        return redirect("application_detail", place_obj.slug, pk, application.pk)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Report on your grant",
            "caption": application,
        },
    )


def programme_360(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    programme = community_access.get_programme(request.user, place_obj, pk)
    package = services.grants_360(programme)
    response = HttpResponse(
        json.dumps(package, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="grants-{programme.pk}-360giving.json"'
    return response


# Accountability and representation ----------------------------------------------------------


def accountability(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    """You said, we did: what residents proposed and recommended for a mission, and what happened
    to it, with the mission's progress updates and residents' moderated feedback on each."""
    from placecraft.community.accountability import you_said_we_did

    place_obj = access.get_place(place)
    mission = mission_access.get_mission(request.user, place_obj, slug)
    context = you_said_we_did(request.user, place_obj, mission, request.GET.get("page"))
    return render(
        request,
        "community/accountability.html",
        {
            "place": place_obj,
            "mission": mission,
            **context,
            "feedback_form": FeedbackForm() if request.user.is_authenticated else None,
            "can_edit": mission_access.can_edit_mission(request.user, mission),
        },
    )


@login_required
def feedback_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    try:
        update = ProgressUpdate.objects.select_related("mission").get(
            pk=pk, mission__place=place_obj
        )
    except ProgressUpdate.DoesNotExist:
        raise Http404("No such update") from None
    mission = mission_access.get_mission(request.user, place_obj, update.mission.slug)
    community_access.require_not_blocked(request.user, place_obj)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not within_rate_limits(request, "feedback", **COMMENT_LIMITS):
            form.add_error(None, "You have sent a lot of feedback recently. Try again later.")
        else:
            services.leave_feedback(
                author=request.user,
                update=update,
                body=form.cleaned_data["body"],
                area=form.cleaned_data["area"],
            )
            messages.success(
                request, "Thank you: your feedback will appear once a moderator has seen it."
            )
            return redirect("accountability", place_obj.slug, mission.slug)
    return render(
        request,
        "community/form.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Feedback on a progress update",
            "caption": mission,
            "quote": update.period_label,
            "shown_as": request.user.public_name(gettext("the area you give")),
        },
    )


def representation(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    return render(
        request,
        "community/representation.html",
        {"place": place_obj, **build_representation(request.user, place_obj)},
    )


__all__ = ["Idea", "Recommendation"]
