from __future__ import annotations

from placecraft.sprints.tests.factories import (
    item_args,
    member_args,
    private_args,
    public_args,
    summary_args,
)
from placecraft.testing import Access, everyone, expect, place_args

# Contributors in any organisation in the place may set up sprints.
CREATORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# The sprints are run by the council: its contributors change them.
EDITORS = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
EDITOR_ACTIONS = {**EDITORS, "council_admin": 302, "council_member": 302}
# The private sprint: only the council's members know it exists.
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
POST_DATA = {"status": "doing", "title": "Another item"}

ACCESS = [
    Access("sprint_list", place_args, everyone()),
    Access("sprint_create", place_args, CREATORS),
    Access("sprint_detail", public_args, everyone()),
    Access("sprint_detail", private_args, PRIVATE_VIEW),
    Access("sprint_edit", public_args, EDITORS),
    Access("sprint_edit", private_args, PRIVATE_EDIT),
    Access("sprint_team", public_args, EDITORS),
    Access("sprint_team", private_args, PRIVATE_EDIT),
    Access("team_member_remove", member_args, EDITOR_ACTIONS, method="POST"),
    Access("sprint_board", public_args, everyone()),
    Access("sprint_board", private_args, PRIVATE_VIEW),
    Access("work_item_add", public_args, EDITOR_ACTIONS, method="POST", data=lambda w: POST_DATA),
    Access("work_item_move", item_args, EDITOR_ACTIONS, method="POST", data=lambda w: POST_DATA),
    Access("sprint_check_ins", public_args, everyone()),
    Access("sprint_check_ins", private_args, PRIVATE_VIEW),
    Access("sprint_health", public_args, everyone()),
    Access("sprint_health", private_args, PRIVATE_VIEW),
    Access("sprint_health_start", public_args, EDITOR_ACTIONS, method="POST"),
    Access("sprint_retrospective", public_args, EDITORS),
    Access("learning_create", public_args, EDITORS),
    Access("learning_create", private_args, PRIVATE_EDIT),
    Access("sprint_summary", public_args, everyone()),
    Access("sprint_summary", private_args, PRIVATE_VIEW),
    # A published summary is public even when the sprint's working pages are not.
    Access("sprint_summary", summary_args, everyone()),
    Access("learning_list", place_args, everyone()),
    # The API reads with a token or anonymously (signed-in sessions do not count there).
    Access("api:list_sprints", place_args, everyone()),
    Access("api:get_sprint", public_args, everyone()),
    Access("api:get_sprint", private_args, everyone(404)),
    Access("api:list_learning", place_args, everyone()),
]
