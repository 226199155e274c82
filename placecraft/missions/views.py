"""Mission pages: the list, the mission page (public and for members), and the forms that change
a mission. Each view: access → form → service → render or redirect."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placecraft.core import csvfiles
from placecraft.core.pagecache import cache_public_page
from placecraft.evidence import selectors
from placecraft.missions import access, alignment, scoping, services
from placecraft.missions import selectors as mission_selectors
from placecraft.missions.forms import (
    AlignmentForm,
    BoardMemberForm,
    MissionForm,
    StatusForm,
    UpdateForm,
)
from placecraft.missions.models import (
    Alignment,
    BoardMember,
    Mission,
    MissionStatus,
    ProgressUpdate,
    ReferenceOutcome,
)
from placecraft.places import access as place_access
from placecraft.places.models import Organisation, Place


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@cache_public_page
def mission_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    status = request.GET.get("status", "")
    missions = access.visible_missions(request.user, place_obj).select_related("organisation")
    if status in MissionStatus.values:
        missions = missions.filter(status=status)
    page = Paginator(missions.order_by("title"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/mission_list.html",
        {
            "place": place_obj,
            "page": page,
            "rows": mission_selectors.list_rows(place_obj, page.object_list),
            "status": status,
            "statuses": MissionStatus.choices,
            "can_create": request.user.is_authenticated
            and place_access.writable_organisations(request.user, place_obj).exists(),
        },
    )


def _board(mission: Mission, show_all: bool) -> list[BoardMember]:
    members = mission.board_members.select_related("organisation")
    if not show_all:
        members = members.filter(is_public=True)
    return list(members)


@cache_public_page
def mission_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission(request.user, place_obj, slug)
    is_partner = place_access.is_partner(request.user, place_obj)
    can_edit = access.can_edit_mission(request.user, mission)
    visible = access.mission_q(request.user, place_obj)
    links = selectors.mission_indicators(
        mission, request.user, place_obj, headline_only=not can_edit
    )
    summaries = selectors.summarise(links, place_obj)
    updates = list(ProgressUpdate.objects.filter(mission=mission)[:3])
    headline_count = sum(1 for s in summaries if s.link.headline)
    # Who runs it and what it is aligned with: one query (a UNION), not five.
    related = mission_selectors.relations(mission, visible, with_leads=is_partner)
    return render(
        request,
        "missions/mission_detail.html",
        {
            "place": place_obj,
            "mission": mission,
            "co_owners": related.co_owners,
            "leads": related.leads,
            "board": _board(mission, show_all=is_partner),
            "summaries": summaries,
            "headline_count": headline_count,
            "too_many_headlines": headline_count > selectors.HEADLINE_ADVICE_LIMIT,
            "headline_limit": selectors.HEADLINE_ADVICE_LIMIT,
            "updates": updates,
            "latest_update": updates[0] if updates else None,
            "contributes_to": related.contributes_to,
            "contributions": related.contributions,
            "outcomes": related.outcomes,
            "history": list(mission.status_changes.select_related("by")[:5]) if is_partner else [],
            "can_edit": can_edit,
            "can_change_status": access.can_change_status(request.user, mission),
            "is_stale": mission.is_stale(),
        },
    )


@login_required
def mission_create(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    access.require_creator(request.user, place_obj)
    owners = place_access.writable_organisations(request.user, place_obj)
    form = MissionForm(request.POST or None, place=place_obj, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.create_mission(
                actor=request.user,  # type: ignore[arg-type]
                place=place_obj,
                data=form.cleaned_values(),
                co_owners=form.cleaned_data["co_owners"],
                leads=form.cleaned_data["leads"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"“{mission}” has been added as a candidate mission.")
            return redirect("mission_detail", place_obj.slug, mission.slug)
    return render(request, "missions/mission_form.html", {"place": place_obj, "form": form})


@login_required
def mission_edit(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_editor(request.user, place_obj, slug)
    owners = access.owner_choices(request.user, mission)
    form = MissionForm(
        request.POST or None, instance=copy.copy(mission), place=place_obj, owners=owners.distinct()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mission(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                data=form.cleaned_values(),
                co_owners=form.cleaned_data["co_owners"],
                leads=form.cleaned_data["leads"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("mission_detail", place_obj.slug, mission.slug)
    return render(
        request,
        "missions/mission_form.html",
        {"place": place_obj, "form": form, "mission": mission},
    )


@login_required
def mission_invitations(request: HttpRequest, place: str) -> HttpResponse:
    """The invitations to co-own missions waiting for the organisations the person runs."""
    place_obj = place_access.get_place(place)
    place_access.require_member(request.user, place_obj)
    return render(
        request,
        "missions/invitations.html",
        {
            "place": place_obj,
            "invitations": access.invitations_for(request.user, place_obj).order_by(
                "-invited_at", "-pk"
            ),
        },
    )


def _answer(request: HttpRequest, place: str, slug: str, pk: int, accept: bool) -> HttpResponse:
    place_obj = place_access.get_place(place)
    invitation = access.get_invitation_for_reply(request.user, place_obj, slug, pk)
    try:
        services.answer_co_ownership(
            actor=request.user,  # type: ignore[arg-type]
            invitation=invitation,
            accept=accept,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = {"organisation": invitation.organisation.name, "mission": invitation.mission}
        messages.success(
            request,
            (
                _("%(organisation)s now co-owns “%(mission)s”.")
                if accept
                else _("%(organisation)s has declined to co-own “%(mission)s”.")
            )
            % names,
        )
    return redirect("mission_invitations", place_obj.slug)


@login_required
@require_POST
def invitation_accept(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    return _answer(request, place, slug, pk, accept=True)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    return _answer(request, place, slug, pk, accept=False)


@login_required
def mission_status(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_status(request.user, place_obj, slug)
    form = StatusForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                f"“{mission}” is now {MissionStatus(form.cleaned_data['status']).label.lower()}.",
            )
            return redirect("mission_detail", place_obj.slug, mission.slug)
    return render(
        request,
        "missions/mission_status.html",
        {
            "place": place_obj,
            "mission": mission,
            "form": form,
            "history": mission.status_changes.select_related("by"),
        },
    )


@login_required
def mission_alignment(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_editor(request.user, place_obj, slug)
    candidates = (
        access.visible_missions(request.user, place_obj).exclude(pk=mission.pk).order_by("title")
    )
    form = AlignmentForm(
        request.POST or None,
        missions=candidates,
        initial={
            "contributes_to": list(mission.contributes_to.values_list("pk", flat=True)),
            "outcomes": list(mission.reference_outcomes.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_alignment(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                contributes_to=form.cleaned_data["contributes_to"],
                outcomes=form.cleaned_data["outcomes"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "The mission's alignment has been saved.")
            return redirect("mission_detail", place_obj.slug, mission.slug)
    return render(
        request,
        "missions/mission_alignment.html",
        {"place": place_obj, "mission": mission, "form": form},
    )


@login_required
def board(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_editor(request.user, place_obj, slug)
    form = BoardMemberForm(request.POST or None, place=place_obj)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_board_member(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                data=form.cleaned_values(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{member.name} has been added to the board.")
            return redirect("board", place_obj.slug, mission.slug)
    return render(
        request,
        "missions/board.html",
        {
            "place": place_obj,
            "mission": mission,
            "form": form,
            "members": _board(mission, show_all=True),
        },
    )


@login_required
@require_POST
def board_remove(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_editor(request.user, place_obj, slug)
    member = mission.board_members.filter(pk=pk).first()
    if member is None:
        raise Http404("No such board member")
    services.remove_board_member(actor=request.user, member=member)  # type: ignore[arg-type]
    messages.success(request, f"{member.name} has been removed from the board.")
    return redirect("board", place_obj.slug, mission.slug)


def update_list(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission(request.user, place_obj, slug)
    page = Paginator(
        ProgressUpdate.objects.filter(mission=mission).select_related("author"), 20
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/update_list.html",
        {
            "place": place_obj,
            "mission": mission,
            "page": page,
            "can_edit": access.can_edit_mission(request.user, mission),
            "is_stale": mission.is_stale(),
        },
    )


@login_required
def update_create(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = access.get_mission_for_editor(request.user, place_obj, slug)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_update(actor=request.user, mission=mission, data=form.cleaned_values())  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Your progress update has been published.")
            return redirect("mission_detail", place_obj.slug, mission.slug)
    return render(
        request, "missions/update_form.html", {"place": place_obj, "mission": mission, "form": form}
    )


def alignment_map(request: HttpRequest, place: str) -> HttpResponse:
    """By default the map of organisations, drawn from counts; an organisation's missions one
    by one on request (``?organisation=<slug>``), with the missions they contribute to."""
    place_obj = place_access.get_place(place)
    visible = access.visible_missions(request.user, place_obj)
    chosen = request.GET.get("organisation")
    owner = (
        Organisation.objects.filter(place=place_obj, slug=chosen, missions__in=visible)
        .only("name", "slug")
        .first()
        if chosen
        else None
    )
    outcomes = list(ReferenceOutcome.objects.only("pk", "title"))
    if owner is None:
        owners = list(
            visible.order_by()
            .values_list(
                "organisation_id", "organisation__name", "organisation__slug", "organisation__kind"
            )
            .annotate(n=Count("pk"))
            .order_by("organisation__name")
        )
        owner_links = list(
            Alignment.objects.filter(from_mission__in=visible, to_mission__in=visible)
            .order_by()
            .values_list("from_mission__organisation_id", "to_mission__organisation_id")
            .annotate(n=Count("pk"))
        )
        outcome_links = list(
            Mission.reference_outcomes.through.objects.filter(mission__in=visible)
            .order_by()
            .values_list("mission__organisation_id", "referenceoutcome_id")
            .annotate(n=Count("pk"))
        )
        return render(
            request,
            "missions/alignment_map.html",
            {
                "place": place_obj,
                "overview": alignment.overview(owners, owner_links, outcome_links, outcomes),
            },
        )
    own = visible.filter(organisation=owner)
    links = list(
        Alignment.objects.filter(from_mission__in=own, to_mission__in=visible).values_list(
            "from_mission_id", "to_mission_id"
        )
    )
    missions = list(
        visible.filter(Q(organisation=owner) | Q(pk__in=[to for _, to in links]))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("reference_outcomes", queryset=ReferenceOutcome.objects.only("pk", "title"))
        )
        .order_by("title")
    )
    picture = alignment.build(missions, links, outcomes)
    return render(
        request,
        "missions/alignment_map.html",
        {"place": place_obj, "picture": picture, "owner": owner},
    )


@login_required
def scoping_comparison(request: HttpRequest, place: str) -> HttpResponse:
    """Candidate missions side by side on the scoping framework, with partners' consensus and
    the kinds of partner we have not heard from. For people working in the place."""
    place_obj = place_access.get_place(place)
    place_access.require_member(request.user, place_obj)
    return render(
        request,
        "missions/scoping.html",
        {"place": place_obj, "scoping": scoping.scoping(request.user, place_obj)},
    )


# Open data ---------------------------------------------------------------------------------


def _public_data(place: Place, slug: str) -> tuple[Mission, dict[str, Any]]:
    """Only what is public: the downloads are the public page's data, whoever asks."""
    mission = (
        Mission.objects.select_related("organisation")
        .filter(place=place, slug=slug, visibility="public")
        .first()
    )
    if mission is None:
        raise Http404("No such public mission")
    links = selectors.mission_indicators(mission, None, place, public_only=True)
    summaries = selectors.summarise(links, place, with_charts=False)
    updates = ProgressUpdate.objects.filter(mission=mission)
    data = {
        "mission": {
            "title": mission.title,
            "slug": mission.slug,
            "owner": mission.organisation.name,
            "co_owners": [o.name for o in mission.co_owners.all()],
            "statement": mission.statement,
            "ambition": mission.ambition,
            "horizon_year": mission.horizon_year,
            "status": mission.status,
            "status_changed_at": mission.status_changed_at.isoformat(),
            "contributes_to": [
                m.title
                for m in Mission.objects.filter(
                    alignments_in__from_mission=mission, visibility="public"
                )
            ],
            "national_and_other_outcomes": [o.title for o in mission.reference_outcomes.all()],
            "board": [
                {
                    "name": b.name,
                    "role": b.get_role_display(),
                    "organisation": b.organisation.name if b.organisation else "",
                    "represents": b.represents,
                }
                for b in mission.board_members.select_related("organisation").filter(is_public=True)
            ],
        },
        "indicators": [
            {
                "name": s.indicator.name,
                "slug": s.indicator.slug,
                "definition": s.indicator.definition,
                "unit": s.indicator.unit,
                "direction": s.indicator.direction,
                "source": s.indicator.source,
                "geography_code": s.link.geography_code,
                "headline": s.link.headline,
                "status": s.assessment.status.slug,
                "data_is_stale": s.stale,
                "baseline": {"period": s.link.baseline_period, "value": s.link.baseline_value}
                if s.link.baseline_period
                else None,
                "trajectory": s.link.trajectory,
                "targets": [{"period": t.period, "value": t.value} for t in s.targets],
                "observations": [
                    {"period": o.period, "value": o.value, "lower": o.lower, "upper": o.upper}
                    for o in s.observations
                ],
            }
            for s in summaries
        ],
        "updates": [
            {
                "published_at": u.published_at.isoformat(),
                "period": u.period_label,
                "status": u.status,
                "narrative": u.narrative,
                "what_changed": u.what_changed,
                "what_we_learned": u.what_we_learned,
            }
            for u in updates
        ],
    }
    return mission, data


def mission_json(request: HttpRequest, place: str, slug: str) -> JsonResponse:
    place_obj = place_access.get_place(place)
    mission, data = _public_data(place_obj, slug)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{mission.slug}.json"'
    return response


def mission_csv(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    """One tidy table of every public figure behind the mission: observations, baselines and
    targets, one row each."""
    place_obj = place_access.get_place(place)
    mission, data = _public_data(place_obj, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{mission.slug}.csv"'
    writer = csvfiles.writer(response)
    writer.writerow(
        [
            "mission",
            "indicator",
            "unit",
            "geography_code",
            "kind",
            "period",
            "value",
            "lower",
            "upper",
        ]
    )
    for item in data["indicators"]:
        base = [mission.slug, item["slug"], item["unit"], item["geography_code"]]
        if item["baseline"]:
            writer.writerow(
                [*base, "baseline", item["baseline"]["period"], item["baseline"]["value"], "", ""]
            )
        for target in item["targets"]:
            writer.writerow([*base, "target", target["period"], target["value"], "", ""])
        for obs in item["observations"]:
            writer.writerow(
                [
                    *base,
                    "observation",
                    obs["period"],
                    obs["value"],
                    "" if obs["lower"] is None else obs["lower"],
                    "" if obs["upper"] is None else obs["upper"],
                ]
            )
    return response
