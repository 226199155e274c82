"""The risk register: both sides scored and shown, overdue reviews flagged, reminders sent once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import AuditEvent, Visibility
from placecraft.impact import services
from placecraft.impact.models import Risk, RiskReminder
from placecraft.impact.tests.factories import make_risk
from placecraft.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_adding_a_risk_records_both_sides(client, world, charlie):
    client.force_login(charlie)
    response = client.post(
        reverse("risk_create", args=[world.place.slug]),
        {
            "organisation": world.council.pk,
            "title": "Close the day centre",
            "acting": "People lose a place they value.",
            "acting_likelihood": "4",
            "acting_impact": "3",
            "not_acting": "The budget gap grows and other services are cut.",
            "not_acting_likelihood": "5",
            "not_acting_impact": "4",
            "appetite": "cautious",
            "review_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "visibility": "partners",
        },
    )
    risk = Risk.objects.get()
    assert response.status_code == 302
    assert (risk.acting_score, risk.not_acting_score) == (12, 20)
    assert risk.balance == "Not acting is the bigger risk"
    assert AuditEvent.objects.filter(object_type="risk", action="create").exists()
    body = client.get(reverse("risk_detail", args=[world.place.slug, risk.pk])).content.decode()
    assert "If we act" in body and "If we do not act" in body
    assert "People lose a place they value." in body
    assert "The budget gap grows" in body
    assert '12<span class="govuk-visually-hidden"> (this risk)' in body
    assert '20<span class="govuk-visually-hidden"> (this risk)' in body


def test_scores_stay_within_one_to_five(world):
    with pytest.raises(ValidationError):
        make_risk(world, acting_likelihood=6)


def test_form_errors_are_summarised_and_keep_what_was_typed(client, world, charlie):
    client.force_login(charlie)
    response = client.post(
        reverse("risk_create", args=[world.place.slug]),
        {"organisation": world.council.pk, "title": "Kept title", "acting": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Kept title" in body


def test_overdue_reviews_are_flagged(client, world, bob):
    today = timezone.localdate()
    late = make_risk(
        world, Visibility.PARTNERS, title="Late", review_date=today - timedelta(days=3)
    )
    make_risk(world, Visibility.PARTNERS, title="On time", review_date=today + timedelta(days=3))
    assert late.is_overdue()
    client.force_login(bob)
    body = client.get(reverse("risk_list", args=[world.place.slug])).content.decode()
    assert "1 risk is overdue for review" in body
    overdue_only = client.get(reverse("risk_list", args=[world.place.slug]) + "?show=overdue")
    assert list(overdue_only.context["page"].object_list) == [late]
    detail = client.get(reverse("risk_detail", args=[world.place.slug, late.pk])).content.decode()
    assert "is overdue" in detail
    # Recording a review clears the flag.
    client.post(
        reverse("risk_review", args=[world.place.slug, late.pk]),
        {"next_review": (today + timedelta(days=90)).isoformat()},
    )
    late.refresh_from_db()
    assert not late.is_overdue() and late.last_reviewed_on == today


def test_reminders_go_to_the_owner_once_per_review_date(world, charlie, bob):
    today = timezone.localdate()
    risk = make_risk(world, owner=charlie, review_date=today - timedelta(days=1))
    make_risk(world, title="Not due", owner=charlie, review_date=today + timedelta(days=1))
    assert len(services.send_risk_reminders()) == 1
    assert services.send_risk_reminders() == []  # a second run sends nothing
    assert Notification.objects.filter(user=charlie, kind="risk-review").count() == 1
    # A new review date that falls due is a new reminder.
    Risk.objects.filter(pk=risk.pk).update(review_date=today - timedelta(days=2))
    assert len(services.send_risk_reminders()) == 1
    # Without an owner, the organisation's leads and admins are told.
    make_risk(world, title="Nobody's", review_date=today - timedelta(days=1))
    sent = services.send_risk_reminders()
    assert [r.recipient for r in sent] == [bob]
    assert RiskReminder.objects.count() == 3


def test_dashboard_panel_lists_risks_to_review(world, charlie):
    make_risk(world, owner=charlie, title="Due soon", review_date=timezone.localdate())
    client = Client()
    client.force_login(charlie)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Risks needing review" in body and "Due soon" in body


def test_api_shows_risks_by_visibility(client, world, bob):
    from placecraft.api.tokens import create_token

    make_risk(world, Visibility.PUBLIC, title="Public one")
    make_risk(world, Visibility.PRIVATE, title="Private one")
    url = reverse("api:list_risks", args=[world.place.slug])
    titles = [r["title"] for r in client.get(url).json()["items"]]
    assert titles == ["Public one"]
    token = create_token(user=bob, name="t", scope="read", organisation=None, days=30)
    items = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token.secret}").json()["items"]
    assert sorted(r["title"] for r in items) == ["Private one", "Public one"]
    assert items[0]["acting"]["score"] == 6 and items[0]["not_acting"]["score"] == 20


def test_the_reminder_command_prints_how_many_it_sent(world, charlie, capsys):
    from django.core.management import call_command

    make_risk(world, owner=charlie, review_date=timezone.localdate() - timedelta(days=1))
    call_command("send_risk_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "1"
    call_command("send_risk_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "0"


def test_erasing_a_person_keeps_their_risks(world, charlie):
    from placecraft.impact.personal import erase, export

    risk = make_risk(world, owner=charlie)
    assert export(charlie)["risks_owned"][0]["id"] == risk.pk
    erase(charlie)
    risk.refresh_from_db()
    assert risk.owner is None


def _owner_options(client, url):
    body = client.get(url).content.decode()
    select = re.search(r'<select name="owner".*?</select>', body, re.S)
    assert select, "no owner select"
    return select.group(0)


def test_owners_come_from_the_organisations_that_can_hold_the_risk(client, world, charlie):
    client.force_login(charlie)
    options = _owner_options(client, reverse("risk_create", args=[world.place.slug]))
    assert "Charlie Council" in options and "Bob Boss" in options
    # Not everyone in the place: the partner's people, residents and outsiders are not offered.
    for name in ("Dana Partner", "Erin Resident", "Oscar Outsider"):
        assert name not in options
    dana = world.users["partner_member"]
    response = client.post(
        reverse("risk_create", args=[world.place.slug]),
        {
            "organisation": world.council.pk,
            "title": "Someone else's risk",
            "acting": "a",
            "acting_likelihood": "2",
            "acting_impact": "2",
            "not_acting": "b",
            "not_acting_likelihood": "2",
            "not_acting_impact": "2",
            "appetite": "cautious",
            "owner": dana.pk,
            "review_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "visibility": "partners",
        },
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


def test_a_current_owner_stays_chosen(client, world, charlie):
    risk = make_risk(world, Visibility.PARTNERS, owner=world.users["partner_member"])
    client.force_login(charlie)
    options = _owner_options(client, reverse("risk_edit", args=[world.place.slug, risk.pk]))
    assert f'<option value="{risk.owner_id}" selected>Dana Partner</option>' in options
