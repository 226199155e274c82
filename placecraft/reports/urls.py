from django.urls import path

from placecraft.reports import views

P = "p/<slug:place>/"

urlpatterns = [
    path(P + "impact/board-pack/", views.board_pack, name="board_pack"),
    path(P + "impact/board-pack/jobs/<str:job>/", views.board_pack_job, name="board_pack_job"),
    path(
        P + "impact/board-pack/jobs/<str:job>/print/",
        views.board_pack_print,
        name="board_pack_print",
    ),
    path(
        P + "impact/board-pack/jobs/<str:job>/board-pack.pdf",
        views.board_pack_download,
        name="board_pack_download",
    ),
    path(P + "state-of-our-missions/", views.state_of_missions, name="state_of_missions"),
]
