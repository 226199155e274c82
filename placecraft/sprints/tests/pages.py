from __future__ import annotations

from placecraft.sprints.tests.factories import public_args, summary_args
from placecraft.testing import Page, place_args

PAGES = [
    Page("sprint_list", place_args),
    Page("sprint_list", place_args, user="council_admin"),
    Page("sprint_create", place_args, user="council_member"),
    Page("sprint_detail", public_args),
    Page("sprint_detail", public_args, user="council_member"),
    Page("sprint_edit", public_args, user="council_member"),
    Page("sprint_team", public_args, user="council_member"),
    Page("sprint_board", public_args, user="council_member"),
    Page("sprint_check_ins", public_args, user="council_member"),
    Page("sprint_health", public_args, user="council_member"),
    Page("sprint_retrospective", public_args, user="council_member"),
    Page("learning_create", public_args, user="council_member"),
    Page("sprint_summary", public_args),
    Page("sprint_summary", summary_args),
    Page("learning_list", place_args, user="partner_member"),
]

NOT_PAGES = {
    "team_member_remove": "POST only: the form is on the team page",
    "work_item_add": "POST only: the form is on the board",
    "work_item_move": "POST only: the buttons are on the board",
    "sprint_health_start": "POST only: the button is on the health check page",
    "api:list_sprints": "JSON",
    "api:get_sprint": "JSON",
    "api:list_learning": "JSON",
}
