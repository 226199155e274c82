"""Access to frameworks, exercises and actions, built on ``placecraft.places.access``.

- A shipped framework version is public. An adaptation belongs to its organisation: only its
  members may know it exists (404 for everyone else).
- An exercise is owned content (an organisation and a visibility): seeing its results follows the
  visibility; changing it, its answers, teams and actions needs a contributor of the organisation
  (403 for those who may see it). Survey links and the response CSV are for the organisation's own
  members only.
- A survey is answered through its secret link by anyone holding it, with no account.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from placecraft.frameworks.models import (
    Action,
    Exercise,
    Framework,
    FrameworkVersion,
    SurveyCode,
    SurveyTeam,
)
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Organisation, Place, Role

# Adapting a framework changes what the whole organisation asks: leads and admins only.
ADAPT_ROLE = Role.LEAD


def get_framework(slug: str) -> Framework:
    try:
        return Framework.objects.get(slug=slug)
    except Framework.DoesNotExist:
        raise Http404("No such framework") from None


def latest_shipped(framework: Framework) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.filter(framework=framework, organisation=None)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("This framework has not been loaded")
    return version


def versions_q(user: AnyUser, place: Place) -> Q:
    """Versions the user may see and use in ``place``: the shipped ones, and adaptations by
    organisations of the place the user belongs to."""
    member_of = list(access.principal(user).roles)
    return Q(organisation=None) | Q(organisation__place=place, organisation_id__in=member_of)


def visible_versions(user: AnyUser, place: Place) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(versions_q(user, place))


def get_version(user: AnyUser, place: Place, framework: Framework, pk: int) -> FrameworkVersion:
    try:
        return (
            visible_versions(user, place)
            .select_related("framework", "organisation", "parent__organisation", "created_by")
            .get(framework=framework, pk=pk)
        )
    except FrameworkVersion.DoesNotExist:
        raise Http404("No such version") from None


def adapting_organisations(user: AnyUser, place: Place) -> QuerySet[Organisation]:
    return access.writable_organisations(user, place, minimum=ADAPT_ROLE)


def require_adapter(user: AnyUser, place: Place) -> QuerySet[Organisation]:
    organisations = adapting_organisations(user, place)
    if not organisations.exists():
        raise PermissionDenied("Only leads and admins of an organisation can adapt a framework.")
    return organisations


def require_starter(user: AnyUser, place: Place) -> QuerySet[Organisation]:
    organisations = access.writable_organisations(user, place)
    if not organisations.exists():
        raise PermissionDenied(
            "Only contributors to an organisation in this place can start an exercise."
        )
    return organisations


# Exercises ----------------------------------------------------------------------------------

_EXERCISE_RELATED = ("version__framework", "organisation", "facilitator")


def visible_exercises(user: AnyUser, place: Place) -> QuerySet[Exercise]:
    return access.visible(Exercise.objects.all(), user, place)


def get_exercise(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Exercise:
    return access.get_content_for_user(
        Exercise.objects.select_related(*_EXERCISE_RELATED), user, place, write=write, pk=pk
    )


def get_exercise_for_member(user: AnyUser, place: Place, pk: int) -> Exercise:
    """Raw responses (the CSV) stay with the organisation that ran the exercise."""
    exercise = get_exercise(user, place, pk)
    if access.role_in(user, exercise.organisation) is None:
        raise PermissionDenied("Only members of the organisation that ran it can download this.")
    return exercise


def get_survey_exercise(user: AnyUser, place: Place, pk: int) -> Exercise:
    """A survey whose links and codes the user may manage (404 for a workshop)."""
    exercise = get_exercise(user, place, pk, write=True)
    if not exercise.is_survey:
        raise Http404("Only a survey has codes")
    return exercise


def can_change(user: AnyUser, exercise: Exercise) -> bool:
    return access.can_edit(user, exercise)


def get_action(user: AnyUser, exercise: Exercise, pk: int) -> Action:
    """``exercise`` already came through ``get_exercise(..., write=True)``."""
    try:
        return Action.objects.select_related("owner", "prompt").get(exercise=exercise, pk=pk)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def visible_actions(user: AnyUser, place: Place) -> QuerySet[Action]:
    return Action.objects.filter(exercise__place=place).filter(
        access.visible_q(user, place, prefix="exercise__")
    )


def get_survey(place: Place, token: str) -> tuple[Exercise, SurveyTeam | None, SurveyCode | None]:
    """The survey behind a link: the link is the only key, and no account is needed. The key is
    a team's link, the survey's own link, or one person's single-use code."""
    code = None
    team = (
        SurveyTeam.objects.select_related("exercise__version", "exercise__organisation")
        .filter(token=token, exercise__place=place)
        .first()
    )
    if team is not None:
        exercise = team.exercise
    else:
        found = (
            Exercise.objects.select_related("version", "organisation")
            .filter(survey_token=token, place=place)
            .first()
        )
        if found is None:
            code = (
                SurveyCode.objects.select_related(
                    "team", "exercise__version", "exercise__organisation"
                )
                .filter(code=token, exercise__place=place)
                .first()
            )
            if code is None:
                raise Http404("No such survey")
            found, team = code.exercise, code.team
        exercise = found
    if not exercise.is_survey:
        raise Http404("No such survey")
    return exercise, team, code


def find_code(exercise: Exercise, typed: str) -> SurveyCode | None:
    """A code typed in by hand: spaces and case do not matter."""
    cleaned = "".join(typed.split()).upper()
    return SurveyCode.objects.filter(exercise=exercise, code=cleaned).first() if cleaned else None
