"""Pages for people who work in a place: the dashboard, organisations, members and the audit log.

Each view reads top to bottom: get objects through the access functions, validate the form,
call a service, then render or redirect.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from placecraft.core import csvfiles, listing
from placecraft.core.dashboard import dashboard_panels
from placecraft.core.http import AuthenticatedRequest
from placecraft.core.models import AuditEvent
from placecraft.places import access, privacy, services
from placecraft.places.forms import (
    InviteForm,
    OrganisationForm,
    PlaceForm,
    PrivacyNoticeForm,
    RoleForm,
)
from placecraft.places.get_started import task_lists
from placecraft.places.models import Invitation, Membership, Organisation, OrganisationKind, Place


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation__place")
        .order_by("organisation__place__name", "organisation__name")
    )
    admin_places = list(Place.objects.filter(placeadmin__user=request.user))
    return render(
        request,
        "places/dashboard.html",
        {
            "memberships": memberships,
            "admin_places": admin_places,
            "panels": dashboard_panels(request, memberships),
            "task_lists": task_lists(request.user, memberships),
        },
    )


def organisation_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    kind = request.GET.get("kind", "")
    organisations = Organisation.objects.filter(place=place_obj)
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations.only("name", "slug", "kind", "place_id"), 50).get_page(
        request.GET.get("page")
    )
    counts = dict(
        Organisation.objects.filter(place=place_obj)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return render(
        request,
        "places/organisation_list.html",
        {
            "place": place_obj,
            "page": page,
            "kind": kind,
            "kinds": [
                (value, label, counts.get(value, 0)) for value, label in OrganisationKind.choices
            ],
            "can_create": access.is_place_admin(request.user, place_obj),
        },
    )


def organisation_detail(request: HttpRequest, place: str, org: str) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation(place_obj, org)
    return render(
        request,
        "places/organisation_detail.html",
        {
            "place": place_obj,
            "organisation": organisation,
            "my_role": access.role_in(request.user, organisation),
            "can_manage": access.can_manage_organisation(request.user, organisation),
        },
    )


@login_required
def organisation_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place_for_admin(request.user, place)
    form = OrganisationForm(request.POST or None, place=place_obj)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(
            actor=request.user,
            place=place_obj,
            data=form.cleaned_values(),
        )
        messages.success(request, f"{organisation} has been added.")
        return redirect("organisation_detail", place_obj.slug, organisation.slug)
    return render(request, "places/organisation_form.html", {"place": place_obj, "form": form})


@login_required
def organisation_edit(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation_for_manager(request.user, place_obj, org)
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation), place=place_obj)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            actor=request.user,
            organisation=organisation,
            data=form.cleaned_values(),
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("organisation_detail", place_obj.slug, organisation.slug)
    return render(
        request,
        "places/organisation_form.html",
        {"place": place_obj, "organisation": organisation, "form": form},
    )


MEMBERS_PER_PAGE = 25


def _members_page(
    request: HttpRequest,
    place: Place,
    organisation: Organisation,
    invite_form: InviteForm,
    status: int = 200,
) -> HttpResponse:
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email", "pk")
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    # Each row's two form addresses, from one reverse each for the page.
    role_url = listing.address_for("member_role", place.slug, organisation.slug)
    remove_url = listing.address_for("member_remove", place.slug, organisation.slug)
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("email")
    return render(
        request,
        "places/members.html",
        {
            "place": place,
            "organisation": organisation,
            "page": page,
            "rows": [(m, role_url(m.pk), remove_url(m.pk)) for m in page],
            "invitations": invitations,
            "invite_form": invite_form,
            "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        },
        status=status,
    )


@login_required
def members(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation_for_manager(request.user, place_obj, org)
    return _members_page(request, place_obj, organisation, InviteForm())


@login_required
@require_POST
def member_invite(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation_for_manager(request.user, place_obj, org)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            sent = services.invite_member(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("email", error.message_dict.get("email", error.messages))
        else:
            messages.success(request, f"An invitation has been emailed to {sent.invitation.email}.")
            return redirect("members", place_obj.slug, organisation.slug)
    return _members_page(request, place_obj, organisation, form, status=200)


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, place: str, org: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation(place_obj, org)
    membership = access.get_membership_for_manager(request.user, organisation, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role from the list.")
        return redirect("members", place_obj.slug, organisation.slug)
    try:
        services.change_role(
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{membership.user} is now a {membership.get_role_display().lower()}."
        )
    return redirect("members", place_obj.slug, organisation.slug)


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, place: str, org: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation(place_obj, org)
    membership = access.get_membership_for_manager(request.user, organisation, pk)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user} has been removed from {organisation}.")
    return redirect("members", place_obj.slug, organisation.slug)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, place: str, org: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    organisation = access.get_organisation_for_manager(request.user, place_obj, org)
    invitation = access.get_invitation_for_manager(request.user, organisation, pk)
    services.revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("members", place_obj.slug, organisation.slug)


@login_required
def invitation_accept(request: AuthenticatedRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    error = None
    if invitation is None:
        error = "This invitation link is not valid. Check you copied the whole link from the email."
    elif request.method == "POST":
        try:
            membership = services.accept_invitation(user=request.user, invitation=invitation)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"You are now a member of {membership.organisation}.")
            return redirect("dashboard")
    elif not invitation.is_open:
        error = "This invitation has expired or has already been used. Ask for a new one."
    return render(
        request,
        "places/invitation_accept.html",
        {"invitation": invitation, "error": error},
        status=200 if invitation else 404,
    )


def _audit_events(
    request: AuthenticatedRequest, place: str, org: str
) -> tuple[Place, Organisation, QuerySet[AuditEvent]]:
    place_obj = access.get_place(place)
    organisation = access.get_organisation_for_manager(request.user, place_obj, org)
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    return place_obj, organisation, events


@login_required
def audit_log(request: AuthenticatedRequest, place: str, org: str) -> HttpResponse:
    place_obj, organisation, events = _audit_events(request, place, org)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "places/audit_log.html",
        {"place": place_obj, "organisation": organisation, "page": page},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_csv(request: AuthenticatedRequest, place: str, org: str) -> StreamingHttpResponse:
    _place, organisation, events = _audit_events(request, place, org)
    writer = csvfiles.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            ["when", "who", "action", "object type", "object id", "object", "changes"]
        )
        for event in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    event.at.isoformat(),
                    event.actor.email if event.actor else "",
                    event.get_action_display(),
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    event.changes_text,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{organisation.slug}.csv"'
    return response


@login_required
def place_settings(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place_for_admin(request.user, place)
    form = PlaceForm(request.POST or None, request.FILES or None, instance=copy.copy(place_obj))
    if request.method == "POST" and form.is_valid():
        services.update_place(actor=request.user, place=place_obj, data=form.cleaned_values())
        messages.success(request, "The place's settings have been saved.")
        return redirect("place_settings", place_obj.slug)
    return render(request, "places/place_settings.html", {"place": place_obj, "form": form})


# Privacy notice and cookies -----------------------------------------------------------------


def privacy_index(request: HttpRequest) -> HttpResponse:
    """The footer's privacy link on pages that belong to no place: each place's notice."""
    places = list(Place.objects.only("name", "slug"))
    if len(places) == 1:
        return redirect("privacy_notice", places[0].slug)
    return render(request, "places/privacy_index.html", {"places": places})


def privacy_notice(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    notice = privacy.notice_for(place_obj)
    return render(
        request,
        "places/privacy_notice.html",
        {
            "place": place_obj,
            "notice": notice,
            "sections": privacy.sections(notice),
            "rights": privacy.rights(notice),
            "retention": privacy.retention(request.user, place_obj),
            "can_edit": access.is_place_admin(request.user, place_obj),
        },
    )


@login_required
def privacy_notice_edit(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place_for_admin(request.user, place)
    form = PrivacyNoticeForm(request.POST or None, instance=privacy.notice_for(place_obj))
    if request.method == "POST" and form.is_valid():
        services.save_privacy_notice(actor=request.user, place=place_obj, data=form.cleaned_data)
        messages.success(request, gettext("The privacy notice has been saved."))
        return redirect("privacy_notice", place_obj.slug)
    return render(request, "places/privacy_notice_edit.html", {"place": place_obj, "form": form})


def cookies(request: HttpRequest, place: str | None = None) -> HttpResponse:
    place_obj = access.get_place(place) if place else None
    return render(
        request, "places/cookies.html", {"place": place_obj, "cookies": privacy.cookies()}
    )
