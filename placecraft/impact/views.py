"""Impact in uncertainty: the self-assessment journey, the risk register, the learning log, the
resource library and the portfolio. Each view: access → form → service → render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placecraft.accounts.models import User
from placecraft.core import listing
from placecraft.core.dashboard import Panel
from placecraft.core.http import AuthenticatedRequest
from placecraft.core.toolkit import TOOLSETS
from placecraft.core.widgets import LongSelect
from placecraft.frameworks import access as fw_access
from placecraft.impact import access, journey, portfolio, services
from placecraft.impact.forms import (
    LearningForm,
    ResourceForm,
    ReviewForm,
    RiskForm,
    StartAssessmentForm,
)
from placecraft.impact.models import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    LearningTags,
    Origin,
    ResourceCategory,
    Risk,
    RiskStatus,
    Theme,
)
from placecraft.impact.search import search_learnings
from placecraft.missions import access as mission_access
from placecraft.missions.forms import organisation_choices
from placecraft.missions.models import Mission
from placecraft.places import access as place_access
from placecraft.places.models import Membership, Organisation, Place, Role
from placecraft.sprints.models import LearningKind


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _member_place(request: HttpRequest, place: str) -> Place:
    place_obj = place_access.get_place(place)
    access.require_member(request.user, place_obj)
    return place_obj


# --- Self-assessment journey ----------------------------------------------------------------


@login_required
def journey_index(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    assessed = (
        fw_access.visible_exercises(request.user, place_obj)
        .filter(version__framework__slug=services.SHIFTING)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rounds = {row["organisation_id"]: row["n"] for row in assessed}
    mine = set(place_access.principal(request.user).roles)
    organisations = [
        (org, rounds.get(org.pk, 0))
        for org in Organisation.objects.filter(place=place_obj)
        .filter(Q(pk__in=list(rounds)) | Q(pk__in=list(mine)))
        .order_by("name")
    ]
    return render(
        request,
        "impact/journey_index.html",
        {"place": place_obj, "organisations": organisations},
    )


@login_required
def journey_detail(request: HttpRequest, place: str, organisation: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    org = place_access.get_organisation(place_obj, organisation)
    j = journey.build(request.user, place_obj, org)
    timeline_svg, timeline_rows = journey.timeline(j)
    return render(
        request,
        "impact/journey.html",
        {
            "place": place_obj,
            "organisation": org,
            "journey": j,
            "heatmap": journey.heatmap(j),
            "timeline": timeline_svg,
            "timeline_rows": timeline_rows,
            "feature_rows": journey.feature_rows(j),
            "gap_rows": journey.gap_rows(j),
            "can_start": place_access.principal(request.user).has_role(org.pk, Role.CONTRIBUTOR),
            "today": timezone.localdate(),
        },
    )


@login_required
def journey_start(request: AuthenticatedRequest, place: str, organisation: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    org = place_access.get_organisation(place_obj, organisation)
    if not place_access.principal(request.user).has_role(org.pk, Role.CONTRIBUTOR):
        raise PermissionDenied("Only contributors of the organisation can start a round.")
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.start_self_assessment(
                actor=request.user,
                place=place_obj,
                organisation=org,
                mode=form.cleaned_data["mode"],
                round_label=form.cleaned_data["round_label"],
                round_date=form.cleaned_data["round_date"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"“{exercise.title}” has been started.")
            return redirect("exercise_detail", place_obj.slug, exercise.pk)
    return render(
        request,
        "impact/form_page.html",
        {
            "place": place_obj,
            "form": form,
            "heading": f"Start a self-assessment round for {org.name}",
            "caption": "Shifting towards impact",
            "button": "Start the round",
            "intro": "Run the shifting towards impact self-assessment as a leadership workshop "
            "and as a staff survey in the same round to compare the two views. Survey results are "
            "shown only for groups of five or more responses.",
            "back": reverse("journey_detail", args=[place_obj.slug, org.slug]),
        },
    )


# --- Risks ----------------------------------------------------------------------------------


def _risk_form_querysets(
    request: HttpRequest, place: Place, risk: Risk | None = None
) -> dict[str, Any]:
    organisations = place_access.writable_organisations(request.user, place)
    missions = mission_access.visible_missions(request.user, place).order_by("title")
    # Owners come from the organisations the person can hold risks for: everyone with a
    # membership in the place would be thousands of options. A current owner stays listed.
    people = Q(
        pk__in=Membership.objects.filter(organisation__in=organisations.values("pk")).values(
            "user_id"
        )
    )
    if risk is not None and risk.owner_id:
        people |= Q(pk=risk.owner_id)
    owners = User.objects.filter(people).order_by("name", "email")
    return {"organisations": organisations, "missions": missions, "owners": owners}


# What the register's rows read of a risk, its mission and its organisation.
_RISK_ROW_FIELDS = (
    "place_id",
    "title",
    "status",
    "review_date",
    "acting_likelihood",
    "acting_impact",
    "not_acting_likelihood",
    "not_acting_impact",
    "mission",
    "mission__title",
    "organisation",
    "organisation__name",
)


@dataclass(frozen=True)
class _RiskRow:
    url: str
    title: str
    about: str
    acting: tuple[str, str, int]  # band, tag colour, score
    not_acting: tuple[str, str, int]
    review_date: str
    overdue: bool


def _risk_rows(risks: Iterable[Risk], place: Place, today: date) -> list[_RiskRow]:
    """The register's rows, written here: a page of 50 risks with their addresses, dates and
    two score tags each cost more in template tags than the page's queries."""
    address = listing.address_for("risk_detail", place.slug)
    return [
        _RiskRow(
            address(risk.pk),
            risk.title,
            risk.mission.title if risk.mission else f"{risk.organisation.name} (organisation)",
            (*risk.acting_band, risk.acting_score),
            (*risk.not_acting_band, risk.not_acting_score),
            listing.short_date(risk.review_date),
            risk.is_overdue(today),
        )
        for risk in risks
    ]


@login_required
def risk_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    today = timezone.localdate()
    risks = (
        access.visible_risks(request.user, place_obj)
        .select_related("mission", "organisation")
        .only(*_RISK_ROW_FIELDS)
    )
    mission = request.GET.get("mission", "")
    if mission == "none":
        risks = risks.filter(mission__isnull=True)
    elif mission:
        risks = risks.filter(mission__slug=mission)
    show = request.GET.get("show", "open")
    if show == "overdue":
        risks = risks.filter(status=RiskStatus.OPEN, review_date__lt=today)
    elif show == "open":
        risks = risks.filter(status=RiskStatus.OPEN)
    elif show == "closed":
        risks = risks.filter(status=RiskStatus.CLOSED)
    page = Paginator(risks.order_by("review_date", "title"), 50).get_page(request.GET.get("page"))
    risk_page = list(page)
    mission_access.hide_unseen_links(request.user, place_obj, risk_page, "mission")
    return render(
        request,
        "impact/risk_list.html",
        {
            "place": place_obj,
            "page": page,
            "rows": _risk_rows(risk_page, place_obj, today),
            "missions": list(
                mission_access.visible_missions(request.user, place_obj)
                .filter(risks__isnull=False)
                .distinct()
                .order_by("title")
                .only("slug", "title")
            ),
            "filters": {"mission": mission, "show": show},
            "overdue": access.visible_risks(request.user, place_obj)
            .filter(status=RiskStatus.OPEN, review_date__lt=today)
            .count(),
            "can_create": access.can_contribute(request.user, place_obj),
        },
    )


@login_required
def risk_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    access.require_contributor(request.user, place_obj)
    initial: dict[str, Any] = {"review_date": timezone.localdate() + timedelta(days=90)}
    if request.GET.get("mission"):
        initial["mission"] = Mission.objects.filter(
            place=place_obj, slug=request.GET["mission"]
        ).first()
    form = RiskForm(
        request.POST or None, initial=initial, **_risk_form_querysets(request, place_obj)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        try:
            risk = services.create_risk(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=data,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"“{risk.title}” has been added to the risk register.")
            return redirect("risk_detail", place_obj.slug, risk.pk)
    return render(
        request,
        "impact/form_page.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Add a risk",
            "caption": "Risk register",
            "button": "Add the risk",
            "intro": "Describe the decision at stake, then the risk of acting and the risk of "
            "not acting. Score each for likelihood and impact from 1 to 5, so they can be "
            "weighed side by side.",
            "back": reverse("risk_list", args=[place_obj.slug]),
        },
    )


def _matrix(likelihood: int, impact: int) -> list[dict[str, Any]]:
    """A 5×5 grid, likelihood down (5 at the top), impact across, with the risk's cell marked."""
    rows = []
    for lk in range(5, 0, -1):
        cells = []
        for im in range(1, 6):
            score = lk * im
            colour = (
                "red"
                if score >= 15
                else "orange"
                if score >= 8
                else "yellow"
                if score >= 4
                else "green"
            )
            cells.append(
                {"score": score, "colour": colour, "here": lk == likelihood and im == impact}
            )
        rows.append({"likelihood": lk, "label": LIKELIHOOD_LABELS[lk], "cells": cells})
    return rows


@login_required
def risk_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = _member_place(request, place)
    risk = access.get_risk(request.user, place_obj, pk)
    mission_access.hide_unseen_links(request.user, place_obj, [risk], "mission")
    return render(
        request,
        "impact/risk_detail.html",
        {
            "place": place_obj,
            "risk": risk,
            "sides": [
                {
                    "key": "acting",
                    "heading": "If we act",
                    "text": risk.acting,
                    "likelihood": risk.acting_likelihood,
                    "impact": risk.acting_impact,
                    "score": risk.acting_score,
                    "band": risk.acting_band,
                    "matrix": _matrix(risk.acting_likelihood, risk.acting_impact),
                },
                {
                    "key": "not-acting",
                    "heading": "If we do not act",
                    "text": risk.not_acting,
                    "likelihood": risk.not_acting_likelihood,
                    "impact": risk.not_acting_impact,
                    "score": risk.not_acting_score,
                    "band": risk.not_acting_band,
                    "matrix": _matrix(risk.not_acting_likelihood, risk.not_acting_impact),
                },
            ],
            "likelihood_labels": LIKELIHOOD_LABELS,
            "impact_labels": IMPACT_LABELS,
            "impact_columns": list(IMPACT_LABELS.items()),
            "overdue": risk.is_overdue(),
            "can_change": place_access.can_edit(request.user, risk),
            "review_form": ReviewForm(
                initial={"next_review": timezone.localdate() + timedelta(days=90)}
            ),
        },
    )


@login_required
def risk_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = _member_place(request, place)
    risk = access.get_risk(request.user, place_obj, pk, write=True)
    form = RiskForm(
        request.POST or None,
        instance=risk,
        editing=True,
        **_risk_form_querysets(request, place_obj, risk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_risk(
                actor=request.user,
                risk=Risk.objects.get(pk=risk.pk),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "The risk has been updated.")
            return redirect("risk_detail", place_obj.slug, risk.pk)
    return render(
        request,
        "impact/form_page.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Change the risk",
            "caption": risk.title,
            "button": "Save changes",
            "back": reverse("risk_detail", args=[place_obj.slug, risk.pk]),
        },
    )


@login_required
@require_POST
def risk_review(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = _member_place(request, place)
    risk = access.get_risk(request.user, place_obj, pk, write=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_risk(
                actor=request.user, risk=risk, next_review=form.cleaned_data["next_review"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The review has been recorded.")
    else:
        messages.error(request, "Enter the next review date.")
    return redirect("risk_detail", place_obj.slug, risk.pk)


# --- Learning log ---------------------------------------------------------------------------


def _mission_filter(user: Any, place: Place, chosen: str) -> str:
    """The log's mission filter: every mission the person can see, written in Python as plain
    rows instead of a template loop over hundreds of missions."""
    missions = (
        mission_access.visible_missions(user, place).order_by("title").values_list("slug", "title")
    )
    widget = LongSelect(choices=[("", "Every mission"), *missions])
    return widget.render("mission", chosen, attrs={"class": "govuk-select", "id": "filter-mission"})


@login_required
def learning_log(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    visible = access.visible_learnings(request.user, place_obj)
    entries = visible
    text = request.GET.get("q", "").strip()[:200]
    if text:
        entries = search_learnings(entries, text)
    theme = request.GET.get("theme", "")
    if theme:
        # Through a subquery, not a join: a join repeats entries, and taking them apart again
        # (DISTINCT) sorts the whole log before a page can be taken.
        tagged = LearningTags.objects.filter(themes__slug=theme).values("learning_id")
        entries = entries.filter(pk__in=tagged)
    mission = request.GET.get("mission", "")
    if mission:
        entries = entries.filter(mission__slug=mission)
    kind = request.GET.get("kind", "")
    if kind in LearningKind.values:
        entries = entries.filter(kind=kind)
    origin = request.GET.get("origin", "")
    if origin in Origin.values:
        entries = entries.filter(log_tags__origin=origin)
    elif origin == "sprint-only":
        entries = entries.filter(sprint__isnull=False)
    kinds = {
        row["kind"]: row["n"] for row in entries.order_by().values("kind").annotate(n=Count("id"))
    }
    page = Paginator(
        entries.select_related("organisation", "mission", "log_tags")
        .prefetch_related("log_tags__themes")
        .order_by("-recorded_on", "-id"),
        25,
    ).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    mission_access.hide_unseen_links(request.user, place_obj, page.object_list, "mission")
    return render(
        request,
        "impact/learning_log.html",
        {
            "place": place_obj,
            "page": page,
            "kinds": [(value, label, kinds.get(value, 0)) for value, label in LearningKind.choices],
            "origins": Origin.choices,
            "themes": list(
                Theme.objects.filter(place=place_obj, learnings__isnull=False).distinct()
            ),
            "mission_select": _mission_filter(request.user, place_obj, mission),
            "filters": {
                "q": text,
                "theme": theme,
                "mission": mission,
                "kind": kind,
                "origin": origin,
            },
            "can_create": access.can_contribute(request.user, place_obj),
        },
    )


@login_required
def learning_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    access.require_contributor(request.user, place_obj)
    organisations = place_access.writable_organisations(request.user, place_obj)
    form = LearningForm(
        request.POST or None,
        initial={"recorded_on": timezone.localdate(), "origin": request.GET.get("origin", "")},
        organisations=organisations,
        missions=mission_access.visible_missions(request.user, place_obj).order_by("title"),
        partners=organisation_choices(place_obj),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("organisation", "origin", "origin_label", "themes", "shared_with")
        }
        try:
            learning = services.record_learning_entry(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=data,
                origin=form.cleaned_data["origin"],
                origin_label=form.cleaned_data["origin_label"],
                themes=services.themes_from_text(place_obj, form.cleaned_data["themes"]),
                shared_with=list(form.cleaned_data["shared_with"]),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "The learning has been added to the log.")
            return redirect("learning_entry", place_obj.slug, learning.pk)
    return render(
        request,
        "impact/form_page.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Add to the learning log",
            "caption": "Learning log",
            "button": "Add the learning",
            "intro": "Record what went wrong as carefully as what went well: both are learning. "
            "Say what you tried, what happened, what you learned and what you will change.",
            "back": reverse("learning_log", args=[place_obj.slug]),
        },
    )


@login_required
def learning_entry(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = _member_place(request, place)
    learning = access.get_learning(request.user, place_obj, pk)
    mission_access.hide_unseen_links(request.user, place_obj, [learning], "mission", "sprint")
    tags = getattr(learning, "log_tags", None)
    return render(
        request,
        "impact/learning_entry.html",
        {
            "place": place_obj,
            "learning": learning,
            "tags": tags,
            "themes": list(tags.themes.all()) if tags else [],
            "shared_with": list(learning.shared_with.all()),
        },
    )


# --- Resource library -----------------------------------------------------------------------


def resource_library(request: HttpRequest, place: str) -> HttpResponse:
    """The library is open to everyone: the starter list is public reading."""
    place_obj = place_access.get_place(place)
    resources = access.visible_resources(request.user, place_obj).select_related("organisation")
    toolset = request.GET.get("toolset", "")
    if toolset.isdigit():
        resources = resources.filter(toolset_tags__toolset=int(toolset))
    category = request.GET.get("category", "")
    if category in ResourceCategory.values:
        resources = resources.filter(category=category)
    found = list(resources.prefetch_related("toolset_tags").order_by("category", "title"))
    names = {t.number: t.title for t in TOOLSETS}
    groups = []
    for value, label in ResourceCategory.choices:
        items = [r for r in found if r.category == value]
        for r in items:
            r.toolset_names = [  # type: ignore[attr-defined]
                names[t.toolset] for t in r.toolset_tags.all() if t.toolset in names
            ]
        if items:
            groups.append((value, label, items))
    return render(
        request,
        "impact/library.html",
        {
            "place": place_obj,
            "groups": groups,
            "toolsets": TOOLSETS,
            "categories": ResourceCategory.choices,
            "filters": {"toolset": toolset, "category": category},
            "can_add": request.user.is_authenticated
            and access.can_contribute(request.user, place_obj),
        },
    )


@login_required
def resource_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    access.require_contributor(request.user, place_obj)
    form = ResourceForm(
        request.POST or None,
        organisations=place_access.writable_organisations(request.user, place_obj),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("organisation", "toolsets")}
        try:
            resource = services.add_resource(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=data,
                toolsets=form.cleaned_data["toolsets"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"“{resource.title}” has been added to the library.")
            return redirect("resource_library", place_obj.slug)
    return render(
        request,
        "impact/form_page.html",
        {
            "place": place_obj,
            "form": form,
            "heading": "Add to the library",
            "caption": "Resource library",
            "button": "Add the resource",
            "intro": "Summarise it in your own words: what it says and why it helps. Do not paste "
            "text from the source.",
            "back": reverse("resource_library", args=[place_obj.slug]),
        },
    )


# --- Portfolio ------------------------------------------------------------------------------


PORTFOLIO_PAGE = 25


@login_required
def portfolio_dashboard(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = _member_place(request, place)
    organisation = request.GET.get("organisation", "")[:80]
    outcome = request.GET.get("outcome", "")[:80]
    # The totals above the table count every mission; the table shows a page of them.
    data = portfolio.build(
        request.user,
        place_obj,
        organisation=organisation,
        outcome=outcome,
        per_page=PORTFOLIO_PAGE,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "impact/portfolio.html",
        {
            "place": place_obj,
            "portfolio": data,
            "page": data.page,
            "filters": {"organisation": organisation, "outcome": outcome},
        },
    )


# --- Dashboard panel ------------------------------------------------------------------------


def risks_panel(request: HttpRequest, memberships: Sequence[Any]) -> Panel | None:
    """Open risks due for review within two weeks (or overdue) that the person owns or that
    their organisations hold: one query."""
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    org_ids = [m.organisation_id for m in memberships]
    risks = list(
        Risk.objects.filter(status=RiskStatus.OPEN, review_date__lte=today + timedelta(days=14))
        .filter(Q(owner=request.user) | Q(organisation_id__in=org_ids))
        .select_related("place")
        .order_by("review_date", "pk")[:10]
    )
    if not risks:
        return None
    return Panel(
        "Risks needing review",
        "impact/_risks_panel.html",
        {"risks": risks, "today": today},
        order=25,
    )
