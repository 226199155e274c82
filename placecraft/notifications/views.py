from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from placecraft.core.http import AuthenticatedRequest
from placecraft.notifications import services
from placecraft.notifications.forms import PreferenceForm
from placecraft.notifications.models import Notification


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST or None, initial={"frequency": services.frequency_for(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.set_frequency(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, "Your email preference has been saved.")
        return redirect("notification_list")
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page, "form": form})


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notification_list")
