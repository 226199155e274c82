"""Rounds: phases, and the ballot settings locking when voting opens (CONSUL #5321)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from placecraft.budgeting import services
from placecraft.budgeting.models import Phase, Project, Round
from placecraft.budgeting.tests.factories import make_round
from placecraft.core.models import AuditEvent


def test_ballot_type_limits_and_rule_lock_when_voting_opens(world, bob):
    round = make_round(world, phase=Phase.IDEAS)
    services.update_round(actor=bob, round=round, data={"ballot_type": "knapsack"})
    round = services.set_phase(actor=bob, round=round, phase=Phase.VOTING)
    for field, value in (
        ("ballot_type", "cumulative"),
        ("max_choices", 10),
        ("min_choices", 2),
        ("rule", "greedy"),
        ("budget", Decimal(99999)),
    ):
        with pytest.raises(ValidationError) as caught:
            services.update_round(actor=bob, round=round, data={field: value})
        assert field in caught.value.message_dict
    round.refresh_from_db()
    assert (round.ballot_type, round.max_choices, round.rule) == ("knapsack", 3, "mes")
    # Words can still be corrected.
    services.update_round(actor=bob, round=round, data={"summary": "Fixed a typo"})


def test_the_model_itself_refuses_a_locked_change(world):
    round = make_round(world)
    round.ballot_type = "cumulative"
    round.points_per_voter = 10
    with pytest.raises(ValidationError) as caught:
        round.full_clean()
    assert "ballot_type" in caught.value.message_dict


def test_projects_are_fixed_once_voting_opens(world, bob):
    round = make_round(world)
    with pytest.raises(ValidationError):
        services.create_project(actor=bob, round=round, title="Late idea", cost=10)
    project = round.projects.get(title="Benches in the park")
    with pytest.raises(ValidationError):
        services.update_project(actor=bob, project=project, data={"cost": 1})
    services.update_project(actor=bob, project=project, data={"title": "Benches in Ashby park"})


def test_phases_go_forward_and_voting_needs_feasible_projects(world, bob):
    round = make_round(world, phase=Phase.IDEAS, costs={"Idea": 10})
    Project.objects.filter(round=round).update(feasibility="pending")
    with pytest.raises(ValidationError, match="feasible"):
        services.set_phase(actor=bob, round=round, phase=Phase.VOTING)
    services.set_phase(actor=bob, round=round, phase=Phase.FEASIBILITY)
    services.set_phase(actor=bob, round=round, phase=Phase.IDEAS)  # early phases may go back
    Project.objects.filter(round=round).update(feasibility="feasible")
    round = services.set_phase(actor=bob, round=round, phase=Phase.VOTING)
    with pytest.raises(ValidationError, match="cannot go back"):
        services.set_phase(actor=bob, round=round, phase=Phase.FEASIBILITY)
    assert AuditEvent.objects.filter(object_type="round", changes__phase__to="voting").exists()


def test_not_feasible_needs_a_public_reason(world, bob):
    round = make_round(world, phase=Phase.IDEAS)
    with pytest.raises(ValidationError, match="not feasible"):
        services.create_project(
            actor=bob, round=round, title="Tram", cost=10**9, feasibility="not-feasible"
        )


def test_create_project_service_for_the_ideas_process(world):
    round = make_round(world, phase=Phase.IDEAS, costs={})
    project = services.create_project(actor=None, round=round, title="From an idea", cost=99)
    assert (project.reference, project.feasibility) == ("1", "pending")


def test_database_refuses_a_bad_budget(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            place=world.place, organisation=world.council, title="x", budget=Decimal(0)
        )
