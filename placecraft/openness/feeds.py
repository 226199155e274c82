"""Atom feeds of public weeknotes: for a place, for a mission and for an author.

Only published, public weeknotes appear, whoever asks: a feed is fetched by readers that are
never signed in, and is cached by them. Each entry's content is the sanitised HTML of the
Markdown (the same ``render_markdown`` the pages use)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from placecraft.accounts.models import User
from placecraft.core.markdown import render_markdown
from placecraft.missions.models import Mission
from placecraft.openness import access as open_access
from placecraft.openness.models import Weeknote
from placecraft.places import access
from placecraft.places.models import Place

LIMIT = 30


class WeeknoteFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, place: str, **kwargs: Any) -> dict[str, Any]:
        return {"place": access.get_place(place)}

    def title(self, obj: dict[str, Any]) -> str:
        return f"{obj['place'].name}: weeknotes"

    def subtitle(self, obj: dict[str, Any]) -> str:
        return (
            f"Weeknotes published in the open by people working on {obj['place'].name}'s missions."
        )

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("weeknote_list", args=[obj["place"].slug])

    def notes(self, obj: dict[str, Any]) -> QuerySet[Weeknote]:
        return open_access.public_weeknotes(obj["place"])

    def items(self, obj: dict[str, Any]) -> list[Weeknote]:
        return list(
            self.notes(obj).select_related("author").order_by("-published_at", "-id")[:LIMIT]
        )

    def item_title(self, item: Weeknote) -> str:
        return item.title

    def item_description(self, item: Weeknote) -> str:
        return render_markdown(item.body)

    def item_link(self, item: Weeknote) -> str:
        return reverse("weeknote_detail", args=[item.place.slug, item.pk])

    def item_guid(self, item: Weeknote) -> str:
        return f"weeknote-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Weeknote) -> str:
        return item.byline

    def item_pubdate(self, item: Weeknote) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Weeknote) -> datetime:
        return item.updated_at


class MissionWeeknoteFeed(WeeknoteFeed):
    def get_object(self, request: HttpRequest, place: str, **kwargs: Any) -> dict[str, Any]:
        place_obj: Place = access.get_place(place)
        try:
            mission = Mission.objects.get(place=place_obj, slug=kwargs["slug"], visibility="public")
        except Mission.DoesNotExist:
            raise Http404("No such mission") from None
        return {"place": place_obj, "mission": mission}

    def title(self, obj: dict[str, Any]) -> str:
        return f"{obj['mission'].title}: weeknotes"

    def link(self, obj: dict[str, Any]) -> str:
        url = reverse("weeknote_list", args=[obj["place"].slug])
        return f"{url}?mission={obj['mission'].slug}"

    def notes(self, obj: dict[str, Any]) -> QuerySet[Weeknote]:
        return super().notes(obj).filter(missions=obj["mission"])


class AuthorWeeknoteFeed(WeeknoteFeed):
    def get_object(self, request: HttpRequest, place: str, **kwargs: Any) -> dict[str, Any]:
        place_obj: Place = access.get_place(place)
        # Only people with a public weeknote in the place have an author feed.
        if not open_access.public_weeknotes(place_obj).filter(author_id=kwargs["pk"]).exists():
            raise Http404("No such author")
        return {"place": place_obj, "author": User.objects.get(pk=kwargs["pk"])}

    def title(self, obj: dict[str, Any]) -> str:
        return f"Weeknotes by {obj['author'].name or 'one author'} in {obj['place'].name}"

    def link(self, obj: dict[str, Any]) -> str:
        url = reverse("weeknote_list", args=[obj["place"].slug])
        return f"{url}?author={obj['author'].pk}"

    def notes(self, obj: dict[str, Any]) -> QuerySet[Weeknote]:
        return super().notes(obj).filter(author=obj["author"])
