"""The public mission page, list, home and downloads: anonymous visitors see public content only;
page queries do not grow with the number of missions."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from placecraft.evidence import services as evidence_services
from placecraft.evidence.tests.factories import add_observations, make_indicator
from placecraft.missions import services
from placecraft.missions.models import BoardMember, ProgressUpdate, ReferenceOutcome
from placecraft.missions.tests.factories import make_mission
from placecraft.testing import assert_max_queries, count_queries


@pytest.fixture
def rich(world):
    """A public mission with public and partners-only indicators, public and private board
    members, an update, alignment; and a private mission."""
    mission = make_mission(
        world,
        "moving-freely",
        title="Moving freely",
        status="active",
        why_it_matters="Cars **dominate** our streets.",
        get_involved="Join the walking forum.",
    )
    authority = make_mission(
        world, "big-goal", owner=world.authority, title="Big goal", status="active"
    )
    services.set_alignment(
        actor=None,
        mission=mission,
        contributes_to=[authority],
        outcomes=[ReferenceOutcome.objects.get(slug="clean-energy")],
    )
    BoardMember.objects.create(
        mission=mission, name="Pat Chair", role="chair", organisation=world.council
    )
    BoardMember.objects.create(
        mission=mission,
        name="Rita Resident",
        role="community-seat",
        represents="Northgate residents",
    )
    BoardMember.objects.create(mission=mission, name="Sam Hidden", role="member", is_public=False)
    services.add_update(
        actor=None,
        mission=mission,
        data={
            "period_label": "Spring 2026",
            "status": "some-risk",
            "narrative": "Bus use is recovering slowly.",
        },
    )
    public = make_indicator(
        world, "active-travel", name="Journeys on foot or by bike", direction="higher"
    )
    add_observations(public, "E06000001", {"2019": 30.0, "2020": 32.0, "2021": 33.0})
    partners = make_indicator(
        world, "internal-count", name="Internal survey score", visibility="partners"
    )
    add_observations(partners, "E06000001", {"2020": 1.0})
    for indicator in (public, partners):
        evidence_services.link_indicator(
            actor=None,
            mission=mission,
            indicator=indicator,
            data={
                "geography_code": "E06000001",
                "headline": True,
                "baseline_period": "2019",
                "baseline_value": 30.0,
            },
            targets=[("2030", 50.0)],
        )
    make_mission(world, "quiet-plan", title="Quiet plan", visibility="private")
    make_mission(world, "partner-plan", title="Partner plan", visibility="partners")
    return mission


def test_anonymous_visitors_see_only_public_content(world, rich, client):
    page = client.get(
        reverse("mission_detail", args=[world.place.slug, rich.slug])
    ).content.decode()
    for shown in (
        "Moving freely",
        "By 2035",
        "<strong>dominate</strong>",
        "Pat Chair",
        "Rita Resident",
        "Northgate residents",
        "Journeys on foot or by bike",
        "Bus use is recovering slowly.",
        "Join the walking forum.",
        "Big goal",
        "Make Britain a clean energy superpower",
        "<svg",
        "data.csv",
        "data.json",
    ):
        assert shown in page, shown
    for hidden in ("Sam Hidden", "Internal survey score", "Change status", "Edit the mission"):
        assert hidden not in page, hidden
    listing = client.get(reverse("mission_list", args=[world.place.slug])).content.decode()
    assert (
        "Moving freely" in listing and "Quiet plan" not in listing and "Partner plan" not in listing
    )
    home = client.get(reverse("place_home", args=[world.place.slug])).content.decode()
    assert "Moving freely" in home and "Quiet plan" not in home and "Partner plan" not in home


def test_partners_see_partner_content_and_owners_see_management(world, rich, dana, bob):
    partner = Client()
    partner.force_login(dana)
    page = partner.get(
        reverse("mission_detail", args=[world.place.slug, rich.slug])
    ).content.decode()
    assert (
        "Internal survey score" in page and "Sam Hidden" in page and "Edit the mission" not in page
    )
    assert (
        "Partner plan"
        in partner.get(reverse("mission_list", args=[world.place.slug])).content.decode()
    )
    owner = Client()
    owner.force_login(bob)
    page = owner.get(reverse("mission_detail", args=[world.place.slug, rich.slug])).content.decode()
    assert "Edit the mission" in page and "Change status" in page


def test_every_indicator_status_is_shown_with_the_latest_narrative(world, rich, client):
    page = client.get(
        reverse("mission_detail", args=[world.place.slug, rich.slug])
    ).content.decode()
    section = page.split("Journeys on foot or by bike", 1)[1]
    assert "Off track" in section or "On track" in section or "Close to trajectory" in section
    assert "What the mission's leads say" in section and "Bus use is recovering slowly." in section


def test_downloads_hold_public_data_only(world, rich, client):
    response = client.get(reverse("mission_json", args=[world.place.slug, rich.slug]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["mission"]["title"] == "Moving freely"
    assert [i["slug"] for i in data["indicators"]] == ["active-travel"]
    assert [o["period"] for o in data["indicators"][0]["observations"]] == ["2019", "2020", "2021"]
    assert data["indicators"][0]["targets"] == [{"period": "2030", "value": 50.0}]
    assert [b["name"] for b in data["mission"]["board"]] == ["Pat Chair", "Rita Resident"]
    assert data["updates"][0]["narrative"] == "Bus use is recovering slowly."
    response = client.get(reverse("mission_csv", args=[world.place.slug, rich.slug]))
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "mission,indicator,unit,geography_code,kind,period,value,lower,upper"
    assert "moving-freely,active-travel,score out of 10,E06000001,observation,2021,33.0,," in lines
    assert not any("internal-count" in line for line in lines)
    assert (
        client.get(reverse("mission_csv", args=[world.place.slug, "quiet-plan"])).status_code == 404
    )


def _missions(world, n, start=0):
    for i in range(start, start + n):
        m = make_mission(world, f"bulk-{i}", title=f"Bulk {i}", status="active")
        m.leads.add(world.users["council_admin"])
        ProgressUpdate.objects.create(mission=m, period_label="p", status="on-track", narrative="n")


@pytest.mark.parametrize("user", ["anonymous", "council_admin"])
def test_list_home_and_dashboard_queries_do_not_grow_with_missions(world, user):
    client = Client()
    if user != "anonymous":
        client.force_login(world.users[user])
    urls = [
        reverse("mission_list", args=[world.place.slug]),
        reverse("place_home", args=[world.place.slug]),
        reverse("alignment_map", args=[world.place.slug]),
    ]
    if user != "anonymous":
        urls.append(reverse("dashboard"))

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with count_queries() as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    _missions(world, 3)
    with_three = counts()
    _missions(world, 17, start=3)
    assert counts() == with_three
    for url in urls:
        assert_max_queries(client, url, 15)


def test_public_mission_page_queries_do_not_grow_with_indicators_or_figures(world, rich):
    client = Client()
    url = reverse("mission_detail", args=[world.place.slug, rich.slug])
    client.get(url)
    before = assert_max_queries(client, url, 20)
    for i in range(5):
        indicator = make_indicator(world, f"extra-{i}", name=f"Extra {i}")
        add_observations(indicator, "E06000001", {str(2000 + y): float(y) for y in range(20)})
        evidence_services.link_indicator(
            actor=None,
            mission=rich,
            indicator=indicator,
            data={"geography_code": "E06000001"},
            targets=[],
        )
    assert assert_max_queries(client, url, 20) == before


def test_the_list_shows_each_missions_owner_status_last_update_and_whether_it_is_overdue(
    world, client
):
    """The rows are worked out in Python (``selectors.list_rows``): the tag colours, the date as
    the ``date`` filter writes it (in local time) and the overdue tag as before."""
    from datetime import timedelta

    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone

    from placecraft.missions.models import Mission

    late = make_mission(world, "late", title="Late <one>", status="active")
    updated = timezone.now() - timedelta(days=200)
    Mission.objects.filter(pk=late.pk).update(last_update_at=updated)
    make_mission(world, "fresh", title="Fresh idea", owner=world.authority)
    url = reverse("mission_list", args=[world.place.slug])
    page = " ".join(client.get(url).content.decode().split())
    detail = reverse("mission_detail", args=[world.place.slug, "late"])
    assert f'<a class="govuk-link" href="{detail}">Late &lt;one&gt;</a>' in page
    assert f'<td class="govuk-table__cell">{world.council.name}</td>' in page
    assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--light-blue">Candidate</strong>' in page
    shown = date_filter(timezone.localtime(updated), "j M Y")
    assert f'{shown} <strong class="govuk-tag govuk-tag--orange">Update overdue</strong>' in page
    assert "None yet </td>" in page  # the candidate has had no update, and is not overdue
    assert page.count("Update overdue") == 1


def test_the_mission_page_names_its_owner_and_co_owners(world, client):
    """``selectors.relations`` gives the co-owners as names: the caption prints them."""
    services.create_mission(
        actor=None,
        place=world.place,
        data={
            "title": "Shared plan",
            "slug": "shared-plan",
            "statement": "Together.",
            "ambition": "By 2035, more.",
            "horizon_year": 2035,
            "visibility": "public",
            "organisation": world.council,
        },
        co_owners=[world.authority, world.partner],
    )
    page = client.get(reverse("mission_detail", args=[world.place.slug, "shared-plan"]))
    first, second = sorted([world.authority.name, world.partner.name])
    names = f"{world.council.name}, {first} and {second}"
    assert f"{escape(names)}</span>" in page.content.decode()
