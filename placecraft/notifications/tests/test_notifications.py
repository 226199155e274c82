from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from placecraft.notifications.models import Notification
from placecraft.notifications.services import notify, send_digests, set_frequency
from placecraft.testing import assert_max_queries


def test_immediate_preference_emails_once(world, charlie, django_capture_on_commit_callbacks):
    set_frequency(user=charlie, frequency="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=charlie, kind="assignment", title="You lead a new action", url="/dashboard/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["charlie@example.org"]
    assert "http://127.0.0.1:8000/dashboard/" in mail.outbox[0].body
    # A digest run afterwards does not repeat it.
    assert send_digests(frequency="daily") == 0
    assert send_digests(frequency="immediate") == 0
    assert len(mail.outbox) == 1


def test_daily_digest_is_the_default_and_sends_each_notification_once(world, charlie, bob):
    notify(user=charlie, kind="reminder", title="First")
    notify(user=charlie, kind="reminder", title="Second")
    set_frequency(user=bob, frequency="weekly")
    notify(user=bob, kind="reminder", title="For the weekly digest")
    assert send_digests(frequency="daily") == 1
    assert "First" in mail.outbox[0].body and "Second" in mail.outbox[0].body
    assert send_digests(frequency="daily") == 0
    assert send_digests(frequency="weekly") == 1
    assert mail.outbox[1].to == ["bob@example.org"]
    assert len(mail.outbox) == 2


def test_none_means_no_email_but_still_in_the_app(client, world, charlie):
    set_frequency(user=charlie, frequency="none")
    notify(user=charlie, kind="reminder", title="Quietly noted")
    assert send_digests(frequency="daily") == 0
    assert len(mail.outbox) == 0
    client.force_login(charlie)
    page = client.get(reverse("notification_list"))
    assert b"Quietly noted" in page.content


def test_people_see_only_their_own_and_can_mark_them_read(client, world, charlie, bob):
    notify(user=bob, kind="reminder", title="Bob only")
    notify(user=charlie, kind="reminder", title="Charlie only")
    client.force_login(charlie)
    page = client.get(reverse("notification_list"))
    assert b"Charlie only" in page.content and b"Bob only" not in page.content
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(user=charlie, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=bob, read_at__isnull=True).exists()


def test_preference_form_refuses_unknown_choice(client, world, charlie):
    client.force_login(charlie)
    response = client.post(reverse("notification_list"), {"frequency": "hourly"})
    assert b"There is a problem" in response.content


def test_list_query_count_does_not_grow(client, world, charlie):
    client.force_login(charlie)
    url = reverse("notification_list")
    notify(user=charlie, kind="reminder", title="One")
    small = assert_max_queries(client, url, 10)
    for n in range(25):
        notify(user=charlie, kind="reminder", title=f"N{n}")
    assert assert_max_queries(client, url, 10) == small


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_the_same_time_never_double_send():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SKIP LOCKED concurrency is exercised on PostgreSQL (CI runs the suite there too)"
        )
    from placecraft.testing import build_world

    world = build_world()
    for user in world.users.values():
        for n in range(20):
            notify(user=user, kind="reminder", title=f"Reminder {n}")
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run():
        barrier.wait()
        try:
            results.append(send_digests(frequency="daily"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(set(recipients)), "someone got two digests"
    assert sum(results) == len(world.users) == len(recipients)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
