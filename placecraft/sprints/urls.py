from django.urls import path

from placecraft.sprints import views

P = "p/<slug:place>/"
S = P + "sprints/<slug:slug>/"

urlpatterns = [
    path(P + "sprints/", views.sprint_list, name="sprint_list"),
    path(P + "sprints/new/", views.sprint_create, name="sprint_create"),
    path(S, views.sprint_detail, name="sprint_detail"),
    path(S + "edit/", views.sprint_edit, name="sprint_edit"),
    path(S + "team/", views.sprint_team, name="sprint_team"),
    path(S + "team/<int:pk>/remove/", views.team_member_remove, name="team_member_remove"),
    path(S + "board/", views.sprint_board, name="sprint_board"),
    path(S + "board/add/", views.work_item_add, name="work_item_add"),
    path(S + "board/<int:pk>/move/", views.work_item_move, name="work_item_move"),
    path(S + "check-ins/", views.sprint_check_ins, name="sprint_check_ins"),
    path(S + "health/", views.sprint_health, name="sprint_health"),
    path(S + "health/start/", views.sprint_health_start, name="sprint_health_start"),
    path(S + "retrospective/", views.sprint_retrospective, name="sprint_retrospective"),
    path(S + "learning/new/", views.learning_create, name="learning_create"),
    path(S + "summary/", views.sprint_summary, name="sprint_summary"),
    path(P + "learning/", views.learning_list, name="learning_list"),
]
