"""The public side: the list of places, each place's public home, the toolkit home and toolset
pages, the accessibility statement, and the health check. Read-only; no models of its own."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from placecraft.core.pagecache import cache_public_page
from placecraft.core.toolkit import TOOLSETS, TOOLSETS_BY_SLUG
from placecraft.places import access
from placecraft.places.models import Organisation, OrganisationKind, Place
from placecraft.public import security
from placecraft.public.have_your_say import open_ways


def home(request: HttpRequest) -> HttpResponse:
    places = list(Place.objects.all())
    if len(places) == 1 and not request.user.is_authenticated:
        return redirect("place_home", places[0].slug)
    return render(request, "public/home.html", {"places": places})


@cache_public_page
def place_home(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    authorities = Organisation.objects.filter(
        place=place_obj,
        kind__in=[OrganisationKind.STRATEGIC_AUTHORITY, OrganisationKind.COUNCIL],
    ).only("name", "slug", "kind")
    return render(
        request,
        "public/place_home.html",
        {
            "place": place_obj,
            "authorities": authorities,
            "partner_count": Organisation.objects.filter(place=place_obj).count(),
            "is_member": access.is_partner(request.user, place_obj),
            "ways": open_ways(place_obj),
        },
    )


@cache_public_page
def toolkit_home(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    return render(
        request,
        "public/toolkit_home.html",
        {
            "place": place_obj,
            "toolsets": TOOLSETS,
            "is_member": access.is_partner(request.user, place_obj),
        },
    )


def toolset(request: HttpRequest, place: str, toolset: str) -> HttpResponse:
    place_obj = access.get_place(place)
    chosen = TOOLSETS_BY_SLUG.get(toolset)
    if chosen is None:
        raise Http404("No such toolset")
    return render(
        request,
        "public/toolset.html",
        {
            "place": place_obj,
            "toolset": chosen,
            "is_member": access.is_partner(request.user, place_obj),
        },
    )


@cache_control(max_age=3600, public=True)
def brand_css(request: HttpRequest, place: str) -> HttpResponse:
    """The place's colour as a CSS variable: a stylesheet rather than inline style, so the
    Content-Security-Policy can forbid inline styles."""
    place_obj = access.get_place(place)
    return HttpResponse(
        f":root {{ --place-brand: {place_obj.brand_colour}; }}\n", content_type="text/css"
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/about.html",
        {"toolsets": TOOLSETS, "security_contact": security.contact_uri()},
    )


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116; absent (404) until the deployment names a real contact."""
    if not security.contact_uri():
        raise Http404("No security contact is configured")
    return HttpResponse(security.security_txt(), content_type="text/plain; charset=utf-8")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app and its database answer, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "not answering"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be why we are here.
    return render(request, "500.html", status=500, using=None)
