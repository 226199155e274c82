"""Board packs (a form, a background job with a progress page, and what the job makes: a
printable page and a PDF) and the public yearly "state of our missions" report."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from placecraft.core.http import AuthenticatedRequest
from placecraft.core.models import Visibility
from placecraft.evidence import selectors
from placecraft.evidence.models import MissionIndicator
from placecraft.missions import access as mission_access
from placecraft.missions.models import Mission, MissionStatus, ProgressUpdate
from placecraft.partners import access as partners_access
from placecraft.partners.models import CommitmentStatus
from placecraft.places import access
from placecraft.places.models import Place
from placecraft.reports import render as pack_render
from placecraft.reports import services
from placecraft.reports.forms import BoardPackForm
from placecraft.reports.tasks import build_board_pack
from placecraft.sprints.models import Learning, Sprint

MISSIONS_PER_PAGE = 5


def _member_place(request: HttpRequest, place: str) -> Place:
    place_obj = access.get_place(place)
    access.require_member(request.user, place_obj)
    return place_obj


def _mission_choices(request: HttpRequest, place: Place) -> list[tuple[str, str]]:
    return list(
        mission_access.visible_missions(request.user, place)
        .order_by("title")
        .values_list("slug", "title")
    )


@login_required
def board_pack(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    form = BoardPackForm(request.POST or None, missions=_mission_choices(request, place_obj))
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data["mission"]
        mission = mission_access.get_mission(request.user, place_obj, slug) if slug else None
        job = services.request_board_pack(
            actor=request.user,
            place=place_obj,
            mission=mission,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        return redirect("board_pack_job", place_obj.slug, job)
    return render(
        request,
        "reports/board_pack_form.html",
        {"place": place_obj, "form": form, "recent": _recent_jobs(request, place_obj)},
    )


def _recent_jobs(request: HttpRequest, place: Place) -> list[dict[str, Any]]:
    """The person's latest board packs in this place, read from the task queue's own table."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path=build_board_pack.module_path,
        args_kwargs__kwargs__user_id=request.user.pk,
        args_kwargs__kwargs__place_id=place.pk,
    ).order_by("-enqueued_at")[:5]
    return [
        {
            "id": str(row.id),
            "status": row.status,
            "enqueued_at": row.enqueued_at,
            "title": (row.return_value or {}).get("title", "") if row.return_value else "",
            "date_from": row.args_kwargs["kwargs"].get("date_from"),
            "date_to": row.args_kwargs["kwargs"].get("date_to"),
        }
        for row in rows
    ]


def _job(request: HttpRequest, place: Place, job: str) -> Any:
    """A board pack job, only for the person who asked for it (404 for everyone else)."""
    try:
        result = build_board_pack.get_result(job)
    except (TaskResultDoesNotExist, ValidationError, ValueError):
        raise Http404("No such board pack") from None
    kwargs = result.kwargs
    if kwargs.get("user_id") != request.user.pk or kwargs.get("place_id") != place.pk:
        raise Http404("No such board pack")
    return result


@login_required
def board_pack_job(request: HttpRequest, place: str, job: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    result = _job(request, place_obj, job)
    mission_id = result.kwargs.get("mission_id")
    mission = Mission.objects.filter(pk=mission_id).first() if mission_id else None
    return render(
        request,
        "reports/board_pack_job.html",
        {
            "place": place_obj,
            "job": job,
            "result": result,
            "mission": mission,
            "status": result.status,
            "done": result.status == TaskResultStatus.SUCCESSFUL,
            "failed": result.status == TaskResultStatus.FAILED,
            "waiting": result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING),
            "value": result.return_value if result.status == TaskResultStatus.SUCCESSFUL else {},
        },
    )


@login_required
def board_pack_print(request: HttpRequest, place: str, job: str) -> HttpResponse:
    """The printable page: the document the worker rendered with the PDF, read back from storage.

    Only the person who asked may open it, as with the PDF. Nothing is built here."""
    place_obj = _member_place(request, place)
    result = _job(request, place_obj, job)
    if result.status != TaskResultStatus.SUCCESSFUL or not result.return_value.get("html"):
        raise Http404("The board pack is not ready")
    document = pack_render.read_html(result.return_value["html"])
    if document is None:
        raise Http404("The board pack file has gone")
    return render(
        request,
        "reports/board_pack_print.html",
        {
            "place": place_obj,
            "job": job,
            "title": result.return_value.get("title") or "Board pack",
            # Marked safe: the worker rendered it with our own templates (reports/
            # _board_pack_document.html), which escape or sanitise everything people wrote, and
            # it is read back from storage under an unguessable name nobody else can write to.
            "document": mark_safe(document),
        },
    )


@login_required
def board_pack_download(request: HttpRequest, place: str, job: str) -> FileResponse:
    place_obj = _member_place(request, place)
    result = _job(request, place_obj, job)
    if result.status != TaskResultStatus.SUCCESSFUL:
        raise Http404("The board pack is not ready")
    name = result.return_value["file"]
    if not default_storage.exists(name):
        raise Http404("The board pack file has gone")
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{place_obj.slug}-board-pack.pdf",
        content_type="application/pdf",
    )


def state_of_missions(request: HttpRequest, place: str) -> HttpResponse:
    """The yearly public report: public missions, their public indicators, updates published in
    the year, public learning and sprints, and commitments by state, five missions a page. A
    fixed number of queries."""
    place_obj = access.get_place(place)
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
    reported = mission_access.public_missions(place_obj).exclude(
        status__in=[MissionStatus.CANDIDATE, MissionStatus.RETIRED]
    )
    totals = Mission.objects.filter(pk__in=reported.values("pk")).aggregate(
        missions=Count("pk", distinct=True),
        updates=Count("updates", filter=Q(updates__published_at__year=year), distinct=True),
        indicators=Count(
            "mission_indicators",
            filter=Q(
                mission_indicators__headline=True,
                mission_indicators__indicator__visibility=Visibility.PUBLIC,
            ),
            distinct=True,
        ),
    )
    # A page of missions at a time: each brings its charts and a year of updates, and a
    # strategic authority's public missions make a report too long for one page. The totals
    # have counted them already, so the paginator need not.
    paginator = Paginator(
        reported.select_related("organisation").order_by("title", "pk"), MISSIONS_PER_PAGE
    )
    paginator.count = totals["missions"]
    page = paginator.get_page(request.GET.get("page"))
    missions = list(page.object_list)
    ids = [m.pk for m in missions]
    links = MissionIndicator.objects.filter(
        mission_id__in=ids, headline=True, indicator__visibility=Visibility.PUBLIC
    ).select_related("indicator")
    summaries: dict[int, list[Any]] = defaultdict(list)
    for summary in selectors.summarise(links, place_obj):
        summaries[summary.link.mission_id].append(summary)
    updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in ProgressUpdate.objects.filter(
        mission_id__in=ids, published_at__year=year
    ).order_by("-published_at"):
        updates[update.mission_id].append(update)
    # Public commitments only, as anyone sees them (from the tallies: a few rows a mission).
    commitments: dict[int, dict[str, int]] = defaultdict(dict)
    for counts in partners_access.commitment_counts(AnonymousUser(), place_obj, ids):
        for row in counts:
            commitments[row["mission_id"]][row["status"]] = row["n"]
    sprints: dict[int, int] = {
        row["mission_id"]: row["n"]
        for row in Sprint.objects.filter(
            mission_id__in=ids, start_date__year__lte=year, end_date__year__gte=year
        )
        .filter(visibility=Visibility.PUBLIC)
        .values("mission_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    learning = list(
        Learning.objects.filter(
            place=place_obj, visibility=Visibility.PUBLIC, recorded_on__year=year
        )
        # A public entry about a mission that is not public must not name it.
        .filter(Q(mission__isnull=True) | Q(mission__visibility=Visibility.PUBLIC))
        .select_related("mission")
        .only("title", "kind", "what_we_learned", "mission__title")
        .order_by("-recorded_on")[:20]
    )
    labels = dict(CommitmentStatus.choices)
    rows = [
        {
            "mission": m,
            "summaries": summaries.get(m.pk, []),
            "updates": updates.get(m.pk, []),
            "commitments": [
                (labels.get(k, k), n) for k, n in sorted(commitments.get(m.pk, {}).items())
            ],
            "sprints": sprints.get(m.pk, 0),
        }
        for m in missions
    ]
    return render(
        request,
        "reports/state_of_missions.html",
        {
            "place": place_obj,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "rows": rows,
            "page": page,
            "learning": learning,
            "totals": totals,
        },
    )
