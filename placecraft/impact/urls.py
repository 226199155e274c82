from django.urls import path

from placecraft.impact import views

P = "p/<slug:place>/impact/"

urlpatterns = [
    path(P + "journey/", views.journey_index, name="journey_index"),
    path(P + "journey/<slug:organisation>/", views.journey_detail, name="journey_detail"),
    path(P + "journey/<slug:organisation>/start/", views.journey_start, name="journey_start"),
    path(P + "risks/", views.risk_list, name="risk_list"),
    path(P + "risks/new/", views.risk_create, name="risk_create"),
    path(P + "risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    path(P + "risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path(P + "risks/<int:pk>/review/", views.risk_review, name="risk_review"),
    path(P + "learning/", views.learning_log, name="learning_log"),
    path(P + "learning/new/", views.learning_create, name="learning_log_create"),
    path(P + "learning/<int:pk>/", views.learning_entry, name="learning_entry"),
    path(P + "library/", views.resource_library, name="resource_library"),
    path(P + "library/new/", views.resource_create, name="resource_create"),
    path(P + "portfolio/", views.portfolio_dashboard, name="portfolio"),
]
