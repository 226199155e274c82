from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.impact.tests.factories import (
    finished_board_pack,
    make_learning,
    make_risk,
)
from placecraft.testing import Access, World, everyone, expect, place_args

# Working pages for people in the place's organisations.
MEMBERS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)
# Adding something: contributors of any organisation in the place (all four members are).
CONTRIBUTORS = MEMBERS
# Private content of the council: the others in the place may not know it exists.
COUNCIL_ONLY = expect(
    place_admin=404,
    council_admin=200,
    council_member=200,
    partner_member=404,
    resident=403,
    outsider=403,
    anonymous=302,
)
# Partners content that only the council may change.
COUNCIL_CHANGES = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
COUNCIL_CHANGES_POST = {**COUNCIL_CHANGES, "council_admin": 302, "council_member": 302}
# A board pack job: only the person who asked for it.
ASKER_ONLY = expect(
    place_admin=404,
    council_admin=200,
    council_member=404,
    partner_member=404,
    resident=403,
    outsider=403,
    anonymous=302,
)


def council_org_args(world: World) -> list[str]:
    return [world.place.slug, world.council.slug]


def private_risk(world: World) -> list[object]:
    return [world.place.slug, world.once("private-risk", lambda w: make_risk(w)).pk]


def partners_risk(world: World) -> list[object]:
    return [
        world.place.slug,
        world.once("partners-risk", lambda w: make_risk(w, Visibility.PARTNERS)).pk,
    ]


def public_risk(world: World) -> list[object]:
    return [
        world.place.slug,
        world.once("public-risk", lambda w: make_risk(w, Visibility.PUBLIC)).pk,
    ]


def public_learning(world: World) -> list[object]:
    return [
        world.place.slug,
        world.once("public-learning", lambda w: make_learning(w, Visibility.PUBLIC)).pk,
    ]


def private_learning(world: World) -> list[object]:
    return [world.place.slug, world.once("private-learning", lambda w: make_learning(w)).pk]


def _finished_board_pack_with_page(world: World) -> str:
    """A finished board pack job whose printable page is stored as the worker stores it: the
    real document for the job's portfolio and dates (the PDF stays a small stand-in)."""
    from django_tasks_db.models import DBTaskResult

    from placecraft.reports import boardpack, render

    job = finished_board_pack(world)
    row = DBTaskResult.objects.get(id=job)
    kwargs = row.args_kwargs["kwargs"]
    pack = boardpack.build(
        world.users["council_admin"],
        world.place,
        None,
        date.fromisoformat(kwargs["date_from"]),
        date.fromisoformat(kwargs["date_to"]),
    )
    html = render.save_html(render.board_pack_document_html(pack), "portfolio")
    row.return_value = {**(row.return_value or {}), "html": html}
    row.save(update_fields=["return_value"])
    return job


def board_pack_job(world: World) -> list[object]:
    return [world.place.slug, world.once("board-pack-job", _finished_board_pack_with_page)]


def next_review(world: World) -> dict[str, str]:
    return {"next_review": (timezone.localdate() + timedelta(days=60)).isoformat()}


ACCESS = [
    Access("journey_index", place_args, MEMBERS),
    Access("journey_detail", council_org_args, MEMBERS),
    Access("journey_start", council_org_args, COUNCIL_CHANGES),
    Access("risk_list", place_args, MEMBERS),
    Access("risk_create", place_args, CONTRIBUTORS),
    Access("risk_detail", private_risk, COUNCIL_ONLY),
    Access("risk_detail", partners_risk, MEMBERS),
    Access("risk_edit", partners_risk, COUNCIL_CHANGES),
    Access("risk_edit", private_risk, COUNCIL_ONLY),
    Access("risk_review", partners_risk, COUNCIL_CHANGES_POST, method="POST", data=next_review),
    Access("learning_log", place_args, MEMBERS),
    Access("learning_log_create", place_args, CONTRIBUTORS),
    Access("learning_entry", private_learning, COUNCIL_ONLY),
    Access("resource_library", place_args, everyone()),
    Access("resource_create", place_args, CONTRIBUTORS),
    Access("portfolio", place_args, MEMBERS),
    Access("board_pack", place_args, MEMBERS),
    Access("board_pack_job", board_pack_job, ASKER_ONLY),
    Access("board_pack_download", board_pack_job, ASKER_ONLY),
    Access("board_pack_print", board_pack_job, ASKER_ONLY),
    Access("state_of_missions", place_args, everyone()),
    # The API reads tokens, not sessions: every signed-in user is anonymous to it here (tokens
    # are tested in test_api.py).
    Access("api:list_risks", place_args, everyone()),
    Access("api:get_risk", public_risk, everyone()),
    Access("api:get_risk", private_risk, everyone(404)),
    Access("api:list_learning_log", place_args, everyone()),
    Access("api:get_learning_log_entry", public_learning, everyone()),
    Access("api:get_learning_log_entry", private_learning, everyone(404)),
]
