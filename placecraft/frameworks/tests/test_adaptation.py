"""Adapting a framework: a new version with lineage, checked by the file rules, compared across
rounds by prompt slug."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from placecraft.frameworks import results, services
from placecraft.frameworks.models import FrameworkVersion
from placecraft.frameworks.tests.factories import make_survey, shipped

pytestmark = pytest.mark.django_db


def adapt_data(world, base, **extra):
    data = {"organisation": world.council.pk, "note": "Fits Northgate better."}
    for prompt in base.content.prompts:
        data[f"keep__{prompt.slug}"] = "on"
        data[f"text__{prompt.slug}"] = prompt.text
    data.update(extra)
    return data


def test_reword_drop_and_add_make_a_new_version_with_lineage(world, bob):
    base = shipped("missions-mindset")
    client = Client()
    client.force_login(bob)
    data = adapt_data(
        world,
        base,
        **{
            "text__psychological-safety": "I feel safe to speak up in my team.",
            "new1__text": "Our partners are in the room when we plan.",
            "new1__section": "relational",
            "new1__kind": "rating",
        },
    )
    del data["keep__understand-motivations"]
    reply = client.post(
        reverse("version_adapt", args=[world.place.slug, "missions-mindset", base.pk]), data
    )
    version = FrameworkVersion.objects.get(organisation=world.council)
    assert reply.status_code == 302
    assert (version.parent, version.number, version.created_by) == (base, 1, bob)
    slugs = {p.slug for p in version.content.prompts}
    assert "understand-motivations" not in slugs
    added = next(p for p in version.content.prompts if p.text.startswith("Our partners"))
    assert added.slug.startswith("our-partners-are-in-the-room") and added.slug not in {
        p.slug for p in base.content.prompts
    }
    assert added.kind == "rating" and added.scale == "agreement"
    assert added in version.content.section("relational").prompts
    assert (
        version.content.prompt("psychological-safety").text == "I feel safe to speak up in my team."
    )
    assert version.content.credit == base.content.credit
    page = client.get(
        reverse("version_detail", args=[world.place.slug, "missions-mindset", version.pk])
    )
    html = page.content.decode()
    assert "Version 1" in html and "I feel safe to speak up in my team." in html
    # Adapting the adaptation keeps the chain.
    again = services.adapt_framework(
        actor=bob, organisation=world.council, base=version, definition=version.definition, note="x"
    )
    assert again.number == 2 and again.parent == version and again.parent.parent == base


def test_a_new_prompt_never_reuses_a_slug_from_the_history(world, bob):
    base = shipped("missions-mindset")
    client = Client()
    client.force_login(bob)
    client.post(
        reverse("version_adapt", args=[world.place.slug, "missions-mindset", base.pk]),
        adapt_data(
            world,
            base,
            **{
                "new1__text": "Psychological safety",
                "new1__kind": "reflection",
                "new1__section": "relational",
            },
        ),
    )
    version = FrameworkVersion.objects.get(organisation=world.council)
    assert "psychological-safety-2" in {p.slug for p in version.content.prompts}


def test_an_invalid_adaptation_is_refused_with_reasons(world, bob):
    base = shipped("missions-mindset")
    definition = dict(base.definition, title="")
    with pytest.raises(ValidationError, match="title is empty"):
        services.adapt_framework(
            actor=bob, organisation=world.council, base=base, definition=definition, note="x"
        )
    client = Client()
    client.force_login(bob)
    data = adapt_data(world, base, **{"text__psychological-safety": ""})
    reply = client.post(
        reverse("version_adapt", args=[world.place.slug, "missions-mindset", base.pk]), data
    )
    assert "Enter the wording" in reply.content.decode()
    assert not FrameworkVersion.objects.filter(organisation=world.council).exists()


def test_rounds_are_compared_on_prompts_that_persist(world, bob):
    base = shipped("missions-mindset")
    definition = dict(base.definition)
    sections = []
    for section in definition["sections"]:
        prompts = [dict(p) for p in section["prompts"] if p["slug"] != "trust-beyond-team"]
        for p in prompts:
            if p["slug"] == "psychological-safety":
                p["text"] = "Reworded, same meaning."
        if section["slug"] == "relational":
            prompts.append(
                {
                    "slug": "brand-new",
                    "kind": "rating",
                    "text": "New.",
                    "help": None,
                    "scale": "agreement",
                    "if_not_met": None,
                    "levels": [],
                }
            )
        sections.append({**section, "prompts": prompts})
    adapted = services.adapt_framework(
        actor=bob,
        organisation=world.council,
        base=base,
        definition={**definition, "sections": sections},
        note="x",
    )
    first = make_survey(world, {"A": 5}, round_label="2024", seed=4)
    second = make_survey(world, {"A": 5}, round_label="2025", seed=5, version=adapted)
    comparison = results.compare_rounds(second, [first, second])
    assert "psychological-safety" in comparison.matched
    assert "trust-beyond-team" not in comparison.matched and "brand-new" not in comparison.matched
    assert comparison.dropped == ["trust-beyond-team"]
    rows = {slug: values for slug, _, values in comparison.prompts}
    assert rows["brand-new"][0] is None and rows["brand-new"][1] is not None
    assert rows["trust-beyond-team"][1] is None and rows["trust-beyond-team"][0] is not None
    client = Client()
    client.force_login(bob)
    html = client.get(
        reverse("exercise_compare", args=[world.place.slug, second.pk])
    ).content.decode()
    assert "Trend by area" in html and "Reworded, same meaning." in html


def test_a_contributor_cannot_adapt_and_others_cannot_see_an_adaptation(world, bob, charlie, dana):
    base = shipped("missions-mindset")
    adapted = services.adapt_framework(
        actor=bob, organisation=world.council, base=base, definition=base.definition, note="x"
    )
    url = reverse("version_adapt", args=[world.place.slug, "missions-mindset", base.pk])
    client = Client()
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    detail = reverse("version_detail", args=[world.place.slug, "missions-mindset", adapted.pk])
    client.force_login(dana)
    assert client.get(detail).status_code == 404
    # dana's own organisation cannot start an exercise with the council's adaptation either.
    start = reverse("exercise_create", args=[world.place.slug, "missions-mindset"])
    assert str(adapted.pk) not in [
        value for value, _ in client.get(start).context["form"].fields["version"].choices
    ]


def test_the_adapt_form_offers_each_prompt_ticked_with_its_wording_and_keeps_what_was_sent(
    world, bob
):
    """A tick box and a text box per prompt, as Django's own widgets write them (the form
    renderer writes them in Python), fresh and after a refusal."""
    base = shipped("missions-mindset")
    prompt, other, *_ = base.content.prompts
    client = Client()
    client.force_login(bob)
    url = reverse("version_adapt", args=[world.place.slug, "missions-mindset", base.pk])
    html = client.get(url).content.decode()
    assert (
        f'<input type="checkbox" name="keep__{prompt.slug}" class="govuk-checkboxes__input"'
        f' id="id_keep__{prompt.slug}" checked>'
    ) in html
    assert (
        f'<textarea name="text__{prompt.slug}" cols="40" rows="2" class="govuk-textarea"'
        f' id="id_text__{prompt.slug}">\n{escape(prompt.text)}</textarea>'
    ) in html
    assert '<textarea name="new1__text" cols="40" rows="2" class="govuk-textarea"' in html

    data = adapt_data(world, base, **{f"text__{prompt.slug}": ""})
    data.pop(f"keep__{other.slug}")
    data["new1__text"] = "Do <we> listen?"
    html = client.post(url, data).content.decode()
    assert (
        f'<textarea name="text__{prompt.slug}" cols="40" rows="2"'
        f' class="govuk-textarea govuk-textarea--error"'
        f' aria-describedby="id_text__{prompt.slug}-error" aria-invalid="true"'
        f' id="id_text__{prompt.slug}">\n'
        "</textarea>"
    ) in html
    assert (
        f'name="keep__{other.slug}" class="govuk-checkboxes__input" id="id_keep__{other.slug}">'
        in html
    )
    assert ">\nDo &lt;we&gt; listen?</textarea>" in html
