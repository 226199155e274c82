"""The rows of the long tables (commitments, funding lines, grants, contracts) and the pooled-data
choices, which are written in Python: each row says what the template used to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dateformat import format as date_format

from placecraft.evidence.tests.factories import mission_link
from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import services
from placecraft.partners.models import Commitment
from placecraft.partners.tables import whole_amount
from placecraft.partners.tests.factories import commitment, contract, funding_line, grants


def _page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    content: bytes = response.content
    return content.decode()


def test_a_commitment_row_links_dates_and_tags_it(client, world, charlie):
    made = commitment(world)
    Commitment.objects.filter(pk=made.pk).update(status="at-risk", update_due=date(2020, 1, 1))
    client.force_login(charlie)
    page = _page(client, "commitment_list", world.place.slug)
    detail = reverse("commitment_detail", args=[world.place.slug, made.pk])
    assert f'<a class="govuk-link" href="{detail}">{made.title}</a>' in page
    assert f'<td class="govuk-table__cell">{world.partner.name}</td>' in page
    assert f'<td class="govuk-table__cell">{public_mission(world).title}</td>' in page
    assert '<td class="govuk-table__cell">31 Mar 2026</td>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">At risk</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Update overdue</strong>' in page
    # A closed commitment is never overdue; one without a date says so with a dash.
    Commitment.objects.filter(pk=made.pk).update(status="met", due_date=None)
    page = _page(client, "commitment_list", world.place.slug)
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in page
    assert 'govuk-tag--red">Update overdue' not in page
    assert '<td class="govuk-table__cell">–</td>' in page


def test_a_partners_own_page_lists_its_commitments_without_the_partner_column(client, world):
    made = commitment(world)
    page = _page(client, "partner_detail", world.place.slug, world.partner.slug)
    assert f">{made.title}</a>" in page
    assert f'<td class="govuk-table__cell">{public_mission(world).title}</td>' in page
    assert f'<td class="govuk-table__cell">{world.partner.name}</td>' not in page
    assert '<strong class="govuk-tag govuk-tag--blue">In progress</strong>' in page


def test_a_funding_row_names_its_contributors_money_period_and_missions(client, world, erin, bob):
    line = funding_line(world)
    hidden = private_mission(world)
    line.missions.add(hidden)
    client.force_login(erin)
    page = _page(client, "funding_list", world.place.slug)
    contributors = ", ".join(sorted([world.council.name, world.authority.name]))
    assert f"Pooled fund: {contributors}</span>" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">250,000 GBP</td>' in page
    assert '<td class="govuk-table__cell">Apr 2025 to Mar 2026</td>' in page
    assert f'<td class="govuk-table__cell">{public_mission(world).title}</td>' in page
    assert hidden.title not in page
    edit = reverse("funding_edit", args=[world.place.slug, line.pk])
    assert edit not in page
    # The council's admin may change the council's line.
    client.force_login(bob)
    page = _page(client, "funding_list", world.place.slug)
    assert (
        f'<a class="govuk-link" href="{edit}">Change'
        f'<span class="govuk-visually-hidden"> {line.name}</span></a>'
    ) in page


def test_a_grant_row_links_it_and_names_its_funder_date_money_and_missions(client, world):
    made = grants(world)
    page = _page(client, "grant_list", world.place.slug)
    for grant in made:
        detail = reverse("grant_detail", args=[world.place.slug, grant.pk])
        assert f'<a class="govuk-link" href="{detail}">{grant.title}</a>' in page
        assert f"from {grant.funder_org_name}</span>" in page
        # As Django's date filter writes it.
        assert (
            f'<td class="govuk-table__cell">{date_format(grant.award_date, "j M Y")}</td>' in page
        )
    assert f'<td class="govuk-table__cell">{public_mission(world).title}</td>' in page
    assert '<td class="govuk-table__cell">–</td>' in page  # the grants linked to no mission


def test_a_contract_row_links_it_and_names_its_suppliers_and_missions(client, world, bob):
    made = contract(world)
    client.force_login(bob)
    page = _page(client, "contract_list", world.place.slug)
    detail = reverse("contract_detail", args=[world.place.slug, made.pk])
    assert f'<a class="govuk-link" href="{detail}">{made.title}</a>' in page
    suppliers = ", ".join(made.supplier_names) or "–"
    assert f'<td class="govuk-table__cell">{suppliers}</td>' in page
    assert f'<td class="govuk-table__cell">{public_mission(world).title}</td>' in page


def test_pooling_offers_each_indicator_by_name_area_and_mission(client, world, dana):
    link = mission_link(world)
    services.create_commitment(
        actor=None, partner=world.partner, mission=link.mission, data={"title": "Share data"}
    )
    client.force_login(dana)
    page = _page(client, "pool_data", world.place.slug, world.partner.slug)
    label = f"{link.indicator.name} ({link.geography_code}) – {link.mission.title}"
    assert f'<option value="{link.pk}">{label}</option>' in page


@pytest.mark.parametrize(
    "amount", ["0", "0.49", "0.5", "-0.4", "-1234.5", "999.995", "250000.00", "1234567.50"]
)
def test_amounts_are_written_as_the_floatformat_filter_writes_them(amount):
    assert whole_amount(Decimal(amount)) == floatformat(Decimal(amount), "0g")
