"""Every open way for a resident to take part in a place, for the place's own page.

Only public things are listed, whoever is looking: this is the resident's front door, and an
officer sees the same page a resident does."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from placecraft.core.models import Visibility

UPCOMING_EVENTS = 5


@dataclass(frozen=True)
class Way:
    kind: str
    title: str
    what: str
    until_label: str
    until: datetime.date | datetime.datetime | None
    url: str
    action: str

    @property
    def when(self) -> str:
        """The date, and for a meeting the time, as residents read them: 1 September 2026."""
        if self.until is None:
            return ""
        if isinstance(self.until, datetime.datetime):
            return dateformat.format(timezone.localtime(self.until), "j F Y, g:i a")
        return dateformat.format(self.until, "j F Y")


def open_ways(place: Any) -> list[Way]:
    from placecraft.budgeting.models import Phase as BudgetPhase
    from placecraft.budgeting.models import Round
    from placecraft.community.models import Forum, ForumKind, Process
    from placecraft.openness.models import Event
    from placecraft.panels.models import Panel, PanelStatus

    today = timezone.localdate()
    now = timezone.now()
    public = {"place": place, "visibility": Visibility.PUBLIC}
    ways: list[Way] = []

    processes = (
        Process.objects.filter(**public, ideas_open=True)
        .annotate(until=Min("phases__ends_on", filter=Q(phases__ends_on__gte=today)))
        .only("title", "slug")
        .order_by("until", "title")
    )
    for process in processes:
        ways.append(
            Way(
                _("Share your ideas"),
                process.title,
                _("Suggest an idea, and support or comment on other people's."),
                _("This stage ends on"),
                process.until,
                reverse("process_detail", args=[place.slug, process.slug]),
                _("Share an idea"),
            )
        )
    rounds = Round.objects.filter(**public, phase=BudgetPhase.VOTING).only("title", "voting_until")
    for round in rounds:
        ways.append(
            Way(
                _("Vote on how to spend money"),
                round.title,
                _("Choose the local projects you think should get the money."),
                _("Voting closes on"),
                round.voting_until,
                reverse("pb_round_detail", args=[place.slug, round.pk]),
                _("See the projects and vote"),
            )
        )
    panels = Panel.objects.filter(
        # A pool already big enough to select from may still take volunteers.
        **public,
        status__in=[PanelStatus.RECRUITING, PanelStatus.READY],
        registration_open=True,
    ).only("title")
    for panel in panels:
        ways.append(
            Way(
                _("Volunteer for a citizens' panel"),
                panel.title,
                _(
                    "A group of residents, chosen at random from the volunteers to reflect the "
                    "area, who meet to learn about an issue and make recommendations."
                ),
                "",
                None,
                reverse("panel_register", args=[place.slug, panel.pk]),
                _("Put your name forward"),
            )
        )
    forums = (
        Forum.objects.filter(**public)
        .exclude(kind=ForumKind.PANEL)
        .annotate(next_session=Min("sessions__starts_at", filter=Q(sessions__starts_at__gte=now)))
        .filter(Q(next_session__isnull=False) | Q(questions_open=True))
        .only("title", "questions_open")
    )
    for forum in forums:
        ways.append(
            Way(
                _("Come to a public forum"),
                forum.title,
                _("Hear what the council is doing and ask your questions.")
                if forum.questions_open
                else _("Hear what the council is doing and have your say."),
                _("Next meeting"),
                forum.next_session,
                reverse("forum_detail", args=[place.slug, forum.pk]),
                _("Find out more"),
            )
        )
    events = Event.objects.filter(**public, starts_at__gte=now).only("title", "slug", "starts_at")
    for event in events[:UPCOMING_EVENTS]:
        ways.append(
            Way(
                _("Go to an event"),
                event.title,
                _("Meet the people working on the missions and others who live here."),
                _("On"),
                event.starts_at,
                reverse("event_detail", args=[place.slug, event.slug]),
                _("Find out more and book"),
            )
        )
    return ways
