"""Who may see and change weeknotes, stories, events and champions, built on
placecraft.places.access.

All four are owned content (an organisation and a visibility). Weeknotes and stories also have
drafts: a draft is seen only by members of the organisation that owns it. A published story with
a voice whose consent was withdrawn is never shown to anyone outside the owner, even if it were
somehow still marked published. Registrations (names, emails, access needs) are for the event's
organisers only: contributors of the owning organisation.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from placecraft.core.models import Visibility
from placecraft.openness.models import (
    Champion,
    Event,
    PublishStatus,
    Story,
    Voice,
    Weeknote,
)
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


def _own_q(user: AnyUser) -> Q:
    roles = list(access.principal(user).roles)
    return Q(organisation_id__in=roles) if roles else Q(pk__in=[])


def _get(queryset: QuerySet[Any], place: Place, **lookup: Any) -> Any:
    try:
        return queryset.get(place=place, **lookup)
    except queryset.model.DoesNotExist:
        raise Http404("Not found") from None


def _check(user: AnyUser, obj: Any, place: Place, visible: bool, write: bool) -> Any:
    if not visible:
        raise Http404("Not found")
    if write and not access.can_edit(user, obj):
        raise PermissionDenied("Only contributors of the owning organisation can change this.")
    return obj


# Weeknotes ----------------------------------------------------------------------------------


def weeknotes_q(user: AnyUser, place: Place) -> Q:
    return (Q(status=PublishStatus.PUBLISHED) & access.visible_q(user, place)) | _own_q(user)


def visible_weeknotes(user: AnyUser, place: Place) -> QuerySet[Weeknote]:
    return Weeknote.objects.filter(place=place).filter(weeknotes_q(user, place))


def public_weeknotes(place: Place) -> QuerySet[Weeknote]:
    return Weeknote.objects.filter(
        place=place, status=PublishStatus.PUBLISHED, visibility=Visibility.PUBLIC
    )


def get_weeknote(user: AnyUser, place: Place, pk: int, *, write: bool = False) -> Weeknote:
    note: Weeknote = _get(
        Weeknote.objects.select_related("organisation", "author", "sprint"), place, pk=pk
    )
    own = access.role_in(user, note.organisation) is not None
    visible = own or (note.is_published and access.can_view(user, note, place))
    return _check(user, note, place, visible, write)  # type: ignore[no-any-return]


# Stories ------------------------------------------------------------------------------------


def _withdrawn() -> QuerySet[Voice]:
    return Voice.objects.filter(withdrawn_at__isnull=False).values("story_id")  # type: ignore[return-value]


def stories_q(user: AnyUser, place: Place) -> Q:
    published = (
        Q(status=PublishStatus.PUBLISHED) & ~Q(pk__in=_withdrawn()) & access.visible_q(user, place)
    )
    return published | _own_q(user)


def visible_stories(user: AnyUser, place: Place) -> QuerySet[Story]:
    return Story.objects.filter(place=place).filter(stories_q(user, place))


def public_stories(place: Place) -> QuerySet[Story]:
    return Story.objects.filter(
        place=place, status=PublishStatus.PUBLISHED, visibility=Visibility.PUBLIC
    ).exclude(pk__in=_withdrawn())


def get_story(user: AnyUser, place: Place, slug: str, *, write: bool = False) -> Story:
    story: Story = _get(Story.objects.select_related("organisation", "mission"), place, slug=slug)
    own = access.role_in(user, story.organisation) is not None
    visible = own or (
        story.status == PublishStatus.PUBLISHED
        and access.can_view(user, story, place)
        and not story.voices.filter(withdrawn_at__isnull=False).exists()
    )
    return _check(user, story, place, visible, write)  # type: ignore[no-any-return]


# Events -------------------------------------------------------------------------------------


def visible_events(user: AnyUser, place: Place) -> QuerySet[Event]:
    return access.visible(Event.objects.all(), user, place)


def public_events(place: Place) -> QuerySet[Event]:
    return Event.objects.filter(place=place, visibility=Visibility.PUBLIC)


def get_event(user: AnyUser, place: Place, slug: str, *, write: bool = False) -> Event:
    return access.get_content_for_user(
        Event.objects.select_related("organisation", "mission"), user, place, write=write, slug=slug
    )


# Champions ----------------------------------------------------------------------------------


def visible_champions(user: AnyUser, place: Place) -> QuerySet[Champion]:
    return access.visible(Champion.objects.all(), user, place)


def public_champions(place: Place) -> QuerySet[Champion]:
    return Champion.objects.filter(place=place, visibility=Visibility.PUBLIC)


def get_champion(user: AnyUser, place: Place, slug: str, *, write: bool = False) -> Champion:
    return access.get_content_for_user(
        Champion.objects.select_related("organisation"), user, place, write=write, slug=slug
    )


def require_creator(user: AnyUser, place: Place) -> None:
    if not access.writable_organisations(user, place).exists():
        raise PermissionDenied("Only contributors in an organisation in this place can do this.")
