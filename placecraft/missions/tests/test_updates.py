from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from placecraft.missions import services
from placecraft.missions.models import Mission, ReminderSent
from placecraft.missions.tests.factories import make_mission


def _active(world, slug="m", days_since_update=None, **extra):
    mission = make_mission(world, slug, status="active", **extra)
    if days_since_update is not None:
        when = timezone.now() - timedelta(days=days_since_update)
        Mission.objects.filter(pk=mission.pk).update(last_update_at=when, created_at=when)
        mission.refresh_from_db()
    return mission


def test_stale_after_the_expected_gap_and_only_while_active_or_paused(world):
    fresh = _active(world, "fresh", days_since_update=10)
    stale = _active(world, "stale", days_since_update=120)
    assert not fresh.is_stale() and stale.is_stale()
    stale.update_every_days = 180
    assert not stale.is_stale()
    candidate = make_mission(world, "candidate")
    Mission.objects.filter(pk=candidate.pk).update(created_at=timezone.now() - timedelta(days=400))
    candidate.refresh_from_db()
    assert not candidate.is_stale()


def test_posting_an_update_clears_the_stale_marker(world, bob, client):
    mission = _active(world, days_since_update=200)
    url = reverse("mission_detail", args=[world.place.slug, mission.slug])
    assert "Progress update overdue" in client.get(url).content.decode()
    client.force_login(bob)
    response = client.post(
        reverse("update_create", args=[world.place.slug, mission.slug]), {"period_label": "Q1"}
    )
    assert "Write how the mission is going" in response.content.decode()
    response = client.post(
        reverse("update_create", args=[world.place.slug, mission.slug]),
        {"period_label": "Q1", "status": "on-track", "narrative": "Good progress."},
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert not mission.is_stale()
    client.logout()
    page = client.get(url).content.decode()
    assert "Progress update overdue" not in page and "Good progress." in page


def test_reminders_go_to_leads_once_per_due_date(
    world, bob, charlie, capsys, django_capture_on_commit_callbacks
):
    mission = _active(world, days_since_update=200)
    mission.leads.set([bob, charlie])
    _active(world, "fresh", days_since_update=5).leads.set([bob])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_update_reminders")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "2"
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.org", "charlie@example.org"]
    assert "Update due" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_update_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "0"
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2
    # Once a new update is posted and falls due again, the next reminder goes out.
    services.add_update(
        actor=bob,
        mission=mission,
        data={"period_label": "Q", "status": "on-track", "narrative": "n"},
    )
    Mission.objects.filter(pk=mission.pk).update(
        last_update_at=timezone.now() - timedelta(days=100)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_update_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2"
