from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from placecraft.openness import access as open_access
from placecraft.openness import services
from placecraft.openness.models import Story
from placecraft.openness.tests.factories import make_story, public_story
from placecraft.testing import assert_max_queries


def test_withdrawing_consent_unpublishes_the_story_at_once(client, world, charlie):
    story = public_story(world)
    url = reverse("story_detail", args=[world.place.slug, story.slug])
    assert client.get(url).status_code == 200
    voice = story.voices.get()
    client.force_login(charlie)
    response = client.post(
        reverse("voice_withdraw", args=[world.place.slug, story.slug, voice.pk]),
        {"note": "Asked by phone"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "draft" and "withdrew" in story.unpublished_reason
    client.logout()
    assert client.get(url).status_code == 404
    assert story not in open_access.public_stories(world.place)
    assert b"Bus story" not in client.get(reverse("story_list", args=[world.place.slug])).content
    assert b"Bus story" not in client.get(reverse("open_home", args=[world.place.slug])).content
    # It cannot be published again while the withdrawn voice is in it.
    with pytest.raises(Exception, match="withdrawn"):
        services.publish_story(actor=charlie, story=story)


def test_a_withdrawn_voice_hides_a_story_even_if_marked_published(client, world):
    story = public_story(world)
    story.voices.update(withdrawn_at="2025-01-01T00:00:00Z")
    Story.objects.filter(pk=story.pk).update(status="published")
    assert (
        client.get(reverse("story_detail", args=[world.place.slug, story.slug])).status_code == 404
    )


def test_public_story_needs_website_consent_from_every_voice(world):
    story = make_story(world, "print-only", publish=False)
    services.add_voice(
        actor=None,
        story=story,
        data={
            "name": "Lee",
            "consent_given_by": "Lee",
            "consent_given_on": date.today(),
            "consent_uses": ["print"],
        },
    )
    with pytest.raises(Exception, match="did not agree"):
        services.publish_story(actor=None, story=story)


def test_voice_form_requires_a_record_of_consent(client, world, charlie):
    story = public_story(world)
    client.force_login(charlie)
    response = client.post(
        reverse("story_voices", args=[world.place.slug, story.slug]),
        {
            "name": "Kit",
            "consent_given_by": "Kit",
            "consent_given_on": "2025-01-01",
            "consent_uses": ["website"],
        },
    )
    assert b"Keep a record of consent" in response.content
    assert story.voices.count() == 1


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_images_need_alt_text_and_refuse_svg(client, world, charlie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = public_story(world)
    client.force_login(charlie)
    url = reverse("story_images", args=[world.place.slug, story.slug])
    no_alt = client.post(url, {"image": SimpleUploadedFile("a.png", _png(), "image/png")})
    assert b"There is a problem" in no_alt.content
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    refused = client.post(
        url, {"image": SimpleUploadedFile("a.svg", svg, "image/svg+xml"), "alt_text": "x"}
    )
    assert b"There is a problem" in refused.content
    disguised = client.post(
        url, {"image": SimpleUploadedFile("a.png", svg, "image/png"), "alt_text": "x"}
    )
    assert b"There is a problem" in disguised.content
    assert story.images.count() == 0
    ok = client.post(
        url, {"image": SimpleUploadedFile("a.png", _png(), "image/png"), "alt_text": "A bus stop"}
    )
    assert ok.status_code == 302
    page = client.get(reverse("story_detail", args=[world.place.slug, story.slug]))
    assert b'alt="A bus stop"' in page.content


def test_story_list_queries_stay_flat(client, world):
    public_story(world)
    url = reverse("story_list", args=[world.place.slug])
    before = assert_max_queries(client, url, 10)
    for n in range(15):
        make_story(world, f"story-{n}")
    assert assert_max_queries(client, url, 10) == before
