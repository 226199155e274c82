"""The pabulib reader and writer: real files, round trips, and every kind of malformed input."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from placecraft.budgeting.pabulib import (
    Election,
    PabulibError,
    Project,
    Voter,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)
from placecraft.budgeting.tests.realdata import DATA, needs_data, require_data

REAL_FILES = {
    "Netherlands_Assen_2024.pb": (14, 84),
    "Poland_Swiecie_2023.pb": (22, 2553),
    "Poland_Warszawa_2020_Praga-Poludnie.pb": (134, 14897),
    "Poland_Warszawa_2026.pb": (83, 61668),
}

GOOD = """META
key;value
description;A small test
num_projects;3
num_votes;3
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name;selected
1;60;2;"Park; with benches";1
2;50;2;Library;0
3;30;1;Bins;1
VOTES
voter_id;vote;age
a;1,2;30
b;2,3;41
c;1;
"""

CUMULATIVE = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
p1;60
p2;50
VOTES
voter_id;vote;points
v1;p1,p2;3,2
v2;p2;5
"""


def test_parses_a_small_approval_file():
    election = parse_pabulib(GOOD)
    assert election.budget == 100
    assert election.vote_type == "approval"
    assert election.meta["rule"] == "greedy"
    assert election.projects[0] == Project(
        id="1", cost=60, name="Park; with benches", votes=2, selected=1
    )
    assert [v.vote for v in election.voters] == [("1", "2"), ("2", "3"), ("1",)]
    assert election.voters[0].extra == {"age": "30"}
    assert election.voters[2].extra == {"age": ""}


def test_parses_cumulative_points_and_bytes_with_a_bom():
    election = parse_pabulib(b"\xef\xbb\xbf" + CUMULATIVE.replace("\n", "\r\n").encode())
    assert election.vote_type == "cumulative"
    assert election.voters[0] == Voter(id="v1", vote=("p1", "p2"), points=(3, 2))


def test_ordinal_ballots_keep_their_order():
    text = CUMULATIVE.replace("cumulative", "ordinal").replace(";points", "")
    text = text.replace("v1;p1,p2;3,2", "v1;p2,p1").replace("v2;p2;5", "v2;p2")
    election = parse_pabulib(text)
    assert election.voters[0].vote == ("p2", "p1")
    assert election.voters[0].points is None


def test_an_empty_ballot_is_allowed():
    election = parse_pabulib(GOOD.replace("c;1;", "c;;"))
    assert election.voters[2].vote == ()


def test_decimal_budget_is_kept_exactly():
    election = parse_pabulib(GOOD.replace("budget;100", "budget;100,5"))
    assert election.budget == Fraction(201, 2)


MALFORMED = [
    ("", 1, "the file is empty"),
    ("  \n\n", 1, "the file is empty"),
    (GOOD.split("VOTES")[0], 13, "the VOTES section is missing"),
    (GOOD.replace("META\nkey;value\n", "", 1), 1, "must start with a META section"),
    (GOOD.replace("1;60;2;", "1;sixty;2;"), 11, "has cost 'sixty'"),
    (GOOD.replace("1;60;2;", "1;0;2;"), 11, "expected a whole number above 0"),
    (GOOD.replace("1;60;2;", "1;-60;2;"), 11, "has cost '-60'"),
    (GOOD.replace("1;60;2;", "1;60.5;2;"), 11, "has cost '60.5'"),
    (GOOD.replace("3;30;1;Bins;1", "2;30;1;Bins;1"), 13, "project '2' is listed twice"),
    (GOOD.replace("b;2,3;41", "b;2,9;41"), 17, "unknown project '9'"),
    (GOOD.replace("b;2,3;41", "b;2,2;41"), 17, "lists a project twice"),
    (GOOD.replace("b;2,3;41", "a;2,3;41"), 17, "voter 'a' has two ballots"),
    (GOOD.replace("b;2,3;41", "b;2,3"), 17, "expected 3 columns"),
    (GOOD.replace("2;50;2;Library;0", "2;50;2;Library"), 12, "expected 5 columns"),
    (GOOD.replace("budget;100\n", ""), 8, "META has no budget"),
    (GOOD.replace("budget;100", "budget;lots"), 6, "the budget 'lots' is not a number"),
    (GOOD.replace("budget;100", "budget;0"), 6, "the budget must be more than zero"),
    (GOOD.replace("vote_type;approval\n", ""), 8, "META has no vote_type"),
    (GOOD.replace("vote_type;approval", "vote_type;scoring"), 7, "'scoring' is not supported"),
    (GOOD.replace("rule;greedy", "rule;greedy;extra"), 8, "expected 2 columns"),
    (GOOD.replace("rule;greedy", "budget;200"), 8, "the META key 'budget' appears twice"),
    (GOOD.replace("project_id;cost;", "project_id;price;"), 10, "has no cost column"),
    (GOOD.replace("voter_id;vote;age", "voter_id;ballot;age"), 15, "has no vote column"),
    (GOOD.replace("2;50;2;Library;0", "2;50;many;Library;0"), 12, "votes 'many'"),
    (GOOD.replace("PROJECTS", "VOTES", 1), 9, "the VOTES section comes too early"),
    (GOOD + "META\nkey;value\n", 19, "the META section appears twice"),
    (CUMULATIVE.replace("3,2", "3,two"), 11, "has points 'two'"),
    (CUMULATIVE.replace("3,2", "3"), 11, "gives 1 points for 2 projects"),
    (
        CUMULATIVE.replace(";points", ";score").replace("3,2", "3").replace(";5", ";1"),
        10,
        "needs a points column",
    ),
    ('META\nkey;value\ndescription;"unterminated\n', 3, "badly quoted"),
    (
        GOOD.replace(
            'PROJECTS\nproject_id;cost;votes;name;selected\n1;60;2;"Park; with benches";1\n'
            "2;50;2;Library;0\n3;30;1;Bins;1\n",
            "PROJECTS\nproject_id;cost\n",
        ),
        11,
        "lists no projects",
    ),
]


@pytest.mark.parametrize(("text", "line", "reason"), MALFORMED)
def test_malformed_files_are_rejected_with_line_and_reason(text, line, reason):
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text)
    assert reason in caught.value.reason
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")


def test_non_utf8_bytes_are_rejected_with_their_line():
    data = GOOD.replace("Library", "Biblioth\xe8que").encode("latin-1")
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(data)
    assert caught.value.line == 12
    assert caught.value.reason == "the file is not UTF-8 text"


def test_round_trip_with_a_selected_column():
    election = parse_pabulib(GOOD)
    written = write_pabulib(election, selected=["2"])
    again = parse_pabulib(written)
    assert [p.selected for p in again.projects] == [0, 1, 0]
    assert again.voters == election.voters
    assert again.projects[0].name == "Park; with benches"
    assert again.meta["num_votes"] == "3"


def test_writer_handles_an_election_built_in_code():
    election = Election(
        meta={},
        budget=Fraction(10),
        vote_type="cumulative",
        projects=(Project(id="x", cost=4, name="Line\nbreak"), Project(id="y", cost=6)),
        voters=(Voter(id="1", vote=("x", "y"), points=(2, 1)),),
    )
    again = parse_pabulib(write_pabulib(election))
    assert again.budget == 10
    assert again.projects[0].name == "Line break"
    assert again.voters == election.voters


def test_pabutools_reads_what_we_write(tmp_path):
    pabutools = pytest.importorskip("pabutools.election")
    path = tmp_path / "out.pb"
    path.write_text(write_pabulib(parse_pabulib(GOOD), selected=["1", "3"]), encoding="utf-8")
    instance, profile = pabutools.parse_pabulib(str(path))
    assert instance.budget_limit == 100
    assert sorted(p.name for p in instance) == ["1", "2", "3"]
    assert {p.name: m["selected"] for p, m in instance.project_meta.items()} == {
        "1": "1",
        "2": "0",
        "3": "1",
    }
    assert profile.num_ballots() == 3


@needs_data
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_files_parse_and_round_trip(name):
    election = read_pabulib(DATA / name)
    projects, voters = REAL_FILES[name]
    assert len(election.projects) == projects == int(election.meta["num_projects"])
    assert len(election.voters) == voters == int(election.meta["num_votes"])
    assert all(p.selected in (0, 1) for p in election.projects)
    # the votes column agrees with the ballots
    approvals: dict[str, int] = {}
    for voter in election.voters:
        for project_id in voter.vote:
            approvals[project_id] = approvals.get(project_id, 0) + 1
    assert {p.id: p.votes for p in election.projects} == {
        p.id: approvals.get(p.id, 0) for p in election.projects
    }
    if voters < 20000:  # the round trip of the biggest file is covered by the benchmark
        again = parse_pabulib(write_pabulib(election))
        assert again.projects == election.projects
        assert again.voters == election.voters


def test_missing_real_data_fails_under_ci_and_skips_with_the_reason_elsewhere(
    tmp_path, monkeypatch
):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"missing.*CI must provide them"):
        require_data(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(
        pytest.skip.Exception,
        match=rf"the real pabulib elections are missing.*{re.escape(str(missing))}",
    ):
        require_data(missing)
    assert require_data(tmp_path) == tmp_path
