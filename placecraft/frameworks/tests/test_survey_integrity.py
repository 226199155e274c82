"""Survey anonymity against a determined insider: single-use codes, limits on open links and on
answers, results that appear at five responses and change only in steps of five, comments kept
out of the CSV, and a visibility that cannot be widened once people have answered."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from placecraft.core.models import Visibility
from placecraft.frameworks import results, services, views
from placecraft.frameworks.models import Exercise, ResponseAccess, SurveyCode
from placecraft.frameworks.tests.factories import make_exercise, make_survey

pytestmark = pytest.mark.django_db


def survey_url(world, token):
    return reverse("survey_respond", args=[world.place.slug, token])


def form_key(page) -> str:
    found = re.search(r'name="form_key" value="([^"]+)"', page.content.decode())
    assert found is not None, page.content.decode()[:2000]
    return found.group(1)


def filled(exercise: Exercise, key: str, **extra: str) -> dict[str, str]:
    data = {"form_key": key, **extra}
    for prompt in exercise.version.content.prompts:
        if prompt.kind == "rating":
            data[f"{prompt.slug}__rating"] = "4"
    return data


def answer(client: Client, url: str, exercise: Exercise, **extra: str):
    return client.post(url, filled(exercise, form_key(client.get(url)), **extra))


def ratings(exercise: Exercise, value: int) -> dict[str, dict[str, int]]:
    return {
        p.slug: {"rating": value} for p in exercise.version.content.prompts if p.kind == "rating"
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- (6a) one response per invited person -----------------------------------------------------


def test_a_new_survey_takes_answers_only_with_single_use_codes(world, bob):
    exercise = make_exercise(world, "missions-mindset", "survey")
    assert exercise.response_access == ResponseAccess.CODES
    team = services.add_team(actor=bob, exercise=exercise, label="Adults")
    # The team's link alone takes no answers: it asks for a code.
    client = Client()
    page = client.get(survey_url(world, team.token))
    assert page.status_code == 200 and "Enter your code" in page.content.decode()
    client.post(survey_url(world, team.token), filled(exercise, "x"))
    assert not exercise.responses.exists()

    organiser = signed_in(bob)
    codes_url = reverse("exercise_codes", args=[world.place.slug, exercise.pk])
    reply = organiser.post(codes_url, {"action": "make", "team": team.pk, "number": "2"})
    assert reply.status_code == 302
    first, second = SurveyCode.objects.filter(exercise=exercise, team=team)

    # A printed code typed in at the team's link leads to the form.
    typed = client.get(survey_url(world, team.token), {"code": first.code.lower()})
    assert typed.status_code == 302 and typed["Location"] == survey_url(world, first.code)
    assert answer(client, survey_url(world, first.code), exercise).status_code == 302
    assert exercise.responses.filter(team=team).count() == 1
    # The same code again, even from another browser, is refused.
    again = Client()
    used = again.get(survey_url(world, first.code))
    assert "This code has already been used" in used.content.decode()
    again.post(survey_url(world, first.code), filled(exercise, "forged"))
    assert exercise.responses.count() == 1
    assert answer(Client(), survey_url(world, second.code), exercise).status_code == 302
    assert exercise.responses.filter(team=team).count() == 2


def test_a_code_cannot_be_used_twice_even_by_two_requests_with_valid_forms(world, bob):
    exercise = make_exercise(world, "missions-mindset", "survey")
    (code,) = services.make_codes(actor=bob, exercise=exercise, team=None, number=1)
    client_a, client_b = Client(), Client()
    key_a = form_key(client_a.get(survey_url(world, code.code)))
    key_b = form_key(client_b.get(survey_url(world, code.code)))
    client_a.post(survey_url(world, code.code), filled(exercise, key_a))
    second = client_b.post(survey_url(world, code.code), filled(exercise, key_b))
    assert exercise.responses.count() == 1
    assert "This code has already been used" in second.content.decode()


def test_codes_sent_by_email_reach_each_person_and_their_address_is_not_kept(
    world, bob, django_capture_on_commit_callbacks
):
    exercise = make_exercise(world, "missions-mindset", "survey")
    team = services.add_team(actor=bob, exercise=exercise, label="Finance")
    organiser = signed_in(bob)
    codes_url = reverse("exercise_codes", args=[world.place.slug, exercise.pk])
    with django_capture_on_commit_callbacks(execute=True):
        reply = organiser.post(
            codes_url,
            {"action": "send", "team": team.pk, "emails": "a@example.org\nb@example.org\n"},
        )
    assert reply.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    links = set(re.findall(r"/survey/([A-Z0-9]+)/", "".join(str(m.body) for m in mail.outbox)))
    assert links == set(SurveyCode.objects.filter(team=team).values_list("code", flat=True))
    assert "example.org" not in repr(list(SurveyCode.objects.values()))


def test_a_bad_email_address_is_shown_as_an_error_and_nothing_is_sent(world, bob):
    exercise = make_exercise(world, "missions-mindset", "survey")
    organiser = signed_in(bob)
    codes_url = reverse("exercise_codes", args=[world.place.slug, exercise.pk])
    page = organiser.post(
        codes_url, {"action": "send", "team": "", "emails": "a@example.org\nnope"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and "nope" in html and "a@example.org" in html
    assert not mail.outbox and not SurveyCode.objects.exists()


def test_organisers_can_print_and_download_the_unused_codes(world, bob):
    exercise = make_exercise(world, "missions-mindset", "survey")
    team = services.add_team(actor=bob, exercise=exercise, label="Adults")
    made = services.make_codes(actor=bob, exercise=exercise, team=team, number=3)
    services.submit_survey_response(
        exercise=exercise, team=team, answers=ratings(exercise, 3), code=made[0]
    )
    organiser = signed_in(bob)
    page = organiser.get(reverse("exercise_codes", args=[world.place.slug, exercise.pk]))
    html = page.content.decode()
    assert made[1].code in html and made[2].code in html and made[0].code not in html
    body = organiser.get(
        reverse("exercise_codes_csv", args=[world.place.slug, exercise.pk])
    ).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["team", "code", "link"]
    assert sorted(row[1] for row in rows[1:]) == sorted([made[1].code, made[2].code])
    assert all(row[0] == "Adults" and row[2].endswith(f"/survey/{row[1]}/") for row in rows[1:])


# --- (6a) open links: a cap and a limit per address --------------------------------------------


def test_an_open_link_stops_at_its_cap(world):
    exercise = make_survey(world, {}, response_cap=2)
    url = survey_url(world, exercise.survey_token)
    for _ in range(2):
        assert answer(Client(), url, exercise).status_code == 302
    third = answer(Client(), url, exercise)
    assert "has reached the number of responses it can take" in third.content.decode()
    assert exercise.responses.count() == 2


def test_one_address_cannot_flood_an_open_link(world, monkeypatch):
    monkeypatch.setattr(views, "SURVEY_ANSWERS_PER_ADDRESS", 2)
    exercise = make_survey(world, {})
    url = survey_url(world, exercise.survey_token)
    for _ in range(2):
        answer(Client(REMOTE_ADDR="198.51.100.7"), url, exercise)
    flood = answer(Client(REMOTE_ADDR="198.51.100.7"), url, exercise)
    assert flood.status_code == 429
    assert exercise.responses.count() == 2
    assert answer(Client(REMOTE_ADDR="198.51.100.8"), url, exercise).status_code == 302
    assert exercise.responses.count() == 3


def test_a_huge_answer_is_refused_with_a_clear_error_and_nothing_typed_is_lost(world):
    exercise = make_survey(world, {})
    url = survey_url(world, exercise.survey_token)
    client = Client()
    huge = "x" * 2_400_000
    page = answer(client, url, exercise, **{"purpose-led-reflection__text": huge})
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html
    assert "Shorten your answer to" in html
    assert 'value="4" checked' in html or re.search(r'value="4"[^>]*checked', html)
    assert not exercise.responses.exists()
    # The service refuses it too, whatever calls it.
    with pytest.raises(ValidationError):
        services.submit_survey_response(
            exercise=exercise,
            team=None,
            answers={**ratings(exercise, 3), "purpose-led-reflection": {"text": huge}},
        )


# --- (6b) five distinct responses, then steps of five ------------------------------------------


def test_results_appear_at_five_and_change_only_in_steps_of_five(world):
    exercise = make_survey(world, {}, no_team=5)
    at_five = results.survey_results(exercise).overall
    assert at_five.reportable and at_five.responses == 5
    for n in range(6, 10):
        services.submit_survey_response(exercise=exercise, team=None, answers=ratings(exercise, 1))
        now = results.survey_results(exercise)
        assert now.overall.responses == 5, n
        assert now.overall.section_means() == at_five.section_means(), n
        assert now.pending == n - 5
    services.submit_survey_response(exercise=exercise, team=None, answers=ratings(exercise, 1))
    at_ten = results.survey_results(exercise).overall
    assert at_ten.responses == 10 and at_ten.section_means() != at_five.section_means()


def test_a_sixth_response_cannot_be_isolated_on_the_page_or_in_the_csv(world, bob):
    exercise = make_survey(world, {"Adults": 5}, seed=4)
    organiser = signed_in(bob)
    detail = reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    csv_url = reverse("exercise_csv", args=[world.place.slug, exercise.pk])
    compare = reverse("exercise_compare", args=[world.place.slug, exercise.pk])

    def figures(url: str) -> str:
        html = organiser.get(url).content.decode()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    before = (figures(detail), figures(compare), organiser.get(csv_url).content.decode())
    services.submit_survey_response(
        exercise=exercise, team=exercise.teams.get(), answers=ratings(exercise, 1)
    )
    after_csv = organiser.get(csv_url).content.decode()
    assert [r for r in csv.reader(io.StringIO(after_csv)) if r and r[0].isdigit()] == [
        r for r in csv.reader(io.StringIO(before[2])) if r and r[0].isdigit()
    ]
    means = re.compile(r"\d\.\d\d?")
    assert means.findall(figures(detail)) == means.findall(before[0])
    assert means.findall(figures(compare)) == means.findall(before[1])


def test_comments_show_in_a_group_of_five_but_never_in_the_csv(world, bob):
    exercise = make_survey(world, {})
    for n in range(5):
        services.submit_survey_response(
            exercise=exercise,
            team=None,
            answers={**ratings(exercise, 3), "purpose-led-reflection": {"text": f"Comment {n}"}},
        )
    organiser = signed_in(bob)
    html = organiser.get(
        reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    ).content.decode()
    assert all(f"Comment {n}" in html for n in range(5))
    body = organiser.get(
        reverse("exercise_csv", args=[world.place.slug, exercise.pk])
    ).content.decode()
    assert not any(f"Comment {n}" in body for n in range(5))
    assert "purpose-led-reflection" not in body.splitlines()[0]


def test_comments_in_a_group_under_five_are_shown_nowhere(world, bob):
    exercise = make_survey(world, {})
    for n in range(4):
        services.submit_survey_response(
            exercise=exercise,
            team=None,
            answers={**ratings(exercise, 3), "purpose-led-reflection": {"text": f"Comment {n}"}},
        )
    organiser = signed_in(bob)
    html = organiser.get(
        reverse("exercise_detail", args=[world.place.slug, exercise.pk])
    ).content.decode()
    assert "Comment 0" not in html


# --- (6c) a promise of visibility is kept ------------------------------------------------------


def edit(client: Client, world, exercise: Exercise, visibility: str):
    return client.post(
        reverse("exercise_edit", args=[world.place.slug, exercise.pk]),
        {
            "title": exercise.title,
            "status": exercise.status,
            "round_label": exercise.round_label,
            "visibility": visibility,
            "facilitator": "",
            "participants": "",
        },
    )


def test_a_survey_answered_in_private_cannot_be_made_wider(world, bob):
    exercise = make_survey(world, {}, no_team=1)
    assert exercise.visibility == Visibility.PRIVATE
    client = signed_in(bob)
    for wider in (Visibility.PARTNERS, Visibility.PUBLIC):
        page = edit(client, world, exercise, wider)
        assert page.status_code == 200
        html = page.content.decode()
        assert "There is a problem" in html
        assert "people have answered it on that understanding" in html
        exercise.refresh_from_db()
        assert exercise.visibility == Visibility.PRIVATE
    with pytest.raises(ValidationError):
        services.update_exercise(
            actor=bob, exercise=exercise, data={"visibility": Visibility.PUBLIC}
        )


def test_a_survey_can_be_narrowed_and_widened_before_anyone_answers(world, bob):
    exercise = make_survey(world, {}, visibility=Visibility.PARTNERS)
    client = signed_in(bob)
    assert edit(client, world, exercise, Visibility.PUBLIC).status_code == 302
    services.submit_survey_response(exercise=exercise, team=None, answers=ratings(exercise, 3))
    assert edit(client, world, exercise, Visibility.PRIVATE).status_code == 302
    exercise.refresh_from_db()
    assert exercise.visibility == Visibility.PRIVATE
    # Narrowed after answers were given: it cannot go back to what it was.
    assert edit(client, world, exercise, Visibility.PUBLIC).status_code == 200
    exercise.refresh_from_db()
    assert exercise.visibility == Visibility.PRIVATE


def test_respondents_are_told_who_will_see_the_results(world):
    exercise = make_survey(world, {})
    html = Client().get(survey_url(world, exercise.survey_token)).content.decode()
    assert f"Only members of {exercise.organisation.name} will see the results" in html


def test_an_organiser_can_open_a_survey_to_a_link_with_a_cap_of_their_choosing(world, bob):
    exercise = make_exercise(world, "missions-mindset", "survey")
    page = signed_in(bob).post(
        reverse("exercise_edit", args=[world.place.slug, exercise.pk]),
        {
            "title": exercise.title,
            "status": exercise.status,
            "visibility": exercise.visibility,
            "facilitator": "",
            "response_access": ResponseAccess.LINK,
            "response_cap": "1",
        },
    )
    assert page.status_code == 302
    url = survey_url(world, exercise.survey_token)
    assert answer(Client(), url, exercise).status_code == 302
    assert "has reached the number of responses it can take" in (
        answer(Client(), url, exercise).content.decode()
    )
    assert exercise.responses.count() == 1
