from django.urls import URLPattern, path

from placecraft.frameworks import views
from placecraft.frameworks.tools import TOOLS

P = "p/<slug:place>/"
E = P + "exercises/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path(P + "frameworks/", views.framework_list, name="framework_list"),
    path(P + "frameworks/<slug:framework>/", views.framework_detail, name="framework_detail"),
    path(P + "frameworks/<slug:framework>/start/", views.exercise_create, name="exercise_create"),
    path(
        P + "frameworks/<slug:framework>/versions/<int:pk>/",
        views.version_detail,
        name="version_detail",
    ),
    path(
        P + "frameworks/<slug:framework>/versions/<int:pk>/adapt/",
        views.version_adapt,
        name="version_adapt",
    ),
    path(P + "exercises/", views.exercise_list, name="exercise_list"),
    path(E, views.exercise_detail, name="exercise_detail"),
    path(E + "edit/", views.exercise_edit, name="exercise_edit"),
    path(E + "answers/", views.exercise_answers, name="exercise_answers"),
    path(E + "links/", views.exercise_teams, name="exercise_teams"),
    path(E + "compare/", views.exercise_compare, name="exercise_compare"),
    path(E + "print/", views.exercise_print, name="exercise_print"),
    path(E + "responses.csv", views.exercise_csv, name="exercise_csv"),
    path(E + "codes/", views.exercise_codes, name="exercise_codes"),
    path(E + "codes.csv", views.exercise_codes_csv, name="exercise_codes_csv"),
    path(E + "actions/new/", views.action_create, name="action_create"),
    path(E + "actions/<int:action>/", views.action_edit, name="action_edit"),
    path(P + "actions/", views.action_list, name="action_list"),
    path(P + "survey/<str:token>/", views.survey_respond, name="survey_respond"),
]

# Each toolkit tool has its own address (the toolkit home reverses it with the place alone),
# showing the framework's page, where a member can start an exercise.
urlpatterns += [
    path(
        P + f"toolkit/tools/{tool.framework}/",
        views.framework_detail,
        {"framework": tool.framework},
        name=tool.url_name,
    )
    for tool in TOOLS
]
