"""The system map: network, SVG with text equivalent, filters, Kumu and CSV exports, and a query
count that does not grow with the data."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import services
from placecraft.partners.tests.factories import (
    commitment,
    commitments_for_every_viewer,
    funding_line,
)
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


def _commit(org, mission, title, amount=None, currency="GBP"):
    return services.create_commitment(
        actor=None,
        partner=org,
        mission=mission,
        data={
            "title": title,
            "visibility": "public",
            "pledged_amount": amount,
            "currency": currency,
        },
    )


def test_a_partners_commitments_to_a_mission_are_one_link_with_their_total(client, world):
    mission = public_mission(world)
    commitment(world)  # Helping Hands: "Run a volunteer driver scheme", nothing pledged
    _commit(world.partner, mission, "Lend minibuses", 1000)
    _commit(world.partner, mission, "Train drivers", 500)
    _commit(world.council, mission, "Pay for fuel", 200, "EUR")
    network = client.get(reverse("system_map", args=[world.place.slug])).context["network"]
    links = {(e.source, e.target): e for e in network.edges if e.type == "commitment"}
    partner = links[(f"organisation:{world.partner.pk}", f"mission:{mission.pk}")]
    assert (partner.label, partner.amount, partner.currency) == ("3 commitments", 1500, "GBP")
    council = links[(f"organisation:{world.council.pk}", f"mission:{mission.pk}")]
    assert (council.label, council.status, council.currency) == (
        "Pay for fuel",
        "In progress",
        "EUR",
    )
    assert not network.by_kind
    # The exports carry the same links.
    edges = client.get(reverse("system_map_edges", args=[world.place.slug])).content.decode()
    assert "3 commitments" in edges and "1500" in edges


def test_too_many_links_to_draw_groups_partners_by_kind(client, world, monkeypatch):
    from placecraft.partners import sysmap

    mission = public_mission(world)
    for i in range(6):
        org = Organisation.objects.create(
            place=world.place, name=f"Firm {i}", slug=f"firm-{i}", kind="sme"
        )
        _commit(org, mission, f"Apprenticeships {i}")
    monkeypatch.setattr(sysmap, "DETAIL_LIMIT", 4)
    url = reverse("system_map", args=[world.place.slug])
    response = client.get(url)
    network = response.context["network"]
    assert network.by_kind
    assert [n.key for n in network.partners] == ["kind:sme"]
    (link,) = [e for e in network.edges if e.type == "commitment"]
    assert link.label == "6 commitments by 6 partners"
    assert "grouped by kind" in response.content.decode()
    # The downloads keep every partner.
    nodes = client.get(reverse("system_map_nodes", args=[world.place.slug])).content.decode()
    assert all(f"Firm {i}" in nodes for i in range(6))
    # Choosing a kind (here still too many) or a mission narrows the picture.
    assert client.get(url, {"kind": "vcse"}).context["network"].by_kind is False


def test_map_totals_by_kind_are_what_each_viewer_may_see(client, world, charlie, dana, monkeypatch):
    from placecraft.partners import sysmap

    _, fran = commitments_for_every_viewer(world)
    monkeypatch.setattr(sysmap, "DETAIL_LIMIT", 0)  # always one node per kind of partner
    mission = public_mission(world)
    url = reverse("system_map", args=[world.place.slug])

    def vcse_link(user=None, **params):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, params)
        network = response.context["network"]
        assert network.by_kind
        links = {(e.source, e.target): e for e in network.edges if e.type == "commitment"}
        link = links[("kind:vcse", f"mission:{mission.pk}")]
        return link, response.content.decode(), network

    link, body, network = vcse_link()
    assert (link.label, link.amount, link.currency) == ("2 commitments by 2 partners", 105, "GBP")
    assert "2 commitments by 2 partners, £105" in body
    assert "Quiet plan" not in [n.label for n in network.missions]
    # A member of any organisation in the place also sees what is shared with partners.
    link, body, network = vcse_link(charlie)
    assert (link.label, link.amount) == ("3 commitments by 2 partners", 135)
    assert "3 commitments by 2 partners, £135" in body
    assert "Quiet plan" in [n.label for n in network.missions]  # the council's own mission
    # Each organisation's members see its private commitments too, and no one else's.
    link, body, _ = vcse_link(dana)
    assert (link.label, link.amount) == ("4 commitments by 2 partners", 185)
    assert "4 commitments by 2 partners, £185" in body
    # Money in more than one currency is never added up.
    link, body, _ = vcse_link(fran)
    assert (link.label, link.amount, link.currency) == ("4 commitments by 2 partners", None, "")
    assert "4 commitments by 2 partners</td>" in body
    # The kind filter gives the same totals.
    link, _, _ = vcse_link(dana, kind="vcse")
    assert (link.label, link.amount) == ("4 commitments by 2 partners", 185)


def test_map_links_per_partner_are_what_each_viewer_may_see(client, world, dana):
    food_bank, fran = commitments_for_every_viewer(world)
    mission = public_mission(world)
    url = reverse("system_map", args=[world.place.slug])

    def links(user=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        network = client.get(url).context["network"]
        assert not network.by_kind
        return {
            e.source: (e.label, e.status, e.amount, e.currency)
            for e in network.edges
            if e.type == "commitment" and e.target == f"mission:{mission.pk}"
        }

    partner, bank = f"organisation:{world.partner.pk}", f"organisation:{food_bank.pk}"
    assert links() == {
        partner: ("Lend minibuses", "In progress", 100, "GBP"),
        bank: ("Collect at stops", "Met", 5, "GBP"),
    }
    assert links(dana) == {
        partner: ("2 commitments", "", 150, "GBP"),
        bank: ("2 commitments", "", 35, "GBP"),
    }
    assert links(fran) == {
        partner: ("Lend minibuses", "In progress", 100, "GBP"),
        bank: ("3 commitments", "", None, ""),
    }


def test_map_queries_do_not_grow_for_a_partner_choosing_a_kind(client, world, dana):
    mission = public_mission(world)
    commitment(world)
    funding_line(world)
    client.force_login(dana)
    url = reverse("system_map", args=[world.place.slug]) + "?kind=vcse"
    few = assert_max_queries(client, url, 15)
    for i in range(30):
        org = Organisation.objects.create(
            place=world.place, name=f"Group {i}", slug=f"g-{i}", kind="vcse"
        )
        for visibility in ("public", "partners", "private"):
            services.create_commitment(
                actor=None,
                partner=org,
                mission=mission,
                data={"title": f"C{i}", "visibility": visibility, "pledged_amount": i},
            )
    assert assert_max_queries(client, url, 15) == few
