"""360Giving and OCDS imports: real-shaped samples go in; missing fields, bad currencies and bad
dates are refused with numbered errors and nothing imported."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from placecraft.missions.tests.factories import public_mission
from placecraft.partners import giving, ocds, services
from placecraft.partners.models import Contract, DataImport, Grant, GrantMission
from placecraft.partners.tests.factories import FIXTURES


def _import(world, name, **kwargs):
    with (FIXTURES / name).open("rb") as stream:
        return giving.import_grants(
            actor=None, place=world.place, organisation=world.council, stream=stream, file_name=name
        )


def test_360giving_json_package_is_imported(world):
    result = _import(world, "grants.json")
    assert (result.created, result.updated) == (2, 0)
    bus = Grant.objects.get(identifier="360G-testshire-0001")
    assert bus.amount_awarded == 45000 and bus.currency == "GBP"
    assert bus.award_date.isoformat() == "2024-06-01"
    assert (bus.recipient_org_id, bus.funder_org_name) == (
        "GB-CHC-1000001",
        "Testshire Community Fund",
    )
    # Matched to the organisation in the place by name.
    assert bus.recipient_organisation == world.partner
    walk = Grant.objects.get(identifier="360G-testshire-0002")
    assert str(walk.amount_awarded) == "3250.50"
    assert walk.award_date.isoformat() == "2024-09-15"


def test_reimporting_replaces_rather_than_duplicates(world):
    _import(world, "grants.json")
    result = _import(world, "grants.json")
    assert (result.created, result.updated) == (0, 2)
    assert Grant.objects.count() == 2


def test_360giving_flat_csv_is_imported(world):
    result = _import(world, "grants.csv")
    assert result.created == 2
    cafe = Grant.objects.get(identifier="360G-testshire-0101")
    assert cafe.data["plannedDates"][0]["startDate"] == "2025-02-01"
    assert cafe.data["recipientOrganization"][0]["charityNumber"] == "1000001"
    assert str(Grant.objects.get(identifier="360G-testshire-0102").amount_awarded) == "8500.75"


def test_360giving_xlsx_is_imported(world):
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    for row in (FIXTURES / "grants.csv").read_text().splitlines():
        sheet.append(next(iter(__import__("csv").reader([row]))))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = giving.import_grants(
        actor=None, place=world.place, organisation=world.council, stream=buffer, file_name="g.xlsx"
    )
    assert result.created == 2


def test_bad_json_is_refused_with_record_numbers_and_nothing_imported(world):
    with pytest.raises(giving.GrantImportFailed) as failure:
        _import(world, "grants-bad.json")
    messages = [str(e) for e in failure.value.errors]
    assert "Grant 1: title is missing." in messages
    assert any(
        m.startswith("Grant 2: The currency “POUNDS” is not an ISO 4217 code") for m in messages
    )
    assert any(
        m.startswith("Grant 2: awardDate “15/09/2024” is not an ISO 8601 date") for m in messages
    )
    assert Grant.objects.count() == 0 and DataImport.objects.count() == 0


def test_bad_csv_is_refused_with_row_numbers_and_nothing_imported(world):
    with pytest.raises(giving.GrantImportFailed) as failure:
        _import(world, "grants-bad.csv")
    messages = [str(e) for e in failure.value.errors]
    assert any(m.startswith("Row 2: The currency “XYZ”") for m in messages)
    assert any(m.startswith("Row 2: awardDate “2025-02-30”") for m in messages)
    assert (
        "Row 3: The recipient organisation's name is missing (recipientOrganization/0/name)."
        in messages
    )
    assert Grant.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "File: it is not valid JSON"),
        (b'{"grants": []}', 'File: the "grants" list is empty.'),
        (b'{"records": []}', "File: a 360Giving JSON package is an object with a"),
    ],
)
def test_broken_json_files_say_why(world, content, expected):
    with pytest.raises(giving.GrantImportFailed) as failure:
        giving.import_grants(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=io.BytesIO(content),
            file_name="x.json",
        )
    assert str(failure.value.errors[0]).startswith(expected)


def test_a_csv_without_required_columns_names_them(world):
    content = b"Identifier,Title\nA,B\n"
    with pytest.raises(giving.GrantImportFailed) as failure:
        giving.import_grants(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=io.BytesIO(content),
            file_name="x.csv",
        )
    assert "Description, Currency, Amount Awarded" in str(failure.value.errors[0])


def test_repeated_identifiers_are_refused(world):
    package = json.loads((FIXTURES / "grants.json").read_text())
    package["grants"][1]["id"] = package["grants"][0]["id"]
    with pytest.raises(giving.GrantImportFailed) as failure:
        giving.import_grants(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=io.BytesIO(json.dumps(package).encode()),
            file_name="x.json",
        )
    assert "is used again (first in grant 1)" in str(failure.value.errors[0])


def test_another_organisations_grant_cannot_be_overwritten(world):
    _import(world, "grants.json")
    with (FIXTURES / "grants.json").open("rb") as stream, pytest.raises(giving.GrantImportFailed):
        giving.import_grants(
            actor=None,
            place=world.place,
            organisation=world.partner,
            stream=stream,
            file_name="g.json",
        )


def test_rules_link_grants_and_hand_links_survive_a_rule_going(world):
    mission = public_mission(world)
    _import(world, "grants.json")
    rule, linked = services.create_grant_rule(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={"kind": "keyword", "value": "WALK", "mission": mission},
    )
    assert linked == 1
    walk = Grant.objects.get(identifier="360G-testshire-0002")
    assert list(walk.missions.all()) == [mission]
    bus = Grant.objects.get(identifier="360G-testshire-0001")
    services.set_grant_missions(actor=None, grant=bus, missions=[mission])
    services.delete_grant_rule(actor=None, rule=rule)
    assert list(GrantMission.objects.values_list("grant__identifier", flat=True)) == [
        "360G-testshire-0001"
    ]
    # Rules apply to later imports too.
    services.create_grant_rule(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={"kind": "funder", "value": "gb-coh-00000001", "mission": mission},
    )
    assert _import(world, "grants.csv").linked == 2


def test_the_import_page_lists_problems_and_keeps_nothing(client, world, bob):
    client.force_login(bob)
    with (FIXTURES / "grants-bad.csv").open("rb") as upload:
        response = client.post(
            reverse("grant_import", args=[world.place.slug]),
            {"organisation": world.council.pk, "file": upload, "visibility": "public"},
        )
    assert response.status_code == 200
    assert "The file was not imported" in response.content.decode()
    assert "Row 2: The currency “XYZ”" in response.content.decode()
    assert Grant.objects.count() == 0


def test_ocds_release_package_takes_the_latest_release(world):
    with (FIXTURES / "ocds-release-package.json").open("rb") as stream:
        result = ocds.import_contracts(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=stream,
            file_name="r.json",
        )
    assert result.created == 1
    contract = Contract.objects.get()
    assert contract.release_id == "ocds-test01-ng-0001-02-award"
    assert contract.tags == ["award", "contract"]
    assert contract.value_amount == 480000 and contract.currency == "GBP"
    assert contract.supplier_names == ["Helping Hands"]
    assert "Two apprenticeships" in contract.social_value


def test_ocds_record_package_uses_the_compiled_release(world):
    with (FIXTURES / "ocds-record-package.json").open("rb") as stream:
        ocds.import_contracts(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=stream,
            file_name="r.json",
        )
    contract = Contract.objects.get()
    assert contract.title == "School crossing patrols"
    assert contract.supplier_names == ["Safe Steps Ltd"]


def test_bad_ocds_is_refused_with_release_numbers_and_nothing_imported(world):
    with (
        (FIXTURES / "ocds-bad.json").open("rb") as stream,
        pytest.raises(giving.GrantImportFailed) as failure,
    ):
        ocds.import_contracts(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=stream,
            file_name="b.json",
        )
    messages = [str(e) for e in failure.value.errors]
    assert "Release 1: ocid is missing." in messages
    assert any(
        m.startswith("Release 1: date “10 January 2025” is not an ISO 8601") for m in messages
    )
    assert any(m.startswith("Release 2: tag is missing") for m in messages)
    assert any("awards[0].value.currency: the currency “QQQ”" in m for m in messages)
    assert any("contracts[0].value.amount “480,000” is not a number" in m for m in messages)
    assert Contract.objects.count() == 0 and DataImport.objects.count() == 0


def test_social_value_becomes_the_suppliers_commitment(world):
    from placecraft.partners.tests.factories import contract

    made = contract(world)
    commitment = services.record_social_value(
        actor=None,
        contract=made,
        supplier=world.partner,
        mission=public_mission(world),
        data={"title": "Two apprenticeships", "resources_pledged": made.social_value},
    )
    assert commitment.organisation == world.partner
    assert commitment.source == "contract" and commitment.contract == made


def test_the_social_value_form_suggests_the_supplier_in_one_query(world):
    from placecraft.partners.services import match_organisation

    names = ["Nobody Ltd", f"  {world.partner.name.upper()} ", world.authority.name]
    assert match_organisation(world.place, names) == world.partner
    assert match_organisation(world.place, ["Nobody Ltd", ""]) is None
    assert match_organisation(world.place, []) is None


def test_the_social_value_form_names_the_supplier_in_a_box(client, world, bob):
    from placecraft.partners.models import Commitment
    from placecraft.partners.tests.factories import contract

    made = contract(world)
    mission = public_mission(world)
    url = reverse("contract_social_value", args=[world.place.slug, made.pk])
    client.force_login(bob)
    page = client.get(url)
    assert page.status_code == 200
    # No list of every organisation of the place: the supplier is typed (or suggested).
    assert 'name="supplier"' in page.content.decode()
    assert "<select" not in page.content.decode().split('name="supplier"')[0][-300:]
    data = {"mission": mission.pk, "title": "Two apprenticeships"}
    unknown = client.post(url, {**data, "supplier": "Nobody Ltd"})
    assert unknown.status_code == 200
    assert "No organisation in this place is called “Nobody Ltd”" in unknown.content.decode()
    assert not Commitment.objects.filter(title="Two apprenticeships").exists()
    done = client.post(url, {**data, "supplier": f" {world.partner.slug.upper()} "})
    assert done.status_code == 302
    made_commitment = Commitment.objects.get(title="Two apprenticeships")
    assert made_commitment.organisation == world.partner and made_commitment.contract == made
    # Another place's organisation of the same name is not this place's supplier.
    other = client.post(url, {**data, "supplier": world.other_org.name})
    assert "No organisation in this place is called" in other.content.decode()
