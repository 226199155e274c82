from __future__ import annotations

from placecraft.partners.tests.factories import (
    commitment_args,
    contract_args,
    funding_args,
    grant_args,
    map_args,
    mission_args,
    partner_args,
)
from placecraft.testing import Page, place_args

PAGES = [
    Page("partner_list", place_args),
    Page("partner_detail", partner_args, user="partner_member"),
    Page("partner_detail", partner_args),
    Page("partner_edit", partner_args, user="partner_member"),
    Page("contact_add", partner_args, user="partner_member"),
    Page("pool_data", partner_args, user="partner_member"),
    Page("commitment_list", place_args, user="council_member"),
    Page("commitment_create", place_args, user="partner_member"),
    Page("commitment_detail", commitment_args, user="partner_member"),
    Page("commitment_edit", commitment_args, user="partner_member"),
    Page("commitment_update", commitment_args, user="partner_member"),
    Page("funding_list", place_args, user="council_member"),
    Page("funding_create", place_args, user="council_admin"),
    Page("funding_edit", funding_args, user="council_admin"),
    Page("mission_funding", mission_args),
    Page("grant_list", place_args, user="council_admin"),
    Page("grant_import", place_args, user="council_admin"),
    Page("grant_rules", place_args, user="council_admin"),
    Page("grant_detail", grant_args, user="council_admin"),
    Page("grant_missions", grant_args, user="council_admin"),
    Page("contract_list", place_args, user="council_admin"),
    Page("contract_import", place_args, user="council_admin"),
    Page("contract_detail", contract_args, user="council_admin"),
    Page("contract_missions", contract_args, user="council_admin"),
    Page("contract_social_value", contract_args, user="council_admin"),
    Page("system_map", map_args),
    Page("system_map", map_args, user="partner_member", query="?kind=vcse"),
]

NOT_PAGES = {
    "contact_remove": "POST only: the button is on the profile page",
    "action_plan_start": "POST only: the button is on the partner page",
    "grant_rule_delete": "POST only: the button is on the rules page",
    "grant_export": "a 360Giving JSON download",
    "system_map_kumu": "a Kumu JSON download",
    "system_map_nodes": "a CSV download",
    "system_map_edges": "a CSV download",
    "api:list_partners": "JSON API",
    "api:get_partner": "JSON API",
    "api:list_commitments": "JSON API",
    "api:create_commitment": "JSON API",
    "api:get_commitment": "JSON API",
    "api:update_commitment": "JSON API",
    "api:post_update": "JSON API",
}
