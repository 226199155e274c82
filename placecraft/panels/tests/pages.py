from __future__ import annotations

from placecraft.panels.tests.factories import panel_args, selection_args
from placecraft.testing import Page, place_args

PAGES = [
    Page("panel_list", place_args),
    Page("panel_create", place_args, user="council_admin"),
    Page("population", place_args, user="place_admin"),
    Page("panel_detail", panel_args),
    Page("panel_detail", panel_args, user="council_member"),
    Page("panel_register", panel_args),
    Page("panel_edit", panel_args, user="council_admin"),
    Page("panel_quotas", panel_args, user="council_admin"),
    Page("panel_select", panel_args, user="council_admin"),
    Page("panel_replace", panel_args, user="council_admin"),
    Page("panel_seed", panel_args, user="council_admin"),
    Page("panel_pool", panel_args, user="council_admin"),
    Page("selection_detail", selection_args),
]
NOT_PAGES = {
    "api:panels_get_panel": "JSON API (the transparency data)",
    "panel_published_file": "CSV and JSON downloads for checking the lottery",
}
