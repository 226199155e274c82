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
CONFIRM = {**EDITOR_ACTIONS, "council_member": 404}

ACCESS = [
    Access("indicator_list", place_args, everyone()),
    Access("indicator_create", place_args, CREATORS),
    Access("indicator_catalogue", place_args, everyone()),
    Access("indicator_detail", indicator_args, everyone()),
    Access("indicator_detail", private_indicator_args, PRIVATE_VIEW),
    Access("indicator_edit", indicator_args, EDITORS),
    Access("indicator_import", indicator_args, EDITORS),
    Access("indicator_import_progress", pending_args, EDITORS),
    Access("indicator_import_confirm", pending_args, CONFIRM, method="POST"),
    Access("mission_indicators", mission_args, EDITORS),
    Access("mission_indicator_add", mission_args, EDITORS),
    Access("mission_indicator_edit", link_args, EDITORS),
    Access("mission_indicator_remove", link_args, EDITOR_ACTIONS, method="POST"),
]
