"""Migration 0002 gave every existing round the same tie-break seed (Django works out a field's
default once for the rows already there). Migration 0003 draws a seed of its own for every round
that has not opened for voting; a round already open or closed keeps its seed, which may have
been published."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from placecraft.budgeting.models import Phase, Round
from placecraft.budgeting.tests.factories import make_round

pytestmark = pytest.mark.django_db

SHARED = "123456789"


def test_rounds_not_yet_open_get_a_seed_of_their_own(world):
    rounds = {
        phase: make_round(world, phase=phase, title=f"Round in {phase}")
        for phase in (Phase.IDEAS, Phase.VOTING)
    }
    for phase in (Phase.FEASIBILITY, Phase.RESULTS):
        made = make_round(world, phase=Phase.IDEAS, title=f"Round in {phase}")
        Round.objects.filter(pk=made.pk).update(phase=phase)
        rounds[phase] = made
    another = make_round(world, phase=Phase.IDEAS, title="Another round in ideas")
    Round.objects.update(tie_seed=SHARED)  # as 0002 left them

    migration = import_module("placecraft.budgeting.migrations.0003_distinct_tie_seeds")
    migration.draw_own_seeds(apps, None)

    seed = {phase: Round.objects.get(pk=r.pk).tie_seed for phase, r in rounds.items()}
    assert seed[Phase.VOTING] == SHARED and seed[Phase.RESULTS] == SHARED
    fresh = [seed[Phase.IDEAS], seed[Phase.FEASIBILITY], Round.objects.get(pk=another.pk).tie_seed]
    assert SHARED not in fresh and len(set(fresh)) == 3
    assert all(len(s) == 9 and s.isdigit() for s in fresh)
