from __future__ import annotations

from datetime import UTC

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from placecraft.core.personal_data import holders
from placecraft.openness import services
from placecraft.openness.models import Registration
from placecraft.openness.tests.factories import make_champion, make_event, public_event
from placecraft.partners.models import Commitment
from placecraft.testing import assert_max_queries


def test_registrations_fill_places_then_the_waiting_list(world):
    event = make_event(world, "tiny", capacity=2)
    first = services.register(event=event, name="A", email="a@example.org")
    second = services.register(event=event, name="B", email="b@example.org")
    third = services.register(
        event=event, name="C", email="c@example.org", accessibility_needs="Lift"
    )
    fourth = services.register(event=event, name="D", email="d@example.org")
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    with pytest.raises(ValidationError):
        services.register(event=event, name="A again", email="A@example.org")
    promoted = services.cancel_registration(registration=first)
    assert [r.pk for r in promoted] == [third.pk]
    third.refresh_from_db()
    assert third.status == "confirmed"
    # Cancelled people can register again, and join the back of the queue.
    again = services.register(event=event, name="A", email="a@example.org")
    assert again.status == "waiting"
    # More places promote the waiting list in order.
    services.save_event(actor=None, place=world.place, event=event, data={"capacity": 4})
    assert set(event.registrations.filter(status="confirmed").values_list("name", flat=True)) == {
        "B",
        "C",
        "D",
        "A",
    }


def test_public_registration_emails_a_cancel_link(
    client, world, django_capture_on_commit_callbacks
):
    event = public_event(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("event_register", args=[world.place.slug, event.slug]),
            {"name": "Sol", "email": "sol@example.org", "accessibility_needs": "Quiet room"},
        )
    assert response.status_code == 302
    registration = Registration.objects.get(email="sol@example.org")
    assert registration.status == "confirmed"  # capacity 2, one taken by the factory
    manage = reverse("registration_manage", args=[world.place.slug, registration.token])
    assert manage in mail.outbox[-1].body
    client.post(manage)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_public_registration_is_rate_limited(client, world, settings):
    event = make_event(world, "popular", capacity=None)
    url = reverse("event_register", args=[world.place.slug, event.slug])
    statuses = [
        client.post(url, {"name": f"P{n}", "email": f"p{n}@example.org"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429]


def test_access_needs_are_for_organisers_only(client, world, charlie, dana):
    event = public_event(world)
    detail = client.get(reverse("event_detail", args=[world.place.slug, event.slug]))
    assert b"Ramp" not in detail.content
    client.force_login(dana)
    url = reverse("event_registrations", args=[world.place.slug, event.slug])
    assert client.get(url).status_code == 403
    client.force_login(charlie)
    assert b"Ramp" in client.get(url).content


def test_closed_and_past_events_refuse_registration(world):
    event = make_event(world, "gone", days=-3)
    with pytest.raises(ValidationError):
        services.register(event=event, name="Late", email="late@example.org")


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_download_is_valid_icalendar(client, world):
    event = make_event(
        world, "long-title", title="Forum; with commas, semicolons and a very long name " * 2
    )
    response = client.get(reverse("event_ics", args=[world.place.slug, event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="long-title.ics"' in response["Content-Disposition"]
    raw = response.content.decode()
    assert raw.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    props = dict(line.split(":", 1) for line in lines if ":" in line)
    assert props["VERSION"] == "2.0" and "PRODID" in props
    assert props["UID"] == f"event-{event.pk}@127.0.0.1"
    assert props["DTSTART"] == event.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert props["SUMMARY"].startswith("Forum\\; with commas\\, semicolons")
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1


def test_commitments_restated_link_to_partner_commitments(client, world, charlie):
    from placecraft.missions.tests.factories import public_mission

    event = public_event(world)
    commitment = Commitment.objects.create(
        place=world.place,
        organisation=world.partner,
        mission=public_mission(world),
        title="Run a bus buddy scheme",
        visibility="public",
    )
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    response = client.post(url, {"kind": "restated", "commitment": commitment.pk})
    assert response.status_code == 302
    made = client.post(
        url, {"kind": "made", "organisation": world.authority.name, "text": "Free fares on Sundays"}
    )
    assert made.status_code == 302
    record = event.commitments.get(kind="restated")
    assert record.commitment == commitment and record.organisation == world.partner
    page = client.get(reverse("event_detail", args=[world.place.slug, event.slug]))
    assert b"Run a bus buddy scheme" in page.content and b"Free fares on Sundays" in page.content


def test_personal_data_export_and_erasure_keep_counts(world, erin):
    event = make_event(world, "data")
    services.register(
        event=event, name="Erin", email="erin@example.org", accessibility_needs="Lift"
    )
    holder = next(h for h in holders() if h.name == "events_and_digests")
    exported = holder.export(erin)
    assert exported["event_registrations"][0]["access_needs"] == "Lift"
    holder.erase(erin)
    registration = event.registrations.get()
    assert registration.status == "confirmed" and registration.name == "Erased"
    assert registration.accessibility_needs == "" and "erin" not in registration.email


def test_event_and_champion_lists_stay_flat(client, world):
    public_event(world)
    make_champion(world, "first")
    urls = [
        reverse("event_list", args=[world.place.slug]),
        reverse("champion_list", args=[world.place.slug]),
        reverse("open_home", args=[world.place.slug]),
    ]
    before = [assert_max_queries(client, url, 12) for url in urls]
    for n in range(12):
        event = make_event(world, f"e{n}", days=n - 6 if n else 1)
        if not event.is_past():
            services.register(event=event, name="X", email=f"x{n}@example.org")
        make_champion(world, f"c{n}")
    assert [assert_max_queries(client, url, 12) for url in urls] == before


def test_private_champion_cannot_be_public_without_agreement(world):
    with pytest.raises(ValidationError):
        make_champion(world, "no-consent", agreed_on=None)


def _commitment(world, mission, title, organisation=None):
    return Commitment.objects.create(
        place=world.place,
        organisation=organisation or world.partner,
        mission=mission,
        title=title,
        visibility="public",
    )


def test_commitments_offered_are_the_events_mission_and_partners_then_a_search(
    client, world, charlie
):
    from placecraft.missions.tests.factories import make_mission

    event = public_event(world)  # on the mission "Moving freely"
    other = make_mission(world, "warm-homes")
    on_mission = _commitment(world, event.mission, "Run a bus buddy scheme")
    elsewhere = _commitment(world, other, "Insulate 100 homes", world.authority)
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    page = client.get(url).content.decode()
    assert "Run a bus buddy scheme (Moving freely)" in page
    assert "Insulate 100 homes" not in page
    # Filter first, then pick: the authority's commitments, grouped under its name.
    found = client.get(url, {"partner": world.authority.slug}).content.decode()
    assert f'<optgroup label="{world.authority.name}">' in found
    assert "Insulate 100 homes (Warm homes)" in found and "Run a bus buddy scheme" not in found
    by_mission = client.get(url, {"mission": "warm-homes"}).context
    assert by_mission["offered_count"] == 1 and by_mission["mission"][1] == "warm-homes"
    # A commitment that is not in the list shown is still accepted if the person may see it.
    response = client.post(url, {"kind": "restated", "commitment": elsewhere.pk})
    assert response.status_code == 302
    assert event.commitments.get().commitment == elsewhere
    assert on_mission.pk  # offered by default, not required


def test_a_partner_with_someone_registered_has_its_commitments_offered(client, world, charlie):
    from placecraft.missions.tests.factories import make_mission

    event = public_event(world)
    other = make_mission(world, "warm-homes")
    _commitment(world, other, "Lend our hall")
    services.register(
        event=event, name="Dee", email="dee@example.org", user=world.users["partner_member"]
    )
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    assert "Lend our hall (Warm homes)" in client.get(url).content.decode()


def test_commitments_on_missions_the_person_may_not_see_are_refused(client, world, charlie):
    from placecraft.missions.tests.factories import make_mission

    event = public_event(world)
    hidden = make_mission(world, "partner-only", visibility="private", owner=world.partner)
    secret = _commitment(world, hidden, "Secret pilot")
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    page = client.get(url, {"partner": world.partner.slug}).content.decode()
    assert "Secret pilot" not in page
    assert "Partner only" not in page  # nor the hidden mission's title, in either form
    response = client.post(url, {"kind": "restated", "commitment": secret.pk})
    assert response.status_code == 200
    assert "Choose a commitment from the list" in response.content.decode()
    assert not event.commitments.exists()


def test_partners_are_named_not_chosen_from_every_organisation(client, world, charlie):
    event = public_event(world)
    _commitment(world, event.mission, "Lend our hall")
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    page = client.get(url).content.decode()
    assert 'name="organisation" type="text"' in page or 'type="text" name="organisation"' in page
    assert f">{world.authority.name}</option>" not in page
    # Searching by a partner's name, in any case, finds its commitments.
    found = client.get(url, {"partner": world.partner.name.upper()}).context
    assert found["partner"] == world.partner and found["offered_count"] == 1
    # A name that is no organisation here is an error on the search, and the list stays.
    unknown = client.get(url, {"partner": "Nobody at all"})
    body = unknown.content.decode()
    assert "govuk-error-summary" in body and "No organisation in this place is called" in body
    assert unknown.context["offered_count"] == 1
    # An organisation of another place is not a partner here.
    response = client.post(
        url, {"kind": "made", "organisation": world.other_org.name, "text": "Something"}
    )
    assert response.status_code == 200
    assert "No organisation in this place is called" in response.content.decode()
    response = client.post(url, {"kind": "made", "text": "Something"})
    assert "Enter the partner, or choose an existing commitment." in response.content.decode()
    assert not event.commitments.exists()


def test_commitments_page_queries_do_not_grow(client, world, charlie):
    event = public_event(world)
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    before = assert_max_queries(client, url, 12)
    for n in range(20):
        _commitment(world, event.mission, f"Promise {n}")
    assert assert_max_queries(client, url, 12) == before


def test_event_list_counts_only_confirmed_places(client, world):
    event = make_event(world, "count-me")
    empty = make_event(world, "nobody-yet", days=11)
    for n in range(3):
        services.register(event=event, name=f"P{n}", email=f"p{n}@example.org")
    Registration.objects.filter(email="p0@example.org").update(status="waiting")
    Registration.objects.filter(email="p1@example.org").update(status="cancelled")
    Registration.objects.filter(email="p2@example.org").update(status="confirmed")
    upcoming = client.get(reverse("event_list", args=[world.place.slug])).context["upcoming"]
    confirmed = {e.pk: e.confirmed for e in upcoming}
    assert confirmed[event.pk] == 1 and confirmed[empty.pk] == 0


def test_the_event_list_shows_each_events_kind_time_place_and_places_taken(client, world):
    from django.utils import timezone

    event = public_event(world)  # one confirmed registration, two places
    page = client.get(reverse("event_list", args=[world.place.slug])).content.decode()
    url = reverse("event_detail", args=[world.place.slug, event.slug])
    when = timezone.localtime(event.starts_at)
    assert f'<a class="govuk-link" href="{url}">{event.title}</a>' in page
    assert f">{event.get_kind_display()}<" in page
    assert f">{when:%-d %b %Y, %H:%M}<" in page
    assert ">Town hall<" in page and ">1 of 2<" in page


def test_only_the_first_commitments_by_partner_and_title_are_offered(client, world, charlie):
    import re

    from placecraft.missions.tests.factories import make_mission
    from placecraft.openness.views import OFFERED_COMMITMENTS

    event = public_event(world)
    # A partner with someone registered (Helping Hands), and the council and the authority on
    # the event's mission: more than the list holds, from two parts of it.
    services.register(
        event=event, name="Dee", email="dee@example.org", user=world.users["partner_member"]
    )
    other = make_mission(world, "warm-homes")
    Commitment.objects.bulk_create(
        [
            Commitment(
                place=world.place,
                organisation=organisation,
                mission=mission,
                title=f"Promise {n:03}",
                visibility="public",
            )
            for organisation, mission, count in [
                (world.partner, other, 100),
                (world.council, event.mission, OFFERED_COMMITMENTS),
                (world.authority, event.mission, OFFERED_COMMITMENTS),
            ]
            for n in range(count)
        ]
    )
    client.force_login(charlie)
    url = reverse("event_commitments", args=[world.place.slug, event.slug])
    page = client.get(url).content.decode()
    assert f"Only the first {OFFERED_COMMITMENTS} are listed" in page
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', page, re.S)
    offered = {name: re.findall(r">(Promise \d+) \(", options) for name, options in groups}
    assert list(offered) == [world.partner.name, world.council.name]
    assert offered[world.partner.name] == [f"Promise {n:03}" for n in range(100)]
    assert offered[world.council.name] == [
        f"Promise {n:03}" for n in range(OFFERED_COMMITMENTS - 100)
    ]
