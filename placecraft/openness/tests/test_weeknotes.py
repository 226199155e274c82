from __future__ import annotations

import io
import threading
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from placecraft.core.markdown import render_markdown
from placecraft.openness import services
from placecraft.openness.models import DigestSend, DigestSubscription, Weeknote
from placecraft.openness.tests.factories import make_weeknote, public_weeknote
from placecraft.testing import assert_max_queries

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
]


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from some HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ("script", "svg", "iframe", "object", "embed", "img"), tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), attrs


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_render_inert_on_the_page_and_in_the_feed(client, world, payload):
    note = make_weeknote(world, "Payload", body=f"Hello\n\n{payload}")
    page = client.get(reverse("weeknote_detail", args=[world.place.slug, note.pk])).content.decode()
    main = page.split('id="main-content"')[1].split("</main>")[0]
    assert_inert(main)
    feed = client.get(reverse("weeknote_feed", args=[world.place.slug])).content.decode()
    content = ET.fromstring(feed).find(f"{ATOM}entry/{ATOM}summary")
    text = content.text if content is not None else ""
    assert text == render_markdown(f"Hello\n\n{payload}")
    assert_inert(text)


def test_atom_feed_is_well_formed_and_lists_only_public_published_notes(client, world):
    public_weeknote(world)
    make_weeknote(world, "Secret", visibility="private")
    make_weeknote(world, "Unfinished", status="draft")
    response = client.get(reverse("weeknote_feed", args=[world.place.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "link"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Week one"]
    entry = entries[0]
    for required in ("id", "title", "updated", "link", "author"):
        assert entry.find(f"{ATOM}{required}") is not None, required
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").startswith("http")
    mission = client.get(reverse("weeknote_mission_feed", args=[world.place.slug, "moving-freely"]))
    assert len(ET.fromstring(mission.content).findall(f"{ATOM}entry")) == 1


def test_feed_is_advertised_in_the_page_head(client, world):
    page = client.get(reverse("weeknote_list", args=[world.place.slug])).content.decode()
    head = page.split("</head>")[0]
    feed = reverse("weeknote_feed", args=[world.place.slug])
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Weeknotes" href="{feed}">'
        in head
    )


def test_drafts_are_seen_only_by_the_owning_organisation(client, world, charlie, dana):
    draft = make_weeknote(world, "Half written", status="draft")
    url = reverse("weeknote_list", args=[world.place.slug])
    client.force_login(dana)
    assert b"Half written" not in client.get(url).content
    client.force_login(charlie)
    assert b"Half written" in client.get(url).content
    assert draft.published_at is None


def test_weeknote_list_queries_stay_flat(client, world):
    public_weeknote(world)
    url = reverse("weeknote_list", args=[world.place.slug])
    before = assert_max_queries(client, url, 10)
    for n in range(20):
        make_weeknote(world, f"Note {n}")
    assert assert_max_queries(client, url, 10) == before


def _last_week_note(world, title="Last week"):
    note = make_weeknote(world, title)
    published = timezone.now() - timedelta(days=7)
    Weeknote.objects.filter(pk=note.pk).update(published_at=published)
    return services.week_start(timezone.localdate(published))


def test_subscribing_needs_confirmation_and_the_digest_sends_once(
    client, world, django_capture_on_commit_callbacks
):
    week = _last_week_note(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("weeknote_subscribe", args=[world.place.slug]), {"email": "Fan@Example.org"}
        )
    subscription = DigestSubscription.objects.get()
    assert subscription.confirmed_at is None and subscription.email == "fan@example.org"
    assert "confirm" in mail.outbox[0].body.lower()
    # Unconfirmed addresses get nothing.
    assert services.send_weeknote_digest(week=week) == 0
    client.post(reverse("weeknote_digest_confirm", args=[world.place.slug, subscription.token]))
    assert services.send_weeknote_digest(week=week) == 1
    digest = mail.outbox[-1]
    assert "Last week" in digest.body
    unsubscribe = reverse("weeknote_unsubscribe", args=[world.place.slug, subscription.token])
    assert unsubscribe in digest.body and unsubscribe in digest.extra_headers["List-Unsubscribe"]
    # A second run for the same week sends nothing.
    assert services.send_weeknote_digest(week=week) == 0
    out = io.StringIO()
    call_command("send_weeknote_digest", "--week", week.isoformat(), stdout=out)
    assert out.getvalue().splitlines()[-1] == "0"
    assert len(mail.outbox) == 2
    client.post(unsubscribe)
    assert not DigestSubscription.objects.exists()


def test_a_failed_send_releases_the_claim(world, monkeypatch):
    week = _last_week_note(world)
    DigestSubscription.objects.create(
        place=world.place, email="a@example.org", confirmed_at=timezone.now()
    )

    def broken(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionError):
        services.send_weeknote_digest(week=week)
    assert not DigestSend.objects.exists()
    monkeypatch.undo()
    assert services.send_weeknote_digest(week=week) == 1


def test_the_unique_constraint_itself_refuses_a_second_claim(world):
    from django.db import IntegrityError, transaction

    sub = DigestSubscription.objects.create(place=world.place, email="b@example.org")
    week = services.week_start(timezone.localdate())
    DigestSend.objects.create(subscription=sub, week=week)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSend.objects.create(subscription=sub, week=week)


@pytest.mark.django_db(transaction=True)
def test_concurrent_digest_runs_never_double_send():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent claims are exercised on PostgreSQL (CI runs the suite there too)")
    from placecraft.testing import build_world

    world = build_world()
    week = _last_week_note(world)
    for n in range(30):
        DigestSubscription.objects.create(
            place=world.place, email=f"reader{n}@example.org", confirmed_at=timezone.now()
        )
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run():
        barrier.wait()
        try:
            results.append(services.send_weeknote_digest(week=week))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(set(recipients)), "someone got two digests"
    assert sum(results) == 30 == len(recipients)
    assert DigestSend.objects.filter(sent_at__isnull=False).count() == 30


def test_weeknote_list_pages_newer_and_older_without_counting(client, world, monkeypatch):
    from placecraft.openness import views

    monkeypatch.setattr(views, "WEEKNOTES_PER_PAGE", 2)
    for n in range(5):
        note = make_weeknote(world, f"Note {n}")
        Weeknote.objects.filter(pk=note.pk).update(
            published_at=timezone.now() - timedelta(days=10 - n)
        )
    url = reverse("weeknote_list", args=[world.place.slug])
    first = client.get(url, {"mission": ""})
    assert [n.title for n in first.context["page"].object_list] == ["Note 4", "Note 3"]
    body = first.content.decode()
    assert "mission=&amp;page=2" in body and 'rel="prev"' not in body
    middle = client.get(url, {"page": 2}).content.decode()
    assert 'rel="prev"' in middle and 'rel="next"' in middle
    last = client.get(url, {"page": 3})
    assert [n.title for n in last.context["page"].object_list] == ["Note 0"]
    assert 'rel="next"' not in last.content.decode()
    # A page past the end is empty, and nonsense falls back to the first page.
    assert client.get(url, {"page": 9}).context["page"].object_list == []
    for nonsense in ["0", "-1", "x", "99999999999999999999"]:
        assert client.get(url, {"page": nonsense}).context["page"].number == 1


def test_weeknote_form_offers_the_places_missions_as_checkboxes(world):
    from placecraft.missions.tests.factories import public_mission
    from placecraft.openness.forms import WeeknoteForm
    from placecraft.places.models import Organisation

    mission = public_mission(world)
    owners = Organisation.objects.filter(pk=world.council.pk)
    html = str(
        WeeknoteForm(place=world.place, owners=owners, user=world.users["council_member"])[
            "missions"
        ]
    )
    assert f'type="checkbox" name="missions" value="{mission.pk}"' in html
    assert mission.title in html
    chosen = WeeknoteForm(
        {"missions": [str(mission.pk)], "title": "x"},
        place=world.place,
        owners=owners,
        user=world.users["council_member"],
    )
    chosen.is_valid()
    assert list(chosen.cleaned_data["missions"]) == [mission]
    assert f'value="{mission.pk}" checked' in str(chosen["missions"])


def test_weeknote_form_offers_the_places_sprints(world):
    from placecraft.openness.forms import WeeknoteForm
    from placecraft.places.models import Organisation
    from placecraft.sprints.tests.factories import public_sprint

    sprint = public_sprint(world)
    owners = Organisation.objects.filter(pk=world.council.pk)
    html = str(
        WeeknoteForm(place=world.place, owners=owners, user=world.users["council_member"])["sprint"]
    )
    assert f'<option value="{sprint.pk}">{sprint.title}</option>' in html
    chosen = WeeknoteForm(
        {"sprint": str(sprint.pk)},
        place=world.place,
        owners=owners,
        user=world.users["council_member"],
    )
    chosen.is_valid()
    assert chosen.cleaned_data["sprint"] == sprint
    assert f'<option value="{sprint.pk}" selected>' in str(chosen["sprint"])
