"""A person's own account: how they appear to others, their data and their API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from placecraft.accounts import erasure, personal_data, services
from placecraft.accounts.forms import DisplayNameForm, EraseForm, TokenForm
from placecraft.accounts.models import ApiToken
from placecraft.api import tokens
from placecraft.core.http import AuthenticatedRequest
from placecraft.places.models import Organisation


@login_required
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(memberships__user=request.user).select_related(
        "place"
    )
    form = TokenForm(request.POST or None, organisations=organisations)
    created = None
    if request.method == "POST" and form.is_valid():
        created = tokens.create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            organisation=form.cleaned_data["organisation"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm(organisations=organisations)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": ApiToken.objects.filter(
                user=request.user, revoked_at__isnull=True
            ).select_related("organisation"),
        },
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = DisplayNameForm(
        request.POST or None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        services.set_display_name(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your display name has been saved."))
        return redirect("account_profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "shown_as": request.user.public_name(),
            "shown_with_area": request.user.public_name(_("your area")),
        },
    )


@login_required
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_data.html",
        {"form": EraseForm(user=request.user), "erase_refusal": erasure.refusal(request.user)},
    )


@login_required
def my_data_json(request: AuthenticatedRequest) -> JsonResponse:
    response = JsonResponse(
        personal_data.export_person(request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-placecraft-data.json"'
    return response


@login_required
@require_POST
def erase_me(request: AuthenticatedRequest) -> HttpResponse:
    form = EraseForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/my_data.html", {"form": form})
    personal_data.erase_person(user=request.user)
    logout(request)
    messages.success(request, "Your account and the personal data held about you have been erased.")
    return redirect("home")


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("No such token")
    tokens.revoke_token(token=token)
    messages.success(request, f"The token “{token.name}” has been revoked. It no longer works.")
    return redirect("api_tokens")
