from django.urls import path

from placecraft.openness import feeds, views

P = "p/<slug:place>/"
W = P + "weeknotes/"
S = P + "stories/<slug:slug>/"
E = P + "events/<slug:slug>/"
C = P + "champions/<slug:slug>/"

urlpatterns = [
    path(P + "open/", views.open_home, name="open_home"),
    # Weeknotes
    path(W, views.weeknote_list, name="weeknote_list"),
    path(W + "new/", views.weeknote_create, name="weeknote_create"),
    path(W + "<int:pk>/", views.weeknote_detail, name="weeknote_detail"),
    path(W + "<int:pk>/edit/", views.weeknote_edit, name="weeknote_edit"),
    path(W + "feed/", feeds.WeeknoteFeed(), name="weeknote_feed"),
    path(
        W + "mission/<slug:slug>/feed/", feeds.MissionWeeknoteFeed(), name="weeknote_mission_feed"
    ),
    path(W + "author/<int:pk>/feed/", feeds.AuthorWeeknoteFeed(), name="weeknote_author_feed"),
    path(W + "email/", views.weeknote_subscribe, name="weeknote_subscribe"),
    path(
        W + "email/confirm/<str:token>/",
        views.weeknote_digest_confirm,
        name="weeknote_digest_confirm",
    ),
    path(W + "email/stop/<str:token>/", views.weeknote_unsubscribe, name="weeknote_unsubscribe"),
    # Stories
    path(P + "stories/", views.story_list, name="story_list"),
    path(P + "stories/new/", views.story_create, name="story_create"),
    path(S, views.story_detail, name="story_detail"),
    path(S + "edit/", views.story_edit, name="story_edit"),
    path(S + "voices/", views.story_voices, name="story_voices"),
    path(S + "voices/<int:pk>/withdraw/", views.voice_withdraw, name="voice_withdraw"),
    path(S + "publish/", views.story_publish, name="story_publish"),
    path(S + "images/", views.story_images, name="story_images"),
    path(S + "images/<int:pk>/", views.story_image_file, name="story_image_file"),
    # Events
    path(P + "events/", views.event_list, name="event_list"),
    path(P + "events/new/", views.event_create, name="event_create"),
    path(E, views.event_detail, name="event_detail"),
    path(E + "edit/", views.event_edit, name="event_edit"),
    path(E + "register/", views.event_register, name="event_register"),
    path(E + "calendar.ics", views.event_ics_download, name="event_ics"),
    path(E + "registrations/", views.event_registrations, name="event_registrations"),
    path(E + "commitments/", views.event_commitments, name="event_commitments"),
    path(P + "registrations/<str:token>/", views.registration_manage, name="registration_manage"),
    # Champions
    path(P + "champions/", views.champion_list, name="champion_list"),
    path(P + "champions/new/", views.champion_create, name="champion_create"),
    path(C, views.champion_detail, name="champion_detail"),
    path(C + "edit/", views.champion_edit, name="champion_edit"),
]
