from __future__ import annotations

from placecraft.places.tests.access_matrix import council_args, invitation_token
from placecraft.testing import Page, no_args, place_args

PAGES = [
    Page("dashboard", lambda w: [], user="council_admin"),
    Page("dashboard", lambda w: [], user="resident"),
    Page("invitation_accept", invitation_token, user="resident"),
    Page("place_settings", place_args, user="place_admin"),
    Page("organisation_list", place_args),
    Page("organisation_create", place_args, user="place_admin"),
    Page("organisation_detail", council_args, user="council_admin"),
    Page("organisation_edit", council_args, user="council_admin"),
    Page("members", council_args, user="council_admin"),
    Page("audit_log", council_args, user="council_admin"),
    Page("privacy", no_args),
    Page("cookies", no_args, user="resident"),
    Page("privacy_notice", place_args),
    Page("privacy_notice", place_args, user="place_admin"),
    Page("privacy_notice_edit", place_args, user="place_admin"),
    Page("place_cookies", place_args),
]

NOT_PAGES = {
    "member_invite": "POST only: the form is on the members page",
    "member_role": "POST only: the form is on the members page",
    "member_remove": "POST only: the form is on the members page",
    "invitation_revoke": "POST only: the form is on the members page",
    "audit_csv": "a CSV download",
}
