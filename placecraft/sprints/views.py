"""Sprint pages. Each view reads top to bottom: access, form, service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from placecraft.core import listing
from placecraft.core.http import AuthenticatedRequest, is_htmx
from placecraft.missions import access as mission_access
from placecraft.missions.models import Mission
from placecraft.places import access
from placecraft.places.models import Place
from placecraft.sprints import access as sprint_access
from placecraft.sprints import health, services
from placecraft.sprints.forms import (
    CheckInForm,
    LearningForm,
    MoveForm,
    RetrospectiveForm,
    SprintForm,
    TeamMemberForm,
    WorkItemForm,
    add_errors,
    monday,
)
from placecraft.sprints.models import (
    LearningSource,
    Sprint,
    TeamMember,
    WorkItem,
    WorkStatus,
    sprint_phase,
)


def sprint_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    # Plain rows, each line written out here: a Sprint, an Organisation and a Mission built for
    # each of fifty rows, and the template's date filters and address tags run for each, cost
    # more than the rest of the page.
    sprints = (
        sprint_access.visible_sprints(request.user, place_obj)
        .order_by("-start_date", "title")
        .values_list(
            "slug",
            "title",
            "organisation__name",
            "mission_id",
            "mission__title",
            "start_date",
            "end_date",
        )
    )
    page = Paginator(sprints, 50).get_page(request.GET.get("page"))
    # Missions are named only where the reader may see them.
    linked = {row[3] for row in page.object_list if row[3] is not None}
    shown = set(
        mission_access.visible_missions(request.user, place_obj)
        .filter(pk__in=linked)
        .values_list("pk", flat=True)
        if linked
        else []
    )
    today = timezone.localdate()
    address = listing.address_for("sprint_detail", place_obj.slug)
    rows = [
        {
            "url": address(slug),
            "title": title,
            "organisation": organisation,
            "mission": mission if mission_id in shown else None,
            "dates": f"{listing.short_date(start)} to {listing.short_date(end)}",
            "phase": sprint_phase(start, end, today),
        }
        for slug, title, organisation, mission_id, mission, start, end in page.object_list
    ]
    return render(
        request,
        "sprints/sprint_list.html",
        {
            "place": place_obj,
            "page": page,
            "rows": rows,
            "today": today,
            "can_create": access.writable_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def sprint_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint_access.require_creator(request.user, place_obj)
    owners = access.writable_organisations(request.user, place_obj)
    form = SprintForm(request.POST or None, place=place_obj, owners=owners, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sprint = services.create_sprint(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The sprint “{sprint.title}” has been set up.")
            return redirect("sprint_team", place_obj.slug, sprint.slug)
    return render(
        request,
        "sprints/form_page.html",
        {"place": place_obj, "form": form, "heading": "Set up a sprint"},
    )


def sprint_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint(request.user, place_obj, slug)
    members = list(sprint.members.select_related("organisation"))
    check = health.health_check(sprint, members)
    learnings = list(sprint.learnings.select_related("mission")[:5])
    mission_access.hide_unseen_links(request.user, place_obj, [sprint, *learnings], "mission")
    return render(
        request,
        "sprints/sprint_detail.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "members": members,
            "hours": sum(m.hours_per_week for m in members),
            "health": check,
            "check_ins": list(sprint.check_ins.select_related("author")[:3]),
            "learnings": learnings,
            "columns": _columns(sprint),
            "can_edit": sprint_access.can_edit_sprint(request.user, sprint),
            "can_work": sprint_access.can_work_on(request.user, sprint),
            "today": timezone.localdate(),
        },
    )


@login_required
def sprint_edit(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_editor(request.user, place_obj, slug)
    form = SprintForm(
        request.POST or None,
        initial=SprintForm.initial_for(sprint),
        place=place_obj,
        owners=access.writable_organisations(request.user, place_obj),
        instance=sprint,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_sprint(actor=request.user, sprint=sprint, data=form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("sprint_detail", place_obj.slug, sprint.slug)
    return render(
        request,
        "sprints/form_page.html",
        {"place": place_obj, "sprint": sprint, "form": form, "heading": f"Edit {sprint.title}"},
    )


@login_required
def sprint_team(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_editor(request.user, place_obj, slug)
    form = TeamMemberForm(request.POST or None, place=place_obj)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(actor=request.user, sprint=sprint, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{member.name} has joined the team.")
            return redirect("sprint_team", place_obj.slug, sprint.slug)
    members = list(sprint.members.select_related("organisation"))
    return render(
        request,
        "sprints/team.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "members": members,
            "form": form,
            "multidisciplinary": health.from_data(sprint, members)["multidisciplinary"],
        },
    )


@login_required
@require_POST
def team_member_remove(
    request: AuthenticatedRequest, place: str, slug: str, pk: int
) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_editor(request.user, place_obj, slug)
    try:
        member = sprint.members.get(pk=pk)
    except TeamMember.DoesNotExist:
        raise Http404("No such team member") from None
    services.remove_member(actor=request.user, member=member)
    messages.success(request, f"{member.name} has left the team.")
    return redirect("sprint_team", place_obj.slug, sprint.slug)


# The board ----------------------------------------------------------------------------------


def _columns(sprint: Sprint) -> list[tuple[str, str, list[WorkItem]]]:
    items = list(sprint.work_items.all())
    return [
        (value, label, [item for item in items if item.status == value])
        for value, label in WorkStatus.choices
    ]


def _board_context(
    request: HttpRequest, place: Place, sprint: Sprint, form: WorkItemForm | None = None
) -> dict[str, object]:
    return {
        "place": place,
        "sprint": sprint,
        "columns": _columns(sprint),
        "statuses": WorkStatus.choices,
        "can_work": sprint_access.can_work_on(request.user, sprint),
        "form": form or WorkItemForm(),
    }


def sprint_board(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint(request.user, place_obj, slug)
    context = _board_context(request, place_obj, sprint)
    template = "sprints/_board.html" if is_htmx(request) else "sprints/board.html"
    return render(request, template, context)


@login_required
@require_POST
def work_item_add(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_team(request.user, place_obj, slug)
    form = WorkItemForm(request.POST)
    if not form.is_valid():
        # The error shows on the board, next to the box, with or without JavaScript.
        context = _board_context(request, place_obj, sprint, form)
        template = "sprints/_board.html" if is_htmx(request) else "sprints/board.html"
        return render(request, template, context)
    services.add_work_item(actor=request.user, sprint=sprint, title=form.cleaned_data["title"])
    if is_htmx(request):
        return render(request, "sprints/_board.html", _board_context(request, place_obj, sprint))
    return redirect("sprint_board", place_obj.slug, sprint.slug)


@login_required
@require_POST
def work_item_move(request: AuthenticatedRequest, place: str, slug: str, pk: int) -> HttpResponse:
    """Moves a card. htmx swaps the board in place; without JavaScript the form posts and the
    board page reloads."""
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_team(request.user, place_obj, slug)
    try:
        item = sprint.work_items.get(pk=pk)
    except WorkItem.DoesNotExist:
        raise Http404("No such work item") from None
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_work_item(actor=request.user, item=item, status=form.cleaned_data["status"])
    else:
        messages.error(request, "Choose to do, doing or done.")
    if is_htmx(request):
        return render(request, "sprints/_board.html", _board_context(request, place_obj, sprint))
    return redirect("sprint_board", place_obj.slug, sprint.slug)


# Check-ins, health, retrospective, learning, summary ----------------------------------------


def sprint_check_ins(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint(request.user, place_obj, slug)
    can_work = sprint_access.can_work_on(request.user, sprint)
    form = CheckInForm(request.POST or None, initial={"week_of": monday(timezone.localdate())})
    if request.method == "POST":
        if not can_work:
            if not request.user.is_authenticated:
                return redirect(f"/accounts/login/?next={request.path}")
            raise PermissionDenied("Only the sprint's team can write check-ins.")
        if form.is_valid():
            try:
                services.record_check_in(
                    actor=request.user,  # type: ignore[arg-type]
                    sprint=sprint,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The check-in has been saved.")
                return redirect("sprint_check_ins", place_obj.slug, sprint.slug)
    check_ins = Paginator(sprint.check_ins.select_related("author"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sprints/check_ins.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "page": check_ins,
            "form": form,
            "can_work": can_work,
        },
    )


def sprint_health(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint(request.user, place_obj, slug)
    return render(
        request,
        "sprints/health.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "health": health.health_check(sprint),
            "can_edit": sprint_access.can_edit_sprint(request.user, sprint),
        },
    )


@login_required
@require_POST
def sprint_health_start(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_editor(request.user, place_obj, slug)
    try:
        exercise = services.start_health_check(actor=request.user, sprint=sprint)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sprint_health", place_obj.slug, sprint.slug)
    messages.success(request, "Record the team's answers as you agree them.")
    return redirect("exercise_answers", place_obj.slug, exercise.pk)


@login_required
def sprint_retrospective(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_editor(request.user, place_obj, slug)
    retro = getattr(sprint, "retrospective", None)
    initial = (
        {
            k: getattr(retro, k)
            for k in ("held_on", "went_well", "did_not_go_well", "blockers_overcome", "next_steps")
        }
        if retro
        else {"held_on": timezone.localdate()}
    )
    form = RetrospectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_retrospective(actor=request.user, sprint=sprint, data=form.cleaned_data)
        messages.success(request, "The retrospective has been saved.")
        return redirect("sprint_summary", place_obj.slug, sprint.slug)
    return render(
        request,
        "sprints/form_page.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "form": form,
            "heading": "Retrospective",
            "intro": "Look back at the end of the sprint: what worked, what did not, and what "
            "others can learn from it.",
        },
    )


@login_required
def learning_create(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_for_team(request.user, place_obj, slug)
    form = LearningForm(
        request.POST or None,
        initial={"visibility": sprint.visibility, "kind": "insight"},
        place=place_obj,
        exclude=sprint.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        shared = list(data.pop("shared_with"))
        services.record_learning(
            actor=request.user,
            place=place_obj,
            organisation=sprint.organisation,
            data={
                **data,
                "sprint": sprint,
                "source_type": LearningSource.SPRINT,
                "source_id": sprint.pk,
            },
            shared_with=shared,
        )
        messages.success(request, "The learning has been recorded.")
        return redirect("sprint_detail", place_obj.slug, sprint.slug)
    return render(
        request,
        "sprints/form_page.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "form": form,
            "heading": "Record what the team learned",
            "intro": "Learning is fed back to your organisation, and to partners where you "
            "share it.",
        },
    )


def learning_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    learnings = sprint_access.visible_learnings(request.user, place_obj).select_related(
        "organisation", "mission", "sprint"
    )
    mission_slug = request.GET.get("mission", "")
    if mission_slug:
        learnings = learnings.filter(mission__slug=mission_slug)
    page = Paginator(learnings, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    mission_access.hide_unseen_links(request.user, place_obj, page.object_list, "mission", "sprint")
    return render(
        request,
        "sprints/learning_list.html",
        {"place": place_obj, "page": page, "mission_slug": mission_slug},
    )


def sprint_summary(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    sprint = sprint_access.get_sprint_summary(request.user, place_obj, slug)
    members = list(sprint.members.select_related("organisation"))
    # The public summary shows only learning that is itself public.
    learnings = sprint.learnings.all()
    if not sprint_access.can_view_sprint(request.user, sprint, place_obj):
        learnings = learnings.filter(visibility="public")
    else:
        learnings = learnings.filter(sprint_access.learning_q(request.user, place_obj))
    learning_list = list(learnings.select_related("mission"))
    mission_access.hide_unseen_links(request.user, place_obj, learning_list, "mission")
    mission: Mission | None = sprint.mission
    if mission is not None and not (
        mission_access.can_view_mission(request.user, mission, place_obj)
        and (
            mission.visibility == "public"
            or sprint_access.can_view_sprint(request.user, sprint, place_obj)
        )
    ):
        mission = None
    return render(
        request,
        "sprints/summary.html",
        {
            "place": place_obj,
            "sprint": sprint,
            "mission": mission,
            "departments": sorted({m.department for m in members if m.department}),
            "organisations": sorted({m.organisation.name for m in members}),
            "team_size": len(members),
            "done": sprint.work_items.filter(status=WorkStatus.DONE).count(),
            "check_in_count": sprint.check_ins.count(),
            "retro": getattr(sprint, "retrospective", None),
            "learnings": learning_list,
            "health": health.health_check(sprint, members),
        },
    )
