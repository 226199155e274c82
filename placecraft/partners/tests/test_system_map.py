"""The system map: network, SVG with text equivalent, filters, Kumu and CSV exports, and a query
count that does not grow with the data."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import services
from placecraft.partners.tests.factories import commitment, funding_line
from placecraft.places.models import Organisation
from placecraft.testing import assert_max_queries


def test_map_shows_partners_missions_and_funding_with_a_text_equivalent(client, world):
    commitment(world)
    funding_line(world)
    services.update_profile(
        actor=None, organisation=world.council, data={}, missions=[public_mission(world)]
    )
    response = client.get(reverse("system_map", args=[world.place.slug]))
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "Run a volunteer driver scheme" in body  # the commitment, in the links table
    assert "Bus Service Improvement Plan" in body
    network = response.context["network"]
    assert [n.label for n in network.missions] == ["Moving freely"]
    kinds = [n.kind for n in network.partners]
    assert kinds == sorted(kinds, key=["council", "strategic-authority", "vcse"].index)
    assert {e.type for e in network.edges} == {"commitment", "interest", "funding", "contribution"}


def test_filters_by_kind_and_mission_and_hides_what_you_may_not_see(client, world, bob):
    commitment(world)
    services.create_commitment(
        actor=None,
        partner=world.council,
        mission=private_mission(world),
        data={"title": "Secret plan", "visibility": "public"},
    )
    url = reverse("system_map", args=[world.place.slug])
    anonymous = client.get(url).context["network"]
    assert "Quiet plan" not in [n.label for n in anonymous.missions]
    assert all(e.label != "Secret plan" for e in anonymous.edges)
    client.force_login(bob)
    everything = client.get(url).context["network"]
    assert "Secret plan" in [e.label for e in everything.edges]
    only_vcse = client.get(url, {"kind": "vcse"}).context["network"]
    assert {n.kind for n in only_vcse.partners} == {"vcse"}
    one = client.get(url, {"mission": "quiet-plan"}).context["network"]
    assert [n.label for n in one.missions] == ["Quiet plan"]


def test_kumu_and_csv_exports(client, world):
    commitment(world)
    funding_line(world)
    kumu = client.get(reverse("system_map_kumu", args=[world.place.slug])).json()
    labels = {e["label"] for e in kumu["elements"]}
    assert {"Moving freely", "Helping Hands", "Bus Service Improvement Plan"} <= labels
    assert all(c["from"] in labels and c["to"] in labels for c in kumu["connections"])
    assert {"from": "Helping Hands", "to": "Moving freely", "type": "Commitment"}.items() <= next(
        c for c in kumu["connections"] if c["type"] == "Commitment"
    ).items()
    nodes = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("system_map_nodes", args=[world.place.slug])).content.decode()
            )
        )
    )
    edges = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("system_map_edges", args=[world.place.slug])).content.decode()
            )
        )
    )
    assert nodes[0] == ["id", "label", "type", "kind"]
    assert edges[0] == ["from", "to", "type", "label", "status", "amount", "currency"]
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in edges[1:])


def test_the_layout_is_deterministic(client, world):
    commitment(world)
    url = reverse("system_map", args=[world.place.slug])
    assert client.get(url).context["svg"] == client.get(url).context["svg"]


def test_map_queries_do_not_grow_with_the_data(client, world):
    mission = public_mission(world)
    commitment(world)
    funding_line(world)
    url = reverse("system_map", args=[world.place.slug])
    few = assert_max_queries(client, url, 15)
    for i in range(40):
        org = Organisation.objects.create(
            place=world.place, name=f"Partner {i}", slug=f"p-{i}", kind=["sme", "university"][i % 2]
        )
        services.create_commitment(
            actor=None,
            partner=org,
            mission=mission,
            data={"title": f"C{i}", "visibility": "public"},
        )
        services.update_profile(actor=None, organisation=org, data={}, missions=[mission])
    assert assert_max_queries(client, url, 15) == few
