from __future__ import annotations

from placecraft.missions.tests.factories import invitation_args, public_args
from placecraft.testing import Page, place_args

PAGES = [
    Page("mission_list", place_args),
    Page("mission_list", place_args, user="council_admin"),
    Page("mission_create", place_args, user="council_admin"),
    Page("alignment_map", place_args),
    Page("scoping_comparison", place_args, user="council_admin"),
    Page(
        "mission_invitations",
        lambda w: (invitation_args(w), place_args(w))[1],
        user="partner_member",
    ),
    Page("mission_detail", public_args),
    Page("mission_detail", public_args, user="council_admin"),
    Page("mission_edit", public_args, user="council_admin"),
    Page("mission_status", public_args, user="council_admin"),
    Page("mission_alignment", public_args, user="council_admin"),
    Page("board", public_args, user="council_admin"),
    Page("update_list", public_args),
    Page("update_create", public_args, user="council_admin"),
]

NOT_PAGES = {
    "board_remove": "POST only: the form is on the board page",
    "mission_invitation_accept": "POST only: the form is on the invitations page",
    "mission_invitation_decline": "POST only: the form is on the invitations page",
    "mission_csv": "a CSV download",
    "mission_json": "a JSON download",
}
