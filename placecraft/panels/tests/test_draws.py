"""A panel is drawn once, in public: every draw (first, again with a reason, replacements) is on
an unchangeable record with its seed, a fingerprint of the pool and quotas, the software, who ran
it and when, and the transparency page lists them all in order. A seed can be published before
the draw, and the page says whether it was."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from placecraft.panels import services
from placecraft.panels.models import Draw
from placecraft.panels.tests.factories import make_panel
from placecraft.testing import assert_max_queries, make_user, run_background_tasks


def _select(client, panel, data, capture):
    with capture(execute=True):
        response = client.post(reverse("panel_select", args=["testshire", panel.pk]), data)
    run_background_tasks()
    return response


def _draws_section(client, panel) -> str:
    page = client.get(reverse("panel_detail", args=["testshire", panel.pk])).content.decode()
    match = re.search(r'<section id="draws".*?</section>', page, re.S)
    assert match, "the transparency page has a section listing the draws"
    return match.group(0)


def test_a_draw_is_recorded_with_everything_needed_to_check_it(
    world, bob, client, django_capture_on_commit_callbacks
):
    panel = make_panel(world)
    client.force_login(bob)
    _select(client, panel, {"size": 8, "seed": 4242}, django_capture_on_commit_callbacks)
    draw = Draw.objects.get(panel=panel)
    assert draw.number == 1 and draw.kind == "panel" and draw.seed == 4242
    assert draw.run_by == bob and draw.drawn_at is not None
    assert draw.algorithm == "leximin" and "highspy" in draw.software
    assert re.fullmatch(r"[0-9a-f]{64}", draw.pool_hash) and draw.pool_size == 30
    assert len(draw.selected) == 8 and draw.reason == ""
    client.logout()
    section = _draws_section(client, panel)
    for shown in ("4242", draw.pool_hash, "leximin", bob.public_name(), "published after the draw"):
        assert shown in section


def test_the_fingerprint_is_of_the_pool_and_quotas(world, bob):
    panel = make_panel(world, registration_open=True)
    first = services.pool_fingerprint(panel)
    assert services.pool_fingerprint(panel) == first
    services.register_volunteer(
        panel=panel, answers={"gender": "Male", "age": "Old"}, name="Val", email="v@example.org"
    )
    second = services.pool_fingerprint(panel)
    assert second != first
    quotas = services.categories_csv(panel).replace("Young,2,5", "Young,2,4")
    services.set_quotas(actor=bob, panel=panel, text=quotas)
    assert services.pool_fingerprint(panel) not in (first, second)


def test_drawing_again_needs_a_reason_and_keeps_the_first_draw(
    world, bob, client, django_capture_on_commit_callbacks
):
    panel = make_panel(world)
    client.force_login(bob)
    _select(client, panel, {"size": 8, "seed": 11}, django_capture_on_commit_callbacks)
    page = _select(client, panel, {"size": 8, "seed": 12}, django_capture_on_commit_callbacks)
    assert page.status_code == 200 and "Say why" in page.content.decode()
    assert Draw.objects.filter(panel=panel).count() == 1
    with pytest.raises(ValidationError):
        services.request_selection(actor=bob, panel=panel, size=8, seed=12, reason="  ")
    reason = "Two people in the first draw share a household we did not know of."
    response = _select(
        client, panel, {"size": 8, "seed": 12, "reason": reason}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    first, second = Draw.objects.filter(panel=panel).order_by("number")
    assert (first.number, first.seed, first.reason) == (1, 11, "")
    assert (second.number, second.seed, second.reason) == (2, 12, reason)
    client.logout()
    section = _draws_section(client, panel)
    assert section.index("Draw 1") < section.index("Draw 2")
    assert "household we did not know of" in section
    # However many draws, the page stays within the page registry's query budget.
    assert_max_queries(client, reverse("panel_detail", args=["testshire", panel.pk]), 15)


def test_a_draw_on_the_record_cannot_be_changed(world):
    panel = make_panel(world)
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "3", "--quiet")
    draw = Draw.objects.get(panel=panel)
    changes: list[dict[str, object]] = [
        {"seed": 4},
        {"selected": []},
        {"reason": "rewritten"},
        {"pool_hash": "0"},
    ]
    for change in changes:
        with pytest.raises(DatabaseError), transaction.atomic():
            Draw.objects.filter(pk=draw.pk).update(**change)
    draw.refresh_from_db()
    assert draw.seed == 3 and len(draw.selected) == 8


def test_a_seed_published_before_the_draw_must_be_used_and_is_shown_as_such(
    world, bob, client, django_capture_on_commit_callbacks
):
    panel = make_panel(world)
    client.force_login(bob)
    url = reverse("panel_seed", args=["testshire", panel.pk])
    assert client.get(url).status_code == 200
    where = "Read out at the full council meeting on 3 March"
    response = client.post(url, {"seed": 777, "published_where": where})
    assert response.status_code == 302
    # Announced: it cannot be swapped for another before the draw.
    again = client.post(url, {"seed": 778, "published_where": "Changed my mind"})
    assert again.status_code == 200
    assert "already been published" in again.content.decode()
    # The draw takes the published seed: a different one is refused, none given uses it.
    refused = _select(client, panel, {"size": 8, "seed": 5}, django_capture_on_commit_callbacks)
    assert refused.status_code == 200 and "777" in refused.content.decode()
    _select(client, panel, {"size": 8}, django_capture_on_commit_callbacks)
    draw = Draw.objects.get(panel=panel)
    assert draw.seed == 777 and draw.seed_announcement is not None
    client.logout()
    section = _draws_section(client, panel)
    assert "published before the draw" in section and where in section


def test_replacements_are_draws_on_the_record(world, django_capture_on_commit_callbacks):
    panel = make_panel(world)
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "3", "--quiet")
    leaving = Draw.objects.get(panel=panel).selected[:2]
    with django_capture_on_commit_callbacks(execute=True):
        services.request_replacements(
            actor=None, panel=panel, withdrawn=leaving, seed=5, reason="Moved away"
        )
    run_background_tasks()
    first, replacement = Draw.objects.filter(panel=panel).order_by("number")
    assert replacement.kind == "replacement" and replacement.number == 2
    assert replacement.withdrawn == sorted(leaving) and len(replacement.selected) == 2
    assert replacement.seed == 5 and replacement.reason == "Moved away"
    assert replacement.pool_hash and first.selected != replacement.selected


def test_select_panel_command_records_each_draw_and_a_redraw_needs_a_reason(world, capfd):
    panel = make_panel(world)
    capfd.readouterr()
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "7", "--json", "--quiet")
    answer = json.loads(capfd.readouterr().out)
    assert list(answer) == ["seed", "method", "selected", "probabilities"]
    draw = Draw.objects.get(panel=panel)
    assert draw.seed == 7 and draw.selected == answer["selected"]
    with pytest.raises(CommandError, match="--reason"):
        call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "8", "--quiet")
    assert Draw.objects.filter(panel=panel).count() == 1
    call_command(
        "select_panel",
        *(str(panel.pk), "--size", "8", "--seed", "8", "--quiet"),
        "--reason",
        "Quotas corrected after the count of the first draw was queried.",
    )
    assert list(Draw.objects.filter(panel=panel).values_list("number", "seed")) == [
        (1, 7),
        (2, 8),
    ]


def test_erasing_the_account_that_ran_a_draw_keeps_the_draw(world):
    panel = make_panel(world)
    officer = make_user("officer@example.org", "Olive Officer")
    run = services.request_selection(actor=officer, panel=panel, size=8, seed=9, background=False)
    services.run_selection(run.pk)
    officer.delete()
    draw = Draw.objects.get(panel=panel)
    assert draw.run_by is None and draw.seed == 9 and len(draw.selected) == 8
