"""A story's images follow the story: they are served by an access-checked view (through the web
server's internal redirect when one is configured), under names nobody can guess."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from placecraft.openness import services
from placecraft.openness.models import StoryImage
from placecraft.openness.tests.factories import make_story


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _upload(client, world, story, name="council-leader-at-home.png") -> StoryImage:
    response = client.post(
        reverse("story_images", args=[world.place.slug, story.slug]),
        {"image": SimpleUploadedFile(name, _png(), "image/png"), "alt_text": "A bus stop"},
    )
    assert response.status_code == 302
    image: StoryImage = story.images.latest("pk")
    return image


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PLACECRAFT_MEDIA_ACCEL_PREFIX = ""
    return tmp_path


def _image_src(client, world, story) -> str:
    page = client.get(reverse("story_detail", args=[world.place.slug, story.slug]))
    assert page.status_code == 200
    match = re.search(r'<img src="([^"]+)" alt="A bus stop"', page.content.decode())
    assert match, "the story page shows its image"
    return match.group(1)


def test_a_private_storys_image_is_refused_to_outsiders_and_served_to_its_team(
    client, world, charlie, erin, oscar, media
):
    story = make_story(world, "kept-in-house", visibility="private")
    client.force_login(charlie)
    image = _upload(client, world, story)
    src = _image_src(client, world, story)
    # The page never points at the file's own name under MEDIA_URL.
    assert image.image.name not in src

    response = client.get(src)
    assert response.status_code == 200
    assert response.getvalue() == _png()
    assert response["Cache-Control"].startswith("private")

    for person in (erin, oscar, None):
        other = Client()
        if person is not None:
            other.force_login(person)
        assert other.get(src).status_code == 404
    # Nor can the file be fetched by its stored name.
    assert Client().get(f"/media/{image.image.name}").status_code == 404


def test_a_public_storys_image_is_served_to_everyone(client, world, charlie, media):
    story = make_story(world, "out-in-the-open")
    client.force_login(charlie)
    _upload(client, world, story)
    src = _image_src(client, world, story)
    response = Client().get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_image_of_another_story_is_not_served_under_this_one(client, world, charlie, media):
    open_story = make_story(world, "open-story")
    hidden = make_story(world, "hidden-story", visibility="private")
    client.force_login(charlie)
    hidden_image = _upload(client, world, hidden)
    url = reverse("story_image_file", args=[world.place.slug, open_story.slug, hidden_image.pk])
    assert Client().get(url).status_code == 404


def test_with_an_internal_location_the_web_server_sends_the_file(
    client, world, charlie, erin, media, settings
):
    settings.PLACECRAFT_MEDIA_ACCEL_PREFIX = "/protected-media/"
    story = make_story(world, "partners-only", visibility="partners")
    client.force_login(charlie)
    image = _upload(client, world, story)
    response = client.get(_image_src(client, world, story))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{image.image.name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""
    other = Client()
    other.force_login(erin)
    assert "X-Accel-Redirect" not in other.get(_image_src(client, world, story))


def test_uploads_get_random_names_and_files_stored_under_old_names_still_work(
    client, world, charlie, media
):
    story = make_story(world, "named-files")
    client.force_login(charlie)
    first = _upload(client, world, story)
    second = _upload(client, world, story)
    for image in (first, second):
        stem = image.image.name.rsplit("/", 1)[-1]
        assert "council-leader" not in stem
        assert re.fullmatch(r"[0-9a-f]{32}\.png", stem), stem
    assert first.image.name != second.image.name

    # A file uploaded before names were random keeps its name and is still served.
    (media / "stories" / "2024" / "01").mkdir(parents=True)
    (media / "stories" / "2024" / "01" / "bus-stop.png").write_bytes(_png())
    old = services.add_image(
        actor=None,
        story=story,
        data={"image": "stories/2024/01/bus-stop.png", "alt_text": "An older photo"},
    )
    url = reverse("story_image_file", args=[world.place.slug, story.slug, old.pk])
    response = Client().get(url)
    assert response.status_code == 200
    assert response.getvalue() == _png()
