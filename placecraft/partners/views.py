"""Pages for system mobilisation: the partner registry and profiles, action plans, commitments,
funding, grants, contracts, pooled data and the system map.

Each view reads top to bottom: get objects through the access functions, validate the form,
call a service, then render or redirect.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from placecraft.accounts.models import User
from placecraft.core import csvfiles
from placecraft.core.http import AuthenticatedRequest
from placecraft.core.widgets import LongSelect
from placecraft.missions.access import hide_unseen_links
from placecraft.missions.models import Mission
from placecraft.partners import access, funding, giving, ocds, services, sysmap, tables
from placecraft.partners.forms import (
    CommitmentForm,
    CommitmentUpdateForm,
    ContactForm,
    FundingLineForm,
    GrantRuleForm,
    ImportForm,
    MissionsForm,
    PoolDataForm,
    ProfileForm,
    SocialValueForm,
)
from placecraft.partners.models import (
    OPEN_COMMITMENT_STATUSES,
    Commitment,
    CommitmentStatus,
    DataContribution,
    FundingLine,
    GrantMission,
    GrantRule,
    PartnerContact,
)
from placecraft.places import access as places_access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, OrganisationKind, Place, Role

PAGE_SIZE = 50
# What a table of commitments (partners/_commitment_table.html) needs.
LIST_COLUMNS = (
    "pk",
    "title",
    "status",
    "due_date",
    "update_due",
    "organisation__name",
    "mission__title",
)
# The orders the commitment list offers, the first being the default. Most recently updated
# first is read straight from an index, however many commitments the place has; by mission sorts
# every visible commitment, so it is a choice rather than the default.
COMMITMENT_ORDERS = {
    "updated": ("Most recently updated", ("-updated_at", "-id")),
    "mission": ("Mission, then partner", ("mission__title", "organisation__name", "title", "id")),
}
FORM_PAGE = "partners/_form_page.html"


def _kinds(place: Place) -> list[tuple[str, str, int]]:
    counts = dict(
        Organisation.objects.filter(place=place)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in OrganisationKind.choices]


def _mission_choices(user: Any, place: Place) -> QuerySet[Mission]:
    """The missions a form offers: only what the choices show (a mission's row is wide)."""
    return access.visible_missions(user, place).only("pk", "slug", "title").order_by("title")


def _mission_rows(user: Any, place: Place) -> list[Any]:
    """The missions a list filters by, as rows with ``pk``, ``slug`` and ``title``: a model
    instance for each of a place's hundreds of missions took 5 ms."""
    return list(_mission_choices(user, place).values_list("pk", "slug", "title", named=True))


def _mission_filter(missions: list[Any], chosen: Any, empty_label: str) -> SafeString:
    """The select a list filters by mission with (``_mission_rows``), written in Python: a
    template loop over a place's hundreds of missions took longer than the rest of the page."""
    choices = [("", empty_label), *((m.slug, m.title) for m in missions)]
    return LongSelect(choices=choices).render(
        "mission", chosen.slug if chosen else "", attrs={"class": "govuk-select", "id": "mission"}
    )


def _members(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation=organisation,
        memberships__role__in=[Role.CONTRIBUTOR, Role.LEAD, Role.ADMIN],
    ).order_by("name", "email")


# The registry and profiles --------------------------------------------------------------------


def partner_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    kind = request.GET.get("kind", "")
    organisations = (
        Organisation.objects.filter(place=place_obj)
        .select_related("partner_profile")
        .only("name", "slug", "kind", "description", "place_id", "partner_profile__what_we_do")
        .order_by("name")
    )
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [o.pk for o in page.object_list]
    counts = dict(
        access.visible_commitments(request.user, place_obj)
        .filter(organisation_id__in=ids)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    for organisation in page.object_list:
        organisation.commitment_count = counts.get(organisation.pk, 0)
    return render(
        request,
        "partners/partner_list.html",
        {"place": place_obj, "page": page, "kind": kind, "kinds": _kinds(place_obj)},
    )


def partner_detail(request: HttpRequest, place: str, org: str) -> HttpResponse:
    from placecraft.frameworks.access import visible_exercises

    place_obj = places_access.get_place(place)
    partner = access.get_partner(place_obj, org)
    profile = services.profile_for(partner)
    visible_missions = access.visible_missions(request.user, place_obj)
    # The missions of interest the person may see, in one query with the rule as a condition
    # (rather than reading every visible mission's id to check them against).
    interests = (
        list(visible_missions.filter(interested_partners=profile).only("pk", "title"))
        if profile.pk
        else []
    )
    commitments = list(
        access.visible_commitments(request.user, place_obj)
        .filter(organisation=partner)
        .select_related("mission")
        .only("pk", "title", "status", "due_date", "update_due", "mission__title")
        .order_by("mission__title", "title")
    )
    plans = list(
        visible_exercises(request.user, place_obj)
        .filter(subject_type="partner", subject_id=partner.pk)
        .prefetch_related("actions")
        .order_by("-created_at")[:10]
    )
    grants = (
        access.visible_grants(request.user, place_obj)
        .filter(recipient_organisation=partner)
        .aggregate(total=Sum("amount_awarded"), n=Count("id"))
    )
    contributions = list(
        DataContribution.objects.filter(
            organisation=partner, mission__in=visible_missions.values("pk")
        ).select_related("indicator", "mission")[:20]
    )
    role = places_access.role_in(request.user, partner)
    is_contributor = places_access.principal(request.user).has_role(partner.pk, Role.CONTRIBUTOR)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "place": place_obj,
            "partner": partner,
            "profile": profile,
            "interests": interests,
            "contacts": list(access.visible_contacts(request.user, partner)),
            "commitments": commitments,
            "plans": plans,
            "sections": services.action_plan_sections(partner),
            "grants": grants,
            "contributions": contributions,
            "can_manage": access.can_manage_partner(request.user, partner),
            "is_contributor": is_contributor,
            "my_role": role,
            "today": timezone.localdate(),
        },
    )


@login_required
def partner_edit(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    partner = access.get_partner_for_manager(request.user, place_obj, org)
    profile = services.profile_for(partner)
    missions = _mission_choices(request.user, place_obj)
    initial = {
        "what_we_do": profile.what_we_do,
        "what_we_offer": profile.what_we_offer,
        "missions_of_interest": list(profile.missions_of_interest.all()) if profile.pk else [],
    }
    form = ProfileForm(request.POST or None, initial=initial, missions=missions)
    if request.method == "POST" and form.is_valid():
        # Interests in missions this person cannot see are kept, not silently dropped.
        hidden = (
            list(profile.missions_of_interest.exclude(pk__in=missions.values("pk")))
            if profile.pk
            else []
        )
        services.update_profile(
            actor=request.user,
            organisation=partner,
            data={k: form.cleaned_data[k] for k in ("what_we_do", "what_we_offer")},
            missions=[*form.cleaned_data["missions_of_interest"], *hidden],
        )
        messages.success(request, "Your profile has been saved.")
        return redirect("partner_detail", place_obj.slug, partner.slug)
    return render(
        request,
        "partners/partner_form.html",
        {
            "place": place_obj,
            "partner": partner,
            "form": form,
            "contacts": list(PartnerContact.objects.filter(organisation=partner)),
        },
    )


@login_required
def contact_add(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    partner = access.get_partner_for_manager(request.user, place_obj, org)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_contact(
            actor=request.user,
            organisation=partner,
            data={k: form.cleaned_data[k] for k in ContactForm.Meta.fields},
        )
        messages.success(request, f"{form.cleaned_data['name']} has been added as a contact.")
        return redirect("partner_edit", place_obj.slug, partner.slug)
    return render(
        request,
        FORM_PAGE,
        {"place": place_obj, "form": form, "caption": partner.name, "heading": "Add a contact"},
    )


@login_required
@require_POST
def contact_remove(request: AuthenticatedRequest, place: str, org: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    partner = access.get_partner(place_obj, org)
    contact = access.get_contact_for_manager(request.user, partner, pk)
    services.remove_contact(actor=request.user, contact=contact)
    messages.success(request, f"{contact.name} is no longer listed as a contact.")
    return redirect("partner_edit", place_obj.slug, partner.slug)


@login_required
@require_POST
def action_plan_start(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    partner = access.get_partner_for_contributor(request.user, place_obj, org)
    try:
        exercise = services.start_action_plan(actor=request.user, partner=partner)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partner_detail", place_obj.slug, partner.slug)
    messages.success(request, "Your action plan has started: answer the prompts for your kind.")
    return redirect("exercise_answers", place_obj.slug, exercise.pk)


# Pooled data ----------------------------------------------------------------------------------


def _pool_links(user: Any, place: Place, partner: Organisation) -> QuerySet[Any]:
    """Indicators on missions the partner has an open commitment to, that the user may see."""
    from placecraft.evidence.models import MissionIndicator

    mission_ids = Commitment.objects.filter(
        organisation=partner, status__in=OPEN_COMMITMENT_STATUSES
    ).values("mission_id")
    return (
        MissionIndicator.objects.filter(mission_id__in=mission_ids, mission__place=place)
        .filter(access.linked_missions_q(user, place, "mission__"))
        .filter(places_access.visible_q(user, place, "indicator__"))
        .order_by("mission__title", "indicator__name")
    )


@login_required
def pool_data(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    from placecraft.evidence.importer import ImportFailed

    place_obj = places_access.get_place(place)
    partner = access.get_partner_for_contributor(request.user, place_obj, org)
    links = _pool_links(request.user, place_obj, partner)
    # The choices as plain rows: a partner with commitments to many missions is offered
    # hundreds of indicators, and a link, mission and indicator instance for each, read whole,
    # cost more than the rest of the page. The chosen one is read whole when the form is sent.
    choices = [
        (str(pk), f"{name} ({code}) – {title}")
        for pk, name, code, title in links.values_list(
            "pk", "indicator__name", "geography_code", "mission__title"
        )
    ]
    form = PoolDataForm(request.POST or None, request.FILES or None, links=choices)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        link = links.select_related("mission", "indicator").get(pk=form.cleaned_data["link"])
        upload = form.cleaned_data["file"]
        try:
            done = services.contribute_observations(
                actor=request.user,
                partner=partner,
                mission=link.mission,
                indicator=link.indicator,
                stream=upload,
                file_name=upload.name or "data.csv",
            )
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request,
                f"{done.result.rows} figures added to {link.indicator.name}, credited to "
                f"{partner.name}.",
            )
            return redirect("partner_detail", place_obj.slug, partner.slug)
    return render(
        request,
        "partners/pool_data.html",
        {"place": place_obj, "partner": partner, "form": form, "errors": errors, "links": choices},
    )


# Commitments ----------------------------------------------------------------------------------


def _status_counts(
    user: AnyUser,
    place: Place,
    commitments: QuerySet[Commitment],
    missions: Sequence[Any],
    partner: Organisation | None,
    status: str,
) -> dict[str, int]:
    """How many of the listed commitments are in each state. Without a partner or the overdue
    filter, from the commitment tallies (a few rows a mission, however many commitments);
    otherwise counted from the commitments themselves."""
    if partner is None and status != "overdue":
        chosen = status if status in CommitmentStatus.values else ""
        counts: dict[str, int] = {}
        first, *others = access.commitment_counts(
            user, place, [m.pk for m in missions], by_mission=False
        )
        for row in first.union(*others, all=True) if others else first:
            if not chosen or row["status"] == chosen:
                counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        return counts
    # COUNT(*) rather than of ids: everything this reads is in partners_co_totals_idx.
    return dict(
        commitments.order_by()
        .values_list("status")
        .annotate(n=Count("*"))
        .values_list("status", "n")
    )


def commitment_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    missions = _mission_rows(request.user, place_obj)
    # The missions the person may see are already in hand for the filter.
    commitments = access.visible_commitments_to(
        request.user, place_obj, [m.pk for m in missions]
    ).select_related("organisation", "mission")
    mission = next((m for m in missions if m.slug == request.GET.get("mission")), None)
    if mission is not None:
        commitments = commitments.filter(mission_id=mission.pk)
    partner = None
    if request.GET.get("partner"):
        partner = Organisation.objects.filter(place=place_obj, slug=request.GET["partner"]).first()
        if partner is not None:
            commitments = commitments.filter(organisation=partner)
    status = request.GET.get("status", "")
    if status == "overdue":
        commitments = commitments.filter(
            status__in=OPEN_COMMITMENT_STATUSES, update_due__lt=timezone.localdate()
        )
    elif status in CommitmentStatus.values:
        commitments = commitments.filter(status=status)
    counts = _status_counts(
        request.user, place_obj, commitments, [mission] if mission else missions, partner, status
    )
    # Only the columns the table shows: the sort behind each page handles every visible
    # commitment, and narrow rows keep it quick.
    order = request.GET.get("order", "")
    if order not in COMMITMENT_ORDERS:
        order = next(iter(COMMITMENT_ORDERS))
    paginator = Paginator(
        commitments.only(*LIST_COLUMNS).order_by(*COMMITMENT_ORDERS[order][1]), PAGE_SIZE
    )
    paginator.count = sum(counts.values())  # already counted by status above
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "partners/commitment_list.html",
        {
            "place": place_obj,
            "page": page,
            "mission_select": _mission_filter(missions, mission, "All missions"),
            "mission": mission,
            "partner": partner,
            "status": status,
            "statuses": CommitmentStatus.choices,
            "order": order,
            "orders": [(value, label) for value, (label, _) in COMMITMENT_ORDERS.items()],
            "counts": [(label, counts.get(value, 0)) for value, label in CommitmentStatus.choices],
            "today": timezone.localdate(),
            "can_create": bool(places_access.writable_organisations(request.user, place_obj)),
        },
    )


@login_required
def commitment_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    partners = access.require_contributor(request.user, place_obj).order_by("name")
    missions = _mission_choices(request.user, place_obj)
    initial: dict[str, Any] = {}
    if request.GET.get("mission"):
        initial["mission"] = missions.filter(slug=request.GET["mission"]).first()
    if request.GET.get("partner"):
        initial["partner"] = partners.filter(slug=request.GET["partner"]).first()
    owners = (
        User.objects.filter(
            memberships__organisation__in=partners,
            memberships__role__in=[Role.CONTRIBUTOR, Role.LEAD, Role.ADMIN],
        )
        .distinct()
        .order_by("name", "email")
    )
    form = CommitmentForm(
        request.POST or None, initial=initial, partners=partners, missions=missions, owners=owners
    )
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["partner"]
        owner = form.cleaned_data.get("owner")
        if owner is not None and not _members(partner).filter(pk=owner.pk).exists():
            form.add_error("owner", f"{owner} is not a contributor at {partner}")
        else:
            commitment = services.create_commitment(
                actor=request.user,
                partner=partner,
                mission=form.cleaned_data["mission"],
                data=form.values(),
            )
            messages.success(request, "The commitment has been recorded.")
            return redirect("commitment_detail", place_obj.slug, commitment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": place_obj.name,
            "heading": "Make a commitment to a mission",
            "intro": "Say what your organisation will do for the mission, by when, how you will "
            "know it worked and what you are putting in. You will be asked for updates.",
        },
    )


def commitment_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    commitment = access.get_commitment(request.user, place_obj, pk)
    hide_unseen_links(request.user, place_obj, [commitment], "contract")
    return render(
        request,
        "partners/commitment_detail.html",
        {
            "place": place_obj,
            "commitment": commitment,
            "updates": list(commitment.updates.select_related("author")),
            "can_change": access.can_change(request.user, commitment),
            "today": timezone.localdate(),
        },
    )


@login_required
def commitment_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    commitment = access.get_commitment(request.user, place_obj, pk, write=True)
    missions = _mission_choices(request.user, place_obj)
    fields = [
        "title",
        "description",
        "due_date",
        "measure_of_success",
        "resources_pledged",
        "pledged_amount",
        "currency",
        "status",
        "visibility",
        "update_every_days",
        "owner",
    ]
    initial = {name: getattr(commitment, name) for name in fields}
    initial["mission"] = commitment.mission
    form = CommitmentForm(
        request.POST or None,
        initial=initial,
        partners=None,
        missions=missions,
        owners=_members(commitment.organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.update_commitment(
            actor=request.user,
            commitment=commitment,
            data={**form.values(), "mission": form.cleaned_data["mission"]},
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("commitment_detail", place_obj.slug, commitment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": commitment.organisation.name,
            "heading": "Change the commitment",
        },
    )


@login_required
def commitment_update(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    commitment = access.get_commitment(request.user, place_obj, pk, write=True)
    form = CommitmentUpdateForm(
        request.POST or None, initial={"on": timezone.localdate(), "status": commitment.status}
    )
    if request.method == "POST" and form.is_valid():
        services.add_commitment_update(
            actor=request.user, commitment=commitment, data=form.cleaned_data
        )
        messages.success(request, "Your update has been posted.")
        return redirect("commitment_detail", place_obj.slug, commitment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": commitment.title,
            "heading": "Post an update",
            "intro": "Say what has happened since the last update and what shows it.",
            "button": "Post the update",
        },
    )


# Funding ----------------------------------------------------------------------------------------


def _mission_funding_links(place: Place, missions: Iterable[tuple[str, str]]) -> SafeString:
    """A list item linking to each mission's funding picture. The address is worked out once
    and each slug put in it: ``{% url %}`` for each of a place's hundreds of missions took a
    third of the page's time."""
    prefix = reverse("mission_funding", args=[place.slug, "_"]).removesuffix("_/")
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}{}/">{}</a></li>',
        ((prefix, slug, title) for slug, title in missions),
    )


def funding_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    visible_missions = access.visible_missions(request.user, place_obj)
    lines = (
        access.visible_funding(request.user, place_obj)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "missions",
                queryset=visible_missions.only("pk", "slug", "title").order_by("title"),
                to_attr="shown_missions",
            ),
            Prefetch(
                "contributors",
                queryset=Organisation.objects.only("pk", "name").order_by("name"),
                to_attr="shown_contributors",
            ),
        )
        .order_by("source", "name")
    )
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = {
        org_id
        for org_id in places_access.principal(request.user).roles
        if places_access.principal(request.user).has_role(org_id, Role.CONTRIBUTOR)
    }
    return render(
        request,
        "partners/funding_list.html",
        {
            "place": place_obj,
            "page": page,
            "mission_links": _mission_funding_links(
                place_obj, visible_missions.order_by("title").values_list("slug", "title")
            ),
            "can_create": bool(editable),
            "rows": tables.funding_rows(place_obj, page.object_list, editable),
        },
    )


def _funding_form(
    request: AuthenticatedRequest, place: Place, line: FundingLine | None
) -> tuple[FundingLineForm, QuerySet[Mission]]:
    missions = _mission_choices(request.user, place)
    initial: dict[str, Any] = {}
    if line is not None:
        initial = {
            name: getattr(line, name)
            for name in (
                "name",
                "source",
                "amount",
                "currency",
                "period_start",
                "period_end",
                "arrangement",
                "visibility",
                "notes",
            )
        }
        # Ids are all the checkboxes need to be ticked: no need to read each mission whole.
        initial["missions"] = list(line.missions.values_list("pk", flat=True))
        initial["contributors"] = "\n".join(
            line.contributors.order_by("name").values_list("name", flat=True)
        )
    form = FundingLineForm(
        request.POST or None,
        initial=initial,
        owners=None if line else access.require_contributor(request.user, place).order_by("name"),
        missions=missions,
        organisations=Organisation.objects.filter(place=place).order_by("name"),
    )
    return form, missions


@login_required
def funding_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    form, _ = _funding_form(request, place_obj, None)
    if request.method == "POST" and form.is_valid():
        services.save_funding_line(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=form.cleaned_data["missions"],
            contributors=form.cleaned_data["contributors"],
        )
        messages.success(request, "The funding line has been added.")
        return redirect("funding_list", place_obj.slug)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": place_obj.name,
            "heading": "Add a funding line",
        },
    )


@login_required
def funding_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    line = access.get_funding_line(request.user, place_obj, pk, write=True)
    form, missions = _funding_form(request, place_obj, line)
    if request.method == "POST" and form.is_valid():
        hidden = list(line.missions.exclude(pk__in=missions.values("pk")))
        services.save_funding_line(
            actor=request.user,
            place=place_obj,
            organisation=line.organisation,
            data=form.values(),
            missions=[*form.cleaned_data["missions"], *hidden],
            contributors=form.cleaned_data["contributors"],
            line=line,
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("funding_list", place_obj.slug)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": line.source,
            "heading": f"Change {line.name}",
        },
    )


def mission_funding(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    mission = access.get_visible_mission(request.user, place_obj, slug)
    picture = funding.funding_picture(request.user, place_obj, mission)
    rows = [
        {"row": row, "money": funding.money(float(row.amount), row.currency)}
        for row in picture.rows
    ]
    totals = [(c, funding.money(float(t), c)) for c, t in sorted(picture.totals.items())]
    return render(
        request,
        "partners/mission_funding.html",
        {
            "place": place_obj,
            "mission": mission,
            "picture": picture,
            "rows": rows,
            "totals": totals,
        },
    )


# Grants -----------------------------------------------------------------------------------------


def grant_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    grants = access.visible_grants(request.user, place_obj)
    missions = _mission_rows(request.user, place_obj)
    mission = next((m for m in missions if m.slug == request.GET.get("mission")), None)
    if mission is not None:
        grants = grants.filter(mission_links__mission=mission.pk)
    recipient = request.GET.get("recipient", "").strip()
    if recipient:
        grants = grants.filter(recipient_org_id=recipient)
    by_recipient = list(
        grants.values("recipient_org_id", "recipient_org_name", "currency")
        # COUNT(*) rather than of ids: everything this reads is in partners_gr_recipients_idx.
        .annotate(total=Sum("amount_awarded"), n=Count("*"))
        .order_by("-total")[:20]
    )
    visible_ids = [m.pk for m in missions]
    page = Paginator(
        grants.defer("data", "description")
        .prefetch_related(
            Prefetch(
                "mission_links",
                queryset=GrantMission.objects.filter(mission_id__in=visible_ids)
                .select_related("mission")
                .only("grant_id", "mission__slug", "mission__title"),
                to_attr="shown_links",
            )
        )
        .order_by("-award_date", "title"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for row in by_recipient:
        row["money"] = funding.money(float(row["total"]), row["currency"])
    return render(
        request,
        "partners/grant_list.html",
        {
            "place": place_obj,
            "page": page,
            "rows": tables.grant_rows(place_obj, page.object_list),
            "mission_select": _mission_filter(missions, mission, "All grants"),
            "mission": mission,
            "recipient": recipient,
            "by_recipient": by_recipient,
            "can_import": bool(places_access.writable_organisations(request.user, place_obj)),
        },
    )


def grant_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    grant = access.get_grant(request.user, place_obj, pk)
    links = list(
        grant.mission_links.filter(mission__in=access.visible_missions(request.user, place_obj))
        .select_related("mission", "rule")
        .order_by("mission__title")
    )
    return render(
        request,
        "partners/grant_detail.html",
        {
            "place": place_obj,
            "grant": grant,
            "links": links,
            "money": funding.money(float(grant.amount_awarded), grant.currency),
            "can_change": access.can_change(request.user, grant),
            "record": json.dumps(grant.data, indent=2, ensure_ascii=False)[:20000],
        },
    )


@login_required
def grant_missions(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    grant = access.get_grant(request.user, place_obj, pk, write=True)
    missions = _mission_choices(request.user, place_obj)
    form = MissionsForm(
        request.POST or None,
        initial={"missions": list(grant.missions.filter(pk__in=missions.values("pk")))},
        missions=missions,
    )
    if request.method == "POST" and form.is_valid():
        hidden = list(grant.missions.exclude(pk__in=missions.values("pk")))
        services.set_grant_missions(
            actor=request.user, grant=grant, missions=[*form.cleaned_data["missions"], *hidden]
        )
        messages.success(request, "The grant's missions have been saved.")
        return redirect("grant_detail", place_obj.slug, grant.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": grant.title,
            "heading": "Missions this grant serves",
            "intro": "Links made by your rules stay unless you untick them here.",
        },
    )


GRANT_HELP = (
    "A 360Giving file: a JSON package (.json), or the flat form as CSV (.csv, UTF-8) or a "
    "spreadsheet (.xlsx, first sheet) with the standard's column titles."
)
OCDS_HELP = "An OCDS 1.1 release package or record package (.json)."


def _import_page(request: AuthenticatedRequest, place: Place, *, kind: str) -> HttpResponse:
    owners = access.require_contributor(request.user, place).order_by("name")
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        owners=owners,
        help_text=GRANT_HELP if kind == "grants" else OCDS_HELP,
    )
    errors: list[giving.RecordError] = []
    truncated = False
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        arguments = {
            "actor": request.user,
            "place": place,
            "organisation": form.cleaned_data["organisation"],
            "stream": upload,
            "file_name": upload.name or "upload",
            "visibility": form.cleaned_data["visibility"],
        }
        try:
            if kind == "grants":
                grants = giving.import_grants(**arguments)
                messages.success(
                    request,
                    f"{grants.created} grants added and {grants.updated} replaced; "
                    f"{grants.linked} linked to missions by your rules.",
                )
            else:
                contracts = ocds.import_contracts(**arguments)
                messages.success(
                    request,
                    f"{contracts.created} contracts added and {contracts.updated} replaced.",
                )
        except giving.GrantImportFailed as failure:
            errors, truncated = failure.errors, failure.truncated
        else:
            return redirect("grant_list" if kind == "grants" else "contract_list", place.slug)
    return render(
        request,
        "partners/import_form.html",
        {"place": place, "form": form, "errors": errors, "truncated": truncated, "kind": kind},
    )


@login_required
def grant_import(request: AuthenticatedRequest, place: str) -> HttpResponse:
    return _import_page(request, places_access.get_place(place), kind="grants")


@login_required
def grant_rules(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    owners = access.require_contributor(request.user, place_obj).order_by("name")
    missions = _mission_choices(request.user, place_obj)
    form = GrantRuleForm(request.POST or None, owners=owners, missions=missions)
    if request.method == "POST" and form.is_valid():
        _rule, linked = services.create_grant_rule(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data={k: form.cleaned_data[k] for k in ("mission", "kind", "value")},
        )
        messages.success(request, f"The rule has been saved and linked {linked} grants.")
        return redirect("grant_rules", place_obj.slug)
    rules = (
        GrantRule.objects.filter(place=place_obj, organisation__in=owners)
        .select_related("mission", "organisation")
        .annotate(n=Count("links"))
    )
    return render(
        request, "partners/grant_rules.html", {"place": place_obj, "form": form, "rules": rules}
    )


@login_required
@require_POST
def grant_rule_delete(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    owners = access.require_contributor(request.user, place_obj)
    rule = GrantRule.objects.filter(place=place_obj, organisation__in=owners, pk=pk).first()
    if rule is None:
        raise Http404("No such rule")
    services.delete_grant_rule(actor=request.user, rule=rule)
    messages.success(request, "The rule and the links it made have been removed.")
    return redirect("grant_rules", place_obj.slug)


def aligned_grants_package(user: Any, place: Place) -> dict[str, Any]:
    """The place's grants linked to at least one mission the person may see, as 360Giving."""
    missions = access.visible_missions(user, place)
    grants = (
        access.visible_grants(user, place)
        .filter(mission_links__mission__in=missions)
        .distinct()
        .prefetch_related(
            Prefetch(
                "mission_links",
                queryset=GrantMission.objects.filter(mission__in=missions)
                .select_related("mission")
                .order_by("mission__title"),
            )
        )
        .order_by("award_date", "identifier")
    )
    records = (
        giving.grant_record(grant, [link.mission for link in grant.mission_links.all()])
        for grant in grants
    )
    return giving.grants_package(records, publisher_name=f"{place.name} (via Placecraft)")


def grant_export(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    response = JsonResponse(
        aligned_grants_package(request.user, place_obj), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{place_obj.slug}-grants-360giving.json"'
    )
    return response


# Contracts --------------------------------------------------------------------------------------


def contract_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    contracts = access.visible_contracts(request.user, place_obj)
    missions = _mission_rows(request.user, place_obj)
    mission = next((m for m in missions if m.slug == request.GET.get("mission")), None)
    if mission is not None:
        contracts = contracts.filter(missions=mission.pk)
    page = Paginator(
        contracts.defer("data", "description", "social_value")
        .prefetch_related(
            Prefetch(
                "missions",
                queryset=Mission.objects.filter(pk__in=[m.pk for m in missions]).only(
                    "pk", "slug", "title"
                ),
                to_attr="shown_missions",
            )
        )
        .order_by("-release_date", "title"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for contract in page.object_list:
        contract.money = (
            funding.money(float(contract.value_amount), contract.currency)
            if contract.value_amount is not None
            else "–"
        )
    return render(
        request,
        "partners/contract_list.html",
        {
            "place": place_obj,
            "page": page,
            "rows": tables.contract_rows(place_obj, page.object_list),
            "mission_select": _mission_filter(missions, mission, "All contracts"),
            "mission": mission,
            "can_import": bool(places_access.writable_organisations(request.user, place_obj)),
        },
    )


def contract_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    contract = access.get_contract(request.user, place_obj, pk)
    missions = access.visible_missions(request.user, place_obj)
    return render(
        request,
        "partners/contract_detail.html",
        {
            "place": place_obj,
            "contract": contract,
            "missions": list(contract.missions.filter(pk__in=missions.values("pk"))),
            "commitments": list(
                access.visible_commitments(request.user, place_obj)
                .filter(contract=contract)
                .select_related("organisation", "mission")
            ),
            "money": funding.money(float(contract.value_amount), contract.currency)
            if contract.value_amount is not None
            else "",
            "can_change": access.can_change(request.user, contract),
            "today": timezone.localdate(),
        },
    )


@login_required
def contract_import(request: AuthenticatedRequest, place: str) -> HttpResponse:
    return _import_page(request, places_access.get_place(place), kind="contracts")


@login_required
def contract_missions(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    contract = access.get_contract(request.user, place_obj, pk, write=True)
    missions = _mission_choices(request.user, place_obj)
    form = MissionsForm(
        request.POST or None,
        initial={"missions": list(contract.missions.filter(pk__in=missions.values("pk")))},
        missions=missions,
    )
    if request.method == "POST" and form.is_valid():
        hidden = list(contract.missions.exclude(pk__in=missions.values("pk")))
        services.set_contract_missions(
            actor=request.user,
            contract=contract,
            missions=[*form.cleaned_data["missions"], *hidden],
        )
        messages.success(request, "The contract's missions have been saved.")
        return redirect("contract_detail", place_obj.slug, contract.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": contract.title,
            "heading": "Missions this contract serves",
        },
    )


@login_required
def contract_social_value(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = places_access.get_place(place)
    contract = access.get_contract(request.user, place_obj, pk, write=True)
    suppliers = Organisation.objects.filter(place=place_obj)
    missions = _mission_choices(request.user, place_obj)
    matched = services.match_organisation(place_obj, list(contract.supplier_names))
    form = SocialValueForm(
        request.POST or None,
        initial={
            "supplier": matched.name if matched else "",
            "mission": contract.missions.filter(pk__in=missions.values("pk")).first(),
            "title": f"Social value from “{contract.title}”"[:200],
            "resources_pledged": contract.social_value,
        },
        suppliers=suppliers,
        missions=missions,
    )
    if request.method == "POST" and form.is_valid():
        commitment = services.record_social_value(
            actor=request.user,
            contract=contract,
            supplier=form.cleaned_data["supplier"],
            mission=form.cleaned_data["mission"],
            data={
                k: form.cleaned_data[k]
                for k in ("title", "measure_of_success", "resources_pledged", "due_date")
            },
        )
        messages.success(request, f"Recorded as {commitment.organisation}'s commitment.")
        return redirect("commitment_detail", place_obj.slug, commitment.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "place": place_obj,
            "form": form,
            "caption": contract.title,
            "heading": "Record social value as a commitment",
            "intro": "The supplier's social value offer becomes its commitment to a mission, "
            "followed up with updates and reminders like any other commitment.",
        },
    )


# The system map ---------------------------------------------------------------------------------


def _network(
    request: HttpRequest,
    place: Place,
    limit: int | None = None,
    missions: list[Mission] | None = None,
) -> tuple[sysmap.Network, str, str]:
    mission = request.GET.get("mission", "")
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    network = sysmap.build_network(
        request.user, place, mission_slug=mission, kind=kind, limit=limit, missions=missions
    )
    return network, mission, kind


def system_map(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    # Read once, for the map and for the mission filter.
    missions = sysmap.visible_missions(request.user, place_obj)
    network, mission, kind = _network(
        request, place_obj, limit=sysmap.DETAIL_LIMIT, missions=missions
    )
    money = {
        id(edge): funding.money(float(edge.amount), edge.currency)
        for edge in network.edges
        if edge.amount is not None
    }
    by_kind: dict[str, list[sysmap.Node]] = {}
    for node in network.partners:
        by_kind.setdefault(sysmap.KIND_LABELS.get(node.kind, node.kind), []).append(node)
    query = request.GET.urlencode()
    return render(
        request,
        "partners/system_map.html",
        {
            "place": place_obj,
            "network": network,
            "svg": sysmap.draw(network, title=f"System map of {place_obj.name}"),
            "links": sysmap.link_rows(network, money),
            "by_kind": by_kind,
            "mission_select": _mission_filter(
                missions, next((m for m in missions if m.slug == mission), None), "All missions"
            ),
            "mission": mission,
            "kind": kind,
            "kinds": OrganisationKind.choices,
            "query": f"?{query}" if query else "",
        },
    )


def system_map_kumu(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    network, _, _ = _network(request, place_obj)
    response = JsonResponse(sysmap.kumu_blueprint(network), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="{place_obj.slug}-system-map-kumu.json"'
    )
    return response


def _csv(name: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csvfiles.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def system_map_nodes(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    network, _, _ = _network(request, place_obj)
    return _csv(
        f"{place_obj.slug}-system-map-nodes.csv", sysmap.NODE_HEADER, sysmap.node_rows(network)
    )


def system_map_edges(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = places_access.get_place(place)
    network, _, _ = _network(request, place_obj)
    return _csv(
        f"{place_obj.slug}-system-map-edges.csv", sysmap.EDGE_HEADER, sysmap.edge_rows(network)
    )
