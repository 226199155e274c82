from __future__ import annotations

from placecraft.frameworks.tests.factories import (
    ensure_frameworks,
    matrix_action,
    matrix_adaptation,
    matrix_code_survey,
    matrix_survey,
    matrix_workshop,
    shipped,
)
from placecraft.frameworks.tools import TOOLS
from placecraft.testing import Access, World, everyone, expect


def with_frameworks(world: World) -> list[object]:
    ensure_frameworks()
    return [world.place.slug]


def framework_args(world: World) -> list[object]:
    ensure_frameworks()
    return [world.place.slug, "missions-mindset"]


def shipped_version_args(world: World) -> list[object]:
    return [world.place.slug, "missions-mindset", shipped("missions-mindset").pk]


def adapted_version_args(world: World) -> list[object]:
    return [world.place.slug, "missions-mindset", matrix_adaptation(world).pk]


def workshop_args(world: World) -> list[object]:
    return [world.place.slug, matrix_workshop(world).pk]


def survey_args(world: World) -> list[object]:
    return [world.place.slug, matrix_survey(world).pk]


def action_args(world: World) -> list[object]:
    action = matrix_action(world)
    return [world.place.slug, action.exercise_id, action.pk]


def survey_link_args(world: World) -> list[object]:
    return [world.place.slug, matrix_survey(world).teams.get(label="Adults").token]


def code_entry_args(world: World) -> list[object]:
    """A team link of a survey answered with codes: it asks for a code."""
    return [world.place.slug, matrix_code_survey(world).teams.get().token]


def code_args(world: World) -> list[object]:
    return [world.place.slug, matrix_code_survey(world).codes.get().code]


# Members of organisations that may use an adaptation: only the owning organisation's.
OWN_ORGANISATION = expect(
    place_admin=404,
    council_admin=200,
    council_member=200,
    partner_member=404,
    resident=404,
    outsider=404,
    anonymous=404,
)
# Private exercise of the council: its members change it; nobody else may know it exists.
PRIVATE_CHANGE = {**OWN_ORGANISATION, "anonymous": 302}
# An exercise partners can see: they get 403 when they try to change it.
PARTNERS_SEE = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=404,
    outsider=404,
    anonymous=404,
)
PARTNERS_CHANGE = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=404,
    outsider=404,
    anonymous=302,
)
PARTNERS_DOWNLOAD = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=404,
    outsider=404,
    anonymous=404,
)
STARTERS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# Adapting needs a lead or admin: charlie is a contributor.
ADAPTERS = {**STARTERS, "council_member": 403}

ACCESS = [
    Access("framework_list", with_frameworks, everyone()),
    Access("framework_detail", framework_args, everyone()),
    Access("version_detail", shipped_version_args, everyone()),
    Access("version_detail", adapted_version_args, OWN_ORGANISATION),
    Access("version_adapt", shipped_version_args, ADAPTERS),
    Access(
        "version_adapt",
        adapted_version_args,
        {**ADAPTERS, "place_admin": 404, "partner_member": 404, "resident": 404, "outsider": 404},
    ),
    Access("exercise_create", framework_args, STARTERS),
    Access("exercise_list", with_frameworks, everyone()),
    Access("exercise_detail", workshop_args, PARTNERS_SEE),
    Access("exercise_detail", survey_args, OWN_ORGANISATION),
    Access("exercise_print", workshop_args, PARTNERS_SEE),
    Access("exercise_compare", survey_args, OWN_ORGANISATION),
    Access("exercise_compare", workshop_args, PARTNERS_SEE),
    Access("exercise_csv", survey_args, OWN_ORGANISATION),
    Access("exercise_csv", workshop_args, PARTNERS_DOWNLOAD),
    Access("exercise_edit", workshop_args, PARTNERS_CHANGE),
    Access("exercise_answers", workshop_args, PARTNERS_CHANGE),
    Access(
        "exercise_answers",
        workshop_args,
        {**PARTNERS_CHANGE, "council_admin": 302, "council_member": 302},
        method="POST",
        data=lambda w: {},
    ),
    Access("exercise_teams", survey_args, PRIVATE_CHANGE),
    Access("exercise_codes", survey_args, PRIVATE_CHANGE),
    Access(
        "exercise_codes",
        workshop_args,
        {**PARTNERS_CHANGE, "council_admin": 404, "council_member": 404},
    ),
    Access("exercise_codes_csv", survey_args, PRIVATE_CHANGE),
    Access("action_create", workshop_args, PARTNERS_CHANGE),
    Access("action_edit", action_args, PARTNERS_CHANGE),
    Access("action_list", with_frameworks, everyone()),
    Access("survey_respond", survey_link_args, everyone()),
    Access("survey_respond", code_entry_args, everyone()),
    Access("survey_respond", code_args, everyone()),
    *[Access(tool.url_name, with_frameworks, everyone()) for tool in TOOLS],
]
