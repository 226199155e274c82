import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placecraft.core.models import AuditEvent
from placecraft.missions import services
from placecraft.missions.models import MissionStatus, StatusChange
from placecraft.missions.tests.factories import make_mission


def test_new_missions_are_candidates_with_a_first_history_entry(world, bob):
    mission = services.create_mission(
        actor=bob,
        place=world.place,
        data={
            "title": "Clean rivers",
            "statement": "s",
            "ambition": "a",
            "horizon_year": 2030,
            "organisation": world.council,
            "visibility": "public",
        },
    )
    assert mission.status == MissionStatus.CANDIDATE
    assert mission.slug == "clean-rivers"
    change = StatusChange.objects.get(mission=mission)
    assert (change.from_status, change.to_status, change.by) == ("", "candidate", bob)
    assert AuditEvent.objects.filter(object_id=str(mission.pk), action="create").exists()


def test_reserved_paths_are_never_mission_slugs(world):
    mission = services.create_mission(
        actor=None,
        place=world.place,
        data={
            "title": "Alignment",
            "statement": "s",
            "ambition": "a",
            "horizon_year": 2030,
            "organisation": world.council,
        },
    )
    assert mission.slug == "alignment-2"


@pytest.mark.parametrize(
    "path",
    [
        ["scoping", "active", "paused", "active", "completed"],
        ["scoping", "candidate", "retired"],
        ["scoping", "active", "retired"],
    ],
)
def test_allowed_paths_record_who_and_when(world, bob, path):
    mission = make_mission(world, "m")
    for status in path:
        mission = services.change_status(
            actor=bob, mission=mission, status=status, note=f"to {status}"
        )
    assert mission.status == path[-1]
    assert mission.status_changed_by == bob
    history = list(StatusChange.objects.filter(mission=mission).order_by("at", "id"))
    assert [h.to_status for h in history] == ["candidate", *path]
    assert all(h.by == bob for h in history[1:])


@pytest.mark.parametrize(
    ("start_path", "bad"),
    [
        ([], "active"),
        ([], "paused"),
        (["scoping", "active", "completed"], "active"),
        (["retired"], "candidate"),
        (["scoping"], "scoping"),
        ([], "completed"),
    ],
)
def test_forbidden_transitions_are_refused(world, bob, start_path, bad):
    mission = make_mission(world, "m")
    for status in start_path:
        mission = services.change_status(actor=bob, mission=mission, status=status)
    with pytest.raises(ValidationError):
        services.change_status(actor=bob, mission=mission, status=bad)
    mission.refresh_from_db()
    assert mission.status == (start_path[-1] if start_path else "candidate")


def test_status_page_offers_only_allowed_moves_and_records_the_change(world, bob, client):
    mission = make_mission(world, "m")
    client.force_login(bob)
    url = reverse("mission_status", args=[world.place.slug, mission.slug])
    page = client.get(url).content.decode()
    assert 'value="scoping"' in page and 'value="active"' not in page
    response = client.post(url, {"status": "active"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = client.post(url, {"status": "scoping", "note": "Workshop booked"})
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == "scoping"
    assert StatusChange.objects.filter(
        mission=mission, to_status="scoping", note="Workshop booked", by=bob
    ).exists()


def test_named_lead_can_change_status_without_the_lead_role(world, charlie, client):
    mission = make_mission(world, "m")
    mission.leads.add(charlie)
    client.force_login(charlie)
    response = client.post(
        reverse("mission_status", args=[world.place.slug, mission.slug]), {"status": "scoping"}
    )
    assert response.status_code == 302


def test_co_owner_members_see_and_edit_a_private_mission(world, dana, client):
    mission = make_mission(world, "m", visibility="private")
    client.force_login(dana)
    url = reverse("mission_edit", args=[world.place.slug, mission.slug])
    assert client.get(url).status_code == 404
    mission.co_owners.add(world.partner)
    assert client.get(url).status_code == 200


def test_create_form_shows_errors_and_keeps_input(world, bob, client):
    client.force_login(bob)
    response = client.post(
        reverse("mission_create", args=[world.place.slug]), {"title": "Half typed"}
    )
    page = response.content.decode()
    assert "There is a problem" in page and 'value="Half typed"' in page
    response = client.post(
        reverse("mission_create", args=[world.place.slug]),
        {
            "title": "Green streets",
            "organisation": world.council.pk,
            "statement": "s",
            "ambition": "a",
            "horizon_year": 2031,
            "visibility": "partners",
            "update_every_days": 60,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/missions/green-streets/")


def test_a_board_member_is_added_with_their_organisation_named_in_a_box(world, bob, client):
    mission = make_mission(world, "m")
    client.force_login(bob)
    url = reverse("board", args=[world.place.slug, mission.slug])
    page = client.get(url).content.decode()
    # A box to type in, not a list of every organisation in the place.
    assert 'name="organisation" type="text"' in page or 'type="text" name="organisation"' in page
    assert f">{world.partner.name}</option>" not in page
    refused = client.post(url, {"name": "Sam Seat", "role": "member", "organisation": "Nobody"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "There is a problem" in body and "No organisation in this place is called" in body
    assert not mission.board_members.exists()
    other_place = client.post(
        url, {"name": "Sam Seat", "role": "member", "organisation": world.other_org.name}
    )
    assert "No organisation in this place is called" in other_place.content.decode()
    added = client.post(
        url, {"name": "Sam Seat", "role": "member", "organisation": world.partner.name.upper()}
    )
    assert added.status_code == 302
    assert mission.board_members.get(name="Sam Seat").organisation == world.partner
    resident = client.post(url, {"name": "Ria Resident", "role": "member", "organisation": ""})
    assert resident.status_code == 302
    assert mission.board_members.get(name="Ria Resident").organisation is None
