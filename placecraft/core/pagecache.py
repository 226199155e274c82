"""Caching of public pages for anonymous visitors, invalidated whenever the place changes.

Every change to a place's work goes through a service that writes the audit log; the audit log
bumps the place's cache version (on commit), so a cached page can never outlive a change to
what it shows. Only visitors who send no cookies get cached pages: anyone with a session (and so
possibly a message to show, or a view that differs) gets a freshly rendered page.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def _version_key(place_slug: str) -> str:
    return f"pagecache:place:{place_slug}:version"


def _new_version(key: str) -> str:
    current = uuid.uuid4().hex
    # add() so two processes starting at once agree on one version
    if not cache.add(key, current, timeout=None):
        current = cache.get(key) or current
    return str(current)


def bump(place_slug: str) -> None:
    """Forget every cached page of the place (in every app process sharing the cache).

    Now, and again once the change commits: a page rendered by another process between the two
    (still showing the old data) is then forgotten too."""

    def forget() -> None:
        cache.set(_version_key(place_slug), uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)


def cache_public_page(view: View) -> View:
    """For views taking a ``place`` slug: serve anonymous, cookieless GETs from the cache."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        place = kwargs.get("place")
        if (
            request.method != "GET"
            or request.COOKIES
            or not place
            or not settings.PLACECRAFT_PAGE_CACHE_SECONDS
        ):
            return view(request, *args, **kwargs)
        # One round trip to the cache for a hit: the place's version and the page, which is
        # stored with the version it was rendered under and served only while that is current.
        version_key = _version_key(place)
        page_key = f"pagecache:page:{place}:{request.get_full_path()}"
        found = cache.get_many([version_key, page_key])
        current = found.get(version_key) or _new_version(version_key)
        hit = found.get(page_key)
        if hit is not None and hit[0] == current:
            response = HttpResponse(hit[1], content_type=hit[2])
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(
                page_key,
                (current, response.content, response["Content-Type"]),
                settings.PLACECRAFT_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
