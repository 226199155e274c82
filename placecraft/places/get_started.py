"""The "Get started" task list on an officer's dashboard: the toolkit's first steps, in order,
each marked from what the organisation has really done in its place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from placecraft.places.models import Invitation, Membership, Organisation, OrganisationKind

COMPLETED = "completed"
NOT_STARTED = "not-started"
CANNOT_START = "cannot-start"

MINDSET_SURVEY = "missions-mindset"
# Organisations a council brings in as partners, rather than the public bodies that lead.
_LEADING_KINDS = (OrganisationKind.COUNCIL, OrganisationKind.STRATEGIC_AUTHORITY)


@dataclass(frozen=True)
class Task:
    title: str
    hint: str
    status: str
    url: str


@dataclass(frozen=True)
class TaskList:
    place: Any
    organisation: Any
    tasks: list[Task]

    @property
    def completed(self) -> int:
        return sum(task.status == COMPLETED for task in self.tasks)


def task_lists(user: Any, memberships: Sequence[Any]) -> list[TaskList]:
    """One list per place the user works in, for their first organisation there; one query."""
    from placecraft.community.models import Process
    from placecraft.frameworks.models import Exercise
    from placecraft.missions.models import Mission
    from placecraft.sprints.models import Sprint

    first: dict[int, Any] = {}
    for membership in memberships:
        first.setdefault(membership.organisation.place_id, membership.organisation)
    if not first:
        return []
    org = OuterRef("pk")
    place = OuterRef("place_id")
    rows = Organisation.objects.filter(pk__in=[o.pk for o in first.values()]).annotate(
        has_team=Exists(Membership.objects.filter(organisation=org).exclude(user=user))
        | Exists(Invitation.objects.filter(organisation=org)),
        has_survey=Exists(
            Exercise.objects.filter(organisation=org, version__framework__slug=MINDSET_SURVEY)
        ),
        has_mission=Exists(
            Mission.objects.filter(Q(organisation=org) | Q(co_owners=org), place=place)
        ),
        has_sprint=Exists(Sprint.objects.filter(organisation=org)),
        has_partners=Exists(
            Organisation.objects.filter(place=place).exclude(kind__in=_LEADING_KINDS)
        ),
        has_process=Exists(Process.objects.filter(organisation=org)),
    )
    done = {row.pk: row for row in rows}
    lists = []
    for organisation in first.values():
        row = done[organisation.pk]
        slug, org_slug = organisation.place.slug, organisation.slug

        def status(flag: bool, ready: bool = True) -> str:
            if flag:
                return COMPLETED
            return NOT_STARTED if ready else CANNOT_START

        tasks = [
            Task(
                _("Set up your organisation"),
                _("Say what your organisation does, so partners and residents know who you are."),
                status(bool(organisation.description)),
                reverse("organisation_edit", args=[slug, org_slug]),
            ),
            Task(
                _("Invite your team"),
                _("Ask the colleagues who will work on missions with you to join."),
                status(row.has_team),
                reverse("members", args=[slug, org_slug]),
            ),
            Task(
                _("Run the missions mindset survey"),
                _("Find out how ready your organisation is to work on missions."),
                status(row.has_survey),
                reverse("exercise_create", args=[slug, MINDSET_SURVEY]),
            ),
            Task(
                _("Scope a mission"),
                _("Agree a mission: the change you want, and by when."),
                status(row.has_mission),
                reverse("mission_create", args=[slug]),
            ),
            Task(
                _("Start a sprint"),
                _("Work on one problem behind a mission for a few weeks, with a small team."),
                status(row.has_sprint, ready=row.has_mission),
                reverse("sprint_create", args=[slug]),
            ),
            Task(
                _("Invite partners"),
                _("Bring in the charities, businesses and others who can help."),
                status(row.has_partners),
                reverse("organisation_list", args=[slug]),
            ),
            Task(
                _("Open a participation process"),
                _("Ask residents for their ideas and views on a mission."),
                status(row.has_process),
                reverse("process_create", args=[slug]),
            ),
        ]
        lists.append(TaskList(organisation.place, organisation, tasks))
    return lists
