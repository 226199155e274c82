from django.urls import path

from placecraft.evidence import views

urlpatterns = [
    path("p/<slug:place>/indicators/", views.indicator_list, name="indicator_list"),
    path("p/<slug:place>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "p/<slug:place>/indicators/catalogue/",
        views.indicator_catalogue,
        name="indicator_catalogue",
    ),
    path("p/<slug:place>/indicators/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path(
        "p/<slug:place>/indicators/<slug:slug>/edit/", views.indicator_edit, name="indicator_edit"
    ),
    path(
        "p/<slug:place>/indicators/<slug:slug>/import/",
        views.indicator_import,
        name="indicator_import",
    ),
    path(
        "p/<slug:place>/indicators/<slug:slug>/import/<int:pk>/",
        views.indicator_import_progress,
        name="indicator_import_progress",
    ),
    path(
        "p/<slug:place>/indicators/<slug:slug>/import/<int:pk>/confirm/",
        views.indicator_import_confirm,
        name="indicator_import_confirm",
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/indicators/",
        views.mission_indicators,
        name="mission_indicators",
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/indicators/add/",
        views.mission_indicator_add,
        name="mission_indicator_add",
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/indicators/<int:pk>/",
        views.mission_indicator_edit,
        name="mission_indicator_edit",
    ),
    path(
        "p/<slug:place>/missions/<slug:slug>/indicators/<int:pk>/remove/",
        views.mission_indicator_remove,
        name="mission_indicator_remove",
    ),
]
