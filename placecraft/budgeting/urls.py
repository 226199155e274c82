from django.urls import path

from placecraft.budgeting import views

R = "p/<slug:place>/budgets/<int:pk>/"

urlpatterns = [
    path("p/<slug:place>/budgets/", views.round_list, name="pb_round_list"),
    path("p/<slug:place>/budgets/new/", views.round_create, name="pb_round_create"),
    path(R, views.round_detail, name="pb_round_detail"),
    path(R + "edit/", views.round_edit, name="pb_round_edit"),
    path(R + "phase/", views.round_phase, name="pb_round_phase"),
    path(R + "projects.csv", views.projects_csv, name="pb_projects_csv"),
    path(R + "round.json", views.round_json, name="pb_round_json"),
    path(R + "ballots.pb", views.ballots_pabulib, name="pb_ballots_pabulib"),
    path(R + "projects/new/", views.project_create, name="pb_project_create"),
    path(R + "projects/<int:project>/", views.project_detail, name="pb_project_detail"),
    path(R + "projects/<int:project>/edit/", views.project_edit, name="pb_project_edit"),
    path(R + "vote/", views.vote, name="pb_vote"),
    path(R + "vote/code/", views.vote_with_code, name="pb_vote_code"),
    path(R + "vote/done/", views.vote_done, name="pb_vote_done"),
    path(R + "codes/", views.codes, name="pb_codes"),
    path(R + "paper/", views.paper, name="pb_paper"),
    path(R + "paper/<int:entry>/check/", views.paper_check, name="pb_paper_check"),
    path(R + "count/", views.count_progress, name="pb_count_progress"),
    path(R + "count/again/", views.recount, name="pb_recount"),
    path(R + "results/", views.results, name="pb_results"),
    path(R + "how-we-counted/", views.how_we_counted, name="pb_how_we_counted"),
]
