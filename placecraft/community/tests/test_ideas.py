"""Ideas: proposing with every spam defence, supports, comments, moderation (report, hide with
the reason shown, block), officer responses, and ideas becoming budget projects or sprints."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from placecraft.community.models import Block, Idea, Report
from placecraft.community.spam import make_token
from placecraft.community.tests.factories import erin_idea, public_process
from placecraft.notifications.models import Notification
from placecraft.testing import assert_max_queries


def _idea_data(**extra):
    return {
        "title": "More benches",
        "description": "Benches on the green.",
        "form_token": make_token(age=30),
        **extra,
    }


@pytest.fixture
def new_idea_url(world):
    return reverse("idea_create", args=["testshire", public_process(world).slug])


def test_a_resident_proposes_an_idea_and_markup_is_made_safe(world, erin, client, new_idea_url):
    client.force_login(erin)
    response = client.post(
        new_idea_url,
        _idea_data(
            description="<script>alert(1)</script> **bold** [x](javascript:alert(1))",
            postcode="wv1 2ab",
        ),
    )
    idea = Idea.objects.get(title="More benches")
    assert response.status_code == 302 and idea.author == erin and idea.postcode == "WV1 2AB"
    page = client.get(reverse("idea_detail", args=["testshire", idea.pk])).content.decode()
    # Plain text, as written: nothing in it becomes markup.
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<strong>bold</strong>" not in page and "**bold**" in page
    assert 'href="javascript' not in page


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda: {"website": "http://buy.example"}, "could not be accepted"),
        (lambda: {"form_token": make_token(age=0)}, "very quickly"),
        (lambda: {"form_token": make_token(age=3 * 60 * 60)}, "too long ago"),
        (lambda: {"form_token": "forged"}, "could not be checked"),
    ],
    ids=["honeypot", "too-fast", "stale", "forged"],
)
def test_spam_defences_refuse_without_losing_what_was_typed(
    world, erin, client, new_idea_url, change, message
):
    client.force_login(erin)
    response = client.post(new_idea_url, _idea_data(**change()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Benches on the green." in response.content.decode()
    assert not Idea.objects.exists()


def test_rate_limits_per_account_and_per_address(world, erin, dana, client, new_idea_url):
    client.force_login(erin)
    for n in range(5):
        assert client.post(new_idea_url, _idea_data(title=f"Idea {n}")).status_code == 302
    refused = client.post(new_idea_url, _idea_data(title="One too many"))
    assert refused.status_code == 200 and b"Try again in an hour" in refused.content
    # Another account from the same address: allowed until the address's own limit (10
    # attempts an hour, erin's six included).
    client.force_login(dana)
    for n in range(4):
        assert client.post(new_idea_url, _idea_data(title=f"Dana {n}")).status_code == 302
    refused = client.post(new_idea_url, _idea_data(title="Address limit"))
    assert b"Try again in an hour" in refused.content
    assert Idea.objects.count() == 9


def test_support_is_one_per_person_and_can_be_withdrawn(world, erin, client):
    idea = erin_idea(world)
    client.force_login(erin)
    url = reverse("idea_support", args=["testshire", idea.pk])
    client.post(url)
    idea.refresh_from_db()
    assert idea.support_count == 1
    client.post(url)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_report_hide_with_reason_and_block(world, erin, bob, oscar, client):
    idea = erin_idea(world)
    client.force_login(oscar)
    client.post(reverse("idea_report", args=["testshire", idea.pk]), {"reason": "Rude"})
    assert Report.objects.filter(idea=idea, resolved_at__isnull=True).count() == 1
    client.force_login(bob)
    queue = client.get(reverse("moderation", args=["testshire"]))
    assert b"Rude" in queue.content
    client.post(reverse("idea_hide", args=["testshire", idea.pk]), {"reason": "Personal attack"})
    idea.refresh_from_db()
    assert idea.is_hidden and not Report.objects.filter(resolved_at__isnull=True).exists()
    client.logout()
    page = client.get(reverse("idea_detail", args=["testshire", idea.pk])).content.decode()
    assert "Personal attack" in page and "Plant" not in page
    client.force_login(bob)
    client.post(reverse("idea_block_author", args=["testshire", idea.pk]), {"reason": "Abuse"})
    assert Block.objects.filter(user=erin).exists()
    client.force_login(erin)
    new = reverse("idea_create", args=["testshire", idea.process.slug])
    assert client.get(new).status_code == 403
    assert (
        client.post(reverse("idea_comment", args=["testshire", idea.pk]), {"body": "x"}).status_code
        == 403
    )


def test_hiding_needs_a_reason(world, bob, client):
    idea = erin_idea(world)
    client.force_login(bob)
    client.post(reverse("idea_hide", args=["testshire", idea.pk]), {"reason": ""})
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_officer_response_changes_status_and_tells_the_author(
    world, bob, erin, client, django_capture_on_commit_callbacks
):
    idea = erin_idea(world)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("idea_respond", args=["testshire", idea.pk]),
            {
                "status": "not-taken-forward",
                "organisation": world.council.pk,
                "body": "Not taken forward because the lane is too narrow.",
            },
        )
    idea.refresh_from_db()
    assert idea.status == "not-taken-forward"
    assert Notification.objects.filter(user=erin, kind="idea-response").exists()
    page = client.get(reverse("idea_detail", args=["testshire", idea.pk]))
    assert b"too narrow" in page.content


def test_an_idea_becomes_a_budget_project(world, bob, client):
    from placecraft.budgeting import services as pb
    from placecraft.budgeting.models import Project

    round = pb.create_round(
        actor=bob,
        place=world.place,
        organisation=world.council,
        data={"title": "Green budget", "budget": 50000},
    )
    idea = erin_idea(world)
    client.force_login(bob)
    response = client.post(
        reverse("idea_to_project", args=["testshire", idea.pk]), {"round": round.pk, "cost": 8000}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    project = Project.objects.get(round=round)
    assert idea.pb_project == project and project.title == idea.title
    assert idea.status == "accepted"


def test_an_idea_becomes_a_sprint_problem(world, bob, client):
    idea = erin_idea(world)
    client.force_login(bob)
    response = client.post(
        reverse("idea_to_sprint", args=["testshire", idea.pk]),
        {"organisation": world.council.pk, "start": date(2026, 3, 2), "end": date(2026, 4, 10)},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.sprint is not None and idea.sprint.problem == idea.description


def test_process_page_query_count_does_not_grow_with_ideas(world, erin, client):
    from placecraft.community import services

    process = public_process(world)
    url = reverse("process_detail", args=["testshire", process.slug])
    services.submit_idea(author=erin, process=process, data={"title": "A", "description": "a"})
    few = assert_max_queries(client, url, 15)
    for n in range(20):
        services.submit_idea(
            author=erin, process=process, data={"title": f"I{n}", "description": "b"}
        )
    assert assert_max_queries(client, url, 15) == few
