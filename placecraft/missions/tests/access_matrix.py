from __future__ import annotations

from placecraft.missions.tests.factories import (
    board_member_args,
    invitation_args,
    private_args,
    public_args,
)
from placecraft.testing import Access, everyone, expect, place_args

# Contributors in any organisation in the place may add missions.
CREATORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# The public mission is owned by the council: its contributors may change it, and the place's
# admins, who put right a mission taken over.
EDITORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
EDITOR_ACTIONS = {**EDITORS, "place_admin": 302, "council_admin": 302, "council_member": 302}
# Invitations to co-own the private mission are answered by the invited partner's admin (dana);
# people who know of the mission or the invitation but may not answer get 403, the rest 404.
ANSWER = expect(
    place_admin=403,
    council_admin=403,
    council_member=403,
    partner_member=302,
    resident=404,
    outsider=404,
    anonymous=302,
)
# Status changes need the lead role (or being a named lead): charlie is only a contributor.
STATUS = {**EDITORS, "place_admin": 403, "council_member": 403}
# The private mission: only the council's members and the place's admins know it exists.
PRIVATE_VIEW = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=404,
    resident=404,
    outsider=404,
    anonymous=404,
)
PRIVATE_EDIT = {**PRIVATE_VIEW, "anonymous": 302}

ACCESS = [
    Access("mission_list", place_args, everyone()),
    Access("mission_create", place_args, CREATORS),
    Access("alignment_map", place_args, everyone()),
    # For people working in the place: residents and other places' people are refused.
    Access(
        "scoping_comparison",
        place_args,
        expect(
            place_admin=200,
            council_admin=200,
            council_member=200,
            partner_member=200,
            resident=403,
            outsider=403,
            anonymous=302,
        ),
    ),
    Access(
        "mission_invitations",
        place_args,
        expect(
            place_admin=200,
            council_admin=200,
            council_member=200,
            partner_member=200,
            resident=403,
            outsider=403,
            anonymous=302,
        ),
    ),
    Access("mission_invitation_accept", invitation_args, ANSWER, method="POST"),
    Access("mission_invitation_decline", invitation_args, ANSWER, method="POST"),
    Access("mission_detail", public_args, everyone()),
    Access("mission_detail", private_args, PRIVATE_VIEW),
    Access("mission_edit", public_args, EDITORS),
    Access("mission_edit", private_args, PRIVATE_EDIT),
    Access("mission_status", public_args, STATUS),
    Access("mission_alignment", public_args, EDITORS),
    Access("board", public_args, EDITORS),
    Access("board_remove", board_member_args, EDITOR_ACTIONS, method="POST"),
    Access("update_list", public_args, everyone()),
    Access("update_list", private_args, PRIVATE_VIEW),
    Access("update_create", public_args, EDITORS),
    Access("update_create", private_args, PRIVATE_EDIT),
    Access("mission_csv", public_args, everyone()),
    Access("mission_json", public_args, everyone()),
    # Downloads are the public page's data: a private mission has none, even for its owners.
    Access("mission_json", private_args, everyone(404)),
]
