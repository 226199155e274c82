from __future__ import annotations

from placecraft.places.models import Invitation, Membership
from placecraft.testing import Access, World, everyone, expect, place_args, signed_in


def council_args(world: World) -> list[str]:
    return [world.place.slug, world.council.slug]


def charlie_membership(world: World) -> list[object]:
    membership = Membership.objects.get(
        organisation=world.council, user=world.users["council_member"]
    )
    return [world.place.slug, world.council.slug, membership.pk]


def _invitation(world: World) -> tuple[Invitation, str]:
    def make(w: World) -> tuple[Invitation, str]:
        token = Invitation.new_token()
        invitation = Invitation.objects.create(
            organisation=w.council,
            email="erin@example.org",
            role="viewer",
            token_hash=Invitation.hash_token(token),
        )
        return invitation, token

    result: tuple[Invitation, str] = world.once("invitation", make)
    return result


def invitation_token(world: World) -> list[str]:
    return [_invitation(world)[1]]


def invitation_args(world: World) -> list[object]:
    return [world.place.slug, world.council.slug, _invitation(world)[0].pk]


# Managing an organisation: its admins and the place's admins.
MANAGERS = expect(
    place_admin=200,
    council_admin=200,
    council_member=403,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
MANAGER_ACTIONS = {**MANAGERS, "place_admin": 302, "council_admin": 302}
PLACE_ADMIN_ONLY = expect(
    place_admin=200,
    council_admin=403,
    council_member=403,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)

ACCESS = [
    Access("dashboard", lambda w: [], signed_in()),
    Access("invitation_accept", invitation_token, signed_in()),
    Access("place_settings", place_args, PLACE_ADMIN_ONLY),
    # The footer's privacy link where no place is in view lists every place's notice.
    Access("privacy", lambda w: [], everyone()),
    Access("cookies", lambda w: [], everyone()),
    Access("privacy_notice", place_args, everyone()),
    Access("privacy_notice_edit", place_args, PLACE_ADMIN_ONLY),
    Access("place_cookies", place_args, everyone()),
    Access("organisation_list", place_args, everyone()),
    Access("organisation_create", place_args, PLACE_ADMIN_ONLY),
    Access("organisation_detail", council_args, everyone()),
    Access("organisation_edit", council_args, MANAGERS),
    Access("members", council_args, MANAGERS),
    Access("member_invite", council_args, MANAGERS, method="POST", data=lambda w: {}),
    Access(
        "member_role",
        charlie_membership,
        MANAGER_ACTIONS,
        method="POST",
        data=lambda w: {"role": "lead"},
    ),
    Access("member_remove", charlie_membership, MANAGER_ACTIONS, method="POST"),
    Access("invitation_revoke", invitation_args, MANAGER_ACTIONS, method="POST"),
    Access("audit_log", council_args, MANAGERS),
    Access("audit_csv", council_args, MANAGERS),
]
