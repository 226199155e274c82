"""Organisation admins invite people and manage roles; bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from placecraft.core.models import AuditEvent
from placecraft.places.models import Invitation, Membership, Role


def members_url(world, name="member_invite", *extra):
    return reverse(name, args=[world.place.slug, world.council.slug, *extra])


def invite(client, world, email, role="contributor"):
    return client.post(members_url(world), {"email": email, "role": role})


def test_admin_invites_by_email_and_the_link_makes_a_member(
    client, world, bob, erin, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world, "Erin@Example.org", "lead")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erin@example.org"]
    link = next(word for word in message.body.split() if "/invitations/" in word)
    invitation = Invitation.objects.get()
    # Only a hash of the token is stored: the link's token is not in the database.
    assert link.rsplit("/", 2)[-2] not in invitation.token_hash

    client.force_login(erin)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    page = client.get(path)
    assert b"Join Northgate Council" in page.content
    response = client.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(user=erin)
    assert membership.role == Role.LEAD
    assert AuditEvent.objects.filter(action="join", organisation=world.council).exists()
    # The link works once.
    again = client.post(path)
    assert b"expired or has already been used" in again.content
    assert Membership.objects.filter(user=erin).count() == 1


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Enter the email address of the person to invite"),
        ("not-an-email", "Enter an email address in the correct format"),
        ("bob@", "Enter an email address in the correct format"),
    ],
)
def test_malformed_email_is_refused_with_an_error_summary(client, world, bob, email, message):
    client.force_login(bob)
    response = invite(client, world, email)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message.encode() in response.content
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_duplicate_invitation_is_refused(client, world, bob):
    client.force_login(bob)
    assert invite(client, world, "new@example.org").status_code == 302
    response = invite(client, world, "NEW@example.org")
    assert b"already has an invitation" in response.content
    assert Invitation.objects.count() == 1


def test_inviting_an_existing_member_is_refused(client, world, bob):
    client.force_login(bob)
    response = invite(client, world, "charlie@example.org")
    assert b"already a member" in response.content
    assert not Invitation.objects.exists()


def test_an_invitation_for_someone_else_cannot_be_accepted(client, world, erin, dana):
    token = Invitation.new_token()
    Invitation.objects.create(
        organisation=world.council,
        email=erin.email,
        role="viewer",
        token_hash=Invitation.hash_token(token),
    )
    client.force_login(dana)
    response = client.post(reverse("invitation_accept", args=[token]))
    assert b"was sent to erin@example.org" in response.content
    assert not Membership.objects.filter(user=dana, organisation=world.council).exists()


def test_expired_and_unknown_invitations(client, world, erin):
    token = Invitation.new_token()
    Invitation.objects.create(
        organisation=world.council,
        email=erin.email,
        role="viewer",
        token_hash=Invitation.hash_token(token),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(erin)
    response = client.post(reverse("invitation_accept", args=[token]))
    assert b"expired" in response.content
    assert not Membership.objects.filter(user=erin).exists()
    assert client.get(reverse("invitation_accept", args=["nonsense"])).status_code == 404


def test_revoked_invitation_no_longer_works(client, world, bob, erin):
    client.force_login(bob)
    invite(client, world, erin.email)
    invitation = Invitation.objects.get()
    client.post(members_url(world, "invitation_revoke", invitation.pk))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not invitation.is_open


def test_role_change_is_recorded(client, world, bob, charlie):
    client.force_login(bob)
    membership = Membership.objects.get(user=charlie)
    client.post(members_url(world, "member_role", membership.pk), {"role": "lead"})
    membership.refresh_from_db()
    assert membership.role == Role.LEAD
    event = AuditEvent.objects.get(action="role")
    assert event.actor == bob
    assert event.changes == {"role": {"from": "contributor", "to": "lead"}}


def test_the_last_admin_cannot_be_demoted_or_removed(client, world, bob):
    client.force_login(bob)
    own = Membership.objects.get(user=bob)
    response = client.post(
        members_url(world, "member_role", own.pk), {"role": "viewer"}, follow=True
    )
    assert b"the only admin of Northgate Council" in response.content
    own.refresh_from_db()
    assert own.role == Role.ADMIN
    response = client.post(members_url(world, "member_remove", own.pk), follow=True)
    assert b"the only admin" in response.content
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not AuditEvent.objects.filter(action__in=["role", "remove"]).exists()


def test_an_admin_can_step_down_once_there_is_another(client, world, bob, charlie):
    client.force_login(bob)
    other = Membership.objects.get(user=charlie)
    client.post(members_url(world, "member_role", other.pk), {"role": "admin"})
    own = Membership.objects.get(user=bob)
    client.post(members_url(world, "member_role", own.pk), {"role": "viewer"})
    own.refresh_from_db()
    assert own.role == Role.VIEWER


def test_unknown_role_is_refused(client, world, bob, charlie):
    client.force_login(bob)
    membership = Membership.objects.get(user=charlie)
    response = client.post(
        members_url(world, "member_role", membership.pk), {"role": "emperor"}, follow=True
    )
    assert b"Choose a role" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR


def test_a_membership_of_another_organisation_is_not_found(client, world, bob, dana):
    client.force_login(bob)
    partner_membership = Membership.objects.get(user=dana)
    response = client.post(members_url(world, "member_remove", partner_membership.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=partner_membership.pk).exists()


def test_members_page_query_count_does_not_grow(client, world, bob):
    from placecraft.testing import assert_max_queries, make_user

    client.force_login(bob)
    url = reverse("members", args=[world.place.slug, world.council.slug])
    small = assert_max_queries(client, url, 15)
    for n in range(20):
        Membership.objects.create(
            user=make_user(f"p{n}@example.org", f"P {n}"), organisation=world.council
        )
    assert assert_max_queries(client, url, 15) == small


def test_members_are_listed_a_page_at_a_time(client, world, bob):
    from placecraft.places.views import MEMBERS_PER_PAGE
    from placecraft.testing import make_user

    for n in range(MEMBERS_PER_PAGE + 5):
        Membership.objects.create(
            user=make_user(f"zz{n:02}@example.org", f"Z {n}"), organisation=world.council
        )
    total = Membership.objects.filter(organisation=world.council).count()
    client.force_login(bob)
    url = reverse("members", args=[world.place.slug, world.council.slug])

    first = client.get(url).content.decode()
    assert f"{total} members" in first and "Page 1 of 2" in first
    assert first.count('id="role-') == MEMBERS_PER_PAGE
    assert "zz29@example.org" not in first and 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('id="role-') == total - MEMBERS_PER_PAGE
    assert "zz29@example.org" in second and 'rel="prev"' in second
