"""How long background work has waited, on the pages that wait for it and for place admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from django_tasks_db.models import DBTaskResult

from placecraft.core.queue import queue_state
from placecraft.core.tasks import ping
from placecraft.testing import run_background_tasks


def _enqueue(minutes_ago: float) -> None:
    result = ping.enqueue("hello")
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def _wait_text() -> str:
    return " ".join(strip_tags(Template("{% queue_wait %}").render(Context())).split())


def test_an_empty_queue_says_nothing(db):
    assert queue_state().waiting == 0
    assert _wait_text() == ""


def test_waiting_work_says_how_long_the_oldest_has_waited(db):
    _enqueue(3)
    _enqueue(1)
    assert _wait_text() == (
        "2 pieces of background work are waiting for a worker; the oldest has waited 3 minutes."
    )


def test_work_nobody_takes_for_minutes_is_a_warning(db):
    _enqueue(72)
    text = _wait_text()
    assert "has not been picked up for 1 hour and 12 minutes" in text
    assert "no worker seems to be running" in text


@pytest.mark.django_db(transaction=True)
def test_finished_work_is_not_waiting():
    _enqueue(30)
    run_background_tasks()
    assert queue_state().waiting == 0


def test_place_admin_is_warned_on_the_dashboard_when_no_worker_takes_work(world, alice, bob):
    admin, officer = Client(), Client()
    admin.force_login(alice)
    officer.force_login(bob)
    _enqueue(2)
    assert "Background work is not running" not in admin.get("/dashboard/").content.decode()
    _enqueue(10)
    page = admin.get("/dashboard/").content.decode()
    assert "Background work is not running" in page
    assert "manage.py db_worker" in page
    # Only the place admin, who can do something about it, is told.
    assert "Background work is not running" not in officer.get("/dashboard/").content.decode()
