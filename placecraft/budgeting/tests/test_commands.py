"""The pabulib commands: import (all or nothing, line-numbered errors), count_pb, export."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from placecraft.budgeting.models import Ballot, Project, Round
from placecraft.budgeting.pabulib import read_pabulib
from placecraft.budgeting.tests.realdata import DATA, needs_data

SMALL = """META
key;value
description;Small test
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;selected
a;60;Alpha;1
b;50;Beta;0
c;40;Gamma;1
VOTES
voter_id;vote;neighborhood
1;a,b;North
2;a,c;North
3;b;South
4;a;South
"""


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_count_and_export_round_trip(world, tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    output = _run("import_pabulib", str(path), "--place", world.place.slug)
    round_id = int(output.strip().splitlines()[-1])
    round = Round.objects.get(pk=round_id)
    assert round.is_closed and round.rule == "recorded" and round.organisation.is_public_authority
    assert Ballot.objects.filter(round=round).count() == 4
    assert set(Ballot.objects.filter(round=round).values_list("area", flat=True)) == {
        "North",
        "South",
    }
    result = json.loads(_run("count_pb", str(round_id), "--rule", "greedy", "--json"))
    assert set(result) == {"rule", "winners", "total_cost", "seconds"}
    assert result["rule"] == "greedy" and result["winners"] == ["a", "c"]
    assert result["total_cost"] == 100
    text = _run("count_pb", str(round_id), "--rule", "mes")
    assert "total cost" in text
    out = tmp_path / "out.pb"
    _run("export_pabulib", str(round_id), str(out))
    again = read_pabulib(out)
    assert {p.id: p.selected for p in again.projects} == {"a": 1, "b": 0, "c": 1}
    assert len(again.voters) == 4


def test_unknown_rule_is_a_clear_error(world, tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    round_id = (
        _run("import_pabulib", str(path), "--place", world.place.slug).strip().splitlines()[-1]
    )
    with pytest.raises(CommandError, match="Unknown rule 'borda'"):
        _run("count_pb", round_id, "--rule", "borda")


def test_import_errors_have_line_numbers_and_import_nothing(world, tmp_path):
    bad = SMALL.replace("3;b;South", "3;z;South")
    path = tmp_path / "bad.pb"
    path.write_text(bad)
    with pytest.raises(CommandError, match=r"line 18: .*unknown project 'z'.*nothing was imported"):
        _run("import_pabulib", str(path), "--place", world.place.slug)
    assert not Round.objects.exists() and not Project.objects.exists()


def test_place_is_needed_when_there_are_several(world, tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    # The test world has two places.
    with pytest.raises(CommandError, match="--place"):
        _run("import_pabulib", str(path))


@needs_data
@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        "Poland_Swiecie_2023.pb",
        "Poland_Warszawa_2020_Praga-Poludnie.pb",
        "Poland_Warszawa_2026.pb",
    ],
)
def test_count_pb_recorded_matches_the_files_selected_outcome(world, name):
    """Imported and counted through the commands, each real election gives exactly the
    outcome its file records, by the rule its file names."""
    output = _run("import_pabulib", str(DATA / name), "--place", world.place.slug)
    round_id = output.strip().splitlines()[-1]
    result = json.loads(_run("count_pb", round_id, "--rule", "recorded", "--json"))
    recorded = {
        p.reference for p in Project.objects.filter(round_id=round_id, recorded_selected=True)
    }
    assert set(result["winners"]) == recorded
    assert result["total_cost"] == sum(
        Project.objects.filter(round_id=round_id, recorded_selected=True).values_list(
            "cost", flat=True
        )
    )
