"""Objects the openness tests, access matrix and page registry share."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from placecraft.missions.tests.factories import public_mission
from placecraft.openness import services
from placecraft.openness.models import (
    Champion,
    DigestSubscription,
    Event,
    Registration,
    Story,
    StoryImage,
    Weeknote,
)
from placecraft.testing import World


def make_weeknote(world: World, title: str, *, status: str = "published", **extra: Any) -> Weeknote:
    missions = extra.pop("missions", None)
    data = {
        "title": title,
        "body": "We rode **every** bus route.",
        "week_of": date.today() - timedelta(days=date.today().weekday()),
        "visibility": "public",
        "status": status,
        **extra,
    }
    return services.save_weeknote(
        actor=world.users["council_member"],
        place=world.place,
        organisation=world.council,
        data=data,
        missions=missions,
    )


def public_weeknote(world: World) -> Weeknote:
    note: Weeknote = world.once(
        "public_weeknote",
        lambda w: make_weeknote(w, "Week one", missions=[public_mission(w)]),
    )
    return note


def draft_weeknote(world: World) -> Weeknote:
    note: Weeknote = world.once(
        "draft_weeknote", lambda w: make_weeknote(w, "Draft", status="draft")
    )
    return note


def subscription(world: World) -> DigestSubscription:
    sub: DigestSubscription = world.once(
        "subscription",
        lambda w: DigestSubscription.objects.create(place=w.place, email="fan@example.org"),
    )
    return sub


def make_story(world: World, slug: str, *, publish: bool = True, **extra: Any) -> Story:
    story = services.save_story(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "summary": "A bus driver and a rider.",
            "narrative": "Once there was a bus.",
            "visibility": "public",
            **extra,
        },
    )
    services.add_voice(
        actor=None,
        story=story,
        data={
            "name": "Val",
            "consent_given_by": "Val Rider",
            "consent_given_on": date.today(),
            "consent_uses": ["website"],
        },
    )
    if publish:
        services.publish_story(actor=None, story=story)
    return story


def public_story(world: World) -> Story:
    story: Story = world.once("public_story", lambda w: make_story(w, "bus-story"))
    return story


def draft_story(world: World) -> Story:
    story: Story = world.once("draft_story", lambda w: make_story(w, "draft-story", publish=False))
    return story


def pixel_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def story_image(getter: Any) -> Any:
    """Arguments of the image file of the story ``getter`` returns (made once per world)."""

    def make(world: World) -> StoryImage:
        story = getter(world)
        image: StoryImage = services.add_image(
            actor=None,
            story=story,
            data={"image": ContentFile(pixel_png(), name="pixel.png"), "alt_text": "A pixel"},
        )
        return image

    def args(world: World) -> list[Any]:
        image = world.once(f"story_image:{getter.__name__}", make)
        return [world.place.slug, image.story.slug, image.pk]

    return args


def make_event(world: World, slug: str, *, days: int = 10, **extra: Any) -> Event:
    start = timezone.now() + timedelta(days=days)
    return services.save_event(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "summary": "Come and talk about buses.",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "venue": "Town hall",
            "visibility": "public",
            "capacity": extra.pop("capacity", 2),
            "registration_open": True,
            **extra,
        },
    )


def public_event(world: World) -> Event:
    def build(w: World) -> Event:
        event = make_event(w, "bus-forum", mission=public_mission(w))
        services.register(
            event=event, name="Ria", email="ria@example.org", accessibility_needs="Ramp"
        )
        return event

    event: Event = world.once("public_event", build)
    return event


def private_event(world: World) -> Event:
    event: Event = world.once(
        "private_event", lambda w: make_event(w, "staff-away-day", visibility="private")
    )
    return event


def registration(world: World) -> Registration:
    return Registration.objects.filter(event=public_event(world)).first()  # type: ignore[return-value]


def make_champion(world: World, slug: str, **extra: Any) -> Champion:
    return services.save_champion(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={
            "name": slug.replace("-", " ").title(),
            "slug": slug,
            "sector": "resident",
            "what_they_do": "Rides the bus and tells everyone.",
            "agreed_on": date.today(),
            "visibility": "public",
            **extra,
        },
        missions=[public_mission(world)],
    )


def public_champion(world: World) -> Champion:
    champion: Champion = world.once("public_champion", lambda w: make_champion(w, "bo-rider"))
    return champion


def private_champion(world: World) -> Champion:
    champion: Champion = world.once(
        "private_champion", lambda w: make_champion(w, "cy-quiet", visibility="private")
    )
    return champion


def slug_args(getter: Any) -> Any:
    return lambda w: [w.place.slug, getter(w).slug]


def pk_args(getter: Any) -> Any:
    return lambda w: [w.place.slug, getter(w).pk]
