"""Missions cannot be taken over: who owns a mission, who co-owns it and how far it is shared
are for an admin of its owner to change (or the place's admins, who can put things right), and
an organisation becomes a co-owner only when one of its admins accepts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.api.tokens import create_token
from placecraft.core.models import AuditEvent
from placecraft.missions import models
from placecraft.missions.tests.factories import make_mission
from placecraft.notifications.models import Notification
from placecraft.places.models import Membership, Role
from placecraft.testing import make_user

pytestmark = pytest.mark.django_db


def _shared(world, dana):
    """A public mission of the council, co-owned by the authority, that dana leads."""
    mission = make_mission(world, "shared-streets", title="Shared streets")
    mission.co_owners.add(world.authority)
    mission.leads.add(dana)
    return mission


def _form(mission, **changes):
    data = {
        "title": mission.title,
        "organisation": mission.organisation_id,
        "co_owners": list(mission.co_owners.values_list("pk", flat=True)),
        "statement": mission.statement,
        "ambition": mission.ambition,
        "why_it_matters": mission.why_it_matters,
        "get_involved": mission.get_involved,
        "horizon_year": mission.horizon_year,
        "visibility": mission.visibility,
        "leads": list(mission.leads.values_list("pk", flat=True)),
        "update_every_days": mission.update_every_days,
    }
    data.update(changes)
    return data


def _api(client, user, url, payload):
    token = create_token(user=user, name="t", scope="write", organisation=None, days=30)
    return client.patch(
        url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token.secret}"
    )


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _still_the_councils(world, mission, alice, bob):
    mission.refresh_from_db()
    assert mission.organisation == world.council
    assert mission.visibility == "public"
    assert list(mission.co_owners.all()) == [world.authority]
    page = reverse("mission_detail", args=[world.place.slug, mission.slug])
    assert _as(bob).get(page).status_code == 200
    assert _as(alice).get(page).status_code == 200


def test_a_named_lead_cannot_take_a_mission_over_through_the_form(world, alice, bob, dana):
    mission = _shared(world, dana)
    url = reverse("mission_edit", args=[world.place.slug, mission.slug])
    response = _as(dana).post(
        url, _form(mission, organisation=world.partner.pk, co_owners=[], visibility="private")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = _as(dana).post(url, _form(mission, co_owners=[], visibility="private"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Only an admin of Northgate Council can change the mission&#x27;s co-owners." in page
    assert "can hide this shared mission" in page
    _still_the_councils(world, mission, alice, bob)


def test_a_co_owners_contributor_cannot_take_a_mission_over_through_the_form(world, alice, bob):
    mission = make_mission(world, "shared-streets", title="Shared streets")
    mission.co_owners.add(world.authority)
    cora = make_user("cora@example.org", "Cora Contributor")
    Membership.objects.create(user=cora, organisation=world.authority, role=Role.ADMIN)
    url = reverse("mission_edit", args=[world.place.slug, mission.slug])
    # Giving it to her own organisation is not a choice she has.
    response = _as(cora).post(url, _form(mission, organisation=world.authority.pk, co_owners=[]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = _as(cora).post(url, _form(mission, co_owners=[], visibility="private"))
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    _still_the_councils(world, mission, alice, bob)


def test_a_named_lead_cannot_take_a_mission_over_through_the_api(client, world, alice, bob, dana):
    mission = _shared(world, dana)
    url = f"/api/v1/places/{world.place.slug}/missions/{mission.slug}"
    takeover = {"owner": "helping-hands", "co_owners": [], "visibility": "private"}
    assert _api(client, dana, url, takeover).status_code == 403
    response = _api(client, dana, url, {"co_owners": [], "visibility": "private"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"co_owners", "visibility"}
    # Text still changes as before: only ownership and who may see it are guarded.
    assert _api(client, dana, url, {"title": "Shared streets for all"}).status_code == 200
    mission.refresh_from_db()
    assert mission.title == "Shared streets for all"
    _still_the_councils(world, mission, alice, bob)
    assert _api(client, bob, url, {"visibility": "private"}).status_code == 200


def test_the_owners_contributors_may_hide_a_mission_that_is_theirs_alone(client, world, charlie):
    mission = make_mission(world, "own-plan")
    url = f"/api/v1/places/{world.place.slug}/missions/{mission.slug}"
    assert _api(client, charlie, url, {"visibility": "partners"}).status_code == 200
    assert _api(client, charlie, url, {"co_owners": ["helping-hands"]}).status_code == 422


def test_a_co_owner_joins_only_when_its_admin_accepts_through_the_form(world, bob, dana):
    mission = make_mission(world, "clean-air", title="Clean air")
    edit = reverse("mission_edit", args=[world.place.slug, mission.slug])
    assert _as(bob).post(edit, _form(mission, co_owners=[world.partner.pk])).status_code == 302
    assert not mission.co_owners.exists()
    invitation = models.CoOwnerInvitation.objects.get(mission=mission, organisation=world.partner)
    assert invitation.state == "pending"
    assert Notification.objects.filter(user=dana, kind="invitation").exists()
    # Saving the form again keeps the invitation, and the edit page says who was asked.
    page = _as(bob).get(edit).content.decode()
    assert "waiting for a reply" in page and "Helping Hands" in page
    assert _as(bob).post(edit, _form(mission, co_owners=[world.partner.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "pending"

    listing = _as(dana).get(reverse("mission_invitations", args=[world.place.slug]))
    assert "Clean air" in listing.content.decode()
    args = [world.place.slug, mission.slug, invitation.pk]
    # Only the invited organisation's admins answer for it.
    assert _as(bob).post(reverse("mission_invitation_accept", args=args)).status_code == 403
    response = _as(dana).post(reverse("mission_invitation_accept", args=args))
    assert response.status_code == 302
    assert list(mission.co_owners.all()) == [world.partner]
    assert _as(dana).post(reverse("mission_invitation_accept", args=args)).status_code == 404


def test_a_co_owner_can_decline_and_is_never_added_through_the_api(client, world, bob, dana):
    mission = make_mission(world, "clean-air", title="Clean air")
    url = f"/api/v1/places/{world.place.slug}/missions/{mission.slug}"
    response = _api(client, bob, url, {"co_owners": ["helping-hands"]})
    assert response.status_code == 200
    assert response.json()["co_owners"] == []
    invitation = models.CoOwnerInvitation.objects.get(mission=mission, state="pending")
    args = [world.place.slug, mission.slug, invitation.pk]
    assert _as(dana).post(reverse("mission_invitation_decline", args=args)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "declined" and not mission.co_owners.exists()


def test_place_admins_see_and_restore_a_mission_taken_over(world, alice, bob, dana):
    # As a takeover before this fix left it: owned by the partner, private, no co-owners.
    mission = make_mission(world, "taken", title="Taken", visibility="private", owner=world.partner)
    detail = reverse("mission_detail", args=[world.place.slug, mission.slug])
    assert _as(alice).get(detail).status_code == 200
    listing = _as(alice).get(reverse("mission_list", args=[world.place.slug]))
    assert "Taken" in listing.content.decode()
    edit = reverse("mission_edit", args=[world.place.slug, mission.slug])
    response = _as(alice).post(
        edit, _form(mission, organisation=world.council.pk, visibility="public")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mission.refresh_from_db()
    assert (mission.organisation, mission.visibility) == (world.council, "public")
    assert _as(bob).get(detail).status_code == 200
    # The change is in both organisations' audit logs.
    owners = set(
        AuditEvent.objects.filter(
            object_type="mission", object_id=str(mission.pk), action="update"
        ).values_list("organisation_id", flat=True)
    )
    assert owners == {world.council.pk, world.partner.pk}


def test_handing_a_mission_on_is_recorded_for_the_old_and_new_owner(client, world, bob):
    Membership.objects.create(user=bob, organisation=world.authority, role=Role.CONTRIBUTOR)
    mission = make_mission(world, "handover")
    url = f"/api/v1/places/{world.place.slug}/missions/{mission.slug}"
    assert _api(client, bob, url, {"owner": world.authority.slug}).status_code == 200
    assert models.Mission.objects.get(pk=mission.pk).organisation == world.authority
    events = AuditEvent.objects.filter(object_id=str(mission.pk), action="update")
    assert {e.organisation_id for e in events} == {world.council.pk, world.authority.pk}
    assert all(e.changes["organisation"]["to"] == world.authority.name for e in events)
