"""How the background queue is doing: how long work has waited for a worker.

Pages that wait for background work (a count, a panel selection, an import, a board pack) say how
long the oldest waiting task has waited, and a place admin is warned on the dashboard when no
worker has taken a task for more than ``STALLED_AFTER`` (usually: nobody started
``manage.py db_worker``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

STALLED_AFTER = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class QueueState:
    waiting: int
    oldest_enqueued_at: datetime | None
    now: datetime

    @property
    def oldest_wait(self) -> timedelta | None:
        if self.oldest_enqueued_at is None:
            return None
        return self.now - self.oldest_enqueued_at

    @property
    def stalled(self) -> bool:
        wait = self.oldest_wait
        return wait is not None and wait > STALLED_AFTER


def queue_state(*, now: datetime | None = None) -> QueueState:
    """Tasks waiting for a worker now (not those scheduled for later), and the oldest's age."""
    now = now or timezone.now()
    figures = DBTaskResult.objects.ready().aggregate(n=Count("id"), oldest=Min("enqueued_at"))
    return QueueState(waiting=figures["n"], oldest_enqueued_at=figures["oldest"], now=now)
