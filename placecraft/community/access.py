"""Who may see and change community content, built on placecraft.places.access.

Processes, forums and grant programmes are owned content with a visibility. Ideas, comments,
recommendations and questions follow their process's or forum's visibility; moderating them and
responding needs the contributor role in the owner organisation. A grant application is seen only
by the person who made it and by the programme's organisers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from placecraft.community.models import (
    Application,
    Block,
    Forum,
    Idea,
    Process,
    Programme,
    Recommendation,
)
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


def visible_processes(user: AnyUser, place: Place) -> QuerySet[Process]:
    return access.visible(Process.objects.all(), user, place)


def get_process(user: AnyUser, place: Place, slug: str, *, write: bool = False) -> Process:
    return access.get_content_for_user(
        Process.objects.select_related("organisation"), user, place, write=write, slug=slug
    )


def get_idea(user: AnyUser, place: Place, pk: int) -> Idea:
    try:
        idea = Idea.objects.select_related(
            "process__organisation", "mission", "pb_project", "author"
        ).get(pk=pk, process__place=place)
    except Idea.DoesNotExist:
        raise Http404("No such idea") from None
    if not access.can_view(user, idea.process, place):
        raise Http404("No such idea")
    return idea


def can_moderate(user: AnyUser, owner: Process | Forum | Programme) -> bool:
    return access.can_edit(user, owner)


def get_idea_for_moderator(user: AnyUser, place: Place, pk: int) -> Idea:
    idea = get_idea(user, place, pk)
    if not can_moderate(user, idea.process):
        raise PermissionDenied("Only the process's organisers can do this.")
    return idea


def require_moderator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied("Only contributors in an organisation in this place can moderate.")


def is_blocked(user: AnyUser, place: Place) -> bool:
    return bool(user.is_authenticated) and Block.objects.filter(place=place, user=user).exists()


def require_not_blocked(user: AnyUser, place: Place) -> None:
    if is_blocked(user, place):
        raise PermissionDenied("You can no longer post here. Contact the council if this is wrong.")


def visible_forums(user: AnyUser, place: Place) -> QuerySet[Forum]:
    return access.visible(Forum.objects.all(), user, place)


def get_forum(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Forum:
    return access.get_content_for_user(
        Forum.objects.select_related("organisation", "panel", "process"),
        user,
        place,
        write=write,
        pk=pk,
    )


def get_recommendation_for_editor(
    user: AnyUser, place: Place, forum_pk: int, pk: int
) -> Recommendation:
    forum = get_forum(user, place, forum_pk, write=True)
    try:
        recommendation = Recommendation.objects.get(forum=forum, pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation") from None
    recommendation.forum = forum
    return recommendation


def visible_programmes(user: AnyUser, place: Place) -> QuerySet[Programme]:
    return access.visible(Programme.objects.all(), user, place)


def get_programme(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Programme:
    return access.get_content_for_user(
        Programme.objects.select_related("organisation"), user, place, write=write, pk=pk
    )


def get_application(
    user: AnyUser, place: Place, programme_pk: int, pk: int, *, organiser: bool = False
) -> Application:
    """The applicant and the programme's organisers see an application; others get a 404.
    With ``organiser``, the applicant gets a 403 (they may see it, not assess it)."""
    programme = get_programme(user, place, programme_pk)
    try:
        application = Application.objects.select_related("award").get(programme=programme, pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application") from None
    application.programme = programme
    is_organiser = access.can_edit(user, programme)
    is_applicant = user.is_authenticated and application.applicant_id == user.pk
    if not (is_organiser or is_applicant):
        raise Http404("No such application")
    if organiser and not is_organiser:
        raise PermissionDenied("Only the programme's organisers can do this.")
    return application
