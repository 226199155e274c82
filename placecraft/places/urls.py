from django.urls import path

from placecraft.places import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("p/<slug:place>/settings/", views.place_settings, name="place_settings"),
    path("privacy/", views.privacy_index, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("p/<slug:place>/privacy/", views.privacy_notice, name="privacy_notice"),
    path("p/<slug:place>/privacy/edit/", views.privacy_notice_edit, name="privacy_notice_edit"),
    path("p/<slug:place>/cookies/", views.cookies, name="place_cookies"),
    path("p/<slug:place>/organisations/", views.organisation_list, name="organisation_list"),
    path(
        "p/<slug:place>/organisations/new/", views.organisation_create, name="organisation_create"
    ),
    path(
        "p/<slug:place>/organisations/<slug:org>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "p/<slug:place>/organisations/<slug:org>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("p/<slug:place>/organisations/<slug:org>/members/", views.members, name="members"),
    path(
        "p/<slug:place>/organisations/<slug:org>/members/invite/",
        views.member_invite,
        name="member_invite",
    ),
    path(
        "p/<slug:place>/organisations/<slug:org>/members/<int:pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "p/<slug:place>/organisations/<slug:org>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "p/<slug:place>/organisations/<slug:org>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("p/<slug:place>/organisations/<slug:org>/audit/", views.audit_log, name="audit_log"),
    path("p/<slug:place>/organisations/<slug:org>/audit.csv", views.audit_csv, name="audit_csv"),
]
