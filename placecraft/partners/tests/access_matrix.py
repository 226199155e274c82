"""Every partners URL × every named user. dana is admin of the VCSE Helping Hands (the partner);
bob and charlie are the council's admin and contributor; alice is the place admin (and admin of
the authority); erin a resident; oscar an admin in another place."""

from __future__ import annotations

from placecraft.partners.tests.factories import (
    commitment_args,
    contact_args,
    contract_args,
    funding_args,
    grant_args,
    map_args,
    mission_args,
    partner_args,
    private_commitment_args,
    private_mission_args,
    rule_args,
)
from placecraft.testing import Access, everyone, expect, place_args

# The partner's admins (and the place's admins) manage its profile.
PARTNER_MANAGERS = expect(
    place_admin=200,
    council_admin=403,
    council_member=403,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
PARTNER_MANAGER_ACTIONS = {**PARTNER_MANAGERS, "place_admin": 302, "partner_member": 302}
# Acting for the partner (commitments, action plans, pooled data): its own contributors only.
PARTNER_CONTRIBUTORS = expect(
    place_admin=403,
    council_admin=403,
    council_member=403,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# Anyone contributing to an organisation in the place.
CONTRIBUTORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# Content the council owns (funding lines, grants, contracts it imported).
COUNCIL_EDITORS = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
# A commitment that only Helping Hands' members may know exists.
PRIVATE_COMMITMENT = expect(
    place_admin=404,
    council_admin=404,
    council_member=404,
    partner_member=200,
    resident=404,
    outsider=404,
    anonymous=404,
)

ACCESS = [
    Access("partner_list", place_args, everyone()),
    Access("partner_detail", partner_args, everyone()),
    Access("partner_edit", partner_args, PARTNER_MANAGERS),
    Access("contact_add", partner_args, PARTNER_MANAGERS),
    Access("contact_remove", contact_args, PARTNER_MANAGER_ACTIONS, method="POST"),
    Access(
        "action_plan_start",
        partner_args,
        {**PARTNER_CONTRIBUTORS, "partner_member": 302},
        method="POST",
    ),
    Access("pool_data", partner_args, PARTNER_CONTRIBUTORS),
    Access("commitment_list", place_args, everyone()),
    Access("commitment_create", place_args, CONTRIBUTORS),
    Access("commitment_detail", commitment_args, everyone()),
    Access("commitment_detail", private_commitment_args, PRIVATE_COMMITMENT),
    Access("commitment_edit", commitment_args, PARTNER_CONTRIBUTORS),
    Access("commitment_edit", private_commitment_args, {**PRIVATE_COMMITMENT, "anonymous": 302}),
    Access("commitment_update", commitment_args, PARTNER_CONTRIBUTORS),
    Access(
        "commitment_update",
        commitment_args,
        {**PARTNER_CONTRIBUTORS, "partner_member": 200},
        method="POST",
        data=lambda w: {"on": "", "status": "active", "progress": ""},
    ),
    Access("funding_list", place_args, everyone()),
    Access("funding_create", place_args, CONTRIBUTORS),
    Access("funding_edit", funding_args, COUNCIL_EDITORS),
    Access("mission_funding", mission_args, everyone()),
    Access(
        "mission_funding",
        private_mission_args,
        # The place's admins see every mission in their place (issue 23).
        expect(
            place_admin=200,
            council_admin=200,
            council_member=200,
            partner_member=404,
            resident=404,
            outsider=404,
            anonymous=404,
        ),
    ),
    Access("grant_list", place_args, everyone()),
    Access("grant_import", place_args, CONTRIBUTORS),
    Access("grant_rules", place_args, CONTRIBUTORS),
    Access(
        "grant_rule_delete",
        rule_args,
        expect(
            place_admin=404,
            council_admin=302,
            council_member=302,
            partner_member=404,
            resident=403,
            outsider=403,
            anonymous=302,
        ),
        method="POST",
    ),
    Access("grant_export", place_args, everyone()),
    Access("grant_detail", grant_args, everyone()),
    Access("grant_missions", grant_args, COUNCIL_EDITORS),
    Access("contract_list", place_args, everyone()),
    Access("contract_import", place_args, CONTRIBUTORS),
    Access("contract_detail", contract_args, everyone()),
    Access("contract_missions", contract_args, COUNCIL_EDITORS),
    Access("contract_social_value", contract_args, COUNCIL_EDITORS),
    Access("system_map", map_args, everyone()),
    Access("system_map_kumu", map_args, everyone()),
    Access("system_map_nodes", map_args, everyone()),
    Access("system_map_edges", map_args, everyone()),
    # The API (its writes are tested with tokens in test_api.py). A GET on the create and
    # update endpoints' shared paths is the list or the read.
    Access("api:list_partners", place_args, everyone()),
    Access("api:get_partner", partner_args, everyone()),
    Access("api:list_commitments", place_args, everyone()),
    Access("api:create_commitment", place_args, everyone()),
    Access("api:get_commitment", commitment_args, everyone()),
    # The API reads a token, not the session: without one, everyone is anonymous.
    Access("api:get_commitment", private_commitment_args, everyone(404)),
    Access("api:update_commitment", commitment_args, everyone()),
    Access("api:post_update", commitment_args, everyone(405)),
]
