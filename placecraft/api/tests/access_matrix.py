"""The API's own URLs, and the missions and indicators endpoints, as the pages' matrix sees them:
with a browser session and no token, every named user reads as the public does. Tokens are
tested operation by operation in test_api_access_matrix.py."""

from __future__ import annotations

from typing import Any

from placecraft.evidence.tests.factories import indicator_args, private_indicator_args
from placecraft.missions.tests.factories import private_args, public_args, public_mission
from placecraft.testing import Access, World, everyone, no_args, place_args


def update_args(world: World) -> list[Any]:
    mission = public_mission(world)
    return [world.place.slug, mission.slug, mission.updates.first().pk]  # type: ignore[union-attr]


ACCESS = [
    Access("api:api-root", no_args, everyone(404)),
    Access("api:openapi-json", no_args, everyone()),
    Access("api:openapi-view", no_args, everyone()),
    Access("api:list_places", no_args, everyone()),
    Access("api:get_place", lambda w: [w.place.slug], everyone()),
    Access("api:list_organisations", lambda w: [w.place.slug], everyone()),
    Access("api:get_organisation", lambda w: [w.place.slug, w.council.slug], everyone()),
    # Missions and progress updates (the writes share their paths with reads).
    Access("api:list_missions", place_args, everyone()),
    Access("api:create_mission", place_args, everyone()),
    Access("api:get_mission", public_args, everyone()),
    Access("api:get_mission", private_args, everyone(404)),
    Access("api:update_mission", public_args, everyone()),
    Access("api:change_mission_status", public_args, everyone(405)),
    Access("api:list_progress_updates", public_args, everyone()),
    Access("api:list_progress_updates", private_args, everyone(404)),
    Access("api:post_progress_update", public_args, everyone()),
    Access("api:get_progress_update", update_args, everyone()),
    # Indicators and observations.
    Access("api:list_indicators", place_args, everyone()),
    Access("api:get_indicator", indicator_args, everyone()),
    Access("api:get_indicator", private_indicator_args, everyone(404)),
    Access("api:list_observations", indicator_args, everyone()),
    Access("api:list_observations", private_indicator_args, everyone(404)),
    Access("api:post_observations", indicator_args, everyone()),
]
