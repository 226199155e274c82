from __future__ import annotations

from placecraft.openness.tests.access_matrix import champion, draft, event, story, weeknote
from placecraft.openness.tests.factories import registration, subscription
from placecraft.testing import Page, place_args


def _token(getter):
    return lambda w: [w.place.slug, getter(w).token]


PAGES = [
    Page("open_home", place_args),
    Page("weeknote_list", place_args),
    Page("weeknote_list", place_args, user="council_member"),
    Page("weeknote_create", place_args, user="council_member"),
    Page("weeknote_detail", weeknote),
    Page("weeknote_detail", draft, user="council_member"),
    Page("weeknote_edit", weeknote, user="council_member"),
    Page("weeknote_subscribe", place_args),
    Page("weeknote_digest_confirm", _token(subscription)),
    Page("weeknote_unsubscribe", _token(subscription)),
    Page("story_list", place_args),
    Page("story_create", place_args, user="council_member"),
    Page("story_detail", story),
    Page("story_detail", story, user="council_member"),
    Page("story_edit", story, user="council_member"),
    Page("story_voices", story, user="council_member"),
    Page("story_images", story, user="council_member"),
    Page("event_list", place_args),
    Page("event_create", place_args, user="council_member"),
    Page("event_detail", event),
    Page("event_detail", event, user="council_member"),
    Page("event_edit", event, user="council_member"),
    Page("event_register", event),
    Page("event_registrations", event, user="council_member"),
    Page("event_commitments", event, user="council_member"),
    Page("registration_manage", _token(registration)),
    Page("champion_list", place_args),
    Page("champion_create", place_args, user="council_member"),
    Page("champion_detail", champion),
    Page("champion_edit", champion, user="council_member"),
]

API = (
    "list_weeknotes create_weeknote get_weeknote update_weeknote list_stories get_story "
    "list_events create_event get_event list_champions"
)

NOT_PAGES = {
    "weeknote_feed": "an Atom feed (XML), validated in test_weeknotes.py",
    "weeknote_mission_feed": "an Atom feed (XML)",
    "weeknote_author_feed": "an Atom feed (XML)",
    "voice_withdraw": "POST only: the button is on the voices page",
    "story_publish": "POST only: the button is on the story page",
    "event_ics": "an iCalendar download",
    "story_image_file": "an image file, served only to those who may see its story",
}
NOT_PAGES.update({f"api:{name}": "JSON" for name in API.split()})
