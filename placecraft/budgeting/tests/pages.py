from __future__ import annotations

from placecraft.budgeting.tests.access_matrix import (
    closed_args,
    draft_args,
    draft_project_args,
    open_args,
    open_project_args,
)
from placecraft.testing import Page, place_args

PAGES = [
    Page("pb_round_list", place_args),
    Page("pb_round_create", place_args, user="council_admin"),
    Page("pb_round_detail", open_args),
    Page("pb_round_detail", open_args, user="council_admin"),
    Page("pb_round_detail", closed_args),
    Page("pb_round_edit", open_args, user="council_admin"),
    Page("pb_round_phase", open_args, user="council_admin"),
    Page("pb_project_create", draft_args, user="council_member"),
    Page("pb_project_detail", open_project_args),
    Page("pb_project_edit", draft_project_args, user="council_member"),
    Page("pb_vote", open_args, user="resident"),
    Page("pb_vote_code", open_args),
    Page("pb_vote_done", open_args),
    Page("pb_codes", open_args, user="council_admin"),
    Page("pb_paper", open_args, user="council_member"),
    Page("pb_count_progress", closed_args),
    Page("pb_results", closed_args),
    Page("pb_results", open_args),
    Page("pb_how_we_counted", closed_args),
]

NOT_PAGES = {
    "pb_projects_csv": "a CSV download",
    "pb_round_json": "a JSON download",
    "pb_ballots_pabulib": "a pabulib (.pb) download",
    "pb_paper_check": "POST only: the buttons are on the paper ballots page",
    "pb_recount": "POST only: the button is on the count's page",
    "api:pb_list_rounds": "JSON API",
    "api:pb_get_round": "JSON API",
    "api:pb_list_projects": "JSON API",
    "api:pb_get_results": "JSON API",
}
