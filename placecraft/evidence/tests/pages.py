from __future__ import annotations

from placecraft.evidence.tests.factories import (
    indicator_args,
    link_args,
    mission_args,
    pending_args,
    rejected_args,
)
from placecraft.testing import Page, place_args

PAGES = [
    Page("indicator_list", place_args),
    Page("indicator_create", place_args, user="council_admin"),
    Page("indicator_create", place_args, user="council_admin", query="?from=fuel-poverty"),
    Page("indicator_catalogue", place_args),
    Page("indicator_detail", indicator_args),
    Page("indicator_edit", indicator_args, user="council_admin"),
    Page("indicator_import", indicator_args, user="council_admin"),
    Page("indicator_import_progress", pending_args, user="council_admin"),
    Page("indicator_import_progress", pending_args, user="council_member"),
    Page("indicator_import_progress", rejected_args, user="council_admin"),
    Page("mission_indicators", mission_args, user="council_admin"),
    Page("mission_indicator_add", mission_args, user="council_admin"),
    Page("mission_indicator_edit", link_args, user="council_admin"),
]

NOT_PAGES = {
    "indicator_import_confirm": "POST only: the button is on the import's progress page",
    "mission_indicator_remove": "POST only: the button is on the mission's indicators page",
}
