"""What residents show of themselves: ideas, comments and feedback carry the display name the
person chose (by default their first name and the area), never their full name or postcode;
postcodes stay with the organisers."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.urls import reverse

from placecraft.community import services
from placecraft.community.models import Comment, Feedback, Idea
from placecraft.community.spam import make_token
from placecraft.community.tests.factories import public_process
from placecraft.missions.tests.factories import public_mission


def _erin_takes_part(world, erin, dana):
    idea = services.submit_idea(
        author=erin,
        process=public_process(world),
        data={
            "title": "Benches by the canal",
            "description": "Somewhere to rest.",
            "postcode": "WV1 2AB",
            "area": "Northgate",
        },
    )
    services.add_comment(author=erin, idea=idea, body="I would use them daily")
    services.add_comment(author=dana, idea=idea, body="We could help build them")
    update = public_mission(world).updates.get()
    feedback = services.leave_feedback(
        author=erin, update=update, body="Buses are better now", area="Northgate"
    )
    services.moderate_feedback(actor=world.users["council_admin"], feedback=feedback, publish=True)
    return idea


def _public_pages(client, world, idea):
    idea_page = client.get(reverse("idea_detail", args=["testshire", idea.pk])).content.decode()
    accountability = client.get(
        reverse("accountability", args=["testshire", public_mission(world).slug])
    ).content.decode()
    return idea_page, accountability


def test_public_pages_show_a_first_name_and_area_never_a_full_name_or_postcode(
    world, erin, dana, client
):
    idea = _erin_takes_part(world, erin, dana)
    idea_page, accountability = _public_pages(client, world, idea)
    for page in (idea_page, accountability):
        assert "Erin Resident" not in page and "Dana Partner" not in page
        assert "WV1 2AB" not in page
    assert "Proposed by Erin from Northgate" in idea_page
    assert "<strong>Erin</strong>" in idea_page and "<strong>Dana</strong>" in idea_page
    assert "<strong>Erin from Northgate</strong>: Buses are better now" in accountability


def test_changing_the_display_name_in_the_account_changes_every_page(world, erin, dana, client):
    idea = _erin_takes_part(world, erin, dana)
    client.force_login(erin)
    url = reverse("account_profile")
    page = client.get(url).content.decode()
    assert "<strong>Erin from your area</strong>" in page  # what others see today
    response = client.post(url, {"display_name": "Canal walker"})
    assert response.status_code == 302
    client.logout()
    idea_page, accountability = _public_pages(client, world, idea)
    assert "Proposed by Canal walker" in idea_page
    assert "<strong>Canal walker</strong>" in idea_page  # her comment
    assert "<strong>Canal walker</strong>: Buses are better now" in accountability
    assert "Erin" not in idea_page and "Erin" not in accountability
    # Going back to the default brings the first name back.
    client.force_login(erin)
    client.post(url, {"display_name": ""})
    assert "Proposed by Erin from Northgate" in _public_pages(client, world, idea)[0]


def test_a_display_name_cannot_be_a_postcode_or_an_email_address(world, erin, client):
    client.force_login(erin)
    url = reverse("account_profile")
    for value in ("wv1 2ab", "Erin WV1 2AB", "erin@example.org"):
        response = client.post(url, {"display_name": value})
        page = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in page
        assert value in page  # what was typed is kept
    erin.refresh_from_db()
    assert erin.display_name == ""


def test_organisers_still_see_the_postcode_of_an_idea(world, erin, dana, bob, client):
    idea = _erin_takes_part(world, erin, dana)
    client.force_login(bob)  # an admin of the council that runs the process
    page = client.get(reverse("idea_detail", args=["testshire", idea.pk])).content.decode()
    assert "WV1 2AB" in page
    client.force_login(dana)  # a partner of the place, not an organiser of this process
    page = client.get(reverse("idea_detail", args=["testshire", idea.pk])).content.decode()
    assert "WV1 2AB" not in page


def test_the_forms_say_plainly_what_is_public(world, erin, client):
    client.force_login(erin)
    idea_form = client.get(
        reverse("idea_create", args=["testshire", public_process(world).slug])
    ).content.decode()
    assert "shown publicly" in idea_form and reverse("account_profile") in idea_form
    assert "postcode is seen only by the organisers" in idea_form
    update = public_mission(world).updates.get()
    feedback_form = client.get(
        reverse("feedback_create", args=["testshire", update.pk]),
    ).content.decode()
    assert "shown publicly" in feedback_form and reverse("account_profile") in feedback_form


def test_feedback_posted_through_the_form_shows_the_display_name(world, erin, bob, client):
    erin.display_name = "Bus fan"
    erin.save()
    update = public_mission(world).updates.get()
    client.force_login(erin)
    client.post(
        reverse("feedback_create", args=["testshire", update.pk]),
        {"body": "Route 9 is quicker", "area": "Southgate", "form_token": make_token(age=10)},
    )
    feedback = update.feedback.get()
    services.moderate_feedback(actor=bob, feedback=feedback, publish=True)
    page = client.get(
        reverse("accountability", args=["testshire", public_mission(world).slug])
    ).content.decode()
    assert "<strong>Bus fan</strong>: Route 9 is quicker" in page


def test_an_idea_put_on_the_ballot_leaves_its_postcode_behind(world, erin, dana, bob, client):
    from placecraft.budgeting import services as pb
    from placecraft.budgeting.models import Project

    round = pb.create_round(
        actor=bob,
        place=world.place,
        organisation=world.council,
        data={"title": "Green budget", "budget": 50000},
    )
    idea = _erin_takes_part(world, erin, dana)
    client.force_login(bob)
    client.post(
        reverse("idea_to_project", args=["testshire", idea.pk]), {"round": round.pk, "cost": 8000}
    )
    project = Project.objects.get(round=round)
    page = client.get(
        reverse("pb_project_detail", args=["testshire", round.pk, project.pk])
    ).content.decode()
    assert project.area == "Northgate" and "Northgate" in page
    assert "WV1 2AB" not in page


def test_booking_an_event_says_names_stay_with_the_organisers(world, client):
    from placecraft.openness.tests.factories import public_event

    event = public_event(world)  # Ria has booked, with her access needs
    event_page = client.get(reverse("event_detail", args=["testshire", event.slug]))
    assert "Ria" not in event_page.content.decode()
    form = client.get(reverse("event_register", args=["testshire", event.slug])).content.decode()
    assert "not shown publicly" in form


def test_new_ideas_comments_and_feedback_never_store_a_full_name(world, erin, dana):
    idea = _erin_takes_part(world, erin, dana)
    stored = [
        *Idea.objects.filter(pk=idea.pk).values_list("author_name", flat=True),
        *Comment.objects.filter(idea=idea).order_by("pk").values_list("author_name", flat=True),
        *Feedback.objects.filter(author=erin).values_list("author_name", flat=True),
    ]
    assert stored == ["Erin from Northgate", "Erin", "Dana", "Erin from Northgate"]


def test_full_names_stored_before_display_names_are_replaced(world, erin, dana, client):
    idea = _erin_takes_part(world, erin, dana)
    # Rows written before display names kept the author's full name.
    Idea.objects.filter(pk=idea.pk).update(author_name="Erin Resident")
    Comment.objects.filter(author=erin).update(author_name="Erin Resident")
    Comment.objects.filter(author=dana).update(author_name="Dana Partner")
    Feedback.objects.filter(author=erin).update(author_name="Erin Resident")
    left = Comment.objects.create(idea=idea, author=None, author_name="A former resident", body="x")
    migration = import_module("placecraft.community.migrations.0004_author_name_display")
    migration.store_display_names(apps, None)
    assert Idea.objects.get(pk=idea.pk).author_name == "Erin from Northgate"
    assert set(Comment.objects.filter(idea=idea).values_list("author_name", flat=True)) == {
        "Erin",
        "Dana",
        "A former resident",
    }
    assert Feedback.objects.get(author=erin).author_name == "Erin from Northgate"
    assert Comment.objects.get(pk=left.pk).author_name == "A former resident"
    # Were the account deleted outright, the pages would still show only the display name.
    erin.delete()
    idea_page, accountability = _public_pages(client, world, idea)
    for page in (idea_page, accountability):
        assert "Erin Resident" not in page
    assert "Proposed by Erin from Northgate" in idea_page
