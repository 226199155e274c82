from __future__ import annotations

from datetime import date

from placecraft.impact.tests.access_matrix import (
    board_pack_job,
    council_org_args,
    partners_risk,
    private_learning,
)
from placecraft.impact.tests.factories import make_workshop
from placecraft.testing import Page, World, place_args


def journey_with_round(world: World) -> list[str]:
    world.once(
        "journey-round",
        lambda w: make_workshop(
            w,
            {"risk": ("exploring", "embedding"), "culture": ("experimenting", "embedding")},
            "2025",
            date(2025, 3, 1),
        ),
    )
    return council_org_args(world)


PAGES = [
    Page("journey_index", place_args, user="council_admin"),
    Page("journey_detail", journey_with_round, user="council_admin"),
    Page("journey_start", council_org_args, user="council_admin"),
    Page("risk_list", place_args, user="council_admin"),
    Page("risk_create", place_args, user="council_admin"),
    Page("risk_detail", partners_risk, user="council_admin"),
    Page("risk_edit", partners_risk, user="council_admin"),
    Page("learning_log", place_args, user="council_admin"),
    Page("learning_log_create", place_args, user="council_admin"),
    Page("learning_entry", private_learning, user="council_admin"),
    Page("resource_library", place_args),
    Page("resource_create", place_args, user="council_admin"),
    Page("portfolio", place_args, user="council_admin"),
    Page("board_pack", place_args, user="council_admin"),
    Page("board_pack_job", board_pack_job, user="council_admin"),
    Page("board_pack_print", board_pack_job, user="council_admin"),
    Page("state_of_missions", place_args),
]

NOT_PAGES = {
    "risk_review": "POST only: the form is on the risk's page",
    "board_pack_download": "a PDF download",
    "api:list_risks": "JSON API",
    "api:get_risk": "JSON API",
    "api:list_learning_log": "JSON API",
    "api:get_learning_log_entry": "JSON API",
}
