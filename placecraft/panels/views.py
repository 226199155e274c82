"""Citizens' panels: the list, the transparency report, recruitment, quotas, selection (enqueued,
never run in the request) with a progress page, replacements and the pool for its organisers."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from placecraft.community.spam import within_rate_limits
from placecraft.core.http import AuthenticatedRequest
from placecraft.panels import access as panel_access
from placecraft.panels import published, services
from placecraft.panels.charts import Group, share_bars
from placecraft.panels.forms import (
    PanelForm,
    PopulationForm,
    QuotasForm,
    RegistrationForm,
    ReplaceForm,
    SeedForm,
    SelectForm,
)
from placecraft.panels.models import Panel, PanelStatus, PopulationFigure, SelectionRun
from placecraft.panels.pool import PoolFormatError
from placecraft.places import access


def panel_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    panels = panel_access.visible_panels(request.user, place_obj).select_related("organisation")
    return render(
        request,
        "panels/panel_list.html",
        {
            "place": place_obj,
            "panels": panels,
            "can_create": access.writable_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def panel_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    panel_access.require_creator(request.user, place_obj)
    form = PanelForm(request.POST or None, place=place_obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        panel = services.create_panel(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, f"“{panel}” has been created. Now set its quotas.")
        return redirect("panel_quotas", place_obj.slug, panel.pk)
    return render(request, "panels/panel_form.html", {"place": place_obj, "form": form})


@login_required
def panel_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    form = PanelForm(
        request.POST or None, instance=copy.copy(panel), place=place_obj, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.update_panel(
            actor=request.user,
            panel=panel,
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("panel_detail", place_obj.slug, panel.pk)
    return render(
        request, "panels/panel_form.html", {"place": place_obj, "panel": panel, "form": form}
    )


def _makeup(
    panel: Panel, run: SelectionRun | None, figures: services.PoolFigures
) -> tuple[list[str], list[Group]]:
    """Each quota group's share of the pool (as published: see services.PUBLISH_STEP), of the
    panel and of the place's population."""
    population = {
        (f.feature.casefold(), f.value.casefold()): float(f.share)
        for f in PopulationFigure.objects.filter(place_id=panel.place_id)
    }
    selected = {(q["feature"], q["value"]): q["selected"] for q in (run.quotas if run else [])}
    series = ["Pool"]
    if run:
        series.append("Panel")
    if population:
        series.append("Population")
    groups = []
    for category in panel.categories.all():
        key = (category.feature, category.value)
        shares: list[float | None] = [figures.share(*key)]
        if run:
            shares.append(100 * selected.get(key, 0) / run.size if run.size else 0.0)
        if population:
            shares.append(population.get((category.feature.casefold(), category.value.casefold())))
        groups.append(Group(category.feature, category.value, tuple(shares)))
    return series, groups


def panel_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    """The transparency report: quotas, every draw on the record with its seed and reason,
    whether every quota was met, the make-up against pool and population, and every pool
    member's chance of selection."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel(request.user, place_obj, pk)
    run = services.latest_selection(panel)
    figures = services.published_pool_figures(panel)
    series, groups = _makeup(panel, run, figures)
    chart = share_bars(
        "panel-makeup",
        series,
        groups,
        title=f"Make-up of {panel.title}",
        description="For each quota group, its share of the "
        + ", ".join(s.lower() for s in series)
        + ". The table below gives the same figures.",
    )
    probabilities = sorted(
        (run.probabilities.items() if run else []), key=lambda item: (-item[1], item[0])
    )
    can_edit = panel_access.can_edit_panel(request.user, panel)
    quotas = [
        {**q, "in_pool": figures.count(q["feature"], q["value"])}
        for q in (run.quotas if run else [])
    ]
    return render(
        request,
        "panels/panel_detail.html",
        {
            "place": place_obj,
            "panel": panel,
            "run": run,
            "quotas": quotas,
            "series": series,
            "rows": [
                {"group": g, "hidden": figures.count(g.feature, g.value) is None} for g in groups
            ],
            "chart": chart if groups else None,
            "probabilities": probabilities,
            "selected": set(run.selected) if run else set(),
            "can_edit": can_edit,
            "runs": panel.selections.all()[:10] if can_edit else [],
            "figures": figures,
            "publish_step": services.PUBLISH_STEP,
            "smallest_group": services.SMALLEST_GROUP,
            "draws": panel.draws.select_related("run_by", "seed_announcement"),
            "pending_seed": services.pending_announcement(panel),
        },
    )


@login_required
def panel_quotas(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    form = QuotasForm(request.POST or None, initial={"text": services.categories_csv(panel)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_quotas(actor=request.user, panel=panel, text=form.cleaned_data["text"])
        except PoolFormatError as error:
            for problem in error.errors:
                form.add_error("text", str(problem))
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, "The quotas have been saved.")
            return redirect("panel_detail", place_obj.slug, panel.pk)
    return render(
        request, "panels/panel_quotas.html", {"place": place_obj, "panel": panel, "form": form}
    )


def panel_register(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    """The public recruitment form. Answers and contact details are stored apart."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel(request.user, place_obj, pk)
    categories = services.categories_of(panel)
    is_open = panel.registration_open and bool(categories.quotas)
    form = RegistrationForm(request.POST or None, categories=categories)
    if request.method == "POST" and is_open and form.is_valid():
        if not within_rate_limits(
            request, "panel-register", per_address=10, per_account=3, per=3600
        ):
            form.add_error(None, "Too many registrations from here. Try again in an hour.")
        else:
            try:
                services.register_volunteer(
                    panel=panel,
                    answers=form.answers(),
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    address=form.cleaned_data["address"],
                    postcode=form.cleaned_data["postcode"],
                    user=request.user if request.user.is_authenticated else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    "Thank you: you are in the pool. We will contact you if you are selected.",
                )
                return redirect("panel_detail", place_obj.slug, panel.pk)
    return render(
        request,
        "panels/panel_register.html",
        {"place": place_obj, "panel": panel, "form": form, "is_open": is_open},
    )


@login_required
def panel_select(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """Ask for a selection: the run is recorded and handed to the worker; this request returns
    at once and the browser goes to the progress page."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    published = services.pending_announcement(panel)
    form = SelectForm(
        request.POST or None,
        initial={"size": panel.size},
        redraw=services.panel_needs_reason(panel),
        published_seed=published.seed if published else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.request_selection(
                actor=request.user,
                panel=panel,
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("selection_detail", place_obj.slug, panel.pk, run.pk)
    return render(
        request,
        "panels/panel_select.html",
        {
            "place": place_obj,
            "panel": panel,
            "form": form,
            "pool_size": panel.pool.count(),
            "published": published,
            "redraw": "reason" in form.fields,
        },
    )


def selection_detail(request: HttpRequest, place: str, pk: int, run: int) -> HttpResponse:
    place_obj = access.get_place(place)
    selection = panel_access.get_selection(request.user, place_obj, pk, run)
    return render(
        request,
        "panels/selection_detail.html",
        {"place": place_obj, "panel": selection.panel, "run": selection},
    )


@login_required
def panel_replace(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    references = list(
        panel.pool.filter(selected=True, withdrawn=False).values_list("reference", flat=True)
    )
    form = ReplaceForm(request.POST or None, references=references)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.request_replacements(
                actor=request.user,
                panel=panel,
                withdrawn=form.cleaned_data["withdrawn"],
                seed=form.cleaned_data["seed"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("selection_detail", place_obj.slug, panel.pk, run.pk)
    return render(
        request, "panels/panel_replace.html", {"place": place_obj, "panel": panel, "form": form}
    )


@login_required
def panel_seed(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """Fix and publish the seed of the panel's next draw before it is made."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    form = SeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.announce_seed(
                actor=request.user,
                panel=panel,
                seed=form.cleaned_data["seed"],
                published_where=form.cleaned_data["published_where"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The seed is on the panel's public record. The next draw uses it.")
            )
            return redirect("panel_detail", place_obj.slug, panel.pk)
    return render(
        request,
        "panels/panel_seed.html",
        {
            "place": place_obj,
            "panel": panel,
            "form": form,
            "pending": services.pending_announcement(panel),
        },
    )


@login_required
def panel_pool(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """The people on the panel with their contact details, for the organisers only."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel_for_editor(request.user, place_obj, pk)
    members = (
        panel.pool.filter(selected=True)
        .select_related("contact")
        .order_by("withdrawn", "reference")
    )
    return render(
        request,
        "panels/panel_pool.html",
        {
            "place": place_obj,
            "panel": panel,
            "members": members,
            "pool_size": panel.pool.count(),
            "purged": panel.status == PanelStatus.PURGED,
        },
    )


@login_required
def population(request: AuthenticatedRequest, place: str) -> HttpResponse:
    """The place's population by group, which panels and participation are compared with."""
    place_obj = access.get_place_for_admin(request.user, place)
    form = PopulationForm(
        request.POST or None, initial={"text": services.population_text(place_obj)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.set_population(
                actor=request.user, place=place_obj, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("text", message)
        else:
            messages.success(request, f"{count} population figures saved.")
            return redirect(reverse("population", args=[place_obj.slug]))
    return render(request, "panels/population.html", {"place": place_obj, "form": form})


# The files the transparency page offers for checking the lottery (docs/verify-a-panel.md).
PUBLISHED_FILES = {
    "pool.csv": (published.pool_csv, "text/csv"),
    "quotas.csv": (published.quotas_csv, "text/csv"),
    "distribution.json": (published.distribution_json, "application/json"),
}


def panel_published_file(request: HttpRequest, place: str, pk: int, name: str) -> HttpResponse:
    """One of the files anyone can check the latest draw with: whoever may see the panel."""
    place_obj = access.get_place(place)
    panel = panel_access.get_panel(request.user, place_obj, pk)
    run = services.latest_selection(panel)
    if name not in PUBLISHED_FILES or run is None:
        raise Http404
    make, content_type = PUBLISHED_FILES[name]
    try:
        body = make(run)
    except published.NotPublished:
        raise Http404 from None
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="panel-{panel.pk}-{name}"'
    return response
