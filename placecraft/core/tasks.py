"""Background tasks of the core app."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(value: str) -> str:
    """A trivial task: lets operators (and tests) check that a worker is picking work up."""
    return value
