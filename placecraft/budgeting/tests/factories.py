"""Rounds for tests: made through the services, as an officer would make them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from placecraft.budgeting import services
from placecraft.budgeting.models import Phase, Round
from placecraft.budgeting.services import Choices, Eligibility
from placecraft.testing import World

COSTS = {"Benches in the park": 300, "Library books": 200, "Street trees": 500}


def make_round(
    world: World,
    *,
    phase: str = Phase.VOTING,
    visibility: str = "public",
    costs: dict[str, int] | None = None,
    **settings: Any,
) -> Round:
    data: dict[str, Any] = {
        "title": settings.pop("title", "Northgate Community Budget"),
        "budget": Decimal(settings.pop("budget", 800)),
        "visibility": visibility,
        "area_name": "Northgate",
        "areas": ["North", "South"],
        "max_choices": 3,
        **settings,
    }
    round = services.create_round(
        actor=world.users["council_admin"],
        place=world.place,
        organisation=world.council,
        data=data,
    )
    for title, cost in (COSTS if costs is None else costs).items():
        services.create_project(
            actor=world.users["council_admin"],
            round=round,
            title=title,
            cost=cost,
            feasibility="feasible",
            feasibility_reason="Checked by officers.",
        )
    if phase != Phase.IDEAS:
        round = services.set_phase(
            actor=world.users["council_admin"], round=round, phase=Phase.VOTING
        )
    return round


def project_ids(round: Round) -> dict[str, int]:
    return dict(round.projects.values_list("title", "pk"))


ELIGIBLE = Eligibility(area="North", connection="live", confirmed_age=True)


def vote_for(round: Round, user: Any, *titles: str, area: str = "North") -> None:
    ids = project_ids(round)
    services.cast_ballot(
        round=round,
        voter=user,
        choices=Choices(tuple(ids[t] for t in titles)),
        eligibility=Eligibility(area=area, connection="live", confirmed_age=True),
    )


def close_and_count(world: World, round: Round) -> Round:
    """Close voting and run the count as the worker would."""
    from django.test import TestCase

    from placecraft.testing import run_background_tasks

    # Tests run inside a transaction that never commits: run the on-commit enqueue ourselves.
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.set_phase(actor=world.users["council_admin"], round=round, phase=Phase.COUNTING)
    run_background_tasks()
    round.refresh_from_db()
    return round
