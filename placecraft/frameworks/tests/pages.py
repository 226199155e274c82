from __future__ import annotations

from placecraft.frameworks.tests.access_matrix import (
    action_args,
    adapted_version_args,
    code_args,
    code_entry_args,
    framework_args,
    shipped_version_args,
    survey_args,
    survey_link_args,
    with_frameworks,
    workshop_args,
)
from placecraft.frameworks.tools import TOOLS
from placecraft.testing import Page

PAGES = [
    Page("framework_list", with_frameworks, user="council_admin"),
    Page("framework_detail", framework_args),
    Page("version_detail", adapted_version_args, user="council_admin"),
    Page("version_adapt", shipped_version_args, user="council_admin"),
    Page("exercise_create", framework_args, user="council_member"),
    Page("exercise_list", with_frameworks, user="council_member"),
    Page("exercise_detail", survey_args, user="council_admin"),
    Page("exercise_detail", workshop_args, user="partner_member"),
    Page("exercise_print", survey_args, user="council_admin"),
    Page("exercise_compare", survey_args, user="council_admin"),
    Page("exercise_edit", workshop_args, user="council_admin"),
    Page("exercise_edit", survey_args, user="council_admin"),
    Page("exercise_answers", workshop_args, user="council_member"),
    Page("exercise_teams", survey_args, user="council_admin"),
    Page("exercise_codes", survey_args, user="council_admin"),
    Page("action_create", workshop_args, user="council_admin"),
    Page("action_edit", action_args, user="council_admin"),
    Page("action_list", with_frameworks, user="council_member"),
    Page("survey_respond", survey_link_args),
    Page("survey_respond", code_entry_args),
    Page("survey_respond", code_args),
    *[Page(tool.url_name, with_frameworks) for tool in TOOLS],
]

NOT_PAGES = {
    "exercise_csv": "a CSV download",
    "exercise_codes_csv": "a CSV download",
}
