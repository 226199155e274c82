"""After a person is erased their name is nowhere: not in the audit log (a stable pseudonym takes
its place), sprint champions and teams, workshop participant lists, pages, the API, CSV exports
or a place's archive. An organisation is never left without an admin by an erasure."""

from __future__ import annotations

import io
import zipfile

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from placecraft.accounts.models import User
from placecraft.core import personal_data
from placecraft.core.models import Visibility
from placecraft.frameworks.models import Mode
from placecraft.frameworks.tests.factories import make_exercise
from placecraft.missions import services as mission_services
from placecraft.missions.tests.factories import public_mission
from placecraft.notifications.services import notify
from placecraft.openness.tests.factories import make_champion
from placecraft.places.models import Membership, Role
from placecraft.sprints import services as sprint_services
from placecraft.sprints.tests.factories import make_sprint
from placecraft.testing import make_user

NAME = "Zebedee Quixotic"
EMAIL = "zebedee.quixotic@example.org"
TRACES = (b"Zebedee", b"Quixotic", b"zebedee", b"quixotic")


def _no_trace(where: str, content: bytes) -> None:
    found = [trace for trace in TRACES if trace in content]
    assert not found, f"{where} still shows {found}"


def _make_zebedee_appear_everywhere(client, world, bob):
    zebedee = make_user(EMAIL, NAME)
    membership = Membership.objects.create(
        user=zebedee, organisation=world.council, role=Role.CONTRIBUTOR
    )
    # Bob makes Zebedee a lead: the audit log records the membership, named.
    client.force_login(bob)
    response = client.post(
        reverse("member_role", args=[world.place.slug, world.council.slug, membership.pk]),
        {"role": "lead"},
    )
    assert response.status_code == 302
    # Zebedee champions a sprint and is on its team; he changes it himself (audited).
    sprint = make_sprint(
        world,
        "bus-stop-sprint",
        champion_name=NAME,
        champion_user=zebedee,
        champion_role="Director of place",
        summary_public=True,
    )
    sprint_services.add_member(
        actor=zebedee,
        sprint=sprint,
        data={
            "name": NAME,
            "user": zebedee,
            "organisation": world.council,
            "department": "Place",
            "hours_per_week": 4,
        },
    )
    # He took part in a workshop, named in its participant list.
    exercise = make_exercise(
        world,
        "shifting-towards-impact",
        Mode.WORKSHOP,
        visibility=Visibility.PARTNERS,
        participants=f"Bob Boss\n{NAME}\nCharlie Council",
    )
    # He holds a seat on a mission board, listed on the public mission page.
    mission = public_mission(world)
    mission_services.add_board_member(
        actor=bob, mission=mission, data={"name": NAME, "role": "member", "is_public": True}
    )
    # He agreed to be listed as a champion of that mission.
    make_champion(
        world,
        "zebedee-quixotic",
        name=NAME,
        story="Zebedee Quixotic rides every bus.",
        affiliation="Director of place",
    )
    # Bob was told about something Zebedee did.
    notify(user=bob, kind="assignment", title=f"{NAME} added you to a sprint", body=EMAIL)
    return zebedee, sprint, exercise


def _pages(world, sprint, exercise) -> dict[str, str]:
    place, council = world.place.slug, world.council.slug
    return {
        "audit log": reverse("audit_log", args=[place, council]),
        "audit CSV": reverse("audit_csv", args=[place, council]),
        "members": reverse("members", args=[place, council]),
        "mission": reverse("mission_detail", args=[place, public_mission(world).slug]),
        "champions": reverse("champion_list", args=[place]),
        "notifications": reverse("notification_list"),
        "sprint": reverse("sprint_detail", args=[place, sprint.slug]),
        "sprint summary": reverse("sprint_summary", args=[place, sprint.slug]),
        "sprint team": reverse("sprint_team", args=[place, sprint.slug]),
        "workshop": reverse("exercise_detail", args=[place, exercise.pk]),
        "sprint API": reverse("api:get_sprint", args=[place, sprint.slug]),
        "sprints API": reverse("api:list_sprints", args=[place]),
    }


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    content: bytes = response.getvalue() if response.streaming else response.content
    return content


def test_after_erasure_the_name_is_nowhere(client, world, bob, tmp_path):
    zebedee, sprint, exercise = _make_zebedee_appear_everywhere(client, world, bob)
    pages = _pages(world, sprint, exercise)
    # Before: the name is there, so the checks below can find it.
    checked = ("audit log", "sprint", "sprint API", "workshop", "notifications", "mission")
    for where in (*checked, "champions"):
        assert b"Quixotic" in _content(client.get(pages[where])), where

    zebedee_client = Client()
    zebedee_client.force_login(zebedee)
    response = zebedee_client.post(reverse("erase_me"), {"email": EMAIL})
    assert response.status_code == 302

    for where, url in pages.items():
        _no_trace(where, _content(client.get(url)))
    # The audit log names him by a stable pseudonym derived from his id.
    former = personal_data.pseudonym(zebedee.pk)
    assert former.startswith("Former user ")
    assert former == personal_data.pseudonym(zebedee.pk)
    assert former != personal_data.pseudonym(bob.pk)
    assert former.encode() in _content(client.get(pages["audit log"]))
    sprint.refresh_from_db()
    assert sprint.champion_name == former
    exercise.refresh_from_db()
    assert exercise.participant_names == ["Bob Boss", former, "Charlie Council"]

    archive = tmp_path / "place.zip"
    call_command("export_place", world.place.slug, str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as opened:
        for entry in opened.namelist():
            _no_trace(f"export_place: {entry}", opened.read(entry))


def test_erasing_an_organisations_last_admin_is_refused(client, world, dana, charlie):
    client.force_login(dana)
    # The data page says so before she tries.
    page = client.get(reverse("my_data")).content.decode()
    assert "You are the only admin of Helping Hands" in page
    response = client.post(reverse("erase_me"), {"email": "dana@example.org"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "You are the only admin of Helping Hands" in text
    assert User.objects.get(pk=dana.pk).is_active

    # Once someone else is an admin too, the erasure goes ahead.
    Membership.objects.create(user=charlie, organisation=world.partner, role=Role.ADMIN)
    response = client.post(reverse("erase_me"), {"email": "dana@example.org"})
    assert response.status_code == 302
    assert not User.objects.get(pk=dana.pk).is_active
