from __future__ import annotations

from placecraft.panels.tests.factories import (
    panel_args,
    private_panel_args,
    private_published_args,
    published_args,
    selection_args,
)
from placecraft.testing import Access, everyone, expect, place_args

CREATORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# The panel is the council's: its contributors organise it.
EDITORS = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
PRIVATE_VIEW = expect(
    place_admin=404,
    council_admin=200,
    council_member=200,
    partner_member=404,
    resident=404,
    outsider=404,
    anonymous=404,
)
PRIVATE_EDIT = {**PRIVATE_VIEW, "anonymous": 302}
PLACE_ADMIN_ONLY = expect(
    place_admin=200,
    council_admin=403,
    council_member=403,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)

ACCESS = [
    Access("panel_list", place_args, everyone()),
    Access("panel_create", place_args, CREATORS),
    Access("population", place_args, PLACE_ADMIN_ONLY),
    Access("panel_detail", panel_args, everyone()),
    Access("panel_detail", private_panel_args, PRIVATE_VIEW),
    Access("panel_register", panel_args, everyone()),
    Access("panel_register", private_panel_args, PRIVATE_VIEW),
    Access("panel_edit", panel_args, EDITORS),
    Access("panel_edit", private_panel_args, PRIVATE_EDIT),
    Access("panel_quotas", panel_args, EDITORS),
    Access("panel_select", panel_args, EDITORS),
    Access("panel_select", private_panel_args, PRIVATE_EDIT),
    Access("panel_replace", panel_args, EDITORS),
    Access("panel_seed", panel_args, EDITORS),
    Access("panel_seed", private_panel_args, PRIVATE_EDIT),
    Access("panel_pool", panel_args, EDITORS),
    Access("panel_pool", private_panel_args, PRIVATE_EDIT),
    Access("selection_detail", selection_args, everyone()),
    Access("panel_published_file", published_args, everyone()),
    # Not drawn: nothing is published (and a private panel is not there at all).
    Access("panel_published_file", private_published_args, everyone(404)),
    Access("api:panels_get_panel", panel_args, everyone()),
    Access("api:panels_get_panel", private_panel_args, everyone(404)),
]
