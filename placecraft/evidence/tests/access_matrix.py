from __future__ import annotations

from placecraft.evidence.tests.factories import (
    indicator_args,
    link_args,
    mission_args,
    pending_args,
    private_indicator_args,
)
from placecraft.missions.tests.access_matrix import CREATORS, EDITOR_ACTIONS, EDITORS, PRIVATE_VIEW
from placecraft.testing import Access, everyone, place_args

# Only the person who uploaded a file may confirm it: charlie can edit the indicator but did not
# upload this file, so for confirming it does not exist for him. He may follow its progress,
# as any of the indicator's editors may.
CONFIRM = {**EDITOR_ACTIONS, "place_admin": 403, "council_member": 404}
# Indicators follow their own organisation: the place's admins, who may put any mission right
# (issue 23), have no more say over the council's indicators than before.
INDICATOR_EDITORS = {**EDITORS, "place_admin": 403}
INDICATOR_PRIVATE = {**PRIVATE_VIEW, "place_admin": 404}

ACCESS = [
    Access("indicator_list", place_args, everyone()),
    Access("indicator_create", place_args, CREATORS),
    Access("indicator_catalogue", place_args, everyone()),
    Access("indicator_detail", indicator_args, everyone()),
    Access("indicator_detail", private_indicator_args, INDICATOR_PRIVATE),
    Access("indicator_edit", indicator_args, INDICATOR_EDITORS),
    Access("indicator_import", indicator_args, INDICATOR_EDITORS),
    Access("indicator_import_progress", pending_args, INDICATOR_EDITORS),
    Access("indicator_import_confirm", pending_args, CONFIRM, method="POST"),
    Access("mission_indicators", mission_args, EDITORS),
    Access("mission_indicator_add", mission_args, EDITORS),
    Access("mission_indicator_edit", link_args, EDITORS),
    Access("mission_indicator_remove", link_args, EDITOR_ACTIONS, method="POST"),
]
