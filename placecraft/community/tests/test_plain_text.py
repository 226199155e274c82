"""Residents write plain text: nobody asks them for Markdown, and what they write shows as
they wrote it, line breaks kept, nothing turned into markup."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.community import services
from placecraft.community.tests.factories import public_process


def test_an_idea_form_does_not_mention_markdown_and_keeps_line_breaks(world, erin):
    process = public_process(world)
    client = Client()
    client.force_login(erin)
    form_page = client.get(reverse("idea_create", args=[world.place.slug, process.slug]))
    assert form_page.status_code == 200
    assert "markdown" not in form_page.content.decode().lower()
    idea = services.submit_idea(
        author=erin,
        process=process,
        data={
            "title": "Benches",
            "description": "Two benches by the pond.\nOne by the *gate*.\n\n<b>Soon</b>",
            "area": "Northgate",
        },
    )
    html = Client().get(reverse("idea_detail", args=[world.place.slug, idea.pk])).content.decode()
    shown = html[
        html.index('id="idea-description"') : html.index(
            "</div>", html.index('id="idea-description"')
        )
    ]
    assert "Two benches by the pond.<br>One by the *gate*." in shown
    assert "&lt;b&gt;Soon&lt;/b&gt;" in shown
    assert "<em>" not in shown and "<b>" not in shown
