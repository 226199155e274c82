"""A task for bench/two_servers.py: it leaves a mark in the shared cache each time it runs, so
the script can count how often each task ran (exactly once, whichever worker claimed it)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task


@task()
def mark(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    return int(cache.incr(key))
