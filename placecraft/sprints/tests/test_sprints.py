from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placecraft.core.models import AuditEvent
from placecraft.frameworks.models import Exercise
from placecraft.frameworks.tests.factories import ensure_frameworks
from placecraft.notifications.models import Notification
from placecraft.sprints import health, services
from placecraft.sprints.models import Learning, WorkItem
from placecraft.sprints.tests.factories import make_sprint, public_sprint
from placecraft.testing import assert_max_queries


def status(check, slug):
    return next(c for c in check.conditions if c.slug == slug).status


def test_end_date_is_required_and_after_the_start(world):
    with pytest.raises(ValidationError):
        make_sprint(
            world, "backwards", start_date=date.today(), end_date=date.today() - timedelta(1)
        )


def test_health_check_derives_unmet_conditions_from_the_sprint(world):
    sprint = make_sprint(world, "thin")
    for name in ("Ann", "Bo"):
        services.add_member(
            actor=None,
            sprint=sprint,
            data={"name": name, "organisation": world.council, "department": "Housing"},
        )
    check = health.health_check(sprint)
    # One department only, nobody with protected hours, no champion, no mission, no practices.
    for slug in (
        "multidisciplinary",
        "protected-time",
        "senior-champion",
        "timebound-problem",
        "range-of-practices",
    ):
        assert status(check, slug) == "not-met", slug
    assert status(check, "missions-mindset") == health.NOT_ASSESSED
    assert "same department" in str(check.conditions[0].from_data)
    # Prompts to fix come from the framework's if_not_met text.
    assert all(c.if_not_met for c in check.unmet)


def test_health_check_combines_data_and_the_workshop(world, bob):
    ensure_frameworks()
    sprint = public_sprint(world)
    check = health.health_check(sprint)
    assert status(check, "multidisciplinary") == "met"
    exercise = services.start_health_check(actor=bob, sprint=sprint)
    assert exercise.subject_type == "sprint" and exercise.subject_id == sprint.pk
    from placecraft.frameworks import services as fw

    fw.save_workshop_answers(
        actor=bob,
        exercise=exercise,
        answers={
            "multidisciplinary": {"state": "partly-met", "evidence": "No residents"},
            "missions-mindset": {"state": "not-met"},
        },
    )
    check = health.health_check(sprint)
    # The worse of data and workshop wins.
    assert status(check, "multidisciplinary") == "partly-met"
    assert status(check, "missions-mindset") == "not-met"
    assert status(check, "senior-champion") == "met"


def test_health_start_view_opens_the_frameworks_answers_page(client, world, bob):
    ensure_frameworks()
    sprint = public_sprint(world)
    client.force_login(bob)
    response = client.post(reverse("sprint_health_start", args=[world.place.slug, sprint.slug]))
    exercise = Exercise.objects.get(subject_type="sprint", subject_id=sprint.pk)
    assert response.url == reverse("exercise_answers", args=[world.place.slug, exercise.pk])


def test_board_moves_by_plain_post_and_by_htmx(client, world, charlie):
    sprint = public_sprint(world)
    item = sprint.work_items.get()
    client.force_login(charlie)
    url = reverse("work_item_move", args=[world.place.slug, sprint.slug, item.pk])
    response = client.post(url, {"status": "doing"})
    assert response.status_code == 302
    assert WorkItem.objects.get(pk=item.pk).status == "doing"
    response = client.post(url, {"status": "done"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="board"' in response.content and b"<html" not in response.content
    assert WorkItem.objects.get(pk=item.pk).status == "done"
    assert AuditEvent.objects.filter(object_type="work item").count() >= 3


def test_team_member_with_an_account_can_work_on_the_board(client, world, dana):
    sprint = public_sprint(world)
    services.add_member(
        actor=None,
        sprint=sprint,
        data={"name": "Dana", "organisation": world.partner, "user": dana},
    )
    client.force_login(dana)
    response = client.post(
        reverse("work_item_add", args=[world.place.slug, sprint.slug]), {"title": "Ask riders"}
    )
    assert response.status_code == 302
    assert sprint.work_items.filter(title="Ask riders").exists()


def test_check_in_blockers_reach_the_champion_once_a_week(client, world, charlie, bob):
    sprint = public_sprint(world)
    services.update_sprint(actor=bob, sprint=sprint, data={"champion_user": bob})
    client.force_login(charlie)
    url = reverse("sprint_check_ins", args=[world.place.slug, sprint.slug])
    data = {"week_of": date.today().isoformat(), "did": "Rode buses", "blockers": "No budget"}
    assert client.post(url, data).status_code == 302
    assert Notification.objects.filter(user=bob, kind="sprint-blocker").count() == 1
    again = client.post(url, data)
    assert b"already a check-in for that week" in again.content


def test_learning_shared_with_a_partner_is_visible_to_it_only(client, world, charlie, dana, erin):
    sprint = make_sprint(world, "private-one", visibility="private")
    services.record_learning(
        actor=charlie,
        place=world.place,
        organisation=world.council,
        data={
            "title": "Ask first",
            "what_we_learned": "Ask riders first",
            "sprint": sprint,
            "visibility": "private",
        },
        shared_with=[world.partner],
    )
    url = reverse("learning_list", args=[world.place.slug])
    client.force_login(dana)
    assert b"Ask first" in client.get(url).content
    client.force_login(erin)
    assert b"Ask first" not in client.get(url).content


def test_learning_is_shared_with_partners_named_in_a_box(client, world, charlie):
    sprint = make_sprint(world, "named-partners")
    client.force_login(charlie)
    url = reverse("learning_create", args=[world.place.slug, sprint.slug])
    data = {"title": "Ask first", "kind": "insight", "what_we_learned": "Ask riders first"}
    for name in ("Nobody Ltd", world.council.name):  # unknown, and the sprint's own
        refused = client.post(url, {**data, "visibility": "private", "shared_with": name})
        assert refused.status_code == 200
        assert "No organisation in this place" in refused.context["form"].errors["shared_with"][0]
    response = client.post(
        url, {**data, "visibility": "private", "shared_with": f"{world.partner.name}\n"}
    )
    assert response.status_code == 302
    learning = Learning.objects.get(title="Ask first")
    assert list(learning.shared_with.all()) == [world.partner]


def test_lists_run_a_flat_number_of_queries(client, world, charlie):
    client.force_login(charlie)
    sprint = public_sprint(world)
    Learning.objects.create(
        place=world.place,
        organisation=world.council,
        visibility="public",
        title="First",
        what_we_learned="x",
        sprint=sprint,
    )
    urls = [
        reverse("sprint_list", args=[world.place.slug]),
        reverse("learning_list", args=[world.place.slug]),
        reverse("sprint_detail", args=[world.place.slug, sprint.slug]),
        reverse("sprint_board", args=[world.place.slug, sprint.slug]),
    ]
    before = [assert_max_queries(client, url, 20) for url in urls]
    for n in range(15):
        other = make_sprint(world, f"more-{n}", mission=sprint.mission)
        services.add_work_item(actor=None, sprint=sprint, title=f"Item {n}")
        services.add_member(
            actor=None, sprint=sprint, data={"name": f"P{n}", "organisation": world.partner}
        )
        Learning.objects.create(
            place=world.place,
            organisation=world.council,
            visibility="public",
            title=f"L{n}",
            what_we_learned="x",
            sprint=other,
            mission=sprint.mission,
        )
    after = [assert_max_queries(client, url, 20) for url in urls]
    assert after == before


def test_the_sprint_list_shows_who_runs_each_sprint_its_mission_dates_and_stage(client, world):
    sprint = public_sprint(world)
    today = date.today()
    make_sprint(
        world,
        "later",
        start_date=today + timedelta(days=7),
        end_date=today + timedelta(days=21),
    )
    page = client.get(reverse("sprint_list", args=[world.place.slug])).content.decode()
    url = reverse("sprint_detail", args=[world.place.slug, sprint.slug])
    assert f'<a class="govuk-link" href="{url}">{sprint.title}</a>' in page
    assert sprint.mission is not None
    assert f">{world.council.name}<" in page and f">{sprint.mission.title}<" in page
    start, end = sprint.start_date, sprint.end_date
    assert f">{start:%-d %b %Y} to {end:%-d %b %Y}<" in page
    assert ">Active<" in page
    # A sprint not linked to a mission, and one not started yet, say so.
    assert ">None linked<" in page and ">Not started<" in page


def test_a_team_member_is_added_with_their_organisation_named_in_a_box(client, world, bob):
    sprint = public_sprint(world)
    client.force_login(bob)
    url = reverse("sprint_team", args=[world.place.slug, sprint.slug])
    page = client.get(url).content.decode()
    assert f">{world.partner.name}</option>" not in page
    data = {"name": "Pip Planner", "department": "Transport", "hours_per_week": 4}
    missing = client.post(url, {**data, "organisation": ""}).content.decode()
    assert "There is a problem" in missing and "Enter the team member’s organisation" in missing
    unknown = client.post(url, {**data, "organisation": "Nobody"}).content.decode()
    assert "No organisation in this place is called “Nobody”" in unknown
    assert not sprint.members.filter(name="Pip Planner").exists()
    added = client.post(url, {**data, "organisation": world.council.slug})
    assert added.status_code == 302
    assert sprint.members.get(name="Pip Planner").organisation == world.council


def test_an_empty_work_item_gets_its_error_on_the_board(client, world, charlie):
    sprint = public_sprint(world)
    client.force_login(charlie)
    url = reverse("work_item_add", args=[world.place.slug, sprint.slug])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(url, {"title": "  "}, **headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="board"' in html
        summary = html[html.index("govuk-error-summary") :]
        assert 'href="#id_title">Give the work item a title.</a>' in summary
        assert 'class="govuk-error-message"' in html
    assert sprint.work_items.count() == 1


def test_a_check_in_week_can_be_typed_as_people_write_dates(client, world, charlie):
    sprint = public_sprint(world)
    client.force_login(charlie)
    url = reverse("sprint_check_ins", args=[world.place.slug, sprint.slug])
    page = client.get(url).content.decode()
    assert "2025-05-12" not in page
    response = client.post(url, {"week_of": "10 dec 2026", "did": "Rode buses"})
    assert response.status_code == 302
    # Any day of the week is kept as the Monday it belongs to.
    assert sprint.check_ins.get().week_of == date(2026, 12, 7)
