from django.urls import path

from placecraft.missions import views

urlpatterns = [
    path("p/<slug:place>/missions/", views.mission_list, name="mission_list"),
    path("p/<slug:place>/missions/new/", views.mission_create, name="mission_create"),
    path("p/<slug:place>/missions/alignment/", views.alignment_map, name="alignment_map"),
    path("p/<slug:place>/missions/scoping/", views.scoping_comparison, name="scoping_comparison"),
    path(
        "p/<slug:place>/missions/invitations/",
        views.mission_invitations,
        name="mission_invitations",
    ),
    path("p/<slug:place>/missions/<slug:slug>/", views.mission_detail, name="mission_detail"),
    path("p/<slug:place>/missions/<slug:slug>/edit/", views.mission_edit, name="mission_edit"),
    path(
        "p/<slug:place>/missions/<slug:slug>/status/", views.mission_status, name="mission_status"
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/alignment/",
        views.mission_alignment,
        name="mission_alignment",
    ),
    path("p/<slug:place>/missions/<slug:slug>/board/", views.board, name="board"),
    path(
        "p/<slug:place>/missions/<slug:slug>/board/<int:pk>/remove/",
        views.board_remove,
        name="board_remove",
    ),
    path("p/<slug:place>/missions/<slug:slug>/updates/", views.update_list, name="update_list"),
    path(
        "p/<slug:place>/missions/<slug:slug>/updates/new/",
        views.update_create,
        name="update_create",
    ),
    path("p/<slug:place>/missions/<slug:slug>/data.csv", views.mission_csv, name="mission_csv"),
    path("p/<slug:place>/missions/<slug:slug>/data.json", views.mission_json, name="mission_json"),
    path(
        "p/<slug:place>/missions/<slug:slug>/invitations/<int:pk>/accept/",
        views.invitation_accept,
        name="mission_invitation_accept",
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/invitations/<int:pk>/decline/",
        views.invitation_decline,
        name="mission_invitation_decline",
    ),
]
