from __future__ import annotations

from typing import Any

from placecraft.budgeting import services
from placecraft.budgeting.models import PaperEntry, Phase, Round
from placecraft.budgeting.services import Choices
from placecraft.budgeting.tests.factories import make_round, project_ids, vote_for
from placecraft.testing import Access, World, everyone, expect, place_args, signed_in


def open_round(world: World) -> Round:
    result: Round = world.once("pb_open", lambda w: make_round(w))
    return result


def closed_round(world: World) -> Round:
    def make(w: World) -> Round:
        round = make_round(w, title="Northgate Budget 2024")
        vote_for(round, w.users["resident"], "Benches in the park", "Library books")
        vote_for(round, w.users["council_member"], "Street trees", area="South")
        services.set_phase(actor=None, round=round, phase=Phase.COUNTING)
        return services.count_round(round.pk)

    result: Round = world.once("pb_closed", make)
    return result


def draft_round(world: World) -> Round:
    """A private round still collecting projects: only the council's members know it exists."""
    result: Round = world.once(
        "pb_draft",
        lambda w: make_round(w, phase=Phase.IDEAS, visibility="private", title="Draft budget"),
    )
    return result


def paper_entry(world: World) -> PaperEntry:
    def make(w: World) -> PaperEntry:
        round = open_round(w)
        ids = project_ids(round)
        return services.enter_paper_ballot(
            actor=w.users["council_admin"],
            round=round,
            serial="P-001",
            choices=Choices((ids["Library books"],)),
        )

    result: PaperEntry = world.once("pb_paper", make)
    return result


def open_args(world: World) -> list[Any]:
    return [world.place.slug, open_round(world).pk]


def closed_args(world: World) -> list[Any]:
    return [world.place.slug, closed_round(world).pk]


def draft_args(world: World) -> list[Any]:
    return [world.place.slug, draft_round(world).pk]


def open_project_args(world: World) -> list[Any]:
    round = open_round(world)
    return [world.place.slug, round.pk, round.projects.order_by("id").first().pk]  # type: ignore[union-attr]


def draft_project_args(world: World) -> list[Any]:
    round = draft_round(world)
    return [world.place.slug, round.pk, round.projects.order_by("id").first().pk]  # type: ignore[union-attr]


def paper_args(world: World) -> list[Any]:
    entry = paper_entry(world)
    return [world.place.slug, entry.round_id, entry.pk]


# Officers: contributors of the owner organisation (the council). The place admin is an admin
# of the combined authority, not of the council, so they are not an officer of its budgets.
OFFICERS = expect(
    place_admin=403,
    council_admin=200,
    council_member=200,
    partner_member=403,
    resident=403,
    outsider=403,
    anonymous=302,
)
# A private round: people outside the council may not know it exists.
PRIVATE_OFFICERS = {
    **OFFICERS,
    "place_admin": 404,
    "partner_member": 404,
    "resident": 404,
    "outsider": 404,
}
LEADS = {**OFFICERS, "council_member": 403}
OFFICER_ACTIONS = {**OFFICERS, "council_admin": 302, "council_member": 302}
LEAD_ACTIONS = {**LEADS, "council_admin": 302}
CREATORS = expect(
    place_admin=200,
    council_admin=200,
    council_member=200,
    partner_member=200,
    resident=403,
    outsider=403,
    anonymous=302,
)

ACCESS = [
    Access("pb_round_list", place_args, everyone()),
    Access("pb_round_create", place_args, CREATORS),
    Access("pb_round_detail", open_args, everyone()),
    Access("pb_round_detail", draft_args, {**PRIVATE_OFFICERS, "anonymous": 404}),
    Access("pb_round_edit", open_args, OFFICERS),
    Access("pb_round_edit", draft_args, PRIVATE_OFFICERS),
    Access("pb_round_phase", open_args, LEADS),
    Access("pb_projects_csv", open_args, everyone()),
    Access("pb_round_json", closed_args, everyone()),
    Access("pb_ballots_pabulib", closed_args, everyone()),
    Access("pb_ballots_pabulib", open_args, everyone(404)),
    Access("pb_project_create", draft_args, PRIVATE_OFFICERS),
    Access("pb_project_detail", open_project_args, everyone()),
    Access("pb_project_edit", draft_project_args, PRIVATE_OFFICERS),
    Access("pb_vote", open_args, signed_in()),
    Access("pb_vote_code", open_args, everyone()),
    Access(
        "pb_vote_code",
        draft_args,
        expect(
            place_admin=404,
            council_admin=200,
            council_member=200,
            partner_member=404,
            resident=404,
            outsider=404,
            anonymous=404,
        ),
    ),
    Access("pb_vote_done", open_args, everyone()),
    Access("pb_codes", open_args, OFFICERS),
    Access("pb_paper", open_args, OFFICERS),
    Access(
        "pb_paper_check",
        paper_args,
        {**OFFICER_ACTIONS},
        method="POST",
        data=lambda w: {"decision": "confirm"},
    ),
    Access("pb_count_progress", closed_args, everyone()),
    Access("pb_recount", closed_args, LEAD_ACTIONS, method="POST"),
    Access("pb_results", closed_args, everyone()),
    Access("pb_results", open_args, everyone()),
    Access("pb_how_we_counted", closed_args, everyone()),
    # The API reads tokens, not sessions: signed-in or not, a browser is an anonymous reader.
    Access("api:pb_list_rounds", place_args, everyone()),
    Access("api:pb_get_round", open_args, everyone()),
    Access("api:pb_get_round", draft_args, everyone(404)),
    Access("api:pb_list_projects", open_args, everyone()),
    Access("api:pb_get_results", closed_args, everyone()),
    Access("api:pb_get_results", open_args, everyone(404)),
]
