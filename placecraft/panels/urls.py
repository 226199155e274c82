from django.urls import path

from placecraft.panels import views

urlpatterns = [
    path("p/<slug:place>/panels/", views.panel_list, name="panel_list"),
    path("p/<slug:place>/panels/new/", views.panel_create, name="panel_create"),
    path("p/<slug:place>/panels/population/", views.population, name="population"),
    path("p/<slug:place>/panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("p/<slug:place>/panels/<int:pk>/edit/", views.panel_edit, name="panel_edit"),
    path("p/<slug:place>/panels/<int:pk>/quotas/", views.panel_quotas, name="panel_quotas"),
    path("p/<slug:place>/panels/<int:pk>/register/", views.panel_register, name="panel_register"),
    path("p/<slug:place>/panels/<int:pk>/select/", views.panel_select, name="panel_select"),
    path("p/<slug:place>/panels/<int:pk>/replace/", views.panel_replace, name="panel_replace"),
    path("p/<slug:place>/panels/<int:pk>/seed/", views.panel_seed, name="panel_seed"),
    path("p/<slug:place>/panels/<int:pk>/pool/", views.panel_pool, name="panel_pool"),
    path(
        "p/<slug:place>/panels/<int:pk>/published/<str:name>",
        views.panel_published_file,
        name="panel_published_file",
    ),
    path(
        "p/<slug:place>/panels/<int:pk>/selections/<int:run>/",
        views.selection_detail,
        name="selection_detail",
    ),
]
