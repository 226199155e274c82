"""Indicator pages: the list, the starter catalogue, an indicator with its charts and tables, the
CSV import with a preview, and the indicators a mission tracks."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from placecraft.core import charts
from placecraft.core.http import is_htmx
from placecraft.evidence import access, catalogue, selectors, services
from placecraft.evidence.forms import TARGET_SLOTS, ImportForm, IndicatorForm, MissionIndicatorForm
from placecraft.evidence.models import Category, ImportStatus, MissionIndicator
from placecraft.evidence.periods import ACCEPTED_FORMS
from placecraft.missions import access as mission_access
from placecraft.places import access as place_access

INDICATORS_PER_PAGE = 50
# The progress page lists this many of a rejected file's problems, and counts the rest.
ERRORS_SHOWN = 25


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def indicator_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    category = request.GET.get("category", "")
    indicators = access.visible_indicators(request.user, place_obj).select_related("organisation")
    if category in Category.values:
        indicators = indicators.filter(category=category)
    # The latest figure for the place as a whole: looked up only for the page shown (the
    # paginator's count leaves the unused lookups out).
    area = (place_obj.gss_codes or [""])[0]
    page = Paginator(
        selectors.with_latest_figure(indicators.order_by("name", "pk"), area),
        INDICATORS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for indicator in page.object_list:
        indicator.latest_shown = indicator.format(indicator.latest_value)  # type: ignore[attr-defined]
        indicator.stale = indicator.data_is_stale(indicator.latest_end)  # type: ignore[attr-defined]
    return render(
        request,
        "evidence/indicator_list.html",
        {
            "place": place_obj,
            "page": page,
            "area": area,
            "category": category,
            "categories": Category.choices,
            "can_create": request.user.is_authenticated
            and place_access.writable_organisations(request.user, place_obj).exists(),
        },
    )


def indicator_catalogue(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    return render(
        request,
        "evidence/catalogue.html",
        {
            "place": place_obj,
            "entries": catalogue.entries(),
            "can_create": request.user.is_authenticated
            and place_access.writable_organisations(request.user, place_obj).exists(),
        },
    )


def indicator_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    indicator = access.get_indicator(request.user, place_obj, slug)
    names = selectors.geography_names(place_obj)
    codes_with_data = selectors.area_codes(indicator)
    area = request.GET.get("area", "").strip().upper()
    if area not in codes_with_data:
        area = next(
            (c for c in place_obj.gss_codes or [] if c in codes_with_data),
            codes_with_data[0] if codes_with_data else "",
        )
    series = selectors.indicator_series(indicator, area) if area else []
    area_name = names.get(area, area)
    trend = charts.indicator_trend(
        "trend",
        title=f"{indicator.name}, {area_name}" if area else indicator.name,
        unit=indicator.unit,
        observations=[
            charts.DatedValue(o.period_end, o.value, o.period, o.lower, o.upper, o.period_start)
            for o in series
        ],
        decimal_places=indicator.decimal_places,
    )
    period, rows = selectors.comparison(indicator, place_obj, area, names)
    comparison = (
        charts.geography_comparison(
            "comparison",
            title=indicator.name,
            unit=indicator.unit,
            period_label=period,
            bars=[(name, value) for _, name, value in rows],
            highlight=area_name,
            decimal_places=indicator.decimal_places,
        )
        if len(rows) > 1
        else None
    )
    latest_end = series[-1].period_end if series else None
    return render(
        request,
        "evidence/indicator_detail.html",
        {
            "place": place_obj,
            "indicator": indicator,
            "trend": trend,
            "comparison": comparison,
            "area": area,
            "area_name": area_name,
            "areas": [(code, names.get(code, code)) for code in codes_with_data],
            "stale": indicator.data_is_stale(latest_end),
            "can_edit": place_access.can_edit(request.user, indicator),
        },
    )


def _prefill(key: str) -> dict[str, Any]:
    entry = catalogue.entry(key)
    if entry is None:
        return {}
    return {
        "name": entry.name,
        "definition": entry.definition,
        "unit": entry.unit,
        "direction": entry.direction,
        "category": entry.category,
        "source": entry.source,
        "source_url": entry.source_url,
        "geography_level": entry.geography_level,
        "frequency": entry.frequency,
        "decimal_places": entry.decimal_places,
    }


@login_required
def indicator_create(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    access.require_indicator_creator(request.user, place_obj)
    owners = place_access.writable_organisations(request.user, place_obj)
    key = request.GET.get("from", "") or request.POST.get("catalogue_key", "")
    form = IndicatorForm(
        request.POST or None, initial=_prefill(key), place=place_obj, owners=owners
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_values()
        if catalogue.entry(key):
            data["catalogue_key"] = key
        try:
            indicator = services.create_indicator(actor=request.user, place=place_obj, data=data)  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, f"“{indicator}” has been added. You can now import its figures."
            )
            return redirect("indicator_detail", place_obj.slug, indicator.slug)
    return render(
        request,
        "evidence/indicator_form.html",
        {"place": place_obj, "form": form, "catalogue_key": key if catalogue.entry(key) else ""},
    )


@login_required
def indicator_edit(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    indicator = access.get_indicator_for_editor(request.user, place_obj, slug)
    owners = place_access.writable_organisations(request.user, place_obj)
    form = IndicatorForm(
        request.POST or None, instance=copy.copy(indicator), place=place_obj, owners=owners
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(
                actor=request.user,  # type: ignore[arg-type]
                indicator=indicator,
                data=form.cleaned_values(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("indicator_detail", place_obj.slug, indicator.slug)
    return render(
        request,
        "evidence/indicator_form.html",
        {"place": place_obj, "form": form, "indicator": indicator},
    )


@login_required
def indicator_import(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    """Upload a file. It is kept and checked in the background; the progress page shows the
    check, then the preview to confirm or the problems to fix. Nothing changes until then."""
    place_obj = place_access.get_place(place)
    indicator = access.get_indicator_for_editor(request.user, place_obj, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = services.start_import(
            actor=request.user,  # type: ignore[arg-type]
            indicator=indicator,
            upload=form.cleaned_data["file"],
        )
        return redirect("indicator_import_progress", place_obj.slug, indicator.slug, pending.pk)
    # So a person who left a long check or import can find their way back to it.
    recent = indicator.pending_imports.select_related("uploaded_by").order_by("-pk")[:5]
    return render(
        request,
        "evidence/import.html",
        {
            "place": place_obj,
            "indicator": indicator,
            "accepted_forms": ACCEPTED_FORMS,
            "form": form,
            "recent": recent,
        },
    )


@login_required
def indicator_import_progress(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    """Where an upload has got to: waiting, being checked (rows read so far), the preview to
    confirm, the problems to fix, being imported, or done. htmx polls the status fragment while
    a task runs; without JavaScript the page has a refresh link."""
    place_obj = place_access.get_place(place)
    indicator = access.get_indicator_for_editor(request.user, place_obj, slug)
    pending = access.get_import(request.user, indicator, pk)
    rejected = pending.status == ImportStatus.REJECTED
    context: dict[str, Any] = {
        "place": place_obj,
        "indicator": indicator,
        "pending": pending,
        "summary": pending.summary,
        "can_confirm": access.can_confirm(request.user, pending)
        and pending.status == ImportStatus.CHECKED,
        "errors_shown": pending.errors[:ERRORS_SHOWN] if rejected else [],
        "errors_not_shown": max(pending.error_count - ERRORS_SHOWN, 0) if rejected else 0,
        "form": ImportForm() if rejected else None,
        "accepted_forms": ACCEPTED_FORMS,
    }
    if is_htmx(request):
        return render(request, "evidence/_import_status.html", context)
    return render(request, "evidence/import_progress.html", context)


@login_required
@require_POST
def indicator_import_confirm(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    place_obj = place_access.get_place(place)
    indicator = access.get_indicator_for_editor(request.user, place_obj, slug)
    pending = access.get_pending_import(request.user, indicator, pk)
    try:
        services.confirm_import(actor=request.user, pending=pending)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("indicator_import_progress", place_obj.slug, indicator.slug, pending.pk)


# A mission's indicators ----------------------------------------------------------------------


@login_required
def mission_indicators(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = mission_access.get_mission_for_editor(request.user, place_obj, slug)
    summaries = selectors.summarise(
        MissionIndicator.objects.filter(mission=mission).select_related("indicator"),
        place_obj,
        with_charts=False,
    )
    headlines = sum(1 for s in summaries if s.link.headline)
    return render(
        request,
        "evidence/mission_indicators.html",
        {
            "place": place_obj,
            "mission": mission,
            "summaries": summaries,
            "headline_count": headlines,
            "too_many_headlines": headlines > selectors.HEADLINE_ADVICE_LIMIT,
            "headline_limit": selectors.HEADLINE_ADVICE_LIMIT,
        },
    )


def _link_form_page(request: HttpRequest, place: str, slug: str, pk: int | None) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = mission_access.get_mission_for_editor(request.user, place_obj, slug)
    link = access.get_mission_indicator(mission, pk) if pk is not None else None
    default_area = (place_obj.gss_codes or [""])[0] or mission.organisation.gss_code
    form = MissionIndicatorForm(
        request.POST or None,
        instance=copy.copy(link) if link else None,
        initial={} if link else {"geography_code": mission.organisation.gss_code or default_area},
        indicators=access.visible_indicators(request.user, place_obj).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_values()
        if link is not None:
            data["pk"] = link.pk
        try:
            services.link_indicator(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                indicator=link.indicator if link else form.cleaned_data["indicator"],
                data=data,
                targets=form.targets,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "The mission's indicator has been saved.")
            return redirect("mission_indicators", place_obj.slug, mission.slug)
    return render(
        request,
        "evidence/mission_indicator_form.html",
        {
            "place": place_obj,
            "mission": mission,
            "form": form,
            "link": link,
            "target_rows": [
                (form[f"target_{i}_period"], form[f"target_{i}_value"])
                for i in range(1, TARGET_SLOTS + 1)
            ],
        },
    )


@login_required
def mission_indicator_add(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    return _link_form_page(request, place, slug, None)


@login_required
def mission_indicator_edit(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    return _link_form_page(request, place, slug, pk)


@login_required
@require_POST
def mission_indicator_remove(request: HttpRequest, place: str, slug: str, pk: int) -> HttpResponse:
    place_obj = place_access.get_place(place)
    mission = mission_access.get_mission_for_editor(request.user, place_obj, slug)
    link = access.get_mission_indicator(mission, pk)
    services.unlink_indicator(actor=request.user, link=link)  # type: ignore[arg-type]
    messages.success(request, f"“{link.indicator}” is no longer tracked by this mission.")
    return redirect("mission_indicators", place_obj.slug, mission.slug)
