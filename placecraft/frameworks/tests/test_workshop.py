"""Workshops: starting one, the group's answers, the stage heatmap, and actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.core.models import AuditEvent
from placecraft.frameworks.models import Action, Answer, Exercise, ExerciseStatus, Mode
from placecraft.frameworks.tests.factories import ensure_frameworks, make_exercise, shipped

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_starts_a_workshop_from_the_tool_page(world, charlie):
    ensure_frameworks()
    client = signed_in(charlie)
    tool = client.get(reverse("tool_shifting_towards_impact", args=[world.place.slug]))
    assert "Start an exercise" in tool.content.decode()
    version = shipped("shifting-towards-impact")
    reply = client.post(
        reverse("exercise_create", args=[world.place.slug, "shifting-towards-impact"]),
        {
            "title": "Leadership self-assessment",
            "organisation": world.council.pk,
            "version": version.pk,
            "mode": "workshop",
            "subject": f"organisation:{world.council.pk}",
            "visibility": "private",
            "participants": "Bob\nCharlie",
        },
    )
    exercise = Exercise.objects.get(title="Leadership self-assessment")
    assert reply["Location"] == reverse("exercise_answers", args=[world.place.slug, exercise.pk])
    assert exercise.facilitator == charlie and exercise.participant_names == ["Bob", "Charlie"]
    assert AuditEvent.objects.filter(object_type="exercise", action="create").exists()


def test_a_mode_the_framework_does_not_offer_is_refused(world, bob):
    ensure_frameworks()
    version = shipped("enabling-partners")
    reply = signed_in(bob).post(
        reverse("exercise_create", args=[world.place.slug, "enabling-partners"]),
        {
            "title": "x",
            "organisation": world.council.pk,
            "version": version.pk,
            "mode": "survey",
            "subject": f"partner:{world.partner.pk}",
            "visibility": "private",
        },
    )
    assert reply.status_code == 200 and not Exercise.objects.exists()


def test_the_group_records_answers_and_sees_the_heatmap(world, charlie):
    exercise = make_exercise(world, "shifting-towards-impact", Mode.WORKSHOP)
    client = signed_in(charlie)
    url = reverse("exercise_answers", args=[world.place.slug, exercise.pk])
    reply = client.post(
        url,
        {
            "culture__current_stage": "exploring",
            "culture__target_stage": "embedding",
            "culture-evidence__text": "Staff survey scores on risk are low.",
        },
    )
    assert reply.status_code == 302
    answer = Answer.objects.get(prompt__slug="culture")
    assert (answer.current_stage, answer.target_stage) == ("exploring", "embedding")
    html = client.get(
        reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    ).content.decode()
    assert "Where we are now and where we aim to be" in html and "<svg" in html
    assert "Staff survey scores on risk are low." in html
    event = AuditEvent.objects.filter(action="update", object_type="exercise").latest("at")
    assert "answer culture" in event.changes
    # Saving again replaces, never duplicates.
    client.post(
        url, {"culture__current_stage": "experimenting", "culture__target_stage": "embedding"}
    )
    assert Answer.objects.get(prompt__slug="culture").current_stage == "experimenting"
    assert not Answer.objects.filter(prompt__slug="culture-evidence").exists()


def test_a_closed_workshop_cannot_be_changed(world, charlie):
    exercise = make_exercise(
        world, "building-confidence", Mode.WORKSHOP, status=ExerciseStatus.CLOSED
    )
    prompt = exercise.version.content.sections[0].prompts[0]
    signed_in(charlie).post(
        reverse("exercise_answers", args=[world.place.slug, exercise.pk]),
        {f"{prompt.slug}__text": "x", f"{prompt.slug}__state": "met"},
    )
    assert not Answer.objects.exists()


def test_checklist_answers_with_evidence(world, bob):
    exercise = make_exercise(
        world, "sprint-team-conditions", Mode.WORKSHOP, subject_type="sprint", subject_id=None
    )
    signed_in(bob).post(
        reverse("exercise_answers", args=[world.place.slug, exercise.pk]),
        {"protected-time__state": "partly-met", "protected-time__evidence": "Two of five members."},
    )
    answer = Answer.objects.get(prompt__slug="protected-time")
    assert answer.state == "partly-met" and answer.evidence == "Two of five members."
    body = (
        signed_in(bob)
        .get(reverse("exercise_csv", args=[world.place.slug, exercise.pk]))
        .content.decode()
    )
    assert "protected-time" in body and "Partly met" in body and "Two of five members." in body


def test_actions_are_added_and_changed_with_an_audit_trail(world, bob, charlie):
    exercise = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    client = signed_in(bob)
    due = date.today() + timedelta(days=14)
    client.post(
        reverse("action_create", args=[world.place.slug, exercise.pk]),
        {
            "title": "Run a risk workshop",
            "owner": charlie.pk,
            "due_date": due.isoformat(),
            "status": "not-started",
        },
    )
    action = Action.objects.get()
    assert (action.owner, action.due_date, action.exercise) == (charlie, due, exercise)
    client.post(
        reverse("action_edit", args=[world.place.slug, exercise.pk, action.pk]),
        {"title": "Run a risk workshop", "owner": charlie.pk, "status": "done"},
    )
    action.refresh_from_db()
    assert action.status == "done" and action.due_date is None
    changes = AuditEvent.objects.filter(object_type="action", action="update").get().changes
    assert changes["status"] == {"from": "not-started", "to": "done"}


def test_an_owner_must_be_a_member(world, bob, dana):
    exercise = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    reply = signed_in(bob).post(
        reverse("action_create", args=[world.place.slug, exercise.pk]),
        {"title": "x", "owner": dana.pk, "status": "not-started"},
    )
    assert reply.status_code == 200 and "There is a problem" in reply.content.decode()
    assert not Action.objects.exists()


def test_an_action_of_another_exercise_is_not_found(world, bob):
    first = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    second = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    action = Action.objects.create(exercise=first, title="x")
    url = reverse("action_edit", args=[world.place.slug, second.pk, action.pk])
    assert signed_in(bob).get(url).status_code == 404
