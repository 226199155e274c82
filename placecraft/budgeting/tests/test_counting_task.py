"""Counting end to end: closing voting queues the count, the worker counts, the results and
their explanation are stored and shown."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.budgeting.models import CountStatus, Phase, ProjectResult
from placecraft.budgeting.tests.factories import close_and_count, make_round, vote_for
from placecraft.testing import assert_max_queries


def _voted_round(world):
    # Budget 800: trees (500) are most popular in the North; the South wants the benches (300)
    # and books (200). MES gives the South its share; greedy gives the biggest group everything
    # it can.
    round = make_round(world, max_choices=None)
    users = list(world.users.values())
    for user in users[:4]:
        vote_for(round, user, "Street trees", "Library books", area="North")
    for user in users[4:]:
        vote_for(round, user, "Benches in the park", area="South")
    return round


def test_closing_queues_the_count_and_the_worker_counts(world):
    round = _voted_round(world)
    round = close_and_count(world, round)
    assert round.phase == Phase.RESULTS
    assert round.count_status == CountStatus.DONE and round.count_progress == 100
    summary = round.count_summary
    assert summary["voters"] == 6
    assert summary["rule"] == "mes" and summary["comparison_rule"] == "greedy"
    main = {r.project.title: r for r in ProjectResult.objects.filter(is_main=True)}
    assert main["Street trees"].votes == 4
    assert all(r.reason for r in main.values())
    winners = {t for t, r in main.items() if r.selected}
    assert sum(r.project.cost for r in main.values() if r.selected) <= 800
    assert winners
    assert {a["area"] for a in summary["areas"]} == {"North", "South"}
    for result in main.values():
        if result.selected:
            assert result.effective_votes is not None


def test_results_page_explains_itself(world):
    round = close_and_count(world, _voted_round(world))
    client = Client()
    url = reverse("pb_results", args=[world.place.slug, round.pk])
    page = client.get(url).content.decode()
    for text in (
        "Funded projects",
        "Why each project won or lost",
        "Effective votes",
        "Greedy (most votes first)",
        "by area",
        "<svg",
        "The figures as a table",
    ):
        assert text in page, text
    how = client.get(reverse("pb_how_we_counted", args=[world.place.slug, round.pk]))
    assert "Equal shares" in how.content.decode()
    progress = client.get(reverse("pb_count_progress", args=[world.place.slug, round.pk]))
    assert "Counting finished" in progress.content.decode()


def test_results_page_queries_do_not_grow_with_projects(world):
    costs = {f"Project {i}": 50 + i for i in range(40)}
    round = make_round(world, costs=costs, max_choices=None)
    for i, user in enumerate(world.users.values()):
        vote_for(round, user, *list(costs)[i : i + 10])
    round = close_and_count(world, round)
    client = Client()
    for name in ("pb_results", "pb_round_detail", "pb_how_we_counted"):
        assert_max_queries(client, reverse(name, args=[world.place.slug, round.pk]), 12)
    assert_max_queries(client, reverse("pb_round_list", args=[world.place.slug]), 8)


def test_progress_page_polls_while_counting(world, bob):
    from placecraft.budgeting import services

    round = _voted_round(world)
    services.set_phase(actor=bob, round=round, phase=Phase.COUNTING)  # queued, no worker yet
    client = Client()
    url = reverse("pb_count_progress", args=[world.place.slug, round.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 3s"' in page and "Refresh now" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("{#") is False and 'id="count-status"' in fragment
    assert "<html" not in fragment


def test_a_failed_count_is_recorded(world, monkeypatch):
    from placecraft.budgeting import counting

    round = _voted_round(world)

    def broken(*args, **kwargs):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(counting, "count", broken)
    round = close_and_count(world, round)
    assert round.count_status == CountStatus.FAILED
    assert "the engine broke" in round.count_message


def test_progress_page_says_how_long_work_has_waited_for_a_worker(world, bob):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from placecraft.budgeting import services
    from placecraft.core.tasks import ping

    round = _voted_round(world)
    services.set_phase(actor=bob, round=round, phase=Phase.COUNTING)  # queued, no worker yet
    waiting = ping.enqueue("count")
    DBTaskResult.objects.filter(id=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=3)
    )
    url = reverse("pb_count_progress", args=[world.place.slug, round.pk])
    page = " ".join(Client().get(url).content.decode().split())
    assert "waiting for a worker; it has waited 3 minutes" in page
    DBTaskResult.objects.filter(id=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )
    page = " ".join(Client().get(url).content.decode().split())
    assert "has not been picked up for 20 minutes: no worker seems to be running" in page
