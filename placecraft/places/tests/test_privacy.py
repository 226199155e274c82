"""Each place's privacy notice (completed by the place admin, with our own wording to start
from, and retention periods read from what the purge commands do) and the cookies page, both
linked from every page's footer."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

KINDS = ("Accounts", "Ideas", "Ballots", "Panel pools", "Surveys", "Partner data")


def test_every_page_links_the_privacy_notice_and_cookies_page_in_its_footer(world, erin, client):
    place_page = client.get(reverse("place_home", args=["testshire"])).content.decode()
    footer = place_page[place_page.index("<footer") :]
    assert f'href="{reverse("privacy_notice", args=["testshire"])}"' in footer
    assert f'href="{reverse("place_cookies", args=["testshire"])}"' in footer
    client.force_login(erin)
    for url in (reverse("about"), reverse("dashboard"), reverse("account_profile")):
        page = client.get(url).content.decode()
        footer = page[page.index("<footer") :]
        assert f'href="{reverse("privacy")}"' in footer and f'href="{reverse("cookies")}"' in footer


def test_the_notice_starts_from_sensible_wording_for_every_kind_of_data(world, client):
    page = client.get(reverse("privacy_notice", args=["testshire"])).content.decode()
    for kind in KINDS:
        assert f">{kind}</h3>" in page
    assert "Lawful basis" in page and "article 6(1)(e)" in page
    assert "Your rights" in page and reverse("my_data") in page
    # Until the place admin names the controller, the page says so rather than inventing one.
    assert "has not yet named" in page


def test_retention_periods_follow_the_purge_commands(world, client):
    from placecraft.panels.models import Panel
    from placecraft.panels.tests.factories import make_panel

    make_panel(world, title="Short-kept panel", retention_days=90)
    page = client.get(reverse("privacy_notice", args=["testshire"])).content.decode()
    default = Panel._meta.get_field("retention_days").default
    assert f"{default} days" in page
    assert "Short-kept panel" in page and "90 days" in page
    assert "purge_panel_pools" in page and "purge_voting_codes" in page
    # A private panel's title does not appear on the public notice.
    make_panel(world, title="Quiet panel", visibility="private", retention_days=30)
    assert (
        "Quiet panel"
        not in client.get(reverse("privacy_notice", args=["testshire"])).content.decode()
    )


def test_only_the_place_admin_completes_the_notice(world, alice, bob, client):
    url = reverse("privacy_notice_edit", args=["testshire"])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert client.post(url, {"controller_name": "Bob's council"}).status_code == 403
    client.force_login(alice)
    form = client.get(url).content.decode()
    assert "article 6(1)(e)" in form  # the starting wording is there to edit
    response = client.post(
        url,
        {
            "controller_name": "Testshire Combined Authority",
            "controller_contact": "Data protection, 1 High Street, Testshire",
            "dpo_contact": "dpo@testshire.example",
            "accounts": "We hold your account to let you **sign in**.",
            "ideas": "",
            "ballots": "",
            "panel_pools": "",
            "surveys": "",
            "partner_data": "",
            "rights": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("privacy_notice", args=["testshire"])).content.decode()
    assert "Testshire Combined Authority" in page and "dpo@testshire.example" in page
    assert "<strong>sign in</strong>" in page and "has not yet named" not in page
    # Sections left empty keep the starting wording.
    assert "article 6(1)(e)" in page
    from placecraft.places.models import PrivacyNotice

    notice = PrivacyNotice.objects.get(place=world.place)
    assert notice.ideas == "" and notice.updated_by == alice
    # The other place's notice is untouched.
    other = client.get(reverse("privacy_notice", args=["elsewhere"])).content.decode()
    assert "Testshire Combined Authority" not in other


def test_a_notice_form_with_errors_keeps_what_was_typed(world, alice, client):
    client.force_login(alice)
    response = client.post(
        reverse("privacy_notice_edit", args=["testshire"]),
        {"controller_name": "x" * 300, "dpo_contact": "Our officer"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Our officer" in page


def test_the_site_wide_privacy_page_leads_to_each_places_notice(world, client):
    page = client.get(reverse("privacy")).content.decode()
    assert reverse("privacy_notice", args=["testshire"]) in page
    assert reverse("privacy_notice", args=["elsewhere"]) in page


def test_the_cookies_page_lists_every_cookie_the_product_sets(world, erin, client):
    # Sign in through the form, as a person does, then save something that leaves a message.
    client.get(reverse("account_login"))
    client.post(
        reverse("account_login"),
        {"login": "erin@example.org", "password": "correct horse battery"},
    )
    client.post(reverse("account_profile"), {"display_name": "Erin"}, follow=False)
    set_cookies = set(client.cookies.keys())
    assert {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} <= set_cookies
    page = client.get(reverse("place_cookies", args=["testshire"])).content.decode()
    for name in set_cookies:
        assert f"<code>{name}</code>" in page
    assert "<code>messages</code>" in page and "<code>pc_survey_" in page
    weeks = settings.SESSION_COOKIE_AGE // (7 * 24 * 3600)
    assert re.search(rf"\b{weeks} weeks\b", page)
    assert "no other cookies" in page.lower()
    site_wide = client.get(reverse("cookies")).content.decode()
    assert f"<code>{settings.SESSION_COOKIE_NAME}</code>" in site_wide


def test_councils_have_a_dpia_outline_that_matches_the_notice():
    text = (settings.BASE_DIR / "docs" / "dpia.md").read_text()
    for kind in ("Accounts", "Ideas", "Ballots", "Panel pools", "Survey answers", "Partner data"):
        assert kind in text
    assert "purge_voting_codes" in text and "purge_panel_pools" in text
    assert "/p/<place>/privacy/" in text
