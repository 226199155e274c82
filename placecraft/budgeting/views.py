"""Pages for participatory budgeting: rounds, projects, voting (signed in, with a code, on
paper), the count and its results.

Secrecy while voting is open: no page, download or API answer shows how many votes any
project has until voting closes; only the turnout (how many ballots in all) is shown. The
results only exist once the count has run, and the count only runs once voting has closed.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placecraft.budgeting import access, counting, services
from placecraft.budgeting.charts import results_chart
from placecraft.budgeting.forms import (
    BallotForm,
    ChoicesForm,
    CodeBallotForm,
    CodeBatchForm,
    PaperForm,
    PhaseForm,
    ProjectForm,
    RoundForm,
)
from placecraft.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotType,
    CountStatus,
    Feasibility,
    PaperEntry,
    PaperStatus,
    Phase,
    Project,
    ProjectResult,
    Round,
    normalise_code,
    phase_index,
)
from placecraft.budgeting.pabulib import write_pabulib
from placecraft.core import csvfiles
from placecraft.core.http import AuthenticatedRequest, is_htmx
from placecraft.core.ratelimit import allow, client_address
from placecraft.missions.access import editable_missions, visible_missions
from placecraft.places import access as places_access
from placecraft.places.models import Place

# Generous per address: a library or a community event may put many voters behind one address.
VOTES_PER_ADDRESS = (60, 60)  # attempts per minute
CODE_ATTEMPTS = (5, 3600)  # attempts with one code per hour


def _ballot_projects(round: Round) -> list[Project]:
    return list(round.projects.filter(feasibility=Feasibility.FEASIBLE).order_by("id"))


def _phases(round: Round) -> list[dict[str, Any]]:
    dates = {
        Phase.IDEAS: round.ideas_from,
        Phase.FEASIBILITY: round.feasibility_from,
        Phase.VOTING: round.voting_from,
        Phase.COUNTING: round.voting_until,
        Phase.RESULTS: round.results_from,
        Phase.DELIVERY: round.delivery_from,
    }
    current = phase_index(round.phase)
    return [
        {
            "label": Phase(value).label,
            "date": dates[Phase(value)],
            "state": "done" if i < current else ("current" if i == current else "to come"),
        }
        for i, value in enumerate(PHASE_ORDER)
    ]


# --------------------------------------------------------------------------------------------
# Public pages
# --------------------------------------------------------------------------------------------


def round_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    rounds = (
        access.visible_rounds(request.user, place_obj)
        .select_related("organisation")
        .only(
            "title",
            "phase",
            "budget",
            "currency",
            "area_name",
            "voting_from",
            "voting_until",
            "organisation__name",
            "place_id",
            "visibility",
        )
    )
    return render(
        request,
        "budgeting/round_list.html",
        {
            "place": place_obj,
            "rounds": rounds,
            "can_create": places_access.writable_organisations(request.user, place_obj).exists(),
        },
    )


def round_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    projects = list(round.projects.order_by("feasibility", "id"))
    return render(
        request,
        "budgeting/round_detail.html",
        {
            "place": place_obj,
            "round": round,
            "projects": projects,
            "phases": _phases(round),
            "turnout": services.turnout(round) if round.is_locked else None,
            "missions": list(visible_missions(request.user, place_obj).filter(pb_rounds=round)),
            "can_run": access.can_run(request.user, round),
            "can_change_phase": access.can_change_phase(request.user, round),
            "pending_paper": PaperEntry.objects.filter(
                round=round, status=PaperStatus.PENDING
            ).count()
            if access.can_run(request.user, round)
            else 0,
        },
    )


def project_detail(request: HttpRequest, place: str, pk: int, project: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    project_obj = access.get_project(round, project)
    results = (
        list(ProjectResult.objects.filter(project=project_obj).order_by("-is_main"))
        if round.has_results
        else []
    )
    return render(
        request,
        "budgeting/project_detail.html",
        {
            "place": place_obj,
            "round": round,
            "project": project_obj,
            "results": results,
            "can_run": access.can_run(request.user, round),
        },
    )


def _result_rows(round: Round) -> tuple[list[ProjectResult], dict[int, ProjectResult]]:
    rows = list(
        ProjectResult.objects.filter(project__round=round)
        .select_related("project")
        .order_by("-is_main", "position", "-score", "project__reference")
    )
    main = [r for r in rows if r.is_main]
    main.sort(key=lambda r: (not r.selected, r.position or 0, -r.score))
    other = {r.project_id: r for r in rows if not r.is_main}
    return main, other


def results(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    context: dict[str, Any] = {"place": place_obj, "round": round}
    if not round.has_results:
        context["turnout"] = services.turnout(round) if round.is_locked else None
        return render(request, "budgeting/results_pending.html", context)
    main, other = _result_rows(round)
    summary = round.count_summary
    rows = []
    for result in main:
        comparison = other.get(result.project_id)
        rows.append({"result": result, "comparison": comparison})
    winners = [r for r in main if r.selected]
    areas = [
        {
            **area,
            "share": round_share(area["with_winner"], area["voters"]),
        }
        for area in summary.get("areas", [])
    ]
    context.update(
        {
            "rows": rows,
            "winners": winners,
            "summary": summary,
            "share": round_share(summary.get("with_winner", 0), summary.get("voters", 0)),
            "comparison_share": round_share(
                summary.get("comparison_with_winner", 0), summary.get("voters", 0)
            ),
            "areas": areas,
            "chart": results_chart(round, main),
            "comparison_label": _rule_label(summary.get("comparison_rule", "")),
            "rule_label": _rule_label(summary.get("rule", round.rule)),
        }
    )
    return render(request, "budgeting/results.html", context)


def round_share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _rule_label(rule: str) -> str:
    if rule.startswith(("mes", "equalshares")):
        return "Method of Equal Shares"
    return {
        "greedy": "Greedy (most votes first)",
        "greedy-threshold": "Greedy with a minimum score",
        "greedy-no-skip": "Greedy, stopping at the first that does not fit",
    }.get(rule, rule)


def how_we_counted(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    ties = services.tie_break_for(round)
    drawn = (
        sorted(_ballot_projects(round), key=lambda p: counting.seeded_key(ties.seed, p.reference))
        if "seed" in ties.order
        else []
    )
    return render(
        request,
        "budgeting/how_we_counted.html",
        {
            "place": place_obj,
            "round": round,
            "summary": round.count_summary if round.has_results else {},
            "is_mes": round.rule == "mes"
            or str(round.count_summary.get("rule", "")).startswith(("mes", "equalshares")),
            "tie_steps": ties.order,
            "drawn": drawn,
        },
    )


def count_progress(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    running = round.count_status in (CountStatus.QUEUED, CountStatus.RUNNING)
    return render(
        request,
        "budgeting/_count_status.html" if is_htmx(request) else "budgeting/count_progress.html",
        {
            "place": place_obj,
            "round": round,
            "running": running,
            "can_change_phase": access.can_change_phase(request.user, round),
        },
    )


def projects_csv(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    """The round's projects as open data. Vote figures are added only once results exist."""
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{round.pk}-projects.csv"'
    writer = csvfiles.writer(response)
    header = ["reference", "title", "cost", "currency", "category", "area", "feasibility"]
    header += ["feasibility_reason"]
    counted = round.has_results
    if counted:
        header += ["votes", "score", "effective_votes", "selected", "outcome"]
    writer.writerow(header)
    results_by_project = (
        {r.project_id: r for r in ProjectResult.objects.filter(project__round=round, is_main=True)}
        if counted
        else {}
    )
    for p in round.projects.order_by("id"):
        row: list[Any] = [
            p.reference,
            p.title,
            p.cost,
            round.currency,
            p.category,
            p.area,
            p.feasibility,
            p.feasibility_reason,
        ]
        r = results_by_project.get(p.pk)
        if counted:
            row += (
                [
                    r.votes,
                    r.score,
                    "" if r.effective_votes is None else f"{r.effective_votes:.2f}",
                    int(r.selected),
                    r.reason,
                ]
                if r
                else ["", "", "", "", "not on the ballot"]
            )
        writer.writerow(row)
    return response


def ballots_pabulib(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    """Every ballot, with nothing that identifies a voter, as a pabulib file anyone can recount:
    shuffled, under random ids, and only once the round has been counted (never while voting
    is open)."""
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    if not round.has_results:
        raise Http404("The ballots are published once the round has been counted.")
    winners = services.winners_for_export(round)
    election = services.election_for_publication(round)
    text = write_pabulib(election, selected=winners or [])
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round.pk}.pb"'
    return response


def round_json(request: HttpRequest, place: str, pk: int) -> JsonResponse:
    """The round as JSON open data: turnout while open; per-project results only once counted."""
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    counted = round.has_results
    results_by_project = (
        {r.project_id: r for r in ProjectResult.objects.filter(project__round=round, is_main=True)}
        if counted
        else {}
    )
    projects = []
    for p in round.projects.order_by("id"):
        item: dict[str, Any] = {
            "reference": p.reference,
            "title": p.title,
            "cost": p.cost,
            "category": p.category,
            "area": p.area,
            "feasibility": p.feasibility,
            "feasibility_reason": p.feasibility_reason,
        }
        r = results_by_project.get(p.pk)
        if r:
            item["result"] = {
                "votes": r.votes,
                "score": r.score,
                "effective_votes": r.effective_votes,
                "selected": r.selected,
                "outcome": r.reason,
            }
        projects.append(item)
    data: dict[str, Any] = {
        "id": round.pk,
        "title": round.title,
        "phase": round.phase,
        "budget": str(round.budget),
        "currency": round.currency,
        "ballot_type": round.ballot_type,
        "rule": round.rule,
        "tie_break": {"order": round.tie_break.split(","), "seed": round.tie_seed},
        "turnout": services.turnout(round) if round.is_locked else None,
        "projects": projects,
    }
    if counted:
        summary = round.count_summary
        data["winners"] = summary.get("winners", [])
        data["total_cost"] = summary.get("total_cost")
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'inline; filename="budget-{round.pk}.json"'
    return response


# --------------------------------------------------------------------------------------------
# Voting
# --------------------------------------------------------------------------------------------


def _vote_page(
    request: HttpRequest,
    place: Place,
    round: Round,
    form: ChoicesForm | None,
    *,
    with_code: bool,
    status: int = 200,
    existing: Ballot | None = None,
    refusal: str = "",
) -> HttpResponse:
    return render(
        request,
        "budgeting/vote.html",
        {
            "place": place,
            "round": round,
            "form": form,
            "with_code": with_code,
            "existing": existing,
            "refusal": refusal,
            "cumulative": round.ballot_type == BallotType.CUMULATIVE,
        },
        status=status,
    )


def _refuse(form: ChoicesForm, error: ValidationError) -> None:
    form.add_error(form.error_field(), error.messages)


@login_required
def vote(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    existing = Ballot.objects.filter(round=round, voter=request.user).first()
    if not round.is_open:
        return _vote_page(request, place_obj, round, None, with_code=False, existing=existing)
    if existing and not round.allow_changes:
        return _vote_page(request, place_obj, round, None, with_code=False, existing=existing)
    projects = _ballot_projects(round)
    initial: dict[str, Any] = {}
    if existing:
        initial = {"projects": [str(p) for p in existing.projects], "area": existing.area}
        initial["connection"] = existing.connection
        initial["confirmed_age"] = existing.confirmed_age
        for p, pts in zip(existing.projects, existing.points or [], strict=False):
            initial[f"points_{p}"] = pts
    form = BallotForm(request.POST or None, round=round, projects=projects, initial=initial or None)
    if request.method == "POST":
        if not allow(
            "pb-vote",
            key=client_address(request),
            limit=VOTES_PER_ADDRESS[0],
            per=VOTES_PER_ADDRESS[1],
        ):
            return _vote_page(
                request,
                place_obj,
                round,
                form,
                with_code=False,
                status=429,
                refusal="Too many attempts from your connection. Wait a minute and try again.",
            )
        if form.is_valid():
            try:
                cast = services.cast_ballot(
                    round=round,
                    voter=request.user,
                    choices=form.choices(),
                    eligibility=form.eligibility(),
                )
            except ValidationError as error:
                _refuse(form, error)
            else:
                messages.success(
                    request,
                    "Your ballot has been changed." if cast.changed else "Your vote has been cast.",
                )
                return redirect("pb_vote_done", place_obj.slug, round.pk)
    return _vote_page(request, place_obj, round, form, with_code=False, existing=existing)


def vote_with_code(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    if not round.is_open:
        return _vote_page(request, place_obj, round, None, with_code=True)
    form = CodeBallotForm(request.POST or None, round=round, projects=_ballot_projects(round))
    if request.method == "POST":
        address_ok = allow(
            "pb-vote",
            key=client_address(request),
            limit=VOTES_PER_ADDRESS[0],
            per=VOTES_PER_ADDRESS[1],
        )
        # Counted per code, not per spelling: "abcd efgh" and "ABCD-EFGH" are one code.
        code = normalise_code(request.POST.get("code", ""))
        code_ok = allow(
            "pb-code",
            key=f"{round.pk}:{code}",
            limit=CODE_ATTEMPTS[0],
            per=CODE_ATTEMPTS[1],
        )
        if not (address_ok and code_ok):
            return _vote_page(
                request,
                place_obj,
                round,
                form,
                with_code=True,
                status=429,
                refusal="Too many attempts. Wait a while and try again.",
            )
        if form.is_valid():
            try:
                services.cast_ballot_with_code(
                    round=round,
                    code=form.cleaned_data["code"],
                    choices=form.choices(),
                    eligibility=form.eligibility(),
                )
            except services.VoteRefused as error:
                if "code" in error.messages[0].lower():
                    form.add_error("code", error.messages)
                else:
                    _refuse(form, error)
            else:
                messages.success(request, "Your vote has been cast.")
                return redirect("pb_vote_done", place_obj.slug, round.pk)
    return _vote_page(request, place_obj, round, form, with_code=True)


def vote_done(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round(request.user, place_obj, pk)
    return render(request, "budgeting/vote_done.html", {"place": place_obj, "round": round})


# --------------------------------------------------------------------------------------------
# Officers
# --------------------------------------------------------------------------------------------


def _round_form(request: HttpRequest, place: Place, instance: Round | None) -> RoundForm:
    # The missions the person may change, not every mission in the place (hundreds); a round's
    # own missions stay offered, so saving it does not drop links someone else made.
    missions = editable_missions(request.user, place)
    if instance is not None:
        missions |= visible_missions(request.user, place).filter(
            pk__in=instance.missions.values("pk")
        )
    return RoundForm(
        request.POST or None,
        instance=instance,
        organisations=places_access.writable_organisations(request.user, place),
        missions=missions.order_by("title"),
    )


@login_required
def round_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    access.require_creator(request.user, place_obj)
    form = _round_form(request, place_obj, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_values()
        organisation = data.pop("organisation")
        try:
            round = services.create_round(
                actor=request.user, place=place_obj, organisation=organisation, data=data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{round} has been set up.")
            return redirect("pb_round_detail", place_obj.slug, round.pk)
    return render(
        request, "budgeting/round_form.html", {"place": place_obj, "form": form, "round": None}
    )


@login_required
def round_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    form = _round_form(request, place_obj, copy.copy(round))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(actor=request.user, round=round, data=form.cleaned_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("pb_round_detail", place_obj.slug, round.pk)
    return render(
        request, "budgeting/round_form.html", {"place": place_obj, "form": form, "round": round}
    )


@login_required
def round_phase(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_lead(request.user, place_obj, pk)
    form = PhaseForm(request.POST or None, initial={"phase": round.phase})
    if request.method == "POST" and form.is_valid():
        try:
            round = services.set_phase(
                actor=request.user, round=round, phase=form.cleaned_data["phase"]
            )
        except ValidationError as error:
            form.add_error("phase", error.messages)
        else:
            messages.success(request, f"The round is now in its {round.get_phase_display()} phase.")
            if round.count_status in (CountStatus.QUEUED, CountStatus.RUNNING):
                return redirect("pb_count_progress", place_obj.slug, round.pk)
            return redirect("pb_round_detail", place_obj.slug, round.pk)
    return render(
        request, "budgeting/phase_form.html", {"place": place_obj, "round": round, "form": form}
    )


@login_required
@require_POST
def recount(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_lead(request.user, place_obj, pk)
    try:
        services.recount(actor=request.user, round=round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pb_round_detail", place_obj.slug, round.pk)
    return redirect("pb_count_progress", place_obj.slug, round.pk)


@login_required
def project_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    form = ProjectForm(request.POST or None)
    if round.is_locked:
        messages.error(request, "Projects cannot be added once voting has opened.")
        return redirect("pb_round_detail", place_obj.slug, round.pk)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                actor=request.user, round=round, **form.cleaned_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{project} has been added.")
            return redirect("pb_round_detail", place_obj.slug, round.pk)
    return render(
        request,
        "budgeting/project_form.html",
        {"place": place_obj, "round": round, "form": form, "project": None},
    )


@login_required
def project_edit(request: AuthenticatedRequest, place: str, pk: int, project: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    project_obj = access.get_project(round, project)
    form = ProjectForm(
        request.POST or None, instance=copy.copy(project_obj), locked=round.is_locked
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                actor=request.user, project=project_obj, data=form.cleaned_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("pb_project_detail", place_obj.slug, round.pk, project_obj.pk)
    return render(
        request,
        "budgeting/project_form.html",
        {"place": place_obj, "round": round, "form": form, "project": project_obj},
    )


@login_required
def codes(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """Issue voting codes. The codes are shown once, on a printable sheet, and never again:
    only their hashes are kept."""
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_codes(
                actor=request.user,
                round=round,
                label=form.cleaned_data["label"],
                size=form.cleaned_data["size"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            vote_url = request.build_absolute_uri(
                reverse("pb_vote_code", args=[place_obj.slug, round.pk])
            )
            response = render(
                request,
                "budgeting/code_sheet.html",
                {"place": place_obj, "round": round, "issued": issued, "vote_url": vote_url},
            )
            response["Cache-Control"] = "no-store"
            return response
    batches = round.code_batches.select_related("created_by")
    used = Ballot.objects.filter(round=round, code__isnull=False).count()
    return render(
        request,
        "budgeting/codes.html",
        {"place": place_obj, "round": round, "form": form, "batches": batches, "used": used},
    )


@login_required
def paper(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    form = PaperForm(request.POST or None, round=round, projects=_ballot_projects(round))
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.enter_paper_ballot(
                actor=request.user,
                round=round,
                serial=form.cleaned_data["serial"],
                choices=form.choices(),
                area=form.cleaned_data.get("area", ""),
            )
        except services.VoteRefused as error:
            _refuse(form, error)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Ballot paper {entry.serial} has been entered. A second officer must check it "
                "against the paper before it counts.",
            )
            return redirect("pb_paper", place_obj.slug, round.pk)
    entries = list(
        PaperEntry.objects.filter(round=round)
        .select_related("entered_by", "checked_by")
        .order_by("status", "-created_at")[:200]
    )
    titles = dict(round.projects.values_list("pk", "title"))
    for entry in entries:
        points = entry.points or [None] * len(entry.projects)
        entry.choices = [  # type: ignore[attr-defined]
            (titles.get(p, "?"), pts) for p, pts in zip(entry.projects, points, strict=False)
        ]
    return render(
        request,
        "budgeting/paper.html",
        {
            "place": place_obj,
            "round": round,
            "form": form,
            "entries": entries,
            "cumulative": round.ballot_type == BallotType.CUMULATIVE,
        },
    )


@login_required
@require_POST
def paper_check(request: AuthenticatedRequest, place: str, pk: int, entry: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    round = access.get_round_for_officer(request.user, place_obj, pk)
    entry_obj = access.get_paper_entry(round, entry)
    try:
        if request.POST.get("decision") == "reject":
            services.reject_paper_ballot(actor=request.user, entry=entry_obj)
            messages.success(request, f"Ballot paper {entry_obj.serial} has been rejected.")
        else:
            services.confirm_paper_ballot(actor=request.user, entry=entry_obj)
            messages.success(request, f"Ballot paper {entry_obj.serial} is confirmed and counts.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pb_paper", place_obj.slug, round.pk)
