"""Rate limits counted in the shared cache, so every app process counts together.

A fixed window per key: ``allow("vote", key=ip, limit=20, per=60)`` is True for the first 20
calls in each minute and False after. ``cache.add`` and ``cache.incr`` are atomic in Redis (and
in the local-memory cache used in development), so concurrent requests cannot both slip through.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Only behind our own proxy (TRUST_X_FORWARDED_FOR) is the header believed. There
    # REMOTE_ADDR is the proxy, which appends the client's address: the last entry is the one
    # our own infrastructure vouches for.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.PLACECRAFT_TRUST_X_FORWARDED_FOR:
        return str(forwarded.split(",")[-1]).strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def allow(scope: str, *, key: str, limit: int, per: int) -> bool:
    window = int(time.time() // per)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=per + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this call opens a new window
        cache.add(cache_key, 1, timeout=per + 1)
        return True
    return count <= limit
