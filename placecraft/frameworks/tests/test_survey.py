"""Anonymous surveys: no identifying data, no double submission, and the five-response rule in
pages, CSV and comparisons."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from placecraft.frameworks import results
from placecraft.frameworks.models import Answer, ExerciseStatus, Response
from placecraft.frameworks.tests.factories import make_survey, mindset_answers
from placecraft.frameworks.views import SURVEY_SALT
from placecraft.testing import assert_max_queries

pytestmark = pytest.mark.django_db


def survey_url(world, token):
    return reverse("survey_respond", args=[world.place.slug, token])


def filled(version, key: str) -> dict[str, str]:
    data = {"form_key": key}
    for prompt in version.content.prompts:
        if prompt.kind == "rating":
            data[f"{prompt.slug}__rating"] = "4"
    return data


def form_key(response) -> str:
    found = re.search(r'name="form_key" value="([^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1)


def test_a_response_holds_nothing_that_identifies_anyone():
    stored = {field.name for field in Response._meta.get_fields()}
    assert stored == {"id", "exercise", "team", "key", "answers"}
    assert not {"user", "ip", "created_at", "submitted_at"} & {
        f.name for f in Answer._meta.get_fields()
    }


def test_anyone_with_the_link_can_answer_without_an_account(world):
    exercise = make_survey(world, {"Adults": 0})
    team = exercise.teams.get()
    client = Client()
    page = client.get(survey_url(world, team.token))
    assert page.status_code == 200 and "This survey is anonymous" in page.content.decode()
    reply = client.post(survey_url(world, team.token), filled(exercise.version, form_key(page)))
    assert reply.status_code == 302
    assert Response.objects.filter(exercise=exercise, team=team).count() == 1
    assert "Thank you" in client.get(reply["Location"]).content.decode()


def test_missing_answers_are_listed_and_nothing_is_stored(world):
    exercise = make_survey(world, {})
    client = Client()
    page = client.get(survey_url(world, exercise.survey_token))
    reply = client.post(survey_url(world, exercise.survey_token), {"form_key": form_key(page)})
    assert reply.status_code == 200
    assert "There is a problem" in reply.content.decode()
    assert not Response.objects.filter(exercise=exercise).exists()


def test_the_same_form_sent_twice_is_stored_once_but_a_new_visit_can_answer(world):
    exercise = make_survey(world, {})
    client = Client()
    url = survey_url(world, exercise.survey_token)
    key = form_key(client.get(url))
    client.post(url, filled(exercise.version, key))
    client.post(url, filled(exercise.version, key))  # double click or back button
    assert Response.objects.filter(exercise=exercise).count() == 1
    second = client.get(url)
    assert "already answered this survey from this browser" in second.content.decode()
    client.post(url, filled(exercise.version, form_key(second)))
    assert Response.objects.filter(exercise=exercise).count() == 2


def test_a_forged_form_key_is_not_accepted(world):
    exercise = make_survey(world, {})
    Client().post(survey_url(world, exercise.survey_token), filled(exercise.version, "forged"))
    assert not Response.objects.exists()
    assert signing.loads(signing.dumps("x", salt=SURVEY_SALT), salt=SURVEY_SALT) == "x"


def test_a_closed_survey_takes_no_answers(world):
    exercise = make_survey(world, {}, status=ExerciseStatus.CLOSED)
    client = Client()
    page = client.get(survey_url(world, exercise.survey_token))
    assert "This survey has closed" in page.content.decode()
    client.post(survey_url(world, exercise.survey_token), filled(exercise.version, "x"))
    assert not Response.objects.exists()


def test_an_unknown_or_other_place_link_is_not_found(world):
    exercise = make_survey(world, {})
    assert Client().get(survey_url(world, "nope")).status_code == 404
    other = reverse("survey_respond", args=[world.other_place.slug, exercise.survey_token])
    assert Client().get(other).status_code == 404


@pytest.fixture
def small_team_survey(world):
    # Finance has four responses: it must show nowhere, not even through the overall figures.
    return make_survey(world, {"Adults": 6, "Finance": 4}, seed=7)


def test_groups_under_five_show_no_figures_on_the_summary(world, bob, small_team_survey):
    res = results.survey_results(small_team_survey)
    finance = next(g for g in res.groups if g.label == "Finance")
    adults = next(g for g in res.groups if g.label == "Adults")
    assert not finance.reportable and finance.sections == []
    # Adults' sixth response waits for the next step of five.
    assert res.overall.responses == 5 and res.withheld == 4 and res.pending == 1
    # The overall is exactly the reportable team: nothing from Finance leaks into it.
    assert res.overall.section_means() == adults.section_means()
    client = Client()
    client.force_login(bob)
    page = client.get(reverse("exercise_detail", args=[world.place.slug, small_team_survey.pk]))
    html = page.content.decode()
    assert "Fewer than 5 responses: no results shown" in html
    assert "4 responses from groups of fewer than 5 are not included" in html


def test_too_few_responses_overall_shows_a_message_and_no_chart(world, bob):
    exercise = make_survey(world, {}, no_team=3)
    client = Client()
    client.force_login(bob)
    html = client.get(
        reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    ).content.decode()
    assert "There are not enough responses to show results yet" in html
    assert "<svg" not in html


def test_csv_leaves_out_small_groups_and_identifies_nobody(world, bob, small_team_survey):
    client = Client()
    client.force_login(bob)
    body = client.get(
        reverse("exercise_csv", args=[world.place.slug, small_team_survey.pk])
    ).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    header = rows[0]
    assert header[:2] == ["respondent", "team"]
    assert not {"user", "email", "ip", "time", "date"} & set(header)
    data = [row for row in rows[1:] if row and row[0].isdigit()]
    assert len(data) == 5  # the first five of Adults' six: results move in steps of five
    assert {row[1] for row in data} == {"Adults"}
    assert "Finance" not in body
    assert "4 responses from groups of fewer than 5 are not included" in body


def test_team_comparison_hides_small_groups(world, bob, small_team_survey):
    client = Client()
    client.force_login(bob)
    html = client.get(
        reverse("exercise_compare", args=[world.place.slug, small_team_survey.pk])
    ).content.decode()
    assert "Fewer than 5 responses: no results shown" in html
    finance_row = re.search(r"Finance</th>(.*?)</tr>", html, re.S)
    assert finance_row is not None
    assert not re.search(r"\d\.\d\d", finance_row.group(1))


def test_round_comparison_hides_a_round_under_five(world):
    first = make_survey(world, {"Adults": 3}, round_label="2024", seed=2)
    second = make_survey(world, {"Adults": 5}, round_label="2025", seed=3)
    comparison = results.compare_rounds(second, [first, second])
    assert comparison.reportable == [False, True]
    assert all(values[0] is None for _, values in comparison.sections)
    assert all(values[1] is not None for _, values in comparison.sections)


def test_means_and_distribution_are_exact(world):
    exercise = make_survey(world, {})
    for rating in (1, 2, 4, 5, 5):
        answers = {
            p.slug: {"rating": rating}
            for p in exercise.version.content.prompts
            if p.kind == "rating"
        }
        from placecraft.frameworks import services

        services.submit_survey_response(exercise=exercise, team=None, answers=answers)
    res = results.survey_results(exercise)
    prompt = res.overall.sections[0].prompts[0]
    assert prompt.mean == pytest.approx(17 / 5)
    assert [n for _, n in prompt.distribution] == [1, 1, 0, 1, 2]
    assert res.overall.sections[0].mean == pytest.approx(17 / 5)


def test_summary_query_count_does_not_grow_with_responses(world, bob):
    import random

    exercise = make_survey(world, {"A": 5, "B": 5})
    client = Client()
    client.force_login(bob)
    url = reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    client.get(url)
    few = assert_max_queries(client, url, 15)
    rng = random.Random(1)
    from placecraft.frameworks import services

    for team in exercise.teams.all():
        for _ in range(40):
            services.submit_survey_response(
                exercise=exercise, team=team, answers=mindset_answers(exercise.version, rng)
            )
    assert assert_max_queries(client, url, few) == few


def test_kept_sums_are_used_until_a_response_arrives_or_a_team_goes(world, bob):
    from placecraft.frameworks import services

    exercise = make_survey(world, {"A": 5, "B": 5})
    client = Client()
    client.force_login(bob)
    url = reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    first = client.get(url).content.decode()
    before = results.survey_results(exercise).overall.sections[0].mean
    # The second view of unchanged results does not sum the answers again.
    queries = assert_max_queries(client, url, 15)
    assert client.get(url).content.decode() == first

    team_a = exercise.teams.get(label="A")
    every_rating_is_1 = {
        p.slug: {"rating": 1} for p in exercise.version.content.prompts if p.kind == "rating"
    }
    for _ in range(5):  # results move in steps of five
        services.submit_survey_response(exercise=exercise, team=team_a, answers=every_rating_is_1)
    now = results.survey_results(exercise).overall
    assert now.responses == 15
    assert now.sections[0].mean is not None and before is not None
    assert now.sections[0].mean < before
    assert client.get(url).content.decode() != first
    assert assert_max_queries(client, url, queries) == queries

    team_a.delete()
    after = results.survey_results(exercise)
    assert after.overall.responses == 5
    assert [g.label for g in after.groups] == ["B"]


def test_round_comparison_counts_a_new_response(world):
    from placecraft.frameworks import services

    first = make_survey(world, {"Adults": 5}, round_label="2024", seed=2)
    second = make_survey(world, {"Adults": 5}, round_label="2025", seed=3)
    before = results.compare_rounds(second, [first, second])
    assert before.responses == [5, 5]
    lowest = {p.slug: {"rating": 1} for p in second.version.content.prompts if p.kind == "rating"}
    for _ in range(5):  # results move in steps of five
        services.submit_survey_response(exercise=second, team=second.teams.get(), answers=lowest)
    after = results.compare_rounds(second, [first, second])
    assert after.responses == [5, 10]
    (_, _, means_before), (_, _, means_after) = before.prompts[0], after.prompts[0]
    assert means_before[1] is not None and means_after[1] is not None
    assert means_after[1] < means_before[1]
    assert means_after[0] == means_before[0]


def test_the_exercise_list_counts_each_surveys_responses(world, bob):
    make_survey(world, {"A": 3}, round_label="2024", seed=2)
    make_survey(world, {"A": 5, "B": 2}, round_label="2025", seed=3)
    make_survey(world, {}, round_label="2026")
    client = Client()
    client.force_login(bob)
    html = client.get(reverse("exercise_list", args=[world.place.slug])).content.decode()
    assert "Survey, 3 responses" in html
    assert "Survey, 7 responses" in html
    assert "Survey, 0 responses" in html
