from __future__ import annotations

from placecraft.community.tests import factories as f
from placecraft.testing import Access, everyone, expect, place_args, signed_in

# Contributors in any organisation in the place may start processes, forums and programmes.
CREATORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# The council owns the fixtures: its contributors organise and moderate them.
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
# erin's application: erin and the programme's organisers know it exists; nobody else does.
APPLICATION = expect(
    place_admin=404,
    council_admin=200,
    council_member=200,
    partner_member=404,
    resident=200,
    outsider=404,
    anonymous=404,
)
ASSESS = {**APPLICATION, "resident": 403, "anonymous": 302}
REPORT = {**APPLICATION, "anonymous": 302}
HIDE = {"reason": "Off topic"}

ACCESS = [
    Access("process_list", place_args, everyone()),
    Access("process_create", place_args, CREATORS),
    Access("process_detail", f.process_args, everyone()),
    Access("process_detail", f.private_process_args, PRIVATE_VIEW),
    Access("process_edit", f.process_args, EDITORS),
    Access("process_edit", f.private_process_args, PRIVATE_EDIT),
    Access("phase_add", f.process_args, EDITORS),
    Access("idea_create", f.process_args, signed_in()),
    Access("idea_create", f.private_process_args, PRIVATE_EDIT),
    Access("idea_detail", f.idea_args, everyone()),
    Access("idea_detail", f.private_idea_args, PRIVATE_VIEW),
    Access("idea_support", f.idea_args, everyone(302), method="POST"),
    Access(
        "idea_support",
        f.private_idea_args,
        {**PRIVATE_EDIT, "council_admin": 302, "council_member": 302},
        method="POST",
    ),
    Access(
        "idea_comment",
        f.idea_args,
        everyone(302),
        method="POST",
        data=lambda w: {"body": "Good idea"},
    ),
    Access(
        "idea_report", f.idea_args, everyone(302), method="POST", data=lambda w: {"reason": "Spam"}
    ),
    Access("idea_hide", f.idea_args, EDITOR_ACTIONS, method="POST", data=lambda w: HIDE),
    Access("comment_hide", f.comment_args, EDITOR_ACTIONS, method="POST", data=lambda w: HIDE),
    Access("idea_block_author", f.idea_args, EDITOR_ACTIONS, method="POST", data=lambda w: HIDE),
    Access("idea_respond", f.idea_args, EDITORS),
    Access("idea_respond", f.private_idea_args, PRIVATE_EDIT),
    Access("idea_to_project", f.idea_args, EDITORS),
    Access("idea_to_sprint", f.idea_args, EDITORS),
    Access("moderation", place_args, CREATORS),
    Access(
        "feedback_moderate",
        f.feedback_args,
        # Feedback on a mission's update is moderated by the mission's editors, who include
        # the place's admins (issue 23).
        {**EDITOR_ACTIONS, "place_admin": 302},
        method="POST",
        data=lambda w: {"decision": "publish"},
    ),
    Access("feedback_create", f.update_args, signed_in()),
    Access("accountability", f.mission_args, everyone()),
    # The place's admins see every mission in their place (issue 23).
    Access("accountability", f.private_mission_args, {**PRIVATE_VIEW, "place_admin": 200}),
    Access("representation", place_args, everyone()),
    Access("forum_list", place_args, everyone()),
    Access("forum_create", place_args, CREATORS),
    Access("forum_detail", f.forum_args, everyone()),
    Access("forum_edit", f.forum_args, EDITORS),
    Access("session_create", f.forum_args, EDITORS),
    Access("session_edit", f.session_args, EDITORS),
    Access("evidence_add", f.session_args, EDITORS),
    Access("recommendation_create", f.forum_args, EDITORS),
    Access("recommendation_respond", f.recommendation_args, EDITORS),
    Access("question_ask", f.forum_args, signed_in(), method="POST"),
    Access("question_answer", f.question_args, EDITORS),
    Access("programme_list", place_args, everyone()),
    Access("programme_create", place_args, CREATORS),
    Access("programme_detail", f.programme_args, everyone()),
    Access("programme_360", f.programme_args, everyone()),
    Access("application_create", f.programme_args, signed_in()),
    Access("application_detail", f.application_args, APPLICATION),
    Access("application_assess", f.application_args, ASSESS),
    Access("grant_report_create", f.application_args, REPORT),
    Access("api:community_list_ideas", place_args, everyone()),
    Access("api:community_get_idea", f.idea_args, everyone()),
    Access("api:community_get_idea", f.private_idea_args, everyone(404)),
    Access("api:community_list_recommendations", place_args, everyone()),
]
