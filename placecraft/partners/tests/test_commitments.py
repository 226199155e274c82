"""Commitments: a partner changes only its own; dated updates; reminders never sent twice;
the dashboard panel; profiles kept by the partner's own admins."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import AuditEvent
from placecraft.missions.tests.factories import public_mission
from placecraft.notifications.models import Notification
from placecraft.partners import services
from placecraft.partners.models import Commitment, CommitmentReminder, PartnerProfile
from placecraft.partners.tests.factories import commitment
from placecraft.places.models import Organisation
from placecraft.testing import assert_max_queries


def test_partner_makes_a_commitment_and_posts_an_update(client, world, dana):
    mission = public_mission(world)
    client.force_login(dana)
    response = client.post(
        reverse("commitment_create", args=[world.place.slug]),
        {
            "partner": world.partner.pk,
            "mission": mission.pk,
            "title": "Volunteer drivers",
            "due_date": "2026-03-31",
            "measure_of_success": "200 trips a month",
            "resources_pledged": "Two staff",
            "pledged_amount": "5000",
            "currency": "gbp",
            "status": "active",
            "visibility": "public",
            "update_every_days": "30",
        },
    )
    made = Commitment.objects.get()
    assert response.status_code == 302
    assert (made.organisation, made.currency, made.update_due) == (
        world.partner,
        "GBP",
        (made.created_at + timedelta(days=30)).date(),
    )
    response = client.post(
        reverse("commitment_update", args=[world.place.slug, made.pk]),
        {"on": "2025-06-01", "status": "at-risk", "progress": "Short of drivers", "evidence": ""},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == "at-risk" and made.last_update_at is not None
    assert (
        AuditEvent.objects.filter(object_type="commitment", organisation=world.partner).count() == 2
    )


def test_a_partner_cannot_commit_for_another_organisation(client, world, dana):
    client.force_login(dana)
    response = client.post(
        reverse("commitment_create", args=[world.place.slug]),
        {
            "partner": world.council.pk,
            "mission": public_mission(world).pk,
            "title": "Not ours",
            "currency": "GBP",
            "status": "active",
            "visibility": "public",
            "update_every_days": "90",
        },
    )
    assert response.status_code == 200
    assert "Choose an organisation from the list" in response.content.decode()
    assert not Commitment.objects.exists()


def test_bad_currency_and_date_are_explained(client, world, dana):
    client.force_login(dana)
    response = client.post(
        reverse("commitment_create", args=[world.place.slug]),
        {
            "partner": world.partner.pk,
            "mission": public_mission(world).pk,
            "title": "X",
            "due_date": "31/02/2026",
            "currency": "POUNDS",
            "status": "active",
            "visibility": "public",
            "update_every_days": "90",
        },
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "is not an ISO 4217 code" in body and "Enter the date as a real date" in body


def test_only_the_partners_own_contributors_change_its_commitment(client, world, bob, dana):
    made = commitment(world)
    url = reverse("commitment_edit", args=[world.place.slug, made.pk])
    data = {
        "mission": made.mission.pk,
        "title": "Changed",
        "currency": "GBP",
        "status": "met",
        "visibility": "public",
        "update_every_days": "90",
    }
    client.force_login(bob)
    assert client.post(url, data).status_code == 403
    client.force_login(dana)
    assert client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert (made.title, made.status) == ("Changed", "met")


def test_only_the_partners_admins_change_its_profile(client, world, bob, dana, charlie):
    mission = public_mission(world)
    url = reverse("partner_edit", args=[world.place.slug, world.partner.slug])
    data = {"what_we_do": "We drive people", "missions_of_interest": [mission.pk]}
    client.force_login(bob)
    assert client.post(url, data).status_code == 403
    client.force_login(dana)
    assert client.post(url, data).status_code == 302
    profile = PartnerProfile.objects.get(organisation=world.partner)
    assert profile.what_we_do == "We drive people"
    assert list(profile.missions_of_interest.all()) == [mission]
    # The council's own profile is not hers to change.
    client.force_login(dana)
    assert (
        client.get(reverse("partner_edit", args=[world.place.slug, world.council.slug])).status_code
        == 403
    )
    assert charlie  # a council contributor is not an admin of the council either


def test_reminders_are_sent_once_per_due_date(world, dana):
    made = commitment(world)
    Commitment.objects.filter(pk=made.pk).update(
        update_due=timezone.localdate() - timedelta(days=1)
    )
    first = services.send_commitment_reminders()
    second = services.send_commitment_reminders()
    assert [r.recipient for r in first] == [dana] and second == []
    assert Notification.objects.filter(user=dana, kind="reminder").count() == 1
    # An update moves the due date on: the next reminder is for the next due date.
    services.add_commitment_update(
        actor=dana, commitment=made, data={"status": "active", "progress": "Going"}
    )
    assert services.send_commitment_reminders() == []
    later = timezone.localdate() + timedelta(days=200)
    assert len(services.send_commitment_reminders(today=later)) == 1
    assert CommitmentReminder.objects.count() == 2


def test_reminders_go_to_the_person_responsible_and_skip_closed_commitments(world, bob, dana):
    made = commitment(world)
    Commitment.objects.filter(pk=made.pk).update(
        owner=dana, update_due=timezone.localdate() - timedelta(days=3)
    )
    other = services.create_commitment(
        actor=None, partner=world.partner, mission=made.mission, data={"title": "Done"}
    )
    Commitment.objects.filter(pk=other.pk).update(
        status="met", update_due=timezone.localdate() - timedelta(days=3)
    )
    sent = services.send_commitment_reminders()
    assert [(r.commitment_id, r.recipient) for r in sent] == [(made.pk, dana)]


def test_the_command_prints_the_count_last(world, capsys):
    from django.core.management import call_command

    made = commitment(world)
    Commitment.objects.filter(pk=made.pk).update(
        update_due=timezone.localdate() - timedelta(days=1)
    )
    call_command("send_commitment_reminders")
    call_command("send_commitment_reminders")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1] == "1" and lines[-1] == "0"


def test_dashboard_panel_lists_overdue_commitments(client, world, dana, bob):
    made = commitment(world)
    Commitment.objects.filter(pk=made.pk).update(
        update_due=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(dana)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Commitments needing an update" in body and made.title in body
    client.force_login(bob)
    assert "Commitments needing an update" not in client.get(reverse("dashboard")).content.decode()


def test_action_plan_uses_the_sections_for_the_partners_kind(client, world, dana):
    client.force_login(dana)
    detail = client.get(reverse("partner_detail", args=[world.place.slug, world.partner.slug]))
    sections = [s.slug for s in detail.context["sections"]]
    assert sections == ["vcse"]
    response = client.post(
        reverse("action_plan_start", args=[world.place.slug, world.partner.slug])
    )
    from placecraft.frameworks.models import Exercise

    exercise = Exercise.objects.get()
    assert (exercise.subject_type, exercise.subject_id, exercise.organisation) == (
        "partner",
        world.partner.pk,
        world.partner,
    )
    assert response.url == reverse("exercise_answers", args=[world.place.slug, exercise.pk])
    answers = client.get(response.url).content.decode()
    assert "vcse-align-funding" in answers and "public-pool-data" not in answers


def test_contacts_are_personal_data_shown_to_partners_only(client, world, dana, erin):
    services.add_contact(
        actor=None, organisation=world.partner, data={"name": "Pat Private", "email": "pat@x.org"}
    )
    services.add_contact(
        actor=None,
        organisation=world.partner,
        data={"name": "Sam Public", "email": "sam@x.org", "is_public": True},
    )
    url = reverse("partner_detail", args=[world.place.slug, world.partner.slug])
    client.force_login(erin)
    body = client.get(url).content.decode()
    assert "Sam Public" in body and "Pat Private" not in body
    client.force_login(dana)
    assert "Pat Private" in client.get(url).content.decode()


def test_contacts_are_exported_and_erased_with_the_person(world, dana):
    from placecraft.core.personal_data import holders

    services.add_contact(
        actor=None, organisation=world.partner, data={"name": "Dana", "email": "DANA@example.org"}
    )
    holder = next(h for h in holders() if h.name == "partner_contacts")
    assert holder.export(dana)[0]["organisation"] == "Helping Hands"
    holder.erase(dana)
    assert holder.export(dana) == []


def test_commitment_list_queries_do_not_grow(client, world, charlie):
    mission = public_mission(world)
    for i in range(3):
        services.create_commitment(
            actor=None,
            partner=world.partner,
            mission=mission,
            data={"title": f"C{i}", "visibility": "public"},
        )
    client.force_login(charlie)
    url = reverse("commitment_list", args=[world.place.slug])
    few = assert_max_queries(client, url, 15)
    for i in range(30):
        org = Organisation.objects.create(
            place=world.place, name=f"Partner {i}", slug=f"partner-{i}", kind="sme"
        )
        services.create_commitment(
            actor=None,
            partner=org,
            mission=mission,
            data={"title": f"D{i}", "visibility": "public"},
        )
    assert assert_max_queries(client, url, 15) == few
    partners = reverse("partner_list", args=[world.place.slug])
    few = assert_max_queries(client, partners, 15)
    assert assert_max_queries(client, partners + "?kind=sme", 15) <= few


def test_commitment_list_pages_keep_the_filters(client, world, charlie, monkeypatch):
    from placecraft.partners import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    mission = public_mission(world)
    for i in range(5):
        services.create_commitment(
            actor=None,
            partner=world.partner,
            mission=mission,
            data={"title": f"Promise {i}", "visibility": "public", "status": "at-risk"},
        )
    services.create_commitment(
        actor=None,
        partner=world.partner,
        mission=mission,
        data={"title": "Kept promise", "visibility": "public", "status": "met"},
    )
    client.force_login(charlie)
    url = reverse("commitment_list", args=[world.place.slug])
    filters = {"mission": mission.slug, "status": "at-risk", "order": "mission"}
    first = client.get(url, filters)
    page = first.context["page"]
    assert page.paginator.count == 5 and page.paginator.num_pages == 3
    assert [c.title for c in page.object_list] == ["Promise 0", "Promise 1"]
    body = first.content.decode()
    assert 'class="govuk-pagination"' in body
    assert f"mission={mission.slug}&amp;status=at-risk&amp;order=mission&amp;page=2" in body
    assert '<option value="mission" selected>' in body
    last = client.get(url, {**filters, "page": 3})
    assert [c.title for c in last.context["page"].object_list] == ["Promise 4"]
    # The count by status above the table still counts everything matching, not one page.
    assert ("At risk", 5) in first.context["counts"]


def test_commitment_list_hides_commitments_to_missions_you_may_not_see(client, world, charlie):
    from placecraft.missions.tests.factories import private_mission

    commitment(world)
    services.create_commitment(
        actor=None,
        partner=world.partner,
        mission=private_mission(world),
        data={"title": "Secret plan", "visibility": "public"},
    )
    url = reverse("commitment_list", args=[world.place.slug])
    anonymous = client.get(url)
    assert [c.title for c in anonymous.context["page"].object_list] == [
        "Run a volunteer driver scheme"
    ]
    assert anonymous.context["page"].paginator.count == 1
    client.force_login(charlie)  # a member of the council, which owns the mission
    assert "Secret plan" in client.get(url).content.decode()


def test_commitment_list_orders(client, world, charlie):
    mission = public_mission(world)
    for title in ["Bravo", "Alpha", "Charlie"]:
        services.create_commitment(
            actor=None,
            partner=world.partner,
            mission=mission,
            data={"title": title, "visibility": "public"},
        )
    Commitment.objects.filter(title="Alpha").update(updated_at=timezone.now() + timedelta(hours=1))
    client.force_login(charlie)
    url = reverse("commitment_list", args=[world.place.slug])

    def titles(**params: str) -> list[str]:
        return [c.title for c in client.get(url, params).context["page"].object_list]

    # Most recently updated first unless another order is chosen; an unknown order is ignored.
    assert titles() == ["Alpha", "Charlie", "Bravo"]
    assert titles(order="nonsense") == ["Alpha", "Charlie", "Bravo"]
    assert titles(order="mission") == ["Alpha", "Bravo", "Charlie"]
    assert titles(order="updated") == ["Alpha", "Charlie", "Bravo"]


def test_commitment_list_counts_what_each_viewer_may_see(client, world, charlie, dana):
    from placecraft.partners.tests.factories import commitments_for_every_viewer

    _, fran = commitments_for_every_viewer(world)
    url = reverse("commitment_list", args=[world.place.slug])

    def seen(user=None, **params):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, params)
        counts = {label: n for label, n in response.context["counts"] if n}
        titles = sorted(c.title for c in response.context["page"].object_list)
        return counts, titles, response.content.decode()

    counts, titles, body = seen()
    assert counts == {"In progress": 1, "Met": 1}
    assert titles == ["Collect at stops", "Lend minibuses"]
    assert "2 commitments" in body
    counts, titles, _ = seen(charlie)  # the council: partners' shared ones and its own mission
    assert counts == {"In progress": 2, "At risk": 1, "Met": 1}
    assert titles == [
        "Collect at stops",
        "Deliver to the housebound",
        "Lend minibuses",
        "Secret plan",
    ]
    counts, titles, body = seen(dana)  # Helping Hands: its own private one, no private mission
    assert counts == {"Proposed": 1, "In progress": 1, "At risk": 1, "Met": 1}
    assert "Pilot a night bus" in titles and "Secret plan" not in titles
    assert "4 commitments" in body
    counts, titles, _ = seen(fran)  # the food bank: its own private one
    assert counts == {"In progress": 2, "At risk": 1, "Met": 1}
    assert "Buy a van in France" in titles and "Pilot a night bus" not in titles
    # Filtering by status still counts only what the person may see.
    counts, titles, _ = seen(dana, status="proposed")
    assert (counts, titles) == ({"Proposed": 1}, ["Pilot a night bus"])
    counts, titles, _ = seen(status="proposed")
    assert (counts, titles) == ({}, [])
