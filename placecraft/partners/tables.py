"""The rows of the partners' long tables (commitments, funding lines, grants, contracts),
written in Python rather than by a template loop.

Each table shows up to a page of 50 rows; a template row that reverses an address, formats a
date and loops over the row's missions cost more than the queries behind the whole page. The
markup is the same as the templates wrote, and every value is escaped by ``format_html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from placecraft.core import listing
from placecraft.partners.models import (
    Arrangement,
    Commitment,
)
from placecraft.places.models import Place

OVERDUE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--red">Update overdue</strong>')
ARRANGEMENTS: dict[str, str] = dict(Arrangement.choices)


def whole_amount(amount: Decimal) -> str:
    """``{{ amount|floatformat:"0g" }}`` in this site's English: rounded half up to a whole
    number, with commas between thousands. The filter looks up the locale's formats for each
    number, which for a page of amounts cost more than the rest of the row."""
    return f"{int(amount.quantize(Decimal(1), ROUND_HALF_UP)):,}"


def _titles(items: Iterable[Any]) -> str:
    return ", ".join(item.title for item in items)


# Commitments ----------------------------------------------------------------------------------


def status_tags(commitment: Commitment, today: date | None) -> SafeString:
    """partners/_status_tag.html and then partners/_overdue_tag.html, as the table included
    them."""
    overdue = today is not None and commitment.is_overdue(today)
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>\n {}\n',
        commitment.status_tag,
        commitment.get_status_display(),
        OVERDUE_TAG if overdue else "",
    )


def commitment_rows(
    place: Place,
    commitments: Iterable[Commitment],
    today: date | None,
    *,
    hide_partner: bool = False,
    hide_mission: bool = False,
) -> SafeString:
    address = listing.address_for("commitment_detail", place.slug)
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
        "{}{}"
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        (
            (
                address(c.pk),
                c.title,
                "" if hide_partner else _cell(c.organisation.name),
                "" if hide_mission else _cell(c.mission.title),
                listing.short_date(c.due_date) or "–",
                status_tags(c, today),
            )
            for c in commitments
        ),
    )


def _cell(text: str) -> SafeString:
    return format_html('<td class="govuk-table__cell">{}</td>', text)


# Funding lines --------------------------------------------------------------------------------


def funding_rows(place: Place, lines: Iterable[Any], editable: set[int]) -> SafeString:
    """Rows of the funding list. Each line (a ``FundingLine``) comes with ``shown_contributors`` and
    ``shown_missions`` prefetched as lists."""
    address = listing.address_for("funding_edit", place.slug)
    cells = []
    for line in lines:
        contributors = ", ".join(org.name for org in line.shown_contributors)
        change = (
            format_html(
                '<a class="govuk-link" href="{}">Change'
                '<span class="govuk-visually-hidden"> {}</span></a>',
                address(line.pk),
                line.name,
            )
            if line.organisation_id in editable
            else ""
        )
        start, end = line.period_start, line.period_end
        cells.append(
            (
                line.name,
                ARRANGEMENTS.get(line.arrangement, line.arrangement),
                f": {contributors}" if contributors else "",
                change,
                line.source,
                whole_amount(line.amount),
                line.currency,
                listing.month_year(start),
                listing.month_year(end),
                _titles(line.shown_missions),
            )
        )
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell">{}'
        '<span class="govuk-hint govuk-!-display-block govuk-!-margin-0">{}{}</span>{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{} {}</td>'
        '<td class="govuk-table__cell">{} to {}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        cells,
    )


# Grants and contracts -------------------------------------------------------------------------


def grant_rows(place: Place, grants: Iterable[Any]) -> SafeString:
    """Rows of the grant list. Each ``Grant`` comes with ``shown_links`` (its links to missions the
    person may see, with the mission) prefetched as a list."""
    address = listing.address_for("grant_detail", place.slug)
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>'
        '<span class="govuk-hint govuk-!-display-block govuk-!-margin-0">from {}</span></td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{} {}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        (
            (
                address(g.pk),
                g.title,
                g.funder_org_name,
                g.recipient_org_name,
                listing.short_date(g.award_date),
                whole_amount(g.amount_awarded),
                g.currency,
                _titles(link.mission for link in g.shown_links) or "–",
            )
            for g in grants
        ),
    )


def contract_rows(place: Place, contracts: Iterable[Any]) -> SafeString:
    """Rows of the contract list. Each ``Contract`` comes with ``money`` worked out and
    ``shown_missions`` prefetched as a list."""
    address = listing.address_for("contract_detail", place.slug)
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>'
        '<span class="govuk-hint govuk-!-display-block govuk-!-margin-0">{}{}</span></td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        (
            (
                address(c.pk),
                c.title,
                c.buyer_name,
                f", {c.status}" if c.status else "",
                ", ".join(str(name) for name in c.supplier_names) or "–",
                c.money,
                _titles(c.shown_missions) or "–",
            )
            for c in contracts
        ),
    )
