from django.urls import reverse

from placecraft.frameworks.models import (
    Answer,
    Exercise,
    FrameworkVersion,
    Prompt,
    Response,
    SurveyTeam,
)
from placecraft.missions import scoping
from placecraft.missions.tests.factories import make_mission
from placecraft.testing import assert_max_queries


def _survey(world, mission, owner, ratings, team=""):
    version = FrameworkVersion.objects.filter(
        framework__slug="mission-scoping", organisation=None
    ).latest("number")
    exercise = Exercise.objects.create(
        place=world.place,
        organisation=owner,
        version=version,
        title=f"Scoping {mission}",
        mode="survey",
        subject_type="mission",
        subject_id=mission.pk,
        visibility="partners",
    )
    prompt = Prompt.objects.filter(version=version, kind="rating").order_by("position")[0]
    team_obj = SurveyTeam.objects.create(exercise=exercise, label=team) if team else None
    for rating in ratings:
        response = Response.objects.create(exercise=exercise, team=team_obj)
        Answer.objects.create(response=response, prompt=prompt, rating=rating)
    return prompt


def test_candidates_side_by_side_with_consensus_and_gaps(world, bob, client):
    a = make_mission(world, "a", title="Candidate A")
    b = make_mission(world, "b", title="Candidate B", status="scoping")
    make_mission(world, "c", title="Active one", status="active")
    prompt = _survey(world, a, world.council, [4, 5, 4])
    _survey(world, b, world.partner, [1, 5], team="Residents")
    result = scoping.scoping(bob, world.place)
    assert [m.title for m in result.missions] == ["Candidate A", "Candidate B"]
    row = next(r for r in result.rows if r.slug == prompt.slug)
    assert (row.cells[0].average, row.cells[0].consensus) == (4.3, "Agreement")
    assert (row.cells[1].average, row.cells[1].consensus) == (3.0, "Views differ")
    assert set(result.heard_from) == {
        "Council",
        "Residents",
        "Voluntary, community or social enterprise (VCSE)",
    }
    gap_kinds = {g.kind for g in result.gaps}
    assert (
        "strategic-authority" in gap_kinds
        and "council" not in gap_kinds
        and "residents" not in gap_kinds
    )
    strategic = next(g for g in result.gaps if g.kind == "strategic-authority")
    assert strategic.examples == ["Testshire Combined Authority"]
    # A team named after an organisation counts for its kind; examples are the first three
    # organisations of a kind by name.
    from placecraft.places.models import Organisation

    for name in ("Delta Trust", "Alpha Trust", "Charlie Trust", "Bravo Trust"):
        Organisation.objects.create(place=world.place, name=name, slug=name, kind="university")
    _survey(world, b, world.partner, [3], team="testshire combined authority")
    result = scoping.scoping(bob, world.place)
    assert "strategic-authority" not in {g.kind for g in result.gaps}
    university = next(g for g in result.gaps if g.kind == "university")
    assert university.examples == ["Alpha Trust", "Bravo Trust", "Charlie Trust"]
    client.force_login(bob)
    url = reverse("scoping_comparison", args=[world.place.slug])
    page = client.get(url).content.decode()
    assert "Candidate A" in page and "Views differ" in page and "Active one" not in page
    assert "Who have we not heard from?" in page and "Strategic authority" in page
    assert_max_queries(client, url, 15)


def test_missions_are_framework_subjects(world, bob):
    from placecraft.frameworks.subjects import provider

    mission = make_mission(world, "a", title="Candidate A")
    chosen = provider("mission")
    assert chosen is not None
    assert chosen.choices(world.place, bob) == [(mission.pk, "Candidate A")]
    assert chosen.choices(world.place, world.users["partner_member"]) == []
    assert chosen.names(world.place, [mission.pk]) == {mission.pk: "Candidate A"}
