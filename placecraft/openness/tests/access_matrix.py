from __future__ import annotations

from placecraft.missions.tests.factories import public_args as mission_args
from placecraft.openness.tests.factories import (
    draft_story,
    draft_weeknote,
    pk_args,
    private_champion,
    private_event,
    public_champion,
    public_event,
    public_story,
    public_weeknote,
    registration,
    slug_args,
    story_image,
    subscription,
)
from placecraft.sprints.tests.access_matrix import (
    CREATORS,
    EDITOR_ACTIONS,
    EDITORS,
    PRIVATE_EDIT,
    PRIVATE_VIEW,
)
from placecraft.testing import Access, everyone, place_args


def author_args(world):
    return [world.place.slug, public_weeknote(world).author_id]


def token_args(getter):
    return lambda w: [w.place.slug, getter(w).token]


def voice_args(world):
    story = public_story(world)
    return [world.place.slug, story.slug, story.voices.get().pk]


weeknote = pk_args(public_weeknote)
draft = pk_args(draft_weeknote)
story = slug_args(public_story)
event = slug_args(public_event)
champion = slug_args(public_champion)

ACCESS = [
    Access("open_home", place_args, everyone()),
    Access("weeknote_list", place_args, everyone()),
    Access("weeknote_create", place_args, CREATORS),
    Access("weeknote_detail", weeknote, everyone()),
    Access("weeknote_detail", draft, PRIVATE_VIEW),
    Access("weeknote_edit", weeknote, EDITORS),
    Access("weeknote_edit", draft, PRIVATE_EDIT),
    Access("weeknote_feed", place_args, everyone()),
    Access("weeknote_mission_feed", mission_args, everyone()),
    Access("weeknote_author_feed", author_args, everyone()),
    Access("weeknote_subscribe", place_args, everyone()),
    Access("weeknote_digest_confirm", token_args(subscription), everyone()),
    Access("weeknote_unsubscribe", token_args(subscription), everyone()),
    Access("story_list", place_args, everyone()),
    Access("story_create", place_args, CREATORS),
    Access("story_detail", story, everyone()),
    Access("story_detail", slug_args(draft_story), PRIVATE_VIEW),
    Access("story_edit", story, EDITORS),
    Access("story_voices", story, EDITORS),
    Access("story_voices", slug_args(draft_story), PRIVATE_EDIT),
    Access("voice_withdraw", voice_args, EDITOR_ACTIONS, method="POST"),
    Access("story_publish", story, EDITOR_ACTIONS, method="POST"),
    Access("story_images", story, EDITORS),
    Access("story_image_file", story_image(public_story), everyone()),
    Access("story_image_file", story_image(draft_story), PRIVATE_VIEW),
    Access("event_list", place_args, everyone()),
    Access("event_create", place_args, CREATORS),
    Access("event_detail", event, everyone()),
    Access("event_detail", slug_args(private_event), PRIVATE_VIEW),
    Access("event_edit", event, EDITORS),
    Access("event_register", event, everyone()),
    Access("event_register", slug_args(private_event), PRIVATE_VIEW),
    Access("event_ics", event, everyone()),
    Access("event_ics", slug_args(private_event), PRIVATE_VIEW),
    Access("event_registrations", event, EDITORS),
    Access("event_registrations", slug_args(private_event), PRIVATE_EDIT),
    Access("event_commitments", event, EDITORS),
    Access("registration_manage", token_args(registration), everyone()),
    Access("champion_list", place_args, everyone()),
    Access("champion_create", place_args, CREATORS),
    Access("champion_detail", champion, everyone()),
    Access("champion_detail", slug_args(private_champion), PRIVATE_VIEW),
    Access("champion_edit", champion, EDITORS),
    # The API reads with a token or anonymously (signed-in sessions do not count there); a GET
    # on a write URL is the list or the object at the same address. Writes: test_api.py.
    Access("api:list_weeknotes", place_args, everyone()),
    Access("api:create_weeknote", place_args, everyone()),
    Access("api:get_weeknote", weeknote, everyone()),
    Access("api:get_weeknote", draft, everyone(404)),
    Access("api:update_weeknote", weeknote, everyone()),
    Access("api:list_stories", place_args, everyone()),
    Access("api:get_story", story, everyone()),
    Access("api:get_story", slug_args(draft_story), everyone(404)),
    Access("api:list_events", place_args, everyone()),
    Access("api:create_event", place_args, everyone()),
    Access("api:get_event", event, everyone()),
    Access("api:get_event", slug_args(private_event), everyone(404)),
    Access("api:list_champions", place_args, everyone()),
]
