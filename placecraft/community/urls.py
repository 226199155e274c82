from django.urls import path

from placecraft.community import views

P = "p/<slug:place>/"
IDEA = P + "ideas/<int:pk>/"
FORUM = P + "forums/<int:pk>/"
GRANTS = P + "community-grants/<int:pk>/"
APP = GRANTS + "applications/<int:app>/"

urlpatterns = [
    path(P + "processes/", views.process_list, name="process_list"),
    path(P + "processes/new/", views.process_create, name="process_create"),
    path(P + "processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path(P + "processes/<slug:slug>/edit/", views.process_edit, name="process_edit"),
    path(P + "processes/<slug:slug>/phases/new/", views.phase_add, name="phase_add"),
    path(P + "processes/<slug:slug>/ideas/new/", views.idea_create, name="idea_create"),
    path(IDEA, views.idea_detail, name="idea_detail"),
    path(IDEA + "support/", views.idea_support, name="idea_support"),
    path(IDEA + "comment/", views.idea_comment, name="idea_comment"),
    path(IDEA + "report/", views.idea_report, name="idea_report"),
    path(IDEA + "hide/", views.idea_hide, name="idea_hide"),
    path(IDEA + "comments/<int:comment>/hide/", views.comment_hide, name="comment_hide"),
    path(IDEA + "block/", views.idea_block_author, name="idea_block_author"),
    path(IDEA + "respond/", views.idea_respond, name="idea_respond"),
    path(IDEA + "to-budget/", views.idea_to_project, name="idea_to_project"),
    path(IDEA + "to-sprint/", views.idea_to_sprint, name="idea_to_sprint"),
    path(P + "community/moderation/", views.moderation, name="moderation"),
    path(
        P + "community/feedback/<int:pk>/moderate/",
        views.feedback_moderate,
        name="feedback_moderate",
    ),
    path(P + "community/updates/<int:pk>/feedback/", views.feedback_create, name="feedback_create"),
    path(P + "community/missions/<slug:slug>/", views.accountability, name="accountability"),
    path(P + "community/representation/", views.representation, name="representation"),
    path(P + "forums/", views.forum_list, name="forum_list"),
    path(P + "forums/new/", views.forum_create, name="forum_create"),
    path(FORUM, views.forum_detail, name="forum_detail"),
    path(FORUM + "edit/", views.forum_edit, name="forum_edit"),
    path(FORUM + "sessions/new/", views.session_create, name="session_create"),
    path(FORUM + "sessions/<int:session>/", views.session_edit, name="session_edit"),
    path(FORUM + "sessions/<int:session>/evidence/", views.evidence_add, name="evidence_add"),
    path(FORUM + "recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path(
        FORUM + "recommendations/<int:rec>/respond/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path(FORUM + "questions/", views.question_ask, name="question_ask"),
    path(FORUM + "questions/<int:q>/answer/", views.question_answer, name="question_answer"),
    path(P + "community-grants/", views.programme_list, name="programme_list"),
    path(P + "community-grants/new/", views.programme_create, name="programme_create"),
    path(GRANTS, views.programme_detail, name="programme_detail"),
    path(GRANTS + "360giving.json", views.programme_360, name="programme_360"),
    path(GRANTS + "apply/", views.application_create, name="application_create"),
    path(APP, views.application_detail, name="application_detail"),
    path(APP + "assess/", views.application_assess, name="application_assess"),
    path(APP + "report/", views.grant_report_create, name="grant_report_create"),
]
