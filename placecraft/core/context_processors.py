from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from placecraft.core.toolkit import TOOLSETS

DEMO_CACHE_KEY = "placecraft:demo-place-exists"


def demo_place_exists() -> bool:
    from placecraft.places.models import Place

    value = cache.get(DEMO_CACHE_KEY)
    if value is None:
        value = Place.objects.filter(is_demo=True).exists()
        cache.set(DEMO_CACHE_KEY, value, 300)
    return bool(value)


def placecraft(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    place_slug = match.kwargs.get("place") if match else None
    return {
        "nav_place_slug": place_slug,
        "toolsets": TOOLSETS,
        # Evaluated lazily by the template: one cached look-up, only on pages that ask.
        "demo_data": demo_place_exists,
        "source_code_url": settings.PLACECRAFT_SOURCE_URL,
    }
