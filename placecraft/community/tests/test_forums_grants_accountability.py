"""Forums with recommendations and responses; community grants from application to 360Giving;
"you said, we did"; moderated feedback on progress; representation; the API."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from placecraft.community.models import Feedback, Recommendation
from placecraft.community.spam import make_token
from placecraft.community.tests import factories as f
from placecraft.missions.tests.factories import public_mission
from placecraft.panels.models import PopulationFigure
from placecraft.testing import assert_max_queries


def test_recommendations_get_a_response_with_status(world, bob, client):
    forum = f.forum(world)
    recommendation = Recommendation.objects.get(forum=forum)
    client.force_login(bob)
    client.post(
        reverse("recommendation_respond", args=["testshire", forum.pk, recommendation.pk]),
        {"status": "partly", "response": "We will plant 400 this year."},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "partly" and recommendation.responded_at
    client.logout()
    page = client.get(reverse("forum_detail", args=["testshire", forum.pk])).content.decode()
    assert "Accepted in part" in page and "plant 400" in page
    assert "https://example.org/trees" in page  # evidence pack
    api = client.get("/api/v1/places/testshire/recommendations").json()["items"]
    assert api[0]["status"] == "partly" and api[0]["response"].startswith("We will")


def test_questions_are_collected_beforehand_and_answered(world, erin, bob, client):
    forum = f.forum(world)
    client.force_login(erin)
    response = client.post(
        reverse("question_ask", args=["testshire", forum.pk]),
        {"text": "Will the bus stop move?", "form_token": make_token(age=10)},
    )
    assert response.status_code == 302
    question = forum.questions.get(text="Will the bus stop move?")
    client.force_login(bob)
    client.post(
        reverse("question_answer", args=["testshire", forum.pk, question.pk]),
        {"answer": "No, it stays."},
    )
    page = client.get(reverse("forum_detail", args=["testshire", forum.pk]))
    assert b"No, it stays." in page.content


def test_grant_application_assessment_award_report_and_360giving(world, erin, bob, client):
    programme = f.programme(world)
    client.force_login(erin)
    url = reverse("application_create", args=["testshire", programme.pk])
    data = {
        "group_name": "Friends of the Park",
        "contact_email": "erin@example.org",
        "title": "Park benches",
        "summary": "Benches.",
        "company_number": "01234567",
        "budget": "Benches, 1200\nFitting, £300",
        "form_token": make_token(age=10),
    }
    too_much = client.post(url, {**data, "budget": "Benches, 2500"})
    assert b"more than the most" in too_much.content
    assert client.post(url, data).status_code == 302
    application = programme.applications.get(title="Park benches")
    assert [str(line.amount) for line in application.budget_lines.all()] == ["1200.00", "300.00"]
    client.force_login(bob)
    criteria = list(programme.criteria.all())
    assess = reverse("application_assess", args=["testshire", programme.pk, application.pk])
    client.post(assess, {f"c{criteria[0].pk}": 4, f"c{criteria[1].pk}": 3})
    assert application.scores.count() == 2
    client.post(assess, {"decision-decision": "award", "decision-amount": "1500"})
    application.refresh_from_db()
    assert application.status == "awarded" and application.award.amount == Decimal("1500")
    client.force_login(erin)
    client.post(
        reverse("grant_report_create", args=["testshire", programme.pk, application.pk]),
        {"body": "Benches installed.", "spent": "1450"},
    )
    assert application.award.reports.count() == 1
    package = client.get(reverse("programme_360", args=["testshire", programme.pk])).json()
    grant = next(g for g in package["grants"] if g["title"] == "Park benches")
    for field in (
        "id",
        "title",
        "description",
        "currency",
        "amountAwarded",
        "awardDate",
        "recipientOrganization",
        "fundingOrganization",
    ):
        assert field in grant
    assert grant["amountAwarded"] == 1500 and grant["currency"] == "GBP"
    assert grant["recipientOrganization"][0]["id"] == "GB-COH-01234567"
    assert grant["classifications"][0]["code"] == public_mission(world).slug
    assert package["publisher"]["name"] == world.council.name


def test_you_said_we_did_joins_ideas_recommendations_and_budget_projects(world, bob, erin, client):
    from placecraft.budgeting import services as pb

    mission = public_mission(world)
    idea = f.erin_idea(world)
    forum = f.forum(world)
    round = pb.create_round(
        actor=bob,
        place=world.place,
        organisation=world.council,
        data={"title": "Green budget", "budget": 50000, "missions": [mission]},
    )
    pb.create_project(actor=bob, round=round, title="Cycle lane", cost=20000)
    from placecraft.community import services

    services.respond_to_idea(
        actor=bob,
        idea=idea,
        status="accepted",
        organisation=world.council,
        body="Accepted into the tree plan.",
    )
    page = client.get(reverse("accountability", args=["testshire", mission.slug])).content.decode()
    assert "Trees on Mill Lane" in page and "Accepted into the tree plan." in page
    assert "Plant more trees" in page and "Awaiting response" in page
    assert "Cycle lane" in page
    assert "Streets forum" in page  # the accountability forum
    # Each row links to where it was said: the idea, the recommendation in its forum, the round.
    recommendation = Recommendation.objects.get(forum=forum)
    assert f'href="/p/testshire/ideas/{idea.pk}/"' in page
    assert f'href="/p/testshire/forums/{forum.pk}/#rec-{recommendation.number}"' in page
    assert f'href="/p/testshire/budgets/{round.pk}/"' in page


def test_you_said_we_did_shows_dates_and_keeps_line_breaks_of_what_happened(world, bob, client):
    """The table's dates and responses are written in Python: as the ``date:"j M Y"`` and
    ``linebreaksbr`` filters would, local time and escaping included."""
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone

    from placecraft.community import services

    mission = public_mission(world)
    idea = f.erin_idea(world)
    f.forum(world)  # a recommendation not responded to yet
    services.respond_to_idea(
        actor=bob,
        idea=idea,
        status="accepted",
        organisation=world.council,
        body="Accepted <for now>.\nPlanting starts in spring.",
    )
    response = idea.responses.get()
    page = client.get(reverse("accountability", args=["testshire", mission.slug])).content.decode()
    assert "Accepted &lt;for now&gt;.<br>Planting starts in spring." in page
    said = date_filter(timezone.localtime(idea.created_at), "j M Y")
    updated = date_filter(timezone.localtime(response.created_at), "j M Y")
    assert f'<td class="govuk-table__cell">{said}</td>' in page
    assert f'<td class="govuk-table__cell">{updated}</td>' in page
    assert '<td class="govuk-table__cell">–</td>' in page  # the recommendation: no response


def test_you_said_we_did_pages_across_kinds_and_counts_every_row(world, bob, client, monkeypatch):
    from placecraft.budgeting import services as pb
    from placecraft.community import accountability

    monkeypatch.setattr(accountability, "PAGE_SIZE", 2)
    mission = public_mission(world)
    f.erin_idea(world)
    f.forum(world)  # one recommendation for the mission
    round = pb.create_round(
        actor=bob,
        place=world.place,
        organisation=world.council,
        data={"title": "Green budget", "budget": 50000, "missions": [mission]},
    )
    for title in ("Cycle lane", "Bus shelter", "Pocket park"):
        pb.create_project(actor=bob, round=round, title=title, cost=1000)
    url = reverse("accountability", args=["testshire", mission.slug])

    first = client.get(url).content.decode()
    # The totals count every row, not only the page's.
    assert "5 things residents said: 1 to 2 shown" in first
    assert "<li>Ideas: 3</li>" in first  # the three projects, their round still in its ideas phase
    assert "Trees on Mill Lane" in first and "Plant more trees" in first
    assert "Cycle lane" not in first
    assert 'class="govuk-pagination"' in first and "page=2" in first

    second = client.get(url, {"page": 2}).content.decode()
    assert "3 to 4 shown" in second and "Trees on Mill Lane" not in second
    assert second.count("Budget project:") == 2
    third = client.get(url, {"page": 3}).content.decode()
    assert "5 to 5 shown" in third and third.count("Budget project:") == 1
    # A page past the end shows the last one rather than failing.
    assert "5 to 5 shown" in client.get(url, {"page": 99}).content.decode()


def test_feedback_on_progress_is_moderated_before_it_appears(world, erin, bob, client):
    mission = public_mission(world)
    update = mission.updates.get()
    client.force_login(erin)
    client.post(
        reverse("feedback_create", args=["testshire", update.pk]),
        {"body": "Great progress on buses", "form_token": make_token(age=10)},
    )
    feedback = Feedback.objects.get(update=update)
    assert feedback.status == "pending"
    url = reverse("accountability", args=["testshire", mission.slug])
    assert b"Great progress" not in client.get(url).content
    client.force_login(bob)
    client.post(
        reverse("feedback_moderate", args=["testshire", feedback.pk]), {"decision": "publish"}
    )
    assert b"Great progress" in client.get(url).content


def test_representation_shows_who_we_have_not_heard_from(world, erin, client):
    PopulationFigure.objects.create(place=world.place, feature="area", value="Northgate", share=40)
    PopulationFigure.objects.create(place=world.place, feature="area", value="Southgate", share=60)
    idea = f.erin_idea(world)  # from Northgate
    for n in range(29):  # thirty ideas in all, enough to judge by (representation.MIN_RESPONSES)
        idea.pk = None
        idea.title = f"Idea {n}"
        idea.save()
    page = client.get(reverse("representation", args=["testshire"])).content.decode()
    assert "We have heard too little from: area: Southgate" in page
    assert 'id="representation-table"' in page and "<svg" in page


def test_list_pages_keep_their_query_counts(world, erin, client):
    f.erin_idea(world)
    f.forum(world)
    f.erin_application(world)
    for name in ("process_list", "forum_list", "programme_list", "representation"):
        assert_max_queries(client, reverse(name, args=["testshire"]), 12)
    assert_max_queries(
        client, reverse("accountability", args=["testshire", public_mission(world).slug]), 20
    )


def test_ideas_api_hides_hidden_words(world, bob, client):
    from placecraft.community import services

    idea = f.erin_idea(world)
    services.hide(actor=bob, target=idea, reason="Off topic")
    data = client.get("/api/v1/places/testshire/ideas").json()["items"]
    assert data[0]["hidden"] and data[0]["title"] == "" and data[0]["hidden_reason"] == "Off topic"
